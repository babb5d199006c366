//! The parts every CreditDesk document shares: the letterhead, the address in the envelope
//! window, the date and reference, headings and paragraphs, how to pay, and the signature.
//!
//! The address block follows a window envelope (DIN 5008 form B, C5/6 and DL envelopes): it
//! starts 45 mm from the top and 20 mm from the left edge, is 85 mm wide, and holds a one-line
//! return address above at most [`ADDRESS_LINES`] lines of the recipient's address. US Letter
//! uses the same place, which also suits the window of a US #10 envelope.

use creditdesk_core::text::{Language, Word};

use crate::error::fields;
use crate::font::LetterFont;
use crate::pages::{Logo, Pages, ACCENT, HAIRLINE, INK, MARGIN_LEFT, MM, MUTED, TINT};
use crate::{LetterError, Recipient, Sender, SignOff};

/// At most this many lines of the recipient's address (name and country included) fit in the
/// envelope window below the return address.
pub(crate) const ADDRESS_LINES: usize = 7;
const WINDOW_TOP: f32 = 45.0 * MM;
const WINDOW_WIDTH: f32 = 85.0 * MM;
const WINDOW_HEIGHT: f32 = 45.0 * MM;
const BODY_SIZE: f32 = 10.0;
const BODY_LEADING: f32 = 14.0;

/// Refuses a one-line field with a character the font cannot draw.
pub(crate) fn check(field: Word, text: &str) -> Result<(), LetterError> {
    match LetterFont::get().first_missing(text) {
        Some((position, character)) => Err(LetterError::CharacterNotInFont {
            field,
            line: None,
            position,
            character,
        }),
        None => Ok(()),
    }
}

/// Refuses a field of several lines (an address, a body) with a character the font cannot
/// draw, naming the line.
pub(crate) fn check_lines<'a>(
    field: Word,
    lines: impl IntoIterator<Item = &'a str>,
) -> Result<(), LetterError> {
    for (index, line) in lines.into_iter().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some((position, character)) = LetterFont::get().first_missing(line) {
            return Err(LetterError::CharacterNotInFont {
                field,
                line: Some(index + 1),
                position,
                character,
            });
        }
    }
    Ok(())
}

/// Checks every field of the sender and the recipient.
pub(crate) fn check_parties(sender: &Sender, recipient: &Recipient) -> Result<(), LetterError> {
    check(fields::SENDER_NAME, &sender.legal_name)?;
    check_lines(
        fields::SENDER_ADDRESS,
        sender.address_lines.iter().map(String::as_str),
    )?;
    let optional = [
        (fields::SENDER_COUNTRY, &sender.country),
        (fields::SENDER_EMAIL, &sender.email),
        (fields::SENDER_PHONE, &sender.phone),
        (fields::SENDER_TAX_ID, &sender.tax_id),
        (fields::BANK_NAME, &sender.bank_name),
        (fields::IBAN, &sender.iban),
        (fields::ACCOUNT_NUMBER, &sender.account_number),
        (fields::BIC, &sender.bic),
        (fields::SIGNATORY, &sender.signatory),
        (fields::RECIPIENT_COUNTRY, &recipient.country),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            check(field, value)?;
        }
    }
    check(fields::RECIPIENT_NAME, &recipient.name)?;
    check(fields::RECIPIENT_REFERENCE, &recipient.reference)?;
    check_lines(
        fields::RECIPIENT_ADDRESS,
        recipient.address_lines.iter().map(String::as_str),
    )
}

