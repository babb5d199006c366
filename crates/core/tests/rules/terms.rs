//! Payment terms: reading, canonical text, refusals, due rules and frozen schedules.

use chrono::NaiveDate;
use creditdesk_core::ledger::DiscountOffer;
use creditdesk_core::terms::{
    settlement_discount, single_due_date, DepositRule, DueRule, EarlyDiscount, InstalmentRule,
    Interval, PaymentTerms, TermsError,
};
use creditdesk_core::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::{date, eur, euros};

fn canonical(text: &str) -> String {
    PaymentTerms::parse(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .to_string()
}

fn parse_error(text: &str) -> String {
    PaymentTerms::parse(text).unwrap_err().to_string()
}

fn due(terms: &str, invoice: &str) -> NaiveDate {
    PaymentTerms::parse(terms)
        .unwrap()
        .due_date(date(invoice))
        .unwrap()
}

fn schedule(terms: &str, invoice: &str, total: &str) -> Vec<(String, String)> {
    let frozen = PaymentTerms::parse(terms)
        .unwrap()
        .freeze(date(invoice), euros(total))
        .unwrap();
    frozen
        .instalments
        .iter()
        .map(|i| (i.due_date.to_string(), i.amount.amount().to_string()))
        .collect()
}

fn rows(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(d, a)| (d.to_string(), a.to_string()))
        .collect()
}

#[test]
fn common_spellings_read_as_their_canonical_terms() {
    let table = [
        ("net 30", "net 30"),
        ("Net 30", "net 30"),
        ("NET30", "net 30"),
        ("  net   30  days ", "net 30"),
        ("n/30", "net 30"),
        ("30 days", "net 30"),
        ("Due on receipt", "net 0"),
        ("EOM", "eom +0 months"),
        ("Net EOM", "eom +0 months"),
        ("eom+1 month", "eom +1 month"),
        ("EOM + 2 months", "eom +2 months"),
        ("end of month 1 month", "eom +1 month"),
        ("30 days eom", "30 days eom"),
        ("30 Days End Of Month", "30 days eom"),
        ("1 day eom", "1 day eom"),
        ("eom 30 days", "eom 30 days"),
        ("eom 1 day", "eom 1 day"),
        ("30 days EOM day 10", "30 days eom day 10"),
        ("fixed 10-30", "fixed 10-30"),
        ("Fixed 2-5", "fixed 02-05"),
        ("2/10 Net 30", "2/10 net 30"),
        ("2/10, net 30", "2/10 net 30"),
        ("1.50/10 net 30", "1.5/10 net 30"),
        (
            "net 90 in 3 parts every 1 month",
            "net 90 in 3 parts every 1 month",
        ),
        (
            "net 0 in 4 parts every 14 days",
            "net 0 in 4 parts every 14 days",
        ),
        (
            "net 0 in 1 parts every 1 days",
            "net 0 in 1 part every 1 day",
        ),
        ("deposit 30% 0 days, net 30", "deposit 30% 0 days, net 30"),
        ("net 30, deposit 30% 0 days", "deposit 30% 0 days, net 30"),
        (
            "Deposit 30 %, 2/10 net 30 in 2 parts every 1 month",
            "deposit 30% 0 days, 2/10 net 30 in 2 parts every 1 month",
        ),
    ];
    for (text, expected) in table {
        assert_eq!(canonical(text), expected, "reading {text:?}");
    }
}

#[test]
fn text_that_is_no_payment_term_is_refused_with_the_accepted_forms() {
    let expected = "\"pay whenever\" is not a payment term. Use one of the forms net 30, eom +1 \
                    month, 30 days eom, eom 30 days, 30 days eom day 10 or fixed 10-30, optionally \
                    preceded by a deposit such as \"deposit 30% 0 days,\" and an early-payment \
                    discount such as \"2/10\", and optionally followed by instalments such as \"in \
                    3 parts every 1 month\".";
    assert_eq!(parse_error("pay whenever"), expected);

    // Each of these is close to a term but incomplete or malformed, so it is refused the same way.
    for text in [
        "",
        "net",
        "net thirty",
        "2/10",
        "net -30",
        "net 1.5",
        "net 30 in 3 parts",
        "net 30,",
        "30 days eom day",
        "eom +",
        "fixed 10/30",
        "net 30 €",
        "deposit 30% 0 days, deposit 10%, net 30",
    ] {
        let err = PaymentTerms::parse(text).unwrap_err().to_string();
        let refused = TermsError::Unparsable(text.trim().to_string()).to_string();
        assert_eq!(err, refused, "reading {text:?}");
    }
}

