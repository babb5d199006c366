//! The dunning policy: the ladder of levels a debt climbs while it stays unpaid, and the rules
//! that hold chasing back (a minimum amount, a minimum gap between two contacts, pauses).
//!
//! A book has one policy; a customer may have its own instead. Levels are numbered from 1 in
//! the order of their days overdue, which strictly increase: a level applies to an item on or
//! after the day `due date + days overdue` (never only on that exact day, case B16).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};
use crate::say;
use crate::text::{Language, Word};

/// How a level reaches the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    EmailReminder,
    PrintedLetter,
    /// A task for a person to call the customer.
    PhoneTask,
    /// The debt is handed over to a collection agency or a lawyer.
    Handover,
}

impl ContactChannel {
    pub fn word(&self) -> Word {
        match self {
            ContactChannel::EmailReminder => Word::new("reminder email", "提醒邮件"),
            ContactChannel::PrintedLetter => Word::new("printed letter", "纸质信函"),
            ContactChannel::PhoneTask => Word::new("phone call", "电话催收"),
            ContactChannel::Handover => {
                Word::new("hand-over to agency or lawyer", "移交催收机构或律师")
            }
        }
    }
}

/// What reaching a level does to the customer's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    CreditHold,
    PrepaymentOnly,
    LegalCollection,
}

/// The template a level uses for one language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LevelTemplate {
    pub language: Language,
    pub name: String,
}

/// One rung of the ladder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningLevel {
    /// Days after the due date from which the level applies; at least 1.
    pub days_overdue: u32,
    pub channel: ContactChannel,
    /// At most one per language.
    pub templates: Vec<LevelTemplate>,
    /// A fixed fee per communication, at most one per currency; none for a currency means no
    /// fixed fee in it.
    pub fees: Vec<Money>,
    /// A fee in percent of the items' open amount when the level is sent (B18: 10 % of 500.00
    /// is 50.00, once).
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub fee_percent: Option<Decimal>,
    /// Whether the communication claims late-payment interest.
    pub charge_interest: bool,
    pub consequences: Vec<Consequence>,
}

impl DunningLevel {
    /// The template for `language`, else the first one.
    pub fn template(&self, language: Language) -> Option<&str> {
        self.templates
            .iter()
            .find(|t| t.language == language)
            .or_else(|| self.templates.first())
            .map(|t| t.name.as_str())
    }

    /// The fixed fee in `currency`, zero when none is set.
    pub fn fee_in(&self, currency: Currency) -> Money {
        self.fees
            .iter()
            .find(|f| f.currency() == currency)
            .copied()
            .unwrap_or_else(|| Money::zero(currency))
    }
}

/// The two ladders CreditDesk ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// 7 days reminder email, 15 days phone call, 30 days formal demand letter, 60 days legal or
    /// agency.
    Firm,
    /// 30 days gentle reminder, 60 days formal demand, 90 days agency.
    Gentle,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningPolicy {
    pub name: String,
    /// Levels 1, 2, ... in this order; days overdue strictly increase.
    pub levels: Vec<DunningLevel>,
    /// Below this net overdue amount (per currency) a customer is not chased; none for a
    /// currency means no minimum.
    pub minimum_amounts: Vec<Money>,
    /// Days that must pass between two contacts with one customer; at least 1, so one day never
    /// sees two.
    pub minimum_gap_days: u32,
}

/// Where chasing is held back: a whole customer or one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "scope", rename_all = "snake_case")]
pub enum PauseScope {
    Customer { customer_reference: String },
    Invoice { invoice_number: String },
}

/// A pause in chasing, from `from` through `until`, both included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Pause {
    pub scope: PauseScope,
    pub reason: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

impl Pause {
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.until
    }

    pub fn problems(&self) -> Vec<PolicyError> {
        let mut problems = Vec::new();
        if self.reason.trim().is_empty() {
            problems.push(PolicyError::PauseReasonBlank);
        }
        if self.until < self.from {
            problems.push(PolicyError::PauseEndsBeforeStart {
                from: self.from,
                until: self.until,
            });
        }
        problems
    }
}

