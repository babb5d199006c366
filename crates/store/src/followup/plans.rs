//! Payment plans as the book keeps them: created in one transaction with the documents that
//! make aging, exposure and the reports see the plan's instalments instead of the items it took
//! over, and marked broken by an explicit write once the core's rule says so.
//!
//! # The documents of a plan
//!
//! - The invoice `PLAN-<id>`, issued on the start day for the plan's total and interest, whose
//!   instalments are the plan's, each at its own due date.
//! - Per invoice taken into the plan, the credit note `PLAN-<id>/<invoice>` dated the start day,
//!   for what was open on it that day, written through the same settlement writer as any
//!   credit note, so that it settles the invoice's open instalments.
//!
//! The customer's receivable is therefore unchanged by a plan without interest, and grows by
//! the interest otherwise.
//!
//! # Which receipts count toward a plan
//!
//! The payments allocated to the invoice `PLAN-<id>`, each for what it brought to it, dated by
//! the payment's own date. Credit notes, write-offs and discounts are not money received.
//!
//! # A broken plan
//!
//! Breaking a plan is recorded, never inferred by a report: [`Book::break_plan`] asks the core
//! for the plan's standing on a date and, when it says broken, sets the state, the day it broke
//! and the instalment missed, and moves the due date of every instalment of `PLAN-<id>` still
//! open and due after that day to that day, so that aging shows the whole remaining balance
//! overdue from it. Instalments due before it keep their own earlier due dates.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use creditdesk_core::ledger::{
    FrozenTerms, Instalment, InvoiceRecord, SettlementKind, SettlementRecord,
};
use creditdesk_core::plans::{PaymentPlan, PlanError, PlanInstalment, PlanItem, PlanState};
use creditdesk_core::promises::Receipt;
use creditdesk_core::{say, Money};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::forecast::plan_reference;
use super::{customer_id, invoice_row};
use crate::audit;
use crate::book::Book;
use crate::codec::{day_number, money, parse_currency, parse_date, parse_decimal, text, DateText};
use crate::error::Result;
use crate::reports::open_as_of;
use crate::write::{TriggersOff, WriteOutcome, Writer};

/// A plan on record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanEntry {
    /// Increases with every plan of the book.
    pub id: i64,
    /// `PLAN-<id>`: the number of the invoice that holds the schedule.
    pub reference: String,
    pub customer_name: String,
    /// As agreed; the instalments' due dates are those of the schedule, not moved by a break.
    pub plan: PaymentPlan,
    /// Set once a broken plan was recorded.
    pub broken: Option<PlanBreak>,
    /// The credit notes that settled the items, one per invoice, in invoice number order.
    pub credit_notes: Vec<String>,
    /// The receipts toward the plan (see the module documentation), oldest first.
    pub receipts: Vec<Receipt>,
}

/// When and how a plan was recorded broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanBreak {
    /// The day the remaining balance fell due at once.
    pub broken_on: NaiveDate,
    /// The first instalment missed beyond its grace period.
    pub missed_seq: u32,
}

/// One open instalment of an invoice on a day: what a plan may take over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInstalmentOn {
    pub invoice_number: String,
    pub seq: u32,
    pub due_date: NaiveDate,
    pub open: Money,
}

/// Why a plan was not created or not broken; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanRefusal {
    /// The book holds no plan with this id.
    NotFound(i64),
    /// What is open on the invoice on the start day is not what the plan takes over.
    ItemsChanged { invoice_number: String },
    /// Something was applied to the invoice after the start day, so the credit note dated the
    /// start day cannot settle what was open then.
    SettledAfterStart {
        invoice_number: String,
        start_on: NaiveDate,
    },
    /// The book already holds a document of this reference.
    Taken { reference: String },
    /// A document of the plan could not be written; the sentence says why.
    Document(String),
    /// The plan was recorded broken already.
    AlreadyBroken { id: i64, broken_on: NaiveDate },
    /// The plan's standing on the date is not broken.
    NotBroken {
        id: i64,
        state: PlanState,
        as_of: NaiveDate,
    },
    /// The plan rules refuse.
    Rule(PlanError),
}

