//! The journal of a first import: a rollback journal instead of the write-ahead log, while the
//! import's connection is the only one open on the book.
//!
//! A book keeps a write-ahead log (WAL) so that others can read it while it is written. Every
//! page an import writes then goes to the log first and is copied into the book when the log is
//! checkpointed at commit: a first import of a large ledger writes its book twice and waits
//! for both copies to reach the disk (about a tenth of such an import's time). A rollback
//! journal keeps the pages of the book as they were instead, and writes the new ones in place;
//! for a book that holds no ledger yet, nearly every page the import writes is new, so the
//! journal stays a few pages long and the book is written once.
//!
//! Only an import that rebuilds the indexes (one large beside its book) into a book without
//! invoices or settlements changes the journal, and only when no other connection has the book
//! open: leaving WAL needs the book to itself, and the attempt does not wait for it. The import
//! is as much all or nothing either way: a failure rolls back, and an import killed half way
//! leaves a journal that the next opening of the book plays back. While the import runs, other
//! connections that open the book wait for it, as a WAL book would not make them. The book is
//! put back in WAL when the import ends, and [`Book::open`](crate::Book::open) puts it back
//! should that fail.

use std::time::Duration;

use rusqlite::{Connection, ErrorCode};

use crate::book::BUSY_TIMEOUT;
use crate::error::Result;

/// While alive, the book uses a rollback journal, if it could be switched to one.
pub(crate) struct RollbackJournal<'c> {
    conn: &'c Connection,
    switched: bool,
}

impl<'c> RollbackJournal<'c> {
    /// Switches the book to a rollback journal when it holds no invoices or settlements and no
    /// other connection has it open; otherwise leaves it as it is. Made before the import's
    /// transaction begins (the journal cannot change inside one).
    pub(crate) fn for_first_import(conn: &'c Connection) -> Result<RollbackJournal<'c>> {
        let mut journal = RollbackJournal {
            conn,
            switched: false,
        };
        let empty: bool = conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM invoice) AND NOT EXISTS (SELECT 1 FROM settlement)",
            [],
            |row| row.get(0),
        )?;
        if !empty {
            return Ok(journal);
        }
        // Another connection, even an idle one, keeps the book in WAL: find out at once.
        conn.busy_timeout(Duration::ZERO)?;
        let switched = journal_mode(conn, "DELETE");
        conn.busy_timeout(BUSY_TIMEOUT)?;
        match switched {
            Ok(mode) => journal.switched = mode.eq_ignore_ascii_case("delete"),
            Err(err) if err.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => {
                tracing::debug!("another connection has the book open; the import keeps the WAL");
            }
            Err(err) => return Err(err.into()),
        }
        if journal.switched {
            // A power cut may not tear a book that is written in place.
            conn.pragma_update(None, "synchronous", "FULL")?;
        }
        Ok(journal)
    }
}

impl Drop for RollbackJournal<'_> {
    fn drop(&mut self) {
        if !self.switched {
            return;
        }
        let back = self
            .conn
            .pragma_update(None, "synchronous", "NORMAL")
            .and_then(|()| journal_mode(self.conn, "WAL"));
        match back {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => {}
            Ok(mode) => tracing::warn!(mode, "the book was left in another journal mode"),
            Err(err) => tracing::warn!(error = %err, "the book could not go back to its WAL"),
        }
    }
}

