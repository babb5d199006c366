//! Messages sent to a real SMTP server (see `support`): test messages, reminders with
//! attachments, every way a server can fail to take a message, and the outbox drained through
//! it.

// Each test binary uses a part of what the support module offers.
#[allow(dead_code)]
mod support;

use std::time::Duration;

use creditdesk_mail::{
    drain, send_mail, send_mail_with, send_test_mail, send_test_mail_with, Connection, FailureKind,
    Language, MailAttachment, MailError, OutboxState, OutgoingMail, SmtpSecurity,
};
use support::{account, certificates, closed_port, reminder, MemoryOutbox, Server};

#[test]
fn a_test_message_in_english_arrives_over_a_plain_connection() {
    let server = Server::start("plain", None);
    let account = account(server.port, SmtpSecurity::None);

    let report = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap();

    assert_eq!(report.server, format!("127.0.0.1:{}", server.port));
    assert_eq!(report.reply, "250 2.0.0 Ok: kept");
    let got = server.received(0);
    assert_eq!(got["mail_from"], "ar@brightwater.example");
    assert_eq!(
        got["rcpt_tos"],
        serde_json::json!(["controller@harbour.example"])
    );
    assert_eq!(got["subject"], "CreditDesk test message");
    assert_eq!(
        got["from"],
        "Brightwater Supplies Ltd <ar@brightwater.example>"
    );
    assert_eq!(got["to"], "controller@harbour.example");
    assert_eq!(got["content_type"], "text/plain");
    assert_eq!(got["has_date"], true);
    assert_eq!(got["has_message_id"], true);
    assert_eq!(got["encrypted"], false);
    assert_eq!(
        got["body"],
        format!(
            "This is a test message from CreditDesk.\n\nIt was sent through the mail server \
             127.0.0.1:{} from ar@brightwater.example to controller@harbour.example. If you can \
             read it, letters and reminders sent from CreditDesk will arrive too.",
            server.port
        )
    );
}

#[test]
fn a_test_message_in_chinese_keeps_its_subject_and_body_through_the_server() {
    let server = Server::start("plain", None);
    let mut account = account(server.port, SmtpSecurity::None);
    account.from_name = Some("明水贸易有限公司".into());

    send_test_mail(
        &account,
        None,
        "finance@harbour.example",
        Language::SimplifiedChinese,
    )
    .unwrap();

    let got = server.received(0);
    assert_eq!(got["subject"], "CreditDesk 测试邮件");
    assert_eq!(got["from"], "明水贸易有限公司 <ar@brightwater.example>");
    assert_eq!(
        got["body"],
        format!(
            "这是一封来自 CreditDesk 的测试邮件。\n\n它经由邮件服务器 127.0.0.1:{} 从 \
             ar@brightwater.example 发送到 finance@harbour.example。如果您能读到这封邮件，\
             CreditDesk 发出的信函和催款提醒也能送达。",
            server.port
        )
    );
}

#[test]
fn a_test_message_arrives_over_starttls_with_a_trusted_authority() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Starttls);

    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };
    let report = send_test_mail_with(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
        &trusting,
    )
    .unwrap();

    assert_eq!(report.security, SmtpSecurity::Starttls);
    let got = server.received(0);
    assert_eq!(got["subject"], "CreditDesk test message");
    assert_eq!(got["encrypted"], true);
}

#[test]
fn a_test_message_arrives_over_tls_from_the_first_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("tls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Tls);

    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };
    send_test_mail_with(
        &account,
        None,
        "controller@harbour.example",
        Language::SimplifiedChinese,
        &trusting,
    )
    .unwrap();

    let got = server.received(0);
    assert_eq!(got["subject"], "CreditDesk 测试邮件");
    assert_eq!(got["encrypted"], true);
}

#[test]
fn an_account_logs_in_with_its_password_and_a_wrong_one_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls-login", Some((&certificate, &key)));
    let mut account = account(server.port, SmtpSecurity::Starttls);
    account.username = Some("ar@brightwater.example".into());
    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };
    let send = |password| {
        send_test_mail_with(
            &account,
            Some(password),
            "controller@harbour.example",
            Language::English,
            &trusting,
        )
    };

    send("s3cret pass").unwrap();
    assert_eq!(server.received(0)["subject"], "CreditDesk test message");

    let err = send("guess").unwrap_err();
    assert!(matches!(err, MailError::LoginRefused { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "The mail server 127.0.0.1:{} refused the user name or the password (535 5.7.8 \
             Authentication credentials invalid); check them in the mail settings and save the \
             password again.",
            server.port
        )
    );
    assert!(
        !err.to_string().contains("guess"),
        "a message never shows the password"
    );
}