impl fmt::Display for PlanRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            PlanRefusal::NotFound(id) => say!(
                en: "No payment plan with id {id} is in the book; list the plans to find its id.",
                zh: "账簿中没有编号为 {id} 的还款计划；请列出还款计划以查找其编号。",
            ),
            PlanRefusal::ItemsChanged { invoice_number } => say!(
                en: "What is open on invoice {invoice_number} changed while the plan was being \
                     set up; set the plan up again.",
                zh: "在设立还款计划期间，发票 {invoice_number} 的未结金额发生了变化；请重新设立\
                     该计划。",
            ),
            PlanRefusal::SettledAfterStart {
                invoice_number,
                start_on,
            } => say!(
                en: "Invoice {invoice_number} has a settlement applied after the plan's start on \
                     {start_on}; start the plan on or after the day of its last settlement.",
                zh: "发票 {invoice_number} 在计划开始日 {start_on} 之后有核销记录；请将计划开始日\
                     设为其最后一笔核销当天或之后。",
            ),
            PlanRefusal::Taken { reference } => say!(
                en: "The book already holds a document {reference}, which the plan would write; \
                     check that document before setting up the plan.",
                zh: "账簿中已有单据 {reference}，而设立该计划需要写入同号单据；请先核对该单据\
                     再设立计划。",
            ),
            PlanRefusal::Document(message) => message.clone(),
            PlanRefusal::AlreadyBroken { id, broken_on } => say!(
                en: "Payment plan {id} was recorded broken on {broken_on} already; nothing is \
                     left to record.",
                zh: "还款计划 {id} 已于 {broken_on} 登记为违约；无需再次登记。",
            ),
            PlanRefusal::NotBroken { id, state, as_of } => {
                let state = state.word();
                say!(
                    en: "Payment plan {id} is {state} on {as_of}, not broken; a plan is recorded \
                         broken only once an instalment is missed beyond its grace period.",
                    zh: "还款计划 {id} 于 {as_of} 的状态为{state}，并未违约；只有某期款项超过\
                         宽限期仍未支付时，才能登记计划违约。",
                )
            }
            PlanRefusal::Rule(err) => return fmt::Display::fmt(err, f),
        };
        f.write_str(&sentence)
    }
}

/// The reference of the credit note that settles `invoice` into plan `id`.
fn credit_note_reference(id: i64, invoice: &str) -> String {
    format!("PLAN-{id}/{invoice}")
}

/// The frozen terms text of a plan's invoice.
fn terms_text(parts: usize) -> String {
    if parts == 1 {
        "payment plan 1 part".to_string()
    } else {
        format!("payment plan {parts} parts")
    }
}

impl Book {
    /// The open instalments of invoice `number` on `day` (leading zeros ignored), in seq order;
    /// what a plan starting that day would take over.
    pub fn open_instalments_on(
        &self,
        number: &str,
        day: NaiveDate,
    ) -> Result<Vec<OpenInstalmentOn>> {
        let invoice = invoice_row(self.conn(), number)?;
        open_instalments(self.conn(), invoice.id, &invoice.number, day)
    }

