//! `creditdesk credit rates import|list`: a file of exchange rates recorded all or nothing, and
//! the exposure converting at the rate it brought.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{creditdesk, run as ok, stderr};

/// A EUR book in which Marigold Events (limit 10,000.00 EUR) owes INV-1 of 1,000.00 USD.
fn book_with_a_dollar_invoice(dir: &Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    ok(&[
        "book",
        "new",
        &book,
        "--name",
        "Harbour & Finch LLP",
        "--currency",
        "EUR",
    ]);
    let csv = "record,customer_ref,customer_name,number,date,due_date,amount,currency\n\
        invoice,MARI,Marigold Events,INV-1,2026-11-01,2026-12-31,1000.00,USD\n";
    let file = dir.join("ledger.csv");
    std::fs::write(&file, csv).unwrap();
    let file = file.to_str().unwrap();
    ok(&["--book", &book, "import", "--profile", "generic", file]);
    ok(&[
        "--book",
        &book,
        "credit",
        "set",
        "MARI",
        "--limit",
        "10000.00 EUR",
        "--max-terms",
        "60",
    ]);
    book
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_rates_file_is_recorded_once_and_used_by_the_exposure() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with_a_dollar_invoice(dir.path());
    let rates = write(
        dir.path(),
        "rates.csv",
        "date,from,to,rate\n2026-11-27,USD,EUR,0.9500\n2026-11-30,USD,EUR,0.9412\n",
    );

    let said = ok(&["--book", &book, "credit", "rates", "import", &rates]);
    assert_eq!(
        said,
        format!("Recorded the rates of {rates}: 2 new, 0 replaced, 0 unchanged.\n")
    );
    let again = ok(&["--book", &book, "credit", "rates", "import", &rates]);
    assert_eq!(
        again,
        format!("Recorded the rates of {rates}: 0 new, 0 replaced, 2 unchanged.\n")
    );
    let corrected = write(
        dir.path(),
        "corrected.csv",
        "date,from,to,rate\n2026-11-30,USD,EUR,0.9410\n",
    );
    let said = ok(&["--book", &book, "credit", "rates", "import", &corrected]);
    assert!(
        said.ends_with(": 0 new, 1 replaced, 0 unchanged.\n"),
        "{said}"
    );

    let listed = ok(&[
        "--book",
        &book,
        "credit",
        "rates",
        "list",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    let rates: Vec<(&str, &str)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["date"].as_str().unwrap(), r["rate"].as_str().unwrap()))
        .collect();
    assert_eq!(rates, [("2026-11-27", "0.9500"), ("2026-11-30", "0.9410")]);
    let table = ok(&[
        "--book",
        &book,
        "credit",
        "rates",
        "list",
        "--as-of",
        "2026-11-28",
    ]);
    assert!(table.contains("2026-11-27"), "{table}");
    assert!(!table.contains("2026-11-30"), "{table}");

    // 1,000.00 USD at 0.9410 is 941.00 EUR.
    let exposure = ok(&[
        "--book",
        &book,
        "credit",
        "exposure",
        "MARI",
        "--as-of",
        "2026-12-01",
        "--format",
        "json",
    ]);
    let exposure: Value = serde_json::from_str(&exposure).unwrap();
    assert_eq!(exposure["total"]["amount"], "941.00", "{exposure}");
}

#[test]
fn a_rates_file_with_bad_rows_records_nothing_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let book = book_with_a_dollar_invoice(dir.path());
    let rates = write(
        dir.path(),
        "rates.csv",
        "date,from,to,rate\n2026-11-30,USD,EUR,0.9412\n2026-11-31,USD,EUR,0.95\n\
         2026-11-30,USD,CNY,seven\n",
    );
    let out = creditdesk(&["--book", &book, "credit", "rates", "import", &rates]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "bad rows exit 2, like an import"
    );
    assert_eq!(
        stderr(&out),
        "error: The file has 2 bad row(s); no rate was recorded. Correct them and import again.\n\
         line 3, column date: \"2026-11-31\" is not a date; write it as YYYY-MM-DD, such as \
         2026-11-30.\n\
         line 4, column rate: \"seven\" is not a rate; write a decimal number above zero with a \
         point, such as 0.9412.\n"
    );
    let listed = ok(&[
        "--book", &book, "credit", "rates", "list", "--format", "json",
    ]);
    assert_eq!(listed.trim(), "[]");

    let missing = dir.path().join("missing.csv").display().to_string();
    let out = creditdesk(&["--book", &book, "credit", "rates", "import", &missing]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).starts_with(&format!("error: {missing} could not be read: ")),
        "{}",
        stderr(&out)
    );
}
