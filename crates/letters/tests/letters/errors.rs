//! What the person printing a letter reads when it cannot be printed, word for word.

use creditdesk_core::text::Language;
use creditdesk_letters::{
    render_dunning_letter, render_plan_agreement, render_statement, LetterError,
};

use crate::fixtures::{demand_letter, plan_agreement, statement};

fn dunning_error(change: impl FnOnce(&mut creditdesk_letters::DunningLetter)) -> LetterError {
    let mut letter = demand_letter(Language::English);
    change(&mut letter);
    render_dunning_letter(&letter).unwrap_err()
}

#[test]
fn a_logo_that_is_not_an_image_is_refused_with_its_first_bytes() {
    let error = dunning_error(|letter| letter.sender.logo = Some(b"GIF89a\x01\x00".to_vec()));
    assert_eq!(
        error.to_string(),
        "The logo is not a PNG or JPEG image (it starts with the bytes 47 49 46 38); save it as \
         PNG or JPEG and choose it again."
    );
    assert_eq!(
        Language::SimplifiedChinese.during(|| error.to_string()),
        "徽标不是 PNG 或 JPEG 图片（文件以字节 47 49 46 38 开头）；请将其另存为 PNG 或 JPEG 后\
         重新选择。"
    );
}

#[test]
fn an_empty_logo_is_refused() {
    let error = dunning_error(|letter| letter.sender.logo = Some(Vec::new()));
    assert_eq!(
        error.to_string(),
        "The logo is empty (0 bytes); choose a PNG or JPEG image as the logo, or remove it."
    );
}

#[test]
fn a_damaged_png_logo_is_refused_with_the_reason() {
    let mut damaged = b"\x89PNG\r\n\x1a\n".to_vec();
    damaged.extend_from_slice(b"not really a PNG");
    let error = dunning_error(|letter| letter.sender.logo = Some(damaged));
    assert!(
        matches!(error, LetterError::LogoUnreadable { format: "PNG", .. }),
        "{error:?}"
    );
    let LetterError::LogoUnreadable { reason, .. } = &error else {
        unreachable!()
    };
    assert_eq!(
        error.to_string(),
        format!(
            "The logo looks like a PNG image but could not be read ({reason}); save it again as \
             PNG or JPEG and choose it again."
        )
    );
}

#[test]
fn a_character_the_font_cannot_draw_is_named_with_its_place() {
    let error = dunning_error(|letter| {
        letter.recipient.name = "Huang Precision Parts Co. \u{1F3ED}".to_string()
    });
    assert_eq!(
        error.to_string(),
        "The recipient's name has the character \"\u{1F3ED}\" (U+1F3ED) at position 27, \
         which the letter font cannot draw: letters print Latin letters and the Simplified Chinese \
         characters of GB2312. Replace it (a traditional or Japanese character by its simplified \
         form, where it has one), or remove it."
    );

    let error = dunning_error(|letter| {
        letter.body = "Dear Sir or Madam,\n\nPlease pay \u{2603} soon.".to_string()
    });
    assert_eq!(
        error.to_string(),
        "Line 3 of the letter body has the character \"\u{2603}\" (U+2603) at position 12, \
         which the letter font cannot draw: letters print Latin letters and the Simplified Chinese \
         characters of GB2312. Replace it (a traditional or Japanese character by its simplified \
         form, where it has one), or remove it."
    );
    assert_eq!(
        Language::SimplifiedChinese.during(|| error.to_string()),
        "正文第 3 行第 12 个字符“\u{2603}”（U+2603）无法用信函字体显示：信函只能打印拉丁字母和 \
         GB2312 中的简体汉字。请替换该字符（繁体字或日文汉字可改用其简体字形），或将其删除。"
    );

    let error =
        dunning_error(|letter| letter.sender.address_lines[1] = "Bristol \u{2603}".to_string());
    assert_eq!(
        error.to_string(),
        "Line 2 of the sender's address has the character \"\u{2603}\" (U+2603) at position 9, \
         which the letter font cannot draw: letters print Latin letters and the Simplified Chinese \
         characters of GB2312. Replace it (a traditional or Japanese character by its simplified \
         form, where it has one), or remove it."
    );
}

#[test]
fn an_amount_in_another_currency_is_refused() {
    let mut statement = statement(Language::English);
    let usd = creditdesk_core::Currency::from_code("USD").unwrap();
    statement.lines[2].debit = creditdesk_core::Money::from_minor(46322, usd);
    let error = render_statement(&statement).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The statement line INV-2026-0467 is in USD, but the document is in EUR; one document \
         shows one currency, so make one document per currency."
    );
    assert_eq!(
        Language::SimplifiedChinese.during(|| error.to_string()),
        "对账单行 INV-2026-0467 的币种为 USD，但该文件的币种为 EUR；一份文件只能使用一种币种，\
         请按币种分别生成文件。"
    );

    let error = dunning_error(|letter| {
        letter.communication.items[1].original = creditdesk_core::Money::from_minor(46322, usd)
    });
    assert_eq!(
        error.to_string(),
        "The invoice INV-2026-0467 is in USD, but the document is in EUR; one document shows \
         one currency, so make one document per currency."
    );
}

#[test]
fn a_plan_without_instalments_is_refused() {
    let mut agreement = plan_agreement(Language::English);
    agreement.instalments.clear();
    let error = render_plan_agreement(&agreement).unwrap_err();
    assert_eq!(
        error.to_string(),
        "The payment-plan agreement PLAN-12 has no instalments; add at least one instalment to \
         the plan."
    );
}
