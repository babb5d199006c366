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
mod dashboard;
mod figures;
mod pass;
mod split;

use std::sync::atomic::AtomicUsize;
use std::sync::OnceLock;

use chrono::NaiveDate;
use creditdesk_core::aging::{AgingReport, Buckets};
use creditdesk_core::{say, Currency};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

pub use dashboard::{
    CurrencyFigures, CustomerPosition, DashboardFigures, DisputedInvoice, TrendFigures,
};
use figures::FigureSums;
pub use figures::FiguresRow;
pub(crate) use pass::{PassDays, ReceivablesPass};
pub(crate) use split::{audit_mark, SecondReaderSlot};

use crate::book::Book;
use crate::codec::{parse_currency, text};
use crate::error::{Result, StoreError};

/// Customer and currency groups from which the aging and the period figures of an overview are
/// built on two threads; fewer are built faster than a thread starts.
const SPLIT_FROM_GROUPS: usize = 2000;

/// The aging and the period figures of one as-of date, from a single pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub aging: AgingReport,
    pub figures: Vec<FiguresRow>,
}

/// Reference and name of every customer, by id: the texts one after the other in one string,
/// and per customer, in id order, its id and where its reference and name end in that string.
/// (Tens of thousands of small strings would cost more to make and free than the report.)
pub(crate) struct CustomerNames {
    text: String,
    ends: Vec<(i64, usize, usize)>,
}

impl CustomerNames {
    pub(crate) fn read(conn: &Connection) -> Result<CustomerNames> {
        let mut stmt =
            conn.prepare_cached("SELECT id, reference, name FROM customer ORDER BY id")?;
        let mut rows = stmt.query([])?;
        let mut names = CustomerNames {
            text: String::new(),
            ends: Vec::new(),
        };
        while let Some(r) = rows.next()? {
            names.text.push_str(text(r, 1)?);
            let reference_end = names.text.len();
            names.text.push_str(text(r, 2)?);
            names
                .ends
                .push((r.get(0)?, reference_end, names.text.len()));
        }
        Ok(names)
    }

    pub(crate) fn of(&self, id: i64) -> Result<(&str, &str)> {
        Ok(self.at(self.position(id)?))
    }

    /// [`CustomerNames::of`] for ids asked in increasing order, as the groups of a pass are:
    /// `near` is where the previous id was found, and the next is looked for there and just
    /// after it before the whole list is searched. (Twenty thousand searches of the whole list
    /// cost as much as the rest of building a report's rows.)
    pub(crate) fn of_near(&self, id: i64, near: &mut usize) -> Result<(&str, &str)> {
        let here = |at: usize| self.ends.get(at).is_some_and(|&(found, _, _)| found == id);
        let position = if here(*near) {
            *near
        } else if here(*near + 1) {
            *near + 1
        } else {
            self.position(id)?
        };
        *near = position;
        Ok(self.at(position))
    }

    fn position(&self, id: i64) -> Result<usize> {
        self.ends
            .binary_search_by_key(&id, |&(id, _, _)| id)
            .map_err(|_| {
                StoreError::Unreadable(say!(
                    en: "customer id {id} has no customer",
                    zh: "客户 ID {id} 没有对应的客户",
                ))
            })
    }

    /// The reference and name at `position` in `ends`, which must be in range.
    fn at(&self, position: usize) -> (&str, &str) {
        let start = match position {
            0 => 0,
            _ => self.ends[position - 1].2,
        };
        let (_, reference_end, name_end) = self.ends[position];
        (
            &self.text[start..reference_end],
            &self.text[reference_end..name_end],
        )
    }
}

/// The currencies of a pass's groups, each code parsed once for a run of groups in it (most
/// books have one or two currencies; a code is looked up among all of ISO 4217's).
#[derive(Default)]
pub(crate) struct GroupCurrencies {
    last: Option<([u8; 3], Currency)>,
}

impl GroupCurrencies {
    pub(crate) fn of(&mut self, group: &pass::PassSums) -> Result<Currency> {
        match self.last {
            Some((code, currency)) if code == group.currency => Ok(currency),
            _ => {
                let currency = parse_currency(group.currency_code())?;
                self.last = Some((group.currency, currency));
                Ok(currency)
            }
        }
    }
}

