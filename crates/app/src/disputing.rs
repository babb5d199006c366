//! Disputes as a person handles them: opened on an invoice for all or part of it, resolved by
//! accepting (a credit note is posted), rejecting (chased again from the original due dates) or
//! partly accepting; and the report of the disputes open on a date, by age and by reason.
//!
//! The rules are the core's (`creditdesk_core::disputes`); the book checks and writes each step
//! in one transaction with its audit entry.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_core::disputes::{DisputeOutcome, DisputeReason, NewDispute};
use creditdesk_core::{say, Currency, Money};
use creditdesk_store::{DisputeEntry, DisputeRefusal};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{store_error, OpenBook};

/// A dispute as a person opens it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeInput {
    pub invoice: String,
    /// In the invoice's currency; `None` disputes all that is open and not yet disputed.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub amount: Option<Decimal>,
    pub line: Option<String>,
    pub reason: DisputeReason,
    /// Required with the reason "other".
    pub note: String,
    pub opened_on: NaiveDate,
}

/// How a person resolves a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DisputeVerdict {
    Accepted,
    Rejected,
    Partly,
}

/// A dispute's resolution as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeResolutionInput {
    pub id: i64,
    pub verdict: DisputeVerdict,
    /// The amount credited; required for, and only for, a partly accepted dispute.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub accepted: Option<Decimal>,
    pub note: String,
    pub resolved_on: NaiveDate,
}

/// A dispute after a step, with a sentence saying what was done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeAnswer {
    pub entry: DisputeEntry,
    pub message: String,
}

/// One dispute open on the report's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OpenDispute {
    pub id: i64,
    pub customer: String,
    pub customer_name: String,
    pub invoice: String,
    pub amount: Money,
    pub reason: DisputeReason,
    pub line: Option<String>,
    pub note: String,
    pub opened_on: NaiveDate,
    /// Days from the day it was opened to the report's date.
    pub age_days: i64,
}

/// What is disputed in one group (a reason, or an age band) and currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeTotal {
    /// The reason's code, or the age band: `0-30`, `31-60`, `61-90`, `90+` days.
    pub group: String,
    pub currency: Currency,
    pub count: u64,
    pub amount: Money,
}

/// The disputes open on a date: those opened on or before it and not resolved by then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputeReport {
    pub as_of: NaiveDate,
    /// The oldest first.
    pub disputes: Vec<OpenDispute>,
    /// In the order of the reasons' list, then currency.
    pub by_reason: Vec<DisputeTotal>,
    /// Youngest band first, then currency; bands with no dispute are left out.
    pub by_age: Vec<DisputeTotal>,
}

/// The age bands of the report: the upper bound in days and the label.
const AGE_BANDS: [(i64, &str); 4] = [
    (30, "0-30"),
    (60, "31-60"),
    (90, "61-90"),
    (i64::MAX, "90+"),
];

