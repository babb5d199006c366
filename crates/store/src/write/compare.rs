//! Checking a record against itself and against what the book already holds, and the sentences
//! that say what is wrong.
//!
//! A difference is reported as the first field that differs, in a fixed order, with the book's
//! value and the file's value, so the same two records always give the same message.

use chrono::NaiveDate;
use creditdesk_core::ledger::{DiscountOffer, InvoiceRecord, SettlementKind, SettlementRecord};
use creditdesk_core::Money;

use crate::codec::storable;

/// One field that differs between the book and the file.
pub(crate) struct Difference {
    pub field: String,
    pub book: String,
    pub file: String,
}

impl Difference {
    fn of(field: impl Into<String>, book: impl ToString, file: impl ToString) -> Difference {
        Difference {
            field: field.into(),
            book: book.to_string(),
            file: file.to_string(),
        }
    }
}

pub(crate) fn kind_label(kind: SettlementKind) -> &'static str {
    match kind {
        SettlementKind::Payment => "Payment",
        SettlementKind::CreditNote => "Credit note",
        SettlementKind::WriteOff => "Write-off",
        SettlementKind::Discount => "Discount",
    }
}

fn discount_text(offer: &Option<DiscountOffer>) -> String {
    match offer {
        None => "none".to_string(),
        Some(o) => format!(
            "{}% until {} ({})",
            o.percent.normalize(),
            o.until,
            o.amount
        ),
    }
}

/// The first difference between an invoice in the book and the same number in a file. The
/// disputed flag is not compared: once imported, the book's flag is the one the user keeps.
pub(crate) fn invoice_difference(book: &InvoiceRecord, file: &InvoiceRecord) -> Option<Difference> {
    if book.customer_reference != file.customer_reference {
        return Some(Difference::of(
            "customer",
            &book.customer_reference,
            &file.customer_reference,
        ));
    }
    if book.issue_date != file.issue_date {
        return Some(Difference::of(
            "issue date",
            book.issue_date,
            file.issue_date,
        ));
    }
    if book.total != file.total || book.total.currency() != file.total.currency() {
        return Some(Difference::of("total", book.total, file.total));
    }
    if book.terms.text != file.terms.text {
        return Some(Difference::of(
            "payment terms",
            format!("\"{}\"", book.terms.text),
            format!("\"{}\"", file.terms.text),
        ));
    }
    let (ours, theirs) = (&book.terms.instalments, &file.terms.instalments);
    if ours.len() != theirs.len() {
        return Some(Difference::of(
            "number of instalments",
            ours.len(),
            theirs.len(),
        ));
    }
    for (a, b) in ours.iter().zip(theirs) {
        if a.due_date != b.due_date {
            return Some(Difference::of(
                format!("due date of instalment {}", a.seq),
                a.due_date,
                b.due_date,
            ));
        }
        if a.amount != b.amount {
            return Some(Difference::of(
                format!("amount of instalment {}", a.seq),
                a.amount,
                b.amount,
            ));
        }
    }
    if book.terms.discount != file.terms.discount {
        return Some(Difference::of(
            "early-payment discount",
            discount_text(&book.terms.discount),
            discount_text(&file.terms.discount),
        ));
    }
    None
}

pub(crate) fn invoice_conflict(number: &str, d: &Difference) -> String {
    format!(
        "Invoice {number} is already in the book with a different {}: the book has {}, the file \
         has {}. An import never changes a posted invoice; correct the file, or record a credit \
         note for the difference.",
        d.field, d.book, d.file
    )
}

/// The first difference between a settlement in the book and the same reference in a file.
/// The named invoice is compared without leading zeros, as it was matched.
pub(crate) fn settlement_difference(
    book: &SettlementRecord,
    file: &SettlementRecord,
) -> Option<Difference> {
    if book.customer_reference != file.customer_reference {
        return Some(Difference::of(
            "customer",
            &book.customer_reference,
            &file.customer_reference,
        ));
    }
    if book.date != file.date {
        return Some(Difference::of("date", book.date, file.date));
    }
    if book.amount != file.amount || book.amount.currency() != file.amount.currency() {
        return Some(Difference::of("amount", book.amount, file.amount));
    }
    let key = |n: &Option<String>| {
        n.as_deref()
            .map(crate::codec::number_key)
            .map(str::to_string)
    };
    if key(&book.invoice_number) != key(&file.invoice_number) {
        let text = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".to_string());
        return Some(Difference::of(
            "invoice",
            text(&book.invoice_number),
            text(&file.invoice_number),
        ));
    }
    if book.paid_in != file.paid_in {
        let text = |p: &Option<creditdesk_core::ledger::ForeignAmount>| match p {
            None => "none".to_string(),
            Some(f) => format!("{} at {}", f.paid, f.rate.normalize()),
        };
        return Some(Difference::of(
            "amount paid",
            text(&book.paid_in),
            text(&file.paid_in),
        ));
    }
    None
}

