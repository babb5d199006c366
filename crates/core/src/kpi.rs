//! Receivables measures computed from period figures: how long customers take to pay and how
//! well the credit desk collects.
//!
//! The inputs are one [`PeriodFigures`] for a period of `period_days` days ending at `as_of`:
//! receivables at the start (`receivables_begin`) and end (`receivables_end`) of the period, the
//! part of the end receivables not yet due (`current_end`), the credit sales of the period
//! (`credit_sales`), and the credit sales of calendar-month windows before the as-of date
//! (`sales_windows`, most recent first). Every measure is computed exactly in `Decimal` and
//! rounded once, at the end, half away from zero: days and percentages to 1 decimal place,
//! turnover ratios to 2. A measure whose denominator is zero or negative has no meaning and is
//! `None`.
//!
//! - **DSO** (days sales outstanding, standard method):
//!   `receivables_end / credit_sales x period_days`.
//! - **Countback DSO**: starting from `receivables_end`, walk the sales windows from the most
//!   recent: while the receivables left exceed a window's credit sales, subtract that window's
//!   sales and add its days; the window that covers the rest adds
//!   `receivables left / window sales x window days`. When the windows run out with receivables
//!   left, the result is the days of all windows and `countback_exhausted` is set, because the
//!   true figure is longer than the history given. No receivables left means 0 days.
//! - **Best possible DSO**: `current_end / credit_sales x period_days`, the DSO if every
//!   customer paid exactly on its due date.
//! - **Average days delinquent** (ADD): `DSO - best possible DSO`, the days that overdue
//!   receivables add.
//! - **Collection effectiveness index** (CEI), in percent:
//!   `(receivables_begin + credit_sales - receivables_end)
//!    / (receivables_begin + credit_sales - current_end) x 100`, what was collected out of what
//!   was collectable; 100 means everything due was collected.
//! - **Receivables turnover**: `credit_sales / ((receivables_begin + receivables_end) / 2)`,
//!   how many times the average receivables were collected in the period.
//! - **Annualized turnover**: `turnover x 365 / period_days`.
//!
//! All amounts of one `PeriodFigures` are in one currency; only their decimal amounts are read.
//!
//! - **Bad-debt ratio**, in percent, 2 decimal places: written off in a period / credit sales of
//!   the period x 100 ([`bad_debt_ratio`], with [`written_off`] summing the write-offs).

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::ledger::{SettlementKind, SettlementRecord};
use crate::money::{Currency, Money, MoneyError};

/// Credit sales of one window of the countback, the most recent first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SalesWindow {
    /// First day of the window (inclusive).
    pub from: NaiveDate,
    /// Last day of the window (inclusive).
    pub to: NaiveDate,
    pub credit_sales: Money,
}

/// The figures every measure is computed from, for one currency (and optionally one customer).
/// All amounts are in the same currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeriodFigures {
    pub as_of: NaiveDate,
    /// Length of the period in days; the period is `(as_of - period_days, as_of]`.
    pub period_days: u32,
    /// Open receivables at the day before the period starts.
    pub receivables_begin: Money,
    /// Open receivables at the as-of date (net of nothing: unapplied cash is not deducted).
    pub receivables_end: Money,
    /// Part of `receivables_end` not yet due at the as-of date.
    pub current_end: Money,
    /// Invoices dated within the period, less credit notes dated within it.
    pub credit_sales: Money,
    /// Calendar-month windows ending at the as-of date, most recent first, for countback DSO.
    pub sales_windows: Vec<SalesWindow>,
}

/// The receivables measures of one period; see the module documentation for each formula.
/// `None` where a denominator is zero or negative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Measures {
    /// Days, 1 decimal place.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub dso: Option<Decimal>,
    /// Days, 1 decimal place; `None` when no sales windows are given.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub countback_dso: Option<Decimal>,
    /// The sales windows ran out before the receivables were accounted for, so
    /// `countback_dso` is a lower bound (the days of all windows).
    pub countback_exhausted: bool,
    /// Days, 1 decimal place.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub best_possible_dso: Option<Decimal>,
    /// Days, 1 decimal place.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub average_days_delinquent: Option<Decimal>,
    /// Percent, 1 decimal place.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub cei_percent: Option<Decimal>,
    /// Times per period, 2 decimal places.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub turnover: Option<Decimal>,
    /// Times per 365 days, 2 decimal places.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub annualized_turnover: Option<Decimal>,
}

