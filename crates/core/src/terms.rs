//! Payment terms: how an invoice's total turns into due instalments, and the early-payment
//! discount it offers.
//!
//! Terms are parsed from text once, when an invoice is posted, and frozen on the invoice as a
//! [`FrozenTerms`] schedule; editing a terms template later never moves a posted invoice's dates
//! (case B04). All date arithmetic is calendar arithmetic on `NaiveDate` with chrono's `Days` and
//! `Months` and explicit last-day-of-month logic, so no time zone or daylight-saving change can
//! shift a date (cases B14, B15).
//!
//! # Canonical text
//!
//! ```text
//! terms       = [deposit ", "] [discount " "] due [" " instalments]
//! deposit     = "deposit " PERCENT "% " DAYS day-unit
//! discount    = PERCENT "/" DAYS
//! due         = "net " DAYS
//!             | "eom +" MONTHS month-unit
//!             | DAYS day-unit " eom"
//!             | "eom " DAYS day-unit
//!             | DAYS day-unit " eom day " DAY
//!             | "fixed " MM "-" DD
//! instalments = "in " COUNT part-unit " every " (DAYS day-unit | MONTHS month-unit)
//! day-unit    = " day" | " days"       month-unit = " month" | " months"
//! part-unit   = " part" | " parts"
//! ```
//!
//! The due rules, in the order above: `net 30` is the invoice date + 30 days; `eom +1 month` is
//! the last calendar day of the month after the invoice month (never "the invoice month's last
//! day, then one month", which lands on the 30th of a 31-day month, case B01); `30 days eom` is
//! the invoice date + 30 days, then the last day of that month; `eom 30 days` is the last day of
//! the invoice month, then + 30 days; `30 days eom day 10` is the invoice date + 30 days, then
//! the 10th of the month after that date's month, clamped to the month's length (case B02);
//! `fixed 10-30` is the next 30 October on or after the invoice date ("after harvest").
//!
//! The discount `2/10` offers 2 percent of the total off when the invoice is paid within 10 days
//! of its date, the 10th day included; the deposit `deposit 30% 0 days` asks for 30 percent of
//! the total on the invoice date.
//!
//! Accepted values: DAYS 0 to 3650 (1 to 3650 as an instalment interval), MONTHS 0 to 120 (1 to
//! 120 as an interval), DAY 1 to 31, MM-DD a day that exists in a leap year, COUNT 1 to 360,
//! PERCENT above 0 and below 100 (decimals allowed). Anything else is refused naming the value.
//!
//! The unit words are singular when the number is 1 (`in 1 part every 1 month`, `1 day eom`).
//! `PERCENT` is written without trailing zeros (`1.5`, `2`); `MM-DD` with two digits each.
//! [`PaymentTerms`]'s `Display` writes exactly this text and `parse(display(t)) == t`.
//!
//! Parsing is case-insensitive and tolerant of extra spaces and a few common spellings:
//! `Net 30`, `NET30`, `n/30`, `net 30 days` and `30 days` mean `net 30`; `Due on receipt` means
//! `net 0`; `EOM` and `net EOM` alone mean `eom +0 months` (the last day of the invoice month);
//! `end of month` may be written for `eom`, `eom 1 month` for `eom +1 month`; a comma may follow
//! the discount; the deposit may also come last (`net 30, deposit 30% 0 days`) and `deposit 30%`
//! without days means 0 days. A fixed date of 02-29 is accepted and falls on 02-28 in years
//! without a 29 February.
//!
//! # Schedule
//!
//! Without a deposit, the first instalment falls on the due rule's date and each further one an
//! interval later. Month intervals are counted from the first due date, never chained, with the
//! day clamped to the month's length: from 01-31, one month later is 02-29 (or 02-28) and two
//! months later is 03-31. The total is split with [`Money::split`]: equal parts, the leftover minor
//! units on the last. With a deposit, instalment 1 is the deposit share (total x percent, rounded
//! half away from zero) due the deposit's days after the invoice date, and the rest of the total
//! goes through the due rule and instalments as above.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ledger::{DiscountOffer, FrozenTerms, Instalment};
use crate::money::{Money, MoneyError, Rounding};
use crate::say;
use crate::text::Word;

