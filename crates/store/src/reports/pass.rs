//! The one pass over the instalments that every receivables report is built from.
//!
//! A single `SELECT` scans the `instalment` table in its clustered order (customer, currency),
//! lets SQL skip the rows settled in full before the first day of interest and, for the few
//! instalments with allocations on both sides of a report day, sum their allocations; each row
//! then goes to `creditdesk_receivables`, an aggregate function defined here through SQLite's C
//! interface, which skips the rows issued after the last day of interest and adds the others'
//! open amounts into the sums of their customer and currency. Rows of one customer and currency
//! arrive together, so the sums are kept as a list, not a map.
//!
//! Why an aggregate function rather than one `sum(CASE ...)` per bucket and window: SQLite
//! evaluates every `CASE` and steps every aggregate on every row, so the aging and the period
//! figures written that way took about eight times a bare scan of the table each (measured
//! over a million instalments); one aggregate step that receives the row's columns, on two
//! cores, makes both reports ([`Book::overview`](crate::Book::overview)) in about twice the
//! time of the bare scan. Exactness is unchanged: every sum is of integer minor units.
//!
//! A pass may also measure the receivables at a few earlier days (a trend): the aggregate is
//! then called with five more arguments, the instalment's cached allocation columns and its
//! key. An instalment's open amount at such a day follows from the cached columns alone unless
//! its allocations lie on both sides of the day; those few instalments are counted as wholly
//! open there and noted, and their allocations up to the day are read and taken off once the
//! scan is done, in the same read transaction.

use std::ffi::{c_int, c_void, CStr};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};

use creditdesk_core::aging::Buckets;
use rusqlite::{ffi, Connection};

use crate::error::{Result, StoreError};

const FUNCTION: &CStr = c"creditdesk_receivables";

/// Arguments of the aggregate without a trend, and with one.
const ARGUMENTS: c_int = 7;
const TREND_ARGUMENTS: c_int = 12;

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
    /// The last day of interest: instalments issued after it count nowhere.
    fn last_day(&self) -> i64 {
        self.windows
            .iter()
            .chain(&self.trend)
            .map(|w| w.1.max(w.0))
            .fold(self.as_of.max(self.begin), i64::max)
    }

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
    /// [`PassDays::last_day`].
    last_day: i64,
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

/// The arguments of one call of the aggregate, read through SQLite's C interface.
///
/// Invariant: `values` are the `sqlite3_value`s SQLite handed to the current call of
/// [`step`]; they, and any text read from them, are valid until that call returns, which
/// outlives every `Arguments` borrowed from them.
struct Arguments<'v> {
    values: &'v [*mut ffi::sqlite3_value],
}

impl Arguments<'_> {
    fn len(&self) -> usize {
        self.values.len()
    }

    /// The argument at `index` as an integer: 0 for NULL (and for an argument not given).
    fn integer(&self, index: usize) -> i64 {
        match self.values.get(index) {
            // SAFETY: a value of the current call (see the type's invariant).
            Some(&value) => unsafe { ffi::sqlite3_value_int64(value) },
            None => 0,
        }
    }

    /// The argument at `index` if it is a text: its bytes, without the terminating zero.
    fn text(&self, index: usize) -> Option<&[u8]> {
        let &value = self.values.get(index)?;
        // SAFETY: a value of the current call (see the type's invariant). The text is read
        // before its length, as SQLite asks, and lives as long as the value does.
        unsafe {
            if ffi::sqlite3_value_type(value) != ffi::SQLITE_TEXT {
                return None;
            }
            let text = ffi::sqlite3_value_text(value);
            let length = usize::try_from(ffi::sqlite3_value_bytes(value)).ok()?;
            (!text.is_null()).then(|| std::slice::from_raw_parts(text, length))
        }
    }

    /// What an instalment had settled by `as_of` and by `begin`, from the argument at `index`
    /// written by [`settled_by_both_days`].
    fn settled(&self, index: usize) -> Option<(i64, i64)> {
        let &value = self.values.get(index)?;
        // SAFETY: a value of the current call (see the type's invariant).
        let kind = unsafe { ffi::sqlite3_value_type(value) };
        if kind == ffi::SQLITE_INTEGER {
            let code = self.integer(index);
            return Some(if code >= 0 {
                (code, code)
            } else {
                (-1 - code, 0)
            });
        }
        let text = std::str::from_utf8(self.text(index)?).ok()?;
        let (by_end, by_begin) = text.split_once(' ')?;
        Some((by_end.parse().ok()?, by_begin.parse().ok()?))
    }
}

