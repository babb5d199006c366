//! Xero's Sales > Invoices export: one row per line item, the invoice's figures repeated on each.
//!
//! Consecutive rows with the same `InvoiceNumber` are one invoice; its total is `Total` (tax
//! included), so the line columns are not added up. `Type` tells invoices from credit notes.
//! The export has paid amounts but no payment dates, so a paid amount becomes a payment dated
//! on the export date the user gives.

use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::say;

use super::{
    export_date, identity_by_cell, invoice_or_credit_note, paid_to_date, settlement,
    skipped_status, Built, Customer, Document, Identity, Mapping, TermsSource,
};
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

pub(crate) const COLUMNS: &[(&str, bool)] = &[
    ("ContactName", true),
    ("EmailAddress", false),
    ("POCountry", false),
    ("InvoiceNumber", true),
    ("InvoiceDate", true),
    ("DueDate", false),
    ("Total", true),
    ("InvoiceAmountPaid", false),
    ("Currency", false),
    ("Type", false),
    ("Status", false),
];

const SHARED: &[&str] = &[
    "ContactName",
    "InvoiceDate",
    "DueDate",
    "Total",
    "InvoiceAmountPaid",
    "Currency",
    "Type",
    "Status",
];

/// Statuses of documents that are not owed.
const NOT_OWED: &[&str] = &["draft", "voided", "deleted"];

pub(crate) struct Xero;

impl Mapping for Xero {
    fn group_key(&self, row: &Row, header: &Header) -> Option<String> {
        super::group_by(row, header, "InvoiceNumber")
    }

    fn shared_fields(&self) -> &'static [&'static str] {
        SHARED
    }

    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(
            first,
            header,
            context,
            "InvoiceNumber",
            "invoice",
            document::INVOICE,
        )
    }

    fn build<'r>(
        &self,
        rows: &'r [Row],
        header: &'r Header,
        context: &'r Context,
        _occurrence: u32,
    ) -> Built<'r> {
        let mut cells = Cells::new(&rows[0], header, context);
        let credit_note = match cells.text("Type").map(str::to_ascii_lowercase).as_deref() {
            None | Some("sales invoice" | "accrec") => Some(false),
            Some("sales credit note" | "accreccredit") => Some(true),
            Some("sales overpayment" | "sales prepayment") => {
                let message = say!(
                    en: "is a payment event, not a document; overpayments and prepayments are \
                         not read from this export, so record them as payments.",
                    zh: "是收款事项，不是单据；此导出文件中的超额收款和预收款不予读取，请将其\
                         登记为收款。",
                );
                return Built::Skipped(cells.note("Type", true, message));
            }
            Some(_) => {
                let message = say!(
                    en: "is not a document type this profile reads; it reads Sales invoice and \
                         Sales credit note.",
                    zh: "不是本格式配置读取的单据类型；本配置只读取 Sales invoice 和 Sales credit \
                         note。",
                );
                cells.problem("Type", true, message);
                None
            }
        };
        let status = cells.text("Status").map(str::to_ascii_lowercase);
        if status.as_deref().is_some_and(|s| NOT_OWED.contains(&s)) {
            return Built::Skipped(skipped_status(&cells, "Status", cells.raw("InvoiceNumber")));
        }

        let contact = cells.required("ContactName", required::CONTACT_NAME);
        let number = cells.required("InvoiceNumber", required::INVOICE_NUMBER);
        let issue = cells.required_date("InvoiceDate");
        let due = cells.date("DueDate");
        let currency = cells.currency("Currency");
        let total = currency.and_then(|c| cells.required_amount("Total", c));
        let paid = currency.and_then(|c| cells.amount("InvoiceAmountPaid", c));
        let (Some(credit_note), Some(contact), Some(number), Some(issue), Some(total)) =
            (credit_note, contact, number, issue, total)
        else {
            return Built::Failed(cells.problems);
        };
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }

        let mut warnings = Vec::new();
        let mut records = Vec::new();
        if credit_note {
            // Xero writes credit note totals without a sign; what was allocated or refunded of
            // a credit note is not a payment, so InvoiceAmountPaid is not read for it.
            let amount = if total.is_negative() {
                total.negate()
            } else {
                total
            };
            let kind = SettlementKind::CreditNote;
            records.push(settlement(kind, number, contact, issue, amount, None));
        } else {
            let terms = TermsSource::due_or_text(due, "DueDate", None, None);
            let document = Document {
                number,
                customer: contact,
                issue,
                issue_field: "InvoiceDate",
                total,
                terms,
                disputed: false,
            };
            match invoice_or_credit_note(&mut cells, document, &mut warnings) {
                Some(invoice) => records.push(invoice),
                None => return Built::Failed(cells.problems),
            }
            if let Some(paid) = paid.filter(|p| !p.is_zero() && !p.is_negative()) {
                let Some(date) = export_date(&mut cells, "InvoiceAmountPaid") else {
                    return Built::Failed(cells.problems);
                };
                records.push(paid_to_date(number, contact, date, paid));
            }
        }

        let customer = Customer {
            reference: contact,
            name: contact,
            country: cells.text("POCountry"),
            email: cells.text("EmailAddress"),
            preferred_channel: None,
        };
        Built::Records {
            customer: Some(customer),
            records,
            warnings,
        }
    }
}
