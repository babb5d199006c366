//! Dunning runs as the book keeps them: each proposal for an as-of date with its
//! communications and items and what it left out, which communications a person approved or
//! skipped, and the log of communications sent.
//!
//! Invariant: for an as-of date only the newest run is open to approval and execution; saving a
//! new proposal for the same date marks the older ones not yet executed `superseded`, and their
//! communications not yet executed `skipped`.

use chrono::NaiveDate;
use creditdesk_core::dunning::{
    AllocationTask, Communication, ContactChannel, DunningProposal, LeftOut, RunProblem,
};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{from_json, invoice_id, to_json};
use crate::audit;
use crate::book::Book;
use crate::codec::{customer_id, label, parse_date, text, unlabel, DateText};
use crate::error::Result;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    /// Waiting for review, approval and execution.
    Proposed,
    /// Executed: its approved communications were sent; the others were skipped.
    Executed,
    /// A newer run for the same as-of date replaced it.
    Superseded,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CommunicationState {
    Proposed,
    Approved,
    Executed,
    Skipped,
}

/// A communication of a run, as proposed and, once executed, as sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommunicationRecord {
    /// Increases with every communication of the book; what one is approved by.
    pub id: i64,
    pub run_id: i64,
    /// The run's as-of date.
    pub as_of: NaiveDate,
    pub customer_name: String,
    pub state: CommunicationState,
    pub communication: Communication,
    pub executed_on: Option<NaiveDate>,
    /// The date of the contact in the history: the run's as-of date.
    pub sent_on: Option<NaiveDate>,
    /// `D-2026-000123`, once executed.
    pub reference: Option<String>,
    /// The channel it actually went by (a reminder email to a customer without an address
    /// goes as a printed letter).
    pub sent_by: Option<ContactChannel>,
    /// Why it went by another channel than its level's.
    pub note: Option<String>,
    pub outbox_id: Option<i64>,
    /// The letter as sent (sender, recipient, date, texts), for letters and emails.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub letter: Option<serde_json::Value>,
}

/// A run with everything it proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningRunRecord {
    pub id: i64,
    pub as_of: NaiveDate,
    /// UTC, millisecond precision.
    pub proposed_at: String,
    pub state: RunState,
    pub executed_on: Option<NaiveDate>,
    /// By customer, currency, level.
    pub communications: Vec<CommunicationRecord>,
    pub left_out: Vec<LeftOut>,
    pub allocation_tasks: Vec<AllocationTask>,
    pub problems: Vec<RunProblem>,
}

/// A run in a list of runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RunSummary {
    pub id: i64,
    pub as_of: NaiveDate,
    pub proposed_at: String,
    pub state: RunState,
    pub executed_on: Option<NaiveDate>,
    pub proposed: u32,
    pub approved: u32,
    pub executed: u32,
    pub skipped: u32,
}

const COMMUNICATION_COLUMNS: &str = "m.id, m.run_id, r.as_of, c.name, m.state, m.communication,
    m.executed_on, m.sent_on, m.reference, m.sent_by, m.note, m.outbox_id, m.letter";

