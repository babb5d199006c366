//! Late-payment interest worked by hand, the shipped and the user's rate tables, and fixed
//! compensation.

use chrono::Days;
use creditdesk_core::interest::{
    accrue, fixed_compensation, AgreedRate, CompensationRule, DayCount, Debt, InterestRule,
    InterestTerms, RateSource, RateTable, RateTables, RateUnit, Reduction,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::{date, euros, money, yearly};

fn debt(principal: &str, due: &str) -> Debt {
    Debt {
        principal: money(principal),
        due_date: date(due),
        reductions: Vec::new(),
    }
}

fn terms(rule: InterestRule) -> InterestTerms {
    InterestTerms {
        rule,
        day_count: DayCount::Actual365,
    }
}

fn eu() -> InterestTerms {
    terms(InterestRule::EuDirective {
        margin_points: Decimal::from(8),
    })
}

#[test]
fn an_eu_debt_across_an_ecb_half_year_takes_each_half_years_rate() {
    // 10,000.00 EUR due 2023-05-31, claimed through 2023-08-31. ECB reference 2.50 for the first
    // half of 2023 and 4.00 for the second, plus 8 points:
    //   2023-06-01..06-30, 30 days at 10.50 %: 10,000 x 10.50 x 30 / 36,500 =  86.3014
    //   2023-07-01..08-31, 62 days at 12.00 %: 10,000 x 12.00 x 62 / 36,500 = 203.8356
    //   290.1370 -> 290.14
    let breakdown = accrue(
        &debt("10,000.00 EUR", "2023-05-31"),
        &eu(),
        &RateTables::shipped(),
        date("2023-08-31"),
    )
    .unwrap();
    let lines: Vec<(String, String, i64, String)> = breakdown
        .periods
        .iter()
        .map(|p| {
            (
                p.from.to_string(),
                p.to.to_string(),
                p.days,
                p.percent.to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("2023-06-01".into(), "2023-06-30".into(), 30, "10.50".into()),
            ("2023-07-01".into(), "2023-08-31".into(), 62, "12.00".into()),
        ]
    );
    assert_eq!((breakdown.days, breakdown.interest), (92, euros("290.14")));
}

#[test]
fn a_uk_debt_keeps_the_rate_of_the_half_year_its_interest_started_for_life() {
    // 5,000.00 GBP due 2023-06-20: interest starts 2023-06-21, in the first half of 2023, whose
    // reference is Bank Rate on 2022-12-31, 3.5 %; plus 8 = 11.5 % for the whole debt, although
    // Bank Rate was 5 % and 5.25 % on the later reference dates. Through 2024-01-31: 225 days.
    //   5,000 x 11.5 x 225 / 36,500 = 354.4521 -> 354.45
    let uk = terms(InterestRule::UkLatePayment);
    let breakdown = accrue(
        &debt("5,000.00 GBP", "2023-06-20"),
        &uk,
        &RateTables::shipped(),
        date("2024-01-31"),
    )
    .unwrap();
    assert_eq!(
        breakdown.periods.len(),
        1,
        "one rate for the life of the debt"
    );
    assert_eq!(
        breakdown.periods[0].percent,
        "11.5".parse::<Decimal>().unwrap()
    );
    assert_eq!(
        (breakdown.days, breakdown.interest),
        (225, money("354.45 GBP"))
    );
    // The debt is between 1,000 and 9,999.99: GBP 70.
    assert_eq!(
        fixed_compensation(CompensationRule::UkLatePayment, money("5,000.00 GBP")),
        Ok(money("70.00 GBP"))
    );
}

#[test]
fn a_german_business_debt_across_a_base_rate_change() {
    // 2,000.00 EUR due 2023-06-15, through 2023-07-15. Basiszinssatz 1.62 then 3.12, plus 9:
    //   06-16..06-30, 15 days at 10.62 %: 2,000 x 10.62 x 15 / 36,500 = 8.7288
    //   07-01..07-15, 15 days at 12.12 %: 2,000 x 12.12 x 15 / 36,500 = 9.9616
    //   18.6904 -> 18.69
    let de = terms(InterestRule::GermanyBgb288 { consumer: false });
    let breakdown = accrue(
        &debt("2,000.00 EUR", "2023-06-15"),
        &de,
        &RateTables::shipped(),
        date("2023-07-15"),
    )
    .unwrap();
    let rates: Vec<String> = breakdown
        .periods
        .iter()
        .map(|p| p.percent.to_string())
        .collect();
    assert_eq!(rates, vec!["10.62", "12.12"]);
    assert_eq!(breakdown.interest, euros("18.69"));
}

#[test]
fn an_eu_debt_with_a_partial_payment_is_split_at_the_payment_and_at_the_half_year() {
    // 3,000.00 EUR due 2024-06-20, 1,000.00 paid on 2024-07-10, through 2024-07-31.
    // ECB reference 4.50 (first half of 2024) and 4.25 (second), plus 8:
    //   06-21..06-30, 10 days, 3,000 at 12.50 %: 3,000 x 12.50 x 10 / 36,500 = 10.2740
    //   07-01..07-10, 10 days, 3,000 at 12.25 %: 3,000 x 12.25 x 10 / 36,500 = 10.0685
    //   07-11..07-31, 21 days, 2,000 at 12.25 %: 2,000 x 12.25 x 21 / 36,500 = 14.0959
    //   34.4384 -> 34.44
    let mut owed = debt("3,000.00 EUR", "2024-06-20");
    owed.reductions = vec![Reduction {
        date: date("2024-07-10"),
        amount: euros("1,000.00"),
    }];
    let breakdown = accrue(&owed, &eu(), &RateTables::shipped(), date("2024-07-31")).unwrap();
    let lines: Vec<(i64, String, String)> = breakdown
        .periods
        .iter()
        .map(|p| (p.days, p.balance.to_string(), p.percent.to_string()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (10, "3000.00 EUR".into(), "12.50".into()),
            (10, "3000.00 EUR".into(), "12.25".into()),
            (21, "2000.00 EUR".into(), "12.25".into()),
        ]
    );
    assert_eq!(breakdown.interest, euros("34.44"));
}

#[test]
fn a_payment_taken_back_by_a_refund_bears_interest_again_from_the_day_after_the_refund() {
    // 2,000.00 EUR due 2024-07-01, paid in full on 2024-07-11, the payment refunded (a bounced
    // transfer) on 2024-07-21, through 2024-07-31; ECB 4.25 plus 8 = 12.25 %:
    //   07-02..07-11, 10 days, 2,000 at 12.25 %: 2,000 x 12.25 x 10 / 36,500 = 6.7123
    //   07-12..07-21, nothing owed
    //   07-22..07-31, 10 days, 2,000 at 12.25 %: 6.7123
    //   13.4247 -> 13.42
    let mut owed = debt("2,000.00 EUR", "2024-07-01");
    owed.reductions = vec![
        Reduction {
            date: date("2024-07-21"),
            amount: euros("-2,000.00"),
        },
        Reduction {
            date: date("2024-07-11"),
            amount: euros("2,000.00"),
        },
    ];
    let breakdown = accrue(&owed, &eu(), &RateTables::shipped(), date("2024-07-31")).unwrap();
    let lines: Vec<(String, i64, String)> = breakdown
        .periods
        .iter()
        .map(|p| {
            (
                format!("{}..{}", p.from, p.to),
                p.days,
                p.balance.to_string(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("2024-07-02..2024-07-11".into(), 10, "2000.00 EUR".into()),
            ("2024-07-22..2024-07-31".into(), 10, "2000.00 EUR".into()),
        ]
    );
    assert_eq!((breakdown.days, breakdown.interest), (20, euros("13.42")));
}

#[test]
fn half_a_permille_a_day_for_45_days() {
    // Chinese contract, nothing agreed: 0.05 % a day. 100,000.00 CNY x 0.0005 x 45 = 2,250.00.
    let china = terms(InterestRule::ChinaSme {
        agreed: None,
        contract_date: date("2024-01-10"),
    });
    let breakdown = accrue(
        &debt("100,000.00 CNY", "2024-05-31"),
        &china,
        &RateTables::shipped(),
        date("2024-07-15"),
    )
    .unwrap();
    assert_eq!(breakdown.periods[0].unit, RateUnit::Day);
    assert_eq!(
        (breakdown.days, breakdown.interest),
        (45, money("2,250.00 CNY"))
    );

    // The same daily rate agreed in a contract gives the same figure.
    let daily = terms(InterestRule::Contract {
        rate: AgreedRate::Day {
            percent: "0.05".parse().unwrap(),
        },
    });
    let same = accrue(
        &debt("100,000.00 CNY", "2024-05-31"),
        &daily,
        &RateTables::shipped(),
        date("2024-07-15"),
    )
    .unwrap();
    assert_eq!(same.interest, money("2,250.00 CNY"));
}

#[test]
fn an_agreed_chinese_rate_below_the_lpr_is_raised_to_it() {
    // Agreed 3 % a year on a contract of 2024-03-01, when the one-year LPR was 3.45 %: 3.45 %.
    // 10,000.00 CNY for 30 days: 10,000 x 3.45 x 30 / 36,500 = 28.3562 -> 28.36.
    let china = terms(InterestRule::ChinaSme {
        agreed: Some(AgreedRate::Year {
            percent: Decimal::from(3),
        }),
        contract_date: date("2024-03-01"),
    });
    let breakdown = accrue(
        &debt("10,000.00 CNY", "2024-06-30"),
        &china,
        &RateTables::shipped(),
        date("2024-07-30"),
    )
    .unwrap();
    assert_eq!(
        breakdown.periods[0].percent,
        "3.45".parse::<Decimal>().unwrap()
    );
    assert_eq!(breakdown.interest, money("28.36 CNY"));
}

#[test]
fn actual_360_counts_the_same_days_against_a_shorter_year() {
    // 1,000.00 EUR at 8 % for 31 days: 1,000 x 8 x 31 / 36,000 = 6.8889 -> 6.89 (6.79 on 365).
    let mut terms = yearly("8");
    terms.day_count = DayCount::Actual360;
    let breakdown = accrue(
        &debt("1,000.00 EUR", "2025-02-28"),
        &terms,
        &RateTables::shipped(),
        date("2025-03-31"),
    )
    .unwrap();
    assert_eq!(breakdown.interest, euros("6.89"));
}

#[test]
fn compensation_by_size_of_debt() {
    let uk = |debt: &str| fixed_compensation(CompensationRule::UkLatePayment, money(debt));
    assert_eq!(uk("999.99 GBP"), Ok(money("40.00 GBP")));
    assert_eq!(uk("1,000.00 GBP"), Ok(money("70.00 GBP")));
    assert_eq!(uk("9,999.99 GBP"), Ok(money("70.00 GBP")));
    assert_eq!(uk("10,000.00 GBP"), Ok(money("100.00 GBP")));
    assert_eq!(
        fixed_compensation(CompensationRule::EuDirective, euros("12.00")),
        Ok(euros("40.00"))
    );
    assert_eq!(
        fixed_compensation(CompensationRule::GermanyBgb288, euros("250,000.00")),
        Ok(euros("40.00"))
    );
}

#[test]
fn a_day_past_the_table_is_refused_rather_than_guessed() {
    let err = accrue(
        &debt("1,000.00 EUR", "2026-06-20"),
        &eu(),
        &RateTables::shipped(),
        date("2026-07-10"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "rate_unknown");
}

#[test]
fn every_shipped_table_parses_and_a_users_file_replaces_one() {
    for source in RateSource::ALL {
        let table = RateTable::shipped(source);
        assert!(!table.periods().is_empty(), "{source:?}");
    }
    assert_eq!(
        RateTable::shipped(RateSource::EcbReference).known_until(),
        date("2026-06-30")
    );

    let newer = "# ECB reference rates, with the second half of 2026\n\
                 from,to,percent\n\
                 2026-01-01,2026-06-30,2.15\n\
                 2026-07-01,2026-12-31,2.40\n";
    let table = RateTable::parse(RateSource::EcbReference, newer).unwrap();
    let tables = RateTables::shipped().with(table);
    let breakdown = accrue(
        &debt("1,000.00 EUR", "2026-06-30"),
        &eu(),
        &tables,
        date("2026-07-10"),
    )
    .unwrap();
    // 1,000 x 10.40 x 10 / 36,500 = 2.8493 -> 2.85
    assert_eq!(breakdown.interest, euros("2.85"));
}

#[test]
fn a_users_rate_file_is_refused_whole_with_every_problem_and_its_line() {
    let text = "from,to,percent\n\
                2024-01-01,2024-06-30,4.50\n\
                2024-07-01,2024-13-31,4.25\n\
                2024-08-01,2024-12-31,four\n\
                2025-01-01,2024-12-31,3.15\n\
                2025-07-01,2025-12-31,2.15,extra\n\
                2025-09-01,2025-12-31,2.15\n";
    let problems = RateTable::parse(RateSource::EcbReference, text).unwrap_err();
    let lines: Vec<(usize, String)> = problems.iter().map(|p| (p.line, p.to_string())).collect();
    assert_eq!(
        lines,
        vec![
            (
                3,
                "Line 3: \"2024-13-31\" is not a date; write dates as YYYY-MM-DD, such as \
                 2024-07-01."
                    .into()
            ),
            (
                4,
                "Line 4: the rate \"four\" is not accepted; give a percentage between -20 and \
                 100, such as 4.25."
                    .into()
            ),
            (
                5,
                "Line 5: the period ends on 2024-12-31, before it starts on 2025-01-01; give an \
                 end date on or after the start date."
                    .into()
            ),
            (
                6,
                "Line 6 has 4 fields; give exactly three: from,to,percent.".into()
            ),
            (
                7,
                "Line 7: the period starts on 2025-09-01, but it must start on 2024-07-01, the \
                 day after the previous period ends; periods must follow each other without \
                 gap or overlap."
                    .into()
            ),
        ]
    );
}

fn debts() -> impl Strategy<Value = (Debt, chrono::NaiveDate)> {
    (
        1i64..10_000_000,
        0u64..4_000,
        proptest::collection::vec((0u64..400, 1i64..5_000_000), 0..4),
        0u64..800,
    )
        .prop_map(|(cents, due_offset, payments, span)| {
            let due = date("2010-01-01") + Days::new(due_offset);
            let reductions = payments
                .into_iter()
                .map(|(after, cents)| Reduction {
                    date: due + Days::new(after),
                    amount: creditdesk_core::Money::from_minor(cents, crate::currency("EUR")),
                })
                .collect();
            let debt = Debt {
                principal: creditdesk_core::Money::from_minor(cents, crate::currency("EUR")),
                due_date: due,
                reductions,
            };
            (debt, due + Days::new(span))
        })
}

proptest! {
    #[test]
    fn interest_periods_cover_each_overdue_day_exactly_once((owed, through) in debts()) {
        let breakdown = accrue(&owed, &eu(), &RateTables::shipped(), through).unwrap();
        // The day the balance reaches zero is the last day with interest.
        let mut balance = owed.principal.amount();
        let mut reductions = owed.reductions.clone();
        reductions.sort_by_key(|r| r.date);
        let mut last = through;
        for r in &reductions {
            balance -= r.amount.amount();
            if balance <= Decimal::ZERO {
                last = last.min(r.date.max(owed.due_date));
                break;
            }
        }
        let expected = (last - owed.due_date).num_days().max(0);
        prop_assert_eq!(breakdown.days, expected);
        let mut next = owed.due_date + Days::new(1);
        for period in &breakdown.periods {
            prop_assert_eq!(period.from, next, "no gap and no overlap");
            prop_assert!(period.to >= period.from);
            prop_assert_eq!(period.days, (period.to - period.from).num_days() + 1);
            next = period.to + Days::new(1);
        }
        let exact: Decimal = breakdown.periods.iter().map(|p| p.exact).sum();
        prop_assert_eq!(
            breakdown.interest,
            creditdesk_core::Money::new(exact, crate::currency("EUR"))
                .round(creditdesk_core::Rounding::HalfAwayFromZero)
        );
    }
}

/// The shipped tables agree, period by period, with the public rate files they were written
/// from, when those are present next to the repository.
#[test]
fn the_shipped_tables_match_the_public_rate_files() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/rates");
    if !std::path::Path::new(dir).exists() {
        println!("note: {dir} is absent; the shipped tables are not cross-checked");
        return;
    }
    // File, column of the period start, column of the rate.
    let files = [
        (
            RateSource::EcbReference,
            "eu_late_payment_reference_rate_halfyearly.csv",
            0,
            3,
        ),
        (
            RateSource::BankOfEnglandReference,
            "uk_late_payment_statutory_rate_halfyearly.csv",
            0,
            3,
        ),
        (
            RateSource::GermanBaseRate,
            "de_basiszinssatz_halfyearly.csv",
            0,
            2,
        ),
        (RateSource::ChinaLoanPrimeRate, "cn_lpr_monthly.csv", 0, 1),
    ];
    for (source, file, from_column, rate_column) in files {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
        let table = RateTable::shipped(source);
        let mut checked = 0;
        for row in text.lines().skip(1) {
            let fields: Vec<&str> = row.split(',').collect();
            if row.contains("UNVERIFIED") || fields[rate_column].is_empty() {
                continue;
            }
            let from = date(fields[from_column]);
            let period = table.period_on(from).unwrap();
            assert_eq!(period.from, from, "{file}: {row}");
            assert_eq!(
                period.percent,
                fields[rate_column].parse::<Decimal>().unwrap(),
                "{file}"
            );
            checked += 1;
        }
        assert_eq!(
            checked,
            table.periods().len(),
            "{file}: every period checked"
        );
    }
}

/// A ladder of one level, a formal demand at 30 days that claims interest.
fn demand_with_interest() -> creditdesk_core::dunning::BookPolicies {
    use creditdesk_core::dunning::{DunningPolicy, Preset};
    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.levels = vec![policy.levels[2].clone()];
    crate::book(policy)
}

#[test]
fn a_demand_claims_the_uk_compensation_of_each_invoice_by_its_size() {
    let uk = Some(terms(InterestRule::UkLatePayment));
    let items = vec![
        crate::invoice("BRIDGE", "B-1", "2025-01-31", money("500.00 GBP"), &[], uk),
        crate::invoice(
            "BRIDGE",
            "B-2",
            "2025-01-31",
            money("5,000.00 GBP"),
            &[],
            uk,
        ),
        crate::invoice(
            "BRIDGE",
            "B-3",
            "2025-01-31",
            money("20,000.00 GBP"),
            &[],
            uk,
        ),
    ];
    let proposal = crate::run("2025-03-31", &demand_with_interest(), &items, &[]);
    let letter = &proposal.communications[0];
    let per_invoice: Vec<(String, Option<String>)> = letter
        .items
        .iter()
        .map(|i| {
            (
                i.invoice_number.clone(),
                i.compensation.map(|c| c.to_string()),
            )
        })
        .collect();
    // One tier each: below 1,000.00, below 10,000.00, and above.
    assert_eq!(
        per_invoice,
        [
            ("B-1".to_string(), Some("40.00 GBP".to_string())),
            ("B-2".to_string(), Some("70.00 GBP".to_string())),
            ("B-3".to_string(), Some("100.00 GBP".to_string())),
        ]
    );
    assert_eq!(letter.compensation, Some(money("210.00 GBP")));
    let expected = letter.claimed_total.amount()
        + letter.interest_total.amount()
        + letter.fee.amount()
        + Decimal::from(210);
    assert_eq!(letter.total.amount(), expected);
}

#[test]
fn compensation_is_claimed_once_per_invoice_and_only_in_the_laws_currency() {
    let eu = Some(terms(InterestRule::EuDirective {
        margin_points: Decimal::from(8),
    }));
    let german_consumer = Some(terms(InterestRule::GermanyBgb288 { consumer: true }));
    let mut two_parts = crate::invoice("ALPHA", "A-1", "2025-01-31", euros("600.00"), &[], eu);
    two_parts.original = euros("300.00");
    two_parts.open = euros("300.00");
    let mut second = two_parts.clone();
    second.seq = 2;
    second.due_date = date("2025-02-10");
    let items = vec![
        two_parts,
        second,
        crate::invoice("ALPHA", "A-2", "2025-01-31", money("900.00 USD"), &[], eu),
        crate::invoice(
            "ALPHA",
            "A-3",
            "2025-01-31",
            euros("800.00"),
            &[],
            german_consumer,
        ),
    ];
    let proposal = crate::run("2025-03-31", &demand_with_interest(), &items, &[]);
    let eur = proposal
        .communications
        .iter()
        .find(|c| c.currency.code() == "EUR")
        .unwrap();
    // A-1's two instalments get one EUR 40.00; a consumer owes no compensation in Germany.
    assert_eq!(eur.compensation, Some(euros("40.00")));
    let usd = proposal
        .communications
        .iter()
        .find(|c| c.currency.code() == "USD")
        .unwrap();
    assert_eq!(usd.compensation, None);
    let problems: Vec<String> = proposal.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "Invoice A-2 is proposed without fixed compensation. Fixed compensation is set in EUR \
             and cannot be claimed on a debt of 900.00 USD; set a dunning fee in USD for this \
             customer instead."
        ]
    );
}
