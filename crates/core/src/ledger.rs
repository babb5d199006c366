//! The records a book holds, as plain data: customers, invoices with their frozen instalments,
//! and settlements (payments, credit notes, write-offs, early-payment discounts).
//!
//! These are what importers produce and what the store persists. Identity in a book is by
//! natural key: a customer's reference, an invoice's number (text, leading zeros kept), a
//! settlement's reference.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{Currency, Money};

/// How a customer prefers to be written to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Paper,
    Email,
}

impl Channel {
    pub fn as_str(&self) -> &'static str {
        match self {
            Channel::Paper => "paper",
            Channel::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        match text {
            "paper" => Some(Channel::Paper),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRecord {
    /// The customer's identifier in the source system, or its name when the source has none.
    pub reference: String,
    pub name: String,
    pub country: Option<String>,
    pub email: Option<String>,
    pub preferred_channel: Option<Channel>,
}

/// One due part of an invoice. An invoice with plain terms has exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instalment {
    /// 1-based position in the schedule.
    pub seq: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
}

/// An early-payment discount fixed when the invoice was posted ("2/10 net 30"): `percent` of the
/// total may be deducted when the invoice is settled on or before `until`. It is not a due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DiscountOffer {
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub percent: Decimal,
    pub until: NaiveDate,
    pub amount: Money,
}

/// Terms as they were on the day the invoice was posted. Editing a terms template later never
/// changes these (case B04).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrozenTerms {
    /// The canonical text of the terms that produced this schedule, e.g. `2/10 net 30`.
    pub text: String,
    /// At least one; the amounts add up to the invoice total exactly.
    pub instalments: Vec<Instalment>,
    pub discount: Option<DiscountOffer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRecord {
    /// Text, never a number: `0000611365` keeps its leading zeros.
    pub number: String,
    pub customer_reference: String,
    pub issue_date: NaiveDate,
    pub total: Money,
    pub terms: FrozenTerms,
    pub disputed: bool,
}

impl InvoiceRecord {
    pub fn currency(&self) -> Currency {
        self.total.currency()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SettlementKind {
    /// Money received from the customer.
    Payment,
    /// A credit note issued to the customer.
    CreditNote,
    /// A bad debt written off.
    WriteOff,
    /// An early-payment discount taken within its deadline.
    Discount,
}

impl SettlementKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            SettlementKind::Payment => "payment",
            SettlementKind::CreditNote => "credit_note",
            SettlementKind::WriteOff => "write_off",
            SettlementKind::Discount => "discount",
        }
    }

    pub fn parse(text: &str) -> Option<SettlementKind> {
        match text {
            "payment" => Some(SettlementKind::Payment),
            "credit_note" => Some(SettlementKind::CreditNote),
            "write_off" => Some(SettlementKind::WriteOff),
            "discount" => Some(SettlementKind::Discount),
            _ => None,
        }
    }
}

/// Something that reduces what a customer owes. It may name the invoice it settles; if it does
/// not, it is allocated oldest due first, and what is left stays unapplied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettlementRecord {
    pub reference: String,
    pub customer_reference: String,
    pub kind: SettlementKind,
    pub date: NaiveDate,
    /// Positive: a payment of 500.00 is +500.00. A refund (money paid back) is negative.
    pub amount: Money,
    /// The invoice this settles, when the source says so.
    pub invoice_number: Option<String>,
    /// When the money came in another currency than the invoice's: what was paid and at which
    /// rate it was converted. `amount` is always in the document currency (case B22).
    pub paid_in: Option<ForeignAmount>,
}

/// An amount received in a currency other than the document's, with the rate used to convert
/// it: `document amount = paid x rate`, rounded half away from zero to the document currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignAmount {
    pub paid: Money,
    /// Units of the document currency per unit of the paid currency (1 CZK = 0.03 USD: 0.03).
    pub rate: Decimal,
}

/// One record read from an import file, in the order the file gives them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LedgerRecord {
    Customer(CustomerRecord),
    Invoice(InvoiceRecord),
    Settlement(SettlementRecord),
    /// What an export says was settled on an invoice by the record's date, in all, without the
    /// settlements themselves (an amount paid or written off column; the record's kind says
    /// which): only what is more than the book holds of that kind on the invoice is written, so
    /// that each month's export of the same invoices can be imported.
    SettledToDate(SettlementRecord),
}
