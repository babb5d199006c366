//! The review queue of one customer: what in its credit file needs looking at on a date.
//!
//! An entry is made for a review date reached, security or insurance that expires within the
//! window (or has already expired: it needs renewing or removing), and a credit report that is
//! missing or older than the longest age allowed.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::credit::check::days;
use crate::credit::{CreditFile, SecurityKind};
use crate::money::Money;
use crate::say;

/// How far ahead the queue looks, and how old a credit report may get.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewWindows {
    /// Security and insurance whose last day is at most this many days after the as-of date.
    pub expiring_within_days: u32,
    /// A latest report more than this many days old is stale.
    pub report_max_age_days: u32,
}

impl Default for ReviewWindows {
    /// 30 days ahead; reports up to a year (365 days) old.
    fn default() -> Self {
        ReviewWindows {
            expiring_within_days: 30,
            report_max_age_days: 365,
        }
    }
}

/// One thing to look at in a customer's credit file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ReviewItem {
    /// The review date is the as-of date or before it.
    ReviewDue {
        review_date: NaiveDate,
        days_past: i64,
    },
    /// `days_left` is negative once the security has expired.
    SecurityExpiring {
        kind: SecurityKind,
        issuer: String,
        amount: Money,
        expires_on: NaiveDate,
        days_left: i64,
    },
    /// `days_left` is negative once the cover has ended.
    InsuranceExpiring {
        insurer: String,
        policy_number: String,
        valid_to: NaiveDate,
        days_left: i64,
    },
    ReportStale {
        agency: String,
        date: NaiveDate,
        age_days: i64,
    },
    NoReport,
}

impl ReviewItem {
    pub fn code(&self) -> &'static str {
        match self {
            ReviewItem::ReviewDue { .. } => "review_due",
            ReviewItem::SecurityExpiring { .. } => "security_expiring",
            ReviewItem::InsuranceExpiring { .. } => "insurance_expiring",
            ReviewItem::ReportStale { .. } => "report_stale",
            ReviewItem::NoReport => "no_report",
        }
    }
}

impl fmt::Display for ReviewItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            ReviewItem::ReviewDue {
                review_date,
                days_past: 0,
            } => say!(
                en: "The credit review is due today, {review_date}.",
                zh: "信用复核今天（{review_date}）到期。",
            ),
            ReviewItem::ReviewDue {
                review_date,
                days_past,
            } => {
                let past = days(*days_past);
                say!(
                    en: "The credit review was due on {review_date}, {past} ago.",
                    zh: "信用复核已于 {review_date} 到期，已过去 {past}。",
                )
            }
            ReviewItem::SecurityExpiring {
                kind,
                issuer,
                amount,
                expires_on,
                days_left,
            } => {
                let kind = kind.word();
                if *days_left < 0 {
                    say!(
                        en: "The {kind} of {amount} from {issuer} expired on {expires_on}; renew \
                             it or remove it.",
                        zh: "{issuer} 提供的 {amount} {kind}已于 {expires_on} 到期；请续期或删除。",
                    )
                } else {
                    let left = days(*days_left);
                    say!(
                        en: "The {kind} of {amount} from {issuer} expires on {expires_on}, in \
                             {left}.",
                        zh: "{issuer} 提供的 {amount} {kind}将于 {expires_on} 到期，还剩 {left}。",
                    )
                }
            }
            ReviewItem::InsuranceExpiring {
                insurer,
                policy_number,
                valid_to,
                days_left,
            } => {
                if *days_left < 0 {
                    say!(
                        en: "The cover of {insurer} under policy {policy_number} ended on \
                             {valid_to}; renew it or remove it.",
                        zh: "{insurer} 保单 {policy_number} 的保障已于 {valid_to} 终止；请续保或\
                             删除。",
                    )
                } else {
                    let left = days(*days_left);
                    say!(
                        en: "The cover of {insurer} under policy {policy_number} ends on \
                             {valid_to}, in {left}.",
                        zh: "{insurer} 保单 {policy_number} 的保障将于 {valid_to} 终止，还剩 \
                             {left}。",
                    )
                }
            }
            ReviewItem::ReportStale {
                agency,
                date,
                age_days,
            } => {
                let age = days(*age_days);
                say!(
                    en: "The latest credit report, from {agency} on {date}, is {age} old; buy a \
                         new one.",
                    zh: "最新的信用报告（{agency}，{date}）已有 {age}；请购买新的报告。",
                )
            }
            ReviewItem::NoReport => say!(
                en: "There is no credit report on the customer; buy one.",
                zh: "该客户没有信用报告；请购买一份。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// What needs looking at in `file` as of `as_of`: the review, then security in the file's order,
/// then insurance, then the credit report.
pub fn review_queue(
    file: &CreditFile,
    windows: &ReviewWindows,
    as_of: NaiveDate,
) -> Vec<ReviewItem> {
    let within = i64::from(windows.expiring_within_days);
    let mut items = Vec::new();

    let days_past = (as_of - file.profile.review_date).num_days();
    if days_past >= 0 {
        items.push(ReviewItem::ReviewDue {
            review_date: file.profile.review_date,
            days_past,
        });
    }

    for security in &file.security {
        let Some(expires_on) = security.expires_on() else {
            continue;
        };
        let days_left = (expires_on - as_of).num_days();
        if days_left <= within {
            items.push(ReviewItem::SecurityExpiring {
                kind: security.kind,
                issuer: security.issuer.clone(),
                amount: security.amount,
                expires_on,
                days_left,
            });
        }
    }

    if let Some(insurance) = &file.insurance {
        let days_left = (insurance.valid_to - as_of).num_days();
        if days_left <= within {
            items.push(ReviewItem::InsuranceExpiring {
                insurer: insurance.insurer.clone(),
                policy_number: insurance.policy_number.clone(),
                valid_to: insurance.valid_to,
                days_left,
            });
        }
    }

    match file.reports.iter().max_by_key(|r| r.date) {
        None => items.push(ReviewItem::NoReport),
        Some(latest) => {
            let age_days = (as_of - latest.date).num_days();
            if age_days > i64::from(windows.report_max_age_days) {
                items.push(ReviewItem::ReportStale {
                    agency: latest.agency.clone(),
                    date: latest.date,
                    age_days,
                });
            }
        }
    }

    items
}
