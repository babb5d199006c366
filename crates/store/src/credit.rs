//! The customers' credit files, their orders on credit, exchange rates, the log of overridden
//! holds and the decisions on suggested limits, as the credit rules of the core read them.
//!
//! Every write is one transaction that also appends to the audit trail. An order is written only
//! with a [`Release`], the value the credit check gives for an approval or an override of a hold,
//! so the book never holds an order that went ahead without one; an override is logged in
//! `credit_override` in the same transaction. The check and the write of an order happen in one
//! transaction ([`Book::decide_order`]), so what was checked is what is written.

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::credit::{
    CreditFile, CreditProfile, CreditReport, ExchangeRate, HoldReason, LimitSuggestion,
    OpenReceivable, Order, OrderState, PaidInvoice, Release, Security, SecurityKind,
    TradeCreditInsurance,
};
use creditdesk_core::say;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit;
use crate::book::Book;
use crate::codec::{customer_id, label, unlabel};
use crate::codec::{
    date_of_day, day_number, money, parse_currency, parse_date, parse_decimal, text, DateText,
};
use crate::error::{Result, StoreError};
use crate::reports::open_as_of;

/// What the credit check of one order reads, all from one state of the book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderContext {
    /// The order with the reference asked about, whichever customer it belongs to.
    pub existing: Option<Order>,
    /// `None` when the customer has no credit profile.
    pub file: Option<CreditFile>,
    /// The customer's orders as on record, in date and reference order.
    pub orders: Vec<Order>,
    pub receivables: Vec<OpenReceivable>,
    /// Every rate dated on or before the as-of date.
    pub rates: Vec<ExchangeRate>,
}

/// What [`Book::decide_order`] is to do: write `save` (the order as it is to be, with the leave
/// it goes ahead on), or nothing, and answer `answer` either way.
pub struct OrderDecision<T> {
    pub save: Option<(Order, Release)>,
    pub answer: T,
}

/// One entry of the override log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideEntry {
    pub order_reference: String,
    pub held_for: Vec<HoldReason>,
    pub reason: String,
    /// UTC, millisecond precision.
    pub at: String,
}

/// One decision on a suggested limit, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitDecisionEntry {
    /// Increases with every decision of the book.
    pub id: i64,
    pub customer_reference: String,
    /// The date the suggestion was made as of.
    pub as_of: NaiveDate,
    /// Accepted (the limit was set to the suggestion) or rejected (the limit was left).
    pub accepted: bool,
    /// The suggestion as it was decided on, with its grounds and the rates it used.
    pub suggestion: LimitSuggestion,
    pub note: String,
    /// UTC, millisecond precision.
    pub at: String,
}

