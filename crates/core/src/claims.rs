//! Claims on trade-credit insurance: what was claimed for an unpaid debt, what the insurer
//! decided and paid, and what is left to us (the retention).
//!
//! The insurer's payment is a receipt like any other and is allocated to the claimed invoices.
//! The retention is `claimed - paid` once the insurer has decided (the whole claim when it
//! refuses); it is either a loss, to be written off, or recoverable, still owed by the customer
//! and chased. While the claim is pending there is no retention yet.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money, MoneyError};
use crate::say;
use crate::text::Word;

/// What the insurer decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ClaimDecision {
    /// Not decided yet; nothing is paid.
    Pending,
    /// The claim is admitted; the insurer pays its indemnity (the insured share of the claim,
    /// which may be less than the claim by the policy's own retention).
    Accepted,
    /// Part of the claim is admitted; the insurer pays less than claimed.
    Partly,
    /// Nothing is admitted and nothing is paid.
    Refused,
}

impl ClaimDecision {
    pub fn word(&self) -> Word {
        match self {
            ClaimDecision::Pending => Word::new("pending", "待定"),
            ClaimDecision::Accepted => Word::new("accepted", "已受理"),
            ClaimDecision::Partly => Word::new("partly accepted", "部分受理"),
            ClaimDecision::Refused => Word::new("refused", "已拒赔"),
        }
    }
}

/// What becomes of the part the insurer does not pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RetentionTreatment {
    /// Written off as a bad debt.
    Loss,
    /// Still owed by the customer and chased.
    Recoverable,
}

/// A claim on the insurer, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InsuranceClaim {
    pub customer_reference: String,
    /// The invoices claimed for.
    pub invoice_numbers: Vec<String>,
    pub filed_on: NaiveDate,
    /// Above zero.
    pub claimed: Money,
    pub decision: ClaimDecision,
    /// What the insurer paid, when it has; none while pending or when refused.
    pub paid: Option<Money>,
    /// Required with `paid`; on or after `filed_on`.
    pub paid_on: Option<NaiveDate>,
    pub retention_treatment: RetentionTreatment,
}

/// What a decided claim leaves: the insurer's payment and our retention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimOutcome {
    pub paid: Money,
    /// `claimed - paid`.
    pub retention: Money,
    pub treatment: RetentionTreatment,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    ClaimedNotPositive {
        claimed: Money,
    },
    PaidCurrency {
        paid: Money,
        currency: Currency,
    },
    PaidNegative {
        paid: Money,
    },
    PaidAboveClaimed {
        paid: Money,
        claimed: Money,
    },
    /// A partly accepted claim must be paid something and less than claimed.
    PartlyNotBelowClaimed {
        paid: Money,
        claimed: Money,
    },
    PaidWhilePending {
        paid: Money,
    },
    PaidWhenRefused {
        paid: Money,
    },
    PaidWithoutDate {
        paid: Money,
    },
    DateWithoutPaid {
        paid_on: NaiveDate,
    },
    PaidBeforeFiled {
        paid_on: NaiveDate,
        filed_on: NaiveDate,
    },
    NoInvoices,
    Money(MoneyError),
}

impl ClaimError {
    /// A stable code for a UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ClaimError::ClaimedNotPositive { .. } => "claimed_not_positive",
            ClaimError::PaidCurrency { .. } => "paid_currency",
            ClaimError::PaidNegative { .. } => "paid_negative",
            ClaimError::PaidAboveClaimed { .. } => "paid_above_claimed",
            ClaimError::PartlyNotBelowClaimed { .. } => "partly_not_below_claimed",
            ClaimError::PaidWhilePending { .. } => "paid_while_pending",
            ClaimError::PaidWhenRefused { .. } => "paid_when_refused",
            ClaimError::PaidWithoutDate { .. } => "paid_without_date",
            ClaimError::DateWithoutPaid { .. } => "date_without_paid",
            ClaimError::PaidBeforeFiled { .. } => "paid_before_filed",
            ClaimError::NoInvoices => "no_invoices",
            ClaimError::Money(_) => "money",
        }
    }
}

