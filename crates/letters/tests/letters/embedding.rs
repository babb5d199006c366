//! Case B28: in a demand letter mixing Chinese and Latin text, every glyph keeps the width the
//! font gives it, amounts end at their column's edge, and the text reads back exactly.

use std::collections::BTreeMap;

use creditdesk_letters::{
    render_dunning_letter, render_plan_agreement, render_statement, Language,
};

use crate::fixtures::{demand_letter, long_reminder, plan_agreement, statement};
use crate::pdf::{assert_line, document, fonts, lines, qpdf_check, words};

const FONT: &[u8] = include_bytes!("../../fonts/wqy-microhei-gb2312-latin-subset.ttf");

/// A4 width less the 20 mm right margin and the 4 pt cell padding: where figures end.
const FIGURE_EDGE: f64 = 595.276 - 20.0 * 72.0 / 25.4 - 4.0;

#[test]
fn the_b28_lines_read_back_exactly_in_both_languages() {
    let english = render_dunning_letter(&demand_letter(Language::English)).unwrap();
    assert_line(&lines(&english), "Amount due: EUR 1,234.56");
    let chinese = render_dunning_letter(&demand_letter(Language::SimplifiedChinese)).unwrap();
    assert_line(&lines(&chinese), "应付金额：1,234.56 欧元");
}

#[test]
fn the_font_is_embedded_as_a_subset_with_a_unicode_map() {
    for language in [Language::English, Language::SimplifiedChinese] {
        let pdf = render_dunning_letter(&demand_letter(language)).unwrap();
        let fonts = fonts(&pdf);
        assert_eq!(fonts.len(), 1, "one font for all text: {fonts:?}");
        let row = &fonts[0];
        let name = &row[0];
        assert!(
            name.len() == 7 + "WenQuanYiMicroHei".len()
                && name[..6].chars().all(|c| c.is_ascii_uppercase())
                && name.ends_with("+WenQuanYiMicroHei"),
            "a subset is named with a six-letter tag: {name}"
        );
        assert_eq!(
            &row[1..7],
            ["CID", "TrueType", "Identity-H", "yes", "yes", "yes"],
            "type, encoding, embedded, subset, Unicode map"
        );
        assert!(
            pdf.len() < 80_000,
            "only the used glyphs are embedded: {} bytes",
            pdf.len()
        );
    }
}

/// `/W` of the font, code by code, and the character each code stands for (`/ToUnicode`).
fn widths_and_characters(pdf: &[u8]) -> (BTreeMap<u16, i64>, BTreeMap<u16, char>) {
    let pdf = document(pdf);
    let font = pdf
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .find(|dict| dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0"))
        .expect("a Type0 font");
    let descendant = match font.get(b"DescendantFonts").unwrap() {
        lopdf::Object::Array(fonts) => match &fonts[0] {
            lopdf::Object::Dictionary(dict) => dict.clone(),
            lopdf::Object::Reference(id) => pdf.get_dictionary(*id).unwrap().clone(),
            other => panic!("unexpected descendant {other:?}"),
        },
        other => panic!("unexpected DescendantFonts {other:?}"),
    };
    let w = descendant.get(b"W").unwrap().as_array().unwrap();
    let mut widths = BTreeMap::new();
    let mut index = 0;
    while index < w.len() {
        let first = w[index].as_i64().unwrap() as u16;
        for (offset, width) in w[index + 1].as_array().unwrap().iter().enumerate() {
            widths.insert(first + offset as u16, width.as_i64().unwrap());
        }
        index += 2;
    }

    let to_unicode = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
    let stream = pdf.get_object(to_unicode).unwrap().as_stream().unwrap();
    let cmap = String::from_utf8(
        stream
            .decompressed_content()
            .unwrap_or(stream.content.clone()),
    )
    .unwrap();
    let mut characters = BTreeMap::new();
    for line in cmap.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() == 2 && parts.iter().all(|p| p.starts_with('<') && p.ends_with('>')) {
            let code = u16::from_str_radix(parts[0].trim_matches(['<', '>']), 16).unwrap();
            let unit = u32::from_str_radix(parts[1].trim_matches(['<', '>']), 16).unwrap();
            characters.insert(code, char::from_u32(unit).unwrap());
        }
    }
    (widths, characters)
}

