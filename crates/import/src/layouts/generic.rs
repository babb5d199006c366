//! The generic layout: one row per record, columns found by canonical name in any order.
//!
//! It is what a user maps any other export to, and the format CreditDesk documents for hand-made
//! files. Each row is one record; `record` says which kind (every row is an invoice when the
//! column is absent). The precise rules are in LAYOUTS.md.

use std::collections::BTreeMap;

use creditdesk_core::ledger::{Channel, LedgerRecord, SettlementKind};
use creditdesk_core::money::Money;
use creditdesk_core::say;
use creditdesk_core::text::Word;

use super::{
    channel_from, identity_key, invoice_or_credit_note, settlement, Built, Customer, Document,
    Identity, Mapping, Repeats, TermsSource,
};
use crate::profile::Column;
use crate::row::{Cells, Context, Header, Row};
use crate::words::{document, required};

/// The canonical fields, in the order LAYOUTS.md lists them.
pub(crate) const FIELDS: &[&str] = &[
    "record",
    "customer_ref",
    "customer_name",
    "number",
    "date",
    "due_date",
    "terms",
    "amount",
    "currency",
    "invoice",
    "disputed",
    "country",
    "email",
    "channel",
];

/// Fields the header must have.
const REQUIRED: &[&str] = &["number", "date", "amount"];

/// Other names a field is found under when the column map does not name it.
const ALIASES: &[(&str, &[&str])] = &[
    ("number", &["invoice_no", "invoice_number"]),
    ("date", &["invoice_date"]),
];

pub(crate) fn columns(map: &BTreeMap<String, String>) -> Vec<Column> {
    FIELDS
        .iter()
        .map(|field| {
            let names = match map.get(*field) {
                Some(header) => vec![header.clone()],
                None => {
                    let aliases = ALIASES
                        .iter()
                        .find(|(f, _)| f == field)
                        .map_or(&[][..], |a| a.1);
                    std::iter::once(*field)
                        .chain(aliases.iter().copied())
                        .map(String::from)
                        .collect()
                }
            };
            Column {
                field,
                names,
                required: REQUIRED.contains(field),
            }
        })
        .collect()
}

/// What one row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecordKind {
    Customer,
    Invoice,
    Settlement(SettlementKind),
}

/// The kind named by the `record` cell, in any case; invoice when the cell is empty.
fn record_kind(text: Option<&str>) -> Option<RecordKind> {
    let kind = |text: &str| match text {
        "invoice" => Some(RecordKind::Invoice),
        "customer" => Some(RecordKind::Customer),
        "payment" => Some(RecordKind::Settlement(SettlementKind::Payment)),
        "credit_note" => Some(RecordKind::Settlement(SettlementKind::CreditNote)),
        "write_off" => Some(RecordKind::Settlement(SettlementKind::WriteOff)),
        _ => None,
    };
    match text {
        None => Some(RecordKind::Invoice),
        // Nearly every cell is written in lower case, and needs no copy to be compared.
        Some(text) => kind(text).or_else(|| kind(&text.to_ascii_lowercase())),
    }
}

pub(crate) struct Generic;

