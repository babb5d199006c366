//! Files attached to HARBOUR's credit report from Creditreform and to its dispute on INV-1: the
//! agency's PDF and a customer's letter with a Chinese name go into the book and come back
//! byte for byte; a file too large, a missing file and an unknown id are refused in words a
//! person can act on, in English and in Chinese.

// The payments of the shared scenarios play no part here.
#[allow(dead_code)]
mod support;

use std::path::{Path, PathBuf};

use creditdesk_app::error::{AppError, ErrorCode};
use creditdesk_app::{
    AttachedTo, CreditProfileInput, CustomerInput, DisputeInput, OpenBook, MAX_ATTACHMENT_BYTES,
};
use creditdesk_core::credit::CreditReport;
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::text::Language;
use support::{book, date, invoice};

/// A PDF-like file: the signature, then every byte value, including NUL and invalid UTF-8.
fn pdf_bytes() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    bytes.extend((0..=255u8).cycle().take(70_000));
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

/// HARBOUR with a credit profile, one credit report (id 1) and a dispute on INV-1 (id 1).
fn harbour(dir: &Path) -> OpenBook {
    let mut book = book(dir);
    book.save_customer(&CustomerInput {
        reference: "HARBOUR".into(),
        name: "Harbour Supplies".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    book.post_invoice(&invoice("INV-1", "1000.00", Some("net 30")))
        .unwrap();
    book.set_credit_profile(
        &CreditProfileInput {
            customer: "HARBOUR".into(),
            limit: "10000.00".parse().unwrap(),
            currency: None,
            max_terms_days: 60,
            default_terms_days: None,
            risk_class: None,
            status: None,
            review_date: None,
            review_interval_months: None,
            security_required: None,
        },
        date("2024-05-01"),
    )
    .unwrap();
    book.add_credit_report(
        "HARBOUR",
        &CreditReport {
            agency: "Creditreform".into(),
            date: date("2024-05-02"),
            rating: "72".into(),
            recommended_limit: None,
            note: String::new(),
        },
    )
    .unwrap();
    book.open_dispute(&DisputeInput {
        invoice: "INV-1".into(),
        amount: None,
        line: None,
        reason: DisputeReason::Quality,
        note: "Two pallets arrived wet.".into(),
        opened_on: date("2024-05-10"),
    })
    .unwrap();
    book
}

fn write(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn refused(result: Result<impl std::fmt::Debug, AppError>, code: ErrorCode) -> String {
    let err = result.unwrap_err();
    assert_eq!(err.code, code, "{}", err.message);
    err.message
}

#[test]
fn the_agency_pdf_and_a_chinese_named_letter_come_back_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let pdf = write(dir.path(), "Creditreform 2024.pdf", &pdf_bytes());
    let letter_bytes = "客户来信：货物受潮。\r\n\0\u{FEFF}".as_bytes().to_vec();
    let letter = write(dir.path(), "客户来信 2024年5月.txt", &letter_bytes);

    let report_file = book.attach_to_credit_report("HARBOUR", 1, &pdf).unwrap();
    let dispute_file = book.attach_to_dispute(1, &letter).unwrap();

    assert_eq!(report_file.file_name, "Creditreform 2024.pdf");
    assert_eq!(report_file.media_type, "application/pdf");
    assert_eq!(report_file.size, pdf_bytes().len() as u64);
    assert_eq!(
        report_file.attached_to,
        AttachedTo::CreditReport {
            customer: "HARBOUR".into(),
            report: 1
        }
    );
    assert_eq!(dispute_file.file_name, "客户来信 2024年5月.txt");
    assert_eq!(dispute_file.media_type, "text/plain");
    assert_eq!(
        dispute_file.attached_to,
        AttachedTo::Dispute {
            dispute: 1,
            invoice: "INV-1".into()
        }
    );
    // The hash is SHA-256 in lowercase hex: that of the three bytes "abc" is a published
    // test vector (FIPS 180-2).
    let abc = write(dir.path(), "abc", b"abc");
    let vector = book.attach_to_dispute(1, &abc).unwrap();
    assert_eq!(
        vector.sha256,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(vector.media_type, "application/octet-stream");
    book.remove_attachment(vector.id).unwrap();

    // Listings name the files but never carry their content.
    assert_eq!(
        book.attachments_of_credit_report("HARBOUR", 1).unwrap(),
        std::slice::from_ref(&report_file)
    );
    assert_eq!(
        book.attachments_of_dispute(1).unwrap(),
        std::slice::from_ref(&dispute_file)
    );

    let out = tempfile::tempdir().unwrap();
    let saved_pdf = out.path().join("copy.pdf");
    let saved_letter = out.path().join("回信副本.txt");
    book.save_attachment(report_file.id, &saved_pdf).unwrap();
    book.save_attachment(dispute_file.id, &saved_letter)
        .unwrap();
    assert_eq!(std::fs::read(&saved_pdf).unwrap(), pdf_bytes());
    assert_eq!(std::fs::read(&saved_letter).unwrap(), letter_bytes);

    // Both steps are in the audit trail, without the content.
    let trail = book.audit_trail(10).unwrap();
    let attached: Vec<_> = trail.iter().filter(|e| e.action == "attach_file").collect();
    assert_eq!(attached.len(), 3);
    assert!(!serde_json::to_string(&trail).unwrap().contains("PDF-1.7"));
}

#[test]
fn a_saved_copy_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let pdf = write(dir.path(), "report.pdf", &pdf_bytes());
    let entry = book.attach_to_credit_report("HARBOUR", 1, &pdf).unwrap();

    let message = refused(book.save_attachment(entry.id, &pdf), ErrorCode::Conflict);
    assert_eq!(
        message,
        format!(
            "{} already exists; choose another file name to save the attachment to.",
            pdf.display()
        )
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), pdf_bytes(), "left as it was");
}

#[test]
fn a_file_over_twenty_megabytes_is_refused_with_its_name_and_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let large = dir.path().join("scan 扫描件.tif");
    let file = std::fs::File::create(&large).unwrap();
    file.set_len(MAX_ATTACHMENT_BYTES + 1).unwrap();
    drop(file);
    let exact = dir.path().join("exactly the limit.tif");
    let file = std::fs::File::create(&exact).unwrap();
    file.set_len(MAX_ATTACHMENT_BYTES).unwrap();
    drop(file);

    assert_eq!(
        refused(book.attach_to_dispute(1, &large), ErrorCode::InvalidInput),
        "scan 扫描件.tif is 20971521 bytes, more than the 20971520 bytes (20 MB) a file \
         attached to the book may have; attach a smaller or compressed copy."
    );
    {
        let _speaking = Language::SimplifiedChinese.speak();
        assert_eq!(
            refused(
                book.attach_to_credit_report("HARBOUR", 1, &large),
                ErrorCode::InvalidInput
            ),
            "scan 扫描件.tif 大小为 20971521 字节，超过附件允许的上限 20971520 字节（20 MB）；\
             请附加较小的或压缩后的副本。"
        );
    }
    assert!(book.attachments_of_dispute(1).unwrap().is_empty());

    let at_limit = book.attach_to_dispute(1, &exact).unwrap();
    assert_eq!(at_limit.size, MAX_ATTACHMENT_BYTES);
    assert_eq!(at_limit.media_type, "image/tiff");
}