impl Book {
    /// Saves a customer's credit profile, replacing the one it had. Audited as
    /// `set_credit_profile` with the whole profile.
    pub fn set_credit_profile(&mut self, profile: &CreditProfile) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, &profile.customer_reference)?;
        write_profile(&tx, id, profile)?;
        let detail = serde_json::to_value(profile).unwrap_or_default();
        audit::append(
            &tx,
            "set_credit_profile",
            "customer",
            &profile.customer_reference,
            &detail,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The customer's security with the id each is removed by, in the order it was given.
    pub fn security_entries(&self, customer: &str) -> Result<Vec<(i64, Security)>> {
        let id = customer_id(self.conn(), customer)?;
        read_security(self.conn(), id)
    }

    /// The customer's credit reports with the id each is removed by, oldest first.
    pub fn credit_report_entries(&self, customer: &str) -> Result<Vec<(i64, CreditReport)>> {
        let id = customer_id(self.conn(), customer)?;
        read_reports(self.conn(), id)
    }

    /// Removes the customer's security with this id; `None` (and nothing written) when the
    /// customer has none with it. Audited as `remove_security` with what was removed.
    pub fn remove_security(&mut self, customer: &str, entry: i64) -> Result<Option<Security>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        let found = read_security(&tx, id)?
            .into_iter()
            .find(|(e, _)| *e == entry);
        let Some((_, security)) = found else {
            return Ok(None);
        };
        tx.execute(
            "DELETE FROM credit_security WHERE id = ?1 AND customer_id = ?2",
            (entry, id),
        )?;
        let detail = json!({ "id": entry, "security": security });
        audit::append(&tx, "remove_security", "customer", customer, &detail)?;
        tx.commit()?;
        Ok(Some(security))
    }

    /// Removes the customer's credit report with this id; `None` (and nothing written) when the
    /// customer has none with it. Audited as `remove_credit_report` with what was removed. The
    /// files attached to it are removed with it.
    pub fn remove_credit_report(
        &mut self,
        customer: &str,
        entry: i64,
    ) -> Result<Option<CreditReport>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        let found = read_reports(&tx, id)?
            .into_iter()
            .find(|(e, _)| *e == entry);
        let Some((_, report)) = found else {
            return Ok(None);
        };
        // The report's attachments go with it (ON DELETE CASCADE); the trail says how many.
        let attachments: i64 = tx.query_row(
            "SELECT count(*) FROM attachment WHERE credit_report_id = ?1",
            [entry],
            |r| r.get(0),
        )?;
        tx.execute(
            "DELETE FROM credit_report WHERE id = ?1 AND customer_id = ?2",
            (entry, id),
        )?;
        let detail = json!({ "id": entry, "report": report, "attachments": attachments });
        audit::append(&tx, "remove_credit_report", "customer", customer, &detail)?;
        tx.commit()?;
        Ok(Some(report))
    }

    /// The customer's instalments paid in full as of `as_of`, one [`PaidInvoice`] each (an
    /// invoice of one instalment is one entry), paid on the day the last of it was applied;
    /// oldest payment first. An instalment with a write-off among its settlements was not paid
    /// and is left out.
    pub fn paid_instalments(&self, customer: &str, as_of: NaiveDate) -> Result<Vec<PaidInvoice>> {
        let id = customer_id(self.conn(), customer)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT v.number, i.due_date, i.last_applied_day, i.amount_minor, i.currency
             FROM instalment i JOIN invoice v ON v.id = i.invoice_id
             WHERE i.customer_id = ?1 AND i.amount_minor > 0
               AND i.settled_minor = i.amount_minor AND i.last_applied_day <= ?2
               AND NOT EXISTS (
                   SELECT 1 FROM allocation a JOIN settlement s ON s.id = a.settlement_id
                   WHERE a.invoice_id = i.invoice_id AND a.seq = i.seq AND s.kind = 'write_off')
             ORDER BY i.last_applied_day, v.number, i.seq",
        )?;
        let mut rows = stmt.query((id, day_number(as_of)))?;
        let mut paid = Vec::new();
        while let Some(r) = rows.next()? {
            let day: i64 = r.get(2)?;
            let paid_on = date_of_day(day).ok_or_else(|| {
                StoreError::Unreadable(say!(
                    en: "payment day {day}",
                    zh: "付款日 {day}",
                ))
            })?;
            paid.push(PaidInvoice {
                number: r.get(0)?,
                due_date: parse_date(text(r, 1)?)?,
                paid_on,
                amount: money(r.get(3)?, text(r, 4)?)?,
            });
        }
        Ok(paid)
    }

    /// The day the customer first bought on credit: its earliest invoice or order, whichever
    /// came first; `None` when it has neither.
    pub fn credit_customer_since(&self, customer: &str) -> Result<Option<NaiveDate>> {
        let id = customer_id(self.conn(), customer)?;
        let first: Option<String> = self.conn().query_row(
            "SELECT min(d) FROM (
                 SELECT min(issue_date) AS d FROM invoice WHERE customer_id = ?1
                 UNION ALL SELECT min(date) FROM sales_order WHERE customer_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        first.as_deref().map(parse_date).transpose()
    }

    /// Records the owner's decision on a limit suggested for `customer` as of `as_of`; with an
    /// acceptance, `accepted` is the profile with the suggested limit, written in the same
    /// transaction. Audited as `accept_limit_suggestion` or `reject_limit_suggestion` with the
    /// limits before and after and the note. Answers the decision's id.
    pub fn record_limit_decision(
        &mut self,
        customer: &str,
        as_of: NaiveDate,
        suggestion: &LimitSuggestion,
        accepted: Option<&CreditProfile>,
        note: &str,
    ) -> Result<i64> {
        let day = DateText::new(as_of)?;
        let current_minor = suggestion.current.map(|m| m.to_minor()).transpose()?;
        let suggested_minor = suggestion.suggested.to_minor()?;
        let stored = serde_json::to_string(suggestion).unwrap_or_default();
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        if let Some(profile) = accepted {
            write_profile(&tx, id, profile)?;
        }
        let (outcome, action) = match accepted {
            Some(_) => ("accepted", "accept_limit_suggestion"),
            None => ("rejected", "reject_limit_suggestion"),
        };
        tx.execute(
            "INSERT INTO credit_limit_decision (customer_id, as_of, outcome, current_minor,
                 suggested_minor, currency, suggestion, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                id,
                day,
                outcome,
                current_minor,
                suggested_minor,
                suggestion.suggested.currency().code(),
                stored,
                note,
            ],
        )?;
        let decision = tx.last_insert_rowid();
        let detail = json!({
            "decision": decision,
            "as_of": as_of,
            "current": suggestion.current,
            "suggested": suggestion.suggested,
            "change": suggestion.change,
            "note": note,
        });
        audit::append(&tx, action, "customer", customer, &detail)?;
        tx.commit()?;
        Ok(decision)
    }

    /// The decisions on suggested limits for the customer, oldest first.
    pub fn limit_decisions(&self, customer: &str) -> Result<Vec<LimitDecisionEntry>> {
        let id = customer_id(self.conn(), customer)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, as_of, outcome, suggestion, note, at FROM credit_limit_decision
             WHERE customer_id = ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query([id])?;
        let mut entries = Vec::new();
        while let Some(r) = rows.next()? {
            let suggestion = text(r, 3)?;
            entries.push(LimitDecisionEntry {
                id: r.get(0)?,
                customer_reference: customer.to_string(),
                as_of: parse_date(text(r, 1)?)?,
                accepted: text(r, 2)? == "accepted",
                suggestion: serde_json::from_str(suggestion).map_err(|_| {
                    StoreError::Unreadable(say!(
                        en: "limit suggestion \"{suggestion}\"",
                        zh: "额度建议“{suggestion}”",
                    ))
                })?,
                note: r.get(4)?,
                at: r.get(5)?,
            });
        }
        Ok(entries)
    }

    /// Adds security a customer has given. Audited as `add_security`.
    pub fn add_security(&mut self, customer: &str, security: &Security) -> Result<()> {
        let amount_minor = security.amount.to_minor()?;
        let expires_on = security.expires_on().map(DateText::new).transpose()?;
        let kind = match security.kind {
            SecurityKind::Deposit => "deposit",
            SecurityKind::BankGuarantee { .. } => "bank_guarantee",
            SecurityKind::LetterOfCredit { .. } => "letter_of_credit",
        };
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        tx.execute(
            "INSERT INTO credit_security (customer_id, kind, amount_minor, currency, issuer,
                 expires_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                id,
                kind,
                amount_minor,
                security.amount.currency().code(),
                security.issuer,
                expires_on,
            ],
        )?;
        let detail = serde_json::to_value(security).unwrap_or_default();
        audit::append(&tx, "add_security", "customer", customer, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Adds a credit report bought about a customer. Audited as `add_credit_report`.
    pub fn add_credit_report(&mut self, customer: &str, report: &CreditReport) -> Result<()> {
        let recommended = match report.recommended_limit {
            Some(limit) => Some((limit.to_minor()?, limit.currency().code().to_string())),
            None => None,
        };
        let date = DateText::new(report.date)?;
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        tx.execute(
            "INSERT INTO credit_report (customer_id, agency, date, rating, recommended_minor,
                 recommended_currency, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                id,
                report.agency,
                date,
                report.rating,
                recommended.as_ref().map(|r| r.0),
                recommended.as_ref().map(|r| r.1.as_str()),
                report.note,
            ],
        )?;
        let detail = serde_json::to_value(report).unwrap_or_default();
        audit::append(&tx, "add_credit_report", "customer", customer, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves a customer's trade-credit insurance, replacing the cover it had. Audited as
    /// `set_insurance`.
    pub fn set_insurance(&mut self, customer: &str, cover: &TradeCreditInsurance) -> Result<()> {
        let insured_minor = cover.insured_limit.to_minor()?;
        let (from, to) = (
            DateText::new(cover.valid_from)?,
            DateText::new(cover.valid_to)?,
        );
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        tx.execute(
            "INSERT OR REPLACE INTO credit_insurance (customer_id, insurer, policy_number,
                 buyer_reference, insured_minor, currency, valid_from, valid_to,
                 max_credit_period_days, reporting_deadline_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                id,
                cover.insurer,
                cover.policy_number,
                cover.buyer_reference,
                insured_minor,
                cover.insured_limit.currency().code(),
                from,
                to,
                cover.max_credit_period_days,
                cover.reporting_deadline_days,
            ],
        )?;
        let detail = serde_json::to_value(cover).unwrap_or_default();
        audit::append(&tx, "set_insurance", "customer", customer, &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves an exchange rate; a rate of the same pair and date is replaced, and the trail keeps
    /// the rate it replaced. Audited as `set_exchange_rate`, the pair as reference (`USD/EUR`).
    pub fn set_exchange_rate(&mut self, rate: &ExchangeRate) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        put_rate(&tx, rate, true)?;
        tx.commit()?;
        Ok(())
    }

    /// Saves many exchange rates in one transaction: all of them or, on an error, none. A rate
    /// the book already holds with the same value is left alone and not audited, so that saving
    /// the same rates again changes nothing; others are saved as
    /// [`set_exchange_rate`](Self::set_exchange_rate) saves one.
    pub fn set_exchange_rates(&mut self, rates: &[ExchangeRate]) -> Result<RatesSaved> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let mut saved = RatesSaved::default();
        for rate in rates {
            match put_rate(&tx, rate, false)? {
                RateWrite::Added => saved.added += 1,
                RateWrite::Replaced => saved.replaced += 1,
                RateWrite::Unchanged => saved.unchanged += 1,
            }
        }
        tx.commit()?;
        Ok(saved)
    }

    /// The customer's credit file; `None` when it has no credit profile.
    pub fn credit_file(&self, customer: &str) -> Result<Option<CreditFile>> {
        let id = customer_id(self.conn(), customer)?;
        read_file(self.conn(), id, customer)
    }

    /// The references of every customer with a credit profile, in order.
    pub fn credit_customers(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.reference FROM credit_profile p JOIN customer c ON c.id = p.customer_id
             ORDER BY c.reference",
        )?;
        let references = stmt.query_map([], |r| r.get(0))?;
        Ok(references.collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// The customer's orders, in date and reference order.
    pub fn orders(&self, customer: &str) -> Result<Vec<Order>> {
        let id = customer_id(self.conn(), customer)?;
        read_orders(self.conn(), id)
    }

    /// The order with this reference, whichever customer's it is.
    pub fn order(&self, reference: &str) -> Result<Option<Order>> {
        read_order(self.conn(), reference)
    }

    /// Every exchange rate dated on or before `up_to`, by pair and date.
    pub fn exchange_rates(&self, up_to: NaiveDate) -> Result<Vec<ExchangeRate>> {
        read_rates(self.conn(), up_to)
    }

    /// The customer's instalments with something open as of `as_of`, one per instalment (an
    /// invoice in instalments gives one entry for each instalment still open, each with its own
    /// due date), as the aging computes open amounts: the instalment less the allocations
    /// applied on or before that date. In due date order.
    pub fn open_receivables(
        &self,
        customer: &str,
        as_of: NaiveDate,
    ) -> Result<Vec<OpenReceivable>> {
        let id = customer_id(self.conn(), customer)?;
        read_receivables(self.conn(), id, as_of)
    }

    /// The overrides logged for the order with this reference, oldest first.
    pub fn overrides(&self, order_reference: &str) -> Result<Vec<OverrideEntry>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.reference, x.held_for, x.reason, x.at
             FROM credit_override x JOIN sales_order o ON o.id = x.order_id
             WHERE o.reference = ?1 ORDER BY x.id",
        )?;
        let mut rows = stmt.query([order_reference])?;
        let mut entries = Vec::new();
        while let Some(r) = rows.next()? {
            let held_for = text(r, 1)?;
            entries.push(OverrideEntry {
                order_reference: r.get(0)?,
                held_for: serde_json::from_str(held_for).map_err(|_| {
                    StoreError::Unreadable(say!(
                        en: "hold reasons \"{held_for}\"",
                        zh: "暂扣原因“{held_for}”",
                    ))
                })?,
                reason: r.get(2)?,
                at: r.get(3)?,
            });
        }
        Ok(entries)
    }

    /// Reads what the check of order `reference` of `customer` needs as of `as_of`, lets
    /// `decide` check it, and writes the order it decides on, all in one transaction: nothing
    /// another writer does in between can slip past the check. A new order is inserted, an
    /// existing one updated in place; an override the release rests on is logged. Audited as
    /// `enter_order` or `change_order`, with the override if there is one.
    ///
    /// `decide` answers `Err` to refuse; then nothing is written and its error comes back as the
    /// inner result.
    pub fn decide_order<T, E>(
        &mut self,
        reference: &str,
        customer: &str,
        as_of: NaiveDate,
        decide: impl FnOnce(&OrderContext) -> Result<OrderDecision<T>, E>,
    ) -> Result<Result<T, E>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = customer_id(&tx, customer)?;
        let context = OrderContext {
            existing: read_order(&tx, reference)?,
            file: read_file(&tx, id, customer)?,
            orders: read_orders(&tx, id)?,
            receivables: read_receivables(&tx, id, as_of)?,
            rates: read_rates(&tx, as_of)?,
        };
        let decision = match decide(&context) {
            Ok(decision) => decision,
            Err(refused) => return Ok(Err(refused)),
        };
        let Some((order, release)) = decision.save else {
            return Ok(Ok(decision.answer));
        };

        let order_id = write_order(&tx, id, &order, context.existing.is_some())?;
        if let Some(overridden) = release.overridden() {
            let held_for = serde_json::to_string(&overridden.held_for).unwrap_or_default();
            tx.execute(
                "INSERT INTO credit_override (order_id, held_for, reason) VALUES (?1, ?2, ?3)",
                (order_id, held_for, overridden.reason.as_str()),
            )?;
        }
        let action = match context.existing {
            None => "enter_order",
            Some(_) => "change_order",
        };
        let detail = json!({
            "order": order,
            "before": context.existing,
            "override": release.overridden(),
        });
        audit::append(&tx, action, "order", &order.reference, &detail)?;
        tx.commit()?;
        Ok(Ok(decision.answer))
    }
}

