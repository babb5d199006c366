//! A message CreditDesk sends on a person's behalf (a reminder, a letter), with its documents
//! attached, and the MIME message it becomes.
//!
//! The Message-ID is chosen by the caller and kept across attempts, so a recipient's mail
//! program that gets the same message twice (after an attempt whose outcome was unknown) can
//! tell that it is one message.

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{MultiPart, SinglePart};

use crate::error::{MailError, RECIPIENT_ADDRESS, REPLY_TO_ADDRESS, SENDER_ADDRESS};
use crate::headers::{self, AttachmentDisposition};
use crate::{mailbox, SmtpAccount};

/// A document sent with a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailAttachment {
    /// The name the recipient sees, letters outside ASCII allowed: `Mahnung_Müller.pdf`.
    pub file_name: String,
    /// The MIME type: `application/pdf`.
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A message to send: plain text, from the account's address, with its attachments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub reply_to: Option<String>,
    pub subject: String,
    /// Plain text; line ends are sent as CRLF.
    pub body: String,
    pub attachments: Vec<MailAttachment>,
    /// `<left@right>`, the same on every attempt to send this message: see [`message_id`].
    pub message_id: String,
}

/// The Message-ID of the outbox's message `outbox_id`, queued at `created_unix` (seconds since
/// 1970), sent from `from_address`: `<outbox-17.1733372800@brightwater.example>`. The domain is
/// the sender's, so the identifier is unique among everything sent from it as long as the
/// outbox never reuses an id; `creditdesk.invalid` stands in when the address has no usable
/// domain.
pub fn message_id(outbox_id: i64, created_unix: i64, from_address: &str) -> String {
    let domain = from_address
        .trim()
        .rsplit_once('@')
        .map(|(_, domain)| domain.to_ascii_lowercase())
        .filter(|domain| {
            !domain.is_empty()
                && domain
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        })
        .unwrap_or_else(|| "creditdesk.invalid".to_string());
    format!("<outbox-{outbox_id}.{created_unix}@{domain}>")
}

/// Whether `id` is `<left@right>` in printable ASCII, without spaces or further angle
/// brackets.
fn is_message_id(id: &str) -> bool {
    let Some(inner) = id.strip_prefix('<').and_then(|id| id.strip_suffix('>')) else {
        return false;
    };
    let printable = inner
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
    match inner.split_once('@') {
        Some((left, right)) => printable && !left.is_empty() && !right.is_empty(),
        None => false,
    }
}

/// The MIME message `mail` becomes when sent from `account`: plain text alone, or
/// `multipart/mixed` with the text first and each attachment in base64 after it.
pub(crate) fn build(
    account: &SmtpAccount,
    mail: &OutgoingMail,
) -> Result<lettre::Message, MailError> {
    let from = mailbox(
        &account.from_address,
        account.from_name.as_deref(),
        SENDER_ADDRESS,
    )?;
    if mail.to.is_empty() && mail.cc.is_empty() {
        return Err(MailError::NoRecipient);
    }
    if !is_message_id(&mail.message_id) {
        return Err(MailError::InvalidMessageId {
            value: mail.message_id.clone(),
        });
    }

    let mut builder = lettre::Message::builder().from(from);
    for to in &mail.to {
        builder = builder.to(mailbox(to, None, RECIPIENT_ADDRESS)?);
    }
    for cc in &mail.cc {
        builder = builder.cc(mailbox(cc, None, RECIPIENT_ADDRESS)?);
    }
    if let Some(reply_to) = &mail.reply_to {
        builder = builder.reply_to(mailbox(reply_to, None, REPLY_TO_ADDRESS)?);
    }
    let builder = builder
        .raw_header(headers::subject(&mail.subject))
        .message_id(Some(mail.message_id.clone()));

    let text = SinglePart::plain(mail.body.clone());
    let built = if mail.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for attachment in &mail.attachments {
            parts = parts.singlepart(attachment_part(attachment)?);
        }
        builder.multipart(parts)
    };
    built.map_err(|e| MailError::Failed {
        server: format!("{}:{}", account.host, account.port),
        reason: e.to_string(),
    })
}

fn attachment_part(attachment: &MailAttachment) -> Result<SinglePart, MailError> {
    let content_type = ContentType::parse(attachment.content_type.trim()).map_err(|_| {
        MailError::InvalidAttachment {
            file_name: attachment.file_name.clone(),
            content_type: attachment.content_type.clone(),
        }
    })?;
    Ok(SinglePart::builder()
        .header(content_type)
        .header(AttachmentDisposition::new(&attachment.file_name))
        .header(ContentTransferEncoding::Base64)
        .body(attachment.bytes.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_id_names_the_outbox_entry_and_the_senders_domain() {
        assert_eq!(
            message_id(17, 1_733_372_800, "AR@Brightwater.Example"),
            "<outbox-17.1733372800@brightwater.example>"
        );
        assert_eq!(
            message_id(17, 1_733_372_800, "ar@"),
            "<outbox-17.1733372800@creditdesk.invalid>"
        );
        assert_eq!(
            message_id(3, 0, "财务@例子.中国"),
            "<outbox-3.0@creditdesk.invalid>"
        );
        assert!(is_message_id(&message_id(
            17,
            1_733_372_800,
            "ar@x.example"
        )));
    }

    #[test]
    fn only_left_at_right_in_angle_brackets_is_a_message_id() {
        assert!(is_message_id("<outbox-17.1733372800@creditdesk.invalid>"));
        for wrong in [
            "outbox-17@creditdesk.invalid",
            "<outbox-17>",
            "<outbox 17@creditdesk.invalid>",
            "<@creditdesk.invalid>",
            "<a@b>\r\nBcc: x@y.example",
        ] {
            assert!(!is_message_id(wrong), "{wrong}");
        }
    }
}
