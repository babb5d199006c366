//! Invoice Ninja v4 exports: invoices, payments and clients, each after a three-line preamble.
//!
//! Invoice rows repeat the invoice's figures on every line item; consecutive rows with the same
//! `Invoice Number` are one invoice whose total is `Amount`. The invoices' `Paid` column is not
//! turned into payments: the payments export lists every payment with its own date (refunds
//! included), and reading both would count the money twice. Clients are known by name in all
//! three files, so the name is the customer reference.

use chrono::NaiveDate;
use creditdesk_core::ledger::{
    CustomerRecord, Instalment, InvoiceRecord, LedgerRecord, SettlementKind,
};
use creditdesk_core::money::Money;
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
    ("Partial Due Date", false),
];

const SHARED: &[&str] = &[
    "Client",
    "Email",
    "Amount",
    "Status",
    "Invoice Date",
    "Due Date",
    "Partial/Deposit",
    "Partial Due Date",
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

        let deposit = deposit.filter(|d| !d.is_zero());
        if let Some(deposit) = deposit {
            if deposit.is_negative() || deposit.amount() > total.amount() {
                let total = total.amount();
                let message = say!(
                    en: "is not a deposit the invoice can ask for: a deposit is a part of the \
                         invoice's Amount {total}, above zero and at most the whole; correct the \
                         export.",
                    zh: "不是该发票可以收取的定金：定金是发票 Amount {total} 的一部分，须大于零且\
                         不超过全额；请更正导出文件。",
                );
                cells.problem("Partial/Deposit", true, message);
                return Built::Failed(cells.problems);
            }
        }
        let deposit_due = cells.date("Partial Due Date");
        if !cells.problems.is_empty() {
            return Built::Failed(cells.problems);
        }

        let mut warnings = Vec::new();
        let terms = TermsSource::due_or_text(due, "Due Date", None, None);
        // With a deposit, the terms give the schedule of the rest; the deposit comes first.
        let rest = match deposit {
            Some(deposit) => total.checked_sub(deposit).expect("one currency"),
            None => total,
        };
        let document = Document {
            number,
            customer: client,
            issue,
            issue_field: "Invoice Date",
            total: if rest.is_zero() { total } else { rest },
            terms,
            disputed: false,
        };
        let Some(mut invoice) = invoice_or_credit_note(&mut cells, document, &mut warnings) else {
            return Built::Failed(cells.problems);
        };
        if let (Some(deposit), LedgerRecord::Invoice(record)) = (deposit, &mut invoice) {
            put_deposit_first(record, deposit, deposit_due, rest.is_zero());
        }
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

/// Makes `deposit` the invoice's first instalment, due on `due` (the `Partial Due Date`), or
/// on the first due date of the schedule when the export gives none: Invoice Ninja asks for
/// the deposit by the invoice's due date then. The schedule built from the terms is that of the
/// rest of the total and follows it, renumbered; when the deposit is the whole `whole` is true
/// and the deposit is the only instalment. The frozen text says both, for example
/// `deposit 100.00 due 2020-01-20, due on 2020-02-09`.
fn put_deposit_first(
    invoice: &mut InvoiceRecord,
    deposit: Money,
    due: Option<NaiveDate>,
    whole: bool,
) {
    let terms = &mut invoice.terms;
    let due = due.unwrap_or(terms.instalments[0].due_date);
    let first = Instalment {
        seq: 1,
        due_date: due,
        amount: deposit,
    };
    if whole {
        terms.instalments = vec![first];
    } else {
        terms.instalments.insert(0, first);
        for (seq, instalment) in (1..).zip(terms.instalments.iter_mut()) {
            instalment.seq = seq;
        }
        invoice.total = invoice.total.checked_add(deposit).expect("one currency");
    }
    terms.text = format!("deposit {} due {due}, {}", deposit.amount(), terms.text);
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
