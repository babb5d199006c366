//! Credit alerts: what in a customer's credit standing needs acting on today.
//!
//! The kinds, each with its boundary (`as_of` is the day asked about):
//! - `limit_exceeded`: exposure above the credit limit by at least one minor unit.
//! - `rate_missing`: the exposure or the score could not be computed for want of a usable
//!   exchange rate (missing, or not above zero); once per currency pair.
//! - `behaviour_worsening`: the risk score's trend (average days late over the recent window
//!   less that over the earlier window) is more than [`AlertRules::worsening_days`].
//! - `review_due`: the profile's review date is `as_of` or before it.
//! - `security_expiring`: a guarantee or letter of credit whose last day is `as_of` or within
//!   [`AlertRules::expiring_within_days`] after it; `security_expired` from the day after its
//!   last day on, until it is removed. Deposits do not expire.
//! - `insurance_expiring` and `insurance_expired`: the same for the insurance's last day of cover.
//! - `insurer_report_due`: an invoice still open after its due date, falling due while the
//!   customer's insurance covered it (its earliest open due date within the cover), whose
//!   reporting deadline ([`TradeCreditInsurance::report_unpaid_by`], from its earliest open
//!   due date) is `as_of` or within [`AlertRules::report_warning_days`] after it;
//!   `insurer_report_overdue` from the day after the deadline on, while it stays open. The
//!   caller leaves out of [`AlertSubject::unpaid`] the invoices already reported to the insurer.
//!
//! Alerts of one customer come in that order, security and invoices in the order given.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::check::days;
use crate::credit::{CreditError, CreditProfile, ExposureTotals, OpenReceivable, ReviewItem};
use crate::credit::{RiskScore, Security, SecurityKind, TradeCreditInsurance};
use crate::money::{Currency, Money};
use crate::say;

/// How far ahead alerts look, and how much worse behaviour must get before it alerts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlertRules {
    /// Security and insurance whose last day is at most this many days after the as-of date.
    pub expiring_within_days: u32,
    /// Invoices whose reporting deadline is at most this many days after the as-of date.
    pub report_warning_days: u32,
    /// A rise in average days late above this many days is worsening behaviour.
    pub worsening_days: u32,
}

impl Default for AlertRules {
    /// 30 days ahead for security and insurance, 14 days ahead for reporting deadlines, and a
    /// rise of more than 10 days late.
    fn default() -> Self {
        AlertRules {
            expiring_within_days: 30,
            report_warning_days: 14,
            worsening_days: 10,
        }
    }
}

/// One thing to act on in a customer's credit standing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "CreditAlertDetail"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alert {
    LimitExceeded {
        exposure: Money,
        limit: Money,
        excess: Money,
    },
    BehaviourWorsening {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        recent_average_days: Decimal,
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        earlier_average_days: Decimal,
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        change_days: Decimal,
        threshold_days: u32,
        score: u32,
    },
    ReviewDue {
        review_date: NaiveDate,
        days_past: i64,
    },
    SecurityExpiring {
        security: SecurityKind,
        issuer: String,
        amount: Money,
        expires_on: NaiveDate,
        days_left: i64,
    },
    SecurityExpired {
        security: SecurityKind,
        issuer: String,
        amount: Money,
        expired_on: NaiveDate,
        days_ago: i64,
    },
    InsuranceExpiring {
        insurer: String,
        policy_number: String,
        valid_to: NaiveDate,
        days_left: i64,
    },
    InsuranceExpired {
        insurer: String,
        policy_number: String,
        valid_to: NaiveDate,
        days_ago: i64,
    },
    InsurerReportDue {
        invoice_number: String,
        due_date: NaiveDate,
        open: Money,
        insurer: String,
        report_by: NaiveDate,
        days_left: i64,
    },
    InsurerReportOverdue {
        invoice_number: String,
        due_date: NaiveDate,
        open: Money,
        insurer: String,
        report_by: NaiveDate,
        days_past: i64,
    },
    RateMissing {
        from: Currency,
        to: Currency,
        on: NaiveDate,
    },
}

impl Alert {
    /// The stable code a UI branches on; the same as the serialised `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Alert::LimitExceeded { .. } => "limit_exceeded",
            Alert::BehaviourWorsening { .. } => "behaviour_worsening",
            Alert::ReviewDue { .. } => "review_due",
            Alert::SecurityExpiring { .. } => "security_expiring",
            Alert::SecurityExpired { .. } => "security_expired",
            Alert::InsuranceExpiring { .. } => "insurance_expiring",
            Alert::InsuranceExpired { .. } => "insurance_expired",
            Alert::InsurerReportDue { .. } => "insurer_report_due",
            Alert::InsurerReportOverdue { .. } => "insurer_report_overdue",
            Alert::RateMissing { .. } => "rate_missing",
        }
    }

    /// Every kind, in the order alerts of one customer come in.
    pub const KINDS: [&'static str; 10] = [
        "limit_exceeded",
        "rate_missing",
        "behaviour_worsening",
        "review_due",
        "security_expiring",
        "security_expired",
        "insurance_expiring",
        "insurance_expired",
        "insurer_report_due",
        "insurer_report_overdue",
    ];
}

