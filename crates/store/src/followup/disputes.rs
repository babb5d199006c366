//! Disputes as the book keeps them: opened against an invoice's open amount, resolved once, an
//! accepted part posted as a credit note on the invoice.
//!
//! Invariant: an invoice's `disputed` flag is set while any of its disputes is open, and cleared
//! when the last one is resolved, so aging marks it and exposure keeps it as before. An invoice
//! marked disputed without a dispute on record (by an import, or by hand) keeps its flag until it
//! is cleared by hand or a dispute opened on it is resolved.

use std::fmt;

use chrono::NaiveDate;
use creditdesk_core::allocate::OpenInstalment;
use creditdesk_core::disputes::{
    split_disputed, Dispute, DisputeError, DisputeOutcome, DisputeReason, DisputeResolution,
    NewDispute,
};
use creditdesk_core::ledger::{SettlementKind, SettlementRecord};
use creditdesk_core::{say, Money};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::invoice_row;
use crate::audit;
use crate::book::Book;
use crate::codec::{day_number, money, parse_date, text, DateText};
use crate::error::{Result, StoreError};
use crate::reports::open_as_of;
use crate::write::{TriggersOff, WriteOutcome, Writer};

/// A dispute on record, with the customer of its invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeEntry {
    /// Increases with every dispute of the book; what a dispute is resolved by.
    pub id: i64,
    pub customer_reference: String,
    pub customer_name: String,
    pub dispute: Dispute,
    /// The reference of the credit note posted for the accepted part, once resolved.
    pub credit_note: Option<String>,
}

/// Why a dispute was not resolved; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisputeRefusal {
    /// The book holds no dispute with this id.
    NotFound(i64),
    /// The dispute rules refuse the resolution.
    Rule(DisputeError),
    /// The credit note for the accepted part could not be posted; the sentence says why.
    CreditNote(String),
}

impl fmt::Display for DisputeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisputeRefusal::NotFound(id) => f.write_str(&say!(
                en: "No dispute with id {id} is in the book; list the disputes to find its id.",
                zh: "账簿中没有编号为 {id} 的争议；请列出争议以查找其编号。",
            )),
            DisputeRefusal::Rule(err) => fmt::Display::fmt(err, f),
            DisputeRefusal::CreditNote(message) => f.write_str(message),
        }
    }
}

/// The reference of the credit note an accepted dispute posts.
pub(crate) fn credit_note_reference(id: i64) -> String {
    format!("DISPUTE-{id}")
}

impl Book {
    /// Opens a dispute on an invoice, checked by [`Dispute::open`] against what is open on the
    /// invoice on the day it is opened and what its open disputes already contest. Sets the
    /// invoice's disputed flag. Audited as `open_dispute`.
    pub fn open_dispute(
        &mut self,
        request: NewDispute,
    ) -> Result<Result<DisputeEntry, DisputeError>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let invoice = invoice_row(&tx, &request.invoice_number)?;
        let currency = crate::codec::parse_currency(&invoice.currency)?;
        let open = open_amount(&tx, invoice.id, request.opened_on)?;
        let already: i64 = tx.query_row(
            "SELECT coalesce(sum(amount_minor), 0) FROM dispute
             WHERE invoice_id = ?1 AND outcome IS NULL",
            [invoice.id],
            |r| r.get(0),
        )?;
        let request = NewDispute {
            invoice_number: invoice.number.clone(),
            ..request
        };
        let dispute = match Dispute::open(
            request,
            Money::from_minor(open, currency),
            Money::from_minor(already, currency),
        ) {
            Ok(dispute) => dispute,
            Err(refused) => return Ok(Err(refused)),
        };

