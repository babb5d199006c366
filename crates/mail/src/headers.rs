//! The header values CreditDesk encodes itself, because mail programs must show them exactly as
//! written, letters outside ASCII included: a message's subject and an attachment's file name.
//!
//! lettre 0.11 cuts a subject's encoded-words wherever a line fills up, also inside a word, and
//! common mail programs then show the pieces with spaces between them ("Administrat ö r"); it
//! writes every file name with letters outside ASCII as RFC 2231 continuations
//! (`filename*0*=`), which some programs do not read. Here:
//!
//! - A subject keeps its ASCII words as they are. Each run of words with letters outside ASCII
//!   becomes RFC 2047 encoded-words (UTF-8, base64) that begin or end only where a space is,
//!   with the spaces inside the run encoded with it. Only a single word too long for one
//!   encoded-word (fifteen Chinese characters without a space) is cut, between two characters.
//! - A file name in plain ASCII is a quoted `filename="..."`. Any other is
//!   `filename*=utf-8''...` (RFC 2231, percent-encoded), continued as `filename*0*=`,
//!   `filename*1*=`, ... only when one line cannot hold it.
//!
//! Invariants: the values are printable ASCII folded with CRLF and a space; no line is longer
//! than 78 characters unless a single ASCII word of the subject is; no encoded-word is longer
//! than 75 characters (RFC 2047, section 2).

use base64::Engine;
use lettre::message::header::{Header, HeaderName, HeaderValue};

/// The longest line the values are folded to (RFC 5322, section 2.1.1), without its CRLF.
const LINE: usize = 78;
/// The longest encoded-word (RFC 2047, section 2).
const ENCODED_WORD: usize = 75;
/// What an encoded-word takes besides its base64: `=?utf-8?b?` and `?=`.
const ENCODED_WORD_FRAME: usize = "=?utf-8?b??=".len();

/// The `Subject` header, encoded as the module says.
pub(crate) fn subject(text: &str) -> HeaderValue {
    let name = HeaderName::new_from_ascii_str("Subject");
    let encoded = encode_subject(text, name.len() + ": ".len());
    HeaderValue::dangerous_new_pre_encoded(name, text.to_string(), encoded)
}

/// The `Content-Disposition` of an attachment named `file_name`, encoded as the module says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AttachmentDisposition {
    file_name: String,
}

impl AttachmentDisposition {
    pub(crate) fn new(file_name: &str) -> AttachmentDisposition {
        AttachmentDisposition {
            file_name: file_name.to_string(),
        }
    }
}

impl Header for AttachmentDisposition {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Disposition")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        // Only ever written: a message CreditDesk sends is never read back through lettre.
        Err("a Content-Disposition is not read back".into())
    }

    fn display(&self) -> HeaderValue {
        let raw = format!("attachment; filename=\"{}\"", self.file_name);
        let encoded = encode_disposition(&self.file_name, Self::name().len() + ": ".len());
        HeaderValue::dangerous_new_pre_encoded(Self::name(), raw, encoded)
    }
}

/// A header value being folded into lines, the first of which already holds `start` characters
/// (the header's name, a colon and a space).
struct Folded {
    value: String,
    line: usize,
    empty: bool,
}

impl Folded {
    fn new(start: usize) -> Folded {
        Folded {
            value: String::new(),
            line: start,
            empty: true,
        }
    }

    /// The characters left on the current line after `separator` (nothing is put before the
    /// first piece).
    fn room(&self, separator: &str) -> usize {
        let separator = if self.empty { 0 } else { separator.len() };
        LINE.saturating_sub(self.line + separator)
    }

