//! Errors that reach a person: a stable code the shells branch on, and a full sentence.
//!
//! The sentence is written in the language of the thread that made the error (see
//! `creditdesk_core::text`); the code is the same in every language.

use std::fmt;

use creditdesk_core::say;
use serde::Serialize;

/// The closed set of error kinds a shell may branch on. The message is for people; the code is
/// for programs, and never changes meaning once released.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The book file does not exist.
    BookNotFound,
    /// A new book was asked for at a path that is already taken.
    BookExists,
    /// The file is not a CreditDesk book.
    NotABook,
    /// The book was written by a newer version of CreditDesk.
    NewerBook,
    /// An argument or a field is not acceptable; the message names it.
    InvalidInput,
    /// An import found bad rows and wrote nothing.
    ImportRejected,
    /// A record conflicts with what the book holds.
    Conflict,
    /// Something that should exist is not in the book.
    NotFound,
    /// Reading or writing a file failed.
    Io,
    /// The database failed in a way the user cannot fix by changing the input.
    Storage,
    /// A command that works on a book was given while no book is open.
    NoBook,
    /// A message could not be sent; the message names the server and what went wrong.
    Mail,
    /// The operating system's keychain could not keep or give back a password (none is
    /// running, it is locked, or it refused); the message says what to do.
    Keychain,
}

impl ErrorCode {
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorCode::BookNotFound => "book_not_found",
            ErrorCode::BookExists => "book_exists",
            ErrorCode::NotABook => "not_a_book",
            ErrorCode::NewerBook => "newer_book",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::ImportRejected => "import_rejected",
            ErrorCode::Conflict => "conflict",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Io => "io",
            ErrorCode::Storage => "storage",
            ErrorCode::NoBook => "no_book",
            ErrorCode::Mail => "mail",
            ErrorCode::Keychain => "keychain",
        }
    }
}

/// An error of a use case: what went wrong and what to do next, in one or two sentences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> AppError {
        AppError::new(ErrorCode::InvalidInput, message)
    }

    /// What a shell answers to a command that needs a book while none is open.
    pub fn no_book() -> AppError {
        AppError::new(
            ErrorCode::NoBook,
            say!(
                en: "No book is open; open a book or create a new one, then try again.",
                zh: "没有打开的账簿；请打开或新建一个账簿后重试。",
            ),
        )
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

pub type AppResult<T> = Result<T, AppError>;
