//! Cash forecast: the receipts expected in each of the next 13 weeks, per currency.
//!
//! # Weeks
//!
//! Week 1 starts on the as-of date: week `k` (1 to 13) runs from `as_of + 7 x (k - 1)` days
//! through `as_of + 7 x k - 1` days, both included, so the 13 weeks cover the 91 days from the
//! as-of date through `as_of + 90`. Weeks are counted from the as-of date rather than from a
//! Monday so that week 1 is always a whole week and the forecast does not change shape with the
//! weekday it is run on. A receipt expected before the as-of date (already late) lands in week 1:
//! it is still expected, and the soonest it can come is now; the part of week 1 that is late is
//! also shown apart. A receipt expected after week 13 is counted as "later".
//!
//! # What is expected, and when
//!
//! - An open item (an instalment's open amount) is expected on its due date shifted by the
//!   customer's observed average delay in days (negative for a customer who pays early; zero
//!   for a customer with no history). Only its undisputed part is expected.
//! - A promise to pay still pending is expected on its promised date, for what is still missing
//!   from it. It replaces the items it covers: its amount is taken from the covered items of the
//!   same customer and currency, oldest due date first, and only what the promise does not cover
//!   stays at the items' own expected dates. A promise never adds more than its covered items'
//!   undisputed open amount, so the forecast never expects more than is owed. Promises are
//!   applied in the order of their dates.
//! - A payment plan's instalments are expected on their own due dates, for their open amounts,
//!   without a delay (the plan is the customer's own schedule). Items settled into a plan are no
//!   longer open items, so nothing is counted twice.
//! - Disputed amounts are not expected in any week: they are a separate line per currency.
//!
//! Invariant, per currency: the weeks and "later" add up to the undisputed open amount of the
//! items plus the open plan instalments; "disputed" is the disputed amount of the items.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Days, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money, MoneyError};
use crate::promises::{Promise, PromiseStanding, PromiseState};
use crate::say;

/// The number of weeks a forecast looks ahead.
pub const WEEKS: usize = 13;

/// One open item of the book: an instalment's open amount and its disputed part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastItem {
    pub customer_reference: String,
    pub invoice_number: String,
    pub due_date: NaiveDate,
    pub open: Money,
    /// At most `open`; see [`crate::disputes::split_disputed`].
    pub disputed: Money,
}

/// A pending promise to pay, for what is still missing from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectedPromise {
    pub customer_reference: String,
    pub invoice_numbers: Vec<String>,
    pub promised_on: NaiveDate,
    pub amount: Money,
}

impl ExpectedPromise {
    /// What a promise still brings in, while it is pending: the amount missing from it, at its
    /// date. `None` once it is kept or broken (a broken promise's items are expected at their
    /// own dates again).
    pub fn pending(promise: &Promise, standing: &PromiseStanding) -> Option<ExpectedPromise> {
        (standing.state == PromiseState::Pending).then(|| ExpectedPromise {
            customer_reference: promise.customer_reference.clone(),
            invoice_numbers: promise.invoice_numbers.clone(),
            promised_on: promise.promised_on,
            amount: standing.missing,
        })
    }
}

/// An open instalment of a payment plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExpectedInstalment {
    pub customer_reference: String,
    /// The plan's reference in the book, as it is shown.
    pub plan_reference: String,
    pub seq: u32,
    pub due_date: NaiveDate,
    pub open: Money,
}

/// The days of one forecast week, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastWeek {
    /// 1 to 13.
    pub number: u32,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The forecast of one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CurrencyForecast {
    pub currency: Currency,
    /// 13 amounts, week 1 first.
    pub weeks: Vec<Money>,
    /// The part of week 1 that was expected before the as-of date.
    pub late_in_first_week: Money,
    /// Expected after week 13.
    pub later: Money,
    /// The weeks and `later` together.
    pub expected: Money,
    /// Disputed amounts, not expected in any week.
    pub disputed: Money,
}

/// Where an expected amount comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ForecastSource {
    Item,
    Promise,
    PlanInstalment,
    /// A disputed amount: in no week.
    Disputed,
}

