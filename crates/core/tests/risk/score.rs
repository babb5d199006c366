//! The risk score of a hand-made payment history, each factor worked out by hand.

use creditdesk_core::credit::{
    risk_score, ExchangeRate, Lateness, PaidInvoice, PaymentBehaviour, RiskFactor, RiskInputs,
    RiskRules,
};
use rust_decimal::Decimal;

use crate::{currency, date, disputed, euros, invoice, money, AS_OF};

fn paid(number: &str, due: &str, paid_on: &str, amount: &str) -> PaidInvoice {
    PaidInvoice {
        number: number.to_string(),
        due_date: date(due),
        paid_on: date(paid_on),
        amount: money(amount),
    }
}

fn days(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// The worked example of the module documentation: 1,000.00 EUR paid 10 days late two months
/// ago, 3,000.00 EUR paid on time five months ago, 1,000.00 EUR overdue 40 days today, an
/// exposure of 1,500.00 EUR against 2,000.00 EUR and one invoice in dispute.
fn worked_example() -> RiskInputs {
    let rules = RiskRules::default();
    let history = [
        paid("INV-1", "2024-04-20", "2024-04-30", "1,000.00 EUR"),
        paid("INV-2", "2024-01-31", "2024-01-31", "3,000.00 EUR"),
        // Paid more than 12 months ago: outside both windows.
        paid("INV-0", "2023-01-31", "2023-05-31", "9,000.00 EUR"),
    ];
    let open = [
        invoice("INV-3", "2024-05-21", "1,000.00 EUR"),
        // Not due yet: no lateness so far.
        disputed("INV-4", "2024-07-15", "500.00 EUR"),
    ];
    RiskInputs {
        currency: currency("EUR"),
        behaviour: PaymentBehaviour::from_history(&history, &open, &rules, date(AS_OF)),
        exposure: Some((euros("1,500.00"), euros("2,000.00"))),
        open_disputes: 1,
        disputed: euros("500.00"),
        broken_promises: 0,
    }
}

#[test]
fn the_worked_example_scores_44_with_every_factor_worked_out() {
    let score = risk_score(&worked_example(), &RiskRules::default(), &[], date(AS_OF)).unwrap();
    assert_eq!(
        score.factors,
        vec![
            // (1,000 x 10 + 3,000 x 0 + 1,000 x 40) / 5,000 = 10.0 days; 40 x 10 / 60 = 6.67.
            RiskFactor::DaysLate {
                average_days: Some(days("10.0")),
                months: 12,
                points: 7,
                weight: 40,
            },
            // Recent (1,000 x 10 + 1,000 x 40) / 2,000 = 25.0, earlier 0.0; 20 x 25 / 30 = 16.67.
            RiskFactor::Trend {
                recent_average_days: Some(days("25.0")),
                earlier_average_days: Some(days("0.0")),
                change_days: Some(days("25.0")),
                recent_months: 3,
                earlier_months: 9,
                points: 17,
                weight: 20,
            },
            // 1,500 / 2,000 = 75.0%; 20 x 0.75 = 15.
            RiskFactor::Utilisation {
                exposure: Some(euros("1,500.00")),
                limit: Some(euros("2,000.00")),
                percent: Some(days("75.0")),
                points: 15,
                weight: 20,
            },
            RiskFactor::Disputes {
                invoices: 1,
                amount: euros("500.00"),
                points: 5,
                weight: 10,
            },
            RiskFactor::BrokenPromises {
                count: 0,
                points: 0,
                weight: 10,
            },
        ]
    );
    assert_eq!(score.score, 44, "7 + 17 + 15 + 5 + 0");
    assert_eq!(score.max_score, 100);
    let moved: Vec<&str> = score.moved_by().iter().map(|f| f.code()).collect();
    assert_eq!(moved, ["trend", "utilisation", "days_late", "disputes"]);
}

#[test]
fn a_payment_exactly_three_months_ago_belongs_to_the_earlier_window() {
    let rules = RiskRules::default();
    let history = [
        paid("INV-1", "2024-03-20", "2024-03-30", "100.00 EUR"),
        paid("INV-2", "2024-03-21", "2024-03-31", "100.00 EUR"),
    ];
    let behaviour = PaymentBehaviour::from_history(&history, &[], &rules, date(AS_OF));
    assert_eq!(behaviour.earlier, vec![Lateness::of(euros("100.00"), 10)]);
    assert_eq!(behaviour.recent, vec![Lateness::of(euros("100.00"), 10)]);
}

#[test]
fn broken_promises_and_disputes_stop_at_their_weights() {
    let inputs = RiskInputs {
        open_disputes: 3,
        broken_promises: 1,
        ..worked_example()
    };
    let score = risk_score(&inputs, &RiskRules::default(), &[], date(AS_OF)).unwrap();
    let points: Vec<u32> = score.factors.iter().map(RiskFactor::points).collect();
    assert_eq!(
        points,
        [7, 17, 15, 10, 5],
        "3 disputes are 15 points, capped at 10"
    );
    assert_eq!(score.score, 54);
}

#[test]
fn amounts_in_other_currencies_are_weighed_at_the_rate_of_the_day() {
    // 1,000.00 USD at 0.90 weighs 900.00 EUR: (900 x 30 + 900 x 0) / 1,800 = 15.0 days.
    let rules = RiskRules::default();
    let history = [
        paid("INV-1", "2024-05-01", "2024-05-31", "1,000.00 USD"),
        paid("INV-2", "2024-05-01", "2024-05-01", "900.00 EUR"),
    ];
    let inputs = RiskInputs {
        behaviour: PaymentBehaviour::from_history(&history, &[], &rules, date(AS_OF)),
        exposure: None,
        open_disputes: 0,
        disputed: euros("0.00"),
        ..worked_example()
    };
    let rate = ExchangeRate {
        from: currency("USD"),
        to: currency("EUR"),
        date: date("2024-06-28"),
        rate: days("0.90"),
    };
    let score = risk_score(&inputs, &rules, &[rate], date(AS_OF)).unwrap();
    assert_eq!(score.factors[0].value(), Some(days("15.0")));
    assert_eq!(score.factors[0].points(), 10, "40 x 15 / 60");
    assert_eq!(
        score.factors[1].value(),
        None,
        "nothing in the earlier window: no trend"
    );
    assert_eq!(score.factors[2].points(), 0, "no limit to measure against");
    assert_eq!(score.rates_used, vec![rate]);

    let without = risk_score(&inputs, &rules, &[], date(AS_OF)).unwrap_err();
    assert_eq!(without.code(), "missing_rate");
}

#[test]
fn a_limit_of_zero_with_something_owed_earns_the_whole_weight() {
    let inputs = RiskInputs {
        exposure: Some((euros("0.01"), euros("0.00"))),
        ..worked_example()
    };
    let score = risk_score(&inputs, &RiskRules::default(), &[], date(AS_OF)).unwrap();
    assert_eq!(score.factors[2].points(), 20);
    assert_eq!(score.factors[2].value(), None);
}
