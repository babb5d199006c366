//! What a dunning leaves to follow up: the calls to make for phone levels and their outcomes,
//! and the charges claimed on invoices with what was paid or waived of them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_core::dunning::{Charge, ChargeKind, ChargeSettlement};
use creditdesk_core::{Currency, Money};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::invoice_id;
use crate::audit;
use crate::book::Book;
use crate::codec::{
    customer_id, label, money, parse_currency, parse_date, text, unlabel, DateText,
};
use crate::error::Result;

/// How a call went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PhoneOutcome {
    Reached,
    Promised,
    Disputed,
    NoAnswer,
}

/// A call to make, and once made how it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PhoneTaskEntry {
    pub id: i64,
    pub customer_reference: String,
    pub customer_name: String,
    pub communication_id: i64,
    /// The communication's reference, `D-2026-000123`.
    pub reference: String,
    pub level: u8,
    /// What the communication claims.
    pub total: Money,
    pub invoices: Vec<String>,
    pub due_on: NaiveDate,
    pub outcome: Option<PhoneOutcome>,
    pub note: Option<String>,
    pub done_on: Option<NaiveDate>,
    /// The promise recorded from the call.
    pub promise_id: Option<i64>,
}

/// The charges claimed on one invoice and what settled them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceCharges {
    pub invoice_number: String,
    pub customer_reference: String,
    pub currency: Currency,
    /// Oldest first.
    pub charges: Vec<Charge>,
    /// Oldest first.
    pub settlements: Vec<ChargeSettlement>,
}

impl Book {
    /// The phone tasks (only those not done with `open_only`), by due day.
    pub fn phone_tasks(&self, open_only: bool) -> Result<Vec<PhoneTaskEntry>> {
        read_tasks(self.conn(), open_only, None)
    }

    /// Phone task `id`, or `None`.
    pub fn phone_task(&self, id: i64) -> Result<Option<PhoneTaskEntry>> {
        Ok(read_tasks(self.conn(), false, Some(id))?.pop())
    }

