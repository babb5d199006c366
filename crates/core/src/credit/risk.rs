//! The internal risk score of a customer: a number from 0 to 100 (with the default weights)
//! saying how worried to be about its payments, with every factor that makes it up.
//!
//! # The formula
//!
//! The score is the sum of the points of five factors. Each factor gets at most its weight in
//! points, in proportion to how far its value has gone toward the value that earns the whole
//! weight, rounded half away from zero to a whole point:
//!
//! `points = round(weight × min(value, full) / full)` (no points for a value of zero or less).
//!
//! | factor | value | weight | full at |
//! |---|---|---|---|
//! | `days_late` | amount-weighted average days late of what was settled in the last 12 months or is overdue today | 40 | 60 days |
//! | `trend` | that average over the last 3 months less the one over the 9 months before | 20 | 30 days |
//! | `utilisation` | exposure as a percentage of the credit limit | 20 | 100% |
//! | `disputes` | open disputed invoices, 5 points each | 10 | 2 invoices |
//! | `broken_promises` | promises to pay broken, 5 points each | 10 | 2 promises |
//!
//! - **Days late.** An instalment settled in full counts its amount with the days from its due
//!   date to the day the last of it was settled (zero when on time); one still open and past
//!   its due date counts its open amount with the days it is overdue on the as-of date. The
//!   average is `Σ amount × days / Σ amount`, amounts converted into the scoring currency at the
//!   latest rates on or before the as-of date (unrounded: they are weights), and is rounded to
//!   one decimal, half away from zero.
//! - **Trend.** The same average over the recent window (instalments settled in the last 3
//!   months, and everything overdue today) and over the earlier window (settled in the 9 months
//!   before), each to one decimal; the value is the recent one less the earlier one. A window
//!   with nothing in it leaves the trend unknown and worth no points. Getting better earns none.
//! - **Utilisation.** Exposure (open receivables, disputed ones included, plus open orders)
//!   over the credit limit, as a percentage to one decimal. A limit of zero with something
//!   owed earns the whole weight.
//! - **Disputes** and **broken promises** are counts given by the caller: the book counts the
//!   invoices in dispute and the promises to pay broken in the 365 days up to the as-of date.
//!
//! Windows end on the as-of date and include it; the recent window starts the day after the
//! date 3 months before the as-of date, the earlier window the day after the date 12 months
//! before it (month arithmetic clamps to the month's last day).
//!
//! Worked example: 1,000.00 EUR paid 10 days late two months ago, 3,000.00 EUR paid on time
//! five months ago, 1,000.00 EUR overdue 40 days today. Days late: (1,000 × 10 + 3,000 × 0 +
//! 1,000 × 40) / 5,000 = 10.0 days, 40 × 10 / 60 = 6.67, 7 points. Trend: recent (1,000 × 10 +
//! 1,000 × 40) / 2,000 = 25.0, earlier 0.0, rise 25.0 days, 20 × 25 / 30 = 16.67, 17 points.
//! Utilisation: an exposure of 1,500.00 EUR against 2,000.00 EUR is 75.0%, 15 points. One
//! dispute, 5 points; no broken promise. Score: 7 + 17 + 15 + 5 + 0 = 44.
//!
//! The weights, windows and "full at" values are [`RiskRules`]; its `Default` gives the table
//! above.

use std::fmt;

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::credit::{CreditError, ExchangeRate, OpenReceivable, PaidInvoice, RateTable};
use crate::money::{Currency, Money};
use crate::say;
use crate::text::Language;

/// The windows, weights and saturation points of the score; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskRules {
    /// The recent window of the trend, in months ending on the as-of date.
    pub recent_months: u32,
    /// The earlier window of the trend: months before the recent window.
    pub earlier_months: u32,
    pub days_late_weight: u32,
    /// Average days late that earn the whole weight.
    pub days_late_full_at: u32,
    pub trend_weight: u32,
    /// A rise in days late that earns the whole weight.
    pub trend_full_at: u32,
    pub utilisation_weight: u32,
    /// Percent of the limit used that earns the whole weight.
    pub utilisation_full_at: u32,
    pub disputes_weight: u32,
    pub points_per_dispute: u32,
    pub broken_promises_weight: u32,
    pub points_per_broken_promise: u32,
}

