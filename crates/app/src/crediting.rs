//! Credit decisions as a person makes them: a customer's credit file, the exchange rates amounts
//! are measured with, orders checked against the limit when they are entered and whenever a
//! change could raise the risk, the customer's exposure, and what needs reviewing.
//!
//! An order that the check holds is not written, unless a reason to go ahead anyway is given;
//! then the override is logged with the reasons it overrode. The check and the write are one
//! transaction of the book, so an order is never written on a check of another state of the
//! book. Closing or invoicing an order lowers the risk and is always allowed; reopening it or
//! raising its amount is checked like a new order (case B23).

use chrono::NaiveDate;
use creditdesk_core::credit::{
    self, CheckPolicy, CreditCheck, CreditError, CreditFile, CreditProfile, CreditReport,
    CreditStatus, Decision, ExchangeRate, Exposure, Order, OrderState, ReviewItem, ReviewWindows,
    RiskClass, Security, TradeCreditInsurance,
};
use creditdesk_core::{say, Currency, Money};
use creditdesk_store::OrderDecision;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{store_error, OpenBook};

/// The policy every check uses: an undisputed invoice more than 15 days overdue holds new
/// orders. TODO(#4): make the credit policy a setting of the book.
pub const CREDIT_POLICY: CheckPolicy = CheckPolicy { grace_days: 15 };

/// A customer's credit profile as a person sets it. A field left `None` keeps what the profile
/// had; a new profile gets 30 days' default terms (at most the longest allowed), medium risk,
/// active status, a review every 12 months, the first one that far from today, and no security
/// required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditProfileInput {
    pub customer: String,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub limit: Decimal,
    /// The book's currency when absent.
    pub currency: Option<Currency>,
    pub max_terms_days: u32,
    pub default_terms_days: Option<u32>,
    pub risk_class: Option<RiskClass>,
    pub status: Option<CreditStatus>,
    pub review_date: Option<NaiveDate>,
    pub review_interval_months: Option<u32>,
    pub security_required: Option<bool>,
}

/// A new order on credit as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderInput {
    pub reference: String,
    pub customer: String,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub amount: Decimal,
    /// The book's currency when absent.
    pub currency: Option<Currency>,
    /// The customer's default terms when absent.
    pub terms_days: Option<u32>,
    pub date: NaiveDate,
}

/// A change to an order on record: its state, its amount (in its currency), or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderChangeInput {
    pub state: Option<OrderState>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub amount: Option<Decimal>,
}

/// What became of an order: the check, and whether the order was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderOutcome {
    pub reference: String,
    pub check: CreditCheck,
    /// Written: approved, or held and overridden with a reason.
    pub saved: bool,
    /// Written on an override of a hold.
    pub overridden: bool,
    /// What happened, in one sentence.
    pub message: String,
}

/// What needs looking at in one customer's credit file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerReview {
    pub customer: String,
    pub items: Vec<ReviewItem>,
}

impl OpenBook {
    /// Sets a customer's credit profile (see [`CreditProfileInput`] for what a field left out
    /// means); answers the customer's credit file as stored.
    pub fn set_credit_profile(
        &mut self,
        input: &CreditProfileInput,
        today: NaiveDate,
    ) -> AppResult<CreditFile> {
        let customer = input.customer.trim();
        let existing = self.book.credit_file(customer).map_err(store_error)?;
        let currency = match input.currency {
            Some(currency) => currency,
            None => self.settings()?.currency,
        };
        let limit = exact(input.limit, currency, AMOUNT)?;
        let before = existing.as_ref().map(|file| &file.profile);
        let interval = input
            .review_interval_months
            .or(before.map(|p| p.review_interval_months))
            .unwrap_or(12);
        let mut profile = CreditProfile {
            customer_reference: customer.to_string(),
            limit,
            default_terms_days: input
                .default_terms_days
                .or(before.map(|p| p.default_terms_days))
                .unwrap_or(input.max_terms_days.min(30)),
            max_terms_days: input.max_terms_days,
            risk_class: input
                .risk_class
                .or(before.map(|p| p.risk_class))
                .unwrap_or(RiskClass::Medium),
            status: input
                .status
                .or(before.map(|p| p.status))
                .unwrap_or(CreditStatus::Active),
            review_date: today,
            review_interval_months: interval,
            security_required: input
                .security_required
                .or(before.map(|p| p.security_required))
                .unwrap_or(false),
        };
        profile.review_date = match (input.review_date, before) {
            (Some(date), _) => date,
            (None, Some(before)) => before.review_date,
            (None, None) => profile.next_review(today).unwrap_or(today),
        };

        let file = CreditFile {
            profile,
            security: Vec::new(),
            insurance: None,
            reports: Vec::new(),
        };
        refuse_problems(file.problems())?;
        self.book
            .set_credit_profile(&file.profile)
            .map_err(store_error)?;
        self.credit_file(customer)
    }

