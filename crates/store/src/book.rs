//! Creating and opening a book: one SQLite file, recognised by its application id, upgraded by
//! the embedded migrations, and tuned for one desktop user with occasional large imports.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::time::Duration;

use creditdesk_core::Currency;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit;
use crate::codec::parse_currency;
use crate::error::{Result, StoreError};
use crate::migrations::{apply_pending, APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use crate::pages::ListMemo;
use crate::reports::{ReceivablesPass, SecondReaderSlot};

/// How long a write waits for another connection to the same book before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The settings a book is created with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookSettings {
    /// The firm whose receivables the book holds.
    pub name: String,
    /// The firm's own currency; documents may be in others.
    pub currency: Currency,
}

/// Row counts, mostly for tests and diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookCounts {
    pub customers: i64,
    pub invoices: i64,
    pub settlements: i64,
}

/// An open book. All reads and writes go through it; each write is one transaction.
pub struct Book {
    conn: Connection,
    pass: ReceivablesPass,
    /// A second connection for reports over a large book; see `reports/split.rs`.
    second: SecondReaderSlot,
    /// The lists a screen last paged through; see `pages.rs`.
    lists: ListMemo,
}

impl std::fmt::Debug for Book {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Book")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Book {
    /// Creates a new book at `path`; refuses a file that already exists.
    pub fn create(path: &Path, settings: &BookSettings) -> Result<Book> {
        // Claiming the file first means two creators cannot both succeed.
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|err| {
                if err.kind() == std::io::ErrorKind::AlreadyExists {
                    StoreError::AlreadyExists {
                        path: path.to_path_buf(),
                    }
                } else {
                    StoreError::CannotCreate {
                        path: path.to_path_buf(),
                        source: err,
                    }
                }
            })?;

        let created = Connection::open(path)
            .map_err(StoreError::from)
            .and_then(|conn| Book::initialise(conn, settings));
        if created.is_err() {
            // Nothing of value is in a book whose creation failed; leave no half-made file.
            for suffix in ["", "-wal", "-shm"] {
                let mut file = path.as_os_str().to_owned();
                file.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(file));
            }
        }
        created
    }

    /// Opens an existing book, upgrading its schema if it is older than this version.
    ///
    /// Refuses, without writing anything: a missing file, a file that is not a CreditDesk book,
    /// and a book written by a newer version.
    pub fn open(path: &Path) -> Result<Book> {
        if !path.exists() {
            return Err(StoreError::NotFound {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;

        let not_a_book = || StoreError::NotABook {
            path: path.to_path_buf(),
        };
        let application_id: i32 = conn
            .query_row("PRAGMA application_id", [], |row| row.get(0))
            .map_err(|err| match err.sqlite_error_code() {
                Some(ErrorCode::NotADatabase) => not_a_book(),
                _ => StoreError::from(err),
            })?;
        if application_id != APPLICATION_ID {
            return Err(not_a_book());
        }
        let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerBook {
                found,
                known: SCHEMA_VERSION,
            });
        }

        configure(&conn)?;
        if found < SCHEMA_VERSION {
            tracing::info!(from = found, to = SCHEMA_VERSION, "upgrading book schema");
            let tx = Transaction::new(&mut conn, TransactionBehavior::Immediate)?;
            apply_pending(&tx, MIGRATIONS)?;
            let detail = json!({ "from_version": found, "to_version": SCHEMA_VERSION });
            audit::append(&tx, "upgrade_book", "book", "", &detail)?;
            tx.commit()?;
        }
        enforce_foreign_keys(&conn)?;
        Book::ready(conn)
    }

    /// A book that lives in memory only; for tests and previews.
    pub fn open_in_memory(settings: &BookSettings) -> Result<Book> {
        Book::initialise(Connection::open_in_memory()?, settings)
    }

    fn initialise(mut conn: Connection, settings: &BookSettings) -> Result<Book> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Only takes effect on a file nothing has been written to yet: a book keeps the page
        // size it was created with.
        conn.pragma_update(None, "page_size", NEW_BOOK_PAGE_SIZE)?;
        configure(&conn)?;
        let tx = Transaction::new(&mut conn, TransactionBehavior::Immediate)?;
        apply_pending(&tx, MIGRATIONS)?;
        tx.execute(
            "INSERT INTO book (id, name, currency) VALUES (1, ?1, ?2)",
            (&settings.name, settings.currency.code()),
        )?;
        let detail = json!({ "name": settings.name, "currency": settings.currency.code() });
        audit::append(&tx, "create_book", "book", &settings.name, &detail)?;
        tx.commit()?;
        enforce_foreign_keys(&conn)?;
        Book::ready(conn)
    }

    fn ready(conn: Connection) -> Result<Book> {
        let pass = ReceivablesPass::default();
        pass.register(&conn)?;
        register_fold(&conn)?;
        Ok(Book {
            conn,
            pass,
            second: SecondReaderSlot::default(),
            lists: ListMemo::default(),
        })
    }

    pub fn settings(&self) -> Result<BookSettings> {
        let (name, currency): (String, String) =
            self.conn
                .query_row("SELECT name, currency FROM book WHERE id = 1", [], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })?;
        Ok(BookSettings {
            name,
            currency: parse_currency(&currency)?,
        })
    }

    pub fn counts(&self) -> Result<BookCounts> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM invoice),
                    (SELECT count(*) FROM settlement)",
            [],
            |row| {
                Ok(BookCounts {
                    customers: row.get(0)?,
                    invoices: row.get(1)?,
                    settlements: row.get(2)?,
                })
            },
        )?)
    }

    /// The bytes the book's pages take (without its write-ahead log): what an import is
    /// weighed against when it chooses how to keep the indexes ([`crate::IndexUpkeep`]).
    pub fn size_bytes(&self) -> Result<u64> {
        let bytes: i64 = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(bytes).unwrap_or(0))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub(crate) fn pass(&self) -> &ReceivablesPass {
        &self.pass
    }

    pub(crate) fn second_slot(&self) -> &SecondReaderSlot {
        &self.second
    }

    pub(crate) fn lists(&self) -> &ListMemo {
        &self.lists
    }
}