/// Sets the journal mode; answers the mode the book has afterwards.
fn journal_mode(conn: &Connection, mode: &str) -> rusqlite::Result<String> {
    conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |row| {
        row.get(0)
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::process::Command;

    use creditdesk_core::ledger::CustomerRecord;
    use creditdesk_core::Currency;
    use rusqlite::Connection;

    use crate::book::{Book, BookSettings};
    use crate::write::IndexUpkeep;

    /// Set in the process that imports and is killed, to the book it imports into.
    const KILLED_BOOK: &str = "CREDITDESK_TEST_KILLED_IMPORT_BOOK";

    fn new_book(path: &Path) -> Book {
        let settings = BookSettings {
            name: "Acme Trading Ltd".into(),
            currency: Currency::from_code("EUR").unwrap(),
        };
        Book::create(path, &settings).unwrap()
    }

    fn customer(n: usize) -> CustomerRecord {
        CustomerRecord {
            reference: format!("C-{n:06}"),
            name: format!("Customer number {n} of a long ledger"),
            country: Some("DE".into()),
            email: None,
            preferred_channel: None,
        }
    }

    fn mode(conn: &Connection) -> String {
        conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap()
    }

    /// Every row of every table, in order.
    fn dump(path: &Path) -> Vec<String> {
        let conn = Connection::open(path).unwrap();
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut rows = Vec::new();
        for table in tables {
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = statement.column_count();
            let mut query = statement.query([]).unwrap();
            while let Some(row) = query.next().unwrap() {
                let values: Vec<rusqlite::types::Value> =
                    (0..columns).map(|i| row.get(i).unwrap()).collect();
                rows.push(format!("{table}: {values:?}"));
            }
        }
        rows.sort();
        rows
    }

    #[test]
    fn a_first_import_writes_the_book_in_place_and_leaves_it_in_wal_committed_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.creditdesk");
        let mut book = new_book(&path);
        assert_eq!(mode(book.conn()), "wal");

        let mut tx = book.begin_import_with(IndexUpkeep::Rebuilt).unwrap();
        assert_eq!(mode(&tx.tx), "delete", "a first import of a large file");
        tx.customer(&customer(1)).unwrap();
        drop(tx);
        assert_eq!(mode(book.conn()), "wal", "after a rollback");

        let mut tx = book.begin_import_with(IndexUpkeep::RowByRow).unwrap();
        assert_eq!(mode(&tx.tx), "wal", "a small import keeps the WAL");
        tx.customer(&customer(1)).unwrap();
        drop(tx);

        let mut tx = book.begin_import_with(IndexUpkeep::Rebuilt).unwrap();
        tx.customer(&customer(1)).unwrap();
        tx.commit().unwrap();
        assert_eq!(mode(book.conn()), "wal", "after a commit");
        let synchronous: i64 = book
            .conn()
            .query_row("PRAGMA synchronous", [], |row| row.get(0))
            .unwrap();
        assert_eq!(synchronous, 1, "NORMAL again");
        assert_eq!(book.counts().unwrap().customers, 1);
    }

    #[test]
    fn a_book_open_elsewhere_keeps_its_wal_during_an_import_and_is_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.creditdesk");
        let mut book = new_book(&path);
        let reader = Connection::open(&path).unwrap();
        assert_eq!(mode(&reader), "wal");

        let started = std::time::Instant::now();
        let mut tx = book.begin_import_with(IndexUpkeep::Rebuilt).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(mode(&tx.tx), "wal");
        tx.customer(&customer(1)).unwrap();
        let before: i64 = reader
            .query_row("SELECT count(*) FROM customer", [], |row| row.get(0))
            .unwrap();
        assert_eq!(before, 0, "the other connection reads the book as it was");
        tx.commit().unwrap();
        assert_eq!(mode(book.conn()), "wal");
    }

    /// Runs in a process of its own, started by the test below with [`KILLED_BOOK`] set:
    /// imports into that book until pages are written in place, then dies without a word.
    #[test]
    fn an_import_killed_half_way() {
        let Some(path) = std::env::var_os(KILLED_BOOK) else {
            return;
        };
        let mut book = Book::open(Path::new(&path)).unwrap();
        let mut tx = book.begin_import_with(IndexUpkeep::Rebuilt).unwrap();
        assert_eq!(mode(&tx.tx), "delete");
        // A page cache of a few pages spills the import's pages into the book long before it
        // commits, as a large import's does.
        tx.tx.pragma_update(None, "cache_size", 4).unwrap();
        for n in 0..20_000 {
            tx.customer(&customer(n)).unwrap();
        }
        std::process::abort();
    }

    #[test]
    fn an_import_killed_half_way_leaves_the_book_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.creditdesk");
        drop(new_book(&path));
        let before = dump(&path);
        let size = || std::fs::metadata(&path).unwrap().len();
        let size_before = size();

        let status = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "write::journal::tests::an_import_killed_half_way",
            ])
            .args(["--nocapture", "--test-threads=1"])
            .env(KILLED_BOOK, &path)
            .output()
            .unwrap()
            .status;
        assert!(!status.success(), "the importing process was killed");
        let journal = dir.path().join("book.creditdesk-journal");
        assert!(journal.exists(), "the killed import left its journal");
        assert!(
            size() > size_before,
            "the killed import wrote pages into the book"
        );

        let book = Book::open(&path).unwrap();
        assert_eq!(mode(book.conn()), "wal");
        drop(book);
        assert_eq!(dump(&path), before);
    }
}
