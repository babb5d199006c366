//! The figures a dashboard is drawn from, in one pass over the instalments: the aging totals per
//! currency, each customer's position, the receivables and credit sales at a few earlier days
//! (for a DSO trend), and the disputed invoices still open.
//!
//! The receivables at an earlier day come from the same scan as the aging (see `pass.rs`), so a
//! trend of a year of month ends costs little more than the aging alone; the other queries run
//! on this connection while a second one shares the scan (`split.rs`).

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, NaiveDate};
use creditdesk_core::aging::Buckets;
use creditdesk_core::{Currency, Money};
use rusqlite::Connection;

use super::pass::{PassDays, PassSums};
use super::{open_as_of, unapplied_candidates, CustomerNames};
use crate::book::Book;
use crate::codec::{date_bound, date_of_day, day_number, parse_currency, parse_date, text};
use crate::error::Result;

/// Everything a dashboard shows at one as-of date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DashboardFigures {
    pub as_of: NaiveDate,
    /// The aging buckets' labels, in the order of every `buckets` below.
    pub labels: Vec<String>,
    /// One per currency invoiced by the as-of date or holding unapplied settlements, by code.
    pub currencies: Vec<CurrencyFigures>,
    /// One per customer and currency with something open or unapplied, by customer id.
    pub customers: Vec<CustomerPosition>,
    /// Every disputed invoice with something open at the as-of date.
    pub disputed: Vec<DisputedInvoice>,
}

/// The book's totals in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrencyFigures {
    pub currency: Currency,
    pub buckets: Vec<Money>,
    /// The sum of the buckets.
    pub open: Money,
    /// Part of `open` on disputed invoices.
    pub disputed: Money,
    /// Settlements not yet allocated, as received (a positive amount).
    pub unapplied: Money,
    /// One per trend day, in the order they were asked for.
    pub trend: Vec<TrendFigures>,
}

/// Receivables at the end of a period and the credit sales of the period: what the standard
/// DSO of that day is computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendFigures {
    pub end: NaiveDate,
    /// Open at `end`; unapplied settlements are not deducted.
    pub receivables: Money,
    /// Invoiced in `(end - period_days, end]` less credit notes dated in it.
    pub credit_sales: Money,
}

/// What one customer owes in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerPosition {
    pub reference: String,
    pub name: String,
    pub currency: Currency,
    pub buckets: Vec<Money>,
    pub open: Money,
    /// Part of `open` due before the as-of date.
    pub overdue: Money,
    /// The due date of the oldest instalment with something open.
    pub oldest_open_due: Option<NaiveDate>,
    /// Settlements not yet allocated, as received (a positive amount).
    pub unapplied: Money,
    /// The date of the oldest settlement with something unapplied.
    pub oldest_unapplied: Option<NaiveDate>,
}

/// A disputed invoice with something open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisputedInvoice {
    pub number: String,
    pub customer_reference: String,
    pub customer_name: String,
    pub open: Money,
    /// The due date of its earliest instalment with something open.
    pub earliest_unpaid_due: NaiveDate,
}

/// Unapplied settlements of one customer and currency: sum as received, oldest day.
struct Unapplied {
    sum: i64,
    oldest_day: i64,
}

