//! The outbox: mail waiting to be sent, kept in the book so that a crash or a refused
//! connection loses nothing. A message is queued once, with a unique Message-ID, and then moves
//! through `sending` to `sent`, or to `failed` (to be tried again at `next_attempt`), or to
//! `unconfirmed` when the server's answer was lost and it is not known whether it was sent.
//!
//! Only queueing and listing are here; the sender that drains the queue updates the states.
//! An attachment with a name and a type but no bytes is rendered from the message's dunning
//! communication when the message is sent.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::audit;
use crate::book::Book;
use crate::codec::{text, unlabel};
use crate::dunning::{from_json, to_json};
use crate::error::Result;

/// A file sent with a message.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailAttachment {
    pub file_name: String,
    /// The media type, `application/pdf`.
    pub content_type: String,
    /// `None`: rendered from the message's communication when it is sent.
    pub bytes: Option<Vec<u8>>,
}

impl std::fmt::Debug for MailAttachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "MailAttachment({}, {}, {:?} bytes)",
            self.file_name,
            self.content_type,
            self.bytes.as_ref().map(Vec::len)
        )
    }
}

/// A message to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMail {
    pub communication_id: Option<i64>,
    /// At least one address.
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachment: Option<MailAttachment>,
    /// `<...@...>`, unique in the book.
    pub message_id: String,
    /// Unix seconds of the first attempt.
    pub next_attempt: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    Queued,
    Sending,
    Sent,
    Failed,
    /// The server's answer was lost: the message may or may not have been sent.
    Unconfirmed,
}

/// A message in the outbox, without its attachment's bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutboxEntry {
    pub id: i64,
    pub communication_id: Option<i64>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    /// Whether the attachment's bytes are kept (else rendered when sent).
    pub attachment_kept: bool,
    pub message_id: String,
    pub state: OutboxState,
    pub attempts: u32,
    /// Unix seconds.
    pub next_attempt: i64,
    pub last_error: Option<String>,
    pub server_reply: Option<String>,
    /// UTC, millisecond precision.
    pub created_at: String,
    pub updated_at: String,
    pub sent_at: Option<String>,
}

/// Queues `mail` in the transaction of its caller; answers its id.
pub(crate) fn insert_mail(conn: &Connection, mail: &NewMail) -> Result<i64> {
    let attachment = mail.attachment.as_ref();
    conn.prepare_cached(
        "INSERT INTO outbox (communication_id, to_addresses, cc_addresses, subject, body,
             attachment_name, attachment_type, attachment, message_id, next_attempt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        mail.communication_id,
        to_json(&mail.to),
        to_json(&mail.cc),
        mail.subject,
        mail.body,
        attachment.map(|a| a.file_name.as_str()),
        attachment.map(|a| a.content_type.as_str()),
        attachment.and_then(|a| a.bytes.as_deref()),
        mail.message_id,
        mail.next_attempt,
    ])?;
    let id = conn.last_insert_rowid();
    audit::append(
        conn,
        "queue_mail",
        "outbox",
        &mail.message_id,
        &json!({ "id": id, "to": mail.to, "cc": mail.cc, "subject": mail.subject,
                 "communication": mail.communication_id }),
    )?;
    Ok(id)
}

impl Book {
    /// Queues a message. Audited as `queue_mail`.
    pub fn queue_mail(&mut self, mail: &NewMail) -> Result<OutboxEntry> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let id = insert_mail(&tx, mail)?;
        let entry = read_outbox(&tx, Some(id))?.pop();
        tx.commit()?;
        Ok(entry.expect("the message was just queued"))
    }

    /// Every message of the outbox, the newest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        read_outbox(self.conn(), None)
    }
}

