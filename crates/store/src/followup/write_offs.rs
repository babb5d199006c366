//! Write-offs with the reason they were written off, and what the bad-debt report reads: the
//! write-offs of a period and the credit sales of the same period.

use chrono::NaiveDate;
use creditdesk_core::ledger::{SettlementKind, SettlementRecord};
use creditdesk_core::Money;
use rusqlite::{Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};

use crate::audit;
use crate::book::Book;
use crate::codec::{money, parse_date, text, DateText};
use crate::error::Result;
use crate::write::{TriggersOff, WriteOutcome, Writer};

/// A write-off dated in a period, with its reason when one was given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteOffEntry {
    pub record: SettlementRecord,
    pub customer_name: String,
    pub reason: Option<String>,
}

impl Book {
    /// Records a settlement as [`Book::record_settlement`] does and, for an inserted write-off
    /// with a reason, keeps the reason with it, in the same transaction. The audit entry
    /// (`record_settlement`) carries the reason.
    pub fn record_write_off(
        &mut self,
        record: &SettlementRecord,
        reason: &str,
    ) -> Result<WriteOutcome> {
        let conn = &*self.conn_mut();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let outcome = {
            let triggers = TriggersOff::new(conn)?;
            Writer::keeping_allocation_columns(conn, &triggers, false)?.settlement(record)?
        };
        if outcome != WriteOutcome::Inserted {
            return Ok(outcome);
        }
        let reason = reason.trim();
        if record.kind == SettlementKind::WriteOff && !reason.is_empty() {
            tx.execute(
                "INSERT INTO write_off_reason (settlement_id, reason)
                 SELECT id, ?2 FROM settlement WHERE kind = 'write_off' AND reference = ?1",
                (&record.reference, reason),
            )?;
        }
        let mut detail = serde_json::to_value(record).unwrap_or_default();
        if let Some(fields) = detail.as_object_mut() {
            fields.insert("reason".into(), reason.into());
        }
        audit::append(
            &tx,
            "record_settlement",
            "settlement",
            &record.reference,
            &detail,
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    /// The write-offs dated from `from` through `to` (both included), by date and reference.
    pub fn write_offs(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<WriteOffEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT s.reference, c.reference, c.name, s.date, s.amount_minor, s.currency,
                    s.invoice_number, w.reason
             FROM settlement s
             JOIN customer c ON c.id = s.customer_id
             LEFT JOIN write_off_reason w ON w.settlement_id = s.id
             WHERE s.kind = 'write_off' AND s.date BETWEEN ?1 AND ?2
             ORDER BY s.date, s.reference",
        )?;
        let mut rows = stmt.query((DateText::new(from)?, DateText::new(to)?))?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            found.push(WriteOffEntry {
                record: SettlementRecord {
                    reference: r.get(0)?,
                    customer_reference: r.get(1)?,
                    kind: SettlementKind::WriteOff,
                    date: parse_date(text(r, 3)?)?,
                    amount: money(r.get(4)?, text(r, 5)?)?,
                    invoice_number: r.get(6)?,
                    paid_in: None,
                },
                customer_name: r.get(2)?,
                reason: r.get(7)?,
            });
        }
        Ok(found)
    }

    /// The credit sales of a period per currency, in currency order: the totals of the invoices
    /// issued from `from` through `to` (both included).
    pub fn credit_sales(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Money>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT sum(total_minor), currency FROM invoice
             WHERE issue_date BETWEEN ?1 AND ?2 GROUP BY currency ORDER BY currency",
        )?;
        let mut rows = stmt.query((DateText::new(from)?, DateText::new(to)?))?;
        let mut sales = Vec::new();
        while let Some(r) = rows.next()? {
            sales.push(money(r.get(0)?, text(r, 1)?)?);
        }
        Ok(sales)
    }
}
