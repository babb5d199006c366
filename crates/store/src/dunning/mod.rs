//! Collections as the book keeps them: how each customer is written to and charged interest,
//! the dunning policies and pauses, the user's letter templates, the runs with their
//! communications, and what executing a run leaves behind (the contact history, charges, phone
//! tasks, consequences and mail in the outbox).
//!
//! The rules are the core's (`creditdesk_core::dunning`): the book reads what a run needs in
//! one pass ([`Book::dunning_book`]), keeps the proposal the core made, and writes what the
//! application layer decided to send in one transaction ([`Book::record_execution`]), with its
//! entries in the audit trail.

mod execute;
mod input;
mod runs;
mod setup;
mod tasks;

pub use execute::{ConsequenceApplied, ExecutedCommunication, Execution, ExecutionWritten};
pub use input::{DunningBook, Recipient};
pub use runs::{
    CommunicationDocument, CommunicationRecord, CommunicationState, DunningRunRecord, RunState,
    RunSummary,
};
pub use setup::{CustomerAddress, CustomerInterest, PauseEntry, StoredTemplate};
pub use tasks::{InvoiceCharges, PhoneOutcome, PhoneTaskEntry};

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Result, StoreError};

/// An invoice by its number, leading zeros ignored: its id and the number as written.
pub(crate) fn invoice_id(conn: &Connection, number: &str) -> Result<(i64, String)> {
    conn.prepare_cached("SELECT id, number FROM invoice WHERE number_key = ltrim(?1, '0')")?
        .query_row([number.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::InvoiceNotFound(number.to_string()))
}

/// The JSON of a stored value, or [`StoreError::Unreadable`] naming `what`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|err| {
        StoreError::Unreadable(creditdesk_core::say!(
            en: "{what} ({err})",
            zh: "{what}（{err}）",
        ))
    })
}

/// A value as JSON text; the values stored this way are plain data and always serialise.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("plain data serialises")
}
