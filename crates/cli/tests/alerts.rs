//! `creditdesk credit alerts` and `creditdesk credit risk` as a script would run them: a small
//! insured customer over its limit, its alerts and its risk score as a table and as JSON.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{creditdesk, run};

/// Ostrander Marine owes 2,100.00 EUR on six invoices, none paid, against a limit of 500.00 EUR
/// reviewed on 2024-06-01; Northgate Credit insures it and wants unpaid invoices reported
/// within 60 days of their due date.
const LEDGER: &str = "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
    invoice,OSTR,Ostrander Marine,I1,2024-04-01,2024-05-15,100.00,\n\
    invoice,OSTR,,I2,2024-04-01,2024-05-14,200.00,\n\
    invoice,OSTR,,I3,2024-04-01,2024-06-14,300.00,\n\
    invoice,OSTR,,I4,2024-01-01,2024-02-15,400.00,\n\
    invoice,OSTR,,I5,2024-01-01,2024-02-14,500.00,\n\
    invoice,OSTR,,I6,2023-11-01,2023-12-16,600.00,\n";

fn ostrander(dir: &Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    run(&["book", "new", &book, "--name", "Nordlicht Bau GmbH"]);
    let file = dir.join("ledger.csv");
    std::fs::write(&file, LEDGER).unwrap();
    let ledger = file.to_str().unwrap();
    run(&["--book", &book, "import", "--profile", "generic", ledger]);
    let limit = [
        "--limit",
        "500.00 EUR",
        "--max-terms",
        "60",
        "--review",
        "2024-06-01",
    ];
    run(&[&["--book", &book, "credit", "set", "OSTR"], &limit[..]].concat());
    run(&[
        "--book",
        &book,
        "credit",
        "insurance",
        "set",
        "OSTR",
        "--insurer",
        "Northgate Credit",
        "--policy",
        "P-2024-118",
        "--buyer",
        "B-5521",
        "--limit",
        "400.00 EUR",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--max-period",
        "90",
        "--report-within",
        "60",
    ]);
    book
}

#[test]
fn alerts_are_a_table_of_customer_kind_and_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    let table = run(&["--book", &book, "credit", "alerts", "--as-of", "2024-06-30"]);
    let expected = [
        "customer  alert                   what it is",
        "OSTR      limit_exceeded          The exposure of 2100.00 EUR is over the credit limit \
         of 500.00 EUR by 1600.00 EUR.",
        "OSTR      review_due              The credit review was due on 2024-06-01, 29 days ago.",
        "OSTR      insurer_report_overdue  Invoice I5, due on 2024-02-14, is unpaid with 500.00 \
         EUR open, and the last day to report it to Northgate Credit was 2024-04-14, 77 days \
         ago; report it now, or the cover of it may be lost.",
        "OSTR      insurer_report_overdue  Invoice I4, due on 2024-02-15, is unpaid with 400.00 \
         EUR open, and the last day to report it to Northgate Credit was 2024-04-15, 76 days \
         ago; report it now, or the cover of it may be lost.",
        "OSTR      insurer_report_due      Invoice I2, due on 2024-05-14, is unpaid with 200.00 \
         EUR open; report it to Northgate Credit by 2024-07-13, in 13 days.",
        "OSTR      insurer_report_due      Invoice I1, due on 2024-05-15, is unpaid with 100.00 \
         EUR open; report it to Northgate Credit by 2024-07-14, in 14 days.",
        "6 alerts for 1 customer as of 2024-06-30.",
    ];
    assert_eq!(table.lines().collect::<Vec<_>>(), expected);

    // I6 fell due before the cover began, so it is not the insurer's to hear about.
    assert!(!table.contains("I6"));
    let quiet = run(&["--book", &book, "credit", "alerts", "--as-of", "2023-01-01"]);
    assert_eq!(quiet, "No credit alerts as of 2023-01-01.\n");
}

#[test]
fn alerts_as_json_carry_the_kind_the_amounts_and_the_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    let json = run(&[
        "--book",
        &book,
        "credit",
        "alerts",
        "--as-of",
        "2024-06-30",
        "--format",
        "json",
    ]);
    let alerts: Value = serde_json::from_str(&json).unwrap();
    let alerts = alerts.as_array().unwrap();
    assert_eq!(alerts.len(), 6);
    assert_eq!(alerts[0]["customer"], "OSTR");
    assert_eq!(alerts[0]["customer_name"], "Ostrander Marine");
    assert_eq!(alerts[0]["alert"]["kind"], "limit_exceeded");
    assert_eq!(alerts[0]["alert"]["excess"]["amount"], "1600.00");
    assert_eq!(alerts[0]["alert"]["excess"]["currency"], "EUR");
    let due = &alerts[5];
    assert_eq!(due["alert"]["kind"], "insurer_report_due");
    assert_eq!(due["alert"]["invoice_number"], "I1");
    assert_eq!(due["alert"]["report_by"], "2024-07-14");
    assert_eq!(due["alert"]["days_left"], 14);
    assert_eq!(
        due["message"],
        "Invoice I1, due on 2024-05-15, is unpaid with 100.00 EUR open; report it to Northgate \
         Credit by 2024-07-14, in 14 days."
    );
}