#[test]
fn a_server_whose_certificate_no_authority_vouches_for_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Starttls);

    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();

    let MailError::Insecure { server: named, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(named, &format!("127.0.0.1:{}", server.port));
    assert!(
        err.to_string().ends_with(
            ". Check the security setting: STARTTLS usually goes with port 587, TLS with port \
             465."
        ),
        "{err}"
    );
}

#[test]
fn addresses_are_checked_before_anything_is_sent() {
    let account = account(25, SmtpSecurity::None);
    let err =
        send_test_mail(&account, None, "controller at harbour", Language::English).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The recipient address \"controller at harbour\" is not an email address; write it as \
         name@example.com."
    );

    let mut account = account.clone();
    account.from_address = "ar@brightwater".into();
    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The sender address \"ar@brightwater\" is not an email address; write it as \
         name@example.com."
    );
}

#[test]
fn an_account_with_a_user_name_needs_its_password() {
    let mut account = account(25, SmtpSecurity::Starttls);
    account.username = Some("ar@brightwater.example".into());
    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "The account logs in as ar@brightwater.example, but no password was given; save the \
         password in the mail settings, then try again."
    );
}

#[test]
fn a_server_that_never_answers_is_given_up_on() {
    // It takes the connection and says nothing.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let silent = std::thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let account = account(port, SmtpSecurity::None);
    let quick = Connection {
        timeout: Duration::from_millis(300),
        ..Connection::default()
    };

    let err = send_test_mail_with(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
        &quick,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "The mail server 127.0.0.1:{port} did not answer in time; check the server name, \
             the port and the security setting."
        )
    );
    drop(silent.join());
}

#[test]
fn a_server_that_is_not_listening_is_named_in_the_message() {
    // A port that was free a moment ago: nothing listens on it.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let account = account(port, SmtpSecurity::None);
    let err = send_test_mail(
        &account,
        None,
        "controller@harbour.example",
        Language::English,
    )
    .unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "The mail server 127.0.0.1:{port} could not be reached: "
        )),
        "{text}"
    );
    assert!(
        text.ends_with(". Check the server name and the port, and that this computer is online."),
        "{text}"
    );
}