impl Default for RiskRules {
    fn default() -> Self {
        RiskRules {
            recent_months: 3,
            earlier_months: 9,
            days_late_weight: 40,
            days_late_full_at: 60,
            trend_weight: 20,
            trend_full_at: 30,
            utilisation_weight: 20,
            utilisation_full_at: 100,
            disputes_weight: 10,
            points_per_dispute: 5,
            broken_promises_weight: 10,
            points_per_broken_promise: 5,
        }
    }
}

impl RiskRules {
    /// The highest score these rules give: the sum of the weights.
    pub fn max_score(&self) -> u32 {
        self.days_late_weight
            + self.trend_weight
            + self.utilisation_weight
            + self.disputes_weight
            + self.broken_promises_weight
    }

    /// The first day after the recent window, going back: settled after it and on or before
    /// the as-of date is recent.
    pub fn recent_start(&self, as_of: NaiveDate) -> NaiveDate {
        months_before(as_of, self.recent_months)
    }

    /// The day before the earlier window: settled after it and on or before
    /// [`RiskRules::recent_start`] is earlier.
    pub fn earlier_start(&self, as_of: NaiveDate) -> NaiveDate {
        months_before(self.recent_start(as_of), self.earlier_months)
    }
}

fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Amounts of one currency with their days late: `amount` in all, and `day_weighted`, the sum
/// of each amount times its days late (in the same currency units).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lateness {
    pub amount: Money,
    pub day_weighted: Decimal,
}

impl Lateness {
    /// One amount `days_late` days late (a negative count is on time).
    pub fn of(amount: Money, days_late: i64) -> Lateness {
        Lateness {
            amount,
            day_weighted: amount.amount() * Decimal::from(days_late.max(0)),
        }
    }
}

/// What a customer's payments have been like, as tallies per currency.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentBehaviour {
    /// Instalments settled in full within the recent window, by their days late.
    pub recent: Vec<Lateness>,
    /// Instalments settled in full within the earlier window.
    pub earlier: Vec<Lateness>,
    /// Open amounts past their due date on the as-of date, by days overdue.
    pub overdue: Vec<Lateness>,
}

impl PaymentBehaviour {
    /// The tallies of invoices paid (`paid`, each as one amount) and invoices open (`open`, each
    /// with its earliest open due date), by the windows of `rules`.
    pub fn from_history(
        paid: &[PaidInvoice],
        open: &[OpenReceivable],
        rules: &RiskRules,
        as_of: NaiveDate,
    ) -> PaymentBehaviour {
        let (recent_start, earlier_start) = (rules.recent_start(as_of), rules.earlier_start(as_of));
        let mut behaviour = PaymentBehaviour::default();
        for invoice in paid.iter().filter(|i| i.paid_on <= as_of) {
            let late = Lateness::of(invoice.amount, invoice.days_late());
            if invoice.paid_on > recent_start {
                behaviour.recent.push(late);
            } else if invoice.paid_on > earlier_start {
                behaviour.earlier.push(late);
            }
        }
        for receivable in open.iter().filter(|r| r.due_date < as_of) {
            let overdue = (as_of - receivable.due_date).num_days();
            behaviour
                .overdue
                .push(Lateness::of(receivable.open, overdue));
        }
        behaviour
    }
}

/// Everything the score reads about one customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskInputs {
    /// The currency amounts are weighed in: the credit limit's.
    pub currency: Currency,
    pub behaviour: PaymentBehaviour,
    /// Exposure and the credit limit, in `currency`; `None` without a credit limit.
    pub exposure: Option<(Money, Money)>,
    /// Open invoices in dispute, and what is open on them in `currency`.
    pub open_disputes: u32,
    pub disputed: Money,
    /// Promises to pay that were broken; zero until promises are recorded.
    pub broken_promises: u32,
}

