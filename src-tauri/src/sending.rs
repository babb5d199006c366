//! Sending the outbox from the desktop: on a thread of its own, with a connection of its own to
//! the book's file (as an import does), so that the window and the other commands stay usable
//! while a slow mail server answers. Each message done arrives as an `outbox-progress` event and
//! the end as one `outbox-finished` event naming the job.
//!
//! The password is read from the keychain (as for "Send test mail") on the command's thread
//! before the sending starts, and never leaves the shell. One sending runs at a time: a second
//! "Send now" while one runs is refused, since both would take the same messages in turn.
//!
//! The sending thread speaks the language of the command that started it, so its sentences
//! (the report, each message's error) arrive in the language the UI showed then.

use std::panic::AssertUnwindSafe;

use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{MailDecision, OpenBook, OutboxEntry, SendProgress, SendReport};
use creditdesk_core::say;
use creditdesk_core::text::Language;
use serde::{Deserialize, Serialize};

use crate::api::JobId;
use crate::importing::failed_unexpectedly;
use crate::session::Session;

/// The payload of the `outbox-progress` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutboxProgressEvent {
    pub job: JobId,
    pub progress: SendProgress,
}

/// How a sending ended: its report (which says why it stopped early, if it did), or the error
/// that kept it from starting (no mail account, the book unreadable).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SendingOutcome {
    Ok(SendReport),
    Error(AppError),
}

/// The payload of the `outbox-finished` event; exactly one per job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutboxFinishedEvent {
    pub job: JobId,
    pub outcome: SendingOutcome,
}

/// A person's word on a message whose sending did not succeed for sure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecideOutboxRequest {
    pub id: i64,
    /// `arrived` for an unconfirmed message the recipient has; `send_again` for an unconfirmed
    /// or failed one.
    pub decision: MailDecision,
}

impl Session {
    /// Starts sending every message due through the book's mail account; see the module
    /// documentation.
    pub fn start_sending(&self) -> AppResult<JobId> {
        let book_path = self.book_path()?;
        let settings = self.with_book(|book| book.smtp_settings())?;
        // The account is checked here, so that a missing one is told at once, not as an event.
        settings.account()?;
        let password = match self.password_of(&settings)? {
            Some(entry) => entry.read()?,
            None => None,
        };
        if !self.begin_sending() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                say!(
                    en: "The outbox is being sent already; wait until it has finished, then \
                         send again if messages are still queued.",
                    zh: "发件箱正在发送中；请等待发送完成，若仍有排队的邮件再重新发送。",
                ),
            ));
        }

        let job = JobId(self.next_id());
        let session = self.clone();
        let language = Language::current();
        let started = std::thread::Builder::new()
            .name(format!("outbox-{}", job.0))
            .spawn(move || {
                let _speaking = language.speak();
                let events = session.events();
                let send = || {
                    let mut book = OpenBook::open(&book_path)?;
                    book.send_outbox(password.as_deref(), |progress| {
                        events.outbox_progress(&OutboxProgressEvent { job, progress });
                    })
                };
                let outcome = match std::panic::catch_unwind(AssertUnwindSafe(send)) {
                    Ok(Ok(report)) => SendingOutcome::Ok(report),
                    Ok(Err(err)) => SendingOutcome::Error(err),
                    Err(_) => SendingOutcome::Error(failed_unexpectedly(&say!(
                        en: "sending the outbox",
                        zh: "发送发件箱",
                    ))),
                };
                session.end_sending();
                events.outbox_finished(&OutboxFinishedEvent { job, outcome });
            });
        if let Err(err) = started {
            self.end_sending();
            return Err(AppError::new(
                ErrorCode::Io,
                say!(
                    en: "The outbox could not be sent: the system refused a new thread ({err}). \
                         Close other programs and try again.",
                    zh: "无法发送发件箱：系统拒绝创建新线程（{err}）。请关闭其他程序后重试。",
                ),
            ));
        }
        tracing::info!(job = job.0, "started sending the outbox");
        Ok(job)
    }

    /// Records a person's word on a message: it arrived, or send it again.
    pub fn decide_outbox(&self, request: DecideOutboxRequest) -> AppResult<OutboxEntry> {
        self.with_book(move |book| book.decide_outbox(request.id, request.decision))
    }
}
