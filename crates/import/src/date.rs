//! Dates as accounting exports write them, read strictly in one profile's format.
//!
//! `3/4/2024` is 4 March in an American export and 3 April in a British one; only the profile
//! knows which. A cell that does not fit the profile's format is refused rather than read in
//! another order, and a day that does not exist (31.02.2024) is refused too.

use std::fmt;

use chrono::NaiveDate;
use creditdesk_core::say;
use serde::{Deserialize, Serialize};

/// The date formats a profile can name. In JSON they are written as shown on each variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DateFormat {
    /// `YYYY-MM-DD`: `2024-03-15`, two-digit month and day.
    #[serde(rename = "YYYY-MM-DD")]
    Iso,
    /// `M/D/YYYY`: `3/15/2024` or `03/15/2024`; month and day with or without a leading zero,
    /// four-digit year (United States exports).
    #[serde(rename = "M/D/YYYY")]
    MonthDayYear,
    /// `D/M/YYYY`: `15/3/2024` or `15/03/2024` (British, Australian and New Zealand exports).
    #[serde(rename = "D/M/YYYY")]
    DayMonthYear,
    /// `DD.MM.YYYY`: `15.03.2024`, two-digit day and month (German exports).
    #[serde(rename = "DD.MM.YYYY")]
    DayMonthYearDotted,
}

/// Why a cell is not a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    Empty,
    /// The text does not follow the format.
    Pattern,
    /// The format fits but the day does not exist (month 13, 31 February).
    NoSuchDay,
}

impl DateFormat {
    /// Reads one cell, trimmed of surrounding spaces.
    pub fn parse(&self, text: &str) -> Result<NaiveDate, DateError> {
        let text = crate::row::trim(text);
        if text.is_empty() {
            return Err(DateError::Empty);
        }
        // Each part: (text, smallest digit count, largest digit count).
        let (separator, widths): (u8, [(usize, usize); 3]) = match self {
            DateFormat::Iso => (b'-', [(4, 4), (2, 2), (2, 2)]),
            DateFormat::MonthDayYear | DateFormat::DayMonthYear => (b'/', [(1, 2), (1, 2), (4, 4)]),
            DateFormat::DayMonthYearDotted => (b'.', [(2, 2), (2, 2), (4, 4)]),
        };

        // The separator is ASCII, so it splits the bytes where it splits the characters.
        let mut parts = text.as_bytes().split(|b| *b == separator);
        let mut numbers = [0u32; 3];
        for ((min, max), number) in widths.into_iter().zip(numbers.iter_mut()) {
            let part = parts.next().ok_or(DateError::Pattern)?;
            let fits = (min..=max).contains(&part.len()) && part.iter().all(u8::is_ascii_digit);
            if !fits {
                return Err(DateError::Pattern);
            }
            // At most four digits, so no overflow.
            *number = part
                .iter()
                .fold(0, |n, digit| n * 10 + u32::from(digit - b'0'));
        }
        if parts.next().is_some() {
            return Err(DateError::Pattern);
        }

        let [a, b, c] = numbers;
        let (year, month, day) = match self {
            DateFormat::Iso => (a, b, c),
            DateFormat::MonthDayYear => (c, a, b),
            DateFormat::DayMonthYear | DateFormat::DayMonthYearDotted => (c, b, a),
        };
        let year = i32::try_from(year).map_err(|_| DateError::Pattern)?;
        NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay)
    }

    /// An example of the format: 15 March 2024 written this way.
    pub fn example(&self) -> &'static str {
        match self {
            DateFormat::Iso => "2024-03-15",
            DateFormat::MonthDayYear => "3/15/2024",
            DateFormat::DayMonthYear => "15/3/2024",
            DateFormat::DayMonthYearDotted => "15.03.2024",
        }
    }

    /// The message for a cell in the format whose day does not exist (month 13, 31 February),
    /// naming the format: `3/13/2024` in a `D/M/YYYY` export is most often a file written in
    /// another order than the profile reads.
    pub(crate) fn no_such_day_message(&self) -> String {
        let example = self.example();
        say!(
            en: "is not a calendar date in this profile's format {self} (for example {example}): \
                 no such day exists; correct the date, or choose a profile whose date format \
                 matches the file.",
            zh: "不是本格式配置所用日期格式 {self}（例如 {example}）下的有效日历日期：该日期\
                 不存在；请更正日期，或选择日期格式与文件相符的格式配置。",
        )
    }

    /// The message for a cell that does not fit, naming the format with an example; the
    /// format itself (`DD.MM.YYYY`) is written the same in every language.
    pub(crate) fn pattern_message(&self) -> String {
        let example = self.example();
        say!(
            en: "is not a date in this profile's format {self} (for example {example}); write \
                 dates in that format or choose a profile whose date format matches the file.",
            zh: "不是本格式配置所用日期格式 {self} 的日期（例如 {example}）；请按该格式填写日期，\
                 或选择日期格式与文件相符的格式配置。",
        )
    }
}

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::MonthDayYear => "M/D/YYYY",
            DateFormat::DayMonthYear => "D/M/YYYY",
            DateFormat::DayMonthYearDotted => "DD.MM.YYYY",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_format_reads_its_own_way_of_writing_15_march_2024() {
        let table = [
            (DateFormat::Iso, "2024-03-15"),
            (DateFormat::MonthDayYear, "3/15/2024"),
            (DateFormat::MonthDayYear, "03/15/2024"),
            (DateFormat::DayMonthYear, "15/3/2024"),
            (DateFormat::DayMonthYear, "15/03/2024"),
            (DateFormat::DayMonthYearDotted, "15.03.2024"),
            (DateFormat::DayMonthYearDotted, " 15.03.2024 "),
        ];
        for (format, text) in table {
            assert_eq!(
                format.parse(text),
                Ok(ymd(2024, 3, 15)),
                "{format} {text:?}"
            );
        }
    }

    #[test]
    fn a_date_that_does_not_fit_is_refused_never_read_another_way() {
        let table = [
            (DateFormat::Iso, "2024-3-15", DateError::Pattern),
            (DateFormat::Iso, "15.03.2024", DateError::Pattern),
            (DateFormat::Iso, "2024-03-15T10:00", DateError::Pattern),
            (DateFormat::Iso, "2024-02-30", DateError::NoSuchDay),
            (DateFormat::MonthDayYear, "15/3/2024", DateError::NoSuchDay),
            (DateFormat::MonthDayYear, "3/15/24", DateError::Pattern),
            (DateFormat::MonthDayYear, "2024-03-15", DateError::Pattern),
            (DateFormat::DayMonthYear, "3/15/2024", DateError::NoSuchDay),
            (DateFormat::DayMonthYear, "015/3/2024", DateError::Pattern),
            (
                DateFormat::DayMonthYearDotted,
                "5.3.2024",
                DateError::Pattern,
            ),
            (
                DateFormat::DayMonthYearDotted,
                "31.02.2024",
                DateError::NoSuchDay,
            ),
            (DateFormat::DayMonthYearDotted, "", DateError::Empty),
            (DateFormat::DayMonthYearDotted, "morgen", DateError::Pattern),
        ];
        for (format, text, expected) in table {
            assert_eq!(format.parse(text), Err(expected), "{format} {text:?}");
        }
    }

    #[test]
    fn the_message_names_the_format_with_an_example() {
        assert_eq!(
            DateFormat::DayMonthYearDotted.pattern_message(),
            "is not a date in this profile's format DD.MM.YYYY (for example 15.03.2024); write \
             dates in that format or choose a profile whose date format matches the file."
        );
    }
}
