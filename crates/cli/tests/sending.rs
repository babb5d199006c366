//! From the command line, as a nightly script would: set the company and the mail account,
//! run the ladder, send the outbox to a real SMTP server on this machine (aiosmtpd, as the
//! mail crate's tests run it), and print a letter.

#[allow(dead_code)]
#[path = "../../mail/tests/support/mod.rs"]
mod smtp;
mod support;

use support::{creditdesk, run, stderr};

/// A book whose customer KOWALSKI (reminders by email) owes INV-101, due 2025-02-28, with the
/// company's details and the mail account at `port` set.
fn book(dir: &std::path::Path, port: u16) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    run(&[
        "book",
        "new",
        &book,
        "--name",
        "Lakeside Tools GmbH",
        "--currency",
        "EUR",
    ]);
    let port = port.to_string();
    for step in [
        vec![
            "settings",
            "company",
            "--address-line",
            "Seestrasse 4",
            "--address-line",
            "8002 Zürich",
            "--country",
            "CH",
            "--email",
            "accounts@lakeside.example",
        ],
        vec![
            "settings",
            "mail",
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--security",
            "none",
            "--from",
            "ar@lakeside.example",
        ],
        vec![
            "add-customer",
            "KOWALSKI",
            "--name",
            "Kowalski Sp. z o.o.",
            "--email",
            "ap@kowalski.example",
            "--channel",
            "email",
        ],
        vec![
            "customer",
            "address",
            "KOWALSKI",
            "--line",
            "ul. Długa 5",
            "--line",
            "00-001 Warszawa",
            "--country",
            "PL",
        ],
        vec![
            "post-invoice",
            "INV-101",
            "--customer",
            "KOWALSKI",
            "--date",
            "2025-01-29",
            "--amount",
            "1000.00",
            "--due",
            "2025-02-28",
        ],
    ] {
        let mut args = vec!["--book", book.as_str()];
        args.extend(step);
        run(&args);
    }
    book
}

/// Proposes, approves and executes the run of 2025-03-31: KOWALSKI's reminder is queued.
fn execute_the_run_of(book: &str) {
    run(&[
        "--book",
        book,
        "dunning",
        "propose",
        "--as-of",
        "2025-03-31",
    ]);
    run(&["--book", book, "dunning", "approve", "1", "--all"]);
    run(&[
        "--book",
        book,
        "dunning",
        "execute",
        "1",
        "--today",
        "2025-03-31",
    ]);
}

#[test]
fn a_nightly_run_sends_its_reminders_and_prints_its_letters() {
    let server = smtp::Server::start("plain", None);
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path(), server.port);

    execute_the_run_of(&book);

    let out = creditdesk(&["--book", &book, "outbox", "send"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "1 sent: 250 2.0.0 Ok: kept\n1 sent, 0 to be tried again later, 0 failed, 0 \
         unconfirmed.\n"
    );
    let received = server.received(0);
    assert_eq!(received["rcpt_tos"][0], "ap@kowalski.example");
    assert_eq!(received["attachments"][0]["filename"], "D-2025-000001.pdf");

    let pdf = dir.path().join("letter.pdf");
    let said = run(&[
        "--book",
        &book,
        "letter",
        "render",
        "1",
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert_eq!(said, format!("Wrote {} ({size} bytes).\n", pdf.display()));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("ul. Długa 5"), "{text}");
    assert!(text.contains("D-2025-000001"), "{text}");

    // Sending again sends nothing.
    assert_eq!(
        run(&["--book", &book, "outbox", "send"]),
        "No message was due; the outbox has nothing to send now.\n"
    );
    assert_eq!(server.kept(), 1);
}

#[test]
fn a_lost_answer_is_settled_by_a_person_from_the_command_line() {
    let server = smtp::Server::start("hang-up", None);
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path(), server.port);
    execute_the_run_of(&book);
    let said = run(&["--book", &book, "outbox", "send"]);
    assert!(said.starts_with("1 unconfirmed: "), "{said}");
    assert_eq!(
        run(&["--book", &book, "outbox", "confirm", "1"]),
        "Message 1 is marked sent; it will not be sent again.\n"
    );
    let out = creditdesk(&["--book", &book, "outbox", "resend", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: Message 1 is sent; only a failed or unconfirmed message can be sent again.\n"
    );
    let out = creditdesk(&["--book", &book, "letter", "render", "9", "--pdf", "x.pdf"]);
    assert_eq!(
        stderr(&out),
        "error: No communication with id 9 is in the book; `communications` lists them with \
         their ids.\n"
    );
}

#[test]
fn the_company_and_mail_settings_are_shown_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path(), 2525);
    assert_eq!(
        run(&["--book", &book, "settings", "mail"]),
        "server     127.0.0.1:2525\nsecurity   none\nuser name  -\nfrom       \
         ar@lakeside.example\nfrom name  -\n"
    );
    let out = creditdesk(&["--book", &book, "settings", "mail", "--security", "ssl"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: The security \"ssl\" is not known; write none, starttls or tls.\n"
    );
    let company = run(&["--book", &book, "settings", "company"]);
    assert!(
        company.starts_with(
            "legal name       Lakeside Tools GmbH\naddress          Seestrasse 4, 8002 Zürich\n"
        ),
        "{company}"
    );
}

#[test]
fn a_send_stopped_by_an_unreachable_server_fails_for_a_scheduled_job_to_see() {
    let dir = tempfile::tempdir().unwrap();
    let port = smtp::closed_port();
    let book = book(dir.path(), port);
    execute_the_run_of(&book);
    let out = creditdesk(&["--book", &book, "outbox", "send"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(
        said.starts_with(&format!(
            "error: 0 sent, 1 to be tried again later, 0 failed, 0 unconfirmed. Sending \
             stopped: The mail server 127.0.0.1:{port} could not be reached: "
        )),
        "{said}"
    );
    assert!(
        said.ends_with(" The other messages stay queued.\n"),
        "{said}"
    );
}
