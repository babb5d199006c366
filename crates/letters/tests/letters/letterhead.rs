//! The company's logo at the top right of its letterhead, and what happens to the envelope
//! window when an address is long.

use creditdesk_letters::{render_dunning_letter, Language, LetterError, MAX_ADDRESS_LINES};

use crate::fixtures::demand_letter;
use crate::pdf::{assert_line, document, lines};

/// A 240 x 80 pixel PNG: a blue band on white, three times as wide as it is high.
fn logo_png() -> Vec<u8> {
    let (width, height) = (240u32, 80u32);
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for _ in 0..width {
            let band = (20..60).contains(&y);
            pixels.extend_from_slice(if band {
                &[26, 61, 112]
            } else {
                &[255, 255, 255]
            });
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .unwrap()
        .write_image_data(&pixels)
        .unwrap();
    bytes
}

#[test]
fn the_logo_is_placed_as_an_image_in_the_top_right_corner() {
    let mut letter = demand_letter(Language::English);
    letter.sender.logo = Some(logo_png());
    let pdf = render_dunning_letter(&letter).unwrap();

    let document = document(&pdf);
    let images: Vec<&lopdf::Stream> = document
        .objects
        .values()
        .filter_map(|object| object.as_stream().ok())
        .filter(|stream| {
            stream.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Image")
        })
        .collect();
    assert_eq!(images.len(), 1, "one image XObject");
    let image = &images[0].dict;
    assert_eq!(image.get(b"Width").unwrap().as_i64().unwrap(), 240);
    assert_eq!(image.get(b"Height").unwrap().as_i64().unwrap(), 80);

    // Scaled to the 40 mm width of its box (the 20 mm height would allow more), its right edge
    // on the right margin, its top 12 mm from the top of the page.
    let (_, page) = document.get_pages().into_iter().next().unwrap();
    let content = document.get_and_decode_page_content(page).unwrap();
    let placement = content
        .operations
        .windows(2)
        .find(|pair| pair[1].operator == "cm" && pair[0].operator == "q")
        .map(|pair| {
            pair[1]
                .operands
                .iter()
                .map(|n| n.as_float().unwrap())
                .collect::<Vec<f32>>()
        })
        .expect("the logo is placed with a transformation");
    let mm = 72.0 / 25.4;
    let expected = [
        40.0 * mm,
        0.0,
        0.0,
        40.0 * mm / 3.0,
        (210.0 - 20.0 - 40.0) * mm,
    ];
    for (got, want) in placement.iter().zip(expected) {
        assert!((got - want).abs() < 0.01, "{placement:?}");
    }
    let top = 297.0 * mm - (placement[5] + placement[3]);
    assert!(
        (top - 12.0 * mm).abs() < 0.01,
        "the logo's top is {top} pt from the page top"
    );

    // The text of the letterhead stays clear of it.
    assert_line(&lines(&pdf), "Brightwater Tools Ltd");
}

#[test]
fn a_long_address_line_wraps_inside_the_window() {
    let mut letter = demand_letter(Language::English);
    letter.recipient.address_lines = vec![
        "Building 7, Unit 1203, Shanghai Zhangjiang Hi-Tech Park Innovation Centre".to_string(),
        "88 Century Avenue, Pudong New Area".to_string(),
    ];
    let lines = lines(&render_dunning_letter(&letter).unwrap());
    assert_line(&lines, "Building 7, Unit 1203, Shanghai Zhangjiang Hi-Tech");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Park Innovation Centre")),
        "{lines:#?}"
    );
}

#[test]
fn an_address_longer_than_the_window_is_refused() {
    let mut letter = demand_letter(Language::English);
    letter.recipient.address_lines = (1..=6).map(|n| format!("Line {n}")).collect();
    let error = render_dunning_letter(&letter).unwrap_err();
    assert!(
        matches!(
            error,
            LetterError::TooManyAddressLines {
                lines: 8,
                max: MAX_ADDRESS_LINES,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "The recipient's address takes 8 lines (name and country included, long lines wrapped), \
         but at most 7 fit in the envelope window; join or shorten some lines."
    );
}