pub(crate) fn settlement_conflict(record: &SettlementRecord, d: &Difference) -> String {
    format!(
        "{} {} is already in the book with a different {}: the book has {}, the file has {}. An \
         import never changes a recorded settlement; correct the file, or record a correction \
         under a new reference.",
        kind_label(record.kind),
        record.reference,
        d.field,
        d.book,
        d.file
    )
}

/// The sentence for a date a book cannot hold. `what` and `field` name the record and the date,
/// and are only written out for such a date: this check runs on every record of an import.
fn date_problem(
    date: NaiveDate,
    what: impl FnOnce() -> String,
    field: impl FnOnce() -> String,
) -> Option<String> {
    (!storable(date)).then(|| {
        format!(
            "{} has {} {date}, which a book cannot hold; give a date from 0001-01-01 to \
             9999-12-31.",
            what(),
            field()
        )
    })
}

/// What makes an invoice record impossible to hold, whatever the book contains.
pub(crate) fn invoice_problem(record: &InvoiceRecord) -> Option<String> {
    let number = &record.number;
    let total = record.total;
    let what = || format!("Invoice {number}");
    let mut problems = std::iter::once(date_problem(record.issue_date, what, || {
        "issue date".to_string()
    }))
    .chain(record.terms.instalments.iter().map(|i| {
        date_problem(i.due_date, what, || {
            format!("due date of instalment {}", i.seq)
        })
    }))
    .chain(
        record
            .terms
            .discount
            .iter()
            .map(|d| date_problem(d.until, what, || "discount deadline".to_string())),
    );
    if let Some(problem) = problems.find_map(|p| p) {
        return Some(problem);
    }
    if total.is_negative() {
        return Some(format!(
            "Invoice {number} has a negative total of {total}; record it as a credit note with a \
             positive amount instead."
        ));
    }
    if let Err(err) = total.to_minor() {
        return Some(format!("Invoice {number}: {err}"));
    }
    let instalments = &record.terms.instalments;
    if instalments.is_empty() {
        return Some(format!(
            "Invoice {number} has no instalments; give at least one due date."
        ));
    }
    if instalments
        .iter()
        .enumerate()
        .any(|(i, inst)| inst.seq as usize != i + 1)
    {
        let seqs: Vec<String> = instalments.iter().map(|i| i.seq.to_string()).collect();
        return Some(format!(
            "Invoice {number} numbers its instalments {}; number them 1, 2, 3 and so on, in order.",
            seqs.join(", ")
        ));
    }
    let mut sum = Money::zero(total.currency());
    for inst in instalments {
        if inst.amount.currency() != total.currency() {
            return Some(format!(
                "Invoice {number} has instalment {} in {}, but its total is in {}; every \
                 instalment is in the invoice's currency.",
                inst.seq,
                inst.amount.currency(),
                total.currency()
            ));
        }
        if inst.amount.is_negative() {
            return Some(format!(
                "Invoice {number} has instalment {} of {}; an instalment is zero or more.",
                inst.seq, inst.amount
            ));
        }
        if let Err(err) = inst.amount.to_minor() {
            return Some(format!("Invoice {number}, instalment {}: {err}", inst.seq));
        }
        sum = Money::new(sum.amount() + inst.amount.amount(), total.currency());
    }
    if sum != total {
        return Some(format!(
            "Invoice {number} has instalments that add up to {sum}, but its total is {total}; the \
             instalments must add up to the total exactly."
        ));
    }
    if let Some(offer) = &record.terms.discount {
        if offer.amount.currency() != total.currency() || offer.amount.to_minor().is_err() {
            return Some(format!(
                "Invoice {number} offers an early-payment discount of {}, which is not an amount \
                 of {}; give the discount in the invoice's currency.",
                offer.amount,
                total.currency()
            ));
        }
    }
    None
}

/// What makes a settlement record impossible to hold, whatever the book contains.
pub(crate) fn settlement_problem(record: &SettlementRecord) -> Option<String> {
    let label = kind_label(record.kind);
    let what = || format!("{label} {}", record.reference);
    if let Some(problem) = date_problem(record.date, what, || "date".to_string()) {
        return Some(problem);
    }
    if let Err(err) = record.amount.to_minor() {
        return Some(format!("{label} {}: {err}", record.reference));
    }
    if let Some(foreign) = &record.paid_in {
        if let Err(err) = foreign.paid.to_minor() {
            return Some(format!("{label} {}, amount paid: {err}", record.reference));
        }
    }
    None
}

/// A number the book holds with other leading zeros, on a record that is not the same.
pub(crate) fn zeros_conflict(what: &str, number: &str, existing: &str, d: &Difference) -> String {
    format!(
        "{what} {number} differs only by leading zeros from {existing}, which is in the book with \
         a different {}: the book has {}, the file has {}. A book cannot hold both, because a \
         spreadsheet that drops leading zeros would make them one; correct the number in the \
         file.",
        d.field, d.book, d.file
    )
}

pub(crate) fn missing_customer(what: &str, reference: &str, customer: &str) -> String {
    format!(
        "{what} {reference} names customer {customer}, which is not in the book; import or add \
         the customer first."
    )
}
