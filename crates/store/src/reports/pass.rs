//! The one pass over the instalments that every receivables report is built from.
//!
//! A single `SELECT` scans the `instalment` table in its clustered order (customer, currency),
//! lets SQL filter on the issue day and, for the few instalments with allocations on both sides
//! of a report day, sum their allocations; each row then goes to `creditdesk_receivables`, an
//! aggregate function defined here, which adds the row's open amounts into the sums of its
//! customer and currency. Rows of one customer and currency arrive together, so the sums are
//! kept as a list, not a map.
//!
//! Why an aggregate function rather than one `sum(CASE ...)` per bucket and window: SQLite
//! evaluates every `CASE` and steps every aggregate on every row, so the aging and the period
//! figures written that way took about eight times a bare scan of the table each (measured
//! over a million instalments); one aggregate step that receives the row's columns takes about
//! three and a half, and one pass serves both reports ([`Book::overview`](crate::Book::overview)).
//! Exactness is unchanged: every sum is of integer minor units.

use std::sync::{Arc, Mutex};

use creditdesk_core::aging::Buckets;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::{Result, StoreError};

const FUNCTION: &str = "creditdesk_receivables";

/// The days (schema day numbers) a pass looks at.
#[derive(Clone, Debug)]
pub(crate) struct PassDays {
    pub as_of: i64,
    /// Receivables are also measured at this day (the start of a period); may equal `as_of`.
    pub begin: i64,
    pub buckets: Buckets,
    /// Inclusive day ranges whose invoiced amounts are summed.
    pub windows: Vec<(i64, i64)>,
}

/// The sums of one customer and currency, in minor units.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PassSums {
    pub customer_id: i64,
    pub currency: [u8; 3],
    /// Open as of `as_of`, per aging bucket; `buckets[0]` is what is not yet due.
    pub buckets: Vec<i64>,
    /// Part of the open amount on disputed invoices.
    pub disputed: i64,
    /// Instalments with something open as of `as_of`.
    pub open_items: i64,
    /// Open as of `begin`.
    pub begin: i64,
    /// Invoiced (instalment amounts) with an issue day in `(begin, as_of]`.
    pub sales: i64,
    pub windows: Vec<i64>,
}

impl PassSums {
    pub(crate) fn open(&self) -> i64 {
        self.buckets.iter().sum()
    }

    pub(crate) fn currency_code(&self) -> &str {
        std::str::from_utf8(&self.currency).unwrap_or("")
    }
}

#[derive(Default)]
struct Shared {
    days: Option<PassDays>,
    result: Option<Vec<PassSums>>,
}

/// Registered once per connection; each run hands it the days and takes back the sums.
#[derive(Clone, Default)]
pub(crate) struct ReceivablesPass {
    shared: Arc<Mutex<Shared>>,
}

struct Accumulator {
    days: PassDays,
    windows: WindowIndex,
    groups: Vec<PassSums>,
}

/// Finds the windows an issue day falls in. When no two windows overlap (the calendar months of
/// a countback never do) and they span at most [`DAY_TABLE_SPAN`] days, a table of the days from
/// the first window's first day to the last one's last day gives each day's window at once;
/// other disjoint windows are found by binary search, overlapping ones by trying each.
struct WindowIndex {
    /// (first day, last day, position in `PassDays::windows`), by first day.
    sorted: Vec<(i64, i64, usize)>,
    disjoint: bool,
    /// The first day of `by_day`, and per day from it the window's position plus one (0: none).
    first_day: i64,
    by_day: Vec<u16>,
}

/// The longest span of days [`WindowIndex`] keeps a table for: ten years of windows.
const DAY_TABLE_SPAN: i64 = 3660;