/// The company's name, address and contacts across the top, its logo at the top right, and a
/// rule under them.
pub(crate) fn letterhead(pages: &mut Pages, sender: &Sender, logo: Option<Logo>) {
    let language = pages.language;
    let top = 12.0 * MM;
    let mut bottom = top;
    let mut text_width = pages.column();
    if let Some(logo) = logo {
        let right = pages.right();
        bottom = top + pages.logo(logo, right, top, 40.0 * MM, 20.0 * MM);
        text_width -= 45.0 * MM;
    }

    let mut y = top;
    for line in pages.font.wrap(&sender.legal_name, 16.0, text_width) {
        y += 18.0;
        pages.text(MARGIN_LEFT, y, 16.0, ACCENT, &line);
    }
    y += 3.0;
    let address = sender
        .address_lines
        .iter()
        .chain(&sender.country)
        .map(String::as_str)
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let contacts = [
        (language.pick("Phone", "电话"), &sender.phone),
        (language.pick("Email", "邮箱"), &sender.email),
        (language.pick("Tax ID", "税号"), &sender.tax_id),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.as_ref().map(|value| format!("{label} {value}")))
    .collect::<Vec<_>>()
    .join(" · ");
    for text in [address, contacts] {
        for line in pages.font.wrap(&text, 8.5, text_width) {
            if line.is_empty() {
                continue;
            }
            y += 11.0;
            pages.text(MARGIN_LEFT, y, 8.5, MUTED, &line);
        }
    }

    let rule = y.max(bottom) + 4.0 * MM;
    let right = pages.right();
    pages.rule(MARGIN_LEFT, right, rule, 0.8, ACCENT);
    pages.y = rule;
}

/// The return address and the recipient's address where a window envelope shows them, then
/// the date and references right-aligned under it, outside the window; what follows starts
/// below the window.
pub(crate) fn address(
    pages: &mut Pages,
    sender: &Sender,
    recipient: &Recipient,
    dateline: &[(&str, String)],
) -> Result<(), LetterError> {
    let font = pages.font;
    let mut lines = font.wrap(&recipient.name, BODY_SIZE, WINDOW_WIDTH);
    for line in recipient.address_lines.iter().chain(&recipient.country) {
        if !line.trim().is_empty() {
            lines.extend(font.wrap(line, BODY_SIZE, WINDOW_WIDTH));
        }
    }
    if lines.len() > ADDRESS_LINES {
        return Err(LetterError::TooManyAddressLines {
            whose: fields::RECIPIENT_ADDRESS,
            lines: lines.len(),
            max: ADDRESS_LINES,
        });
    }

    let top = pages.y.max(WINDOW_TOP);
    let return_line = return_address(font, sender);
    pages.text(MARGIN_LEFT, top + 7.0, 7.0, MUTED, &return_line);
    pages.rule(
        MARGIN_LEFT,
        MARGIN_LEFT + WINDOW_WIDTH,
        top + 9.5,
        0.4,
        HAIRLINE,
    );
    let mut y = top + 12.0;
    for line in &lines {
        y += 12.5;
        pages.text(MARGIN_LEFT, y, BODY_SIZE, INK, line);
    }

    // The date block is right of the window, so it may share the window's height; the text
    // after it spans the page and must not show through the window.
    y += 3.0 * MM;
    let right = pages.right();
    for (label, value) in dateline {
        y += 12.0;
        let text = match pages.language {
            Language::English => format!("{label}: {value}"),
            Language::SimplifiedChinese => format!("{label}：{value}"),
        };
        pages.text_right(right, y, 9.0, INK, &text);
    }
    pages.y = (y + 6.0 * MM).max(top + WINDOW_HEIGHT);
    Ok(())
}

/// The sender on one line of the return-address zone, leaving out the last address lines
/// until it fits the window.
fn return_address(font: &LetterFont, sender: &Sender) -> String {
    let mut parts: Vec<&str> = std::iter::once(sender.legal_name.as_str())
        .chain(sender.address_lines.iter().map(String::as_str))
        .filter(|part| !part.trim().is_empty())
        .collect();
    loop {
        let line = parts.join(" · ");
        if parts.len() <= 1 || font.width(&line, 7.0) <= WINDOW_WIDTH {
            return line;
        }
        parts.pop();
    }
}

/// A heading in the text column: the subject of a letter, the title of a document.
pub(crate) fn heading(pages: &mut Pages, text: &str, size: f32) {
    let leading = size * 1.3;
    let lines = pages.font.wrap(text, size, pages.column());
    pages.room_for(leading * lines.len() as f32 + BODY_LEADING * 2.0);
    for line in lines {
        pages.y += leading;
        let y = pages.y;
        pages.text(MARGIN_LEFT, y, size, INK, &line);
    }
    pages.y += 4.0 * MM;
}

/// A small heading above a table or a block, kept on the page with what follows it.
pub(crate) fn caption(pages: &mut Pages, text: &str) {
    pages.room_for(11.0 + 50.0);
    pages.y += 11.0;
    let y = pages.y;
    pages.text(MARGIN_LEFT, y, 10.5, ACCENT, text);
    pages.y += 5.0;
}

