//! Recording what reduces a debt by hand: payments (also in a foreign currency), credit notes,
//! write-offs; allocating unapplied cash; opening and lifting disputes.

use chrono::NaiveDate;
use creditdesk_core::ledger::{ForeignAmount, SettlementKind, SettlementRecord};
use creditdesk_core::text::{pick, Word};
use creditdesk_core::{say, Currency, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::printable;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, AllocationSummary, OpenBook, WriteOutcome};

const SETTLEMENT_REFERENCE: Word = Word::new("reference", "单号");

/// A payment, credit note or write-off as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SettlementInput {
    pub kind: SettlementKind,
    pub reference: String,
    pub customer: String,
    pub date: NaiveDate,
    /// In the document currency. May be left out when `paid` gives it.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub amount: Option<Decimal>,
    /// The document currency; the named invoice's, else the book's, when absent.
    pub currency: Option<Currency>,
    /// The invoice this settles; without it the amount stays unapplied.
    pub invoice: Option<String>,
    /// What was actually paid, in which currency, and the rate: units of the document currency
    /// per unit of the paid currency (case B22: 2,000.00 CZK at 0.03 is 60.00 USD).
    #[cfg_attr(feature = "ts", ts(as = "Option<(String, Currency, String)>"))]
    pub paid: Option<(Decimal, Currency, Decimal)>,
}

impl OpenBook {
    /// Records a settlement; returns a sentence saying what was done, in this thread's
    /// language.
    pub fn record_settlement(&mut self, input: &SettlementInput) -> AppResult<String> {
        let record = self.settlement_record(input)?;
        let outcome = self.book.record_settlement(&record).map_err(store_error)?;
        let applied = self.applied_to_named_invoice(&record, &outcome)?;
        let sentence = settled(&record, outcome, applied.map(|(own, _)| own))?;
        Ok(with_lost_discount(sentence, applied))
    }

    /// What a settlement just written applied to the invoice it names; `None` when it names
    /// none or was not written.
    fn applied_to_named_invoice(
        &self,
        record: &SettlementRecord,
        outcome: &WriteOutcome,
    ) -> AppResult<Option<(Money, Money)>> {
        let (WriteOutcome::Inserted, Some(number)) = (outcome, &record.invoice_number) else {
            return Ok(None);
        };
        let Some(invoice) = self.book.invoice(number).map_err(store_error)? else {
            return Ok(None);
        };
        let mut applied = Money::zero(record.amount.currency());
        let mut lost = Money::zero(record.amount.currency());
        // What a refund took back of the early-payment discount (see the README's Refunds).
        let discount = format!("{}-discount", record.reference);
        for instalment in &invoice.instalments {
            for allocation in &instalment.allocations {
                let (kind, reference) =
                    (allocation.settlement_kind, &allocation.settlement_reference);
                let add = |sum: Money| {
                    sum.checked_add(allocation.amount)
                        .map_err(|err| AppError::invalid(err.to_string()))
                };
                if kind == record.kind && *reference == record.reference {
                    applied = add(applied)?;
                } else if record.amount.is_negative()
                    && kind == SettlementKind::Discount
                    && *reference == discount
                {
                    lost = add(lost)?;
                }
            }
        }
        Ok(Some((applied, lost)))
    }

    /// Records a write-off with the reason it was written off (kept with it, and shown by the
    /// bad-debt report); any other kind of settlement is recorded as by
    /// [`OpenBook::record_settlement`], without the reason. Returns the same sentence.
    pub fn record_write_off(&mut self, input: &SettlementInput, reason: &str) -> AppResult<String> {
        let record = self.settlement_record(input)?;
        let outcome = if record.kind == SettlementKind::WriteOff && !reason.trim().is_empty() {
            self.book.record_write_off(&record, reason)
        } else {
            self.book.record_settlement(&record)
        };
        let outcome = outcome.map_err(store_error)?;
        let applied = self.applied_to_named_invoice(&record, &outcome)?;
        let sentence = settled(&record, outcome, applied.map(|(own, _)| own))?;
        Ok(with_lost_discount(sentence, applied))
    }

    /// Allocates the customer's unapplied payments and credit notes, oldest due first.
    pub fn allocate_unapplied(
        &mut self,
        customer: &str,
        as_of: NaiveDate,
    ) -> AppResult<Vec<AllocationSummary>> {
        self.book
            .allocate_unapplied(customer, as_of)
            .map_err(store_error)
    }

    /// Opens (`true`) or lifts (`false`) a dispute on an invoice.
    pub fn set_disputed(&mut self, invoice: &str, disputed: bool) -> AppResult<()> {
        if !disputed {
            // A mark a recorded dispute holds is cleared by resolving the dispute.
            return self.clear_dispute_mark(invoice);
        }
        self.book
            .set_disputed(invoice, disputed)
            .map_err(store_error)?;
        Ok(())
    }