impl fmt::Display for Alert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            Alert::LimitExceeded {
                exposure,
                limit,
                excess,
            } => say!(
                en: "The exposure of {exposure} is over the credit limit of {limit} by {excess}.",
                zh: "信用敞口 {exposure} 超出信用额度 {limit} 共 {excess}。",
            ),
            Alert::BehaviourWorsening {
                recent_average_days,
                earlier_average_days,
                change_days,
                threshold_days,
                score,
            } => {
                let threshold = days(*threshold_days);
                say!(
                    en: "Payments are getting later: {recent_average_days} days late on \
                         average lately against {earlier_average_days} before, {change_days} \
                         days worse, more than the {threshold} allowed; the risk score is \
                         {score}.",
                    zh: "付款越来越迟：近期平均逾期 {recent_average_days} 天，此前为 \
                         {earlier_average_days} 天，恶化 {change_days} 天，超过允许的 \
                         {threshold}；风险评分为 {score}。",
                )
            }
            Alert::ReviewDue {
                review_date,
                days_past,
            } => ReviewItem::ReviewDue {
                review_date: *review_date,
                days_past: *days_past,
            }
            .to_string(),
            Alert::SecurityExpiring {
                security,
                issuer,
                amount,
                expires_on,
                days_left,
            } => ReviewItem::SecurityExpiring {
                kind: *security,
                issuer: issuer.clone(),
                amount: *amount,
                expires_on: *expires_on,
                days_left: *days_left,
            }
            .to_string(),
            Alert::SecurityExpired {
                security,
                issuer,
                amount,
                expired_on,
                days_ago,
            } => ReviewItem::SecurityExpiring {
                kind: *security,
                issuer: issuer.clone(),
                amount: *amount,
                expires_on: *expired_on,
                days_left: -days_ago,
            }
            .to_string(),
            Alert::InsuranceExpiring {
                insurer,
                policy_number,
                valid_to,
                days_left,
            } => ReviewItem::InsuranceExpiring {
                insurer: insurer.clone(),
                policy_number: policy_number.clone(),
                valid_to: *valid_to,
                days_left: *days_left,
            }
            .to_string(),
            Alert::InsuranceExpired {
                insurer,
                policy_number,
                valid_to,
                days_ago,
            } => ReviewItem::InsuranceExpiring {
                insurer: insurer.clone(),
                policy_number: policy_number.clone(),
                valid_to: *valid_to,
                days_left: -days_ago,
            }
            .to_string(),
            Alert::InsurerReportDue {
                invoice_number,
                due_date,
                open,
                insurer,
                report_by,
                days_left: 0,
            } => say!(
                en: "Invoice {invoice_number}, due on {due_date}, is unpaid with {open} open; \
                     today, {report_by}, is the last day to report it to {insurer}.",
                zh: "发票 {invoice_number} 于 {due_date} 到期，仍有 {open} 未付；今天（{report_by}）\
                     是向 {insurer} 申报的最后一天。",
            ),
            Alert::InsurerReportDue {
                invoice_number,
                due_date,
                open,
                insurer,
                report_by,
                days_left,
            } => {
                let left = days(*days_left);
                say!(
                    en: "Invoice {invoice_number}, due on {due_date}, is unpaid with {open} \
                         open; report it to {insurer} by {report_by}, in {left}.",
                    zh: "发票 {invoice_number} 于 {due_date} 到期，仍有 {open} 未付；请在 \
                         {report_by} 前向 {insurer} 申报，还剩 {left}。",
                )
            }
            Alert::InsurerReportOverdue {
                invoice_number,
                due_date,
                open,
                insurer,
                report_by,
                days_past,
            } => {
                let past = days(*days_past);
                say!(
                    en: "Invoice {invoice_number}, due on {due_date}, is unpaid with {open} \
                         open, and the last day to report it to {insurer} was {report_by}, \
                         {past} ago; report it now, or the cover of it may be lost.",
                    zh: "发票 {invoice_number} 于 {due_date} 到期，仍有 {open} 未付，向 \
                         {insurer} 申报的最后一天是 {report_by}，已过去 {past}；请立即申报，否则\
                         该发票可能失去保障。",
                )
            }
            Alert::RateMissing { from, to, on } => say!(
                en: "The exposure cannot be measured: no rate from {from} to {to} dated on or \
                     before {on} is recorded; record one.",
                zh: "无法计算信用敞口：没有 {on} 或之前的 {from} 兑 {to} 汇率；请录入该汇率。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// What the alerts read about one customer with a credit profile.
#[derive(Clone, Copy, Debug)]
pub struct AlertSubject<'a> {
    pub profile: &'a CreditProfile,
    pub security: &'a [Security],
    pub insurance: Option<&'a TradeCreditInsurance>,
    /// The exposure, or why it could not be measured.
    pub exposure: Result<&'a ExposureTotals, &'a CreditError>,
    /// The risk score, or why it could not be computed.
    pub risk: Result<&'a RiskScore, &'a CreditError>,
    /// The customer's open invoices, each with its earliest open due date.
    pub unpaid: &'a [OpenReceivable],
}

