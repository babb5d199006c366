//! Conversions between domain values and the columns that hold them: dates as `YYYY-MM-DD`
//! text and day numbers, money as integer minor units beside a currency code, rates as decimal
//! text. Every conversion is exact or refused.

use chrono::{Datelike, NaiveDate};
use creditdesk_core::{say, Currency, Money};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::ToSql;
use rust_decimal::Decimal;

use crate::error::{Result, StoreError};

/// The first day of the day numbers the schema derives with `unixepoch(d) / 86400`.
const DAY_ZERO: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(date) => date,
    None => panic!("1970-01-01 is a date"),
};

/// The day number of `date`, as the schema's generated `*_day` columns compute it.
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    (date - DAY_ZERO).num_days()
}

/// The date of a day number; `None` outside chrono's calendar.
pub(crate) fn date_of_day(day: i64) -> Option<NaiveDate> {
    DAY_ZERO.checked_add_signed(chrono::TimeDelta::try_days(day)?)
}

/// `date` as the `YYYY-MM-DD` text the schema compares dates by, brought into the years a
/// book holds: a date after 9999-12-31 bounds like 9999-12-31, one before 0001-01-01 like a
/// day before every stored date.
pub(crate) fn date_bound(date: NaiveDate) -> String {
    if date.year() > 9999 {
        "9999-12-31".to_string()
    } else if date.year() < 1 {
        "0000-12-31".to_string()
    } else {
        date.format("%Y-%m-%d").to_string()
    }
}

/// A date formatted as `YYYY-MM-DD` without allocating, bound as SQL text.
///
/// Only years 0001 to 9999 have this form; SQLite's date functions accept no others.
#[derive(Clone, Copy)]
pub(crate) struct DateText([u8; 10]);

impl DateText {
    pub(crate) fn new(date: NaiveDate) -> Result<DateText> {
        let year = date.year();
        if !storable(date) {
            return Err(StoreError::DateOutOfRange(date));
        }
        let mut text = *b"0000-00-00";
        let digits = |slot: &mut [u8], mut value: u32| {
            for byte in slot.iter_mut().rev() {
                *byte = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        digits(&mut text[0..4], year as u32);
        digits(&mut text[5..7], date.month());
        digits(&mut text[8..10], date.day());
        Ok(DateText(text))
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII digits and dashes are ever written.
        std::str::from_utf8(&self.0).expect("date text is ASCII")
    }
}

impl ToSql for DateText {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(&self.0)))
    }
}

/// Whether a book can hold `date`: years 0001 to 9999, the range of SQLite's date functions.
pub(crate) fn storable(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

/// Parses a `YYYY-MM-DD` column; the schema's CHECK constraints guarantee the form.
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        StoreError::Unreadable(say!(
            en: "\"{text}\" is not a date",
            zh: "“{text}”不是日期",
        ))
    })
}

pub(crate) fn parse_currency(code: &str) -> Result<Currency> {
    Currency::from_code(code).map_err(|_| {
        StoreError::Unreadable(say!(
            en: "\"{code}\" is not a currency code",
            zh: "“{code}”不是货币代码",
        ))
    })
}

pub(crate) fn parse_decimal(text: &str) -> Result<Decimal> {
    text.parse().map_err(|_| {
        StoreError::Unreadable(say!(
            en: "\"{text}\" is not a decimal number",
            zh: "“{text}”不是十进制数",
        ))
    })
}

/// A text column borrowed from its row.
pub(crate) fn text<'r>(row: &'r rusqlite::Row<'_>, index: usize) -> Result<&'r str> {
    row.get_ref(index)?.as_str().map_err(|_| {
        StoreError::Unreadable(say!(
            en: "column {index} is not text",
            zh: "第 {index} 列不是文本",
        ))
    })
}

/// Money read back from minor units and a currency code.
pub(crate) fn money(minor: i64, code: &str) -> Result<Money> {
    Ok(Money::from_minor(minor, parse_currency(code)?))
}

/// Leading zeros stripped, as the schema's `ltrim(number, '0')` does: the key under which a
/// number that a spreadsheet turned into `611365` still finds `0000611365`.
pub(crate) fn number_key(number: &str) -> &str {
    number.trim_start_matches('0')
}

/// The id of the customer with this reference, or [`StoreError::CustomerNotFound`].
pub(crate) fn customer_id(conn: &rusqlite::Connection, reference: &str) -> Result<i64> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT id FROM customer WHERE reference = ?1")?
        .query_row([reference], |r| r.get(0))
        .optional()?
        .ok_or_else(|| StoreError::CustomerNotFound(reference.to_string()))
}

/// The snake_case name serde gives a unit variant: the text the schema's CHECKs accept.
pub(crate) fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The unit variant whose snake_case name is `name`; `what` names it in the error.
pub(crate) fn unlabel<T: serde::de::DeserializeOwned>(what: &str, name: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
        StoreError::Unreadable(say!(
            en: "{what} \"{name}\"",
            zh: "{what}“{name}”",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_text_pads_every_part() {
        let date = NaiveDate::from_ymd_opt(812, 3, 4).unwrap();
        assert_eq!(DateText::new(date).unwrap().as_str(), "0812-03-04");
        let date = NaiveDate::from_ymd_opt(2021, 2, 4).unwrap();
        assert_eq!(DateText::new(date).unwrap().as_str(), "2021-02-04");
    }

    #[test]
    fn a_day_number_gives_back_its_date() {
        let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(date_of_day(day_number(date)), Some(date));
        assert_eq!(date_of_day(i64::MAX), None);
    }

    #[test]
    fn date_bounds_stay_in_the_years_a_book_holds() {
        let bound = |y, m, d| date_bound(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        assert_eq!(bound(2024, 3, 1), "2024-03-01");
        assert_eq!(bound(10000, 1, 1), "9999-12-31");
        assert!(bound(-5, 1, 1).as_str() < "0001-01-01");
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(day_number(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
        assert_eq!(
            day_number(NaiveDate::from_ymd_opt(1969, 12, 31).unwrap()),
            -1
        );
    }
}