#[test]
fn every_reason_a_message_was_not_sent_reads_in_chinese() {
    use creditdesk_core::text::{has_chinese, Word};

    let server = || "smtp.example.test:587".to_string();
    let table = [
        (
            MailError::InvalidAddress {
                field: Word::new("sender address", "发件地址"),
                value: "ar@brightwater".into(),
            },
            "发件地址“ar@brightwater”不是有效的电子邮件地址；请按 name@example.com 的格式填写。",
        ),
        (
            MailError::MissingPassword {
                username: "ar@brightwater.example".into(),
            },
            "该账户以 ar@brightwater.example 登录，但未提供密码；请在邮件设置中保存密码后重试。",
        ),
        (
            MailError::Unreachable {
                server: server(),
                reason: "Connection refused (os error 111)".into(),
            },
            "无法连接邮件服务器 smtp.example.test:587：Connection refused (os error 111)。请检查\
             服务器名称和端口，并确认这台计算机已联网。",
        ),
        (
            MailError::Insecure {
                server: server(),
                reason: "invalid peer certificate: UnknownIssuer".into(),
            },
            "无法与邮件服务器 smtp.example.test:587 建立安全连接：invalid peer certificate: \
             UnknownIssuer。请检查加密方式设置：STARTTLS 通常使用 587 端口，TLS 通常使用 465 端口。",
        ),
        (
            MailError::Timeout { server: server() },
            "邮件服务器 smtp.example.test:587 未能及时响应；请检查服务器名称、端口和加密方式设置。",
        ),
        (
            MailError::LoginRefused {
                server: server(),
                reply: "535 5.7.8 Authentication credentials invalid".into(),
            },
            "邮件服务器 smtp.example.test:587 拒绝了用户名或密码（535 5.7.8 Authentication \
             credentials invalid）；请在邮件设置中核对，并重新保存密码。",
        ),
        (
            MailError::Refused {
                server: server(),
                reply: "550 5.1.1 Mailbox unknown".into(),
            },
            "邮件服务器 smtp.example.test:587 拒收了该邮件（550 5.1.1 Mailbox unknown）；请检查\
             发件地址和收件地址，或咨询邮件服务商。",
        ),
        (
            MailError::TryLater {
                server: server(),
                reply: "451 4.3.0 Try again later".into(),
            },
            "邮件服务器 smtp.example.test:587 暂时无法接收该邮件（451 4.3.0 Try again later）；\
             请过几分钟再试。",
        ),
        (
            MailError::Failed {
                server: server(),
                reason: "the connection was closed".into(),
            },
            "无法通过 smtp.example.test:587 发送邮件：the connection was closed。",
        ),
        (
            MailError::NoRecipient,
            "该邮件没有收件人；请至少填写一个收件地址。",
        ),
        (
            MailError::InvalidAttachment {
                file_name: "Mahnung.pdf".into(),
                content_type: "pdf".into(),
            },
            "附件“Mahnung.pdf”的内容类型“pdf”不是有效的 MIME 类型；请填写如 application/pdf 的类型。",
        ),
        (
            MailError::InvalidMessageId {
                value: "outbox-17".into(),
            },
            "邮件标识“outbox-17”不符合 <left@right> 的格式，因此未发送该邮件；这是 CreditDesk \
             的缺陷，请连同这句话一起报告。",
        ),
        (
            MailError::NoStarttls { server: server() },
            "邮件服务器 smtp.example.test:587 不支持 STARTTLS，因此未通过未加密的连接发送任何\
             内容。如果服务器支持 TLS（通常为 465 端口），请改用 TLS；否则请向邮件服务商询问正确\
             的端口和加密方式。",
        ),
        (
            MailError::Unconfirmed {
                server: server(),
                reason: "the server closed the connection".into(),
            },
            "邮件已发往邮件服务器 smtp.example.test:587，但在服务器确认之前连接已中断（the \
             server closed the connection），因此无法确定是否送达。请向收件人确认，然后将其标记\
             为已发送或重新发送。",
        ),
        (
            MailError::ConfirmationTimeout { server: server() },
            "邮件已发往邮件服务器 smtp.example.test:587，但服务器未能及时确认，因此无法确定是否\
             送达。请向收件人确认，然后将其标记为已发送或重新发送。",
        ),
    ];
    for (err, expected) in table {
        let said = Language::SimplifiedChinese.during(|| err.to_string());
        assert_eq!(said, expected);
        assert!(has_chinese(&said));
    }

    // A refusal made by the crate itself, shown by the thread that asked for the message.
    let account = account(25, SmtpSecurity::None);
    let said = Language::SimplifiedChinese.during(|| {
        send_test_mail(&account, None, "controller at harbour", Language::English)
            .unwrap_err()
            .to_string()
    });
    assert_eq!(
        said,
        "收件地址“controller at harbour”不是有效的电子邮件地址；请按 name@example.com 的格式填写。"
    );
}

/// A document that looks like a PDF and has every byte value in it, so that any change in
/// transit shows.
fn pdf_bytes() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(5000));
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Brightwater's reminder to Harbour Traders for invoice 2024-031, with the reminder letter and
/// a statement attached.
fn reminder_with_documents() -> OutgoingMail {
    OutgoingMail {
        to: vec![
            "accounts@harbour.example".into(),
            "controller@harbour.example".into(),
        ],
        cc: vec!["sales@brightwater.example".into()],
        reply_to: Some("credit@brightwater.example".into()),
        subject: "Payment reminder: invoice 2024-031".into(),
        body: "Dear Harbour Traders,\n\nInvoice 2024-031 of 1,250.00 EUR was due on 2024-11-30 \
               and is still open. The reminder and your statement are attached.\n\nBrightwater \
               Supplies Ltd\n"
            .into(),
        attachments: vec![
            MailAttachment {
                file_name: "Reminder-2024-031.pdf".into(),
                content_type: "application/pdf".into(),
                bytes: pdf_bytes(),
            },
            MailAttachment {
                file_name: "Statement.csv".into(),
                content_type: "text/csv".into(),
                bytes: b"invoice,due,open\r\n2024-031,2024-11-30,1250.00\r\n".to_vec(),
            },
        ],
        message_id: creditdesk_mail::message_id(17, 1_733_372_800, "ar@brightwater.example"),
    }
}

