//! Pages of the lists a screen scrolls through, each with the length of the whole list, cut in
//! SQL so that a screen never loads the whole book.
//!
//! A list in issue-date order without an overdue filter is paged in the index
//! `invoice_by_issue`, which carries the columns the filters read: skipping to any offset walks
//! that index alone, and only the page's invoices get their open amounts computed. A list that
//! depends on open amounts (overdue invoices, customers by balance) or that is small (one
//! customer's invoices) is computed whole once, as the ids in list order, and remembered for the
//! state of the book it was computed from (see [`ListMemo`]), so that scrolling through it costs
//! one page at a time. Totals are remembered the same way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use creditdesk_core::ledger::Channel;
use creditdesk_core::{Currency, Money};
use rusqlite::types::Value;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::codec::{date_bound, day_number, parse_currency, parse_date, text};
use crate::error::Result;
use crate::listing::{
    CustomerBalance, CustomerSummary, InvoiceQuery, InvoiceStatus, InvoiceSummary,
};
use crate::reports::{audit_mark, open_as_of, unapplied_as_of};

/// Lists remembered per book: enough for a screen and the one it came from.
const REMEMBERED_LISTS: usize = 4;

/// A page of invoices and how many the whole list holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoicePage {
    pub rows: Vec<InvoiceSummary>,
    pub total: u64,
}

/// A page of customers and how many the whole list holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerPage {
    pub rows: Vec<CustomerSummary>,
    pub total: u64,
}

/// The order of a list of customers.
///
/// `Open` and `Overdue` order by the amount in the book's own currency (a customer with nothing
/// in it counts as zero); customers with equal amounts, and equal names, follow their
/// references in ascending order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CustomerSort {
    Reference,
    /// Case-insensitive (`müller` sorts with `Müller`).
    Name,
    Open,
    Overdue,
}

/// Which customers to list, and which page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerQuery {
    pub as_of: chrono::NaiveDate,
    /// Part of the reference or the name, any case; empty or absent lists every customer.
    pub search: Option<String>,
    pub sort: CustomerSort,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// A list remembered for one state of the book: its length, and for a list computed whole, its
/// ids in order.
#[derive(Clone)]
struct Remembered {
    key: String,
    /// The book's last audit entry when the list was computed; every write appends one, so a
    /// different mark means the list may have changed.
    mark: Option<i64>,
    total: u64,
    ids: Option<Rc<Vec<i64>>>,
}

/// The lists last computed on a book, newest first.
#[derive(Default)]
pub(crate) struct ListMemo(RefCell<Vec<Remembered>>);

impl ListMemo {
    fn find(&self, key: &str, mark: Option<i64>) -> Option<Remembered> {
        let lists = self.0.borrow();
        lists
            .iter()
            .find(|r| r.key == key && r.mark == mark)
            .cloned()
    }

    fn keep(&self, remembered: Remembered) {
        let mut lists = self.0.borrow_mut();
        lists.retain(|r| r.key != remembered.key);
        lists.insert(0, remembered);
        lists.truncate(REMEMBERED_LISTS);
    }

    /// The ids of the list `key`, computed by `compute` unless remembered for `mark`.
    fn ids(
        &self,
        key: String,
        mark: Option<i64>,
        compute: impl FnOnce() -> Result<Vec<i64>>,
    ) -> Result<Rc<Vec<i64>>> {
        if let Some(ids) = self.find(&key, mark).and_then(|r| r.ids) {
            return Ok(ids);
        }
        let ids = Rc::new(compute()?);
        self.keep(Remembered {
            key,
            mark,
            total: ids.len() as u64,
            ids: Some(ids.clone()),
        });
        Ok(ids)
    }

    /// The length of the list `key`, counted by `count` unless remembered for `mark`.
    fn total(
        &self,
        key: String,
        mark: Option<i64>,
        count: impl FnOnce() -> Result<u64>,
    ) -> Result<u64> {
        if let Some(found) = self.find(&key, mark) {
            return Ok(found.total);
        }
        let total = count()?;
        self.keep(Remembered {
            key,
            mark,
            total,
            ids: None,
        });
        Ok(total)
    }
}

/// The ids of one page of a list computed whole.
fn page_of(ids: &[i64], offset: u32, limit: u32) -> Vec<i64> {
    ids.iter()
        .skip(offset as usize)
        .take(limit as usize)
        .copied()
        .collect()
}

/// Ids as the JSON array `json_each` reads in SQL.
fn id_list(ids: &[i64]) -> String {
    let mut list = String::with_capacity(ids.len() * 8 + 2);
    list.push('[');
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&id.to_string());
    }
    list.push(']');
    list
}

