//! Credit decisions as a person makes them: a customer's credit file, the exchange rates amounts
//! are measured with, orders checked against the limit when they are entered and whenever a
//! change could raise the risk, the customer's exposure, and what needs reviewing.
//!
//! An order that the check holds is not written, unless a reason to go ahead anyway is given;
//! then the override is logged with the reasons it overrode. The check and the write are one
//! transaction of the book, so an order is never written on a check of another state of the
//! book. Closing or invoicing an order lowers the risk and is always allowed; reopening it or
//! raising its amount or lengthening its terms is checked like a new order (case B23).
//!
//! The rules the checks, the review queue and limit suggestions follow are the book's credit
//! policy, a setting of the book with a default for every rule. A suggested limit is accepted
//! (the limit is set to it) or rejected by the owner, and either decision is recorded.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_core::credit::{
    self, CheckPolicy, CreditCheck, CreditError, CreditFile, CreditProfile, CreditReport,
    CreditStatus, Decision, ExchangeRate, Exposure, InsurerReport, LimitChange, LimitHistory,
    LimitRules, LimitSuggestion, Order, OrderState, ReviewItem, ReviewWindows, RiskClass, Security,
    TradeCreditInsurance,
};
use creditdesk_core::{say, Currency, Money};
use creditdesk_store::{OrderDecision, RatesSaved, ReportRecorded};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{io_error, store_error, FileStep, OpenBook};

/// The check's policy of a book that has not set its own: an undisputed instalment more than 15
/// days overdue holds new orders. See [`CreditPolicy`] for the book's setting.
pub const CREDIT_POLICY: CheckPolicy = CheckPolicy { grace_days: 15 };

/// The book's credit policy: the grace period of the overdue hold, how far ahead the review
/// queue looks and how old a credit report may be, and the rules limits are suggested by. A
/// book that never saved one has [`CreditPolicy::default`]: 15 days' grace, 30 days ahead,
/// reports up to 365 days old, and the defaults of [`LimitRules`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CreditPolicy {
    pub check: CheckPolicy,
    pub review: ReviewWindows,
    pub limits: LimitRules,
}

impl Default for CreditPolicy {
    fn default() -> Self {
        CreditPolicy {
            check: CREDIT_POLICY,
            review: ReviewWindows::default(),
            limits: LimitRules::default(),
        }
    }
}

/// A decision on a suggested limit, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LimitDecision {
    /// Increases with every decision of the book.
    pub id: i64,
    pub customer: String,
    pub as_of: NaiveDate,
    /// The limit was set to the suggestion; otherwise it was left as it was.
    pub accepted: bool,
    pub suggestion: LimitSuggestion,
    pub note: String,
    /// When it was recorded, UTC.
    pub at: String,
    /// What was decided, in one sentence.
    pub message: String,
}

/// A security on record, with the id it is removed by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SecurityEntry {
    pub id: i64,
    pub security: Security,
}

/// A credit report on record, with the id it is removed by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportEntry {
    pub id: i64,
    pub report: CreditReport,
}

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

