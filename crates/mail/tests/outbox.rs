//! The outbox drained with a scripted server: what becomes of each message when the server takes
//! it, asks for later, refuses it, cannot be reached, or leaves its fate unknown, and what a
//! crash in the middle leaves behind.

// Each test binary uses a part of what the support module offers.
#[allow(dead_code)]
mod support;

use std::collections::HashMap;

use creditdesk_core::text::Word;
use creditdesk_mail::{drain, Delivered, FailureKind, MailError, OutboxState, OutgoingMail};
use support::{reminder, MemoryOutbox};

const SERVER: &str = "smtp.brightwater.example:587";

fn delivered() -> Result<Delivered, MailError> {
    Ok(Delivered {
        server: SERVER.into(),
        reply: "250 2.0.0 Ok: queued as 4F2A1".into(),
    })
}

fn busy() -> Result<Delivered, MailError> {
    Err(MailError::TryLater {
        server: SERVER.into(),
        reply: "451 4.3.0 Mailbox busy".into(),
    })
}

fn unknown_mailbox() -> Result<Delivered, MailError> {
    Err(MailError::Refused {
        server: SERVER.into(),
        reply: "550 5.1.1 Mailbox unknown".into(),
    })
}

fn hung_up() -> Result<Delivered, MailError> {
    Err(MailError::Unconfirmed {
        server: SERVER.into(),
        reason: "Connection reset by peer (os error 104)".into(),
    })
}

fn unreachable() -> Result<Delivered, MailError> {
    Err(MailError::Unreachable {
        server: SERVER.into(),
        reason: "Connection refused (os error 111)".into(),
    })
}

/// One answer of a scripted server.
type Answer = fn() -> Result<Delivered, MailError>;

/// A server that answers each message with the next of its answers, by the message's subject.
struct ScriptedServer {
    answers: HashMap<String, Vec<Answer>>,
    sent: Vec<String>,
}

impl ScriptedServer {
    fn new(script: &[(&OutgoingMail, Vec<Answer>)]) -> Self {
        ScriptedServer {
            answers: script
                .iter()
                .map(|(mail, answers)| {
                    let mut answers = answers.clone();
                    answers.reverse();
                    (mail.subject.clone(), answers)
                })
                .collect(),
            sent: Vec::new(),
        }
    }

    fn send(&mut self, mail: &OutgoingMail) -> Result<Delivered, MailError> {
        self.sent.push(mail.subject.clone());
        let answer = self
            .answers
            .get_mut(&mail.subject)
            .and_then(Vec::pop)
            .unwrap_or_else(|| panic!("no answer left for {}", mail.subject));
        answer()
    }
}

#[test]
fn a_message_the_server_asks_to_send_later_goes_on_the_next_attempt() {
    let mut outbox = MemoryOutbox::default();
    let mail = reminder(1, "2024-031");
    let id = outbox.queue(mail.clone(), 1_000);
    let mut server = ScriptedServer::new(&[(&mail, vec![busy, delivered])]);

    let first = drain(&mut outbox, |m| server.send(m), || 1_000, |_, _, _| {}).unwrap();
    assert_eq!((first.sent, first.retrying), (0, 1));
    let entry = outbox.entry(id);
    assert_eq!(
        (entry.state, entry.attempts, entry.due),
        (OutboxState::Queued, 1, 1_060)
    );
    assert_eq!(
        entry.error.as_deref(),
        Some(
            "The mail server smtp.brightwater.example:587 could not take the message now (451 \
             4.3.0 Mailbox busy); try again in a few minutes."
        )
    );

    let early = drain(&mut outbox, |m| server.send(m), || 1_059, |_, _, _| {}).unwrap();
    assert_eq!(early, Default::default(), "not due before its minute is up");

    let second = drain(&mut outbox, |m| server.send(m), || 1_060, |_, _, _| {}).unwrap();
    assert_eq!(
        second.outcomes,
        [(
            id,
            OutboxState::Sent,
            "250 2.0.0 Ok: queued as 4F2A1".to_string()
        )]
    );
    let entry = outbox.entry(id);
    assert_eq!(
        (entry.state, entry.attempts, entry.sent_at),
        (OutboxState::Sent, 2, Some(1_060))
    );
}

#[test]
fn a_message_that_keeps_failing_is_given_up_after_five_and_a_half_hours() {
    let mut outbox = MemoryOutbox::default();
    let mail = reminder(1, "2024-031");
    let id = outbox.queue(mail.clone(), 0);
    let mut server = ScriptedServer::new(&[(&mail, vec![busy; 6])]);

    let mut now = 0;
    let mut waits = Vec::new();
    loop {
        let report = drain(&mut outbox, |m| server.send(m), || now, |_, _, _| {}).unwrap();
        let entry = outbox.entry(id);
        if entry.state != OutboxState::Queued {
            assert_eq!(report.failed, 1);
            break;
        }
        waits.push(entry.due - now);
        now = entry.due;
    }

    assert_eq!(waits, [60, 300, 900, 3_600, 14_400]);
    assert_eq!(now, 19_260, "the sixth attempt, 5 h 21 min after the first");
    let entry = outbox.entry(id);
    assert_eq!((entry.state, entry.attempts), (OutboxState::Failed, 6));
}

