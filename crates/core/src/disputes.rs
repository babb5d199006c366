//! Disputes: a customer contests all or part of an invoice, and the contested part is set apart
//! until it is resolved.
//!
//! While a dispute is open its amount is not chased (and bears no late-payment interest); the
//! rest of the same invoice is chased as usual. Disputed amounts stay in aging (marked) and in
//! exposure: the customer has not accepted the debt, but the risk is still ours.
//!
//! A dispute ends in one of three ways:
//! - **accepted**: we agree; a credit note for the disputed amount is posted and nothing of it is
//!   chased again;
//! - **rejected**: we stand by the invoice; the whole disputed amount is chased again, and its
//!   days overdue are counted from the instalments' original due dates (a dispute never moves a
//!   due date);
//! - **partly**: an accepted amount is credited and the rest is chased again, as when rejected.
//!
//! # Which instalments the disputed amount is taken from
//!
//! [`split_disputed`] takes the disputed amount from the instalment due **last** first, moving
//! toward the earliest. Two reasons: the undisputed part keeps the earliest due dates, so
//! disputing part of an invoice never delays the chasing of the rest; and settlements are
//! allocated oldest due first ([`crate::allocate`]), so when the customer pays exactly the
//! undisputed part it clears exactly the chased instalments and the split after the payment is
//! the same disputed amount on the same instalments. When less is open than is disputed (the
//! customer paid part of what it contests), the disputed part is what is open.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::allocate::OpenInstalment;
use crate::money::{Currency, Money, MoneyError};
use crate::say;
use crate::text::Word;

/// Why the customer contests the invoice: a closed list, so that the dispute report can group
/// by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DisputeReason {
    /// The price charged is not the price agreed.
    Price,
    /// More was invoiced than delivered.
    Quantity,
    /// The goods or the work were faulty.
    Quality,
    /// The customer says it never received the goods.
    NotReceived,
    /// The invoice was sent twice.
    Duplicate,
    /// Anything else; the note says what.
    Other,
}

impl DisputeReason {
    pub const ALL: [DisputeReason; 6] = [
        DisputeReason::Price,
        DisputeReason::Quantity,
        DisputeReason::Quality,
        DisputeReason::NotReceived,
        DisputeReason::Duplicate,
        DisputeReason::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            DisputeReason::Price => "price",
            DisputeReason::Quantity => "quantity",
            DisputeReason::Quality => "quality",
            DisputeReason::NotReceived => "not_received",
            DisputeReason::Duplicate => "duplicate",
            DisputeReason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<DisputeReason> {
        DisputeReason::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn word(&self) -> Word {
        match self {
            DisputeReason::Price => Word::new("price", "价格"),
            DisputeReason::Quantity => Word::new("quantity", "数量"),
            DisputeReason::Quality => Word::new("quality", "质量"),
            DisputeReason::NotReceived => Word::new("not received", "未收到货"),
            DisputeReason::Duplicate => Word::new("duplicate invoice", "重复开票"),
            DisputeReason::Other => Word::new("other", "其他"),
        }
    }
}

/// What a person asks for when opening a dispute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewDispute {
    pub invoice_number: String,
    /// The amount contested; `None` for the whole invoice (all that is open and not already
    /// disputed on the day the dispute is opened).
    pub amount: Option<Money>,
    /// The invoice line contested, as the invoice writes it, when the customer names one.
    pub line: Option<String>,
    pub reason: DisputeReason,
    /// Required when the reason is [`DisputeReason::Other`].
    pub note: String,
    pub opened_on: NaiveDate,
}

/// A dispute as the book keeps it. Its amount is fixed when it is opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dispute {
    pub invoice_number: String,
    /// Whether the whole invoice was contested (the amount is then what was open that day).
    pub whole_invoice: bool,
    /// Above zero, in the invoice's currency, at most what was open and not already disputed.
    pub amount: Money,
    pub line: Option<String>,
    pub reason: DisputeReason,
    pub note: String,
    pub opened_on: NaiveDate,
    /// `None` while the dispute is open.
    pub resolution: Option<DisputeResolution>,
}