#[test]
fn nonsense_values_are_refused_naming_the_value() {
    let table = [
        (
            "net 30 in 0 parts every 1 month",
            "The instalment count 0 in the payment terms \"net 30 in 0 parts every 1 month\" is \
             not accepted; give from 1 to 360 parts.",
        ),
        (
            "100/10 net 30",
            "The early-payment discount percentage 100% in the payment terms \"100/10 net 30\" is \
             not accepted; give a percentage above 0 and below 100, such as 2 or 1.5.",
        ),
        (
            "0/10 net 30",
            "The early-payment discount percentage 0% in the payment terms \"0/10 net 30\" is not \
             accepted; give a percentage above 0 and below 100, such as 2 or 1.5.",
        ),
        (
            "deposit 120% 0 days, net 30",
            "The deposit percentage 120% in the payment terms \"deposit 120% 0 days, net 30\" is \
             not accepted; give a percentage above 0 and below 100, such as 2 or 1.5.",
        ),
        (
            "30 days eom day 32",
            "The day of month 32 in the payment terms \"30 days eom day 32\" is not accepted; give \
             a day from 1 to 31.",
        ),
        (
            "30 days eom day 0",
            "The day of month 0 in the payment terms \"30 days eom day 0\" is not accepted; give a \
             day from 1 to 31.",
        ),
        (
            "fixed 13-01",
            "The month 13 in the payment terms \"fixed 13-01\" is not accepted; give a month from \
             01 to 12.",
        ),
        (
            "fixed 04-31",
            "The fixed date 04-31 in the payment terms \"fixed 04-31\" is not accepted; give a \
             month and day that exist, such as 10-30 (02-29 is accepted and means 02-28 in years \
             without it).",
        ),
        (
            "net 4000",
            "The number of days 4000 in the payment terms \"net 4000\" is not accepted; give from \
             0 to 3650 days.",
        ),
        (
            "net 99999999999",
            "The number of days 99999999999 in the payment terms \"net 99999999999\" is not \
             accepted; give from 0 to 3650 days.",
        ),
        (
            "eom +121 months",
            "The number of months 121 in the payment terms \"eom +121 months\" is not accepted; \
             give from 0 to 120 months.",
        ),
        (
            "net 30 in 3 parts every 0 days",
            "The instalment interval 0 in the payment terms \"net 30 in 3 parts every 0 days\" is \
             not accepted; give from 1 to 3650 days or from 1 to 120 months.",
        ),
    ];
    for (text, expected) in table {
        assert_eq!(parse_error(text), expected, "reading {text:?}");
    }
}

#[test]
fn terms_built_by_hand_are_checked_again_when_frozen() {
    let terms = PaymentTerms {
        instalments: Some(InstalmentRule {
            count: 0,
            interval: Interval::Months(1),
        }),
        ..PaymentTerms::net(30)
    };
    let err = terms
        .freeze(date("2024-01-01"), euros("100.00"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The instalment count 0 in the payment terms \"net 30 in 0 parts every 1 month\" is not \
         accepted; give from 1 to 360 parts."
    );
}

#[test]
fn a_total_finer_than_the_minor_unit_cannot_be_scheduled() {
    let total = Money::new("1000.005".parse().unwrap(), eur());
    let err = PaymentTerms::net(30)
        .freeze(date("2024-01-01"), total)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "1000.005 EUR has more decimals than the 2 that EUR allows."
    );
}

