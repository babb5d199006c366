//! Brightwater Tools demands EUR 1,234.56 from Huang Precision Parts for two overdue invoices,
//! with interest and the EUR 40 fixed compensation: what the customer reads on the letter.

use creditdesk_letters::{render_dunning_letter, Language, PaperSize, SignOff};

use crate::fixtures::{demand_letter, eur, long_reminder};
use crate::pdf::{assert_line, document, info, lines, page_lines};

#[test]
fn the_english_demand_lists_each_invoice_the_totals_and_how_to_pay() {
    let pdf = render_dunning_letter(&demand_letter(Language::English)).unwrap();
    let lines = lines(&pdf);

    for expected in [
        "Brightwater Tools Ltd",
        "12 Harbour Road · Bristol BS1 5TY · United Kingdom",
        "Huang Precision Parts Co.",
        "Room 1203, 88 Century Avenue",
        "China",
        "Date: 2026-12-05",
        "Reference: D-2026-000123",
        "Customer reference: C-0042",
        "Formal demand for payment of overdue invoices",
        "If you have paid in the meantime, please disregard this letter.",
        // Each item with its own amounts, thousands separated, currency in the header (B05).
        "Invoice Date Due Original (EUR) Paid (EUR) Open (EUR) Days overdue Interest (EUR)",
        "INV-2026-0412 2026-08-03 2026-09-02 1,000.64 0.00 1,000.64 94 26.16",
        "INV-2026-0467 2026-09-01 2026-10-01 463.22 300.00 163.22 65 4.54",
        // The fee once for the letter (B18), and the total the customer owes.
        "Overdue amount 1,163.86",
        "Interest 30.70",
        "Dunning fee 40.00",
        "Total due (EUR) 1,234.56",
        // Interest period by period: the part payment of 20 October splits the second invoice.
        "INV-2026-0412 2026-09-03 2026-12-05 94 1,000.64 10.15 % p.a. 26.16",
        "INV-2026-0467 2026-10-02 2026-10-20 19 463.22 10.15 % p.a. 2.45",
        "2026-10-21 2026-12-05 46 163.22 10.15 % p.a. 2.09",
        "Total interest 30.70",
        "Amount due: EUR 1,234.56",
        "Please transfer the amount to the account below, quoting the reference D-2026-000123.",
        "Account holder Brightwater Tools Ltd BIC BUKBGB22",
        "IBAN GB33 BUKB 2020 1555 5555 55 Bank Harbour Bank plc",
        "Yours sincerely,",
        "Alice Moreton",
        "Page 1 of 1",
    ] {
        assert_line(&lines, expected);
    }
}

#[test]
fn the_chinese_demand_speaks_chinese_with_chinese_dates() {
    let pdf = render_dunning_letter(&demand_letter(Language::SimplifiedChinese)).unwrap();
    let lines = lines(&pdf);

    for expected in [
        "日期：2026年12月5日",
        "编号：D-2026-000123",
        "客户编号：C-0042",
        "关于逾期发票的正式付款催告函",
        "尊敬的客户：",
        "如贵公司已付款，请忽略本函。",
        "发票号 开票日期 到期日 原金额（EUR） 已付（EUR） 未付（EUR） 逾期天数 利息（EUR）",
        "INV-2026-0412 2026年8月3日 2026年9月2日 1,000.64 0.00 1,000.64 94 26.16",
        "逾期金额合计 1,163.86",
        "催收费 40.00",
        "应付总额（EUR） 1,234.56",
        "INV-2026-0467 2026年10月2日 2026年10月20日 19 463.22 年利率 10.15% 2.45",
        "利息合计 30.70",
        "应付金额：1,234.56 欧元",
        "请将上述款项汇入以下账户，并在付款附言中注明编号 D-2026-000123。",
        "此致",
        "敬礼！",
        "第 1 页，共 1 页",
    ] {
        assert_line(&lines, expected);
    }
}

