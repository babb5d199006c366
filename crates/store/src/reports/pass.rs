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
//!
//! A pass may also measure the receivables at a few earlier days (a trend): the aggregate is
//! then called with five more arguments, the instalment's cached allocation columns and its
//! key. An instalment's open amount at such a day follows from the cached columns alone unless
//! its allocations lie on both sides of the day; those few instalments are counted as wholly
//! open there and noted, and their allocations up to the day are read and taken off once the
//! scan is done, in the same read transaction.

use std::sync::{Arc, Mutex};

use creditdesk_core::aging::Buckets;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::error::{Result, StoreError};

const FUNCTION: &str = "creditdesk_receivables";

/// Arguments of the aggregate without a trend, and with one.
const ARGUMENTS: i32 = 8;
const TREND_ARGUMENTS: i32 = 13;

/// The days (schema day numbers) a pass looks at.
#[derive(Clone, Debug)]
pub(crate) struct PassDays {
    pub as_of: i64,
    /// Receivables are also measured at this day (the start of a period); may equal `as_of`.
    pub begin: i64,
    pub buckets: Buckets,
    /// Inclusive day ranges whose invoiced amounts are summed.
    pub windows: Vec<(i64, i64)>,
    /// Days at which the open receivables are also measured, each with the first day of its
    /// period: `(end, begin)`; the invoiced amounts of `(begin, end]` are summed too.
    pub trend: Vec<(i64, i64)>,
}

impl PassDays {
    /// The days of a report at `day` alone: no period, no windows, no trend.
    pub(crate) fn at(day: i64, buckets: Buckets) -> PassDays {
        PassDays {
            as_of: day,
            begin: day,
            buckets,
            windows: vec![],
            trend: vec![],
        }
    }
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
    /// The earliest due day of those instalments; `i64::MAX` when there are none.
    pub oldest_open_due: i64,
    /// Open as of `begin`.
    pub begin: i64,
    /// Invoiced (instalment amounts) with an issue day in `(begin, as_of]`.
    pub sales: i64,
    pub windows: Vec<i64>,
    /// Open at each day of `PassDays::trend`, and invoiced in each of its periods.
    pub trend_open: Vec<i64>,
    pub trend_sales: Vec<i64>,
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
    result: Option<(Vec<PassSums>, Vec<Straddler>)>,
}

/// An instalment with allocations on both sides of a trend day, noted by the pass: the
/// position of its group, its key, its issue day and the first and last days it was applied.
#[derive(Clone, Copy, Debug)]
struct Straddler {
    group: usize,
    invoice_id: i64,
    seq: i64,
    issue_day: i64,
    first_applied: i64,
    last_applied: i64,
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
    straddlers: Vec<Straddler>,
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
            straddlers: Vec::new(),
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
                oldest_open_due: i64::MAX,
                trend_open: vec![0; days.trend.len()],
                trend_sales: vec![0; days.trend.len()],
                ..PassSums::default()
            });
        }
        let sums = acc.groups.last_mut().expect("pushed above");

        if issue_day <= days.as_of {
            let open = amount - integer(ctx.get_raw(6));
            sums.buckets[days.buckets.index(days.as_of - due_day)] += open;
            // The invoice's mark, which an import sets for a dispute it cannot size: the whole
            // open amount. Invoices with recorded disputes are corrected after the pass by
            // `dispute_on_the_day`.
            if disputed {
                sums.disputed += open;
            }
            if open != 0 {
                sums.open_items += 1;
                sums.oldest_open_due = sums.oldest_open_due.min(due_day);
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
        if !days.trend.is_empty() && ctx.len() == TREND_ARGUMENTS as usize {
            let settled = integer(ctx.get_raw(8));
            let first_applied = integer(ctx.get_raw(9));
            let last_applied = integer(ctx.get_raw(10));
            let mut straddles = false;
            for (k, &(end, begin)) in days.trend.iter().enumerate() {
                if issue_day > end {
                    continue;
                }
                let settled_by_end = if last_applied <= end {
                    settled
                } else if first_applied > end {
                    0
                } else {
                    // Taken off after the scan; see `take_off_straddlers`.
                    straddles = true;
                    0
                };
                sums.trend_open[k] += amount - settled_by_end;
                if issue_day > begin {
                    sums.trend_sales[k] += amount;
                }
            }
            if straddles {
                acc.straddlers.push(Straddler {
                    group: acc.groups.len() - 1,
                    invoice_id: integer(ctx.get_raw(11)),
                    seq: integer(ctx.get_raw(12)),
                    issue_day,
                    first_applied,
                    last_applied,
                });
            }
        }
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
        shared.result = Some(acc.map(|a| (a.groups, a.straddlers)).unwrap_or_default());
        Ok(None)
    }
}

