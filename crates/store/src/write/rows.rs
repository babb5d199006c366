//! The rows the writer inserts into the tables that grow with every import (invoices,
//! settlements, allocations), each with its columns in the order they are bound: one statement
//! at a time, or many rows to a statement (see `held.rs`).

use creditdesk_core::ledger::{InvoiceRecord, SettlementRecord};
use rusqlite::ToSql;

use super::held::HeldRow;
use super::insert::Values;
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

    fn bind<'r>(&'r self, values: &mut Values<'r>) {
        values.text(&self.number);
        values.int(self.customer_id);
        values.text(self.currency);
        values.text(self.issue_date.as_str());
        values.int(self.total_minor);
        values.text(&self.terms);
        values.maybe_text(self.discount_percent.as_deref());
        values.maybe_text(self.discount_until.as_ref().map(DateText::as_str));
        values.maybe_int(self.discount_minor);
        values.int(i64::from(self.disputed));
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

    fn bind<'r>(&'r self, values: &mut Values<'r>) {
        values.int(self.settlement_id);
        values.int(self.customer_id);
        values.text(self.currency);
        values.int(self.invoice_id);
        values.int(i64::from(self.seq));
        values.int(self.amount_minor);
        values.text(self.applied_on.as_str());
    }
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

    fn bind<'r>(&'r self, values: &mut Values<'r>) {
        values.text(self.kind);
        values.text(&self.reference);
        values.int(self.customer_id);
        values.text(self.date.as_str());
        values.text(self.currency);
        values.int(self.amount_minor);
        values.maybe_text(self.invoice_number.as_deref());
        values.maybe_int(self.invoice_id);
        values.maybe_text(self.paid_currency);
        values.maybe_int(self.paid_minor);
        values.maybe_text(self.paid_rate.as_deref());
        values.int(self.applied.minor);
        values.int(self.applied.first_day);
        values.int(self.applied.last_day);
    }
}