#[test]
fn a_reminder_arrives_with_its_documents_byte_for_byte() {
    let server = Server::start("plain", None);
    let account = account(server.port, SmtpSecurity::None);
    let mail = reminder_with_documents();

    let delivered = send_mail(&account, None, &mail).unwrap();

    assert_eq!(delivered.server, format!("127.0.0.1:{}", server.port));
    assert_eq!(delivered.reply, "250 2.0.0 Ok: kept");
    let got = server.received(0);
    assert_eq!(
        got["rcpt_tos"],
        serde_json::json!([
            "accounts@harbour.example",
            "controller@harbour.example",
            "sales@brightwater.example"
        ]),
        "Cc recipients are in the envelope too"
    );
    assert_eq!(
        got["to"],
        "accounts@harbour.example, controller@harbour.example"
    );
    assert_eq!(got["cc"], "sales@brightwater.example");
    assert_eq!(got["reply_to"], "credit@brightwater.example");
    assert_eq!(
        got["message_id"],
        "<outbox-17.1733372800@brightwater.example>"
    );
    assert_eq!(got["subject"], "Payment reminder: invoice 2024-031");
    assert_eq!(got["content_type"], "multipart/mixed");
    assert_eq!(got["body"], mail.body.trim_end());
    assert_eq!(
        got["attachments"],
        serde_json::json!([
            {
                "filename": "Reminder-2024-031.pdf",
                "content_type": "application/pdf",
                "data": base64_of(&pdf_bytes()),
            },
            {
                "filename": "Statement.csv",
                "content_type": "text/csv",
                "data": base64_of(b"invoice,due,open\r\n2024-031,2024-11-30,1250.00\r\n"),
            },
        ])
    );
}

/// Every encoded-word in `raw`, as written.
fn encoded_words(raw: &str) -> Vec<&str> {
    raw.split_whitespace()
        .filter(|token| token.starts_with("=?"))
        .collect()
}

/// What an encoded-word `=?utf-8?b?...?=` says.
fn decode_word(word: &str) -> String {
    use base64::Engine;
    let inner = word
        .strip_prefix("=?utf-8?b?")
        .and_then(|w| w.strip_suffix("?="))
        .unwrap_or_else(|| panic!("not a UTF-8 base64 encoded-word: {word}"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(inner)
        .unwrap();
    String::from_utf8(bytes).unwrap()
}

/// Case B27: a German and Chinese subject and attachment name reach the recipient's mail program
/// exactly, written as RFC 2047 words that split no word and an RFC 2231 file name.
#[test]
fn case_b27_a_reminder_to_mueller_and_zhang_keeps_its_subject_and_file_name() {
    let server = Server::start("plain", None);
    let account = account(server.port, SmtpSecurity::None);
    let subject = "Zahlungserinnerung: Rechnung 2024-017 – Administratör 客户";
    let file_name = "Mahnung_Müller_发票-2024-017.pdf";
    let mail = OutgoingMail {
        to: vec!["buchhaltung@mueller-zhang.example".into()],
        cc: Vec::new(),
        reply_to: None,
        subject: subject.into(),
        body: "Sehr geehrte Damen und Herren, 您好：\n\nRechnung 2024-017 ist überfällig.\n".into(),
        attachments: vec![MailAttachment {
            file_name: file_name.into(),
            content_type: "application/pdf".into(),
            bytes: pdf_bytes(),
        }],
        message_id: creditdesk_mail::message_id(27, 1_733_372_800, "ar@brightwater.example"),
    };

    send_mail(&account, None, &mail).unwrap();

    let got = server.received(0);
    assert_eq!(got["subject"], subject, "the subject reads back exactly");
    assert_eq!(
        got["attachments"][0]["filename"], file_name,
        "the file name reads back exactly"
    );
    assert_eq!(got["attachments"][0]["data"], base64_of(&pdf_bytes()));
    assert_eq!(
        got["body"],
        "Sehr geehrte Damen und Herren, 您好：\n\nRechnung 2024-017 ist überfällig."
    );

    let raw = got["raw"].as_str().unwrap().replace("\r\n", "\n");
    let unfolded = raw.replace("\n ", " ");
    assert!(
        unfolded.lines().any(|line| line
            == "Content-Disposition: attachment; \
                filename*=utf-8''Mahnung_M%C3%BCller_%E5%8F%91%E7%A5%A8-2024-017.pdf"),
        "the file name is an RFC 2231 parameter:\n{raw}"
    );
    for line in raw.lines() {
        assert!(line.len() <= 78, "a line longer than 78 characters: {line}");
    }
    let words = encoded_words(&raw);
    assert!(!words.is_empty(), "the subject is encoded:\n{raw}");
    for word in &words {
        assert!(word.len() <= 75, "an encoded-word longer than 75: {word}");
    }
    let subject_words: Vec<&str> = subject.split(' ').collect();
    for word in &words {
        let decoded = decode_word(word);
        assert!(
            decoded
                .trim()
                .split(' ')
                .all(|part| subject_words.contains(&part)),
            "an encoded-word splits a word: {decoded:?}"
        );
    }
}

#[test]
fn a_reminder_arrives_over_starttls_with_the_companys_own_authority() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls", Some((&certificate, &key)));
    let account = account(server.port, SmtpSecurity::Starttls);
    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };

    let delivered = send_mail_with(&account, None, &reminder_with_documents(), &trusting).unwrap();

    assert_eq!(delivered.reply, "250 2.0.0 Ok: kept");
    let got = server.received(0);
    assert_eq!(got["encrypted"], true);
    assert_eq!(got["attachments"][0]["data"], base64_of(&pdf_bytes()));
}

