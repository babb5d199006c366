//! The cash forecast: the receipts expected in each of the next 13 weeks, per currency.
//!
//! The rules are the core's (`creditdesk_core::forecast`); the book gives the open items with
//! their disputed parts, each customer's observed average delay and the open instalments of
//! payment plans (`Book::forecast_book`, a few set-based queries whatever the size of the
//! book), and the promises still pending on the date give what they bring in and when.
//!
//! The core takes one delay per customer; the book measures it per customer and currency (a
//! delay is weighed by amounts, which are only comparable within one currency), so the forecast
//! is made currency by currency and put together: its weeks are the same for every currency.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use creditdesk_core::forecast::{self, CashForecast, ExpectedPromise, WEEKS};
use creditdesk_core::{say, Currency, Money};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::{store_error, OpenBook};

/// A customer's observed average delay in one currency: days after the due date it pays,
/// negative when early.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerDelay {
    pub customer: String,
    pub currency: Currency,
    pub days: i64,
}

/// A cash forecast with the delays it used and one sentence per currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ForecastReport {
    pub forecast: CashForecast,
    /// By currency, then customer.
    pub delays: Vec<CustomerDelay>,
    /// One sentence per currency of `forecast.currencies`, or one saying nothing is expected.
    pub summary: Vec<String>,
}

impl OpenBook {
    /// The receipts expected in the 13 weeks from `as_of` (week 1 starts on it), per currency.
    pub fn forecast(&self, as_of: NaiveDate) -> AppResult<ForecastReport> {
        let book = self.book.forecast_book(as_of).map_err(store_error)?;
        let promises: Vec<ExpectedPromise> = self
            .promises(as_of)?
            .iter()
            .filter_map(|line| ExpectedPromise::pending(&line.promise, &line.standing))
            .collect();

        let currencies: BTreeSet<Currency> = book
            .items
            .iter()
            .map(|i| i.open.currency())
            .chain(book.plan_instalments.iter().map(|i| i.open.currency()))
            .chain(promises.iter().map(|p| p.amount.currency()))
            .collect();
        let none = BTreeMap::new();
        let mut whole = CashForecast {
            as_of,
            weeks: forecast::forecast_weeks(as_of),
            currencies: Vec::new(),
            entries: Vec::new(),
        };
        for currency in currencies {
            let items: Vec<_> = book
                .items
                .iter()
                .filter(|i| i.open.currency() == currency)
                .cloned()
                .collect();
            let promised: Vec<_> = promises
                .iter()
                .filter(|p| p.amount.currency() == currency)
                .cloned()
                .collect();
            let planned: Vec<_> = book
                .plan_instalments
                .iter()
                .filter(|i| i.open.currency() == currency)
                .cloned()
                .collect();
            let delays = book.delays.get(&currency).unwrap_or(&none);
            let part = forecast::forecast(as_of, &items, &promised, &planned, delays)
                .map_err(|e| AppError::invalid(e.to_string()))?;
            whole.currencies.extend(part.currencies);
            whole.entries.extend(part.entries);
        }
        whole.entries.sort_by(|a, b| {
            (a.expected_on, &a.customer_reference, &a.reference, a.source).cmp(&(
                b.expected_on,
                &b.customer_reference,
                &b.reference,
                b.source,
            ))
        });

        let delays = book
            .delays
            .iter()
            .flat_map(|(currency, by_customer)| {
                by_customer.iter().map(|(customer, days)| CustomerDelay {
                    customer: customer.clone(),
                    currency: *currency,
                    days: *days,
                })
            })
            .collect();
        Ok(ForecastReport {
            summary: summary(&whole),
            forecast: whole,
            delays,
        })
    }
}

fn summary(forecast: &CashForecast) -> Vec<String> {
    let as_of = forecast.as_of;
    if forecast.currencies.is_empty() {
        return vec![say!(
            en: "Nothing is open on {as_of}, so no receipt is expected.",
            zh: "截至 {as_of} 没有未结款项，因此没有预计收款。",
        )];
    }
    let last = forecast.weeks.last().map_or(as_of, |w| w.to);
    forecast
        .currencies
        .iter()
        .map(|c| {
            let in_weeks = c
                .weeks
                .iter()
                .try_fold(Money::zero(c.currency), |sum, w| sum.checked_add(*w))
                .unwrap_or(c.expected);
            let (late, later, disputed) = (c.late_in_first_week, c.later, c.disputed);
            say!(
                en: "From {as_of} through {last} ({WEEKS} weeks) {in_weeks} is expected, {late} \
                     of it already late in week 1; {later} is expected later and {disputed} is \
                     disputed.",
                zh: "{as_of} 至 {last}（{WEEKS} 周）预计收款 {in_weeks}，其中 {late} 在第 1 周时\
                     已逾期；之后预计收款 {later}，争议金额 {disputed}。",
            )
        })
        .collect()
}