/// One factor of the score, with its value and the points it adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RiskFactor {
    DaysLate {
        /// `None` when nothing was settled in the windows and nothing is overdue.
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        average_days: Option<Decimal>,
        months: u32,
        points: u32,
        weight: u32,
    },
    Trend {
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        recent_average_days: Option<Decimal>,
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        earlier_average_days: Option<Decimal>,
        /// Recent less earlier; `None` when either is unknown.
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        change_days: Option<Decimal>,
        recent_months: u32,
        earlier_months: u32,
        points: u32,
        weight: u32,
    },
    Utilisation {
        exposure: Option<Money>,
        limit: Option<Money>,
        /// `None` without a limit, or with a limit of zero and something owed.
        #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
        percent: Option<Decimal>,
        points: u32,
        weight: u32,
    },
    Disputes {
        invoices: u32,
        amount: Money,
        points: u32,
        weight: u32,
    },
    BrokenPromises {
        count: u32,
        points: u32,
        weight: u32,
    },
}

impl RiskFactor {
    /// The stable code a UI branches on; the same as the serialised `code`.
    pub fn code(&self) -> &'static str {
        match self {
            RiskFactor::DaysLate { .. } => "days_late",
            RiskFactor::Trend { .. } => "trend",
            RiskFactor::Utilisation { .. } => "utilisation",
            RiskFactor::Disputes { .. } => "disputes",
            RiskFactor::BrokenPromises { .. } => "broken_promises",
        }
    }

    pub fn points(&self) -> u32 {
        match self {
            RiskFactor::DaysLate { points, .. }
            | RiskFactor::Trend { points, .. }
            | RiskFactor::Utilisation { points, .. }
            | RiskFactor::Disputes { points, .. }
            | RiskFactor::BrokenPromises { points, .. } => *points,
        }
    }

    /// The value the points were computed from, as a number: days, days of change, percent or
    /// a count; `None` when it could not be measured.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            RiskFactor::DaysLate { average_days, .. } => *average_days,
            RiskFactor::Trend { change_days, .. } => *change_days,
            RiskFactor::Utilisation { percent, .. } => *percent,
            RiskFactor::Disputes { invoices, .. } => Some(Decimal::from(*invoices)),
            RiskFactor::BrokenPromises { count, .. } => Some(Decimal::from(*count)),
        }
    }
}

/// `1 month`, `9 months`; `9 个月`.
fn months(count: u32) -> String {
    match (Language::current(), count) {
        (Language::English, 1) => "1 month".to_string(),
        (Language::English, _) => format!("{count} months"),
        (Language::SimplifiedChinese, _) => format!("{count} 个月"),
    }
}

