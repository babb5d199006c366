//! What executing a run writes, in one transaction: each approved communication marked
//! executed with its reference, the channel it went by and the letter as sent (its items are
//! then the contact history), its mail in the outbox, its phone task, the charges it claimed,
//! and the consequences of its level on the customer's credit status; the run's other
//! communications are skipped and the run is executed.
//!
//! A communication is executed only if it is still approved when the transaction reaches it,
//! so executing the same run twice writes nothing the second time.
//!
//! **Consequences.** A level's consequence never lowers a customer's credit status; the
//! statuses rank `active` < `on_hold` < `prepayment_only` < `blocked`. A credit hold sets
//! `on_hold`, prepayment only `prepayment_only`, and legal collection `blocked` (the credit
//! profile has no status of its own for it; the consequence row records it). A customer
//! without a credit profile keeps none: its orders are refused anyway until it has one, and
//! the consequence is recorded with no status before or after.

use chrono::NaiveDate;
use creditdesk_core::credit::CreditStatus;
use creditdesk_core::dunning::{Charge, Consequence, ContactChannel};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{invoice_id, to_json};
use crate::audit;
use crate::book::Book;
use crate::codec::{label, unlabel, DateText};
use crate::error::Result;
use crate::outbox::{insert_mail, NewMail};

/// One approved communication as the application layer decided to send it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExecutedCommunication {
    pub id: i64,
    /// `D-2026-000123`.
    pub reference: String,
    pub sent_by: ContactChannel,
    /// Why `sent_by` is not the level's channel.
    pub note: Option<String>,
    /// The letter as sent, for letters and emails.
    pub letter: Option<serde_json::Value>,
    /// The letter as a PDF, byte for byte as it was printed or attached.
    pub document: Option<Vec<u8>>,
    /// The mail to queue, for an email.
    pub mail: Option<NewMail>,
    /// The day the call is due, for a phone level.
    pub phone_task_due: Option<NaiveDate>,
    pub charges: Vec<Charge>,
    pub consequences: Vec<Consequence>,
}

/// A run's execution.
#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    pub run_id: i64,
    pub executed_on: NaiveDate,
    pub communications: Vec<ExecutedCommunication>,
}

/// A consequence applied to a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsequenceApplied {
    pub communication_id: i64,
    pub customer_reference: String,
    pub consequence: Consequence,
    /// `None` for a customer without a credit profile.
    pub status_before: Option<CreditStatus>,
    pub status_after: Option<CreditStatus>,
}

/// What an execution wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExecutionWritten {
    /// The communications executed now; one executed before is not among them.
    pub executed: Vec<i64>,
    pub skipped: Vec<i64>,
    pub consequences: Vec<ConsequenceApplied>,
    pub phone_tasks: Vec<i64>,
    pub outbox: Vec<i64>,
}

fn rank(status: CreditStatus) -> u8 {
    match status {
        CreditStatus::Active => 0,
        CreditStatus::OnHold => 1,
        CreditStatus::PrepaymentOnly => 2,
        CreditStatus::Blocked => 3,
    }
}

fn status_for(consequence: Consequence) -> CreditStatus {
    match consequence {
        Consequence::CreditHold => CreditStatus::OnHold,
        Consequence::PrepaymentOnly => CreditStatus::PrepaymentOnly,
        Consequence::LegalCollection => CreditStatus::Blocked,
    }
}

impl Book {
    /// The highest number of the references `D-<year>-<number>` given to the communications
    /// executed in `year`; 0 when there is none. References are numbered at execution, so that
    /// the letters of a year follow one another without gaps.
    pub fn last_reference_number(&self, year: i32) -> Result<i64> {
        let prefix = format!("D-{year:04}-");
        Ok(self.conn().query_row(
            "SELECT coalesce(max(CAST(substr(reference, length(?1) + 1) AS INTEGER)), 0)
             FROM dunning_communication WHERE reference LIKE ?1 || '%'",
            [&prefix],
            |r| r.get(0),
        )?)
    }

