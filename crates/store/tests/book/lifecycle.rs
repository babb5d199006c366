//! Creating, opening and refusing books; the append-only audit trail.

use creditdesk_store::{Book, BookSettings, StoreError, SCHEMA_VERSION};
use rusqlite::Connection;

use crate::support::currency;

fn settings() -> BookSettings {
    BookSettings {
        name: "Vltava Exports s.r.o.".into(),
        currency: currency("CZK"),
    }
}

#[test]
fn a_new_book_opens_again_with_its_settings_at_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vltava.creditdesk");
    drop(Book::create(&path, &settings()).unwrap());

    let book = Book::open(&path).unwrap();
    assert_eq!(book.settings().unwrap(), settings());
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");

    let trail = book.audit_trail(10).unwrap();
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "create_book");
    assert!(
        trail[0].at.ends_with('Z') && trail[0].at.len() == 24,
        "{}",
        trail[0].at
    );
}

#[test]
fn creating_a_book_over_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("taken.creditdesk");
    std::fs::write(&path, b"someone's notes").unwrap();

    let err = Book::create(&path, &settings()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} already exists; choose another file name for the new book, or open the existing \
             book.",
            path.display()
        )
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"someone's notes");
}

#[test]
fn a_book_written_by_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.creditdesk");
    drop(Book::create(&path, &settings()).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 3)
            .unwrap();
        // Fold the WAL into the file so that its bytes are the whole state.
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    let err = Book::open(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "This book was written by a newer version of CreditDesk (schema version {}); this \
             version reads books up to schema version {}. Install the newer CreditDesk to open it.",
            SCHEMA_VERSION + 3,
            SCHEMA_VERSION
        )
    );
    assert!(matches!(err, StoreError::NewerBook { .. }));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_book_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();

    let text = dir.path().join("ledger.csv");
    std::fs::write(&text, "invoice,amount\nINV-1,100.00\n").unwrap();
    let err = Book::open(&text).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} is not a CreditDesk book. Open a file that CreditDesk created, or create a new \
             book.",
            text.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "invoice,amount\nINV-1,100.00\n"
    );

    // A SQLite database of another program, even one with familiar table names.
    let other = dir.path().join("other.sqlite");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE invoice (number TEXT); INSERT INTO invoice VALUES ('1');")
            .unwrap();
    }
    let before = std::fs::read(&other).unwrap();
    let err = Book::open(&other).unwrap_err();
    assert!(matches!(err, StoreError::NotABook { .. }), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);

    let empty = dir.path().join("empty.creditdesk");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(
        Book::open(&empty).unwrap_err(),
        StoreError::NotABook { .. }
    ));
}

#[test]
fn opening_a_missing_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.creditdesk");
    let err = Book::open(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} does not exist; check the path, or create a new book there.",
            path.display()
        )
    );
    assert!(!path.exists(), "opening must not create the file");
}

#[test]
fn the_audit_trail_cannot_be_changed_or_shortened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audited.creditdesk");
    drop(Book::create(&path, &settings()).unwrap());

    let conn = Connection::open(&path).unwrap();
    let err = conn
        .execute("UPDATE audit SET action = 'nothing happened'", [])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("The audit trail is append-only: an entry cannot be changed."),
        "{err}"
    );
    let err = conn.execute("DELETE FROM audit", []).unwrap_err();
    assert!(
        err.to_string()
            .contains("The audit trail is append-only: an entry cannot be deleted."),
        "{err}"
    );
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn what_instalments_copy_from_their_invoices_agrees_with_the_invoices() {
    use crate::support::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copies.creditdesk");
    let mut book = Book::create(&path, &settings()).unwrap();
    post(
        &mut book,
        &[
            customer("C-1", "Saguaro Irrigation Inc."),
            customer("C-2", "Ostrander Marine"),
        ],
        &[
            instalment_invoice(
                "INV-301",
                "C-1",
                "2024-01-15",
                "1200.00 USD",
                &[
                    ("2024-02-15", "400.00 USD"),
                    ("2024-03-15", "400.00 USD"),
                    ("2024-04-15", "400.00 USD"),
                ],
            ),
            invoice("INV-302", "C-2", "1969-07-20", "500.00 EUR", "1969-08-19"),
        ],
        &[payment(
            "R-1",
            "C-1",
            "2024-02-20",
            "500.00 USD",
            Some("INV-301"),
        )],
    );
    book.set_disputed("INV-302", true).unwrap();
    drop(book);

    let conn = Connection::open(&path).unwrap();
    let disagreeing: i64 = conn
        .query_row(
            "SELECT count(*) FROM instalment i JOIN invoice v ON v.id = i.invoice_id
             WHERE i.issue_day != v.issue_day OR i.customer_id != v.customer_id
                OR i.currency != v.currency OR i.disputed != v.disputed",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(disagreeing, 0);
    let caches_wrong: i64 = conn
        .query_row(
            "SELECT count(*) FROM instalment i WHERE settled_minor != (SELECT coalesce(sum(a.amount_minor), 0)
                 FROM allocation a WHERE a.invoice_id = i.invoice_id AND a.seq = i.seq)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(caches_wrong, 0);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let dangling = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query([])
        .unwrap()
        .next()
        .unwrap()
        .is_some();
    assert!(!dangling, "every reference points at a row");
}
