//! Rows an import holds back and writes many to a statement, in the order it made them.
//!
//! Every statement SQLite runs costs a few thousand instructions besides its rows: starting and
//! halting the program, opening a cursor on the table and each of its indexes. An import writes
//! one invoice, settlement or allocation at a time, so it pays that once a row; held back,
//! [`ROWS_PER_INSERT`] of them pay it once. A statement of several rows also keeps an undo
//! journal of the pages it changes that were there before it (a few a statement, as rows are
//! appended), which SQLite holds in memory during an import (see `ImportCache`): the more rows
//! a statement has, the fewer times a page is copied there.
//!
//! Invoices and settlements are held only when their table was empty as the import began, so
//! that the writer can tell a number or reference already written without reading the book
//! (see [`NewRows`] and `known.rs`); allocations, which no key makes unique, always are.
//!
//! The rows of a table reach it in the order the writer gave them, and SQLite numbers new rows
//! one past the largest id, so each row gets the id writing it at once would have given: the
//! writer knows it as soon as it holds the row ([`HeldRows::hold`]), and each write checks that
//! SQLite agreed.
//!
//! Invariant: nothing reads a table while rows of it are held; the writer writes them first.
//! A row the book refuses (none should be: the writer checks every record first) fails the
//! import when its statement runs.

use creditdesk_core::say;
use rusqlite::Connection;

use super::insert::{Insert, Values};
use super::known::KnownKeys;
use super::rows::{AllocationRow, InvoiceRow, SettlementRow};
use crate::error::{Result, StoreError};

/// Rows per multi-row insert. Measured by the instructions of the writing thread on an import of
/// 240,000 rows into a new book: 256 a statement took 4.3% fewer than 32, 2.3% fewer than 64
/// and 0.9% fewer than 128; 512 saved another 0.6%.
pub(crate) const ROWS_PER_INSERT: usize = 256;

/// Rows per insert when fewer than [`ROWS_PER_INSERT`] are written at once: before the writer
/// reads the table, and when the import ends.
const ROWS_PER_SHORT_INSERT: usize = 16;

/// A row of one table, as the writer binds it.
pub(crate) trait HeldRow {
    /// The table and the columns bound, in the order [`HeldRow::bind`] binds them.
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];

    /// Binds the row's values, in the order of [`HeldRow::COLUMNS`].
    fn bind<'r>(&'r self, values: &mut Values<'r>);
}

/// `INSERT INTO table (...) VALUES (...), ...` for `rows` rows of `R`.
pub(crate) fn insert_sql<R: HeldRow>(rows: usize) -> String {
    let row = format!("({})", vec!["?"; R::COLUMNS.len()].join(", "));
    format!(
        "INSERT INTO {} ({}) VALUES {}",
        R::TABLE,
        R::COLUMNS.join(", "),
        vec![row; rows].join(", ")
    )
}

/// At most [`ROWS_PER_INSERT`] rows of one table not written yet, with the statements that
/// write them.
pub(crate) struct HeldRows<'c, R> {
    rows: Vec<R>,
    /// The id SQLite gives the next row the writer holds.
    next_id: i64,
    conn: &'c Connection,
    many: Insert<'c>,
    short: Insert<'c>,
    one: Insert<'c>,
}

