//! Exposure: receivables (disputed ones included) and open orders, in the limit's currency, with
//! the rates used, the insured and uninsured parts and what security covers.

use creditdesk_core::credit::{exposure, exposure_totals, CreditError, ExposureSource, OrderState};

use crate::{
    customer, date, deposit, disputed, euros, guarantee, insurance, invoice, order, rate, AS_OF,
};

#[test]
fn disputed_invoices_and_open_orders_count_but_closed_and_invoiced_orders_do_not() {
    let file = customer("10,000.00");
    let receivables = [
        invoice("INV-1", "2024-06-15", "4,800.00 EUR"),
        disputed("INV-2", "2024-05-01", "1,200.00 EUR"),
    ];
    let orders = [
        order("SO-1", "3,000.00 EUR", OrderState::Open),
        order("SO-2", "2,000.00 EUR", OrderState::Closed),
        order("SO-3", "4,800.00 EUR", OrderState::Invoiced),
    ];

    let seen = exposure(&file, &receivables, &orders, &[], date(AS_OF)).unwrap();

    assert_eq!(
        seen.receivables,
        euros("6,000.00"),
        "the disputed 1,200.00 is still owed"
    );
    assert_eq!(seen.disputed, euros("1,200.00"));
    assert_eq!(
        seen.open_orders,
        euros("3,000.00"),
        "SO-3 is already INV-1; SO-2 is closed"
    );
    assert_eq!(seen.total, euros("9,000.00"));
    assert_eq!(seen.headroom, euros("1,000.00"));
    assert_eq!(seen.excess, euros("0.00"));
    assert_eq!(seen.lines.len(), 3);
    assert!(
        seen.rates_used.is_empty(),
        "nothing was in another currency"
    );
}

#[test]
fn amounts_in_two_other_currencies_convert_at_the_latest_rate_and_round_half_away_from_zero() {
    let file = customer("10,000.00");
    let receivables = [
        invoice("INV-1", "2024-07-10", "5,000.00 EUR"),
        invoice("US-7", "2024-07-15", "2,000.00 USD"),
    ];
    let orders = [order("SO-9", "123,450 JPY", OrderState::Open)];
    let rates = [
        rate("USD", "EUR", "2024-06-01", "0.9100"),
        rate("USD", "EUR", "2024-06-28", "0.9235"),
        // Published after the as-of date: not known on it.
        rate("USD", "EUR", "2024-07-01", "0.9500"),
        rate("JPY", "EUR", "2024-06-30", "0.0061"),
        // The pair the other way round is never inverted.
        rate("EUR", "USD", "2024-06-30", "1.0800"),
    ];

    let seen = exposure(&file, &receivables, &orders, &rates, date(AS_OF)).unwrap();

    let converted: Vec<(String, String)> = seen
        .lines
        .iter()
        .map(|l| (l.original.to_string(), l.converted.to_string()))
        .collect();
    assert_eq!(
        converted,
        [
            ("5000.00 EUR".to_string(), "5000.00 EUR".to_string()),
            // 2,000.00 x 0.9235 = 1,847.00.
            ("2000.00 USD".to_string(), "1847.00 EUR".to_string()),
            // 123,450 x 0.0061 = 753.045: half away from zero gives 753.05 (half-even 753.04).
            ("123450 JPY".to_string(), "753.05 EUR".to_string()),
        ]
    );
    assert_eq!(seen.total, euros("7,600.05"));
    assert_eq!(seen.headroom, euros("2,399.95"));
    assert_eq!(
        seen.rates_used,
        [
            rate("JPY", "EUR", "2024-06-30", "0.0061"),
            rate("USD", "EUR", "2024-06-28", "0.9235"),
        ],
        "each rate used is shown with its date, a rate of the as-of date itself included"
    );
}

#[test]
fn a_missing_rate_is_an_error_naming_the_pair_and_the_date() {
    let file = customer("10,000.00");
    let receivables = [invoice("US-7", "2024-07-15", "2,000.00 USD")];
    let only_later = [rate("USD", "EUR", "2024-07-01", "0.95")];

    let err = exposure(&file, &receivables, &[], &only_later, date(AS_OF)).unwrap_err();

    assert_eq!(
        err,
        CreditError::MissingRate {
            from: crate::currency("USD"),
            to: crate::currency("EUR"),
            on: date(AS_OF),
        }
    );
    assert_eq!(
        err.to_string(),
        "No exchange rate from USD to EUR dated on or before 2024-06-30 was given; enter the rate \
         (units of EUR for 1 USD) and try again."
    );
    assert_eq!(err.code(), "missing_rate");
}

