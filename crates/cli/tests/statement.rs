//! `creditdesk statement`: HARBOUR's statement of account, as a person reads it and as a script
//! takes it.

mod support;

use serde_json::Value;
use support::{creditdesk, run, stderr, stdout};

/// A book with HARBOUR's INV-201 of 1,000.00 EUR (2024-03-31, due 2024-04-30), 200.00 paid on
/// it on 2024-05-10, and 50.00 received on 2024-05-20 naming no invoice.
fn harbour(dir: &std::path::Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    run(&[
        "book",
        "new",
        &book,
        "--name",
        "Harbour & Finch LLP",
        "--currency",
        "EUR",
    ]);
    for step in [
        vec!["add-customer", "HARBOUR", "--name", "Harbour Supplies"],
        vec![
            "post-invoice",
            "INV-201",
            "--customer",
            "HARBOUR",
            "--date",
            "2024-03-31",
            "--amount",
            "1000.00",
            "--due",
            "2024-04-30",
        ],
        vec![
            "settle",
            "--reference",
            "P-1",
            "--customer",
            "HARBOUR",
            "--invoice",
            "INV-201",
            "--date",
            "2024-05-10",
            "--amount",
            "200.00",
        ],
        vec![
            "settle",
            "--reference",
            "P-2",
            "--customer",
            "HARBOUR",
            "--date",
            "2024-05-20",
            "--amount",
            "50.00",
        ],
    ] {
        let mut args = vec!["--book", book.as_str()];
        args.extend(step);
        run(&args);
    }
    book
}

#[test]
fn a_statement_lists_the_period_with_its_running_balance_and_aging() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let out = run(&[
        "--book",
        &book,
        "statement",
        "HARBOUR",
        "--from",
        "2024-05-01",
        "--as-of",
        "2024-05-31",
    ]);
    assert_eq!(
        out,
        "Statement of account of HARBOUR Harbour Supplies, 2024-05-01 to 2024-05-31\n\
         \n\
         currency  date        type                reference  due  debit  credit   balance\n\
         EUR       2024-05-01  Opening balance                                    1,000.00\n\
         EUR       2024-05-10  Payment             P-1                    200.00    800.00\n\
         EUR       2024-05-20  Payment             P-2                     50.00    750.00\n\
         EUR       2024-05-31  Closing balance                                      750.00\n\
         EUR       2024-05-31  Of which unapplied                                   -50.00\n\
         \n\
         currency  Current  1-30   31-60  61-90   90+  unapplied   total  overdue\n\
         EUR          0.00  0.00  800.00   0.00  0.00     -50.00  750.00   800.00\n",
        "P-2's 50.00 is on a line of its own, so the aging adds up to the closing balance"
    );
    let csv = run(&[
        "--book",
        &book,
        "statement",
        "HARBOUR",
        "--from",
        "2024-05-01",
        "--as-of",
        "2024-05-31",
        "--format",
        "csv",
    ]);
    assert!(
        csv.ends_with(
            "EUR,2024-05-31,Closing balance,,,,,750.00\n\
             EUR,2024-05-31,Of which unapplied,,,,,-50.00\n"
        ),
        "{csv}"
    );

    let json: Value = serde_json::from_str(&run(&[
        "--book",
        &book,
        "statement",
        "HARBOUR",
        "--from",
        "2024-05-01",
        "--as-of",
        "2024-05-31",
        "--format",
        "json",
    ]))
    .unwrap();
    let eur = &json["currencies"][0];
    assert_eq!(eur["opening"]["amount"], "1000.00", "{json}");
    assert_eq!(eur["lines"][1]["balance"]["amount"], "750.00", "{json}");
    assert_eq!(eur["closing"]["amount"], "750.00", "{json}");
    assert_eq!(eur["unapplied"]["amount"], "50.00", "{json}");
}

#[test]
fn a_statement_in_one_currency_shows_that_currency_alone() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    run(&[
        "--book",
        &book,
        "post-invoice",
        "INV-USD-1",
        "--customer",
        "HARBOUR",
        "--date",
        "2024-04-02",
        "--amount",
        "300.00",
        "--currency",
        "USD",
    ]);
    let statement = |currency: &str| {
        creditdesk(&[
            "--book",
            &book,
            "statement",
            "HARBOUR",
            "--as-of",
            "2024-05-31",
            "--format",
            "json",
            "--currency",
            currency,
        ])
    };
    let out = statement("USD");
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let currencies: Vec<&str> = json["currencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["currency"].as_str().unwrap())
        .collect();
    assert_eq!(currencies, ["USD"]);

    let out = statement("GBP");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: HARBOUR has no statement in GBP; it has one in EUR, USD.\n"
    );
}

#[test]
fn a_statement_of_an_unknown_customer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let out = creditdesk(&[
        "--book",
        &book,
        "statement",
        "NOBODY",
        "--as-of",
        "2024-05-31",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: No customer with reference NOBODY is in the book; check the reference.\n"
    );
}

#[test]
fn a_statement_is_written_as_a_pdf_whose_text_can_be_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let pdf = dir.path().join("harbour.pdf");
    let said = run(&[
        "--book",
        &book,
        "statement",
        "HARBOUR",
        "--as-of",
        "2024-05-31",
        "--pdf",
        pdf.to_str().unwrap(),
        "--language",
        "zh-CN",
    ]);
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert_eq!(said, format!("Wrote {} ({size} bytes).\n", pdf.display()));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("截至2024年5月31日的对账单"), "{text}");
    assert!(text.contains("INV-201"), "{text}");
    assert!(text.contains("未到期"), "{text}");

    let out = creditdesk(&[
        "--book",
        &book,
        "statement",
        "HARBOUR",
        "--pdf",
        "x.pdf",
        "--paper",
        "a5",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("\"a5\" is not a paper size; write a4 or letter."),
        "{}",
        stderr(&out)
    );
}