#[test]
fn a_due_date_beyond_the_calendar_is_an_error_not_a_crash() {
    let err = PaymentTerms::net(30).due_date(NaiveDate::MAX).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The payment terms \"net 30\" give a due date beyond the supported calendar for an invoice \
         dated +262142-12-31; check the invoice date."
    );
}

#[test]
fn each_due_rule_counts_from_the_invoice_date_as_documented() {
    let table = [
        ("net 30", "2024-01-31", "2024-03-01"),
        ("net 0", "2024-01-31", "2024-01-31"),
        ("eom +0 months", "2024-02-10", "2024-02-29"),
        ("eom +1 month", "2024-12-15", "2025-01-31"),
        ("eom +13 months", "2023-01-31", "2024-02-29"),
        // + 30 days reaches 02-14, whose month ends on the 29th.
        ("30 days eom", "2024-01-15", "2024-02-29"),
        // + 30 days crosses into March.
        ("30 days eom", "2024-01-31", "2024-03-31"),
        // End of January, then 30 days: 2024 has 29 February, 2023 does not.
        ("eom 30 days", "2024-01-15", "2024-03-01"),
        ("eom 30 days", "2023-01-15", "2023-03-02"),
        // Day 31 of February is clamped to its last day.
        ("0 days eom day 31", "2024-01-10", "2024-02-29"),
        ("0 days eom day 31", "2023-01-10", "2023-02-28"),
        ("30 days eom day 10", "2024-11-20", "2025-01-10"),
        // The next 30 October on or after the invoice date.
        ("fixed 10-30", "2024-05-01", "2024-10-30"),
        ("fixed 10-30", "2024-10-30", "2024-10-30"),
        ("fixed 10-30", "2024-10-31", "2025-10-30"),
        // 02-29 falls on 02-28 in years without it.
        ("fixed 02-29", "2023-01-10", "2023-02-28"),
        ("fixed 02-29", "2023-03-01", "2024-02-29"),
        ("fixed 02-29", "2024-02-29", "2024-02-29"),
        ("fixed 02-29", "2024-03-01", "2025-02-28"),
    ];
    for (terms, invoice, expected) in table {
        assert_eq!(
            due(terms, invoice),
            date(expected),
            "{terms} from {invoice}"
        );
    }
}

#[test]
fn monthly_instalments_are_counted_from_the_first_due_date_never_chained() {
    // From 31 January: one month later is the end of February, two months later is 31 March
    // (chaining would give 29 March).
    let expected = [
        ("2024-01-31", "333.33"),
        ("2024-02-29", "333.33"),
        ("2024-03-31", "333.34"),
    ];
    assert_eq!(
        schedule("net 0 in 3 parts every 1 month", "2024-01-31", "1,000.00"),
        rows(&expected)
    );
    let expected = [
        ("2023-01-31", "333.33"),
        ("2023-02-28", "333.33"),
        ("2023-03-31", "333.34"),
    ];
    assert_eq!(
        schedule("net 0 in 3 parts every 1 month", "2023-01-31", "1,000.00"),
        rows(&expected)
    );
}

#[test]
fn instalments_every_few_days_start_at_the_due_rule_date() {
    let expected = [
        ("2024-03-11", "25.00"),
        ("2024-03-25", "25.00"),
        ("2024-04-08", "25.00"),
        ("2024-04-22", "25.00"),
    ];
    assert_eq!(
        schedule("net 10 in 4 parts every 14 days", "2024-03-01", "100.00"),
        rows(&expected)
    );
}

#[test]
fn instalments_after_an_end_of_month_rule_fall_on_each_months_end() {
    // The first part is due on 29 February, the end of that month; the terms say "end of
    // month", so the later parts fall on the ends of March and April, not on the 29th.
    let expected = [
        ("2024-02-29", "100.00"),
        ("2024-03-31", "100.00"),
        ("2024-04-30", "100.00"),
    ];
    assert_eq!(
        schedule(
            "eom +1 month in 3 parts every 1 month",
            "2024-01-10",
            "300.00"
        ),
        rows(&expected)
    );
}

