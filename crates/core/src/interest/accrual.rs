//! Late-payment interest on one debt: daily simple interest, split into periods at every change
//! of rate and every reduction of the balance, rounded once.
//!
//! Rules:
//! - Interest runs from the day after the due date through the end date, both included: the
//!   number of days is `end - due` (case B05). A payment or credit note dated on a day still
//!   counts that day on the balance before it; from the next day the balance is lower (case B06).
//!   Interest stops the day the balance reaches zero.
//! - An annual rate is applied as `balance x percent / 100 x days / basis`, the basis being 365
//!   (actual/365, the default) or 360 (actual/360). A daily rate is `balance x percent / 100 x
//!   days`, whatever the basis.
//! - The exact amounts of the periods are added, and the sum is rounded once to the currency's
//!   minor unit, half away from zero. The currency is the debt's (the invoice's, case B22).
//!
//! Statutory rules take their rate from [`RateTables`]:
//! - EU Directive 2011/7/EU: the ECB reference rate of each half-year plus at least 8 points; it
//!   changes on 1 January and 1 July while the debt is open.
//! - UK Late Payment of Commercial Debts (Interest) Act 1998: Bank Rate on the reference date of
//!   the half-year in which interest starts to run (the day after the due date) plus 8 points,
//!   kept for the whole life of the debt.
//! - Germany, BGB §288: the Basiszinssatz of each half-year plus 9 points between businesses, 5
//!   when a consumer owes; it changes with each half-year.
//! - China, Regulations on Ensuring Payments to SMEs: the agreed rate, but never below the
//!   one-year LPR in force on the contract date; 0.05 % a day when nothing was agreed.

use std::fmt;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::interest::rates::{RateSource, RateTable, RateTables};
use crate::money::{Currency, Money, Rounding};
use crate::say;

/// How days are turned into a share of a year for an annual rate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    #[default]
    Actual365,
    Actual360,
}

impl DayCount {
    fn basis(self) -> Decimal {
        match self {
            DayCount::Actual365 => Decimal::from(365),
            DayCount::Actual360 => Decimal::from(360),
        }
    }
}

/// A rate agreed in a contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "per", rename_all = "snake_case")]
pub enum AgreedRate {
    /// Percent a year, 8 for 8 % p.a.
    Year {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
    },
    /// Percent a day, 0.05 for 0.05 % a day.
    Day {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
    },
}

/// Which law or contract sets the rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum InterestRule {
    Contract {
        rate: AgreedRate,
    },
    /// `margin_points` at least 8 (member states may set more, France 10).
    EuDirective {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        margin_points: Decimal,
    },
    UkLatePayment,
    /// `consumer`: a consumer owes (+5); otherwise a business debt (+9).
    GermanyBgb288 {
        consumer: bool,
    },
    ChinaSme {
        agreed: Option<AgreedRate>,
        contract_date: NaiveDate,
    },
}

impl InterestRule {
    /// The fixed compensation per invoice the rule's law grants a business creditor, with
    /// its interest: the EU directive's, the UK act's and BGB §288 (5)'s between businesses.
    /// None for a contract rate, a consumer debt in Germany or the Chinese rule.
    pub fn compensation(&self) -> Option<crate::interest::CompensationRule> {
        use crate::interest::CompensationRule;
        match self {
            InterestRule::EuDirective { .. } => Some(CompensationRule::EuDirective),
            InterestRule::UkLatePayment => Some(CompensationRule::UkLatePayment),
            InterestRule::GermanyBgb288 { consumer: false } => {
                Some(CompensationRule::GermanyBgb288)
            }
            _ => None,
        }
    }
}

/// The interest terms of a debt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterestTerms {
    pub rule: InterestRule,
    #[serde(default)]
    pub day_count: DayCount,
}

/// A dated reduction of a debt's principal: a payment or a credit note applied to it, or, below
/// zero, a refund that took back part of one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reduction {
    pub date: NaiveDate,
    /// Above zero; below zero for a refund.
    pub amount: Money,
}

/// One amount owed from a due date, with what reduced it since.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Debt {
    pub principal: Money,
    pub due_date: NaiveDate,
    pub reductions: Vec<Reduction>,
}

/// Whether a rate is per year or per day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RateUnit {
    Year,
    Day,
}

/// One line of the breakdown a letter shows: a balance at one rate for a run of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterestPeriod {
    pub from: NaiveDate,
    /// Included.
    pub to: NaiveDate,
    pub days: i64,
    pub balance: Money,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub percent: Decimal,
    pub unit: RateUnit,
    /// The exact, unrounded interest of the period.
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub exact: Decimal,
}