/// Writes `profile` as the customer's credit profile, replacing the one it had.
fn write_profile(tx: &Connection, id: i64, profile: &CreditProfile) -> Result<()> {
    let limit_minor = profile.limit.to_minor()?;
    let review = DateText::new(profile.review_date)?;
    tx.execute(
        "INSERT INTO credit_profile (customer_id, limit_minor, currency, default_terms_days,
             max_terms_days, risk_class, status, review_date, review_interval_months,
             security_required)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (customer_id) DO UPDATE SET limit_minor = excluded.limit_minor,
             currency = excluded.currency, default_terms_days = excluded.default_terms_days,
             max_terms_days = excluded.max_terms_days, risk_class = excluded.risk_class,
             status = excluded.status, review_date = excluded.review_date,
             review_interval_months = excluded.review_interval_months,
             security_required = excluded.security_required",
        rusqlite::params![
            id,
            limit_minor,
            profile.limit.currency().code(),
            profile.default_terms_days,
            profile.max_terms_days,
            label(&profile.risk_class),
            label(&profile.status),
            review,
            profile.review_interval_months,
            profile.security_required,
        ],
    )?;
    Ok(())
}

fn write_order(tx: &Connection, customer_id: i64, order: &Order, exists: bool) -> Result<i64> {
    let amount_minor = order.amount.to_minor()?;
    let date = DateText::new(order.date)?;
    let currency = order.amount.currency().code().to_string();
    let state = label(&order.state);
    if exists {
        tx.execute(
            "UPDATE sales_order SET amount_minor = ?2, currency = ?3, terms_days = ?4, date = ?5,
                 state = ?6
             WHERE reference = ?1",
            rusqlite::params![
                order.reference,
                amount_minor,
                currency,
                order.terms_days,
                date,
                state
            ],
        )?;
    } else {
        tx.execute(
            "INSERT INTO sales_order (reference, customer_id, amount_minor, currency, terms_days,
                 date, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                order.reference,
                customer_id,
                amount_minor,
                currency,
                order.terms_days,
                date,
                state
            ],
        )?;
    }
    Ok(tx.query_row(
        "SELECT id FROM sales_order WHERE reference = ?1",
        [&order.reference],
        |r| r.get(0),
    )?)
}

