//! A suggested credit limit and the grounds for it, from configurable rules over plain values:
//! the first order, the security held, invoices paid with their days late, and credit reports.
//!
//! The rules, in the order they are weighed:
//! - **First limit** (no limit yet): a share of the first order's value (default 50%), or what
//!   valid security covers if that is more.
//! - **Cut** (default 25%) when payment behaviour worsens (the amount-weighted average days late
//!   of invoices paid in the recent window, default 3 months, exceeds that of the window before
//!   it, default 12 months, by more than a threshold, default 10 days; averages compared at one
//!   decimal) or when the latest credit report scores worse than the previous report of the same
//!   agency. A cut outweighs a raise.
//! - **Raise** (default 25%) when the customer has bought on credit for at least the clean
//!   period (default 12 months) and no invoice paid within it was more than the tolerance
//!   (default 15 days) late; at least one invoice must have been paid in it.
//! - Otherwise the limit is kept, with the ground that stopped a raise.
//!
//! Windows end on the as-of date and include it; a payment made exactly one window length before
//! the as-of date belongs to the earlier window. Every amount is rounded half away from zero to
//! the minor unit of the limit's currency.

use std::fmt;

use chrono::{Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::credit::check::days;
use crate::credit::exposure::{at_minor_unit, sum_money, RateTable};
use crate::credit::{CreditError, CreditReport, ExchangeRate, Security};
use crate::money::{Currency, Money, Rounding};
use crate::say;
use crate::text::Language;

/// The rules of [`suggest_limit`]; [`LimitRules::default`] gives the defaults named in the
/// module documentation. Percentages are whole percents (`25` is 25%).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LimitRules {
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub first_order_percent: Decimal,
    pub clean_months: u32,
    pub late_tolerance_days: u32,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub raise_percent: Decimal,
    pub recent_months: u32,
    pub earlier_months: u32,
    pub worsening_days: u32,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub cut_percent: Decimal,
    /// Whether a higher credit score is a better one (most agencies); some indexes run the other
    /// way.
    pub higher_score_is_better: bool,
}

impl Default for LimitRules {
    fn default() -> Self {
        LimitRules {
            first_order_percent: Decimal::from(50),
            clean_months: 12,
            late_tolerance_days: 15,
            raise_percent: Decimal::from(25),
            recent_months: 3,
            earlier_months: 12,
            worsening_days: 10,
            cut_percent: Decimal::from(25),
            higher_score_is_better: true,
        }
    }
}

impl LimitRules {
    /// Every setting outside what the rules accept, each as a sentence naming the setting and
    /// its value; an empty list when the rules can be used. The share of the first order is 0%
    /// to 100%; a raise and a cut are above 0% and at most 100%; the clean period and both
    /// windows of payment behaviour are at least one month. Day counts accept any value.
    pub fn problems(&self) -> Vec<CreditError> {
        let mut problems = Vec::new();
        let hundred = Decimal::ONE_HUNDRED;
        let percents = [
            ("first_order_percent", self.first_order_percent, true),
            ("raise_percent", self.raise_percent, false),
            ("cut_percent", self.cut_percent, false),
        ];
        for (setting, percent, zero_accepted) in percents {
            let too_low = if zero_accepted {
                percent < Decimal::ZERO
            } else {
                percent <= Decimal::ZERO
            };
            if too_low || percent > hundred {
                problems.push(CreditError::PolicyPercentOutOfRange {
                    setting: setting.to_string(),
                    percent,
                });
            }
        }
        let windows = [
            ("clean_months", self.clean_months),
            ("recent_months", self.recent_months),
            ("earlier_months", self.earlier_months),
        ];
        for (setting, months) in windows {
            if months == 0 {
                problems.push(CreditError::PolicyMonthsZero {
                    setting: setting.to_string(),
                });
            }
        }
        problems
    }
}