#[test]
fn every_glyph_is_as_wide_as_the_font_says_latin_and_chinese() {
    let face = ttf_parser::Face::parse(FONT, 0).unwrap();
    let units_per_em = f64::from(face.units_per_em());
    let pdf = render_dunning_letter(&demand_letter(Language::SimplifiedChinese)).unwrap();
    let (widths, characters) = widths_and_characters(&pdf);

    assert!(
        widths.len() > 60,
        "the letter uses many glyphs: {}",
        widths.len()
    );
    let mut checked = String::new();
    for (code, width) in &widths {
        let Some(&c) = characters.get(code) else {
            continue;
        };
        let glyph = face
            .glyph_index(c)
            .unwrap_or_else(|| panic!("the font has {c:?}"));
        let advance = f64::from(face.glyph_hor_advance(glyph).unwrap());
        let expected = advance * 1000.0 / units_per_em;
        // printpdf writes whole thousandths of an em, cutting the fraction.
        assert!(
            (*width as f64 - expected).abs() < 1.0,
            "{c:?}: /W says {width}, the font's hmtx {advance} x 1000 / {units_per_em} = {expected}"
        );
        checked.push(c);
    }
    for c in ['A', 'i', '1', ' ', ',', '.', '应', '付', '：', '欧'] {
        assert!(
            checked.contains(c),
            "{c:?} is among the glyphs checked: {checked}"
        );
    }
    // The wrong result of B28: every glyph at the default square width.
    assert!(
        widths.values().any(|w| *w < 700),
        "Latin glyphs are narrower than an em"
    );
}

#[test]
fn the_amount_due_is_as_wide_as_its_advances_add_up_to() {
    let face = ttf_parser::Face::parse(FONT, 0).unwrap();
    let units: f64 = "Amount due: EUR 1,234.56"
        .chars()
        .map(|c| {
            f64::from(
                face.glyph_hor_advance(face.glyph_index(c).unwrap())
                    .unwrap(),
            )
        })
        .sum();
    let expected = units / f64::from(face.units_per_em()) * 12.0;

    let pdf = render_dunning_letter(&demand_letter(Language::English)).unwrap();
    let words = words(&pdf);
    let line = words
        .windows(4)
        .find(|w| w[0].text == "Amount" && w[1].text == "due:")
        .expect("the amount due is on the letter");
    assert_eq!(
        line.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
        ["Amount", "due:", "EUR", "1,234.56"]
    );
    let measured = line[3].x_max - line[0].x_min;
    assert!(
        (measured - expected).abs() <= expected * 0.005,
        "the 12 pt line is {measured:.2} pt wide, its advances add up to {expected:.2} pt"
    );
}

#[test]
fn right_aligned_figures_end_at_the_column_edge() {
    for language in [Language::English, Language::SimplifiedChinese] {
        let pdf = render_dunning_letter(&demand_letter(language)).unwrap();
        let words = words(&pdf);
        // The interest column is the last: its figures, the interest total, the total due.
        for figure in ["26.16", "4.54", "2.09", "30.70", "1,234.56"] {
            let ends: Vec<f64> = words
                .iter()
                .filter(|w| w.text == figure && w.x_max > 400.0)
                .map(|w| w.x_max)
                .collect();
            assert!(!ends.is_empty(), "{figure} is on the letter");
            for end in ends {
                assert!(
                    (end - FIGURE_EDGE).abs() < 0.05,
                    "{language:?}: {figure} ends at {end:.3} pt, the column edge is {FIGURE_EDGE:.3}"
                );
            }
        }
        // Inside the table, the figures of one column end together too.
        let original: Vec<f64> = words
            .iter()
            .filter(|w| w.text == "1,000.64" || w.text == "463.22")
            .map(|w| w.x_max)
            .collect();
        assert!(original.len() >= 2);
        let first = original[0];
        assert!(
            original
                .iter()
                .filter(|end| (**end - first).abs() < 0.05)
                .count()
                >= 2,
            "{language:?}: {original:?}"
        );
    }
}

#[test]
fn qpdf_finds_every_document_well_formed() {
    let documents = [
        render_dunning_letter(&demand_letter(Language::English)).unwrap(),
        render_dunning_letter(&long_reminder(Language::SimplifiedChinese, 60, true)).unwrap(),
        render_statement(&statement(Language::SimplifiedChinese)).unwrap(),
        render_plan_agreement(&plan_agreement(Language::English)).unwrap(),
    ];
    for pdf in documents {
        if let Some(report) = qpdf_check(&pdf) {
            assert!(
                report.contains("No syntax or stream encoding errors found"),
                "{report}"
            );
        }
    }
}
