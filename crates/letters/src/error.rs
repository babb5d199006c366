//! Why a letter could not be rendered, as sentences for the person who asked for it.
//!
//! Each message says what is wrong, names the field and the value, and says what to do next.
//! It is written in the language of the thread that displays it (see `creditdesk_core::text`),
//! which need not be the language of the letter.

use std::fmt;

use creditdesk_core::dunning::templates::PRINTABLE;
use creditdesk_core::say;
use creditdesk_core::text::Word;
use creditdesk_core::Currency;

/// Why a letter was not rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// The logo has no bytes.
    LogoEmpty,
    /// The logo's bytes are neither PNG nor JPEG; `first_bytes` are its first four bytes.
    LogoNotImage { first_bytes: Vec<u8> },
    /// The logo looks like `format` (`PNG` or `JPEG`) but could not be decoded.
    LogoUnreadable {
        format: &'static str,
        reason: String,
    },
    /// A character of a field has no glyph in the letter font. `line` counts the lines of a
    /// field of several lines (an address, a body) from 1; `position` counts characters within
    /// the line (or the field) from 1.
    CharacterNotInFont {
        field: Word,
        line: Option<usize>,
        position: usize,
        character: char,
    },
    /// An address takes more lines in the envelope window than fit, name and country included
    /// and long lines wrapped.
    TooManyAddressLines {
        whose: Word,
        lines: usize,
        max: usize,
    },
    /// An amount is not in the currency of the document.
    AmountCurrency {
        field: Word,
        item: String,
        found: Currency,
        expected: Currency,
    },
    /// A payment-plan agreement without instalments.
    NoInstalments { reference: String },
    /// printpdf refused the document it was given.
    Pdf { reason: String },
}

