//! Imports write with the foreign key checks off (every id they write is one they have just read
//! or inserted); the books they leave must still pass the checks in full.

use creditdesk_core::ledger::SettlementKind;
use creditdesk_store::{Book, BookSettings};
use rusqlite::Connection;

use crate::support::*;

fn violations(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check").unwrap();
    let rows = stmt
        .query_map([], |row| {
            Ok(format!(
                "{} row {:?} -> {}",
                row.get::<_, String>(0)?,
                row.get::<_, Option<i64>>(1)?,
                row.get::<_, String>(2)?
            ))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

#[test]
fn a_ledger_written_by_imports_and_by_hand_has_every_reference_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.creditdesk");
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    let mut book = Book::create(&path, &settings).unwrap();
    let customers = [customer("C-1", "Pine Hollow"), customer("C-2", "Ostrander")];
    let invoices = [
        instalment_invoice(
            "INV-1",
            "C-1",
            "2024-01-15",
            "300.00 EUR",
            &[("2024-02-15", "150.00 EUR"), ("2024-03-15", "150.00 EUR")],
        ),
        invoice("INV-2", "C-2", "2024-02-01", "80.00 EUR", "2024-03-02"),
    ];
    let settlements = [
        payment("P-1", "C-1", "2024-02-10", "200.00 EUR", Some("INV-1")),
        settlement(
            SettlementKind::CreditNote,
            "CN-1",
            "C-2",
            "2024-02-20",
            "30.00 EUR",
            Some("INV-2"),
        ),
        payment("P-2", "C-2", "2024-03-01", "20.00 EUR", None),
    ];
    post(&mut book, &customers, &invoices, &settlements);
    let by_hand = payment("P-3", "C-1", "2024-03-20", "50.00 EUR", Some("INV-1"));
    book.record_settlement(&by_hand).unwrap();
    book.allocate_unapplied("C-2", date("2024-03-31")).unwrap();

    let conn = Connection::open(&path).unwrap();
    let allocations: i64 = conn
        .query_row("SELECT count(*) FROM allocation", [], |row| row.get(0))
        .unwrap();
    assert!(allocations >= 4, "{allocations} allocations written");
    assert_eq!(violations(&conn), Vec::<String>::new());
}
