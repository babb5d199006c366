//! Why a credit computation could not be made, or a credit file cannot be stored.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::credit::SecurityKind;
use crate::money::{Currency, Money};
use crate::say;
use crate::text::Word;

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
    /// A security names no issuer (for a deposit, no payer).
    SecurityIssuerBlank {
        kind: SecurityKind,
        amount: Money,
    },
    /// A credit report names no agency; the report is known by its date.
    ReportAgencyBlank {
        date: NaiveDate,
    },
    ReportRatingBlank {
        date: NaiveDate,
    },
    /// A report recommends a limit below zero; zero is accepted.
    RecommendedLimitNegative {
        date: NaiveDate,
        limit: Money,
    },
    InsurerBlank,
    PolicyNumberBlank,
    BuyerReferenceBlank,
    InsuredLimitNotPositive {
        limit: Money,
    },
    /// Two credit reports from one agency carry one date: which of them is the latest, and
    /// whether the rating got worse, cannot be told.
    ReportRepeated {
        agency: String,
        date: NaiveDate,
    },
    /// A percentage of the limit rules outside what it accepts. `setting` is the rule's field
    /// name in [`crate::credit::LimitRules`]: `first_order_percent` accepts 0 to 100,
    /// `raise_percent` and `cut_percent` above 0 and at most 100.
    PolicyPercentOutOfRange {
        setting: String,
        percent: Decimal,
    },
    /// A window of the limit rules of no months (`clean_months`, `recent_months`,
    /// `earlier_months`): at least one month is needed to look at any payment.
    PolicyMonthsZero {
        setting: String,
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
            CreditError::SecurityIssuerBlank { .. } => "security_issuer_blank",
            CreditError::ReportAgencyBlank { .. } => "report_agency_blank",
            CreditError::ReportRatingBlank { .. } => "report_rating_blank",
            CreditError::RecommendedLimitNegative { .. } => "recommended_limit_negative",
            CreditError::InsurerBlank => "insurer_blank",
            CreditError::PolicyNumberBlank => "policy_number_blank",
            CreditError::BuyerReferenceBlank => "buyer_reference_blank",
            CreditError::InsuredLimitNotPositive { .. } => "insured_limit_not_positive",
            CreditError::ReportRepeated { .. } => "report_repeated",
            CreditError::PolicyPercentOutOfRange { .. } => "policy_percent_out_of_range",
            CreditError::PolicyMonthsZero { .. } => "policy_months_zero",
        }
    }
}

/// What a setting of the limit rules is, as a sentence starts with it: `The raise`.
fn rule_word(setting: &str) -> Word {
    match setting {
        "first_order_percent" => Word::new(
            "The first limit's share of the first order",
            "首个额度占首笔订单的比例",
        ),
        "raise_percent" => Word::new("The raise of a limit", "提高额度的比例"),
        "cut_percent" => Word::new("The cut of a limit", "降低额度的比例"),
        "clean_months" => Word::new(
            "The period without late payment before a raise",
            "提高额度前须无逾期付款的期间",
        ),
        "recent_months" => Word::new(
            "The recent period of payment behaviour",
            "近期付款表现的统计期间",
        ),
        "earlier_months" => Word::new(
            "The earlier period of payment behaviour",
            "此前付款表现的统计期间",
        ),
        _ => Word::new("A setting of the limit rules", "额度规则的一项设置"),
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
            CreditError::SecurityIssuerBlank {
                kind: SecurityKind::Deposit,
                amount,
            } => say!(
                en: "The deposit of {amount} does not say who paid it in; enter the payer's name.",
                zh: "{amount} 的保证金未写明缴纳人；请填写缴纳人的名称。",
            ),
            CreditError::SecurityIssuerBlank { kind, amount } => {
                let kind = kind.word();
                say!(
                    en: "The {kind} of {amount} has a blank issuer; enter the name of the bank \
                         that issued it.",
                    zh: "{amount} 的{kind}未填写开具方；请填写开具该{kind}的银行名称。",
                )
            }
            CreditError::ReportAgencyBlank { date } => say!(
                en: "The credit report of {date} has a blank agency; enter the name of the credit \
                     agency that issued it.",
                zh: "{date} 的信用报告未填写信用机构；请填写出具该报告的信用机构名称。",
            ),
            CreditError::ReportRatingBlank { date } => say!(
                en: "The credit report of {date} has a blank rating; enter the score or rating as \
                     the agency writes it, such as 72 or BB+.",
                zh: "{date} 的信用报告未填写评分或评级；请按信用机构的原文填写，例如 72 或 BB+。",
            ),
            CreditError::RecommendedLimitNegative { date, limit } => say!(
                en: "The credit report of {date} recommends a limit of {limit}, which is not \
                     accepted; give zero or more, or leave it out if the agency recommends none.",
                zh: "{date} 的信用报告建议额度为 {limit}，不可接受；请填写零或更大的金额，\
                     若信用机构未给出建议则留空。",
            ),
            CreditError::InsurerBlank => say!(
                en: "The insurance cover has a blank insurer; enter the name of the company that \
                     insures this customer.",
                zh: "保险保障未填写保险公司；请填写为该客户承保的保险公司名称。",
            ),
            CreditError::PolicyNumberBlank => say!(
                en: "The insurance cover has a blank policy number; enter the number of the \
                     policy as the insurer writes it.",
                zh: "保险保障未填写保单号；请按保险公司的写法填写保单号。",
            ),
            CreditError::BuyerReferenceBlank => say!(
                en: "The insurance cover has a blank buyer reference; enter the insurer's \
                     reference for this customer as a buyer.",
                zh: "保险保障未填写买方编号；请填写保险公司给该客户（作为买方）的编号。",
            ),
            CreditError::InsuredLimitNotPositive { limit } => say!(
                en: "The insured limit {limit} is not accepted; give the limit the insurer \
                     approved, above zero.",
                zh: "承保额度 {limit} 不可接受；请填写保险公司批准的、大于零的额度。",
            ),
            CreditError::ReportRepeated { agency, date } => say!(
                en: "The credit file would hold two reports from {agency} dated {date}; remove \
                     one of them, or correct the date of the newer one.",
                zh: "信用档案中将有两份 {agency} 于 {date} 出具的报告；请删除其中一份，或更正\
                     较新那份的日期。",
            ),
            CreditError::PolicyPercentOutOfRange { setting, percent } => {
                let what = rule_word(setting);
                if setting == "first_order_percent" {
                    say!(
                        en: "{what} is set to {percent}%, which is not accepted; give a \
                             percentage from 0 to 100.",
                        zh: "{what}设为 {percent}%，不可接受；请填写 0 到 100 之间的百分比。",
                    )
                } else {
                    say!(
                        en: "{what} is set to {percent}%, which is not accepted; give a \
                             percentage above 0 and at most 100.",
                        zh: "{what}设为 {percent}%，不可接受；请填写大于 0 且不超过 100 的百分比。",
                    )
                }
            }
            CreditError::PolicyMonthsZero { setting } => {
                let what = rule_word(setting);
                say!(
                    en: "{what} is set to 0 months, which is not accepted; give at least 1 month.",
                    zh: "{what}设为 0 个月，不可接受；请至少填写 1 个月。",
                )
            }
        };
        f.write_str(&sentence)
    }
}
