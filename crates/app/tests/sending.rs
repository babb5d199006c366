//! Reminders executed by a dunning run and sent from the outbox to a real SMTP server on this
//! machine (aiosmtpd, as the mail crate's tests run it): the letter attached byte for byte as
//! it was printed, failures kept with the server's answer, and nothing sent twice.

#[allow(dead_code)]
#[path = "../../mail/tests/support/mod.rs"]
mod smtp;

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    AddressInput, CustomerInput, InvoiceInput, MailDecision, NewBook, OpenBook, SmtpSecurity,
    SmtpSettings,
};
use creditdesk_core::ledger::Channel;
use creditdesk_core::Currency;
use creditdesk_store::OutboxState;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Lakeside Tools' book, mailing through the server on `port`, with KOWALSKI (reminders by
/// email) and MEYER (no email address: letters on paper) each owing one invoice due on
/// 2025-02-28.
fn lakeside(dir: &std::path::Path, port: u16) -> OpenBook {
    let new = NewBook {
        name: "Lakeside Tools GmbH".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    let mut book = creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap();
    let mut company = book.company_settings().unwrap();
    company.address_lines = vec!["Seestrasse 4".into(), "8002 Zürich".into()];
    company.email = Some("accounts@lakeside.example".into());
    book.save_company_settings(&company).unwrap();
    book.save_smtp_settings(&SmtpSettings {
        host: "127.0.0.1".into(),
        port: u32::from(port),
        security: SmtpSecurity::None,
        username: None,
        from_address: "ar@lakeside.example".into(),
        from_name: Some("Lakeside Tools GmbH".into()),
        password_saved: false,
    })
    .unwrap();
    for (reference, name, email, number) in [
        (
            "KOWALSKI",
            "Kowalski Sp. z o.o.",
            Some("ap@kowalski.example"),
            "INV-101",
        ),
        ("MEYER", "Meyer Baustoffe KG", None, "INV-201"),
    ] {
        book.save_customer(&CustomerInput {
            reference: reference.into(),
            name: name.into(),
            country: Some("DE".into()),
            email: email.map(str::to_string),
            channel: Some(Channel::Email),
        })
        .unwrap();
        book.set_customer_address(&AddressInput {
            customer: reference.into(),
            lines: Some(vec![
                name.into(),
                "Hafenweg 1".into(),
                "20457 Hamburg".into(),
            ]),
            country: None,
            letter_language: None,
        })
        .unwrap();
        book.post_invoice(&InvoiceInput {
            number: number.into(),
            customer: reference.into(),
            issue_date: date("2025-01-29"),
            amount: "1000.00".parse().unwrap(),
            currency: None,
            due_date: Some(date("2025-02-28")),
            terms: None,
            disputed: false,
        })
        .unwrap();
    }
    let run = book.propose_dunning(date("2025-03-31")).unwrap();
    book.approve_dunning(run.id, None).unwrap();
    book.execute_dunning(run.id, date("2025-03-31")).unwrap();
    book
}

/// The outbox's only message.
fn the_message(book: &OpenBook) -> creditdesk_app::OutboxEntry {
    let outbox = book.outbox().unwrap();
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    outbox.into_iter().next().unwrap()
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_reminder_arrives_with_its_letter_attached_byte_for_byte() {
    let server = smtp::Server::start("plain", None);
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path(), server.port);

    let mut seen = Vec::new();
    let report = book
        .send_outbox(None, |p| seen.push((p.done, p.due)))
        .unwrap();
    assert_eq!(
        report.message,
        "1 sent, 0 to be tried again later, 0 failed, 0 unconfirmed."
    );
    assert_eq!(seen, [(1, 1)]);

    let received = server.received(0);
    assert_eq!(
        received["subject"],
        "Payment reminder D-2025-000001: 1,000.00 EUR overdue"
    );
    assert_eq!(received["rcpt_tos"][0], "ap@kowalski.example");
    assert_eq!(received["reply_to"], "accounts@lakeside.example");
    let attachment = &received["attachments"][0];
    assert_eq!(attachment["filename"], "D-2025-000001.pdf");
    assert_eq!(attachment["content_type"], "application/pdf");
    let sent: Vec<u8> = base64_decode(attachment["data"].as_str().unwrap());

    // The attachment is the communication's letter as it was printed at execution.
    let log = book.sent_communications(Some("KOWALSKI")).unwrap();
    let letter = book.communication_pdf(log[0].id).unwrap();
    assert_eq!(letter.file_name, "D-2025-000001-KOWALSKI.pdf");
    assert_eq!(sent, letter.bytes);
    let text = text_of(&letter.bytes);
    assert!(text.contains("Kowalski Sp. z o.o."), "{text}");
    assert!(text.contains("INV-101"), "{text}");

    let mail = the_message(&book);
    assert_eq!(mail.state, OutboxState::Sent);
    assert_eq!(mail.attempts, 1);
    assert_eq!(mail.server_reply.as_deref(), Some("250 2.0.0 Ok: kept"));

    // Sending again sends nothing: the server keeps one message.
    let again = book.send_outbox(None, |_| {}).unwrap();
    assert_eq!(
        again.message,
        "No message was due; the outbox has nothing to send now."
    );
    assert_eq!(server.kept(), 1);

    // MEYER's reminder went as a printed letter, kept as a PDF too.
    let meyer = book.sent_communications(Some("MEYER")).unwrap();
    let printed = book.communication_pdf(meyer[0].id).unwrap();
    assert!(text_of(&printed.bytes).contains("Meyer Baustoffe KG"));
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

#[test]
fn a_server_that_is_busy_keeps_the_reminder_queued_for_a_minute_later() {
    let server = smtp::Server::start("busy-once", None);
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path(), server.port);
    let before = now();
    let report = book.send_outbox(None, |_| {}).unwrap();
    assert_eq!(report.retrying, 1);
    let mail = the_message(&book);
    assert_eq!(mail.state, OutboxState::Queued);
    assert_eq!(mail.attempts, 1);
    assert!(mail.next_attempt >= before + 60 && mail.next_attempt <= now() + 60);
    assert!(
        mail.last_error.as_deref().unwrap_or("").contains("451"),
        "{:?}",
        mail.last_error
    );
    // Not due yet: nothing is sent now.
    assert_eq!(book.send_outbox(None, |_| {}).unwrap().sent, 0);
    assert_eq!(server.kept(), 0);
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[test]
fn a_refused_reminder_fails_with_the_server_answer_and_can_be_sent_again() {
    let refusing = smtp::Server::start("refuse", None);
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path(), refusing.port);
    let report = book.send_outbox(None, |_| {}).unwrap();
    assert_eq!(report.failed, 1);
    let mail = the_message(&book);
    assert_eq!(mail.state, OutboxState::Failed);
    assert!(
        mail.last_error.as_deref().unwrap().contains("550"),
        "{mail:?}"
    );

    // A failed message cannot be marked as arrived; it can be sent again.
    let err = book
        .decide_outbox(mail.id, MailDecision::Arrived)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        format!(
            "Message {} is failed; only an unconfirmed message can be marked as sent.",
            mail.id
        )
    );
    let queued = book
        .decide_outbox(mail.id, MailDecision::SendAgain)
        .unwrap();
    assert_eq!(queued.state, OutboxState::Queued);
    assert_eq!(queued.attempts, 0);

    // Once the settings point at a server that takes it, it goes.
    let taking = smtp::Server::start("plain", None);
    let mut settings = book.smtp_settings().unwrap();
    settings.port = u32::from(taking.port);
    book.save_smtp_settings(&settings).unwrap();
    assert_eq!(book.send_outbox(None, |_| {}).unwrap().sent, 1);
    assert_eq!(taking.kept(), 1);
    let err = book
        .decide_outbox(mail.id, MailDecision::SendAgain)
        .unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "Message {} is sent; only a failed or unconfirmed message can be sent again.",
            mail.id
        )
    );
    let err = book
        .decide_outbox(999, MailDecision::SendAgain)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        err.message,
        "No message with id 999 is in the outbox; `outbox` lists them."
    );
}

