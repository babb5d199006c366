//! Exposure: what a customer owes and has on order, measured in its credit limit's currency.
//!
//! Exposure = every open receivable (disputed ones included: the customer has not accepted the
//! debt, but the risk is still ours, case B09) + every open order not yet invoiced. An invoiced
//! order is already a receivable and a closed one is no risk, so neither counts. Unapplied
//! receipts are not deducted: exposure is measured gross, as a trade-credit insurer measures
//! it, because money not yet matched to an invoice may still be refunded or belong to another
//! debt. Allocating it (oldest first, or as the customer says) settles invoices and so lowers
//! the exposure; the dashboard and the customer page show what is unapplied.
//!
//! An amount in another currency is converted at the latest rate the caller gives for its
//! currency pair dated on or before the as-of date, and rounded half away from zero to the limit
//! currency's minor unit, once per amount ([`Money::convert`]). Totals are sums of the rounded
//! lines, so the lines always add up to them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::{CreditError, CreditFile, Order, OrderState};
use crate::money::{Currency, Money};

/// `rate` units of `to` for one unit of `from`, as published on `date`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExchangeRate {
    pub from: Currency,
    pub to: Currency,
    pub date: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub rate: Decimal,
}

/// The rates a computation may use, as of one date. A rate is looked up for its exact pair:
/// the inverse of another rate is never derived, because dividing would round a second time.
#[derive(Clone, Debug)]
pub struct RateTable<'a> {
    rates: &'a [ExchangeRate],
    as_of: NaiveDate,
    used: BTreeMap<(Currency, Currency), ExchangeRate>,
}

impl<'a> RateTable<'a> {
    pub fn new(rates: &'a [ExchangeRate], as_of: NaiveDate) -> RateTable<'a> {
        RateTable {
            rates,
            as_of,
            used: BTreeMap::new(),
        }
    }

    /// The latest rate from `from` to `to` dated on or before the as-of date; of two with the
    /// same date, the one given last.
    pub fn rate(&self, from: Currency, to: Currency) -> Result<ExchangeRate, CreditError> {
        let found = self
            .rates
            .iter()
            .filter(|r| r.from == from && r.to == to && r.date <= self.as_of)
            .max_by_key(|r| r.date)
            .copied()
            .ok_or(CreditError::MissingRate {
                from,
                to,
                on: self.as_of,
            })?;
        if found.rate <= Decimal::ZERO {
            return Err(CreditError::RateNotPositive {
                from,
                to,
                date: found.date,
                rate: found.rate,
            });
        }
        Ok(found)
    }

    /// `money` in `to`: unchanged when it is already in `to`, otherwise converted and rounded
    /// half away from zero, and the rate remembered in [`RateTable::used`].
    pub fn convert(&mut self, money: Money, to: Currency) -> Result<Money, CreditError> {
        if money.currency() == to {
            return Ok(money);
        }
        let rate = self.rate(money.currency(), to)?;
        self.used.insert((rate.from, rate.to), rate);
        Ok(money.convert(rate.rate, to))
    }

    /// Every rate [`RateTable::convert`] has used, ordered by currency pair.
    pub fn used(&self) -> Vec<ExchangeRate> {
        self.used.values().copied().collect()
    }
}

/// An open amount of one of the customer's invoices (one instalment's open part, or the
/// invoice's whole open amount).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenReceivable {
    pub invoice_number: String,
    pub due_date: NaiveDate,
    /// Open as of the as-of date, in the invoice's currency.
    pub open: Money,
    pub disputed: bool,
}

/// What a line of exposure comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExposureSource {
    Receivable {
        invoice_number: String,
        due_date: NaiveDate,
        disputed: bool,
    },
    Order {
        reference: String,
    },
}

/// One amount counted in exposure, as given and in the limit's currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExposureLine {
    pub source: ExposureSource,
    pub original: Money,
    /// `original` in the limit's currency, rounded half away from zero.
    pub converted: Money,
}

/// A customer's exposure against its limits on one date. Every amount is in the limit's
/// currency.
///
/// Invariants: `total = receivables + open_orders`, the sum of the lines' converted amounts;
/// `disputed` is part of `receivables`; at most one of `headroom` and `excess` is above zero and
/// `limit + excess - headroom = total`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Exposure {
    pub as_of: NaiveDate,
    pub limit: Money,
    pub receivables: Money,
    pub disputed: Money,
    pub open_orders: Money,
    pub total: Money,
    /// How much more the customer may owe: `limit - total`, or zero when over the limit.
    pub headroom: Money,
    /// How far over the limit: `total - limit`, or zero when within it.
    pub excess: Money,
    /// The insured limit, converted, when the insurance is valid on the as-of date.
    pub insured_limit: Option<Money>,
    /// The part of `total` no insurer carries: above the insured limit, or all of it when no
    /// insurance is valid on the as-of date.
    pub uninsured: Money,
    /// What the security valid on the as-of date covers, converted.
    pub security_cover: Money,
    pub lines: Vec<ExposureLine>,
    /// Every rate used, for the lines, the insured limit and the security, by currency pair.
    pub rates_used: Vec<ExchangeRate>,
}

