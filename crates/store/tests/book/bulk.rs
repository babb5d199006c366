//! Large imports: rebuilding the secondary indexes at commit and holding only a bounded number
//! of customers give exactly the book that writing row by row gives.

use std::collections::BTreeSet;

use chrono::Days;
use creditdesk_core::ledger::{InvoiceRecord, LedgerRecord};
use creditdesk_store::{Book, BookSettings, IndexUpkeep, WriteOutcome};
use rusqlite::types::Value;
use rusqlite::Connection;

use crate::support::*;

/// More customers than a writer keeps, so that some are read from the book again.
const CUSTOMERS: usize = 20_000;

/// Invoice `n` of [`ledger`] and its customer: one instalment, or two for every seventh.
fn ledger_invoice(n: usize) -> (InvoiceRecord, String) {
    let customer = format!("C-{:05}", (n * 7919) % CUSTOMERS);
    let issued = date("2024-01-01") + Days::new((n % 300) as u64);
    let due = issued + Days::new(30);
    let number = format!("INV-{n:06}");
    let minor = (100 + n % 900) * 100 + n % 100;
    let total = format!("{}.{:02} EUR", minor / 100, minor % 100);
    let record = if n % 7 == 6 {
        let first = minor / 2;
        let second = minor - first;
        instalment_invoice(
            &number,
            &customer,
            &issued.to_string(),
            &total,
            &[
                (
                    &due.to_string(),
                    &format!("{}.{:02} EUR", first / 100, first % 100),
                ),
                (
                    &(due + Days::new(30)).to_string(),
                    &format!("{}.{:02} EUR", second / 100, second % 100),
                ),
            ],
        )
    } else {
        invoice(
            &number,
            &customer,
            &issued.to_string(),
            &total,
            &due.to_string(),
        )
    };
    (record, customer)
}

/// How many invoices [`ledger`] has.
const INVOICES: usize = 3 * CUSTOMERS / 2;

