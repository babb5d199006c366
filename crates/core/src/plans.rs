//! Payment plans: a customer's overdue items turned into a schedule of instalments it can pay.
//!
//! The items are settled into the plan, and the plan's instalments become the new open items,
//! each with its own due date.
//!
//! # Building a plan
//!
//! - The plan's total is the sum of the items' open amounts, all in one currency.
//! - An optional down payment, above zero and below the total, is instalment 1, due on the start
//!   date. What is left is the amount financed.
//! - **Equal parts**: the financed amount in `parts` parts, the first one interval after the
//!   start date and each further one an interval later. Intervals are days or calendar months;
//!   month steps are counted from the start date, never chained, and a day that does not exist in
//!   a month becomes its last day (from 31 January: 29 February, 31 March). The parts are equal
//!   in whole minor units and the leftover minor units go on the last part.
//! - **Explicit schedule**: dates after the start date, strictly increasing, amounts above zero
//!   that add up to the amount financed exactly.
//! - **Interest** (optional): simple interest on the amount financed for the plan period, from
//!   the start date to the last instalment's due date, actual/365:
//!   `financed x annual rate / 100 x days / 365`, rounded once, half away from zero, to the
//!   minor unit. It is spread over the parts (never on the down payment) in equal shares of
//!   whole minor units, the leftover on the last part. Every instalment shows its principal and
//!   its interest; the plan's instalments add up to the total plus the interest exactly.
//!
//! # Adherence
//!
//! Receipts toward the plan up to the as-of date are applied to its instalments in due order.
//! An instalment is late from the day after its due date; it may be paid within `grace_days`
//! days after it. On an as-of date the plan is:
//! - **broken** when some instalment was not paid in full (with all the ones before it) by the
//!   last day of its grace period and that day has passed: the remaining balance of the plan
//!   becomes due at once, on the first day after the grace period, and chasing resumes. A plan
//!   once broken stays broken. The balance is what is left of the plan's instalments, interest
//!   included as scheduled: ending a plan early does not recompute its interest;
//! - **paid off** when every instalment is paid;
//! - **behind** when an instalment's due date has passed unpaid but its grace period has not;
//! - **on track** otherwise.

use std::fmt;

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money, MoneyError, Rounding};
use crate::promises::Receipt;
use crate::say;
use crate::text::Word;

/// The time between two parts of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "unit", rename_all = "snake_case")]
pub enum PlanInterval {
    /// 1 to 3650 days.
    Days { days: u32 },
    /// 1 to 120 calendar months.
    Months { months: u32 },
}

/// One part of an explicit schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScheduledPart {
    pub due_date: NaiveDate,
    /// Principal only; the plan's interest is added to it.
    pub amount: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanSchedule {
    /// 1 to 360 equal parts.
    EqualParts {
        parts: u32,
        interval: PlanInterval,
    },
    Explicit {
        parts: Vec<ScheduledPart>,
    },
}

/// An overdue item taken into the plan: one instalment's open amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanItem {
    pub invoice_number: String,
    pub due_date: NaiveDate,
    pub open: Money,
}

/// What a person asks for when setting up a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanRequest {
    pub customer_reference: String,
    pub items: Vec<PlanItem>,
    pub start_on: NaiveDate,
    pub down_payment: Option<Money>,
    pub schedule: PlanSchedule,
    /// Annual rate in percent (8 for 8 %), above 0 and at most 100; `None` for no interest.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub annual_rate_percent: Option<Decimal>,
    /// Days after an instalment's due date within which it may still be paid.
    pub grace_days: u32,
}

/// One instalment of a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanInstalment {
    /// 1-based; the down payment, when there is one, is 1.
    pub seq: u32,
    pub due_date: NaiveDate,
    pub principal: Money,
    pub interest: Money,
    /// `principal + interest`.
    pub amount: Money,
    pub down_payment: bool,
}

