//! A customer's statement of account for a period: the opening balance, every invoice and
//! settlement of the period with the running balance, the closing balance, and the aging of
//! what is open at its end, per currency.
//!
//! The closing balance is what the customer owes net of unapplied cash, so it equals the aging
//! report's net for the customer on the last day. The aging shows that unapplied money (received
//! and not yet allocated to an invoice) on a line of its own, so that in each currency the
//! buckets less the unapplied money add up to the closing balance.

use chrono::{Datelike, Months, NaiveDate};
use creditdesk_core::aging::{days_overdue, Buckets};
use creditdesk_core::{say, Currency, Money};
use creditdesk_letters::{StatementLine, StatementLineKind};
use creditdesk_store::StatementEntryKind;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::{store_error, OpenBook};

fn line_kind(kind: StatementEntryKind) -> StatementLineKind {
    match kind {
        StatementEntryKind::Invoice => StatementLineKind::Invoice,
        StatementEntryKind::Payment => StatementLineKind::Payment,
        StatementEntryKind::Refund => StatementLineKind::Refund,
        StatementEntryKind::CreditNote => StatementLineKind::CreditNote,
        StatementEntryKind::WriteOff => StatementLineKind::WriteOff,
        StatementEntryKind::Discount => StatementLineKind::Discount,
    }
}

/// What is open at the end of the period in one bucket of days overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementBucket {
    pub label: String,
    pub amount: Money,
}

/// The statement in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CurrencyStatementView {
    pub currency: Currency,
    pub opening: Money,
    pub lines: Vec<StatementLine>,
    pub closing: Money,
    /// The open instalments at the end of the period by bucket (the book's default buckets).
    pub aging: Vec<StatementBucket>,
    /// Received and not yet allocated to an invoice at the end of the period; not in any
    /// bucket. Invariant: `Σ aging − unapplied = closing`.
    pub unapplied: Money,
    /// What of that is past its due date.
    pub overdue: Money,
}

/// A customer's statement of account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AccountStatement {
    pub customer_reference: String,
    pub customer_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// In currency order; empty when the customer has no invoice or settlement by `to`.
    pub currencies: Vec<CurrencyStatementView>,
}

impl AccountStatement {
    /// The statement in `currency`; when the customer has none in it, a message naming the
    /// currencies it has.
    pub fn in_currency(&self, currency: Currency) -> AppResult<&CurrencyStatementView> {
        if let Some(view) = self.currencies.iter().find(|c| c.currency == currency) {
            return Ok(view);
        }
        let (reference, to) = (&self.customer_reference, self.to);
        let list: Vec<String> = self
            .currencies
            .iter()
            .map(|c| c.currency.to_string())
            .collect();
        let list = list.join(", ");
        Err(AppError::invalid(match list.is_empty() {
            true => say!(
                en: "Nothing was invoiced to or received from {reference} by {to}; there is no \
                     statement to print.",
                zh: "截至 {to}，{reference} 没有任何发票或收款；没有可打印的对账单。",
            ),
            false => say!(
                en: "{reference} has no statement in {currency}; it has one in {list}.",
                zh: "{reference} 没有 {currency} 的对账单；可选币种：{list}。",
            ),
        }))
    }
}

/// The first day of a statement without one given: the first of the month two months before
/// the month of `to`, so that a statement covers the last three calendar months.
pub fn default_statement_start(to: NaiveDate) -> NaiveDate {
    let first = to.with_day(1).unwrap_or(to);
    first.checked_sub_months(Months::new(2)).unwrap_or(first)
}

impl OpenBook {
    /// The statement of account of `customer` from `from` (by default three calendar months,
    /// see [`default_statement_start`]) through `to`.
    pub fn account_statement(
        &self,
        customer: &str,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> AppResult<AccountStatement> {
        let from = from.unwrap_or_else(|| default_statement_start(to));
        if from > to {
            return Err(AppError::invalid(say!(
                en: "The statement would start on {from}, after its last day {to}; give a first \
                     day on or before the last.",
                zh: "对账单的起始日 {from} 晚于截止日 {to}；请填写不晚于截止日的起始日。",
            )));
        }
        let customer = customer.trim();
        let statements = self
            .book
            .account_statement(customer, from, to)
            .map_err(store_error)?;
        // Only the name: the customer's page (timeline, open items) is not needed.
        let name = self.book.recipient(customer).map_err(store_error)?.name;
        let buckets = Buckets::default();
        let currencies = statements
            .into_iter()
            .map(|statement| {
                let currency = statement.currency;
                let mut balance = statement.opening.amount();
                let lines = statement
                    .entries
                    .into_iter()
                    .map(|entry| {
                        balance += entry.debit.amount() - entry.credit.amount();
                        StatementLine {
                            date: entry.date,
                            kind: line_kind(entry.kind),
                            reference: entry.reference,
                            due_date: entry.due_date,
                            debit: entry.debit,
                            credit: entry.credit,
                            balance: Money::new(balance, currency),
                        }
                    })
                    .collect();
                let mut slots = vec![Money::zero(currency); buckets.len()];
                let mut overdue = Money::zero(currency);
                for (due, open) in &statement.open_items {
                    let days = days_overdue(*due, to);
                    let slot = &mut slots[buckets.index(days)];
                    *slot = Money::new(slot.amount() + open.amount(), currency);
                    if days > 0 {
                        overdue = Money::new(overdue.amount() + open.amount(), currency);
                    }
                }
                CurrencyStatementView {
                    currency,
                    opening: statement.opening,
                    lines,
                    closing: statement.closing,
                    aging: buckets
                        .labels()
                        .into_iter()
                        .zip(slots)
                        .map(|(label, amount)| StatementBucket { label, amount })
                        .collect(),
                    overdue,
                    unapplied: statement.unapplied,
                }
            })
            .collect();
        Ok(AccountStatement {
            customer_reference: customer.to_string(),
            customer_name: name,
            from,
            to,
            currencies,
        })
    }
}
