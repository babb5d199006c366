//! The dashboard: what a credit controller looks at first each morning. Per currency the money
//! receivable and overdue, the aging, the standard DSO and its trend over a year of month ends;
//! the customers with most overdue; and alerts that point at what needs doing.
//!
//! Everything comes from one pass over the book (`Book::dashboard_figures`); the choices of what
//! to show (the top ten, which alerts, in which order) are made here.

use chrono::{Datelike, Days, Months, NaiveDate};
use creditdesk_core::aging::Buckets;
use creditdesk_core::kpi::{self, PeriodFigures};
use creditdesk_core::{Currency, Money};
use creditdesk_store::{CustomerPosition, DashboardFigures};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::AppResult;
use crate::reports::check_period;
use crate::{store_error, OpenBook};

/// Month ends in the DSO trend.
pub const TREND_MONTHS: usize = 12;

/// Customers per currency in the list of most overdue.
pub const TOP_OVERDUE: usize = 10;

/// Alerts of each kind the dashboard lists; [`Dashboard::alert_counts`] says how many there are.
pub const ALERTS_PER_KIND: usize = 10;

/// Days overdue beyond which an amount raises an [`AlertKind::OverdueOver90`] alert.
pub const LONG_OVERDUE_DAYS: i64 = 90;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DashboardRequest {
    pub as_of: NaiveDate,
    /// The period of the standard DSO, in days (90 is usual).
    pub period_days: u32,
}

/// The dashboard at one as-of date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    pub as_of: NaiveDate,
    pub period_days: u32,
    /// The book's own currency first, then the others by code.
    pub currencies: Vec<CurrencyPosition>,
    /// One per currency, in the order of `currencies`.
    pub dso_trend: Vec<DsoTrend>,
    /// Per currency (in the order of `currencies`) at most [`TOP_OVERDUE`] customers with
    /// something overdue, the largest overdue amount first.
    pub top_overdue: Vec<OverdueCustomer>,
    /// At most [`ALERTS_PER_KIND`] of each kind, kinds in the order of [`AlertKind`], the
    /// oldest first within a kind.
    pub alerts: Vec<Alert>,
    /// How many alerts of each kind there are, listed or not; every kind, even at zero.
    pub alert_counts: Vec<AlertCount>,
}

/// The book's receivables in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CurrencyPosition {
    pub currency: Currency,
    /// Open less unapplied settlements: what customers owe, net.
    pub receivable: Money,
    /// Open on invoices issued by the as-of date.
    pub open: Money,
    /// Part of `open` due before the as-of date.
    pub overdue: Money,
    /// Part of `open` on disputed invoices.
    pub disputed: Money,
    /// Payments and credit notes not yet allocated to an invoice (a positive amount).
    pub unapplied: Money,
    /// The aging buckets: Current, 1-30, 31-60, 61-90, 90+ days overdue.
    pub aging: Vec<AgingBucket>,
    /// Standard DSO over the period ending at the as-of date, in days (1 decimal place);
    /// `None` without credit sales in the period.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub dso: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgingBucket {
    pub label: String,
    pub amount: Money,
}

/// The standard DSO of one currency at each of the last [`TREND_MONTHS`] month ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DsoTrend {
    pub currency: Currency,
    /// The oldest month end first.
    pub points: Vec<DsoPoint>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DsoPoint {
    pub month_end: NaiveDate,
    /// Days, 1 decimal place; `None` without credit sales in the period ending that day.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub dso: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OverdueCustomer {
    pub customer_reference: String,
    pub customer_name: String,
    pub currency: Currency,
    pub overdue: Money,
    pub open: Money,
    /// Days overdue of the customer's oldest open instalment.
    pub days_overdue: i64,
}

/// What an alert is about. The user interface writes the sentence from the kind and the
/// fields of the [`Alert`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AlertKind {
    /// A customer owes `amount` more than 90 days overdue; `days` is the age of its oldest
    /// open instalment.
    #[serde(rename = "overdue_over_90")]
    OverdueOver90,
    /// A disputed invoice (`invoice_number`) has `amount` open; `days` is how long its
    /// earliest open instalment is overdue (negative while not yet due).
    #[serde(rename = "disputed")]
    Disputed,
    /// A customer's payments or credit notes of `amount` are not allocated to any invoice;
    /// `days` is the age of the oldest of them.
    #[serde(rename = "unapplied_cash")]
    UnappliedCash,
}