/// How a dispute ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum DisputeOutcome {
    /// We agree with the customer: the whole disputed amount is credited.
    Accepted,
    /// We stand by the invoice: the whole disputed amount is chased again.
    Rejected,
    /// `accepted` is credited (above zero and below the disputed amount); the rest is chased.
    Partly { accepted: Money },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeResolution {
    pub outcome: DisputeOutcome,
    pub resolved_on: NaiveDate,
    pub note: String,
    /// The credit note to post for the accepted part; zero when rejected.
    pub credit: Money,
    /// The part chased again, from the original due dates; zero when accepted.
    pub resumed: Money,
}

/// Why a dispute cannot be opened or resolved; `Display` is the sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisputeError {
    AmountNotPositive {
        invoice_number: String,
        amount: Money,
    },
    /// More is disputed than is open and not already disputed (`available`).
    AmountAboveOpen {
        invoice_number: String,
        amount: Money,
        available: Money,
    },
    CurrencyMismatch {
        invoice_number: String,
        amount: Money,
        invoice_currency: Currency,
    },
    /// The whole invoice was disputed, but nothing on it is open and undisputed.
    NothingToDispute {
        invoice_number: String,
    },
    OtherWithoutNote {
        invoice_number: String,
    },
    AlreadyResolved {
        invoice_number: String,
        resolved_on: NaiveDate,
    },
    ResolvedBeforeOpened {
        invoice_number: String,
        opened_on: NaiveDate,
        resolved_on: NaiveDate,
    },
    /// A partly accepted amount must be above zero and below the disputed amount.
    PartlyOutOfRange {
        invoice_number: String,
        accepted: Money,
        disputed: Money,
    },
    Money(MoneyError),
}

impl DisputeError {
    /// A stable code for a UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            DisputeError::AmountNotPositive { .. } => "amount_not_positive",
            DisputeError::AmountAboveOpen { .. } => "amount_above_open",
            DisputeError::CurrencyMismatch { .. } => "currency_mismatch",
            DisputeError::NothingToDispute { .. } => "nothing_to_dispute",
            DisputeError::OtherWithoutNote { .. } => "other_without_note",
            DisputeError::AlreadyResolved { .. } => "already_resolved",
            DisputeError::ResolvedBeforeOpened { .. } => "resolved_before_opened",
            DisputeError::PartlyOutOfRange { .. } => "partly_out_of_range",
            DisputeError::Money(_) => "money",
        }
    }
}

impl From<MoneyError> for DisputeError {
    fn from(err: MoneyError) -> Self {
        DisputeError::Money(err)
    }
}

