//! Zoho Invoice (and Zoho Books) exports: invoices with one row per line item, and contacts.
//!
//! Consecutive invoice rows with the same `Invoice Number` are one invoice. `Total` is what was
//! invoiced and `Balance` what is still open, so `Total - Balance` has been paid; the export
//! keeps only the last payment's date, so the paid part becomes one payment on that date.
//! Customers are identified by `Customer ID` in both files, so invoices match their contacts.
//! A `WriteOff Amount` is part of `Total - Balance` too: it becomes a write-off on its
//! `WriteOff Date`, and only the remainder is paid.

use creditdesk_core::ledger::{CustomerRecord, LedgerRecord};
use creditdesk_core::say;

use super::{
    export_date_for, group_by, identity_by_cell, invoice_or_credit_note, paid_to_date,
    skipped_status, written_off_to_date, Built, Document, Identity, Mapping, TermsSource,
};
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

pub(crate) const INVOICE_COLUMNS: &[(&str, bool)] = &[
    ("Invoice Date", true),
    ("Invoice Number", true),
    ("Invoice Status", true),
    ("Customer Name", true),
    ("Customer ID", false),
    ("Due Date", false),
    ("Currency Code", false),
    ("Total", true),
    ("Balance", true),
    ("Payment Terms Label", false),
    ("Last Payment Date", false),
    ("WriteOff Date", false),
    ("WriteOff Amount", false),
];

const SHARED: &[&str] = &[
    "Invoice Date",
    "Invoice Status",
    "Customer Name",
    "Customer ID",
    "Due Date",
    "Currency Code",
    "Total",
    "Balance",
    "Last Payment Date",
    "WriteOff Date",
    "WriteOff Amount",
];

pub(crate) const CONTACT_COLUMNS: &[(&str, bool)] = &[
    ("Display Name", true),
    ("Customer ID", true),
    ("Customer Name", false),
    ("EmailID", false),
    ("Billing Country", false),
    ("Contact Type", false),
];

/// Statuses of invoices that are not owed.
const NOT_OWED: &[&str] = &["draft", "void"];

pub(crate) struct ZohoInvoice;

impl Mapping for ZohoInvoice {
    fn group_key(&self, row: &Row, header: &Header) -> Option<String> {
        group_by(row, header, "Invoice Number")
    }