impl AlertKind {
    pub const ALL: [AlertKind; 3] = [
        AlertKind::OverdueOver90,
        AlertKind::Disputed,
        AlertKind::UnappliedCash,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Alert {
    pub kind: AlertKind,
    pub customer_reference: Option<String>,
    pub customer_name: Option<String>,
    pub invoice_number: Option<String>,
    pub currency: Option<Currency>,
    pub amount: Option<Money>,
    pub days: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AlertCount {
    pub kind: AlertKind,
    pub count: u64,
}

/// The last [`TREND_MONTHS`] month ends on or before `as_of`, the oldest first.
pub fn trend_month_ends(as_of: NaiveDate) -> Vec<NaiveDate> {
    let first_of_month = as_of.with_day(1).unwrap_or(as_of);
    let end_of_month = |first: NaiveDate| {
        first
            .checked_add_months(Months::new(1))
            .and_then(|next| next.checked_sub_days(Days::new(1)))
    };
    // The month of `as_of` counts when `as_of` is its last day.
    let latest_first = if end_of_month(first_of_month) == Some(as_of) {
        Some(first_of_month)
    } else {
        first_of_month.checked_sub_months(Months::new(1))
    };
    let mut ends: Vec<NaiveDate> = (0..TREND_MONTHS as u32)
        .filter_map(|k| latest_first?.checked_sub_months(Months::new(k)))
        .filter_map(end_of_month)
        .collect();
    ends.reverse();
    ends
}

impl OpenBook {
    /// The dashboard at `as_of`, with the standard DSO over `period_days` days.
    pub fn dashboard(&self, as_of: NaiveDate, period_days: u32) -> AppResult<Dashboard> {
        check_period(period_days)?;
        let book_currency = self.settings()?.currency;
        let month_ends = trend_month_ends(as_of);
        // The DSO of the as-of date is measured with the trend, as its last day.
        let mut ends = month_ends.clone();
        if ends.last() != Some(&as_of) {
            ends.push(as_of);
        }
        let buckets = Buckets::default();
        let figures = self
            .book
            .dashboard_figures(as_of, &buckets, period_days, &ends)
            .map_err(store_error)?;
        Ok(build(
            figures,
            &buckets,
            period_days,
            book_currency,
            &month_ends,
        ))
    }
}

/// The standard DSO of a period: receivables at its end over its credit sales, times its days.
fn dso(
    end: NaiveDate,
    period_days: u32,
    receivables: Money,
    credit_sales: Money,
) -> Option<Decimal> {
    let zero = Money::zero(receivables.currency());
    kpi::measures(&PeriodFigures {
        as_of: end,
        period_days,
        receivables_begin: zero,
        receivables_end: receivables,
        current_end: zero,
        credit_sales,
        sales_windows: Vec::new(),
    })
    .dso
}

fn build(
    figures: DashboardFigures,
    buckets: &Buckets,
    period_days: u32,
    book_currency: Currency,
    month_ends: &[NaiveDate],
) -> Dashboard {
    let as_of = figures.as_of;
    let mut currencies = figures.currencies;
    // The book's own currency first: it is the one the company reports in.
    currencies.sort_by_key(|c| (c.currency != book_currency, c.currency));

    let mut positions = Vec::with_capacity(currencies.len());
    let mut trends = Vec::with_capacity(currencies.len());
    for c in &currencies {
        let current = c.buckets.first().map_or(Decimal::ZERO, |b| b.amount());
        let now = c.trend.last();
        positions.push(CurrencyPosition {
            currency: c.currency,
            receivable: Money::new(c.open.amount() - c.unapplied.amount(), c.currency),
            open: c.open,
            overdue: Money::new(c.open.amount() - current, c.currency),
            disputed: c.disputed,
            unapplied: c.unapplied,
            aging: figures
                .labels
                .iter()
                .zip(&c.buckets)
                .map(|(label, amount)| AgingBucket {
                    label: label.clone(),
                    amount: *amount,
                })
                .collect(),
            dso: now.and_then(|t| dso(t.end, period_days, t.receivables, t.credit_sales)),
        });
        trends.push(DsoTrend {
            currency: c.currency,
            points: c
                .trend
                .iter()
                .take(month_ends.len())
                .map(|t| DsoPoint {
                    month_end: t.end,
                    dso: dso(t.end, period_days, t.receivables, t.credit_sales),
                })
                .collect(),
        });
    }

    let order = |currency: Currency| {
        currencies
            .iter()
            .position(|c| c.currency == currency)
            .unwrap_or(usize::MAX)
    };
    let days_since = |date: NaiveDate| (as_of - date).num_days();

    let mut overdue: Vec<&CustomerPosition> = figures
        .customers
        .iter()
        .filter(|p| p.overdue.amount() > Decimal::ZERO)
        .collect();
    overdue.sort_by(|a, b| {
        (order(a.currency), b.overdue.amount(), &a.reference).cmp(&(
            order(b.currency),
            a.overdue.amount(),
            &b.reference,
        ))
    });
    let mut top_overdue = Vec::new();
    let mut taken: Option<(Currency, usize)> = None;
    for p in overdue {
        let rank = match taken {
            Some((currency, rank)) if currency == p.currency => rank,
            _ => 0,
        };
        taken = Some((p.currency, rank + 1));
        if rank < TOP_OVERDUE {
            top_overdue.push(OverdueCustomer {
                customer_reference: p.reference.clone(),
                customer_name: p.name.clone(),
                currency: p.currency,
                overdue: p.overdue,
                open: p.open,
                days_overdue: p.oldest_open_due.map_or(0, days_since),
            });
        }
    }

    // Amounts more than 90 days overdue: the buckets that start after day 90.
    let long_from = buckets.index(LONG_OVERDUE_DAYS + 1);
    let mut long_overdue: Vec<Alert> = figures
        .customers
        .iter()
        .filter_map(|p| {
            let amount: Decimal = p.buckets.iter().skip(long_from).map(|b| b.amount()).sum();
            (amount > Decimal::ZERO).then(|| Alert {
                kind: AlertKind::OverdueOver90,
                customer_reference: Some(p.reference.clone()),
                customer_name: Some(p.name.clone()),
                invoice_number: None,
                currency: Some(p.currency),
                amount: Some(Money::new(amount, p.currency)),
                days: p.oldest_open_due.map(days_since),
            })
        })
        .collect();
    let mut disputed: Vec<Alert> = figures
        .disputed
        .iter()
        .map(|d| Alert {
            kind: AlertKind::Disputed,
            customer_reference: Some(d.customer_reference.clone()),
            customer_name: Some(d.customer_name.clone()),
            invoice_number: Some(d.number.clone()),
            currency: Some(d.open.currency()),
            amount: Some(d.open),
            days: Some(days_since(d.earliest_unpaid_due)),
        })
        .collect();
    let mut unapplied: Vec<Alert> = figures
        .customers
        .iter()
        .filter(|p| p.unapplied.amount() > Decimal::ZERO)
        .map(|p| Alert {
            kind: AlertKind::UnappliedCash,
            customer_reference: Some(p.reference.clone()),
            customer_name: Some(p.name.clone()),
            invoice_number: None,
            currency: Some(p.currency),
            amount: Some(p.unapplied),
            days: p.oldest_unapplied.map(days_since),
        })
        .collect();

    let mut alerts = Vec::new();
    let mut alert_counts = Vec::new();
    for (kind, list) in [
        (AlertKind::OverdueOver90, &mut long_overdue),
        (AlertKind::Disputed, &mut disputed),
        (AlertKind::UnappliedCash, &mut unapplied),
    ] {
        // The oldest first: days compare across currencies, where amounts do not.
        list.sort_by(|a, b| {
            (b.days, &a.customer_reference, &a.invoice_number).cmp(&(
                a.days,
                &b.customer_reference,
                &b.invoice_number,
            ))
        });
        alert_counts.push(AlertCount {
            kind,
            count: list.len() as u64,
        });
        alerts.extend(list.drain(..).take(ALERTS_PER_KIND));
    }

    Dashboard {
        as_of,
        period_days,
        currencies: positions,
        dso_trend: trends,
        top_overdue,
        alerts,
        alert_counts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_trend_takes_the_twelve_month_ends_on_or_before_the_as_of_date() {
        let ends = trend_month_ends(date("2024-03-15"));
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[0], date("2023-03-31"));
        assert_eq!(ends[10], date("2024-01-31"));
        assert_eq!(ends[11], date("2024-02-29"), "a leap year's February");

        let ends = trend_month_ends(date("2024-02-29"));
        assert_eq!(
            ends[11],
            date("2024-02-29"),
            "the as-of date is a month end"
        );
        assert_eq!(ends[0], date("2023-03-31"));
    }
}