/// Appends `AND <condition>` with its parameter numbered after those already in `params`.
fn filter(filters: &mut String, params: &mut Vec<Value>, condition: &str, value: Value) {
    params.push(value);
    filters.push_str(" AND ");
    filters.push_str(&condition.replace('?', &format!("?{}", params.len())));
}

impl Book {
    /// A page of invoices issued by `query.as_of`, ordered by issue date then number, with
    /// their open amounts as of that date, and the number of invoices the whole list holds.
    pub fn invoice_page(&self, query: &InvoiceQuery) -> Result<InvoicePage> {
        self.read_invoice_page(query, true)
    }

    pub(crate) fn read_invoice_page(
        &self,
        query: &InvoiceQuery,
        with_total: bool,
    ) -> Result<InvoicePage> {
        let conn = self.conn();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let mark = audit_mark(conn)?;
        let key = format!(
            "invoices {} {} {:?} {:?} {:?}",
            query.as_of, query.overdue_only, query.customer, query.currency, query.disputed
        );

        let (page, total) = if query.overdue_only || query.customer.is_some() {
            let ids = self
                .lists()
                .ids(key, mark, || whole_invoice_list(conn, query))?;
            (page_of(&ids, query.offset, query.limit), ids.len() as u64)
        } else {
            let (source, sql_filters, params) = invoice_filters(query);
            let total = if with_total {
                self.lists().total(key, mark, || {
                    let sql = format!(
                        "SELECT count(*) FROM {source} WHERE issue_date <= ?1 {sql_filters}"
                    );
                    let mut stmt = conn.prepare_cached(&sql)?;
                    let count: i64 =
                        stmt.query_row(rusqlite::params_from_iter(&params), |r| r.get(0))?;
                    Ok(count as u64)
                })?
            } else {
                0
            };
            let sql = format!(
                "SELECT id FROM {source} WHERE issue_date <= ?1 {sql_filters}
                 ORDER BY issue_date, number LIMIT ?{} OFFSET ?{}",
                params.len() + 1,
                params.len() + 2
            );
            let mut params = params;
            params.push(Value::Integer(i64::from(query.limit)));
            params.push(Value::Integer(i64::from(query.offset)));
            let mut stmt = conn.prepare_cached(&sql)?;
            let ids = stmt
                .query_map(rusqlite::params_from_iter(&params), |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            (ids, total)
        };

        let rows = invoice_summaries(conn, query.as_of, &page)?;
        tx.commit()?;
        Ok(InvoicePage { rows, total })
    }

    /// A page of customers with their balances as of `query.as_of`, and the number of customers
    /// the whole list holds. See [`CustomerSort`] for the orders.
    pub fn customer_page(&self, query: &CustomerQuery) -> Result<CustomerPage> {
        let conn = self.conn();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let mark = audit_mark(conn)?;
        let day = day_number(query.as_of);
        let needle = query
            .search
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
        let direction = if query.descending { "DESC" } else { "ASC" };
        let (search, search_param) = match &needle {
            Some(needle) => (
                "(instr(creditdesk_fold(c.reference), ?1) > 0
                  OR instr(creditdesk_fold(c.name), ?1) > 0)",
                Value::Text(needle.clone()),
            ),
            None => ("?1 IS NULL", Value::Null),
        };

        let (page, total) = if query.sort == CustomerSort::Reference {
            // The unique index on the reference gives the order: page in SQL directly.
            let sql = format!(
                "SELECT c.id FROM customer c WHERE {search} ORDER BY c.reference {direction}
                 LIMIT ?2 OFFSET ?3"
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let params = (&search_param, query.limit, query.offset);
            let ids = stmt
                .query_map(params, |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            let sql = format!("SELECT count(*) FROM customer c WHERE {search}");
            let count: i64 = conn
                .prepare_cached(&sql)?
                .query_row([&search_param], |r| r.get(0))?;
            (ids, count as u64)
        } else {
            // Ordered by a computed value: the whole list once, remembered for the next pages.
            let order = match query.sort {
                CustomerSort::Open => format!("coalesce(b.open, 0) {direction}, c.reference"),
                CustomerSort::Overdue => {
                    format!("coalesce(b.overdue, 0) {direction}, c.reference")
                }
                _ => format!("creditdesk_fold(c.name) {direction}, c.reference"),
            };
            let key = format!("customers {} {needle:?} {order}", query.as_of);
            let ids = self.lists().ids(key, mark, || {
                let sql = if query.sort == CustomerSort::Name {
                    format!("SELECT c.id FROM customer c WHERE {search} ORDER BY {order}")
                } else {
                    format!(
                        "WITH balance AS (
                             SELECT customer_id, sum(open) AS open,
                                    sum(CASE WHEN due_day < ?2 THEN open ELSE 0 END) AS overdue
                             FROM (SELECT customer_id, due_day, {} AS open FROM instalment
                                   WHERE currency = ?3 AND issue_day <= ?2
                                     AND (settled_minor < amount_minor OR last_applied_day > ?2))
                             GROUP BY customer_id)
                         SELECT c.id FROM customer c LEFT JOIN balance b ON b.customer_id = c.id
                         WHERE {search}
                         ORDER BY {order}",
                        open_as_of("instalment", "?2")
                    )
                };
                let mut stmt = conn.prepare_cached(&sql)?;
                let ids = if query.sort == CustomerSort::Name {
                    stmt.query_map([&search_param], |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()?
                } else {
                    let currency = self.settings()?.currency;
                    let params = (&search_param, day, currency.code());
                    stmt.query_map(params, |r| r.get(0))?
                        .collect::<rusqlite::Result<Vec<i64>>>()?
                };
                Ok(ids)
            })?;
            (page_of(&ids, query.offset, query.limit), ids.len() as u64)
        };

        let rows = customer_summaries(conn, day, &page)?;
        tx.commit()?;
        Ok(CustomerPage { rows, total })
    }
}

/// The table (with the index to read it by) and the conditions on it after `issue_date <= ?1`
/// of a list without the overdue filter and without a customer, with their parameters (the
/// first is the as-of date).
fn invoice_filters(query: &InvoiceQuery) -> (&'static str, String, Vec<Value>) {
    let mut filters = String::new();
    let mut params = vec![Value::Text(date_bound(query.as_of))];
    if let Some(currency) = query.currency {
        filter(
            &mut filters,
            &mut params,
            "currency = ?",
            Value::Text(currency.code().to_string()),
        );
    }
    // Written out, not bound, so that the index of the disputed invoices (one in a hundred) can
    // serve their list; SQLite would otherwise walk the index of all invoices.
    let source = match query.disputed {
        Some(true) => {
            filters.push_str(" AND disputed = 1");
            "invoice INDEXED BY invoice_disputed_by_issue"
        }
        Some(false) => {
            filters.push_str(" AND disputed = 0");
            "invoice"
        }
        None => "invoice",
    };
    (source, filters, params)
}

/// The ids, in list order, of every invoice of a list that has a customer or the overdue
/// filter: its instalments are read, by customer when one is given (the table is clustered by
/// customer), else all of them.
fn whole_invoice_list(conn: &Connection, query: &InvoiceQuery) -> Result<Vec<i64>> {
    let day = day_number(query.as_of);
    let mut filters = String::new();
    let mut params = vec![Value::Integer(day)];
    if let Some(customer) = &query.customer {
        filter(
            &mut filters,
            &mut params,
            "i.customer_id = (SELECT id FROM customer WHERE reference = ?)",
            Value::Text(customer.clone()),
        );
    }
    if let Some(currency) = query.currency {
        filter(
            &mut filters,
            &mut params,
            "i.currency = ?",
            Value::Text(currency.code().to_string()),
        );
    }
    if let Some(disputed) = query.disputed {
        filter(
            &mut filters,
            &mut params,
            "i.disputed = ?",
            Value::Integer(i64::from(disputed)),
        );
    }
    if query.overdue_only {
        // Only an instalment not fully settled now, or settled after the day, can be open then.
        filters.push_str(&format!(
            " AND i.due_day < ?1
              AND (i.settled_minor < i.amount_minor OR i.last_applied_day > ?1)
              AND {} > 0",
            open_as_of("i", "?1")
        ));
    }
    let sql = format!(
        "SELECT v.id FROM invoice v
         WHERE v.id IN (SELECT i.invoice_id FROM instalment i WHERE i.issue_day <= ?1 {filters})
         ORDER BY v.issue_date, v.number"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let ids = stmt
        .query_map(rusqlite::params_from_iter(&params), |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// The invoices `ids`, in that order, with their open amounts as of `as_of`.
pub(crate) fn invoice_summaries(
    conn: &Connection,
    as_of: chrono::NaiveDate,
    ids: &[i64],
) -> Result<Vec<InvoiceSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let open = open_as_of("i", "?1");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.number, c.reference, c.name, v.issue_date, v.currency, v.total_minor,
                v.disputed, sum({open}), min(CASE WHEN {open} > 0 THEN i.due_date END)
         FROM json_each(?2) p
         JOIN invoice v ON v.id = p.value
         JOIN customer c ON c.id = v.customer_id
         JOIN instalment i ON i.customer_id = v.customer_id AND i.currency = v.currency
             AND i.invoice_id = v.id
         GROUP BY p.key
         ORDER BY p.key"
    ))?;
    let mut rows = stmt.query((day_number(as_of), id_list(ids)))?;
    let mut page = Vec::with_capacity(ids.len());
    while let Some(r) = rows.next()? {
        let currency = parse_currency(text(r, 4)?)?;
        let (total, open): (i64, i64) = (r.get(5)?, r.get(7)?);
        let earliest: Option<String> = r.get(8)?;
        let earliest = earliest.as_deref().map(parse_date).transpose()?;
        page.push(InvoiceSummary {
            number: r.get(0)?,
            customer_reference: r.get(1)?,
            customer_name: r.get(2)?,
            issue_date: parse_date(text(r, 3)?)?,
            currency,
            total: Money::from_minor(total, currency),
            open: Money::from_minor(open, currency),
            earliest_unpaid_due: earliest,
            days_overdue: earliest.map(|due| (as_of - due).num_days()),
            disputed: r.get(6)?,
            status: InvoiceStatus::of(total, open),
        });
    }
    Ok(page)
}

/// The customers `ids`, in that order, with their balances as of the day `day`.
pub(crate) fn customer_summaries(
    conn: &Connection,
    day: i64,
    ids: &[i64],
) -> Result<Vec<CustomerSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = id_list(ids);
    let mut balances = balances_of(conn, day, &list)?;
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.reference, c.name, c.country, c.email, c.channel
         FROM json_each(?1) p JOIN customer c ON c.id = p.value
         ORDER BY p.key",
    )?;
    let mut rows = stmt.query([&list])?;
    let mut customers = Vec::with_capacity(ids.len());
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let channel: Option<String> = r.get(5)?;
        let mut own = balances.remove(&id).unwrap_or_default();
        own.sort_by_key(|b| b.currency);
        customers.push(CustomerSummary {
            reference: r.get(1)?,
            name: r.get(2)?,
            country: r.get(3)?,
            email: r.get(4)?,
            channel: channel.as_deref().and_then(Channel::parse),
            balances: own,
        });
    }
    Ok(customers)
}