/// Straddlers whose allocations one statement reads: enough to make the statement's own cost
/// nothing per instalment, few enough to keep its list of keys small.
const STRADDLERS_PER_READ: usize = 4096;

/// Takes off the trend's open amounts what each instalment in `straddlers` had settled by each
/// trend day its allocations lie on both sides of (the pass counted it wholly open there).
fn take_off_straddlers(
    conn: &Connection,
    days: &PassDays,
    groups: &mut [PassSums],
    straddlers: &[Straddler],
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT j.key, a.applied_day, a.amount_minor
         FROM json_each(?1) j
         JOIN allocation a ON a.invoice_id = j.value ->> 0 AND a.seq = j.value ->> 1",
    )?;
    // In the order of the allocations' index, so that its pages are read one after the other.
    let mut straddlers = straddlers.to_vec();
    straddlers.sort_unstable_by_key(|s| (s.invoice_id, s.seq));
    for batch in straddlers.chunks(STRADDLERS_PER_READ) {
        let mut keys = String::with_capacity(batch.len() * 16);
        keys.push('[');
        for (i, straddler) in batch.iter().enumerate() {
            if i > 0 {
                keys.push(',');
            }
            keys.push_str(&format!("[{},{}]", straddler.invoice_id, straddler.seq));
        }
        keys.push(']');
        let mut rows = stmt.query([keys])?;
        while let Some(r) = rows.next()? {
            let (position, applied_day, amount): (i64, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let straddler = usize::try_from(position)
                .ok()
                .and_then(|p| batch.get(p))
                .ok_or(StoreError::ReportInterrupted)?;
            let sums = &mut groups[straddler.group];
            for (k, &(end, _)) in days.trend.iter().enumerate() {
                let straddled = straddler.issue_day <= end
                    && straddler.first_applied <= end
                    && end < straddler.last_applied;
                if straddled && applied_day <= end {
                    sums.trend_open[k] -= amount;
                }
            }
        }
    }
    Ok(())
}

