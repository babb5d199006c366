//! One customer in full: profile, balances, open invoices, and a timeline of everything that
//! happened to it, read from the ledger tables and the audit trail.
//!
//! The ledger gives the documents with their own dates (invoices by issue date, settlements by
//! their date, allocations by the day they were applied); the audit trail gives what a person
//! did, dated by the day it was done (disputes marked and cleared, a profile saved by hand); the
//! follow-up tables give disputes opened and resolved, promises made, insurance claims filed
//! and decided, and payment plans set up and broken, each on its own date; the
//! import batches give the imports that wrote a record of the customer. An allocation that only
//! repeats its settlement (applied on the settlement's date to the invoice the settlement
//! names) is not an event of its own: the settlement's event names the invoice.

use chrono::NaiveDate;
use creditdesk_core::{say, Money};
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::codec::customer_id;
use crate::codec::{day_number, money, parse_date, text};
use crate::error::{Result, StoreError};
use crate::listing::{CustomerSummary, InvoiceSummary};
use crate::pages::{customer_summaries, invoice_summaries};
use crate::reports::open_as_of;

/// The newest events a customer's timeline shows.
pub const TIMELINE_LIMIT: u32 = 1000;

/// The open invoices a customer's page shows; the invoice list shows all of them.
pub const OPEN_ITEMS_LIMIT: u32 = 500;

/// A customer with everything recorded for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerDetail {
    /// The profile, with balances per currency as of the date asked for.
    pub customer: CustomerSummary,
    /// Invoices issued by that date with something open then, the earliest due first; at most
    /// [`OPEN_ITEMS_LIMIT`].
    pub open_items: Vec<InvoiceSummary>,
    /// How many invoices have something open.
    pub open_items_total: u64,
    /// The newest events first; at most [`TIMELINE_LIMIT`].
    pub timeline: Vec<TimelineEvent>,
    /// How many events the whole timeline holds.
    pub timeline_total: u64,
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    /// An invoice was issued; `reference` is its number, `amount` its total.
    Invoice,
    /// A payment, credit note, write-off or early-payment discount; `reference` is its own,
    /// `detail` the invoice it names.
    Payment,
    CreditNote,
    WriteOff,
    Discount,
    /// Part of a settlement (`reference`) was applied to an invoice (`detail`).
    Allocation,
    /// A dispute was opened or cleared on the invoice `reference`. A dispute on record is
    /// opened on its own date with its amount, `detail` the reason.
    DisputeOpened,
    DisputeCleared,
    /// A dispute on record was resolved; `amount` is what was credited, `detail` the outcome.
    DisputeResolved,
    /// A promise to pay was made; `reference` is its invoices, `amount` the amount promised,
    /// `detail` the promised date.
    PromiseMade,
    /// A claim was filed with the insurer; `reference` is its invoices, `amount` the amount
    /// claimed.
    ClaimFiled,
    /// The insurer decided a claim; `amount` is what it paid, `detail` the decision.
    ClaimDecided,
    /// A payment plan was set up; `reference` is `PLAN-<id>`, `amount` what it is for, interest
    /// included, `detail` the invoices it took over.
    PlanCreated,
    /// A payment plan was recorded broken on its own date; `detail` the instalment missed.
    PlanBroken,
    /// A dunning communication was sent; `reference` is its own (`D-2026-000123`), `amount`
    /// its total, `detail` the channel it went by (`email_reminder`, `printed_letter`,
    /// `phone_task`, `handover`).
    CommunicationSent,
    /// A dunning phone call was made; `reference` is the communication's, `detail` the outcome
    /// (`reached`, `promised`, `disputed`, `no_answer`).
    PhoneCallDone,
    /// Money toward the charges of a dunning (fees, interest) was received or the charges were
    /// waived; `reference` is the invoice, `detail` `paid` or `waived`.
    ChargesSettled,
    /// The customer's profile was saved by hand.
    ProfileSaved,
    /// An import wrote a record of the customer; `reference` is the file, `detail` the
    /// profile.
    Import,
}

/// One event of a customer's timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEvent {
    /// The document's date, or the day (UTC) a person did it.
    pub date: NaiveDate,
    pub kind: TimelineKind,
    pub reference: String,
    pub amount: Option<Money>,
    pub detail: Option<String>,
}

