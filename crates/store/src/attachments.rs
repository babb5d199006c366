//! Files attached to a credit report or to a dispute: the agency's report as it was bought, the
//! customer's letter, a photo of damaged goods. The book keeps each file whole, so that the
//! credit file and the dispute hold their evidence even when the original is gone.
//!
//! Invariants: an attachment belongs to exactly one credit report or one dispute; its content is
//! stored and given back byte for byte, with the name it was given; listings never read the
//! content, only its name, type, size, hash and date. Every attach and removal is one transaction
//! with its audit entry (`attach_file`, `remove_attachment`), whose detail never holds the
//! content.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit;
use crate::book::Book;
use crate::error::{Result, StoreError};

/// What an attachment belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AttachedTo {
    /// The credit report with id `report` of customer `customer`.
    CreditReport { customer: String, report: i64 },
    /// The dispute with id `dispute`, on invoice `invoice`.
    Dispute { dispute: i64, invoice: String },
}

/// An attachment as listed: everything but its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttachmentEntry {
    /// Increases with every attachment of the book; what it is saved and removed by.
    pub id: i64,
    pub attached_to: AttachedTo,
    /// The file's name as it was attached, without its folder.
    pub file_name: String,
    /// The media type guessed when it was attached, e.g. `application/pdf`.
    pub media_type: String,
    /// In bytes; always the length of the content kept.
    pub size: u64,
    /// The SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// UTC, millisecond precision.
    pub added_at: String,
}

/// A file to attach, as read from disk.
#[derive(Clone, Copy, Debug)]
pub struct NewAttachment<'a> {
    pub file_name: &'a str,
    pub media_type: &'a str,
    /// The SHA-256 of `content`, lowercase hex (64 characters).
    pub sha256: &'a str,
    pub content: &'a [u8],
}

const ENTRY_COLUMNS: &str = "a.id, a.credit_report_id, c.reference, a.dispute_id, v.number,
    a.file_name, a.media_type, a.size, a.sha256, a.added_at
    FROM attachment a
    LEFT JOIN credit_report r ON r.id = a.credit_report_id
    LEFT JOIN customer c ON c.id = r.customer_id
    LEFT JOIN dispute d ON d.id = a.dispute_id
    LEFT JOIN invoice v ON v.id = d.invoice_id";

impl Book {
    /// Attaches a file to credit report `report` of customer `customer`; `None` (and nothing
    /// written) when the customer has no report with that id. Audited as `attach_file`.
    pub fn attach_to_credit_report(
        &mut self,
        customer: &str,
        report: i64,
        file: NewAttachment<'_>,
    ) -> Result<Option<AttachmentEntry>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let found: Option<i64> = tx
            .query_row(
                "SELECT r.id FROM credit_report r JOIN customer c ON c.id = r.customer_id
                 WHERE c.reference = ?1 AND r.id = ?2",
                (customer, report),
                |r| r.get(0),
            )
            .optional()?;
        if found.is_none() {
            return Ok(None);
        }
        let entry = insert(&tx, "credit_report_id", report, file)?;
        tx.commit()?;
        Ok(Some(entry))
    }

    /// Attaches a file to dispute `dispute`; `None` (and nothing written) when the book has no
    /// dispute with that id. Audited as `attach_file`.
    pub fn attach_to_dispute(
        &mut self,
        dispute: i64,
        file: NewAttachment<'_>,
    ) -> Result<Option<AttachmentEntry>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let found: Option<i64> = tx
            .query_row("SELECT id FROM dispute WHERE id = ?1", [dispute], |r| {
                r.get(0)
            })
            .optional()?;
        if found.is_none() {
            return Ok(None);
        }
        let entry = insert(&tx, "dispute_id", dispute, file)?;
        tx.commit()?;
        Ok(Some(entry))
    }

    /// The files attached to credit report `report` of customer `customer`, oldest first.
    pub fn credit_report_attachments(
        &self,
        customer: &str,
        report: i64,
    ) -> Result<Vec<AttachmentEntry>> {
        read_entries(
            self.conn(),
            "a.credit_report_id = ?1 AND c.reference = ?2",
            (report, customer),
        )
    }

    /// The files attached to dispute `dispute`, oldest first.
    pub fn dispute_attachments(&self, dispute: i64) -> Result<Vec<AttachmentEntry>> {
        read_entries(self.conn(), "a.dispute_id = ?1", [dispute])
    }

    /// Whether the book has a dispute with this id.
    pub fn has_dispute(&self, dispute: i64) -> Result<bool> {
        let found: Option<i64> = self
            .conn()
            .query_row("SELECT id FROM dispute WHERE id = ?1", [dispute], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(found.is_some())
    }

    /// Attachment `id` as listed, without its content; `None` when there is none.
    pub fn attachment(&self, id: i64) -> Result<Option<AttachmentEntry>> {
        Ok(read_entries(self.conn(), "a.id = ?1", [id])?.pop())
    }

    /// Attachment `id` with its content, exactly as attached; `None` when there is none.
    pub fn attachment_content(&self, id: i64) -> Result<Option<(AttachmentEntry, Vec<u8>)>> {
        let Some(entry) = read_entries(self.conn(), "a.id = ?1", [id])?.pop() else {
            return Ok(None);
        };
        let content: Vec<u8> =
            self.conn()
                .query_row("SELECT content FROM attachment WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        Ok(Some((entry, content)))
    }

    /// Removes attachment `id`; `None` (and nothing written) when there is none. Audited as
    /// `remove_attachment` with what was removed (without its content).
    pub fn remove_attachment(&mut self, id: i64) -> Result<Option<AttachmentEntry>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let Some(entry) = read_entries(&tx, "a.id = ?1", [id])?.pop() else {
            return Ok(None);
        };
        tx.execute("DELETE FROM attachment WHERE id = ?1", [id])?;
        let (entity, reference) = audit_subject(&entry.attached_to);
        let detail = json!({ "attachment": entry });
        audit::append(&tx, "remove_attachment", entity, &reference, &detail)?;
        tx.commit()?;
        Ok(Some(entry))
    }
}