impl Mapping for Generic {
    fn identity(&self, first: &Row, header: &Header, context: &Context) -> Option<Identity> {
        let cells = Cells::new(first, header, context);
        let (kind, field, noun) = match record_kind(cells.text("record"))? {
            RecordKind::Customer => ("customer", "customer_ref", document::CUSTOMER),
            RecordKind::Invoice => ("invoice", "number", document::INVOICE),
            RecordKind::Settlement(_) => ("settlement", "number", document::SETTLEMENT),
        };
        let value = cells.text(field)?;
        Some(Identity {
            key: identity_key(kind, value),
            field,
            noun,
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
        let kind = record_kind(cells.text("record"));
        if kind.is_none() {
            let message = say!(
                en: "is not a record type; write invoice, payment, credit_note, write_off or \
                     customer.",
                zh: "不是记录类型；请填写 invoice、payment、credit_note、write_off 或 customer。",
            );
            cells.problem("record", true, message);
        }
        let customer = customer(&mut cells);
        let (Some(kind), Some(customer)) = (kind, customer) else {
            return Built::Failed(cells.problems);
        };

        let mut warnings = Vec::new();
        let record = match kind {
            // The row is the customer itself, so no customer comes before it.
            RecordKind::Customer if cells.problems.is_empty() => {
                return Built::Records {
                    customer: None,
                    records: vec![LedgerRecord::Customer(customer.record())],
                    warnings,
                };
            }
            RecordKind::Customer => None,
            RecordKind::Invoice => invoice(&mut cells, customer.reference, &mut warnings),
            RecordKind::Settlement(kind) => {
                let reference = cells.required("number", required::REFERENCE);
                let date = cells.required_date("date");
                let currency = cells.currency("currency");
                let amount = currency
                    .and_then(|c| cells.required_amount("amount", c))
                    .filter(|amount| settles(&mut cells, kind, amount));
                let invoice = cells.text("invoice");
                match (reference, date, amount) {
                    (Some(reference), Some(date), Some(amount)) => Some(settlement(
                        kind,
                        reference,
                        customer.reference,
                        date,
                        amount,
                        invoice,
                    )),
                    _ => None,
                }
            }
        };

        match record {
            Some(record) if cells.problems.is_empty() => Built::Records {
                customer: Some(customer),
                records: vec![record],
                warnings,
            },
            _ => Built::Failed(cells.problems),
        }
    }
}

fn invoice(
    cells: &mut Cells,
    customer: &str,
    warnings: &mut Vec<crate::problem::RowProblem>,
) -> Option<LedgerRecord> {
    let number = cells.required("number", required::INVOICE_NUMBER);
    let issue = cells.required_date("date");
    let due = cells.date("due_date");
    let currency = cells.currency("currency");
    let total = currency.and_then(|c| cells.required_amount("amount", c));
    let disputed = cells.flag("disputed");
    let (Some(number), Some(issue), Some(total), Some(disputed)) = (number, issue, total, disputed)
    else {
        return None;
    };
    if !cells.problems.is_empty() {
        return None;
    }

    let text = cells.text("terms");
    let terms = TermsSource::due_or_text(due, "due_date", Some("terms"), text);
    let document = Document {
        number,
        customer,
        issue,
        issue_field: "date",
        total,
        terms,
        disputed,
    };
    invoice_or_credit_note(cells, document, warnings)
}

/// Whether `amount` can be settled as `kind`, or a problem on the amount: no settlement moves
/// nothing, and a credit note or write-off lowers what is owed, so a negative one would act as
/// a debit. A negative payment is a refund, money paid back, and stays allowed.
fn settles(cells: &mut Cells, kind: SettlementKind, amount: &Money) -> bool {
    // In English the row is named by its `record` cell, in Chinese by the kind of settlement.
    let name = match kind {
        SettlementKind::Payment => Word::new("payment", "收款"),
        SettlementKind::CreditNote => Word::new("credit_note", "贷项通知单"),
        SettlementKind::WriteOff => Word::new("write_off", "坏账核销"),
        SettlementKind::Discount => Word::new("discount", "折扣"),
    };
    let message = if amount.is_zero() {
        let accepted = match kind {
            SettlementKind::Payment => Word::new(
                "above zero, or below zero for a refund",
                "大于零（退款时小于零）",
            ),
            _ => Word::new("above zero", "大于零"),
        };
        say!(
            en: "is zero, but a {name} row needs an amount {accepted}; write the amount settled, \
                 or remove the row.",
            zh: "为零，但{name}记录的金额必须{accepted}；请填写实际核销的金额，或删除该行。",
        )
    } else if amount.is_negative() && kind != SettlementKind::Payment {
        say!(
            en: "is negative, but a {name} row needs an amount above zero, because it lowers \
                 what the customer owes; write the amount without its minus sign, or make the row \
                 an invoice if it adds to what is owed.",
            zh: "为负数，但{name}记录的金额必须大于零，因为它会减少客户的欠款；请去掉金额前的\
                 负号；如果该行会增加欠款，请将其改为发票记录。",
        )
    } else {
        return true;
    };
    cells.problem("amount", true, message);
    false
}

/// The row's customer: `customer_ref`, else `customer_name`, else the import's customer; a
/// problem when none is given or a customer cell does not fit.
fn customer<'r>(cells: &mut Cells<'r>) -> Option<Customer<'r>> {
    let given = cells
        .context
        .options
        .customer
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let name = cells.text("customer_name");
    let reference = cells.text("customer_ref").or(name).or(given);
    let channel = match cells.text("channel") {
        None => None,
        Some(text) => match channel_from(text) {
            Some(channel) => Some(channel),
            None => {
                let message = say!(
                    en: "is not a channel; write paper or email, or leave the cell empty.",
                    zh: "不是联系方式；请填写 paper（纸质信函）或 email（电子邮件），或将单元格\
                         留空。",
                );
                cells.problem("channel", true, message);
                None::<Channel>
            }
        },
    };
    let Some(reference) = reference else {
        cells.row_problem(say!(
            en: "the row names no customer; fill in customer_ref or customer_name, or give the \
                 customer of the whole file in the import options.",
            zh: "该行未指定客户；请填写 customer_ref 或 customer_name，或在导入选项中指定整个文件\
                 的客户。",
        ));
        return None;
    };
    Some(Customer {
        reference,
        name: name.or(Some(reference)).unwrap_or_default(),
        country: cells.text("country"),
        email: cells.text("email"),
        preferred_channel: channel,
    })
}
