//! Mail of CreditDesk over SMTP: the account mail is sent through, the connection to its
//! server, the messages CreditDesk writes, and the outbox that sends them.
//!
//! The connection is plain, upgraded with STARTTLS, or TLS from the start, always with rustls
//! and the operating system's certificate verifier (no OpenSSL). Sending blocks until the
//! server has answered, at most [`TIMEOUT`] per step: call it off a user interface's thread.
//! The password is a parameter, never part of [`SmtpAccount`]: the desktop shell keeps it in the
//! operating system's keychain, and it appears in no message, log or report.
//!
//! A [`MailError`] is a sentence in the language of the thread that displays it (see
//! `creditdesk_core::text`); the message sent is in the [`Language`] the caller asks for.

mod error;
mod headers;
mod message;
mod outbox;
mod outgoing;
mod session;

use std::time::Duration;

use creditdesk_core::text::Word;
use lettre::address::Address;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use serde::{Deserialize, Serialize};

pub use creditdesk_core::text::Language;
pub use error::{FailureKind, MailError};
pub use message::test_message_text;
pub use outbox::{drain, retry_delay, DrainReport, Outbox, OutboxState, QueuedMail};
pub use outgoing::{message_id, MailAttachment, OutgoingMail};

use error::{RECIPIENT_ADDRESS, SENDER_ADDRESS};

/// How long one step of talking to a mail server (connecting, each command) may take.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// How the connection to the mail server is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SmtpSecurity {
    /// Plain text: only for a server on the same machine or network (port 25).
    None,
    /// Plain at first, then upgraded with STARTTLS before anything else is said; a server that
    /// does not offer it is refused (usually port 587).
    Starttls,
    /// TLS from the first byte (usually port 465).
    Tls,
}

impl SmtpSecurity {
    /// `none`, `starttls`, `tls`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SmtpSecurity::None => "none",
            SmtpSecurity::Starttls => "starttls",
            SmtpSecurity::Tls => "tls",
        }
    }

    pub fn parse(text: &str) -> Option<SmtpSecurity> {
        match text {
            "none" => Some(SmtpSecurity::None),
            "starttls" => Some(SmtpSecurity::Starttls),
            "tls" => Some(SmtpSecurity::Tls),
            _ => None,
        }
    }
}

/// The account mail is sent through, without its password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpAccount {
    /// The server's host name or address.
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// The user name to log in with; no login without one.
    pub username: Option<String>,
    /// The address messages are sent from.
    pub from_address: String,
    /// The name shown with it.
    pub from_name: Option<String>,
}

/// What the server said when it took a test message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TestMailReport {
    pub to: String,
    /// `host:port`.
    pub server: String,
    pub security: SmtpSecurity,
    /// The server's reply, e.g. `250 2.0.0 Ok: queued as 4F2A1`.
    pub reply: String,
}

/// How a connection to the server is made, besides what the account says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// Certificate authorities trusted besides the operating system's, as PEM: a company's own
    /// authority, or a test's.
    pub extra_roots: Vec<Vec<u8>>,
    /// How long one step (connecting, each command) may take.
    pub timeout: Duration,
}

impl Default for Connection {
    fn default() -> Connection {
        Connection {
            extra_roots: Vec::new(),
            timeout: TIMEOUT,
        }
    }
}

/// Sends a short message saying that mail from this account arrives, in `language`, to `to`.
pub fn send_test_mail(
    account: &SmtpAccount,
    password: Option<&str>,
    to: &str,
    language: Language,
) -> Result<TestMailReport, MailError> {
    send_test_mail_with(account, password, to, language, &Connection::default())
}

/// [`send_test_mail`] over a connection made as `connection` says.
pub fn send_test_mail_with(
    account: &SmtpAccount,
    password: Option<&str>,
    to: &str,
    language: Language,
    connection: &Connection,
) -> Result<TestMailReport, MailError> {
    let from = mailbox(
        &account.from_address,
        account.from_name.as_deref(),
        SENDER_ADDRESS,
    )?;
    let recipient = mailbox(to, None, RECIPIENT_ADDRESS)?;
    let server = session::server_name(account);
    let (subject, body) = test_message_text(language, &server, to, &account.from_address);
    let message = lettre::Message::builder()
        .from(from)
        .to(recipient)
        .raw_header(headers::subject(&subject))
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| MailError::Failed {
            server: server.clone(),
            reason: e.to_string(),
        })?;

    tracing::debug!(
        server,
        security = account.security.as_str(),
        "sending a test message"
    );
    let reply = session::deliver(
        account,
        password,
        connection,
        message.envelope(),
        &message.formatted(),
    )?;
    Ok(TestMailReport {
        to: to.trim().to_string(),
        server,
        security: account.security,
        reply,
    })
}

/// What the server said when it took a message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Delivered {
    /// `host:port`.
    pub server: String,
    /// The server's reply, e.g. `250 2.0.0 Ok: queued as 4F2A1`.
    pub reply: String,
}

/// Sends `mail` from `account`: see [`send_mail_with`].
pub fn send_mail(
    account: &SmtpAccount,
    password: Option<&str>,
    mail: &OutgoingMail,
) -> Result<Delivered, MailError> {
    send_mail_with(account, password, mail, &Connection::default())
}

/// Sends `mail` from `account` over a connection made as `connection` says, in one
/// conversation with the server, and gives back the server's reply. The addresses, the
/// attachments and the Message-ID are checked before anything is sent; what an error means for
/// trying again is [`MailError::disposition`].
pub fn send_mail_with(
    account: &SmtpAccount,
    password: Option<&str>,
    mail: &OutgoingMail,
    connection: &Connection,
) -> Result<Delivered, MailError> {
    let message = outgoing::build(account, mail)?;
    let server = session::server_name(account);
    tracing::debug!(
        server,
        message_id = mail.message_id,
        attachments = mail.attachments.len(),
        "sending a message"
    );
    let reply = session::deliver(
        account,
        password,
        connection,
        message.envelope(),
        &message.formatted(),
    )?;
    Ok(Delivered { server, reply })
}

/// Whether `text` (spaces around it ignored) is an address mail can be sent to: a local part,
/// `@`, and a domain with a dot in it (or `localhost`).
pub fn is_email_address(text: &str) -> bool {
    address(text).is_some()
}

fn address(text: &str) -> Option<Address> {
    let parsed: Address = text.trim().parse().ok()?;
    // An address without a dot in its domain is never one a person means to send to.
    (parsed.domain().contains('.') || parsed.domain() == "localhost").then_some(parsed)
}

fn mailbox(text: &str, name: Option<&str>, field: Word) -> Result<Mailbox, MailError> {
    let parsed = address(text).ok_or_else(|| MailError::InvalidAddress {
        field,
        value: text.to_string(),
    })?;
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    Ok(Mailbox::new(name.map(str::to_string), parsed))
}
