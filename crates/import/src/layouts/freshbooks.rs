//! FreshBooks exports: invoices with one row per line item, and clients.
//!
//! Consecutive invoice rows with the same `Invoice #` are one invoice whose total is the sum of
//! their `Line Total` cells (taxes included). The export has no due date, so the import's default
//! terms give the schedule. A paid invoice carries `Date Paid`, which becomes a payment of the
//! whole total; how much of a partly paid invoice was paid is not in the export.

use creditdesk_core::ledger::{CustomerRecord, LedgerRecord};
use creditdesk_core::say;
use rust_decimal::Decimal;

use super::{
    customer, export_date_for, group_by, identity_by_cell, invoice_or_credit_note, paid_to_date,
    skipped_status, Built, Document, Identity, Mapping, Repeats, TermsSource,
};
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

pub(crate) const INVOICE_COLUMNS: &[(&str, bool)] = &[
    ("Client Name", true),
    ("Invoice #", true),
    ("Date Issued", true),
    ("Invoice Status", true),
    ("Date Paid", false),
    ("Line Total", true),
    ("Currency", false),
];

const SHARED: &[&str] = &[
    "Client Name",
    "Date Issued",
    "Invoice Status",
    "Date Paid",
    "Currency",
];

pub(crate) const CLIENT_COLUMNS: &[(&str, bool)] = &[
    ("Organization", true),
    ("First Name", true),
    ("Last Name", true),
    ("Email", false),
    ("Country", false),
];

pub(crate) struct Freshbooks;

impl Mapping for Freshbooks {
    fn group_key(&self, row: &Row, header: &Header) -> Option<String> {
        group_by(row, header, "Invoice #")
    }

    fn shared_fields(&self) -> &'static [&'static str] {
        SHARED
    }

    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(
            first,
            header,
            context,
            "Invoice #",
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
        let status = cells.text("Invoice Status").map(str::to_ascii_lowercase);
        if status.as_deref() == Some("draft") {
            let number = cells.raw("Invoice #");
            return Built::Skipped(skipped_status(&cells, "Invoice Status", number));
        }

        let currency = cells.currency("Currency");
        let mut sum = Some(Decimal::ZERO);
        for row in rows {
            let mut line = Cells::new(row, header, context);
            let amount = currency.and_then(|c| line.required_amount("Line Total", c));
            sum = sum.zip(amount).map(|(sum, amount)| sum + amount.amount());
            cells.problems.append(&mut line.problems);
        }
        let name = cells.required("Client Name", required::CLIENT_NAME);
        let number = cells.required("Invoice #", required::INVOICE_NUMBER);
        let issue = cells.required_date("Date Issued");
        let date_paid = cells.date("Date Paid");
        let total = currency
            .zip(sum)
            .and_then(|(c, sum)| cells.exact("Line Total", sum, c));
        let (Some(name), Some(number), Some(issue), Some(total)) = (name, number, issue, total)
        else {
            return Built::Failed(cells.problems);
        };
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }

        let document = Document {
            number,
            customer: name,
            issue,
            issue_field: "Date Issued",
            total,
            terms: TermsSource::Text {
                field: None,
                text: None,
            },
            disputed: false,
        };
        let mut warnings = Vec::new();
        let Some(invoice) = invoice_or_credit_note(&mut cells, document, &mut warnings) else {
            return Built::Failed(cells.problems);
        };
        let is_invoice = matches!(invoice, LedgerRecord::Invoice(_));
        let mut records = vec![invoice];
        match status.as_deref() {
            Some("paid") if is_invoice && !total.is_zero() => {
                let date = match date_paid {
                    Some(date) => date,
                    None => match export_date_for(&mut cells, "Date Paid", total) {
                        Some(date) => date,
                        None => return Built::Failed(cells.problems),
                    },
                };
                records.push(paid_to_date(number, name, date, total));
            }
            Some("partial") => {
                let message = say!(
                    en: "means that part of invoice {number} was paid, but the export does not \
                         say how much; the invoice was imported as unpaid, so import its payments \
                         separately.",
                    zh: "表示发票 {number} 已部分付款，但导出文件没有给出付款金额；该发票已按未付款\
                         导入，请另行导入其付款记录。",
                );
                warnings.push(cells.note("Invoice Status", true, message));
            }
            _ => {}
        }
        Built::Records {
            customer: Some(customer(name, name)),
            records,
            warnings,
        }
    }
}

pub(crate) struct FreshbooksClients;

impl FreshbooksClients {
    /// The name FreshBooks shows for a client, which its invoice export repeats as `Client
    /// Name`: the organization, or the person's name when there is none.
    fn client_name(cells: &Cells) -> Option<String> {
        if let Some(organization) = cells.text("Organization") {
            return Some(organization.to_string());
        }
        let person: Vec<&str> = ["First Name", "Last Name"]
            .iter()
            .filter_map(|f| cells.text(f))
            .collect();
        (!person.is_empty()).then(|| person.join(" "))
    }
}

impl Mapping for FreshbooksClients {
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        let name = Self::client_name(&Cells::new(first, header, context))?;
        Some(Identity {
            key: format!("customer\u{1f}{name}"),
            field: "Organization",
            noun: document::CLIENT,
            repeats: Repeats::Conflict,
        })
    }

    fn build<'r>(
        &self,
        rows: &'r [Row],
        header: &'r Header,
        context: &'r Context,
        _occurrence: u32,
    ) -> Built<'r> {
        let mut cells = Cells::new(&rows[0], header, context);
        let Some(name) = Self::client_name(&cells) else {
            cells.required("Organization", required::ORGANIZATION_OR_PERSON);
            return Built::Failed(cells.problems);
        };
        let customer = CustomerRecord {
            reference: name.clone(),
            name,
            country: cells.text("Country").map(str::to_string),
            email: cells.text("Email").map(str::to_string),
            preferred_channel: None,
        };
        Built::Records {
            customer: None,
            records: vec![LedgerRecord::Customer(customer)],
            warnings: vec![],
        }
    }
}