/// SQL for what an instalment had settled by `as_of` (parameter `?1`) and by `begin` (`?2`),
/// in one argument of the aggregate: SQLite evaluates every argument of every row, so two
/// amounts in one value read the instalment's columns half as often.
///
/// `settled_by(day)` is the SQL for what was settled by `day`. Allocations all applied by
/// `begin` (and none: the cached days are then 0) give the settled amount itself, the same at
/// both days; allocations all after `begin` give `-1 - s`, where `s` is what was settled by
/// `as_of` and 0 by `begin`; the few instalments with allocations on both sides of a day give a
/// text of the two amounts (see [`Arguments::settled`]). The two integer forms cannot be taken
/// for each other because the schema keeps `settled_minor` between 0 and the amount.
fn settled_by_both_days(settled_by: impl Fn(&str) -> String) -> String {
    format!(
        "CASE WHEN last_applied_day <= ?2 THEN settled_minor
              WHEN first_applied_day > ?2 AND last_applied_day <= ?1 THEN -1 - settled_minor
              WHEN first_applied_day > ?1 THEN -1
              ELSE printf('%lld %lld', {}, {})
         END",
        settled_by("?1"),
        settled_by("?2")
    )
}

/// Why a row of the pass could not be added, for SQLite to report as the statement's error.
const UNREADABLE_ROW: &CStr =
    c"creditdesk_receivables: an instalment's currency or settled amount is unreadable";
const INTERRUPTED: &CStr = c"creditdesk_receivables: the pass was interrupted";

impl Accumulator {
    /// The accumulator of a run, with the days the run was handed.
    fn new(pass: &ReceivablesPass) -> Option<Accumulator> {
        let days = pass.shared.lock().ok()?.days.clone()?;
        let windows = WindowIndex::new(&days.windows);
        Some(Accumulator {
            last_day: days.last_day(),
            days,
            windows,
            groups: Vec::new(),
            straddlers: Vec::new(),
        })
    }

    /// Adds one instalment. Arguments, in order: what was settled by `as_of` and by `begin`
    /// (see [`settled_by_both_days`]), customer_id, currency, due_day, issue_day,
    /// amount_minor, disputed, and with a trend, settled_minor, first_applied_day,
    /// last_applied_day, invoice_id and seq. `None` when the currency or the settled amounts
    /// cannot be read.
    fn add(&mut self, row: &Arguments<'_>) -> Option<()> {
        let issue_day = row.integer(4);
        if issue_day > self.last_day {
            // Issued after every day of interest: counts nowhere, and makes no group.
            return Some(());
        }
        let (settled_by_end, settled_by_begin) = row.settled(0)?;
        let customer_id = row.integer(1);
        let currency: [u8; 3] = row.text(2)?.try_into().ok()?;
        let due_day = row.integer(3);
        let amount = row.integer(5);
        let disputed = row.integer(6) != 0;

        let days = &self.days;
        let same_group = self
            .groups
            .last()
            .is_some_and(|g| g.customer_id == customer_id && g.currency == currency);
        if !same_group {
            self.groups.push(PassSums {
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
        let sums = self.groups.last_mut()?;

        if issue_day <= days.as_of {
            let open = amount - settled_by_end;
            sums.buckets[days.buckets.index(days.as_of - due_day)] += open;
            // The invoice's mark, which an import sets for a dispute it cannot size: the whole
            // open amount. Invoices with recorded disputes are corrected after the pass (see
            // `DisputedOnTheDay`).
            if disputed {
                sums.disputed += open;
            }
            if open != 0 {
                sums.open_items += 1;
                sums.oldest_open_due = sums.oldest_open_due.min(due_day);
            }
            if issue_day > days.begin {
                sums.sales += amount;
            }
        }
        if issue_day <= days.begin {
            sums.begin += amount - settled_by_begin;
        }
        self.windows.add(issue_day, amount, &mut sums.windows);
        if !days.trend.is_empty() && row.len() == TREND_ARGUMENTS as usize {
            let settled = row.integer(7);
            let first_applied = row.integer(8);
            let last_applied = row.integer(9);
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
                self.straddlers.push(Straddler {
                    group: self.groups.len() - 1,
                    invoice_id: row.integer(10),
                    seq: row.integer(11),
                    issue_day,
                    first_applied,
                    last_applied,
                });
            }
        }
        Some(())
    }
}

/// The slot SQLite keeps for one run of the aggregate: a pointer to its accumulator, null
/// until the first row.
type Slot = *mut Accumulator;

/// `xStep` of `creditdesk_receivables`: adds one row to the run's accumulator, made on the
/// first row from the days the [`ReceivablesPass`] in the function's user data was handed.
///
/// Called through rusqlite's `Aggregate`, each row cost about a fifth more than the whole
/// step does here: a context built and every argument's type checked for each row, and values
/// copied into an enum before they are read.
unsafe extern "C" fn step(
    ctx: *mut ffi::sqlite3_context,
    count: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    let added = std::panic::catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: SQLite hands a step its context and `count` values, valid for this call. The
        // slot is zeroed memory SQLite keeps for this run of the aggregate and frees after
        // `finalize`, which takes the accumulator back; the user data is the pass that
        // `register` leaked for the function's life.
        unsafe {
            let slot = ffi::sqlite3_aggregate_context(ctx, std::mem::size_of::<Slot>() as c_int)
                .cast::<Slot>();
            if slot.is_null() {
                return Err(INTERRUPTED);
            }
            if (*slot).is_null() {
                let pass = &*ffi::sqlite3_user_data(ctx).cast::<ReceivablesPass>();
                let accumulator = Accumulator::new(pass).ok_or(INTERRUPTED)?;
                *slot = Box::into_raw(Box::new(accumulator));
            }
            let values = match usize::try_from(count) {
                Ok(count) if !values.is_null() => std::slice::from_raw_parts(values, count),
                _ => &[],
            };
            (**slot).add(&Arguments { values }).ok_or(UNREADABLE_ROW)
        }
    }));
    if let Err(message) = added.unwrap_or(Err(INTERRUPTED)) {
        // SAFETY: the context of this call; the message is a static string.
        unsafe { ffi::sqlite3_result_error(ctx, message.as_ptr(), -1) };
    }
}