#[test]
fn a_server_without_starttls_gets_nothing_from_an_account_that_requires_it() {
    let server = Server::start("plain", None);
    let account = account(server.port, SmtpSecurity::Starttls);

    let err = send_mail(&account, None, &reminder(1, "2024-031")).unwrap_err();

    assert_eq!(
        err.to_string(),
        format!(
            "The mail server 127.0.0.1:{} does not offer STARTTLS, so nothing was sent over the \
             unencrypted connection. Choose TLS if the server offers it (usually port 465), or \
             ask the mail provider for the right port and security setting.",
            server.port
        )
    );
    assert_eq!(err.disposition(), FailureKind::Permanent);
    assert_eq!(server.kept(), 0);
}

#[test]
fn a_server_that_is_not_listening_is_tried_again_later() {
    let port = closed_port();
    let account = account(port, SmtpSecurity::None);

    let err = send_mail(&account, None, &reminder(1, "2024-031")).unwrap_err();

    assert!(matches!(err, MailError::Unreachable { .. }), "{err:?}");
    assert_eq!(err.disposition(), FailureKind::Temporary);
    assert!(err.affects_every_message());
}

#[test]
fn a_server_that_refuses_the_message_has_it_failed() {
    let server = Server::start("refuse", None);
    let account = account(server.port, SmtpSecurity::None);

    let err = send_mail(&account, None, &reminder(1, "2024-031")).unwrap_err();

    assert_eq!(
        err.to_string(),
        format!(
            "The mail server 127.0.0.1:{} refused the message (550 5.7.1 Message refused by \
             policy); check the sender and the recipient addresses, or ask the mail provider.",
            server.port
        )
    );
    assert_eq!(
        err.disposition(),
        FailureKind::Permanent,
        "a 5xx reply to the content is a clear no, not an unknown"
    );

    let mut outbox = MemoryOutbox::default();
    let first = outbox.queue(reminder(1, "2024-031"), 1_000);
    let second = outbox.queue(reminder(2, "2024-032"), 1_000);
    let report = drain(
        &mut outbox,
        |mail| send_mail(&account, None, mail),
        || 1_000,
        |_, _, _| {},
    )
    .unwrap();
    assert_eq!((report.failed, report.stopped), (2, None));
    assert_eq!(outbox.entry(first).state, OutboxState::Failed);
    assert_eq!(outbox.entry(second).state, OutboxState::Failed);
    assert_eq!(
        outbox.entry(first).error.as_deref(),
        Some(err.to_string().as_str())
    );
}