impl Book {
    /// The dashboard's figures at `as_of`, aged in `buckets`, with the receivables and credit
    /// sales of the `period_days` days ending at each of `trend_ends` (the as-of date may be one
    /// of them). Amounts follow the reports' rules: an invoice counts from its issue date, an
    /// allocation from the day it was applied.
    pub fn dashboard_figures(
        &self,
        as_of: NaiveDate,
        buckets: &Buckets,
        period_days: u32,
        trend_ends: &[NaiveDate],
    ) -> Result<DashboardFigures> {
        let period_start = |end: NaiveDate| {
            end.checked_sub_days(Days::new(u64::from(period_days)))
                .unwrap_or(end)
        };
        let mut days = PassDays::at(day_number(as_of), buckets.clone());
        days.trend = trend_ends
            .iter()
            .map(|end| (day_number(*end), day_number(period_start(*end))))
            .collect();
        let (groups, (names, unapplied, credits, disputed)) = self.receivables(&days, |conn| {
            Ok((
                CustomerNames::read(conn)?,
                unapplied_with_age(conn, days.as_of)?,
                credit_notes_in(conn, &days.trend)?,
                disputed_open(conn, as_of)?,
            ))
        })?;

        let mut currencies: BTreeMap<Currency, CurrencyFigures> = BTreeMap::new();
        let zero_figures = |currency: Currency| CurrencyFigures {
            currency,
            buckets: vec![Money::zero(currency); buckets.len()],
            open: Money::zero(currency),
            disputed: Money::zero(currency),
            unapplied: Money::zero(currency),
            trend: trend_ends
                .iter()
                .map(|end| TrendFigures {
                    end: *end,
                    receivables: Money::zero(currency),
                    credit_sales: Money::zero(currency),
                })
                .collect(),
        };
        let mut totals: BTreeMap<Currency, PassSums> = BTreeMap::new();
        let mut customers = Vec::new();
        let mut unapplied = unapplied;
        for group in &groups {
            let currency = parse_currency(group.currency_code())?;
            add_group(totals.entry(currency).or_default(), group);
            let left = unapplied.remove(&(group.customer_id, currency));
            if group.open_items > 0 || left.is_some() {
                customers.push(position(&names, group, currency, left)?);
            }
        }
        // Customers with unapplied settlements in a currency they were never invoiced in.
        let mut only_unapplied: Vec<_> = unapplied.into_iter().collect();
        only_unapplied.sort_by_key(|(key, _)| *key);
        for ((customer_id, currency), left) in only_unapplied {
            let group = PassSums {
                customer_id,
                buckets: vec![0; buckets.len()],
                oldest_open_due: i64::MAX,
                ..PassSums::default()
            };
            totals.entry(currency).or_default();
            customers.push(position(&names, &group, currency, Some(left))?);
        }
        for position in &customers {
            let figures = currencies
                .entry(position.currency)
                .or_insert_with(|| zero_figures(position.currency));
            figures.unapplied = plus(figures.unapplied, position.unapplied);
        }
        for (currency, sums) in &totals {
            let figures = currencies
                .entry(*currency)
                .or_insert_with(|| zero_figures(*currency));
            let money = |minor: i64| Money::from_minor(minor, *currency);
            figures.buckets = sums.buckets.iter().map(|b| money(*b)).collect();
            figures.buckets.resize(buckets.len(), money(0));
            figures.open = money(sums.open());
            figures.disputed = money(sums.disputed);
            let credit = credits.get(currency);
            for (k, point) in figures.trend.iter_mut().enumerate() {
                let credited = credit.map_or(0, |c| c[k]);
                point.receivables = money(sums.trend_open.get(k).copied().unwrap_or(0));
                point.credit_sales =
                    money(sums.trend_sales.get(k).copied().unwrap_or(0) - credited);
            }
        }

        let disputed = disputed
            .into_iter()
            .map(|(number, customer_id, open, due)| {
                let (reference, name) = names.of(customer_id)?;
                Ok(DisputedInvoice {
                    number,
                    customer_reference: reference.to_string(),
                    customer_name: name.to_string(),
                    open,
                    earliest_unpaid_due: due,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DashboardFigures {
            as_of,
            labels: buckets.labels(),
            currencies: currencies.into_values().collect(),
            customers,
            disputed,
        })
    }
}

fn plus(a: Money, b: Money) -> Money {
    Money::new(a.amount() + b.amount(), a.currency())
}

/// Adds a customer's sums into its currency's.
fn add_group(total: &mut PassSums, group: &PassSums) {
    let add = |mine: &mut Vec<i64>, theirs: &[i64]| {
        mine.resize(mine.len().max(theirs.len()), 0);
        for (m, t) in mine.iter_mut().zip(theirs) {
            *m += t;
        }
    };
    add(&mut total.buckets, &group.buckets);
    add(&mut total.trend_open, &group.trend_open);
    add(&mut total.trend_sales, &group.trend_sales);
    total.disputed += group.disputed;
}

fn position(
    names: &CustomerNames,
    group: &PassSums,
    currency: Currency,
    unapplied: Option<Unapplied>,
) -> Result<CustomerPosition> {
    let (reference, name) = names.of(group.customer_id)?;
    let money = |minor: i64| Money::from_minor(minor, currency);
    let open = group.open();
    Ok(CustomerPosition {
        reference: reference.to_string(),
        name: name.to_string(),
        currency,
        buckets: group.buckets.iter().map(|b| money(*b)).collect(),
        open: money(open),
        overdue: money(open - group.buckets.first().copied().unwrap_or(0)),
        oldest_open_due: (group.open_items > 0)
            .then(|| date_of_day(group.oldest_open_due))
            .flatten(),
        unapplied: money(unapplied.as_ref().map_or(0, |u| u.sum)),
        oldest_unapplied: unapplied.and_then(|u| date_of_day(u.oldest_day)),
    })
}

/// Settlements with something unapplied at `day`, per customer and currency.
fn unapplied_with_age(conn: &Connection, day: i64) -> Result<HashMap<(i64, Currency), Unapplied>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, currency, sum(remaining), min(CASE WHEN remaining != 0 THEN day END)
         FROM ({}) GROUP BY customer_id, currency
         HAVING sum(remaining != 0) > 0",
        unapplied_candidates()
    ))?;
    let mut rows = stmt.query([day])?;
    let mut found = HashMap::new();
    while let Some(r) = rows.next()? {
        let key = (r.get(0)?, parse_currency(text(r, 1)?)?);
        found.insert(
            key,
            Unapplied {
                sum: r.get(2)?,
                oldest_day: r.get(3)?,
            },
        );
    }
    Ok(found)
}