#[test]
fn sixty_invoices_continue_on_a_second_page_under_the_same_header() {
    let pdf = render_dunning_letter(&long_reminder(Language::English, 60, false)).unwrap();
    let pages = page_lines(&pdf);
    assert_eq!(
        pages.len(),
        2,
        "60 rows do not fit one page, and need no third"
    );

    let header = "Invoice Date Due Original (EUR) Paid (EUR) Open (EUR) Days overdue";
    for (number, page) in pages.iter().enumerate() {
        assert_line(page, header);
        assert_line(page, &format!("Page {} of 2", number + 1));
    }
    assert_eq!(
        pages[1][0], "Brightwater Tools Ltd · D-2026-000123 · 2026-12-05",
        "a continuation page says whose letter it belongs to"
    );
    let rows_on = |page: &Vec<String>| page.iter().filter(|l| l.starts_with("INV-2026-")).count();
    assert_eq!(
        rows_on(&pages[0]) + rows_on(&pages[1]),
        60,
        "every item once"
    );
    assert!(rows_on(&pages[0]) > 20 && rows_on(&pages[1]) > 20);
    assert_line(&pages[1], "Total due (EUR) 19,607.70");
}

#[test]
fn a_chinese_letter_numbers_its_pages_in_chinese() {
    let pdf =
        render_dunning_letter(&long_reminder(Language::SimplifiedChinese, 60, false)).unwrap();
    let pages = page_lines(&pdf);
    assert_eq!(pages.len(), 2);
    assert_line(&pages[0], "第 1 页，共 2 页");
    assert_line(&pages[1], "第 2 页，共 2 页");
    assert_eq!(
        pages[1][0],
        "Brightwater Tools Ltd · D-2026-000123 · 2026年12月5日"
    );
}

#[test]
fn a_disputed_part_and_unapplied_cash_are_shown_but_not_claimed() {
    let mut letter = demand_letter(Language::English);
    let communication = &mut letter.communication;
    // 100.00 of the first invoice is disputed: it is open, but not claimed (case B09).
    communication.items[0].disputed = eur("100.00");
    communication.items[0].claimed = eur("900.64");
    communication.claimed_total = eur("1063.86");
    communication.total = eur("1134.56");
    communication.unapplied_credit = eur("55.00");
    let lines = lines(&render_dunning_letter(&letter).unwrap());

    assert_line(
        &lines,
        "INV-2026-0412 2026-08-03 2026-09-02 1,000.64 0.00 900.64 94 26.16",
    );
    assert_line(
        &lines,
        "INV-2026-0412: EUR 100.00 is under dispute and not claimed in this letter.",
    );
    assert_line(
        &lines,
        "Payments received, not yet allocated (not deducted) 55.00",
    );
    assert_line(&lines, "Amount due: EUR 1,134.56");

    letter.language = Language::SimplifiedChinese;
    let lines = crate::pdf::lines(&render_dunning_letter(&letter).unwrap());
    assert_line(&lines, "INV-2026-0412：100.00 欧元存在争议，本函未予催收。");
    assert_line(&lines, "已收到但尚未核销的款项（未扣除） 55.00");
}

#[test]
fn two_instalments_of_one_invoice_are_told_apart() {
    let mut letter = demand_letter(Language::English);
    letter.communication.items[1].invoice_number = "INV-2026-0412".to_string();
    letter.communication.items[1].seq = 2;
    let lines = lines(&render_dunning_letter(&letter).unwrap());
    assert_line(
        &lines,
        "INV-2026-0412 #1 2026-08-03 2026-09-02 1,000.64 0.00 1,000.64 94 26.16",
    );
    assert_line(
        &lines,
        "INV-2026-0412 #2 2026-09-01 2026-10-01 463.22 300.00 163.22 65 4.54",
    );
}

#[test]
fn a_reminder_without_interest_has_no_interest_column_or_breakdown() {
    let lines = lines(&render_dunning_letter(&long_reminder(Language::English, 3, false)).unwrap());
    assert_line(
        &lines,
        "Invoice Date Due Original (EUR) Paid (EUR) Open (EUR) Days overdue",
    );
    assert!(!lines.iter().any(|l| l.contains("Interest")), "{lines:#?}");
}

