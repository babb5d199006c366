//! Promises to pay: a customer says it will pay an amount by a date, and the items it covers are
//! not chased while the promise is good.
//!
//! Where a promise stands on a date follows from the receipts dated from the day it was made
//! through the promised date (both included) and no later than the as-of date:
//! - **kept** once those receipts reach the promised amount;
//! - **pending** while the promised date has not passed (the promised day itself is still
//!   pending: the customer has until the end of it); a partial payment keeps the rest of the
//!   promise open until the date;
//! - **broken** from the day after the promised date when the whole amount has not come in.
//!   Chasing then resumes at the dunning level at which it stopped. Money received after the
//!   promised date still settles the items, but does not mend the promise.

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money, MoneyError};
use crate::say;
use crate::text::Word;

/// How the promise was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PromiseChannel {
    Phone,
    Email,
    Letter,
}

impl PromiseChannel {
    pub fn word(&self) -> Word {
        match self {
            PromiseChannel::Phone => Word::new("by phone", "电话"),
            PromiseChannel::Email => Word::new("by email", "电子邮件"),
            PromiseChannel::Letter => Word::new("by letter", "信函"),
        }
    }
}

/// Money received from the customer toward a promise or a payment plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Receipt {
    pub date: NaiveDate,
    /// Above zero for money received; below zero for money given back (a refund, a payment
    /// that bounced).
    pub amount: Money,
}

/// A promise to pay, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Promise {
    pub customer_reference: String,
    /// The day the promise was made; receipts count toward it from this day on.
    pub made_on: NaiveDate,
    /// The day by which the customer will have paid; on or after `made_on`.
    pub promised_on: NaiveDate,
    /// Above zero.
    pub amount: Money,
    /// The person who promised, as they gave their name.
    pub promised_by: String,
    pub channel: PromiseChannel,
    /// The invoices the promise covers; at least one.
    pub invoice_numbers: Vec<String>,
    /// The dunning level at which chasing stopped, so that it resumes there if the promise is
    /// broken; `None` when no reminder had been sent.
    pub dunning_level: Option<u8>,
}

/// Where a promise stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PromiseState {
    Pending,
    Kept,
    Broken,
}

impl PromiseState {
    /// Whether the covered items are left out of chasing: while pending, and once kept (they
    /// are paid). A broken promise no longer holds anything back.
    pub fn holds_chasing(&self) -> bool {
        !matches!(self, PromiseState::Broken)
    }

    pub fn word(&self) -> Word {
        match self {
            PromiseState::Pending => Word::new("pending", "待兑现"),
            PromiseState::Kept => Word::new("kept", "已兑现"),
            PromiseState::Broken => Word::new("broken", "已违约"),
        }
    }
}

/// A promise's standing as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PromiseStanding {
    pub as_of: NaiveDate,
    pub state: PromiseState,
    /// Received on the counted days (from `made_on` through the promised date, up to the as-of
    /// date); it may exceed the promised amount.
    pub paid: Money,
    /// What the promise still lacks; zero once kept.
    pub missing: Money,
    /// The day the receipts reached the promised amount.
    pub kept_on: Option<NaiveDate>,
    /// The day after the promised date, when the promise is broken.
    pub broken_on: Option<NaiveDate>,
    /// The dunning level chasing resumes at, when broken.
    pub resume_at_level: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromiseError {
    AmountNotPositive {
        amount: Money,
    },
    PromisedBeforeMade {
        made_on: NaiveDate,
        promised_on: NaiveDate,
    },
    PromisedByBlank,
    NoInvoices,
    ReceiptCurrency {
        date: NaiveDate,
        amount: Money,
        promised: Currency,
    },
    Money(MoneyError),
}

impl PromiseError {
    /// A stable code for a UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            PromiseError::AmountNotPositive { .. } => "amount_not_positive",
            PromiseError::PromisedBeforeMade { .. } => "promised_before_made",
            PromiseError::PromisedByBlank => "promised_by_blank",
            PromiseError::NoInvoices => "no_invoices",
            PromiseError::ReceiptCurrency { .. } => "receipt_currency",
            PromiseError::Money(_) => "money",
        }
    }
}

impl From<MoneyError> for PromiseError {
    fn from(err: MoneyError) -> Self {
        PromiseError::Money(err)
    }
}