fn read_outbox(conn: &Connection, id: Option<i64>) -> Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, communication_id, to_addresses, cc_addresses, subject, body,
                attachment_name, attachment_type, attachment IS NOT NULL, message_id, state,
                attempts, next_attempt, last_error, server_reply, created_at, updated_at, sent_at
         FROM outbox WHERE ?1 IS NULL OR id = ?1 ORDER BY id DESC",
    )?;
    let mut rows = stmt.query([id])?;
    let mut found = Vec::new();
    while let Some(r) = rows.next()? {
        found.push(OutboxEntry {
            id: r.get(0)?,
            communication_id: r.get(1)?,
            to: from_json("mail addresses", text(r, 2)?)?,
            cc: from_json("mail addresses", text(r, 3)?)?,
            subject: r.get(4)?,
            body: r.get(5)?,
            attachment_name: r.get(6)?,
            attachment_type: r.get(7)?,
            attachment_kept: r.get(8)?,
            message_id: r.get(9)?,
            state: unlabel("outbox state", text(r, 10)?)?,
            attempts: r.get(11)?,
            next_attempt: r.get(12)?,
            last_error: r.get(13)?,
            server_reply: r.get(14)?,
            created_at: r.get(15)?,
            updated_at: r.get(16)?,
            sent_at: r.get(17)?,
        });
    }
    Ok(found)
}

/// A message taken from the queue to be sent, with its attachment's bytes (the outbox's own,
/// else its communication's letter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedMail {
    pub id: i64,
    /// Attempts before this one.
    pub attempts: u32,
    pub communication_id: Option<i64>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub body: String,
    /// `(file name, media type, bytes)`.
    pub attachment: Option<(String, String, Vec<u8>)>,
    pub message_id: String,
}

/// What a person decides about a message whose sending is not known to have succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum MailDecision {
    /// It arrived (an unconfirmed message): mark it sent.
    Arrived,
    /// Send it again (an unconfirmed or failed message): queue it for now.
    SendAgain,
}

/// Why a decision about a message was not recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailDecisionRefused {
    NotFound(i64),
    /// The message is in a state the decision does not apply to.
    WrongState(OutboxState),
}

