//! Amounts as accounting exports write them, read with one profile's marks and nothing else.
//!
//! A file's decimal mark and grouping mark are set once by its profile and applied to every cell
//! (case B25): `1.000` is one thousand in a German export and `1,000.50` does not fit it at all.
//! A cell that does not fit the pattern is refused, never guessed, because a misread amount is
//! worse than a reported one.
//!
//! The accepted pattern, after trimming surrounding spaces:
//!
//! ```text
//! amount   = "-" [symbol] number | "(" [symbol] number ")" | [symbol] number
//! symbol   = "$" | "€" | "£" | "¥"
//! number   = integer [decimal-mark digit+]
//! integer  = digit+                                  (no grouping mark in the cell)
//!          | digit{1,3} (grouping-mark digit{3})+    (grouping marks, every group exactly 3)
//! ```
//!
//! Parentheses mean a negative amount (`($400.00)` is -400.00), as many exports write refunds.
//! A symbol must be the one of the amount's currency (see [`currency_symbol`]); the reader of
//! the cell checks it, since only it knows the currency.

use std::fmt;

use creditdesk_core::money::Currency;
use creditdesk_core::say;
use rust_decimal::Decimal;

/// The symbols accepted right after the sign or the opening parenthesis.
const CURRENCY_SYMBOLS: [char; 4] = ['$', '€', '£', '¥'];

/// Currencies written with `$`: the dollars, and the pesos that use the same sign.
const DOLLAR_SIGN_CURRENCIES: &[&str] = &[
    "ARS", "AUD", "BBD", "BMD", "BND", "BSD", "BZD", "CAD", "CLP", "COP", "CUP", "DOP", "FJD",
    "GYD", "HKD", "JMD", "KYD", "LRD", "MXN", "NAD", "NZD", "SBD", "SGD", "SRD", "TTD", "TWD",
    "USD", "UYU", "XCD", "ZWL",
];

/// Currencies written with `£`: sterling and the pounds at par with it.
const POUND_SIGN_CURRENCIES: &[&str] = &["FKP", "GBP", "GIP", "SHP"];

/// The symbol of `currency` among those an amount cell may carry, or `None` when it has none
/// of them (CHF, SEK, INR...). An amount written with another symbol than this one is refused:
/// `€10.00` in a USD row is not ten dollars.
pub(crate) fn currency_symbol(currency: Currency) -> Option<char> {
    let code = currency.code();
    if DOLLAR_SIGN_CURRENCIES.contains(&code) {
        Some('$')
    } else if POUND_SIGN_CURRENCIES.contains(&code) {
        Some('£')
    } else {
        match code {
            "EUR" => Some('€'),
            "JPY" | "CNY" => Some('¥'),
            _ => None,
        }
    }
}

/// The most digits an amount may have to be read as a 64-bit integer and a scale (10^18 - 1 is
/// below `i64::MAX`); longer ones are read as text, which also tells when they are too large.
const MAX_SMALL_DIGITS: usize = 18;

/// How one profile writes numbers.
///
/// Invariant (checked by [`crate::Profile::check`]): the two marks differ, and neither is a digit,
/// a sign, a parenthesis or a currency symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NumberFormat {
    pub decimal_mark: char,
    pub grouping_mark: Option<char>,
}

/// Why a cell is not an amount. The cell's text travels separately, in the row problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but spaces.
    Empty,
    /// The text does not follow the profile's pattern.
    Pattern,
    /// More than 28 significant digits.
    TooLarge,
}

impl NumberFormat {
    /// Reads one cell. See the module documentation for the accepted pattern.
    pub fn parse(&self, text: &str) -> Result<Decimal, AmountError> {
        self.parse_with_symbol(text).map(|(value, _)| value)
    }

    /// Like [`NumberFormat::parse`], also giving the currency symbol the cell is written with,
    /// so that the caller can check it against the amount's currency.
    pub(crate) fn parse_with_symbol(
        &self,
        text: &str,
    ) -> Result<(Decimal, Option<char>), AmountError> {
        let text = crate::row::trim(text);
        if text.is_empty() {
            return Err(AmountError::Empty);
        }

        let (negative, body) = if let Some(rest) = text.strip_prefix('-') {
            (true, rest)
        } else if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            (true, inner)
        } else {
            (false, text)
        };
        let symbol = body.chars().next().filter(|c| CURRENCY_SYMBOLS.contains(c));
        let body = symbol.map_or(body, |c| &body[c.len_utf8()..]);

