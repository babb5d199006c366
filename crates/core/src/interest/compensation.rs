//! Fixed compensation for recovery costs that the late-payment laws grant per invoice, on top of
//! interest.
//!
//! - EU Directive 2011/7/EU, Art. 6: EUR 40 per invoice.
//! - UK Late Payment Act 1998, s.5A: by the size of the debt, GBP 40 below 1,000.00, GBP 70 from
//!   1,000.00 to 9,999.99, GBP 100 from 10,000.00.
//! - Germany, BGB §288 (5): EUR 40 per invoice between businesses.
//!
//! The sum is owed in the currency the law names. It is claimed only on a debt in that currency,
//! so that every amount of a letter is in the invoice's currency (case B22); a debt in another
//! currency is refused with a sentence saying what to do instead.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::say;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CompensationRule {
    EuDirective,
    UkLatePayment,
    GermanyBgb288,
}

impl CompensationRule {
    fn currency(&self) -> Currency {
        let code = match self {
            CompensationRule::UkLatePayment => "GBP",
            CompensationRule::EuDirective | CompensationRule::GermanyBgb288 => "EUR",
        };
        Currency::from_code(code).expect("a known code")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CompensationError {
    /// The debt is not in the currency the law names.
    Currency { debt: Money, law: Currency },
}

impl fmt::Display for CompensationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let CompensationError::Currency { debt, law } = self;
        f.write_str(&say!(
            en: "Fixed compensation is set in {law} and cannot be claimed on a debt of {debt}; \
                 set a dunning fee in {} for this customer instead.",
            zh: "法定固定补偿以 {law} 计价，不能就 {debt} 的债务主张；请改为该客户设置以 {} \
                 计价的催收费用。",
            debt.currency()
        ))
    }
}

/// The fixed sum for one invoice whose debt is `debt`.
pub fn fixed_compensation(rule: CompensationRule, debt: Money) -> Result<Money, CompensationError> {
    let law = rule.currency();
    if debt.currency() != law {
        return Err(CompensationError::Currency { debt, law });
    }
    let units = match rule {
        CompensationRule::EuDirective | CompensationRule::GermanyBgb288 => 40,
        CompensationRule::UkLatePayment if debt.amount() < Decimal::from(1_000) => 40,
        CompensationRule::UkLatePayment if debt.amount() < Decimal::from(10_000) => 70,
        CompensationRule::UkLatePayment => 100,
    };
    Ok(Money::from_minor(units * 100, law))
}
