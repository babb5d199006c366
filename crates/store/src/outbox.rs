//! The outbox: mail waiting to be sent, kept in the book so that a crash or a refused
//! connection loses nothing. A message is queued once, with a unique Message-ID, and then moves
//! through `sending` to `sent`, or to `failed` (to be tried again at `next_attempt`), or to
//! `unconfirmed` when the server's answer was lost and it is not known whether it was sent.
//!
//! Only queueing and listing are here; the sender that drains the queue updates the states.
//! An attachment with a name and a type but no bytes is rendered from the message's dunning
//! communication when the message is sent.

use rusqlite::{Connection, Transaction, TransactionBehavior};
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
