//! Layouts: how the rows of one kind of export become ledger records.
//!
//! A layout names the columns it reads, how consecutive rows group into one document (exports
//! with one row per line item), what identifies a document so that a reappearance later in the
//! file is caught, and how a group of rows becomes records. The reader does the rest (header,
//! duplicates, customers seen, order of outcomes), the same for every layout. LAYOUTS.md
//! describes each layout for users.

pub(crate) mod freshbooks;
pub(crate) mod generic;
pub(crate) mod ibm;
pub(crate) mod invoiceninja;
pub(crate) mod quickbooks;
pub(crate) mod xero;
pub(crate) mod zoho;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_core::ledger::{
    Channel, CustomerRecord, InvoiceRecord, LedgerRecord, SettlementKind, SettlementRecord,
};
use creditdesk_core::money::Money;
use creditdesk_core::say;
use creditdesk_core::terms::{single_due_date, TermsError};
use creditdesk_core::text::Word;

use crate::problem::RowProblem;
use crate::profile::{Column, Layout};
use crate::row::{Cells, Context, Header, Row};

/// What a reappearance of a document's identity with other cells means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Repeats {
    /// Two different documents under one number: a problem.
    Conflict,
    /// Another document of the same kind (a second payment on the same day), numbered on.
    Counted,
}

/// What identifies the document that a group of rows makes.
pub(crate) struct Identity {
    /// Unique across the kinds of one layout (the kind is part of it).
    pub key: String,
    /// The column holding the identifying value, named in a conflict problem.
    pub field: &'static str,
    /// "invoice", "customer", "payment"... as said in a conflict problem (see `crate::words`).
    pub noun: Word,
    pub repeats: Repeats,
}

/// The result of turning a group of rows into records.
pub(crate) enum Built<'r> {
    Records {
        /// The customer the records belong to; the reader emits it before them the first time
        /// its reference is seen.
        customer: Option<Customer<'r>>,
        records: Vec<LedgerRecord>,
        warnings: Vec<RowProblem>,
    },
    /// Left out on purpose (a draft, a void invoice), with the reason as a warning.
    Skipped(RowProblem),
    Failed(Vec<RowProblem>),
}

pub(crate) trait Mapping {
    /// Rows with the same key that follow each other are one document. `None`: the row stands
    /// alone.
    fn group_key(&self, _row: &Row, _header: &Header) -> Option<String> {
        None
    }

    /// Fields whose cells must be the same on every row of a group (the document's figures).
    fn shared_fields(&self) -> &'static [&'static str] {
        &[]
    }

    /// The identity of the document the group makes, or `None` for a group that has none.
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity>;

    /// Turns a group of rows (exact duplicates already removed) into records. `occurrence` is 1
    /// for the first document with this identity, 2 for the second under [`Repeats::Counted`].
    fn build<'r>(
        &self,
        rows: &'r [Row],
        header: &'r Header,
        context: &'r Context,
        occurrence: u32,
    ) -> Built<'r>;
}

pub(crate) fn mapping(layout: Layout) -> Box<dyn Mapping> {
    match layout {
        Layout::Generic => Box::new(generic::Generic),
        Layout::IbmLatePayment => Box::new(ibm::IbmLatePayment),
        Layout::Xero => Box::new(xero::Xero),
        Layout::QuickbooksOnline => Box::new(quickbooks::QuickbooksOnline),
        Layout::ZohoInvoice => Box::new(zoho::ZohoInvoice),
        Layout::ZohoContacts => Box::new(zoho::ZohoContacts),
        Layout::Freshbooks => Box::new(freshbooks::Freshbooks),
        Layout::FreshbooksClients => Box::new(freshbooks::FreshbooksClients),
        Layout::InvoiceNinjaV4 => Box::new(invoiceninja::Invoices),
        Layout::InvoiceNinjaV4Payments => Box::new(invoiceninja::Payments),
        Layout::InvoiceNinjaV4Clients => Box::new(invoiceninja::Clients),
    }
}