#[test]
fn a_rate_of_zero_is_refused_rather_than_used() {
    let file = customer("10,000.00");
    let receivables = [invoice("US-7", "2024-07-15", "2,000.00 USD")];
    let zero = [rate("USD", "EUR", "2024-06-28", "0")];

    let err = exposure(&file, &receivables, &[], &zero, date(AS_OF)).unwrap_err();

    assert_eq!(
        err.to_string(),
        "The exchange rate from USD to EUR of 2024-06-28 is 0, which is not accepted; give a rate \
         above zero."
    );
}

#[test]
fn exposure_over_the_limit_shows_the_excess_and_no_headroom() {
    let file = customer("10,000.00");
    let receivables = [invoice("INV-1", "2024-07-10", "10,000.01 EUR")];

    let seen = exposure(&file, &receivables, &[], &[], date(AS_OF)).unwrap();

    assert_eq!(seen.excess, euros("0.01"));
    assert_eq!(seen.headroom, euros("0.00"));
}

#[test]
fn the_uninsured_part_is_what_lies_above_an_insured_limit_valid_on_the_date() {
    let receivables = [invoice("INV-1", "2024-07-10", "9,000.00 EUR")];
    let mut file = customer("10,000.00");

    file.insurance = Some(insurance("8,000.00", AS_OF));
    let valid_to_the_day = exposure(&file, &receivables, &[], &[], date(AS_OF)).unwrap();
    assert_eq!(valid_to_the_day.insured_limit, Some(euros("8,000.00")));
    assert_eq!(valid_to_the_day.uninsured, euros("1,000.00"));

    file.insurance = Some(insurance("8,000.00", "2024-06-29"));
    let lapsed = exposure(&file, &receivables, &[], &[], date(AS_OF)).unwrap();
    assert_eq!(lapsed.insured_limit, None);
    assert_eq!(
        lapsed.uninsured,
        euros("9,000.00"),
        "without cover all of it is uninsured"
    );

    file.insurance = Some(insurance("12,000.00", "2024-12-31"));
    let within = exposure(&file, &receivables, &[], &[], date(AS_OF)).unwrap();
    assert_eq!(within.uninsured, euros("0.00"));
}

#[test]
fn security_covers_what_is_valid_on_the_date_converted_to_the_limit_currency() {
    let mut file = customer("10,000.00");
    file.security = vec![
        deposit("2,000.00 EUR"),
        // Expires on the as-of date: still covers on it. 3,000.00 x 0.9235 = 2,770.50.
        guarantee("3,000.00 USD", AS_OF),
        guarantee("5,000.00 EUR", "2024-06-29"),
    ];
    let rates = [rate("USD", "EUR", "2024-06-28", "0.9235")];

    let seen = exposure(&file, &[], &[], &rates, date(AS_OF)).unwrap();

    assert_eq!(seen.security_cover, euros("4,770.50"));
    assert_eq!(seen.rates_used, [rates[0]]);
    assert_eq!(seen.total, euros("0.00"));
}

#[test]
fn every_line_says_where_it_comes_from() {
    let file = customer("10,000.00");
    let receivables = [disputed("INV-2", "2024-05-01", "1,200.00 EUR")];
    let orders = [order("SO-1", "3,000.00 EUR", OrderState::Open)];

    let seen = exposure(&file, &receivables, &orders, &[], date(AS_OF)).unwrap();

    assert_eq!(
        seen.lines[0].source,
        ExposureSource::Receivable {
            invoice_number: "INV-2".to_string(),
            due_date: date("2024-05-01"),
            disputed: true,
        }
    );
    assert_eq!(
        seen.lines[1].source,
        ExposureSource::Order {
            reference: "SO-1".to_string()
        }
    );
}

#[test]
fn an_invoice_given_instalment_by_instalment_is_converted_and_rounded_once() {
    // INV-9 of 0.02 USD falls due in two instalments of 0.01. At 0.50 EUR a dollar, converting
    // each instalment would give 0.005 -> 0.01 twice, 0.02 EUR; the invoice as a whole is
    // 0.01 EUR, whichever way its open amount is handed over.
    let file = customer("10,000.00");
    let rates = [rate("USD", "EUR", "2024-01-01", "0.50")];
    let instalments = [
        invoice("INV-9", "2024-07-31", "0.01 USD"),
        invoice("INV-9", "2024-06-30", "0.01 USD"),
    ];
    let whole = [invoice("INV-9", "2024-06-30", "0.02 USD")];

    let split = exposure(&file, &instalments, &[], &rates, date(AS_OF)).unwrap();
    let merged = exposure(&file, &whole, &[], &rates, date(AS_OF)).unwrap();

    assert_eq!(split.receivables, euros("0.01"));
    assert_eq!(
        split.lines, merged.lines,
        "one line, due on the earlier date"
    );
    let totals = exposure_totals(
        &file.profile,
        &[],
        None,
        &instalments,
        &[],
        &rates,
        date(AS_OF),
    )
    .unwrap();
    assert_eq!(totals, (&split).into());
}