        let (integer, fraction) = match body.split_once(self.decimal_mark) {
            Some((integer, fraction)) => (integer, Some(fraction)),
            None => (body, None),
        };
        if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
            return Err(AmountError::Pattern);
        }

        let value = if integer.len() + fraction.map_or(0, str::len) <= MAX_SMALL_DIGITS {
            // The digits without their marks as one integer, the fraction's length as the scale.
            let mut mantissa: i64 = 0;
            let mut push = |digits: &str| {
                for digit in digits.bytes() {
                    mantissa = mantissa * 10 + i64::from(digit - b'0');
                }
            };
            self.integer_digits(integer, &mut push)
                .ok_or(AmountError::Pattern)?;
            let scale = fraction.map_or(0, |fraction| {
                push(fraction);
                fraction.len()
            });
            // What reading the digits as text gives, scale included (`1.50` keeps two places):
            // with at most 18 digits there is nothing to round.
            Decimal::new(mantissa, scale as u32)
        } else {
            let mut digits = String::new();
            self.integer_digits(integer, |group| digits.push_str(group))
                .ok_or(AmountError::Pattern)?;
            if let Some(fraction) = fraction {
                digits.push('.');
                digits.push_str(fraction);
            }
            Decimal::from_str_exact(&digits).map_err(|_| AmountError::TooLarge)?
        };
        Ok((if negative { -value } else { value }, symbol))
    }

    /// Hands the digits of the integer part to `push`, a group at a time without the grouping
    /// marks; `None` when the integer part breaks the pattern (some digits may have been handed
    /// over by then).
    fn integer_digits(&self, integer: &str, mut push: impl FnMut(&str)) -> Option<()> {
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let grouped = self.grouping_mark.filter(|mark| integer.contains(*mark));
        let Some(mark) = grouped else {
            return all_digits(integer).then(|| push(integer));
        };

        let mut groups = integer.split(mark);
        let first = groups.next().unwrap_or_default();
        if !all_digits(first) || first.len() > 3 {
            return None;
        }
        push(first);
        for group in groups {
            if group.len() != 3 || !all_digits(group) {
                return None;
            }
            push(group);
        }
        Some(())
    }

    /// Writes `value` the way this format reads it: grouping marks every three digits when the
    /// format has one, the decimal mark before the fraction, a leading `-` when negative.
    pub fn format(&self, value: Decimal) -> String {
        let plain = value.abs().to_string();
        let (integer, fraction) = match plain.split_once('.') {
            Some((integer, fraction)) => (integer, Some(fraction)),
            None => (plain.as_str(), None),
        };

        let mut out = String::new();
        if value.is_sign_negative() && !value.is_zero() {
            out.push('-');
        }
        for (position, digit) in integer.chars().enumerate() {
            let left = integer.len() - position;
            if position > 0 && left % 3 == 0 {
                if let Some(mark) = self.grouping_mark {
                    out.push(mark);
                }
            }
            out.push(digit);
        }
        if let Some(fraction) = fraction {
            out.push(self.decimal_mark);
            out.push_str(fraction);
        }
        out
    }

    /// The message for a cell that does not fit, naming the marks and showing two examples in
    /// this format.
    pub(crate) fn pattern_message(&self) -> String {
        let example = self.format(Decimal::new(123_456, 2));
        say!(
            en: "is not an amount in this profile's format ({self}): write it like {example} or \
                 -{example}, optionally with a currency symbol ($, €, £, ¥) or in parentheses for \
                 a negative amount, or choose a profile whose number format matches the file.",
            zh: "不是本格式配置所用数字格式（{self}）的金额：请写成 {example} 或 -{example} 的\
                 形式，可以带货币符号（$、€、£、¥），负数也可以写在括号内；或选择数字格式与文件\
                 相符的格式配置。",
        )
    }
}

