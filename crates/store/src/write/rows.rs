//! The rows the writer inserts into the tables that grow with every import (invoices,
//! settlements, allocations), each with its columns in the order they are bound: one statement
//! at a time, or many rows to a statement (see `held.rs`).

use creditdesk_core::ledger::{InvoiceRecord, SettlementRecord};
use rusqlite::{Statement, ToSql};

use super::held::HeldRow;
use super::settle::Applied;
use crate::codec::DateText;
use crate::error::Result;

/// An invoice row as the writer inserts it.
pub(crate) struct InvoiceRow {
    /// Read by the writer for the invoice's key.
    pub number: String,
    customer_id: i64,
    /// The currency's code.
    currency: &'static str,
    issue_date: DateText,
    total_minor: i64,
    terms: String,
    discount_percent: Option<String>,
    discount_until: Option<DateText>,
    discount_minor: Option<i64>,
    disputed: bool,
}

impl InvoiceRow {
    pub(crate) fn new(record: &InvoiceRecord, customer_id: i64) -> Result<InvoiceRow> {
        let offer = record.terms.discount.as_ref();
        Ok(InvoiceRow {
            number: record.number.clone(),
            customer_id,
            currency: record.total.currency().code(),
            issue_date: DateText::new(record.issue_date)?,
            total_minor: record.total.to_minor()?,
            terms: record.terms.text.clone(),
            discount_percent: offer.map(|o| o.percent.to_string()),
            discount_until: offer.map(|o| DateText::new(o.until)).transpose()?,
            discount_minor: offer.map(|o| o.amount.to_minor()).transpose()?,
            disputed: record.disputed,
        })
    }

    pub(crate) fn values(&self) -> [&dyn ToSql; 10] {
        [
            &self.number,
            &self.customer_id,
            &self.currency,
            &self.issue_date,
            &self.total_minor,
            &self.terms,
            &self.discount_percent,
            &self.discount_until,
            &self.discount_minor,
            &self.disputed,
        ]
    }
}

impl HeldRow for InvoiceRow {
    const TABLE: &'static str = "invoice";
    const COLUMNS: &'static [&'static str] = &[
        "number",
        "customer_id",
        "currency",
        "issue_date",
        "total_minor",
        "terms",
        "discount_percent",
        "discount_until",
        "discount_minor",
        "disputed",
    ];

    fn bind(&self, statement: &mut Statement<'_>, first: usize) -> Result<()> {
        bind_all(statement, first, &self.values())
    }
}

/// An allocation row as the writer inserts it.
pub(crate) struct AllocationRow {
    pub settlement_id: i64,
    pub customer_id: i64,
    /// The currency's code.
    pub currency: &'static str,
    pub invoice_id: i64,
    pub seq: u32,
    pub amount_minor: i64,
    pub applied_on: DateText,
}

impl AllocationRow {
    pub(crate) fn values(&self) -> [&dyn ToSql; 7] {
        [
            &self.settlement_id,
            &self.customer_id,
            &self.currency,
            &self.invoice_id,
            &self.seq,
            &self.amount_minor,
            &self.applied_on,
        ]
    }
}

impl HeldRow for AllocationRow {
    const TABLE: &'static str = "allocation";
    const COLUMNS: &'static [&'static str] = &[
        "settlement_id",
        "customer_id",
        "currency",
        "invoice_id",
        "seq",
        "amount_minor",
        "applied_on",
    ];

    fn bind(&self, statement: &mut Statement<'_>, first: usize) -> Result<()> {
        bind_all(statement, first, &self.values())
    }
}

/// Binds `values` to the parameters from `first` on.
fn bind_all(statement: &mut Statement<'_>, first: usize, values: &[&dyn ToSql]) -> Result<()> {
    for (offset, value) in values.iter().enumerate() {
        statement.raw_bind_parameter(first + offset, value)?;
    }
    Ok(())
}

/// A settlement row as the writer inserts it.
pub(crate) struct SettlementRow {
    /// The kind's name in the book.
    kind: &'static str,
    reference: String,
    customer_id: i64,
    date: DateText,
    /// The currency's code.
    currency: &'static str,
    amount_minor: i64,
    invoice_number: Option<String>,
    invoice_id: Option<i64>,
    paid_currency: Option<&'static str>,
    paid_minor: Option<i64>,
    paid_rate: Option<String>,
    applied: Applied,
}

impl SettlementRow {
    pub(crate) fn new(
        record: &SettlementRecord,
        customer_id: i64,
        invoice_id: Option<i64>,
        applied: Applied,
    ) -> Result<SettlementRow> {
        let paid = record.paid_in.as_ref();
        Ok(SettlementRow {
            kind: record.kind.as_str(),
            reference: record.reference.clone(),
            customer_id,
            date: DateText::new(record.date)?,
            currency: record.amount.currency().code(),
            amount_minor: record.amount.to_minor()?,
            invoice_number: record.invoice_number.clone(),
            invoice_id,
            paid_currency: paid.map(|p| p.paid.currency().code()),
            paid_minor: paid.map(|p| p.paid.to_minor()).transpose()?,
            paid_rate: paid.map(|p| p.rate.to_string()),
            applied,
        })
    }

    pub(crate) fn values(&self) -> [&dyn ToSql; 14] {
        [
            &self.kind,
            &self.reference,
            &self.customer_id,
            &self.date,
            &self.currency,
            &self.amount_minor,
            &self.invoice_number,
            &self.invoice_id,
            &self.paid_currency,
            &self.paid_minor,
            &self.paid_rate,
            &self.applied.minor,
            &self.applied.first_day,
            &self.applied.last_day,
        ]
    }
}

impl HeldRow for SettlementRow {
    const TABLE: &'static str = "settlement";
    const COLUMNS: &'static [&'static str] = &[
        "kind",
        "reference",
        "customer_id",
        "date",
        "currency",
        "amount_minor",
        "invoice_number",
        "invoice_id",
        "paid_currency",
        "paid_minor",
        "paid_rate",
        "allocated_minor",
        "first_applied_day",
        "last_applied_day",
    ];

    fn bind(&self, statement: &mut Statement<'_>, first: usize) -> Result<()> {
        bind_all(statement, first, &self.values())
    }
}
