//! Disputes, promises and the bad-debt report on the command line: a sentence for each step,
//! the open disputes as a table and as JSON.

mod support;

use serde_json::Value;
use support::{creditdesk, ok, stderr};

#[test]
fn a_dispute_is_opened_listed_and_resolved_on_the_command_line() {
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
         invoice,OSTR,Ostrander Marine,I1,2024-04-01,2024-05-01,1000.00,\n",
    )
    .unwrap();
    let b = ["--book", book.as_str()];
    ok(creditdesk(
        &[
            &b[..],
            &["import", "--profile", "generic", csv.to_str().unwrap()],
        ]
        .concat(),
    ));

    let opened = ok(creditdesk(
        &[
            &b[..],
            &[
                "dispute",
                "open",
                "I1",
                "--amount",
                "250.00",
                "--reason",
                "quantity",
                "--date",
                "2024-05-02",
            ],
        ]
        .concat(),
    ));
    assert_eq!(
        opened,
        "Opened dispute 1 on invoice I1: 250.00 EUR contested (quantity); it is not chased until \
         the dispute is resolved.\n"
    );
    let table = ok(creditdesk(
        &[&b[..], &["disputes", "--as-of", "2024-05-12"]].concat(),
    ));
    assert_eq!(
        table,
        "id  customer  invoice  reason    opened      age  currency  amount\n\
         1   OSTR      I1       quantity  2024-05-02   10       EUR  250.00\n\
         \n\
         by      group     currency  count  amount\n\
         reason  quantity  EUR           1  250.00\n\
         age     0-30      EUR           1  250.00\n"
    );
    let json: Value = serde_json::from_str(&ok(creditdesk(
        &[
            &b[..],
            &["disputes", "--as-of", "2024-05-12", "--format", "json"],
        ]
        .concat(),
    )))
    .unwrap();
    assert_eq!(json["disputes"][0]["invoice"], "I1");
    assert_eq!(json["disputes"][0]["amount"]["amount"], "250.00");
    assert_eq!(json["by_age"][0]["group"], "0-30");

    let resolved = ok(creditdesk(
        &[
            &b[..],
            &[
                "dispute",
                "resolve",
                "1",
                "--outcome",
                "accepted",
                "--date",
                "2024-05-20",
            ],
        ]
        .concat(),
    ));
    assert_eq!(
        resolved,
        "Dispute 1 on invoice I1 is accepted: credit note DISPUTE-1 of 250.00 EUR is posted \
         against the invoice.\n"
    );
    // The old form still marks an invoice without recording a dispute.
    let marked = ok(creditdesk(&[&b[..], &["dispute", "I1"]].concat()));
    assert_eq!(marked, "Invoice I1 is marked as disputed.\n");

    let promised = ok(creditdesk(
        &[
            &b[..],
            &[
                "promise",
                "add",
                "OSTR",
                "--date",
                "2024-06-15",
                "--amount",
                "750.00",
                "--by",
                "Ms Lind",
                "--channel",
                "email",
                "--invoice",
                "I1",
                "--made",
                "2024-06-01",
            ],
        ]
        .concat(),
    ));
    assert_eq!(
        promised,
        "Recorded promise 1 of customer OSTR. Ms Lind promised by email to pay 750.00 EUR by \
         2024-06-15; nothing has come in yet, and the items are not chased until then.\n"
    );
    let promises = ok(creditdesk(
        &[
            &b[..],
            &["promises", "--as-of", "2024-06-16", "--format", "csv"],
        ]
        .concat(),
    ));
    assert_eq!(
        promises,
        "id,customer,invoices,by,made,promised,state,currency,amount,paid,missing\n\
         1,OSTR,I1,Ms Lind,2024-06-01,2024-06-15,broken,EUR,750.00,0.00,750.00\n"
    );

    ok(creditdesk(
        &[
            &b[..],
            &[
                "settle",
                "--kind",
                "write-off",
                "--reference",
                "WO-1",
                "--customer",
                "OSTR",
                "--invoice",
                "I1",
                "--date",
                "2024-07-01",
                "--amount",
                "750.00",
                "--reason",
                "insolvent",
            ],
        ]
        .concat(),
    ));
    let bad_debt = ok(creditdesk(
        &[
            &b[..],
            &["bad-debt", "--from", "2024-04-01", "--to", "2024-07-31"],
        ]
        .concat(),
    ));
    assert_eq!(
        bad_debt,
        "date        reference  customer  invoice  reason     currency  amount\n\
         2024-07-01  WO-1       OSTR      I1       insolvent  EUR       750.00\n\
         \n\
         currency  written off  credit sales  bad-debt ratio %\n\
         EUR            750.00      1,000.00             75.00\n"
    );
}