/// What is wrong with a policy or a pause; `Display` is the sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PolicyError {
    NameBlank,
    NoLevels,
    /// `level` is 1-based.
    DaysZero {
        level: usize,
    },
    DaysNotIncreasing {
        level: usize,
        days: u32,
        previous: u32,
    },
    NoTemplate {
        level: usize,
    },
    TemplateBlank {
        level: usize,
        language: Language,
    },
    TemplateRepeated {
        level: usize,
        language: Language,
    },
    FeeNotPositive {
        level: usize,
        fee: Money,
    },
    FeeTooPrecise {
        level: usize,
        fee: Money,
    },
    FeeRepeated {
        level: usize,
        currency: Currency,
    },
    FeePercentOutOfRange {
        level: usize,
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
    },
    MinimumNegative {
        minimum: Money,
    },
    MinimumRepeated {
        currency: Currency,
    },
    GapZero,
    PauseReasonBlank,
    PauseEndsBeforeStart {
        from: NaiveDate,
        until: NaiveDate,
    },
}

impl PolicyError {
    pub fn code(&self) -> &'static str {
        match self {
            PolicyError::NameBlank => "name_blank",
            PolicyError::NoLevels => "no_levels",
            PolicyError::DaysZero { .. } => "days_zero",
            PolicyError::DaysNotIncreasing { .. } => "days_not_increasing",
            PolicyError::NoTemplate { .. } => "no_template",
            PolicyError::TemplateBlank { .. } => "template_blank",
            PolicyError::TemplateRepeated { .. } => "template_repeated",
            PolicyError::FeeNotPositive { .. } => "fee_not_positive",
            PolicyError::FeeTooPrecise { .. } => "fee_too_precise",
            PolicyError::FeeRepeated { .. } => "fee_repeated",
            PolicyError::FeePercentOutOfRange { .. } => "fee_percent_out_of_range",
            PolicyError::MinimumNegative { .. } => "minimum_negative",
            PolicyError::MinimumRepeated { .. } => "minimum_repeated",
            PolicyError::GapZero => "gap_zero",
            PolicyError::PauseReasonBlank => "pause_reason_blank",
            PolicyError::PauseEndsBeforeStart { .. } => "pause_ends_before_start",
        }
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            PolicyError::NameBlank => say!(
                en: "The dunning policy has no name; give it a name such as \"Standard\".",
                zh: "催收策略没有名称；请为其命名，例如“标准”。",
            ),
            PolicyError::NoLevels => say!(
                en: "The dunning policy has no levels; add at least one level with its days \
                     overdue and channel.",
                zh: "催收策略没有任何级别；请至少添加一个级别，并填写逾期天数和催收方式。",
            ),
            PolicyError::DaysZero { level } => say!(
                en: "Level {level} applies at 0 days overdue, when nothing is late yet; give at \
                     least 1 day.",
                zh: "第 {level} 级设在逾期 0 天，此时款项尚未逾期；请填写至少 1 天。",
            ),
            PolicyError::DaysNotIncreasing {
                level,
                days,
                previous,
            } => say!(
                en: "Level {level} applies at {days} days overdue, not later than the level \
                     before it at {previous} days; give each level more days than the one \
                     before.",
                zh: "第 {level} 级设在逾期 {days} 天，不晚于上一级的 {previous} 天；每一级的天数\
                     必须多于上一级。",
            ),
            PolicyError::NoTemplate { level } => say!(
                en: "Level {level} has no template; choose a template for at least one \
                     language.",
                zh: "第 {level} 级没有模板；请至少为一种语言选择模板。",
            ),
            PolicyError::TemplateBlank { level, language } => {
                let code = language.code();
                say!(
                    en: "Level {level} has a blank template name for {code}; choose a template \
                         or remove the line.",
                    zh: "第 {level} 级的 {code} 模板名称为空；请选择模板或删除该行。",
                )
            }
            PolicyError::TemplateRepeated { level, language } => {
                let code = language.code();
                say!(
                    en: "Level {level} has two templates for {code}; keep one template per \
                         language.",
                    zh: "第 {level} 级有两个 {code} 模板；每种语言只保留一个模板。",
                )
            }
            PolicyError::FeeNotPositive { level, fee } => say!(
                en: "The fee {fee} of level {level} is not accepted; give a fee above zero, or \
                     remove it for no fee.",
                zh: "第 {level} 级的费用 {fee} 不可接受；请填写大于零的费用，或删除以不收费。",
            ),
            PolicyError::FeeTooPrecise { level, fee } => {
                let digits = fee.currency().minor_digits();
                say!(
                    en: "The fee {fee} of level {level} has more than the {digits} decimals \
                         its currency allows; round it to {digits} decimals.",
                    zh: "第 {level} 级的费用 {fee} 的小数位数超过了该币种允许的 {digits} 位；\
                         请保留 {digits} 位小数。",
                )
            }
            PolicyError::FeeRepeated { level, currency } => say!(
                en: "Level {level} has two fees in {currency}; keep one fee per currency.",
                zh: "第 {level} 级有两项以 {currency} 计价的费用；每种币种只保留一项费用。",
            ),
            PolicyError::FeePercentOutOfRange { level, percent } => say!(
                en: "The fee of {percent} % of level {level} is not accepted; give a percentage \
                     above 0 and at most 100.",
                zh: "第 {level} 级的费用比例 {percent}% 不可接受；请填写大于 0 且不超过 100 的\
                     百分比。",
            ),
            PolicyError::MinimumNegative { minimum } => say!(
                en: "The minimum amount {minimum} is below zero; give zero or more.",
                zh: "最低催收金额 {minimum} 小于零；请填写零或以上的金额。",
            ),
            PolicyError::MinimumRepeated { currency } => say!(
                en: "The policy has two minimum amounts in {currency}; keep one per currency.",
                zh: "该策略有两个以 {currency} 计价的最低催收金额；每种币种只保留一个。",
            ),
            PolicyError::GapZero => say!(
                en: "The minimum gap between two contacts is 0 days; give at least 1 day, so \
                     that a customer is contacted at most once a day.",
                zh: "两次联系之间的最短间隔为 0 天；请填写至少 1 天，使每位客户每天最多被联系\
                     一次。",
            ),
            PolicyError::PauseReasonBlank => say!(
                en: "The pause gives no reason; write why chasing is paused.",
                zh: "暂停未写明原因；请写明暂停催收的原因。",
            ),
            PolicyError::PauseEndsBeforeStart { from, until } => say!(
                en: "The pause ends on {until}, before it starts on {from}; give an end date on \
                     or after {from}.",
                zh: "暂停的结束日 {until} 早于开始日 {from}；请填写 {from} 当日或之后的日期。",
            ),
        };
        f.write_str(&sentence)
    }
}

