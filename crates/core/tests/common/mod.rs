//! What every scenario test of the domain writes its figures with: dates as `2024-08-01`,
//! amounts as the case book writes them (`1,000.00 USD`), and a sentence in both languages.

#![allow(dead_code)]

use chrono::NaiveDate;
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};

pub fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An amount written as in the case book, `1,000.00`, in the currency named: `1,000.00 USD`.
pub fn money(text: &str) -> Money {
    let (amount, code) = text.rsplit_once(' ').unwrap();
    Money::exact(amount.replace(',', "").parse().unwrap(), currency(code)).unwrap()
}

pub fn euros(text: &str) -> Money {
    money(&format!("{text} EUR"))
}

/// A sentence made by `sentence` in English and in Simplified Chinese.
pub fn both_said(sentence: impl Fn() -> String) -> (String, String) {
    (sentence(), Language::SimplifiedChinese.during(sentence))
}

/// A sentence in English and in Simplified Chinese.
pub fn both(sentence: &impl ToString) -> (String, String) {
    both_said(|| sentence.to_string())
}
