//! Payment terms and the schedules they produce. (Logic to be completed.)

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ledger::FrozenTerms;
use crate::money::{Money, MoneyError};

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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerms {
    pub due: DueRule,
    pub discount: Option<EarlyDiscount>,
    pub instalments: Option<InstalmentRule>,
    pub deposit: Option<DepositRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("\"{0}\" is not a payment term.")]
    Unparsable(String),
    #[error(transparent)]
    Money(#[from] MoneyError),
}

impl PaymentTerms {
    pub fn net(days: u32) -> PaymentTerms {
        PaymentTerms { due: DueRule::Net { days }, discount: None, instalments: None, deposit: None }
    }

    pub fn parse(_text: &str) -> Result<PaymentTerms, TermsError> {
        todo!()
    }

    pub fn due_date(&self, _invoice_date: NaiveDate) -> NaiveDate {
        todo!()
    }

    pub fn freeze(&self, _invoice_date: NaiveDate, _total: Money) -> Result<FrozenTerms, TermsError> {
        todo!()
    }
}

/// Terms with an explicit due date given by the source system (most exports carry one).
pub fn single_due_date(_text: &str, _due: NaiveDate, _total: Money) -> FrozenTerms {
    todo!()
}
