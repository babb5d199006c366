//! Exact money: a `Decimal` amount with an ISO 4217 currency.
//!
//! Invariants: amounts never pass through floating point; two currencies are never added; an
//! amount is rounded only where a caller names the point and the strategy. The book stores money
//! as integer minor units (cents), so conversion to and from minor units is exact or refused.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::say;

/// An ISO 4217 currency code together with the number of digits of its minor unit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(type = "string"))]
#[serde(try_from = "String", into = "String")]
pub struct Currency {
    /// The code's place in [`ISO_4217_CODES`], which is sorted: ordering by it orders by code,
    /// and the code is read back without checking it again.
    index: u16,
    minor_digits: u8,
}

/// Active ISO 4217 currency codes (funds codes included, precious metals and test codes not),
/// sorted for binary search. A code outside this list is refused rather than guessed.
const ISO_4217_CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS",
    "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW",
    "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
    "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
    "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", "ZWL",
];

/// Currencies whose minor unit is not two digits. Every other well-formed code has two.
const MINOR_DIGITS_EXCEPTIONS: &[(&str, u8)] = &[
    ("BHD", 3),
    ("BIF", 0),
    ("CLF", 4),
    ("CLP", 0),
    ("DJF", 0),
    ("GNF", 0),
    ("IQD", 3),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KMF", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("LYD", 3),
    ("OMR", 3),
    ("PYG", 0),
    ("RWF", 0),
    ("TND", 3),
    ("UGX", 0),
    ("UYI", 0),
    ("UYW", 4),
    ("VND", 0),
    ("VUV", 0),
    ("XAF", 0),
    ("XOF", 0),
    ("XPF", 0),
];