impl fmt::Display for RiskFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            RiskFactor::DaysLate {
                average_days: Some(average),
                months: window,
                points,
                weight,
            } => {
                let window = months(*window);
                say!(
                    en: "What was settled in the last {window} or is overdue today was on \
                         average {average} days late, weighted by amount: {points} of {weight} \
                         points.",
                    zh: "最近 {window}内结清或今天已逾期的款项按金额加权平均逾期 {average} 天：\
                         {points}/{weight} 分。",
                )
            }
            RiskFactor::DaysLate {
                average_days: None,
                months: window,
                points,
                weight,
            } => {
                let window = months(*window);
                say!(
                    en: "Nothing was settled in the last {window} and nothing is overdue today: \
                         {points} of {weight} points.",
                    zh: "最近 {window}内没有结清的款项，今天也没有逾期的款项：{points}/{weight} 分。",
                )
            }
            RiskFactor::Trend {
                recent_average_days: Some(recent),
                earlier_average_days: Some(earlier),
                change_days: Some(change),
                recent_months,
                earlier_months,
                points,
                weight,
            } => {
                let (recent_window, earlier_window) =
                    (months(*recent_months), months(*earlier_months));
                if change.is_sign_positive() && !change.is_zero() {
                    say!(
                        en: "Days late rose from {earlier} in the {earlier_window} before to \
                             {recent} in the last {recent_window}, by {change} days: {points} of \
                             {weight} points.",
                        zh: "平均逾期天数从此前 {earlier_window}的 {earlier} 天升至最近 \
                             {recent_window}的 {recent} 天，增加 {change} 天：{points}/{weight} 分。",
                    )
                } else {
                    say!(
                        en: "Days late went from {earlier} in the {earlier_window} before to \
                             {recent} in the last {recent_window}, no worse: {points} of {weight} \
                             points.",
                        zh: "平均逾期天数从此前 {earlier_window}的 {earlier} 天变为最近 \
                             {recent_window}的 {recent} 天，没有恶化：{points}/{weight} 分。",
                    )
                }
            }
            RiskFactor::Trend {
                recent_months,
                earlier_months,
                points,
                weight,
                ..
            } => {
                let (recent_window, earlier_window) =
                    (months(*recent_months), months(*earlier_months));
                say!(
                    en: "There is too little payment history in the last {recent_window} and the \
                         {earlier_window} before to see a trend: {points} of {weight} points.",
                    zh: "最近 {recent_window}及此前 {earlier_window}的付款记录太少，无法判断趋势：\
                         {points}/{weight} 分。",
                )
            }
            RiskFactor::Utilisation {
                exposure: Some(exposure),
                limit: Some(limit),
                percent: Some(percent),
                points,
                weight,
            } => say!(
                en: "The exposure of {exposure} uses {percent}% of the credit limit of {limit}: \
                     {points} of {weight} points.",
                zh: "信用敞口 {exposure} 占信用额度 {limit} 的 {percent}%：{points}/{weight} 分。",
            ),
            RiskFactor::Utilisation {
                exposure: Some(exposure),
                limit: Some(limit),
                percent: None,
                points,
                weight,
            } => say!(
                en: "The exposure of {exposure} stands against a credit limit of {limit}: \
                     {points} of {weight} points.",
                zh: "信用敞口 {exposure} 对应的信用额度为 {limit}：{points}/{weight} 分。",
            ),
            RiskFactor::Utilisation { points, weight, .. } => say!(
                en: "The customer has no credit limit to measure its exposure against: {points} \
                     of {weight} points.",
                zh: "该客户没有可用以衡量信用敞口的信用额度：{points}/{weight} 分。",
            ),
            RiskFactor::Disputes {
                invoices: 0,
                points,
                weight,
                ..
            } => say!(
                en: "No invoice is in dispute: {points} of {weight} points.",
                zh: "没有存在争议的发票：{points}/{weight} 分。",
            ),
            RiskFactor::Disputes {
                invoices: 1,
                amount,
                points,
                weight,
            } => say!(
                en: "1 invoice with {amount} open is in dispute: {points} of {weight} points.",
                zh: "有 1 张未结 {amount} 的发票存在争议：{points}/{weight} 分。",
            ),
            RiskFactor::Disputes {
                invoices,
                amount,
                points,
                weight,
            } => say!(
                en: "{invoices} invoices with {amount} open in all are in dispute: {points} of \
                     {weight} points.",
                zh: "有 {invoices} 张发票存在争议，未结合计 {amount}：{points}/{weight} 分。",
            ),
            RiskFactor::BrokenPromises {
                count: 0,
                points,
                weight,
            } => say!(
                en: "No promise to pay was broken: {points} of {weight} points.",
                zh: "没有违背的付款承诺：{points}/{weight} 分。",
            ),
            RiskFactor::BrokenPromises {
                count: 1,
                points,
                weight,
            } => say!(
                en: "1 promise to pay was broken: {points} of {weight} points.",
                zh: "有 1 次付款承诺未兑现：{points}/{weight} 分。",
            ),
            RiskFactor::BrokenPromises {
                count,
                points,
                weight,
            } => say!(
                en: "{count} promises to pay were broken: {points} of {weight} points.",
                zh: "有 {count} 次付款承诺未兑现：{points}/{weight} 分。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// A customer's risk score as of a date, with every factor in the order of the module's table.
///
/// Invariant: `score` is the sum of the factors' points and at most `max_score`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RiskScore {
    pub as_of: NaiveDate,
    pub score: u32,
    pub max_score: u32,
    pub factors: Vec<RiskFactor>,
    /// The rates amounts in other currencies were weighed with, by currency pair.
    pub rates_used: Vec<ExchangeRate>,
}

