//! Every alert kind the day before, on and after its boundary.

use chrono::{Days, NaiveDate};
use creditdesk_core::credit::{
    credit_alerts, Alert, AlertRules, AlertSubject, CreditError, CreditProfile, ExposureTotals,
    OpenReceivable, RiskFactor, RiskScore, Security, SecurityKind, TradeCreditInsurance,
};
use rust_decimal::Decimal;

use crate::{currency, date, euros, guarantee, insurance, invoice, profile, AS_OF};

/// A customer at 4,000.00 EUR against a limit of 5,000.00 EUR, nothing else to alert on.
fn totals(total: &str, limit: &str) -> ExposureTotals {
    let (total, limit) = (euros(total), euros(limit));
    let over = total.amount() - limit.amount();
    let at_least_zero = |d: Decimal| euros(&d.max(Decimal::ZERO).to_string());
    ExposureTotals {
        as_of: date(AS_OF),
        limit,
        receivables: total,
        disputed: euros("0.00"),
        open_orders: euros("0.00"),
        total,
        headroom: at_least_zero(-over),
        excess: at_least_zero(over),
        insured_limit: None,
        uninsured: total,
        security_cover: euros("0.00"),
    }
}

fn score_with_change(recent: &str, earlier: &str) -> RiskScore {
    let (recent, earlier): (Decimal, Decimal) = (recent.parse().unwrap(), earlier.parse().unwrap());
    RiskScore {
        as_of: date(AS_OF),
        score: 31,
        max_score: 100,
        factors: vec![RiskFactor::Trend {
            recent_average_days: Some(recent),
            earlier_average_days: Some(earlier),
            change_days: Some(recent - earlier),
            recent_months: 3,
            earlier_months: 9,
            points: 0,
            weight: 20,
        }],
        rates_used: Vec::new(),
    }
}

struct Case {
    profile: CreditProfile,
    security: Vec<Security>,
    insurance: Option<TradeCreditInsurance>,
    exposure: Result<ExposureTotals, CreditError>,
    risk: Result<RiskScore, CreditError>,
    unpaid: Vec<OpenReceivable>,
}

fn quiet() -> Case {
    Case {
        profile: profile("5,000.00"),
        security: Vec::new(),
        insurance: None,
        exposure: Ok(totals("4,000.00", "5,000.00")),
        risk: Ok(score_with_change("5.0", "5.0")),
        unpaid: Vec::new(),
    }
}

fn alerts_on(case: &Case, as_of: NaiveDate) -> Vec<Alert> {
    let subject = AlertSubject {
        profile: &case.profile,
        security: &case.security,
        insurance: case.insurance.as_ref(),
        exposure: case.exposure.as_ref(),
        risk: case.risk.as_ref(),
        unpaid: &case.unpaid,
    };
    credit_alerts(&subject, &AlertRules::default(), as_of)
}

fn kinds(alerts: &[Alert]) -> Vec<&'static str> {
    alerts.iter().map(Alert::kind).collect()
}

fn day(text: &str, offset: i64) -> NaiveDate {
    let base = date(text);
    if offset >= 0 {
        base + Days::new(offset as u64)
    } else {
        base - Days::new(offset.unsigned_abs())
    }
}

#[test]
fn a_quiet_customer_has_no_alert() {
    assert!(alerts_on(&quiet(), date(AS_OF)).is_empty());
}

#[test]
fn the_limit_is_exceeded_from_one_cent_over_it() {
    let at_limit = Case {
        exposure: Ok(totals("5,000.00", "5,000.00")),
        ..quiet()
    };
    assert!(alerts_on(&at_limit, date(AS_OF)).is_empty());
    let over = Case {
        exposure: Ok(totals("5,000.01", "5,000.00")),
        ..quiet()
    };
    assert_eq!(
        alerts_on(&over, date(AS_OF)),
        vec![Alert::LimitExceeded {
            exposure: euros("5,000.01"),
            limit: euros("5,000.00"),
            excess: euros("0.01"),
        }]
    );
}

#[test]
fn behaviour_worsens_from_more_than_ten_days_later() {
    let ten = Case {
        risk: Ok(score_with_change("22.5", "12.5")),
        ..quiet()
    };
    assert!(
        alerts_on(&ten, date(AS_OF)).is_empty(),
        "10.0 days is not more than 10"
    );
    let more = Case {
        risk: Ok(score_with_change("22.6", "12.5")),
        ..quiet()
    };
    assert_eq!(
        alerts_on(&more, date(AS_OF)),
        vec![Alert::BehaviourWorsening {
            recent_average_days: "22.6".parse().unwrap(),
            earlier_average_days: "12.5".parse().unwrap(),
            change_days: "10.1".parse().unwrap(),
            threshold_days: 10,
            score: 31,
        }]
    );
}

#[test]
fn the_review_is_due_on_its_date_and_after() {
    let case = quiet();
    assert!(alerts_on(&case, day("2024-12-31", -1)).is_empty());
    for (offset, days_past) in [(0, 0), (1, 1)] {
        assert_eq!(
            alerts_on(&case, day("2024-12-31", offset)),
            vec![Alert::ReviewDue {
                review_date: date("2024-12-31"),
                days_past,
            }]
        );
    }
}