#[test]
fn a4_and_us_letter_have_their_own_page_size() {
    let mut letter = demand_letter(Language::English);
    for (paper, expected) in [
        (PaperSize::A4, [595.276, 841.89]),
        (PaperSize::Letter, [612.0, 792.0]),
    ] {
        letter.paper = paper;
        let pdf = document(&render_dunning_letter(&letter).unwrap());
        let (_, page) = pdf.get_pages().into_iter().next().unwrap();
        let media_box = pdf
            .get_dictionary(page)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_float().unwrap())
            .collect::<Vec<f32>>();
        assert_eq!(media_box.len(), 4);
        assert_eq!((media_box[0], media_box[1]), (0.0, 0.0));
        assert!(
            (media_box[2] - expected[0]).abs() < 0.01,
            "{paper:?}: {media_box:?}"
        );
        assert!(
            (media_box[3] - expected[1]).abs() < 0.01,
            "{paper:?}: {media_box:?}"
        );
    }
    assert_eq!(PaperSize::parse("letter"), Some(PaperSize::Letter));
    assert_eq!(
        PaperSize::parse(PaperSize::A4.as_str()),
        Some(PaperSize::A4)
    );
    assert_eq!(PaperSize::parse("A5"), None);
}

#[test]
fn the_same_letter_gives_the_same_bytes_and_another_letter_another_identifier() {
    let letter = demand_letter(Language::SimplifiedChinese);
    let first = render_dunning_letter(&letter).unwrap();
    // Something else rendered in between must not change the next rendering.
    let other = render_dunning_letter(&long_reminder(Language::English, 5, true)).unwrap();
    let second = render_dunning_letter(&letter).unwrap();
    assert!(first == second, "the same letter rendered twice differs");

    let identifier = |bytes: &[u8]| format!("{:?}", document(bytes).trailer.get(b"ID").unwrap());
    assert_ne!(identifier(&first), identifier(&other));
}

#[test]
fn the_document_is_dated_and_titled_by_the_letter() {
    let pdf = render_dunning_letter(&demand_letter(Language::SimplifiedChinese)).unwrap();
    assert_eq!(info(&pdf, "Title"), "关于逾期发票的正式付款催告函");
    assert_eq!(info(&pdf, "Author"), "Brightwater Tools Ltd");
    assert_eq!(info(&pdf, "CreationDate"), "D:20261205000000+00'00'");
    assert_eq!(info(&pdf, "ModDate"), "D:20261205000000+00'00'");
}

#[test]
fn on_us_letter_the_payment_box_goes_over_with_the_signature() {
    let mut letter = demand_letter(Language::English);
    letter.paper = PaperSize::Letter;
    let pages = page_lines(&render_dunning_letter(&letter).unwrap());
    assert_eq!(pages.len(), 2, "US Letter is 18 mm shorter than A4");
    assert_line(&pages[1], "Amount due: EUR 1,234.56");
    assert_line(&pages[1], "Yours sincerely,");
    assert_line(&pages[0], "Total interest 30.70");
}

#[test]
fn a_letter_signs_once_with_its_templates_closing_after_how_to_pay() {
    let mut letter = demand_letter(Language::English);
    letter.after_items = "Please pay by 19 December 2026.".to_string();
    letter.sign_off = Some(SignOff {
        closing: vec!["Kind regards,".to_string()],
        signed: vec![
            "Brightwater Tools Ltd".to_string(),
            "Accounts Receivable".to_string(),
        ],
    });
    let lines = lines(&render_dunning_letter(&letter).unwrap());
    let at = |wanted: &str| {
        let found: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].contains(wanted))
            .collect();
        assert_eq!(found.len(), 1, "{wanted:?} once in {lines:#?}");
        found[0]
    };
    // The text after the list comes after the table and the totals, the closing after how to
    // pay, then the line to sign on with the signatory and the names the template signs with.
    let order = [
        at("Total due (EUR) 1,234.56"),
        at("Please pay by 19 December 2026."),
        at("Amount due: EUR 1,234.56"),
        at("Kind regards,"),
        at("Alice Moreton"),
        at("Accounts Receivable"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "{order:?} in {lines:#?}"
    );
    assert!(!lines.iter().any(|l| l.contains("Yours sincerely")));
}