    /// Creates a plan built by [`PaymentPlan::build`], in one transaction: the invoice
    /// `PLAN-<id>`, the credit notes settling its items, the plan's rows and the audit entries
    /// (`record_settlement` per credit note, `create_payment_plan`). The caller has checked
    /// that the items are the customer's overdue instalments; the book checks again that they
    /// are what is open on the start day and that nothing was applied to them after it.
    pub fn create_plan(&mut self, plan: &PaymentPlan) -> Result<Result<PlanEntry, PlanRefusal>> {
        let conn = &*self.conn_mut();
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let customer = customer_id(conn, &plan.customer_reference)?;

        // The items per invoice, as the book holds them: (invoice id, number, seq, due, open).
        let mut by_invoice: BTreeMap<String, Vec<&PlanItem>> = BTreeMap::new();
        for item in &plan.items {
            by_invoice
                .entry(item.invoice_number.clone())
                .or_default()
                .push(item);
        }
        let mut taken: Vec<(i64, String, Vec<OpenInstalmentOn>)> = Vec::new();
        for (number, items) in by_invoice {
            let invoice = invoice_row(conn, &number)?;
            let open = open_instalments(conn, invoice.id, &invoice.number, plan.start_on)?;
            let mut asked: Vec<(NaiveDate, Money)> =
                items.iter().map(|i| (i.due_date, i.open)).collect();
            asked.sort_by_key(|(due, _)| *due);
            let held: Vec<(NaiveDate, Money)> = open.iter().map(|i| (i.due_date, i.open)).collect();
            if asked != held {
                return Ok(Err(PlanRefusal::ItemsChanged {
                    invoice_number: invoice.number,
                }));
            }
            let open_now: i64 = conn.query_row(
                "SELECT coalesce(sum(amount_minor - settled_minor), 0) FROM instalment
                 WHERE invoice_id = ?1",
                [invoice.id],
                |r| r.get(0),
            )?;
            let open_then = open
                .iter()
                .map(|i| i.open.to_minor())
                .sum::<std::result::Result<i64, _>>()?;
            if open_now != open_then {
                return Ok(Err(PlanRefusal::SettledAfterStart {
                    invoice_number: invoice.number,
                    start_on: plan.start_on,
                }));
            }
            taken.push((invoice.id, invoice.number, open));
        }

        let id: i64 = conn.query_row(
            "SELECT coalesce(max(id), 0) + 1 FROM payment_plan",
            [],
            |r| r.get(0),
        )?;
        let reference = plan_reference(id);
        let invoice = InvoiceRecord {
            number: reference.clone(),
            customer_reference: plan.customer_reference.clone(),
            issue_date: plan.start_on,
            total: plan.amount_due(),
            terms: FrozenTerms {
                text: terms_text(plan.instalments.len()),
                instalments: plan
                    .instalments
                    .iter()
                    .map(|i| Instalment {
                        seq: i.seq,
                        due_date: i.due_date,
                        amount: i.amount,
                    })
                    .collect(),
                discount: None,
            },
            disputed: false,
        };
        let mut credit_notes = Vec::new();
        for (_, number, open) in &taken {
            let amount = open
                .iter()
                .try_fold(Money::zero(plan.currency), |sum, i| sum.checked_add(i.open))?;
            credit_notes.push(SettlementRecord {
                reference: credit_note_reference(id, number),
                customer_reference: plan.customer_reference.clone(),
                kind: SettlementKind::CreditNote,
                date: plan.start_on,
                amount,
                invoice_number: Some(number.clone()),
                paid_in: None,
            });
        }
        {
            let triggers = TriggersOff::new(conn)?;
            let mut writer = Writer::keeping_allocation_columns(conn, &triggers, false)?;
            let outcome = writer.invoice(&invoice)?;
            if let Some(refused) = refusal(outcome, &invoice.number) {
                return Ok(Err(refused));
            }
            for record in &credit_notes {
                let outcome = writer.settlement(record)?;
                if let Some(refused) = refusal(outcome, &record.reference) {
                    return Ok(Err(refused));
                }
            }
            writer.write_held()?;
        }

        let invoice_id = invoice_row(conn, &reference)?.id;
        tx.execute(
            "INSERT INTO payment_plan (id, customer_id, currency, invoice_id, start_on,
                 total_minor, down_payment_minor, annual_rate, interest_days, interest_minor,
                 grace_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            (
                id,
                customer,
                plan.currency.code(),
                invoice_id,
                DateText::new(plan.start_on)?,
                plan.total.to_minor()?,
                plan.down_payment.to_minor()?,
                plan.annual_rate_percent.map(|r| r.to_string()),
                plan.interest_days,
                plan.interest.to_minor()?,
                plan.grace_days,
            ),
        )?;
        for instalment in &plan.instalments {
            tx.execute(
                "INSERT INTO plan_instalment (plan_id, seq, due_date, principal_minor,
                     interest_minor, down_payment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                (
                    id,
                    instalment.seq,
                    DateText::new(instalment.due_date)?,
                    instalment.principal.to_minor()?,
                    instalment.interest.to_minor()?,
                    instalment.down_payment,
                ),
            )?;
        }
        for ((invoice_id, _, open), record) in taken.iter().zip(&credit_notes) {
            let credit_note_id: i64 = tx.query_row(
                "SELECT id FROM settlement WHERE kind = 'credit_note' AND reference = ?1",
                [&record.reference],
                |r| r.get(0),
            )?;
            for item in open {
                tx.execute(
                    "INSERT INTO plan_item (plan_id, invoice_id, seq, due_date, open_minor,
                         credit_note_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    (
                        id,
                        invoice_id,
                        item.seq,
                        DateText::new(item.due_date)?,
                        item.open.to_minor()?,
                        credit_note_id,
                    ),
                )?;
            }
            let detail = serde_json::to_value(record).unwrap_or_default();
            audit::append(
                &tx,
                "record_settlement",
                "settlement",
                &record.reference,
                &detail,
            )?;
        }
        let detail = json!({ "id": id, "plan": plan });
        audit::append(
            &tx,
            "create_payment_plan",
            "payment_plan",
            &reference,
            &detail,
        )?;
        let entry = read_plans(conn, Some(id))?.pop();
        tx.commit()?;
        Ok(Ok(entry.expect("the plan was just written")))
    }

