//! Aging by due date: every open amount falls in exactly one bucket of days overdue.
//!
//! Days overdue = as-of date minus due date, in calendar days on `NaiveDate` (never through a
//! time zone, so daylight-saving changes cannot shift it). Due today is 0 days: current.
//! The store computes aging in SQL from the same bounds; the functions here are the reference
//! that those queries are tested against.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::say;

/// Upper bounds (inclusive) of the overdue buckets after "Current". The default `[30, 60, 90]`
/// gives Current (<= 0 days), 1-30, 31-60, 61-90 and 90+ (>= 91).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buckets {
    bounds: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BucketsError {
    Invalid(String),
}

impl fmt::Display for BucketsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let BucketsError::Invalid(text) = self;
        f.write_str(&say!(
            en: "Aging buckets \"{text}\" are not valid; give increasing whole numbers of days \
                 above zero, separated by commas, such as 30,60,90.",
            zh: "账龄段“{text}”无效；请填写大于零且逐个递增的整数天数，以逗号分隔，例如 30,60,90。",
        ))
    }
}

impl Default for Buckets {
    fn default() -> Self {
        Buckets {
            bounds: vec![30, 60, 90],
        }
    }
}

impl Buckets {
    pub fn new(bounds: Vec<i64>) -> Result<Buckets, BucketsError> {
        let increasing = bounds.windows(2).all(|w| w[0] < w[1]);
        if bounds.is_empty() || bounds[0] < 1 || !increasing {
            let text = bounds
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            return Err(BucketsError::Invalid(text));
        }
        Ok(Buckets { bounds })
    }

    /// Parses `30,60,90`.
    pub fn parse(text: &str) -> Result<Buckets, BucketsError> {
        let bounds: Result<Vec<i64>, _> = text.split(',').map(|p| p.trim().parse()).collect();
        match bounds {
            Ok(b) => Buckets::new(b).map_err(|_| BucketsError::Invalid(text.to_string())),
            Err(_) => Err(BucketsError::Invalid(text.to_string())),
        }
    }

    pub fn bounds(&self) -> &[i64] {
        &self.bounds
    }

    /// Number of buckets, "Current" and the open-ended last one included.
    pub fn len(&self) -> usize {
        self.bounds.len() + 2
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The bucket of an amount that is `days_overdue` days overdue.
    pub fn index(&self, days_overdue: i64) -> usize {
        if days_overdue <= 0 {
            return 0;
        }
        match self.bounds.iter().position(|&b| days_overdue <= b) {
            Some(i) => i + 1,
            None => self.bounds.len() + 1,
        }
    }

    /// "Current", "1-30", "31-60", "61-90", "90+".
    pub fn labels(&self) -> Vec<String> {
        let mut labels = vec!["Current".to_string()];
        let mut low = 1;
        for &b in &self.bounds {
            // A one-day bucket is named by its day alone: "1", not "1-1".
            labels.push(if low == b {
                format!("{b}")
            } else {
                format!("{low}-{b}")
            });
            low = b + 1;
        }
        labels.push(format!("{}+", low - 1));
        labels
    }
}

/// Calendar days from the due date to the as-of date; negative when not yet due.
pub fn days_overdue(due: NaiveDate, as_of: NaiveDate) -> i64 {
    (as_of - due).num_days()
}

/// One open amount to be aged: an instalment's open part as of the report date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenItem {
    pub customer_reference: String,
    pub due_date: NaiveDate,
    /// Open as of the report date; never zero in a report's input.
    pub open: Money,
    pub disputed: bool,
}

/// Aging of one currency, for the whole book or one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgingRow {
    /// `None` for the book total of the currency.
    pub customer_reference: Option<String>,
    pub customer_name: Option<String>,
    pub currency: Currency,
    /// One amount per bucket, in the order of [`Buckets::labels`].
    pub buckets: Vec<Money>,
    /// Sum of the buckets: every open instalment amount once.
    pub open_total: Money,
    /// Part of `open_total` on disputed invoices (still aged and still owed).
    pub disputed: Money,
    /// Payments and credit notes received but not yet allocated, as a negative amount.
    pub unapplied: Money,
    /// `open_total + unapplied`.
    pub net: Money,
}