impl fmt::Display for PromiseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            PromiseError::AmountNotPositive { amount } => say!(
                en: "The promised amount {amount} is not accepted; give the amount the customer \
                     promised to pay, above zero.",
                zh: "承诺金额 {amount} 不可接受；请填写客户承诺支付的、大于零的金额。",
            ),
            PromiseError::PromisedBeforeMade {
                made_on,
                promised_on,
            } => say!(
                en: "The promised date {promised_on} is before the day the promise was made, \
                     {made_on}; give a date on or after {made_on}.",
                zh: "承诺付款日 {promised_on} 早于作出承诺的日期 {made_on}；请填写 {made_on} \
                     当日或之后的日期。",
            ),
            PromiseError::PromisedByBlank => say!(
                en: "The promise does not say who made it; enter the name of the person who \
                     promised to pay.",
                zh: "未写明由谁作出承诺；请填写承诺付款的人员姓名。",
            ),
            PromiseError::NoInvoices => say!(
                en: "The promise covers no invoice; choose at least one invoice the customer \
                     promised to pay.",
                zh: "该承诺未关联任何发票；请至少选择一张客户承诺支付的发票。",
            ),
            PromiseError::ReceiptCurrency {
                date,
                amount,
                promised,
            } => say!(
                en: "The receipt of {amount} on {date} is not in {promised}, the currency of the \
                     promise; count only receipts in {promised}, converted if need be.",
                zh: "{date} 收到的 {amount} 不是以承诺的币种 {promised} 计价；只计入以 \
                     {promised} 计价的收款，必要时请先换算。",
            ),
            PromiseError::Money(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

impl Promise {
    /// Everything in the promise that breaks an invariant; empty when it can be recorded.
    pub fn problems(&self) -> Vec<PromiseError> {
        let mut problems = Vec::new();
        if self.amount.is_zero() || self.amount.is_negative() {
            problems.push(PromiseError::AmountNotPositive {
                amount: self.amount,
            });
        } else if let Err(err) = self.amount.to_minor() {
            problems.push(err.into());
        }
        if self.promised_on < self.made_on {
            problems.push(PromiseError::PromisedBeforeMade {
                made_on: self.made_on,
                promised_on: self.promised_on,
            });
        }
        if self.promised_by.trim().is_empty() {
            problems.push(PromiseError::PromisedByBlank);
        }
        if self.invoice_numbers.iter().all(|n| n.trim().is_empty()) {
            problems.push(PromiseError::NoInvoices);
        }
        problems
    }

    /// Where the promise stands on `as_of`, from the customer's receipts toward the covered
    /// items (in any order; those outside the counted days are ignored).
    pub fn standing(
        &self,
        receipts: &[Receipt],
        as_of: NaiveDate,
    ) -> Result<PromiseStanding, PromiseError> {
        let currency = self.amount.currency();
        let last_counted = self.promised_on.min(as_of);
        let mut counted: Vec<&Receipt> = receipts
            .iter()
            .filter(|r| self.made_on <= r.date && r.date <= last_counted)
            .collect();
        counted.sort_by_key(|r| r.date);
        if let Some(other) = counted.iter().find(|r| r.amount.currency() != currency) {
            return Err(PromiseError::ReceiptCurrency {
                date: other.date,
                amount: other.amount,
                promised: currency,
            });
        }

        let mut paid = Money::zero(currency);
        let mut kept_on = None;
        for receipt in counted {
            paid = paid.checked_add(receipt.amount)?;
            // Kept on the day the money reached the promise for good: a refund (a payment that
            // bounced) can take it back below.
            if paid.amount() < self.amount.amount() {
                kept_on = None;
            } else if kept_on.is_none() {
                kept_on = Some(receipt.date);
            }
        }
        let short = self.amount.checked_sub(paid)?;
        let missing = if short.is_negative() {
            Money::zero(currency)
        } else {
            short
        };
        let state = if kept_on.is_some() {
            PromiseState::Kept
        } else if as_of <= self.promised_on {
            PromiseState::Pending
        } else {
            PromiseState::Broken
        };
        let broken = state == PromiseState::Broken;
        Ok(PromiseStanding {
            as_of,
            state,
            paid,
            missing,
            kept_on,
            broken_on: broken
                .then(|| self.promised_on.checked_add_days(Days::new(1)))
                .flatten(),
            resume_at_level: if broken { self.dunning_level } else { None },
        })
    }
}

impl PromiseStanding {
    /// One sentence for the customer's timeline.
    pub fn sentence(&self, promise: &Promise) -> String {
        let amount = promise.amount;
        let date = promise.promised_on;
        let who = &promise.promised_by;
        let channel = promise.channel.word();
        let paid = self.paid;
        let missing = self.missing;
        match (self.state, self.kept_on, self.resume_at_level) {
            (PromiseState::Kept, Some(kept_on), _) => say!(
                en: "{who} promised {channel} to pay {amount} by {date}; the promise was kept \
                     on {kept_on}.",
                zh: "{who} 通过{channel}承诺于 {date} 前支付 {amount}；已于 {kept_on} 兑现。",
            ),
            (PromiseState::Pending, _, _) if paid.is_zero() => say!(
                en: "{who} promised {channel} to pay {amount} by {date}; nothing has come in \
                     yet, and the items are not chased until then.",
                zh: "{who} 通过{channel}承诺于 {date} 前支付 {amount}；尚未收到款项，在此之前\
                     不催收相关款项。",
            ),
            (PromiseState::Pending, _, _) => say!(
                en: "{who} promised {channel} to pay {amount} by {date}; {paid} has come in and \
                     {missing} is still expected by then.",
                zh: "{who} 通过{channel}承诺于 {date} 前支付 {amount}；已收到 {paid}，\
                     其余 {missing} 仍待在此日期前支付。",
            ),
            (_, _, Some(level)) => say!(
                en: "{who} promised {channel} to pay {amount} by {date}; the promise is broken, \
                     {missing} is missing, and chasing resumes at dunning level {level}.",
                zh: "{who} 通过{channel}承诺于 {date} 前支付 {amount}；该承诺已违约，尚缺 \
                     {missing}，催收从第 {level} 级恢复。",
            ),
            _ => say!(
                en: "{who} promised {channel} to pay {amount} by {date}; the promise is broken, \
                     {missing} is missing, and chasing resumes.",
                zh: "{who} 通过{channel}承诺于 {date} 前支付 {amount}；该承诺已违约，尚缺 \
                     {missing}，恢复催收。",
            ),
        }
    }
}