    /// Every plan, the earliest started first.
    pub fn plans(&self) -> Result<Vec<PlanEntry>> {
        read_plans(self.conn(), None)
    }

    /// Plan `id`, if the book holds it.
    pub fn plan(&self, id: i64) -> Result<Option<PlanEntry>> {
        Ok(read_plans(self.conn(), Some(id))?.pop())
    }

    /// Records plan `id` broken when its standing on `as_of` ([`PaymentPlan::standing`]) says
    /// so; see the module documentation for what changes. Audited as `break_payment_plan`.
    pub fn break_plan(
        &mut self,
        id: i64,
        as_of: NaiveDate,
    ) -> Result<Result<PlanEntry, PlanRefusal>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let Some(entry) = read_plans(&tx, Some(id))?.pop() else {
            return Ok(Err(PlanRefusal::NotFound(id)));
        };
        if let Some(broken) = entry.broken {
            return Ok(Err(PlanRefusal::AlreadyBroken {
                id,
                broken_on: broken.broken_on,
            }));
        }
        let standing = match entry.plan.standing(&entry.receipts, as_of) {
            Ok(standing) => standing,
            Err(refused) => return Ok(Err(PlanRefusal::Rule(refused))),
        };
        let (Some(broken_on), Some(missed_seq)) = (standing.broken_on, standing.missed_seq) else {
            return Ok(Err(PlanRefusal::NotBroken {
                id,
                state: standing.state,
                as_of,
            }));
        };
        let broken_text = DateText::new(broken_on)?;
        tx.execute(
            "UPDATE payment_plan SET state = 'broken', broken_on = ?2, missed_seq = ?3
             WHERE id = ?1",
            (id, &broken_text, missed_seq),
        )?;
        tx.execute(
            "UPDATE instalment SET due_date = ?2
             WHERE invoice_id = (SELECT invoice_id FROM payment_plan WHERE id = ?1)
               AND settled_minor < amount_minor AND due_date > ?2",
            (id, &broken_text),
        )?;
        let detail = json!({
            "id": id,
            "as_of": as_of,
            "broken_on": broken_on,
            "missed_seq": missed_seq,
            "balance_due": standing.balance_due,
        });
        audit::append(
            &tx,
            "break_payment_plan",
            "payment_plan",
            &entry.reference,
            &detail,
        )?;
        let entry = read_plans(&tx, Some(id))?.pop();
        tx.commit()?;
        Ok(Ok(entry.expect("the plan was just read")))
    }
}

/// What a write of one of the plan's documents means for the plan: nothing when it was
/// written, else why the plan is refused.
fn refusal(outcome: WriteOutcome, reference: &str) -> Option<PlanRefusal> {
    match outcome {
        WriteOutcome::Inserted => None,
        WriteOutcome::Conflict(message) => Some(PlanRefusal::Document(message)),
        _ => Some(PlanRefusal::Taken {
            reference: reference.to_string(),
        }),
    }
}

/// The open instalments of the invoice with id `invoice_id` on `day`, in seq order.
pub(super) fn open_instalments(
    conn: &Connection,
    invoice_id: i64,
    number: &str,
    day: NaiveDate,
) -> Result<Vec<OpenInstalmentOn>> {
    let open = open_as_of("i", "?2");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT i.seq, i.due_date, i.currency, {open} FROM instalment i
         JOIN invoice v ON v.id = i.invoice_id
         WHERE i.customer_id = v.customer_id AND i.currency = v.currency
           AND i.invoice_id = ?1 AND {open} > 0
         ORDER BY i.seq"
    ))?;
    let mut rows = stmt.query((invoice_id, day_number(day)))?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        found.push(OpenInstalmentOn {
            invoice_number: number.to_string(),
            seq: r.get(0)?,
            due_date: parse_date(text(r, 1)?)?,
            open: money(r.get(3)?, text(r, 2)?)?,
        });
    }
    Ok(found)
}