    fn shared_fields(&self) -> &'static [&'static str] {
        SHARED
    }

    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(
            first,
            header,
            context,
            "Invoice Number",
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
        if status.as_deref().is_some_and(|s| NOT_OWED.contains(&s)) {
            let number = cells.raw("Invoice Number");
            return Built::Skipped(skipped_status(&cells, "Invoice Status", number));
        }

        let name = cells.required("Customer Name", required::CUSTOMER_NAME);
        let reference = cells.text("Customer ID").or(name);
        let number = cells.required("Invoice Number", required::INVOICE_NUMBER);
        let issue = cells.required_date("Invoice Date");
        let due = cells.date("Due Date");
        let currency = cells.currency("Currency Code");
        let total = currency.and_then(|c| cells.required_amount("Total", c));
        let balance = currency.and_then(|c| cells.required_amount("Balance", c));
        let last_paid = cells.date("Last Payment Date");
        let written_off = currency.and_then(|c| cells.amount("WriteOff Amount", c));
        let written_off_on = cells.date("WriteOff Date");
        let (Some(name), Some(reference), Some(number), Some(issue), Some(total), Some(balance)) =
            (name, reference, number, issue, total, balance)
        else {
            return Built::Failed(cells.problems);
        };
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }
        // Every amount is in the invoice's currency, so the subtractions cannot fail.
        let settled = total.checked_sub(balance).expect("one currency");
        if settled.is_negative() && !total.is_negative() {
            let total = total.amount();
            let message = say!(
                en: "is more than the invoice's Total {total}; an open balance cannot exceed what \
                     was invoiced, so correct the export.",
                zh: "大于发票的 Total {total}；未结余额不能超过开票金额，请更正导出文件。",
            );
            cells.problem("Balance", true, message);
            return Built::Failed(cells.problems);
        }
        let written_off = written_off.filter(|w| !w.is_zero());
        let paid = match written_off {
            Some(written_off) => settled.checked_sub(written_off).expect("one currency"),
            None => settled,
        };
        if written_off.is_some_and(|w| w.is_negative() || paid.is_negative()) {
            let settled = settled.amount();
            let message = say!(
                en: "is not part of what the invoice no longer owes (Total - Balance = {settled}); \
                     a write-off is above zero and at most that, so correct the export.",
                zh: "不在该发票已不再欠付的金额（Total - Balance = {settled}）之内；核销金额须大于\
                     零且不超过该金额，请更正导出文件。",
            );
            cells.problem("WriteOff Amount", true, message);
            return Built::Failed(cells.problems);
        }

        let text = cells.text("Payment Terms Label");
        let terms = TermsSource::due_or_text(due, "Due Date", Some("Payment Terms Label"), text);
        let document = Document {
            number,
            customer: reference,
            issue,
            issue_field: "Invoice Date",
            total,
            terms,
            disputed: false,
        };
        let mut warnings = Vec::new();
        let Some(invoice) = invoice_or_credit_note(&mut cells, document, &mut warnings) else {
            return Built::Failed(cells.problems);
        };
        let mut records = vec![invoice];
        let is_invoice = matches!(records[0], LedgerRecord::Invoice(_));
        if is_invoice && !paid.is_zero() {
            let date = match last_paid {
                Some(date) => date,
                None => match export_date_for(&mut cells, "Last Payment Date", paid) {
                    Some(date) => date,
                    None => return Built::Failed(cells.problems),
                },
            };
            records.push(paid_to_date(number, reference, date, paid));
        }
        if let Some(written_off) = written_off.filter(|_| is_invoice) {
            let Some(date) = written_off_on.or(context.options.export_date) else {
                let message = say!(
                    en: "the cell is empty, but {written_off} of the invoice is written off; give \
                         the export date in the import options so that the write-off can be \
                         dated, and import again.",
                    zh: "单元格为空，但该发票已核销 {written_off}；请在导入选项中填写导出日期，以便\
                         为这笔核销确定日期，然后重新导入。",
                );
                cells.problem("WriteOff Date", false, message);
                return Built::Failed(cells.problems);
            };
            records.push(written_off_to_date(number, reference, date, written_off));
        }

        Built::Records {
            customer: Some(super::customer(reference, name)),
            records,
            warnings,
        }
    }
}

pub(crate) struct ZohoContacts;

impl Mapping for ZohoContacts {
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(
            first,
            header,
            context,
            "Customer ID",
            "customer",
            document::CUSTOMER,
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
        if let Some(kind) = cells.text("Contact Type") {
            if !kind.eq_ignore_ascii_case("customer") {
                let message = say!(
                    en: "is not a customer, so the contact was skipped.",
                    zh: "不是客户，已跳过该联系人。",
                );
                return Built::Skipped(cells.note("Contact Type", true, message));
            }
        }
        let id = cells.required("Customer ID", required::CUSTOMER_ID);
        let name = cells.text("Customer Name").or(cells.text("Display Name"));
        if name.is_none() {
            cells.required("Display Name", required::NAME);
        }
        let (Some(id), Some(name)) = (id, name) else {
            return Built::Failed(cells.problems);
        };
        let customer = CustomerRecord {
            reference: id.to_string(),
            name: name.to_string(),
            country: cells.text("Billing Country").map(str::to_string),
            email: cells.text("EmailID").map(str::to_string),
            preferred_channel: None,
        };
        Built::Records {
            customer: None,
            records: vec![LedgerRecord::Customer(customer)],
            warnings: vec![],
        }
    }
}
