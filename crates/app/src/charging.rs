//! What a dunning leaves to follow up: the calls of phone levels and their outcomes, the
//! charges claimed (fees, interest) with what was paid or waived of them, and the outbox.
//!
//! **Charges stay owed** (case B19). A payment that names an invoice settles its principal;
//! the charges claimed on the invoice are owed until they are paid (`charge pay`, not
//! `settle`: the money is for the charges, not the invoice) or waived. The interest owed is the
//! interest the dunnings claimed plus what accrued since, up to the day the principal was paid
//! (the core's `accrue` stops there), at the customer's interest terms. It is computed as a
//! dunning run computes it (`DunningItem::interest_through`): on each instalment from its own
//! due date, and not on the part of the invoice under a dispute open on the day (case B09).
//!
//! **Call outcomes.** `promised` records a promise to pay through the promises use case,
//! covering the call's invoices, at the call's level (chasing resumes after that level if it
//! is broken); `disputed` with an invoice and a reason opens a dispute through the disputes
//! use case; without them it is recorded, and the answer says to open the dispute.

use chrono::NaiveDate;
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::dunning::run::disputed_parts;
use creditdesk_core::dunning::{
    claim_standing, Charge, ChargeKind, ChargeSettlement, ClaimStanding, DunningItem,
};
use creditdesk_core::interest::{InterestTerms, RateTables, Reduction};
use creditdesk_core::promises::PromiseChannel;
use creditdesk_core::{say, Money};
use creditdesk_store::{
    DisputeEntry, InvoiceCharges, InvoiceDetail, OutboxEntry, PhoneOutcome, PhoneTaskEntry,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{store_error, DisputeInput, OpenBook, PromiseInput};

/// How a call went, as a person records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallOutcomeInput {
    pub task: i64,
    pub outcome: PhoneOutcome,
    pub note: String,
    pub done_on: NaiveDate,
    /// With `promised`: the amount, the day and who promised.
    #[cfg_attr(feature = "ts", ts(as = "Option<(String, NaiveDate, String)>"))]
    pub promise: Option<(Decimal, NaiveDate, String)>,
    /// With `disputed`: the invoice and the reason, to open a dispute for all that is open.
    pub dispute: Option<(String, DisputeReason)>,
}

/// A call recorded, with what followed from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallOutcomeAnswer {
    pub task: PhoneTaskEntry,
    pub message: String,
}

/// One invoice's charges and where they stand.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceClaim {
    pub invoice_number: String,
    /// As claimed, oldest first; the interest accrued since the last claim is one more line,
    /// dated the as-of date, without a level.
    pub charges: Vec<Charge>,
    pub settlements: Vec<ChargeSettlement>,
    pub standing: ClaimStanding,
    /// Why interest accrued since the last claim is not counted, one sentence an instalment
    /// (a rate not yet known for a day, say).
    pub notes: Vec<String>,
}

/// A customer's charges as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerCharges {
    pub customer: String,
    pub as_of: NaiveDate,
    /// By invoice number; invoices never charged are left out.
    pub invoices: Vec<InvoiceClaim>,
}

/// Money received toward an invoice's charges, or charges waived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChargeSettlementInput {
    pub invoice: String,
    pub date: NaiveDate,
    /// `None`: all the charges open on the day.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub amount: Option<Decimal>,
    pub waived: bool,
    pub note: String,
}

impl OpenBook {
    /// The phone tasks (only those not done with `open_only`), by due day.
    pub fn phone_tasks(&self, open_only: bool) -> AppResult<Vec<PhoneTaskEntry>> {
        self.book.phone_tasks(open_only).map_err(store_error)
    }