/// Replaces, for each invoice with a dispute on record, the pass's disputed amount (its whole
/// open amount while the invoice is marked today) by what the disputes open on `as_of`
/// contested, up to what the invoice had open that day. Disputes are few: this reads only
/// their invoices. The joins are `CROSS JOIN`s to keep that order: left to choose, SQLite
/// drove the query from the customers' range of instalments and read every one of them (ten
/// times the whole aging on a book of a million open instalments).
fn dispute_on_the_day(
    conn: &Connection,
    as_of: i64,
    settled: &str,
    customers: (i64, i64),
    groups: &mut [PassSums],
) -> Result<()> {
    let sql = format!(
        "SELECT instalment.customer_id, instalment.currency,
                sum(instalment.amount_minor - {settled}) AS open,
                max(instalment.disputed) AS marked,
                (SELECT coalesce(sum(d.amount_minor), 0) FROM dispute d
                 WHERE d.invoice_id = v.id AND unixepoch(d.opened_on) / 86400 <= ?1
                   AND (d.resolved_on IS NULL OR unixepoch(d.resolved_on) / 86400 > ?1))
         FROM (SELECT DISTINCT invoice_id FROM dispute) disputed
         CROSS JOIN invoice v ON v.id = disputed.invoice_id
         CROSS JOIN instalment ON instalment.customer_id = v.customer_id
                        AND instalment.currency = v.currency AND instalment.invoice_id = v.id
         WHERE v.customer_id BETWEEN ?2 AND ?3 AND instalment.issue_day <= ?1
         GROUP BY v.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(rusqlite::params![as_of, customers.0, customers.1])?;
    while let Some(r) = rows.next()? {
        let (customer_id, currency, open, marked, contested): (i64, String, i64, i64, i64) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let counted = if marked != 0 { open } else { 0 };
        let delta = contested.min(open) - counted;
        if delta == 0 {
            continue;
        }
        let key = (customer_id, currency.as_bytes());
        if let Ok(k) = groups.binary_search_by(|g| (g.customer_id, &g.currency[..]).cmp(&key)) {
            groups[k].disputed += delta;
        }
    }
    Ok(())
}

impl ReceivablesPass {
    pub(crate) fn register(&self, conn: &Connection) -> Result<()> {
        let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY;
        conn.create_aggregate_function(FUNCTION, ARGUMENTS, flags, self.clone())?;
        conn.create_aggregate_function(FUNCTION, TREND_ARGUMENTS, flags, self.clone())?;
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
            .chain(&days.trend)
            .map(|w| w.1.max(w.0))
            .fold(days.as_of.max(days.begin), i64::max);
        let (as_of, begin) = (days.as_of, days.begin);
        let trend_ends = days.trend.iter().map(|t| t.0).min();
        let first_trend_begin = days.trend.iter().map(|t| t.1).min();
        let counts_sales = begin != as_of || !days.windows.is_empty();
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
        // With a trend: the cached columns and the instalment's key.
        let trend_arguments = match trend_ends {
            Some(_) => ", settled_minor, first_applied_day, last_applied_day, invoice_id, seq",
            None => "",
        };
        // Without a period or windows, an instalment settled in full by the first day of
        // interest (and, with a trend, issued before the first trend period) adds nothing to any
        // sum: most of a book's rows, which then skip the aggregate. ?6 is the first day whose
        // open amounts count, ?7 the first day of the trend's periods.
        let row_filter = match (counts_sales, first_trend_begin) {
            (true, _) => "",
            (false, None) => "AND (settled_minor < amount_minor OR last_applied_day > ?1)",
            (false, Some(_)) => {
                "AND (settled_minor < amount_minor OR last_applied_day > ?6 OR issue_day > ?7)"
            }
        };
        let sql = format!(
            "SELECT {FUNCTION}(customer_id, currency, due_day, issue_day, amount_minor, disputed,
                 {}, {settled_at_begin} {trend_arguments})
             FROM instalment WHERE customer_id BETWEEN ?4 AND ?5 AND issue_day <= ?3 {row_filter}",
            settled("?1"),
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let first_end = trend_ends.unwrap_or(as_of);
        let mut params = vec![as_of, begin, last_day, customers.0, customers.1];
        if let (false, Some(first_begin)) = (counts_sales, first_trend_begin) {
            params.extend([as_of.min(first_end), first_begin]);
        }
        let params = rusqlite::params_from_iter(&params);
        let _: Option<i64> = stmt.query_row(params, |row| row.get(0))?;

        let (days, result) = {
            let mut shared = self.lock()?;
            (shared.days.take(), shared.result.take())
        };
        let (mut groups, straddlers) = result.unwrap_or_default();
        if let Some(days) = days {
            take_off_straddlers(conn, &days, &mut groups, &straddlers)?;
        }
        dispute_on_the_day(conn, as_of, &settled("?1"), customers, &mut groups)?;
        Ok(groups)
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