impl fmt::Display for DisputeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            DisputeError::AmountNotPositive {
                invoice_number,
                amount,
            } => say!(
                en: "The disputed amount {amount} on invoice {invoice_number} is not accepted; \
                     give an amount above zero, or leave it out to dispute the whole invoice.",
                zh: "发票 {invoice_number} 的争议金额 {amount} 不可接受；请填写大于零的金额，\
                     或留空以对整张发票提出争议。",
            ),
            DisputeError::AmountAboveOpen {
                invoice_number,
                amount,
                available,
            } => say!(
                en: "The disputed amount {amount} on invoice {invoice_number} is more than the \
                     {available} open and not yet disputed; give at most {available}.",
                zh: "发票 {invoice_number} 的争议金额 {amount} 超过了尚未结清且未被争议的 \
                     {available}；请填写不超过 {available} 的金额。",
            ),
            DisputeError::CurrencyMismatch {
                invoice_number,
                amount,
                invoice_currency,
            } => say!(
                en: "The disputed amount {amount} is not in {invoice_currency}, the currency of \
                     invoice {invoice_number}; give the amount in {invoice_currency}.",
                zh: "争议金额 {amount} 不是以发票 {invoice_number} 的币种 {invoice_currency} \
                     计价；请以 {invoice_currency} 填写金额。",
            ),
            DisputeError::NothingToDispute { invoice_number } => say!(
                en: "Invoice {invoice_number} has nothing open that is not already disputed; \
                     there is nothing left to dispute.",
                zh: "发票 {invoice_number} 没有尚未结清且未被争议的金额；无可争议的金额。",
            ),
            DisputeError::OtherWithoutNote { invoice_number } => say!(
                en: "The dispute on invoice {invoice_number} gives the reason \"other\" without a \
                     note; write what the customer contests.",
                zh: "发票 {invoice_number} 的争议原因为“其他”，但未填写说明；请写明客户争议的\
                     内容。",
            ),
            DisputeError::AlreadyResolved {
                invoice_number,
                resolved_on,
            } => say!(
                en: "The dispute on invoice {invoice_number} was already resolved on \
                     {resolved_on}; a dispute is resolved once. Open a new dispute if the \
                     customer contests again.",
                zh: "发票 {invoice_number} 的争议已于 {resolved_on} 处理完毕；争议只能处理一次。\
                     如客户再次提出异议，请新建争议。",
            ),
            DisputeError::ResolvedBeforeOpened {
                invoice_number,
                opened_on,
                resolved_on,
            } => say!(
                en: "The dispute on invoice {invoice_number} cannot be resolved on \
                     {resolved_on}, before it was opened on {opened_on}; give a date on or \
                     after {opened_on}.",
                zh: "发票 {invoice_number} 的争议于 {opened_on} 提出，不能在此之前的 \
                     {resolved_on} 处理；请填写 {opened_on} 当日或之后的日期。",
            ),
            DisputeError::PartlyOutOfRange {
                invoice_number,
                accepted,
                disputed,
            } => say!(
                en: "The accepted amount {accepted} of the dispute on invoice {invoice_number} \
                     is not accepted; give an amount above zero and below the disputed \
                     {disputed}, or accept or reject the whole dispute.",
                zh: "发票 {invoice_number} 争议的认可金额 {accepted} 不可接受；请填写大于零且\
                     小于争议金额 {disputed} 的金额，或全部认可、全部驳回该争议。",
            ),
            DisputeError::Money(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

impl Dispute {
    /// Opens a dispute on an invoice whose open amount is `open` (all instalments together) and
    /// of which `already_disputed` is contested by disputes still open.
    pub fn open(
        request: NewDispute,
        open: Money,
        already_disputed: Money,
    ) -> Result<Dispute, DisputeError> {
        let invoice_number = request.invoice_number;
        let currency = open.currency();
        let available = open.checked_sub(already_disputed)?;
        let amount = match request.amount {
            None if available.is_negative() || available.is_zero() => {
                return Err(DisputeError::NothingToDispute { invoice_number });
            }
            None => available,
            Some(amount) if amount.currency() != currency => {
                return Err(DisputeError::CurrencyMismatch {
                    invoice_number,
                    amount,
                    invoice_currency: currency,
                });
            }
            Some(amount) if amount.is_negative() || amount.is_zero() => {
                return Err(DisputeError::AmountNotPositive {
                    invoice_number,
                    amount,
                });
            }
            Some(amount) if amount.amount() > available.amount() => {
                return Err(DisputeError::AmountAboveOpen {
                    invoice_number,
                    amount,
                    available,
                });
            }
            Some(amount) => amount,
        };
        Money::exact(amount.amount(), currency)?;
        if request.reason == DisputeReason::Other && request.note.trim().is_empty() {
            return Err(DisputeError::OtherWithoutNote { invoice_number });
        }
        Ok(Dispute {
            invoice_number,
            whole_invoice: request.amount.is_none(),
            amount,
            line: request.line,
            reason: request.reason,
            note: request.note,
            opened_on: request.opened_on,
            resolution: None,
        })
    }

    pub fn is_open(&self) -> bool {
        self.resolution.is_none()
    }

    /// Days since the dispute was opened, for the report of open disputes by age.
    pub fn age_days(&self, as_of: NaiveDate) -> i64 {
        (as_of - self.opened_on).num_days()
    }

    /// Resolves the dispute; the result says what to credit and what is chased again.
    pub fn resolve(
        &mut self,
        outcome: DisputeOutcome,
        resolved_on: NaiveDate,
        note: String,
    ) -> Result<&DisputeResolution, DisputeError> {
        let invoice_number = self.invoice_number.clone();
        if let Some(done) = &self.resolution {
            return Err(DisputeError::AlreadyResolved {
                invoice_number,
                resolved_on: done.resolved_on,
            });
        }
        if resolved_on < self.opened_on {
            return Err(DisputeError::ResolvedBeforeOpened {
                invoice_number,
                opened_on: self.opened_on,
                resolved_on,
            });
        }
        let zero = Money::zero(self.amount.currency());
        let (credit, resumed) = match outcome {
            DisputeOutcome::Accepted => (self.amount, zero),
            DisputeOutcome::Rejected => (zero, self.amount),
            DisputeOutcome::Partly { accepted } => {
                let out_of_range = accepted.currency() != self.amount.currency()
                    || accepted.is_negative()
                    || accepted.is_zero()
                    || accepted.amount() >= self.amount.amount()
                    || Money::exact(accepted.amount(), accepted.currency()).is_err();
                if out_of_range {
                    return Err(DisputeError::PartlyOutOfRange {
                        invoice_number,
                        accepted,
                        disputed: self.amount,
                    });
                }
                (accepted, self.amount.checked_sub(accepted)?)
            }
        };
        Ok(self.resolution.insert(DisputeResolution {
            outcome,
            resolved_on,
            note,
            credit,
            resumed,
        }))
    }
}

/// What is disputed in total on one invoice: the sum of its open disputes, zero when none.
pub fn disputed_total(currency: Currency, disputes: &[Dispute]) -> Result<Money, MoneyError> {
    disputes
        .iter()
        .filter(|d| d.is_open())
        .try_fold(Money::zero(currency), |sum, d| sum.checked_add(d.amount))
}

/// One instalment of an invoice, split into its disputed part and the part that is chased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SplitInstalment {
    pub key: i64,
    /// The original due date; days overdue are always counted from it.
    pub due_date: NaiveDate,
    /// `disputed + chased`.
    pub open: Money,
    /// Not chased and bearing no interest while the dispute is open.
    pub disputed: Money,
    /// Chased as usual.
    pub chased: Money,
}

