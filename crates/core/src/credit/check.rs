//! The credit check: may this order, new or changed, go ahead for this customer on this date?
//!
//! The answer is [`Decision::Approve`], or [`Decision::Hold`] with every reason that applies,
//! never only the first one found. Any change that can raise the risk is checked like a new
//! order: reopening a closed order, raising its amount, changing its currency or lengthening its
//! terms (case B23: closing and reopening an order must not slip past the limit). A change that
//! only lowers the risk (closing, invoicing, a smaller amount, shorter terms) is approved
//! without a check.
//!
//! A hold is lifted only by an [`Override`], which cannot exist without a written reason; a
//! [`Release`], the value that lets an order go ahead, comes either from an approval or from an
//! override, so an order that was held never goes ahead without a reason on record.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::aging::days_overdue;
use crate::credit::exposure::{exposure, sum_money, RateTable};
use crate::credit::{CreditError, CreditFile, CreditStatus, ExchangeRate, Exposure};
use crate::credit::{OpenReceivable, Order, OrderState};
use crate::money::Money;
use crate::say;
use crate::text::Language;

/// The settings of the check that are policy rather than the customer's profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckPolicy {
    /// An undisputed invoice more than this many days overdue holds every order; one exactly
    /// this many days overdue does not.
    pub grace_days: u32,
}

/// How the order checked differs from what was on record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OrderChange {
    /// No order with this reference was on record.
    New,
    /// A closed or invoiced order is open again.
    Reopened,
    /// An open order's amount went up, its currency changed or its terms got longer.
    Raised,
    /// The change lowers the risk or leaves it as it was; it is approved without a check.
    NoNewRisk,
}

/// One reason to hold an order, with the values it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum HoldReason {
    CustomerOnHold,
    CustomerBlocked,
    PrepaymentOnly,
    /// Exposure with the order is above the credit limit.
    OverLimit {
        exposure: Money,
        limit: Money,
        excess: Money,
    },
    /// Exposure with the order is above the insured limit of insurance valid on the date.
    InsuredLimitExceeded {
        exposure: Money,
        insured_limit: Money,
        excess: Money,
    },
    /// Undisputed amounts overdue by more than the grace period, in the limit's currency. Each
    /// instalment counts by its own due date and open amount, so an invoice whose first
    /// instalment is long overdue and whose second is not yet due holds for the first one's open
    /// amount only; `invoices` counts the invoices those instalments belong to, `most_days` is
    /// the longest any of them is overdue.
    Overdue {
        invoices: usize,
        amount: Money,
        most_days: i64,
        grace_days: u32,
    },
    TermsTooLong {
        terms_days: u32,
        max_days: u32,
    },
    /// The order's terms are longer than the insurer covers.
    TermsBeyondInsurer {
        terms_days: u32,
        max_days: u32,
        insurer: String,
    },
    /// The profile's review date is before the check date.
    ReviewPassed {
        review_date: NaiveDate,
    },
    /// Security is required and none was ever given.
    SecurityMissing,
    /// Security is required and every one given has expired, the last on `expired_on`.
    SecurityExpired {
        expired_on: NaiveDate,
    },
}

impl HoldReason {
    /// The stable code a UI branches on; the same as the serialised `code`.
    pub fn code(&self) -> &'static str {
        match self {
            HoldReason::CustomerOnHold => "customer_on_hold",
            HoldReason::CustomerBlocked => "customer_blocked",
            HoldReason::PrepaymentOnly => "prepayment_only",
            HoldReason::OverLimit { .. } => "over_limit",
            HoldReason::InsuredLimitExceeded { .. } => "insured_limit_exceeded",
            HoldReason::Overdue { .. } => "overdue",
            HoldReason::TermsTooLong { .. } => "terms_too_long",
            HoldReason::TermsBeyondInsurer { .. } => "terms_beyond_insurer",
            HoldReason::ReviewPassed { .. } => "review_passed",
            HoldReason::SecurityMissing => "security_missing",
            HoldReason::SecurityExpired { .. } => "security_expired",
        }
    }
}

/// `1 day`, `30 days`; `30 天`.
pub(crate) fn days(count: impl Into<i64>) -> String {
    let count = count.into();
    match (Language::current(), count) {
        (Language::English, 1) => "1 day".to_string(),
        (Language::English, _) => format!("{count} days"),
        (Language::SimplifiedChinese, _) => format!("{count} 天"),
    }
}

