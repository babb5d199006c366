//! The allocation columns of instalments and settlements (what is settled or allocated, and the
//! first and last day it was applied) always equal what their allocations add up to, whichever
//! way the allocations were written: by an import, which keeps the columns itself with the
//! triggers off, by one recorded settlement, or by allocating unapplied money with the triggers.

use creditdesk_core::ledger::SettlementKind;
use creditdesk_store::{Book, BookSettings, WriteOutcome};
use rusqlite::Connection;

use crate::support::*;

/// Instalments and settlements whose columns differ from their allocations, as text.
pub(crate) fn disagreements(conn: &Connection) -> Vec<String> {
    let mut found = Vec::new();
    let mut instalments = conn
        .prepare(
            "SELECT invoice_id, seq, settled_minor, first_applied_day, last_applied_day,
                    coalesce(sum(a.amount_minor), 0), coalesce(min(a.applied_day), 0),
                    coalesce(max(a.applied_day), 0)
             FROM instalment i LEFT JOIN allocation a USING (invoice_id, seq)
             GROUP BY invoice_id, seq",
        )
        .unwrap();
    let mut settlements = conn
        .prepare(
            "SELECT s.reference, s.allocated_minor, s.first_applied_day, s.last_applied_day,
                    coalesce(sum(a.amount_minor), 0), coalesce(min(a.applied_day), 0),
                    coalesce(max(a.applied_day), 0)
             FROM settlement s LEFT JOIN allocation a ON a.settlement_id = s.id
             GROUP BY s.id",
        )
        .unwrap();
    let rows = instalments
        .query_map([], |r| {
            let columns: (i64, i64, i64) = (r.get(2)?, r.get(3)?, r.get(4)?);
            let sums: (i64, i64, i64) = (r.get(5)?, r.get(6)?, r.get(7)?);
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, columns, sums))
        })
        .unwrap();
    for row in rows {
        let (invoice, seq, columns, sums) = row.unwrap();
        if columns != sums {
            found.push(format!(
                "instalment {invoice}/{seq}: {columns:?} != {sums:?}"
            ));
        }
    }
    let rows = settlements
        .query_map([], |r| {
            let columns: (i64, i64, i64) = (r.get(1)?, r.get(2)?, r.get(3)?);
            let sums: (i64, i64, i64) = (r.get(4)?, r.get(5)?, r.get(6)?);
            Ok((r.get::<_, String>(0)?, columns, sums))
        })
        .unwrap();
    for row in rows {
        let (reference, columns, sums) = row.unwrap();
        if columns != sums {
            found.push(format!("settlement {reference}: {columns:?} != {sums:?}"));
        }
    }
    found
}

