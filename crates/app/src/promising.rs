//! Promises to pay as a person records them, where each stands on a date, and which invoices the
//! pending ones hold back from chasing.
//!
//! Where a promise stands is the core's rule (`Promise::standing`) over the receipts the book
//! counts toward it: the customer's payments dated from the day it was made through the
//! promised date, for what they brought to the covered invoices or left unapplied (see the
//! store's `followup/promises.rs`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use creditdesk_core::promises::{Promise, PromiseChannel, PromiseStanding, PromiseState};
use creditdesk_core::{say, Currency, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{store_error, OpenBook};

/// A promise as a person records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PromiseInput {
    pub customer: String,
    pub made_on: NaiveDate,
    pub promised_on: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub amount: Decimal,
    /// The currency of the covered invoices when absent.
    pub currency: Option<Currency>,
    pub promised_by: String,
    pub channel: PromiseChannel,
    pub invoices: Vec<String>,
    pub dunning_level: Option<u8>,
}

/// A promise with where it stands on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PromiseLine {
    pub id: i64,
    pub customer_name: String,
    pub promise: Promise,
    pub standing: PromiseStanding,
    /// Where it stands, in one sentence.
    pub message: String,
}

/// A customer's invoices held back from chasing by its pending promises.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeldBack {
    pub customer: String,
    /// In number order, each once.
    pub invoices: Vec<String>,
    /// The pending promises that hold them.
    pub promises: Vec<i64>,
}