#[test]
fn a_deposit_is_the_first_instalment_and_the_rest_follows_the_due_rule() {
    // 30% of 1,000.01 is 300.003, rounded to 300.00; the remaining 700.01 is split 350.00 + 350.01.
    let frozen = PaymentTerms::parse("deposit 30% 0 days, net 30 in 2 parts every 1 month")
        .unwrap()
        .freeze(date("2024-01-15"), euros("1,000.01"))
        .unwrap();
    let seqs: Vec<u32> = frozen.instalments.iter().map(|i| i.seq).collect();
    assert_eq!(seqs, vec![1, 2, 3]);
    let got: Vec<(String, String)> = frozen
        .instalments
        .iter()
        .map(|i| (i.due_date.to_string(), i.amount.amount().to_string()))
        .collect();
    let expected = [
        ("2024-01-15", "300.00"),
        ("2024-02-14", "350.00"),
        ("2024-03-14", "350.01"),
    ];
    assert_eq!(got, rows(&expected));
    assert_eq!(
        frozen.text,
        "deposit 30% 0 days, net 30 in 2 parts every 1 month"
    );
}

#[test]
fn a_deposit_share_rounds_half_away_from_zero() {
    // 30% of 0.05 is 0.015: the deposit is 0.02 and 0.03 remains.
    let expected = [("2024-01-22", "0.02"), ("2024-02-14", "0.03")];
    assert_eq!(
        schedule("deposit 30% 7 days, net 30", "2024-01-15", "0.05"),
        rows(&expected)
    );
}

#[test]
fn the_discount_offer_is_fixed_in_money_and_date_at_posting() {
    // 1.5% of 333.33 is 4.99995, rounded half away from zero to 5.00.
    let frozen = PaymentTerms::parse("1.5/10 net 30")
        .unwrap()
        .freeze(date("2024-03-01"), euros("333.33"))
        .unwrap();
    let offer = frozen.discount.unwrap();
    assert_eq!(offer.until, date("2024-03-11"));
    assert_eq!(offer.amount, euros("5.00"));
    assert_eq!(offer.percent, "1.5".parse::<Decimal>().unwrap());
    assert_eq!(frozen.instalments.len(), 1);
    assert_eq!(frozen.instalments[0].due_date, date("2024-03-31"));
}

#[test]
fn a_due_date_from_the_source_system_makes_one_instalment_and_keeps_its_text() {
    let frozen = single_due_date(" Zahlbar bis 30.04. ", date("2024-04-30"), euros("89.90"));
    assert_eq!(frozen.text, "Zahlbar bis 30.04.");
    assert_eq!(frozen.instalments.len(), 1);
    assert_eq!(frozen.instalments[0].seq, 1);
    assert_eq!(frozen.instalments[0].due_date, date("2024-04-30"));
    assert_eq!(frozen.instalments[0].amount, euros("89.90"));
    assert_eq!(frozen.discount, None);
}

#[test]
fn a_discount_is_granted_only_for_a_timely_payment_that_leaves_at_most_the_offer_open() {
    let offer = DiscountOffer {
        percent: Decimal::TWO,
        until: date("2024-03-11"),
        amount: euros("20.00"),
    };
    let usd = Currency::from_code("USD").unwrap();
    let grant = |on: &str, paid: Money, open: &str| {
        settlement_discount(&offer, date(on), paid, euros(open))
    };

    // A payment short of the offer gets the shortfall as its discount.
    assert_eq!(
        grant("2024-03-05", euros("990.00"), "1,000.00"),
        Some(euros("10.00"))
    );
    // Paid in full: nothing to discount.
    assert_eq!(grant("2024-03-05", euros("1,000.00"), "1,000.00"), None);
    // Short by more than the offer: no discount, the whole shortfall stays open.
    assert_eq!(grant("2024-03-05", euros("970.00"), "1,000.00"), None);
    // No payment, a refund, or another currency never earns a discount.
    assert_eq!(grant("2024-03-05", euros("0.00"), "20.00"), None);
    assert_eq!(grant("2024-03-05", euros("-5.00"), "20.00"), None);
    let dollars = Money::new("980.00".parse().unwrap(), usd);
    assert_eq!(grant("2024-03-05", dollars, "1,000.00"), None);
}

