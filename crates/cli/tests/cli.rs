//! The `creditdesk` binary as a script would run it: arguments in, text, JSON or CSV out, one
//! sentence on stderr and a non-zero status on any error.

mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::{creditdesk, stderr, stdout};

fn book_with(dir: &Path, csv: &str) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    let out = creditdesk(&["book", "new", &book, "--name", "Nordlicht Bau GmbH"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let file = dir.join("ledger.csv");
    std::fs::write(&file, csv).unwrap();
    let out = creditdesk(&[
        "--book",
        &book,
        "import",
        "--profile",
        "generic",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    book
}

/// The book's total row of the aging at `as_of`, as CSV.
fn aging_total_row(book: &str, as_of: &str) -> String {
    let out = creditdesk(&["--book", book, "aging", "--as-of", as_of, "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .nth(1)
        .expect("a total row")
        .to_string()
}

const LEDGER: &str = "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
    invoice,OSTR,Ostrander Marine,I1,2024-04-01,2024-05-15,100.00,\n\
    invoice,OSTR,,I2,2024-04-01,2024-05-14,200.00,\n\
    invoice,OSTR,,I3,2024-04-01,2024-06-14,300.00,\n\
    invoice,OSTR,,I4,2024-01-01,2024-02-15,400.00,\n\
    invoice,OSTR,,I5,2024-01-01,2024-02-14,500.00,\n\
    invoice,OSTR,,I6,2023-11-01,2023-12-16,600.00,\n";

#[test]
fn b12_aging_json_gives_each_bucket_label_and_amount_as_decimal_strings() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let out = creditdesk(&[
        "--book",
        &book,
        "aging",
        "--as-of",
        "2024-05-15",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let eur = &json["currencies"][0];
    assert_eq!(eur["currency"], "EUR");
    let buckets: Vec<(String, String)> = eur["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["label"].as_str().unwrap().into(),
                b["amount"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("Current", "400.00"),
        ("1-30", "200.00"),
        ("31-60", "0.00"),
        ("61-90", "400.00"),
        ("90+", "1100.00"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(l, a)| (l.to_string(), a.to_string()))
        .collect();
    assert_eq!(buckets, expected);
    assert_eq!(eur["total"], "2100.00");
}

#[test]
fn aging_csv_and_table_carry_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let csv = creditdesk(&[
        "--book",
        &book,
        "aging",
        "--as-of",
        "2024-05-15",
        "--format",
        "csv",
    ]);
    assert_eq!(
        stdout(&csv),
        "customer,currency,Current,1-30,31-60,61-90,90+,total,disputed,unapplied,net\n\
         TOTAL,EUR,400.00,200.00,0.00,400.00,1100.00,2100.00,0.00,0.00,2100.00\n"
    );
    let table = creditdesk(&["--book", &book, "aging", "--as-of", "2024-05-15"]);
    assert!(stdout(&table).contains("1,100.00"), "{}", stdout(&table));
}

#[test]
fn csv_output_never_hands_a_spreadsheet_a_formula_and_keeps_amounts_below_zero() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = "record,customer_ref,customer_name,number,date,amount,invoice\n\
        invoice,=1+2,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",I1,2024-04-01,100.00,\n\
        invoice,@SUM,-Minus Trading,I2,2024-04-01,20.00,\n\
        payment,@SUM,,P1,2024-04-02,50.00,I2\n";
    let book = book_with(dir.path(), ledger);
    let out = creditdesk(&["--book", &book, "customers", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("'=1+2,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""),
        "{text}"
    );
    assert!(text.contains("'@SUM,'-Minus Trading"), "{text}");

    let out = creditdesk(&[
        "--book",
        &book,
        "aging",
        "--as-of",
        "2024-04-30",
        "--by-customer",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with("'@SUM,") && l.ends_with(",-30.00")),
        "{text}"
    );
}

#[test]
fn a_rejected_import_read_by_a_reader_that_stops_early_still_exits_2() {
    use std::io::Read;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    // Enough bad rows to fill the pipe, so that writing fails once the reader has gone.
    let mut csv = "record,customer_ref,number,date,amount\n".to_string();
    for n in 0..3_000 {
        csv.push_str(&format!("payment,OSTR,P{n},2024-13-01,1.00\n"));
    }
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, csv).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_creditdesk"))
        .args([
            "--book",
            &book,
            "import",
            "--profile",
            "generic",
            "--dry-run",
        ])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stderr.take().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert!(first.starts_with(b"bad row: line 2"), "{first:?}");
    assert_eq!(status.code(), Some(2), "not a crash (101), not success");
}

#[cfg(target_os = "linux")]
#[test]
fn a_report_that_cannot_be_written_is_an_error_not_a_success() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_creditdesk"))
        .args(["--book", &book, "aging", "--as-of", "2024-05-15"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: The output could not be written (No space left on device (os error 28)); \
         nothing after this point was written.\n"
    );
}

#[test]
fn numbers_below_zero_and_unknown_customers_reach_the_checks_that_explain_them() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let out = creditdesk(&[
        "--book",
        &book,
        "settle",
        "--reference",
        "R-1",
        "--customer",
        "OSTR",
        "--date",
        "2024-05-01",
        "--amount",
        "-5.00",
        "--paid",
        "-100.00 USD",
        "--rate",
        "-1",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: The rate -1 is not accepted; give a rate above zero: units of EUR per unit of \
         USD.\n"
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "post-invoice",
        "I-9",
        "--customer",
        "OSTR",
        "--date",
        "2024-05-01",
        "--amount",
        "-10.00",
    ]);
    assert_eq!(
        stderr(&out),
        "error: The amount -10.00 EUR is not accepted; an invoice is above zero (record a credit \
         note for money owed to the customer).\n"
    );
    let out = creditdesk(&["--book", &book, "invoices", "--customer", "ostr"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: No customer with reference ostr is in the book; check the reference.\n"
    );
    let out = creditdesk(&["--book", &book, "invoices", "--offset", "-1"]);
    assert!(
        stderr(&out).starts_with("error: invalid value '-1' for '--offset <OFFSET>'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_number_entered_again_by_hand_with_other_figures_is_refused_in_words_for_a_person() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let post = creditdesk(&[
        "--book",
        &book,
        "post-invoice",
        "I1",
        "--customer",
        "OSTR",
        "--date",
        "2024-04-01",
        "--amount",
        "120.00",
    ]);
    assert_eq!(post.status.code(), Some(1));
    assert_eq!(
        stderr(&post),
        "error: Invoice I1 is already in the book with a different total: the book has 100.00 \
         EUR, you gave 120.00 EUR. A posted invoice is never changed; post this one under another \
         number, or record a credit note for the difference.\n"
    );
    let early = creditdesk(&[
        "--book",
        &book,
        "post-invoice",
        "I-EARLY",
        "--customer",
        "OSTR",
        "--date",
        "2024-04-10",
        "--amount",
        "50.00",
        "--due",
        "2024-04-05",
    ]);
    assert_eq!(
        stdout(&early),
        "Posted invoice I-EARLY of 50.00 EUR, due 2024-04-05. The due date is before the issue \
         date 2024-04-10, so the invoice is overdue from the day it was issued; if that is a \
         mistake, record a credit note for it and post it again under another number.\n"
    );
    let settle = |date: &str| {
        creditdesk(&[
            "--book",
            &book,
            "settle",
            "--reference",
            "P-7",
            "--customer",
            "OSTR",
            "--date",
            date,
            "--amount",
            "10.00",
        ])
    };
    assert!(settle("2024-05-01").status.success());
    let again = settle("2024-05-02");
    assert_eq!(
        stderr(&again),
        "error: Payment P-7 is already in the book with a different date: the book has \
         2024-05-01, you gave 2024-05-02. A recorded settlement is never changed; record this one \
         under another reference.\n"
    );
}

#[test]
fn csv_is_a_header_for_an_empty_list_and_refused_where_the_answer_is_not_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let out = creditdesk(&["--book", &book, "dunning", "runs", "--format", "csv"]);
    assert_eq!(
        stdout(&out),
        "run,as of,state,executed,proposed,approved,sent,skipped\n"
    );
    let out = creditdesk(&["--book", &book, "outbox", "--format", "csv"]);
    assert_eq!(
        stdout(&out),
        "id,state,attempts,to,subject,created,last error\n"
    );
    let out = creditdesk(&["--book", &book, "credit", "show", "OSTR", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: `credit show` answers with a table and sentences, which CSV cannot hold; use \
         --format table or --format json.\n"
    );
}

#[test]
fn an_invoice_marked_disputed_only_in_a_later_file_is_kept_as_it_is_and_the_import_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let file = dir.path().join("again.csv");
    std::fs::write(
        &file,
        "record,customer_ref,number,date,due_date,amount,disputed\n\
         invoice,OSTR,I1,2024-04-01,2024-05-15,100.00,yes\n",
    )
    .unwrap();
    let out = creditdesk(&[
        "--book",
        &book,
        "import",
        "--profile",
        "generic",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: line 2: \"I1\" is marked disputed in the file but not in the book, and an \
         import does not change the mark of an invoice it holds; if the customer disputes it, \
         open a dispute or mark it (`dispute NUMBER`, or the invoice's page).\n"
    );
    assert!(
        stdout(&out).contains("invoices 0 new, 1 unchanged"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn custom_buckets_and_overdue_invoices() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let out = creditdesk(&[
        "--book",
        &book,
        "aging",
        "--as-of",
        "2024-05-15",
        "--buckets",
        "15,120",
        "--format",
        "csv",
    ]);
    assert_eq!(
        stdout(&out).lines().nth(1).unwrap(),
        "TOTAL,EUR,400.00,200.00,900.00,600.00,2100.00,0.00,0.00,2100.00"
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "invoices",
        "--overdue",
        "--as-of",
        "2024-05-15",
        "--format",
        "csv",
    ]);
    let text = stdout(&out);
    let mut sorted: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    sorted.sort();
    assert_eq!(
        sorted,
        ["I2", "I4", "I5", "I6"],
        "I1 is due today and I3 later: not overdue"
    );
}

#[test]
fn a_rejected_import_lists_every_bad_row_by_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "record,customer_ref,number,date,amount\n\
         invoice,OSTR,I7,2024-05-01,70.00\n\
         invoice,OSTR,I8,2024-13-01,80.00\n\
         invoice,OSTR,I9,2024-05-01,12.345\n",
    )
    .unwrap();
    let out = creditdesk(&[
        "--book",
        &book,
        "import",
        "--profile",
        "generic",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad row: line 3, column date: \"2024-13-01\""),
        "{err}"
    );
    assert!(
        err.contains("bad row: line 4, column amount: \"12.345\""),
        "{err}"
    );
    assert!(
        err.ends_with(
            "error: The file has 2 bad row(s); nothing was imported. Correct them and import \
             again.\n"
        ),
        "{err}"
    );
    let list = creditdesk(&[
        "--book",
        &book,
        "invoices",
        "--as-of",
        "2024-05-15",
        "--format",
        "csv",
    ]);
    assert!(
        !stdout(&list).contains("I7"),
        "the good row of a rejected file is not written"
    );
}

#[test]
fn errors_are_one_sentence_on_stderr_with_a_non_zero_status() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.creditdesk");
    let cases: Vec<(Vec<String>, i32, String)> = vec![
        (
            vec!["aging".into(), "--as-of".into(), "2024-01-01".into()],
            3,
            "error: This command needs a book; give it with --book FILE.\n".into(),
        ),
        (
            vec![
                "--book".into(),
                missing.display().to_string(),
                "aging".into(),
                "--as-of".into(),
                "2024-01-01".into(),
            ],
            1,
            format!(
                "error: {} does not exist; check the path, or create a new book there.\n",
                missing.display()
            ),
        ),
        (
            vec![
                "book".into(),
                "new".into(),
                "x.creditdesk".into(),
                "--currency".into(),
                "euro".into(),
            ],
            3,
            "error: --currency: \"euro\" is not a currency code; use a three-letter ISO 4217 code \
             such as EUR, USD or CNY.\n"
                .into(),
        ),
    ];
    for (args, status, message) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = creditdesk(&args);
        assert_eq!(out.status.code(), Some(status), "{args:?}");
        assert_eq!(stderr(&out), message, "{args:?}");
    }
}

#[test]
fn a_bad_date_argument_says_how_to_write_it() {
    let out = creditdesk(&["--book", "x", "aging", "--as-of", "31.03.2024"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out)
            .contains("\"31.03.2024\" is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31."),
        "{}",
        stderr(&out)
    );
    // A date of the right shape whose day does not exist is named as such.
    let out = creditdesk(&["--book", "x", "aging", "--as-of", "2024-02-30"]);
    assert_eq!(out.status.code(), Some(3), "a bad argument");
    assert!(
        stderr(&out).contains(
            "\"2024-02-30\" is written as YYYY-MM-DD, but that day does not exist; check the day \
             and the month."
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn dso_json_has_the_standard_and_countback_figures() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000.00 sold in the 90 days to 2024-03-31, 1,500.00 of it still open: standard DSO is
    // 1,500 / 3,000 x 90 = 45.0 days.
    let book = book_with(
        dir.path(),
        "record,customer_ref,number,date,due_date,amount,invoice\n\
         invoice,HARB,H1,2024-01-15,2024-02-14,1000.00,\n\
         invoice,HARB,H2,2024-02-15,2024-03-16,1000.00,\n\
         invoice,HARB,H3,2024-03-15,2024-04-14,1000.00,\n\
         payment,HARB,P1,2024-02-10,,1000.00,H1\n\
         payment,HARB,P2,2024-03-20,,500.00,H2\n",
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "dso",
        "--as-of",
        "2024-03-31",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let row = &json[0];
    assert_eq!(row["currency"], "EUR");
    assert_eq!(row["measures"]["dso"], "45.0");
    // Countback: March's sales (1,000.00) are used up whole (31 days), the 500.00 left is half of
    // February's 1,000.00 over its 29 days (the window 2024-02-01..2024-02-29): 31 + 14.5 = 45.5.
    assert_eq!(row["measures"]["countback_dso"], "45.5");
}

#[test]
fn b06_invoice_entered_by_hand_and_partly_paid_ages_on_what_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("hand.creditdesk").display().to_string();
    let steps: [&[&str]; 4] = [
        &[
            "book",
            "new",
            &book,
            "--currency",
            "USD",
            "--name",
            "Harbour & Finch LLP",
        ],
        &[
            "--book",
            &book,
            "add-customer",
            "HARBOUR",
            "--name",
            "Harbour & Finch LLP",
        ],
        &[
            "--book",
            &book,
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
        &[
            "--book",
            &book,
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
    ];
    let said: Vec<String> = steps
        .iter()
        .map(|args| {
            let out = creditdesk(args);
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            stdout(&out)
        })
        .collect();
    assert_eq!(said[1], "Added customer HARBOUR.\n");
    assert_eq!(
        said[2],
        "Posted invoice INV-201 of 1000.00 USD, due 2024-04-30.\n"
    );
    assert_eq!(
        said[3],
        "Recorded payment P-1 of 200.00 USD against invoice INV-201.\n"
    );

    // 31 days overdue on 2024-05-31, with 800.00 open after the partial payment.
    assert_eq!(
        aging_total_row(&book, "2024-05-31"),
        "TOTAL,USD,0.00,0.00,800.00,0.00,0.00,800.00,0.00,0.00,800.00"
    );
    // Before the payment the whole 1,000.00 was open.
    assert_eq!(
        aging_total_row(&book, "2024-05-09"),
        "TOTAL,USD,0.00,1000.00,0.00,0.00,0.00,1000.00,0.00,0.00,1000.00"
    );
}

#[test]
fn a_write_off_larger_than_the_debt_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(
        dir.path(),
        "record,customer_ref,number,date,due_date,amount,invoice\n\
         invoice,BIRCH,I-1,2024-01-10,2024-02-09,100.00,\n",
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "settle",
        "--kind",
        "write-off",
        "--reference",
        "W-1",
        "--customer",
        "BIRCH",
        "--invoice",
        "I-1",
        "--date",
        "2024-03-01",
        "--amount",
        "500.00",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: Write-off W-1 of 500.00 EUR is more than the 100.00 EUR open on invoice I-1; \
         write off at most the open amount.\n"
    );
    assert_eq!(
        aging_total_row(&book, "2024-03-01"),
        "TOTAL,EUR,0.00,100.00,0.00,0.00,0.00,100.00,0.00,0.00,100.00"
    );
}

#[test]
fn a_name_entered_by_hand_survives_updates_and_imports_that_give_none() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(
        dir.path(),
        "record,customer_ref,number,date,due_date,amount\n\
         invoice,0379-NEVHP,I-1,2024-01-10,2024-02-09,100.00\n",
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "add-customer",
        "0379-NEVHP",
        "--name",
        "Nevada Hardware Inc",
    ]);
    assert_eq!(stdout(&out), "Updated customer 0379-NEVHP: name.\n");
    let out = creditdesk(&[
        "--book",
        &book,
        "add-customer",
        "0379-NEVHP",
        "--country",
        "US",
    ]);
    assert_eq!(stdout(&out), "Updated customer 0379-NEVHP: country.\n");

    // An export that names customers only by their reference does not undo the name.
    let again = dir.path().join("again.csv");
    std::fs::write(
        &again,
        "record,customer_ref,number,date,due_date,amount\n\
         invoice,0379-NEVHP,I-2,2024-01-11,2024-02-10,50.00\n",
    )
    .unwrap();
    let out = creditdesk(&[
        "--book",
        &book,
        "import",
        "--profile",
        "generic",
        again.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = creditdesk(&[
        "--book",
        &book,
        "customers",
        "--as-of",
        "2024-03-01",
        "--format",
        "csv",
    ]);
    assert!(
        stdout(&out).contains("0379-NEVHP,Nevada Hardware Inc,US,EUR,150.00"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_audit_trail_names_what_was_entered_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(dir.path(), LEDGER);
    let out = creditdesk(&[
        "--book",
        &book,
        "post-invoice",
        "INV-9",
        "--customer",
        "OSTR",
        "--date",
        "2024-05-01",
        "--amount",
        "75.00",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = creditdesk(&["--book", &book, "audit", "--limit", "1"]);
    let last = stdout(&out).lines().nth(1).unwrap().to_string();
    let words: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(words[1..4], ["post_invoice", "invoice", "INV-9"], "{last}");
}

#[test]
fn a_book_in_a_missing_folder_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("x.creditdesk");
    let out = creditdesk(&["book", "new", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "error: {} could not be created: No such file or directory (os error 2). Check that \
             the folder exists and that you may write to it.\n",
            path.display()
        )
    );
}

#[test]
fn a_builtin_profile_saved_as_json_and_changed_reads_a_file_it_did_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let out = creditdesk(&["profiles", "--json", "generic-de"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The same German numbers, but with ISO dates: change the saved profile's date format.
    let json = stdout(&out).replace("\"DD.MM.YYYY\"", "\"YYYY-MM-DD\"");
    assert_ne!(json, stdout(&out), "the profile names its date format");
    let profile = dir.path().join("de-iso.json");
    std::fs::write(&profile, json).unwrap();
    let csv = dir.path().join("de.csv");
    std::fs::write(
        &csv,
        "invoice_no;invoice_date;due_date;amount\nR-1;2024-03-15;2024-04-14;5.323,54\n",
    )
    .unwrap();
    let book = dir.path().join("b.creditdesk").display().to_string();
    assert!(creditdesk(&["book", "new", &book]).status.success());
    let out = creditdesk(&[
        "--book",
        &book,
        "import",
        "--profile-file",
        profile.to_str().unwrap(),
        "--customer",
        "SONNE",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = creditdesk(&["--book", &book, "invoice", "R-1", "--format", "json"]);
    assert!(stdout(&out).contains("\"5323.54\""), "{}", stdout(&out));
}

/// `creditdesk --book BOOK credit ...`, as of 2024-08-01.
fn credit(book: &str, args: &[&str]) -> Output {
    let mut all = vec!["--book", book, "credit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--as-of", "2024-08-01"]);
    creditdesk(&all)
}

#[test]
fn b23_reopening_a_closed_order_over_the_limit_is_held_on_the_command_line() {
    // Marigold Events: limit 10,000.00, open invoices 6,000.00 (one disputed: it still
    // counts, case B09), SO-1 of 3,000.00 open. Exposure 9,000.00.
    let dir = tempfile::tempdir().unwrap();
    let csv = "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
        invoice,MARI,Marigold Events,INV-1,2024-07-15,2024-08-14,4500.00,\n\
        invoice,MARI,,INV-2,2024-07-15,2024-08-14,1500.00,\n";
    let book = book_with(dir.path(), csv);
    let out = creditdesk(&["--book", &book, "dispute", "INV-2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = creditdesk(&[
        "--book",
        &book,
        "credit",
        "set",
        "MARI",
        "--limit",
        "10000.00 EUR",
        "--max-terms",
        "60",
        "--review",
        "2025-07-31",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let add = |reference: &str, amount: &str| {
        credit(
            &book,
            &[
                "order",
                "add",
                reference,
                "--customer",
                "MARI",
                "--amount",
                amount,
                "--terms",
                "30",
                "--date",
                "2024-08-01",
            ],
        )
    };
    let out = add("SO-1", "3000.00 EUR");
    assert!(out.status.success(), "{}", stderr(&out));
    let exposure = |book: &str| -> Value {
        let out = credit(book, &["exposure", "MARI", "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    assert_eq!(exposure(&book)["total"]["amount"], "9000.00");
    assert_eq!(exposure(&book)["disputed"]["amount"], "1500.00");

    // 1. Close SO-1: exposure 6,000.00.
    let out = credit(&book, &["order", "close", "SO-1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(exposure(&book)["total"]["amount"], "6000.00");

    // 2. SO-2 for 3,500.00: exposure 9,500.00, allowed.
    let out = add("SO-2", "3500.00 EUR");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Order SO-2 of 3500.00 EUR is approved and saved; the exposure is 9500.00 EUR against a \
         limit of 10000.00 EUR.\n"
    );

    // 3. Reopen SO-1: 12,500.00, over the limit by 2,500.00. Held: non-zero, every reason on
    // stderr, and nothing written.
    let out = credit(&book, &["order", "reopen", "SO-1"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: Order SO-1 is on hold and was not saved; resolve the reasons below, or give a \
         reason to override the hold.\n  - With this order the exposure is 12500.00 EUR, over \
         the credit limit of 10000.00 EUR by 2500.00 EUR.\n"
    );
    assert_eq!(exposure(&book)["total"]["amount"], "9500.00");

    // The check of SO-1 says the same, as JSON for a script.
    let out = credit(&book, &["check", "SO-1", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let check: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(check["decision"]["decision"], "hold");
    assert_eq!(check["decision"]["reasons"][0]["code"], "over_limit");
    assert_eq!(
        check["decision"]["reasons"][0]["excess"]["amount"],
        "2500.00"
    );

    // With a reason it goes ahead, and the override is in the audit trail.
    let out = credit(
        &book,
        &[
            "order",
            "reopen",
            "SO-1",
            "--override",
            "INV-1 paid today; remittance on file.",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(exposure(&book)["total"]["amount"], "12500.00");
    let out = creditdesk(&["--book", &book, "audit", "--limit", "1"]);
    assert!(stdout(&out).contains("change_order"), "{}", stdout(&out));
    assert!(stdout(&out).contains("SO-1"), "{}", stdout(&out));
}

#[test]
fn the_review_queue_and_rates_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
        invoice,MARI,Marigold Events,INV-1,2024-07-15,2024-08-14,4500.00,\n";
    let book = book_with(dir.path(), csv);
    let out = creditdesk(&[
        "--book",
        &book,
        "credit",
        "set",
        "MARI",
        "--limit",
        "10000.00",
        "--max-terms",
        "60",
        "--review",
        "2024-07-31",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = credit(&book, &["review-queue", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let queue: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(queue[0]["customer"], "MARI");
    assert_eq!(
        queue[0]["items"][0]["message"],
        "The credit review was due on 2024-07-31, 1 day ago."
    );
    assert_eq!(queue[0]["items"][1]["code"], "no_report");

    let out = creditdesk(&[
        "--book",
        &book,
        "credit",
        "rate",
        "USD",
        "EUR",
        "2024-07-31",
        "0.92",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded the rate of 0.92 EUR for 1 USD on 2024-07-31.\n"
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "credit",
        "rate",
        "USD",
        "EUR",
        "2024-07-31",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: The exchange rate from USD to EUR of 2024-07-31 is 0, which is not accepted; \
         give a rate above zero.\n"
    );
}

/// A book with Marigold Events (MARI: limit 10,000.00 EUR, 6,000.00 open) and Ostrander Marine
/// (OSTR: no credit profile).
fn marigold_with_a_credit_profile(dir: &Path) -> String {
    let csv = "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
        invoice,MARI,Marigold Events,INV-1,2024-07-15,2024-08-14,6000.00,\n\
        invoice,OSTR,Ostrander Marine,INV-2,2024-07-15,2024-08-14,100.00,\n";
    let book = book_with(dir, csv);
    let out = creditdesk(&[
        "--book",
        &book,
        "credit",
        "set",
        "MARI",
        "--limit",
        "10000.00 EUR",
        "--max-terms",
        "60",
        "--review",
        "2025-07-31",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    book
}

/// `creditdesk --book BOOK credit ...`, for the commands that take no date of a check.
fn credit_file(book: &str, args: &[&str]) -> Output {
    let mut all = vec!["--book", book, "credit"];
    all.extend_from_slice(args);
    creditdesk(&all)
}

#[test]
fn security_reports_and_insurance_are_entered_and_shown_in_the_credit_file() {
    let dir = tempfile::tempdir().unwrap();
    let book = marigold_with_a_credit_profile(dir.path());

    // A bank guarantee needs the last day it holds, and a deposit has none.
    let guarantee = ["security", "add", "MARI", "--kind", "bank-guarantee"];
    let out = credit_file(
        &book,
        &[
            &guarantee[..],
            &["--amount", "5000.00 EUR", "--issuer", "Förde Sparkasse"],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: --kind bank-guarantee needs --expires: give the last day the security holds as \
         YYYY-MM-DD, e.g. --expires 2025-06-30.\n"
    );
    let out = credit_file(
        &book,
        &[
            "security",
            "add",
            "MARI",
            "--kind",
            "deposit",
            "--amount",
            "2000.00",
            "--issuer",
            "Marigold Events",
            "--expires",
            "2025-06-30",
        ],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: --expires 2025-06-30 is not accepted with --kind deposit: a deposit does not \
         expire; leave --expires out, or give --kind bank-guarantee or letter-of-credit.\n"
    );
    let out = credit_file(
        &book,
        &[
            &guarantee[..],
            &[
                "--amount",
                "5000.00 EUR",
                "--issuer",
                "Förde Sparkasse",
                "--expires",
                "2025-06-30",
            ],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded a bank guarantee of 5000.00 EUR from Förde Sparkasse until 2025-06-30 for \
         MARI.\n"
    );

    // A credit report is bought only about a customer with a credit file.
    let report = |customer: &str| {
        credit_file(
            &book,
            &[
                "report",
                "add",
                customer,
                "--agency",
                "Creditreform",
                "--date",
                "2024-07-20",
                "--rating",
                "240",
                "--recommended",
                "8000.00 EUR",
                "--note",
                "pays on time",
            ],
        )
    };
    let out = report("OSTR");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: Customer OSTR has no credit profile; set one with a credit limit and the longest \
         terms allowed first.\n"
    );
    let out = report("MARI");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded the Creditreform report of 2024-07-20 on MARI: rating 240, recommended limit \
         8000.00 EUR (pays on time).\n"
    );

    // Cover that ends before it starts is refused; the dates the right way round are recorded.
    let insurance = |from: &str, to: &str| {
        credit_file(
            &book,
            &[
                "insurance",
                "set",
                "MARI",
                "--insurer",
                "Allianz Trade",
                "--policy",
                "P-4711",
                "--buyer",
                "B-0815",
                "--limit",
                "20000.00 EUR",
                "--from",
                from,
                "--to",
                to,
                "--max-period",
                "90",
                "--report-within",
                "60",
            ],
        )
    };
    let out = insurance("2024-12-31", "2024-01-01");
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: The insurance cover ends on 2024-01-01, before it starts on 2024-12-31; check \
         both dates.\n"
    );
    let out = insurance("2024-01-01", "2024-12-31");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded the insurance of MARI: Allianz Trade policy P-4711, buyer B-0815, 20000.00 EUR \
         from 2024-01-01 to 2024-12-31, terms up to 90 days, unpaid invoices reported within 60 \
         days of the due date.\n"
    );

    // The credit file lists all three.
    let out = credit_file(&book, &["show", "MARI"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = stdout(&out);
    for line in [
        "security           bank guarantee 5000.00 EUR from Förde Sparkasse until 2025-06-30\n",
        "insurance          Allianz Trade policy P-4711, buyer B-0815, 20000.00 EUR from \
         2024-01-01 to 2024-12-31, terms up to 90 days, unpaid invoices reported within 60 days \
         of the due date\n",
        "report             Creditreform 2024-07-20: rating 240, recommended limit 8000.00 EUR \
         (pays on time)\n",
    ] {
        assert!(shown.contains(line), "{line:?} missing from:\n{shown}");
    }
    let out = credit_file(&book, &["show", "MARI", "--format", "json"]);
    let file: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        file["file"]["security"][0]["kind"]["expires_on"],
        "2025-06-30"
    );
    assert_eq!(file["file"]["reports"][0]["rating"], "240");
    assert_eq!(file["file"]["insurance"]["policy_number"], "P-4711");
}

#[test]
fn b23_raising_an_order_over_the_limit_is_held_and_goes_through_on_an_override() {
    // Marigold Events: limit 10,000.00, 6,000.00 open, SO-1 of 3,000.00: exposure 9,000.00.
    let dir = tempfile::tempdir().unwrap();
    let book = marigold_with_a_credit_profile(dir.path());
    let out = credit(
        &book,
        &[
            "order",
            "add",
            "SO-1",
            "--customer",
            "MARI",
            "--amount",
            "3000.00 EUR",
            "--date",
            "2024-08-01",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    // An amount in another currency than the order's is refused, not read as euros.
    let out = credit(
        &book,
        &["order", "amend", "SO-1", "--amount", "4500.00 USD"],
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: --amount \"4500.00 USD\" is in USD, but order SO-1 is in EUR; give the new \
         amount in EUR.\n"
    );

    // Raised to 4,500.00 the exposure is 10,500.00: held, and nothing written.
    let out = credit(
        &book,
        &["order", "amend", "SO-1", "--amount", "4500.00 EUR"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: Order SO-1 is on hold and was not saved; resolve the reasons below, or give a \
         reason to override the hold.\n  - With this order the exposure is 10500.00 EUR, over \
         the credit limit of 10000.00 EUR by 500.00 EUR.\n"
    );
    let exposure = || -> Value {
        let out = credit(&book, &["exposure", "MARI", "--format", "json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    assert_eq!(exposure()["total"]["amount"], "9000.00");

    // With a reason it goes ahead, and says what it overrode.
    let out = credit(
        &book,
        &[
            "order",
            "amend",
            "SO-1",
            "--amount",
            "4500.00 EUR",
            "--override",
            "Guarantee from Förde Sparkasse on its way.",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Order SO-1 of 4500.00 EUR was on hold and is saved on the override given; the exposure \
         is 10500.00 EUR against a limit of 10000.00 EUR.\n  overridden: With this order the \
         exposure is 10500.00 EUR, over the credit limit of 10000.00 EUR by 500.00 EUR.\n"
    );
    assert_eq!(exposure()["total"]["amount"], "10500.00");

    // Lowering the amount lowers the risk and is always allowed.
    let out = credit(&book, &["order", "amend", "SO-1", "--amount", "2000.00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Order SO-1 of 2000.00 EUR is approved and saved; the exposure is 8000.00 EUR against a \
         limit of 10000.00 EUR.\n"
    );
}

#[test]
fn a_refund_of_a_discounted_payment_says_that_the_discount_is_lost_too() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(
        dir.path(),
        "record,customer_ref,number,date,terms,amount,invoice\n\
         invoice,BIRCH,I-1,2024-01-10,2/10 net 30,100.00,\n\
         payment,BIRCH,P-1,2024-01-15,,98.00,I-1\n",
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "settle",
        "--reference",
        "P-1-R",
        "--customer",
        "BIRCH",
        "--date",
        "2024-01-25",
        "--amount",
        "-98.00",
        "--invoice",
        "I-1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded refund P-1-R of 98.00 EUR paid back: invoice I-1 is open again by that much. \
         The invoice loses the early-payment discount of 2.00 EUR granted on it, which is open \
         again too.\n"
    );
    assert_eq!(
        aging_total_row(&book, "2024-01-31"),
        "TOTAL,EUR,100.00,0.00,0.00,0.00,0.00,100.00,0.00,0.00,100.00"
    );
}

#[test]
fn a_refund_recorded_by_hand_reopens_the_invoice_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with(
        dir.path(),
        "record,customer_ref,number,date,due_date,amount,invoice\n\
         invoice,BIRCH,I-1,2024-01-10,2024-02-09,100.00,\n\
         payment,BIRCH,P-1,2024-02-01,,100.00,I-1\n",
    );
    let settle = |reference: &str, amount: &str, invoice: Option<&str>| {
        let mut args = vec![
            "--book",
            &book,
            "settle",
            "--reference",
            reference,
            "--customer",
            "BIRCH",
            "--date",
            "2024-02-20",
            "--amount",
            amount,
        ];
        if let Some(number) = invoice {
            args.extend(["--invoice", number]);
        }
        creditdesk(&args)
    };
    // The transfer bounced: 60.00 of it is taken back first, then the other 40.00.
    let out = settle("P-1-R1", "-60.00", Some("I-1"));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded refund P-1-R1 of 60.00 EUR paid back: invoice I-1 is open again by that much.\n"
    );
    let out = settle("P-1-R2", "-70.00", Some("I-1"));
    assert_eq!(
        stdout(&out),
        "Recorded refund P-1-R2 of 70.00 EUR paid back: invoice I-1 is open again by 40.00 EUR; \
         the other 30.00 EUR stays unapplied: it gives back money the invoice could not take, \
         or waits for a payment of the invoice to take back.\n"
    );
    // 100.00 open again, 11 days overdue, and 30.00 refunded beyond it.
    assert_eq!(
        aging_total_row(&book, "2024-02-20"),
        "TOTAL,EUR,0.00,100.00,0.00,0.00,0.00,100.00,0.00,30.00,130.00"
    );
    // Nothing is left to take back: 0.00, not -0.00.
    let out = settle("P-1-R3", "-10.00", Some("I-1"));
    assert_eq!(
        stdout(&out),
        "Recorded refund P-1-R3 of 10.00 EUR paid back: invoice I-1 is open again by 0.00 EUR; \
         the other 10.00 EUR stays unapplied: it gives back money the invoice could not take, \
         or waits for a payment of the invoice to take back.\n"
    );
    // A credit note below zero is refused with what to do instead.
    let out = creditdesk(&[
        "--book",
        &book,
        "settle",
        "--kind",
        "credit-note",
        "--reference",
        "CN-9",
        "--customer",
        "BIRCH",
        "--date",
        "2024-02-20",
        "--amount",
        "-5.00",
    ]);
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(
        stderr(&out),
        "error: The amount -5.00 EUR is not accepted; give an amount above zero. Money paid back \
         to the customer is a refund: a payment below zero.\n"
    );
}
