//! The requests and answers of the credit commands: a customer's credit file, exchange rates,
//! orders checked against the limit, and the review queue.
//!
//! The credit rules answer with values a UI can branch on (a hold reason's `code` and fields, a
//! review item's `code` and fields); the web UI writes their sentences from those in its own
//! language, so that they follow a language switch at once. Each also carries the sentence the
//! rules wrote, in the language of the command, for what the UI does not know yet.

use chrono::NaiveDate;
use creditdesk_app::error::{AppResult, ErrorCode};
use creditdesk_app::{CustomerReview, OrderChangeInput, OrderInput, OrderOutcome};
use creditdesk_core::credit::{
    CreditFile, CreditReport, Exposure, HoldReason, OrderChange, ReviewItem, Security,
    TradeCreditInsurance,
};
use serde::{Deserialize, Serialize};

/// One customer's credit, by its reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditCustomerRequest {
    pub customer: String,
}

/// One customer's exposure on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExposureRequest {
    pub customer: String,
    pub as_of: NaiveDate,
}

/// Security the customer has given, added to its credit file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddSecurityRequest {
    pub customer: String,
    pub security: Security,
}

/// A credit report bought about the customer, added to its credit file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddCreditReportRequest {
    pub customer: String,
    pub report: CreditReport,
}

/// The customer's trade-credit insurance, replacing the cover it had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SetInsuranceRequest {
    pub customer: String,
    pub insurance: TradeCreditInsurance,
}

/// A new order, checked as of `as_of`. Held, it is saved only with an `override_reason` that
/// is not blank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnterOrderRequest {
    pub order: OrderInput,
    pub as_of: NaiveDate,
    /// `null` to be told the check's result; a written reason to save the order even if held.
    pub override_reason: Option<String>,
}

/// A change of an order on record: closed, invoiced, reopened, or its amount amended (in the
/// order's currency). Reopening and raising are checked as of `as_of` like a new order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeOrderRequest {
    pub reference: String,
    pub change: OrderChangeInput,
    pub as_of: NaiveDate,
    pub override_reason: Option<String>,
}

/// The review queue on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewQueueRequest {
    pub as_of: NaiveDate,
}

/// One reason an order is held: its code and fields, and its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HeldFor {
    pub reason: HoldReason,
    pub sentence: String,
}

/// What became of an order entered or changed: the credit check, and whether it was saved.
///
/// Invariant: `reasons` is empty exactly when the check approved the order; an order with
/// reasons was saved only when `overridden`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderResult {
    pub reference: String,
    pub change: OrderChange,
    /// The exposure with the order as entered or changed.
    pub exposure: Exposure,
    /// Every reason the check held the order for; none when it approved it.
    pub reasons: Vec<HeldFor>,
    pub saved: bool,
    pub overridden: bool,
    /// The check's decision in one sentence.
    pub decision: String,
    /// What happened to the order, in one sentence.
    pub message: String,
}

impl From<OrderOutcome> for OrderResult {
    fn from(outcome: OrderOutcome) -> OrderResult {
        let check = outcome.check;
        let reasons = check
            .decision
            .reasons()
            .iter()
            .map(|reason| HeldFor {
                reason: reason.clone(),
                sentence: reason.to_string(),
            })
            .collect();
        OrderResult {
            reference: outcome.reference,
            change: check.change,
            exposure: check.exposure,
            reasons,
            saved: outcome.saved,
            overridden: outcome.overridden,
            decision: check.decision.to_string(),
            message: outcome.message,
        }
    }
}

/// One thing to look at in a credit file: its code and fields, and its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewNote {
    pub item: ReviewItem,
    pub sentence: String,
}

/// What needs looking at in one customer's credit file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewEntry {
    pub customer: String,
    pub items: Vec<ReviewNote>,
}

impl From<CustomerReview> for ReviewEntry {
    fn from(review: CustomerReview) -> ReviewEntry {
        ReviewEntry {
            customer: review.customer,
            items: review
                .items
                .into_iter()
                .map(|item| ReviewNote {
                    sentence: item.to_string(),
                    item,
                })
                .collect(),
        }
    }
}

/// The customer's credit file, or `None` when it has none yet (a customer the book does not
/// hold has none either).
pub fn optional_file(file: AppResult<CreditFile>) -> AppResult<Option<CreditFile>> {
    match file {
        Ok(file) => Ok(Some(file)),
        Err(err) if err.code == ErrorCode::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}
