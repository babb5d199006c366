//! Exposure totals without their lines: what a book-wide pass over every customer needs, at the
//! cost of a few additions per amount instead of a line with its references per amount.
//!
//! [`exposure_totals`] follows [`exposure`](crate::credit::exposure) to the cent: every amount
//! in another currency than the limit's is converted on its own at the latest rate dated on or
//! before the as-of date and rounded half away from zero, and the totals are sums of the rounded
//! amounts. So the totals of one customer are the same whichever of the two computed them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::exposure::{at_least_zero, at_minor_unit, by_invoice};
use crate::credit::{CreditError, CreditProfile, Exposure, OpenReceivable, RateTable, Security};
use crate::credit::{ExchangeRate, TradeCreditInsurance};
use crate::money::{Currency, Money};

/// The figures of an [`Exposure`] without its lines and rates; every amount is in the limit's
/// currency, and the invariants of [`Exposure`] hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExposureTotals {
    pub as_of: NaiveDate,
    pub limit: Money,
    pub receivables: Money,
    pub disputed: Money,
    pub open_orders: Money,
    pub total: Money,
    pub headroom: Money,
    pub excess: Money,
    pub insured_limit: Option<Money>,
    pub uninsured: Money,
    pub security_cover: Money,
}

impl From<&Exposure> for ExposureTotals {
    fn from(exposure: &Exposure) -> ExposureTotals {
        ExposureTotals {
            as_of: exposure.as_of,
            limit: exposure.limit,
            receivables: exposure.receivables,
            disputed: exposure.disputed,
            open_orders: exposure.open_orders,
            total: exposure.total,
            headroom: exposure.headroom,
            excess: exposure.excess,
            insured_limit: exposure.insured_limit,
            uninsured: exposure.uninsured,
            security_cover: exposure.security_cover,
        }
    }
}

/// Converts into one currency, looking each other currency's rate up once.
struct Converter<'a> {
    table: RateTable<'a>,
    to: Currency,
    found: Vec<(Currency, Decimal)>,
}

impl Converter<'_> {
    fn convert(&mut self, money: Money) -> Result<Decimal, CreditError> {
        let from = money.currency();
        if from == self.to {
            return Ok(money.amount());
        }
        let rate = match self.found.iter().find(|(c, _)| *c == from) {
            Some((_, rate)) => *rate,
            None => {
                let rate = self.table.rate(from, self.to)?.rate;
                self.found.push((from, rate));
                rate
            }
        };
        Ok(money.convert(rate, self.to).amount())
    }
}

/// The exposure totals of a customer with `profile`, `security` and `insurance` as of `as_of`:
/// `receivables` are its open invoices (disputed ones included) and `open_orders` the amounts
/// of its open orders. Fails, as [`exposure`](crate::credit::exposure) does, when an amount's
/// currency has no usable rate.
pub fn exposure_totals(
    profile: &CreditProfile,
    security: &[Security],
    insurance: Option<&TradeCreditInsurance>,
    receivables: &[OpenReceivable],
    open_orders: &[Money],
    rates: &[ExchangeRate],
    as_of: NaiveDate,
) -> Result<ExposureTotals, CreditError> {
    let limit = profile.limit;
    let currency = limit.currency();
    let mut converter = Converter {
        table: RateTable::new(rates, as_of),
        to: currency,
        found: Vec::new(),
    };

    let (mut open, mut disputed, mut ordered) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for receivable in &by_invoice(receivables) {
        let amount = converter.convert(receivable.open)?;
        open += amount;
        if receivable.disputed {
            disputed += amount;
        }
    }
    for order in open_orders {
        ordered += converter.convert(*order)?;
    }
    let insured_limit = match insurance {
        Some(cover) if cover.is_valid_on(as_of) => Some(at_minor_unit(
            converter.convert(cover.insured_limit)?,
            currency,
        )),
        _ => None,
    };
    let mut cover = Decimal::ZERO;
    for held in security.iter().filter(|s| s.is_valid_on(as_of)) {
        cover += converter.convert(held.amount)?;
    }

    let total = open + ordered;
    let over = total - limit.amount();
    let uninsured = match insured_limit {
        Some(insured) => at_least_zero(total - insured.amount(), currency),
        None => at_minor_unit(total, currency),
    };
    Ok(ExposureTotals {
        as_of,
        limit,
        receivables: at_minor_unit(open, currency),
        disputed: at_minor_unit(disputed, currency),
        open_orders: at_minor_unit(ordered, currency),
        total: at_minor_unit(total, currency),
        headroom: at_least_zero(-over, currency),
        excess: at_least_zero(over, currency),
        insured_limit,
        uninsured,
        security_cover: at_minor_unit(cover, currency),
    })
}