impl RiskScore {
    /// The factors that added points, the most points first (in table order among equals).
    pub fn moved_by(&self) -> Vec<&RiskFactor> {
        let mut moved: Vec<&RiskFactor> = self.factors.iter().filter(|f| f.points() > 0).collect();
        moved.sort_by_key(|f| std::cmp::Reverse(f.points()));
        moved
    }

    /// The recent and earlier averages and the change between them, when both are known.
    pub fn trend(&self) -> Option<(Decimal, Decimal, Decimal)> {
        self.factors.iter().find_map(|factor| match factor {
            RiskFactor::Trend {
                recent_average_days: Some(recent),
                earlier_average_days: Some(earlier),
                change_days: Some(change),
                ..
            } => Some((*recent, *earlier, *change)),
            _ => None,
        })
    }
}

impl fmt::Display for RiskScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (score, max) = (self.score, self.max_score);
        let sentence = say!(
            en: "Risk score {score} of {max}.",
            zh: "风险评分 {score}/{max}。",
        );
        f.write_str(&sentence)
    }
}

/// Sums lateness tallies into one currency, remembering the rates used.
struct Weigher<'a> {
    table: RateTable<'a>,
    currency: Currency,
    used: Vec<ExchangeRate>,
}

impl Weigher<'_> {
    /// `(Σ amount, Σ amount × days)` in the weigher's currency, unrounded.
    fn sum<'l>(
        &mut self,
        tallies: impl Iterator<Item = &'l Lateness>,
    ) -> Result<(Decimal, Decimal), CreditError> {
        let (mut amount, mut weighted) = (Decimal::ZERO, Decimal::ZERO);
        for tally in tallies {
            let from = tally.amount.currency();
            let rate = if from == self.currency {
                Decimal::ONE
            } else {
                let rate = self.table.rate(from, self.currency)?;
                if !self.used.contains(&rate) {
                    self.used.push(rate);
                }
                rate.rate
            };
            amount += tally.amount.amount().abs() * rate;
            weighted += tally.day_weighted.abs() * rate;
        }
        Ok((amount, weighted))
    }
}

/// `weighted / amount` to one decimal, half away from zero; `None` for nothing weighed.
fn average((amount, weighted): (Decimal, Decimal)) -> Option<Decimal> {
    if amount.is_zero() {
        return None;
    }
    Some(one_decimal(weighted / amount))
}

fn one_decimal(value: Decimal) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(1);
    rounded
}

/// `round(weight × min(value, full) / full)`, half away from zero; nothing for a value of zero
/// or less, the whole weight when `full` is zero and the value is above zero.
fn points(value: Decimal, full: u32, weight: u32) -> u32 {
    if value <= Decimal::ZERO {
        return 0;
    }
    if full == 0 {
        return weight;
    }
    let full = Decimal::from(full);
    let share = value.min(full) / full;
    let points = (Decimal::from(weight) * share)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    u32::try_from(points.mantissa())
        .unwrap_or(weight)
        .min(weight)
}