    /// Writes `execution`: see the module documentation.
    pub fn record_execution(&mut self, execution: &Execution) -> Result<ExecutionWritten> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let mut written = ExecutionWritten::default();
        let executed_on = DateText::new(execution.executed_on)?;
        for sent in &execution.communications {
            let changed = tx.execute(
                "UPDATE dunning_communication SET state = 'executed', executed_on = ?3,
                     sent_on = (SELECT as_of FROM dunning_run WHERE id = ?2),
                     reference = ?4, sent_by = ?5, note = ?6, letter = ?7, document = ?8
                 WHERE id = ?1 AND run_id = ?2 AND state = 'approved'",
                (
                    sent.id,
                    execution.run_id,
                    executed_on,
                    &sent.reference,
                    label(&sent.sent_by),
                    sent.note.as_deref(),
                    sent.letter.as_ref().map(to_json),
                    sent.document.as_deref(),
                ),
            )?;
            if changed == 0 {
                continue;
            }
            written.executed.push(sent.id);
            let (customer_id, customer): (i64, String) = tx
                .prepare_cached(
                    "SELECT m.customer_id, c.reference FROM dunning_communication m
                     JOIN customer c ON c.id = m.customer_id WHERE m.id = ?1",
                )?
                .query_row([sent.id], |r| Ok((r.get(0)?, r.get(1)?)))?;

            if let Some(mail) = &sent.mail {
                let outbox = insert_mail(&tx, mail)?;
                tx.execute(
                    "UPDATE dunning_communication SET outbox_id = ?2 WHERE id = ?1",
                    (sent.id, outbox),
                )?;
                written.outbox.push(outbox);
            }
            if let Some(due) = sent.phone_task_due {
                tx.execute(
                    "INSERT INTO phone_task (customer_id, communication_id, due_on)
                     VALUES (?1, ?2, ?3)",
                    (customer_id, sent.id, DateText::new(due)?),
                )?;
                written.phone_tasks.push(tx.last_insert_rowid());
            }
            for charge in &sent.charges {
                let (invoice, _) = invoice_id(&tx, &charge.invoice_number)?;
                tx.execute(
                    "INSERT INTO dunning_charge (invoice_id, communication_id, kind, amount_minor,
                         currency, charged_on, level)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    (
                        invoice,
                        sent.id,
                        label(&charge.kind),
                        charge.amount.to_minor()?,
                        charge.amount.currency().code(),
                        DateText::new(charge.charged_on)?,
                        charge.level,
                    ),
                )?;
            }
            for consequence in &sent.consequences {
                let applied = apply_consequence(
                    &tx,
                    customer_id,
                    &customer,
                    sent.id,
                    *consequence,
                    executed_on,
                )?;
                written.consequences.push(applied);
            }
            let detail = json!({
                "run": execution.run_id,
                "communication": sent.id,
                "reference": sent.reference,
                "sent_by": label(&sent.sent_by),
                "note": sent.note,
                "charges": sent.charges,
                "consequences": sent.consequences,
            });
            audit::append(&tx, "execute_dunning", "customer", &customer, &detail)?;
        }

        let skipped: Vec<i64> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id FROM dunning_communication
                 WHERE run_id = ?1 AND state IN ('proposed', 'approved') ORDER BY id",
            )?;
            let rows = stmt.query_map([execution.run_id], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        tx.execute(
            "UPDATE dunning_communication SET state = 'skipped'
             WHERE run_id = ?1 AND state IN ('proposed', 'approved')",
            [execution.run_id],
        )?;
        let run_changed = tx.execute(
            "UPDATE dunning_run SET state = 'executed', executed_on = ?2
             WHERE id = ?1 AND state = 'proposed'",
            (execution.run_id, executed_on),
        )?;
        written.skipped = skipped;
        if run_changed > 0 {
            let detail = json!({
                "executed_on": execution.executed_on,
                "executed": written.executed,
                "skipped": written.skipped,
            });
            audit::append(
                &tx,
                "execute_dunning_run",
                "dunning_run",
                &execution.run_id.to_string(),
                &detail,
            )?;
        }
        tx.commit()?;
        Ok(written)
    }
}

fn apply_consequence(
    tx: &Transaction<'_>,
    customer_id: i64,
    customer: &str,
    communication: i64,
    consequence: Consequence,
    applied_on: DateText,
) -> Result<ConsequenceApplied> {
    let before: Option<CreditStatus> = tx
        .prepare_cached("SELECT status FROM credit_profile WHERE customer_id = ?1")?
        .query_row([customer_id], |r| r.get::<_, String>(0))
        .optional()?
        .map(|s| unlabel("credit status", &s))
        .transpose()?;
    let after = before.map(|before| {
        let target = status_for(consequence);
        if rank(target) > rank(before) {
            target
        } else {
            before
        }
    });
    if let (Some(before), Some(after)) = (before, after) {
        if before != after {
            tx.execute(
                "UPDATE credit_profile SET status = ?2 WHERE customer_id = ?1",
                (customer_id, label(&after)),
            )?;
        }
    }
    tx.execute(
        "INSERT INTO dunning_consequence (customer_id, communication_id, consequence, applied_on,
             status_before, status_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (communication_id, consequence) DO NOTHING",
        (
            customer_id,
            communication,
            label(&consequence),
            applied_on,
            before.map(|s| label(&s)),
            after.map(|s| label(&s)),
        ),
    )?;
    let detail = json!({
        "communication": communication,
        "consequence": label(&consequence),
        "status_before": before.map(|s| label(&s)),
        "status_after": after.map(|s| label(&s)),
    });
    audit::append(tx, "apply_consequence", "customer", customer, &detail)?;
    Ok(ConsequenceApplied {
        communication_id: communication,
        customer_reference: customer.to_string(),
        consequence,
        status_before: before,
        status_after: after,
    })
}

impl Book {
    /// The day the customer was first handed over for legal collection, if it was.
    pub fn legal_collection_since(&self, customer: &str) -> Result<Option<NaiveDate>> {
        let id = crate::codec::customer_id(self.conn(), customer)?;
        let day: Option<String> = self
            .conn()
            .prepare_cached(
                "SELECT min(applied_on) FROM dunning_consequence
                 WHERE customer_id = ?1 AND consequence = 'legal_collection'",
            )?
            .query_row([id], |r| r.get(0))?;
        day.map(|d| crate::codec::parse_date(&d)).transpose()
    }
}