#[test]
fn a_refused_message_fails_and_the_next_one_still_goes() {
    let mut outbox = MemoryOutbox::default();
    let (refused, fine) = (reminder(1, "2024-031"), reminder(2, "2024-032"));
    let first = outbox.queue(refused.clone(), 1_000);
    let second = outbox.queue(fine.clone(), 1_000);
    let mut server =
        ScriptedServer::new(&[(&refused, vec![unknown_mailbox]), (&fine, vec![delivered])]);

    let report = drain(&mut outbox, |m| server.send(m), || 1_000, |_, _, _| {}).unwrap();

    assert_eq!((report.failed, report.sent, report.stopped), (1, 1, None));
    assert_eq!(outbox.entry(first).state, OutboxState::Failed);
    assert_eq!(outbox.entry(second).state, OutboxState::Sent);
    let later = drain(&mut outbox, |m| server.send(m), || 1_000_000, |_, _, _| {}).unwrap();
    assert!(
        later.outcomes.is_empty(),
        "a failed message is not tried again"
    );
}

#[test]
fn a_message_whose_fate_is_unknown_waits_for_a_person() {
    let mut outbox = MemoryOutbox::default();
    let mail = reminder(1, "2024-031");
    let id = outbox.queue(mail.clone(), 1_000);
    let mut server = ScriptedServer::new(&[(&mail, vec![hung_up])]);

    let report = drain(&mut outbox, |m| server.send(m), || 1_000, |_, _, _| {}).unwrap();

    assert_eq!(report.unconfirmed, 1);
    assert_eq!(outbox.entry(id).state, OutboxState::Unconfirmed);
    assert_eq!(
        outbox.entry(id).error.as_deref(),
        Some(
            "The message went to the mail server smtp.brightwater.example:587, but the \
             connection ended before the server confirmed it (Connection reset by peer (os error \
             104)), so it may or may not have arrived. Ask the recipient whether it did, then \
             mark it as sent or send it again."
        )
    );
    let later = drain(&mut outbox, |m| server.send(m), || 1_000_000, |_, _, _| {}).unwrap();
    assert!(later.outcomes.is_empty(), "never sent again by itself");
    assert_eq!(server.sent.len(), 1);
}

#[test]
fn an_unreachable_server_stops_the_drain_and_leaves_the_rest_queued() {
    let mut outbox = MemoryOutbox::default();
    let mails: Vec<_> = (1..=3)
        .map(|n| reminder(n, &format!("2024-03{n}")))
        .collect();
    for mail in &mails {
        outbox.queue(mail.clone(), 1_000);
    }
    let mut server = ScriptedServer::new(&[(&mails[0], vec![unreachable])]);

    let report = drain(&mut outbox, |m| server.send(m), || 1_000, |_, _, _| {}).unwrap();

    assert_eq!(server.sent, ["Payment reminder: invoice 2024-031"]);
    assert_eq!(report.retrying, 1);
    assert_eq!(report.stopped, unreachable().err());
    assert_eq!(
        outbox
            .entries
            .iter()
            .map(|e| (e.state, e.attempts))
            .collect::<Vec<_>>(),
        [
            (OutboxState::Queued, 1),
            (OutboxState::Queued, 0),
            (OutboxState::Queued, 0)
        ]
    );
}

#[test]
fn a_refused_login_stops_the_drain_without_failing_the_message() {
    let mut outbox = MemoryOutbox::default();
    let (first, second) = (reminder(1, "2024-031"), reminder(2, "2024-032"));
    outbox.queue(first.clone(), 1_000);
    outbox.queue(second.clone(), 1_000);
    fn refused_login() -> Result<Delivered, MailError> {
        Err(MailError::LoginRefused {
            server: SERVER.into(),
            reply: "535 5.7.8 Authentication credentials invalid".into(),
        })
    }
    let mut server = ScriptedServer::new(&[(&first, vec![refused_login])]);

    let report = drain(&mut outbox, |m| server.send(m), || 1_000, |_, _, _| {}).unwrap();

    assert_eq!(report.stopped, refused_login().err());
    assert_eq!(outbox.states(), [OutboxState::Queued, OutboxState::Queued]);
}

