//! What happens between overdue and paid, as the book keeps it: disputes, promises to pay, the
//! reasons of write-offs, claims on trade-credit insurance and payment plans, and what a cash
//! forecast reads.
//!
//! The rules are the core's (`creditdesk_core::{disputes, promises, claims, plans}`): every write here
//! reads what the rule needs, lets the rule decide, and writes what it decided in the same
//! transaction, with its entry in the audit trail. A refusal by a rule comes back as the inner
//! error of a `Result<Result<_, _>>`, with nothing written.

mod claims;
mod disputes;
mod forecast;
mod plans;
mod promises;
mod write_offs;

pub use claims::{ClaimEntry, ClaimRefusal};
pub use disputes::{DisputeEntry, DisputeRefusal};
pub use forecast::ForecastBook;
pub use plans::{OpenInstalmentOn, PlanBreak, PlanEntry, PlanRefusal};
pub use promises::PromiseEntry;
pub use write_offs::WriteOffEntry;

use rusqlite::{Connection, OptionalExtension};

use crate::codec::{customer_id, label, unlabel};
use crate::error::{Result, StoreError};

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