/// When the (first) due date falls, counted from the invoice date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DueRule {
    /// `net 30`: invoice date + N days.
    Net { days: u32 },
    /// `eom +1 month`: last day of the month N months after the invoice month (case B01).
    EndOfMonthPlusMonths { months: u32 },
    /// `30 days eom`: invoice date + N days, then the last day of that month.
    DaysThenEndOfMonth { days: u32 },
    /// `eom 30 days`: last day of the invoice month, then + N days.
    EndOfMonthThenDays { days: u32 },
    /// `30 days eom day 10`: invoice date + N days, end of that month, then day D of the next
    /// month (case B02).
    DaysEndOfMonthThenDay { days: u32, day: u32 },
    /// `fixed 10-30`: the next 30 October on or after the invoice date ("after harvest").
    FixedDate { month: u32, day: u32 },
}

/// `2/10`: `percent` off when paid within `days` days of the invoice date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlyDiscount {
    pub percent: Decimal,
    pub days: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Interval {
    Days(u32),
    Months(u32),
}

/// `in 3 parts every 1 month`: the first part at the due rule's date, the next ones an interval
/// apart; the amount is split with the leftover minor units on the last part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalmentRule {
    pub count: u32,
    pub interval: Interval,
}

/// `deposit 30% 0 days`: a share of the total due N days after the invoice date, before the rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositRule {
    pub percent: Decimal,
    pub days: u32,
}

/// Parsed payment terms. Values are within the limits [`PaymentTerms::parse`] enforces whenever
/// they come from `parse`; terms built by hand are checked again by [`PaymentTerms::freeze`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub due: DueRule,
    pub discount: Option<EarlyDiscount>,
    pub instalments: Option<InstalmentRule>,
    pub deposit: Option<DepositRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    /// The text does not follow any accepted form.
    Unparsable(String),
    /// The form is right but one value makes no sense (0 parts, 100 percent, day 32, month 13).
    InvalidValue {
        terms: String,
        field: Word,
        value: String,
        /// What is accepted instead, as the end of a sentence.
        accepted: Word,
    },
    /// A date of the schedule would fall outside the calendar chrono supports.
    DateOutOfRange {
        terms: String,
        invoice_date: NaiveDate,
    },
    Money(#[from] MoneyError),
}

