//! Letters of CreditDesk as PDF: the dunning letter (a reminder, a formal demand or the notice
//! of a hand-over), the statement of account of a customer, and the payment-plan agreement.
//!
//! Each document is rendered from plain data to PDF bytes: no database, no clock, no files. The
//! same data always gives the same bytes; the document's dates are the letter's date. Letters
//! are written in English or Simplified Chinese on A4 or US Letter, in one font shipped with
//! the crate (WenQuanYi Micro Hei, in `fonts/` with its licence), which draws Latin and Chinese
//! text alike. Only the glyphs a letter uses are embedded, with their real widths and a map
//! back to Unicode, so the text can be searched, copied and read aloud, Chinese included.
//!
//! The files are plain PDF (the header says 1.3, the version printpdf writes), not PDF/A.
//! PDF/A-2b would need XMP metadata matching the document information, an sRGB output intent
//! and a check by a validator; printpdf writes neither correctly for PDF/A, and no validator is
//! at hand to prove a file conforms, so the letters do not claim a conformance they cannot show.
//! Archive them as they are, or convert them with a tool that validates its output.
//!
//! A [`LetterError`] is a sentence in the language of the thread that displays it (see
//! `creditdesk_core::text`), which need not be the language of the letter.

mod blocks;
mod dunning;
mod error;
mod font;
mod format;
mod pages;
mod plan;
mod statement;
mod table;

use serde::{Deserialize, Serialize};

pub use creditdesk_core::dunning::templates::PRINTABLE;
pub use creditdesk_core::text::{Language, Word};
pub use dunning::{render_dunning_letter, DunningLetter, SignOff};
pub use error::LetterError;
pub use plan::{render_plan_agreement, PlanAgreement};
pub use statement::{render_statement, Statement, StatementLine, StatementLineKind};

use pages::Logo;

/// The paper a letter is laid out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PaperSize {
    /// 210 x 297 mm.
    A4,
    /// US Letter, 8.5 x 11 in.
    Letter,
}

impl PaperSize {
    /// `a4`, `letter`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::Letter => "letter",
        }
    }

    pub fn parse(text: &str) -> Option<PaperSize> {
        match text {
            "a4" => Some(PaperSize::A4),
            "letter" => Some(PaperSize::Letter),
            _ => None,
        }
    }
}

/// The company that writes: its letterhead, its bank details and who signs.
///
/// A letter as sent keeps its sender as JSON (without the logo), the name under `name`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sender {
    #[serde(rename = "name")]
    pub legal_name: String,
    pub address_lines: Vec<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tax_id: Option<String>,
    pub bank_name: Option<String>,
    pub iban: Option<String>,
    pub account_number: Option<String>,
    pub bic: Option<String>,
    /// PNG or JPEG bytes, drawn at the top right, scaled to fit 40 x 20 mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Vec<u8>>,
    /// The name under the signature line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<String>,
}

/// The customer written to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recipient {
    pub name: String,
    /// The customer's reference in the book.
    pub reference: String,
    /// At most [`MAX_ADDRESS_LINES`] lines with the name and the country, long lines wrapped.
    pub address_lines: Vec<String>,
    pub country: Option<String>,
}

/// The first character of `text` the letter font cannot draw, with its position counted in
/// characters from 1; `None` when a letter can print all of it. Every check of printability,
/// the letters' own included, comes down to this one.
pub fn first_unprintable(text: &str) -> Option<(usize, char)> {
    font::LetterFont::get().first_missing(text)
}

/// Refuses `text`, a value a letter prints, when the letter font cannot draw one of its
/// characters, naming `field`, the character and its position: the check every letter makes
/// before it is drawn, for a value to be refused when a person enters it rather than when a
/// letter is printed.
pub fn check_printable(field: Word, text: &str) -> Result<(), LetterError> {
    blocks::check(field, text)
}

/// [`check_printable`] for a value of several lines (an address, a letter body), naming the
/// line.
pub fn check_printable_lines<'a>(
    field: Word,
    lines: impl IntoIterator<Item = &'a str>,
) -> Result<(), LetterError> {
    blocks::check_lines(field, lines)
}

/// How many lines of the recipient's address fit in the envelope window, the name and the
/// country included, after long lines are wrapped to the window's width (85 mm).
pub const MAX_ADDRESS_LINES: usize = blocks::ADDRESS_LINES;

/// The sender's logo, decoded; `None` without one.
fn decode_logo(sender: &Sender) -> Result<Option<Logo>, LetterError> {
    let Some(bytes) = &sender.logo else {
        return Ok(None);
    };
    if bytes.is_empty() {
        return Err(LetterError::LogoEmpty);
    }
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "PNG"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "JPEG"
    } else {
        return Err(LetterError::LogoNotImage {
            first_bytes: bytes.iter().take(4).copied().collect(),
        });
    };
    let mut warnings = Vec::new();
    let image = printpdf::RawImage::decode_from_bytes(bytes, &mut warnings)
        .map_err(|reason| LetterError::LogoUnreadable { format, reason })?;
    Ok(Some(Logo { image }))
}
