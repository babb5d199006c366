//! Payment plans on the command line: a plan set up over two overdue invoices with a down
//! payment, its instalments as a table, the plans as a table and as JSON, and a broken plan
//! recorded by `plans --enforce`.

mod support;

use serde_json::Value;
use support::{creditdesk, ok};

#[test]
fn a_plan_is_set_up_listed_and_recorded_broken_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.creditdesk").display().to_string();
    ok(creditdesk(&[
        "book",
        "new",
        &book,
        "--name",
        "Nordlicht Bau GmbH",
    ]));
    let csv = dir.path().join("ledger.csv");
    std::fs::write(
        &csv,
        "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
         invoice,OSTR,Ostrander Marine,I1,2024-04-01,2024-05-01,1000.00,\n\
         invoice,OSTR,Ostrander Marine,I2,2024-04-01,2024-05-01,500.00,\n",
    )
    .unwrap();
    let b = ["--book", book.as_str()];
    let run = |args: &[&str]| creditdesk(&[&b[..], args].concat());
    ok(run(&[
        "import",
        "--profile",
        "generic",
        csv.to_str().unwrap(),
    ]));

    // 100.00 down on 2024-06-01, then 1,400.00 in three monthly parts: 466.66, 466.66 and
    // 466.68.
    let created = ok(run(&[
        "plan",
        "create",
        "OSTR",
        "--invoice",
        "I1",
        "I2",
        "--start",
        "2024-06-01",
        "--down",
        "100.00",
        "--parts",
        "3",
        "--every",
        "1m",
        "--grace",
        "5",
    ]));
    assert_eq!(
        created,
        "Set up payment plan PLAN-1 for customer OSTR: 1500.00 EUR in 4 instalments due from \
         2024-06-01 to 2024-09-01; invoices I1, I2 are settled into it.\n\
         seq  due         principal  interest  amount  paid    open  down\n\
         1    2024-06-01     100.00      0.00  100.00  0.00  100.00   yes\n\
         2    2024-07-01     466.66      0.00  466.66  0.00  466.66\n\
         3    2024-08-01     466.66      0.00  466.66  0.00  466.66\n\
         4    2024-09-01     466.68      0.00  466.68  0.00  466.68\n"
    );

    // The agreement to sign lists the invoices, the down payment and the three parts.
    let pdf = dir.path().join("PLAN-1.pdf");
    let said = ok(run(&[
        "plan",
        "agreement",
        "1",
        "--pdf",
        pdf.to_str().unwrap(),
    ]));
    assert!(said.starts_with("Wrote "), "{said}");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "PLAN-1",
        "Ostrander Marine",
        "I1",
        "I2",
        "466.68",
        "100.00",
        "1,500.00",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
    let out = run(&["plan", "agreement", "7", "--pdf", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: No payment plan with id 7 is in the book; list the plans to find its id.\n"
    );

    // The down payment arrives on the start day (imported after the plan, naming PLAN-1).
    let paid = dir.path().join("payments.csv");
    std::fs::write(
        &paid,
        "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
         payment,OSTR,Ostrander Marine,P1,2024-06-01,,100.00,PLAN-1\n",
    )
    .unwrap();
    ok(run(&[
        "import",
        "--profile",
        "generic",
        paid.to_str().unwrap(),
    ]));
    let table = ok(run(&["plans", "--as-of", "2024-07-03"]));
    assert_eq!(
        lines(&table),
        [
            "id  plan    customer  start       parts  state   currency    amount    paid  \
             arrears  remaining  broken on",
            "1   PLAN-1  OSTR      2024-06-01  4      behind  EUR       1,500.00  100.00   \
             466.66   1,400.00",
        ]
    );

    let json: Value = serde_json::from_str(&ok(run(&[
        "plans",
        "--as-of",
        "2024-07-03",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json[0]["reference"], "PLAN-1");
    assert_eq!(json[0]["standing"]["state"], "behind");
    assert_eq!(json[0]["standing"]["paid"]["amount"], "100.00");
    assert_eq!(json[0]["standing"]["arrears"]["amount"], "466.66");
    assert_eq!(
        json[0]["plan"]["instalments"][3]["amount"]["amount"],
        "466.68"
    );

    // Instalment 2, due 2024-07-01 with five days of grace, is still unpaid on 2024-07-10.

    let enforced = ok(run(&["plans", "--as-of", "2024-07-10", "--enforce"]));
    assert_eq!(
        lines(&enforced),
        [
            "Recorded payment plan PLAN-1 of customer OSTR broken: the remaining 1400.00 EUR \
             fell due on 2024-07-07 and is chased again.",
            "id  plan    customer  start       parts  state   currency    amount    paid  \
             arrears  remaining   broken on",
            "1   PLAN-1  OSTR      2024-06-01  4      broken  EUR       1,500.00  100.00   \
             466.66   1,400.00  2024-07-07",
        ]
    );
    let refused = run(&["plan", "break", "1", "--as-of", "2024-07-10"]);
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8(refused.stderr).unwrap(),
        "error: Payment plan 1 was recorded broken on 2024-07-07 already; nothing is left to \
         record.\n"
    );
}

/// The lines of a table, without the spaces that pad its last column.
fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect()
}