/// Rows keyed by customer reference and currency, in that order, with the rows of one key
/// merged into the first (in their order) by `merge`.
///
/// Sorting a list once is cheaper than a map built a row at a time, and nearly free when the
/// customers' ids follow their references, as the pass already gives the rows in id order.
pub(crate) fn by_reference<'n, T>(
    mut rows: Vec<(&'n str, Currency, T)>,
    merge: impl Fn(&mut T, T),
) -> Vec<(&'n str, Currency, T)> {
    rows.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut merged: Vec<(&'n str, Currency, T)> = Vec::with_capacity(rows.len());
    for (reference, currency, row) in rows {
        match merged.last_mut() {
            Some(last) if last.0 == reference && last.1 == currency => merge(&mut last.2, row),
            _ => merged.push((reference, currency, row)),
        }
    }
    merged
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
        let (mut groups, (names, unapplied, credits)) = self.receivables(&days, |conn| {
            let names = CustomerNames::read(conn)?;
            let unapplied = aging::unapplied(conn, as_of)?;
            Ok((names, unapplied, figures::credit_notes(conn, &days)?))
        })?;
        let sales = figures::take_windows(&mut groups);
        let (groups, names) = (&groups, &names);
        let aging = || aging::aging_from(as_of, buckets, groups, names, &unapplied);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        if groups.len() < SPLIT_FROM_GROUPS || cores < 2 {
            return Ok(Overview {
                aging: aging()?,
                figures: figures::figures_from(
                    as_of,
                    period_days,
                    windows,
                    groups,
                    sales,
                    credits,
                    names,
                )?,
            });
        }
        let period = figures::Period {
            as_of,
            period_days,
            windows,
        };

        // Two reports of many rows on two cores: the aging on a second thread, and the rows of
        // figures, which take about twice as long to make, on this one, shared with the second
        // thread once its aging is done.
        let (shared, next) = (OnceLock::new(), AtomicUsize::new(0));
        let (aging, theirs, sums, mine) = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                let aging = aging();
                let help = shared.get().map(|sums| period.blocks(sums, &next));
                (aging, help.unwrap_or_default())
            });
            let sums = figures::figure_sums(groups, sales, credits, names)
                .map(|sums| shared.get_or_init(|| sums));
            let mine = sums
                .as_ref()
                .map_or(Vec::new(), |s| period.blocks(s, &next));
            match second.join() {
                Ok((aging, theirs)) => Ok((aging, theirs, sums.map(FigureSums::len), mine)),
                Err(_) => Err(StoreError::ReportInterrupted),
            }
        })?;
        let (aging, rows) = (aging?, sums?);
        let mut blocks = mine;
        blocks.extend(theirs);
        blocks.sort_unstable_by_key(|(block, _)| *block);
        let mut figures = Vec::with_capacity(rows);
        for (_, rows) in blocks {
            figures.extend(rows);
        }
        Ok(Overview { aging, figures })
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

/// SQL for a subquery of the settlements that can have something unapplied as of the day in
/// parameter `?1`, with the columns `customer_id`, `currency`, `day` and `remaining` (the
/// unapplied part, possibly zero).
///
/// Only two kinds of settlement dated by the day can: one not fully allocated now, and one
/// fully allocated with an allocation after the day, which was therefore applied after the
/// settlement's own date. Each kind has a small partial index of its own (schema version 2),
/// so the reports never read every settlement; the conditions repeat the indexes' own, as
/// SQLite uses a partial index only for a query that states its condition.
pub(crate) fn unapplied_candidates() -> String {
    let remaining = unapplied_as_of("s", "?1");
    format!(
        "SELECT customer_id, currency, day, {remaining} AS remaining
         FROM settlement s INDEXED BY settlement_unapplied
         WHERE allocated_minor != amount_minor AND day <= ?1
         UNION ALL
         SELECT customer_id, currency, day, {remaining} AS remaining
         FROM settlement s INDEXED BY settlement_applied_late
         WHERE last_applied_day > day AND last_applied_day > ?1
           AND allocated_minor = amount_minor AND day <= ?1"
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
