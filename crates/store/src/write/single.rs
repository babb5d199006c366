//! Writes a user makes one at a time: recording a payment, allocating what a customer paid
//! without naming an invoice, marking an invoice disputed. Each is one transaction with its
//! audit entry.

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::allocate::allocate_oldest_first;
use creditdesk_core::ledger::{SettlementKind, SettlementRecord};
use creditdesk_core::{say, Money};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::settle::{InstalmentRef, OpenInstalments};
use super::{TriggersOff, WriteOutcome, Writer};
use crate::audit;
use crate::book::Book;
use crate::codec::{day_number, money, parse_date, text};
use crate::error::{Result, StoreError};
use crate::reports::unapplied_candidates;

/// One part of a settlement applied to one instalment by [`Book::allocate_unapplied`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AllocationMade {
    pub settlement_kind: SettlementKind,
    pub settlement_reference: String,
    pub invoice_number: String,
    pub instalment_seq: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
}

/// An unapplied settlement: what is left of it to allocate.
struct Unapplied {
    id: i64,
    kind: SettlementKind,
    reference: String,
    left: Money,
}

impl Book {
    /// Records one settlement entered by hand, by the same rules as an import (see
    /// [`ImportTx::settlement`](crate::ImportTx::settlement)); a conflict with the book says
    /// what was given, not what a file has. Only an inserted settlement changes the book and is
    /// audited.
    pub fn record_settlement(&mut self, record: &SettlementRecord) -> Result<WriteOutcome> {
        let conn = &*self.conn_mut();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let triggers = TriggersOff::new(conn)?;
        let mut writer = Writer::keeping_allocation_columns(conn, &triggers, false)?;
        writer.by_hand = true;
        let outcome = writer.settlement(record)?;
        if outcome == WriteOutcome::Inserted {
            let customer = writer.customer_id(&record.customer_reference)?;
            writer.apply_waiting_refunds(customer)?;
            drop(writer);
            let detail = serde_json::to_value(record).unwrap_or_default();
            audit::append(
                &tx,
                "record_settlement",
                "settlement",
                &record.reference,
                &detail,
            )?;
            tx.commit()?;
        }
        drop(triggers);
        Ok(outcome)
    }