impl From<MoneyError> for ClaimError {
    fn from(err: MoneyError) -> Self {
        ClaimError::Money(err)
    }
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            ClaimError::ClaimedNotPositive { claimed } => say!(
                en: "The amount claimed {claimed} is not accepted; give the amount claimed from \
                     the insurer, above zero.",
                zh: "索赔金额 {claimed} 不可接受；请填写向保险公司索赔的、大于零的金额。",
            ),
            ClaimError::PaidCurrency { paid, currency } => say!(
                en: "The amount paid {paid} is not in {currency}, the currency of the claim; \
                     give it in {currency}.",
                zh: "赔付金额 {paid} 不是以索赔币种 {currency} 计价；请以 {currency} 填写。",
            ),
            ClaimError::PaidNegative { paid } => say!(
                en: "The amount paid {paid} is not accepted; give zero or more.",
                zh: "赔付金额 {paid} 不可接受；请填写零或更大的金额。",
            ),
            ClaimError::PaidAboveClaimed { paid, claimed } => say!(
                en: "The amount paid {paid} is more than the {claimed} claimed; give at most \
                     {claimed}.",
                zh: "赔付金额 {paid} 超过了索赔金额 {claimed}；请填写不超过 {claimed} 的金额。",
            ),
            ClaimError::PartlyNotBelowClaimed { paid, claimed } => say!(
                en: "The claim is partly accepted, but the amount paid {paid} is not below the \
                     {claimed} claimed; give an amount above zero and below {claimed}, or mark \
                     the claim accepted.",
                zh: "该索赔为部分受理，但赔付金额 {paid} 不低于索赔金额 {claimed}；请填写大于零\
                     且小于 {claimed} 的金额，或将索赔标记为已受理。",
            ),
            ClaimError::PaidWhilePending { paid } => say!(
                en: "The claim is still pending, yet an amount paid of {paid} is given; record \
                     the insurer's decision first.",
                zh: "该索赔仍待定，却填写了赔付金额 {paid}；请先登记保险公司的决定。",
            ),
            ClaimError::PaidWhenRefused { paid } => say!(
                en: "The claim is refused, yet an amount paid of {paid} is given; leave the \
                     amount paid out, or record the decision as accepted or partly accepted.",
                zh: "该索赔已被拒赔，却填写了赔付金额 {paid}；请删除赔付金额，或将决定登记为\
                     已受理或部分受理。",
            ),
            ClaimError::PaidWithoutDate { paid } => say!(
                en: "The amount paid {paid} has no date; enter the day the insurer paid.",
                zh: "赔付金额 {paid} 未填写日期；请填写保险公司付款的日期。",
            ),
            ClaimError::DateWithoutPaid { paid_on } => say!(
                en: "A payment date of {paid_on} is given without an amount paid; enter the \
                     amount the insurer paid, or leave the date out.",
                zh: "填写了赔付日期 {paid_on}，但没有赔付金额；请填写保险公司支付的金额，或删除\
                     该日期。",
            ),
            ClaimError::PaidBeforeFiled { paid_on, filed_on } => say!(
                en: "The insurer's payment on {paid_on} is before the claim was filed on \
                     {filed_on}; give a date on or after {filed_on}.",
                zh: "保险公司的付款日期 {paid_on} 早于索赔提交日期 {filed_on}；请填写 \
                     {filed_on} 当日或之后的日期。",
            ),
            ClaimError::NoInvoices => say!(
                en: "The claim names no invoice; choose at least one unpaid invoice it is for.",
                zh: "该索赔未关联任何发票；请至少选择一张所索赔的未付发票。",
            ),
            ClaimError::Money(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

impl InsuranceClaim {
    /// Everything in the claim that breaks an invariant; empty when it can be recorded.
    pub fn problems(&self) -> Vec<ClaimError> {
        let mut problems = Vec::new();
        let claimed = self.claimed;
        if claimed.is_zero() || claimed.is_negative() {
            problems.push(ClaimError::ClaimedNotPositive { claimed });
        } else if let Err(err) = claimed.to_minor() {
            problems.push(err.into());
        }
        if self.invoice_numbers.iter().all(|n| n.trim().is_empty()) {
            problems.push(ClaimError::NoInvoices);
        }
        match (self.paid, self.paid_on) {
            (None, Some(paid_on)) => problems.push(ClaimError::DateWithoutPaid { paid_on }),
            (Some(paid), None) => problems.push(ClaimError::PaidWithoutDate { paid }),
            (Some(_), Some(paid_on)) if paid_on < self.filed_on => {
                problems.push(ClaimError::PaidBeforeFiled {
                    paid_on,
                    filed_on: self.filed_on,
                })
            }
            _ => {}
        }
        let Some(paid) = self.paid else {
            return problems;
        };
        if paid.currency() != claimed.currency() {
            problems.push(ClaimError::PaidCurrency {
                paid,
                currency: claimed.currency(),
            });
            return problems;
        }
        match self.decision {
            ClaimDecision::Pending => problems.push(ClaimError::PaidWhilePending { paid }),
            ClaimDecision::Refused => problems.push(ClaimError::PaidWhenRefused { paid }),
            _ if paid.is_negative() => problems.push(ClaimError::PaidNegative { paid }),
            _ if paid.amount() > claimed.amount() => {
                problems.push(ClaimError::PaidAboveClaimed { paid, claimed })
            }
            ClaimDecision::Partly if paid.is_zero() || paid.amount() >= claimed.amount() => {
                problems.push(ClaimError::PartlyNotBelowClaimed { paid, claimed })
            }
            _ => {}
        }
        if let Err(err) = paid.to_minor() {
            problems.push(err.into());
        }
        problems
    }

    /// The insurer's payment and our retention once the insurer has decided; `None` while the
    /// claim is pending. An accepted or partly accepted claim not yet paid counts as paid zero
    /// so far, so its retention is the whole claim until the payment is recorded.
    pub fn outcome(&self) -> Result<Option<ClaimOutcome>, ClaimError> {
        if self.decision == ClaimDecision::Pending {
            return Ok(None);
        }
        if let Some(problem) = self.problems().into_iter().next() {
            return Err(problem);
        }
        let paid = self.paid.unwrap_or(Money::zero(self.claimed.currency()));
        Ok(Some(ClaimOutcome {
            paid,
            retention: self.claimed.checked_sub(paid)?,
            treatment: self.retention_treatment,
        }))
    }
}