impl fmt::Display for TermsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            TermsError::Unparsable(text) => say!(
                en: "\"{text}\" is not a payment term. Use one of the forms net 30, eom +1 month, \
                     30 days eom, eom 30 days, 30 days eom day 10 or fixed 10-30, optionally \
                     preceded by a deposit such as \"deposit 30% 0 days,\" and an early-payment \
                     discount such as \"2/10\", and optionally followed by instalments such as \
                     \"in 3 parts every 1 month\".",
                zh: "“{text}”不是有效的付款条件。请使用以下格式之一：net 30、eom +1 month、\
                     30 days eom、eom 30 days、30 days eom day 10 或 fixed 10-30；前面可以加上\
                     定金条款（例如“deposit 30% 0 days,”）和提前付款折扣（例如“2/10”），后面\
                     可以加上分期条款（例如“in 3 parts every 1 month”）。",
            ),
            TermsError::InvalidValue {
                terms,
                field,
                value,
                accepted,
            } => say!(
                en: "The {field} {value} in the payment terms \"{terms}\" is not accepted; \
                     {accepted}.",
                zh: "付款条件“{terms}”中的{field} {value} 不可接受；{accepted}。",
            ),
            TermsError::DateOutOfRange {
                terms,
                invoice_date,
            } => say!(
                en: "The payment terms \"{terms}\" give a due date beyond the supported calendar \
                     for an invoice dated {invoice_date}; check the invoice date.",
                zh: "按付款条件“{terms}”，开票日期为 {invoice_date} 的发票的到期日超出了支持的\
                     日历范围；请检查开票日期。",
            ),
            TermsError::Money(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

/// The accepted range of one number in a payment term, with the words that explain it.
struct Limit {
    field: Word,
    min: u32,
    max: u32,
    accepted: Word,
}

const DAYS: Limit = Limit {
    field: Word::new("number of days", "天数"),
    min: 0,
    max: 3650,
    accepted: Word::new("give from 0 to 3650 days", "请填写 0 到 3650 天"),
};
const MONTHS: Limit = Limit {
    field: Word::new("number of months", "月数"),
    min: 0,
    max: 120,
    accepted: Word::new("give from 0 to 120 months", "请填写 0 到 120 个月"),
};
const DAY_OF_MONTH: Limit = Limit {
    field: Word::new("day of month", "每月日期"),
    min: 1,
    max: 31,
    accepted: Word::new("give a day from 1 to 31", "请填写 1 到 31 之间的日期"),
};
const MONTH: Limit = Limit {
    field: Word::new("month", "月份"),
    min: 1,
    max: 12,
    accepted: Word::new("give a month from 01 to 12", "请填写 01 到 12 之间的月份"),
};
const PARTS: Limit = Limit {
    field: Word::new("instalment count", "分期期数"),
    min: 1,
    max: 360,
    accepted: Word::new("give from 1 to 360 parts", "请填写 1 到 360 期"),
};
const INTERVAL_DAYS: Limit = Limit {
    field: Word::new("instalment interval", "分期间隔"),
    min: 1,
    max: 3650,
    accepted: Word::new(
        "give from 1 to 3650 days or from 1 to 120 months",
        "请填写 1 到 3650 天或 1 到 120 个月",
    ),
};
const INTERVAL_MONTHS: Limit = Limit {
    max: 120,
    ..INTERVAL_DAYS
};
const DEPOSIT_PERCENT: Word = Word::new("deposit percentage", "定金比例");
const DISCOUNT_PERCENT: Word = Word::new("early-payment discount percentage", "提前付款折扣比例");
const FIXED_DATE: Word = Word::new("fixed date", "固定到期日");
const PERCENT_ACCEPTED: Word = Word::new(
    "give a percentage above 0 and below 100, such as 2 or 1.5",
    "请填写大于 0 且小于 100 的百分比，例如 2 或 1.5",
);
const FIXED_DATE_ACCEPTED: Word = Word::new(
    "give a month and day that exist, such as 10-30 (02-29 is accepted and means 02-28 in \
     years without it)",
    "请填写实际存在的月和日，例如 10-30（02-29 也可以填写，在没有 2 月 29 日的年份表示 02-28）",
);

impl PaymentTerms {
    pub fn net(days: u32) -> PaymentTerms {
        PaymentTerms {
            due: DueRule::Net { days },
            discount: None,
            instalments: None,
            deposit: None,
        }
    }

    /// Reads terms written in the canonical form or one of the common spellings listed in the
    /// module documentation.
    pub fn parse(text: &str) -> Result<PaymentTerms, TermsError> {
        let unparsable = || TermsError::Unparsable(text.trim().to_string());
        let normalized = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let normalized = normalized.replace("end of month", "eom");
        let tokens = tokenize(&normalized).ok_or_else(unparsable)?;
        let raw = Grammar {
            tokens: &tokens,
            pos: 0,
        }
        .terms()
        .ok_or_else(unparsable)?;
        let terms = raw.build(text.trim())?;
        terms.check(text.trim())?;
        Ok(terms)
    }

    /// The due rule's date for an invoice dated `invoice_date`: the first instalment after any
    /// deposit.
    pub fn due_date(&self, invoice_date: NaiveDate) -> Result<NaiveDate, TermsError> {
        self.due_rule_date(invoice_date)
            .ok_or_else(|| TermsError::DateOutOfRange {
                terms: self.to_string(),
                invoice_date,
            })
    }

    /// The schedule and discount offer of an invoice posted on `invoice_date` for `total`.
    ///
    /// Invariants of the result: instalments are numbered from 1 (the deposit first, then the
    /// parts in date order), their amounts add up to `total` exactly, and nothing in it depends
    /// on these terms afterwards.
    pub fn freeze(&self, invoice_date: NaiveDate, total: Money) -> Result<FrozenTerms, TermsError> {
        let text = self.to_string();
        self.check(&text)?;
        let out_of_range = || TermsError::DateOutOfRange {
            terms: text.clone(),
            invoice_date,
        };

        let mut parts: Vec<(NaiveDate, Money)> = Vec::new();
        let mut rest = total;
        if let Some(deposit) = &self.deposit {
            let share = total.times(deposit.percent / Decimal::ONE_HUNDRED);
            let share = share.round(Rounding::HalfAwayFromZero);
            let due = add_days(invoice_date, deposit.days).ok_or_else(out_of_range)?;
            parts.push((due, share));
            rest = total.checked_sub(share)?;
        }
        let first = self.due_rule_date(invoice_date).ok_or_else(out_of_range)?;
        let rule = self.instalments.clone().unwrap_or(InstalmentRule {
            count: 1,
            interval: Interval::Days(1),
        });
        // Terms that fall due at a month's end keep falling due at month ends: "eom +1 month in
        // 3 parts" from 2024-01-31 is due 02-29, 03-31 and 04-30, not 03-29 and 04-29 (the
        // month-end clamp of February must not carry into later parts; case B01's fault kind).
        let month_end = matches!(
            self.due,
            DueRule::EndOfMonthPlusMonths { .. } | DueRule::DaysThenEndOfMonth { .. }
        );
        for (step, amount) in rest.split(rule.count as usize)?.into_iter().enumerate() {
            let due = step_from(first, rule.interval, step as u32).ok_or_else(out_of_range)?;
            let due = match (month_end, rule.interval) {
                (true, Interval::Months(_)) => {
                    last_day_of_month(due.year(), due.month()).ok_or_else(out_of_range)?
                }
                _ => due,
            };
            parts.push((due, amount));
        }

        let instalments = parts
            .into_iter()
            .zip(1..)
            .map(|((due_date, amount), seq)| Instalment {
                seq,
                due_date,
                amount,
            })
            .collect();
        let discount = match &self.discount {
            None => None,
            Some(d) => Some(DiscountOffer {
                percent: d.percent,
                until: add_days(invoice_date, d.days).ok_or_else(out_of_range)?,
                amount: total
                    .times(d.percent / Decimal::ONE_HUNDRED)
                    .round(Rounding::HalfAwayFromZero),
            }),
        };
        Ok(FrozenTerms {
            text,
            instalments,
            discount,
        })
    }

    fn due_rule_date(&self, invoice: NaiveDate) -> Option<NaiveDate> {
        match self.due {
            DueRule::Net { days } => add_days(invoice, days),
            DueRule::EndOfMonthPlusMonths { months } => {
                let (year, month) = month_after(invoice.year(), invoice.month(), months)?;
                last_day_of_month(year, month)
            }
            DueRule::DaysThenEndOfMonth { days } => {
                let later = add_days(invoice, days)?;
                last_day_of_month(later.year(), later.month())
            }
            DueRule::EndOfMonthThenDays { days } => {
                add_days(last_day_of_month(invoice.year(), invoice.month())?, days)
            }
            DueRule::DaysEndOfMonthThenDay { days, day } => {
                // The end of the month only names the anchor month; day D is in the month after.
                let later = add_days(invoice, days)?;
                let (year, month) = month_after(later.year(), later.month(), 1)?;
                day_clamped(year, month, day)
            }
            DueRule::FixedDate { month, day } => {
                let this_year = day_clamped(invoice.year(), month, day)?;
                if this_year >= invoice {
                    Some(this_year)
                } else {
                    day_clamped(invoice.year().checked_add(1)?, month, day)
                }
            }
        }
    }

    /// Refuses values that make no sense, naming the first one found; `terms` is the text shown.
    fn check(&self, terms: &str) -> Result<(), TermsError> {
        let within = |limit: &Limit, value: u32| {
            if (limit.min..=limit.max).contains(&value) {
                Ok(())
            } else {
                Err(invalid(
                    terms,
                    limit.field,
                    value.to_string(),
                    limit.accepted,
                ))
            }
        };
        let percent = |field: Word, value: Decimal| {
            if value > Decimal::ZERO && value < Decimal::ONE_HUNDRED {
                Ok(())
            } else {
                Err(invalid(
                    terms,
                    field,
                    format!("{}%", value.normalize()),
                    PERCENT_ACCEPTED,
                ))
            }
        };

        if let Some(deposit) = &self.deposit {
            percent(DEPOSIT_PERCENT, deposit.percent)?;
            within(&DAYS, deposit.days)?;
        }
        if let Some(discount) = &self.discount {
            percent(DISCOUNT_PERCENT, discount.percent)?;
            within(&DAYS, discount.days)?;
        }
        match self.due {
            DueRule::Net { days }
            | DueRule::DaysThenEndOfMonth { days }
            | DueRule::EndOfMonthThenDays { days } => within(&DAYS, days)?,
            DueRule::EndOfMonthPlusMonths { months } => within(&MONTHS, months)?,
            DueRule::DaysEndOfMonthThenDay { days, day } => {
                within(&DAYS, days)?;
                within(&DAY_OF_MONTH, day)?;
            }
            DueRule::FixedDate { month, day } => {
                within(&MONTH, month)?;
                within(&DAY_OF_MONTH, day)?;
                // 2000 is a leap year, so 02-29 passes and 02-30 or 04-31 do not.
                if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
                    let value = format!("{month:02}-{day:02}");
                    return Err(invalid(terms, FIXED_DATE, value, FIXED_DATE_ACCEPTED));
                }
            }
        }
        if let Some(rule) = &self.instalments {
            within(&PARTS, rule.count)?;
            match rule.interval {
                Interval::Days(days) => within(&INTERVAL_DAYS, days)?,
                Interval::Months(months) => within(&INTERVAL_MONTHS, months)?,
            }
        }
        Ok(())
    }
}