    fn settlement_record(&self, input: &SettlementInput) -> AppResult<SettlementRecord> {
        let reference = input.reference.trim();
        if reference.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The reference is empty; give the payment's, credit note's or write-off's own \
                     reference, e.g. the bank statement line.",
                zh: "单号为空；请填写收款、贷项通知单或坏账核销本身的单号，例如银行流水行。",
            )));
        }
        // A statement of account prints it.
        printable(SETTLEMENT_REFERENCE, reference)?;
        if input.kind == SettlementKind::Discount {
            return Err(AppError::invalid(say!(
                en: "Discounts are granted with the payment that earns them; record the payment.",
                zh: "折扣随享受折扣的收款一并入账；请登记该笔收款。",
            )));
        }
        let currency = match (input.currency, &input.invoice) {
            (Some(c), _) => c,
            (None, Some(number)) => self.invoice(number)?.total.currency(),
            (None, None) => self.settings()?.currency,
        };
        let paid_in = match input.paid {
            Some((paid, paid_currency, rate)) => {
                if rate <= Decimal::ZERO {
                    return Err(AppError::invalid(say!(
                        en: "The rate {rate} is not accepted; give a rate above zero: units of \
                             {currency} per unit of {paid_currency}.",
                        zh: "汇率 {rate} 不可接受；请填写大于零的汇率，即每单位 {paid_currency} \
                             折合多少 {currency}。",
                    )));
                }
                if paid_currency == currency {
                    return Err(AppError::invalid(say!(
                        en: "The paid amount is in {currency}, the invoice's own currency; give it \
                             as the amount, without a rate.",
                        zh: "实付金额以 {currency} 计价，与发票币种相同；请直接填写为金额，无需\
                             汇率。",
                    )));
                }
                let paid = exact(paid, paid_currency, PAID_AMOUNT)?;
                Some(ForeignAmount { paid, rate })
            }
            None => None,
        };
        let amount = match (input.amount, paid_in) {
            (Some(amount), Some(foreign)) => {
                let amount = exact(amount, currency, AMOUNT)?;
                let converted = foreign.paid.convert(foreign.rate, currency);
                if amount != converted {
                    let (paid, rate) = (foreign.paid, foreign.rate);
                    return Err(AppError::invalid(say!(
                        en: "The amount {amount} does not match {paid} at the rate {rate}, which \
                             is {converted}; give only what was paid and the rate, or correct one \
                             of them.",
                        zh: "金额 {amount} 与实付金额 {paid} 按汇率 {rate} 换算的结果 {converted} \
                             不符；请只填写实付金额和汇率，或更正其中一项。",
                    )));
                }
                amount
            }
            (Some(amount), None) => exact(amount, currency, AMOUNT)?,
            (None, Some(foreign)) => foreign.paid.convert(foreign.rate, currency),
            (None, None) => {
                return Err(AppError::invalid(say!(
                    en: "No amount was given; give the amount, or what was paid with its rate.",
                    zh: "未填写金额；请填写金额，或填写实付金额及汇率。",
                )))
            }
        };
        // A payment below zero is a refund: money paid back, or a payment that bounced.
        if amount.is_zero() {
            return Err(AppError::invalid(say!(
                en: "The amount {amount} is not accepted; give an amount above zero, or below \
                     zero for a refund of a payment.",
                zh: "金额 {amount} 不可接受；请填写大于零的金额，退款则填写小于零的金额。",
            )));
        }
        if amount.is_negative() && input.kind != SettlementKind::Payment {
            return Err(AppError::invalid(say!(
                en: "The amount {amount} is not accepted; give an amount above zero. Money paid \
                     back to the customer is a refund: a payment below zero.",
                zh: "金额 {amount} 不可接受；请填写大于零的金额。退还给客户的款项属于退款：\
                     请登记为金额小于零的收款。",
            )));
        }
        Ok(SettlementRecord {
            reference: reference.to_string(),
            customer_reference: input.customer.trim().to_string(),
            kind: input.kind,
            date: input.date,
            amount,
            invoice_number: input.invoice.as_ref().map(|n| n.trim().to_string()),
            paid_in,
        })
    }
}