impl fmt::Display for HoldReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            HoldReason::CustomerOnHold => say!(
                en: "The customer's credit is on hold; no order is approved until the hold is \
                     lifted.",
                zh: "该客户的信用处于暂停状态；解除暂停之前不批准任何订单。",
            ),
            HoldReason::CustomerBlocked => say!(
                en: "The customer is blocked for credit; no order on credit is approved.",
                zh: "该客户的信用已被冻结；不批准任何赊销订单。",
            ),
            HoldReason::PrepaymentOnly => say!(
                en: "The customer buys on prepayment only; ask for payment before delivery \
                     instead of selling on credit.",
                zh: "该客户仅限预付；请在发货前收款，不予赊销。",
            ),
            HoldReason::OverLimit {
                exposure,
                limit,
                excess,
            } => say!(
                en: "With this order the exposure is {exposure}, over the credit limit of \
                     {limit} by {excess}.",
                zh: "加上该订单后信用敞口为 {exposure}，超出信用额度 {limit} 共 {excess}。",
            ),
            HoldReason::InsuredLimitExceeded {
                exposure,
                insured_limit,
                excess,
            } => say!(
                en: "With this order the exposure is {exposure}, over the insured limit of \
                     {insured_limit} by {excess}; that part is not insured.",
                zh: "加上该订单后信用敞口为 {exposure}，超出保险限额 {insured_limit} 共 \
                     {excess}；超出部分不在承保范围内。",
            ),
            HoldReason::Overdue {
                invoices,
                amount,
                most_days,
                grace_days,
            } => {
                let most = days(*most_days);
                let grace = days(*grace_days);
                if *invoices == 1 {
                    say!(
                        en: "1 invoice of {amount} is {most} overdue, more than the grace period \
                             of {grace}.",
                        zh: "有 1 张发票（{amount}）已逾期 {most}，超过了 {grace}的宽限期。",
                    )
                } else {
                    say!(
                        en: "{invoices} invoices of {amount} in all are overdue by more than the \
                             grace period of {grace}, the oldest by {most}.",
                        zh: "有 {invoices} 张发票（共 {amount}）逾期超过了 {grace}的宽限期，\
                             其中最久的已逾期 {most}。",
                    )
                }
            }
            HoldReason::TermsTooLong {
                terms_days,
                max_days,
            } => {
                let terms = days(*terms_days);
                let max = days(*max_days);
                say!(
                    en: "The order's terms of {terms} are longer than the {max} allowed for this \
                         customer.",
                    zh: "订单账期 {terms}超过了该客户允许的最长账期 {max}。",
                )
            }
            HoldReason::TermsBeyondInsurer {
                terms_days,
                max_days,
                insurer,
            } => {
                let terms = days(*terms_days);
                let max = days(*max_days);
                say!(
                    en: "The order's terms of {terms} are longer than the {max} that {insurer} \
                         covers; the invoice would not be insured.",
                    zh: "订单账期 {terms}超过了 {insurer} 承保的最长信用期 {max}；该发票将不在\
                         承保范围内。",
                )
            }
            HoldReason::ReviewPassed { review_date } => say!(
                en: "The credit review was due on {review_date} and has not been done; review \
                     the profile and set the next review date.",
                zh: "信用复核应于 {review_date} 完成，但尚未进行；请复核信用档案并设定下次复核\
                     日期。",
            ),
            HoldReason::SecurityMissing => say!(
                en: "The credit policy asks this customer for security and none is held; take a \
                     deposit, a bank guarantee or a letter of credit.",
                zh: "信用政策要求该客户提供担保，但目前没有任何担保；请收取保证金、银行保函或\
                     信用证。",
            ),
            HoldReason::SecurityExpired { expired_on } => say!(
                en: "The credit policy asks this customer for security and the last security \
                     held expired on {expired_on}; renew it or take new security.",
                zh: "信用政策要求该客户提供担保，而最后一份担保已于 {expired_on} 到期；请续期\
                     或收取新的担保。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// The reasons an order is held: at least one.
///
/// Serialised as the list of its reasons.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(as = "Vec<HoldReason>"))]
pub struct Hold {
    reasons: Vec<HoldReason>,
}

impl Hold {
    /// Every reason, in a fixed order: the customer's status, the limits, overdue invoices,
    /// terms, the review date, security.
    pub fn reasons(&self) -> &[HoldReason] {
        &self.reasons
    }

    /// Lets the held order go ahead anyway, for the reason written. Who decided, and when, is
    /// recorded by the caller with the override.
    pub fn overrule(self, reason: &str) -> Result<Override, CreditError> {
        Ok(Override {
            held_for: self.reasons,
            reason: OverrideReason::new(reason)?,
        })
    }
}

impl TryFrom<Vec<HoldReason>> for Hold {
    type Error = String;
    fn try_from(reasons: Vec<HoldReason>) -> Result<Hold, String> {
        if reasons.is_empty() {
            return Err("a hold has at least one reason".to_string());
        }
        Ok(Hold { reasons })
    }
}

impl Serialize for Hold {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.reasons.serialize(serializer)
    }
}