/// `xFinal` of `creditdesk_receivables`: hands the run's sums (none when no row came) to the
/// pass, and returns NULL. SQLite calls it once per run, also for a run ended by an error.
unsafe extern "C" fn finalize(ctx: *mut ffi::sqlite3_context) {
    // SAFETY: the slot is the one `step` filled, or null when no row came (asking for 0
    // bytes makes none); its accumulator is taken back once, here. The user data is the pass
    // that `register` leaked for the function's life.
    let (accumulator, pass) = unsafe {
        let slot = ffi::sqlite3_aggregate_context(ctx, 0).cast::<Slot>();
        let accumulator = match slot.is_null() || (*slot).is_null() {
            true => None,
            false => Some(Box::from_raw(std::mem::replace(
                &mut *slot,
                std::ptr::null_mut(),
            ))),
        };
        (
            accumulator,
            &*ffi::sqlite3_user_data(ctx).cast::<ReceivablesPass>(),
        )
    };
    let result = accumulator.map(|a| (a.groups, a.straddlers));
    match pass.shared.lock() {
        Ok(mut shared) => shared.result = Some(result.unwrap_or_default()),
        // SAFETY: the context of this call; the message is a static string.
        Err(_) => unsafe { ffi::sqlite3_result_error(ctx, INTERRUPTED.as_ptr(), -1) },
    }
}

