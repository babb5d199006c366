//! Sending the outbox through the company's mail account, and a person's word on messages
//! whose fate is not known.
//!
//! The rules are the mail crate's (`creditdesk_mail::drain`): one message at a time; a message
//! is marked `sending` in the book before it goes, so a crash leaves it there, and the next
//! send marks it `unconfirmed` instead of sending it again. Temporary failures are retried
//! after 1 min, 5 min, 15 min, 1 h and 4 h; permanent ones fail; an unreachable server or a
//! refused login stops the sending and leaves the rest queued.
//!
//! Sending blocks until the server has answered each message: a desktop shell calls it off its
//! interface's thread and shows `progress`.
//!
//! A message's state is the book's [`OutboxState`] everywhere a person or the desktop sees it,
//! in the outbox as in the progress and report of a sending: the mail crate's own states, which
//! its rules decide by, are turned into it here.

use creditdesk_core::say;
use creditdesk_mail::{
    drain, Delivered, MailAttachment, MailError, Outbox, OutgoingMail, QueuedMail,
};
use creditdesk_store::{
    Book, MailDecision, MailDecisionRefused, OutboxEntry, OutboxState, StoreError,
};
use serde::{Deserialize, Serialize};

use crate::dunning::unix_now;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, MailConnection, OpenBook};

/// One message done, as sending goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SendProgress {
    /// Messages done so far, this one included.
    pub done: u32,
    /// Messages due when sending started.
    pub due: u32,
    pub id: i64,
    pub state: OutboxState,
}

/// What happened to one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SendOutcome {
    pub id: i64,
    pub state: OutboxState,
    /// The server's reply, or the sentence saying why the message did not go.
    pub detail: String,
}

/// What sending the outbox did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SendReport {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
    pub unconfirmed: u32,
    /// Messages found `sending` from a run of CreditDesk that stopped, now unconfirmed.
    pub recovered: u32,
    pub outcomes: Vec<SendOutcome>,
    /// Why sending stopped before the queue was empty.
    pub stopped: Option<String>,
    pub message: String,
}

/// The book as the mail crate's outbox.
struct BookOutbox<'b> {
    book: &'b mut Book,
    /// Where replies go: the company's own address, when it has one.
    reply_to: Option<String>,
}

impl Outbox for BookOutbox<'_> {
    type Error = StoreError;

    fn claim_next(&mut self, now: i64) -> Result<Option<QueuedMail>, StoreError> {
        let Some(claimed) = self.book.claim_next_mail(now)? else {
            return Ok(None);
        };
        Ok(Some(QueuedMail {
            id: claimed.id,
            attempts: claimed.attempts,
            mail: OutgoingMail {
                to: claimed.to,
                cc: claimed.cc,
                reply_to: self.reply_to.clone(),
                subject: claimed.subject,
                body: claimed.body,
                attachments: claimed
                    .attachment
                    .into_iter()
                    .map(|(file_name, content_type, bytes)| MailAttachment {
                        file_name,
                        content_type,
                        bytes,
                    })
                    .collect(),
                message_id: claimed.message_id,
            },
        }))
    }

    fn mark_sent(&mut self, id: i64, delivered: &Delivered, _at: i64) -> Result<(), StoreError> {
        self.book.mark_mail_sent(id, &delivered.reply)
    }

    fn mark_retry(&mut self, id: i64, error: &str, next_attempt: i64) -> Result<(), StoreError> {
        self.book.mark_mail_retry(id, error, next_attempt)
    }

    fn mark_failed(&mut self, id: i64, error: &str) -> Result<(), StoreError> {
        self.book.mark_mail_failed(id, error)
    }

    fn mark_unconfirmed(&mut self, id: i64, error: &str) -> Result<(), StoreError> {
        self.book.mark_mail_unconfirmed(id, error)
    }
}

impl OpenBook {
    /// Sends every message due through the saved mail account, with `password` for its login;
    /// see the module documentation.
    pub fn send_outbox(
        &mut self,
        password: Option<&str>,
        progress: impl FnMut(SendProgress),
    ) -> AppResult<SendReport> {
        self.send_outbox_with(password, &MailConnection::default(), progress)
    }