/// One expected amount, for the detail under a forecast's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastEntry {
    pub source: ForecastSource,
    pub customer_reference: String,
    /// The invoice number; for a promise, its invoices joined by ", "; for a plan instalment,
    /// the plan's reference and `/seq`.
    pub reference: String,
    /// When the amount is expected (before the as-of date when late); the due date for a
    /// disputed amount.
    pub expected_on: NaiveDate,
    /// 1 to 13; `None` for "later" and for disputed amounts.
    pub week: Option<u32>,
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CashForecast {
    pub as_of: NaiveDate,
    pub weeks: Vec<ForecastWeek>,
    /// One per currency met, ordered by currency code.
    pub currencies: Vec<CurrencyForecast>,
    /// Ordered by expected date, then customer, then reference.
    pub entries: Vec<ForecastEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    /// An item's disputed part is negative, above its open amount, or in another currency.
    DisputedOutOfRange {
        invoice_number: String,
        disputed: Money,
        open: Money,
    },
    /// A shifted date falls outside the calendar.
    DateOutOfRange {
        customer_reference: String,
        date: NaiveDate,
        delay_days: i64,
    },
    Money(MoneyError),
}

impl ForecastError {
    /// A stable code for a UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ForecastError::DisputedOutOfRange { .. } => "disputed_out_of_range",
            ForecastError::DateOutOfRange { .. } => "date_out_of_range",
            ForecastError::Money(_) => "money",
        }
    }
}

impl From<MoneyError> for ForecastError {
    fn from(err: MoneyError) -> Self {
        ForecastError::Money(err)
    }
}

