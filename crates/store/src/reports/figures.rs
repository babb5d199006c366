//! The figures receivables measures (DSO, CEI, turnover) are computed from, per currency and
//! per customer and currency: one pass over the instalments and one over the credit notes.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Days, NaiveDate};
use creditdesk_core::aging::Buckets;
use creditdesk_core::kpi::{PeriodFigures, SalesWindow};
use creditdesk_core::{Currency, Money};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::pass::{PassDays, PassSums};
use super::{by_reference, CustomerNames, GroupCurrencies};
use crate::book::Book;
use crate::codec::{day_number, parse_currency, text};
use crate::error::Result;

/// Period figures of one currency: the book's (no customer) or one customer's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiguresRow {
    pub customer_reference: Option<String>,
    pub figures: PeriodFigures,
}

/// Integer sums of one row, in minor units.
#[derive(Clone, Default)]
pub(crate) struct RowSums {
    begin: i64,
    end: i64,
    current: i64,
    sales: i64,
    windows: Vec<i64>,
}

impl RowSums {
    fn add(&mut self, other: &RowSums) {
        self.begin += other.begin;
        self.end += other.end;
        self.current += other.current;
        self.sales += other.sales;
        self.windows
            .resize(other.windows.len().max(self.windows.len()), 0);
        for (mine, theirs) in self.windows.iter_mut().zip(&other.windows) {
            *mine += theirs;
        }
    }

    fn is_zero(&self) -> bool {
        self.begin == 0
            && self.end == 0
            && self.current == 0
            && self.sales == 0
            && self.windows.iter().all(|&w| w == 0)
    }
}

/// The days of a period ending at `as_of`, for the receivables pass.
pub(crate) fn period_days(
    as_of: NaiveDate,
    period_days: u32,
    buckets: &Buckets,
    windows: &[(NaiveDate, NaiveDate)],
) -> PassDays {
    let begin = as_of
        .checked_sub_days(Days::new(u64::from(period_days)))
        .unwrap_or(as_of);
    PassDays {
        as_of: day_number(as_of),
        begin: day_number(begin),
        buckets: buckets.clone(),
        windows: windows
            .iter()
            .map(|(from, to)| (day_number(*from), day_number(*to)))
            .collect(),
        trend: vec![],
    }
}

/// Credit notes dated in the period and in each window, per customer and currency: (customer
/// id, currency, the sums as negative sales).
pub(crate) fn credit_notes(
    conn: &Connection,
    days: &PassDays,
) -> Result<Vec<(i64, Currency, RowSums)>> {
    let window_sums: String = (0..days.windows.len())
        .map(|w| {
            format!(
                ", sum(amount_minor) FILTER (WHERE day BETWEEN ?{} AND ?{})",
                3 + 2 * w,
                4 + 2 * w
            )
        })
        .collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, currency,
             sum(amount_minor) FILTER (WHERE day > ?2 AND day <= ?1) {window_sums}
         FROM settlement WHERE kind = 'credit_note'
         GROUP BY customer_id, currency"
    ))?;
    let mut params = vec![days.as_of, days.begin];
    params.extend(days.windows.iter().flat_map(|(from, to)| [*from, *to]));
    let mut found = stmt.query(rusqlite::params_from_iter(&params))?;
    let mut credits = Vec::new();
    while let Some(r) = found.next()? {
        let currency = parse_currency(text(r, 1)?)?;
        let mut credit = RowSums {
            sales: -r.get::<_, Option<i64>>(2)?.unwrap_or(0),
            ..RowSums::default()
        };
        for w in 0..days.windows.len() {
            credit
                .windows
                .push(-r.get::<_, Option<i64>>(3 + w)?.unwrap_or(0));
        }
        credits.push((r.get(0)?, currency, credit));
    }
    Ok(credits)
}

impl Book {
    /// Receivables figures for the period `(as_of - period_days, as_of]`: open receivables at
    /// `as_of - period_days` and at `as_of` (unapplied settlements not deducted), the part not
    /// yet due at `as_of` (due on `as_of` counts as not yet due, as in the aging), and credit
    /// sales (invoices issued in the period less credit notes dated in it), the same for each
    /// of `windows` (inclusive first and last days).
    ///
    /// Rows: per currency the book's totals (ordered by currency), then per customer and
    /// currency (ordered by reference, then currency) where any figure is not zero. Invoices
    /// are counted by their instalments, whose amounts add up to the invoice total.
    pub fn period_figures(
        &self,
        as_of: NaiveDate,
        period_days: u32,
        windows: &[(NaiveDate, NaiveDate)],
    ) -> Result<Vec<FiguresRow>> {
        let days = self::period_days(as_of, period_days, &Buckets::default(), windows);
        let (mut groups, (names, credits)) = self.receivables(&days, |conn| {
            Ok((CustomerNames::read(conn)?, credit_notes(conn, &days)?))
        })?;
        let sales = take_windows(&mut groups);
        figures_from(as_of, period_days, windows, &groups, sales, credits, &names)
    }
}

/// The sales of each window, taken out of each group of a pass, in the order of the groups.
pub(crate) fn take_windows(groups: &mut [PassSums]) -> Vec<Vec<i64>> {
    groups
        .iter_mut()
        .map(|group| std::mem::take(&mut group.windows))
        .collect()
}

