//! The bad-debt report: the write-offs of a period with their reasons, what was written off per
//! currency, and the bad-debt ratio (written off / credit sales of the period x 100, by
//! `creditdesk_core::kpi::bad_debt_ratio`). Write-offs count in the period of their own date,
//! whatever the date of the invoices they close.

use chrono::NaiveDate;
use creditdesk_core::kpi::{bad_debt_ratio, written_off};
use creditdesk_core::{say, Currency, Money};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::disputing::money_error;
use crate::error::{AppError, AppResult};
use crate::{store_error, OpenBook};

/// One write-off of the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WriteOffLine {
    pub reference: String,
    pub customer: String,
    pub customer_name: String,
    pub date: NaiveDate,
    pub amount: Money,
    pub invoice: Option<String>,
    /// `None` when none was given.
    pub reason: Option<String>,
}

/// What was written off in one currency, against the credit sales of the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BadDebtTotal {
    pub currency: Currency,
    pub written_off: Money,
    pub credit_sales: Money,
    /// Percent, 2 decimals; `None` without credit sales in the period.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub ratio_percent: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BadDebtReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// By date, then reference.
    pub write_offs: Vec<WriteOffLine>,
    /// One per currency with write-offs or credit sales, in currency order.
    pub currencies: Vec<BadDebtTotal>,
}

impl OpenBook {
    /// The bad-debt report of the period from `from` through `to`, both included.
    pub fn bad_debt(&self, from: NaiveDate, to: NaiveDate) -> AppResult<BadDebtReport> {
        if to < from {
            return Err(AppError::invalid(say!(
                en: "The period from {from} to {to} ends before it starts; give a first day on \
                     or before the last.",
                zh: "期间 {from} 至 {to} 的结束日早于开始日；请填写不晚于结束日的开始日。",
            )));
        }
        let entries = self.book.write_offs(from, to).map_err(store_error)?;
        let sales = self.book.credit_sales(from, to).map_err(store_error)?;

        let records: Vec<_> = entries.iter().map(|e| e.record.clone()).collect();
        let mut currencies: Vec<Currency> = records
            .iter()
            .map(|r| r.amount.currency())
            .chain(sales.iter().map(|s| s.currency()))
            .collect();
        currencies.sort();
        currencies.dedup();
        let mut totals = Vec::new();
        for currency in currencies {
            let written = written_off(&records, currency, from, to);
            let credit_sales = sales
                .iter()
                .find(|s| s.currency() == currency)
                .copied()
                .unwrap_or(Money::zero(currency));
            totals.push(BadDebtTotal {
                currency,
                written_off: written,
                credit_sales,
                ratio_percent: bad_debt_ratio(written, credit_sales).map_err(money_error)?,
            });
        }
        Ok(BadDebtReport {
            from,
            to,
            write_offs: entries
                .into_iter()
                .map(|e| WriteOffLine {
                    reference: e.record.reference,
                    customer: e.record.customer_reference,
                    customer_name: e.customer_name,
                    date: e.record.date,
                    amount: e.record.amount,
                    invoice: e.record.invoice_number,
                    reason: e.reason,
                })
                .collect(),
            currencies: totals,
        })
    }
}