#[test]
fn a_reminder_whose_answer_was_lost_waits_for_a_person_and_is_never_resent_blindly() {
    let server = smtp::Server::start("hang-up", None);
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path(), server.port);
    let report = book.send_outbox(None, |_| {}).unwrap();
    assert_eq!(report.unconfirmed, 1);
    let mail = the_message(&book);
    assert_eq!(mail.state, OutboxState::Unconfirmed);
    // The server did keep it; the person who checks says so.
    assert_eq!(server.kept(), 1);
    assert_eq!(book.send_outbox(None, |_| {}).unwrap().sent, 0);
    let confirmed = book.decide_outbox(mail.id, MailDecision::Arrived).unwrap();
    assert_eq!(confirmed.state, OutboxState::Sent);
    assert_eq!(server.kept(), 1);
}

#[test]
fn a_message_left_sending_by_a_crash_is_marked_unconfirmed_not_sent_again() {
    let server = smtp::Server::start("plain", None);
    let dir = tempfile::tempdir().unwrap();
    let book = lakeside(dir.path(), server.port);
    drop(book);
    // A sender took the message and stopped before the server answered.
    let mut store = creditdesk_store::Book::open(&dir.path().join("book.creditdesk")).unwrap();
    assert!(store.claim_next_mail(now()).unwrap().is_some());
    drop(store);

    let mut book = OpenBook::open(&dir.path().join("book.creditdesk")).unwrap();
    let report = book.send_outbox(None, |_| {}).unwrap();
    assert_eq!(report.recovered, 1);
    assert_eq!(
        report.message,
        "No message was due; the outbox has nothing to send now. 1 message(s) were being sent \
         when CreditDesk last stopped; they are marked unconfirmed: ask whether they arrived, \
         then mark them sent or send them again."
    );
    assert_eq!(the_message(&book).state, OutboxState::Unconfirmed);
    assert_eq!(server.kept(), 0);
    // Told it did not arrive, CreditDesk sends it once.
    let mail = the_message(&book);
    book.decide_outbox(mail.id, MailDecision::SendAgain)
        .unwrap();
    assert_eq!(book.send_outbox(None, |_| {}).unwrap().sent, 1);
    assert_eq!(server.kept(), 1);
}

#[test]
fn an_unreachable_server_stops_sending_and_keeps_the_reminder_queued() {
    let dir = tempfile::tempdir().unwrap();
    let port = smtp::closed_port();
    let mut book = lakeside(dir.path(), port);
    let report = book.send_outbox(None, |_| {}).unwrap();
    let stopped = report.stopped.clone().unwrap();
    assert!(
        stopped.starts_with(&format!(
            "The mail server 127.0.0.1:{port} could not be reached: "
        )),
        "{stopped}"
    );
    assert_eq!(
        report.message,
        format!(
            "0 sent, 1 to be tried again later, 0 failed, 0 unconfirmed. Sending stopped: \
             {stopped} The other messages stay queued."
        )
    );
    let mail = the_message(&book);
    assert_eq!(mail.state, OutboxState::Queued);
    assert_eq!(mail.last_error.as_deref(), Some(stopped.as_str()));
}
