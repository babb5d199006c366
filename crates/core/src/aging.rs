//! Aging by due date: every open amount falls in exactly one bucket of days overdue.
//!
//! Days overdue = as-of date minus due date, in calendar days on `NaiveDate` (never through a
//! time zone, so daylight-saving changes cannot shift it). Due today is 0 days: current.
//! The store computes aging in SQL from the same bounds; the functions here are the reference
//! that those queries are tested against.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};

/// Upper bounds (inclusive) of the overdue buckets after "Current". The default `[30, 60, 90]`
/// gives Current (<= 0 days), 1-30, 31-60, 61-90 and 90+ (>= 91).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buckets {
    bounds: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BucketsError {
    #[error("Aging buckets \"{0}\" are not valid; give increasing whole numbers of days above zero, separated by commas, such as 30,60,90.")]
    Invalid(String),
}

impl Default for Buckets {
    fn default() -> Self {
        Buckets { bounds: vec![30, 60, 90] }
    }
}

impl Buckets {
    pub fn new(bounds: Vec<i64>) -> Result<Buckets, BucketsError> {
        let increasing = bounds.windows(2).all(|w| w[0] < w[1]);
        if bounds.is_empty() || bounds[0] < 1 || !increasing {
            let text = bounds.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
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
            labels.push(format!("{low}-{b}"));
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
pub struct AgingReport {
    pub as_of: NaiveDate,
    pub labels: Vec<String>,
    /// Book totals, one row per currency, ordered by currency code.
    pub totals: Vec<AgingRow>,
    /// One row per customer and currency, ordered by customer reference then currency.
    pub customers: Vec<AgingRow>,
}
