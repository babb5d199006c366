//! Claims on trade-credit insurance as a person files and decides them. The insurer's payment
//! is not recorded here: it is a payment like any other, recorded against the claimed invoices;
//! a retention treated as a loss is written off with a write-off. The answers say so.

use chrono::NaiveDate;
use creditdesk_core::claims::{
    ClaimDecision, ClaimError, ClaimOutcome, InsuranceClaim, RetentionTreatment,
};
use creditdesk_core::{say, Currency, Money};
use creditdesk_store::{ClaimEntry, ClaimRefusal};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{store_error, OpenBook};

/// A claim as a person files it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimInput {
    pub customer: String,
    pub invoices: Vec<String>,
    pub filed_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub claimed: Decimal,
    /// The currency of the first invoice when absent.
    pub currency: Option<Currency>,
}

/// The insurer's decision as a person records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimDecisionInput {
    pub id: i64,
    pub decision: ClaimDecision,
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub paid: Option<Decimal>,
    pub paid_on: Option<NaiveDate>,
    /// Recoverable when absent.
    pub retention: Option<RetentionTreatment>,
    pub decided_on: NaiveDate,
}

/// A claim with what it leaves once decided, and a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ClaimLine {
    pub entry: ClaimEntry,
    /// `None` while pending.
    pub outcome: Option<ClaimOutcome>,
    pub message: String,
}

impl OpenBook {
    /// Files a claim with the insurer for some of a customer's invoices.
    pub fn file_claim(&mut self, input: &ClaimInput) -> AppResult<ClaimLine> {
        let filed_on = input.filed_on;
        let mut invoices = Vec::new();
        let mut currency = input.currency;
        let mut open_minor = 0i64;
        for number in input.invoices.iter().filter(|n| !n.trim().is_empty()) {
            let invoice = self.invoice(number.trim())?;
            let number = &invoice.number;
            let issued_on = invoice.issue_date;
            if filed_on < issued_on {
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} was issued on {issued_on}, after the filing date \
                         {filed_on}; a claim is filed for invoices already issued, so check the \
                         filing date or the invoice.",
                    zh: "发票 {number} 开具于 {issued_on}，晚于索赔提交日期 {filed_on}；索赔只能针对\
                         已开具的发票，请核对提交日期或发票。",
                )));
            }
            let open = self.open_on(number, filed_on)?;
            if open == 0 {
                return Err(AppError::invalid(say!(
                    en: "Nothing is open on invoice {number} on {filed_on}, the filing date; a \
                         claim covers only what the customer still owes, so leave the invoice \
                         out or check the date.",
                    zh: "发票 {number} 在索赔提交日期 {filed_on} 没有未结金额；索赔只能涵盖客户仍\
                         欠的款项，请去掉该发票或核对日期。",
                )));
            }
            open_minor += open;
            currency.get_or_insert(invoice.total.currency());
            invoices.push(invoice.number);
        }
        let currency = match currency {
            Some(c) => c,
            None => self.settings()?.currency,
        };
        let claim = InsuranceClaim {
            customer_reference: input.customer.trim().to_string(),
            invoice_numbers: invoices,
            filed_on: input.filed_on,
            claimed: exact(input.claimed, currency, AMOUNT)?,
            decision: ClaimDecision::Pending,
            paid: None,
            paid_on: None,
            retention_treatment: RetentionTreatment::Recoverable,
        };
        if let Some(problem) = claim.problems().into_iter().next() {
            return Err(AppError::invalid(problem.to_string()));
        }
        let numbers = claim.invoice_numbers.join(", ");
        let open = Money::from_minor(open_minor, currency);
        let claimed = claim.claimed;
        if claimed.amount() > open.amount() {
            return Err(AppError::invalid(say!(
                en: "The amount claimed {claimed} is above the {open} open on invoices {numbers} \
                     on {filed_on}, the filing date; claim at most what is open.",
                zh: "索赔金额 {claimed} 超过发票 {numbers} 在索赔提交日期 {filed_on} 的未结金额 \
                     {open}；索赔金额不得超过未结金额。",
            )));
        }
        if let Some(twin) = self.same_claim(&claim)? {
            let customer = &claim.customer_reference;
            return Err(AppError::new(
                ErrorCode::Conflict,
                say!(
                    en: "Claim {twin} of customer {customer} already covers invoices {numbers}, \
                         filed on {filed_on} for {claimed}; the same claim is not filed twice. \
                         List the claims to see it.",
                    zh: "客户 {customer} 的索赔 {twin} 已涵盖发票 {numbers}，于 {filed_on} 提交，\
                         金额 {claimed}；同一索赔不能重复提交。请列出索赔查看。",
                ),
            ));
        }
        let entry = self.book.file_claim(&claim).map_err(store_error)?;
        let (id, claimed) = (entry.id, entry.claim.claimed);
        let invoices = entry.claim.invoice_numbers.join(", ");
        let message = say!(
            en: "Filed claim {id} with the insurer for {claimed} on invoices {invoices}.",
            zh: "已向保险公司提交索赔 {id}，金额 {claimed}，涉及发票 {invoices}。",
        );
        Ok(ClaimLine {
            entry,
            outcome: None,
            message,
        })
    }

    /// Records the insurer's decision on a claim, and what was paid when it has paid.
    pub fn decide_claim(&mut self, input: &ClaimDecisionInput) -> AppResult<ClaimLine> {
        let currency = self
            .claims()?
            .into_iter()
            .find(|l| l.entry.id == input.id)
            .map(|l| l.entry.claim.claimed.currency())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    ClaimRefusal::NotFound(input.id).to_string(),
                )
            })?;
        let paid = input.paid.map(|p| exact(p, currency, AMOUNT)).transpose()?;
        let paid = match (paid, input.paid_on) {
            (Some(amount), Some(on)) => Some((amount, on)),
            (None, None) => None,
            (Some(paid), None) => {
                return Err(AppError::invalid(
                    ClaimError::PaidWithoutDate { paid }.to_string(),
                ))
            }
            (None, Some(paid_on)) => {
                return Err(AppError::invalid(
                    ClaimError::DateWithoutPaid { paid_on }.to_string(),
                ))
            }
        };
        let retention = input.retention.unwrap_or(RetentionTreatment::Recoverable);
        let entry = self
            .book
            .decide_claim(input.id, input.decision, paid, retention, input.decided_on)
            .map_err(store_error)?
            .map_err(|refused| match refused {
                ClaimRefusal::NotFound(_) => {
                    AppError::new(ErrorCode::NotFound, refused.to_string())
                }
                ClaimRefusal::AlreadyDecided { .. } => {
                    AppError::new(ErrorCode::Conflict, refused.to_string())
                }
                ClaimRefusal::Rule(_) | ClaimRefusal::AcceptedUnpaid { .. } => {
                    AppError::invalid(refused.to_string())
                }
            })?;
        claim_line(entry)
    }

    /// What is open on invoice `number` on `day`, in minor units of its currency.
    pub(crate) fn open_on(&self, number: &str, day: NaiveDate) -> AppResult<i64> {
        let instalments = self
            .book
            .open_instalments_on(number, day)
            .map_err(store_error)?;
        let mut minor = 0;
        for instalment in instalments {
            minor += instalment
                .open
                .to_minor()
                .map_err(|e| AppError::invalid(e.to_string()))?;
        }
        Ok(minor)
    }

    /// The id of a claim already on record for the same customer, invoices, filing date and
    /// amount as `claim`: entering it again would claim the same money twice.
    fn same_claim(&self, claim: &InsuranceClaim) -> AppResult<Option<i64>> {
        let mut numbers = claim.invoice_numbers.clone();
        numbers.sort();
        numbers.dedup();
        let entries = self.book.claims().map_err(store_error)?;
        Ok(entries
            .into_iter()
            .find(|e| {
                e.claim.customer_reference == claim.customer_reference
                    && e.claim.filed_on == claim.filed_on
                    && e.claim.claimed == claim.claimed
                    && e.claim.invoice_numbers == numbers
            })
            .map(|e| e.id))
    }

    /// Every claim, the oldest filed first, with what each leaves.
    pub fn claims(&self) -> AppResult<Vec<ClaimLine>> {
        let entries = self.book.claims().map_err(store_error)?;
        entries.into_iter().map(claim_line).collect()
    }
}