/// The sentence of a refund written; `applied` is what it took back of the invoice it names
/// (below zero), when it names one.
fn refunded(record: &SettlementRecord, applied: Option<Money>) -> String {
    let reference = &record.reference;
    let currency = record.amount.currency();
    let back = record.amount.negate();
    match (&record.invoice_number, applied) {
        (Some(number), Some(applied)) if applied == record.amount => say!(
            en: "Recorded refund {reference} of {back} paid back: invoice {number} is open again \
                 by that much.",
            zh: "已登记退款 {reference}（退还 {back}）：发票 {number} 相应地重新变为未结。",
        ),
        (Some(number), applied) => {
            let taken = applied.map_or(Money::zero(currency), |a| a.negate());
            let rest = Money::new(back.amount() - taken.amount(), currency);
            say!(
                en: "Recorded refund {reference} of {back} paid back: invoice {number} is open \
                     again by {taken}; the other {rest} stays unapplied: it gives back money \
                     the invoice could not take, or waits for a payment of the invoice to take \
                     back.",
                zh: "已登记退款 {reference}（退还 {back}）：发票 {number} 重新未结 {taken}；其余 \
                     {rest} 保持未核销：它退还的是发票无法冲抵的款项，或待该发票登记收款后再予\
                     冲回。",
            )
        }
        (None, _) => say!(
            en: "Recorded refund {reference} of {back} paid back; it stays unapplied and adds to \
                 what the customer owes.",
            zh: "已登记退款 {reference}（退还 {back}）；该款项保持未核销状态，计入客户的应付余额。",
        ),
    }
}

/// `sentence`, and when a refund made the invoice lose its early-payment discount (`applied`:
/// what the settlement and the discount it took back applied), a sentence saying so.
fn with_lost_discount(sentence: String, applied: Option<(Money, Money)>) -> String {
    match applied {
        Some((_, lost)) if lost.is_negative() => {
            let lost = lost.negate();
            let more = say!(
                en: "The invoice loses the early-payment discount of {lost} granted on it, which \
                     is open again too.",
                zh: "该发票同时失去已给予的提前付款折扣 {lost}，该金额也重新变为未结。",
            );
            format!("{sentence}{}{more}", pick(" ", ""))
        }
        _ => sentence,
    }
}

/// The sentence of a settlement written; `applied` is what it applied to the invoice it names,
/// when it names one.
fn settled(
    record: &SettlementRecord,
    outcome: WriteOutcome,
    applied: Option<Money>,
) -> AppResult<String> {
    if record.amount.is_negative() && outcome == WriteOutcome::Inserted {
        return Ok(refunded(record, applied));
    }
    let what = match record.kind {
        SettlementKind::Payment => pick("payment", "收款"),
        SettlementKind::CreditNote => pick("credit note", "贷项通知单"),
        SettlementKind::WriteOff => pick("write-off", "坏账核销"),
        SettlementKind::Discount => pick("discount", "折扣"),
    };
    let (reference, amount) = (&record.reference, record.amount);
    match outcome {
        WriteOutcome::Inserted => Ok(match &record.invoice_number {
            Some(number) if applied.is_some_and(|a| a.amount() < amount.amount()) => {
                let applied = applied.expect("checked");
                let rest = amount.checked_sub(applied).expect("one currency");
                say!(
                    en: "Recorded {what} {reference} of {amount}: {applied} of it settles invoice \
                         {number}, and {rest} stays unapplied until it is allocated.",
                    zh: "已登记{what} {reference}（金额 {amount}）：其中 {applied} 冲抵发票 \
                         {number}，其余 {rest} 在分配之前保持未核销状态。",
                )
            }
            Some(number) => say!(
                en: "Recorded {what} {reference} of {amount} against invoice {number}.",
                zh: "已登记{what} {reference}（金额 {amount}），冲抵发票 {number}。",
            ),
            None => say!(
                en: "Recorded {what} {reference} of {amount}; it stays unapplied until it is \
                     allocated.",
                zh: "已登记{what} {reference}（金额 {amount}）；在分配之前，该款项保持未核销\
                     状态。",
            ),
        }),
        WriteOutcome::Unchanged | WriteOutcome::Matched { .. } | WriteOutcome::Kept { .. } => {
            Ok(say!(
                en: "The book already holds {what} {reference} with the same content; nothing was \
                     written.",
                zh: "账簿中已有内容相同的{what} {reference}；未写入任何数据。",
            ))
        }
        WriteOutcome::Updated { .. } => Ok(say!(
            en: "Updated {what} {reference}.",
            zh: "已更新{what} {reference}。",
        )),
        WriteOutcome::Conflict(message) => Err(AppError::new(ErrorCode::Conflict, message)),
    }
}

/// The amount of a document, as a field a sentence names.
pub(crate) const AMOUNT: Word = Word::new("amount", "金额");

/// What was actually paid in a foreign currency, as a field a sentence names.
const PAID_AMOUNT: Word = Word::new("paid amount", "实付金额");

/// An amount as a person typed it, refused when it is finer than the currency's minor unit.
pub(crate) fn exact(amount: Decimal, currency: Currency, field: Word) -> AppResult<Money> {
    Money::exact(amount, currency).map_err(|_| {
        let digits = currency.minor_digits();
        AppError::invalid(say!(
            en: "The {field} {amount} {currency} has more decimals than {currency} allows \
                 ({digits}); round it to the {currency} minor unit.",
            zh: "{field} {amount} {currency} 的小数位数超过了 {currency} 允许的 {digits} 位；\
                 请按 {currency} 的最小货币单位舍入。",
        ))
    })
}