fn read_file(conn: &Connection, id: i64, customer: &str) -> Result<Option<CreditFile>> {
    let mut stmt = conn.prepare_cached(
        "SELECT limit_minor, currency, default_terms_days, max_terms_days, risk_class, status,
                review_date, review_interval_months, security_required
         FROM credit_profile WHERE customer_id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    let profile = CreditProfile {
        customer_reference: customer.to_string(),
        limit: money(r.get(0)?, text(r, 1)?)?,
        default_terms_days: r.get(2)?,
        max_terms_days: r.get(3)?,
        risk_class: unlabel("risk class", text(r, 4)?)?,
        status: unlabel("credit status", text(r, 5)?)?,
        review_date: parse_date(text(r, 6)?)?,
        review_interval_months: r.get(7)?,
        security_required: r.get(8)?,
    };
    drop(rows);
    Ok(Some(CreditFile {
        profile,
        security: read_security(conn, id)?
            .into_iter()
            .map(|(_, s)| s)
            .collect(),
        insurance: read_insurance(conn, id)?,
        reports: read_reports(conn, id)?
            .into_iter()
            .map(|(_, r)| r)
            .collect(),
    }))
}

fn read_security(conn: &Connection, id: i64) -> Result<Vec<(i64, Security)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, amount_minor, currency, issuer, expires_on, id FROM credit_security
         WHERE customer_id = ?1 ORDER BY id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut security = Vec::new();
    while let Some(r) = rows.next()? {
        let expires_on = r.get::<_, Option<String>>(4)?.as_deref().map(parse_date);
        let kind = match (text(r, 0)?, expires_on.transpose()?) {
            ("deposit", _) => SecurityKind::Deposit,
            ("bank_guarantee", Some(expires_on)) => SecurityKind::BankGuarantee { expires_on },
            ("letter_of_credit", Some(expires_on)) => SecurityKind::LetterOfCredit { expires_on },
            (other, _) => return unlabel("security kind", other),
        };
        let entry = Security {
            kind,
            amount: money(r.get(1)?, text(r, 2)?)?,
            issuer: r.get(3)?,
        };
        security.push((r.get(5)?, entry));
    }
    Ok(security)
}

