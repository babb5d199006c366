//! Limit suggestions: a new customer's first limit, a raise after a clean year, a cut for worse
//! payment behaviour or a worse credit report, each at its boundaries.

use chrono::Days;
use creditdesk_core::credit::{
    suggest_limit, Ground, LimitChange, LimitHistory, LimitRules, LimitSuggestion, PaidInvoice,
};
use rust_decimal::Decimal;

use crate::{currency, date, deposit, euros, guarantee, money, rate, report, AS_OF};

fn new_customer(first_order: Option<&str>) -> LimitHistory {
    LimitHistory {
        currency: currency("EUR"),
        current_limit: None,
        customer_since: date(AS_OF),
        first_order: first_order.map(money),
        security: Vec::new(),
        paid: Vec::new(),
        reports: Vec::new(),
    }
}

/// A customer with a limit of 10,000.00 since 2023-06-30, exactly 12 months before the as-of
/// date.
fn known_customer(paid: Vec<PaidInvoice>) -> LimitHistory {
    LimitHistory {
        current_limit: Some(euros("10,000.00")),
        customer_since: date("2023-06-30"),
        paid,
        ..new_customer(None)
    }
}

/// An invoice of `amount` paid on `paid_on`, `late` days after its due date.
fn paid(number: &str, paid_on: &str, late: u64, amount: &str) -> PaidInvoice {
    let paid_on = date(paid_on);
    PaidInvoice {
        number: number.to_string(),
        due_date: paid_on.checked_sub_days(Days::new(late)).unwrap(),
        paid_on,
        amount: euros(amount),
    }
}

fn suggest(history: &LimitHistory) -> LimitSuggestion {
    suggest_limit(history, &LimitRules::default(), &[], date(AS_OF)).unwrap()
}

fn pct(text: &str) -> Decimal {
    text.parse().unwrap()
}

#[test]
fn a_first_limit_is_half_the_first_order_rounded_half_away_from_zero() {
    // 50% of 3,333.33 is 1,666.665: 1,666.67.
    let suggestion = suggest(&new_customer(Some("3,333.33 EUR")));

    assert_eq!(suggestion.change, LimitChange::First);
    assert_eq!(suggestion.suggested, euros("1,666.67"));
    assert_eq!(
        suggestion.grounds,
        [Ground::FirstOrderShare {
            order: euros("3,333.33"),
            percent: pct("50"),
            share: euros("1,666.67"),
        }]
    );
}

#[test]
fn a_first_limit_is_what_valid_security_covers_when_that_is_more() {
    let mut history = new_customer(Some("4,000.00 EUR"));
    history.security = vec![
        deposit("1,000.00 EUR"),
        guarantee("1,500.00 EUR", AS_OF),
        guarantee("9,000.00 EUR", "2024-06-29"),
    ];

    let suggestion = suggest(&history);

    assert_eq!(
        suggestion.suggested,
        euros("2,500.00"),
        "the expired guarantee covers nothing"
    );
    assert_eq!(
        suggestion.grounds[1],
        Ground::SecurityCover {
            cover: euros("2,500.00"),
            share: euros("2,000.00"),
        }
    );

    history.security = vec![deposit("2,000.00 EUR")];
    assert_eq!(
        suggest(&history).suggested,
        euros("2,000.00"),
        "security equal to the share"
    );
}

#[test]
fn a_first_order_in_another_currency_converts_before_the_share_is_taken() {
    let history = new_customer(Some("3,000.00 USD"));
    let rates = [rate("USD", "EUR", "2024-06-28", "0.9235")];

    let suggestion = suggest_limit(&history, &LimitRules::default(), &rates, date(AS_OF)).unwrap();

    // 3,000.00 USD is 2,770.50 EUR; half of it is 1,385.25.
    assert_eq!(suggestion.suggested, euros("1,385.25"));
    assert_eq!(suggestion.rates_used, rates);
}

#[test]
fn a_new_customer_with_nothing_to_go_on_gets_no_credit() {
    let suggestion = suggest(&new_customer(None));

    assert_eq!(suggestion.suggested, euros("0.00"));
    assert_eq!(suggestion.grounds, [Ground::NothingToBaseOn]);
}