impl FromStr for PaymentTerms {
    type Err = TermsError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PaymentTerms::parse(s)
    }
}

impl fmt::Display for PaymentTerms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(deposit) = &self.deposit {
            let days = counted(deposit.days, "day", "days");
            write!(f, "deposit {}% {days}, ", deposit.percent.normalize())?;
        }
        if let Some(discount) = &self.discount {
            write!(f, "{}/{} ", discount.percent.normalize(), discount.days)?;
        }
        match self.due {
            DueRule::Net { days } => write!(f, "net {days}")?,
            DueRule::EndOfMonthPlusMonths { months } => {
                write!(f, "eom +{}", counted(months, "month", "months"))?
            }
            DueRule::DaysThenEndOfMonth { days } => {
                write!(f, "{} eom", counted(days, "day", "days"))?
            }
            DueRule::EndOfMonthThenDays { days } => {
                write!(f, "eom {}", counted(days, "day", "days"))?
            }
            DueRule::DaysEndOfMonthThenDay { days, day } => {
                write!(f, "{} eom day {day}", counted(days, "day", "days"))?
            }
            DueRule::FixedDate { month, day } => write!(f, "fixed {month:02}-{day:02}")?,
        }
        if let Some(rule) = &self.instalments {
            let every = match rule.interval {
                Interval::Days(days) => counted(days, "day", "days"),
                Interval::Months(months) => counted(months, "month", "months"),
            };
            write!(
                f,
                " in {} every {every}",
                counted(rule.count, "part", "parts")
            )?;
        }
        Ok(())
    }
}