fn read_insurance(conn: &Connection, id: i64) -> Result<Option<TradeCreditInsurance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT insurer, policy_number, buyer_reference, insured_minor, currency, valid_from,
                valid_to, max_credit_period_days, reporting_deadline_days
         FROM credit_insurance WHERE customer_id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(TradeCreditInsurance {
        insurer: r.get(0)?,
        policy_number: r.get(1)?,
        buyer_reference: r.get(2)?,
        insured_limit: money(r.get(3)?, text(r, 4)?)?,
        valid_from: parse_date(text(r, 5)?)?,
        valid_to: parse_date(text(r, 6)?)?,
        max_credit_period_days: r.get(7)?,
        reporting_deadline_days: r.get(8)?,
    }))
}

fn read_reports(conn: &Connection, id: i64) -> Result<Vec<(i64, CreditReport)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT agency, date, rating, recommended_minor, recommended_currency, note, id
         FROM credit_report WHERE customer_id = ?1 ORDER BY date, id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut reports = Vec::new();
    while let Some(r) = rows.next()? {
        let recommended_limit = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<String>>(4)?)
        {
            (Some(minor), Some(code)) => Some(money(minor, &code)?),
            _ => None,
        };
        let report = CreditReport {
            agency: r.get(0)?,
            date: parse_date(text(r, 1)?)?,
            rating: r.get(2)?,
            recommended_limit,
            note: r.get(5)?,
        };
        reports.push((r.get(6)?, report));
    }
    Ok(reports)
}

