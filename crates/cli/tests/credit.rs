//! `creditdesk credit policy`, `suggest`, `decisions`, `security list|remove`,
//! `report list|remove` and `order amend --terms` as a script would run them.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{creditdesk, stderr, stdout};

/// `creditdesk --book BOOK credit ARGS`, asserted to succeed; its stdout.
fn ok(book: &str, args: &[&str]) -> String {
    let mut all = vec!["--book", book, "credit"];
    all.extend_from_slice(args);
    let out = creditdesk(&all);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Marigold Events with a limit of 10,000.00 EUR (60 days at most), a customer since
/// 2023-05-01 that paid INV-1 and INV-2 on time.
fn marigold(dir: &Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    let out = creditdesk(&["book", "new", &book, "--name", "Harbour & Finch LLP"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
        invoice,MARI,Marigold Events,INV-1,2023-05-01,2023-05-31,400.00,\n\
        invoice,MARI,,INV-2,2024-02-01,2024-03-02,800.00,\n\
        payment,MARI,,P-1,2023-06-05,,400.00,INV-1\n\
        payment,MARI,,P-2,2024-03-01,,800.00,INV-2\n";
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
    ok(
        &book,
        &[
            "set",
            "MARI",
            "--limit",
            "10000.00 EUR",
            "--max-terms",
            "60",
            "--review",
            "2025-07-31",
        ],
    );
    book
}

#[test]
fn the_policy_is_shown_without_options_and_changed_by_each_option_given() {
    let dir = tempfile::tempdir().unwrap();
    let book = marigold(dir.path());
    let shown = ok(&book, &["policy"]);
    assert!(shown.contains("grace period"), "{shown}");
    assert!(shown.contains("15 days"), "{shown}");
    assert!(shown.contains("50% of the first order"), "{shown}");
    assert!(!shown.contains("saved"), "{shown}");

    let changed = ok(
        &book,
        &["policy", "--grace-days", "30", "--raise-percent", "10%"],
    );
    assert!(
        changed.starts_with("The credit policy is saved.\n"),
        "{changed}"
    );
    let again = ok(&book, &["policy", "--grace-days", "30"]);
    assert!(
        again.starts_with("The credit policy already reads so; nothing changed.\n"),
        "{again}"
    );

    let json: Value = serde_json::from_str(&ok(&book, &["policy", "--format", "json"])).unwrap();
    assert_eq!(json["policy"]["check"]["grace_days"], 30);
    assert_eq!(json["policy"]["limits"]["raise_percent"], "10");
    assert_eq!(json["policy"]["review"]["report_max_age_days"], 365);
    assert_eq!(json["changed"], false);

    let out = creditdesk(&["--book", &book, "credit", "policy", "--clean-months", "0"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "a refused setting is a bad argument"
    );
    assert_eq!(
        stderr(&out),
        "error: The period without late payment before a raise is set to 0 months, which is not \
         accepted; give at least 1 month.\n"
    );
}

#[test]
fn a_suggestion_is_shown_with_its_reasoning_and_accepted_or_rejected_on_record() {
    let dir = tempfile::tempdir().unwrap();
    let book = marigold(dir.path());
    let shown = ok(&book, &["suggest", "MARI", "--as-of", "2024-08-01"]);
    assert_eq!(
        shown,
        "Suggested limit: 12500.00 EUR, a raise of 25% from 10000.00 EUR.\n  - No invoice paid in \
         the last 12 months (1 in all) was more than 15 days late.\n"
    );
    assert!(ok(&book, &["decisions", "MARI"]).contains("No suggested limit was decided on"));

    let accepted = ok(
        &book,
        &[
            "suggest",
            "MARI",
            "--as-of",
            "2024-08-01",
            "--accept",
            "--note",
            "Annual review",
        ],
    );
    assert!(
        accepted.ends_with(
            "The limit of MARI is now 12500.00 EUR, as suggested; the decision is recorded.\n"
        ),
        "{accepted}"
    );

    let json: Value = serde_json::from_str(&ok(
        &book,
        &[
            "suggest",
            "MARI",
            "--as-of",
            "2024-08-01",
            "--reject",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(json["suggestion"]["suggested"]["amount"], "15625.00");
    assert_eq!(json["suggestion"]["change"]["change"], "raise");
    assert_eq!(json["decision"]["accepted"], false);
    assert_eq!(
        json["reasoning"][0],
        "No invoice paid in the last 12 months (1 in all) was more than 15 days late."
    );

    let table = ok(&book, &["decisions", "MARI"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(lines[1].contains("accepted") && lines[1].contains("Annual review"));
    assert!(lines[2].contains("rejected") && lines[2].contains("15625.00 EUR"));
    let decisions: Value =
        serde_json::from_str(&ok(&book, &["decisions", "MARI", "--format", "json"])).unwrap();
    assert_eq!(decisions.as_array().unwrap().len(), 2);
    assert_eq!(decisions[0]["note"], "Annual review");

    let out = creditdesk(&[
        "--book", &book, "credit", "suggest", "MARI", "--accept", "--reject",
    ]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "--accept and --reject exclude each other"
    );
    let out = creditdesk(&["--book", &book, "credit", "suggest", "MARI", "--note", "x"]);
    assert_eq!(out.status.code(), Some(3), "a note goes with a decision");
}

#[test]
fn security_and_reports_are_listed_and_removed_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let book = marigold(dir.path());
    ok(
        &book,
        &[
            "security",
            "add",
            "MARI",
            "--kind",
            "bank-guarantee",
            "--amount",
            "5000.00",
            "--issuer",
            "Harbour Bank",
            "--expires",
            "2024-12-31",
        ],
    );
    ok(
        &book,
        &[
            "report",
            "add",
            "MARI",
            "--agency",
            "Creditreform",
            "--date",
            "2024-03-01",
            "--rating",
            "72",
        ],
    );
    let list: Value = serde_json::from_str(&ok(
        &book,
        &["security", "list", "MARI", "--format", "json"],
    ))
    .unwrap();
    let id = list[0]["id"].as_i64().unwrap();
    assert_eq!(list[0]["security"]["issuer"], "Harbour Bank");
    let table = ok(&book, &["security", "list", "MARI"]);
    assert!(table.contains("bank guarantee"), "{table}");
    assert!(table.contains("2024-12-31"), "{table}");

    let removed = ok(&book, &["security", "remove", "MARI", &id.to_string()]);
    assert_eq!(
        removed,
        format!(
            "Removed security {id} of MARI: bank guarantee 5000.00 EUR from Harbour Bank until \
             2024-12-31.\n"
        )
    );
    assert_eq!(
        ok(&book, &["security", "list", "MARI"]),
        "MARI holds no security.\n"
    );
    let out = creditdesk(&[
        "--book",
        &book,
        "credit",
        "security",
        "remove",
        "MARI",
        &id.to_string(),
    ]);
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        format!(
            "error: Customer MARI holds no security with id {id}; list the customer's security \
             to see the ids.\n"
        )
    );

    let reports: Value =
        serde_json::from_str(&ok(&book, &["report", "list", "MARI", "--format", "json"])).unwrap();
    let id = reports[0]["id"].as_i64().unwrap();
    assert!(ok(&book, &["report", "list", "MARI"]).contains("Creditreform"));
    assert_eq!(
        ok(&book, &["report", "remove", "MARI", &id.to_string()]),
        format!("Removed credit report {id} of MARI: Creditreform 2024-03-01, rating 72.\n")
    );
    assert_eq!(
        ok(&book, &["report", "list", "MARI"]),
        "MARI has no credit report.\n"
    );
    let audit = creditdesk(&["--book", &book, "audit", "--limit", "3"]);
    let audit = stdout(&audit);
    assert!(audit.contains("remove_credit_report"), "{audit}");
    assert!(audit.contains("remove_security"), "{audit}");
}

#[test]
fn amending_an_order_to_longer_terms_than_allowed_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let book = marigold(dir.path());
    ok(
        &book,
        &[
            "order",
            "add",
            "SO-1",
            "--customer",
            "MARI",
            "--amount",
            "1000.00",
            "--terms",
            "30",
            "--date",
            "2024-08-01",
            "--as-of",
            "2024-08-01",
        ],
    );
    let amend = |terms: &str| {
        creditdesk(&[
            "--book",
            &book,
            "credit",
            "order",
            "amend",
            "SO-1",
            "--terms",
            terms,
            "--as-of",
            "2024-08-01",
        ])
    };
    let out = amend("60");
    assert!(out.status.success(), "{}", stderr(&out));
    let out = amend("75");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: Order SO-1 is on hold and was not saved; resolve the reasons below, or give a \
         reason to override the hold.\n  - The order's terms of 75 days are longer than the 60 \
         days allowed for this customer.\n"
    );
    let out = creditdesk(&["--book", &book, "credit", "order", "amend", "SO-1"]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "amend needs --amount or --terms"
    );
}
