//! The outbox: messages waiting to be sent, tried on a fixed schedule, each ending in exactly
//! one state a person can see. A message the server may have taken is never sent again without
//! a person saying so.
//!
//! The store keeps the messages and their states ([`Outbox`]); [`drain`] decides what happens
//! to each one, so the rules live here and are the same for every store.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::{Delivered, FailureKind, MailError, OutgoingMail};

/// Where a message of the outbox is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting for its next attempt.
    Queued,
    /// Being sent now; after a crash, the server may or may not have it.
    Sending,
    /// The server took it.
    Sent,
    /// Not sent, and not tried again: a person decides what to change.
    Failed,
    /// The server may have taken it: a person confirms it as sent or sends it again.
    Unconfirmed,
}

impl OutboxState {
    /// `queued`, `sending`, `sent`, `failed`, `unconfirmed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Unconfirmed => "unconfirmed",
        }
    }

    pub fn parse(text: &str) -> Option<OutboxState> {
        match text {
            "queued" => Some(OutboxState::Queued),
            "sending" => Some(OutboxState::Sending),
            "sent" => Some(OutboxState::Sent),
            "failed" => Some(OutboxState::Failed),
            "unconfirmed" => Some(OutboxState::Unconfirmed),
            _ => None,
        }
    }
}

/// A message the outbox hands out to be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    /// The attempts made before this one: 0 for a message never tried.
    pub attempts: u32,
    pub mail: OutgoingMail,
}

/// Where the outbox's messages are kept. Times are whole seconds since 1970-01-01 UTC.
///
/// Each call commits before it returns, so a crash never loses a state change. Every message
/// goes Queued → Sending → one of Sent, Queued (to be tried again), Failed or Unconfirmed.
///
/// After a crash, a message can be left Sending: the crash may have come before the server got
/// it or after the server took it. At startup, before anything is drained, the store moves every
/// Sending message to Unconfirmed, never back to Queued, so that a person decides whether it
/// goes again.
pub trait Outbox {
    type Error: std::fmt::Display;

    /// The next message due at `now` (Queued, its next attempt at or before `now`; the earliest
    /// due first, then the lowest id), marked Sending with one more attempt counted, committed
    /// before returning.
    fn claim_next(&mut self, now: i64) -> Result<Option<QueuedMail>, Self::Error>;

    /// The message went: Sent at `at`, with the server's reply.
    fn mark_sent(&mut self, id: i64, delivered: &Delivered, at: i64) -> Result<(), Self::Error>;

    /// The message goes back to Queued, due at `next_attempt`, with `error` (a sentence) as the
    /// reason the last attempt failed.
    fn mark_retry(&mut self, id: i64, error: &str, next_attempt: i64) -> Result<(), Self::Error>;

    /// The message is Failed, for the reason `error`; it is not tried again.
    fn mark_failed(&mut self, id: i64, error: &str) -> Result<(), Self::Error>;

    /// The message is Unconfirmed, for the reason `error`; it is not tried again until a person
    /// says so.
    fn mark_unconfirmed(&mut self, id: i64, error: &str) -> Result<(), Self::Error>;
}

/// How long to wait after the `attempt`th attempt at a message failed (attempts count from 1;
/// 0 is taken as 1): 1 minute, 5 minutes, 15 minutes, 1 hour, 4 hours. After the sixth failed
/// attempt, about five and a half hours after the first, `None`: the message is given up and
/// becomes Failed.
///
/// No random jitter: jitter keeps many senders that failed together from all retrying in the
/// same second against one server. Here one desktop sends through its own account; the outbox
/// drains its messages one after the other, so its attempts never come in a burst.
pub fn retry_delay(attempt: u32) -> Option<Duration> {
    const MINUTE: u64 = 60;
    let minutes = match attempt {
        0 | 1 => 1,
        2 => 5,
        3 => 15,
        4 => 60,
        5 => 4 * 60,
        _ => return None,
    };
    Some(Duration::from_secs(minutes * MINUTE))
}

/// What one [`drain`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub sent: u32,
    /// Back in the queue for a later attempt.
    pub retrying: u32,
    pub failed: u32,
    pub unconfirmed: u32,
    /// Each message tried, in order: its id, its state now, and the server's reply or the
    /// sentence saying why it did not go.
    pub outcomes: Vec<(i64, OutboxState, String)>,
    /// The failure that stopped the drain before the queue was empty, because every other
    /// message would have failed the same way ([`MailError::affects_every_message`]); the
    /// messages not tried stay Queued.
    pub stopped: Option<MailError>,
}