    /// [`OpenBook::send_outbox`] over a connection made as `connection` says.
    pub fn send_outbox_with(
        &mut self,
        password: Option<&str>,
        connection: &MailConnection,
        mut progress: impl FnMut(SendProgress),
    ) -> AppResult<SendReport> {
        let account = self.smtp_settings()?.account()?;
        let reply_to = self
            .company_settings()?
            .email
            .filter(|e| !e.eq_ignore_ascii_case(&account.from_address));
        let recovered = self.book.recover_interrupted_mail().map_err(store_error)?;
        let started = unix_now();
        let due = self
            .book
            .outbox()
            .map_err(store_error)?
            .iter()
            .filter(|m| m.state == OutboxState::Queued && m.next_attempt <= started)
            .count() as u32;
        let mut outbox = BookOutbox {
            book: &mut self.book,
            reply_to,
        };
        let report = drain(
            &mut outbox,
            |mail| creditdesk_mail::send_mail_with(&account, password, mail, connection),
            unix_now,
            |done, id, state| {
                progress(SendProgress {
                    done,
                    due,
                    id,
                    state: book_state(state),
                })
            },
        )
        .map_err(store_error)?;
        let stopped = report.stopped.as_ref().map(MailError::to_string);
        let (sent, retrying, failed, unconfirmed) = (
            report.sent,
            report.retrying,
            report.failed,
            report.unconfirmed,
        );
        let mut message = if report.outcomes.is_empty() {
            say!(
                en: "No message was due; the outbox has nothing to send now.",
                zh: "没有到期待发的邮件；发件箱中暂无需要发送的内容。",
            )
        } else {
            say!(
                en: "{sent} sent, {retrying} to be tried again later, {failed} failed, \
                     {unconfirmed} unconfirmed.",
                zh: "已发送 {sent} 封，{retrying} 封稍后重试，{failed} 封失败，{unconfirmed} 封\
                     未确认。",
            )
        };
        if recovered > 0 {
            message.push(' ');
            message.push_str(&say!(
                en: "{recovered} message(s) were being sent when CreditDesk last stopped; they \
                     are marked unconfirmed: ask whether they arrived, then mark them sent or \
                     send them again.",
                zh: "CreditDesk 上次停止时有 {recovered} 封邮件正在发送；已标记为未确认：请向\
                     收件人核实是否收到，然后标记为已发送或重新发送。",
            ));
        }
        if let Some(why) = &stopped {
            message.push(' ');
            message.push_str(&say!(
                en: "Sending stopped: {why} The other messages stay queued.",
                zh: "发送已停止：{why} 其余邮件仍在队列中。",
            ));
        }
        Ok(SendReport {
            sent,
            retrying,
            failed,
            unconfirmed,
            recovered,
            outcomes: report
                .outcomes
                .into_iter()
                .map(|(id, state, detail)| SendOutcome {
                    id,
                    state: book_state(state),
                    detail,
                })
                .collect(),
            stopped,
            message,
        })
    }

    /// A person's word on message `id`: it arrived (an unconfirmed message), or send it again
    /// (an unconfirmed or failed one). Audited.
    pub fn decide_outbox(&mut self, id: i64, decision: MailDecision) -> AppResult<OutboxEntry> {
        let answer = self
            .book
            .decide_mail(id, decision, unix_now())
            .map_err(store_error)?;
        answer.map_err(|refused| match refused {
            MailDecisionRefused::NotFound(id) => AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "No message with id {id} is in the outbox; `outbox` lists them.",
                    zh: "发件箱中没有编号为 {id} 的邮件；`outbox` 会列出所有邮件。",
                ),
            ),
            MailDecisionRefused::WrongState(state) => {
                let state = state_word(state);
                AppError::new(
                    ErrorCode::Conflict,
                    match decision {
                        MailDecision::Arrived => say!(
                            en: "Message {id} is {state}; only an unconfirmed message can be \
                                 marked as sent.",
                            zh: "邮件 {id} 的状态为{state}；只有未确认的邮件才能标记为已发送。",
                        ),
                        MailDecision::SendAgain => say!(
                            en: "Message {id} is {state}; only a failed or unconfirmed message \
                                 can be sent again.",
                            zh: "邮件 {id} 的状态为{state}；只有失败或未确认的邮件才能重新发送。",
                        ),
                    },
                )
            }
        })
    }
}

/// The book's state of a message the mail crate's rules put in `state`.
fn book_state(state: creditdesk_mail::OutboxState) -> OutboxState {
    use creditdesk_mail::OutboxState as M;
    match state {
        M::Queued => OutboxState::Queued,
        M::Sending => OutboxState::Sending,
        M::Sent => OutboxState::Sent,
        M::Failed => OutboxState::Failed,
        M::Unconfirmed => OutboxState::Unconfirmed,
    }
}

/// `queued`, `sending`, `sent`, `failed`, `unconfirmed`: the state's code, as the JSON and the
/// desktop write it.
pub fn state_code(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Queued => "queued",
        OutboxState::Sending => "sending",
        OutboxState::Sent => "sent",
        OutboxState::Failed => "failed",
        OutboxState::Unconfirmed => "unconfirmed",
    }
}

/// The state of a message, as a sentence names it.
pub fn state_word(state: OutboxState) -> String {
    use creditdesk_store::OutboxState as S;
    match state {
        S::Queued => say!(en: "queued", zh: "排队中"),
        S::Sending => say!(en: "being sent", zh: "发送中"),
        S::Sent => say!(en: "sent", zh: "已发送"),
        S::Failed => say!(en: "failed", zh: "失败"),
        S::Unconfirmed => say!(en: "unconfirmed", zh: "未确认"),
    }
}
