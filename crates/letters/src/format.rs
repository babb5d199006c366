//! How amounts, dates and rates are written on a letter, in its language.
//!
//! Amounts always show every digit of the currency's minor unit, with a comma between groups of
//! three digits and a point before the decimals, in both languages (the way Chinese business
//! documents write them too): `1,234.56`, `-80.00`, JPY `12,000`. They are never rounded here;
//! an amount finer than its minor unit shows all its digits rather than lose a cent silently.

use chrono::{Datelike, NaiveDate};
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;

/// `1,234.56`: the amount with thousands separators and the currency's minor digits, no code.
pub(crate) fn amount(money: &Money) -> String {
    decimal(money.amount(), money.currency().minor_digits())
}

/// A decimal with thousands separators and at least `digits` decimals.
pub(crate) fn decimal(value: Decimal, digits: u32) -> String {
    let mut value = value;
    if value.scale() < digits {
        value.rescale(digits);
    }
    let text = value.abs().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if value.is_sign_negative() && !value.is_zero() {
        grouped.push('-');
    }
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// The amount with its currency as a sentence writes it: `EUR 1,234.56` in English,
/// `1,234.56 欧元` in Chinese (`1,234.56 SEK` for a currency without a common Chinese name).
pub(crate) fn money(language: Language, money: &Money) -> String {
    let figures = amount(money);
    let currency = money.currency();
    match language {
        Language::English => format!("{} {figures}", currency.code()),
        Language::SimplifiedChinese => format!("{figures} {}", currency_name_zh(currency)),
    }
}

/// The Chinese name of the currencies Chinese letters most often quote; the code otherwise.
fn currency_name_zh(currency: Currency) -> &'static str {
    match currency.code() {
        "CNY" => "元",
        "EUR" => "欧元",
        "USD" => "美元",
        "GBP" => "英镑",
        "JPY" => "日元",
        "HKD" => "港元",
        "CHF" => "瑞士法郎",
        "SGD" => "新加坡元",
        "AUD" => "澳元",
        "CAD" => "加元",
        code => code,
    }
}

/// `2026-12-05` in English, `2026年12月5日` in Chinese.
pub(crate) fn date(language: Language, date: NaiveDate) -> String {
    match language {
        Language::English => date.format("%Y-%m-%d").to_string(),
        Language::SimplifiedChinese => {
            format!("{}年{}月{}日", date.year(), date.month(), date.day())
        }
    }
}

/// A percentage with at least two decimals and no trailing zeros beyond them: `9.12`, `0.05`,
/// `10.50`, `4.125`.
pub(crate) fn percent(value: Decimal) -> String {
    let mut value = value.normalize();
    if value.scale() < 2 {
        value.rescale(2);
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money_of(text: &str, code: &str) -> Money {
        Money::new(text.parse().unwrap(), Currency::from_code(code).unwrap())
    }

    #[test]
    fn amounts_carry_thousands_separators_and_every_minor_digit() {
        assert_eq!(amount(&money_of("1234.56", "EUR")), "1,234.56");
        assert_eq!(amount(&money_of("1234567.5", "EUR")), "1,234,567.50");
        assert_eq!(amount(&money_of("-80", "EUR")), "-80.00");
        assert_eq!(amount(&money_of("0", "EUR")), "0.00");
        assert_eq!(amount(&money_of("999", "EUR")), "999.00");
        assert_eq!(amount(&money_of("12000", "JPY")), "12,000");
        assert_eq!(amount(&money_of("1.234", "KWD")), "1.234");
    }

    #[test]
    fn a_sentence_puts_the_currency_where_each_language_puts_it() {
        let due = money_of("1234.56", "EUR");
        assert_eq!(money(Language::English, &due), "EUR 1,234.56");
        assert_eq!(money(Language::SimplifiedChinese, &due), "1,234.56 欧元");
        let sek = money_of("10", "SEK");
        assert_eq!(money(Language::SimplifiedChinese, &sek), "10.00 SEK");
    }

    #[test]
    fn chinese_dates_name_year_month_and_day() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(date(Language::English, day), "2026-12-05");
        assert_eq!(date(Language::SimplifiedChinese, day), "2026年12月5日");
    }

    #[test]
    fn rates_show_at_least_two_decimals() {
        assert_eq!(percent("9.12".parse().unwrap()), "9.12");
        assert_eq!(percent("10.5".parse().unwrap()), "10.50");
        assert_eq!(percent("0.0500".parse().unwrap()), "0.05");
        assert_eq!(percent("4.125".parse().unwrap()), "4.125");
    }
}
