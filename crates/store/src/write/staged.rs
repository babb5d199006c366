//! The instalments of a large import, held back in the order the file gives them and written in
//! the book's key order, a bounded number at a time.
//!
//! The book clusters instalments by customer, currency, invoice and sequence (see the schema),
//! so the instalments of a file in invoice order land at scattered places of that B-tree, each
//! insert on pages that the one before did not touch. Held back and sorted, a batch of them is
//! written in one ordered sweep over the table, which visits each page once, and through an
//! insert of many rows per statement.
//!
//! Only an import under [`IndexUpkeep::Rebuilt`](super::IndexUpkeep::Rebuilt) stages: it is
//! large beside the book. At most [`STAGED_KEPT`] instalments are held, so the memory an import
//! needs does not grow with its file.
//!
//! Invariant: an instalment an import has written is either held here or in the book's table,
//! never both, and the [`Writer`](super::Writer) reads and updates held ones here. The rows are
//! the ones writing each at once would give; only the time they reach the table differs, and
//! nothing reads the table in between but the writer. A row the book refuses (none should be:
//! the writer checks invoices first) fails the import when its batch is written.

use creditdesk_core::Currency;
use rusqlite::Connection;

use super::insert::{Insert, Values};
use super::writer::InstalmentState;
use crate::codec::DateText;
use crate::error::Result;

/// How many instalments an import holds back at most: about 3 MB.
pub(crate) const STAGED_KEPT: usize = 32_768;

/// Rows per multi-row insert.
const ROWS_PER_INSERT: usize = 32;

/// The instalment columns an import writes, in the order it binds them.
const COLUMNS: &str = "customer_id, currency, invoice_id, seq, due_date, issue_day, amount_minor, \
     disputed, settled_minor, first_applied_day, last_applied_day";

/// Values bound per row.
const PER_ROW: usize = 11;

/// `INSERT INTO instalment (...) VALUES (...)` for `rows` rows.
pub(crate) fn insert_sql(rows: usize) -> String {
    let row = format!("({})", ["?"; PER_ROW].join(", "));
    format!(
        "INSERT INTO instalment ({COLUMNS}) VALUES {}",
        vec![row; rows].join(", ")
    )
}

/// One instalment row not written yet.
pub(crate) struct StagedRow {
    pub customer_id: i64,
    pub currency: Currency,
    pub invoice_id: i64,
    pub issue_day: i64,
    pub disputed: bool,
    /// `state.due_date` as the book writes it.
    pub due_date: DateText,
    pub state: InstalmentState,
}

impl StagedRow {
    /// Binds the row's values, in the order of [`COLUMNS`].
    fn bind<'r>(&'r self, values: &mut Values<'r>) {
        values.int(self.customer_id);
        values.text(self.currency.code());
        values.int(self.invoice_id);
        values.int(i64::from(self.state.seq));
        values.text(self.due_date.as_str());
        values.int(self.issue_day);
        values.int(self.state.amount_minor);
        values.int(i64::from(self.disputed));
        values.int(self.state.settled_minor);
        values.int(self.state.first_applied_day);
        values.int(self.state.last_applied_day);
    }
}

/// The instalments held back, in the order they were written, with the statements that write
/// them.
pub(crate) struct StagedInstalments<'c> {
    rows: Vec<StagedRow>,
    /// Whether `rows` ascend by invoice and sequence (they do while invoice ids grow, as a new
    /// invoice's id does): a held invoice is then found by binary search.
    ascending: bool,
    many: Insert<'c>,
    one: Insert<'c>,
}

impl<'c> StagedInstalments<'c> {
    /// Prepares the inserts; the caller has begun the import's transaction on `conn`.
    pub(crate) fn new(conn: &'c Connection) -> Result<StagedInstalments<'c>> {
        Ok(StagedInstalments {
            rows: Vec::new(),
            ascending: true,
            many: Insert::prepare(conn, &insert_sql(ROWS_PER_INSERT))?,
            one: Insert::prepare(conn, &insert_sql(1))?,
        })
    }

    /// Holds `row` back, writing the held rows first when [`STAGED_KEPT`] are held.
    pub(crate) fn push(&mut self, row: StagedRow) -> Result<()> {
        if self.rows.len() >= STAGED_KEPT {
            self.write()?;
        }
        if let Some(last) = self.rows.last() {
            let key = |r: &StagedRow| (r.invoice_id, r.state.seq);
            self.ascending &= key(last) < key(&row);
        }
        self.rows.push(row);
        Ok(())
    }

    /// The held instalments of invoice `invoice_id`, in sequence order; empty when none are
    /// held (the invoice's instalments are then in the book's table).
    pub(crate) fn of_invoice(&mut self, invoice_id: i64) -> &mut [StagedRow] {
        let (start, end) = if self.ascending {
            let start = self.rows.partition_point(|r| r.invoice_id < invoice_id);
            let end = self.rows.partition_point(|r| r.invoice_id <= invoice_id);
            (start, end)
        } else {
            // Instalments of one invoice are pushed together.
            match self.rows.iter().position(|r| r.invoice_id == invoice_id) {
                Some(start) => {
                    let len = self.rows[start..]
                        .iter()
                        .take_while(|r| r.invoice_id == invoice_id)
                        .count();
                    (start, start + len)
                }
                None => (0, 0),
            }
        };
        &mut self.rows[start..end]
    }

    /// Writes the held rows into the book's table in its key order and holds none.
    pub(crate) fn write(&mut self) -> Result<()> {
        // Currencies order as their codes do, as the table's text column does.
        self.rows
            .sort_unstable_by_key(|r| (r.customer_id, r.currency, r.invoice_id, r.state.seq));
        let mut chunks = self.rows.chunks_exact(ROWS_PER_INSERT);
        for chunk in &mut chunks {
            self.many
                .run(|values| chunk.iter().for_each(|row| row.bind(values)))?;
        }
        for row in chunks.remainder() {
            self.one.run(|values| row.bind(values))?;
        }
        self.rows.clear();
        self.ascending = true;
        Ok(())
    }
}