        tx.execute(
            "INSERT INTO dispute (invoice_id, whole_invoice, amount_minor, currency, line, reason,
                 note, opened_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            (
                invoice.id,
                dispute.whole_invoice,
                dispute.amount.to_minor()?,
                &invoice.currency,
                &dispute.line,
                dispute.reason.as_str(),
                &dispute.note,
                DateText::new(dispute.opened_on)?,
            ),
        )?;
        let id = tx.last_insert_rowid();
        tx.execute(
            "UPDATE invoice SET disputed = 1 WHERE id = ?1 AND disputed = 0",
            [invoice.id],
        )?;
        let detail = json!({ "id": id, "dispute": dispute });
        audit::append(&tx, "open_dispute", "invoice", &invoice.number, &detail)?;
        let entry = read_disputes(&tx, false, Some(id))?.pop();
        tx.commit()?;
        Ok(Ok(entry.expect("the dispute was just written")))
    }

    /// Resolves dispute `id` by [`Dispute::resolve`]. The credited part is posted as credit note
    /// `DISPUTE-<id>` on the invoice, dated `resolved_on`, through the same settlement writer as
    /// any credit note (so it is allocated to the invoice's instalments oldest due first); the
    /// rest is chased again from the original due dates. The invoice's disputed flag is cleared
    /// when no dispute of it is left open. Audited as `resolve_dispute` (and the credit note as
    /// `record_settlement`).
    pub fn resolve_dispute(
        &mut self,
        id: i64,
        outcome: DisputeOutcome,
        resolved_on: NaiveDate,
        note: String,
    ) -> Result<Result<DisputeEntry, DisputeRefusal>> {
        let conn = &*self.conn_mut();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let Some(mut entry) = read_disputes(conn, false, Some(id))?.pop() else {
            return Ok(Err(DisputeRefusal::NotFound(id)));
        };
        let resolution = match entry.dispute.resolve(outcome, resolved_on, note) {
            Ok(resolution) => resolution.clone(),
            Err(refused) => return Ok(Err(DisputeRefusal::Rule(refused))),
        };
        let invoice = invoice_row(conn, &entry.dispute.invoice_number)?;

        let mut credit_note_id = None;
        // The credit goes to the instalments due last, where `split_disputed` places the
        // disputed part (the forecast and the dunning run read it there), so that what is
        // chased again keeps its earliest due dates. The writer allocates a credit note naming
        // an invoice oldest due first; its allocations are replaced below, in this transaction.
        let targets = if resolution.credit.is_zero() {
            Vec::new()
        } else {
            // What is open now, later payments included, so that no instalment takes more
            // than it has open.
            let every_day = NaiveDate::from_ymd_opt(9999, 12, 31).expect("a date");
            let open =
                super::plans::open_instalments(conn, invoice.id, &invoice.number, every_day)?;
            let keyed: Vec<OpenInstalment> = open
                .iter()
                .map(|i| OpenInstalment {
                    key: i64::from(i.seq),
                    due_date: i.due_date,
                    open: i.open,
                })
                .collect();
            split_disputed(&keyed, resolution.credit)
                .map_err(|e| StoreError::Unreadable(e.to_string()))?
                .instalments
                .into_iter()
                .filter(|part| !part.disputed.is_zero())
                .map(|part| (part.key, part.disputed.to_minor()))
                .collect::<Vec<_>>()
        };
        if !resolution.credit.is_zero() {
            let record = SettlementRecord {
                reference: credit_note_reference(id),
                customer_reference: entry.customer_reference.clone(),
                kind: SettlementKind::CreditNote,
                date: resolved_on,
                amount: resolution.credit,
                invoice_number: Some(invoice.number.clone()),
                paid_in: None,
            };
            let outcome = {
                let triggers = TriggersOff::new(conn)?;
                Writer::keeping_allocation_columns(conn, &triggers, false)?.settlement(&record)?
            };
            match outcome {
                WriteOutcome::Inserted => {}
                WriteOutcome::Conflict(message) => {
                    return Ok(Err(DisputeRefusal::CreditNote(message)))
                }
                _ => {
                    let reference = &record.reference;
                    return Ok(Err(DisputeRefusal::CreditNote(say!(
                        en: "The book already holds credit note {reference}, which resolving \
                             this dispute would post; check the invoice's credit notes before \
                             resolving it.",
                        zh: "账簿中已有贷项通知单 {reference}，而处理此争议需要入账该单据；\
                             请先核对该发票的贷项通知单再处理争议。",
                    ))));
                }
            }
            let detail = serde_json::to_value(&record).unwrap_or_default();
            audit::append(
                &tx,
                "record_settlement",
                "settlement",
                &record.reference,
                &detail,
            )?;
            let settlement: i64 = conn.query_row(
                "SELECT id FROM settlement WHERE kind = 'credit_note' AND reference = ?1",
                [&record.reference],
                |r| r.get(0),
            )?;
            // The triggers are on again: they keep the instalments' and the settlement's
            // cached sums as the allocations change.
            tx.execute(
                "DELETE FROM allocation WHERE settlement_id = ?1",
                [settlement],
            )?;
            for (seq, minor) in targets {
                tx.execute(
                    "INSERT INTO allocation
                         (settlement_id, customer_id, currency, invoice_id, seq, amount_minor,
                          applied_on)
                     SELECT ?1, v.customer_id, v.currency, v.id, ?2, ?3, ?4
                     FROM invoice v WHERE v.id = ?5",
                    (
                        settlement,
                        seq,
                        minor?,
                        DateText::new(resolved_on)?,
                        invoice.id,
                    ),
                )?;
            }
            credit_note_id = Some(settlement);
        }

        tx.execute(
            "UPDATE dispute SET outcome = ?2, resolved_on = ?3, resolution_note = ?4,
                 credited_minor = ?5, credit_note_id = ?6
             WHERE id = ?1",
            (
                id,
                outcome_label(&resolution.outcome),
                DateText::new(resolved_on)?,
                &resolution.note,
                resolution.credit.to_minor()?,
                credit_note_id,
            ),
        )?;
        tx.execute(
            "UPDATE invoice SET disputed = 0 WHERE id = ?1 AND disputed = 1
               AND NOT EXISTS (SELECT 1 FROM dispute WHERE invoice_id = ?1 AND outcome IS NULL)",
            [invoice.id],
        )?;
        let detail = json!({ "id": id, "resolution": resolution });
        audit::append(&tx, "resolve_dispute", "invoice", &invoice.number, &detail)?;
        entry.credit_note = credit_note_id.map(|_| credit_note_reference(id));
        tx.commit()?;
        Ok(Ok(entry))
    }

    /// Every dispute (only the open ones with `open_only`), the oldest opened first.
    pub fn disputes(&self, open_only: bool) -> Result<Vec<DisputeEntry>> {
        read_disputes(self.conn(), open_only, None)
    }
}