/// What is settled on each instalment of an invoice, in minor units, by sequence.
pub(crate) fn settled(conn: &Connection, number: &str) -> Vec<i64> {
    let mut stmt = conn
        .prepare(
            "SELECT i.settled_minor FROM instalment i JOIN invoice v ON v.id = i.invoice_id
             WHERE v.number = ?1 ORDER BY i.seq",
        )
        .unwrap();
    let rows = stmt.query_map([number], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn imports_single_writes_and_later_allocations_keep_the_columns_equal_to_the_allocations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.creditdesk");
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(&path, &settings).unwrap();

    // First import: a payment over two instalments, a credit note, a payment within the
    // early-payment discount, a prepayment dated before its invoice, a write-off of the rest,
    // and a payment that names no invoice.
    let customers = [customer("C-1", "Pine Hollow"), customer("C-2", "Ostrander")];
    let three_parts = instalment_invoice(
        "INV-1",
        "C-1",
        "2024-01-15",
        "300.00 EUR",
        &[
            ("2024-02-15", "100.00 EUR"),
            ("2024-03-15", "100.00 EUR"),
            ("2024-04-15", "100.00 EUR"),
        ],
    );
    let discounted = with_discount(
        invoice("INV-2", "C-1", "2024-02-01", "200.00 EUR", "2024-03-02"),
        "2",
        "2024-02-11",
        "4.00 EUR",
    );
    let later = invoice("INV-3", "C-2", "2024-03-01", "80.00 EUR", "2024-03-31");
    let open = invoice("INV-4", "C-2", "2024-04-01", "60.00 EUR", "2024-05-15");
    let settlements = [
        payment("P-1", "C-1", "2024-02-10", "150.00 EUR", Some("INV-1")),
        settlement(
            SettlementKind::CreditNote,
            "CN-1",
            "C-1",
            "2024-03-05",
            "30.00 EUR",
            Some("INV-1"),
        ),
        payment("P-2", "C-1", "2024-02-09", "196.00 EUR", Some("INV-2")),
        payment("P-3", "C-2", "2024-02-20", "50.00 EUR", Some("INV-3")),
        settlement(
            SettlementKind::WriteOff,
            "W-1",
            "C-2",
            "2024-04-30",
            "30.00 EUR",
            Some("INV-3"),
        ),
        payment("P-4", "C-2", "2024-05-02", "25.00 EUR", None),
    ];
    post(
        &mut book,
        &customers,
        &[three_parts, discounted, later, open],
        &settlements,
    );
    let conn = Connection::open(&path).unwrap();
    assert_eq!(settled(&conn, "INV-1"), [10000, 8000, 0]);
    assert_eq!(settled(&conn, "INV-2"), [20000], "paid less its discount");
    assert_eq!(settled(&conn, "INV-3"), [8000]);

    // Second import: a payment on an invoice of the first one, whose state is read back from
    // the book, and the first payment again, which changes nothing.
    let mut tx = book.begin_import().unwrap();
    let more = payment("P-5", "C-1", "2024-04-20", "100.00 EUR", Some("INV-1"));
    assert_eq!(tx.settlement(&more).unwrap(), WriteOutcome::Inserted);
    assert_eq!(
        tx.settlement(&settlements[0]).unwrap(),
        WriteOutcome::Unchanged
    );
    tx.commit().unwrap();
    assert_eq!(settled(&conn, "INV-1"), [10000, 10000, 8000]);

    // One settlement recorded by hand, and unapplied money allocated later.
    let by_hand = payment("P-6", "C-1", "2024-05-01", "5.00 EUR", Some("INV-1"));
    assert_eq!(
        book.record_settlement(&by_hand).unwrap(),
        WriteOutcome::Inserted
    );
    book.allocate_unapplied("C-2", date("2024-05-31")).unwrap();

    assert_eq!(settled(&conn, "INV-1"), [10000, 10000, 8500]);
    assert_eq!(
        settled(&conn, "INV-4"),
        [2500],
        "the unapplied payment, allocated later"
    );
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

#[test]
fn settlements_of_invoices_far_back_in_a_long_import_are_allocated_from_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.creditdesk");
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(&path, &settings).unwrap();

    // More invoices than the writer keeps, then a payment for the first and the last of them,
    // each twice: the first invoice's state must be read back from the book in the middle of
    // the import, and then followed like the others.
    let count = 5000;
    let mut tx = book.begin_import().unwrap();
    tx.customer(&customer("C-1", "Pine Hollow")).unwrap();
    for n in 1..=count {
        let record = instalment_invoice(
            &format!("INV-{n:05}"),
            "C-1",
            "2024-01-15",
            "20.00 EUR",
            &[("2024-02-15", "10.00 EUR"), ("2024-03-15", "10.00 EUR")],
        );
        assert_eq!(tx.invoice(&record).unwrap(), WriteOutcome::Inserted);
    }
    for (reference, on, number) in [
        ("P-1", "2024-02-01", "INV-00001"),
        ("P-2", "2024-02-02", "INV-05000"),
        ("P-3", "2024-02-03", "INV-00001"),
        ("P-4", "2024-02-04", "INV-05000"),
    ] {
        let record = payment(reference, "C-1", on, "15.00 EUR", Some(number));
        assert_eq!(tx.settlement(&record).unwrap(), WriteOutcome::Inserted);
    }
    tx.commit().unwrap();

    let conn = Connection::open(&path).unwrap();
    assert_eq!(settled(&conn, "INV-00001"), [1000, 1000]);
    assert_eq!(settled(&conn, "INV-05000"), [1000, 1000]);
    assert_eq!(disagreements(&conn), Vec::<String>::new());
}

/// Every row of the tables that allocations change, in a fixed order, as text.
fn allocation_tables(conn: &Connection) -> Vec<String> {
    let mut rows = Vec::new();
    for sql in [
        "SELECT * FROM instalment ORDER BY customer_id, currency, invoice_id, seq",
        "SELECT * FROM settlement ORDER BY id",
        "SELECT * FROM allocation ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let width = stmt.column_count();
        let found = stmt
            .query_map([], |r| {
                let cells: Vec<String> = (0..width)
                    .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        rows.extend(found.map(Result::unwrap));
    }
    rows
}

#[test]
fn settlements_right_after_their_invoice_give_the_same_book_as_any_other_order_of_writes() {
    let dir = tempfile::tempdir().unwrap();
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    // An export's order: each invoice followed by its payments, one of them within the
    // early-payment discount and one paying two instalments, then one for an earlier invoice,
    // and refunds.
    let ledger = |tx: &mut creditdesk_store::ImportTx<'_>, write_again: bool| {
        tx.customer(&customer("C-1", "Pine Hollow")).unwrap();
        let invoices = [
            instalment_invoice(
                "INV-1",
                "C-1",
                "2024-01-15",
                "300.00 EUR",
                &[
                    ("2024-02-15", "100.00 EUR"),
                    ("2024-03-15", "100.00 EUR"),
                    ("2024-04-15", "100.00 EUR"),
                ],
            ),
            with_discount(
                invoice("INV-2", "C-1", "2024-02-01", "200.00 EUR", "2024-03-02"),
                "2",
                "2024-02-11",
                "4.00 EUR",
            ),
            invoice("INV-3", "C-1", "2024-03-01", "80.00 EUR", "2024-03-31"),
        ];
        let payments = [
            vec![
                payment("P-1", "C-1", "2024-02-10", "150.00 EUR", Some("INV-1")),
                payment("P-2", "C-1", "2024-03-10", "20.00 EUR", Some("INV-1")),
            ],
            vec![payment(
                "P-3",
                "C-1",
                "2024-02-09",
                "196.00 EUR",
                Some("INV-2"),
            )],
            vec![
                payment("P-4", "C-1", "2024-03-05", "30.00 EUR", Some("INV-3")),
                payment("P-5", "C-1", "2024-04-20", "100.00 EUR", Some("INV-1")),
                payment("P-6", "C-1", "2024-04-21", "10.00 EUR", Some("INV-3")),
                // Refunds: one of an earlier invoice, one of the invoice just written.
                payment("R-1", "C-1", "2024-04-25", "-50.00 EUR", Some("INV-1")),
                payment("R-2", "C-1", "2024-04-26", "-10.00 EUR", Some("INV-3")),
            ],
        ];
        for (invoice, payments) in invoices.iter().zip(payments) {
            assert_eq!(tx.invoice(invoice).unwrap(), WriteOutcome::Inserted);
            if write_again {
                // An invoice the book holds is compared with its instalments as written.
                assert_eq!(tx.invoice(invoice).unwrap(), WriteOutcome::Unchanged);
            }
            for payment in payments {
                assert_eq!(tx.settlement(&payment).unwrap(), WriteOutcome::Inserted);
            }
        }
    };

    let mut tables = Vec::new();
    for write_again in [false, true] {
        let path = dir.path().join(format!("book-{write_again}.creditdesk"));
        let mut book = Book::create(&path, &settings).unwrap();
        let mut tx = book.begin_import().unwrap();
        ledger(&mut tx, write_again);
        tx.commit().unwrap();
        let conn = Connection::open(&path).unwrap();
        assert_eq!(disagreements(&conn), Vec::<String>::new());
        assert_eq!(settled(&conn, "INV-1"), [10000, 10000, 2000]);
        assert_eq!(settled(&conn, "INV-2"), [20000]);
        assert_eq!(settled(&conn, "INV-3"), [3000]);
        tables.push(allocation_tables(&conn));
    }
    assert_eq!(tables[0], tables[1]);
}