    /// Allocates the customer's unapplied settlements dated on or before `as_of`, oldest
    /// settlement first, each to the customer's open instalments of its currency, oldest due
    /// date first, applied on `as_of`. Only invoices issued on or before `as_of` take part.
    /// At most the customer's net unapplied amount of each currency is allocated: a refund left
    /// unapplied (below zero) has already given part of the money back.
    /// Returns what was allocated; an empty list changes nothing and is not audited.
    pub fn allocate_unapplied(
        &mut self,
        customer_reference: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<AllocationMade>> {
        let conn = &*self.conn_mut();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let mut writer = Writer::new(conn)?;
        let Some(customer_id) = writer.customer_id(customer_reference)? else {
            return Err(StoreError::CustomerNotFound(customer_reference.to_string()));
        };
        let day = day_number(as_of);
        let settlements = unapplied_settlements(conn, customer_id, day)?;
        let (mut open, numbers) = open_instalments(conn, customer_id, day)?;

        let mut made = Vec::new();
        for settlement in settlements {
            let currency = settlement.left.currency();
            let candidates: Vec<_> = open
                .open
                .iter()
                .filter(|i| i.open.currency() == currency && !i.open.is_zero())
                .copied()
                .collect();
            let result = allocate_oldest_first(settlement.left, &candidates)?;
            writer.insert_allocations(settlement.id, &open, &result.allocations, as_of)?;
            open.take(&result.allocations);
            for allocation in &result.allocations {
                let key = allocation.key as usize;
                made.push(AllocationMade {
                    settlement_kind: settlement.kind,
                    settlement_reference: settlement.reference.clone(),
                    invoice_number: numbers[key].clone(),
                    instalment_seq: open.places[key].seq,
                    due_date: open.open[key].due_date,
                    amount: allocation.amount,
                });
            }
        }
        drop(writer);

        if made.is_empty() {
            return Ok(made);
        }
        let detail = json!({ "as_of": as_of, "allocations": made });
        audit::append(&tx, "allocate", "customer", customer_reference, &detail)?;
        tx.commit()?;
        Ok(made)
    }

    /// Marks an invoice disputed, or clears the mark. A disputed invoice stays in the aging,
    /// marked, and is left out of dunning. Returns whether the flag changed; an unchanged flag
    /// writes nothing.
    pub fn set_disputed(&mut self, invoice_number: &str, disputed: bool) -> Result<bool> {
        let conn = &*self.conn_mut();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let current: Option<bool> = tx
            .query_row(
                "SELECT disputed FROM invoice WHERE number_key = ltrim(?1, '0') AND number = ?1",
                [invoice_number],
                |row| row.get(0),
            )
            .optional()?;
        let Some(current) = current else {
            return Err(StoreError::InvoiceNotFound(invoice_number.to_string()));
        };
        if current == disputed {
            return Ok(false);
        }
        tx.execute(
            "UPDATE invoice SET disputed = ?2 WHERE number_key = ltrim(?1, '0') AND number = ?1",
            (invoice_number, disputed),
        )?;
        let action = if disputed {
            "set_disputed"
        } else {
            "clear_disputed"
        };
        audit::append(
            &tx,
            action,
            "invoice",
            invoice_number,
            &json!({ "disputed": disputed }),
        )?;
        tx.commit()?;
        Ok(true)
    }
}

fn unapplied_settlements(conn: &Connection, customer_id: i64, day: i64) -> Result<Vec<Unapplied>> {
    // What is unapplied below zero (a refund that named no invoice, or one waiting for what it
    // takes back) has already gone back to the customer: it comes off what can be allocated,
    // from the latest settlements back. Counted as of the day, as the aging counts it: a
    // refund applied only after the day gave the money back on its own date.
    let mut net = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT currency, sum(remaining) FROM ({}) WHERE customer_id = ?2 GROUP BY currency",
        unapplied_candidates()
    ))?;
    let mut rows = stmt.query((day, customer_id))?;
    while let Some(r) = rows.next()? {
        net.insert(r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, reference, currency, amount_minor - allocated_minor FROM settlement
         WHERE customer_id = ?1 AND day <= ?2 AND amount_minor > allocated_minor
         ORDER BY day, id",
    )?;
    let mut rows = stmt.query((customer_id, day))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let budget = net.get_mut(text(r, 3)?).expect("summed above");
        let left = r.get::<_, i64>(4)?.min(*budget);
        if left == 0 {
            continue;
        }
        *budget -= left;
        let kind = text(r, 1)?;
        found.push(Unapplied {
            id: r.get(0)?,
            kind: SettlementKind::parse(kind).ok_or_else(|| {
                StoreError::Unreadable(say!(
                    en: "settlement kind \"{kind}\"",
                    zh: "核销单据类型“{kind}”",
                ))
            })?,
            reference: r.get(2)?,
            left: money(left, text(r, 3)?)?,
        });
    }
    Ok(found)
}

/// The customer's open instalments of invoices issued by `day`, oldest due first, with the
/// number of each one's invoice.
fn open_instalments(
    conn: &Connection,
    customer_id: i64,
    day: i64,
) -> Result<(OpenInstalments, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.invoice_id, i.seq, i.due_date, i.amount_minor - i.settled_minor, i.currency,
                v.number
         FROM instalment i JOIN invoice v ON v.id = i.invoice_id
         WHERE i.customer_id = ?1 AND i.issue_day <= ?2 AND i.settled_minor < i.amount_minor
         ORDER BY i.due_day, i.invoice_id, i.seq",
    )?;
    let mut rows = stmt.query((customer_id, day))?;
    let mut open = OpenInstalments::default();
    let mut numbers = Vec::new();
    while let Some(r) = rows.next()? {
        open.push(
            InstalmentRef {
                customer_id,
                invoice_id: r.get(0)?,
                seq: r.get(1)?,
            },
            parse_date(text(r, 2)?)?,
            money(r.get(3)?, text(r, 4)?)?,
        );
        numbers.push(r.get(5)?);
    }
    Ok((open, numbers))
}
