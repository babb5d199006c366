//! The append-only trail of what was written to a book, when, and with which details.
//!
//! Every write path appends here in the same transaction as its change, so the trail and the
//! book can never disagree. The schema's triggers refuse `UPDATE` and `DELETE` on the table.

use creditdesk_core::say;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::error::{Result, StoreError};

/// One entry of the trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    /// Increases with every entry; the order in which the writes happened.
    pub id: i64,
    /// UTC, millisecond precision: `2024-03-11T09:30:00.123Z`.
    pub at: String,
    /// What was done: `create_book`, `import`, `record_settlement`, `allocate`, `set_disputed`.
    pub action: String,
    /// The kind of thing it was done to: `book`, `import_batch`, `settlement`, `customer`,
    /// `invoice`.
    pub entity: String,
    /// Its natural key: a file name, a settlement or invoice reference, a customer reference.
    pub reference: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub detail: serde_json::Value,
}

pub(crate) fn append(
    conn: &Connection,
    action: &str,
    entity: &str,
    reference: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO audit (action, entity, reference, detail) VALUES (?1, ?2, ?3, ?4)",
    )?;
    stmt.execute((action, entity, reference, detail.to_string()))?;
    Ok(())
}

impl Book {
    /// The most recent `limit` entries of the trail, newest first.
    pub fn audit_trail(&self, limit: u32) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, at, action, entity, reference, detail FROM audit ORDER BY id DESC LIMIT ?1",
        )?;
        let mut rows = stmt.query([limit])?;
        let mut entries = Vec::new();
        while let Some(row) = rows.next()? {
            let detail: String = row.get(5)?;
            let detail = serde_json::from_str(&detail).map_err(|_| {
                StoreError::Unreadable(say!(
                    en: "audit detail \"{detail}\"",
                    zh: "审计明细“{detail}”",
                ))
            })?;
            entries.push(AuditEntry {
                id: row.get(0)?,
                at: row.get(1)?,
                action: row.get(2)?,
                entity: row.get(3)?,
                reference: row.get(4)?,
                detail,
            });
        }
        Ok(entries)
    }
}