/// The columns a layout reads. Vendor layouts use their export's own headers as field names.
pub(crate) fn columns(layout: Layout, map: &BTreeMap<String, String>) -> Vec<Column> {
    // A fixed layout finds each field under the export's own header, or first under the header
    // the profile's column map gives it (an export whose columns were renamed).
    let fixed = |specs: &[(&'static str, bool)]| -> Vec<Column> {
        specs
            .iter()
            .map(|(field, required)| Column {
                field,
                names: map
                    .get(*field)
                    .into_iter()
                    .cloned()
                    .chain([field.to_string()])
                    .collect(),
                required: *required,
            })
            .collect()
    };
    match layout {
        Layout::Generic => generic::columns(map),
        Layout::IbmLatePayment => fixed(ibm::COLUMNS),
        Layout::Xero => fixed(xero::COLUMNS),
        Layout::QuickbooksOnline => fixed(quickbooks::COLUMNS),
        Layout::ZohoInvoice => fixed(zoho::INVOICE_COLUMNS),
        Layout::ZohoContacts => fixed(zoho::CONTACT_COLUMNS),
        Layout::Freshbooks => fixed(freshbooks::INVOICE_COLUMNS),
        Layout::FreshbooksClients => fixed(freshbooks::CLIENT_COLUMNS),
        Layout::InvoiceNinjaV4 => fixed(invoiceninja::INVOICE_COLUMNS),
        Layout::InvoiceNinjaV4Payments => fixed(invoiceninja::PAYMENT_COLUMNS),
        Layout::InvoiceNinjaV4Clients => fixed(invoiceninja::CLIENT_COLUMNS),
    }
}

/// The identity of a document named by the cell of `field` (an invoice number, a client's
/// name): a document repeated further down with other cells is a conflict. `kind` keeps the
/// keys of different kinds of document apart.
pub(crate) fn identity_by_cell(
    first: &Row,
    header: &Header,
    context: &Context,
    field: &'static str,
    kind: &str,
    noun: Word,
) -> Option<Identity> {
    let value = Cells::new(first, header, context).text(field)?;
    Some(Identity {
        key: identity_key(kind, value),
        field,
        noun,
        repeats: Repeats::Conflict,
    })
}

/// The key of a document of `kind` identified by `value`: both, separated by U+001F.
pub(crate) fn identity_key(kind: &str, value: &str) -> String {
    let mut key = String::with_capacity(kind.len() + 1 + value.len());
    key.push_str(kind);
    key.push('\u{1f}');
    key.push_str(value);
    key
}

/// The trimmed cell of `field` as a group key; `None` (the row stands alone) when it is empty.
pub(crate) fn group_by(row: &Row, header: &Header, field: &str) -> Option<String> {
    Some(header.cell(row, field).trim())
        .filter(|key| !key.is_empty())
        .map(str::to_string)
}

/// The customer of a document as its cells give it. Most documents name a customer emitted
/// before, so the reader makes a record of it only the first time its reference is seen.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Customer<'r> {
    pub reference: &'r str,
    pub name: &'r str,
    pub country: Option<&'r str>,
    pub email: Option<&'r str>,
    pub preferred_channel: Option<Channel>,
}

impl Customer<'_> {
    pub(crate) fn record(&self) -> CustomerRecord {
        CustomerRecord {
            reference: self.reference.to_string(),
            name: self.name.to_string(),
            country: self.country.map(str::to_string),
            email: self.email.map(str::to_string),
            preferred_channel: self.preferred_channel,
        }
    }
}

/// A customer known only by its reference and name.
pub(crate) fn customer<'r>(reference: &'r str, name: &'r str) -> Customer<'r> {
    Customer {
        reference,
        name,
        country: None,
        email: None,
        preferred_channel: None,
    }
}

