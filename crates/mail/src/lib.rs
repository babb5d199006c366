//! Mail of CreditDesk over SMTP: the account mail is sent through, the connection to its
//! server, and the messages CreditDesk writes.
//!
//! The connection is plain, upgraded with STARTTLS, or TLS from the start, always with rustls
//! and the operating system's certificate verifier (no OpenSSL). Sending blocks until the
//! server has answered, at most [`TIMEOUT`] per step: call it off a user interface's thread.
//! The password is a parameter, never part of [`SmtpAccount`]: the desktop shell keeps it in the
//! operating system's keychain, and it appears in no message, log or report.
//!
//! A [`MailError`] is a sentence in the language of the thread that displays it (see
//! `creditdesk_core::text`); the message sent is in the [`Language`] the caller asks for.

mod message;

use std::fmt;
use std::time::Duration;

use creditdesk_core::say;
use creditdesk_core::text::Word;
use lettre::address::Address;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};
use serde::{Deserialize, Serialize};

pub use creditdesk_core::text::Language;
pub use message::test_message_text;

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

/// Why a message was not sent. Every message names the server or the address, says what went
/// wrong and what to do next; none contains the password. The server's reply and the system's
/// reason are quoted as they come.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    InvalidAddress { field: Word, value: String },

    MissingPassword { username: String },

    Unreachable { server: String, reason: String },

    Insecure { server: String, reason: String },

    Timeout { server: String },

    LoginRefused { server: String, reply: String },

    Refused { server: String, reply: String },

    TryLater { server: String, reply: String },

    Failed { server: String, reason: String },
}