impl Currency {
    /// Parses a three-letter ISO 4217 code such as `EUR` (upper case letters only).
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        let bytes = code.as_bytes();
        let found = if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
            ISO_4217_CODES.binary_search(&code).ok()
        } else {
            None
        };
        let Some(index) = found else {
            return Err(MoneyError::UnknownCurrency(code.to_string()));
        };
        let minor_digits = MINOR_DIGITS_EXCEPTIONS
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(2, |(_, d)| *d);
        Ok(Currency {
            index: u16::try_from(index).expect("fewer than 65,536 codes"),
            minor_digits,
        })
    }

    pub fn code(&self) -> &'static str {
        ISO_4217_CODES[usize::from(self.index)]
    }

    /// Digits after the decimal point of the minor unit: JPY 0, EUR 2, KWD 3.
    pub fn minor_digits(&self) -> u32 {
        u32::from(self.minor_digits)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::from_code(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

/// How a computed amount is brought to the currency's minor unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rounding {
    /// Commercial rounding: 0.525 becomes 0.53 and -0.525 becomes -0.53. The default for every
    /// computed amount (tax line, interest, fee, discount, conversion).
    HalfAwayFromZero,
    /// Banker's rounding: an exact half goes to the even neighbour. Offered for completeness;
    /// never the default, because invoices are expected to round commercially.
    HalfEven,
    /// Toward zero: used where a part must never exceed its share (none by default).
    TowardZero,
}

impl Rounding {
    fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::TowardZero => RoundingStrategy::ToZero,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    UnknownCurrency(String),
    CurrencyMismatch {
        left: Currency,
        right: Currency,
    },
    TooPrecise {
        amount: Decimal,
        currency: Currency,
        digits: u32,
    },
    Overflow {
        amount: Decimal,
        currency: Currency,
    },
    NoParts(usize),
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            MoneyError::UnknownCurrency(code) => say!(
                en: "\"{code}\" is not a currency code; use a three-letter ISO 4217 code such as \
                     EUR, USD or CNY.",
                zh: "“{code}”不是货币代码；请使用三个字母的 ISO 4217 货币代码，例如 EUR、USD 或 \
                     CNY。",
            ),
            MoneyError::CurrencyMismatch { left, right } => say!(
                en: "Cannot combine {left} with {right}: amounts in different currencies are never \
                     added; convert one of them first.",
                zh: "无法将 {left} 与 {right} 合并：不同币种的金额不能相加；请先将其中一笔换算为\
                     另一币种。",
            ),
            MoneyError::TooPrecise {
                amount,
                currency,
                digits,
            } => say!(
                en: "{amount} {currency} has more decimals than the {digits} that {currency} \
                     allows.",
                zh: "{amount} {currency} 的小数位数超过了 {currency} 允许的 {digits} 位。",
            ),
            MoneyError::Overflow { amount, currency } => say!(
                en: "{amount} {currency} is too large for the book; one amount may carry at most \
                     10^15 minor units of {currency}.",
                zh: "{amount} {currency} 超出了账簿可记录的范围；单笔金额最多为 10^15 个 \
                     {currency} 最小货币单位。",
            ),
            MoneyError::NoParts(parts) => say!(
                en: "Cannot split an amount into {parts} parts; give at least one part.",
                zh: "无法将金额拆分为 {parts} 份；请至少拆分为一份。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// An exact amount of one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Money {
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    amount: Decimal,
    currency: Currency,
}

impl Money {
    /// The largest amount one document may carry, in minor units: 10^15 (ten trillion euros, a
    /// quadrillion yen). Sums of a book are 64-bit integers; with this bound more than nine
    /// thousand documents of the largest size still add up without overflow, far beyond any
    /// real ledger, so a report can never wrap around silently.
    pub const MAX_MINOR: i64 = 1_000_000_000_000_000;

    /// An amount as given, without rounding. Use [`Money::exact`] for amounts that must already
    /// fit the minor unit (invoice totals, payments).
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// An amount that must fit the currency's minor unit exactly (5.323,54 EUR yes, 1.0005 no).
    pub fn exact(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        let digits = currency.minor_digits();
        if amount.normalize().scale() > digits {
            return Err(MoneyError::TooPrecise {
                amount,
                currency,
                digits,
            });
        }
        let mut amount = amount;
        amount.rescale(digits);
        Ok(Money { amount, currency })
    }

    pub fn zero(currency: Currency) -> Money {
        Money::from_minor(0, currency)
    }

    /// From integer minor units: 12345 EUR cents is 123.45 EUR.
    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money {
            amount: Decimal::new(minor, currency.minor_digits()),
            currency,
        }
    }

    /// To integer minor units; refuses an amount that does not fit the minor unit, and one of
    /// more than [`Money::MAX_MINOR`] minor units.
    pub fn to_minor(&self) -> Result<i64, MoneyError> {
        let exact = Money::exact(self.amount, self.currency)?;
        let mantissa = exact.amount.mantissa();
        match i64::try_from(mantissa) {
            Ok(minor) if minor.abs() <= Money::MAX_MINOR => Ok(minor),
            _ => Err(MoneyError::Overflow {
                amount: self.amount,
                currency: self.currency,
            }),
        }
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    pub fn is_negative(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// Rounds to the currency's minor unit with the named strategy.
    pub fn round(&self, rounding: Rounding) -> Money {
        let digits = self.currency.minor_digits();
        let mut amount = self
            .amount
            .round_dp_with_strategy(digits, rounding.strategy());
        amount.rescale(digits);
        Money {
            amount,
            currency: self.currency,
        }
    }

    pub fn checked_add(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Ok(Money {
            amount: self.amount + other.amount,
            currency: self.currency,
        })
    }

    pub fn checked_sub(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Ok(Money {
            amount: self.amount - other.amount,
            currency: self.currency,
        })
    }

    /// Multiplies by a factor (a rate, a percentage as a fraction). The result is not rounded.
    pub fn times(&self, factor: Decimal) -> Money {
        Money {
            amount: self.amount * factor,
            currency: self.currency,
        }
    }

    /// The amount with its sign turned; zero stays zero (never `-0.00`).
    pub fn negate(&self) -> Money {
        let mut amount = -self.amount;
        if amount.is_zero() {
            amount.set_sign_positive(true);
        }
        Money {
            amount,
            currency: self.currency,
        }
    }

    /// Splits into `parts` amounts of whole minor units that add up to exactly this amount.
    ///
    /// Every part gets the same base share, rounded toward zero; the minor units left over are
    /// added to the last part, so "1,000.00 in 3" gives 333.33, 333.33, 333.34. The rule is
    /// deterministic: the same inputs always give the same parts.
    pub fn split(&self, parts: usize) -> Result<Vec<Money>, MoneyError> {
        if parts == 0 {
            return Err(MoneyError::NoParts(parts));
        }
        let total = self.to_minor()?;
        let count = parts as i64;
        let base = total / count;
        let leftover = total - base * count;
        let mut out = vec![Money::from_minor(base, self.currency); parts];
        out[parts - 1] = Money::from_minor(base + leftover, self.currency);
        Ok(out)
    }

    /// Converts at `rate` units of `target` per unit of this currency, rounded half away from
    /// zero to the target's minor unit: 2,000.00 CZK at 0.03 is 60.00 USD.
    pub fn convert(&self, rate: Decimal, target: Currency) -> Money {
        Money::new(self.amount * rate, target).round(Rounding::HalfAwayFromZero)
    }

    /// The amount of `source` currency that converts to this amount at `rate` (units of this
    /// currency per unit of `source`), rounded half away from zero: 260.00 USD at 0.03 USD per
    /// CZK needs 8,666.67 CZK. Returns `None` for a zero rate.
    pub fn convert_back(&self, rate: Decimal, source: Currency) -> Option<Money> {
        if rate.is_zero() {
            return None;
        }
        Some(Money::new(self.amount / rate, source).round(Rounding::HalfAwayFromZero))
    }

    fn same_currency(&self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn zero_negated_is_zero_not_minus_zero() {
        let eur = super::Currency::from_code("EUR").unwrap();
        let zero = super::Money::from_minor(0, eur);
        assert_eq!(zero.negate().to_string(), "0.00 EUR");
        assert_eq!(zero.negate().negate().to_string(), "0.00 EUR");
        assert_eq!(
            super::Money::from_minor(-150, eur).negate().to_string(),
            "1.50 EUR"
        );
    }

    use super::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(Currency::from_code("JPY").unwrap().minor_digits(), 0);
        assert_eq!(Currency::from_code("CNY").unwrap().minor_digits(), 2);
        assert_eq!(Currency::from_code("KWD").unwrap().minor_digits(), 3);
    }

    #[test]
    fn unknown_currency_is_refused_with_a_full_sentence() {
        let err = Currency::from_code("eur").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"eur\" is not a currency code; use a three-letter ISO 4217 code such as EUR, USD or CNY."
        );
    }

    #[test]
    fn adding_two_currencies_is_an_error() {
        let usd = Currency::from_code("USD").unwrap();
        let err = Money::from_minor(100, eur())
            .checked_add(Money::from_minor(100, usd))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Cannot combine EUR with USD: amounts in different currencies are never added; \
             convert one of them first."
        );
    }

    #[test]
    fn commercial_rounding_sends_half_cents_away_from_zero() {
        // Case B24: 2.50 x 0.21 = 0.525 must become 0.53, not the banker's 0.52.
        let tax = Money::new(d("2.50"), eur())
            .times(d("0.21"))
            .round(Rounding::HalfAwayFromZero);
        assert_eq!(tax.amount(), d("0.53"));
        let neg = Money::new(d("-0.525"), eur()).round(Rounding::HalfAwayFromZero);
        assert_eq!(neg.amount(), d("-0.53"));
        let even = Money::new(d("0.525"), eur()).round(Rounding::HalfEven);
        assert_eq!(even.amount(), d("0.52"));
    }

    #[test]
    fn exact_refuses_amounts_finer_than_the_minor_unit() {
        assert!(Money::exact(d("1.0005"), eur()).is_err());
        assert_eq!(
            Money::exact(d("89.9"), eur()).unwrap().to_minor().unwrap(),
            8990
        );
        let jpy = Currency::from_code("JPY").unwrap();
        assert!(Money::exact(d("10.5"), jpy).is_err());
    }

    #[test]
    fn codes_outside_iso_4217_and_amounts_beyond_the_bound_are_refused() {
        for code in ["EUX", "XYZ", "BTC"] {
            assert!(Currency::from_code(code).is_err(), "{code}");
        }
        let huge = Money::new(d("50000000000000000.00"), eur());
        assert_eq!(
            huge.to_minor().unwrap_err().to_string(),
            "50000000000000000.00 EUR is too large for the book; one amount may carry at most \
             10^15 minor units of EUR."
        );
        assert_eq!(
            Money::from_minor(Money::MAX_MINOR, eur()).to_minor(),
            Ok(Money::MAX_MINOR)
        );
    }

    #[test]
    fn split_puts_the_leftover_on_the_last_part() {
        let parts = Money::from_minor(100_000, eur()).split(3).unwrap();
        let minors: Vec<i64> = parts.iter().map(|m| m.to_minor().unwrap()).collect();
        assert_eq!(minors, vec![33_333, 33_333, 33_334]);
    }
}