/// Computes every measure of [`Measures`] from one period's figures.
pub fn measures(f: &PeriodFigures) -> Measures {
    let begin = f.receivables_begin.amount();
    let end = f.receivables_end.amount();
    let current = f.current_end.amount();
    let sales = f.credit_sales.amount();
    let period = Decimal::from(f.period_days);

    let dso = ratio(end, sales).and_then(|r| r.checked_mul(period));
    let best = ratio(current, sales).and_then(|r| r.checked_mul(period));
    let delinquent = dso.zip(best).and_then(|(dso, best)| dso.checked_sub(best));
    let cei = ratio(begin + sales - end, begin + sales - current)
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED));
    let turnover = ratio(sales, (begin + end) / Decimal::TWO);
    let annualized = turnover
        .and_then(|t| t.checked_mul(Decimal::from(365)))
        .and_then(|t| ratio(t, period));
    let (countback, exhausted) = countback(end, &f.sales_windows);

    Measures {
        dso: dso.map(one_decimal),
        countback_dso: countback.map(one_decimal),
        countback_exhausted: exhausted,
        best_possible_dso: best.map(one_decimal),
        average_days_delinquent: delinquent.map(one_decimal),
        cei_percent: cei.map(one_decimal),
        turnover: turnover.map(two_decimals),
        annualized_turnover: annualized.map(two_decimals),
    }
}

/// Calendar-month windows ending at `as_of`, the most recent first, as inclusive
/// `(first day, last day)` pairs: `(as_of - 1 month + 1 day ..= as_of)`, then the month before.
///
/// Each boundary is `as_of - k months` counted from `as_of` (never chained), with the day
/// clamped to the month's length, so the windows are contiguous and never overlap: as of
/// 2024-03-31 they are 03-01..=03-31, 02-01..=02-29, 01-01..=01-31. Fewer than `count` windows
/// come back only when the calendar runs out.
pub fn month_windows(as_of: NaiveDate, count: usize) -> Vec<(NaiveDate, NaiveDate)> {
    let boundary = |k: usize| {
        let months = u32::try_from(k).ok()?;
        as_of.checked_sub_months(Months::new(months))
    };
    let mut windows = Vec::with_capacity(count);
    for k in 0..count {
        let (Some(last), Some(before)) = (boundary(k), boundary(k + 1)) else {
            break;
        };
        let Some(first) = before.succ_opt() else {
            break;
        };
        windows.push((first, last));
    }
    windows
}

/// Countback DSO and whether the windows ran out; see the module documentation.
fn countback(receivables: Decimal, windows: &[SalesWindow]) -> (Option<Decimal>, bool) {
    if windows.is_empty() {
        return (None, false);
    }
    let mut left = receivables;
    let mut total_days = Decimal::ZERO;
    for window in windows {
        if left <= Decimal::ZERO {
            return (Some(total_days), false);
        }
        let window_days = Decimal::from((window.to - window.from).num_days() + 1);
        let window_sales = window.credit_sales.amount();
        if left <= window_sales {
            let part = ratio(left, window_sales).and_then(|r| r.checked_mul(window_days));
            return (part.map(|p| total_days + p), false);
        }
        left -= window_sales;
        total_days += window_days;
    }
    (Some(total_days), left > Decimal::ZERO)
}

/// `numerator / denominator`, or `None` when the denominator is zero or negative.
fn ratio(numerator: Decimal, denominator: Decimal) -> Option<Decimal> {
    if denominator <= Decimal::ZERO {
        return None;
    }
    numerator.checked_div(denominator)
}

fn one_decimal(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
}

fn two_decimals(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The bad-debt ratio of a period, in percent, 2 decimal places:
/// `written off in the period / credit sales of the period x 100`, rounded once, half away from
/// zero. `None` when the period had no credit sales (zero or negative).
///
/// Write-offs count in the period of their own date, whatever the date of the invoices they
/// close, so a ratio above 100 is possible in a quiet period after a bad one.
pub fn bad_debt_ratio(
    written_off: Money,
    credit_sales: Money,
) -> Result<Option<Decimal>, MoneyError> {
    if written_off.currency() != credit_sales.currency() {
        return Err(MoneyError::CurrencyMismatch {
            left: written_off.currency(),
            right: credit_sales.currency(),
        });
    }
    Ok(ratio(written_off.amount(), credit_sales.amount())
        .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
        .map(two_decimals))
}

/// What was written off in `currency` from `from` through `to` (both included): the sum of the
/// write-off settlements dated in the period. A negative write-off (one reversed) reduces it.
pub fn written_off(
    settlements: &[SettlementRecord],
    currency: Currency,
    from: NaiveDate,
    to: NaiveDate,
) -> Money {
    let mut amount = settlements
        .iter()
        .filter(|s| s.kind == SettlementKind::WriteOff && s.amount.currency() == currency)
        .filter(|s| from <= s.date && s.date <= to)
        .map(|s| s.amount.amount())
        .sum::<Decimal>();
    amount.rescale(amount.scale().max(currency.minor_digits()));
    Money::new(amount, currency)
}