impl<'c, R: HeldRow> HeldRows<'c, R> {
    /// Prepares the inserts; the caller has begun the import's transaction on `conn`, and only
    /// this value inserts rows into the table until it is dropped.
    pub(crate) fn new(conn: &'c Connection) -> Result<HeldRows<'c, R>> {
        // SQLite gives a new row one more than the largest id in the table (1 when empty).
        let largest: Option<i64> =
            conn.query_row(&format!("SELECT max(id) FROM {}", R::TABLE), [], |r| {
                r.get(0)
            })?;
        Ok(HeldRows {
            rows: Vec::with_capacity(ROWS_PER_INSERT),
            next_id: largest.unwrap_or(0) + 1,
            conn,
            many: Insert::prepare(conn, &insert_sql::<R>(ROWS_PER_INSERT))?,
            short: Insert::prepare(conn, &insert_sql::<R>(ROWS_PER_SHORT_INSERT))?,
            one: Insert::prepare(conn, &insert_sql::<R>(1))?,
        })
    }

    /// Holds `row` back and answers the id it will have; writes the held rows when there are
    /// enough for one statement.
    pub(crate) fn hold(&mut self, row: R) -> Result<i64> {
        let id = self.next_id;
        self.next_id += 1;
        self.rows.push(row);
        if self.rows.len() == ROWS_PER_INSERT {
            let rows = &self.rows;
            self.many
                .run(|values| rows.iter().for_each(|row| row.bind(values)))?;
            self.rows.clear();
            self.check_ids()?;
        }
        Ok(id)
    }

    /// Writes the rows held (fewer than a full statement).
    pub(crate) fn write(&mut self) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut chunks = self.rows.chunks_exact(ROWS_PER_SHORT_INSERT);
        for chunk in &mut chunks {
            self.short
                .run(|values| chunk.iter().for_each(|row| row.bind(values)))?;
        }
        for row in chunks.remainder() {
            self.one.run(|values| row.bind(values))?;
        }
        self.rows.clear();
        self.check_ids()
    }

    /// Whether the rows written got the ids [`HeldRows::hold`] answered; the rows that refer to
    /// them would otherwise refer to others, so the import fails instead.
    fn check_ids(&self) -> Result<()> {
        let (found, expected) = (self.conn.last_insert_rowid(), self.next_id - 1);
        if found == expected {
            return Ok(());
        }
        let table = R::TABLE;
        Err(StoreError::Unreadable(say!(
            en: "the id {found} of a new {table} row, where {expected} was expected",
            zh: "新 {table} 行的编号为 {found}，而预期为 {expected}",
        )))
    }
}

/// The rows an import holds back for multi-row inserts, by table.
pub(crate) struct Held<'c> {
    /// Only when the book had no invoice when the import began (see [`NewRows`]).
    pub invoices: Option<NewRows<'c, InvoiceRow>>,
    /// Only when the book had no settlement when the import began (see [`NewRows`]).
    pub settlements: Option<NewRows<'c, SettlementRow>>,
    pub allocations: HeldRows<'c, AllocationRow>,
}

/// The held rows of a table that was empty when the import began, and the natural keys (invoice
/// numbers or settlement references, without leading zeros) of every row written to it since.
///
/// Invariant: every row of the table, held or written, has its key in `known`; so a key that
/// `known` has certainly not seen is not in the book, and only a "maybe" needs a read.
pub(crate) struct NewRows<'c, R> {
    pub rows: HeldRows<'c, R>,
    pub known: KnownKeys,
}