fn read_plans(conn: &Connection, id: Option<i64>) -> Result<Vec<PlanEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, c.reference, c.name, p.currency, p.start_on, p.total_minor,
                p.down_payment_minor, p.annual_rate, p.interest_days, p.interest_minor,
                p.grace_days, p.broken_on, p.missed_seq, p.invoice_id
         FROM payment_plan p JOIN customer c ON c.id = p.customer_id
         WHERE ?1 IS NULL OR p.id = ?1
         ORDER BY p.start_on, p.id",
    )?;
    let mut rows = stmt.query([id])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let code = text(r, 3)?.to_string();
        let currency = parse_currency(&code)?;
        let total = money(r.get(5)?, &code)?;
        let down_payment = money(r.get(6)?, &code)?;
        let broken = match r.get::<_, Option<String>>(11)? {
            Some(day) => Some(PlanBreak {
                broken_on: parse_date(&day)?,
                missed_seq: r.get::<_, Option<u32>>(12)?.unwrap_or(0),
            }),
            None => None,
        };
        let invoice_id: i64 = r.get(13)?;
        found.push((
            id,
            invoice_id,
            r.get::<_, String>(2)?,
            broken,
            PaymentPlan {
                customer_reference: r.get(1)?,
                currency,
                items: Vec::new(),
                start_on: parse_date(text(r, 4)?)?,
                total,
                down_payment,
                financed: total.checked_sub(down_payment)?,
                annual_rate_percent: r
                    .get::<_, Option<String>>(7)?
                    .map(|rate| parse_decimal(&rate))
                    .transpose()?,
                interest_days: r.get(8)?,
                interest: money(r.get(9)?, &code)?,
                grace_days: r.get(10)?,
                instalments: Vec::new(),
            },
        ));
    }
    drop(rows);

    let mut entries = Vec::with_capacity(found.len());
    for (id, invoice_id, customer_name, broken, mut plan) in found {
        let code = plan.currency.code();
        plan.instalments = instalments_of(conn, id, code)?;
        let (items, credit_notes) = items_of(conn, id, code)?;
        plan.items = items;
        entries.push(PlanEntry {
            id,
            reference: plan_reference(id),
            customer_name,
            receipts: receipts_of(conn, invoice_id, code)?,
            plan,
            broken,
            credit_notes,
        });
    }
    Ok(entries)
}

fn instalments_of(conn: &Connection, id: i64, code: &str) -> Result<Vec<PlanInstalment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, due_date, principal_minor, interest_minor, down_payment
         FROM plan_instalment WHERE plan_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([id])?;
    let mut instalments = Vec::new();
    while let Some(r) = rows.next()? {
        let principal = money(r.get(2)?, code)?;
        let interest = money(r.get(3)?, code)?;
        instalments.push(PlanInstalment {
            seq: r.get(0)?,
            due_date: parse_date(text(r, 1)?)?,
            principal,
            interest,
            amount: principal.checked_add(interest)?,
            down_payment: r.get(4)?,
        });
    }
    Ok(instalments)
}

/// The items of plan `id`, the earliest due first, and its credit notes in invoice order.
fn items_of(conn: &Connection, id: i64, code: &str) -> Result<(Vec<PlanItem>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.number, p.due_date, p.open_minor, s.reference
         FROM plan_item p
         JOIN invoice v ON v.id = p.invoice_id
         JOIN settlement s ON s.id = p.credit_note_id
         WHERE p.plan_id = ?1
         ORDER BY p.due_date, v.number, p.seq",
    )?;
    let mut rows = stmt.query([id])?;
    let mut items = Vec::new();
    let mut credit_notes = Vec::new();
    while let Some(r) = rows.next()? {
        items.push(PlanItem {
            invoice_number: r.get(0)?,
            due_date: parse_date(text(r, 1)?)?,
            open: money(r.get(2)?, code)?,
        });
        credit_notes.push(r.get::<_, String>(3)?);
    }
    credit_notes.sort();
    credit_notes.dedup();
    Ok((items, credit_notes))
}

/// The payments allocated to the plan's invoice, by payment, oldest first.
fn receipts_of(conn: &Connection, invoice_id: i64, code: &str) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.date, sum(a.amount_minor)
         FROM allocation a JOIN settlement s ON s.id = a.settlement_id
         WHERE a.invoice_id = ?1 AND s.kind = 'payment'
         GROUP BY s.id
         ORDER BY s.date, s.id",
    )?;
    let mut rows = stmt.query([invoice_id])?;
    let mut receipts = Vec::new();
    while let Some(r) = rows.next()? {
        receipts.push(Receipt {
            date: parse_date(text(r, 0)?)?,
            amount: money(r.get(1)?, code)?,
        });
    }
    Ok(receipts)
}