#[test]
fn a_missing_file_and_unknown_ids_are_refused_in_english_and_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let missing = dir.path().join("没有.pdf");
    let pdf = write(dir.path(), "report.pdf", &pdf_bytes());
    let cases = |book: &mut OpenBook| {
        vec![
            refused(book.attach_to_dispute(1, &missing), ErrorCode::Io),
            refused(
                book.attach_to_credit_report("HARBOUR", 7, &pdf),
                ErrorCode::NotFound,
            ),
            refused(book.attach_to_dispute(9, &pdf), ErrorCode::NotFound),
            refused(book.attachments_of_dispute(9), ErrorCode::NotFound),
            refused(
                book.attachments_of_credit_report("HARBOUR", 7),
                ErrorCode::NotFound,
            ),
            refused(book.remove_attachment(5), ErrorCode::NotFound),
            refused(
                book.save_attachment(5, &dir.path().join("x.pdf")),
                ErrorCode::NotFound,
            ),
        ]
    };
    let missing_text = missing.display();
    let english = cases(&mut book);
    assert!(english[0].starts_with(&format!("{missing_text} could not be read: ")));
    assert!(english[0].ends_with(". Check the path and its permissions."));
    assert_eq!(
        english[1..],
        [
            "Customer HARBOUR has no credit report with id 7; list the customer's credit \
             reports to see the ids.",
            "No dispute with id 9 is in the book; list the disputes to find its id.",
            "No dispute with id 9 is in the book; list the disputes to find its id.",
            "Customer HARBOUR has no credit report with id 7; list the customer's credit \
             reports to see the ids.",
            "No attachment with id 5 is in the book; list the attachments of the credit report \
             or the dispute to see the ids.",
            "No attachment with id 5 is in the book; list the attachments of the credit report \
             or the dispute to see the ids.",
        ]
    );

    let chinese = Language::SimplifiedChinese.during(|| cases(&mut book));
    assert!(chinese[0].starts_with(&format!("无法读取 {missing_text}：")));
    assert!(chinese[0].ends_with("。请检查路径及其权限。"));
    assert_eq!(
        chinese[1..],
        [
            "客户 HARBOUR 没有编号为 7 的信用报告；请列出该客户的信用报告以查看编号。",
            "账簿中没有编号为 9 的争议；请列出争议以查找其编号。",
            "账簿中没有编号为 9 的争议；请列出争议以查找其编号。",
            "客户 HARBOUR 没有编号为 7 的信用报告；请列出该客户的信用报告以查看编号。",
            "账簿中没有编号为 5 的附件；请列出该信用报告或争议的附件以查看编号。",
            "账簿中没有编号为 5 的附件；请列出该信用报告或争议的附件以查看编号。",
        ]
    );
}

#[test]
fn removing_an_attachment_or_its_report_takes_the_file_out_of_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let pdf = write(dir.path(), "report.pdf", &pdf_bytes());
    let first = book.attach_to_credit_report("HARBOUR", 1, &pdf).unwrap();
    let second = book.attach_to_credit_report("HARBOUR", 1, &pdf).unwrap();
    let letter = book.attach_to_dispute(1, &pdf).unwrap();

    assert_eq!(book.remove_attachment(first.id).unwrap(), first);
    assert_eq!(
        book.attachments_of_credit_report("HARBOUR", 1).unwrap(),
        std::slice::from_ref(&second)
    );
    let trail = book.audit_trail(1).unwrap();
    assert_eq!(trail[0].action, "remove_attachment");

    // The report goes with its remaining file; the dispute keeps its own.
    book.remove_credit_report("HARBOUR", 1).unwrap();
    assert_eq!(
        refused(
            book.save_attachment(second.id, &dir.path().join("gone.pdf")),
            ErrorCode::NotFound
        ),
        format!(
            "No attachment with id {} is in the book; list the attachments of the credit report \
             or the dispute to see the ids.",
            second.id
        )
    );
    assert_eq!(book.attachments_of_dispute(1).unwrap(), [letter]);
}