#[test]
fn twelve_months_with_no_invoice_paid_more_than_15_days_late_raises_the_limit_by_a_quarter() {
    let history = known_customer(vec![
        paid("INV-1", "2023-09-15", 15, "2,000.00"),
        paid("INV-2", "2024-06-30", 0, "1,000.00"),
    ]);

    let suggestion = suggest(&history);

    assert_eq!(suggestion.change, LimitChange::Raise { percent: pct("25") });
    assert_eq!(suggestion.suggested, euros("12,500.00"));
    assert_eq!(
        suggestion.grounds,
        [Ground::CleanRecord {
            months: 12,
            invoices: 2,
            tolerance_days: 15,
        }]
    );
}

#[test]
fn one_invoice_16_days_late_within_the_twelve_months_keeps_the_limit() {
    let history = known_customer(vec![
        paid("INV-1", "2023-09-15", 16, "2,000.00"),
        paid("INV-2", "2024-06-30", 0, "1,000.00"),
    ]);

    let suggestion = suggest(&history);

    assert_eq!(suggestion.change, LimitChange::Keep);
    assert_eq!(suggestion.suggested, euros("10,000.00"));
    assert_eq!(
        suggestion.grounds,
        [Ground::PaidLate {
            invoice_number: "INV-1".to_string(),
            days_late: 16,
            tolerance_days: 15,
            months: 12,
        }]
    );
}

#[test]
fn a_late_payment_exactly_twelve_months_ago_is_outside_the_clean_period() {
    let history = known_customer(vec![
        paid("INV-0", "2023-06-30", 40, "2,000.00"),
        paid("INV-1", "2023-07-01", 3, "2,000.00"),
    ]);

    assert_eq!(
        suggest(&history).change,
        LimitChange::Raise { percent: pct("25") }
    );
}

#[test]
fn a_customer_of_less_than_twelve_months_or_with_nothing_paid_is_not_raised() {
    let mut history = known_customer(vec![paid("INV-1", "2024-06-01", 0, "2,000.00")]);
    history.customer_since = date("2023-07-01");
    assert_eq!(
        suggest(&history).grounds,
        [Ground::TooRecent {
            since: date("2023-07-01"),
            months: 12,
        }]
    );

    let idle = known_customer(vec![paid("INV-1", "2023-06-30", 0, "2,000.00")]);
    let suggestion = suggest(&idle);
    assert_eq!(suggestion.change, LimitChange::Keep);
    assert_eq!(suggestion.grounds, [Ground::NothingPaid { months: 12 }]);
}

/// Invoices of equal amounts paid in the earlier 12 months 5 days late on average, and in the
/// last 3 months `recent` days late each.
fn behaviour(recent: &[u64]) -> LimitHistory {
    let mut invoices = vec![
        paid("E-1", "2023-09-01", 0, "1,000.00"),
        paid("E-2", "2024-03-30", 10, "1,000.00"),
    ];
    for (i, late) in recent.iter().enumerate() {
        invoices.push(paid(&format!("R-{i}"), "2024-06-15", *late, "1,000.00"));
    }
    known_customer(invoices)
}

#[test]
fn payment_worse_by_exactly_the_threshold_is_no_cut_and_by_more_is() {
    // Earlier average 5.0 days; recent 15.0 is 10.0 worse: not more than 10.
    let even = suggest(&behaviour(&[15]));
    assert_eq!(even.change, LimitChange::Raise { percent: pct("25") });

    // Recent (15 + 16) / 2 = 15.5: worse by 10.5.
    let worse = suggest(&behaviour(&[15, 16]));
    assert_eq!(worse.change, LimitChange::Cut { percent: pct("25") });
    assert_eq!(worse.suggested, euros("7,500.00"));
    assert_eq!(
        worse.grounds,
        [Ground::PaymentWorsening {
            recent_months: 3,
            recent_average_days: pct("15.5"),
            earlier_months: 12,
            earlier_average_days: pct("5.0"),
            threshold_days: 10,
        }]
    );
}

