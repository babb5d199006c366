//! The one font every letter is set in, and the measuring that printpdf leaves to its callers.
//!
//! WenQuanYi Micro Hei (its GB2312 and Latin subset) is shipped inside the crate, so a letter
//! looks the same on every machine and needs no system font. It has Latin and Chinese glyphs in
//! one face, so no run of text ever has to switch fonts; it has no bold face, so emphasis is
//! by size.
//!
//! Invariants:
//! - A width is measured exactly as a PDF viewer positions the glyphs: each character's advance
//!   from the font's `hmtx` table, scaled to thousandths of an em and cut to a whole number the
//!   way printpdf writes the font's `/W` array. So right-aligned text ends where it is meant to.
//! - Text is drawn only after [`LetterFont::first_missing`] said every character has a glyph;
//!   a character without one would come out as an empty box.

use std::sync::OnceLock;

use printpdf::ParsedFont;

/// The font program, with its licence beside it in `fonts/`.
const FONT_BYTES: &[u8] = include_bytes!("../fonts/wqy-microhei-gb2312-latin-subset.ttf");

/// The parsed font and its metrics, parsed once per process.
pub(crate) struct LetterFont {
    parsed: ParsedFont,
    units_per_em: f32,
    /// Advance in thousandths of an em of the characters U+0000 to U+FFFF, `None` where the font
    /// has no glyph; filled on first use so the few thousand characters of a letter are looked
    /// up in the `cmap` once per process, not once per letter.
    advances: Vec<OnceLock<Option<u16>>>,
}

impl LetterFont {
    /// The letter font, parsed on first use.
    pub(crate) fn get() -> &'static LetterFont {
        static FONT: OnceLock<LetterFont> = OnceLock::new();
        FONT.get_or_init(|| {
            let mut warnings = Vec::new();
            let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut warnings)
                .expect("the font shipped in fonts/ is a valid TrueType font");
            let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em);
            LetterFont {
                parsed,
                units_per_em,
                advances: (0..=0xFFFF).map(|_| OnceLock::new()).collect(),
            }
        })
    }

    /// The parsed font, to be embedded in a document.
    pub(crate) fn parsed(&self) -> &ParsedFont {
        &self.parsed
    }

    /// The advance of `c` in thousandths of an em, as the PDF's `/W` array will say it; `None`
    /// when the font cannot draw `c`.
    pub(crate) fn advance(&self, c: char) -> Option<u16> {
        let code = c as u32;
        let slot = self.advances.get(code as usize)?;
        *slot.get_or_init(|| {
            let gid = self.parsed.lookup_glyph_index(code)?;
            if gid == 0 {
                return None;
            }
            // The same glyph record and the same truncation printpdf uses for `/W`.
            let units = self
                .parsed
                .get_or_decode_glyph(gid)
                .map(|g| g.horz_advance)
                .unwrap_or_else(|| self.parsed.get_horizontal_advance(gid));
            Some((f32::from(units) * 1000.0 / self.units_per_em) as u16)
        })
    }

    /// The width of `text` set at `size` points, in points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let thousandths: u32 = text
            .chars()
            .map(|c| u32::from(self.advance(c).unwrap_or(0)))
            .sum();
        thousandths as f32 * size / 1000.0
    }

    /// The first character of `text` the font cannot draw, with its position counted in
    /// characters from 1.
    pub(crate) fn first_missing(&self, text: &str) -> Option<(usize, char)> {
        text.chars()
            .enumerate()
            .find(|(_, c)| self.advance(*c).is_none())
            .map(|(index, c)| (index + 1, c))
    }

    /// Breaks `text` into lines no wider than `width` points at `size`.
    ///
    /// Latin text breaks at spaces; Chinese text between any two characters, except before
    /// closing punctuation (`，。、）` ...) and after opening punctuation (`（“` ...). A word
    /// wider than the whole line is broken between characters. Spaces at the ends of lines are
    /// dropped. An empty text gives one empty line.
    pub(crate) fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let limit = (width * 1000.0 / size).max(1.0) as u32;
        let chars: Vec<char> = text.chars().collect();
        let mut lines = Vec::new();
        let mut start = 0;
        while start < chars.len() {
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
            if start == chars.len() {
                break;
            }
            let mut used = 0u32;
            let mut last_break: Option<usize> = None;
            let mut end = chars.len();
            for i in start..chars.len() {
                if i > start && may_break_before(chars[i - 1], chars[i]) {
                    last_break = Some(i);
                }
                used += u32::from(self.advance(chars[i]).unwrap_or(0));
                if used > limit && chars[i] != ' ' {
                    end = match last_break {
                        Some(at) => at,
                        None => i.max(start + 1),
                    };
                    break;
                }
            }
            let line: String = chars[start..end].iter().collect();
            lines.push(line.trim_end().to_string());
            start = end;
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}