/// The balances of the customers in the JSON id list `list` as of the day `day`, as
/// [`Book::customers`] gives them: a currency with something open or unapplied.
fn balances_of(
    conn: &Connection,
    day: i64,
    list: &str,
) -> Result<HashMap<i64, Vec<CustomerBalance>>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT customer_id, currency, sum(open), sum(CASE WHEN due_day < ?1 THEN open ELSE 0 END)
         FROM (SELECT i.customer_id, i.currency, i.due_day, {} AS open
               FROM json_each(?2) p JOIN instalment i ON i.customer_id = p.value
               WHERE i.issue_day <= ?1)
         GROUP BY customer_id, currency",
        open_as_of("i", "?1")
    ))?;
    let mut rows = stmt.query((day, list))?;
    let mut balances: HashMap<i64, Vec<CustomerBalance>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let open: i64 = r.get(2)?;
        if open == 0 {
            continue;
        }
        let currency = parse_currency(text(r, 1)?)?;
        balances
            .entry(r.get(0)?)
            .or_default()
            .push(CustomerBalance {
                currency,
                open: Money::from_minor(open, currency),
                overdue: Money::from_minor(r.get(3)?, currency),
                unapplied: Money::zero(currency),
            });
    }
    drop(rows);

    let mut stmt = conn.prepare_cached(&format!(
        "SELECT s.customer_id, s.currency, sum({})
         FROM json_each(?2) p JOIN settlement s ON s.customer_id = p.value
         WHERE s.day <= ?1
         GROUP BY s.customer_id, s.currency",
        unapplied_as_of("s", "?1")
    ))?;
    let mut rows = stmt.query((day, list))?;
    while let Some(r) = rows.next()? {
        let unapplied: i64 = r.get(2)?;
        if unapplied == 0 {
            continue;
        }
        let currency: Currency = parse_currency(text(r, 1)?)?;
        let unapplied = Money::from_minor(-unapplied, currency);
        let list = balances.entry(r.get(0)?).or_default();
        match list.iter_mut().find(|b| b.currency == currency) {
            Some(balance) => balance.unapplied = unapplied,
            None => list.push(CustomerBalance {
                currency,
                open: Money::zero(currency),
                overdue: Money::zero(currency),
                unapplied,
            }),
        }
    }
    Ok(balances)
}