/// Read back through [`Hold::try_from`], so a stored hold without a reason is refused.
impl<'de> Deserialize<'de> for Hold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Hold, D::Error> {
        let reasons = Vec::<HoldReason>::deserialize(deserializer)?;
        Hold::try_from(reasons).map_err(de::Error::custom)
    }
}

/// The written reason of an override: never empty or only spaces, kept trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(as = "String"))]
pub struct OverrideReason(String);

impl OverrideReason {
    pub fn new(text: &str) -> Result<OverrideReason, CreditError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(CreditError::OverrideWithoutReason);
        }
        Ok(OverrideReason(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for OverrideReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Read back through [`OverrideReason::new`], so a stored override without a reason is refused.
impl<'de> Deserialize<'de> for OverrideReason {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OverrideReason, D::Error> {
        let text = String::deserialize(deserializer)?;
        OverrideReason::new(&text).map_err(de::Error::custom)
    }
}

/// A held order let go ahead anyway: the reasons it was held for and why it may go ahead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Override {
    pub held_for: Vec<HoldReason>,
    pub reason: OverrideReason,
}

/// Leave for an order to go ahead: from an approval, or from an [`Override`] of a hold. It can
/// be made in no other way, which is why it is serialised (to show and log) but never read back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Release {
    overridden: Option<Override>,
}

impl Release {
    /// The override the release rests on; `None` when the check approved the order.
    pub fn overridden(&self) -> Option<&Override> {
        self.overridden.as_ref()
    }
}

impl From<Override> for Release {
    fn from(overridden: Override) -> Release {
        Release {
            overridden: Some(overridden),
        }
    }
}

/// The outcome of a credit check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "decision", content = "reasons", rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Hold(Hold),
}

impl Decision {
    /// Leave to go ahead when approved; a hold is released only by [`Hold::overrule`].
    pub fn release(&self) -> Option<Release> {
        match self {
            Decision::Approve => Some(Release { overridden: None }),
            Decision::Hold(_) => None,
        }
    }

    /// The reasons of a hold; none for an approval.
    pub fn reasons(&self) -> &[HoldReason] {
        match self {
            Decision::Approve => &[],
            Decision::Hold(hold) => hold.reasons(),
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            Decision::Approve => say!(
                en: "The order is approved.",
                zh: "订单已批准。",
            ),
            Decision::Hold(hold) => {
                let count = hold.reasons.len();
                if count == 1 {
                    say!(
                        en: "The order is on hold for 1 reason; resolve it or override the hold \
                             with a written reason.",
                        zh: "订单因 1 个原因被暂扣；请解决该问题，或填写理由后解除暂扣。",
                    )
                } else {
                    say!(
                        en: "The order is on hold for {count} reasons; resolve them or override \
                             the hold with a written reason.",
                        zh: "订单因 {count} 个原因被暂扣；请解决这些问题，或填写理由后解除暂扣。",
                    )
                }
            }
        };
        f.write_str(&sentence)
    }
}

/// A credit check's answer with what it was based on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditCheck {
    pub change: OrderChange,
    /// Exposure with the order as proposed.
    pub exposure: Exposure,
    pub decision: Decision,
}