#[test]
fn the_average_days_late_is_weighted_by_amount() {
    // Recent: 30 days late on 1,000.00 and 0 days on 2,000.00 is 10.0 days, not 15.0.
    let mut history = behaviour(&[]);
    history.paid.push(paid("R-1", "2024-06-01", 30, "1,000.00"));
    history.paid.push(paid("R-2", "2024-06-02", 0, "2,000.00"));
    let rules = LimitRules {
        worsening_days: 4,
        ..LimitRules::default()
    };

    let suggestion = suggest_limit(&history, &rules, &[], date(AS_OF)).unwrap();

    assert_eq!(
        suggestion.grounds[0],
        Ground::PaymentWorsening {
            recent_months: 3,
            recent_average_days: pct("10.0"),
            earlier_months: 12,
            earlier_average_days: pct("5.0"),
            threshold_days: 4,
        }
    );
}

#[test]
fn a_lower_score_than_the_same_agencys_previous_report_cuts_the_limit() {
    let mut history = known_customer(vec![paid("INV-1", "2024-06-01", 0, "2,000.00")]);
    history.reports = vec![
        report("Atlas Ratings", "2023-12-01", "72"),
        report("Other Bureau", "2024-03-01", "90"),
        report("Atlas Ratings", "2024-06-01", "70"),
    ];

    let suggestion = suggest(&history);

    assert_eq!(suggestion.change, LimitChange::Cut { percent: pct("25") });
    assert_eq!(
        suggestion.grounds,
        [Ground::WorseReport {
            agency: "Atlas Ratings".to_string(),
            earlier_date: date("2023-12-01"),
            earlier_rating: "72".to_string(),
            latest_date: date("2024-06-01"),
            latest_rating: "70".to_string(),
        }]
    );
}

#[test]
fn an_equal_score_another_agencys_score_or_a_letter_rating_does_not_cut() {
    let clean = || known_customer(vec![paid("INV-1", "2024-06-01", 0, "2,000.00")]);
    for reports in [
        vec![
            report("Atlas", "2023-12-01", "72"),
            report("Atlas", "2024-06-01", "72"),
        ],
        vec![
            report("Atlas", "2023-12-01", "72"),
            report("Other", "2024-06-01", "40"),
        ],
        vec![
            report("Atlas", "2023-12-01", "A"),
            report("Atlas", "2024-06-01", "BB+"),
        ],
    ] {
        let mut history = clean();
        history.reports = reports;
        assert_eq!(
            suggest(&history).change,
            LimitChange::Raise { percent: pct("25") }
        );
    }
}

#[test]
fn where_a_lower_index_is_better_a_higher_one_is_worse() {
    let mut history = known_customer(vec![paid("INV-1", "2024-06-01", 0, "2,000.00")]);
    history.reports = vec![
        report("Index", "2023-12-01", "220"),
        report("Index", "2024-06-01", "260"),
    ];
    let rules = LimitRules {
        higher_score_is_better: false,
        cut_percent: pct("40"),
        ..LimitRules::default()
    };

    let suggestion = suggest_limit(&history, &rules, &[], date(AS_OF)).unwrap();

    assert_eq!(suggestion.change, LimitChange::Cut { percent: pct("40") });
    assert_eq!(suggestion.suggested, euros("6,000.00"));
}

#[test]
fn worse_payment_and_a_worse_report_cut_once_with_both_grounds() {
    let mut history = behaviour(&[30]);
    history.reports = vec![
        report("Atlas", "2023-12-01", "72"),
        report("Atlas", "2024-06-01", "60"),
    ];

    let suggestion = suggest(&history);

    assert_eq!(suggestion.suggested, euros("7,500.00"));
    let codes: Vec<&str> = suggestion.grounds.iter().map(Ground::code).collect();
    assert_eq!(codes, ["payment_worsening", "worse_report"]);
}

#[test]
fn configured_rules_change_the_percentages() {
    let rules = LimitRules {
        first_order_percent: pct("30"),
        raise_percent: pct("10"),
        ..LimitRules::default()
    };
    let first = suggest_limit(
        &new_customer(Some("1,000.00 EUR")),
        &rules,
        &[],
        date(AS_OF),
    );
    assert_eq!(first.unwrap().suggested, euros("300.00"));

    let clean = known_customer(vec![paid("INV-1", "2024-06-01", 0, "2,000.00")]);
    let raised = suggest_limit(&clean, &rules, &[], date(AS_OF)).unwrap();
    assert_eq!(raised.suggested, euros("11,000.00"));
}
