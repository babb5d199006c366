//! Reports for an explicit as-of date, computed in SQL in one pass over the instalments.
//!
//! Every report reads the `instalment` table, which is clustered by customer and currency and
//! holds every column a report needs, so `GROUP BY customer_id, currency` streams without
//! sorting and without another index. Per-currency totals are the sums of the
//! customer rows, added in Rust as exact integers.
//!
//! As of a day D: an invoice counts only if issued on or before D; an instalment's open amount
//! is its amount less the allocations applied on or before D; a settlement counts only if dated
//! on or before D, and its unapplied part is its amount less its allocations applied on or
//! before D. Days are compared as the schema's integer day numbers.

mod aging;
mod figures;
mod pass;

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::aging::{AgingReport, Buckets};
use serde::{Deserialize, Serialize};

pub use figures::FiguresRow;
pub(crate) use pass::{PassDays, ReceivablesPass};

use crate::book::Book;
use crate::error::{Result, StoreError};

/// The aging and the period figures of one as-of date, from a single pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub aging: AgingReport,
    pub figures: Vec<FiguresRow>,
}

/// Reference and name of every customer, by id.
pub(crate) struct CustomerNames(HashMap<i64, (String, String)>);

impl CustomerNames {
    pub(crate) fn of(&self, id: i64) -> Result<(&str, &str)> {
        self.0
            .get(&id)
            .map(|(reference, name)| (reference.as_str(), name.as_str()))
            .ok_or_else(|| StoreError::Unreadable(format!("customer id {id} has no customer")))
    }
}

impl Book {
    /// [`Book::aging`] and [`Book::period_figures`] together, in the time of one of them: both
    /// come from the same pass over the instalments.
    pub fn overview(
        &self,
        as_of: NaiveDate,
        buckets: &Buckets,
        period_days: u32,
        windows: &[(NaiveDate, NaiveDate)],
    ) -> Result<Overview> {
        let days = figures::period_days(as_of, period_days, buckets, windows);
        let groups = self.pass().run(self.conn(), days.clone())?;
        let names = self.customer_names()?;
        Ok(Overview {
            aging: self.aging_from(as_of, buckets, &groups, &names)?,
            figures: self.figures_from(as_of, period_days, windows, &days, &groups, &names)?,
        })
    }

    pub(crate) fn customer_names(&self) -> Result<CustomerNames> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, reference, name FROM customer")?;
        let names = stmt
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(CustomerNames(names))
    }
}

/// SQL for the open amount, as of the day in parameter `day`, of the instalment row `row`.
///
/// The cached allocation columns answer without reading the allocation table when every
/// allocation was applied on or before the day (`last_applied_day`; also true of an
/// instalment with none) or all of them after it (`first_applied_day`); only an instalment
/// with allocations on both sides of the day sums its allocations.
pub(crate) fn open_as_of(row: &str, day: &str) -> String {
    format!(
        "({row}.amount_minor - CASE
            WHEN {row}.last_applied_day <= {day} THEN {row}.settled_minor
            WHEN {row}.first_applied_day > {day} THEN 0
            ELSE (SELECT coalesce(sum(a.amount_minor), 0) FROM allocation a
                  WHERE a.invoice_id = {row}.invoice_id AND a.seq = {row}.seq
                    AND a.applied_day <= {day})
         END)"
    )
}

/// SQL for the part of the settlement row `row` not allocated as of the day in `day`.
pub(crate) fn unapplied_as_of(row: &str, day: &str) -> String {
    format!(
        "({row}.amount_minor - CASE
            WHEN {row}.last_applied_day <= {day} THEN {row}.allocated_minor
            WHEN {row}.first_applied_day > {day} THEN 0
            ELSE (SELECT coalesce(sum(a.amount_minor), 0) FROM allocation a
                  WHERE a.settlement_id = {row}.id AND a.applied_day <= {day})
         END)"
    )
}