/// Terms with an explicit due date given by the source system (most exports carry one): one
/// instalment of the whole total at `due`, no discount offer, and `text` kept as the source
/// wrote it.
pub fn single_due_date(text: &str, due: NaiveDate, total: Money) -> FrozenTerms {
    FrozenTerms {
        text: text.trim().to_string(),
        instalments: vec![Instalment {
            seq: 1,
            due_date: due,
            amount: total,
        }],
        discount: None,
    }
}

/// The early-payment discount to grant when `paid`, received on `paid_on`, settles an invoice
/// whose open amount is `open`.
///
/// Granted as `open - paid` when the payment arrives on or before the offer's deadline (the
/// deadline day counts), the payment is positive, and the difference is above zero and at most
/// the offered amount. Anything else (late, too little, overpaid, another currency) grants
/// nothing and leaves the difference open (case B04).
pub fn settlement_discount(
    offer: &DiscountOffer,
    paid_on: NaiveDate,
    paid: Money,
    open: Money,
) -> Option<Money> {
    if paid_on > offer.until || paid.is_negative() || paid.is_zero() {
        return None;
    }
    if paid.currency() != offer.amount.currency() {
        return None;
    }
    let remainder = open.checked_sub(paid).ok()?;
    let within_offer = remainder.amount() <= offer.amount.amount();
    (remainder.amount() > Decimal::ZERO && within_offer).then_some(remainder)
}

