//! What happens between overdue and paid, as the book keeps it: disputes, promises to pay, the
//! reasons of write-offs, claims on trade-credit insurance and payment plans, and what a cash
//! forecast reads.
//!
//! The rules are the core's (`creditdesk_core::{disputes, promises, claims}`): every write here
//! reads what the rule needs, lets the rule decide, and writes what it decided in the same
//! transaction, with its entry in the audit trail. A refusal by a rule comes back as the inner
//! error of a `Result<Result<_, _>>`, with nothing written.

mod claims;
mod disputes;
mod forecast;
mod promises;
mod write_offs;

pub use claims::{ClaimEntry, ClaimRefusal};
pub use disputes::{DisputeEntry, DisputeRefusal};
pub use forecast::ForecastBook;
pub use promises::PromiseEntry;
pub use write_offs::WriteOffEntry;

use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

use creditdesk_core::say;

use crate::error::{Result, StoreError};

fn customer_id(conn: &Connection, reference: &str) -> Result<i64> {
    conn.prepare_cached("SELECT id FROM customer WHERE reference = ?1")?
        .query_row([reference], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::CustomerNotFound(reference.to_string()))
}

/// An invoice by its number (leading zeros ignored, as everywhere): id, number as written and
/// currency.
struct InvoiceRow {
    id: i64,
    number: String,
    currency: String,
}

fn invoice_row(conn: &Connection, number: &str) -> Result<InvoiceRow> {
    conn.prepare_cached(
        "SELECT id, number, currency FROM invoice WHERE number_key = ltrim(?1, '0')",
    )?
    .query_row([number.trim()], |r| {
        Ok(InvoiceRow {
            id: r.get(0)?,
            number: r.get(1)?,
            currency: r.get(2)?,
        })
    })
    .optional()?
    .ok_or_else(|| StoreError::InvoiceNotFound(number.to_string()))
}

/// The invoice numbers of one row's list, in number order.
fn invoice_numbers(conn: &Connection, sql: &str, id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let numbers = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(numbers)
}

/// The snake_case name serde gives a unit variant: the text the schema's CHECKs accept.
fn label<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn unlabel<T: DeserializeOwned>(what: &str, name: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
        StoreError::Unreadable(say!(
            en: "{what} \"{name}\"",
            zh: "{what}“{name}”",
        ))
    })
}