/// Interest on one debt through a date.
///
/// Invariants: the periods follow each other day after day from the day after the due date, and
/// never overlap; `days` is their sum; `interest` is the sum of their exact amounts, rounded
/// once, half away from zero.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InterestBreakdown {
    pub through: NaiveDate,
    pub periods: Vec<InterestPeriod>,
    pub days: i64,
    pub interest: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum InterestError {
    /// A table does not reach a day the interest needs.
    RateUnknown {
        table: RateSource,
        date: NaiveDate,
        known_from: NaiveDate,
        known_until: NaiveDate,
    },
    /// An agreed rate outside 0 to 100 (a year) or 0 to 1 (a day).
    AgreedRateOutOfRange {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
        unit: RateUnit,
    },
    /// The EU margin below the Directive's 8 points.
    EuMarginTooLow {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        margin_points: Decimal,
    },
    ReductionCurrency {
        date: NaiveDate,
        amount: Money,
        debt: Currency,
    },
}

impl InterestError {
    pub fn code(&self) -> &'static str {
        match self {
            InterestError::RateUnknown { .. } => "rate_unknown",
            InterestError::AgreedRateOutOfRange { .. } => "agreed_rate_out_of_range",
            InterestError::EuMarginTooLow { .. } => "eu_margin_too_low",
            InterestError::ReductionCurrency { .. } => "reduction_currency",
        }
    }
}