/// How an invoice's terms are given.
pub(crate) enum TermsSource<'a> {
    /// The export gives a due date: one instalment of the whole total on it. `text` is the terms
    /// text the export gives beside it, if any (otherwise `due on <date>`).
    Due {
        due: NaiveDate,
        field: &'static str,
        text: Option<&'a str>,
    },
    /// No due date: `text` (the cell of `field`) is parsed as terms, or the import's default
    /// terms apply when it is empty.
    Text {
        field: Option<&'static str>,
        text: Option<&'a str>,
    },
}

impl<'a> TermsSource<'a> {
    /// The due date of `due_field` when the export gives one; otherwise the terms text of
    /// `text_field` (`None` for an export without a terms column).
    pub(crate) fn due_or_text(
        due: Option<NaiveDate>,
        due_field: &'static str,
        text_field: Option<&'static str>,
        text: Option<&'a str>,
    ) -> TermsSource<'a> {
        match due {
            Some(due) => TermsSource::Due {
                due,
                field: due_field,
                text,
            },
            None => TermsSource::Text {
                field: text_field,
                text,
            },
        }
    }
}

/// The figures of one invoice as an export gives them.
pub(crate) struct Document<'a> {
    pub number: &'a str,
    pub customer: &'a str,
    pub issue: NaiveDate,
    /// The column of the issue date, named when the terms cannot give a schedule.
    pub issue_field: &'static str,
    pub total: Money,
    pub terms: TermsSource<'a>,
    pub disputed: bool,
}

/// The record of an invoice row: an invoice, or a credit note when the total is negative (a
/// negative invoice is how most systems export a credit; its reference is the number, and it
/// names no invoice because the row does not say which one it credits).
///
/// Pushes a warning when the due date is before the invoice date (kept as given) and a problem
/// when the terms cannot be read.
pub(crate) fn invoice_or_credit_note(
    cells: &mut Cells,
    document: Document,
    warnings: &mut Vec<RowProblem>,
) -> Option<LedgerRecord> {
    if document.total.is_negative() {
        return Some(settlement(
            SettlementKind::CreditNote,
            document.number,
            document.customer,
            document.issue,
            document.total.negate(),
            None,
        ));
    }

    let terms = match document.terms {
        TermsSource::Due { due, field, text } => {
            if due < document.issue {
                let issue = document.issue;
                let message = say!(
                    en: "is before the invoice date {issue}; the invoice was imported with this \
                         due date as given, so it is overdue from that day.",
                    zh: "早于开票日期 {issue}；发票已按此到期日原样导入，因此自该日起即为逾期。",
                );
                warnings.push(cells.note(field, true, message));
            }
            // The terms text is stored in the book, so it is the same in every language.
            let text = text.map_or_else(|| format!("due on {due}"), str::to_string);
            single_due_date(&text, due, document.total)
        }
        TermsSource::Text { field, text } => {
            let terms = match (field, text) {
                (Some(field), Some(text)) => match cells.context.terms(text) {
                    Ok(terms) => terms,
                    Err(err) => {
                        terms_problem(cells, field, err);
                        return None;
                    }
                },
                _ => cells.context.default_terms.clone(),
            };
            match terms.freeze(document.issue, document.total) {
                Ok(frozen) => frozen,
                Err(err) => {
                    let field = field
                        .filter(|_| text.is_some())
                        .unwrap_or(document.issue_field);
                    cells.problem(field, false, err.to_string());
                    return None;
                }
            }
        }
    };

    Some(LedgerRecord::Invoice(InvoiceRecord {
        number: document.number.to_string(),
        customer_reference: document.customer.to_string(),
        issue_date: document.issue,
        total: document.total,
        terms,
        disputed: document.disputed,
    }))
}

fn terms_problem(cells: &mut Cells, field: &'static str, err: TermsError) {
    match err {
        TermsError::Unparsable(_) => {
            let message = say!(
                en: "is not a payment term: use a form such as net 30, 2/10 net 30, eom +1 month, \
                     30 days eom or fixed 10-30, or give the due date instead.",
                zh: "不是有效的付款条件：请使用 net 30、2/10 net 30、eom +1 month、30 days eom \
                     或 fixed 10-30 等格式，或改为填写到期日。",
            );
            cells.problem(field, true, message);
        }
        other => cells.problem(field, false, other.to_string()),
    }
}