/// A payment plan as the book keeps it.
///
/// Invariants: the instalments' principals add up to `total`, their interest to `interest`,
/// and their amounts to `total + interest`; due dates strictly increase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaymentPlan {
    pub customer_reference: String,
    pub currency: Currency,
    pub items: Vec<PlanItem>,
    pub start_on: NaiveDate,
    /// The items' open amounts together.
    pub total: Money,
    /// Zero when there is none.
    pub down_payment: Money,
    /// `total - down_payment`.
    pub financed: Money,
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub annual_rate_percent: Option<Decimal>,
    /// From the start date to the last instalment's due date.
    pub interest_days: i64,
    pub interest: Money,
    pub grace_days: u32,
    pub instalments: Vec<PlanInstalment>,
}

/// Where a plan stands on a date; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PlanState {
    OnTrack,
    /// An instalment is late but still within its grace period.
    Behind,
    /// An instalment was missed beyond its grace period: the balance is due at once.
    Broken,
    PaidOff,
}

impl PlanState {
    pub fn word(&self) -> Word {
        match self {
            PlanState::OnTrack => Word::new("on track", "正常履行"),
            PlanState::Behind => Word::new("behind", "逾期（宽限期内）"),
            PlanState::Broken => Word::new("broken", "已违约"),
            PlanState::PaidOff => Word::new("paid off", "已还清"),
        }
    }
}

/// One plan instalment as of a date: receipts applied in due order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstalmentStanding {
    pub seq: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
    pub paid: Money,
    /// `amount - paid`: the plan's open item for this instalment.
    pub open: Money,
}

/// A plan's adherence as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanStanding {
    pub as_of: NaiveDate,
    pub state: PlanState,
    /// Receipts toward the plan dated on or before the as-of date.
    pub paid: Money,
    /// Instalments due before the as-of date and not paid: late, in grace or beyond.
    pub arrears: Money,
    /// What is left of the plan: its instalments less what was paid, never below zero.
    pub remaining: Money,
    /// The first instalment missed beyond its grace period, when broken.
    pub missed_seq: Option<u32>,
    /// The first day after that instalment's grace period, when broken: the day the remaining
    /// balance fell due at once.
    pub broken_on: Option<NaiveDate>,
    /// The remaining balance, due at once, when broken.
    pub balance_due: Option<Money>,
    pub instalments: Vec<InstalmentStanding>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    NoItems,
    ItemCurrency {
        invoice_number: String,
        open: Money,
        currency: Currency,
    },
    ItemNotPositive {
        invoice_number: String,
        open: Money,
    },
    DownPaymentOutOfRange {
        down_payment: Money,
        total: Money,
    },
    PartsOutOfRange {
        parts: u32,
    },
    IntervalOutOfRange {
        interval: PlanInterval,
    },
    ScheduleEmpty,
    ScheduledNotAfterStart {
        due_date: NaiveDate,
        start_on: NaiveDate,
    },
    ScheduleNotIncreasing {
        due_date: NaiveDate,
        previous: NaiveDate,
    },
    ScheduledNotPositive {
        due_date: NaiveDate,
        amount: Money,
    },
    ScheduleDoesNotAddUp {
        scheduled: Money,
        financed: Money,
    },
    /// An amount of the plan (`field`) is not in the plan's currency.
    CurrencyMismatch {
        field: Word,
        amount: Money,
        currency: Currency,
    },
    RateOutOfRange {
        rate: Decimal,
    },
    DateOutOfRange {
        start_on: NaiveDate,
    },
    Money(MoneyError),
}

impl PlanError {
    /// A stable code for a UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            PlanError::NoItems => "no_items",
            PlanError::ItemCurrency { .. } => "item_currency",
            PlanError::ItemNotPositive { .. } => "item_not_positive",
            PlanError::DownPaymentOutOfRange { .. } => "down_payment_out_of_range",
            PlanError::PartsOutOfRange { .. } => "parts_out_of_range",
            PlanError::IntervalOutOfRange { .. } => "interval_out_of_range",
            PlanError::ScheduleEmpty => "schedule_empty",
            PlanError::ScheduledNotAfterStart { .. } => "scheduled_not_after_start",
            PlanError::ScheduleNotIncreasing { .. } => "schedule_not_increasing",
            PlanError::ScheduledNotPositive { .. } => "scheduled_not_positive",
            PlanError::ScheduleDoesNotAddUp { .. } => "schedule_does_not_add_up",
            PlanError::CurrencyMismatch { .. } => "currency_mismatch",
            PlanError::RateOutOfRange { .. } => "rate_out_of_range",
            PlanError::DateOutOfRange { .. } => "date_out_of_range",
            PlanError::Money(_) => "money",
        }
    }
}