impl LetterFont {
    /// `text` on two lines as even in width as its break opportunities allow, for a table
    /// header: `Days` over `overdue`, `逾期` over `天数`. `None` when it cannot be broken.
    pub(crate) fn two_lines(&self, text: &str, size: f32) -> Option<(String, String)> {
        let chars: Vec<char> = text.chars().collect();
        (1..chars.len())
            .filter(|&at| may_break_before(chars[at - 1], chars[at]))
            .map(|at| {
                let first: String = chars[..at]
                    .iter()
                    .collect::<String>()
                    .trim_end()
                    .to_string();
                let second: String = chars[at..]
                    .iter()
                    .collect::<String>()
                    .trim_start()
                    .to_string();
                let widest = self.width(&first, size).max(self.width(&second, size));
                (widest, first, second)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, first, second)| (first, second))
    }
}

/// Whether a line may end between `before` and `after`.
fn may_break_before(before: char, after: char) -> bool {
    if after == ' ' {
        return false;
    }
    if before == ' ' {
        return true;
    }
    let wide = is_wide(before) || is_wide(after);
    wide && !closes(after) && !opens(before)
}

/// Characters set one em wide, between which Chinese text may break: CJK ideographs and
/// punctuation, full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
}

/// Punctuation that never starts a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '》'
            | '〉'
            | '】'
            | '”'
            | '’'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | '%'
    )
}

/// Punctuation that never ends a line.
fn opens(c: char) -> bool {
    matches!(c, '（' | '「' | '『' | '《' | '〈' | '【' | '“' | '‘' | '(')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_draws_latin_and_chinese_but_not_everything() {
        let font = LetterFont::get();
        assert_eq!(font.first_missing("Amount due: EUR 1,234.56"), None);
        assert_eq!(font.first_missing("应付金额：1,234.56 欧元"), None);
        assert_eq!(font.first_missing("ab\u{1F600}"), Some((3, '\u{1F600}')));
    }

    #[test]
    fn latin_text_wraps_at_spaces_and_chinese_between_characters() {
        let font = LetterFont::get();
        let width = font.width("Please pay the amount", 10.0) + 0.5;
        assert_eq!(
            font.wrap("Please pay the amount below today.", 10.0, width),
            vec!["Please pay the amount", "below today."]
        );
        let width = font.width("请于七日内", 10.0) + 0.5;
        assert_eq!(
            font.wrap("请于七日内付清，谢谢", 10.0, width),
            vec!["请于七日内", "付清，谢谢"]
        );
    }

    #[test]
    fn closing_punctuation_stays_with_the_character_before_it() {
        let font = LetterFont::get();
        let width = font.width("请于七日内", 10.0) + 0.5;
        // "，" would overflow the first line but may not start the next one.
        assert_eq!(
            font.wrap("请于七日内，谢谢", 10.0, width),
            vec!["请于七日", "内，谢谢"]
        );
    }

    #[test]
    fn a_header_splits_into_two_even_lines() {
        let font = LetterFont::get();
        assert_eq!(
            font.two_lines("逾期天数", 8.5),
            Some(("逾期".to_string(), "天数".to_string()))
        );
        assert_eq!(
            font.two_lines("Days overdue", 8.5),
            Some(("Days".to_string(), "overdue".to_string()))
        );
        assert_eq!(font.two_lines("Invoice", 8.5), None);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_between_characters() {
        let font = LetterFont::get();
        let width = font.width("ABCDE", 10.0) + 0.5;
        assert_eq!(font.wrap("ABCDEFGHIJ", 10.0, width), vec!["ABCDE", "FGHIJ"]);
    }
}