/// The customer's exposure as of `as_of`, in the currency of its limit.
///
/// `receivables` and `orders` are the customer's own; orders that are not open are skipped.
/// Fails when an amount's currency has no usable rate (see [`RateTable::rate`]).
pub fn exposure(
    file: &CreditFile,
    receivables: &[OpenReceivable],
    orders: &[Order],
    rates: &[ExchangeRate],
    as_of: NaiveDate,
) -> Result<Exposure, CreditError> {
    let limit = file.profile.limit;
    let currency = limit.currency();
    let mut table = RateTable::new(rates, as_of);

    let mut lines = Vec::new();
    for receivable in by_invoice(receivables) {
        lines.push(ExposureLine {
            source: ExposureSource::Receivable {
                invoice_number: receivable.invoice_number.clone(),
                due_date: receivable.due_date,
                disputed: receivable.disputed,
            },
            original: receivable.open,
            converted: table.convert(receivable.open, currency)?,
        });
    }
    for order in orders.iter().filter(|o| o.state == OrderState::Open) {
        lines.push(ExposureLine {
            source: ExposureSource::Order {
                reference: order.reference.clone(),
            },
            original: order.amount,
            converted: table.convert(order.amount, currency)?,
        });
    }

    let insured_limit = match &file.insurance {
        Some(insurance) if insurance.is_valid_on(as_of) => {
            Some(table.convert(insurance.insured_limit, currency)?)
        }
        _ => None,
    };
    let mut security_cover = Vec::new();
    for security in file.security.iter().filter(|s| s.is_valid_on(as_of)) {
        security_cover.push(table.convert(security.amount, currency)?);
    }

    let receivables = sum(currency, lines.iter().filter(|l| is_receivable(l, false)));
    let disputed = sum(currency, lines.iter().filter(|l| is_receivable(l, true)));
    let open_orders = sum(
        currency,
        lines
            .iter()
            .filter(|l| !matches!(l.source, ExposureSource::Receivable { .. })),
    );
    let total = add(receivables, open_orders);
    let over = total.amount() - limit.amount();
    let uninsured = match insured_limit {
        Some(insured) => at_least_zero(total.amount() - insured.amount(), currency),
        None => total,
    };

    Ok(Exposure {
        as_of,
        limit,
        receivables,
        disputed,
        open_orders,
        total,
        headroom: at_least_zero(-over, currency),
        excess: at_least_zero(over, currency),
        insured_limit,
        uninsured,
        security_cover: sum_money(currency, &security_cover),
        lines,
        rates_used: table.used(),
    })
}

fn is_receivable(line: &ExposureLine, disputed_only: bool) -> bool {
    match line.source {
        ExposureSource::Receivable { disputed, .. } => disputed || !disputed_only,
        ExposureSource::Order { .. } => false,
    }
}

fn sum<'a>(currency: Currency, lines: impl Iterator<Item = &'a ExposureLine>) -> Money {
    let amounts: Vec<Money> = lines.map(|l| l.converted).collect();
    sum_money(currency, &amounts)
}

/// Every amount is in `currency`: the sum shown at its minor unit, even when it is zero.
pub(crate) fn sum_money(currency: Currency, amounts: &[Money]) -> Money {
    let total: Decimal = amounts.iter().map(Money::amount).sum();
    at_minor_unit(total, currency)
}

fn add(left: Money, right: Money) -> Money {
    at_minor_unit(left.amount() + right.amount(), left.currency())
}

pub(crate) fn at_least_zero(amount: Decimal, currency: Currency) -> Money {
    at_minor_unit(amount.max(Decimal::ZERO), currency)
}

pub(crate) fn at_minor_unit(amount: Decimal, currency: Currency) -> Money {
    let mut amount = amount;
    amount.rescale(amount.scale().max(currency.minor_digits()));
    Money::new(amount, currency)
}

/// The receivables one line per invoice and side of a dispute: the instalments of an invoice
/// given one by one (as the credit check reads them, to judge each by its own due date) are
/// added up in the invoice's currency, with the earliest due date; the disputed part of an
/// invoice under a partial dispute stays a line of its own. Exposure converts and rounds once
/// per line, however the open amount was handed over, so that the book-wide figures and those of
/// one customer agree to the cent. Lines keep the order they came in.
pub(crate) fn by_invoice(receivables: &[OpenReceivable]) -> Vec<OpenReceivable> {
    let mut merged: Vec<OpenReceivable> = Vec::with_capacity(receivables.len());
    let mut at: BTreeMap<(&str, Currency, bool), usize> = BTreeMap::new();
    for receivable in receivables {
        let key = (
            receivable.invoice_number.as_str(),
            receivable.open.currency(),
            receivable.disputed,
        );
        match at.get(&key) {
            Some(&i) => {
                let line = &mut merged[i];
                line.open = line
                    .open
                    .checked_add(receivable.open)
                    .expect("one invoice, one currency");
                line.due_date = line.due_date.min(receivable.due_date);
            }
            None => {
                at.insert(key, merged.len());
                merged.push(receivable.clone());
            }
        }
    }
    merged
}