/// Paragraphs separated by blank lines; a single line break inside a paragraph is kept. An
/// empty text takes no room.
pub(crate) fn paragraphs(pages: &mut Pages, body: &str) {
    if body.trim().is_empty() {
        return;
    }
    let column = pages.column();
    let mut first = true;
    for paragraph in body.replace("\r\n", "\n").split("\n\n") {
        let paragraph = paragraph.trim_matches('\n');
        if paragraph.trim().is_empty() {
            continue;
        }
        if !first {
            pages.y += 5.0;
        }
        first = false;
        for source in paragraph.split('\n') {
            for line in pages.font.wrap(source, BODY_SIZE, column) {
                pages.room_for(BODY_LEADING);
                pages.y += BODY_LEADING;
                let y = pages.y;
                pages.text(MARGIN_LEFT, y, BODY_SIZE, INK, &line);
            }
        }
    }
    pages.y += 4.0 * MM;
}

/// Labels on the left of a right-aligned column of figures, ending at the right margin: the
/// totals under a table. The last row is the sum, set larger under a rule.
pub(crate) fn totals(pages: &mut Pages, rows: &[(String, String)]) {
    let width = 95.0 * MM;
    let right = pages.right();
    let left = right - width;
    let leading = 14.0;
    pages.room_for(leading * rows.len() as f32 + 10.0);
    pages.y += 4.0;
    for (index, (label, figure)) in rows.iter().enumerate() {
        let last = index + 1 == rows.len();
        if last {
            pages.y += 3.0;
            let y = pages.y;
            pages.rule(left, right, y, 0.8, INK);
        }
        let size = if last { 10.5 } else { 9.0 };
        pages.y += leading;
        let y = pages.y;
        pages.text(left, y, size, if last { INK } else { MUTED }, label);
        pages.text_right(right - crate::table::CELL_PADDING, y, size, INK, figure);
    }
    pages.y += 4.0 * MM;
}

/// Notes in small type under a table.
pub(crate) fn notes(pages: &mut Pages, notes: &[String]) {
    let column = pages.column();
    for note in notes {
        for line in pages.font.wrap(note, 8.0, column) {
            pages.room_for(11.0);
            pages.y += 11.0;
            let y = pages.y;
            pages.text(MARGIN_LEFT, y, 8.0, MUTED, &line);
        }
    }
    if !notes.is_empty() {
        pages.y += 3.0 * MM;
    }
}

/// A tinted box with the amount to pay, the account to pay it to (two pairs of label and value
/// a row) and the reference to quote. It stays on one page with the `keep_with` points that
/// follow it (the signature), so a signature never stands on a page of its own.
pub(crate) fn payment(
    pages: &mut Pages,
    sender: &Sender,
    headline: &str,
    reference: &str,
    keep_with: f32,
) {
    let language = pages.language;
    let font = pages.font;
    let padding = 4.0 * MM;
    let inner = pages.column() - 2.0 * padding;
    let instruction = if has_account(sender) {
        language.pick(
            format!(
                "Please transfer the amount to the account below, quoting the reference \
                 {reference}."
            ),
            format!("请将上述款项汇入以下账户，并在付款附言中注明编号 {reference}。"),
        )
    } else {
        language.pick(
            format!("Please quote the reference {reference} with your payment."),
            format!("付款时请注明编号 {reference}。"),
        )
    };
    let sentence = font.wrap(&instruction, 9.0, inner);
    let account: Vec<(&str, String)> = if has_account(sender) {
        [
            (
                language.pick("Account holder", "收款人"),
                Some(sender.legal_name.clone()),
            ),
            (language.pick("BIC", "BIC"), sender.bic.clone()),
            (
                language.pick("IBAN", "IBAN"),
                sender.iban.as_deref().map(group_iban),
            ),
            (language.pick("Bank", "开户银行"), sender.bank_name.clone()),
            (
                language.pick("Account number", "账号"),
                sender.account_number.clone(),
            ),
        ]
        .into_iter()
        .filter_map(|(label, value)| value.map(|value| (label, value)))
        .collect()
    } else {
        Vec::new()
    };
    let rows = account.len().div_ceil(2);

    let height = padding * 1.8
        + 14.0
        + 12.0 * sentence.len() as f32
        + if rows == 0 {
            0.0
        } else {
            5.0 + 12.0 * rows as f32
        };
    pages.room_for(height + 5.0 * MM + keep_with);
    let top = pages.y;
    let right = pages.right();
    pages.fill(MARGIN_LEFT, top, right - MARGIN_LEFT, height, TINT);
    let x = MARGIN_LEFT + padding;
    let mut y = top + padding + 9.0;
    pages.text(x, y, 12.0, ACCENT, headline);
    y += 5.0;
    for line in &sentence {
        y += 12.0;
        pages.text(x, y, 9.0, INK, line);
    }
    y += 5.0;
    let half = inner / 2.0;
    for (column, x) in [x, x + half].into_iter().enumerate() {
        let pairs: Vec<&(&str, String)> = account.iter().skip(column).step_by(2).collect();
        let label_width = pairs
            .iter()
            .map(|(label, _)| font.width(label, 9.0))
            .fold(0.0, f32::max);
        for (row, (label, value)) in pairs.into_iter().enumerate() {
            let baseline = y + 12.0 * (row + 1) as f32;
            pages.text(x, baseline, 9.0, MUTED, label);
            pages.text(x + label_width + 3.0 * MM, baseline, 9.0, INK, value);
        }
    }
    pages.y = top + height + 5.0 * MM;
}