/// `xDestroy` of `creditdesk_receivables`: frees the pass `register` leaked for it.
unsafe extern "C" fn forget(pass: *mut c_void) {
    // SAFETY: the pointer `register` made with `Box::into_raw` for this registration, which
    // SQLite destroys once.
    drop(unsafe { Box::from_raw(pass.cast::<ReceivablesPass>()) });
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

/// For each invoice with a dispute on record, what the pass's disputed amount (its whole open
/// amount while the invoice is marked today) is to be replaced by: what the disputes open on
/// `as_of` contested, up to what the invoice had open that day.
///
/// Read once for a whole pass, whatever its ranges of customers, and while the second reader
/// scans; applied by [`DisputedOnTheDay::correct`] once the groups are in.
pub(crate) struct DisputedOnTheDay {
    /// Customer id, currency, and the amount to add to the group's disputed amount.
    corrections: Vec<(i64, String, i64)>,
}

impl DisputedOnTheDay {
    /// Disputes are few: this reads only their invoices. The joins are `CROSS JOIN`s to keep
    /// that order: left to choose, SQLite drove the query from the instalments and read every
    /// one of them (ten times the whole aging on a book of a million open instalments).
    pub(crate) fn read(conn: &Connection, as_of: i64) -> Result<DisputedOnTheDay> {
        let sql = format!(
            "SELECT instalment.customer_id, instalment.currency,
                    sum(instalment.amount_minor - {}) AS open,
                    max(instalment.disputed) AS marked,
                    (SELECT coalesce(sum(d.amount_minor), 0) FROM dispute d
                     WHERE d.invoice_id = v.id AND unixepoch(d.opened_on) / 86400 <= ?1
                       AND (d.resolved_on IS NULL OR unixepoch(d.resolved_on) / 86400 > ?1))
             FROM (SELECT DISTINCT invoice_id FROM dispute) disputed
             CROSS JOIN invoice v ON v.id = disputed.invoice_id
             CROSS JOIN instalment ON instalment.customer_id = v.customer_id
                            AND instalment.currency = v.currency AND instalment.invoice_id = v.id
             WHERE instalment.issue_day <= ?1
             GROUP BY v.id",
            settled_by("?1")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([as_of])?;
        let mut corrections = Vec::new();
        while let Some(r) = rows.next()? {
            let (customer_id, currency, open, marked, contested): (i64, String, i64, i64, i64) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let counted = if marked != 0 { open } else { 0 };
            let delta = contested.min(open) - counted;
            if delta != 0 {
                corrections.push((customer_id, currency, delta));
            }
        }
        Ok(DisputedOnTheDay { corrections })
    }

    /// Corrects the disputed amounts of `groups`, the groups of a whole pass in customer id
    /// then currency order.
    pub(crate) fn correct(&self, groups: &mut [PassSums]) {
        for (customer_id, currency, delta) in &self.corrections {
            let key = (*customer_id, currency.as_bytes());
            if let Ok(k) = groups.binary_search_by(|g| (g.customer_id, &g.currency[..]).cmp(&key)) {
                groups[k].disputed += delta;
            }
        }
    }
}

/// SQL for what the instalment row had settled by `day`: from the cached allocation columns
/// when every allocation is on one side of the day, else from the allocations themselves.
fn settled_by(day: &str) -> String {
    format!(
        "CASE WHEN instalment.last_applied_day <= {day} THEN instalment.settled_minor
              WHEN instalment.first_applied_day > {day} THEN 0
              ELSE (SELECT coalesce(sum(a.amount_minor), 0) FROM allocation a
                    WHERE a.invoice_id = instalment.invoice_id AND a.seq = instalment.seq
                      AND a.applied_day <= {day})
         END"
    )
}

impl ReceivablesPass {
    pub(crate) fn register(&self, conn: &Connection) -> Result<()> {
        for arguments in [ARGUMENTS, TREND_ARGUMENTS] {
            let pass = Box::into_raw(Box::new(self.clone())).cast::<c_void>();
            // SAFETY: the handle is valid while `conn` is borrowed. SQLite owns `pass` from
            // here: it hands it to `forget` when the function is replaced or the connection
            // closes, and also when the registration fails.
            let code = unsafe {
                ffi::sqlite3_create_function_v2(
                    conn.handle(),
                    FUNCTION.as_ptr(),
                    arguments,
                    ffi::SQLITE_UTF8 | ffi::SQLITE_DIRECTONLY,
                    pass,
                    None,
                    Some(step),
                    Some(finalize),
                    Some(forget),
                )
            };
            if code != ffi::SQLITE_OK {
                return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None).into());
            }
        }
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
        let (as_of, begin) = (days.as_of, days.begin);
        let trend_ends = days.trend.iter().map(|t| t.0).min();
        let first_trend_begin = days.trend.iter().map(|t| t.1).min();
        let counts_sales = begin != as_of || !days.windows.is_empty();
        self.lock()?.days = Some(days);

        // With a trend: the cached columns and the instalment's key.
        let trend_arguments = match trend_ends {
            Some(_) => ", settled_minor, first_applied_day, last_applied_day, invoice_id, seq",
            None => "",
        };
        // Without a period or windows, an instalment settled in full by the first day of
        // interest (and, with a trend, issued before the first trend period) adds nothing to any
        // sum: most of a book's rows, which then skip the aggregate. ?5 is the first day whose
        // open amounts count, ?6 the first day of the trend's periods.
        let row_filter = match (counts_sales, first_trend_begin) {
            (true, _) => "",
            (false, None) => "AND (last_applied_day > ?1 OR settled_minor < amount_minor)",
            (false, Some(_)) => {
                "AND (last_applied_day > ?5 OR issue_day > ?6 OR settled_minor < amount_minor)"
            }
        };
        // The settled amounts come first and the filter reads `last_applied_day` first: SQLite
        // decodes a row's header up to the furthest column asked for, and a row decoded at
        // once costs less than one decoded a column further at each argument. The issue day is
        // compared in the aggregate, which reads it anyway (see `Accumulator::add`).
        let sql = format!(
            "SELECT {}({}, customer_id, currency, due_day, issue_day, amount_minor, disputed
                 {trend_arguments})
             FROM instalment WHERE customer_id BETWEEN ?3 AND ?4 {row_filter}",
            FUNCTION.to_str().unwrap_or_default(),
            settled_by_both_days(settled_by),
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let first_end = trend_ends.unwrap_or(as_of);
        let mut params = vec![as_of, begin, customers.0, customers.1];
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