impl From<MoneyError> for PlanError {
    fn from(err: MoneyError) -> Self {
        PlanError::Money(err)
    }
}

/// The word for the down payment, in a sentence naming a field.
pub const DOWN_PAYMENT: Word = Word::new("down payment", "首付款");
/// The word for a receipt toward the plan, in a sentence naming a field.
pub const RECEIPT: Word = Word::new("receipt", "收款");
/// The word for a part of an explicit schedule, in a sentence naming a field.
pub const SCHEDULED_PART: Word = Word::new("scheduled part", "计划分期");

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            PlanError::NoItems => say!(
                en: "The plan covers no item; choose at least one overdue item to put on the plan.",
                zh: "该还款计划未包含任何款项；请至少选择一笔逾期款项纳入计划。",
            ),
            PlanError::ItemCurrency {
                invoice_number,
                open,
                currency,
            } => say!(
                en: "Invoice {invoice_number} is open for {open}, not in {currency} like the rest \
                     of the plan; a plan is in one currency, so make a separate plan for it.",
                zh: "发票 {invoice_number} 的未结金额为 {open}，与计划中其他款项的币种 \
                     {currency} 不同；一个还款计划只能使用一种币种，请为其另建计划。",
            ),
            PlanError::ItemNotPositive {
                invoice_number,
                open,
            } => say!(
                en: "Invoice {invoice_number} is open for {open}, which cannot go on a plan; \
                     choose items with an amount open above zero.",
                zh: "发票 {invoice_number} 的未结金额为 {open}，不能纳入还款计划；请选择未结\
                     金额大于零的款项。",
            ),
            PlanError::DownPaymentOutOfRange {
                down_payment,
                total,
            } => say!(
                en: "The down payment {down_payment} is not accepted; give an amount above zero \
                     and below the plan's total of {total}, or none.",
                zh: "首付款 {down_payment} 不可接受；请填写大于零且小于计划总额 {total} 的金额，\
                     或不设首付款。",
            ),
            PlanError::PartsOutOfRange { parts } => say!(
                en: "A plan of {parts} parts is not accepted; give from 1 to 360 parts.",
                zh: "分 {parts} 期的还款计划不可接受；请填写 1 到 360 期。",
            ),
            PlanError::IntervalOutOfRange { interval } => {
                let (count, unit) = match interval {
                    PlanInterval::Days { days } => (days, Word::new("days", "天")),
                    PlanInterval::Months { months } => (months, Word::new("months", "个月")),
                };
                say!(
                    en: "An interval of {count} {unit} between parts is not accepted; give from 1 \
                         to 3650 days or from 1 to 120 months.",
                    zh: "分期间隔 {count} {unit}不可接受；请填写 1 到 3650 天或 1 到 120 个月。",
                )
            }
            PlanError::ScheduleEmpty => say!(
                en: "The schedule has no part; give at least one date and amount.",
                zh: "还款安排中没有任何分期；请至少填写一个日期和金额。",
            ),
            PlanError::ScheduledNotAfterStart { due_date, start_on } => say!(
                en: "The part due on {due_date} is not after the plan's start on {start_on}; give \
                     a later date, or make it the down payment.",
                zh: "{due_date} 到期的分期不晚于计划开始日 {start_on}；请填写更晚的日期，或将其\
                     作为首付款。",
            ),
            PlanError::ScheduleNotIncreasing { due_date, previous } => say!(
                en: "The part due on {due_date} is not after the part before it, due on \
                     {previous}; list the parts in date order, one per date.",
                zh: "{due_date} 到期的分期不晚于前一期的到期日 {previous}；请按日期顺序列出分期，\
                     每个日期一期。",
            ),
            PlanError::ScheduledNotPositive { due_date, amount } => say!(
                en: "The part due on {due_date} is {amount}, which is not accepted; give an \
                     amount above zero.",
                zh: "{due_date} 到期的分期金额为 {amount}，不可接受；请填写大于零的金额。",
            ),
            PlanError::ScheduleDoesNotAddUp {
                scheduled,
                financed,
            } => say!(
                en: "The parts of the schedule add up to {scheduled}, not to the {financed} to be \
                     paid in parts; change the amounts so that they add up to {financed}.",
                zh: "还款安排各期合计为 {scheduled}，与应分期支付的 {financed} 不符；请调整金额，\
                     使合计等于 {financed}。",
            ),
            PlanError::CurrencyMismatch {
                field,
                amount,
                currency,
            } => say!(
                en: "The {field} {amount} is not in {currency}, the currency of the plan; give it \
                     in {currency}.",
                zh: "{field} {amount} 不是以计划的币种 {currency} 计价；请以 {currency} 填写。",
            ),
            PlanError::RateOutOfRange { rate } => say!(
                en: "The annual interest rate of {rate}% is not accepted; give a rate above 0 and \
                     at most 100, such as 8 or 5.5, or none.",
                zh: "年利率 {rate}% 不可接受；请填写大于 0 且不超过 100 的利率，例如 8 或 5.5，\
                     或不计利息。",
            ),
            PlanError::DateOutOfRange { start_on } => say!(
                en: "A plan starting on {start_on} would have a due date beyond the supported \
                     calendar; check the start date and the schedule.",
                zh: "从 {start_on} 开始的还款计划的到期日超出了支持的日历范围；请检查开始日期和\
                     还款安排。",
            ),
            PlanError::Money(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

impl PaymentPlan {
    /// Builds the plan a request asks for; see the module documentation for the rules.
    pub fn build(request: PlanRequest) -> Result<PaymentPlan, PlanError> {
        let first = request.items.first().ok_or(PlanError::NoItems)?;
        let currency = first.open.currency();
        let mut total = Money::zero(currency);
        for item in &request.items {
            if item.open.currency() != currency {
                return Err(PlanError::ItemCurrency {
                    invoice_number: item.invoice_number.clone(),
                    open: item.open,
                    currency,
                });
            }
            if item.open.is_zero() || item.open.is_negative() {
                return Err(PlanError::ItemNotPositive {
                    invoice_number: item.invoice_number.clone(),
                    open: item.open,
                });
            }
            total = total.checked_add(item.open)?;
        }
        let total = Money::from_minor(total.to_minor()?, currency);

        let down_payment = match request.down_payment {
            None => Money::zero(currency),
            Some(down) => {
                in_currency(DOWN_PAYMENT, down, currency)?;
                if down.is_zero() || down.is_negative() || down.amount() >= total.amount() {
                    return Err(PlanError::DownPaymentOutOfRange {
                        down_payment: down,
                        total,
                    });
                }
                Money::from_minor(down.to_minor()?, currency)
            }
        };
        let financed = total.checked_sub(down_payment)?;
        let parts = principal_parts(&request, financed)?;

        let last_due = parts.last().map_or(request.start_on, |(date, _)| *date);
        let interest_days = (last_due - request.start_on).num_days();
        let interest = match request.annual_rate_percent {
            None => Money::zero(currency),
            Some(rate) if rate <= Decimal::ZERO || rate > Decimal::ONE_HUNDRED => {
                return Err(PlanError::RateOutOfRange { rate });
            }
            Some(rate) => simple_interest(financed, rate, interest_days)?,
        };
        let shares = interest.split(parts.len())?;

        let mut instalments = Vec::with_capacity(parts.len() + 1);
        if !down_payment.is_zero() {
            instalments.push(PlanInstalment {
                seq: 1,
                due_date: request.start_on,
                principal: down_payment,
                interest: Money::zero(currency),
                amount: down_payment,
                down_payment: true,
            });
        }
        for ((due_date, principal), interest) in parts.into_iter().zip(shares) {
            instalments.push(PlanInstalment {
                seq: instalments.len() as u32 + 1,
                due_date,
                principal,
                interest,
                amount: principal.checked_add(interest)?,
                down_payment: false,
            });
        }

        Ok(PaymentPlan {
            customer_reference: request.customer_reference,
            currency,
            items: request.items,
            start_on: request.start_on,
            total,
            down_payment,
            financed,
            annual_rate_percent: request.annual_rate_percent,
            interest_days,
            interest,
            grace_days: request.grace_days,
            instalments,
        })
    }

    /// What the customer pays over the plan: the total and the interest.
    pub fn amount_due(&self) -> Money {
        Money::from_minor(
            self.instalments
                .iter()
                .map(|i| i.amount.to_minor().unwrap_or(0))
                .sum(),
            self.currency,
        )
    }

    /// The plan's adherence on `as_of` from the receipts toward it (in any order; those dated
    /// after `as_of` are ignored).
    pub fn standing(
        &self,
        receipts: &[Receipt],
        as_of: NaiveDate,
    ) -> Result<PlanStanding, PlanError> {
        let currency = self.currency;
        let mut counted: Vec<&Receipt> = receipts.iter().filter(|r| r.date <= as_of).collect();
        counted.sort_by_key(|r| r.date);
        let mut received: Vec<(NaiveDate, i64)> = Vec::with_capacity(counted.len());
        for receipt in counted {
            in_currency(RECEIPT, receipt.amount, currency)?;
            received.push((receipt.date, receipt.amount.to_minor()?));
        }
        let paid_by = |day: NaiveDate| -> i64 {
            received
                .iter()
                .filter(|(date, _)| *date <= day)
                .map(|(_, minor)| minor)
                .sum()
        };
        let paid = paid_by(as_of);

        let mut due_so_far = 0_i64;
        let mut arrears_due = 0_i64;
        let mut missed: Option<(u32, NaiveDate)> = None;
        let mut behind = false;
        for instalment in &self.instalments {
            due_so_far += instalment.amount.to_minor()?;
            if instalment.due_date >= as_of {
                continue;
            }
            arrears_due = due_so_far;
            let grace_ends = instalment
                .due_date
                .checked_add_days(Days::new(u64::from(self.grace_days)))
                .ok_or(PlanError::DateOutOfRange {
                    start_on: self.start_on,
                })?;
            if grace_ends < as_of && paid_by(grace_ends) < due_so_far {
                if missed.is_none() {
                    missed = Some((instalment.seq, grace_ends));
                }
            } else if paid < due_so_far {
                behind = true;
            }
        }

        let total = self.amount_due().to_minor()?;
        let remaining = (total - paid).max(0);
        let state = match missed {
            Some(_) => PlanState::Broken,
            None if remaining == 0 => PlanState::PaidOff,
            None if behind => PlanState::Behind,
            None => PlanState::OnTrack,
        };
        let money = |minor: i64| Money::from_minor(minor, currency);
        let broken_on = match missed {
            Some((_, grace_ends)) => Some(grace_ends.checked_add_days(Days::new(1)).ok_or(
                PlanError::DateOutOfRange {
                    start_on: self.start_on,
                },
            )?),
            None => None,
        };

        let mut unapplied = paid;
        let mut instalments = Vec::with_capacity(self.instalments.len());
        for instalment in &self.instalments {
            let amount = instalment.amount.to_minor()?;
            let take = unapplied.clamp(0, amount);
            unapplied -= take;
            instalments.push(InstalmentStanding {
                seq: instalment.seq,
                due_date: instalment.due_date,
                amount: instalment.amount,
                paid: money(take),
                open: money(amount - take),
            });
        }

        Ok(PlanStanding {
            as_of,
            state,
            paid: money(paid),
            arrears: money((arrears_due - paid).max(0)),
            remaining: money(remaining),
            missed_seq: missed.map(|(seq, _)| seq),
            broken_on,
            balance_due: missed.map(|_| money(remaining)),
            instalments,
        })
    }
}

/// `financed x rate / 100 x days / 365`, actual/365, rounded once, half away from zero, to the
/// minor unit. The product is formed before the one division, so nothing is rounded before the
/// end but the division's own last digit (at 28 significant digits, far below a minor unit).
fn simple_interest(financed: Money, rate: Decimal, days: i64) -> Result<Money, PlanError> {
    let overflow = || MoneyError::Overflow {
        amount: financed.amount(),
        currency: financed.currency(),
    };
    let amount = financed
        .amount()
        .checked_mul(rate)
        .and_then(|a| a.checked_mul(Decimal::from(days)))
        .and_then(|a| a.checked_div(Decimal::from(36_500)))
        .ok_or_else(overflow)?;
    Ok(Money::new(amount, financed.currency()).round(Rounding::HalfAwayFromZero))
}

fn in_currency(field: Word, amount: Money, currency: Currency) -> Result<(), PlanError> {
    if amount.currency() == currency {
        Ok(())
    } else {
        Err(PlanError::CurrencyMismatch {
            field,
            amount,
            currency,
        })
    }
}

/// The due dates and principal of the parts after the down payment.
fn principal_parts(
    request: &PlanRequest,
    financed: Money,
) -> Result<Vec<(NaiveDate, Money)>, PlanError> {
    let currency = financed.currency();
    let start_on = request.start_on;
    match &request.schedule {
        PlanSchedule::EqualParts { parts, interval } => {
            if !(1..=360).contains(parts) {
                return Err(PlanError::PartsOutOfRange { parts: *parts });
            }
            let in_range = match *interval {
                PlanInterval::Days { days } => (1..=3650).contains(&days),
                PlanInterval::Months { months } => (1..=120).contains(&months),
            };
            if !in_range {
                return Err(PlanError::IntervalOutOfRange {
                    interval: *interval,
                });
            }
            let amounts = financed.split(*parts as usize)?;
            (1..=*parts)
                .zip(amounts)
                .map(|(step, amount)| {
                    let due = step_from(start_on, *interval, step)
                        .ok_or(PlanError::DateOutOfRange { start_on })?;
                    Ok((due, amount))
                })
                .collect()
        }
        PlanSchedule::Explicit { parts } => {
            if parts.is_empty() {
                return Err(PlanError::ScheduleEmpty);
            }
            let mut scheduled = Money::zero(currency);
            let mut previous: Option<NaiveDate> = None;
            for part in parts {
                in_currency(SCHEDULED_PART, part.amount, currency)?;
                if part.due_date <= start_on {
                    return Err(PlanError::ScheduledNotAfterStart {
                        due_date: part.due_date,
                        start_on,
                    });
                }
                if let Some(previous) = previous.filter(|p| part.due_date <= *p) {
                    return Err(PlanError::ScheduleNotIncreasing {
                        due_date: part.due_date,
                        previous,
                    });
                }
                if part.amount.is_zero() || part.amount.is_negative() {
                    return Err(PlanError::ScheduledNotPositive {
                        due_date: part.due_date,
                        amount: part.amount,
                    });
                }
                part.amount.to_minor()?;
                scheduled = scheduled.checked_add(part.amount)?;
                previous = Some(part.due_date);
            }
            if scheduled.amount() != financed.amount() {
                return Err(PlanError::ScheduleDoesNotAddUp {
                    scheduled,
                    financed,
                });
            }
            Ok(parts
                .iter()
                .map(|p| {
                    (
                        p.due_date,
                        Money::from_minor(p.amount.to_minor().unwrap_or(0), currency),
                    )
                })
                .collect())
        }
    }
}

/// The date `steps` intervals after `start`, always counted from `start` so that a month-end
/// clamp in one step never carries into the next.
fn step_from(start: NaiveDate, interval: PlanInterval, steps: u32) -> Option<NaiveDate> {
    match interval {
        PlanInterval::Days { days } => {
            start.checked_add_days(Days::new(u64::from(days) * u64::from(steps)))
        }
        PlanInterval::Months { months } => {
            start.checked_add_months(Months::new(months.checked_mul(steps)?))
        }
    }
}
