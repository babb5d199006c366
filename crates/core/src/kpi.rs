//! Receivables measures computed from period figures: DSO (standard and countback), best possible
//! DSO, average days delinquent, collection effectiveness index, receivables turnover.
//! (Logic to be completed.)

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// Credit sales of one window of the countback, the most recent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesWindow {
    /// First day of the window (inclusive).
    pub from: NaiveDate,
    /// Last day of the window (inclusive).
    pub to: NaiveDate,
    pub credit_sales: Money,
}

/// The figures every measure is computed from, for one currency (and optionally one customer).
/// All amounts are in the same currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodFigures {
    pub as_of: NaiveDate,
    /// Length of the period in days; the period is `(as_of - period_days, as_of]`.
    pub period_days: u32,
    /// Open receivables at the day before the period starts.
    pub receivables_begin: Money,
    /// Open receivables at the as-of date (net of nothing: unapplied cash is not deducted).
    pub receivables_end: Money,
    /// Part of `receivables_end` not yet due at the as-of date.
    pub current_end: Money,
    /// Invoices dated within the period, less credit notes dated within it.
    pub credit_sales: Money,
    /// Calendar-month windows ending at the as-of date, most recent first, for countback DSO.
    pub sales_windows: Vec<SalesWindow>,
}