#[test]
fn a_wrong_password_is_permanent_and_stops_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, certificate, key) = certificates(dir.path());
    let server = Server::start("starttls-login", Some((&certificate, &key)));
    let mut account = account(server.port, SmtpSecurity::Starttls);
    account.username = Some("ar@brightwater.example".into());
    let trusting = Connection {
        extra_roots: vec![authority],
        ..Connection::default()
    };

    let err =
        send_mail_with(&account, Some("guess"), &reminder(1, "2024-031"), &trusting).unwrap_err();
    assert!(matches!(err, MailError::LoginRefused { .. }), "{err:?}");
    assert_eq!(err.disposition(), FailureKind::Permanent);

    let mut outbox = MemoryOutbox::default();
    let first = outbox.queue(reminder(1, "2024-031"), 1_000);
    let second = outbox.queue(reminder(2, "2024-032"), 1_000);
    let report = drain(
        &mut outbox,
        |mail| send_mail_with(&account, Some("guess"), mail, &trusting),
        || 1_000,
        |_, _, _| {},
    )
    .unwrap();
    assert_eq!(report.stopped, Some(err));
    assert_eq!(report.outcomes.len(), 1, "the second message is not tried");
    assert_eq!(
        outbox.entry(first).state,
        OutboxState::Queued,
        "nothing is wrong with the message: it goes once the password is right"
    );
    assert_eq!(outbox.entry(first).due, 1_060);
    assert_eq!(outbox.entry(second).attempts, 0);

    let report = drain(
        &mut outbox,
        |mail| send_mail_with(&account, Some("s3cret pass"), mail, &trusting),
        || 1_060,
        |_, _, _| {},
    )
    .unwrap();
    assert_eq!((report.sent, report.stopped), (2, None));
    assert_eq!(server.kept(), 2);
}

#[test]
fn a_busy_server_gets_the_message_on_the_next_attempt() {
    let server = Server::start("busy-once", None);
    let account = account(server.port, SmtpSecurity::None);
    let mut outbox = MemoryOutbox::default();
    let id = outbox.queue(reminder(1, "2024-031"), 1_000);
    let send = |mail: &OutgoingMail| send_mail(&account, None, mail);

    let first = drain(&mut outbox, send, || 1_000, |_, _, _| {}).unwrap();
    assert_eq!(first.retrying, 1);
    assert_eq!(
        first.outcomes,
        [(
            id,
            OutboxState::Queued,
            format!(
                "The mail server 127.0.0.1:{} could not take the message now (451 4.3.0 Mailbox \
                 busy, try again later); try again in a few minutes.",
                server.port
            )
        )]
    );
    assert_eq!(
        outbox.entry(id).due,
        1_060,
        "one minute after the first attempt"
    );
    assert_eq!(server.kept(), 0);

    let early = drain(&mut outbox, send, || 1_059, |_, _, _| {}).unwrap();
    assert!(early.outcomes.is_empty(), "not due yet");

    let second = drain(&mut outbox, send, || 1_060, |_, _, _| {}).unwrap();
    assert_eq!(second.sent, 1);
    let entry = outbox.entry(id);
    assert_eq!(
        (entry.state, entry.attempts, entry.sent_at),
        (OutboxState::Sent, 2, Some(1_060))
    );
    assert_eq!(entry.reply.as_deref(), Some("250 2.0.0 Ok: kept"));
    assert_eq!(
        server.received(0)["subject"],
        "Payment reminder: invoice 2024-031"
    );
    assert_eq!(server.kept(), 1);
}

#[test]
fn an_unreachable_server_stops_the_outbox_and_keeps_every_message_queued() {
    let account = account(closed_port(), SmtpSecurity::None);
    let mut outbox = MemoryOutbox::default();
    for n in 1..=3 {
        outbox.queue(reminder(n, &format!("2024-03{n}")), 1_000);
    }
    let mut tried = 0;

    let report = drain(
        &mut outbox,
        |mail| {
            tried += 1;
            send_mail(&account, None, mail)
        },
        || 1_000,
        |_, _, _| {},
    )
    .unwrap();

    assert_eq!(tried, 1, "every other message would fail the same way");
    assert!(matches!(
        report.stopped,
        Some(MailError::Unreachable { .. })
    ));
    assert_eq!(report.retrying, 1);
    assert_eq!(outbox.states(), [OutboxState::Queued; 3]);
    assert_eq!(
        outbox
            .entries
            .iter()
            .map(|e| (e.attempts, e.due))
            .collect::<Vec<_>>(),
        [(1, 1_060), (0, 1_000), (0, 1_000)]
    );
}