impl Book {
    /// Saves a proposal as a new run, superseding the runs of the same as-of date not yet
    /// executed (see the module documentation). Audited as `propose_dunning`.
    pub fn save_dunning_run(&mut self, proposal: &DunningProposal) -> Result<DunningRunRecord> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let as_of = DateText::new(proposal.as_of)?;
        tx.execute(
            "UPDATE dunning_communication SET state = 'skipped'
             WHERE state IN ('proposed', 'approved')
               AND run_id IN (SELECT id FROM dunning_run WHERE as_of = ?1 AND state = 'proposed')",
            [as_of],
        )?;
        tx.execute(
            "UPDATE dunning_run SET state = 'superseded' WHERE as_of = ?1 AND state = 'proposed'",
            [as_of],
        )?;
        tx.execute(
            "INSERT INTO dunning_run (as_of, left_out, allocation_tasks, problems)
             VALUES (?1, ?2, ?3, ?4)",
            (
                as_of,
                to_json(&proposal.left_out),
                to_json(&proposal.allocation_tasks),
                to_json(&proposal.problems),
            ),
        )?;
        let run = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO dunning_communication (run_id, customer_id, currency, level, channel,
                     communication, total_minor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut item = tx.prepare_cached(
                "INSERT INTO dunning_item (communication_id, invoice_id, seq) VALUES (?1, ?2, ?3)",
            )?;
            for communication in &proposal.communications {
                let customer = customer_id(&tx, &communication.customer_reference)?;
                insert.execute((
                    run,
                    customer,
                    communication.currency.code(),
                    communication.level,
                    label(&communication.channel),
                    to_json(communication),
                    communication.total.to_minor()?,
                ))?;
                let id = tx.last_insert_rowid();
                for proposed in &communication.items {
                    let (invoice, _) = invoice_id(&tx, &proposed.invoice_number)?;
                    item.execute((id, invoice, proposed.seq))?;
                }
            }
        }
        let detail = json!({
            "as_of": proposal.as_of,
            "communications": proposal.communications.len(),
            "left_out": proposal.left_out.len(),
            "allocation_tasks": proposal.allocation_tasks.len(),
        });
        audit::append(
            &tx,
            "propose_dunning",
            "dunning_run",
            &run.to_string(),
            &detail,
        )?;
        let record = read_run(&tx, run)?;
        tx.commit()?;
        Ok(record.expect("the run was just written"))
    }

    /// Run `id` with its communications, or `None`.
    pub fn dunning_run(&self, id: i64) -> Result<Option<DunningRunRecord>> {
        read_run(self.conn(), id)
    }

    /// The newest run for `as_of`, if any.
    pub fn newest_dunning_run(&self, as_of: NaiveDate) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT max(id) FROM dunning_run WHERE as_of = ?1")?
            .query_row([DateText::new(as_of)?], |r| r.get(0))?)
    }

    /// Every run, the newest first, with how many of its communications are in each state.
    pub fn dunning_runs(&self) -> Result<Vec<RunSummary>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.id, r.as_of, r.proposed_at, r.state, r.executed_on,
                    count(m.id) FILTER (WHERE m.state = 'proposed'),
                    count(m.id) FILTER (WHERE m.state = 'approved'),
                    count(m.id) FILTER (WHERE m.state = 'executed'),
                    count(m.id) FILTER (WHERE m.state = 'skipped')
             FROM dunning_run r LEFT JOIN dunning_communication m ON m.run_id = r.id
             GROUP BY r.id ORDER BY r.id DESC",
        )?;
        let mut rows = stmt.query([])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            found.push(RunSummary {
                id: r.get(0)?,
                as_of: parse_date(text(r, 1)?)?,
                proposed_at: r.get(2)?,
                state: unlabel("run state", text(r, 3)?)?,
                executed_on: optional_date(r.get(4)?)?,
                proposed: r.get(5)?,
                approved: r.get(6)?,
                executed: r.get(7)?,
                skipped: r.get(8)?,
            });
        }
        Ok(found)
    }

    /// Sets the communications of run `run` (those in `ids`, or all with `None`) that are in
    /// one of the states `from` to `to`; answers the ids changed. Audited as `approve_dunning`
    /// or `skip_dunning` when something changed.
    pub fn set_communication_states(
        &mut self,
        run: i64,
        ids: Option<&[i64]>,
        from: &[CommunicationState],
        to: CommunicationState,
    ) -> Result<Vec<i64>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let candidates: Vec<(i64, String)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, state FROM dunning_communication WHERE run_id = ?1 ORDER BY id",
            )?;
            let rows = stmt.query_map([run], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let from: Vec<String> = from.iter().map(label).collect();
        let mut changed = Vec::new();
        for (id, state) in candidates {
            let chosen = ids.is_none_or(|ids| ids.contains(&id));
            if chosen && from.contains(&state) {
                tx.execute(
                    "UPDATE dunning_communication SET state = ?2 WHERE id = ?1",
                    (id, label(&to)),
                )?;
                changed.push(id);
            }
        }
        if !changed.is_empty() {
            let action = match to {
                CommunicationState::Skipped => "skip_dunning",
                _ => "approve_dunning",
            };
            audit::append(
                &tx,
                action,
                "dunning_run",
                &run.to_string(),
                &json!({ "communications": changed, "state": label(&to) }),
            )?;
        }
        tx.commit()?;
        Ok(changed)
    }

    /// The communications sent (to one customer with `customer`), the latest first.
    pub fn sent_communications(&self, customer: Option<&str>) -> Result<Vec<CommunicationRecord>> {
        let customer = customer.map(|c| customer_id(self.conn(), c)).transpose()?;
        read_communications(
            self.conn(),
            "m.state = 'executed' AND (?1 IS NULL OR m.customer_id = ?1)
             ORDER BY m.sent_on DESC, m.id DESC",
            customer,
        )
    }

    /// Communication `id`, or `None`.
    pub fn communication(&self, id: i64) -> Result<Option<CommunicationRecord>> {
        Ok(read_communications(self.conn(), "m.id = ?1", Some(id))?.pop())
    }
}