/// Checks `proposed` for the customer of `file` as of `as_of`.
///
/// `orders` are the customer's orders as on record; `proposed` is the order as it would be after
/// the change, matched to the record by reference (none matches for a new order). Exposure is
/// computed with `proposed` in place of its record. Fails only when a rate is missing.
pub fn check_order(
    file: &CreditFile,
    receivables: &[OpenReceivable],
    orders: &[Order],
    proposed: &Order,
    policy: &CheckPolicy,
    rates: &[ExchangeRate],
    as_of: NaiveDate,
) -> Result<CreditCheck, CreditError> {
    let before = orders.iter().find(|o| o.reference == proposed.reference);
    let change = classify(before, proposed);
    let mut after: Vec<Order> = orders
        .iter()
        .filter(|o| o.reference != proposed.reference)
        .cloned()
        .collect();
    after.push(proposed.clone());
    let exposure = exposure(file, receivables, &after, rates, as_of)?;

    // Each open instalment the caller gives is judged by its own due date, and only its own open
    // part counts (exposure adds an invoice's instalments up into one line; this does not).
    let mut table = RateTable::new(rates, as_of);
    let mut overdue: Vec<(&str, i64, Money)> = Vec::new();
    for receivable in receivables.iter().filter(|r| !r.disputed) {
        let days = days_overdue(receivable.due_date, as_of);
        if days > i64::from(policy.grace_days) {
            let amount = table.convert(receivable.open, exposure.limit.currency())?;
            overdue.push((receivable.invoice_number.as_str(), days, amount));
        }
    }

    let reasons = match change {
        OrderChange::NoNewRisk => Vec::new(),
        _ => hold_reasons(file, &exposure, &overdue, proposed, policy, as_of),
    };
    let decision = match Hold::try_from(reasons) {
        Ok(hold) => Decision::Hold(hold),
        Err(_) => Decision::Approve,
    };

    Ok(CreditCheck {
        change,
        exposure,
        decision,
    })
}

fn classify(before: Option<&Order>, after: &Order) -> OrderChange {
    let Some(before) = before else {
        return OrderChange::New;
    };
    if after.state != OrderState::Open {
        return OrderChange::NoNewRisk;
    }
    if before.state != OrderState::Open {
        return OrderChange::Reopened;
    }
    let raised = after.amount.currency() != before.amount.currency()
        || after.amount.amount() > before.amount.amount()
        || after.terms_days > before.terms_days;
    if raised {
        OrderChange::Raised
    } else {
        OrderChange::NoNewRisk
    }
}

/// `overdue` holds the undisputed instalments overdue beyond the grace period: (invoice, days
/// overdue, open amount in the limit's currency).
fn hold_reasons(
    file: &CreditFile,
    exposure: &Exposure,
    overdue: &[(&str, i64, Money)],
    order: &Order,
    policy: &CheckPolicy,
    as_of: NaiveDate,
) -> Vec<HoldReason> {
    let profile = &file.profile;
    let mut reasons = Vec::new();

    match profile.status {
        CreditStatus::Active => {}
        CreditStatus::OnHold => reasons.push(HoldReason::CustomerOnHold),
        CreditStatus::Blocked => reasons.push(HoldReason::CustomerBlocked),
        CreditStatus::PrepaymentOnly => reasons.push(HoldReason::PrepaymentOnly),
    }

    if !exposure.excess.is_zero() {
        reasons.push(HoldReason::OverLimit {
            exposure: exposure.total,
            limit: exposure.limit,
            excess: exposure.excess,
        });
    }
    if let Some(insured_limit) = exposure.insured_limit {
        if exposure.total.amount() > insured_limit.amount() {
            reasons.push(HoldReason::InsuredLimitExceeded {
                exposure: exposure.total,
                insured_limit,
                excess: exposure.uninsured,
            });
        }
    }

    if let Some(most_days) = overdue.iter().map(|(_, days, _)| *days).max() {
        let amounts: Vec<Money> = overdue.iter().map(|(_, _, amount)| *amount).collect();
        let invoices: BTreeSet<&str> = overdue.iter().map(|(number, _, _)| *number).collect();
        reasons.push(HoldReason::Overdue {
            invoices: invoices.len(),
            amount: sum_money(exposure.limit.currency(), &amounts),
            most_days,
            grace_days: policy.grace_days,
        });
    }

    if order.terms_days > profile.max_terms_days {
        reasons.push(HoldReason::TermsTooLong {
            terms_days: order.terms_days,
            max_days: profile.max_terms_days,
        });
    }
    if let Some(insurance) = file.insurance.as_ref().filter(|i| i.is_valid_on(as_of)) {
        if order.terms_days > insurance.max_credit_period_days {
            reasons.push(HoldReason::TermsBeyondInsurer {
                terms_days: order.terms_days,
                max_days: insurance.max_credit_period_days,
                insurer: insurance.insurer.clone(),
            });
        }
    }

    if profile.review_date < as_of {
        reasons.push(HoldReason::ReviewPassed {
            review_date: profile.review_date,
        });
    }

    if profile.security_required && !file.security.iter().any(|s| s.is_valid_on(as_of)) {
        let last_expiry = file.security.iter().filter_map(|s| s.expires_on()).max();
        reasons.push(match last_expiry {
            Some(expired_on) => HoldReason::SecurityExpired { expired_on },
            None => HoldReason::SecurityMissing,
        });
    }

    reasons
}
