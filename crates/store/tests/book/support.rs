//! Small builders so that each test reads as a ledger: customers, invoices, settlements.

use std::str::FromStr;

use chrono::NaiveDate;
use creditdesk_core::ledger::{
    CustomerRecord, DiscountOffer, FrozenTerms, Instalment, InvoiceRecord, SettlementKind,
    SettlementRecord,
};
use creditdesk_core::{Currency, Money};
use creditdesk_store::{Book, BookSettings, ImportTx, WriteOutcome};
use rust_decimal::Decimal;

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

/// `money("1000.00 EUR")`.
pub fn money(text: &str) -> Money {
    let (amount, code) = text.split_once(' ').unwrap();
    Money::exact(Decimal::from_str(amount).unwrap(), currency(code)).unwrap()
}

pub fn book() -> Book {
    let settings = BookSettings {
        name: "Acme Trading Ltd".into(),
        currency: currency("EUR"),
    };
    Book::open_in_memory(&settings).unwrap()
}

pub fn customer(reference: &str, name: &str) -> CustomerRecord {
    CustomerRecord {
        reference: reference.into(),
        name: name.into(),
        country: None,
        email: None,
        preferred_channel: None,
    }
}

/// An invoice with one instalment of the whole total.
pub fn invoice(
    number: &str,
    customer: &str,
    issued: &str,
    total: &str,
    due: &str,
) -> InvoiceRecord {
    instalment_invoice(number, customer, issued, total, &[(due, total)])
}

pub fn instalment_invoice(
    number: &str,
    customer: &str,
    issued: &str,
    total: &str,
    parts: &[(&str, &str)],
) -> InvoiceRecord {
    InvoiceRecord {
        number: number.into(),
        customer_reference: customer.into(),
        issue_date: date(issued),
        total: money(total),
        terms: FrozenTerms {
            text: if parts.len() == 1 {
                "net".into()
            } else {
                format!("in {} parts", parts.len())
            },
            instalments: parts
                .iter()
                .enumerate()
                .map(|(i, (due, amount))| Instalment {
                    seq: i as u32 + 1,
                    due_date: date(due),
                    amount: money(amount),
                })
                .collect(),
            discount: None,
        },
        disputed: false,
    }
}

pub fn with_discount(
    mut invoice: InvoiceRecord,
    percent: &str,
    until: &str,
    amount: &str,
) -> InvoiceRecord {
    invoice.terms.discount = Some(DiscountOffer {
        percent: Decimal::from_str(percent).unwrap(),
        until: date(until),
        amount: money(amount),
    });
    invoice
}

pub fn settlement(
    kind: SettlementKind,
    reference: &str,
    customer: &str,
    on: &str,
    amount: &str,
    invoice: Option<&str>,
) -> SettlementRecord {
    SettlementRecord {
        reference: reference.into(),
        customer_reference: customer.into(),
        kind,
        date: date(on),
        amount: money(amount),
        invoice_number: invoice.map(str::to_string),
        paid_in: None,
    }
}

pub fn payment(
    reference: &str,
    customer: &str,
    on: &str,
    amount: &str,
    invoice: Option<&str>,
) -> SettlementRecord {
    settlement(
        SettlementKind::Payment,
        reference,
        customer,
        on,
        amount,
        invoice,
    )
}

/// Writes every record and expects each to be new.
pub fn post(
    book: &mut Book,
    customers: &[CustomerRecord],
    invoices: &[InvoiceRecord],
    settlements: &[SettlementRecord],
) {
    let mut tx = book.begin_import().unwrap();
    post_in(&mut tx, customers, invoices, settlements);
    tx.commit().unwrap();
}

pub fn post_in(
    tx: &mut ImportTx<'_>,
    customers: &[CustomerRecord],
    invoices: &[InvoiceRecord],
    settlements: &[SettlementRecord],
) {
    for c in customers {
        assert_eq!(
            tx.customer(c).unwrap(),
            WriteOutcome::Inserted,
            "{}",
            c.reference
        );
    }
    for i in invoices {
        assert_eq!(
            tx.invoice(i).unwrap(),
            WriteOutcome::Inserted,
            "{}",
            i.number
        );
    }
    for s in settlements {
        assert_eq!(
            tx.settlement(s).unwrap(),
            WriteOutcome::Inserted,
            "{}",
            s.reference
        );
    }
}

/// Bucket amounts of an aging row as text, for compact assertions.
pub fn amounts(list: &[Money]) -> Vec<String> {
    list.iter().map(|m| m.amount().to_string()).collect()
}