/// `creditdesk_fold(text)`: the text in lower case by Unicode's rules, for searching and
/// ordering names whatever their case (SQLite's own `lower()` and `NOCASE` know only ASCII).
fn register_fold(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_DIRECTONLY;
    conn.create_scalar_function("creditdesk_fold", 1, flags, |ctx| {
        Ok(match ctx.get_raw(0) {
            ValueRef::Text(text) => Some(String::from_utf8_lossy(text).to_lowercase()),
            _ => None,
        })
    })?;
    Ok(())
}

/// A book's connection checks foreign keys only once its schema is current, because a schema
/// step may rebuild a table that others refer to (the steps end with a full check of the
/// references instead).
fn enforce_foreign_keys(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(())
}

/// The page cache of a connection that reads, in KiB: the indexes a screen pages through fit,
/// while the scans of a large book's reports read through the operating system's file cache
/// (measured on a book of a million invoices: with the file in that cache the dashboard took as
/// long with 8 MiB per connection as with 64 MiB, and the process peaked at 46 MB instead of
/// 155 MB; read from disk, it took 2.1 s against 1.6 s with 16 MiB).
pub(crate) const READING_CACHE_KIB: i64 = 8 * 1024;

/// The page cache of a connection while it imports, in KiB: an import inserts its instalments
/// in customer order across the whole table, and each page it finds in the cache is a read
/// saved.
pub(crate) const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// The page size of a new book, in bytes. A large import writes fewer, fuller pages and
/// shallower B-trees than with SQLite's default of 4 KiB.
const NEW_BOOK_PAGE_SIZE: i64 = 16 * 1024;

/// Connection settings of every book.
///
/// WAL lets the desktop shell read while an import writes; `synchronous = NORMAL` is safe with
/// WAL (a crash never corrupts the book; a power cut may lose the last commits). Foreign keys stay
/// off until the schema is current (see [`enforce_foreign_keys`]).
fn configure(conn: &Connection) -> Result<()> {
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;",
    )?;
    conn.pragma_update(None, "cache_size", -READING_CACHE_KIB)?;
    Ok(())
}