impl Book {
    /// Messages left `sending` by a run of CreditDesk that stopped while sending them become
    /// `unconfirmed`: the server may have taken them, so they are never sent again without a
    /// person's word. Answers how many. Call it before draining the queue.
    pub fn recover_interrupted_mail(&mut self) -> Result<u32> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let ids: Vec<(i64, String)> = tx
            .prepare("SELECT id, message_id FROM outbox WHERE state = 'sending'")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, message_id) in &ids {
            set_state(
                &tx,
                *id,
                "unconfirmed",
                Some("CreditDesk stopped while the message was being sent"),
                None,
            )?;
            audit::append(
                &tx,
                "mail_unconfirmed",
                "outbox",
                message_id,
                &json!({ "id": id }),
            )?;
        }
        tx.commit()?;
        Ok(ids.len() as u32)
    }

    /// The next queued message due at `now` (unix seconds), marked `sending` with one more
    /// attempt, committed before it is answered: a crash while sending leaves it `sending`.
    pub fn claim_next_mail(&mut self, now: i64) -> Result<Option<ClaimedMail>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let found = tx
            .prepare_cached(
                "SELECT o.id, o.attempts, o.communication_id, o.to_addresses, o.cc_addresses,
                        o.subject, o.body, o.attachment_name, o.attachment_type,
                        coalesce(o.attachment, c.document), o.message_id
                 FROM outbox o LEFT JOIN dunning_communication c ON c.id = o.communication_id
                 WHERE o.state = 'queued' AND o.next_attempt <= ?1
                 ORDER BY o.next_attempt, o.id LIMIT 1",
            )?
            .query_row([now], |r| {
                let name: Option<String> = r.get(7)?;
                let kind: Option<String> = r.get(8)?;
                let bytes: Option<Vec<u8>> = r.get(9)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    name.zip(kind).zip(bytes).map(|((n, k), b)| (n, k, b)),
                    r.get::<_, String>(10)?,
                ))
            })
            .optional()?;
        let Some((id, attempts, communication_id, to, cc, subject, body, attachment, message_id)) =
            found
        else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1,
                 updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE id = ?1",
            [id],
        )?;
        tx.commit()?;
        Ok(Some(ClaimedMail {
            id,
            attempts,
            communication_id,
            to: from_json("mail addresses", &to)?,
            cc: from_json("mail addresses", &cc)?,
            subject,
            body,
            attachment,
            message_id,
        }))
    }

    /// Records that the server took message `id`, with its reply. Audited as `mail_sent`.
    pub fn mark_mail_sent(&mut self, id: i64, reply: &str) -> Result<()> {
        self.mail_outcome(id, "sent", None, Some(reply), None, "mail_sent")
    }

    /// Puts message `id` back in the queue for `next_attempt` (unix seconds) after a failure
    /// that may pass. Audited as `mail_retry`.
    pub fn mark_mail_retry(&mut self, id: i64, error: &str, next_attempt: i64) -> Result<()> {
        self.mail_outcome(
            id,
            "queued",
            Some(error),
            None,
            Some(next_attempt),
            "mail_retry",
        )
    }

    /// Records that message `id` failed for good. Audited as `mail_failed`.
    pub fn mark_mail_failed(&mut self, id: i64, error: &str) -> Result<()> {
        self.mail_outcome(id, "failed", Some(error), None, None, "mail_failed")
    }

    /// Records that the server's answer about message `id` was lost. Audited as
    /// `mail_unconfirmed`.
    pub fn mark_mail_unconfirmed(&mut self, id: i64, error: &str) -> Result<()> {
        self.mail_outcome(
            id,
            "unconfirmed",
            Some(error),
            None,
            None,
            "mail_unconfirmed",
        )
    }

    /// A person's decision about message `id`: [`MailDecision::Arrived`] applies to an
    /// unconfirmed message, [`MailDecision::SendAgain`] to an unconfirmed or failed one (queued
    /// for `now`, its attempts counted afresh). Audited as `confirm_mail` or `resend_mail`.
    pub fn decide_mail(
        &mut self,
        id: i64,
        decision: MailDecision,
        now: i64,
    ) -> Result<std::result::Result<OutboxEntry, MailDecisionRefused>> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let Some(entry) = read_outbox(&tx, Some(id))?.pop() else {
            return Ok(Err(MailDecisionRefused::NotFound(id)));
        };
        let allowed = match decision {
            MailDecision::Arrived => entry.state == OutboxState::Unconfirmed,
            MailDecision::SendAgain => {
                matches!(entry.state, OutboxState::Unconfirmed | OutboxState::Failed)
            }
        };
        if !allowed {
            return Ok(Err(MailDecisionRefused::WrongState(entry.state)));
        }
        let action = match decision {
            MailDecision::Arrived => {
                set_state(&tx, id, "sent", None, None)?;
                "confirm_mail"
            }
            MailDecision::SendAgain => {
                tx.execute("UPDATE outbox SET attempts = 0 WHERE id = ?1", [id])?;
                set_state(&tx, id, "queued", None, Some(now))?;
                "resend_mail"
            }
        };
        audit::append(
            &tx,
            action,
            "outbox",
            &entry.message_id,
            &json!({ "id": id }),
        )?;
        let entry = read_outbox(&tx, Some(id))?.pop().expect("read above");
        tx.commit()?;
        Ok(Ok(entry))
    }

    fn mail_outcome(
        &mut self,
        id: i64,
        state: &str,
        error: Option<&str>,
        reply: Option<&str>,
        next_attempt: Option<i64>,
        action: &str,
    ) -> Result<()> {
        let tx = Transaction::new(self.conn_mut(), TransactionBehavior::Immediate)?;
        let message_id: String =
            tx.query_row("SELECT message_id FROM outbox WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        set_state(&tx, id, state, error, next_attempt)?;
        if let Some(reply) = reply {
            tx.execute(
                "UPDATE outbox SET server_reply = ?2 WHERE id = ?1",
                rusqlite::params![id, reply],
            )?;
        }
        audit::append(
            &tx,
            action,
            "outbox",
            &message_id,
            &json!({ "id": id, "error": error, "reply": reply, "next_attempt": next_attempt }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Moves message `id` to `state`, keeping `last_error` when `error` is `None` except for a
/// message sent, and `next_attempt` when none is given.
fn set_state(
    conn: &Connection,
    id: i64,
    state: &str,
    error: Option<&str>,
    next_attempt: Option<i64>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE outbox SET state = ?2,
             last_error = CASE WHEN ?2 = 'sent' THEN NULL ELSE coalesce(?3, last_error) END,
             next_attempt = coalesce(?4, next_attempt),
             sent_at = CASE WHEN ?2 = 'sent' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?1",
    )?
    .execute(rusqlite::params![id, state, error, next_attempt])?;
    Ok(())
}