fn invalid(terms: &str, field: Word, value: String, accepted: Word) -> TermsError {
    TermsError::InvalidValue {
        terms: terms.to_string(),
        field,
        value,
        accepted,
    }
}

fn counted(value: u32, one: &str, many: &str) -> String {
    format!("{value} {}", if value == 1 { one } else { many })
}

fn add_days(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::from(days)))
}

/// The (year, month) `months` months after the given one.
fn month_after(year: i32, month: u32, months: u32) -> Option<(i32, u32)> {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + i64::from(months);
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    Some((year, index.rem_euclid(12) as u32 + 1))
}

/// The last calendar day of a month: the largest of 31, 30, 29, 28 that exists in it.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    (28..=31)
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}

/// Day `day` of a month, or the month's last day when the month is shorter.
fn day_clamped(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let last = last_day_of_month(year, month)?;
    NaiveDate::from_ymd_opt(year, month, day.min(last.day()))
}

/// The date `steps` intervals after `first`, always counted from `first` so that month-end
/// clamping in one step never carries into the next.
fn step_from(first: NaiveDate, interval: Interval, steps: u32) -> Option<NaiveDate> {
    match interval {
        Interval::Days(days) => {
            first.checked_add_days(Days::new(u64::from(days) * u64::from(steps)))
        }
        Interval::Months(months) => {
            first.checked_add_months(Months::new(months.checked_mul(steps)?))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token<'a> {
    /// Digits, possibly with one decimal point: `30`, `1.5`.
    Number(&'a str),
    Word(&'a str),
    Symbol(char),
}

/// Splits lower-cased text into numbers, words and the symbols `/ % + , -`; `None` on any other
/// character.
fn tokenize(text: &str) -> Option<Vec<Token<'_>>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        if c == b' ' {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let fraction = i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit();
            if fraction {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            tokens.push(Token::Number(&text[start..i]));
        } else if c.is_ascii_lowercase() {
            while i < bytes.len() && bytes[i].is_ascii_lowercase() {
                i += 1;
            }
            tokens.push(Token::Word(&text[start..i]));
        } else if b"/%+,-".contains(&c) {
            tokens.push(Token::Symbol(c as char));
            i += 1;
        } else {
            return None;
        }
    }
    Some(tokens)
}

/// Terms as read from the text, numbers still as written, before their values are checked.
struct RawTerms<'a> {
    deposit: Option<(&'a str, &'a str)>,
    discount: Option<(&'a str, &'a str)>,
    due: RawDue<'a>,
    instalments: Option<(&'a str, &'a str, bool)>,
}

enum RawDue<'a> {
    Net(&'a str),
    EndOfMonthPlusMonths(&'a str),
    DaysThenEndOfMonth(&'a str),
    EndOfMonthThenDays(&'a str),
    DaysEndOfMonthThenDay(&'a str, &'a str),
    FixedDate(&'a str, &'a str),
}

impl RawTerms<'_> {
    fn build(&self, text: &str) -> Result<PaymentTerms, TermsError> {
        let whole = |digits: &str, limit: &Limit| -> Result<u32, TermsError> {
            if digits.contains('.') {
                return Err(TermsError::Unparsable(text.to_string()));
            }
            digits
                .parse::<u32>()
                .map_err(|_| invalid(text, limit.field, digits.to_string(), limit.accepted))
        };
        let percent = |digits: &str, field: Word| -> Result<Decimal, TermsError> {
            Decimal::from_str(digits)
                .map_err(|_| invalid(text, field, format!("{digits}%"), PERCENT_ACCEPTED))
        };

        let deposit = match self.deposit {
            None => None,
            Some((p, days)) => Some(DepositRule {
                percent: percent(p, DEPOSIT_PERCENT)?,
                days: whole(days, &DAYS)?,
            }),
        };
        let discount = match self.discount {
            None => None,
            Some((p, days)) => Some(EarlyDiscount {
                percent: percent(p, DISCOUNT_PERCENT)?,
                days: whole(days, &DAYS)?,
            }),
        };
        let due = match self.due {
            RawDue::Net(days) => DueRule::Net {
                days: whole(days, &DAYS)?,
            },
            RawDue::EndOfMonthPlusMonths(m) => DueRule::EndOfMonthPlusMonths {
                months: whole(m, &MONTHS)?,
            },
            RawDue::DaysThenEndOfMonth(days) => DueRule::DaysThenEndOfMonth {
                days: whole(days, &DAYS)?,
            },
            RawDue::EndOfMonthThenDays(days) => DueRule::EndOfMonthThenDays {
                days: whole(days, &DAYS)?,
            },
            RawDue::DaysEndOfMonthThenDay(days, day) => DueRule::DaysEndOfMonthThenDay {
                days: whole(days, &DAYS)?,
                day: whole(day, &DAY_OF_MONTH)?,
            },
            RawDue::FixedDate(month, day) => DueRule::FixedDate {
                month: whole(month, &MONTH)?,
                day: whole(day, &DAY_OF_MONTH)?,
            },
        };
        let instalments = match self.instalments {
            None => None,
            Some((count, every, months)) => Some(InstalmentRule {
                count: whole(count, &PARTS)?,
                interval: if months {
                    Interval::Months(whole(every, &INTERVAL_MONTHS)?)
                } else {
                    Interval::Days(whole(every, &INTERVAL_DAYS)?)
                },
            }),
        };
        Ok(PaymentTerms {
            due,
            discount,
            instalments,
            deposit,
        })
    }
}

/// A recursive-descent reader over the tokens; every method returns `None` when the text does
/// not follow the grammar at that point.
struct Grammar<'t, 'a> {
    tokens: &'t [Token<'a>],
    pos: usize,
}

impl<'a> Grammar<'_, 'a> {
    fn terms(mut self) -> Option<RawTerms<'a>> {
        let mut deposit = None;
        if self.word("deposit") {
            deposit = Some(self.deposit_rest()?);
            self.symbol(',');
        }
        let discount = self.discount();
        if discount.is_some() {
            self.symbol(',');
        }
        let due = self.due()?;
        let instalments = if self.word("in") {
            Some(self.instalments_rest()?)
        } else {
            None
        };
        if deposit.is_none() && (self.symbol(',') || self.peek() == Some(Token::Word("deposit"))) {
            if !self.word("deposit") {
                return None;
            }
            deposit = Some(self.deposit_rest()?);
        }
        (self.pos == self.tokens.len()).then_some(RawTerms {
            deposit,
            discount,
            due,
            instalments,
        })
    }

    fn deposit_rest(&mut self) -> Option<(&'a str, &'a str)> {
        let percent = self.number()?;
        self.expect_symbol('%')?;
        let days = match self.peek() {
            Some(Token::Number(_)) => {
                let days = self.number()?;
                self.day_unit()?;
                days
            }
            _ => "0",
        };
        Some((percent, days))
    }

    /// `2/10`, but not `n/30`, which is a net term.
    fn discount(&mut self) -> Option<(&'a str, &'a str)> {
        let start = self.pos;
        let found = (|| {
            let percent = self.number()?;
            self.expect_symbol('/')?;
            Some((percent, self.number()?))
        })();
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    fn due(&mut self) -> Option<RawDue<'a>> {
        match self.next()? {
            Token::Word("net") => {
                if self.word("eom") {
                    return Some(RawDue::EndOfMonthPlusMonths("0"));
                }
                let days = self.number()?;
                self.day_unit();
                Some(RawDue::Net(days))
            }
            Token::Word("n") => {
                self.expect_symbol('/')?;
                Some(RawDue::Net(self.number()?))
            }
            Token::Word("due") => {
                (self.word("on") && self.word("receipt")).then_some(RawDue::Net("0"))
            }
            Token::Word("eom") => {
                let plus = self.symbol('+');
                let Some(Token::Number(n)) = self.peek() else {
                    return (!plus).then_some(RawDue::EndOfMonthPlusMonths("0"));
                };
                self.pos += 1;
                if self.word("month") || self.word("months") {
                    Some(RawDue::EndOfMonthPlusMonths(n))
                } else {
                    self.day_unit()?;
                    Some(RawDue::EndOfMonthThenDays(n))
                }
            }
            Token::Number(days) => {
                self.day_unit()?;
                if !self.word("eom") {
                    return Some(RawDue::Net(days));
                }
                if self.word("day") {
                    return Some(RawDue::DaysEndOfMonthThenDay(days, self.number()?));
                }
                Some(RawDue::DaysThenEndOfMonth(days))
            }
            Token::Word("fixed") => {
                let month = self.number()?;
                self.expect_symbol('-')?;
                Some(RawDue::FixedDate(month, self.number()?))
            }
            _ => None,
        }
    }

    fn instalments_rest(&mut self) -> Option<(&'a str, &'a str, bool)> {
        let count = self.number()?;
        if !(self.word("part") || self.word("parts")) || !self.word("every") {
            return None;
        }
        let every = self.number()?;
        if self.word("month") || self.word("months") {
            Some((count, every, true))
        } else {
            self.day_unit()?;
            Some((count, every, false))
        }
    }

    fn peek(&self) -> Option<Token<'a>> {
        self.tokens.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<Token<'a>> {
        let token = self.peek()?;
        self.pos += 1;
        Some(token)
    }

    fn number(&mut self) -> Option<&'a str> {
        match self.peek()? {
            Token::Number(n) => {
                self.pos += 1;
                Some(n)
            }
            _ => None,
        }
    }

    fn word(&mut self, word: &str) -> bool {
        let found = self.peek() == Some(Token::Word(word));
        if found {
            self.pos += 1;
        }
        found
    }

    fn symbol(&mut self, symbol: char) -> bool {
        let found = self.peek() == Some(Token::Symbol(symbol));
        if found {
            self.pos += 1;
        }
        found
    }

    fn expect_symbol(&mut self, symbol: char) -> Option<()> {
        self.symbol(symbol).then_some(())
    }

    fn day_unit(&mut self) -> Option<()> {
        (self.word("day") || self.word("days")).then_some(())
    }
}
