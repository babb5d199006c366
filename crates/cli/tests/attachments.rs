//! Files attached on the command line: Ostrander Marine's credit report gets the agency's PDF,
//! its dispute on I1 a letter with a Chinese name; both are listed, saved back byte for byte and
//! removed, and a file too large or an existing output file is refused.

mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::{creditdesk, ok};

fn failed(out: Output, status: i32) -> String {
    assert_eq!(out.status.code(), Some(status), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

/// A book with OSTR, a credit profile, credit report 1 and dispute 1 on invoice I1.
fn ostrander(dir: &Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    ok(creditdesk(&[
        "book",
        "new",
        &book,
        "--name",
        "Nordlicht Bau GmbH",
    ]));
    let csv = dir.join("ledger.csv");
    std::fs::write(
        &csv,
        "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
         invoice,OSTR,Ostrander Marine,I1,2024-04-01,2024-05-01,1000.00,\n",
    )
    .unwrap();
    let csv = csv.display().to_string();
    for args in [
        vec!["import", "--profile", "generic", &csv],
        vec![
            "credit",
            "set",
            "OSTR",
            "--limit",
            "5000",
            "--max-terms",
            "60",
        ],
        vec![
            "credit",
            "report",
            "add",
            "OSTR",
            "--agency",
            "Creditreform",
            "--date",
            "2024-05-02",
            "--rating",
            "72",
        ],
        vec![
            "dispute",
            "open",
            "I1",
            "--reason",
            "quality",
            "--date",
            "2024-05-10",
        ],
    ] {
        ok(creditdesk(
            &[&["--book", book.as_str()][..], &args].concat(),
        ));
    }
    book
}

#[test]
fn a_pdf_and_a_chinese_named_letter_are_attached_listed_saved_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    let b = ["--book", book.as_str()];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..=255u8).cycle().take(5_000));
    let pdf_path = dir.path().join("agency report.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();
    let letter = "货物受潮，请求减价。".as_bytes();
    let letter_path = dir.path().join("客户来信.txt");
    std::fs::write(&letter_path, letter).unwrap();

    let attached = ok(creditdesk(
        &[
            &b[..],
            &[
                "credit",
                "report",
                "attach",
                "OSTR",
                "1",
                pdf_path.to_str().unwrap(),
            ],
        ]
        .concat(),
    ));
    assert_eq!(
        attached,
        "Attached agency report.pdf (5009 bytes) to credit report 1 of OSTR as attachment 1.\n"
    );
    let attached = ok(creditdesk(
        &[
            &b[..],
            &["dispute", "attach", "1", letter_path.to_str().unwrap()],
        ]
        .concat(),
    ));
    assert_eq!(
        attached,
        "Attached 客户来信.txt (30 bytes) to dispute 1 as attachment 2.\n"
    );

    let listed: Value = serde_json::from_str(&ok(creditdesk(
        &[
            &b[..],
            &["attachments", "--report", "OSTR", "1", "--format", "json"],
        ]
        .concat(),
    )))
    .unwrap();
    let files = listed.as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0]["file_name"], "agency report.pdf");
    assert_eq!(files[0]["media_type"], "application/pdf");
    assert_eq!(files[0]["size"], 5009);
    assert_eq!(files[0]["attached_to"]["kind"], "credit_report");
    assert!(
        files[0].get("content").is_none(),
        "a listing has no content"
    );

    let table = ok(creditdesk(
        &[&b[..], &["attachments", "--dispute", "1"]].concat(),
    ));
    let lines: Vec<&str> = table.lines().collect();
    let words = |line: &str| {
        line.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(lines[0]), ["id", "file", "type", "added", "size"]);
    let row = words(lines[1]);
    assert_eq!(
        [&row[..3], &row[4..]].concat(),
        ["2", "客户来信.txt", "text/plain", "30"]
    );
    assert_eq!(lines.len(), 2, "{table}");

    let out = dir.path().join("saved.pdf");
    let saved = ok(creditdesk(
        &[&b[..], &["attachment", "save", "1", out.to_str().unwrap()]].concat(),
    ));
    assert_eq!(
        saved,
        format!(
            "Saved attachment 1, agency report.pdf (5009 bytes), to {}.\n",
            out.display()
        )
    );
    assert_eq!(std::fs::read(&out).unwrap(), pdf);
    let again = failed(
        creditdesk(&[&b[..], &["attachment", "save", "2", out.to_str().unwrap()]].concat()),
        1,
    );
    assert_eq!(
        again,
        format!(
            "error: {} already exists; choose another file name to save the attachment to.\n",
            out.display()
        )
    );
    let letter_out = dir.path().join("回信.txt");
    ok(creditdesk(
        &[
            &b[..],
            &["attachment", "save", "2", letter_out.to_str().unwrap()],
        ]
        .concat(),
    ));
    assert_eq!(std::fs::read(&letter_out).unwrap(), letter);

    assert_eq!(
        ok(creditdesk(
            &[&b[..], &["attachment", "remove", "2"]].concat()
        )),
        "Removed attachment 2, 客户来信.txt.\n"
    );
    assert_eq!(
        ok(creditdesk(
            &[&b[..], &["attachments", "--dispute", "1"]].concat()
        )),
        "Dispute 1 has no attached file.\n"
    );
    let audit = ok(creditdesk(&[&b[..], &["audit"]].concat()));
    assert!(audit.contains("remove_attachment"), "{audit}");
    assert!(audit.contains("attach_file"), "{audit}");
}

#[test]
fn a_file_too_large_and_a_missing_owner_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    let b = ["--book", book.as_str()];
    let large = dir.path().join("scan.tif");
    std::fs::File::create(&large)
        .unwrap()
        .set_len(20 * 1024 * 1024 + 1)
        .unwrap();
    let small = dir.path().join("note.txt");
    std::fs::write(&small, "x").unwrap();

    assert_eq!(
        failed(
            creditdesk(&[&b[..], &["dispute", "attach", "1", large.to_str().unwrap()]].concat()),
            3
        ),
        "error: scan.tif is 20971521 bytes, more than the 20971520 bytes (20 MB) a file \
         attached to the book may have; attach a smaller or compressed copy.\n"
    );
    assert_eq!(
        failed(
            creditdesk(
                &[
                    &b[..],
                    &[
                        "credit",
                        "report",
                        "attach",
                        "OSTR",
                        "4",
                        small.to_str().unwrap()
                    ]
                ]
                .concat()
            ),
            1
        ),
        "error: Customer OSTR has no credit report with id 4; list the customer's credit \
         reports to see the ids.\n"
    );
    assert_eq!(
        failed(
            creditdesk(&[&b[..], &["attachment", "remove", "9"]].concat()),
            1
        ),
        "error: No attachment with id 9 is in the book; list the attachments of the credit \
         report or the dispute to see the ids.\n"
    );
    assert_eq!(
        failed(
            creditdesk(&[&b[..], &["attachments", "--report", "OSTR", "one"]].concat()),
            3
        ),
        "error: The report id \"one\" is not a number; give the id `credit report list` shows.\n"
    );
    // One owner at a time.
    failed(
        creditdesk(
            &[
                &b[..],
                &["attachments", "--report", "OSTR", "1", "--dispute", "1"],
            ]
            .concat(),
        ),
        3,
    );
}