/// Aging for an as-of date: per currency a total row, and per customer and currency a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgingReport {
    pub as_of: NaiveDate,
    pub labels: Vec<String>,
    /// Book totals, one row per currency, ordered by currency code.
    pub totals: Vec<AgingRow>,
    /// One row per customer and currency, ordered by customer reference then currency.
    pub customers: Vec<AgingRow>,
}

/// Builds the aging report for `as_of` from open items and unapplied settlements.
///
/// - `items`: every open instalment amount, once; each lands in exactly one bucket by
///   [`days_overdue`]. Disputed items are aged like any other and also summed into `disputed`.
/// - `unapplied`: per customer reference, settlements received but not allocated, as the
///   positive amounts received (a 500.00 receipt is +500.00); the report shows them negated.
/// - `names`: the customer name for a reference, when known.
///
/// A customer and currency gets a row when it has an open item or an unapplied amount. Totals
/// are one row per currency, ordered by currency code; customer rows are ordered by reference,
/// then currency. In every row the buckets add up to `open_total`, and
/// `net = open_total + unapplied`.
pub fn age(
    as_of: NaiveDate,
    buckets: &Buckets,
    items: &[OpenItem],
    unapplied: &[(String, Money)],
    names: &dyn Fn(&str) -> Option<String>,
) -> AgingReport {
    let mut customers: BTreeMap<(String, Currency), RowSums> = BTreeMap::new();
    let mut totals: BTreeMap<Currency, RowSums> = BTreeMap::new();
    let slots = buckets.len();

    for item in items {
        let bucket = buckets.index(days_overdue(item.due_date, as_of));
        let key = (item.customer_reference.clone(), item.open.currency());
        for sums in [
            customers.entry(key).or_insert_with(|| RowSums::new(slots)),
            totals
                .entry(item.open.currency())
                .or_insert_with(|| RowSums::new(slots)),
        ] {
            sums.buckets[bucket] += item.open.amount();
            if item.disputed {
                sums.disputed += item.open.amount();
            }
        }
    }
    for (reference, amount) in unapplied {
        let key = (reference.clone(), amount.currency());
        for sums in [
            customers.entry(key).or_insert_with(|| RowSums::new(slots)),
            totals
                .entry(amount.currency())
                .or_insert_with(|| RowSums::new(slots)),
        ] {
            sums.unapplied -= amount.amount();
        }
    }

    AgingReport {
        as_of,
        labels: buckets.labels(),
        totals: totals
            .into_iter()
            .map(|(currency, sums)| sums.row(None, None, currency))
            .collect(),
        customers: customers
            .into_iter()
            .map(|((reference, currency), sums)| {
                let name = names(&reference);
                sums.row(Some(reference), name, currency)
            })
            .collect(),
    }
}

/// Running sums of one report row, kept as plain decimals of a single currency.
struct RowSums {
    buckets: Vec<Decimal>,
    disputed: Decimal,
    unapplied: Decimal,
}

impl RowSums {
    fn new(slots: usize) -> RowSums {
        RowSums {
            buckets: vec![Decimal::ZERO; slots],
            disputed: Decimal::ZERO,
            unapplied: Decimal::ZERO,
        }
    }

    fn row(self, reference: Option<String>, name: Option<String>, currency: Currency) -> AgingRow {
        // Amounts are shown at the currency's minor unit even when a sum is a bare zero.
        let money = |amount: Decimal| {
            let mut amount = amount;
            amount.rescale(amount.scale().max(currency.minor_digits()));
            Money::new(amount, currency)
        };
        let open_total: Decimal = self.buckets.iter().sum();
        AgingRow {
            customer_reference: reference,
            customer_name: name,
            currency,
            buckets: self.buckets.into_iter().map(money).collect(),
            open_total: money(open_total),
            disputed: money(self.disputed),
            unapplied: money(self.unapplied),
            net: money(open_total + self.unapplied),
        }
    }
}