    /// Records how the call of open task `id` went; `None` when there is no open task `id`.
    /// Audited as `complete_phone_task`.
    pub fn complete_phone_task(
        &mut self,
        id: i64,
        outcome: PhoneOutcome,
        note: &str,
        done_on: NaiveDate,
        promise_id: Option<i64>,
    ) -> Result<Option<PhoneTaskEntry>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE phone_task SET state = 'done', outcome = ?2, note = ?3, done_on = ?4,
                 done_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), promise_id = ?5
             WHERE id = ?1 AND state = 'open'",
            (
                id,
                label(&outcome),
                note.trim(),
                DateText::new(done_on)?,
                promise_id,
            ),
        )?;
        if changed == 0 {
            return Ok(None);
        }
        let entry = read_tasks(&tx, false, Some(id))?.pop();
        if let Some(entry) = &entry {
            let detail = json!({ "task": id, "outcome": label(&outcome), "note": note.trim(),
                                 "done_on": done_on, "promise": promise_id,
                                 "communication": entry.reference });
            audit::append(
                &tx,
                "complete_phone_task",
                "customer",
                &entry.customer_reference,
                &detail,
            )?;
        }
        tx.commit()?;
        Ok(entry)
    }

    /// The charges claimed on the customer's invoices, by invoice number; invoices without
    /// charges are left out.
    pub fn customer_charges(&self, customer: &str) -> Result<Vec<InvoiceCharges>> {
        let id = customer_id(self.conn(), customer)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.number, v.currency, k.kind, k.amount_minor, k.currency, k.charged_on,
                    k.level
             FROM dunning_charge k JOIN invoice v ON v.id = k.invoice_id
             WHERE v.customer_id = ?1
             ORDER BY v.number, k.charged_on, k.id",
        )?;
        let mut rows = stmt.query([id])?;
        let mut by_invoice: BTreeMap<String, InvoiceCharges> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let number: String = r.get(0)?;
            let entry = by_invoice.entry(number.clone()).or_insert(InvoiceCharges {
                invoice_number: number.clone(),
                customer_reference: customer.to_string(),
                currency: parse_currency(text(r, 1)?)?,
                charges: Vec::new(),
                settlements: Vec::new(),
            });
            entry.charges.push(Charge {
                invoice_number: number,
                kind: unlabel::<ChargeKind>("charge kind", text(r, 2)?)?,
                amount: money(r.get(3)?, text(r, 4)?)?,
                charged_on: parse_date(text(r, 5)?)?,
                level: r.get(6)?,
            });
        }
        drop(rows);
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.number, s.date, s.amount_minor, s.currency, s.waived
             FROM charge_settlement s JOIN invoice v ON v.id = s.invoice_id
             WHERE v.customer_id = ?1
             ORDER BY v.number, s.date, s.id",
        )?;
        let mut rows = stmt.query([id])?;
        while let Some(r) = rows.next()? {
            let number: String = r.get(0)?;
            if let Some(entry) = by_invoice.get_mut(&number) {
                entry.settlements.push(ChargeSettlement {
                    invoice_number: number,
                    date: parse_date(text(r, 1)?)?,
                    amount: money(r.get(2)?, text(r, 3)?)?,
                    waived: r.get(4)?,
                });
            }
        }
        Ok(by_invoice.into_values().collect())
    }

    /// The interest already charged on invoice `number`, in its currency.
    pub fn interest_charged(&self, number: &str, currency: Currency) -> Result<Money> {
        let (invoice, _) = invoice_id(self.conn(), number)?;
        let minor: i64 = self
            .conn()
            .prepare_cached(
                "SELECT coalesce(sum(amount_minor), 0) FROM dunning_charge
                 WHERE invoice_id = ?1 AND kind = 'interest' AND currency = ?2",
            )?
            .query_row((invoice, currency.code()), |r| r.get(0))?;
        Ok(Money::from_minor(minor, currency))
    }

    /// Whether the fixed compensation of a late-payment law was charged on invoice `number`
    /// already: it is owed once per invoice.
    pub fn compensation_charged(&self, number: &str) -> Result<bool> {
        let (invoice, _) = invoice_id(self.conn(), number)?;
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM dunning_charge
                                WHERE invoice_id = ?1 AND kind = 'compensation')",
            )?
            .query_row([invoice], |r| r.get(0))?)
    }

    /// Records money received toward, or a waiver of, the charges of an invoice, checked by the
    /// caller. Audited as `pay_charges` or `waive_charges`.
    pub fn settle_charges(&mut self, settlement: &ChargeSettlement, note: &str) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let (invoice, number) = invoice_id(&tx, &settlement.invoice_number)?;
        tx.execute(
            "INSERT INTO charge_settlement (invoice_id, date, amount_minor, currency, waived, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (
                invoice,
                DateText::new(settlement.date)?,
                settlement.amount.to_minor()?,
                settlement.amount.currency().code(),
                settlement.waived,
                note.trim(),
            ),
        )?;
        let action = if settlement.waived {
            "waive_charges"
        } else {
            "pay_charges"
        };
        let detail = json!({ "date": settlement.date, "amount": settlement.amount.to_string(),
                             "note": note.trim() });
        audit::append(&tx, action, "invoice", &number, &detail)?;
        tx.commit()?;
        Ok(())
    }
}

fn read_tasks(conn: &Connection, open_only: bool, id: Option<i64>) -> Result<Vec<PhoneTaskEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, c.reference, c.name, t.communication_id, m.reference, m.level,
                m.total_minor, m.currency, t.due_on, t.outcome, t.note, t.done_on, t.promise_id,
                (SELECT group_concat(number, ', ') FROM (
                     SELECT DISTINCT v.number FROM dunning_item d
                     JOIN invoice v ON v.id = d.invoice_id
                     WHERE d.communication_id = t.communication_id ORDER BY v.number))
         FROM phone_task t
         JOIN customer c ON c.id = t.customer_id
         JOIN dunning_communication m ON m.id = t.communication_id
         WHERE (?1 = 0 OR t.state = 'open') AND (?2 IS NULL OR t.id = ?2)
         ORDER BY t.due_on, t.id",
    )?;
    let mut rows = stmt.query((open_only, id))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let invoices: Option<String> = r.get(13)?;
        found.push(PhoneTaskEntry {
            id: r.get(0)?,
            customer_reference: r.get(1)?,
            customer_name: r.get(2)?,
            communication_id: r.get(3)?,
            reference: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
            level: r.get(5)?,
            total: money(r.get(6)?, text(r, 7)?)?,
            invoices: invoices
                .map(|list| list.split(", ").map(str::to_string).collect())
                .unwrap_or_default(),
            due_on: parse_date(text(r, 8)?)?,
            outcome: r
                .get::<_, Option<String>>(9)?
                .map(|o| unlabel("call outcome", &o))
                .transpose()?,
            note: r.get(10)?,
            done_on: r
                .get::<_, Option<String>>(11)?
                .as_deref()
                .map(parse_date)
                .transpose()?,
            promise_id: r.get(12)?,
        });
    }
    Ok(found)
}