impl fmt::Display for NumberFormat {
    /// `decimal mark ",", grouping mark "."` or `decimal mark ".", no grouping mark`, in the
    /// language of the thread that displays it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decimal = self.decimal_mark;
        let marks = match self.grouping_mark {
            Some(grouping) => say!(
                en: "decimal mark \"{decimal}\", grouping mark \"{grouping}\"",
                zh: "小数点“{decimal}”，千位分隔符“{grouping}”",
            ),
            None => say!(
                en: "decimal mark \"{decimal}\", no grouping mark",
                zh: "小数点“{decimal}”，无千位分隔符",
            ),
        };
        f.write_str(&marks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DE: NumberFormat = NumberFormat {
        decimal_mark: ',',
        grouping_mark: Some('.'),
    };
    const EN: NumberFormat = NumberFormat {
        decimal_mark: '.',
        grouping_mark: Some(','),
    };
    const PLAIN: NumberFormat = NumberFormat {
        decimal_mark: '.',
        grouping_mark: None,
    };

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn german_amounts_of_case_b25() {
        let table: &[(&str, Result<&str, AmountError>)] = &[
            ("5.323,54", Ok("5323.54")),
            ("-1.000", Ok("-1000")),
            ("1.000,5", Ok("1000.5")),
            ("89,9", Ok("89.9")),
            // The English way of writing one thousand and a half does not fit de-DE.
            ("1,000.50", Err(AmountError::Pattern)),
            ("1.00,5", Err(AmountError::Pattern)),
            ("1,5,0", Err(AmountError::Pattern)),
            ("12.3456,00", Err(AmountError::Pattern)),
            ("", Err(AmountError::Empty)),
            ("   ", Err(AmountError::Empty)),
            ("abc", Err(AmountError::Pattern)),
        ];
        for (text, expected) in table {
            assert_eq!(DE.parse(text), expected.map(d), "cell {text:?}");
        }
    }

    #[test]
    fn symbols_parentheses_and_spaces_as_invoice_ninja_writes_them() {
        let table: &[(&str, Result<&str, AmountError>)] = &[
            ("$13.50", Ok("13.50")),
            ("$13.50 ", Ok("13.50")),
            ("($400.00)", Ok("-400.00")),
            ("(400.00)", Ok("-400.00")),
            ("-$1,234.56", Ok("-1234.56")),
            ("€1,000", Ok("1000")),
            ("£0.99", Ok("0.99")),
            ("¥12,345", Ok("12345")),
            ("1234567.891", Ok("1234567.891")),
            // The symbol comes after the sign, never before it.
            ("$-13.50", Err(AmountError::Pattern)),
            ("-(400.00)", Err(AmountError::Pattern)),
            ("(400.00", Err(AmountError::Pattern)),
            ("+5", Err(AmountError::Pattern)),
            ("13.50$", Err(AmountError::Pattern)),
            ("USD 13.50", Err(AmountError::Pattern)),
            ("1 000.00", Err(AmountError::Pattern)),
            (".5", Err(AmountError::Pattern)),
            ("5.", Err(AmountError::Pattern)),
            ("1,00", Err(AmountError::Pattern)),
            ("1234,567.00", Err(AmountError::Pattern)),
            ("0.5e3", Err(AmountError::Pattern)),
            ("99999999999999999999999999999", Err(AmountError::TooLarge)),
        ];
        for (text, expected) in table {
            assert_eq!(EN.parse(text), expected.map(d), "cell {text:?}");
        }
    }

    #[test]
    fn a_cell_gives_the_symbol_it_is_written_with_and_each_currency_has_at_most_one() {
        assert_eq!(
            EN.parse_with_symbol("(€1,000)"),
            Ok((d("-1000"), Some('€')))
        );
        assert_eq!(EN.parse_with_symbol("-¥5"), Ok((d("-5"), Some('¥'))));
        assert_eq!(EN.parse_with_symbol("12.50"), Ok((d("12.50"), None)));

        let symbol = |code| currency_symbol(Currency::from_code(code).unwrap());
        let table = [
            ("USD", Some('$')),
            ("CAD", Some('$')),
            ("AUD", Some('$')),
            ("NZD", Some('$')),
            ("HKD", Some('$')),
            ("SGD", Some('$')),
            ("MXN", Some('$')),
            ("EUR", Some('€')),
            ("GBP", Some('£')),
            ("JPY", Some('¥')),
            ("CNY", Some('¥')),
            ("CHF", None),
            ("BRL", None),
            ("EGP", None),
        ];
        for (code, expected) in table {
            assert_eq!(symbol(code), expected, "{code}");
        }
        for code in DOLLAR_SIGN_CURRENCIES.iter().chain(POUND_SIGN_CURRENCIES) {
            assert!(
                Currency::from_code(code).is_ok(),
                "{code} is an ISO 4217 code"
            );
        }
    }

    #[test]
    fn without_a_grouping_mark_every_separator_but_the_decimal_one_is_refused() {
        assert_eq!(PLAIN.parse("55.94"), Ok(d("55.94")));
        assert_eq!(PLAIN.parse("1234567"), Ok(d("1234567")));
        assert_eq!(PLAIN.parse("1,234.56"), Err(AmountError::Pattern));
        assert_eq!(PLAIN.parse("1.234.56"), Err(AmountError::Pattern));
    }

    #[test]
    fn amounts_of_18_digits_and_more_read_as_their_digits_read_as_text() {
        let cells = [
            "999999999999999999",
            "9999999999999999999",
            "99999999.9999999999",
            "0.000000000000000001",
            "000000000000000000000000000000000001.5",
            "79228162514264337593543950335",
            "-0.00",
            "1,234,567,890,123,456.78",
        ];
        for cell in cells {
            let digits = cell.trim_start_matches('-').replace(',', "");
            let as_text = Decimal::from_str_exact(&digits).unwrap();
            let expected = if cell.starts_with('-') {
                -as_text
            } else {
                as_text
            };
            let read = EN.parse(cell).unwrap();
            assert_eq!(read.to_string(), expected.to_string(), "cell {cell:?}");
            assert_eq!(read.scale(), expected.scale(), "cell {cell:?}");
        }
    }

    #[test]
    fn the_pattern_message_names_the_marks_and_shows_the_format() {
        assert_eq!(
            DE.pattern_message(),
            "is not an amount in this profile's format (decimal mark \",\", grouping mark \".\"): \
             write it like 1.234,56 or -1.234,56, optionally with a currency symbol ($, €, £, ¥) \
             or in parentheses for a negative amount, or choose a profile whose number format \
             matches the file."
        );
        assert_eq!(PLAIN.to_string(), "decimal mark \".\", no grouping mark");
        assert_eq!(PLAIN.format(d("-1234.56")), "-1234.56");
    }

    fn formats() -> impl Strategy<Value = NumberFormat> {
        prop_oneof![
            Just(DE),
            Just(EN),
            Just(PLAIN),
            Just(NumberFormat {
                decimal_mark: ',',
                grouping_mark: None
            }),
            Just(NumberFormat {
                decimal_mark: ',',
                grouping_mark: Some(' ')
            }),
            Just(NumberFormat {
                decimal_mark: '.',
                grouping_mark: Some('\'')
            }),
        ]
    }

    proptest! {
        #[test]
        fn an_amount_reads_as_its_digits_read_as_text_scale_included(
            integer in "[0-9]{1,14}",
            fraction in proptest::option::of("[0-9]{1,7}"),
            negative in any::<bool>(),
        ) {
            let digits = match &fraction {
                Some(fraction) => format!("{integer}.{fraction}"),
                None => integer.clone(),
            };
            let as_text = Decimal::from_str_exact(&digits).unwrap();
            let expected = if negative { -as_text } else { as_text };
            let cell = if negative { format!("-{digits}") } else { digits };
            let read = PLAIN.parse(&cell).unwrap();
            prop_assert_eq!(read.to_string(), expected.to_string());
            prop_assert_eq!(read.scale(), expected.scale());
        }

        #[test]
        fn a_formatted_amount_reads_back_as_itself(
            mantissa in any::<i64>(),
            scale in 0u32..=4,
            format in formats(),
        ) {
            let value = Decimal::new(mantissa, scale);
            let text = format.format(value);
            prop_assert_eq!(format.parse(&text), Ok(value), "text {}", text);
        }
    }
}
