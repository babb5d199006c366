//! Recording what reduces a debt by hand: payments (also in a foreign currency), credit notes,
//! write-offs; allocating unapplied cash; opening and lifting disputes.

use chrono::NaiveDate;
use creditdesk_core::ledger::{ForeignAmount, SettlementKind, SettlementRecord};
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, AllocationSummary, OpenBook, WriteOutcome};

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
    /// Records a settlement; returns a sentence saying what was done.
    pub fn record_settlement(&mut self, input: &SettlementInput) -> AppResult<String> {
        let record = self.settlement_record(input)?;
        let outcome = self.book.record_settlement(&record).map_err(store_error)?;
        let what = match record.kind {
            SettlementKind::Payment => "payment",
            SettlementKind::CreditNote => "credit note",
            SettlementKind::WriteOff => "write-off",
            SettlementKind::Discount => "discount",
        };
        match outcome {
            WriteOutcome::Inserted => Ok(match &record.invoice_number {
                Some(number) => format!(
                    "Recorded {what} {} of {} against invoice {number}.",
                    record.reference, record.amount
                ),
                None => format!(
                    "Recorded {what} {} of {}; it stays unapplied until it is allocated.",
                    record.reference, record.amount
                ),
            }),
            WriteOutcome::Unchanged | WriteOutcome::Matched { .. } => Ok(format!(
                "The book already holds {what} {} with the same content; nothing was written.",
                record.reference
            )),
            WriteOutcome::Updated { .. } => Ok(format!("Updated {what} {}.", record.reference)),
            WriteOutcome::Conflict(message) => Err(AppError::new(ErrorCode::Conflict, message)),
        }
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
        self.book
            .set_disputed(invoice, disputed)
            .map_err(store_error)?;
        Ok(())
    }

    fn settlement_record(&self, input: &SettlementInput) -> AppResult<SettlementRecord> {
        let reference = input.reference.trim();
        if reference.is_empty() {
            return Err(AppError::invalid(
                "The reference is empty; give the payment's, credit note's or write-off's own \
                 reference, e.g. the bank statement line.",
            ));
        }
        if input.kind == SettlementKind::Discount {
            return Err(AppError::invalid(
                "Discounts are granted with the payment that earns them; record the payment.",
            ));
        }
        let currency = match (input.currency, &input.invoice) {
            (Some(c), _) => c,
            (None, Some(number)) => self.invoice(number)?.total.currency(),
            (None, None) => self.settings()?.currency,
        };
        let paid_in = match input.paid {
            Some((paid, paid_currency, rate)) => {
                if rate <= Decimal::ZERO {
                    return Err(AppError::invalid(format!(
                        "The rate {rate} is not accepted; give a rate above zero: units of \
                         {currency} per unit of {paid_currency}."
                    )));
                }
                if paid_currency == currency {
                    return Err(AppError::invalid(format!(
                        "The paid amount is in {currency}, the invoice's own currency; give it \
                         as the amount, without a rate."
                    )));
                }
                let paid = exact(paid, paid_currency, "paid amount")?;
                Some(ForeignAmount { paid, rate })
            }
            None => None,
        };
        let amount = match (input.amount, paid_in) {
            (Some(amount), Some(foreign)) => {
                let amount = exact(amount, currency, "amount")?;
                let converted = foreign.paid.convert(foreign.rate, currency);
                if amount != converted {
                    return Err(AppError::invalid(format!(
                        "The amount {amount} does not match {} at the rate {}, which is \
                         {converted}; give only what was paid and the rate, or correct one of \
                         them.",
                        foreign.paid, foreign.rate
                    )));
                }
                amount
            }
            (Some(amount), None) => exact(amount, currency, "amount")?,
            (None, Some(foreign)) => foreign.paid.convert(foreign.rate, currency),
            (None, None) => {
                return Err(AppError::invalid(
                    "No amount was given; give the amount, or what was paid with its rate.",
                ))
            }
        };
        if amount.is_zero() || amount.is_negative() {
            return Err(AppError::invalid(format!(
                "The amount {amount} is not accepted; give an amount above zero."
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

/// An amount as a person typed it, refused when it is finer than the currency's minor unit.
pub(crate) fn exact(amount: Decimal, currency: Currency, field: &str) -> AppResult<Money> {
    Money::exact(amount, currency).map_err(|_| {
        AppError::invalid(format!(
            "The {field} {amount} {currency} has more decimals than {currency} allows ({}); \
             round it to the {currency} minor unit.",
            currency.minor_digits()
        ))
    })
}