fn optional_date(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref().map(parse_date).transpose()
}

pub(crate) fn read_communications(
    conn: &Connection,
    condition: &str,
    parameter: Option<i64>,
) -> Result<Vec<CommunicationRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COMMUNICATION_COLUMNS}
         FROM dunning_communication m
         JOIN dunning_run r ON r.id = m.run_id
         JOIN customer c ON c.id = m.customer_id
         WHERE {condition}"
    ))?;
    let mut rows = stmt.query([parameter])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        found.push(CommunicationRecord {
            id: r.get(0)?,
            run_id: r.get(1)?,
            as_of: parse_date(text(r, 2)?)?,
            customer_name: r.get(3)?,
            state: unlabel("communication state", text(r, 4)?)?,
            communication: from_json("communication", text(r, 5)?)?,
            executed_on: optional_date(r.get(6)?)?,
            sent_on: optional_date(r.get(7)?)?,
            reference: r.get(8)?,
            sent_by: r
                .get::<_, Option<String>>(9)?
                .map(|s| unlabel("channel", &s))
                .transpose()?,
            note: r.get(10)?,
            outbox_id: r.get(11)?,
            letter: r
                .get::<_, Option<String>>(12)?
                .map(|s| from_json("letter", &s))
                .transpose()?,
        });
    }
    Ok(found)
}

fn read_run(conn: &Connection, id: i64) -> Result<Option<DunningRunRecord>> {
    let row = conn
        .prepare_cached(
            "SELECT as_of, proposed_at, state, executed_on, left_out, allocation_tasks, problems
             FROM dunning_run WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .optional()?;
    let Some((as_of, proposed_at, state, executed_on, left_out, tasks, problems)) = row else {
        return Ok(None);
    };
    let communications = read_communications(
        conn,
        "m.run_id = ?1 ORDER BY c.reference, m.currency, m.level, m.id",
        Some(id),
    )?;
    Ok(Some(DunningRunRecord {
        id,
        as_of: parse_date(&as_of)?,
        proposed_at,
        state: unlabel("run state", &state)?,
        executed_on: optional_date(executed_on)?,
        communications,
        left_out: from_json("left-out items", &left_out)?,
        allocation_tasks: from_json("allocation tasks", &tasks)?,
        problems: from_json("run problems", &problems)?,
    }))
}

/// What a communication left to print: its reference, the letter as sent and its PDF.
#[derive(Clone, Debug, PartialEq)]
pub struct CommunicationDocument {
    pub reference: Option<String>,
    pub customer_reference: String,
    pub letter: Option<serde_json::Value>,
    pub document: Option<Vec<u8>>,
}

impl Book {
    /// The printed letter of communication `id`; `None` when the book has no such
    /// communication.
    pub fn communication_document(&self, id: i64) -> Result<Option<CommunicationDocument>> {
        let found = self
            .conn()
            .prepare_cached(
                "SELECT m.reference, c.reference, m.letter, m.document
                 FROM dunning_communication m JOIN customer c ON c.id = m.customer_id
                 WHERE m.id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<Vec<u8>>>(3)?,
                ))
            })
            .optional()?;
        let Some((reference, customer_reference, letter, document)) = found else {
            return Ok(None);
        };
        Ok(Some(CommunicationDocument {
            reference,
            customer_reference,
            letter: letter.map(|text| from_json("letter", &text)).transpose()?,
            document,
        }))
    }
}