pub(crate) fn settlement(
    kind: SettlementKind,
    reference: &str,
    customer: &str,
    date: NaiveDate,
    amount: Money,
    invoice: Option<&str>,
) -> LedgerRecord {
    LedgerRecord::Settlement(SettlementRecord {
        reference: reference.to_string(),
        customer_reference: customer.to_string(),
        kind,
        date,
        amount,
        invoice_number: invoice.map(str::to_string),
        paid_in: None,
    })
}

/// What an export says was paid on invoice `number` by `date` (see
/// [`LedgerRecord::SettledToDate`]), as a payment with reference `<number>-paid`.
pub(crate) fn paid_to_date(
    number: &str,
    customer: &str,
    date: NaiveDate,
    amount: Money,
) -> LedgerRecord {
    settled_to_date(
        SettlementKind::Payment,
        "paid",
        number,
        customer,
        date,
        amount,
    )
}

/// What an export says was written off of invoice `number` by `date`, as a write-off with
/// reference `<number>-written-off`.
pub(crate) fn written_off_to_date(
    number: &str,
    customer: &str,
    date: NaiveDate,
    amount: Money,
) -> LedgerRecord {
    let kind = SettlementKind::WriteOff;
    settled_to_date(kind, "written-off", number, customer, date, amount)
}

fn settled_to_date(
    kind: SettlementKind,
    suffix: &str,
    number: &str,
    customer: &str,
    date: NaiveDate,
    amount: Money,
) -> LedgerRecord {
    LedgerRecord::SettledToDate(SettlementRecord {
        reference: format!("{number}-{suffix}"),
        customer_reference: customer.to_string(),
        kind,
        date,
        amount,
        invoice_number: Some(number.to_string()),
        paid_in: None,
    })
}

/// The date of a paid amount that the export gives without one: the export date from the
/// options, or a problem on `paid_field` (the cell with the paid amount) asking for it.
pub(crate) fn export_date(cells: &mut Cells, paid_field: &str) -> Option<NaiveDate> {
    if let Some(date) = cells.context.options.export_date {
        return Some(date);
    }
    let message = say!(
        en: "is a paid amount, but the export gives no payment date; give the export date in the \
             import options so that the payment can be dated, and import again.",
        zh: "是已付金额，但导出文件没有给出付款日期；请在导入选项中填写导出日期，以便为这笔付款\
             确定日期，然后重新导入。",
    );
    cells.problem(paid_field, true, message);
    None
}

/// Like [`export_date`] for an export whose payment date cell (`date_field`) is empty while
/// `paid` of the invoice is paid.
pub(crate) fn export_date_for(
    cells: &mut Cells,
    date_field: &str,
    paid: Money,
) -> Option<NaiveDate> {
    if let Some(date) = cells.context.options.export_date {
        return Some(date);
    }
    let message = say!(
        en: "the cell is empty, but {paid} of the invoice is paid; give the export date in the \
             import options so that the payment can be dated, and import again.",
        zh: "单元格为空，但该发票已付 {paid}；请在导入选项中填写导出日期，以便为这笔付款确定\
             日期，然后重新导入。",
    );
    cells.problem(date_field, false, message);
    None
}

/// A warning that a document with `status` was left out.
pub(crate) fn skipped_status(cells: &Cells, field: &str, number: &str) -> RowProblem {
    let message = say!(
        en: "is a status whose invoices are not imported (drafts and void or deleted invoices \
             are not owed); invoice {number} was skipped.",
        zh: "是不予导入的发票状态（草稿、作废或已删除的发票不构成欠款）；已跳过发票 {number}。",
    );
    cells.note(field, true, message)
}

pub(crate) fn channel_from(text: &str) -> Option<Channel> {
    Channel::parse(&text.to_ascii_lowercase())
}