impl fmt::Display for InterestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            InterestError::RateUnknown {
                table,
                date,
                known_from,
                known_until,
            } => {
                let rate = table.word();
                say!(
                en: "No {rate} is known for {date}: the table covers {known_from} to \
                     {known_until}; load a newer file of the table with the published rate \
                     (Settings, Reference rates; or `interest-rates load` on the command line), \
                     then run again.",
                zh: "没有 {date} 的{rate}：利率表只涵盖 {known_from} 至 {known_until}；请载入含\
                     已公布利率的新版利率表文件（设置 → 参考利率；或命令行 `interest-rates load`），\
                     然后再运行。",
                )
            }
            InterestError::AgreedRateOutOfRange { percent, unit } => match unit {
                RateUnit::Year => say!(
                    en: "The agreed interest rate {percent} % a year is not accepted; give a \
                         rate from 0 to 100 % a year.",
                    zh: "约定年利率 {percent}% 不可接受；请填写 0 至 100% 之间的年利率。",
                ),
                RateUnit::Day => say!(
                    en: "The agreed interest rate {percent} % a day is not accepted; give a \
                         rate from 0 to 1 % a day, such as 0.05.",
                    zh: "约定日利率 {percent}% 不可接受；请填写 0 至 1% 之间的日利率，例如 \
                         0.05。",
                ),
            },
            InterestError::EuMarginTooLow { margin_points } => say!(
                en: "The EU interest margin of {margin_points} points is not accepted: \
                     Directive 2011/7/EU sets at least 8 points above the ECB reference rate; \
                     give 8 or more.",
                zh: "欧盟利息加点 {margin_points} 个百分点不可接受：第 2011/7/EU 号指令规定至少\
                     在欧洲央行参考利率上加 8 个百分点；请填写 8 或以上。",
            ),
            InterestError::ReductionCurrency { date, amount, debt } => say!(
                en: "The reduction of {amount} on {date} is not in {debt}, the currency of the \
                     debt; record payments in the invoice's currency.",
                zh: "{date} 的减少额 {amount} 不是以债务币种 {debt} 计价；请以发票币种记录\
                     付款。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// Points the German rule adds to the base rate.
const BGB_BUSINESS_POINTS: i64 = 9;
const BGB_CONSUMER_POINTS: i64 = 5;
const UK_POINTS: i64 = 8;

/// The rate of a run of days and the last day it holds for.
struct RateSpan {
    percent: Decimal,
    unit: RateUnit,
    until: NaiveDate,
}

impl InterestTerms {
    /// Refuses agreed rates and margins the rules do not accept.
    pub fn check(&self) -> Result<(), InterestError> {
        let agreed = match self.rule {
            InterestRule::Contract { rate } => Some(rate),
            InterestRule::ChinaSme { agreed, .. } => agreed,
            InterestRule::EuDirective { margin_points } if margin_points < Decimal::from(8) => {
                return Err(InterestError::EuMarginTooLow { margin_points });
            }
            _ => None,
        };
        match agreed {
            Some(AgreedRate::Year { percent })
                if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED =>
            {
                Err(InterestError::AgreedRateOutOfRange {
                    percent,
                    unit: RateUnit::Year,
                })
            }
            Some(AgreedRate::Day { percent })
                if percent < Decimal::ZERO || percent > Decimal::ONE =>
            {
                Err(InterestError::AgreedRateOutOfRange {
                    percent,
                    unit: RateUnit::Day,
                })
            }
            _ => Ok(()),
        }
    }

    fn span(
        &self,
        debt: &Debt,
        day: NaiveDate,
        tables: &RateTables,
    ) -> Result<RateSpan, InterestError> {
        let forever = NaiveDate::MAX;
        let fixed = |percent, unit| RateSpan {
            percent,
            unit,
            until: forever,
        };
        Ok(match self.rule {
            InterestRule::Contract { rate } => agreed_span(rate, forever),
            InterestRule::EuDirective { margin_points } => {
                let (percent, until) = lookup(&tables.ecb, day)?;
                RateSpan {
                    percent: percent + margin_points,
                    unit: RateUnit::Year,
                    until,
                }
            }
            InterestRule::UkLatePayment => {
                let starts = debt.due_date + Days::new(1);
                let (percent, _) = lookup(&tables.bank_of_england, starts)?;
                fixed(percent + Decimal::from(UK_POINTS), RateUnit::Year)
            }
            InterestRule::GermanyBgb288 { consumer } => {
                let points = if consumer {
                    BGB_CONSUMER_POINTS
                } else {
                    BGB_BUSINESS_POINTS
                };
                let (percent, until) = lookup(&tables.german_base, day)?;
                RateSpan {
                    percent: percent + Decimal::from(points),
                    unit: RateUnit::Year,
                    until,
                }
            }
            InterestRule::ChinaSme {
                agreed,
                contract_date,
            } => match agreed {
                None => fixed(Decimal::new(5, 2), RateUnit::Day),
                Some(rate) => {
                    let (floor, _) = lookup(&tables.china_lpr, contract_date)?;
                    let yearly = match rate {
                        AgreedRate::Year { percent } => percent,
                        AgreedRate::Day { percent } => percent * Decimal::from(365),
                    };
                    if yearly < floor {
                        fixed(floor, RateUnit::Year)
                    } else {
                        agreed_span(rate, forever)
                    }
                }
            },
        })
    }
}

fn agreed_span(rate: AgreedRate, until: NaiveDate) -> RateSpan {
    match rate {
        AgreedRate::Year { percent } => RateSpan {
            percent,
            unit: RateUnit::Year,
            until,
        },
        AgreedRate::Day { percent } => RateSpan {
            percent,
            unit: RateUnit::Day,
            until,
        },
    }
}

fn lookup(table: &RateTable, day: NaiveDate) -> Result<(Decimal, NaiveDate), InterestError> {
    match table.period_on(day) {
        Some(period) => Ok((period.percent, period.to)),
        None => Err(InterestError::RateUnknown {
            table: table.source(),
            date: day,
            known_from: table.periods()[0].from,
            known_until: table.known_until(),
        }),
    }
}

/// Interest on `debt` under `terms` from the day after its due date through `through`.
pub fn accrue(
    debt: &Debt,
    terms: &InterestTerms,
    tables: &RateTables,
    through: NaiveDate,
) -> Result<InterestBreakdown, InterestError> {
    terms.check()?;
    let currency = debt.principal.currency();
    if let Some(other) = debt
        .reductions
        .iter()
        .find(|r| r.amount.currency() != currency)
    {
        return Err(InterestError::ReductionCurrency {
            date: other.date,
            amount: other.amount,
            debt: currency,
        });
    }
    let mut reductions = debt.reductions.clone();
    reductions.sort_by_key(|r| r.date);

    let mut periods = Vec::new();
    let mut day = debt.due_date + Days::new(1);
    let mut balance = debt.principal.amount();
    let mut next = 0;
    while day <= through {
        // Reductions dated before this day are off the balance from this day on.
        while next < reductions.len() && reductions[next].date < day {
            balance -= reductions[next].amount.amount();
            next += 1;
        }
        if balance <= Decimal::ZERO {
            // Nothing is owed from this day on, unless a later refund (a reduction below zero)
            // takes back part of what was paid: interest runs again from the day after it.
            match reductions.get(next) {
                Some(reduction) => {
                    day = reduction.date + Days::new(1);
                    continue;
                }
                None => break,
            }
        }
        let span = terms.span(debt, day, tables)?;
        let mut to = through.min(span.until);
        if let Some(reduction) = reductions.get(next) {
            to = to.min(reduction.date);
        }
        let days = (to - day).num_days() + 1;
        // Divided last, so that the exact amount loses nothing to an early division.
        let divisor = match span.unit {
            RateUnit::Year => Decimal::ONE_HUNDRED * terms.day_count.basis(),
            RateUnit::Day => Decimal::ONE_HUNDRED,
        };
        periods.push(InterestPeriod {
            from: day,
            to,
            days,
            balance: Money::new(balance, currency),
            percent: span.percent,
            unit: span.unit,
            exact: balance * span.percent * Decimal::from(days) / divisor,
        });
        day = to + Days::new(1);
    }

    let exact: Decimal = periods.iter().map(|p| p.exact).sum();
    Ok(InterestBreakdown {
        through,
        days: periods.iter().map(|p| p.days).sum(),
        interest: Money::new(exact, currency).round(Rounding::HalfAwayFromZero),
        periods,
    })
}