const ORDER_COLUMNS: &str = "o.reference, c.reference, o.amount_minor, o.currency, o.terms_days,
    o.date, o.state FROM sales_order o JOIN customer c ON c.id = o.customer_id";

fn order_of(r: &rusqlite::Row<'_>) -> Result<Order> {
    Ok(Order {
        reference: r.get(0)?,
        customer_reference: r.get(1)?,
        amount: money(r.get(2)?, text(r, 3)?)?,
        terms_days: r.get(4)?,
        date: parse_date(text(r, 5)?)?,
        state: unlabel::<OrderState>("order state", text(r, 6)?)?,
    })
}

fn read_orders(conn: &Connection, id: i64) -> Result<Vec<Order>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ORDER_COLUMNS} WHERE o.customer_id = ?1 ORDER BY o.date, o.reference"
    ))?;
    let mut rows = stmt.query([id])?;
    let mut orders = Vec::new();
    while let Some(r) = rows.next()? {
        orders.push(order_of(r)?);
    }
    Ok(orders)
}

fn read_order(conn: &Connection, reference: &str) -> Result<Option<Order>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {ORDER_COLUMNS} WHERE o.reference = ?1"))?;
    let mut rows = stmt.query([reference])?;
    match rows.next()? {
        Some(r) => Ok(Some(order_of(r)?)),
        None => Ok(None),
    }
}