impl<'c, R: HeldRow> NewRows<'c, R> {
    /// Rows of `R`'s table, if the table is empty.
    pub(crate) fn of_empty_table(conn: &'c Connection) -> Result<Option<NewRows<'c, R>>> {
        let sql = format!("SELECT NOT EXISTS (SELECT 1 FROM {})", R::TABLE);
        let empty: bool = conn.query_row(&sql, [], |r| r.get(0))?;
        if !empty {
            return Ok(None);
        }
        Ok(Some(NewRows {
            rows: HeldRows::new(conn)?,
            known: KnownKeys::default(),
        }))
    }
}

impl Held<'_> {
    /// Writes every row held.
    pub(crate) fn write(&mut self) -> Result<()> {
        if let Some(invoices) = &mut self.invoices {
            invoices.rows.write()?;
        }
        if let Some(settlements) = &mut self.settlements {
            settlements.rows.write()?;
        }
        self.allocations.write()
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::NaiveDate;
    use creditdesk_core::ledger::{
        CustomerRecord, DiscountOffer, FrozenTerms, Instalment, InvoiceRecord, LedgerRecord,
        SettlementKind, SettlementRecord,
    };
    use creditdesk_core::{Currency, Money};
    use rust_decimal::Decimal;

    use crate::book::{Book, BookSettings};
    use crate::write::{IndexUpkeep, WriteOutcome};

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn eur(amount: &str) -> Money {
        let eur = Currency::from_code("EUR").unwrap();
        Money::exact(Decimal::from_str(amount).unwrap(), eur).unwrap()
    }

    fn customer(reference: &str) -> LedgerRecord {
        LedgerRecord::Customer(CustomerRecord {
            reference: reference.into(),
            name: format!("Customer {reference}"),
            country: None,
            email: None,
            preferred_channel: None,
        })
    }

    fn invoice(number: &str, customer: &str, total: &str) -> InvoiceRecord {
        InvoiceRecord {
            number: number.into(),
            customer_reference: customer.into(),
            issue_date: date("2025-03-01"),
            total: eur(total),
            terms: FrozenTerms {
                text: "net 30".into(),
                instalments: vec![Instalment {
                    seq: 1,
                    due_date: date("2025-03-31"),
                    amount: eur(total),
                }],
                discount: None,
            },
            disputed: false,
        }
    }

    /// 2% off until 2025-03-11.
    fn discounted(number: &str, customer: &str, total: &str, discount: &str) -> LedgerRecord {
        let mut record = invoice(number, customer, total);
        record.terms.text = "2/10 net 30".into();
        record.terms.discount = Some(DiscountOffer {
            percent: Decimal::from(2),
            until: date("2025-03-11"),
            amount: eur(discount),
        });
        LedgerRecord::Invoice(record)
    }

    fn settlement(
        kind: SettlementKind,
        reference: &str,
        customer: &str,
        amount: &str,
        invoice: Option<&str>,
    ) -> LedgerRecord {
        LedgerRecord::Settlement(SettlementRecord {
            reference: reference.into(),
            customer_reference: customer.into(),
            kind,
            date: date("2025-03-10"),
            amount: eur(amount),
            invoice_number: invoice.map(str::to_string),
            paid_in: None,
        })
    }

    fn payment(reference: &str, customer: &str, amount: &str, invoice: &str) -> LedgerRecord {
        settlement(
            SettlementKind::Payment,
            reference,
            customer,
            amount,
            Some(invoice),
        )
    }

    /// A ledger in which every way a record can meet one already written happens, some while
    /// the earlier one is still held and some after it was written: repeats, changed repeats,
    /// numbers that differ by leading zeros, a discount whose reference is taken, settlements of
    /// invoices that are not there or belong to another customer.
    fn ledger() -> Vec<LedgerRecord> {
        use SettlementKind::{CreditNote, Discount, WriteOff};
        let mut records = vec![customer("C-1"), customer("C-2")];
        records.push(LedgerRecord::Invoice(invoice("INV-1", "C-1", "100.00")));
        records.push(payment("PAY-1", "C-1", "40.00", "INV-1"));
        records.push(discounted("INV-2", "C-1", "500.00", "10.00"));
        records.push(payment("PAY-2", "C-1", "490.00", "INV-2"));
        records.push(LedgerRecord::Invoice(invoice("0042", "C-2", "70.00")));
        records.push(settlement(Discount, "PAY-3-discount", "C-2", "1.00", None));
        records.push(discounted("INV-3", "C-2", "50.00", "1.00"));
        records.push(payment("PAY-3", "C-2", "49.00", "INV-3"));
        records.push(settlement(
            CreditNote,
            "CN-1",
            "C-1",
            "10.00",
            Some("INV-1"),
        ));
        records.push(settlement(WriteOff, "WO-1", "C-2", "999.00", Some("0042")));
        records.push(payment("PAY-4", "C-2", "5.00", "INV-1"));
        records.push(payment("PAY-5", "C-2", "5.00", "INV-404"));
        records.push(settlement(
            SettlementKind::Payment,
            "PAY-6",
            "C-2",
            "8.00",
            None,
        ));
        for round in 0..3 {
            // Enough other documents between two rounds that the first round's rows are written
            // by full statements before the repeats come, in the second and third rounds.
            for n in 0..super::ROWS_PER_INSERT + 10 {
                let number = format!("INV-{round}-{n:03}");
                records.push(LedgerRecord::Invoice(invoice(&number, "C-1", "10.00")));
                records.push(payment(
                    &format!("PAY-{round}-{n:03}"),
                    "C-1",
                    "4.00",
                    &number,
                ));
            }
            records.push(LedgerRecord::Invoice(invoice("INV-1", "C-1", "100.00")));
            records.push(LedgerRecord::Invoice(invoice("INV-1", "C-1", "101.00")));
            records.push(LedgerRecord::Invoice(invoice("42", "C-2", "70.00")));
            records.push(LedgerRecord::Invoice(invoice("00042", "C-1", "70.00")));
            records.push(payment("PAY-1", "C-1", "40.00", "INV-1"));
            records.push(payment("PAY-1", "C-1", "41.00", "INV-1"));
            records.push(payment("0PAY-2", "C-1", "490.00", "INV-2"));
            records.push(settlement(
                CreditNote,
                "CN-1",
                "C-1",
                "10.00",
                Some("INV-1"),
            ));
            records.push(payment("PAY-0-000", "C-1", "4.00", "INV-0-000"));
            records.push(payment("PAY-0-039", "C-1", "4.00", "INV-0-039"));
        }
        records
    }

    /// Every row of the tables an import writes, with its id, in id or key order.
    fn rows(book: &Book) -> Vec<String> {
        let mut rows = Vec::new();
        for table in [
            "customer",
            "invoice",
            "instalment",
            "settlement",
            "allocation",
        ] {
            let mut statement = book
                .conn()
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2, 3"))
                .unwrap();
            let columns = statement.column_count();
            let mut query = statement.query([]).unwrap();
            while let Some(row) = query.next().unwrap() {
                let values: Vec<rusqlite::types::Value> =
                    (0..columns).map(|i| row.get(i).unwrap()).collect();
                rows.push(format!("{table}: {values:?}"));
            }
        }
        rows
    }

    /// Imports the ledger twice into a new book; answers every outcome and the rows.
    fn import_twice(upkeep: IndexUpkeep, holds: bool) -> (Vec<WriteOutcome>, Vec<String>) {
        let settings = BookSettings {
            name: "Acme Trading Ltd".into(),
            currency: Currency::from_code("EUR").unwrap(),
        };
        let mut book = Book::open_in_memory(&settings).unwrap();
        let mut outcomes = Vec::new();
        for _ in 0..2 {
            let mut tx = book.begin_import_holding(upkeep, holds).unwrap();
            for record in ledger() {
                outcomes.push(tx.record(&record).unwrap());
            }
            tx.commit().unwrap();
        }
        (outcomes, rows(&book))
    }

    #[test]
    fn holding_rows_back_gives_the_outcomes_and_the_book_that_writing_each_at_once_gives() {
        for upkeep in [IndexUpkeep::RowByRow, IndexUpkeep::Rebuilt] {
            let (outcomes, rows) = import_twice(upkeep, true);
            let (expected_outcomes, expected_rows) = import_twice(upkeep, false);
            assert_eq!(outcomes, expected_outcomes, "{upkeep:?}");
            assert_eq!(rows, expected_rows, "{upkeep:?}");

            // The ledger meets every case it was written for.
            let count =
                |wanted: fn(&WriteOutcome) -> bool| outcomes.iter().filter(|o| wanted(o)).count();
            assert!(
                count(|o| matches!(o, WriteOutcome::Matched { .. })) >= 2,
                "{upkeep:?}"
            );
            assert!(
                count(|o| matches!(o, WriteOutcome::Conflict(_))) >= 8,
                "{upkeep:?}"
            );
            assert!(
                count(|o| *o == WriteOutcome::Unchanged) >= 100,
                "{upkeep:?}"
            );
            let discounts = rows
                .iter()
                .filter(|r| r.contains("Text(\"discount\")"))
                .count();
            assert_eq!(discounts, 2, "one earned, one refused as taken: {upkeep:?}");
        }
    }
}
