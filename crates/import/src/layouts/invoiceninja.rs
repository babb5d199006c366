//! Invoice Ninja v4 exports: invoices, payments and clients, each after a three-line preamble.
//!
//! Invoice rows repeat the invoice's figures on every line item; consecutive rows with the same
//! `Invoice Number` are one invoice whose total is `Amount`. The invoices' `Paid` column is not
//! turned into payments: the payments export lists every payment with its own date (refunds
//! included), and reading both would count the money twice. Clients are known by name in all
//! three files, so the name is the customer reference.

use creditdesk_core::ledger::{CustomerRecord, LedgerRecord, SettlementKind};
use creditdesk_core::say;

use super::{
    customer, group_by, identity_by_cell, invoice_or_credit_note, settlement, skipped_status,
    Built, Customer, Document, Identity, Mapping, Repeats, TermsSource,
};
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

pub(crate) const INVOICE_COLUMNS: &[(&str, bool)] = &[
    ("Client", true),
    ("Email", false),
    ("Invoice Number", true),
    ("Amount", true),
    ("Status", false),
    ("Invoice Date", true),
    ("Due Date", false),
    ("Partial/Deposit", false),
];

const SHARED: &[&str] = &[
    "Client",
    "Email",
    "Amount",
    "Status",
    "Invoice Date",
    "Due Date",
    "Partial/Deposit",
];

pub(crate) const PAYMENT_COLUMNS: &[(&str, bool)] = &[
    ("Client", true),
    ("Invoice Number", true),
    ("Amount", true),
    ("Date", true),
];

pub(crate) const CLIENT_COLUMNS: &[(&str, bool)] = &[
    ("Name", true),
    ("Balance", true),
    ("Paid to Date", true),
    ("Email", false),
    ("Billing Country", false),
];

pub(crate) struct Invoices;

impl Mapping for Invoices {
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
        if cells
            .text("Status")
            .is_some_and(|s| s.eq_ignore_ascii_case("draft"))
        {
            let number = cells.raw("Invoice Number");
            return Built::Skipped(skipped_status(&cells, "Status", number));
        }

        let currency = context.options.default_currency;
        let client = cells.required("Client", required::CLIENT);
        let number = cells.required("Invoice Number", required::INVOICE_NUMBER);
        let issue = cells.required_date("Invoice Date");
        let due = cells.date("Due Date");
        let total = cells.required_amount("Amount", currency);
        let deposit = cells.amount("Partial/Deposit", currency);
        let (Some(client), Some(number), Some(issue), Some(total)) = (client, number, issue, total)
        else {
            return Built::Failed(cells.problems);
        };
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }

        let mut warnings = Vec::new();
        if deposit.is_some_and(|d| !d.is_zero()) {
            // TODO(#2): a deposit with its own due date as a first instalment.
            let message = say!(
                en: "is a deposit; the invoice was imported with its whole total due on the due \
                     date, because deposits are not read from this export yet.",
                zh: "是定金；由于暂不读取此导出文件中的定金，发票已按全部金额于到期日到期导入。",
            );
            warnings.push(cells.note("Partial/Deposit", true, message));
        }
        let terms = TermsSource::due_or_text(due, "Due Date", None, None);
        let document = Document {
            number,
            customer: client,
            issue,
            issue_field: "Invoice Date",
            total,
            terms,
            disputed: false,
        };
        let Some(invoice) = invoice_or_credit_note(&mut cells, document, &mut warnings) else {
            return Built::Failed(cells.problems);
        };
        let customer = Customer {
            email: cells.text("Email"),
            ..customer(client, client)
        };
        Built::Records {
            customer: Some(customer),
            records: vec![invoice],
            warnings,
        }
    }
}

/// Payments carry no reference of their own, so the reference is made from what identifies one:
/// `<invoice>-<date>-<n>`, the n-th payment of that invoice on that day in the file. The same
/// export imported again gives the same references, so the book can recognise it.
pub(crate) struct Payments;

impl Mapping for Payments {
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        let cells = Cells::new(first, header, context);
        let invoice = cells.text("Invoice Number")?;
        let date = cells.text("Date")?;
        let date = context
            .dates
            .parse(date)
            .map_or_else(|_| date.to_string(), |d| d.to_string());
        Some(Identity {
            key: format!("payment\u{1f}{invoice}\u{1f}{date}"),
            field: "Invoice Number",
            noun: document::PAYMENT,
            repeats: Repeats::Counted,
        })
    }

    fn build<'r>(
        &self,
        rows: &'r [Row],
        header: &'r Header,
        context: &'r Context,
        occurrence: u32,
    ) -> Built<'r> {
        let mut cells = Cells::new(&rows[0], header, context);
        let client = cells.required("Client", required::CLIENT);
        let invoice = cells.required("Invoice Number", required::INVOICE_NUMBER);
        let date = cells.required_date("Date");
        // A negative amount, written `($400.00)`, is a refund: money paid back to the client.
        let amount = cells.required_amount("Amount", context.options.default_currency);
        let (Some(client), Some(invoice), Some(date), Some(amount)) =
            (client, invoice, date, amount)
        else {
            return Built::Failed(cells.problems);
        };
        let reference = format!("{invoice}-{date}-{occurrence}");
        let payment = settlement(
            SettlementKind::Payment,
            &reference,
            client,
            date,
            amount,
            Some(invoice),
        );
        Built::Records {
            customer: Some(customer(client, client)),
            records: vec![payment],
            warnings: vec![],
        }
    }
}

pub(crate) struct Clients;

impl Mapping for Clients {
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        identity_by_cell(first, header, context, "Name", "customer", document::CLIENT)
    }

    fn build<'r>(
        &self,
        rows: &'r [Row],
        header: &'r Header,
        context: &'r Context,
        _occurrence: u32,
    ) -> Built<'r> {
        let mut cells = Cells::new(&rows[0], header, context);
        let Some(name) = cells.required("Name", required::CLIENT_NAME) else {
            return Built::Failed(cells.problems);
        };
        let customer = CustomerRecord {
            reference: name.to_string(),
            name: name.to_string(),
            country: cells.text("Billing Country").map(str::to_string),
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