#[test]
fn a_server_that_hangs_up_after_taking_the_content_leaves_the_message_unconfirmed() {
    let server = Server::start("hang-up", None);
    let account = account(server.port, SmtpSecurity::None);

    let err = send_mail(&account, None, &reminder(1, "2024-031")).unwrap_err();

    assert_eq!(
        err.to_string(),
        format!(
            "The message went to the mail server 127.0.0.1:{}, but the connection ended before \
             the server confirmed it (the server closed the connection), so it may or may not \
             have arrived. Ask the recipient whether it did, then mark it as sent or send it \
             again.",
            server.port
        )
    );
    assert_eq!(err.disposition(), FailureKind::Uncertain);
    assert_eq!(
        server.received(0)["subject"],
        "Payment reminder: invoice 2024-031",
        "the server did keep it: sending it again would deliver it twice"
    );

    let mut outbox = MemoryOutbox::default();
    let id = outbox.queue(reminder(2, "2024-032"), 1_000);
    let report = drain(
        &mut outbox,
        |mail| send_mail(&account, None, mail),
        || 1_000,
        |_, _, _| {},
    )
    .unwrap();
    assert_eq!(report.unconfirmed, 1);
    assert_eq!(outbox.entry(id).state, OutboxState::Unconfirmed);
    let later = drain(
        &mut outbox,
        |mail| send_mail(&account, None, mail),
        || 100_000,
        |_, _, _| {},
    )
    .unwrap();
    assert!(later.outcomes.is_empty(), "never sent again by itself");
}

#[test]
fn a_server_that_does_not_confirm_in_time_leaves_the_message_unconfirmed() {
    let server = Server::start("silent", None);
    let account = account(server.port, SmtpSecurity::None);
    let quick = Connection {
        timeout: Duration::from_secs(1),
        ..Connection::default()
    };

    let err = send_mail_with(&account, None, &reminder(1, "2024-031"), &quick).unwrap_err();

    assert_eq!(
        err.to_string(),
        format!(
            "The message went to the mail server 127.0.0.1:{}, but the server did not confirm \
             it in time, so it may or may not have arrived. Ask the recipient whether it did, \
             then mark it as sent or send it again.",
            server.port
        )
    );
    assert_eq!(err.disposition(), FailureKind::Uncertain);
    assert_eq!(server.kept(), 1);
}

#[test]
fn a_message_is_checked_before_anything_is_sent() {
    // Nothing listens here and nothing is tried: every check comes before connecting.
    let account = account(closed_port(), SmtpSecurity::None);
    let sentence = |mail: OutgoingMail| send_mail(&account, None, &mail).unwrap_err().to_string();

    let mut mail = reminder(1, "2024-031");
    mail.to.clear();
    assert_eq!(
        sentence(mail),
        "The message has no recipient; add at least one address to send it to."
    );

    let mut mail = reminder(1, "2024-031");
    mail.cc = vec!["sales at brightwater".into()];
    assert_eq!(
        sentence(mail),
        "The recipient address \"sales at brightwater\" is not an email address; write it as \
         name@example.com."
    );

    let mut mail = reminder(1, "2024-031");
    mail.reply_to = Some("credit@brightwater".into());
    assert_eq!(
        sentence(mail),
        "The reply-to address \"credit@brightwater\" is not an email address; write it as \
         name@example.com."
    );

    let mut mail = reminder(1, "2024-031");
    mail.attachments = vec![MailAttachment {
        file_name: "Mahnung.pdf".into(),
        content_type: "pdf".into(),
        bytes: pdf_bytes(),
    }];
    assert_eq!(
        sentence(mail),
        "The attachment \"Mahnung.pdf\" has the content type \"pdf\", which is not a MIME type; \
         give one such as application/pdf."
    );

    let mut mail = reminder(1, "2024-031");
    mail.message_id = "outbox-17".into();
    assert_eq!(
        sentence(mail),
        "The message identifier \"outbox-17\" is not of the form <left@right>, so the message \
         was not sent; this is a fault in CreditDesk, please report it with this sentence."
    );
}