/// An invoice the customer has paid in full. An invoice paid in instalments may be given once
/// per instalment, each with its own due date, payment day and amount, so that the lateness of
/// each is seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaidInvoice {
    pub number: String,
    pub due_date: NaiveDate,
    /// The day the last of it was paid.
    pub paid_on: NaiveDate,
    pub amount: Money,
}

impl PaidInvoice {
    /// Days from the due date to payment; zero for an invoice paid on time or early.
    pub fn days_late(&self) -> i64 {
        (self.paid_on - self.due_date).num_days().max(0)
    }
}

/// What the rules read about a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LimitHistory {
    /// The currency the limit is kept in.
    pub currency: Currency,
    /// `None` for a new customer, which gets a first limit.
    pub current_limit: Option<Money>,
    /// The day the customer first bought on credit.
    pub customer_since: NaiveDate,
    pub first_order: Option<Money>,
    pub security: Vec<Security>,
    pub paid: Vec<PaidInvoice>,
    pub reports: Vec<CreditReport>,
}

/// Which way the suggestion moves the limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum LimitChange {
    First,
    Raise {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
    },
    Cut {
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
    },
    Keep,
}

/// One fact the suggestion rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Ground {
    FirstOrderShare {
        order: Money,
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        percent: Decimal,
        share: Money,
    },
    /// What valid security covers, against the share of the first order (zero without one).
    SecurityCover {
        cover: Money,
        share: Money,
    },
    /// A new customer with neither a first order nor valid security.
    NothingToBaseOn,
    PaymentWorsening {
        recent_months: u32,
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        recent_average_days: Decimal,
        earlier_months: u32,
        #[cfg_attr(feature = "ts", ts(as = "String"))]
        earlier_average_days: Decimal,
        threshold_days: u32,
    },
    WorseReport {
        agency: String,
        earlier_date: NaiveDate,
        earlier_rating: String,
        latest_date: NaiveDate,
        latest_rating: String,
    },
    CleanRecord {
        months: u32,
        invoices: usize,
        tolerance_days: u32,
    },
    TooRecent {
        since: NaiveDate,
        months: u32,
    },
    NothingPaid {
        months: u32,
    },
    PaidLate {
        invoice_number: String,
        days_late: i64,
        tolerance_days: u32,
        months: u32,
    },
}

/// `1 month`, `12 months`; `12 个月`.
fn months(count: u32) -> String {
    match (Language::current(), count) {
        (Language::English, 1) => "1 month".to_string(),
        (Language::English, _) => format!("{count} months"),
        (Language::SimplifiedChinese, _) => format!("{count} 个月"),
    }
}

impl Ground {
    pub fn code(&self) -> &'static str {
        match self {
            Ground::FirstOrderShare { .. } => "first_order_share",
            Ground::SecurityCover { .. } => "security_cover",
            Ground::NothingToBaseOn => "nothing_to_base_on",
            Ground::PaymentWorsening { .. } => "payment_worsening",
            Ground::WorseReport { .. } => "worse_report",
            Ground::CleanRecord { .. } => "clean_record",
            Ground::TooRecent { .. } => "too_recent",
            Ground::NothingPaid { .. } => "nothing_paid",
            Ground::PaidLate { .. } => "paid_late",
        }
    }
}