/// What is open on the invoice with id `invoice_id` on `day`, in minor units.
fn open_amount(conn: &Connection, invoice_id: i64, date: NaiveDate) -> Result<i64> {
    let open = open_as_of("i", "?2");
    let minor = conn
        .prepare_cached(&format!(
            "SELECT coalesce(sum({open}), 0) FROM instalment i
             JOIN invoice v ON v.id = ?1
             WHERE i.customer_id = v.customer_id AND i.currency = v.currency
               AND i.invoice_id = ?1"
        ))?
        .query_row((invoice_id, day_number(date)), |r| r.get(0))?;
    Ok(minor)
}

fn outcome_label(outcome: &DisputeOutcome) -> &'static str {
    match outcome {
        DisputeOutcome::Accepted => "accepted",
        DisputeOutcome::Rejected => "rejected",
        DisputeOutcome::Partly { .. } => "partly",
    }
}

fn read_disputes(conn: &Connection, open_only: bool, id: Option<i64>) -> Result<Vec<DisputeEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, c.reference, c.name, v.number, d.whole_invoice, d.amount_minor, d.currency,
                d.line, d.reason, d.note, d.opened_on, d.outcome, d.resolved_on,
                d.resolution_note, d.credited_minor, s.reference
         FROM dispute d
         JOIN invoice v ON v.id = d.invoice_id
         JOIN customer c ON c.id = v.customer_id
         LEFT JOIN settlement s ON s.id = d.credit_note_id
         WHERE (?1 = 0 OR d.outcome IS NULL) AND (?2 IS NULL OR d.id = ?2)
         ORDER BY d.opened_on, d.id",
    )?;
    let mut rows = stmt.query((open_only, id))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let currency = text(r, 6)?.to_string();
        let amount = money(r.get(5)?, &currency)?;
        let reason = text(r, 8)?;
        let reason = DisputeReason::parse(reason).ok_or_else(|| {
            StoreError::Unreadable(say!(
                en: "dispute reason \"{reason}\"",
                zh: "争议原因“{reason}”",
            ))
        })?;
        let resolution = match r.get::<_, Option<String>>(11)? {
            None => None,
            Some(outcome) => {
                let credit = money(r.get(14)?, &currency)?;
                let outcome = match outcome.as_str() {
                    "accepted" => DisputeOutcome::Accepted,
                    "rejected" => DisputeOutcome::Rejected,
                    "partly" => DisputeOutcome::Partly { accepted: credit },
                    other => {
                        return Err(StoreError::Unreadable(say!(
                            en: "dispute outcome \"{other}\"",
                            zh: "争议处理结果“{other}”",
                        )))
                    }
                };
                Some(DisputeResolution {
                    outcome,
                    resolved_on: parse_date(text(r, 12)?)?,
                    note: r.get(13)?,
                    credit,
                    resumed: amount.checked_sub(credit)?,
                })
            }
        };
        found.push(DisputeEntry {
            id: r.get(0)?,
            customer_reference: r.get(1)?,
            customer_name: r.get(2)?,
            credit_note: r.get(15)?,
            dispute: Dispute {
                invoice_number: r.get(3)?,
                whole_invoice: r.get(4)?,
                amount,
                line: r.get(7)?,
                reason,
                note: r.get(9)?,
                opened_on: parse_date(text(r, 10)?)?,
                resolution,
            },
        });
    }
    Ok(found)
}
