//! The requests and answers of the credit commands: a customer's credit file, exchange rates,
//! orders checked against the limit, the review queue, the book's credit policy and suggested
//! limits with the decisions taken on them.
//!
//! The credit rules answer with values a UI can branch on (a hold reason's `code` and fields, a
//! review item's `code` and fields); the web UI writes their sentences from those in its own
//! language, so that they follow a language switch at once. Each also carries the sentence the
//! rules wrote, in the language of the command, for what the UI does not know yet.

use chrono::NaiveDate;
use creditdesk_app::error::{AppResult, ErrorCode};
use creditdesk_app::{
    CreditPolicy, CustomerReview, OrderChangeInput, OrderInput, OrderOutcome, RatesSaved,
};
use creditdesk_core::credit::{
    CreditFile, CreditReport, Exposure, HoldReason, LimitSuggestion, OrderChange, ReviewItem,
    Security, TradeCreditInsurance,
};
use creditdesk_core::Money;
use serde::{Deserialize, Serialize};

use crate::choosing::Purpose;
use crate::session::Session;

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

/// One security or credit report of a customer, by the id the entries list gives it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemoveEntryRequest {
    pub customer: String,
    pub id: i64,
}

/// The exchange rates dated on or before a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangeRatesRequest {
    pub up_to: NaiveDate,
}

/// The limit suggested for a customer as of a day. `first_order` is what a first limit is based
/// on; when `null`, the customer's earliest order on record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestLimitRequest {
    pub customer: String,
    pub as_of: NaiveDate,
    pub first_order: Option<Money>,
}

/// Accepting or rejecting the limit suggested for a customer as of a day, with a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LimitDecisionRequest {
    pub customer: String,
    pub as_of: NaiveDate,
    pub first_order: Option<Money>,
    /// `null` or blank for none.
    pub note: Option<String>,
}

/// A suggested limit: the grounds as codes and fields, and the sentences the rules wrote.
///
/// Invariant: `ground_sentences` has one sentence per ground of `suggestion`, in its order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestedLimit {
    pub suggestion: LimitSuggestion,
    /// The conclusion in one sentence.
    pub sentence: String,
    pub ground_sentences: Vec<String>,
}

impl From<LimitSuggestion> for SuggestedLimit {
    fn from(suggestion: LimitSuggestion) -> SuggestedLimit {
        SuggestedLimit {
            sentence: suggestion.to_string(),
            ground_sentences: suggestion.grounds.iter().map(|g| g.to_string()).collect(),
            suggestion,
        }
    }
}

/// The book's credit policy as saved, and whether saving changed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicySaved {
    pub policy: CreditPolicy,
    /// False when the book's policy already read so.
    pub changed: bool,
}

/// A file of exchange rates imported: its name and how many rates were added, replaced or
/// left unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatesImported {
    /// The file name without its folder.
    pub file_name: String,
    pub saved: RatesSaved,
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

/// Asks for a file of exchange rates in an open dialog and records every rate of it in the open
/// book (all of them, or none when a row is bad); `None` when the user cancelled. The path never
/// leaves the shell.
pub fn import_rates(session: &Session) -> AppResult<Option<RatesImported>> {
    let Some(path) = session.choose(Purpose::RatesFile) else {
        return Ok(None);
    };
    let file_name = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let saved = session.with_book(move |book| book.import_exchange_rates(&path))?;
    Ok(Some(RatesImported { file_name, saved }))
}
