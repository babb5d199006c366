//! Why a credit computation could not be made, or a credit file cannot be stored.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::say;

/// A refusal of the credit rules; `Display` is the sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CreditError {
    /// No rate from `from` to `to` dated on or before `on` was given.
    MissingRate {
        from: Currency,
        to: Currency,
        on: NaiveDate,
    },
    /// The rate that would be used is zero or negative.
    RateNotPositive {
        from: Currency,
        to: Currency,
        date: NaiveDate,
        rate: Decimal,
    },
    /// An override of a hold was asked for without a reason.
    OverrideWithoutReason,
    NegativeLimit {
        limit: Money,
    },
    DefaultTermsOverMaximum {
        default_days: u32,
        max_days: u32,
    },
    NoReviewInterval,
    SecurityNotPositive {
        amount: Money,
    },
    InsurancePeriodReversed {
        valid_from: NaiveDate,
        valid_to: NaiveDate,
    },
}

impl CreditError {
    /// A stable code for a UI to branch on; the same as the serialised `code`.
    pub fn code(&self) -> &'static str {
        match self {
            CreditError::MissingRate { .. } => "missing_rate",
            CreditError::RateNotPositive { .. } => "rate_not_positive",
            CreditError::OverrideWithoutReason => "override_without_reason",
            CreditError::NegativeLimit { .. } => "negative_limit",
            CreditError::DefaultTermsOverMaximum { .. } => "default_terms_over_maximum",
            CreditError::NoReviewInterval => "no_review_interval",
            CreditError::SecurityNotPositive { .. } => "security_not_positive",
            CreditError::InsurancePeriodReversed { .. } => "insurance_period_reversed",
        }
    }
}

impl fmt::Display for CreditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            CreditError::MissingRate { from, to, on } => say!(
                en: "No exchange rate from {from} to {to} dated on or before {on} was given; \
                     enter the rate (units of {to} for 1 {from}) and try again.",
                zh: "没有提供 {on} 当日或之前的 {from} 兑 {to} 汇率；请录入该汇率（1 {from} 折合\
                     多少 {to}）后重试。",
            ),
            CreditError::RateNotPositive {
                from,
                to,
                date,
                rate,
            } => say!(
                en: "The exchange rate from {from} to {to} of {date} is {rate}, which is not \
                     accepted; give a rate above zero.",
                zh: "{date} 的 {from} 兑 {to} 汇率为 {rate}，不可接受；请填写大于零的汇率。",
            ),
            CreditError::OverrideWithoutReason => say!(
                en: "An order on hold is released only with a reason; write why the order may go \
                     ahead.",
                zh: "解除订单暂扣必须说明理由；请填写允许该订单继续的原因。",
            ),
            CreditError::NegativeLimit { limit } => say!(
                en: "The credit limit {limit} is not accepted; give zero or more.",
                zh: "信用额度 {limit} 不可接受；请填写零或更大的金额。",
            ),
            CreditError::DefaultTermsOverMaximum {
                default_days,
                max_days,
            } => say!(
                en: "The default terms of {default_days} days are longer than the longest terms \
                     allowed, {max_days} days; shorten the default terms or allow longer terms.",
                zh: "默认账期 {default_days} 天超过了允许的最长账期 {max_days} 天；请缩短默认\
                     账期或放宽最长账期。",
            ),
            CreditError::NoReviewInterval => say!(
                en: "The review interval of 0 months is not accepted; give at least 1 month.",
                zh: "复核间隔 0 个月不可接受；请至少填写 1 个月。",
            ),
            CreditError::SecurityNotPositive { amount } => say!(
                en: "The security amount {amount} is not accepted; give an amount above zero.",
                zh: "担保金额 {amount} 不可接受；请填写大于零的金额。",
            ),
            CreditError::InsurancePeriodReversed {
                valid_from,
                valid_to,
            } => say!(
                en: "The insurance cover ends on {valid_to}, before it starts on {valid_from}; \
                     check both dates.",
                zh: "保险保障的终止日 {valid_to} 早于起始日 {valid_from}；请核对这两个日期。",
            ),
        };
        f.write_str(&sentence)
    }
}
