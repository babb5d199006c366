//! Collections on the command line: a run proposed, approved and executed, with the customer's
//! address and interest set first; the communication log, phone tasks, charges and the outbox.

mod support;

use serde_json::Value;
use support::{creditdesk, ok, stderr};

/// A book with KOW (two overdue invoices, one partly paid) and NOMAIL (no email address).
fn book(dir: &std::path::Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    ok(creditdesk(&[
        "book",
        "new",
        &book,
        "--name",
        "Acme Trading Ltd",
    ]));
    let steps: &[&[&str]] = &[
        &[
            "add-customer",
            "KOW",
            "--name",
            "Kowalski Sp. z o.o.",
            "--email",
            "ap@kow.example",
        ],
        &[
            "customer",
            "address",
            "KOW",
            "--line",
            "ul. Długa 5",
            "--line",
            "00-001 Warszawa",
        ],
        &[
            "post-invoice",
            "INV-101",
            "--customer",
            "KOW",
            "--date",
            "2025-01-29",
            "--due",
            "2025-02-28",
            "--amount",
            "1200.00",
        ],
        &[
            "post-invoice",
            "INV-102",
            "--customer",
            "KOW",
            "--date",
            "2025-02-08",
            "--due",
            "2025-03-10",
            "--amount",
            "300.00",
        ],
        &[
            "settle",
            "--reference",
            "P-1",
            "--customer",
            "KOW",
            "--invoice",
            "INV-101",
            "--date",
            "2025-03-05",
            "--amount",
            "200.00",
        ],
        &["add-customer", "NOMAIL", "--name", "No Mail GmbH"],
        &[
            "customer",
            "address",
            "NOMAIL",
            "--line",
            "Hafenweg 1",
            "--line",
            "20457 Hamburg",
            "--language",
            "zh",
        ],
        &[
            "post-invoice",
            "INV-201",
            "--customer",
            "NOMAIL",
            "--date",
            "2025-01-01",
            "--due",
            "2025-01-31",
            "--amount",
            "50.00",
        ],
    ];
    for step in steps {
        ok(creditdesk(&[&["--book", book.as_str()][..], step].concat()));
    }
    book
}

fn on(book: &str, args: &[&str]) -> std::process::Output {
    creditdesk(&[&["--book", book][..], args].concat())
}