/// Writes `file` for the owner in column `owner_column` and appends its audit entry.
fn insert(
    tx: &Transaction<'_>,
    owner_column: &str,
    owner: i64,
    file: NewAttachment<'_>,
) -> Result<AttachmentEntry> {
    tx.execute(
        &format!(
            "INSERT INTO attachment ({owner_column}, file_name, media_type, size, sha256, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ),
        rusqlite::params![
            owner,
            file.file_name,
            file.media_type,
            file.content.len() as i64,
            file.sha256,
            file.content,
        ],
    )?;
    let id = tx.last_insert_rowid();
    let entry = read_entries(tx, "a.id = ?1", [id])?
        .pop()
        .expect("the attachment was just written");
    let (entity, reference) = audit_subject(&entry.attached_to);
    let detail = json!({ "attachment": entry });
    audit::append(tx, "attach_file", entity, &reference, &detail)?;
    Ok(entry)
}

/// The audit trail's subject of an attachment: the customer of a credit report, the invoice of
/// a dispute, as the removal of a report and the opening of a dispute are audited.
fn audit_subject(owner: &AttachedTo) -> (&'static str, String) {
    match owner {
        AttachedTo::CreditReport { customer, .. } => ("customer", customer.clone()),
        AttachedTo::Dispute { invoice, .. } => ("invoice", invoice.clone()),
    }
}

fn read_entries(
    conn: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<AttachmentEntry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} WHERE {filter} ORDER BY a.added_at, a.id"
    ))?;
    let mut rows = stmt.query(params)?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let attached_to = match (r.get::<_, Option<i64>>(1)?, r.get::<_, Option<i64>>(3)?) {
            (Some(report), None) => AttachedTo::CreditReport {
                customer: r.get(2)?,
                report,
            },
            (None, Some(dispute)) => AttachedTo::Dispute {
                dispute,
                invoice: r.get(4)?,
            },
            _ => {
                let id: i64 = r.get(0)?;
                return Err(StoreError::Unreadable(creditdesk_core::say!(
                    en: "the owner of attachment {id}",
                    zh: "附件 {id} 的所属记录",
                )));
            }
        };
        found.push(AttachmentEntry {
            id: r.get(0)?,
            attached_to,
            file_name: r.get(5)?,
            media_type: r.get(6)?,
            size: r.get::<_, i64>(7)?.max(0) as u64,
            sha256: r.get(8)?,
            added_at: r.get(9)?,
        });
    }
    Ok(found)
}
