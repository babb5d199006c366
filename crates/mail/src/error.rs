//! Why a message was not sent, as a sentence a person can act on, and what an outbox does about
//! it: try again later, stop and show a person, or ask a person whether it arrived.

use std::fmt;

use creditdesk_core::say;
use creditdesk_core::text::Word;
use serde::{Deserialize, Serialize};

/// The sender's address, as a field a sentence names.
pub(crate) const SENDER_ADDRESS: Word = Word::new("sender address", "发件地址");
/// A recipient's address (To or Cc), as a field a sentence names.
pub(crate) const RECIPIENT_ADDRESS: Word = Word::new("recipient address", "收件地址");
/// The Reply-To address, as a field a sentence names.
pub(crate) const REPLY_TO_ADDRESS: Word = Word::new("reply-to address", "回复地址");

/// Why a message was not sent. Every message names the server or the address, says what went
/// wrong and what to do next; none contains the password. The server's reply and the system's
/// reason are quoted as they come.
///
/// Invariant: only [`MailError::Unconfirmed`] and [`MailError::ConfirmationTimeout`] are made
/// once the first byte of a message's content has gone to the server. Every other variant means
/// the server cannot have taken the message: it was refused before its content was sent, or the
/// server answered the content with a refusal.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    InvalidAddress {
        field: Word,
        value: String,
    },

    MissingPassword {
        username: String,
    },

    /// A message with neither a To nor a Cc address.
    NoRecipient,

    /// An attachment whose content type is not a MIME type.
    InvalidAttachment {
        file_name: String,
        content_type: String,
    },

    /// A Message-ID that is not `<left@right>` in printable ASCII.
    InvalidMessageId {
        value: String,
    },

    Unreachable {
        server: String,
        reason: String,
    },

    Insecure {
        server: String,
        reason: String,
    },

    /// The account asks for STARTTLS and the server does not offer it.
    NoStarttls {
        server: String,
    },

    Timeout {
        server: String,
    },

    LoginRefused {
        server: String,
        reply: String,
    },

    Refused {
        server: String,
        reply: String,
    },

    TryLater {
        server: String,
        reply: String,
    },

    Failed {
        server: String,
        reason: String,
    },

    /// The content went out and the connection broke before the server's reply to it.
    Unconfirmed {
        server: String,
        reason: String,
    },

    /// The content went out and the server's reply to it did not come in time.
    ConfirmationTimeout {
        server: String,
    },
}

/// What an outbox does with a message that was not sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The server did not get the message and may take it later: try again on the schedule.
    Temporary,
    /// The server did not get the message and will not take it as it is: stop, and show a
    /// person what to change.
    Permanent,
    /// The server may have taken the message: never send it again without a person saying so.
    Uncertain,
}

impl MailError {
    /// What an outbox does about this failure. The rule, in order:
    ///
    /// 1. **Uncertain** when the message's content went to the server and no reply to it came
    ///    back: the connection broke or timed out after the content was sent and before the
    ///    server's final reply. The server may have queued it, so sending it again could deliver
    ///    it twice. Knowing the phase is this crate's doing: it talks SMTP step by step, and only
    ///    a failure while sending the content or waiting for its reply becomes
    ///    [`MailError::Unconfirmed`] or [`MailError::ConfirmationTimeout`]. A failure while
    ///    writing the content counts too, because bytes handed to the system may still arrive.
    /// 2. **Temporary** when nothing reached the server or the server said "later": it could not
    ///    be reached (refused, unreachable, name not found), did not answer in time before the
    ///    content was sent, or answered with a 4xx reply (at any step, also to the content).
    /// 3. **Permanent** otherwise: a 5xx reply (a refused recipient, sender or message), a
    ///    refused login, an address or an attachment that is not valid, a server without the
    ///    STARTTLS the account requires, a certificate no trusted authority vouches for, or a
    ///    failure of the conversation itself.
    pub fn disposition(&self) -> FailureKind {
        match self {
            MailError::Unconfirmed { .. } | MailError::ConfirmationTimeout { .. } => {
                FailureKind::Uncertain
            }
            MailError::Unreachable { .. }
            | MailError::Timeout { .. }
            | MailError::TryLater { .. } => FailureKind::Temporary,
            MailError::InvalidAddress { .. }
            | MailError::MissingPassword { .. }
            | MailError::NoRecipient
            | MailError::InvalidAttachment { .. }
            | MailError::InvalidMessageId { .. }
            | MailError::Insecure { .. }
            | MailError::NoStarttls { .. }
            | MailError::LoginRefused { .. }
            | MailError::Refused { .. }
            | MailError::Failed { .. } => FailureKind::Permanent,
        }
    }

