//! What can go wrong when a book is opened, written or read.
//!
//! A record that cannot be written because of what it says (a changed invoice, an unknown
//! customer) is not an error: it is a [`WriteOutcome::Conflict`](crate::WriteOutcome) that the
//! import reports with its line. Errors here stop the operation and roll back its transaction.

use std::fmt;
use std::path::PathBuf;

use creditdesk_core::allocate::AllocationError;
use creditdesk_core::{say, MoneyError};

/// Every variant's message is a sentence in the language of the thread that displays it (see
/// `creditdesk_core::text`); the quoted values (paths, versions, numbers) are the same in every
/// language, and so is the text of an underlying system or SQLite error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `Book::create` never overwrites a file.
    AlreadyExists {
        path: PathBuf,
    },

    NotFound {
        path: PathBuf,
    },

    CannotCreate {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The file is not SQLite, or is SQLite without the CreditDesk application id.
    NotABook {
        path: PathBuf,
    },

    /// The book's schema is newer than this program knows; it is refused before anything is
    /// written to it.
    NewerBook {
        found: i64,
        known: i64,
    },

    /// A migration step failed; its transaction was rolled back, so the book is as it was.
    Migration {
        version: i64,
        #[source]
        source: rusqlite::Error,
    },

    /// After an upgrade, rows that refer to rows that are not there (a hand-edited book); the
    /// upgrade was rolled back.
    BrokenReferences {
        count: i64,
    },

    InvoiceNotFound(String),

    CustomerNotFound(String),

    /// Records with such dates are refused as conflicts before they reach this point.
    DateOutOfRange(chrono::NaiveDate),

    /// A report was interrupted by a failure inside SQLite and left no result.
    ReportInterrupted,

    /// A value in the book that this version cannot interpret (a damaged or hand-edited book);
    /// the text names the value, in the language of the thread that found it.
    Unreadable(String),

    Money(#[from] MoneyError),

    Allocation(#[from] AllocationError),

    Sqlite(#[from] rusqlite::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            StoreError::AlreadyExists { path } => {
                let path = path.display();
                say!(
                    en: "{path} already exists; choose another file name for the new book, or \
                         open the existing book.",
                    zh: "{path} 已存在；请为新账簿另选一个文件名，或打开现有账簿。",
                )
            }
            StoreError::NotFound { path } => {
                let path = path.display();
                say!(
                    en: "{path} does not exist; check the path, or create a new book there.",
                    zh: "{path} 不存在；请检查路径，或在该位置新建账簿。",
                )
            }
            StoreError::CannotCreate { path, source } => {
                let path = path.display();
                say!(
                    en: "{path} could not be created: {source}. Check that the folder exists and \
                         that you may write to it.",
                    zh: "无法创建 {path}：{source}。请确认文件夹存在，并且您有权限写入。",
                )
            }
            StoreError::NotABook { path } => {
                let path = path.display();
                say!(
                    en: "{path} is not a CreditDesk book. Open a file that CreditDesk created, or \
                         create a new book.",
                    zh: "{path} 不是 CreditDesk 账簿。请打开由 CreditDesk 创建的文件，或新建账簿。",
                )
            }
            StoreError::NewerBook { found, known } => say!(
                en: "This book was written by a newer version of CreditDesk (schema version \
                     {found}); this version reads books up to schema version {known}. Install the \
                     newer CreditDesk to open it.",
                zh: "此账簿由较新版本的 CreditDesk 写入（数据结构版本 {found}）；当前版本只能读取\
                     数据结构版本 {known} 及以下的账簿。请安装较新版本的 CreditDesk 后再打开。",
            ),
            StoreError::Migration { version, source } => say!(
                en: "The book could not be upgraded to schema version {version}: {source}. The \
                     book was left unchanged; report this error together with the book's schema \
                     version.",
                zh: "账簿无法升级到数据结构版本 {version}：{source}。账簿未作任何更改；请报告此\
                     错误，并注明账簿的数据结构版本。",
            ),
            StoreError::BrokenReferences { count } => say!(
                en: "The book could not be upgraded: {count} of its rows refer to rows that are \
                     not in it. The book was left unchanged; it may have been edited outside \
                     CreditDesk, so restore it from a backup.",
                zh: "账簿无法升级：其中有 {count} 行引用了账簿中不存在的行。账簿未作任何更改；\
                     它可能在 CreditDesk 之外被修改过，请从备份中恢复。",
            ),
            StoreError::InvoiceNotFound(number) => say!(
                en: "No invoice numbered {number} is in the book; check the number.",
                zh: "账簿中没有编号为 {number} 的发票；请核对发票号。",
            ),
            StoreError::CustomerNotFound(reference) => say!(
                en: "No customer with reference {reference} is in the book; check the reference.",
                zh: "账簿中没有编号为 {reference} 的客户；请核对客户编号。",
            ),
            StoreError::DateOutOfRange(date) => say!(
                en: "The date {date} cannot be stored: a book holds dates from 0001-01-01 to \
                     9999-12-31.",
                zh: "无法保存日期 {date}：账簿只能保存 0001-01-01 至 9999-12-31 之间的日期。",
            ),
            StoreError::ReportInterrupted => say!(
                en: "The report could not be completed; run it again, and report this error if \
                     it stays.",
                zh: "报表未能完成；请重新运行，如果问题仍然存在，请报告此错误。",
            ),
            StoreError::Unreadable(what) => say!(
                en: "The book holds a value that cannot be read: {what}. The book may have been \
                     edited outside CreditDesk; restore it from a backup.",
                zh: "账簿中有一个无法读取的值：{what}。账簿可能在 CreditDesk 之外被修改过；请从\
                     备份中恢复。",
            ),
            StoreError::Money(err) => return fmt::Display::fmt(err, f),
            StoreError::Allocation(err) => return fmt::Display::fmt(err, f),
            StoreError::Sqlite(err) => say!(
                en: "The book could not be read or written: {err}.",
                zh: "无法读取或写入账簿：{err}。",
            ),
        };
        f.write_str(&sentence)
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