impl fmt::Display for Ground {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            Ground::FirstOrderShare {
                order,
                percent,
                share,
            } => say!(
                en: "A new customer's first limit is {percent}% of its first order of {order}: \
                     {share}.",
                zh: "新客户的首个额度为首笔订单 {order} 的 {percent}%：{share}。",
            ),
            Ground::SecurityCover { cover, share } if cover.amount() > share.amount() => say!(
                en: "Valid security covers {cover}, more than {share}, so the first limit is \
                     what the security covers.",
                zh: "有效担保覆盖 {cover}，高于 {share}，因此首个额度取担保覆盖的金额。",
            ),
            Ground::SecurityCover { cover, share } => say!(
                en: "Valid security covers {cover}, not more than {share}, so the first limit \
                     stays at the share of the first order.",
                zh: "有效担保覆盖 {cover}，不高于 {share}，因此首个额度仍按首笔订单的比例确定。",
            ),
            Ground::NothingToBaseOn => say!(
                en: "The customer has neither a first order nor valid security to base a first \
                     limit on, so no credit is suggested until one of them is known.",
                zh: "该客户既没有首笔订单，也没有有效担保，无法据此确定首个额度；在两者之一\
                     确定之前不建议授信。",
            ),
            Ground::PaymentWorsening {
                recent_months,
                recent_average_days,
                earlier_months,
                earlier_average_days,
                threshold_days,
            } => {
                let recent = months(*recent_months);
                let earlier = months(*earlier_months);
                let threshold = days(*threshold_days);
                say!(
                    en: "Invoices paid in the last {recent} were on average \
                         {recent_average_days} days late, against {earlier_average_days} days in \
                         the {earlier} before, worse by more than {threshold}.",
                    zh: "最近 {recent}内支付的发票平均逾期 {recent_average_days} 天，此前 \
                         {earlier}内为 {earlier_average_days} 天，恶化超过 {threshold}。",
                )
            }
            Ground::WorseReport {
                agency,
                earlier_date,
                earlier_rating,
                latest_date,
                latest_rating,
            } => say!(
                en: "{agency} scored the customer {latest_rating} on {latest_date}, worse than \
                     {earlier_rating} on {earlier_date}.",
                zh: "{agency} 于 {latest_date} 给该客户的评分为 {latest_rating}，低于 \
                     {earlier_date} 的 {earlier_rating}。",
            ),
            Ground::CleanRecord {
                months: window,
                invoices,
                tolerance_days,
            } => {
                let window = months(*window);
                let tolerance = days(*tolerance_days);
                say!(
                    en: "No invoice paid in the last {window} ({invoices} in all) was more than \
                         {tolerance} late.",
                    zh: "最近 {window}内支付的发票（共 {invoices} 张）均未逾期超过 {tolerance}。",
                )
            }
            Ground::TooRecent {
                since,
                months: window,
            } => {
                let window = months(*window);
                say!(
                    en: "The customer has bought on credit only since {since}; a limit is raised \
                         after {window} at the earliest.",
                    zh: "该客户自 {since} 起才开始赊购；额度最早在满 {window}后才会提高。",
                )
            }
            Ground::NothingPaid { months: window } => {
                let window = months(*window);
                say!(
                    en: "No invoice was paid in the last {window}, so there is no payment record \
                         to raise the limit on.",
                    zh: "最近 {window}内没有支付任何发票，没有可据以提高额度的付款记录。",
                )
            }
            Ground::PaidLate {
                invoice_number,
                days_late,
                tolerance_days,
                months: window,
            } => {
                let late = days(*days_late);
                let tolerance = days(*tolerance_days);
                let window = months(*window);
                say!(
                    en: "Invoice {invoice_number} was paid {late} late, more than {tolerance}, \
                         within the last {window}, so the limit is not raised.",
                    zh: "发票 {invoice_number} 在最近 {window}内逾期 {late}才支付，超过了 \
                         {tolerance}，因此不提高额度。",
                )
            }
        };
        f.write_str(&sentence)
    }
}

/// A suggested limit with the grounds for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LimitSuggestion {
    pub current: Option<Money>,
    pub suggested: Money,
    pub change: LimitChange,
    /// Every fact the suggestion rests on, in the order the rules were weighed.
    pub grounds: Vec<Ground>,
    pub rates_used: Vec<ExchangeRate>,
}