#[test]
fn security_expires_within_30_days_and_then_has_expired() {
    let case = Case {
        security: vec![
            guarantee("5,000.00 EUR", "2024-07-30"),
            Security {
                kind: SecurityKind::Deposit,
                amount: euros("1,000.00"),
                issuer: "Marigold Events".to_string(),
            },
        ],
        ..quiet()
    };
    let kind = SecurityKind::BankGuarantee {
        expires_on: date("2024-07-30"),
    };
    assert!(alerts_on(&case, day("2024-07-30", -31)).is_empty());
    let expiring = |days_left| Alert::SecurityExpiring {
        security: kind,
        issuer: "Harbour Bank".to_string(),
        amount: euros("5,000.00"),
        expires_on: date("2024-07-30"),
        days_left,
    };
    assert_eq!(alerts_on(&case, day("2024-07-30", -30)), vec![expiring(30)]);
    assert_eq!(alerts_on(&case, date("2024-07-30")), vec![expiring(0)]);
    assert_eq!(
        alerts_on(&case, day("2024-07-30", 1)),
        vec![Alert::SecurityExpired {
            security: kind,
            issuer: "Harbour Bank".to_string(),
            amount: euros("5,000.00"),
            expired_on: date("2024-07-30"),
            days_ago: 1,
        }]
    );
}

#[test]
fn insurance_expires_within_30_days_and_then_has_expired() {
    let case = Case {
        insurance: Some(insurance("2024-09-30")),
        ..quiet()
    };
    let expiring = |days_left| Alert::InsuranceExpiring {
        insurer: "Northgate Credit".to_string(),
        policy_number: "P-2024-118".to_string(),
        valid_to: date("2024-09-30"),
        days_left,
    };
    let on = |offset| alerts_on(&case, day("2024-09-30", offset));
    assert!(on(-31).is_empty());
    assert_eq!(on(-30), vec![expiring(30)]);
    assert_eq!(on(0), vec![expiring(0)]);
    assert_eq!(
        on(1),
        vec![Alert::InsuranceExpired {
            insurer: "Northgate Credit".to_string(),
            policy_number: "P-2024-118".to_string(),
            valid_to: date("2024-09-30"),
            days_ago: 1,
        }]
    );
}

#[test]
fn an_unpaid_invoice_is_reported_within_60_days_of_its_due_date() {
    // Due 2024-05-31: to be reported by 2024-07-30; warned from 14 days before.
    let case = Case {
        insurance: Some(insurance("2024-12-31")),
        unpaid: vec![
            invoice("INV-7", "2024-05-31", "1,200.00 EUR"),
            // Falls due after the cover ends: not the insurer's.
            invoice("INV-9", "2025-01-15", "300.00 EUR"),
        ],
        ..quiet()
    };
    let due = |days_left| Alert::InsurerReportDue {
        invoice_number: "INV-7".to_string(),
        due_date: date("2024-05-31"),
        open: euros("1,200.00"),
        insurer: "Northgate Credit".to_string(),
        report_by: date("2024-07-30"),
        days_left,
    };
    let on = |offset| alerts_on(&case, day("2024-07-30", offset));
    assert!(on(-15).is_empty());
    assert_eq!(on(-14), vec![due(14)]);
    assert_eq!(on(-1), vec![due(1)]);
    assert_eq!(on(0), vec![due(0)]);
    assert_eq!(
        on(1),
        vec![Alert::InsurerReportOverdue {
            invoice_number: "INV-7".to_string(),
            due_date: date("2024-05-31"),
            open: euros("1,200.00"),
            insurer: "Northgate Credit".to_string(),
            report_by: date("2024-07-30"),
            days_past: 1,
        }]
    );
}

#[test]
fn an_invoice_is_not_reported_before_it_is_overdue_even_with_no_time_to_report() {
    let mut cover = insurance("2024-12-31");
    cover.reporting_deadline_days = 0;
    let case = Case {
        insurance: Some(cover),
        unpaid: vec![invoice("INV-7", "2024-06-30", "1,200.00 EUR")],
        ..quiet()
    };
    assert!(
        alerts_on(&case, date("2024-06-30")).is_empty(),
        "due today is not unpaid yet"
    );
    assert_eq!(
        kinds(&alerts_on(&case, date("2024-07-01"))),
        ["insurer_report_overdue"]
    );
}

#[test]
fn a_missing_rate_is_an_alert_once_per_currency_pair() {
    let missing = CreditError::MissingRate {
        from: currency("USD"),
        to: currency("EUR"),
        on: date(AS_OF),
    };
    let case = Case {
        exposure: Err(missing.clone()),
        risk: Err(missing),
        ..quiet()
    };
    assert_eq!(
        alerts_on(&case, date(AS_OF)),
        vec![Alert::RateMissing {
            from: currency("USD"),
            to: currency("EUR"),
            on: date(AS_OF),
        }]
    );
}

#[test]
fn alerts_of_one_customer_come_in_the_order_of_their_kinds() {
    let case = Case {
        exposure: Ok(totals("6,000.00", "5,000.00")),
        risk: Ok(score_with_change("30.0", "5.0")),
        security: vec![guarantee("5,000.00 EUR", "2024-06-01")],
        insurance: Some(insurance("2024-07-15")),
        unpaid: vec![invoice("INV-7", "2024-04-01", "1,200.00 EUR")],
        ..quiet()
    };
    let alerts = alerts_on(&case, date("2025-01-01"));
    let kinds = kinds(&alerts);
    assert_eq!(
        kinds,
        [
            "limit_exceeded",
            "behaviour_worsening",
            "review_due",
            "security_expired",
            "insurance_expired",
            "insurer_report_overdue"
        ]
    );
    let order: Vec<usize> = kinds
        .iter()
        .map(|k| Alert::KINDS.iter().position(|x| x == k).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
}
