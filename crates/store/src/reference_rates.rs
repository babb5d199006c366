//! The reference rate tables a user loaded in place of the shipped ones (see
//! `creditdesk_core::interest::rates`), kept in the book so that statutory interest is computed
//! with the same rates wherever the book is opened.
//!
//! Invariants: at most one table per rate source; a stored table is the whole text of the file
//! it came from, which the application layer parsed without a problem before it was stored, so
//! it can be parsed again and shown as it was loaded; no row means the shipped table applies.
//! Every load and every removal is audited in the same transaction.

use creditdesk_core::interest::{RateSource, RateTable};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::json;

use crate::audit;
use crate::book::Book;
use crate::codec::{label, unlabel};
use crate::error::Result;

/// A table a user loaded, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRateTable {
    pub source: RateSource,
    /// The name of the file it came from, without its folder.
    pub file_name: String,
    /// The file's whole text, as it was read.
    pub text: String,
    /// When it was loaded: UTC, millisecond precision, as the audit trail writes it.
    pub loaded_at: String,
}

impl Book {
    /// Every table a user loaded, in the order of [`RateSource::ALL`]; a source without one
    /// uses the shipped table.
    pub fn rate_tables(&self) -> Result<Vec<StoredRateTable>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT source, file_name, content, loaded_at FROM reference_rate_table",
        )?;
        let mut rows = stmt.query([])?;
        let mut tables = Vec::new();
        while let Some(row) = rows.next()? {
            tables.push(StoredRateTable {
                source: unlabel("rate table source", &row.get::<_, String>(0)?)?,
                file_name: row.get(1)?,
                text: row.get(2)?,
                loaded_at: row.get(3)?,
            });
        }
        tables.sort_by_key(|t| RateSource::ALL.iter().position(|s| *s == t.source));
        Ok(tables)
    }

    /// Stores `text`, the file `table` was parsed from, as the book's table of its source,
    /// replacing the one loaded before, if any; answers it as stored. Audited as
    /// `load_rate_table` with the file name, the periods and days the table holds and the file
    /// it replaced; the table's `loaded_at` is the entry's time.
    pub fn save_rate_table(
        &mut self,
        table: &RateTable,
        file_name: &str,
        text: &str,
    ) -> Result<StoredRateTable> {
        let source = table.source();
        let code = label(&source);
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let replaced = read_one(&tx, source)?;
        let periods = table.periods();
        let detail = json!({
            "file_name": file_name,
            "periods": periods.len(),
            "from": periods[0].from,
            "known_until": table.known_until(),
            "replaced": replaced.as_ref().map(|r| &r.file_name),
        });
        audit::append(&tx, "load_rate_table", "rate_table", &code, &detail)?;
        // The time of the load is the time of its audit entry, to the millisecond.
        tx.execute(
            "INSERT OR REPLACE INTO reference_rate_table (source, file_name, content, loaded_at)
             VALUES (?1, ?2, ?3, (SELECT at FROM audit WHERE id = ?4))",
            (&code, file_name, text, tx.last_insert_rowid()),
        )?;
        let stored = read_one(&tx, source)?.expect("the row was just written");
        tx.commit()?;
        Ok(stored)
    }

    /// Removes the table a user loaded for `source`, so that the shipped one applies again;
    /// answers what was removed, or `None` (and writes nothing) when the shipped table applied
    /// already. Audited as `reset_rate_table` with the file removed and when it was loaded.
    pub fn remove_rate_table(&mut self, source: RateSource) -> Result<Option<StoredRateTable>> {
        let code = label(&source);
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let Some(removed) = read_one(&tx, source)? else {
            return Ok(None);
        };
        tx.execute(
            "DELETE FROM reference_rate_table WHERE source = ?1",
            [&code],
        )?;
        let detail = json!({
            "file_name": removed.file_name,
            "loaded_at": removed.loaded_at,
        });
        audit::append(&tx, "reset_rate_table", "rate_table", &code, &detail)?;
        tx.commit()?;
        Ok(Some(removed))
    }
}

fn read_one(conn: &Connection, source: RateSource) -> Result<Option<StoredRateTable>> {
    let mut stmt = conn.prepare_cached(
        "SELECT file_name, content, loaded_at FROM reference_rate_table WHERE source = ?1",
    )?;
    Ok(stmt
        .query_row([label(&source)], |r| {
            Ok(StoredRateTable {
                source,
                file_name: r.get(0)?,
                text: r.get(1)?,
                loaded_at: r.get(2)?,
            })
        })
        .optional()?)
}