#[test]
fn the_forecast_on_the_command_line_as_a_table_and_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.creditdesk").display().to_string();
    ok(creditdesk(&[
        "book",
        "new",
        &book,
        "--name",
        "Nordlicht Bau GmbH",
    ]));
    // OSTR paid I0 (due 2024-04-01) 4 days late, so I1 and I2 are expected 4 days after due:
    // I1 (due 2024-05-20) on 05-24, late, in week 1; I2 (due 2024-06-10) on 06-14, week 2.
    let csv = dir.path().join("ledger.csv");
    std::fs::write(
        &csv,
        "record,customer_ref,customer_name,number,date,due_date,amount,invoice\n\
         invoice,OSTR,Ostrander Marine,I0,2024-03-01,2024-04-01,100.00,\n\
         payment,OSTR,Ostrander Marine,P0,2024-04-05,,100.00,I0\n\
         invoice,OSTR,Ostrander Marine,I1,2024-04-20,2024-05-20,1000.00,\n\
         invoice,OSTR,Ostrander Marine,I2,2024-05-10,2024-06-10,250.50,\n",
    )
    .unwrap();
    let b = ["--book", book.as_str()];
    ok(creditdesk(
        &[
            &b[..],
            &["import", "--profile", "generic", csv.to_str().unwrap()],
        ]
        .concat(),
    ));

    let table = ok(creditdesk(
        &[&b[..], &["forecast", "--as-of", "2024-06-01"]].concat(),
    ));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[0],
        [
            "currency  2024-06-01  2024-06-08  2024-06-15  2024-06-22  2024-06-29  2024-07-06  ",
            "2024-07-13  2024-07-20  2024-07-27  2024-08-03  2024-08-10  2024-08-17  2024-08-24  ",
            "late in week 1  later  disputed",
        ]
        .concat()
    );
    assert_eq!(
        lines[1],
        [
            "EUR         1,000.00      250.50        0.00        0.00        0.00        0.00  ",
            "      0.00        0.00        0.00        0.00        0.00        0.00        0.00  ",
            "      1,000.00   0.00      0.00",
        ]
        .concat()
    );
    assert_eq!(
        lines[2..],
        [
            "",
            "From 2024-06-01 through 2024-08-30 (13 weeks) 1250.50 EUR is expected, 1000.00 EUR \
             of it already late in week 1; 0.00 EUR is expected later and 0.00 EUR is disputed."
        ]
    );

    let json: Value = serde_json::from_str(&ok(creditdesk(
        &[
            &b[..],
            &["forecast", "--as-of", "2024-06-01", "--format", "json"],
        ]
        .concat(),
    )))
    .unwrap();
    let eur = &json["forecast"]["currencies"][0];
    assert_eq!(eur["weeks"][1]["amount"], "250.50");
    assert_eq!(json["delays"][0]["days"], 4);
    assert_eq!(json["forecast"]["entries"][1]["expected_on"], "2024-06-14");
}

#[test]
fn a_decided_claim_and_an_open_disputes_mark_stay_as_recorded_on_the_command_line() {
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
         invoice,OSTR,Ostrander Marine,I1,2024-04-01,2024-05-01,1000.00,\n",
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

    ok(run(&[
        "claim",
        "add",
        "OSTR",
        "--invoice",
        "I1",
        "--filed",
        "2024-05-20",
        "--claimed",
        "300.00",
    ]));
    ok(run(&[
        "claim",
        "decide",
        "1",
        "--decision",
        "partly",
        "--paid",
        "150.00",
        "--paid-on",
        "2024-06-01",
        "--retention",
        "loss",
        "--date",
        "2024-06-01",
    ]));
    for later in [
        &["claim", "decide", "1", "--decision", "accepted"][..],
        &["claim", "decide", "1", "--decision", "refused"][..],
    ] {
        let out = run(later);
        assert!(!out.status.success(), "{later:?}");
        assert_eq!(
            stderr(&out),
            "error: Claim 1 was already decided as partly accepted on 2024-06-01; a claim is \
             decided once, so its decision and the payment recorded with it stand. File a new \
             claim if the insurer reopens the case.\n"
        );
    }
    let twice = run(&[
        "claim",
        "add",
        "OSTR",
        "--invoice",
        "I1",
        "--filed",
        "2024-05-20",
        "--claimed",
        "300.00",
    ]);
    assert!(!twice.status.success());
    assert_eq!(
        stderr(&twice),
        "error: Claim 1 of customer OSTR already covers invoices I1, filed on 2024-05-20 for \
         300.00 EUR; the same claim is not filed twice. List the claims to see it.\n"
    );

    ok(run(&[
        "dispute",
        "open",
        "I1",
        "--amount",
        "100.00",
        "--reason",
        "price",
        "--date",
        "2024-05-02",
    ]));
    let cleared = run(&["dispute", "I1", "--clear"]);
    assert!(!cleared.status.success());
    assert_eq!(
        stderr(&cleared),
        "error: Invoice I1 stays disputed: dispute 1 of 100.00 EUR, opened on 2024-05-02, is \
         still open. Resolve it with `dispute resolve 1`; the mark is cleared when the invoice's \
         last open dispute is resolved.\n"
    );
}
