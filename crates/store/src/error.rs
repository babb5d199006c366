//! What can go wrong when a book is opened, written or read.
//!
//! A record that cannot be written because of what it says (a changed invoice, an unknown
//! customer) is not an error: it is a [`WriteOutcome::Conflict`](crate::WriteOutcome) that the
//! import reports with its line. Errors here stop the operation and roll back its transaction.

use std::path::PathBuf;

use creditdesk_core::allocate::AllocationError;
use creditdesk_core::MoneyError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `Book::create` never overwrites a file.
    #[error(
        "{} already exists; choose another file name for the new book, or open the existing \
         book.",
        path.display()
    )]
    AlreadyExists { path: PathBuf },

    #[error("{} does not exist; check the path, or create a new book there.", path.display())]
    NotFound { path: PathBuf },

    #[error(
        "{} could not be created: {source}. Check that the folder exists and that you may write \
         to it.",
        path.display()
    )]
    CannotCreate {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file is not SQLite, or is SQLite without the CreditDesk application id.
    #[error(
        "{} is not a CreditDesk book. Open a file that CreditDesk created, or create a new book.",
        path.display()
    )]
    NotABook { path: PathBuf },

    /// The book's schema is newer than this program knows; it is refused before anything is
    /// written to it.
    #[error(
        "This book was written by a newer version of CreditDesk (schema version {found}); this \
         version reads books up to schema version {known}. Install the newer CreditDesk to open \
         it."
    )]
    NewerBook { found: i64, known: i64 },

    /// A migration step failed; its transaction was rolled back, so the book is as it was.
    #[error(
        "The book could not be upgraded to schema version {version}: {source}. The book was left \
         unchanged; report this error together with the book's schema version."
    )]
    Migration {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },

    /// After an upgrade, rows that refer to rows that are not there (a hand-edited book); the
    /// upgrade was rolled back.
    #[error(
        "The book could not be upgraded: {count} of its rows refer to rows that are not in it. \
         The book was left unchanged; it may have been edited outside CreditDesk, so restore it \
         from a backup."
    )]
    BrokenReferences { count: i64 },

    #[error("No invoice numbered {0} is in the book; check the number.")]
    InvoiceNotFound(String),

    #[error("No customer with reference {0} is in the book; check the reference.")]
    CustomerNotFound(String),

    /// Records with such dates are refused as conflicts before they reach this point.
    #[error("The date {0} cannot be stored: a book holds dates from 0001-01-01 to 9999-12-31.")]
    DateOutOfRange(chrono::NaiveDate),

    /// A report was interrupted by a failure inside SQLite and left no result.
    #[error("The report could not be completed; run it again, and report this error if it stays.")]
    ReportInterrupted,

    /// A value in the book that this version cannot interpret (a damaged or hand-edited book).
    #[error(
        "The book holds a value that cannot be read: {0}. The book may have been edited outside \
         CreditDesk; restore it from a backup."
    )]
    Unreadable(String),

    #[error(transparent)]
    Money(#[from] MoneyError),

    #[error(transparent)]
    Allocation(#[from] AllocationError),

    #[error("The book could not be read or written: {0}.")]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