/// What saving a batch of rates did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatesSaved {
    pub added: usize,
    pub replaced: usize,
    /// Rates the book held already with the same value.
    pub unchanged: usize,
}

enum RateWrite {
    Added,
    Replaced,
    Unchanged,
}

/// Saves one rate inside `tx`. With `always`, a rate equal to the stored one is written and
/// audited anyway (the user entered it on purpose); without, it is left alone.
fn put_rate(tx: &Transaction, rate: &ExchangeRate, always: bool) -> Result<RateWrite> {
    let date = DateText::new(rate.date)?;
    let (from, to) = (rate.from.code(), rate.to.code());
    let replaced: Option<String> = tx
        .query_row(
            "SELECT rate FROM exchange_rate
             WHERE from_currency = ?1 AND to_currency = ?2 AND date = ?3",
            (from, to, date),
            |r| r.get(0),
        )
        .optional()?;
    let same = match &replaced {
        Some(stored) => parse_decimal(stored)? == rate.rate,
        None => false,
    };
    if same && !always {
        return Ok(RateWrite::Unchanged);
    }
    tx.execute(
        "INSERT OR REPLACE INTO exchange_rate (from_currency, to_currency, date, rate)
         VALUES (?1, ?2, ?3, ?4)",
        (from, to, date, rate.rate.to_string()),
    )?;
    let detail = json!({
        "date": rate.date, "rate": rate.rate.to_string(), "replaced": replaced,
    });
    audit::append(
        tx,
        "set_exchange_rate",
        "exchange_rate",
        &format!("{from}/{to}"),
        &detail,
    )?;
    Ok(match replaced {
        None => RateWrite::Added,
        Some(_) if same => RateWrite::Unchanged,
        Some(_) => RateWrite::Replaced,
    })
}