fn percent() -> impl Strategy<Value = Decimal> {
    // Between 0.01 and 99.99 with up to two decimals.
    (1i64..10_000).prop_map(|hundredths| Decimal::new(hundredths, 2))
}

fn due_rule() -> impl Strategy<Value = DueRule> {
    prop_oneof![
        (0u32..=3650).prop_map(|days| DueRule::Net { days }),
        (0u32..=120).prop_map(|months| DueRule::EndOfMonthPlusMonths { months }),
        (0u32..=3650).prop_map(|days| DueRule::DaysThenEndOfMonth { days }),
        (0u32..=3650).prop_map(|days| DueRule::EndOfMonthThenDays { days }),
        (0u32..=3650, 1u32..=31)
            .prop_map(|(days, day)| DueRule::DaysEndOfMonthThenDay { days, day }),
        (1u32..=12, 1u32..=31)
            .prop_filter("the day exists", |(m, d)| NaiveDate::from_ymd_opt(
                2000, *m, *d
            )
            .is_some())
            .prop_map(|(month, day)| DueRule::FixedDate { month, day }),
    ]
}

fn payment_terms() -> impl Strategy<Value = PaymentTerms> {
    let discount = proptest::option::of((percent(), 0u32..=3650))
        .prop_map(|d| d.map(|(percent, days)| EarlyDiscount { percent, days }));
    let interval = prop_oneof![
        (1u32..=3650).prop_map(Interval::Days),
        (1u32..=120).prop_map(Interval::Months)
    ];
    let instalments = proptest::option::of((1u32..=360, interval))
        .prop_map(|i| i.map(|(count, interval)| InstalmentRule { count, interval }));
    let deposit = proptest::option::of((percent(), 0u32..=3650))
        .prop_map(|d| d.map(|(percent, days)| DepositRule { percent, days }));
    (due_rule(), discount, instalments, deposit).prop_map(
        |(due, discount, instalments, deposit)| PaymentTerms {
            due,
            discount,
            instalments,
            deposit,
        },
    )
}

fn invoice_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..40_000).prop_map(|n| date("1990-01-01") + chrono::Days::new(n))
}

proptest! {
    #[test]
    fn the_canonical_text_reads_back_as_the_same_terms(terms in payment_terms()) {
        let text = terms.to_string();
        prop_assert_eq!(PaymentTerms::parse(&text).unwrap(), terms.clone());
        prop_assert_eq!(PaymentTerms::parse(&text.to_uppercase()).unwrap(), terms);
    }

    #[test]
    fn a_frozen_schedule_adds_up_to_the_total_in_numbered_dated_parts(
        terms in payment_terms(),
        invoice in invoice_date(),
        cents in -10_000_000i64..10_000_000,
    ) {
        let total = Money::from_minor(cents, eur());
        let frozen = terms.freeze(invoice, total).unwrap();
        let sum = frozen
            .instalments
            .iter()
            .try_fold(Money::zero(eur()), |s, i| s.checked_add(i.amount))
            .unwrap();
        prop_assert_eq!(sum, total);

        let expected_count = terms.instalments.as_ref().map_or(1, |r| r.count as usize)
            + usize::from(terms.deposit.is_some());
        prop_assert_eq!(frozen.instalments.len(), expected_count);
        for (i, instalment) in frozen.instalments.iter().enumerate() {
            prop_assert_eq!(instalment.seq as usize, i + 1);
            prop_assert!(instalment.due_date >= invoice);
        }

        let parts = &frozen.instalments[usize::from(terms.deposit.is_some())..];
        prop_assert_eq!(parts[0].due_date, terms.due_date(invoice).unwrap());
        prop_assert!(parts.windows(2).all(|w| w[0].due_date < w[1].due_date));
        prop_assert_eq!(frozen.text, terms.to_string());
    }
}