impl OpenBook {
    /// Opens a dispute; see [`creditdesk_core::disputes::Dispute::open`] for what is checked.
    pub fn open_dispute(&mut self, input: &DisputeInput) -> AppResult<DisputeAnswer> {
        let invoice = self.invoice(input.invoice.trim())?;
        let amount = input
            .amount
            .map(|a| exact(a, invoice.total.currency(), AMOUNT))
            .transpose()?;
        if let Some(amount) = amount {
            let number = &invoice.number;
            let line = input
                .line
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty());
            let note = input.note.trim();
            let entries = self.book.disputes(true).map_err(store_error)?;
            let twin = entries.iter().find(|e| {
                let d = &e.dispute;
                d.invoice_number == *number
                    && d.amount == amount
                    && d.line.as_deref().map(str::trim) == line
                    && d.reason == input.reason
                    && d.note == note
                    && d.opened_on == input.opened_on
            });
            if let Some(twin) = twin {
                let (id, opened_on) = (twin.id, input.opened_on);
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    say!(
                        en: "Dispute {id} on invoice {number}, opened on {opened_on} for {amount} \
                             with the same reason, is already open; nothing was added. Resolve \
                             it with `dispute resolve {id}`, or give a different amount or line \
                             for another disputed part.",
                        zh: "发票 {number} 的争议 {id}（{opened_on} 提出，金额 {amount}，原因相同）\
                             仍未处理；未新增任何记录。请用 `dispute resolve {id}` 处理该争议，\
                             或为另一争议部分填写不同的金额或行项目。",
                    ),
                ));
            }
        }
        let request = NewDispute {
            invoice_number: invoice.number.clone(),
            amount,
            line: input.line.clone().filter(|l| !l.trim().is_empty()),
            reason: input.reason,
            note: input.note.trim().to_string(),
            opened_on: input.opened_on,
        };
        let entry = self
            .book
            .open_dispute(request)
            .map_err(store_error)?
            .map_err(|refused| AppError::invalid(refused.to_string()))?;

        let (id, number) = (entry.id, &entry.dispute.invoice_number);
        let (amount, reason) = (entry.dispute.amount, entry.dispute.reason.word());
        let message = say!(
            en: "Opened dispute {id} on invoice {number}: {amount} contested ({reason}); it is not \
                 chased until the dispute is resolved.",
            zh: "已对发票 {number} 提出争议 {id}：争议金额 {amount}（{reason}）；在争议处理完毕\
                 之前不催收该金额。",
        );
        Ok(DisputeAnswer { entry, message })
    }

    /// Resolves a dispute: accepted posts a credit note for the disputed amount on the invoice,
    /// rejected chases it again, partly does both for its two parts.
    pub fn resolve_dispute(&mut self, input: &DisputeResolutionInput) -> AppResult<DisputeAnswer> {
        let outcome = match (input.verdict, input.accepted) {
            (DisputeVerdict::Accepted, None) => DisputeOutcome::Accepted,
            (DisputeVerdict::Rejected, None) => DisputeOutcome::Rejected,
            (DisputeVerdict::Partly, Some(accepted)) => {
                let currency = self.dispute_currency(input.id)?;
                DisputeOutcome::Partly {
                    accepted: exact(accepted, currency, ACCEPTED)?,
                }
            }
            (DisputeVerdict::Partly, None) => {
                return Err(AppError::invalid(say!(
                    en: "A partly accepted dispute needs the accepted amount; give the amount to \
                         credit to the customer.",
                    zh: "部分认可的争议需要填写认可金额；请填写向客户贷记的金额。",
                )))
            }
            (_, Some(accepted)) => {
                return Err(AppError::invalid(say!(
                    en: "The accepted amount {accepted} is only for a partly accepted dispute; \
                         leave it out, or resolve the dispute as partly accepted.",
                    zh: "认可金额 {accepted} 仅适用于部分认可的争议；请删除该金额，或将争议处理为\
                         部分认可。",
                )))
            }
        };
        let entry = self
            .book
            .resolve_dispute(
                input.id,
                outcome,
                input.resolved_on,
                input.note.trim().to_string(),
            )
            .map_err(store_error)?
            .map_err(|refused| match refused {
                DisputeRefusal::NotFound(_) => {
                    AppError::new(ErrorCode::NotFound, refused.to_string())
                }
                DisputeRefusal::Rule(_) => AppError::invalid(refused.to_string()),
                DisputeRefusal::CreditNote(_) => {
                    AppError::new(ErrorCode::Conflict, refused.to_string())
                }
            })?;

        let resolution = entry
            .dispute
            .resolution
            .as_ref()
            .expect("a resolved dispute has its resolution");
        let (id, number) = (entry.id, &entry.dispute.invoice_number);
        let (credit, resumed) = (resolution.credit, resolution.resumed);
        let credit_note = entry.credit_note.clone().unwrap_or_default();
        let message = match resolution.outcome {
            DisputeOutcome::Accepted => say!(
                en: "Dispute {id} on invoice {number} is accepted: credit note {credit_note} of \
                     {credit} is posted against the invoice.",
                zh: "发票 {number} 的争议 {id} 已认可：已入账贷项通知单 {credit_note}（金额 \
                     {credit}），冲抵该发票。",
            ),
            DisputeOutcome::Rejected => say!(
                en: "Dispute {id} on invoice {number} is rejected: {resumed} is chased again, \
                     overdue from its original due dates.",
                zh: "发票 {number} 的争议 {id} 已驳回：{resumed} 恢复催收，逾期天数仍从原到期日\
                     起算。",
            ),
            DisputeOutcome::Partly { .. } => say!(
                en: "Dispute {id} on invoice {number} is partly accepted: credit note \
                     {credit_note} of {credit} is posted against the invoice, and {resumed} is \
                     chased again, overdue from its original due dates.",
                zh: "发票 {number} 的争议 {id} 部分认可：已入账贷项通知单 {credit_note}（金额 \
                     {credit}）冲抵该发票，其余 {resumed} 恢复催收，逾期天数仍从原到期日起算。",
            ),
        };
        Ok(DisputeAnswer { entry, message })
    }

    /// Clears an invoice's disputed mark set by hand or by an import. Refused while a dispute
    /// of the invoice is on record and open: the mark then follows the dispute, and is cleared
    /// when the last open one is resolved, so that the disputes report, the invoice list and
    /// the forecast agree.
    pub fn clear_dispute_mark(&mut self, invoice: &str) -> AppResult<()> {
        let number = self.invoice(invoice.trim())?.number;
        let entries = self.book.disputes(true).map_err(store_error)?;
        if let Some(open) = entries.iter().find(|e| e.dispute.invoice_number == number) {
            let (id, amount, opened_on) = (open.id, open.dispute.amount, open.dispute.opened_on);
            return Err(AppError::new(
                ErrorCode::Conflict,
                say!(
                    en: "Invoice {number} stays disputed: dispute {id} of {amount}, opened on \
                         {opened_on}, is still open. Resolve it with `dispute resolve {id}`; the \
                         mark is cleared when the invoice's last open dispute is resolved.",
                    zh: "发票 {number} 仍为争议状态：争议 {id}（金额 {amount}，{opened_on} 提出）\
                         尚未处理。请用 `dispute resolve {id}` 处理；发票的最后一项未决争议处理\
                         完毕后，争议标记即会清除。",
                ),
            ));
        }
        self.book
            .set_disputed(&number, false)
            .map_err(store_error)?;
        Ok(())
    }

    /// Every dispute on record, open or resolved, the oldest first.
    pub fn dispute_entries(&self) -> AppResult<Vec<DisputeEntry>> {
        self.book.disputes(false).map_err(store_error)
    }

    /// The disputes open on `as_of`, with totals by reason and by age.
    pub fn disputes(&self, as_of: NaiveDate) -> AppResult<DisputeReport> {
        let entries = self.book.disputes(false).map_err(store_error)?;
        let mut disputes = Vec::new();
        let mut by_reason: BTreeMap<(DisputeReason, Currency), (u64, i64)> = BTreeMap::new();
        let mut by_age: BTreeMap<(usize, Currency), (u64, i64)> = BTreeMap::new();
        for entry in entries {
            let dispute = &entry.dispute;
            let resolved_by_then = dispute
                .resolution
                .as_ref()
                .is_some_and(|r| r.resolved_on <= as_of);
            if dispute.opened_on > as_of || resolved_by_then {
                continue;
            }
            let age_days = dispute.age_days(as_of);
            let currency = dispute.amount.currency();
            let minor = dispute.amount.to_minor().map_err(money_error)?;
            let band = AGE_BANDS
                .iter()
                .position(|(upper, _)| age_days <= *upper)
                .unwrap_or(AGE_BANDS.len() - 1);
            for sums in [
                by_reason.entry((dispute.reason, currency)).or_default(),
                by_age.entry((band, currency)).or_default(),
            ] {
                sums.0 += 1;
                sums.1 += minor;
            }
            disputes.push(OpenDispute {
                id: entry.id,
                customer: entry.customer_reference.clone(),
                customer_name: entry.customer_name.clone(),
                invoice: dispute.invoice_number.clone(),
                amount: dispute.amount,
                reason: dispute.reason,
                line: dispute.line.clone(),
                note: dispute.note.clone(),
                opened_on: dispute.opened_on,
                age_days,
            });
        }
        let total = |group: String, currency: Currency, (count, minor): (u64, i64)| DisputeTotal {
            group,
            currency,
            count,
            amount: Money::from_minor(minor, currency),
        };
        Ok(DisputeReport {
            as_of,
            disputes,
            by_reason: by_reason
                .into_iter()
                .map(|((reason, c), sums)| total(reason.as_str().to_string(), c, sums))
                .collect(),
            by_age: by_age
                .into_iter()
                .map(|((band, c), sums)| total(AGE_BANDS[band].1.to_string(), c, sums))
                .collect(),
        })
    }

    fn dispute_currency(&self, id: i64) -> AppResult<Currency> {
        let entries = self.book.disputes(false).map_err(store_error)?;
        let found = entries.iter().find(|e| e.id == id);
        found.map(|e| e.dispute.amount.currency()).ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                DisputeRefusal::NotFound(id).to_string(),
            )
        })
    }
}

/// The accepted part of a dispute, as a field a sentence names.
const ACCEPTED: creditdesk_core::text::Word =
    creditdesk_core::text::Word::new("accepted amount", "认可金额");

pub(crate) fn money_error(err: creditdesk_core::MoneyError) -> AppError {
    AppError::invalid(err.to_string())
}
