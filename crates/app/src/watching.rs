//! Watching credit across the book: each customer's risk score with the factors that make it
//! up, the exposure of every customer with a credit profile, and the alerts that say what needs
//! acting on (limit exceeded, behaviour worsening, review due, security or insurance expiring
//! or expired, an unpaid invoice near or past the insurer's reporting deadline).
//!
//! Everything is read in one set of book-wide queries (`Book::credit_standings`, and
//! `Book::broken_promises` for the promises to pay broken in the last 365 days), then computed
//! per customer by the pure rules of the core, so a book of a hundred thousand customers is
//! answered in about the time of one pass over its open items. The score and the alerts of one
//! customer are the same whether asked for alone or with the whole book.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_core::credit::{
    self, Alert, AlertRules, AlertSubject, CreditError, ExchangeRate, ExposureTotals, RiskFactor,
    RiskInputs, RiskRules, RiskScore,
};
use creditdesk_core::say;
use creditdesk_store::CreditStanding;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, OpenBook};

/// A customer's risk score as the screens and the command line show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerRisk {
    pub customer: String,
    pub customer_name: String,
    pub score: RiskScore,
    /// Every factor with its sentence, in the order of `score.factors`.
    pub factors: Vec<ScoredFactor>,
    pub exposure: ExposureTotals,
    /// The score in one sentence.
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScoredFactor {
    pub factor: RiskFactor,
    pub message: String,
}

/// One alert of one customer; `alert.kind` is the snake_case kind a UI branches on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditAlert {
    pub customer: String,
    pub customer_name: String,
    pub alert: Alert,
    pub message: String,
}

/// The exposure of one customer with a credit profile, or why it could not be measured.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerExposure {
    pub customer: String,
    pub customer_name: String,
    pub exposure: Option<ExposureTotals>,
    /// The sentence saying which rate is missing, when `exposure` is `None`.
    pub problem: Option<String>,
}

/// What one customer's standing gives, computed once for the score and the alerts.
struct Weighed {
    exposure: Result<ExposureTotals, CreditError>,
    risk: Result<RiskScore, CreditError>,
}

/// `broken_promises` is the customer's count from `Book::broken_promises`: promises to pay
/// broken within the 365 days ending on `as_of`, the score's window for them.
fn weigh(
    standing: &CreditStanding,
    broken_promises: &BTreeMap<String, u32>,
    rates: &[ExchangeRate],
    as_of: NaiveDate,
) -> Weighed {
    let exposure = credit::exposure_totals(
        &standing.profile,
        &standing.security,
        standing.insurance.as_ref(),
        &standing.receivables,
        &standing.open_orders,
        rates,
        as_of,
    );
    let risk = exposure
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|exposure| {
            let inputs = RiskInputs {
                currency: exposure.limit.currency(),
                behaviour: standing.behaviour.clone(),
                exposure: Some((exposure.total, exposure.limit)),
                open_disputes: standing.receivables.iter().filter(|r| r.disputed).count() as u32,
                disputed: exposure.disputed,
                broken_promises: broken_promises
                    .get(&standing.profile.customer_reference)
                    .copied()
                    .unwrap_or(0),
            };
            credit::risk_score(&inputs, &RiskRules::default(), rates, as_of)
        });
    Weighed { exposure, risk }
}