/// A change to an order on record: its state, its amount (in its currency), its terms, or any
/// of them together.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OrderChangeInput {
    pub state: Option<OrderState>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub amount: Option<Decimal>,
    /// Payment terms in days after the invoice date; longer terms are checked like a new order.
    #[serde(default)]
    pub terms_days: Option<u32>,
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

        // The whole file as it would be is checked, not only the profile.
        let file = match existing {
            Some(existing) => CreditFile {
                profile,
                ..existing
            },
            None => CreditFile {
                profile,
                security: Vec::new(),
                insurance: None,
                reports: Vec::new(),
            },
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

    /// Adds security the customer has given; refused when the credit file it would leave breaks
    /// an invariant (see [`CreditFile::problems`]).
    pub fn add_security(&mut self, customer: &str, security: &Security) -> AppResult<()> {
        let mut file = self.credit_file(customer)?;
        file.security.push(security.clone());
        refuse_problems(file.problems())?;
        self.book
            .add_security(customer.trim(), security)
            .map_err(store_error)
    }

    /// Adds a credit report bought about the customer; refused when the credit file it would
    /// leave breaks an invariant, such as a second report of one agency on one date.
    pub fn add_credit_report(&mut self, customer: &str, report: &CreditReport) -> AppResult<()> {
        let mut file = self.credit_file(customer)?;
        file.reports.push(report.clone());
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

    /// Records every rate of a rates file (see [`creditdesk_import::read_rates`]): all of them,
    /// or none when any row is bad. The refusal lists every bad row, by line, after a sentence
    /// saying how many there are. Rates the book holds already with the same value are counted
    /// as unchanged, so importing a file twice changes nothing.
    pub fn import_exchange_rates(&mut self, path: &Path) -> AppResult<RatesSaved> {
        let bytes = std::fs::read(path).map_err(|err| io_error(path, FileStep::Read, &err))?;
        let rates = match creditdesk_import::read_rates(&bytes) {
            Ok(rates) => rates,
            Err(problems) => {
                let count = problems.len();
                let mut message = say!(
                    en: "The file has {count} bad row(s); no rate was recorded. Correct them and \
                         import again.",
                    zh: "文件中有 {count} 行有误；未记录任何汇率。请更正后重新导入。",
                );
                for problem in problems {
                    message.push('\n');
                    message.push_str(&problem.to_string());
                }
                return Err(AppError::new(ErrorCode::ImportRejected, message));
            }
        };
        self.book.set_exchange_rates(&rates).map_err(store_error)
    }

    /// Every exchange rate in the book dated on or before `up_to`, by pair and date.
    pub fn exchange_rates(&self, up_to: NaiveDate) -> AppResult<Vec<ExchangeRate>> {
        self.book.exchange_rates(up_to).map_err(store_error)
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

    /// Changes an order's state, amount or terms, checked as of `as_of`: closing, invoicing,
    /// lowering the amount and shortening the terms are always allowed; reopening, raising the
    /// amount and lengthening the terms are checked like a new order, and a held change is
    /// written only when `override_reason` is given.
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
                terms_days: change.terms_days.unwrap_or(existing.terms_days),
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
        let policy = self.credit_policy()?;
        credit::check_order(
            &file,
            &receivables,
            &others,
            &proposed,
            &policy.check,
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
        let windows = self.credit_policy()?.review;
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

    /// The book's credit policy; the default policy when it never saved one.
    pub fn credit_policy(&self) -> AppResult<CreditPolicy> {
        Ok(match self.book.credit_policy().map_err(store_error)? {
            Some((check, review, limits)) => CreditPolicy {
                check,
                review,
                limits,
            },
            None => CreditPolicy::default(),
        })
    }

    /// Saves the book's credit policy; answers whether anything changed. Refused, with every
    /// setting outside what is accepted named, when the limit rules cannot be used (see
    /// [`LimitRules::problems`]). Every check, review queue and suggestion from then on follows
    /// it; orders already written are not checked again.
    pub fn set_credit_policy(&mut self, policy: &CreditPolicy) -> AppResult<bool> {
        refuse_problems(policy.limits.problems())?;
        let stored = (policy.check, policy.review, policy.limits.clone());
        self.book.save_credit_policy(&stored).map_err(store_error)
    }

    /// The limit the book's rules suggest for the customer as of `as_of`, with its grounds.
    ///
    /// The rules read the customer's credit profile (its limit is the current one; a customer
    /// without a profile, or with a limit of zero, is new and gets a first limit), the security
    /// and credit reports on file, every instalment paid in full by `as_of` with its lateness,
    /// and the day of its first invoice or order. `first_order` is the value a first limit is
    /// based on; when absent, the customer's earliest order on record. Nothing is written.
    pub fn suggest_limit(
        &self,
        customer: &str,
        as_of: NaiveDate,
        first_order: Option<Money>,
    ) -> AppResult<LimitSuggestion> {
        let customer = customer.trim();
        let file = self.book.credit_file(customer).map_err(store_error)?;
        let currency = match &file {
            Some(file) => file.profile.limit.currency(),
            None => self.settings()?.currency,
        };
        let first_order = match first_order {
            Some(order) => Some(order),
            None => self.orders(customer)?.first().map(|o| o.amount),
        };
        let since = self
            .book
            .credit_customer_since(customer)
            .map_err(store_error)?
            .unwrap_or(as_of);
        let (current_limit, security, reports) = match file {
            Some(file) => (
                Some(file.profile.limit).filter(|limit| !limit.is_zero()),
                file.security,
                file.reports,
            ),
            None => (None, Vec::new(), Vec::new()),
        };
        let history = LimitHistory {
            currency,
            current_limit,
            customer_since: since,
            first_order,
            security,
            paid: self
                .book
                .paid_instalments(customer, as_of)
                .map_err(store_error)?,
            reports,
        };
        let rules = self.credit_policy()?.limits;
        let rates = self.book.exchange_rates(as_of).map_err(store_error)?;
        credit::suggest_limit(&history, &rules, &rates, as_of).map_err(credit_refusal)
    }

    /// Accepts the limit suggested for the customer as of `as_of` (see
    /// [`OpenBook::suggest_limit`]): the limit is set to it, and the decision is recorded with
    /// the suggestion and `note`, in one transaction. Refused for a customer without a credit
    /// profile: set one first.
    pub fn accept_limit_suggestion(
        &mut self,
        customer: &str,
        as_of: NaiveDate,
        first_order: Option<Money>,
        note: Option<&str>,
    ) -> AppResult<LimitDecision> {
        let customer = customer.trim();
        let file = self.credit_file(customer)?;
        let suggestion = self.suggest_limit(customer, as_of, first_order)?;
        let profile = CreditProfile {
            limit: suggestion.suggested,
            ..file.profile.clone()
        };
        refuse_problems(
            CreditFile {
                profile: profile.clone(),
                ..file
            }
            .problems(),
        )?;
        let note = note.unwrap_or("").trim();
        let id = self
            .book
            .record_limit_decision(customer, as_of, &suggestion, Some(&profile), note)
            .map_err(store_error)?;
        self.recorded_decision(customer, id, as_of, suggestion, note, true)
    }

    /// Rejects the limit suggested for the customer as of `as_of`: the limit stays as it is, and
    /// the decision is recorded with the suggestion and `note`.
    pub fn reject_limit_suggestion(
        &mut self,
        customer: &str,
        as_of: NaiveDate,
        first_order: Option<Money>,
        note: Option<&str>,
    ) -> AppResult<LimitDecision> {
        let customer = customer.trim();
        let suggestion = self.suggest_limit(customer, as_of, first_order)?;
        let note = note.unwrap_or("").trim();
        let id = self
            .book
            .record_limit_decision(customer, as_of, &suggestion, None, note)
            .map_err(store_error)?;
        self.recorded_decision(customer, id, as_of, suggestion, note, false)
    }

    /// The decisions on suggested limits for the customer, oldest first.
    pub fn limit_decisions(&self, customer: &str) -> AppResult<Vec<LimitDecision>> {
        let customer = customer.trim();
        let entries = self.book.limit_decisions(customer).map_err(store_error)?;
        Ok(entries
            .into_iter()
            .map(|entry| {
                let message = decision_sentence(customer, entry.accepted, &entry.suggestion);
                LimitDecision {
                    id: entry.id,
                    customer: entry.customer_reference,
                    as_of: entry.as_of,
                    accepted: entry.accepted,
                    suggestion: entry.suggestion,
                    note: entry.note,
                    at: entry.at,
                    message,
                }
            })
            .collect())
    }

    /// The customer's security, each with the id it is removed by, in the order given.
    pub fn security_entries(&self, customer: &str) -> AppResult<Vec<SecurityEntry>> {
        let customer = customer.trim();
        self.credit_file(customer)?;
        let entries = self.book.security_entries(customer).map_err(store_error)?;
        Ok(entries
            .into_iter()
            .map(|(id, security)| SecurityEntry { id, security })
            .collect())
    }

    /// The customer's credit reports, each with the id it is removed by, oldest first.
    pub fn credit_report_entries(&self, customer: &str) -> AppResult<Vec<ReportEntry>> {
        let customer = customer.trim();
        self.credit_file(customer)?;
        let entries = self
            .book
            .credit_report_entries(customer)
            .map_err(store_error)?;
        Ok(entries
            .into_iter()
            .map(|(id, report)| ReportEntry { id, report })
            .collect())
    }

    /// Records that invoice `report.invoice_number` was reported unpaid to the trade-credit
    /// insurer on `report.reported_on`; from then on it raises no reporting-deadline alert. A
    /// report is made once: a second one for the same invoice is refused with the first's date.
    pub fn report_to_insurer(&mut self, report: &InsurerReport) -> AppResult<()> {
        let number = report.invoice_number.trim();
        let report = InsurerReport {
            invoice_number: number.to_string(),
            reported_on: report.reported_on,
            reference: report.reference.trim().to_string(),
        };
        // Only an unpaid invoice of an insured customer is the insurer's to hear about; a report
        // cannot be taken back, so a mistaken one is refused rather than kept.
        if let Some(invoice) = self.book.invoice(number).map_err(store_error)? {
            if invoice.open.is_zero() || invoice.open.is_negative() {
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} has nothing open, so there is nothing to report to the \
                         insurer.",
                    zh: "发票 {number} 没有未结金额，无需报告给保险人。",
                )));
            }
            let customer = invoice.customer_reference;
            let insured = self
                .book
                .credit_file(&customer)
                .map_err(store_error)?
                .is_some_and(|file| file.insurance.is_some());
            if !insured {
                return Err(AppError::invalid(say!(
                    en: "Customer {customer} of invoice {number} has no trade-credit insurance in \
                         its credit file; set the cover first (credit insurance set), then \
                         report the invoice.",
                    zh: "发票 {number} 的客户 {customer} 的信用档案中没有贸易信用保险；请先设置\
                         保险（credit insurance set），再报告该发票。",
                )));
            }
        }
        match self
            .book
            .record_insurer_report(&report)
            .map_err(store_error)?
        {
            ReportRecorded::Recorded => Ok(()),
            ReportRecorded::NoSuchInvoice => Err(AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "The book has no invoice {number}; check the invoice number.",
                    zh: "账簿中没有发票 {number}；请核对发票号码。",
                ),
            )),
            ReportRecorded::AlreadyReported(earlier) => {
                let (number, date) = (&earlier.invoice_number, earlier.reported_on);
                Err(AppError::invalid(say!(
                    en: "Invoice {number} was reported to the insurer on {date} already; an \
                         invoice is reported once.",
                    zh: "发票 {number} 已于 {date} 报告给保险人；每张发票只需报告一次。",
                )))
            }
        }
    }

    /// The customer's invoices reported to the insurer, by report date.
    pub fn insurer_reports(&self, customer: &str) -> AppResult<Vec<InsurerReport>> {
        self.book
            .insurer_reports(customer.trim())
            .map_err(store_error)
    }

    /// Removes the customer's security with id `entry` (see [`OpenBook::security_entries`]);
    /// answers what was removed. The removal is in the audit trail.
    pub fn remove_security(&mut self, customer: &str, entry: i64) -> AppResult<Security> {
        let customer = customer.trim();
        self.credit_file(customer)?;
        match self
            .book
            .remove_security(customer, entry)
            .map_err(store_error)?
        {
            Some(security) => Ok(security),
            None => Err(AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "Customer {customer} holds no security with id {entry}; list the \
                         customer's security to see the ids.",
                    zh: "客户 {customer} 没有编号为 {entry} 的担保；请列出该客户的担保以查看\
                         编号。",
                ),
            )),
        }
    }

    /// Removes the customer's credit report with id `entry` (see
    /// [`OpenBook::credit_report_entries`]); answers what was removed. The removal is in the
    /// audit trail.
    pub fn remove_credit_report(&mut self, customer: &str, entry: i64) -> AppResult<CreditReport> {
        let customer = customer.trim();
        self.credit_file(customer)?;
        match self
            .book
            .remove_credit_report(customer, entry)
            .map_err(store_error)?
        {
            Some(report) => Ok(report),
            None => Err(AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "Customer {customer} has no credit report with id {entry}; list the \
                         customer's credit reports to see the ids.",
                    zh: "客户 {customer} 没有编号为 {entry} 的信用报告；请列出该客户的信用报告\
                         以查看编号。",
                ),
            )),
        }
    }

    /// The decision just recorded under `id`, read back with the time it was recorded at.
    fn recorded_decision(
        &self,
        customer: &str,
        id: i64,
        as_of: NaiveDate,
        suggestion: LimitSuggestion,
        note: &str,
        accepted: bool,
    ) -> AppResult<LimitDecision> {
        let found = self
            .limit_decisions(customer)?
            .into_iter()
            .rfind(|decision| decision.id == id);
        // Read back in the same thread right after the commit, it is always found; the answer
        // is whole even if it were not, only without the time.
        Ok(found.unwrap_or_else(|| LimitDecision {
            id,
            customer: customer.to_string(),
            as_of,
            accepted,
            message: decision_sentence(customer, accepted, &suggestion),
            suggestion,
            note: note.to_string(),
            at: String::new(),
        }))
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
        let policy = self.credit_policy()?.check;
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
                    &policy,
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

/// What was decided on a suggested limit, in one sentence.
fn decision_sentence(customer: &str, accepted: bool, suggestion: &LimitSuggestion) -> String {
    let suggested = suggestion.suggested;
    let current = suggestion.current.map_or_else(
        || Money::zero(suggested.currency()).to_string(),
        |c| c.to_string(),
    );
    match (accepted, &suggestion.change) {
        (true, LimitChange::Keep) => say!(
            en: "The suggestion to keep the limit of {customer} at {current} is accepted and \
                 recorded.",
            zh: "维持客户 {customer} 额度 {current} 不变的建议已接受并记录。",
        ),
        (true, _) => say!(
            en: "The limit of {customer} is now {suggested}, as suggested; the decision is \
                 recorded.",
            zh: "客户 {customer} 的额度已按建议调整为 {suggested}；该决定已记录。",
        ),
        (false, _) => say!(
            en: "The suggested limit of {suggested} for {customer} is rejected and the limit \
                 stays at {current}; the decision is recorded.",
            zh: "客户 {customer} 的建议额度 {suggested} 已拒绝，额度仍为 {current}；该决定已\
                 记录。",
        ),
    }
}