/// Credit notes dated in each trend period `(begin, end]`, per currency.
fn credit_notes_in(conn: &Connection, trend: &[(i64, i64)]) -> Result<HashMap<Currency, Vec<i64>>> {
    if trend.is_empty() {
        return Ok(HashMap::new());
    }
    let sums: String = (0..trend.len())
        .map(|k| {
            format!(
                ", coalesce(sum(amount_minor) FILTER (WHERE day > ?{} AND day <= ?{}), 0)",
                3 + 2 * k,
                4 + 2 * k
            )
        })
        .collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT currency {sums} FROM settlement
         WHERE kind = 'credit_note' AND day > ?1 AND day <= ?2
         GROUP BY currency"
    ))?;
    let first = trend.iter().map(|t| t.1).min().unwrap_or(0);
    let last = trend.iter().map(|t| t.0).max().unwrap_or(0);
    let mut params = vec![first, last];
    params.extend(trend.iter().flat_map(|(end, begin)| [*begin, *end]));
    let mut rows = stmt.query(rusqlite::params_from_iter(&params))?;
    let mut found = HashMap::new();
    while let Some(r) = rows.next()? {
        let currency = parse_currency(text(r, 0)?)?;
        let sums = (0..trend.len())
            .map(|k| r.get(1 + k))
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        found.insert(currency, sums);
    }
    Ok(found)
}

/// Disputed invoices issued by `as_of` with something open then: (number, customer id, open,
/// earliest unpaid due date), from the index of disputed invoices.
fn disputed_open(
    conn: &Connection,
    as_of: NaiveDate,
) -> Result<Vec<(String, i64, Money, NaiveDate)>> {
    let open = open_as_of("i", "?1");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.number, v.customer_id, v.currency, sum({open}),
                min(CASE WHEN {open} > 0 THEN i.due_date END)
         FROM invoice v INDEXED BY invoice_disputed_by_issue
         JOIN instalment i ON i.customer_id = v.customer_id AND i.currency = v.currency
             AND i.invoice_id = v.id
         WHERE v.disputed = 1 AND v.issue_date <= ?2
         GROUP BY v.id
         HAVING sum({open}) > 0"
    ))?;
    let mut rows = stmt.query((day_number(as_of), date_bound(as_of)))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let currency = parse_currency(text(r, 2)?)?;
        found.push((
            r.get(0)?,
            r.get(1)?,
            Money::from_minor(r.get(3)?, currency),
            parse_date(text(r, 4)?)?,
        ));
    }
    Ok(found)
}
