//! The book and the records that the scenarios of entering and settling by hand start from: one
//! customer, HARBOUR, in a book kept in euros.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::{InvoiceInput, NewBook, OpenBook, SettlementInput};
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::Currency;

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A new book in euros in `dir`.
pub fn book(dir: &Path) -> OpenBook {
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap()
}

/// An invoice of HARBOUR issued on 2024-03-31.
pub fn invoice(number: &str, amount: &str, terms: Option<&str>) -> InvoiceInput {
    InvoiceInput {
        number: number.into(),
        customer: "HARBOUR".into(),
        issue_date: date("2024-03-31"),
        amount: amount.parse().unwrap(),
        currency: None,
        due_date: None,
        terms: terms.map(str::to_string),
        disputed: false,
    }
}

/// A payment by HARBOUR on 2024-05-10.
pub fn payment(reference: &str, amount: Option<&str>) -> SettlementInput {
    SettlementInput {
        kind: SettlementKind::Payment,
        reference: reference.into(),
        customer: "HARBOUR".into(),
        date: date("2024-05-10"),
        amount: amount.map(|a| a.parse().unwrap()),
        currency: None,
        invoice: None,
        paid: None,
    }
}