impl fmt::Display for LetterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            LetterError::LogoEmpty => say!(
                en: "The logo is empty (0 bytes); choose a PNG or JPEG image as the logo, or \
                     remove it.",
                zh: "徽标为空（0 字节）；请选择 PNG 或 JPEG 图片作为徽标，或将其删除。",
            ),
            LetterError::LogoNotImage { first_bytes } => {
                let bytes = hex(first_bytes);
                say!(
                    en: "The logo is not a PNG or JPEG image (it starts with the bytes {bytes}); \
                         save it as PNG or JPEG and choose it again.",
                    zh: "徽标不是 PNG 或 JPEG 图片（文件以字节 {bytes} 开头）；请将其另存为 PNG 或 \
                         JPEG 后重新选择。",
                )
            }
            LetterError::LogoUnreadable { format, reason } => say!(
                en: "The logo looks like a {format} image but could not be read ({reason}); save \
                     it again as PNG or JPEG and choose it again.",
                zh: "徽标看似 {format} 图片，但无法读取（{reason}）；请重新另存为 PNG 或 JPEG 后\
                     再次选择。",
            ),
            LetterError::CharacterNotInFont {
                field,
                line,
                position,
                character,
            } => {
                let code = format!("U+{:04X}", u32::from(*character));
                let accepted = PRINTABLE.to_string();
                match line {
                    Some(line) => say!(
                        en: "Line {line} of the {field} has the character \"{character}\" \
                             ({code}) at position {position}, which the letter font cannot \
                             draw: {accepted}",
                        zh: "{field}第 {line} 行第 {position} 个字符“{character}”（{code}）\
                             无法用信函字体显示：{accepted}",
                    ),
                    None => say!(
                        en: "The {field} has the character \"{character}\" ({code}) at \
                             position {position}, which the letter font cannot draw: {accepted}",
                        zh: "{field}第 {position} 个字符“{character}”（{code}）无法用信函字体\
                             显示：{accepted}",
                    ),
                }
            }
            LetterError::TooManyAddressLines { whose, lines, max } => say!(
                en: "The {whose} takes {lines} lines (name and country included, long lines \
                     wrapped), but at most {max} fit in the envelope window; join or shorten \
                     some lines.",
                zh: "{whose}占 {lines} 行（含名称和国家，过长的行已折行），但信封窗口最多只能\
                     显示 {max} 行；请合并或缩短部分行。",
            ),
            LetterError::AmountCurrency {
                field,
                item,
                found,
                expected,
            } => say!(
                en: "The {field} {item} is in {found}, but the document is in {expected}; one \
                     document shows one currency, so make one document per currency.",
                zh: "{field} {item} 的币种为 {found}，但该文件的币种为 {expected}；一份文件只能\
                     使用一种币种，请按币种分别生成文件。",
            ),
            LetterError::NoInstalments { reference } => say!(
                en: "The payment-plan agreement {reference} has no instalments; add at least one \
                     instalment to the plan.",
                zh: "还款计划协议 {reference} 没有任何分期；请至少为该计划添加一期。",
            ),
            LetterError::Pdf { reason } => say!(
                en: "The PDF could not be written ({reason}); this is a fault in CreditDesk, \
                     please report it with the letter's data.",
                zh: "无法生成 PDF（{reason}）；这是 CreditDesk 的程序错误，请连同该信函的数据\
                     一并报告。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// `47 49 46 38`.
fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fields a [`LetterError`] names.
pub(crate) mod fields {
    use creditdesk_core::text::Word;

    pub const SENDER_NAME: Word = Word::new("sender's name", "寄件方名称");
    pub const SENDER_ADDRESS: Word = Word::new("sender's address", "寄件方地址");
    pub const SENDER_COUNTRY: Word = Word::new("sender's country", "寄件方国家");
    pub const SENDER_EMAIL: Word = Word::new("sender's email address", "寄件方电子邮箱");
    pub const SENDER_PHONE: Word = Word::new("sender's phone number", "寄件方电话");
    pub const SENDER_TAX_ID: Word = Word::new("sender's tax ID", "寄件方税号");
    pub const BANK_NAME: Word = Word::new("bank name", "开户银行");
    pub const IBAN: Word = Word::new("IBAN", "IBAN");
    pub const ACCOUNT_NUMBER: Word = Word::new("account number", "银行账号");
    pub const BIC: Word = Word::new("BIC", "BIC");
    pub const SIGNATORY: Word = Word::new("signatory", "签署人");
    pub const RECIPIENT_NAME: Word = Word::new("recipient's name", "收件方名称");
    pub const RECIPIENT_REFERENCE: Word = Word::new("customer reference", "客户编号");
    pub const RECIPIENT_ADDRESS: Word = Word::new("recipient's address", "收件方地址");
    pub const RECIPIENT_COUNTRY: Word = Word::new("recipient's country", "收件方国家");
    pub const REFERENCE: Word = Word::new("document reference", "文件编号");
    pub const SUBJECT: Word = Word::new("subject", "主题");
    pub const BODY: Word = Word::new("letter body", "正文");
    pub const TERMS: Word = Word::new("terms of the agreement", "协议条款");
    pub const INVOICE_NUMBER: Word = Word::new("invoice number", "发票号");
    pub const INVOICE: Word = Word::new("invoice", "发票");
    pub const STATEMENT_REFERENCE: Word = Word::new("statement line reference", "对账单行编号");
    pub const STATEMENT_LINE: Word = Word::new("statement line", "对账单行");
    pub const AGING_BUCKET: Word = Word::new("aging bucket", "账龄区间");
    pub const INSTALMENT: Word = Word::new("instalment", "分期");
    pub const DOWN_PAYMENT: Word = Word::new("down payment", "首付款");
    pub const TOTAL: Word = Word::new("total", "合计");
}

#[cfg(test)]
mod tests {
    use super::*;
    use creditdesk_core::text::Language;

    #[test]
    fn a_fault_in_writing_the_pdf_asks_to_be_reported() {
        let error = LetterError::Pdf {
            reason: "Failed to subset font".to_string(),
        };
        assert_eq!(
            error.to_string(),
            "The PDF could not be written (Failed to subset font); this is a fault in \
             CreditDesk, please report it with the letter's data."
        );
        assert_eq!(
            Language::SimplifiedChinese.during(|| error.to_string()),
            "无法生成 PDF（Failed to subset font）；这是 CreditDesk 的程序错误，请连同该信函的数据\
             一并报告。"
        );
    }

    #[test]
    fn an_empty_logo_and_an_address_too_long_read_in_chinese() {
        assert_eq!(
            Language::SimplifiedChinese.during(|| LetterError::LogoEmpty.to_string()),
            "徽标为空（0 字节）；请选择 PNG 或 JPEG 图片作为徽标，或将其删除。"
        );
        let error = LetterError::TooManyAddressLines {
            whose: fields::RECIPIENT_ADDRESS,
            lines: 8,
            max: 7,
        };
        assert_eq!(
            Language::SimplifiedChinese.during(|| error.to_string()),
            "收件方地址占 8 行（含名称和国家，过长的行已折行），但信封窗口最多只能显示 7 行；\
             请合并或缩短部分行。"
        );
        let error = LetterError::NoInstalments {
            reference: "PLAN-12".to_string(),
        };
        assert_eq!(
            Language::SimplifiedChinese.during(|| error.to_string()),
            "还款计划协议 PLAN-12 没有任何分期；请至少为该计划添加一期。"
        );
    }
}