fn has_account(sender: &Sender) -> bool {
    sender.iban.is_some() || sender.account_number.is_some()
}

/// `DE89 3704 0044 0532 0130 00`: an IBAN written without spaces, in groups of four as printed
/// IBANs are; one that already has spaces is left as written.
fn group_iban(iban: &str) -> String {
    if iban.contains(' ') {
        return iban.to_string();
    }
    let chars: Vec<char> = iban.chars().collect();
    chars
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The closing of a letter in `language`, when its template has none.
fn closing(language: Language) -> &'static [&'static str] {
    language.pick(&["Yours sincerely,"], &["此致", "敬礼！"])
}

/// The closing lines, and the lines under the signatory: the template's, or the letter's own
/// closing and the company's name.
fn sign_off_lines<'a>(
    language: Language,
    sender: &'a Sender,
    sign_off: Option<&'a SignOff>,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let closing = match sign_off {
        Some(own) if !own.closing.is_empty() => own.closing.iter().map(String::as_str).collect(),
        _ => closing(language).to_vec(),
    };
    let signed = match sign_off {
        Some(own) if !own.signed.is_empty() => own.signed.iter().map(String::as_str).collect(),
        _ => vec![sender.legal_name.as_str()],
    };
    (closing, signed)
}

/// The height [`signature`] takes.
pub(crate) fn signature_height(
    language: Language,
    sender: &Sender,
    sign_off: Option<&SignOff>,
) -> f32 {
    let (closing, signed) = sign_off_lines(language, sender, sign_off);
    14.0 * closing.len() as f32 + 12.0 * MM + 15.0 + 11.0 * signed.len() as f32
}

/// The closing, a line to sign on, the signatory and what the letter is signed with.
pub(crate) fn signature(pages: &mut Pages, sender: &Sender, sign_off: Option<&SignOff>) {
    let language = pages.language;
    let (closing, signed) = sign_off_lines(language, sender, sign_off);
    pages.room_for(signature_height(language, sender, sign_off));
    for line in closing {
        pages.y += 14.0;
        let y = pages.y;
        pages.text(MARGIN_LEFT, y, BODY_SIZE, INK, line);
    }
    pages.y += 12.0 * MM;
    signature_line(pages, MARGIN_LEFT, sender.signatory.as_deref(), &signed);
    pages.y += 15.0 + 11.0 * signed.len() as f32;
}

/// A line to sign on at `x`, with a name and the lines of a role under it, at the cursor; the
/// cursor stays.
pub(crate) fn signature_line(pages: &mut Pages, x: f32, name: Option<&str>, role: &[&str]) {
    let y = pages.y;
    pages.rule(x, x + 65.0 * MM, y, 0.6, INK);
    let mut baseline = y + 11.0;
    if let Some(name) = name {
        pages.text(x, baseline, 9.0, INK, name);
        baseline += 11.0;
    }
    for line in role {
        pages.text(x, baseline, 9.0, MUTED, line);
        baseline += 11.0;
    }
}