#[test]
fn every_message_ends_in_exactly_one_state_and_is_reported_once() {
    let mut outbox = MemoryOutbox::default();
    let mails: Vec<_> = (1..=6)
        .map(|n| reminder(n, &format!("2024-04{n}")))
        .collect();
    for mail in &mails {
        outbox.queue(mail.clone(), 1_000);
    }
    let mut server = ScriptedServer::new(&[
        (&mails[0], vec![delivered]),
        (&mails[1], vec![busy, delivered]),
        (&mails[2], vec![unknown_mailbox]),
        (&mails[3], vec![hung_up]),
        (&mails[4], vec![busy, busy]),
        (&mails[5], vec![delivered]),
    ]);
    let mut heard = Vec::new();

    let first = drain(
        &mut outbox,
        |m| server.send(m),
        || 1_000,
        |done, id, state| heard.push((done, id, state)),
    )
    .unwrap();
    let second = drain(&mut outbox, |m| server.send(m), || 1_060, |_, _, _| {}).unwrap();

    assert_eq!(
        heard,
        [
            (1, 1, OutboxState::Sent),
            (2, 2, OutboxState::Queued),
            (3, 3, OutboxState::Failed),
            (4, 4, OutboxState::Unconfirmed),
            (5, 5, OutboxState::Queued),
            (6, 6, OutboxState::Sent),
        ]
    );
    assert_eq!(
        (first.sent, first.retrying, first.failed, first.unconfirmed),
        (2, 2, 1, 1)
    );
    assert_eq!(
        second
            .outcomes
            .iter()
            .map(|(id, state, _)| (*id, *state))
            .collect::<Vec<_>>(),
        [(2, OutboxState::Sent), (5, OutboxState::Queued)]
    );
    assert_eq!(
        outbox.states(),
        [
            OutboxState::Sent,
            OutboxState::Sent,
            OutboxState::Failed,
            OutboxState::Unconfirmed,
            OutboxState::Queued,
            OutboxState::Sent,
        ]
    );
    let total = |r: &creditdesk_mail::DrainReport| r.sent + r.retrying + r.failed + r.unconfirmed;
    assert_eq!(total(&first) as usize, first.outcomes.len());
    assert_eq!(total(&second) as usize, second.outcomes.len());
}

#[test]
fn a_crash_while_sending_leaves_the_message_sending_until_a_person_confirms_it() {
    let mut outbox = MemoryOutbox::default();
    let id = outbox.queue(reminder(1, "2024-031"), 1_000);

    let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        drain(
            &mut outbox,
            |_| -> Result<Delivered, MailError> { panic!("the power went out") },
            || 1_000,
            |_, _, _| {},
        )
    }));

    assert!(crashed.is_err());
    assert_eq!(
        (outbox.entry(id).state, outbox.entry(id).attempts),
        (OutboxState::Sending, 1),
        "the claim was committed before sending"
    );
    outbox.recover();
    assert_eq!(outbox.entry(id).state, OutboxState::Unconfirmed);
    let after = drain(
        &mut outbox,
        |_| -> Result<Delivered, MailError> { panic!("must not be sent again") },
        || 1_000_000,
        |_, _, _| {},
    )
    .unwrap();
    assert!(after.outcomes.is_empty());
}

#[test]
fn every_failure_is_temporary_permanent_or_uncertain() {
    let server = || SERVER.to_string();
    let reason = || "Connection reset by peer (os error 104)".to_string();
    let table = [
        (
            MailError::InvalidAddress {
                field: Word::new("recipient address", "收件地址"),
                value: "x".into(),
            },
            FailureKind::Permanent,
            false,
        ),
        (
            MailError::InvalidAddress {
                field: Word::new("sender address", "发件地址"),
                value: "x".into(),
            },
            FailureKind::Permanent,
            true,
        ),
        (
            MailError::MissingPassword {
                username: "ar".into(),
            },
            FailureKind::Permanent,
            true,
        ),
        (MailError::NoRecipient, FailureKind::Permanent, false),
        (
            MailError::InvalidAttachment {
                file_name: "a".into(),
                content_type: "b".into(),
            },
            FailureKind::Permanent,
            false,
        ),
        (
            MailError::InvalidMessageId { value: "x".into() },
            FailureKind::Permanent,
            false,
        ),
        (
            MailError::Unreachable {
                server: server(),
                reason: reason(),
            },
            FailureKind::Temporary,
            true,
        ),
        (
            MailError::Insecure {
                server: server(),
                reason: "invalid peer certificate: UnknownIssuer".into(),
            },
            FailureKind::Permanent,
            true,
        ),
        (
            MailError::NoStarttls { server: server() },
            FailureKind::Permanent,
            true,
        ),
        (
            MailError::Timeout { server: server() },
            FailureKind::Temporary,
            true,
        ),
        (
            MailError::LoginRefused {
                server: server(),
                reply: "535 5.7.8".into(),
            },
            FailureKind::Permanent,
            true,
        ),
        (
            unknown_mailbox().unwrap_err(),
            FailureKind::Permanent,
            false,
        ),
        (busy().unwrap_err(), FailureKind::Temporary, false),
        (
            MailError::Failed {
                server: server(),
                reason: "response error".into(),
            },
            FailureKind::Permanent,
            true,
        ),
        (hung_up().unwrap_err(), FailureKind::Uncertain, false),
        (
            MailError::ConfirmationTimeout { server: server() },
            FailureKind::Uncertain,
            false,
        ),
    ];
    for (error, kind, every) in table {
        assert_eq!(error.disposition(), kind, "{error:?}");
        assert_eq!(error.affects_every_message(), every, "{error:?}");
    }
}