    /// The customer's credit file; refused when it has no credit profile.
    pub fn credit_file(&self, customer: &str) -> AppResult<CreditFile> {
        let customer = customer.trim();
        match self.book.credit_file(customer).map_err(store_error)? {
            Some(file) => Ok(file),
            None => Err(no_profile(customer)),
        }
    }

    /// Adds security the customer has given.
    pub fn add_security(&mut self, customer: &str, security: &Security) -> AppResult<()> {
        let mut file = self.credit_file(customer)?;
        file.security = vec![security.clone()];
        refuse_problems(file.problems())?;
        self.book
            .add_security(customer.trim(), security)
            .map_err(store_error)
    }

    /// Adds a credit report bought about the customer.
    pub fn add_credit_report(&mut self, customer: &str, report: &CreditReport) -> AppResult<()> {
        let mut file = self.credit_file(customer)?;
        file.reports = vec![report.clone()];
        refuse_problems(file.problems())?;
        self.book
            .add_credit_report(customer.trim(), report)
            .map_err(store_error)
    }

    /// Sets the customer's trade-credit insurance, replacing the cover it had.
    pub fn set_insurance(&mut self, customer: &str, cover: &TradeCreditInsurance) -> AppResult<()> {
        let mut file = self.credit_file(customer)?;
        file.insurance = Some(cover.clone());
        refuse_problems(file.problems())?;
        self.book
            .set_insurance(customer.trim(), cover)
            .map_err(store_error)
    }

    /// Records an exchange rate; one of the same pair and date is replaced.
    pub fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> AppResult<()> {
        if rate.from == rate.to {
            let currency = rate.from;
            return Err(AppError::invalid(say!(
                en: "An exchange rate from {currency} to {currency} is not needed; give two \
                     different currencies.",
                zh: "无需录入 {currency} 兑 {currency} 的汇率；请填写两种不同的货币。",
            )));
        }
        if rate.rate <= Decimal::ZERO {
            let refused = CreditError::RateNotPositive {
                from: rate.from,
                to: rate.to,
                date: rate.date,
                rate: rate.rate,
            };
            return Err(AppError::invalid(refused.to_string()));
        }
        self.book.set_exchange_rate(rate).map_err(store_error)
    }