impl WindowIndex {
    fn new(windows: &[(i64, i64)]) -> WindowIndex {
        let mut sorted: Vec<_> = windows
            .iter()
            .enumerate()
            .map(|(i, w)| (w.0, w.1, i))
            .collect();
        sorted.sort_unstable();
        let disjoint = sorted.windows(2).all(|pair| pair[0].1 < pair[1].0);
        let mut index = WindowIndex {
            sorted,
            disjoint,
            first_day: 0,
            by_day: Vec::new(),
        };
        let (Some(first), Some(last)) = (index.sorted.first(), index.sorted.last()) else {
            return index;
        };
        let span = last.1.saturating_sub(first.0).saturating_add(1);
        let fits = windows.len() < usize::from(u16::MAX);
        if disjoint && fits && (1..=DAY_TABLE_SPAN).contains(&span) {
            index.first_day = first.0;
            index.by_day = vec![0; span as usize];
            for &(from, to, slot) in &index.sorted {
                for day in from.max(first.0)..=to {
                    index.by_day[(day - first.0) as usize] = slot as u16 + 1;
                }
            }
        }
        index
    }

    fn add(&self, day: i64, amount: i64, slots: &mut [i64]) {
        if !self.by_day.is_empty() {
            let offset = day.checked_sub(self.first_day);
            let slot = offset.and_then(|o| usize::try_from(o).ok());
            if let Some(&slot) = slot.and_then(|o| self.by_day.get(o)) {
                if slot != 0 {
                    slots[usize::from(slot) - 1] += amount;
                }
            }
        } else if self.disjoint {
            let after = self.sorted.partition_point(|w| w.0 <= day);
            if let Some(&(_, last, slot)) = after.checked_sub(1).map(|i| &self.sorted[i]) {
                if day <= last {
                    slots[slot] += amount;
                }
            }
        } else {
            for &(first, last, slot) in &self.sorted {
                if (first..=last).contains(&day) {
                    slots[slot] += amount;
                }
            }
        }
    }
}

fn integer(value: ValueRef<'_>) -> i64 {
    match value {
        ValueRef::Integer(i) => i,
        _ => 0,
    }
}

impl Aggregate<Accumulator, Option<i64>> for ReceivablesPass {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Accumulator> {
        let shared = self
            .shared
            .lock()
            .map_err(|_| rusqlite::Error::UnwindingPanic)?;
        let days = shared.days.clone().ok_or(rusqlite::Error::InvalidQuery)?;
        let windows = WindowIndex::new(&days.windows);
        Ok(Accumulator {
            days,
            windows,
            groups: Vec::new(),
        })
    }

    /// Arguments, in order: customer_id, currency, due_day, issue_day, amount_minor, disputed,
    /// and the amount settled as of `as_of` and as of `begin`.
    fn step(&self, ctx: &mut Context<'_>, acc: &mut Accumulator) -> rusqlite::Result<()> {
        let customer_id = integer(ctx.get_raw(0));
        let currency = match ctx.get_raw(1) {
            ValueRef::Text([a, b, c]) => [*a, *b, *c],
            _ => return Err(rusqlite::Error::InvalidQuery),
        };
        let due_day = integer(ctx.get_raw(2));
        let issue_day = integer(ctx.get_raw(3));
        let amount = integer(ctx.get_raw(4));
        let disputed = integer(ctx.get_raw(5)) != 0;

        let days = &acc.days;
        let same_group = acc
            .groups
            .last()
            .is_some_and(|g| g.customer_id == customer_id && g.currency == currency);
        if !same_group {
            acc.groups.push(PassSums {
                customer_id,
                currency,
                buckets: vec![0; days.buckets.len()],
                windows: vec![0; days.windows.len()],
                ..PassSums::default()
            });
        }
        let sums = acc.groups.last_mut().expect("pushed above");

        if issue_day <= days.as_of {
            let open = amount - integer(ctx.get_raw(6));
            sums.buckets[days.buckets.index(days.as_of - due_day)] += open;
            if disputed {
                sums.disputed += open;
            }
            if open != 0 {
                sums.open_items += 1;
            }
            if issue_day > days.begin {
                sums.sales += amount;
            } else if days.begin == days.as_of {
                // No period: the second settled amount is not computed; it would be the same.
                sums.begin += open;
            }
        }
        if issue_day <= days.begin && days.begin != days.as_of {
            sums.begin += amount - integer(ctx.get_raw(7));
        }
        acc.windows.add(issue_day, amount, &mut sums.windows);
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut Context<'_>,
        acc: Option<Accumulator>,
    ) -> rusqlite::Result<Option<i64>> {
        let mut shared = self
            .shared
            .lock()
            .map_err(|_| rusqlite::Error::UnwindingPanic)?;
        shared.result = Some(acc.map(|a| a.groups).unwrap_or_default());
        Ok(None)
    }
}