fn read_rates(conn: &Connection, up_to: NaiveDate) -> Result<Vec<ExchangeRate>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_currency, to_currency, date, rate FROM exchange_rate WHERE date <= ?1
         ORDER BY from_currency, to_currency, date",
    )?;
    let mut rows = stmt.query([crate::codec::date_bound(up_to)])?;
    let mut rates = Vec::new();
    while let Some(r) = rows.next()? {
        rates.push(ExchangeRate {
            from: parse_currency(text(r, 0)?)?,
            to: parse_currency(text(r, 1)?)?,
            date: parse_date(text(r, 2)?)?,
            rate: parse_decimal(text(r, 3)?)?,
        });
    }
    Ok(rates)
}

/// The customer's open receivables on `as_of`, one per open instalment.
///
/// An invoice marked disputed with recorded disputes open is disputed only for what those
/// disputes contest: the contested amount sits on its instalments due last (as the forecast's
/// `split_disputed` puts it), and each instalment's rest is an undisputed receivable of its
/// own, so that the overdue hold counts an overdue undisputed rest. An invoice marked disputed
/// with no recorded dispute open (by hand or by an import) is disputed whole.
fn read_receivables(conn: &Connection, id: i64, as_of: NaiveDate) -> Result<Vec<OpenReceivable>> {
    // The same candidates and open amount as the customer's open items on its timeline: only
    // instalments with something open now, or settled after the day, can be open on the day.
    // One row per instalment, so that each is judged overdue by its own due date.
    // The contested amount is that of the disputes open now, as the invoice's mark is.
    let open = open_as_of("i", "?2");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT v.number, i.due_date, {open}, i.currency, v.disputed,
                (SELECT sum(d.amount_minor) FROM dispute d
                 WHERE d.invoice_id = v.id AND d.outcome IS NULL)
         FROM instalment i JOIN invoice v ON v.id = i.invoice_id
         WHERE i.customer_id = ?1 AND i.issue_day <= ?2
           AND (i.settled_minor < i.amount_minor OR i.last_applied_day > ?2)
           AND {open} > 0
         ORDER BY i.due_day, v.issue_date, v.number, i.seq"
    ))?;
    let mut rows = stmt.query((id, day_number(as_of)))?;
    // (number, due date, open minor, currency, contested minor of this row)
    let mut found: Vec<(String, NaiveDate, i64, String, i64)> = Vec::new();
    // Per invoice number, what its open disputes contest and is not yet placed on a row.
    let mut contested: HashMap<String, Option<i64>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let number: String = r.get(0)?;
        let open: i64 = r.get(2)?;
        let marked: bool = r.get(4)?;
        let recorded: Option<i64> = r.get(5)?;
        if marked {
            // `None`: marked without a recorded dispute open, so disputed whole.
            contested.entry(number.clone()).or_insert(recorded);
        }
        found.push((
            number,
            parse_date(text(r, 1)?)?,
            open,
            text(r, 3)?.to_string(),
            0,
        ));
    }
    // The contested amount goes on the rows due last first, each up to what it has open.
    for row in found.iter_mut().rev() {
        match contested.get_mut(&row.0) {
            None => {}
            Some(None) => row.4 = row.2,
            Some(Some(left)) => {
                row.4 = row.2.min(*left);
                *left -= row.4;
            }
        }
    }

    let mut receivables = Vec::new();
    for (number, due_date, open, currency, disputed) in found {
        for (minor, is_disputed) in [(open - disputed, false), (disputed, true)] {
            if minor > 0 {
                receivables.push(OpenReceivable {
                    invoice_number: number.clone(),
                    due_date,
                    open: money(minor, &currency)?,
                    disputed: is_disputed,
                });
            }
        }
    }
    Ok(receivables)
}