    /// Enters a new order, checked as of `as_of`. A held order is written only when
    /// `override_reason` is given; the outcome says which.
    pub fn enter_order(
        &mut self,
        input: &OrderInput,
        as_of: NaiveDate,
        override_reason: Option<&str>,
    ) -> AppResult<OrderOutcome> {
        let reference = input.reference.trim();
        if reference.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The order reference is empty; give the order's number in your sales system.",
                zh: "订单编号为空；请填写该订单在您的销售系统中的编号。",
            )));
        }
        let currency = match input.currency {
            Some(currency) => currency,
            None => self.settings()?.currency,
        };
        let amount = positive_amount(input.amount, currency)?;
        let customer = input.customer.trim();
        let proposed = |file: &CreditFile| Order {
            reference: reference.to_string(),
            customer_reference: customer.to_string(),
            amount,
            terms_days: input.terms_days.unwrap_or(file.profile.default_terms_days),
            date: input.date,
            state: OrderState::Open,
        };
        self.decide(
            reference,
            customer,
            as_of,
            override_reason,
            |existing| match existing {
                Some(_) => Err(AppError::new(
                    ErrorCode::Conflict,
                    say!(
                        en: "The book already holds an order {reference}; give the new order \
                             another reference, or change the one on record.",
                        zh: "账簿中已有订单 {reference}；请为新订单另选编号，或修改已有的订单。",
                    ),
                )),
                None => Ok(proposed),
            },
        )
    }

    /// Changes an order's state or amount, checked as of `as_of`: closing, invoicing and
    /// lowering are always allowed; reopening and raising are checked like a new order, and a
    /// held change is written only when `override_reason` is given.
    pub fn change_order(
        &mut self,
        reference: &str,
        change: &OrderChangeInput,
        as_of: NaiveDate,
        override_reason: Option<&str>,
    ) -> AppResult<OrderOutcome> {
        let reference = reference.trim();
        let before = self.recorded_order(reference)?;
        let amount = match change.amount {
            Some(amount) => positive_amount(amount, before.amount.currency())?,
            None => before.amount,
        };
        let customer = before.customer_reference.clone();
        self.decide(reference, &customer, as_of, override_reason, |existing| {
            // The order is read again in the transaction; gone, or moved to another customer since,
            // it is not the order asked about.
            let Some(existing) =
                existing.filter(|o| o.customer_reference == before.customer_reference)
            else {
                return Err(no_order(reference));
            };
            let changed = Order {
                amount,
                state: change.state.unwrap_or(existing.state),
                ..existing.clone()
            };
            Ok(move |_: &CreditFile| changed)
        })
    }

    /// The check of an order on record as if it were entered now: an open order as it stands, a
    /// closed or invoiced one as if reopened. Nothing is written.
    pub fn check_recorded_order(
        &self,
        reference: &str,
        as_of: NaiveDate,
    ) -> AppResult<CreditCheck> {
        let order = self.recorded_order(reference.trim())?;
        let customer = &order.customer_reference;
        let file = self.credit_file(customer)?;
        let receivables = self
            .book
            .open_receivables(customer, as_of)
            .map_err(store_error)?;
        let others: Vec<Order> = self
            .book
            .orders(customer)
            .map_err(store_error)?
            .into_iter()
            .filter(|o| o.reference != order.reference)
            .collect();
        let rates = self.book.exchange_rates(as_of).map_err(store_error)?;
        let proposed = Order {
            state: OrderState::Open,
            ..order
        };
        credit::check_order(
            &file,
            &receivables,
            &others,
            &proposed,
            &CREDIT_POLICY,
            &rates,
            as_of,
        )
        .map_err(credit_refusal)
    }

    /// The customer's exposure as of `as_of`, in its limit's currency.
    pub fn exposure(&self, customer: &str, as_of: NaiveDate) -> AppResult<Exposure> {
        let file = self.credit_file(customer)?;
        let customer = customer.trim();
        let receivables = self
            .book
            .open_receivables(customer, as_of)
            .map_err(store_error)?;
        let orders = self.book.orders(customer).map_err(store_error)?;
        let rates = self.book.exchange_rates(as_of).map_err(store_error)?;
        credit::exposure(&file, &receivables, &orders, &rates, as_of).map_err(credit_refusal)
    }

    /// The order on record under `reference`.
    pub fn order(&self, reference: &str) -> AppResult<Order> {
        self.recorded_order(reference.trim())
    }

    /// The customer's orders, in date and reference order.
    pub fn orders(&self, customer: &str) -> AppResult<Vec<Order>> {
        self.book.orders(customer.trim()).map_err(store_error)
    }

    /// What needs looking at as of `as_of` in every credit file, customers in reference order;
    /// a customer with nothing to look at is left out.
    pub fn review_queue(&self, as_of: NaiveDate) -> AppResult<Vec<CustomerReview>> {
        let windows = ReviewWindows::default();
        let mut queue = Vec::new();
        for customer in self.book.credit_customers().map_err(store_error)? {
            let file = self.credit_file(&customer)?;
            let items = credit::review_queue(&file, &windows, as_of);
            if !items.is_empty() {
                queue.push(CustomerReview { customer, items });
            }
        }
        Ok(queue)
    }

    fn recorded_order(&self, reference: &str) -> AppResult<Order> {
        self.book
            .order(reference)
            .map_err(store_error)?
            .ok_or_else(|| no_order(reference))
    }

    /// Checks the order `shape` makes of the order on record (if any) and the customer's credit
    /// file, and writes it when approved or overridden; one transaction.
    fn decide<F>(
        &mut self,
        reference: &str,
        customer: &str,
        as_of: NaiveDate,
        override_reason: Option<&str>,
        shape: impl FnOnce(Option<&Order>) -> AppResult<F>,
    ) -> AppResult<OrderOutcome>
    where
        F: FnOnce(&CreditFile) -> Order,
    {
        self.book
            .decide_order(reference, customer, as_of, |context| {
                let Some(file) = &context.file else {
                    return Err(no_profile(customer));
                };
                let proposed = shape(context.existing.as_ref())?(file);
                let check = credit::check_order(
                    file,
                    &context.receivables,
                    &context.orders,
                    &proposed,
                    &CREDIT_POLICY,
                    &context.rates,
                    as_of,
                )
                .map_err(credit_refusal)?;
                let release = match (&check.decision, override_reason) {
                    (Decision::Approve, _) => check.decision.release(),
                    (Decision::Hold(hold), Some(reason)) => Some(
                        hold.clone()
                            .overrule(reason)
                            .map_err(|e| AppError::invalid(e.to_string()))?
                            .into(),
                    ),
                    (Decision::Hold(_), None) => None,
                };
                let overridden = release.as_ref().is_some_and(|r| r.overridden().is_some());
                let outcome = outcome(&proposed, check, release.is_some(), overridden);
                Ok(OrderDecision {
                    save: release.map(|release| (proposed, release)),
                    answer: outcome,
                })
            })
            .map_err(store_error)?
    }
}