impl ReceivablesPass {
    pub(crate) fn register(&self, conn: &Connection) -> Result<()> {
        let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY;
        conn.create_aggregate_function(FUNCTION, 8, flags, self.clone())?;
        Ok(())
    }

    /// Runs the pass over the customers with ids in `customers` (inclusive); one group per
    /// customer and currency with an instalment issued by the last day of interest, in customer
    /// id then currency order.
    pub(crate) fn run(
        &self,
        conn: &Connection,
        days: PassDays,
        customers: (i64, i64),
    ) -> Result<Vec<PassSums>> {
        let last_day = days
            .windows
            .iter()
            .map(|w| w.1)
            .fold(days.as_of.max(days.begin), i64::max);
        let (as_of, begin) = (days.as_of, days.begin);
        self.lock()?.days = Some(days);

        // What was settled by a day, from the cached allocation columns when every allocation
        // is on one side of the day, else from the allocations themselves.
        let settled = |day: &str| {
            format!(
                "CASE WHEN last_applied_day <= {day} THEN settled_minor
                      WHEN first_applied_day > {day} THEN 0
                      ELSE (SELECT coalesce(sum(a.amount_minor), 0) FROM allocation a
                            WHERE a.invoice_id = instalment.invoice_id AND a.seq = instalment.seq
                              AND a.applied_day <= {day})
                 END"
            )
        };
        // A report without a period start (aging, customer balances) skips the second sum.
        let settled_at_begin = if begin == as_of {
            "NULL".to_string()
        } else {
            settled("?2")
        };
        let sql = format!(
            "SELECT {FUNCTION}(customer_id, currency, due_day, issue_day, amount_minor, disputed,
                 {}, {settled_at_begin})
             FROM instalment WHERE customer_id BETWEEN ?4 AND ?5 AND issue_day <= ?3",
            settled("?1"),
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let params = (as_of, begin, last_day, customers.0, customers.1);
        let _: Option<i64> = stmt.query_row(params, |row| row.get(0))?;

        let mut shared = self.lock()?;
        shared.days = None;
        Ok(shared.result.take().unwrap_or_default())
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Shared>> {
        self.shared
            .lock()
            .map_err(|_| StoreError::ReportInterrupted)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::codec::day_number;

    /// The sales of each window after adding 1 on each of `days`.
    fn sales(index: &WindowIndex, windows: usize, days: impl Iterator<Item = i64>) -> Vec<i64> {
        let mut slots = vec![0; windows];
        for day in days {
            index.add(day, 1, &mut slots);
        }
        slots
    }

    #[test]
    fn the_table_of_days_finds_the_windows_the_search_finds() {
        let as_of = NaiveDate::from_ymd_opt(2024, 3, 31).unwrap();
        let windows: Vec<(i64, i64)> = creditdesk_core::kpi::month_windows(as_of, 24)
            .into_iter()
            .map(|(from, to)| (day_number(from), day_number(to)))
            .collect();
        let table = WindowIndex::new(&windows);
        assert!(!table.by_day.is_empty());
        let search = WindowIndex {
            by_day: Vec::new(),
            ..WindowIndex::new(&windows)
        };

        let around = day_number(as_of) - 800..=day_number(as_of) + 40;
        let found = sales(&table, windows.len(), around.clone());
        assert_eq!(found, sales(&search, windows.len(), around));
        assert_eq!(found[0], 31, "March 2024");
        assert_eq!(found[1], 29, "February 2024");
        assert_eq!(
            found.iter().sum::<i64>(),
            731,
            "two years, one of them a leap year"
        );
    }
}
