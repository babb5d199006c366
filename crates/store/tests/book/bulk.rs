//! Large imports: rebuilding the secondary indexes at commit and holding only a bounded number
//! of customers give exactly the book that writing row by row gives.

use std::collections::BTreeSet;

use chrono::Days;
use creditdesk_core::ledger::LedgerRecord;
use creditdesk_store::{Book, BookSettings, IndexUpkeep, WriteOutcome};
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::support::*;

/// More customers than a writer keeps, so that some are read from the book again.
const CUSTOMERS: usize = 20_000;

/// A ledger in an export's order: every customer, then invoices spread over them with payments
/// (one of them partial and one naming no invoice) and credit notes, then a second record for
/// customers written long before, one of them with a new name.
fn ledger() -> Vec<LedgerRecord> {
    let mut records = Vec::new();
    for n in 0..CUSTOMERS {
        let reference = format!("C-{n:05}");
        records.push(LedgerRecord::Customer(customer(
            &reference,
            &format!("Customer {n}"),
        )));
    }
    let first = date("2024-01-01");
    for n in 0..3 * CUSTOMERS / 2 {
        let customer = format!("C-{:05}", (n * 7919) % CUSTOMERS);
        let issued = first + Days::new((n % 300) as u64);
        let due = issued + Days::new(30);
        let number = format!("INV-{n:06}");
        let total = format!("{}.{:02} EUR", 100 + n % 900, n % 100);
        records.push(LedgerRecord::Invoice(invoice(
            &number,
            &customer,
            &issued.to_string(),
            &total,
            &due.to_string(),
        )));
        let paid_on = (due + Days::new((n % 20) as u64)).to_string();
        match n % 5 {
            0 => records.push(LedgerRecord::Settlement(payment(
                &format!("P-{n:06}"),
                &customer,
                &paid_on,
                &total,
                Some(&number),
            ))),
            1 => records.push(LedgerRecord::Settlement(payment(
                &format!("P-{n:06}"),
                &customer,
                &paid_on,
                "50.00 EUR",
                Some(&number),
            ))),
            2 => records.push(LedgerRecord::Settlement(settlement(
                creditdesk_core::ledger::SettlementKind::CreditNote,
                &format!("CN-{n:06}"),
                &customer,
                &paid_on,
                "10.00 EUR",
                Some(&number),
            ))),
            3 if n % 15 == 3 => records.push(LedgerRecord::Settlement(payment(
                &format!("P-{n:06}"),
                &customer,
                &paid_on,
                "25.00 EUR",
                None,
            ))),
            _ => {}
        }
    }
    records.push(LedgerRecord::Customer(customer("C-00001", "Customer 1")));
    records.push(LedgerRecord::Customer(customer(
        "C-00002",
        "Customer Two Renamed",
    )));
    records
}

/// Every row of every table, and the schema, as text in a stable order.
fn dump(conn: &Connection) -> Vec<String> {
    let mut out: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    out.sort();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows: Vec<String> = statement
            .query_map([], |row| {
                let values: Vec<Value> = (0..columns).map(|i| row.get(i).unwrap()).collect();
                Ok(format!("{table}: {values:?}"))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

/// The book, the audit trail and the batches carry the time of writing, which differs between
/// two books.
fn without_times(rows: Vec<String>) -> BTreeSet<String> {
    rows.into_iter()
        .filter(|row| {
            !["book: ", "audit: ", "import_batch: "]
                .iter()
                .any(|t| row.starts_with(t))
        })
        .collect()
}

fn import(path: &std::path::Path, upkeep: IndexUpkeep, records: &[LedgerRecord]) -> Vec<String> {
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(path, &settings).unwrap();
    let mut tx = book.begin_import_with(upkeep).unwrap();
    let mut renamed = Vec::new();
    for record in records {
        if let WriteOutcome::Updated { fields } = tx.record(record).unwrap() {
            renamed.push(fields);
        }
    }
    assert_eq!(renamed, [vec!["name".to_string()]]);
    tx.record_batch("generic", "ledger.csv", "0", Default::default());
    tx.commit().unwrap();
    drop(book);
    dump(&Connection::open(path).unwrap())
}

#[test]
fn an_import_that_rebuilds_the_indexes_gives_the_book_that_writing_row_by_row_gives() {
    let dir = tempfile::tempdir().unwrap();
    let records = ledger();
    let row_by_row = import(
        &dir.path().join("a.creditdesk"),
        IndexUpkeep::RowByRow,
        &records,
    );
    let rebuilt = import(
        &dir.path().join("b.creditdesk"),
        IndexUpkeep::Rebuilt,
        &records,
    );
    assert!(row_by_row
        .iter()
        .any(|r| r.starts_with("index settlement_by_customer")));
    let (rebuilt, row_by_row) = (without_times(rebuilt), without_times(row_by_row));
    let only_rebuilt: Vec<_> = rebuilt.difference(&row_by_row).collect();
    let only_row_by_row: Vec<_> = row_by_row.difference(&rebuilt).collect();
    assert_eq!((only_rebuilt, only_row_by_row), (vec![], vec![]));

    // Every customer an invoice or settlement was written for, and the renamed one, is named
    // as written to by the import; customers 1 and 2 have rows of their own too.
    let conn = Connection::open(dir.path().join("b.creditdesk")).unwrap();
    let named: i64 = conn
        .query_row("SELECT count(*) FROM import_customer", [], |r| r.get(0))
        .unwrap();
    assert_eq!(named, CUSTOMERS as i64);
}

#[test]
fn an_import_that_rebuilds_the_indexes_and_is_dropped_leaves_them_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.creditdesk");
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(&path, &settings).unwrap();
    drop(book);
    let before = dump(&Connection::open(&path).unwrap());

    book = Book::open(&path).unwrap();
    let mut tx = book.begin_import_with(IndexUpkeep::Rebuilt).unwrap();
    tx.customer(&customer("C-1", "Pine Hollow")).unwrap();
    tx.invoice(&invoice(
        "INV-1",
        "C-1",
        "2024-01-15",
        "100.00 EUR",
        "2024-02-14",
    ))
    .unwrap();
    drop(tx);
    drop(book);
    assert_eq!(dump(&Connection::open(&path).unwrap()), before);
}