fn level(
    days_overdue: u32,
    channel: ContactChannel,
    template: &str,
    charge_interest: bool,
    consequences: Vec<Consequence>,
) -> DunningLevel {
    DunningLevel {
        days_overdue,
        channel,
        templates: Language::ALL
            .iter()
            .map(|language| LevelTemplate {
                language: *language,
                name: template.to_string(),
            })
            .collect(),
        fees: Vec::new(),
        fee_percent: None,
        charge_interest,
        consequences,
    }
}

impl DunningPolicy {
    /// A shipped ladder, without fees and with a gap of 7 days between contacts.
    pub fn preset(preset: Preset) -> DunningPolicy {
        use ContactChannel::*;
        let levels = match preset {
            Preset::Firm => vec![
                level(7, EmailReminder, "reminder", false, vec![]),
                level(15, PhoneTask, "phone_call", false, vec![]),
                level(
                    30,
                    PrintedLetter,
                    "formal_demand",
                    true,
                    vec![Consequence::CreditHold],
                ),
                level(
                    60,
                    Handover,
                    "handover",
                    true,
                    vec![Consequence::CreditHold, Consequence::LegalCollection],
                ),
            ],
            Preset::Gentle => vec![
                level(30, EmailReminder, "gentle_reminder", false, vec![]),
                level(
                    60,
                    PrintedLetter,
                    "formal_demand",
                    true,
                    vec![Consequence::CreditHold],
                ),
                level(
                    90,
                    Handover,
                    "handover",
                    true,
                    vec![Consequence::CreditHold, Consequence::LegalCollection],
                ),
            ],
        };
        DunningPolicy {
            name: match preset {
                Preset::Firm => "firm",
                Preset::Gentle => "gentle",
            }
            .to_string(),
            levels,
            minimum_amounts: Vec::new(),
            minimum_gap_days: 7,
        }
    }

