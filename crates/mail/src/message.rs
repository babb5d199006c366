//! The words of the messages CreditDesk sends, in each language it writes.

use crate::Language;

/// The subject and the plain-text body of a test message sent through `server` to `to` from
/// `from`.
pub fn test_message_text(
    language: Language,
    server: &str,
    to: &str,
    from: &str,
) -> (String, String) {
    match language {
        Language::English => (
            "CreditDesk test message".to_string(),
            format!(
                "This is a test message from CreditDesk.\n\
                 \n\
                 It was sent through the mail server {server} from {from} to {to}. If you can \
                 read it, letters and reminders sent from CreditDesk will arrive too.\n"
            ),
        ),
        Language::SimplifiedChinese => (
            "CreditDesk 测试邮件".to_string(),
            format!(
                "这是一封来自 CreditDesk 的测试邮件。\n\
                 \n\
                 它经由邮件服务器 {server} 从 {from} 发送到 {to}。如果您能读到这封邮件，\
                 CreditDesk 发出的信函和催款提醒也能送达。\n"
            ),
        ),
    }
}