    /// Puts `piece` after `separator` (spaces, never empty after the first piece), on a new line
    /// when `fold` or when it does not fit on this one. The first piece always stays on the
    /// first line.
    fn put(&mut self, separator: &str, piece: &str, fold: bool) {
        if self.empty {
            self.value.push_str(piece);
            self.line += piece.len();
            self.empty = false;
        } else if fold || self.room(separator) < piece.len() {
            self.value.push_str("\r\n");
            self.value.push_str(separator);
            self.value.push_str(piece);
            self.line = separator.len() + piece.len();
        } else {
            self.value.push_str(separator);
            self.value.push_str(piece);
            self.line += separator.len() + piece.len();
        }
    }
}

/// How many bytes of text an encoded-word of at most `room` characters holds.
fn encoded_capacity(room: usize) -> usize {
    let room = room.min(ENCODED_WORD);
    room.saturating_sub(ENCODED_WORD_FRAME) / 4 * 3
}

fn encoded_word(text: &str) -> String {
    let base64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    format!("=?utf-8?b?{base64}?=")
}

/// Whether a word of a subject goes into an encoded-word: it has letters outside ASCII, or it
/// could be read as an encoded-word itself.
fn needs_encoding(word: &str) -> bool {
    !word.is_ascii() || word.contains("=?")
}

/// A subject's value after `start` characters: see the module's rules. Control characters (a
/// line break pasted into a subject) become spaces, and spaces around the subject are dropped.
fn encode_subject(text: &str, start: usize) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let words = separated_words(cleaned.trim());
    let mut folded = Folded::new(start);
    let mut index = 0;
    while index < words.len() {
        let (separator, word) = words[index];
        if !needs_encoding(word) {
            folded.put(separator, word, false);
            index += 1;
            continue;
        }
        // The run of words to encode, with the spaces between them as part of its text.
        let mut pieces = vec![word.to_string()];
        index += 1;
        while index < words.len() && needs_encoding(words[index].1) {
            let (inner, next) = words[index];
            pieces.push(format!("{inner}{next}"));
            index += 1;
        }
        encode_run(&mut folded, separator, &pieces);
    }
    folded.value
}

/// The words of `text` with the spaces before each (none before the first).
fn separated_words(text: &str) -> Vec<(&str, &str)> {
    let mut words = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_start = rest.len() - rest.trim_start_matches(' ').len();
        let after = &rest[word_start..];
        let word_len = after.find(' ').unwrap_or(after.len());
        words.push((&rest[..word_start], &after[..word_len]));
        rest = &after[word_len..];
    }
    words
}

/// Writes a run of words as encoded-words: `pieces` are its words, each after the first with
/// the spaces before it. An encoded-word ends only between two pieces unless a single piece is
/// longer than one encoded-word holds. Between two encoded-words the folding space is ignored by
/// a reader (RFC 2047, section 6.2), so the run reads back exactly.
fn encode_run(folded: &mut Folded, separator: &str, pieces: &[String]) {
    let mut remaining: usize = pieces.iter().map(|piece| piece.len()).sum();
    let mut chunk = String::new();
    let mut chunk_separator = separator;
    let mut fold = false;
    for piece in pieces {
        let mut rest = piece.as_str();
        while !rest.is_empty() {
            let here = encoded_capacity(folded.room(chunk_separator));
            let fresh = encoded_capacity(LINE.saturating_sub(chunk_separator.len()));
            if chunk.is_empty() {
                // A new encoded-word goes on a fresh line when the rest of the run does not fit
                // on this one but would fit there, or when not even the next piece fits here.
                fold =
                    !folded.empty && remaining > here && (remaining <= fresh || rest.len() > here);
            }
            let capacity = if fold { fresh } else { here };
            if chunk.len() + rest.len() <= capacity {
                chunk.push_str(rest);
                remaining -= rest.len();
                rest = "";
            } else if !chunk.is_empty() {
                folded.put(chunk_separator, &encoded_word(&chunk), fold);
                chunk.clear();
                chunk_separator = " ";
            } else {
                // A single piece longer than one encoded-word holds.
                let cut = longest_prefix(rest, capacity);
                folded.put(chunk_separator, &encoded_word(cut), fold);
                chunk_separator = " ";
                remaining -= cut.len();
                rest = &rest[cut.len()..];
            }
        }
    }
    if !chunk.is_empty() {
        folded.put(chunk_separator, &encoded_word(&chunk), fold);
    }
}