impl fmt::Display for MailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            MailError::InvalidAddress { field, value } => say!(
                en: "The {field} \"{value}\" is not an email address; write it as \
                     name@example.com.",
                zh: "{field}“{value}”不是有效的电子邮件地址；请按 name@example.com 的格式填写。",
            ),
            MailError::MissingPassword { username } => say!(
                en: "The account logs in as {username}, but no password was given; save the \
                     password in the mail settings, then try again.",
                zh: "该账户以 {username} 登录，但未提供密码；请在邮件设置中保存密码后重试。",
            ),
            MailError::Unreachable { server, reason } => say!(
                en: "The mail server {server} could not be reached: {reason}. Check the server \
                     name and the port, and that this computer is online.",
                zh: "无法连接邮件服务器 {server}：{reason}。请检查服务器名称和端口，并确认这台\
                     计算机已联网。",
            ),
            MailError::Insecure { server, reason } => say!(
                en: "No secure connection to the mail server {server} could be made: {reason}. \
                     Check the security setting: STARTTLS usually goes with port 587, TLS with \
                     port 465.",
                zh: "无法与邮件服务器 {server} 建立安全连接：{reason}。请检查加密方式设置：\
                     STARTTLS 通常使用 587 端口，TLS 通常使用 465 端口。",
            ),
            MailError::Timeout { server } => say!(
                en: "The mail server {server} did not answer in time; check the server name, the \
                     port and the security setting.",
                zh: "邮件服务器 {server} 未能及时响应；请检查服务器名称、端口和加密方式设置。",
            ),
            MailError::LoginRefused { server, reply } => say!(
                en: "The mail server {server} refused the user name or the password ({reply}); \
                     check them in the mail settings and save the password again.",
                zh: "邮件服务器 {server} 拒绝了用户名或密码（{reply}）；请在邮件设置中核对，并\
                     重新保存密码。",
            ),
            MailError::Refused { server, reply } => say!(
                en: "The mail server {server} refused the message ({reply}); check the sender and \
                     the recipient addresses, or ask the mail provider.",
                zh: "邮件服务器 {server} 拒收了该邮件（{reply}）；请检查发件地址和收件地址，或\
                     咨询邮件服务商。",
            ),
            MailError::TryLater { server, reply } => say!(
                en: "The mail server {server} could not take the message now ({reply}); try again \
                     in a few minutes.",
                zh: "邮件服务器 {server} 暂时无法接收该邮件（{reply}）；请过几分钟再试。",
            ),
            MailError::Failed { server, reason } => say!(
                en: "The message could not be sent through {server}: {reason}.",
                zh: "无法通过 {server} 发送邮件：{reason}。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// The sender's address, as a field a sentence names.
const SENDER_ADDRESS: Word = Word::new("sender address", "发件地址");
/// The recipient's address, as a field a sentence names.
const RECIPIENT_ADDRESS: Word = Word::new("recipient address", "收件地址");

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
    let server = format!("{}:{}", account.host, account.port);
    let (subject, body) = test_message_text(language, &server, to, &account.from_address);
    let message = lettre::Message::builder()
        .from(from)
        .to(recipient)
        .subject(subject)
        .message_id(None)
        .header(lettre::message::header::ContentType::TEXT_PLAIN)
        .body(body)
        .map_err(|e| MailError::Failed {
            server: server.clone(),
            reason: e.to_string(),
        })?;

    let transport = transport(account, password, connection, &server)?;
    tracing::debug!(
        server,
        security = account.security.as_str(),
        "sending a test message"
    );
    let response = transport
        .send(&message)
        .map_err(|e| send_error(&server, &e))?;
    let reply = std::iter::once(response.code().to_string())
        .chain(response.message().map(str::to_string))
        .collect::<Vec<_>>()
        .join(" ");
    Ok(TestMailReport {
        to: to.trim().to_string(),
        server,
        security: account.security,
        reply,
    })
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

fn transport(
    account: &SmtpAccount,
    password: Option<&str>,
    connection: &Connection,
    server: &str,
) -> Result<SmtpTransport, MailError> {
    let insecure = |reason: String| MailError::Insecure {
        server: server.to_string(),
        reason,
    };
    let tls_parameters = || {
        let mut builder = TlsParameters::builder(account.host.clone());
        for pem in &connection.extra_roots {
            let certificate = Certificate::from_pem(pem).map_err(|e| insecure(e.to_string()))?;
            builder = builder.add_root_certificate(certificate);
        }
        builder.build_rustls().map_err(|e| insecure(e.to_string()))
    };
    let tls = match account.security {
        SmtpSecurity::None => Tls::None,
        SmtpSecurity::Starttls => Tls::Required(tls_parameters()?),
        SmtpSecurity::Tls => Tls::Wrapper(tls_parameters()?),
    };
    let mut builder = SmtpTransport::builder_dangerous(account.host.as_str())
        .port(account.port)
        .tls(tls)
        .timeout(Some(connection.timeout));
    if let Some(username) = account.username.as_deref().filter(|u| !u.trim().is_empty()) {
        let Some(password) = password else {
            return Err(MailError::MissingPassword {
                username: username.to_string(),
            });
        };
        builder = builder.credentials(Credentials::new(username.to_string(), password.to_string()));
    }
    Ok(builder.build())
}

/// The reason of a failure as a person can read it: the innermost cause, which names what
/// actually went wrong (connection refused, certificate not trusted).
fn reason(err: &dyn std::error::Error) -> String {
    let mut inner = err;
    while let Some(source) = inner.source() {
        inner = source;
    }
    inner.to_string()
}

/// Whether a step ran out of time: a socket's read or write timeout shows as `TimedOut` or, on
/// Unix, as `WouldBlock`.
fn timed_out(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(current) = next {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::{TimedOut, WouldBlock};
            if matches!(io.kind(), TimedOut | WouldBlock) {
                return true;
            }
        }
        next = current.source();
    }
    false
}

/// Whether the connection failed in its TLS handshake: rustls reports a refused certificate or
/// a broken handshake as invalid data, where a server that cannot be reached is refused, reset
/// or timed out.
fn failed_handshake(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(current) = next {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
        }
        next = current.source();
    }
    false
}

fn send_error(server: &str, err: &lettre::transport::smtp::Error) -> MailError {
    let server = server.to_string();
    if err.is_timeout() || timed_out(err) {
        return MailError::Timeout { server };
    }
    if let Some(code) = err.status() {
        // The server's own words: the code and the text after it.
        let code = code.to_string();
        let reply = match std::error::Error::source(err) {
            Some(text) => format!("{code} {text}"),
            None => code.clone(),
        };
        // 530, 534 and 535: authentication required, too weak, or credentials refused.
        if ["530", "534", "535"].contains(&code.as_str()) {
            return MailError::LoginRefused { server, reply };
        }
        return if err.is_transient() {
            MailError::TryLater { server, reply }
        } else {
            MailError::Refused { server, reply }
        };
    }
    if err.is_tls() || failed_handshake(err) {
        return MailError::Insecure {
            server,
            reason: reason(err),
        };
    }
    let text = err.to_string();
    if text.starts_with("Connection error") || text.starts_with("network error") {
        return MailError::Unreachable {
            server,
            reason: reason(err),
        };
    }
    MailError::Failed {
        server,
        reason: reason(err),
    }
}