#[test]
fn the_risk_score_is_a_table_of_factors_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    let table = run(&[
        "--book",
        &book,
        "credit",
        "risk",
        "OSTR",
        "--as-of",
        "2024-06-30",
    ]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "OSTR (Ostrander Marine): Risk score 60 of 100.");
    let rows: Vec<Vec<&str>> = lines[2..7]
        .iter()
        .map(|l| {
            let cells: Vec<&str> = l.split("  ").filter(|c| !c.is_empty()).collect();
            vec![
                cells[0].trim(),
                cells[cells.len() - 2].trim(),
                cells[cells.len() - 1].trim(),
            ]
        })
        .collect();
    // Everything is overdue: (46 x 100 + 47 x 200 + 16 x 300 + 136 x 400 + 137 x 500 + 197 x
    // 600) / 2,100 = 123.8 days; 2,100.00 of a 500.00 limit is 420.0%.
    assert_eq!(
        rows,
        [
            ["days_late", "123.8", "40"],
            ["trend", "-", "0"],
            ["utilisation", "420.0", "20"],
            ["disputes", "0", "0"],
            ["broken_promises", "0", "0"],
        ]
    );
    assert!(lines[2].contains(
        "What was settled in the last 12 months or is overdue today was on average 123.8 days \
         late, weighted by amount: 40 of 40 points."
    ));
    assert_eq!(
        lines[7].split_whitespace().collect::<Vec<_>>(),
        ["score", "60", "/", "100"]
    );
    assert_eq!(
        lines[8],
        "Exposure 2100.00 EUR against a limit of 500.00 EUR as of 2024-06-30."
    );

    let json = run(&[
        "--book",
        &book,
        "credit",
        "risk",
        "OSTR",
        "--as-of",
        "2024-06-30",
        "--format",
        "json",
    ]);
    let risk: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(risk["score"]["score"], 60);
    assert_eq!(risk["factors"][0]["factor"]["code"], "days_late");
    assert_eq!(risk["factors"][0]["factor"]["average_days"], "123.8");
    assert_eq!(risk["factors"][0]["factor"]["points"], 40);
    assert_eq!(risk["exposure"]["total"]["amount"], "2100.00");
}

#[test]
fn a_customer_without_a_profile_has_no_risk_score() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    run(&[
        "--book",
        &book,
        "add-customer",
        "MARI",
        "--name",
        "Marigold Events",
    ]);
    let out = creditdesk(&["--book", &book, "credit", "risk", "MARI"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: Customer MARI has no credit profile, so it has no risk score; set a profile \
         with a credit limit first.\n"
    );
}

#[test]
fn an_invoice_reported_to_the_insurer_leaves_the_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let book = ostrander(dir.path());
    let said = run(&[
        "--book",
        &book,
        "credit",
        "insurance",
        "report",
        "I5",
        "--on",
        "2024-06-20",
        "--reference",
        "NOA-5",
    ]);
    assert_eq!(
        said,
        "Recorded that invoice I5 was reported to the insurer on 2024-06-20.\n"
    );
    let table = run(&["--book", &book, "credit", "alerts", "--as-of", "2024-06-30"]);
    assert!(!table.contains("Invoice I5"), "{table}");
    assert!(table.contains("Invoice I4"), "{table}");
    assert!(
        table.ends_with("5 alerts for 1 customer as of 2024-06-30.\n"),
        "{table}"
    );

    let listed = run(&[
        "--book",
        &book,
        "credit",
        "insurance",
        "reports",
        "OSTR",
        "--format",
        "json",
    ]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(
        listed,
        serde_json::json!([
            {"invoice_number": "I5", "reported_on": "2024-06-20", "reference": "NOA-5"}
        ])
    );
    let again = creditdesk(&[
        "--book",
        &book,
        "credit",
        "insurance",
        "report",
        "I5",
        "--on",
        "2024-06-21",
    ]);
    assert!(!again.status.success());
    assert_eq!(
        String::from_utf8_lossy(&again.stderr),
        "error: Invoice I5 was reported to the insurer on 2024-06-20 already; an invoice is \
         reported once.\n"
    );
}