    /// Records how a call went; see the module documentation for what follows from it.
    pub fn complete_phone_task(
        &mut self,
        input: &CallOutcomeInput,
    ) -> AppResult<CallOutcomeAnswer> {
        let id = input.task;
        let task = self
            .book
            .phone_task(id)
            .map_err(store_error)?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    say!(
                        en: "No phone task with id {id} is in the book; list them with \
                             `phone-tasks`.",
                        zh: "账簿中没有编号为 {id} 的电话任务；请用 `phone-tasks` 列出。",
                    ),
                )
            })?;
        if let (Some(outcome), Some(done_on)) = (task.outcome, task.done_on) {
            let outcome = outcome_word(outcome);
            return Err(AppError::new(
                ErrorCode::Conflict,
                say!(
                    en: "Phone task {id} was done on {done_on} with the outcome \"{outcome}\"; \
                         nothing was changed.",
                    zh: "电话任务 {id} 已于 {done_on} 完成，结果为“{outcome}”；未作任何更改。",
                ),
            ));
        }
        let customer = task.customer_reference.clone();
        let mut follow_up = String::new();
        let mut promise_id = None;
        match input.outcome {
            PhoneOutcome::Promised => {
                let Some((amount, date, by)) = &input.promise else {
                    return Err(AppError::invalid(say!(
                        en: "A call with the outcome \"promised\" needs the promise: give the \
                             amount, the day and who promised.",
                        zh: "结果为“承诺付款”的电话需要填写承诺内容：请填写金额、日期和承诺人。",
                    )));
                };
                let line = self.add_promise(&PromiseInput {
                    customer: customer.clone(),
                    made_on: input.done_on,
                    promised_on: *date,
                    amount: *amount,
                    currency: Some(task.total.currency()),
                    promised_by: by.clone(),
                    channel: PromiseChannel::Phone,
                    invoices: task.invoices.clone(),
                    dunning_level: Some(task.level),
                })?;
                promise_id = Some(line.id);
                follow_up = line.message;
            }
            PhoneOutcome::Disputed => match &input.dispute {
                Some((invoice, reason)) => {
                    // Only an invoice the call was about: never another customer's.
                    let asked = invoice.trim().trim_start_matches('0');
                    if !task
                        .invoices
                        .iter()
                        .any(|i| i.trim_start_matches('0') == asked)
                    {
                        let invoices = task.invoices.join(", ");
                        return Err(AppError::invalid(say!(
                            en: "Phone task {id} was a call about invoice(s) {invoices} of \
                                 customer {customer}; the invoice \"{invoice}\" contested must be \
                                 one of them. Nothing was recorded.",
                            zh: "电话任务 {id} 涉及客户 {customer} 的发票 {invoices}；所争议的发票\
                                 “{invoice}”必须是其中之一。未记录任何内容。",
                        )));
                    }
                    let answer = self.open_dispute(&DisputeInput {
                        invoice: invoice.clone(),
                        amount: None,
                        line: None,
                        reason: *reason,
                        note: input.note.clone(),
                        opened_on: input.done_on,
                    })?;
                    follow_up = answer.message;
                }
                None => {
                    let invoices = task.invoices.join(", ");
                    follow_up = say!(
                        en: "No dispute was opened: open it with `dispute open INVOICE --reason \
                             ...` for the invoice contested among {invoices}, so that it is not \
                             chased meanwhile.",
                        zh: "尚未登记争议：请用 `dispute open 发票号 --reason ...` 为 {invoices} 中\
                             有争议的发票登记争议，以免在此期间继续催收。",
                    );
                }
            },
            PhoneOutcome::Reached | PhoneOutcome::NoAnswer => {}
        }
        let task = self
            .book
            .complete_phone_task(id, input.outcome, &input.note, input.done_on, promise_id)
            .map_err(store_error)?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Conflict,
                    say!(
                        en: "Phone task {id} was done meanwhile; nothing was changed.",
                        zh: "电话任务 {id} 已在此期间完成；未作任何更改。",
                    ),
                )
            })?;
        let outcome = outcome_word(input.outcome);
        let done_on = input.done_on;
        let mut message = say!(
            en: "Recorded the call of phone task {id} to customer {customer} on {done_on}: \
                 {outcome}.",
            zh: "已登记电话任务 {id}（客户 {customer}）于 {done_on} 的通话结果：{outcome}。",
        );
        if !follow_up.is_empty() {
            message = format!("{message} {follow_up}");
        }
        Ok(CallOutcomeAnswer { task, message })
    }

    /// The customer's charges and where each invoice's claim stands on `as_of` (see the module
    /// documentation).
    pub fn charges(&self, customer: &str, as_of: NaiveDate) -> AppResult<CustomerCharges> {
        let customer = customer.trim();
        let interest = self.customer_interest(customer)?;
        let rates = self.rate_tables()?;
        let mut invoices = Vec::new();
        // Read once, when an invoice's interest needs them.
        let mut disputes: Option<Vec<DisputeEntry>> = None;
        for entry in self.book.customer_charges(customer).map_err(store_error)? {
            let InvoiceCharges {
                invoice_number,
                currency,
                mut charges,
                settlements,
                ..
            } = entry;
            let charges_until: Vec<Charge> = charges
                .iter()
                .filter(|c| c.charged_on <= as_of)
                .cloned()
                .collect();
            let settlements: Vec<ChargeSettlement> = settlements
                .into_iter()
                .filter(|s| s.date <= as_of)
                .collect();
            charges = charges_until;
            let detail = self.invoice(&invoice_number)?;
            let mut principal_open = Money::zero(currency);
            for instalment in self
                .book
                .open_instalments_on(&invoice_number, as_of)
                .map_err(store_error)?
            {
                principal_open = principal_open
                    .checked_add(instalment.open)
                    .map_err(money_error)?;
            }
            let mut notes = Vec::new();
            let claimed_interest = charges.iter().any(|c| c.kind == ChargeKind::Interest);
            if let (true, Some(interest)) = (claimed_interest, interest) {
                if disputes.is_none() {
                    disputes = Some(self.book.disputes(false).map_err(store_error)?);
                }
                let disputed = disputed_on(disputes.as_deref().unwrap_or_default(), &detail, as_of);
                let terms = interest.terms(detail.issue_date);
                let accrued =
                    accrued_interest(&detail, terms, disputed, &rates, as_of, &mut notes)?;
                let charged = charges
                    .iter()
                    .filter(|c| c.kind == ChargeKind::Interest)
                    .try_fold(Money::zero(currency), |s, c| s.checked_add(c.amount))
                    .map_err(money_error)?;
                let since = accrued.checked_sub(charged).map_err(money_error)?;
                if since.amount() > Decimal::ZERO {
                    charges.push(Charge {
                        invoice_number: invoice_number.clone(),
                        kind: ChargeKind::Interest,
                        amount: since,
                        charged_on: as_of,
                        level: None,
                    });
                }
            }
            let standing =
                claim_standing(principal_open, &charges, &settlements).map_err(money_error)?;
            invoices.push(InvoiceClaim {
                invoice_number,
                charges,
                settlements,
                standing,
                notes,
            });
        }
        Ok(CustomerCharges {
            customer: customer.to_string(),
            as_of,
            invoices,
        })
    }

    /// Records money received toward an invoice's charges, or waives them; refused for more
    /// than is open on the day.
    pub fn settle_charges(&mut self, input: &ChargeSettlementInput) -> AppResult<String> {
        let detail = self.invoice(input.invoice.trim())?;
        let number = detail.number.clone();
        let currency = detail.total.currency();
        let claims = self.charges(&detail.customer_reference, input.date)?;
        let open = claims
            .invoices
            .iter()
            .find(|c| c.invoice_number == number)
            .map_or(Money::zero(currency), |c| c.standing.charges_open);
        if open.is_zero() {
            let date = input.date;
            return Err(AppError::invalid(say!(
                en: "Invoice {number} has no charges open on {date}; nothing was recorded.",
                zh: "发票 {number} 在 {date} 没有未结的催收费用；未登记任何内容。",
            )));
        }
        let amount = match input.amount {
            Some(amount) => exact(amount, currency, AMOUNT)?,
            None => open,
        };
        if amount.is_zero() || amount.is_negative() || amount.amount() > open.amount() {
            return Err(AppError::invalid(say!(
                en: "The amount {amount} is not accepted: the charges open on invoice {number} \
                     are {open}; give an amount above zero and at most that.",
                zh: "金额 {amount} 不可接受：发票 {number} 的未结催收费用为 {open}；请填写大于零\
                     且不超过该金额的数额。",
            )));
        }
        let settlement = ChargeSettlement {
            invoice_number: number.clone(),
            date: input.date,
            amount,
            waived: input.waived,
        };
        self.book
            .settle_charges(&settlement, &input.note)
            .map_err(store_error)?;
        let left = open.checked_sub(amount).map_err(money_error)?;
        Ok(if input.waived {
            say!(
                en: "Waived {amount} of the charges on invoice {number}; {left} of them is still \
                     open.",
                zh: "已免除发票 {number} 的催收费用 {amount}；仍有 {left} 未结。",
            )
        } else {
            say!(
                en: "Recorded {amount} received toward the charges on invoice {number}; {left} \
                     of them is still open.",
                zh: "已登记就发票 {number} 的催收费用收到 {amount}；仍有 {left} 未结。",
            )
        })
    }

    /// Every message of the outbox, the newest first.
    pub fn outbox(&self) -> AppResult<Vec<OutboxEntry>> {
        self.book.outbox().map_err(store_error)
    }
}

