//! The requests of the commands that watch credit and follow invoices up: the book's credit
//! alerts and a customer's risk score on a date, invoices reported to the insurer, disputes,
//! promises to pay, payment plans, insurance claims, write-offs with their reason, and the
//! reports over them (bad debt, claims).
//!
//! The answers are the application layer's own types. Alerts, risk factors and promise
//! standings carry codes and fields the web UI writes its sentences from in its own language,
//! next to the sentence the rules wrote in the language of the command.

use chrono::NaiveDate;
use creditdesk_app::error::{AppResult, ErrorCode};
use creditdesk_app::{CustomerRisk, DisputeEntry, PlanLine, PromiseLine, SettlementInput};
use serde::{Deserialize, Serialize};

/// Something asked about the whole book on one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AsOfRequest {
    pub as_of: NaiveDate,
}

/// A period from `from` through `to`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A payment plan judged on a date: broken when its standing then says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BreakPlanRequest {
    /// The plan's id (`PLAN-<id>`).
    pub id: i64,
    pub as_of: NaiveDate,
}

/// A write-off with the reason it was written off for (blank for none given).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WriteOffRequest {
    pub settlement: SettlementInput,
    pub reason: String,
}

/// The customer's risk score, or `None` when it has no credit profile (nor, then, a score).
pub fn optional_risk(risk: AppResult<CustomerRisk>) -> AppResult<Option<CustomerRisk>> {
    match risk {
        Ok(risk) => Ok(Some(risk)),
        Err(err) if err.code == ErrorCode::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// The disputes on record for one invoice, oldest first. Invoice numbers are compared as the
/// book keeps them, after the invoice's own number was looked up.
pub fn disputes_of(entries: Vec<DisputeEntry>, invoice: &str) -> Vec<DisputeEntry> {
    entries
        .into_iter()
        .filter(|entry| entry.dispute.invoice_number == invoice)
        .collect()
}

/// The promises made by one customer, by promised date.
pub fn promises_of(lines: Vec<PromiseLine>, customer: &str) -> Vec<PromiseLine> {
    lines
        .into_iter()
        .filter(|line| line.promise.customer_reference == customer)
        .collect()
}

/// The payment plans of one customer, the earliest started first.
pub fn plans_of(lines: Vec<PlanLine>, customer: &str) -> Vec<PlanLine> {
    lines
        .into_iter()
        .filter(|line| line.plan.customer_reference == customer)
        .collect()
}