    /// Everything that breaks an invariant, in the order of the fields; empty when valid.
    pub fn problems(&self) -> Vec<PolicyError> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(PolicyError::NameBlank);
        }
        if self.levels.is_empty() {
            problems.push(PolicyError::NoLevels);
        }
        let mut previous: Option<u32> = None;
        for (index, rung) in self.levels.iter().enumerate() {
            let level = index + 1;
            if rung.days_overdue == 0 {
                problems.push(PolicyError::DaysZero { level });
            } else if let Some(previous) = previous.filter(|p| rung.days_overdue <= *p) {
                problems.push(PolicyError::DaysNotIncreasing {
                    level,
                    days: rung.days_overdue,
                    previous,
                });
            }
            previous = Some(rung.days_overdue);
            if rung.templates.is_empty() {
                problems.push(PolicyError::NoTemplate { level });
            }
            for (i, template) in rung.templates.iter().enumerate() {
                let language = template.language;
                if template.name.trim().is_empty() {
                    problems.push(PolicyError::TemplateBlank { level, language });
                }
                if rung.templates[..i].iter().any(|t| t.language == language) {
                    problems.push(PolicyError::TemplateRepeated { level, language });
                }
            }
            for (i, fee) in rung.fees.iter().enumerate() {
                if fee.is_zero() || fee.is_negative() {
                    problems.push(PolicyError::FeeNotPositive { level, fee: *fee });
                } else if fee.to_minor().is_err() {
                    problems.push(PolicyError::FeeTooPrecise { level, fee: *fee });
                }
                if rung.fees[..i]
                    .iter()
                    .any(|f| f.currency() == fee.currency())
                {
                    problems.push(PolicyError::FeeRepeated {
                        level,
                        currency: fee.currency(),
                    });
                }
            }
            if let Some(percent) = rung.fee_percent {
                if percent <= Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
                    problems.push(PolicyError::FeePercentOutOfRange { level, percent });
                }
            }
        }
        for (i, minimum) in self.minimum_amounts.iter().enumerate() {
            if minimum.is_negative() {
                problems.push(PolicyError::MinimumNegative { minimum: *minimum });
            }
            if self.minimum_amounts[..i]
                .iter()
                .any(|m| m.currency() == minimum.currency())
            {
                problems.push(PolicyError::MinimumRepeated {
                    currency: minimum.currency(),
                });
            }
        }
        if self.minimum_gap_days == 0 {
            problems.push(PolicyError::GapZero);
        }
        problems
    }

    /// Level `number` (1-based).
    pub fn level(&self, number: u8) -> Option<&DunningLevel> {
        usize::from(number)
            .checked_sub(1)
            .and_then(|i| self.levels.get(i))
    }

    /// The minimum in `currency`, zero when none is set.
    pub fn minimum_in(&self, currency: Currency) -> Money {
        self.minimum_amounts
            .iter()
            .find(|m| m.currency() == currency)
            .copied()
            .unwrap_or_else(|| Money::zero(currency))
    }

    /// The day level `number` applies from for an item due on `due_date`: `due + days`.
    pub fn applies_from(&self, number: u8, due_date: NaiveDate) -> Option<NaiveDate> {
        self.level(number)
            .and_then(|l| due_date.checked_add_days(chrono::Days::new(u64::from(l.days_overdue))))
    }
}

/// The policies of a book: its own, and those of customers that have another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookPolicies {
    pub book: DunningPolicy,
    /// `(customer reference, policy)`; a customer listed twice takes the first.
    pub customers: Vec<(String, DunningPolicy)>,
}

impl BookPolicies {
    /// The policy that applies to a customer: its own, else the book's.
    pub fn for_customer(&self, customer_reference: &str) -> &DunningPolicy {
        self.customers
            .iter()
            .find(|(reference, _)| reference == customer_reference)
            .map_or(&self.book, |(_, policy)| policy)
    }
}