#[test]
fn a_run_is_proposed_approved_and_executed() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());

    let proposed = ok(on(&book, &["dunning", "propose", "--as-of", "2025-03-31"]));
    assert_eq!(
        proposed,
        "Proposed run 1 for 2025-03-31 with 2 communication(s); 0 item(s) left out, 0 \
         allocation task(s).

id  customer  level  channel  state     invoice  due         days  currency   claimed  interest  compensation   fee     total
1   KOW       1      email    proposed  INV-101  2025-02-28  31    EUR       1,000.00
                                        INV-102  2025-03-10  21    EUR         300.00
                                        total                      EUR       1,300.00      0.00                0.00  1,300.00
2   NOMAIL    1      email    proposed  INV-201  2025-01-31  59    EUR          50.00
                                        total                      EUR          50.00      0.00                0.00     50.00
"
    );

    let missing = on(&book, &["dunning", "execute", "1", "--today", "2025-03-31"]);
    assert_eq!(missing.status.code(), Some(3));
    assert_eq!(
        stderr(&missing),
        "error: Run 1 has no approved communication; approve them with `dunning approve 1 \
         --all` or `--communication ID`, then execute it.\n"
    );
    assert_eq!(
        ok(on(&book, &["dunning", "approve", "1", "--all"])),
        "2 communication(s) of run 1 are approved; execute the run with `dunning execute 1`.\n"
    );
    let executed = ok(on(
        &book,
        &["dunning", "execute", "1", "--today", "2025-03-31"],
    ));
    assert_eq!(
        executed,
        "Queued reminder email D-2025-000001 to customer KOW (ap@kow.example): level 1, \
         1300.00 EUR.\n\
         Letter D-2025-000002 to customer NOMAIL is ready to print: level 1, 50.00 EUR. \
         Customer NOMAIL has no email address, so the reminder goes as a printed letter.\n\
         Executed run 1 for 2025-03-31 on 2025-03-31: 2 communication(s) sent, 0 not approved \
         and skipped.\n"
    );
    assert_eq!(
        ok(on(&book, &["dunning", "execute", "1"])),
        "Run 1 was executed on 2025-03-31 already; nothing was sent again.\n"
    );

    let log = ok(on(&book, &["communications", "KOW"]));
    assert_eq!(
        log,
        "id  reference      sent        customer  level  by     items  currency     total  note\n\
         1   D-2025-000001  2025-03-31  KOW       1      email      2       EUR  1,300.00\n"
    );
    let json: Value = serde_json::from_str(&ok(on(
        &book,
        &["communications", "NOMAIL", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json[0]["letter"]["language"], "zh-CN");
    assert_eq!(
        json[0]["letter"]["subject"],
        "付款提醒 D-2025-000002：逾期款项 50.00 EUR"
    );
    let outbox: Value =
        serde_json::from_str(&ok(on(&book, &["outbox", "--format", "json"]))).unwrap();
    assert_eq!(outbox.as_array().unwrap().len(), 1);
    assert_eq!(outbox[0]["state"], "queued");
    assert_eq!(outbox[0]["to"][0], "ap@kow.example");

    let again = ok(on(&book, &["dunning", "propose", "--as-of", "2025-03-31"]));
    assert_eq!(
        again,
        "Proposed run 2 for 2025-03-31 with 0 communication(s); 3 item(s) left out, 0 \
         allocation task(s).\n\nLeft out:\n  \
         Level 2 for invoice INV-101 (instalment 1, 1000.00 EUR) waits: the customer was last \
         contacted on 2025-03-31, and the next contact is possible from 2025-04-07.\n  \
         Level 2 for invoice INV-102 (instalment 1, 300.00 EUR) waits: the customer was last \
         contacted on 2025-03-31, and the next contact is possible from 2025-04-07.\n  \
         Level 2 for invoice INV-201 (instalment 1, 50.00 EUR) waits: the customer was last \
         contacted on 2025-03-31, and the next contact is possible from 2025-04-07.\n"
    );
}

#[test]
fn a_run_is_executed_by_its_date_or_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let by_date = |extra: &[&str]| {
        on(
            &book,
            &[
                &[
                    "dunning",
                    "execute",
                    "--as-of",
                    "2025-03-31",
                    "--today",
                    "2025-03-31",
                ][..],
                extra,
            ]
            .concat(),
        )
    };

    let none = by_date(&[]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(
        stderr(&none),
        "error: No dunning run was proposed for 2025-03-31. Propose one with `dunning propose \
         --as-of 2025-03-31`, review and approve it, then execute it; or do all three at once \
         with `dunning execute --as-of 2025-03-31 --approve-all`.\n"
    );

    ok(on(&book, &["dunning", "propose", "--as-of", "2025-03-31"]));
    assert_eq!(
        stderr(&by_date(&[])),
        "error: Run 1 has no approved communication; approve them with `dunning approve 1 \
         --all` or `--communication ID`, then execute it.\n"
    );

    // In one step: run 2 replaces run 1, is approved whole and executed; the letters are
    // numbered when they are sent, so the replaced run leaves no gap.
    assert_eq!(
        ok(by_date(&["--approve-all"])),
        "Queued reminder email D-2025-000001 to customer KOW (ap@kow.example): level 1, \
         1300.00 EUR.\n\
         Letter D-2025-000002 to customer NOMAIL is ready to print: level 1, 50.00 EUR. \
         Customer NOMAIL has no email address, so the reminder goes as a printed letter.\n\
         Executed run 2 for 2025-03-31 on 2025-03-31: 2 communication(s) sent, 0 not approved \
         and skipped.\n"
    );
    let runs: Value =
        serde_json::from_str(&ok(on(&book, &["dunning", "runs", "--format", "json"]))).unwrap();
    assert_eq!(runs[0]["state"], "executed");
    assert_eq!(runs[1]["state"], "superseded");

    // Once the date's run is executed, executing it again sends nothing, with or without
    // approving all.
    for extra in [&[][..], &["--approve-all"][..]] {
        assert_eq!(
            ok(by_date(extra)),
            "Run 2 was executed on 2025-03-31 already; nothing was sent again.\n"
        );
    }

    // The next day nothing is due: the minimum gap since the last contact holds everything.
    assert_eq!(
        ok(on(
            &book,
            &[
                "dunning",
                "execute",
                "--as-of",
                "2025-04-01",
                "--approve-all",
                "--today",
                "2025-04-01"
            ],
        )),
        "Run 3 for 2025-04-01 proposes no communication: nothing is due to be chased, and \
         nothing was sent.\n"
    );
    let early = on(
        &book,
        &[
            "dunning",
            "execute",
            "--as-of",
            "2025-04-09",
            "--approve-all",
            "--today",
            "2025-04-08",
        ],
    );
    assert_eq!(
        stderr(&early),
        "error: A run for 2025-04-09 cannot be executed on 2025-04-08, before that day. Execute \
         it on or after 2025-04-09.\n"
    );
    assert!(
        ok(on(&book, &["dunning", "runs"])).lines().count() == 4,
        "no run was proposed"
    );
}

#[test]
fn policies_pauses_and_interest_are_set_with_a_sentence_each() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    assert_eq!(
        ok(on(
            &book,
            &[
                "dunning",
                "policy",
                "--customer",
                "KOW",
                "--preset",
                "gentle"
            ]
        ))
        .lines()
        .next(),
        Some("Customer KOW now has its own policy \"gentle\".")
    );
    let policy = dir.path().join("policy.json");
    std::fs::write(
        &policy,
        ok(on(&book, &["dunning", "policy", "--format", "json"]))
            .replace("\"minimum_gap_days\": 7", "\"minimum_gap_days\": 0"),
    )
    .unwrap();
    let refused = on(
        &book,
        &["dunning", "policy", "--file", policy.to_str().unwrap()],
    );
    assert_eq!(refused.status.code(), Some(3));
    assert_eq!(
        stderr(&refused),
        "error: The minimum gap between two contacts is 0 days; give at least 1 day, so that a \
         customer is contacted at most once a day.\n"
    );
    assert_eq!(
        ok(on(
            &book,
            &[
                "dunning",
                "pause",
                "KOW",
                "--reason",
                "Audit",
                "--from",
                "2025-03-01",
                "--until",
                "2025-04-30"
            ]
        )),
        "Recorded pause 1: customer KOW is not chased from 2025-03-01 through 2025-04-30.\n"
    );
    assert_eq!(
        ok(on(
            &book,
            &[
                "dunning",
                "pause",
                "--invoice",
                "INV-201",
                "--reason",
                "Credit note \
                       coming",
                "--from",
                "2025-03-01",
                "--until",
                "2025-03-31"
            ]
        )),
        "Recorded pause 2: invoice INV-201 is not chased from 2025-03-01 through 2025-03-31.\n"
    );
    assert_eq!(
        ok(on(&book, &["dunning", "lift", "1", "--on", "2025-03-15"])),
        "Lifted pause 1: customer KOW is chased again from 2025-03-15.\n"
    );
    assert_eq!(
        ok(on(
            &book,
            &["customer", "interest", "KOW", "--statutory", "eu"]
        )),
        "The invoices of customer KOW bear late-payment interest: the ECB reference rate plus \
         8 points (EU Directive 2011/7/EU).\n"
    );
    let bad = on(&book, &["customer", "interest", "KOW", "--daily", "2"]);
    assert_eq!(
        stderr(&bad),
        "error: The agreed interest rate 2 % a day is not accepted; give a rate from 0 to 1 % a \
         day, such as 0.05.\n"
    );
    let template = dir.path().join("body.txt");
    std::fs::write(&template, "Dear {customer},\n").unwrap();
    let refused = on(
        &book,
        &[
            "dunning",
            "template",
            "edit",
            "reminder",
            "--language",
            "en",
            "--body-file",
            template.to_str().unwrap(),
        ],
    );
    assert!(stderr(&refused).starts_with(
        "error: The body is not saved. Line 1 of the template names {customer}, which is not a \
         placeholder;"
    ));
}

#[test]
fn a_call_is_recorded_and_a_customer_without_charges_has_none_to_waive() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    for (as_of, _) in [("2025-03-31", 1), ("2025-04-07", 2)] {
        let json: Value = serde_json::from_str(&ok(on(
            &book,
            &["dunning", "propose", "--as-of", as_of, "--format", "json"],
        )))
        .unwrap();
        let run = json["id"].to_string();
        ok(on(&book, &["dunning", "approve", &run, "--all"]));
        ok(on(&book, &["dunning", "execute", &run, "--today", as_of]));
    }
    let tasks = ok(on(&book, &["phone-tasks", "--open"]));
    assert_eq!(
        tasks,
        "id  due         customer  name                 level  reference      invoices         \
         outcome  currency     total\n\
         1   2025-04-07  KOW       Kowalski Sp. z o.o.  2      D-2025-000003  INV-101 INV-102  \
         open          EUR  1,300.00\n\
         2   2025-04-07  NOMAIL    No Mail GmbH         2      D-2025-000004  INV-201          \
         open          EUR     50.00\n"
    );
    assert_eq!(
        ok(on(
            &book,
            &[
                "phone-task",
                "done",
                "1",
                "--outcome",
                "no-answer",
                "--on",
                "2025-04-07"
            ]
        )),
        "Recorded the call of phone task 1 to customer KOW on 2025-04-07: no answer.\n"
    );
    assert!(!ok(on(&book, &["phone-tasks", "--open"])).contains("Kowalski"));
    assert_eq!(
        ok(on(&book, &["charges", "KOW", "--as-of", "2025-04-07"])),
        "No charges on the invoices of customer KOW.\n"
    );
    let refused = on(
        &book,
        &["charge", "waive", "INV-101", "--date", "2025-04-07"],
    );
    assert_eq!(
        stderr(&refused),
        "error: Invoice INV-101 has no charges open on 2025-04-07; nothing was recorded.\n"
    );
}

#[test]
fn the_templates_list_names_every_placeholder_a_text_may_use() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let out = ok(on(&book, &["dunning", "templates"]));
    assert!(
        out.ends_with(
            "\nPlaceholders a text may name: {customer_name} {customer_reference} \
             {company_name} {as_of} {total} {currency} {claimed_total} {interest_total} {fee} \
             {compensation} {pay_by} {reference} {level} {items_count} {items}\n"
        ),
        "{out}"
    );
}

#[test]
fn a_customer_letter_language_is_set_back_to_the_company_s() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    // NOMAIL reads Chinese; `default` makes its letters follow the company's language again.
    let said = ok(on(
        &book,
        &["customer", "address", "NOMAIL", "--language", "default"],
    ));
    assert_eq!(
        said,
        "Saved the postal address and letter language of customer NOMAIL.\n"
    );
    let again = ok(on(
        &book,
        &["customer", "address", "NOMAIL", "--language", "default"],
    ));
    assert_eq!(
        again,
        "Customer NOMAIL already has this address and letter language; nothing was changed.\n"
    );
}
