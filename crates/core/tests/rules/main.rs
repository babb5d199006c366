//! Table-driven and property tests of the core rules: payment terms, allocation of settlements,
//! aging and receivables measures. The acceptance cases of the case book are in `cases.rs`.

mod aging;
mod allocation;
mod kpi;
mod language;
mod money;
mod terms;

use chrono::NaiveDate;
use creditdesk_core::{Currency, Money};

pub fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An amount in euros written as in the case book: `1,000.00`.
pub fn euros(text: &str) -> Money {
    Money::exact(text.replace(',', "").parse().unwrap(), eur()).unwrap()
}