/// The alert for a computation refused for want of a usable rate.
fn rate_missing(refused: &CreditError) -> Option<Alert> {
    match refused {
        CreditError::MissingRate { from, to, on } => Some(Alert::RateMissing {
            from: *from,
            to: *to,
            on: *on,
        }),
        CreditError::RateNotPositive { from, to, date, .. } => Some(Alert::RateMissing {
            from: *from,
            to: *to,
            on: *date,
        }),
        _ => None,
    }
}

/// Every alert of `subject` as of `as_of`, by `rules`, in the order of the module's list.
pub fn credit_alerts(
    subject: &AlertSubject<'_>,
    rules: &AlertRules,
    as_of: NaiveDate,
) -> Vec<Alert> {
    let mut alerts = Vec::new();

    match subject.exposure {
        Ok(exposure) if exposure.excess.amount() > Decimal::ZERO => {
            alerts.push(Alert::LimitExceeded {
                exposure: exposure.total,
                limit: exposure.limit,
                excess: exposure.excess,
            });
        }
        Ok(_) => {}
        Err(refused) => alerts.extend(rate_missing(refused)),
    }
    if let Err(refused) = subject.risk {
        let missing = rate_missing(refused);
        if missing.is_some() && subject.exposure.err().and_then(rate_missing) != missing {
            alerts.extend(missing);
        }
    }

    let risk = subject.risk.ok();
    if let Some((recent, earlier, change)) = risk.and_then(RiskScore::trend) {
        if change > Decimal::from(rules.worsening_days) {
            alerts.push(Alert::BehaviourWorsening {
                recent_average_days: recent,
                earlier_average_days: earlier,
                change_days: change,
                threshold_days: rules.worsening_days,
                score: risk.map_or(0, |r| r.score),
            });
        }
    }

    let days_past = (as_of - subject.profile.review_date).num_days();
    if days_past >= 0 {
        alerts.push(Alert::ReviewDue {
            review_date: subject.profile.review_date,
            days_past,
        });
    }

    let within = i64::from(rules.expiring_within_days);
    for security in subject.security {
        let Some(last) = security.expires_on() else {
            continue;
        };
        let days_left = (last - as_of).num_days();
        if days_left < 0 {
            alerts.push(Alert::SecurityExpired {
                security: security.kind,
                issuer: security.issuer.clone(),
                amount: security.amount,
                expired_on: last,
                days_ago: -days_left,
            });
        } else if days_left <= within {
            alerts.push(Alert::SecurityExpiring {
                security: security.kind,
                issuer: security.issuer.clone(),
                amount: security.amount,
                expires_on: last,
                days_left,
            });
        }
    }

    let Some(insurance) = subject.insurance else {
        return alerts;
    };
    let days_left = (insurance.valid_to - as_of).num_days();
    if days_left < 0 {
        alerts.push(Alert::InsuranceExpired {
            insurer: insurance.insurer.clone(),
            policy_number: insurance.policy_number.clone(),
            valid_to: insurance.valid_to,
            days_ago: -days_left,
        });
    } else if days_left <= within {
        alerts.push(Alert::InsuranceExpiring {
            insurer: insurance.insurer.clone(),
            policy_number: insurance.policy_number.clone(),
            valid_to: insurance.valid_to,
            days_left,
        });
    }

    let warning = i64::from(rules.report_warning_days);
    let insured = subject
        .unpaid
        .iter()
        .filter(|i| i.due_date < as_of && insurance.is_valid_on(i.due_date));
    for invoice in insured {
        let Some(report_by) = insurance.report_unpaid_by(invoice.due_date) else {
            continue;
        };
        let days_left = (report_by - as_of).num_days();
        if days_left < 0 {
            alerts.push(Alert::InsurerReportOverdue {
                invoice_number: invoice.invoice_number.clone(),
                due_date: invoice.due_date,
                open: invoice.open,
                insurer: insurance.insurer.clone(),
                report_by,
                days_past: -days_left,
            });
        } else if days_left <= warning {
            alerts.push(Alert::InsurerReportDue {
                invoice_number: invoice.invoice_number.clone(),
                due_date: invoice.due_date,
                open: invoice.open,
                insurer: insurance.insurer.clone(),
                report_by,
                days_left,
            });
        }
    }
    alerts
}