impl TimelineKind {
    fn parse(text: &str) -> Option<TimelineKind> {
        Some(match text {
            "invoice" => TimelineKind::Invoice,
            "payment" => TimelineKind::Payment,
            "credit_note" => TimelineKind::CreditNote,
            "write_off" => TimelineKind::WriteOff,
            "discount" => TimelineKind::Discount,
            "allocation" => TimelineKind::Allocation,
            "set_disputed" => TimelineKind::DisputeOpened,
            "clear_disputed" => TimelineKind::DisputeCleared,
            "dispute_opened" => TimelineKind::DisputeOpened,
            "dispute_resolved" => TimelineKind::DisputeResolved,
            "promise_made" => TimelineKind::PromiseMade,
            "claim_filed" => TimelineKind::ClaimFiled,
            "claim_decided" => TimelineKind::ClaimDecided,
            "plan_created" => TimelineKind::PlanCreated,
            "plan_broken" => TimelineKind::PlanBroken,
            "communication_sent" => TimelineKind::CommunicationSent,
            "phone_call_done" => TimelineKind::PhoneCallDone,
            "charges_settled" => TimelineKind::ChargesSettled,
            "profile_saved" => TimelineKind::ProfileSaved,
            "import" => TimelineKind::Import,
            _ => return None,
        })
    }
}

/// Every event of the customer with id `?1` and reference `?2`: date, rank within a day (the
/// order things happen in: import, invoice, settlement, allocation, what a person did, a call
/// made on a task of that day), kind,
/// reference, amount, currency, detail, and an id that orders events of one kind.
const EVENTS: &str = "
    SELECT substr(b.imported_at, 1, 10) AS date, 0 AS rank, 'import' AS kind,
           b.file_name AS reference, NULL AS amount_minor, NULL AS currency,
           b.profile AS detail, b.id AS id
    FROM import_customer ic JOIN import_batch b ON b.id = ic.batch_id
    WHERE ic.customer_id = ?1
    UNION ALL
    SELECT v.issue_date, 1, 'invoice', v.number, v.total_minor, v.currency, NULL, v.id
    FROM invoice v
    WHERE v.id IN (SELECT invoice_id FROM instalment WHERE customer_id = ?1)
    UNION ALL
    SELECT s.date, 2, s.kind, s.reference, s.amount_minor, s.currency, s.invoice_number, s.id
    FROM settlement s WHERE s.customer_id = ?1
    UNION ALL
    SELECT a.applied_on, 3, 'allocation', s.reference, a.amount_minor, a.currency, v.number,
           a.id
    FROM settlement s
    JOIN allocation a ON a.settlement_id = s.id
    JOIN invoice v ON v.id = a.invoice_id
    WHERE s.customer_id = ?1 AND NOT (a.applied_on = s.date AND a.invoice_id IS s.invoice_id)
    UNION ALL
    SELECT substr(au.at, 1, 10), 4, au.action, au.reference, NULL, NULL, NULL, au.id
    FROM audit au
    WHERE au.entity = 'invoice' AND au.action IN ('set_disputed', 'clear_disputed')
      AND au.reference IN (SELECT v.number FROM invoice v
                           WHERE v.id IN (SELECT invoice_id FROM instalment
                                          WHERE customer_id = ?1))
    UNION ALL
    SELECT substr(au.at, 1, 10), 4, 'profile_saved', au.reference, NULL, NULL, NULL, au.id
    FROM audit au
    WHERE au.entity = 'customer' AND au.action = 'save_customer' AND au.reference = ?2
    UNION ALL
    SELECT d.opened_on, 4, 'dispute_opened', v.number, d.amount_minor, d.currency, d.reason, d.id
    FROM dispute d JOIN invoice v ON v.id = d.invoice_id
    WHERE v.customer_id = ?1
    UNION ALL
    SELECT d.resolved_on, 4, 'dispute_resolved', v.number, d.credited_minor, d.currency,
           d.outcome, d.id
    FROM dispute d JOIN invoice v ON v.id = d.invoice_id
    WHERE v.customer_id = ?1 AND d.outcome IS NOT NULL
    UNION ALL
    SELECT p.made_on, 4, 'promise_made',
           (SELECT group_concat(number, ', ') FROM (
                SELECT v.number FROM promise_invoice l JOIN invoice v ON v.id = l.invoice_id
                WHERE l.promise_id = p.id ORDER BY v.number)),
           p.amount_minor, p.currency, p.promised_on, p.id
    FROM promise p WHERE p.customer_id = ?1
    UNION ALL
    SELECT k.filed_on, 4, 'claim_filed',
           (SELECT group_concat(number, ', ') FROM (
                SELECT v.number FROM claim_invoice l JOIN invoice v ON v.id = l.invoice_id
                WHERE l.claim_id = k.id ORDER BY v.number)),
           k.claimed_minor, k.currency, NULL, k.id
    FROM insurance_claim k WHERE k.customer_id = ?1
    UNION ALL
    SELECT k.decided_on, 4, 'claim_decided', 'claim ' || k.id, coalesce(k.paid_minor, 0),
           k.currency, k.decision, k.id
    FROM insurance_claim k WHERE k.customer_id = ?1 AND k.decided_on IS NOT NULL
    UNION ALL
    SELECT p.start_on, 4, 'plan_created', 'PLAN-' || p.id, p.total_minor + p.interest_minor,
           p.currency,
           (SELECT group_concat(number, ', ') FROM (
                SELECT DISTINCT v.number FROM plan_item l JOIN invoice v ON v.id = l.invoice_id
                WHERE l.plan_id = p.id ORDER BY v.number)),
           p.id
    FROM payment_plan p WHERE p.customer_id = ?1
    UNION ALL
    SELECT p.broken_on, 4, 'plan_broken', 'PLAN-' || p.id, NULL, NULL,
           'instalment ' || p.missed_seq, p.id
    FROM payment_plan p WHERE p.customer_id = ?1 AND p.broken_on IS NOT NULL
    UNION ALL
    SELECT m.executed_on, 4, 'communication_sent', m.reference, m.total_minor, m.currency,
           m.sent_by, m.id
    FROM dunning_communication m WHERE m.customer_id = ?1 AND m.state = 'executed'
    UNION ALL
    SELECT t.done_on, 5, 'phone_call_done', m.reference, NULL, NULL, t.outcome, t.id
    FROM phone_task t JOIN dunning_communication m ON m.id = t.communication_id
    WHERE t.customer_id = ?1 AND t.state = 'done'
    UNION ALL
    SELECT c.date, 4, 'charges_settled', v.number, c.amount_minor, c.currency,
           CASE WHEN c.waived = 1 THEN 'waived' ELSE 'paid' END, c.id
    FROM charge_settlement c JOIN invoice v ON v.id = c.invoice_id
    WHERE v.customer_id = ?1";

