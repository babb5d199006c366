//! Promises to pay as the book keeps them, and the receipts their standing is judged on.
//!
//! # Which receipts count toward a promise
//!
//! The payments of the promise's customer, in the promise's currency, dated from the day the
//! promise was made through the promised date (the core's `Promise::standing` keeps to those
//! days itself). Of each payment only what it brought to the promise counts: the part
//! allocated to the invoices the promise covers, plus the part still unapplied (money the
//! customer sent that may yet go to them). What a payment settled on other invoices was not
//! paid toward the promise. Credit notes, write-offs and discounts are not money received and
//! never count.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use creditdesk_core::promises::{Promise, PromiseChannel, Receipt};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{customer_id, invoice_numbers, invoice_row, label, unlabel};
use crate::audit;
use crate::book::Book;
use crate::codec::{money, parse_date, text, DateText};
use crate::error::Result;

/// A promise on record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PromiseEntry {
    /// Increases with every promise of the book.
    pub id: i64,
    pub customer_name: String,
    pub promise: Promise,
    /// The receipts that count toward it (see the module documentation), oldest first,
    /// whatever the as-of date: the core keeps to the counted days.
    pub receipts: Vec<Receipt>,
}

const NUMBERS: &str = "SELECT v.number FROM promise_invoice p JOIN invoice v ON v.id = p.invoice_id
                       WHERE p.promise_id = ?1 ORDER BY v.number";

impl Book {
    /// Records a promise. Its invoices must be in the book (an unknown one is
    /// `StoreError::InvoiceNotFound`); the caller has checked them against the customer and
    /// the promise with `Promise::problems`. Audited as `add_promise`.
    pub fn add_promise(&mut self, promise: &Promise) -> Result<PromiseEntry> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let customer = customer_id(&tx, &promise.customer_reference)?;
        let mut invoices = Vec::new();
        for number in &promise.invoice_numbers {
            invoices.push(invoice_row(&tx, number)?.id);
        }
        invoices.sort_unstable();
        invoices.dedup();
        tx.execute(
            "INSERT INTO promise (customer_id, made_on, promised_on, amount_minor, currency,
                 promised_by, channel, dunning_level)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (
                customer,
                DateText::new(promise.made_on)?,
                DateText::new(promise.promised_on)?,
                promise.amount.to_minor()?,
                promise.amount.currency().code(),
                promise.promised_by.trim(),
                label(&promise.channel),
                promise.dunning_level,
            ),
        )?;
        let id = tx.last_insert_rowid();
        for invoice in invoices {
            tx.execute(
                "INSERT INTO promise_invoice (promise_id, invoice_id) VALUES (?1, ?2)",
                (id, invoice),
            )?;
        }
        let detail = json!({ "id": id, "promise": promise });
        audit::append(
            &tx,
            "add_promise",
            "customer",
            &promise.customer_reference,
            &detail,
        )?;
        let entry = read_promises(&tx, None, Some(id))?.pop();
        tx.commit()?;
        Ok(entry.expect("the promise was just written"))
    }

    /// Per customer reference, the promises broken within the 365 days ending on `as_of`: those
    /// whose promised date is in the 365 days before `as_of` (so that they broke, the day after
    /// it, on or before `as_of`) and whose counted receipts (see the module documentation) fell
    /// short of the promised amount. One query for the whole book; customers with none are
    /// left out.
    pub fn broken_promises(&self, as_of: NaiveDate) -> Result<BTreeMap<String, u32>> {
        let from = as_of - Days::new(365);
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.reference, count(*)
             FROM promise p JOIN customer c ON c.id = p.customer_id
             WHERE p.promised_on >= ?1 AND p.promised_on < ?2
               AND coalesce((
                   SELECT sum((s.amount_minor - s.allocated_minor)
                              + coalesce((SELECT sum(a.amount_minor) FROM allocation a
                                          WHERE a.settlement_id = s.id
                                            AND a.invoice_id IN (SELECT invoice_id
                                                FROM promise_invoice WHERE promise_id = p.id)),
                                         0))
                   FROM settlement s
                   WHERE s.customer_id = p.customer_id AND s.currency = p.currency
                     AND s.kind = 'payment' AND s.date BETWEEN p.made_on AND p.promised_on
               ), 0) < p.amount_minor
             GROUP BY p.customer_id",
        )?;
        let mut rows = stmt.query((DateText::new(from)?, DateText::new(as_of)?))?;
        let mut broken = BTreeMap::new();
        while let Some(r) = rows.next()? {
            broken.insert(r.get::<_, String>(0)?, r.get::<_, u32>(1)?);
        }
        Ok(broken)
    }

    /// Every promise (of one customer with `customer`), by promised date, with the receipts
    /// that count toward each.
    pub fn promises(&self, customer: Option<&str>) -> Result<Vec<PromiseEntry>> {
        let customer = customer.map(|c| customer_id(self.conn(), c)).transpose()?;
        read_promises(self.conn(), customer, None)
    }
}

fn read_promises(
    conn: &Connection,
    customer: Option<i64>,
    id: Option<i64>,
) -> Result<Vec<PromiseEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, c.reference, c.name, p.made_on, p.promised_on, p.amount_minor, p.currency,
                p.promised_by, p.channel, p.dunning_level, p.customer_id
         FROM promise p JOIN customer c ON c.id = p.customer_id
         WHERE (?1 IS NULL OR p.customer_id = ?1) AND (?2 IS NULL OR p.id = ?2)
         ORDER BY p.promised_on, c.reference, p.id",
    )?;
    let mut rows = stmt.query((customer, id))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let promise = Promise {
            customer_reference: r.get(1)?,
            made_on: parse_date(text(r, 3)?)?,
            promised_on: parse_date(text(r, 4)?)?,
            amount: money(r.get(5)?, text(r, 6)?)?,
            promised_by: r.get(7)?,
            channel: unlabel::<PromiseChannel>("promise channel", text(r, 8)?)?,
            invoice_numbers: invoice_numbers(conn, NUMBERS, id)?,
            dunning_level: r.get(9)?,
        };
        let receipts = receipts(conn, id, r.get(10)?, &promise)?;
        found.push(PromiseEntry {
            id,
            customer_name: r.get(2)?,
            promise,
            receipts,
        });
    }
    Ok(found)
}

/// The receipts that count toward promise `id` of customer `customer_id`: see the module
/// documentation.
fn receipts(
    conn: &Connection,
    id: i64,
    customer_id: i64,
    promise: &Promise,
) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.date,
                (s.amount_minor - s.allocated_minor)
                + coalesce((SELECT sum(a.amount_minor) FROM allocation a
                            WHERE a.settlement_id = s.id
                              AND a.invoice_id IN (SELECT invoice_id FROM promise_invoice
                                                   WHERE promise_id = ?1)), 0)
         FROM settlement s
         WHERE s.customer_id = ?2 AND s.currency = ?3 AND s.kind = 'payment'
           AND s.date BETWEEN ?4 AND ?5
         ORDER BY s.date, s.id",
    )?;
    let currency = promise.amount.currency();
    let mut rows = stmt.query((
        id,
        customer_id,
        currency.code(),
        DateText::new(promise.made_on)?,
        DateText::new(promise.promised_on)?,
    ))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let minor: i64 = r.get(1)?;
        // A refund (below zero) gives back money that counted.
        if minor != 0 {
            found.push(Receipt {
                date: parse_date(text(r, 0)?)?,
                amount: creditdesk_core::Money::from_minor(minor, currency),
            });
        }
    }
    Ok(found)
}