/// What is under dispute on invoice `detail` on `as_of`, as a dunning run reads it: the disputes
/// open that day in the invoice's currency; an invoice marked disputed without a dispute on
/// record is disputed in full.
fn disputed_on(disputes: &[DisputeEntry], detail: &InvoiceDetail, as_of: NaiveDate) -> Money {
    let currency = detail.total.currency();
    let mut of_invoice = disputes
        .iter()
        .map(|d| &d.dispute)
        .filter(|d| d.invoice_number == detail.number)
        .peekable();
    if detail.disputed && of_invoice.peek().is_none() {
        return detail.total;
    }
    let open = of_invoice
        .filter(|d| d.opened_on <= as_of)
        .filter(|d| d.resolution.as_ref().is_none_or(|r| r.resolved_on > as_of))
        .filter(|d| d.amount.currency() == currency)
        .map(|d| d.amount.amount())
        .sum();
    Money::new(open, currency)
}

/// The late-payment interest accrued on invoice `detail` through `as_of`: on each instalment
/// from its own due date, the part under dispute (`disputed` on the whole invoice, taken from
/// the instalments due last) bearing none. The same computation as a dunning run's (see
/// `DunningItem::interest_through`); an instalment whose interest cannot be computed (a rate
/// not yet published) adds nothing, and `notes` gets a sentence saying so.
fn accrued_interest(
    detail: &InvoiceDetail,
    terms: InterestTerms,
    disputed: Money,
    rates: &RateTables,
    as_of: NaiveDate,
    notes: &mut Vec<String>,
) -> AppResult<Money> {
    let currency = detail.total.currency();
    let items: Vec<DunningItem> = detail
        .instalments
        .iter()
        .map(|instalment| {
            let reductions: Vec<Reduction> = instalment
                .allocations
                .iter()
                .filter(|a| a.applied_on <= as_of)
                .map(|a| Reduction {
                    date: a.applied_on,
                    amount: a.amount,
                })
                .collect();
            let applied: rust_decimal::Decimal = reductions.iter().map(|r| r.amount.amount()).sum();
            DunningItem {
                customer_reference: detail.customer_reference.clone(),
                invoice_number: detail.number.clone(),
                seq: instalment.seq,
                issue_date: detail.issue_date,
                due_date: instalment.due_date,
                original: instalment.amount,
                open: Money::new(instalment.amount.amount() - applied, currency),
                reductions,
                interest: Some(terms),
            }
        })
        .collect();
    let parts = if disputed.is_zero() {
        Default::default()
    } else {
        let all: Vec<&DunningItem> = items.iter().collect();
        disputed_parts(&all, disputed).map_err(|e| AppError::invalid(e.to_string()))?
    };
    let mut accrued = Money::zero(currency);
    for item in &items {
        let part = parts
            .get(&item.seq)
            .copied()
            .unwrap_or_else(|| Money::zero(currency));
        match item.interest_through(part, rates, as_of) {
            Some(Ok(breakdown)) => {
                accrued = accrued
                    .checked_add(breakdown.interest)
                    .map_err(money_error)?;
            }
            Some(Err(err)) => {
                let seq = item.seq;
                notes.push(say!(
                    en: "Interest on instalment {seq} since the last claim is not counted: {err}",
                    zh: "第 {seq} 期自上次主张以来的利息未计入：{err}",
                ));
            }
            None => {}
        }
    }
    Ok(accrued)
}

/// Two amounts of different currencies met; the sentence names them.
pub(crate) fn money_error(err: creditdesk_core::MoneyError) -> AppError {
    AppError::invalid(err.to_string())
}

/// How a call went, in words.
pub fn outcome_word(outcome: PhoneOutcome) -> creditdesk_core::text::Word {
    use creditdesk_core::text::Word;
    match outcome {
        PhoneOutcome::Reached => Word::new("reached", "已联系上"),
        PhoneOutcome::Promised => Word::new("promised to pay", "承诺付款"),
        PhoneOutcome::Disputed => Word::new("disputed", "有争议"),
        PhoneOutcome::NoAnswer => Word::new("no answer", "无人接听"),
    }
}