impl fmt::Display for LimitSuggestion {
    /// The conclusion in one sentence; the grounds have sentences of their own.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let suggested = self.suggested;
        let current = self
            .current
            .map_or_else(String::new, |current| current.to_string());
        let sentence = match &self.change {
            LimitChange::First => say!(
                en: "Suggested first limit: {suggested}.",
                zh: "建议首个额度：{suggested}。",
            ),
            LimitChange::Raise { percent } => say!(
                en: "Suggested limit: {suggested}, a raise of {percent}% from {current}.",
                zh: "建议额度：{suggested}，在 {current} 的基础上提高 {percent}%。",
            ),
            LimitChange::Cut { percent } => say!(
                en: "Suggested limit: {suggested}, a cut of {percent}% from {current}.",
                zh: "建议额度：{suggested}，在 {current} 的基础上降低 {percent}%。",
            ),
            LimitChange::Keep => say!(
                en: "Suggested limit: unchanged at {current}.",
                zh: "建议额度：维持 {current} 不变。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// Suggests a limit for the customer of `history` as of `as_of`, by `rules`. Fails only when an
/// amount in another currency than the limit's has no usable rate.
pub fn suggest_limit(
    history: &LimitHistory,
    rules: &LimitRules,
    rates: &[ExchangeRate],
    as_of: NaiveDate,
) -> Result<LimitSuggestion, CreditError> {
    let currency = history.currency;
    let mut table = RateTable::new(rates, as_of);
    let current = match history.current_limit {
        Some(limit) => Some(table.convert(limit, currency)?),
        None => None,
    };

    let (suggested, change, grounds) = match current {
        None => first_limit(history, rules, &mut table, as_of)?,
        Some(limit) => next_limit(limit, history, rules, &mut table, as_of)?,
    };

    Ok(LimitSuggestion {
        current,
        suggested,
        change,
        grounds,
        rates_used: table.used(),
    })
}

type Outcome = (Money, LimitChange, Vec<Ground>);

fn first_limit(
    history: &LimitHistory,
    rules: &LimitRules,
    table: &mut RateTable,
    as_of: NaiveDate,
) -> Result<Outcome, CreditError> {
    let currency = history.currency;
    let mut grounds = Vec::new();
    let share = match history.first_order {
        Some(order) => {
            let converted = table.convert(order, currency)?;
            let share = percent_of(converted, rules.first_order_percent);
            grounds.push(Ground::FirstOrderShare {
                order,
                percent: rules.first_order_percent,
                share,
            });
            share
        }
        None => at_minor_unit(Decimal::ZERO, currency),
    };
    let mut covered = Vec::new();
    for security in history.security.iter().filter(|s| s.is_valid_on(as_of)) {
        covered.push(table.convert(security.amount, currency)?);
    }
    let cover = sum_money(currency, &covered);
    if !covered.is_empty() {
        grounds.push(Ground::SecurityCover { cover, share });
    }
    if grounds.is_empty() {
        grounds.push(Ground::NothingToBaseOn);
    }
    let suggested = if cover.amount() > share.amount() {
        cover
    } else {
        share
    };
    Ok((suggested, LimitChange::First, grounds))
}

fn next_limit(
    limit: Money,
    history: &LimitHistory,
    rules: &LimitRules,
    table: &mut RateTable,
    as_of: NaiveDate,
) -> Result<Outcome, CreditError> {
    let mut grounds = Vec::new();
    if let Some(ground) = payment_worsening(history, rules, table, as_of)? {
        grounds.push(ground);
    }
    if let Some(ground) = worse_report(&history.reports, rules) {
        grounds.push(ground);
    }
    if !grounds.is_empty() {
        let factor = Decimal::ONE_HUNDRED - rules.cut_percent;
        let change = LimitChange::Cut {
            percent: rules.cut_percent,
        };
        return Ok((percent_of(limit, factor), change, grounds));
    }

    let ground = payment_record(history, rules, as_of);
    if let Ground::CleanRecord { .. } = ground {
        let factor = Decimal::ONE_HUNDRED + rules.raise_percent;
        let change = LimitChange::Raise {
            percent: rules.raise_percent,
        };
        return Ok((percent_of(limit, factor), change, vec![ground]));
    }
    Ok((limit, LimitChange::Keep, vec![ground]))
}

/// `percent` percent of `money`, rounded half away from zero to the minor unit.
fn percent_of(money: Money, percent: Decimal) -> Money {
    money
        .times(percent / Decimal::ONE_HUNDRED)
        .round(Rounding::HalfAwayFromZero)
}

/// The first day after the window of `months` months that ends on `end` (inclusive).
fn window_start(end: NaiveDate, months: u32) -> NaiveDate {
    end.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

fn payment_worsening(
    history: &LimitHistory,
    rules: &LimitRules,
    table: &mut RateTable,
    as_of: NaiveDate,
) -> Result<Option<Ground>, CreditError> {
    let recent_start = window_start(as_of, rules.recent_months);
    let earlier_start = window_start(recent_start, rules.earlier_months);
    let recent = average_days_late(history, table, recent_start, as_of)?;
    let earlier = average_days_late(history, table, earlier_start, recent_start)?;
    let (Some(recent), Some(earlier)) = (recent, earlier) else {
        return Ok(None);
    };
    if recent - earlier <= Decimal::from(rules.worsening_days) {
        return Ok(None);
    }
    Ok(Some(Ground::PaymentWorsening {
        recent_months: rules.recent_months,
        recent_average_days: recent,
        earlier_months: rules.earlier_months,
        earlier_average_days: earlier,
        threshold_days: rules.worsening_days,
    }))
}

/// The amount-weighted average days late of invoices paid after `start` and on or before `end`,
/// to one decimal; `None` when none was paid then.
fn average_days_late(
    history: &LimitHistory,
    table: &mut RateTable,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Option<Decimal>, CreditError> {
    let mut weighted = Decimal::ZERO;
    let mut total = Decimal::ZERO;
    for invoice in history
        .paid
        .iter()
        .filter(|i| start < i.paid_on && i.paid_on <= end)
    {
        let amount = table
            .convert(invoice.amount, history.currency)?
            .amount()
            .abs();
        weighted += amount * Decimal::from(invoice.days_late());
        total += amount;
    }
    if total.is_zero() {
        return Ok(None);
    }
    let mut average =
        (weighted / total).round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    average.rescale(1);
    Ok(Some(average))
}

/// The latest report against the one before it from the same agency, when both are numbers and
/// the latest is worse.
fn worse_report(reports: &[CreditReport], rules: &LimitRules) -> Option<Ground> {
    let latest = reports.iter().max_by_key(|r| r.date)?;
    let earlier = reports
        .iter()
        .filter(|r| r.agency == latest.agency && r.date < latest.date)
        .max_by_key(|r| r.date)?;
    let (now, before) = (latest.score()?, earlier.score()?);
    let worse = if rules.higher_score_is_better {
        now < before
    } else {
        now > before
    };
    worse.then(|| Ground::WorseReport {
        agency: latest.agency.clone(),
        earlier_date: earlier.date,
        earlier_rating: earlier.rating.clone(),
        latest_date: latest.date,
        latest_rating: latest.rating.clone(),
    })
}

/// Whether the payment record of the clean period allows a raise, as the ground that says so or
/// the first ground that stops it.
fn payment_record(history: &LimitHistory, rules: &LimitRules, as_of: NaiveDate) -> Ground {
    let start = window_start(as_of, rules.clean_months);
    if history.customer_since > start {
        return Ground::TooRecent {
            since: history.customer_since,
            months: rules.clean_months,
        };
    }
    let paid: Vec<&PaidInvoice> = history
        .paid
        .iter()
        .filter(|i| start < i.paid_on && i.paid_on <= as_of)
        .collect();
    let most_late = paid
        .iter()
        .filter(|i| i.days_late() > i64::from(rules.late_tolerance_days))
        .max_by_key(|i| i.days_late());
    match (paid.len(), most_late) {
        (0, _) => Ground::NothingPaid {
            months: rules.clean_months,
        },
        (_, Some(late)) => Ground::PaidLate {
            invoice_number: late.number.clone(),
            days_late: late.days_late(),
            tolerance_days: rules.late_tolerance_days,
            months: rules.clean_months,
        },
        (invoices, None) => Ground::CleanRecord {
            months: rules.clean_months,
            invoices,
            tolerance_days: rules.late_tolerance_days,
        },
    }
}