impl OpenBook {
    /// The risk score of `customer` as of `as_of`, with its factors; refused for a customer
    /// without a credit profile, or when an amount's currency has no usable rate.
    pub fn risk(&self, customer: &str, as_of: NaiveDate) -> AppResult<CustomerRisk> {
        let customer = customer.trim();
        let rates = self.book.exchange_rates(as_of).map_err(store_error)?;
        let standings = self
            .book
            .credit_standings(as_of, &RiskRules::default(), Some(customer))
            .map_err(store_error)?;
        let Some(standing) = standings.first() else {
            return Err(AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "Customer {customer} has no credit profile, so it has no risk score; set \
                         a profile with a credit limit first.",
                    zh: "客户 {customer} 没有信用档案，因此没有风险评分；请先设定带有信用额度的\
                         信用档案。",
                ),
            ));
        };

        let broken = self.book.broken_promises(as_of).map_err(store_error)?;
        let weighed = weigh(standing, &broken, &rates, as_of);
        let refused = |e: CreditError| AppError::invalid(e.to_string());
        let exposure = weighed.exposure.map_err(refused)?;
        let score = weighed.risk.map_err(refused)?;
        let factors = score
            .factors
            .iter()
            .map(|factor| ScoredFactor {
                factor: factor.clone(),
                message: factor.to_string(),
            })
            .collect();
        Ok(CustomerRisk {
            customer: standing.profile.customer_reference.clone(),
            customer_name: standing.name.clone(),
            message: score.to_string(),
            factors,
            score,
            exposure,
        })
    }

    /// Every credit alert as of `as_of`: customers with a credit profile in reference order,
    /// each customer's alerts in the order of `creditdesk_core::credit::credit_alerts`.
    pub fn credit_alerts(&self, as_of: NaiveDate) -> AppResult<Vec<CreditAlert>> {
        let rates = self.book.exchange_rates(as_of).map_err(store_error)?;
        let mut standings = self
            .book
            .credit_standings(as_of, &RiskRules::default(), None)
            .map_err(store_error)?;
        // Expiring security and insurance are announced as far ahead as the review queue
        // lists them: the book's credit policy says how far.
        let policy = self.credit_policy()?;
        let rules = AlertRules {
            expiring_within_days: policy.review.expiring_within_days,
            ..AlertRules::default()
        };

        let broken = self.book.broken_promises(as_of).map_err(store_error)?;
        let mut alerts = Vec::new();
        for standing in &mut standings {
            if standing.insurance.is_some() {
                // Invoices near their reporting deadline are listed by due date.
                standing.receivables.sort_by(|a, b| {
                    (a.due_date, &a.invoice_number).cmp(&(b.due_date, &b.invoice_number))
                });
            }
            let weighed = weigh(standing, &broken, &rates, as_of);
            // An invoice reported to the insurer needs no more reminding that it must be.
            let unreported: Vec<_> = standing
                .receivables
                .iter()
                .filter(|r| !standing.reported.contains(&r.invoice_number))
                .cloned()
                .collect();
            let subject = AlertSubject {
                profile: &standing.profile,
                security: &standing.security,
                insurance: standing.insurance.as_ref(),
                exposure: weighed.exposure.as_ref(),
                risk: weighed.risk.as_ref(),
                unpaid: &unreported,
            };
            for alert in credit::credit_alerts(&subject, &rules, as_of) {
                alerts.push(CreditAlert {
                    customer: standing.profile.customer_reference.clone(),
                    customer_name: standing.name.clone(),
                    message: alert.to_string(),
                    alert,
                });
            }
        }
        Ok(alerts)
    }

    /// The exposure of every customer with a credit profile as of `as_of`, in reference order:
    /// the same totals as [`OpenBook::exposure`] gives customer by customer.
    pub fn exposures(&self, as_of: NaiveDate) -> AppResult<Vec<CustomerExposure>> {
        let rates = self.book.exchange_rates(as_of).map_err(store_error)?;
        let standings = self
            .book
            .credit_standings(as_of, &RiskRules::default(), None)
            .map_err(store_error)?;
        Ok(standings
            .iter()
            .map(|standing| {
                let exposure = credit::exposure_totals(
                    &standing.profile,
                    &standing.security,
                    standing.insurance.as_ref(),
                    &standing.receivables,
                    &standing.open_orders,
                    &rates,
                    as_of,
                );
                CustomerExposure {
                    customer: standing.profile.customer_reference.clone(),
                    customer_name: standing.name.clone(),
                    problem: exposure.as_ref().err().map(ToString::to_string),
                    exposure: exposure.ok(),
                }
            })
            .collect())
    }
}
