//! Aging by due date: the same report as [`creditdesk_core::aging::age`], which is the
//! reference the tests hold it to, computed from one pass over the instalments.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_core::aging::{AgingReport, AgingRow, Buckets};
use creditdesk_core::{Currency, Money};
use rusqlite::Connection;

use super::pass::{PassDays, PassSums};
use super::{by_reference, unapplied_candidates, CustomerNames, GroupCurrencies};
use crate::book::Book;
use crate::codec::{day_number, parse_currency, text};
use crate::error::Result;

/// Integer sums of one report row, in minor units of one currency, with the customer's name.
#[derive(Clone)]
struct RowSums<'n> {
    name: &'n str,
    buckets: Vec<i64>,
    disputed: i64,
    /// Settlements not yet allocated, as received (positive for a receipt).
    unapplied: i64,
}

impl<'n> RowSums<'n> {
    fn new(name: &'n str, slots: usize) -> RowSums<'n> {
        RowSums {
            name,
            buckets: vec![0; slots],
            disputed: 0,
            unapplied: 0,
        }
    }

    fn add(&mut self, other: &RowSums) {
        for (mine, theirs) in self.buckets.iter_mut().zip(&other.buckets) {
            *mine += theirs;
        }
        self.disputed += other.disputed;
        self.unapplied += other.unapplied;
    }

    fn row(&self, reference: Option<String>, name: Option<String>, currency: Currency) -> AgingRow {
        let money = |minor: i64| Money::from_minor(minor, currency);
        let open_total: i64 = self.buckets.iter().sum();
        AgingRow {
            customer_reference: reference,
            customer_name: name,
            currency,
            buckets: self.buckets.iter().map(|&b| money(b)).collect(),
            open_total: money(open_total),
            disputed: money(self.disputed),
            unapplied: money(-self.unapplied),
            net: money(open_total - self.unapplied),
        }
    }
}

/// Settlements not yet allocated as of a day, per customer and currency: (customer id,
/// currency, sum as received), only where something is unapplied.
pub(crate) fn unapplied(conn: &Connection, as_of: NaiveDate) -> Result<Vec<(i64, Currency, i64)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, currency, sum(remaining != 0), sum(remaining)
         FROM ({}) GROUP BY customer_id, currency",
        unapplied_candidates()
    ))?;
    let mut found = stmt.query([day_number(as_of)])?;
    let mut sums = Vec::new();
    while let Some(r) = found.next()? {
        let items: i64 = r.get(2)?;
        if items != 0 {
            sums.push((r.get(0)?, parse_currency(text(r, 1)?)?, r.get(3)?));
        }
    }
    Ok(sums)
}

impl Book {
    /// Aging by due date as of `as_of`: per customer and currency the open amount of every
    /// instalment in its bucket of days overdue (due on `as_of` is current), the disputed part,
    /// and unapplied settlements as a negative amount; per currency the totals. A customer and
    /// currency has a row when something is open or unapplied. Equal to
    /// [`creditdesk_core::aging::age`] over the same open items.
    pub fn aging(&self, as_of: NaiveDate, buckets: &Buckets) -> Result<AgingReport> {
        let day = day_number(as_of);
        let days = PassDays::at(day, buckets.clone());
        let (groups, (names, unapplied)) = self.receivables(&days, |conn| {
            Ok((CustomerNames::read(conn)?, unapplied(conn, as_of)?))
        })?;
        aging_from(as_of, buckets, &groups, &names, &unapplied)
    }
}

/// The aging from the groups of a pass and the unapplied settlements of the same day.
pub(crate) fn aging_from(
    as_of: NaiveDate,
    buckets: &Buckets,
    groups: &[PassSums],
    names: &CustomerNames,
    unapplied: &[(i64, Currency, i64)],
) -> Result<AgingReport> {
    let slots = buckets.len();
    let mut rows: Vec<(&str, Currency, RowSums)> = Vec::with_capacity(groups.len());
    let (mut near, mut currencies) = (0, GroupCurrencies::default());
    for group in groups.iter().filter(|g| g.open_items > 0) {
        let (reference, name) = names.of_near(group.customer_id, &mut near)?;
        let sums = RowSums {
            name,
            buckets: group.buckets.clone(),
            disputed: group.disputed,
            unapplied: 0,
        };
        rows.push((reference, currencies.of(group)?, sums));
    }
    for &(customer_id, currency, sum) in unapplied {
        let (reference, name) = names.of(customer_id)?;
        let mut sums = RowSums::new(name, slots);
        sums.unapplied = sum;
        rows.push((reference, currency, sums));
    }
    let rows = by_reference(rows, |mine, theirs| mine.add(&theirs));

    let mut totals: BTreeMap<Currency, RowSums> = BTreeMap::new();
    for (_, currency, sums) in &rows {
        totals
            .entry(*currency)
            .or_insert_with(|| RowSums::new("", slots))
            .add(sums);
    }
    Ok(AgingReport {
        as_of,
        labels: buckets.labels(),
        totals: totals
            .iter()
            .map(|(currency, sums)| sums.row(None, None, *currency))
            .collect(),
        customers: rows
            .into_iter()
            .map(|(reference, currency, sums)| {
                let name = Some(sums.name.to_string());
                sums.row(Some(reference.to_string()), name, currency)
            })
            .collect(),
    })
}