impl OpenBook {
    /// Records a promise to pay; its invoices must be the customer's, in the promise's currency.
    pub fn add_promise(&mut self, input: &PromiseInput) -> AppResult<PromiseLine> {
        let customer = input.customer.trim();
        let mut invoices = Vec::new();
        let mut currency = input.currency;
        let mut open_minor = 0i64;
        for number in input.invoices.iter().filter(|n| !n.trim().is_empty()) {
            let invoice = self.invoice(number.trim())?;
            let number = &invoice.number;
            if invoice.customer_reference != customer {
                let owner = &invoice.customer_reference;
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} belongs to customer {owner}, not to {customer}; a \
                         promise covers only the customer's own invoices.",
                    zh: "发票 {number} 属于客户 {owner}，而非 {customer}；承诺只能涵盖该客户自己的\
                         发票。",
                )));
            }
            let invoice_currency = invoice.total.currency();
            let promised = *currency.get_or_insert(invoice_currency);
            if invoice_currency != promised {
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} is in {invoice_currency}, the promise in {promised}; a \
                         promise covers invoices of its own currency, so record one promise per \
                         currency.",
                    zh: "发票 {number} 以 {invoice_currency} 计价，而承诺以 {promised} 计价；一项\
                         承诺只能涵盖同一币种的发票，请按币种分别登记承诺。",
                )));
            }
            open_minor += self.open_on(number, input.made_on)?;
            invoices.push(invoice.number);
        }
        let currency = match currency {
            Some(currency) => currency,
            None => self.settings()?.currency,
        };
        let promise = Promise {
            customer_reference: customer.to_string(),
            made_on: input.made_on,
            promised_on: input.promised_on,
            amount: exact(input.amount, currency, AMOUNT)?,
            promised_by: input.promised_by.trim().to_string(),
            channel: input.channel,
            invoice_numbers: invoices,
            dunning_level: input.dunning_level,
        };
        if let Some(problem) = promise.problems().into_iter().next() {
            return Err(AppError::invalid(problem.to_string()));
        }
        if let Some(twin) = self.same_promise(&promise)? {
            let (customer, amount) = (&promise.customer_reference, promise.amount);
            let (made_on, promised_on) = (promise.made_on, promise.promised_on);
            let numbers = promise.invoice_numbers.join(", ");
            return Err(AppError::new(
                ErrorCode::Conflict,
                say!(
                    en: "Promise {twin} of customer {customer}, made on {made_on} to pay \
                         {amount} by {promised_on} for invoices {numbers}, is already recorded; \
                         nothing was added. List the promises to see it.",
                    zh: "客户 {customer} 于 {made_on} 作出的付款承诺 {twin}（于 {promised_on} 前\
                         就发票 {numbers} 支付 {amount}）已登记；未新增任何记录。请列出承诺查看。",
                ),
            ));
        }
        let open = Money::from_minor(open_minor, promise.amount.currency());
        let entry = self.book.add_promise(&promise).map_err(store_error)?;
        let mut line = standing_line(entry, input.made_on)?;
        let (id, customer) = (line.id, &line.promise.customer_reference);
        line.message = format!(
            "{} {}",
            say!(
                en: "Recorded promise {id} of customer {customer}.",
                zh: "已登记客户 {customer} 的付款承诺 {id}。",
            ),
            line.message
        );
        // Recorded all the same: a customer may promise a round sum above the balance; the
        // standing still counts only what reaches the covered invoices.
        if line.promise.amount.amount() > open.amount() {
            let (amount, made_on) = (line.promise.amount, line.promise.made_on);
            let numbers = line.promise.invoice_numbers.join(", ");
            line.message = format!(
                "{} {}",
                line.message,
                say!(
                    en: "Note: the promised {amount} is more than the {open} open on invoices \
                         {numbers} on {made_on}, the day it was made; check the amount, or \
                         record a promise that covers the other invoices too.",
                    zh: "注意：承诺金额 {amount} 超过发票 {numbers} 在承诺日 {made_on} 的未结金额 \
                         {open}；请核对金额，或登记一项同时涵盖其他发票的承诺。",
                )
            );
        }
        Ok(line)
    }

    /// The id of a promise already on record with the same customer, days, amount and
    /// invoices as `promise`: a second copy would count each payment twice.
    fn same_promise(&self, promise: &Promise) -> AppResult<Option<i64>> {
        let mut numbers = promise.invoice_numbers.clone();
        numbers.sort();
        numbers.dedup();
        let entries = self
            .book
            .promises(Some(&promise.customer_reference))
            .map_err(store_error)?;
        Ok(entries
            .into_iter()
            .find(|e| {
                e.promise.made_on == promise.made_on
                    && e.promise.promised_on == promise.promised_on
                    && e.promise.amount == promise.amount
                    && e.promise.invoice_numbers == numbers
            })
            .map(|e| e.id))
    }

    /// Every promise with where it stands on `as_of`, by promised date. Promises made after
    /// `as_of` are left out.
    pub fn promises(&self, as_of: NaiveDate) -> AppResult<Vec<PromiseLine>> {
        let entries = self.book.promises(None).map_err(store_error)?;
        entries
            .into_iter()
            .filter(|e| e.promise.made_on <= as_of)
            .map(|e| standing_line(e, as_of))
            .collect()
    }

    /// Per customer, the invoices that promises pending on `as_of` hold back from chasing, in
    /// customer order. A kept promise's invoices are paid and a broken one holds nothing back
    /// (`PromiseState::holds_chasing`), so only pending promises are listed.
    pub fn pending_promises(&self, as_of: NaiveDate) -> AppResult<Vec<HeldBack>> {
        let mut held: BTreeMap<String, HeldBack> = BTreeMap::new();
        for line in self.promises(as_of)? {
            if line.standing.state != PromiseState::Pending {
                continue;
            }
            let customer = line.promise.customer_reference.clone();
            let entry = held.entry(customer.clone()).or_insert_with(|| HeldBack {
                customer,
                invoices: Vec::new(),
                promises: Vec::new(),
            });
            entry.invoices.extend(line.promise.invoice_numbers);
            entry.promises.push(line.id);
        }
        Ok(held
            .into_values()
            .map(|mut h| {
                h.invoices.sort();
                h.invoices.dedup();
                h
            })
            .collect())
    }
}

fn standing_line(
    entry: creditdesk_store::PromiseEntry,
    as_of: NaiveDate,
) -> AppResult<PromiseLine> {
    let standing = entry
        .promise
        .standing(&entry.receipts, as_of)
        .map_err(|e| AppError::invalid(e.to_string()))?;
    Ok(PromiseLine {
        id: entry.id,
        customer_name: entry.customer_name,
        message: standing.sentence(&entry.promise),
        promise: entry.promise,
        standing,
    })
}