/// A ledger in an export's order: every customer, then invoices spread over them with payments
/// (one of them partial and one naming no invoice) and credit notes, then a second record for
/// customers written long before, one of them with a new name; then settlements and repeated
/// invoices long after their invoices (see [`late_records`]).
fn ledger() -> Vec<LedgerRecord> {
    let mut records = Vec::new();
    for n in 0..CUSTOMERS {
        let reference = format!("C-{n:05}");
        records.push(LedgerRecord::Customer(customer(
            &reference,
            &format!("Customer {n}"),
        )));
    }
    for n in 0..INVOICES {
        let (record, customer) = ledger_invoice(n);
        let number = record.number.clone();
        let total = format!("{} EUR", record.total.amount());
        let paid_on =
            (record.terms.instalments[0].due_date + Days::new((n % 20) as u64)).to_string();
        records.push(LedgerRecord::Invoice(record));
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
    records.extend(late_records());
    records
}

/// Records that come long after the invoices they name, as in a file of several exports one
/// after the other: payments of invoices the writer no longer keeps (4 and 9, unpaid; 1, part
/// paid; 13, in two parts and part paid) or keeps without their being the last written (the
/// last ones), and invoices repeated as they are (2, 6 and one of the last) or with another
/// total (3). An import that stages instalments holds the last ones back still and has written
/// the first ones.
fn late_records() -> Vec<LedgerRecord> {
    let mut records = Vec::new();
    for n in [4, 9, 1, 13, INVOICES - 1, INVOICES - 6] {
        let (invoice, customer) = ledger_invoice(n);
        records.push(LedgerRecord::Settlement(payment(
            &format!("P-LATE-{n:06}"),
            &customer,
            "2025-03-31",
            "20.00 EUR",
            Some(&invoice.number),
        )));
    }
    for n in [2, 6, INVOICES - 6] {
        records.push(LedgerRecord::Invoice(ledger_invoice(n).0));
    }
    let (mut changed, _) = ledger_invoice(3);
    changed.total = money("1.00 EUR");
    changed.terms.instalments[0].amount = money("1.00 EUR");
    records.push(LedgerRecord::Invoice(changed));
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

/// Imports `phases` one after the other into a new book, each in one transaction kept as it
/// says; answers the book's rows and the outcome of every record.
fn import(
    path: &std::path::Path,
    phases: &[(IndexUpkeep, &[LedgerRecord])],
) -> (Vec<String>, Vec<WriteOutcome>) {
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(path, &settings).unwrap();
    let mut outcomes = Vec::new();
    for (upkeep, records) in phases {
        let mut tx = book.begin_import_with(*upkeep).unwrap();
        for record in *records {
            outcomes.push(tx.record(record).unwrap());
        }
        tx.record_batch("generic", "ledger.csv", "0", Default::default());
        tx.commit().unwrap();
    }
    drop(book);
    (dump(&Connection::open(path).unwrap()), outcomes)
}

/// The rows only one of two dumps has, each way.
fn differences(a: Vec<String>, b: Vec<String>) -> (Vec<String>, Vec<String>) {
    let (a, b) = (without_times(a), without_times(b));
    (
        a.difference(&b).cloned().collect(),
        b.difference(&a).cloned().collect(),
    )
}

#[test]
fn an_import_that_rebuilds_the_indexes_gives_the_book_that_writing_row_by_row_gives() {
    let dir = tempfile::tempdir().unwrap();
    let records = ledger();
    let (row_by_row, row_outcomes) = import(
        &dir.path().join("a.creditdesk"),
        &[(IndexUpkeep::RowByRow, &records)],
    );
    let (rebuilt, rebuilt_outcomes) = import(
        &dir.path().join("b.creditdesk"),
        &[(IndexUpkeep::Rebuilt, &records)],
    );
    assert!(row_by_row
        .iter()
        .any(|r| r.starts_with("index settlement_by_customer")));
    assert_eq!(differences(rebuilt, row_by_row), (vec![], vec![]));
    assert_eq!(rebuilt_outcomes, row_outcomes);

    let renamed: Vec<_> = row_outcomes
        .iter()
        .filter(|o| matches!(o, WriteOutcome::Updated { .. }))
        .collect();
    let name = vec!["name".to_string()];
    assert_eq!(renamed, [&WriteOutcome::Updated { fields: name }]);
    let late = &row_outcomes[row_outcomes.len() - 10..];
    let mut expected = vec![WriteOutcome::Inserted; 6];
    expected.extend(vec![WriteOutcome::Unchanged; 3]);
    assert_eq!(late[..9], expected);
    assert!(
        matches!(&late[9], WriteOutcome::Conflict(m) if m.contains("INV-000003")),
        "{:?}",
        late[9]
    );

    // Every customer an invoice or settlement was written for, and the renamed one, is named
    // as written to by the import; customers 1 and 2 have rows of their own too.
    let conn = Connection::open(dir.path().join("b.creditdesk")).unwrap();
    let named: i64 = conn
        .query_row("SELECT count(*) FROM import_customer", [], |r| r.get(0))
        .unwrap();
    assert_eq!(named, CUSTOMERS as i64);
    let late_paid: i64 = conn
        .query_row(
            "SELECT count(*) FROM allocation a JOIN settlement s ON s.id = a.settlement_id
             WHERE s.reference LIKE 'P-LATE-%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        late_paid, 6,
        "every late payment is allocated to its invoice"
    );
    let second_parts: i64 = conn
        .query_row("SELECT count(*) FROM instalment WHERE seq = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        second_parts,
        (INVOICES / 7) as i64,
        "every seventh invoice has two parts"
    );
}

/// A second import large beside the book settles invoices of the first, whose instalments are
/// in the book's table rather than among those the import writes.
#[test]
fn an_import_that_rebuilds_the_indexes_settles_invoices_already_in_the_book_as_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let records = ledger();
    let middle = CUSTOMERS + INVOICES;
    let (first, second) = records.split_at(middle);
    let (row_by_row, row_outcomes) = import(
        &dir.path().join("a.creditdesk"),
        &[
            (IndexUpkeep::RowByRow, first),
            (IndexUpkeep::RowByRow, second),
        ],
    );
    let (rebuilt, rebuilt_outcomes) = import(
        &dir.path().join("b.creditdesk"),
        &[
            (IndexUpkeep::RowByRow, first),
            (IndexUpkeep::Rebuilt, second),
        ],
    );
    assert_eq!(differences(rebuilt, row_by_row), (vec![], vec![]));
    assert_eq!(rebuilt_outcomes, row_outcomes);
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