fn outcome(order: &Order, check: CreditCheck, saved: bool, overridden: bool) -> OrderOutcome {
    let reference = &order.reference;
    let amount = order.amount;
    let total = check.exposure.total;
    let limit = check.exposure.limit;
    let message = match (saved, overridden) {
        (true, false) => say!(
            en: "Order {reference} of {amount} is approved and saved; the exposure is {total} \
                 against a limit of {limit}.",
            zh: "订单 {reference}（{amount}）已批准并保存；信用敞口为 {total}，信用额度为 {limit}。",
        ),
        (true, true) => say!(
            en: "Order {reference} of {amount} was on hold and is saved on the override given; \
                 the exposure is {total} against a limit of {limit}.",
            zh: "订单 {reference}（{amount}）原被暂扣，已按所填理由解除暂扣并保存；信用敞口为 \
                 {total}，信用额度为 {limit}。",
        ),
        (false, _) => say!(
            en: "Order {reference} is on hold and was not saved; resolve the reasons below, or \
                 give a reason to override the hold.",
            zh: "订单 {reference} 被暂扣，未保存；请解决以下原因，或填写理由解除暂扣。",
        ),
    };
    OrderOutcome {
        reference: reference.clone(),
        check,
        saved,
        overridden,
        message,
    }
}

/// The problems of a credit file, as one refusal.
fn refuse_problems(problems: Vec<CreditError>) -> AppResult<()> {
    if problems.is_empty() {
        return Ok(());
    }
    let sentences: Vec<String> = problems.iter().map(ToString::to_string).collect();
    Err(AppError::invalid(sentences.join(" ")))
}

/// A credit computation that could not be made: a missing or unusable exchange rate.
fn credit_refusal(err: CreditError) -> AppError {
    AppError::invalid(err.to_string())
}

fn positive_amount(amount: Decimal, currency: Currency) -> AppResult<Money> {
    let amount = exact(amount, currency, AMOUNT)?;
    if amount.is_zero() || amount.is_negative() {
        return Err(AppError::invalid(say!(
            en: "The order amount {amount} is not accepted; give an amount above zero.",
            zh: "订单金额 {amount} 不可接受；请填写大于零的金额。",
        )));
    }
    Ok(amount)
}

fn no_profile(customer: &str) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        say!(
            en: "Customer {customer} has no credit profile; set one with a credit limit and the \
                 longest terms allowed first.",
            zh: "客户 {customer} 没有信用档案；请先设定信用额度和允许的最长账期。",
        ),
    )
}

fn no_order(reference: &str) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        say!(
            en: "No order with reference {reference} is in the book; check the reference.",
            zh: "账簿中没有编号为 {reference} 的订单；请核对订单编号。",
        ),
    )
}