/// The longest start of `text` of at most `bytes` bytes that ends between two characters, and
/// at least its first character.
fn longest_prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end == 0 {
        end = text.chars().next().map_or(0, char::len_utf8);
    }
    &text[..end]
}

/// Whether `byte` stands for itself in an RFC 2231 value (`attr-char` of RFC 5987).
fn attribute_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte)
}

/// Whether `parameter` fits on a line of its own, after the space that folds it there.
fn fits_folded(parameter: &str) -> bool {
    " ".len() + parameter.len() <= LINE
}

/// An attachment's `Content-Disposition` value after `start` characters: see the module's rules.
fn encode_disposition(file_name: &str, start: usize) -> String {
    let cleaned: String = file_name.chars().filter(|c| !c.is_control()).collect();
    let quoted = cleaned.replace('\\', "\\\\").replace('"', "\\\"");
    let plain = format!("filename=\"{quoted}\"");
    if cleaned.is_ascii() && fits_folded(&plain) {
        return if start + "attachment; ".len() + plain.len() <= LINE {
            format!("attachment; {plain}")
        } else {
            format!("attachment;\r\n {plain}")
        };
    }

    let encoded: Vec<String> = cleaned
        .chars()
        .map(|c| {
            let mut bytes = [0; 4];
            c.encode_utf8(&mut bytes)
                .bytes()
                .map(|b| match attribute_char(b) {
                    true => (b as char).to_string(),
                    false => format!("%{b:02X}"),
                })
                .collect()
        })
        .collect();
    let whole = format!("filename*=utf-8''{}", encoded.concat());
    if fits_folded(&whole) {
        return format!("attachment;\r\n {whole}");
    }

    // RFC 2231, section 3: numbered sections, each cut between two characters, the first
    // naming the character set.
    let mut sections: Vec<String> = Vec::new();
    let mut current = String::new();
    for character in &encoded {
        let head = match sections.len() {
            0 => format!(" filename*{}*=utf-8''", sections.len()),
            n => format!(" filename*{n}*="),
        };
        // The section's line: a space, its head, its text and a semicolon.
        if head.len() + current.len() + character.len() + 1 > LINE && !current.is_empty() {
            sections.push(format!("{head}{current}"));
            current.clear();
        }
        current.push_str(character);
    }
    let head = match sections.len() {
        0 => " filename*0*=utf-8''".to_string(),
        n => format!(" filename*{n}*="),
    };
    sections.push(format!("{head}{current}"));
    format!("attachment;\r\n{}", sections.join(";\r\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every encoded-word of `value`, decoded.
    fn encoded_words(value: &str) -> Vec<String> {
        value
            .split_whitespace()
            .filter_map(|word| word.strip_prefix("=?utf-8?b?")?.strip_suffix("?="))
            .map(|base64| {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(base64)
                    .unwrap();
                String::from_utf8(bytes).unwrap()
            })
            .collect()
    }

    fn lines(header: &str, value: &str) -> Vec<String> {
        format!("{header}: {value}")
            .split("\r\n")
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn a_german_and_chinese_subject_keeps_its_words_whole() {
        let subject = "Zahlungserinnerung: Rechnung 2024-017 – Administratör 客户";
        let value = encode_subject(subject, "Subject: ".len());

        assert_eq!(
            value,
            "Zahlungserinnerung: Rechnung 2024-017\r\n \
             =?utf-8?b?4oCTIEFkbWluaXN0cmF0w7ZyIOWuouaItw==?="
        );
        assert_eq!(encoded_words(&value), ["– Administratör 客户"]);
    }

    #[test]
    fn an_ascii_subject_is_left_as_it_is_and_folded_at_spaces() {
        assert_eq!(
            encode_subject("Reminder: invoice 2024-017", 9),
            "Reminder: invoice 2024-017"
        );
        let long = "Second reminder: invoices 2024-017, 2024-018 and 2024-019 are overdue by \
                    thirty days";
        let value = encode_subject(long, 9);
        assert_eq!(value.replace("\r\n", ""), long);
        assert!(lines("Subject", &value).iter().all(|l| l.len() <= LINE));
    }

    #[test]
    fn a_long_run_of_words_outside_ascii_is_cut_only_at_its_spaces() {
        let subject = "Mahnung für Müller & Zhang Handels GmbH – Überfällige Beträge für \
                       Großhändler Jürgen Köhler in München";
        let value = encode_subject(subject, 9);

        let decoded = encoded_words(&value);
        assert!(decoded.len() > 1, "{value}");
        for part in &decoded {
            assert!(
                part.trim()
                    .split(' ')
                    .all(|w| subject.split(' ').any(|s| s == w)),
                "an encoded-word holds only whole words: {part:?}"
            );
        }
        for line in lines("Subject", &value) {
            assert!(line.len() <= LINE, "{line}");
        }
        for word in value.split_whitespace() {
            assert!(word.len() <= ENCODED_WORD, "{word}");
        }
    }

    #[test]
    fn chinese_without_spaces_is_cut_between_characters_only_when_it_must_be() {
        let subject = "催款通知：贵公司尚有多张发票逾期未付请于七日内安排付款否则我们将暂停供货";
        let value = encode_subject(subject, 9);

        let decoded = encoded_words(&value);
        assert_eq!(decoded.concat(), subject);
        assert_eq!(decoded.len(), 3, "{value}");
        for line in lines("Subject", &value) {
            assert!(line.len() <= LINE, "{line}");
        }
    }

    #[test]
    fn a_line_break_pasted_into_a_subject_cannot_start_a_header() {
        let value = encode_subject("Invoice 17\r\nBcc: everyone@example.com", 9);
        assert_eq!(value, "Invoice 17  Bcc: everyone@example.com");
    }

    #[test]
    fn a_subject_of_odd_spacing_is_still_written() {
        let subject = format!("Müller{}客户 {}", " ".repeat(90), "ö".repeat(40));
        let value = encode_subject(&subject, 9);
        assert_eq!(encoded_words(&value).concat(), subject);
    }

    #[test]
    fn a_word_that_looks_encoded_is_encoded() {
        let value = encode_subject("Re: =?utf-8?b?SGk=?=", 9);
        assert_eq!(encoded_words(&value), ["=?utf-8?b?SGk=?="]);
    }

    #[test]
    fn an_attachment_name_outside_ascii_is_written_as_rfc_2231() {
        let value = encode_disposition("Mahnung_Müller_发票-2024-017.pdf", 21);
        assert_eq!(
            value,
            "attachment;\r\n filename*=utf-8''Mahnung_M%C3%BCller_%E5%8F%91%E7%A5%A8-2024-017.pdf"
        );
    }

    #[test]
    fn an_ascii_attachment_name_is_quoted() {
        assert_eq!(
            encode_disposition("Reminder \"2\" 2024-017.pdf", 21),
            "attachment; filename=\"Reminder \\\"2\\\" 2024-017.pdf\""
        );
    }

    #[test]
    fn a_long_chinese_attachment_name_is_continued_over_lines() {
        let name = "致明水贸易有限公司的第二次付款提醒及逾期发票明细.pdf";
        let value = encode_disposition(name, 21);

        assert!(value.starts_with("attachment;\r\n filename*0*=utf-8''%E8%87%B4"));
        assert!(value.contains(";\r\n filename*1*=%"), "{value}");
        for line in lines("Content-Disposition", &value) {
            assert!(line.len() <= LINE, "{line}");
        }
    }
}