/// The integer sums of the period figures: per currency the book's, then per customer and
/// currency where any is not zero, by reference and currency.
pub(crate) struct FigureSums<'n> {
    totals: Vec<(Currency, RowSums)>,
    rows: Vec<(&'n str, Currency, RowSums)>,
}

impl FigureSums<'_> {
    /// Rows of figures in all: the totals' and the customers'.
    pub(crate) fn len(&self) -> usize {
        self.totals.len() + self.rows.len()
    }
}

/// The period figures from the groups of a pass, the sales of their windows (see
/// [`take_windows`]) and the credit notes of the same days.
pub(crate) fn figures_from(
    as_of: NaiveDate,
    period_days: u32,
    windows: &[(NaiveDate, NaiveDate)],
    groups: &[PassSums],
    sales: Vec<Vec<i64>>,
    credits: Vec<(i64, Currency, RowSums)>,
    names: &CustomerNames,
) -> Result<Vec<FiguresRow>> {
    let sums = figure_sums(groups, sales, credits, names)?;
    let period = Period {
        as_of,
        period_days,
        windows,
    };
    Ok(period.rows(&sums, 0..sums.len()))
}

/// The sums of the period figures from the groups of a pass, the sales of their windows and
/// the credit notes of the same days.
pub(crate) fn figure_sums<'n>(
    groups: &[PassSums],
    sales: Vec<Vec<i64>>,
    credits: Vec<(i64, Currency, RowSums)>,
    names: &'n CustomerNames,
) -> Result<FigureSums<'n>> {
    let mut rows: Vec<(&str, Currency, RowSums)> = Vec::with_capacity(groups.len());
    let (mut near, mut currencies) = (0, GroupCurrencies::default());
    for (group, windows) in groups.iter().zip(sales) {
        let (reference, _) = names.of_near(group.customer_id, &mut near)?;
        let sums = RowSums {
            begin: group.begin,
            end: group.open(),
            current: group.buckets[0],
            sales: group.sales,
            windows,
        };
        rows.push((reference, currencies.of(group)?, sums));
    }
    // Credit notes reduce the sales of the period and window they are dated in.
    for (customer_id, currency, credit) in credits {
        let (reference, _) = names.of(customer_id)?;
        rows.push((reference, currency, credit));
    }
    let mut rows = by_reference(rows, |mine, theirs| mine.add(&theirs));
    rows.retain(|(_, _, sums)| !sums.is_zero());

    let mut totals: BTreeMap<Currency, RowSums> = BTreeMap::new();
    for (_, currency, sums) in &rows {
        totals.entry(*currency).or_default().add(sums);
    }
    Ok(FigureSums {
        totals: totals.into_iter().collect(),
        rows,
    })
}

/// Rows of figures a thread makes at a time when two share the work: about half a millisecond's
/// work, so that neither waits long for the other at the end.
const ROWS_PER_BLOCK: usize = 1024;

/// The period and the countback windows every row of figures is stated for.
pub(crate) struct Period<'w> {
    pub as_of: NaiveDate,
    pub period_days: u32,
    pub windows: &'w [(NaiveDate, NaiveDate)],
}

impl Period<'_> {
    /// The rows of figures at positions `range` of [`FigureSums::len`]: the totals first, then
    /// the customers.
    pub(crate) fn rows(&self, sums: &FigureSums, range: Range<usize>) -> Vec<FiguresRow> {
        let totals = sums.totals.len();
        let customers = range.start.max(totals) - totals..range.end.max(totals) - totals;
        let mut out = Vec::with_capacity(range.len());
        if let Some(totals) = sums.totals.get(range.start..range.end.min(totals)) {
            out.extend(totals.iter().map(|(currency, sums)| FiguresRow {
                customer_reference: None,
                figures: self.figures(sums, *currency),
            }));
        }
        if let Some(rows) = sums.rows.get(customers) {
            out.extend(rows.iter().map(|(reference, currency, sums)| FiguresRow {
                customer_reference: Some(reference.to_string()),
                figures: self.figures(sums, *currency),
            }));
        }
        out
    }

    /// Rows of figures a block of [`ROWS_PER_BLOCK`] at a time, each block the next that no
    /// thread has taken from `next`, with its position: threads that share `next` make all the
    /// rows between them, whichever is free first taking more.
    pub(crate) fn blocks(
        &self,
        sums: &FigureSums,
        next: &AtomicUsize,
    ) -> Vec<(usize, Vec<FiguresRow>)> {
        let mut made = Vec::new();
        loop {
            let block = next.fetch_add(1, Ordering::Relaxed);
            let start = block.saturating_mul(ROWS_PER_BLOCK);
            if start >= sums.len() {
                return made;
            }
            let end = start.saturating_add(ROWS_PER_BLOCK).min(sums.len());
            made.push((block, self.rows(sums, start..end)));
        }
    }

    fn figures(&self, sums: &RowSums, currency: Currency) -> PeriodFigures {
        let money = |minor: i64| Money::from_minor(minor, currency);
        PeriodFigures {
            as_of: self.as_of,
            period_days: self.period_days,
            receivables_begin: money(sums.begin),
            receivables_end: money(sums.end),
            current_end: money(sums.current),
            credit_sales: money(sums.sales),
            sales_windows: self
                .windows
                .iter()
                .enumerate()
                .map(|(w, (from, to))| SalesWindow {
                    from: *from,
                    to: *to,
                    credit_sales: money(sums.windows.get(w).copied().unwrap_or(0)),
                })
                .collect(),
        }
    }
}
