//! Entering customers and invoices by hand: the same checks and the same write path as an
//! import of one record, so a hand-entered invoice is frozen and audited like an imported one.

use chrono::NaiveDate;
use creditdesk_core::ledger::{Channel, CustomerRecord, InvoiceRecord, LedgerRecord};
use creditdesk_core::terms::{single_due_date, PaymentTerms};
use creditdesk_core::Currency;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::exact;
use crate::{store_error, OpenBook, WriteOutcome};

/// A customer as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerInput {
    pub reference: String,
    pub name: String,
    pub country: Option<String>,
    pub email: Option<String>,
    pub channel: Option<Channel>,
}

/// An invoice as a person enters it: a due date, or terms to compute the schedule from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceInput {
    pub number: String,
    pub customer: String,
    pub issue_date: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub amount: Decimal,
    /// The book's currency when absent.
    pub currency: Option<Currency>,
    /// Wins over `terms` when given.
    pub due_date: Option<NaiveDate>,
    /// `net 30` when neither a due date nor terms are given.
    pub terms: Option<String>,
    pub disputed: bool,
}

impl OpenBook {
    /// Adds a customer, or updates the fields given of one the book already holds.
    pub fn save_customer(&mut self, input: &CustomerInput) -> AppResult<String> {
        let reference = input.reference.trim();
        if reference.is_empty() {
            return Err(AppError::invalid(
                "The customer reference is empty; give the customer's code in your accounting \
                 system, or a short name.",
            ));
        }
        let name = input.name.trim();
        let record = CustomerRecord {
            reference: reference.to_string(),
            // Empty: the book keeps the name it has (a new customer is named by its reference).
            name: name.to_string(),
            country: input.country.clone().filter(|c| !c.trim().is_empty()),
            email: input.email.clone().filter(|e| !e.trim().is_empty()),
            preferred_channel: input.channel,
        };
        match self.write_one(&LedgerRecord::Customer(record))? {
            WriteOutcome::Inserted => Ok(format!("Added customer {reference}.")),
            WriteOutcome::Updated { fields } => Ok(format!(
                "Updated customer {reference}: {}.",
                fields.join(", ")
            )),
            _ => Ok(format!(
                "Customer {reference} is already in the book as given."
            )),
        }
    }

    /// Posts an invoice; its terms are frozen on it now.
    pub fn post_invoice(&mut self, input: &InvoiceInput) -> AppResult<String> {
        let number = input.number.trim();
        if number.is_empty() {
            return Err(AppError::invalid(
                "The invoice number is empty; give the number printed on the invoice.",
            ));
        }
        let currency = match input.currency {
            Some(c) => c,
            None => self.settings()?.currency,
        };
        let total = exact(input.amount, currency, "amount")?;
        if total.is_zero() || total.is_negative() {
            return Err(AppError::invalid(format!(
                "The amount {total} is not accepted; an invoice is above zero (record a credit \
                 note for money owed to the customer)."
            )));
        }
        let terms = match (input.due_date, &input.terms) {
            (Some(due), terms) => {
                let text = terms.clone().unwrap_or_else(|| format!("due on {due}"));
                single_due_date(&text, due, total)
            }
            (None, terms) => {
                let text = terms.as_deref().unwrap_or("net 30");
                let parsed = PaymentTerms::parse(text)
                    .map_err(|e| AppError::invalid(format!("Terms: {e}")))?;
                parsed
                    .freeze(input.issue_date, total)
                    .map_err(|e| AppError::invalid(format!("Terms: {e}")))?
            }
        };
        let record = InvoiceRecord {
            number: number.to_string(),
            customer_reference: input.customer.trim().to_string(),
            issue_date: input.issue_date,
            total,
            terms,
            disputed: input.disputed,
        };
        let due = record.terms.instalments.last().map(|i| i.due_date);
        match self.write_one(&LedgerRecord::Invoice(record))? {
            WriteOutcome::Inserted => Ok(format!(
                "Posted invoice {number} of {total}, due {}.",
                due.map_or_else(String::new, |d| d.to_string())
            )),
            _ => Ok(format!(
                "The book already holds invoice {number} with the same content; nothing was \
                 written."
            )),
        }
    }

    /// One record through the import write path, in its own audited transaction.
    fn write_one(&mut self, record: &LedgerRecord) -> AppResult<WriteOutcome> {
        let mut tx = self.book.begin_import().map_err(store_error)?;
        let outcome = tx.record(record).map_err(store_error)?;
        match outcome {
            WriteOutcome::Conflict(message) => Err(AppError::new(ErrorCode::Conflict, message)),
            WriteOutcome::Inserted | WriteOutcome::Updated { .. } => {
                let (action, entity, reference) = match record {
                    LedgerRecord::Customer(c) => ("save_customer", "customer", &c.reference),
                    LedgerRecord::Invoice(i) => ("post_invoice", "invoice", &i.number),
                    LedgerRecord::Settlement(s) => {
                        ("record_settlement", "settlement", &s.reference)
                    }
                };
                let detail = serde_json::to_value(record).unwrap_or_default();
                tx.describe_entry(action, entity, reference, detail);
                tx.commit().map_err(store_error)?;
                Ok(outcome)
            }
            WriteOutcome::Unchanged | WriteOutcome::Matched { .. } => Ok(outcome),
        }
    }
}