/// The risk score of the customer of `inputs` as of `as_of`, by `rules`. Fails only when an
/// amount in another currency than `inputs.currency` has no usable rate.
pub fn risk_score(
    inputs: &RiskInputs,
    rules: &RiskRules,
    rates: &[ExchangeRate],
    as_of: NaiveDate,
) -> Result<RiskScore, CreditError> {
    let behaviour = &inputs.behaviour;
    let mut weigher = Weigher {
        table: RateTable::new(rates, as_of),
        currency: inputs.currency,
        used: Vec::new(),
    };
    let recent = weigher.sum(behaviour.recent.iter().chain(&behaviour.overdue))?;
    let earlier = weigher.sum(behaviour.earlier.iter())?;
    let all = (recent.0 + earlier.0, recent.1 + earlier.1);

    let average_days = average(all);
    let days_late = RiskFactor::DaysLate {
        average_days,
        months: rules.recent_months + rules.earlier_months,
        points: average_days.map_or(0, |d| {
            points(d, rules.days_late_full_at, rules.days_late_weight)
        }),
        weight: rules.days_late_weight,
    };

    let (recent_average, earlier_average) = (average(recent), average(earlier));
    let change = match (recent_average, earlier_average) {
        (Some(recent), Some(earlier)) => Some(recent - earlier),
        _ => None,
    };
    let trend = RiskFactor::Trend {
        recent_average_days: recent_average,
        earlier_average_days: earlier_average,
        change_days: change,
        recent_months: rules.recent_months,
        earlier_months: rules.earlier_months,
        points: change.map_or(0, |c| points(c, rules.trend_full_at, rules.trend_weight)),
        weight: rules.trend_weight,
    };

    let utilisation = utilisation(inputs.exposure, rules);

    let disputes = RiskFactor::Disputes {
        invoices: inputs.open_disputes,
        amount: inputs.disputed,
        points: (inputs
            .open_disputes
            .saturating_mul(rules.points_per_dispute))
        .min(rules.disputes_weight),
        weight: rules.disputes_weight,
    };
    let broken_promises = RiskFactor::BrokenPromises {
        count: inputs.broken_promises,
        points: (inputs
            .broken_promises
            .saturating_mul(rules.points_per_broken_promise))
        .min(rules.broken_promises_weight),
        weight: rules.broken_promises_weight,
    };

    let factors = vec![days_late, trend, utilisation, disputes, broken_promises];
    let mut rates_used = weigher.used;
    rates_used.sort_by_key(|r| (r.from.code().to_string(), r.to.code().to_string()));
    Ok(RiskScore {
        as_of,
        score: factors.iter().map(RiskFactor::points).sum(),
        max_score: rules.max_score(),
        factors,
        rates_used,
    })
}

fn utilisation(exposure: Option<(Money, Money)>, rules: &RiskRules) -> RiskFactor {
    let weight = rules.utilisation_weight;
    let Some((exposure, limit)) = exposure else {
        return RiskFactor::Utilisation {
            exposure: None,
            limit: None,
            percent: None,
            points: 0,
            weight,
        };
    };
    let owed = exposure.amount().max(Decimal::ZERO);
    let (percent, points) = if limit.amount() > Decimal::ZERO {
        let percent = one_decimal(owed * Decimal::ONE_HUNDRED / limit.amount());
        (
            Some(percent),
            points(percent, rules.utilisation_full_at, weight),
        )
    } else if owed.is_zero() {
        (Some(one_decimal(Decimal::ZERO)), 0)
    } else {
        (None, weight)
    };
    RiskFactor::Utilisation {
        exposure: Some(exposure),
        limit: Some(limit),
        percent,
        points,
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_round_half_away_from_zero_and_stop_at_the_weight() {
        assert_eq!(points(Decimal::new(10, 0), 60, 40), 7, "6.67 rounds up");
        assert_eq!(points(Decimal::new(75, 1), 60, 40), 5, "5.0");
        assert_eq!(
            points(Decimal::new(3, 0), 24, 20),
            3,
            "2.5 rounds away from zero"
        );
        assert_eq!(points(Decimal::new(500, 0), 60, 40), 40);
        assert_eq!(points(Decimal::new(-5, 0), 30, 20), 0);
    }
}