impl Book {
    /// The customer with reference `reference`, its balances and open invoices as of `as_of`,
    /// and its timeline (whatever the dates).
    pub fn customer_detail(&self, reference: &str, as_of: NaiveDate) -> Result<CustomerDetail> {
        let conn = self.conn();
        let tx =
            rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Deferred)?;
        let id = customer_id(conn, reference)?;
        let day = day_number(as_of);
        let customer = customer_summaries(conn, day, &[id])?
            .pop()
            .ok_or_else(|| StoreError::CustomerNotFound(reference.to_string()))?;

        let open = open_as_of("i", "?2");
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT i.invoice_id FROM instalment i JOIN invoice v ON v.id = i.invoice_id
             WHERE i.customer_id = ?1 AND i.issue_day <= ?2
               AND (i.settled_minor < i.amount_minor OR i.last_applied_day > ?2) AND {open} > 0
             GROUP BY i.invoice_id
             ORDER BY min(i.due_day), v.issue_date, v.number"
        ))?;
        let open_ids = stmt
            .query_map((id, day), |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let shown = &open_ids[..open_ids.len().min(OPEN_ITEMS_LIMIT as usize)];
        let open_items = invoice_summaries(conn, as_of, shown)?;

        let timeline_total: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM ({EVENTS})"))?
            .query_row((id, reference), |r| r.get(0))?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT date, kind, reference, amount_minor, currency, detail FROM ({EVENTS})
             ORDER BY date DESC, rank DESC, id DESC LIMIT ?3"
        ))?;
        let mut rows = stmt.query((id, reference, TIMELINE_LIMIT))?;
        let mut timeline = Vec::new();
        while let Some(r) = rows.next()? {
            let kind = text(r, 1)?;
            let amount = match (r.get::<_, Option<i64>>(3)?, r.get::<_, Option<String>>(4)?) {
                (Some(minor), Some(code)) => Some(money(minor, &code)?),
                _ => None,
            };
            timeline.push(TimelineEvent {
                date: parse_date(text(r, 0)?)?,
                kind: TimelineKind::parse(kind).ok_or_else(|| {
                    StoreError::Unreadable(say!(
                        en: "event kind \"{kind}\"",
                        zh: "事件类型“{kind}”",
                    ))
                })?,
                reference: r.get(2)?,
                amount,
                detail: r.get(5)?,
            });
        }
        drop(rows);
        drop(stmt);
        tx.commit()?;

        Ok(CustomerDetail {
            customer,
            open_items,
            open_items_total: open_ids.len() as u64,
            timeline,
            timeline_total: timeline_total as u64,
        })
    }
}