/// Sends the messages due, one at a time, with `send`, until none is due or a failure shows
/// that every other message would fail the same way.
///
/// What happens to a message that was not sent follows [`MailError::disposition`]:
/// - Temporary: back to Queued, due after [`retry_delay`]; Failed once the schedule is over.
/// - Permanent: Failed.
/// - Uncertain: Unconfirmed.
///
/// A failure that concerns the account rather than the message (the server cannot be reached,
/// the login is refused: [`MailError::affects_every_message`]) stops the drain. The message at
/// hand goes back to the queue on the schedule even when the failure is permanent, since
/// nothing is wrong with it, and the messages not yet tried stay Queued without an attempt
/// counted; [`DrainReport::stopped`] says why.
///
/// `clock` gives the time in seconds since 1970; only messages due when the drain starts are
/// claimed, so a message put back is never tried twice in one drain. `progress` hears of each
/// message as it is done: how many are done, its id and its state now.
///
/// A store error ends the drain at once; the message at hand stays Sending, and the store's
/// recovery makes it Unconfirmed.
pub fn drain<O: Outbox>(
    outbox: &mut O,
    mut send: impl FnMut(&OutgoingMail) -> Result<Delivered, MailError>,
    clock: impl Fn() -> i64,
    mut progress: impl FnMut(u32, i64, OutboxState),
) -> Result<DrainReport, O::Error> {
    let started = clock();
    let mut report = DrainReport::default();
    while let Some(queued) = outbox.claim_next(started)? {
        let id = queued.id;
        let attempt = queued.attempts + 1;
        let result = send(&queued.mail);
        let now = clock().max(started);

        let (state, text) = match result {
            Ok(delivered) => {
                outbox.mark_sent(id, &delivered, now)?;
                tracing::debug!(id, reply = delivered.reply, "message sent");
                (OutboxState::Sent, delivered.reply)
            }
            Err(error) => {
                let sentence = error.to_string();
                let state = match error.disposition() {
                    FailureKind::Uncertain => {
                        outbox.mark_unconfirmed(id, &sentence)?;
                        OutboxState::Unconfirmed
                    }
                    FailureKind::Permanent if !error.affects_every_message() => {
                        outbox.mark_failed(id, &sentence)?;
                        OutboxState::Failed
                    }
                    FailureKind::Temporary | FailureKind::Permanent => match retry_delay(attempt) {
                        Some(delay) => {
                            let due = now.saturating_add(delay.as_secs() as i64);
                            outbox.mark_retry(id, &sentence, due)?;
                            OutboxState::Queued
                        }
                        None => {
                            outbox.mark_failed(id, &sentence)?;
                            OutboxState::Failed
                        }
                    },
                };
                tracing::warn!(id, attempt, state = state.as_str(), error = %error, "message not sent");
                if error.affects_every_message() {
                    report.stopped = Some(error);
                }
                (state, sentence)
            }
        };

        match state {
            OutboxState::Sent => report.sent += 1,
            OutboxState::Queued => report.retrying += 1,
            OutboxState::Failed => report.failed += 1,
            OutboxState::Unconfirmed => report.unconfirmed += 1,
            OutboxState::Sending => {}
        }
        report.outcomes.push((id, state, text));
        progress(report.outcomes.len() as u32, id, state);
        if report.stopped.is_some() {
            break;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_message_waits_longer_after_each_attempt_and_is_given_up_after_the_sixth() {
        let minutes = |n: u64| Some(Duration::from_secs(n * 60));
        assert_eq!(retry_delay(1), minutes(1));
        assert_eq!(retry_delay(2), minutes(5));
        assert_eq!(retry_delay(3), minutes(15));
        assert_eq!(retry_delay(4), minutes(60));
        assert_eq!(retry_delay(5), minutes(240));
        assert_eq!(retry_delay(6), None);
        assert_eq!(retry_delay(u32::MAX), None);
        assert_eq!(retry_delay(0), minutes(1));
    }

    #[test]
    fn every_state_is_written_and_read_back_by_its_name() {
        for state in [
            OutboxState::Queued,
            OutboxState::Sending,
            OutboxState::Sent,
            OutboxState::Failed,
            OutboxState::Unconfirmed,
        ] {
            assert_eq!(OutboxState::parse(state.as_str()), Some(state));
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.as_str())
            );
        }
        assert_eq!(OutboxState::parse("Sent"), None);
    }
}