/// An invoice's open instalments split into the disputed and the chased part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeSplit {
    /// In order of due date, then key; instalments with nothing open are left out.
    pub instalments: Vec<SplitInstalment>,
    /// At most the disputed amount asked for: less when less is open.
    pub disputed: Money,
    pub chased: Money,
}

/// Splits an invoice's open instalments into the part under dispute and the part chased, taking
/// `disputed` from the instalment due last first (see the module documentation for why).
///
/// Invariants: for every instalment `disputed + chased = open`, neither is negative, and the
/// totals add up to the open amount of the invoice: no money is created or lost. The result does
/// not depend on the order the instalments are given in (ties of due date go by key).
pub fn split_disputed(
    open: &[OpenInstalment],
    disputed: Money,
) -> Result<DisputeSplit, DisputeError> {
    let currency = disputed.currency();
    let mut ordered: Vec<&OpenInstalment> = open
        .iter()
        .filter(|i| !i.open.is_zero() && !i.open.is_negative())
        .collect();
    ordered.sort_by_key(|i| (i.due_date, i.key));
    if let Some(other) = ordered.iter().find(|i| i.open.currency() != currency) {
        return Err(MoneyError::CurrencyMismatch {
            left: currency,
            right: other.open.currency(),
        }
        .into());
    }

    // Whole minor units throughout, so every part is exact and the parts add up.
    let mut left = disputed.to_minor()?.max(0);
    let mut instalments: Vec<SplitInstalment> = Vec::with_capacity(ordered.len());
    for instalment in ordered.iter().rev() {
        let open = instalment.open.to_minor()?;
        let take = left.min(open);
        left -= take;
        instalments.push(SplitInstalment {
            key: instalment.key,
            due_date: instalment.due_date,
            open: Money::from_minor(open, currency),
            disputed: Money::from_minor(take, currency),
            chased: Money::from_minor(open - take, currency),
        });
    }
    instalments.reverse();

    let sum = |part: fn(&SplitInstalment) -> Money| {
        instalments
            .iter()
            .try_fold(Money::zero(currency), |s, i| s.checked_add(part(i)))
    };
    Ok(DisputeSplit {
        disputed: sum(|i| i.disputed)?,
        chased: sum(|i| i.chased)?,
        instalments,
    })
}