    /// Whether every other message through the same account would fail the same way: the
    /// server cannot be reached or does not answer, the connection cannot be secured, the login
    /// or the sender's address is refused, or the conversation with the server itself failed
    /// (a reply that is not SMTP: usually the wrong port). An outbox stops at such a failure
    /// instead of trying each message in turn.
    pub fn affects_every_message(&self) -> bool {
        match self {
            MailError::InvalidAddress { field, .. } => *field == SENDER_ADDRESS,
            MailError::MissingPassword { .. }
            | MailError::Unreachable { .. }
            | MailError::Insecure { .. }
            | MailError::NoStarttls { .. }
            | MailError::Timeout { .. }
            | MailError::LoginRefused { .. }
            | MailError::Failed { .. } => true,
            MailError::NoRecipient
            | MailError::InvalidAttachment { .. }
            | MailError::InvalidMessageId { .. }
            | MailError::Refused { .. }
            | MailError::TryLater { .. }
            | MailError::Unconfirmed { .. }
            | MailError::ConfirmationTimeout { .. } => false,
        }
    }
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
            MailError::NoRecipient => say!(
                en: "The message has no recipient; add at least one address to send it to.",
                zh: "该邮件没有收件人；请至少填写一个收件地址。",
            ),
            MailError::InvalidAttachment {
                file_name,
                content_type,
            } => say!(
                en: "The attachment \"{file_name}\" has the content type \"{content_type}\", \
                     which is not a MIME type; give one such as application/pdf.",
                zh: "附件“{file_name}”的内容类型“{content_type}”不是有效的 MIME 类型；请填写\
                     如 application/pdf 的类型。",
            ),
            MailError::InvalidMessageId { value } => say!(
                en: "The message identifier \"{value}\" is not of the form <left@right>, so the \
                     message was not sent; this is a fault in CreditDesk, please report it with \
                     this sentence.",
                zh: "邮件标识“{value}”不符合 <left@right> 的格式，因此未发送该邮件；这是 \
                     CreditDesk 的缺陷，请连同这句话一起报告。",
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
            MailError::NoStarttls { server } => say!(
                en: "The mail server {server} does not offer STARTTLS, so nothing was sent over \
                     the unencrypted connection. Choose TLS if the server offers it (usually \
                     port 465), or ask the mail provider for the right port and security \
                     setting.",
                zh: "邮件服务器 {server} 不支持 STARTTLS，因此未通过未加密的连接发送任何内容。\
                     如果服务器支持 TLS（通常为 465 端口），请改用 TLS；否则请向邮件服务商询问\
                     正确的端口和加密方式。",
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
            MailError::Unconfirmed { server, reason } => say!(
                en: "The message went to the mail server {server}, but the connection ended \
                     before the server confirmed it ({reason}), so it may or may not have \
                     arrived. Ask the recipient whether it did, then mark it as sent or send it \
                     again.",
                zh: "邮件已发往邮件服务器 {server}，但在服务器确认之前连接已中断（{reason}），\
                     因此无法确定是否送达。请向收件人确认，然后将其标记为已发送或重新发送。",
            ),
            MailError::ConfirmationTimeout { server } => say!(
                en: "The message went to the mail server {server}, but the server did not \
                     confirm it in time, so it may or may not have arrived. Ask the recipient \
                     whether it did, then mark it as sent or send it again.",
                zh: "邮件已发往邮件服务器 {server}，但服务器未能及时确认，因此无法确定是否送达。\
                     请向收件人确认，然后将其标记为已发送或重新发送。",
            ),
        };
        f.write_str(&sentence)
    }
}