impl fmt::Display for ForecastError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            ForecastError::DisputedOutOfRange {
                invoice_number,
                disputed,
                open,
            } => say!(
                en: "Invoice {invoice_number} has {disputed} disputed out of {open} open, which \
                     cannot be; the disputed part is from zero up to the open amount, in the \
                     same currency. Check the invoice's disputes.",
                zh: "发票 {invoice_number} 未结 {open}，争议金额却为 {disputed}，这不可能；\
                     争议部分应在零到未结金额之间，且币种相同。请核对该发票的争议。",
            ),
            ForecastError::DateOutOfRange {
                customer_reference,
                date,
                delay_days,
            } => say!(
                en: "A delay of {delay_days} days for customer {customer_reference} moves the \
                     date {date} beyond the supported calendar; check the customer's average \
                     delay.",
                zh: "客户 {customer_reference} 的平均延迟 {delay_days} 天使日期 {date} 超出了\
                     支持的日历范围；请核对该客户的平均延迟天数。",
            ),
            ForecastError::Money(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

/// The 13 weeks from `as_of`; see the module documentation.
pub fn forecast_weeks(as_of: NaiveDate) -> Vec<ForecastWeek> {
    (0..WEEKS as u64)
        .filter_map(|k| {
            let from = as_of.checked_add_days(Days::new(7 * k))?;
            let to = from.checked_add_days(Days::new(6))?;
            Some(ForecastWeek {
                number: k as u32 + 1,
                from,
                to,
            })
        })
        .collect()
}

/// The week (1 to 13) a receipt expected on `date` falls in; `None` after week 13.
pub fn week_of(as_of: NaiveDate, date: NaiveDate) -> Option<u32> {
    let days = (date - as_of).num_days().max(0);
    let week = days / 7;
    (week < WEEKS as i64).then(|| week as u32 + 1)
}

/// Expected receipts per week for the 13 weeks from `as_of`, per currency.
///
/// `delays` holds each customer's observed average delay in days; a customer missing from it
/// pays on its due dates.
pub fn forecast(
    as_of: NaiveDate,
    items: &[ForecastItem],
    promises: &[ExpectedPromise],
    plan_instalments: &[ExpectedInstalment],
    delays: &BTreeMap<String, i64>,
) -> Result<CashForecast, ForecastError> {
    // What of each item is still expected at its own date, in minor units, undisputed only.
    let mut expected: Vec<i64> = Vec::with_capacity(items.len());
    let mut entries = Vec::new();
    for item in items {
        let open = item.open.to_minor()?;
        let disputed = item.disputed.to_minor()?;
        if item.disputed.currency() != item.open.currency() || disputed < 0 || disputed > open {
            return Err(ForecastError::DisputedOutOfRange {
                invoice_number: item.invoice_number.clone(),
                disputed: item.disputed,
                open: item.open,
            });
        }
        expected.push(open - disputed);
        if disputed > 0 {
            entries.push(ForecastEntry {
                source: ForecastSource::Disputed,
                customer_reference: item.customer_reference.clone(),
                reference: item.invoice_number.clone(),
                expected_on: item.due_date,
                week: None,
                amount: item.disputed,
            });
        }
    }

    let mut by_date: Vec<&ExpectedPromise> = promises.iter().collect();
    by_date.sort_by(|a, b| {
        (a.promised_on, &a.customer_reference, &a.invoice_numbers).cmp(&(
            b.promised_on,
            &b.customer_reference,
            &b.invoice_numbers,
        ))
    });
    for promise in by_date {
        let currency = promise.amount.currency();
        let mut covered: Vec<usize> = (0..items.len())
            .filter(|&i| {
                let item = &items[i];
                item.customer_reference == promise.customer_reference
                    && item.open.currency() == currency
                    && promise.invoice_numbers.contains(&item.invoice_number)
            })
            .collect();
        covered.sort_by(|&a, &b| {
            (items[a].due_date, &items[a].invoice_number)
                .cmp(&(items[b].due_date, &items[b].invoice_number))
        });
        let mut wanted = promise.amount.to_minor()?.max(0);
        let mut taken = 0;
        for i in covered {
            let take = wanted.min(expected[i]);
            expected[i] -= take;
            wanted -= take;
            taken += take;
        }
        if taken > 0 {
            entries.push(entry(
                as_of,
                ForecastSource::Promise,
                &promise.customer_reference,
                promise.invoice_numbers.join(", "),
                promise.promised_on,
                Money::from_minor(taken, currency),
            ));
        }
    }

    for (item, left) in items.iter().zip(&expected) {
        if *left <= 0 {
            continue;
        }
        let delay = delays.get(&item.customer_reference).copied().unwrap_or(0);
        let shifted = TimeDelta::try_days(delay)
            .and_then(|delta| item.due_date.checked_add_signed(delta))
            .ok_or_else(|| ForecastError::DateOutOfRange {
                customer_reference: item.customer_reference.clone(),
                date: item.due_date,
                delay_days: delay,
            })?;
        entries.push(entry(
            as_of,
            ForecastSource::Item,
            &item.customer_reference,
            item.invoice_number.clone(),
            shifted,
            Money::from_minor(*left, item.open.currency()),
        ));
    }
    for instalment in plan_instalments {
        let open = instalment.open.to_minor()?;
        if open <= 0 {
            continue;
        }
        entries.push(entry(
            as_of,
            ForecastSource::PlanInstalment,
            &instalment.customer_reference,
            format!("{}/{}", instalment.plan_reference, instalment.seq),
            instalment.due_date,
            instalment.open,
        ));
    }
    entries.sort_by(|a, b| {
        (a.expected_on, &a.customer_reference, &a.reference, a.source).cmp(&(
            b.expected_on,
            &b.customer_reference,
            &b.reference,
            b.source,
        ))
    });

    Ok(CashForecast {
        as_of,
        weeks: forecast_weeks(as_of),
        currencies: totals(as_of, &entries)?,
        entries,
    })
}

fn entry(
    as_of: NaiveDate,
    source: ForecastSource,
    customer_reference: &str,
    reference: String,
    expected_on: NaiveDate,
    amount: Money,
) -> ForecastEntry {
    ForecastEntry {
        source,
        customer_reference: customer_reference.to_string(),
        reference,
        expected_on,
        week: week_of(as_of, expected_on),
        amount,
    }
}

/// Sums of one currency in minor units.
#[derive(Default)]
struct Sums {
    weeks: [i64; WEEKS],
    late: i64,
    later: i64,
    disputed: i64,
}

fn totals(
    as_of: NaiveDate,
    entries: &[ForecastEntry],
) -> Result<Vec<CurrencyForecast>, MoneyError> {
    let mut sums: BTreeMap<Currency, Sums> = BTreeMap::new();
    for entry in entries {
        let minor = entry.amount.to_minor()?;
        let line = sums.entry(entry.amount.currency()).or_default();
        match (entry.source, entry.week) {
            (ForecastSource::Disputed, _) => line.disputed += minor,
            (_, None) => line.later += minor,
            (_, Some(week)) => {
                line.weeks[week as usize - 1] += minor;
                if entry.expected_on < as_of {
                    line.late += minor;
                }
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(|(currency, s)| {
            let money = |minor: i64| Money::from_minor(minor, currency);
            CurrencyForecast {
                currency,
                weeks: s.weeks.iter().map(|&w| money(w)).collect(),
                late_in_first_week: money(s.late),
                later: money(s.later),
                expected: money(s.weeks.iter().sum::<i64>() + s.later),
                disputed: money(s.disputed),
            }
        })
        .collect())
}