fn claim_line(entry: ClaimEntry) -> AppResult<ClaimLine> {
    let outcome = entry
        .claim
        .outcome()
        .map_err(|e| AppError::invalid(e.to_string()))?;
    let id = entry.id;
    let decision = entry.claim.decision.word();
    let customer = &entry.claim.customer_reference;
    let Some(outcome) = outcome else {
        let message = say!(
            en: "Claim {id} is pending with the insurer.",
            zh: "索赔 {id} 正由保险公司审核。",
        );
        return Ok(ClaimLine {
            entry,
            outcome: None,
            message,
        });
    };
    let paid_part = match entry.claim.paid_on {
        Some(paid_on) if !outcome.paid.is_zero() => {
            let paid = outcome.paid;
            say!(
                en: "Claim {id} is {decision}: the insurer paid {paid} on {paid_on}; record that \
                     money as a payment of customer {customer} against the claimed invoices, like \
                     any receipt.",
                zh: "索赔 {id} {decision}：保险公司已于 {paid_on} 支付 {paid}；请将该款项作为客户 \
                     {customer} 的收款登记，冲抵所索赔的发票，与其他收款相同。",
            )
        }
        _ => say!(
            en: "Claim {id} is {decision}; nothing has been paid on it.",
            zh: "索赔 {id} {decision}；尚未就此支付任何款项。",
        ),
    };
    let retention = outcome.retention;
    let retention_part = match (retention.is_zero(), outcome.treatment) {
        (true, _) => say!(
            en: "Nothing is retained.",
            zh: "无自留金额。",
        ),
        (false, RetentionTreatment::Loss) => say!(
            en: "The retention of {retention} is a loss; write it off with a write-off.",
            zh: "自留金额 {retention} 作为损失处理；请以坏账核销将其核销。",
        ),
        (false, RetentionTreatment::Recoverable) => say!(
            en: "The retention of {retention} is still owed by customer {customer} and chased.",
            zh: "自留金额 {retention} 仍由客户 {customer} 承担，并继续催收。",
        ),
    };
    Ok(ClaimLine {
        entry,
        outcome: Some(outcome),
        message: format!("{paid_part} {retention_part}"),
    })
}
