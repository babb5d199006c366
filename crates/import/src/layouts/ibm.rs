//! The IBM late-payment sample: one row per invoice with its customer and settlement.
//!
//! Each row is a customer (id, country, paper or electronic billing), an invoice with an explicit
//! due date, and, when `SettledDate` is filled, the payment that settled it in full. The
//! `DaysToSettle` and `DaysLate` columns are derived from the dates and are not read: the book
//! computes them itself.

use creditdesk_core::ledger::{Channel, SettlementKind};
use creditdesk_core::say;

use super::{
    identity_by_cell, invoice_or_credit_note, settlement, Built, Customer, Document, Identity,
    Mapping, TermsSource,
};
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

pub(crate) const COLUMNS: &[(&str, bool)] = &[
    ("countryCode", false),
    ("customerID", true),
    ("invoiceNumber", true),
    ("InvoiceDate", true),
    ("DueDate", true),
    ("InvoiceAmount", true),
    ("Disputed", false),
    ("SettledDate", false),
    ("PaperlessBill", false),
];

pub(crate) struct IbmLatePayment;

impl Mapping for IbmLatePayment {
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(
            first,
            header,
            context,
            "invoiceNumber",
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
        let currency = context.options.default_currency;
        let customer = cells.required("customerID", required::CUSTOMER_ID);
        let number = cells.required("invoiceNumber", required::INVOICE_NUMBER);
        let issue = cells.required_date("InvoiceDate");
        let due = cells.required_date("DueDate");
        let total = cells.required_amount("InvoiceAmount", currency);
        let disputed = cells.flag("Disputed");
        let settled = cells.date("SettledDate");
        let channel = match cells
            .text("PaperlessBill")
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => None,
            Some("electronic") => Some(Channel::Email),
            Some("paper") => Some(Channel::Paper),
            Some(_) => {
                let message = say!(
                    en: "is not a billing channel; this export writes Electronic or Paper.",
                    zh: "不是账单寄送方式；此导出文件中该列的值只能是 Electronic 或 Paper。",
                );
                cells.problem("PaperlessBill", true, message);
                None
            }
        };
        let (Some(customer), Some(number), Some(issue), Some(due), Some(total), Some(disputed)) =
            (customer, number, issue, due, total, disputed)
        else {
            return Built::Failed(cells.problems);
        };
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }

        let mut warnings = Vec::new();
        let terms = TermsSource::Due {
            due,
            field: "DueDate",
            text: None,
        };
        let document = Document {
            number,
            customer,
            issue,
            issue_field: "InvoiceDate",
            total,
            terms,
            disputed,
        };
        let Some(invoice) = invoice_or_credit_note(&mut cells, document, &mut warnings) else {
            return Built::Failed(cells.problems);
        };
        let mut records = vec![invoice];
        if let Some(settled) = settled.filter(|_| !total.is_negative() && !total.is_zero()) {
            let reference = format!("{number}-settled");
            let payment = settlement(
                SettlementKind::Payment,
                &reference,
                customer,
                settled,
                total,
                Some(number),
            );
            records.push(payment);
        }

        let customer = Customer {
            reference: customer,
            name: customer,
            country: cells.text("countryCode"),
            email: None,
            preferred_channel: channel,
        };
        Built::Records {
            customer: Some(customer),
            records,
            warnings,
        }
    }
}
