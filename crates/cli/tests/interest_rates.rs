//! `creditdesk interest-rates`: the reference rate tables of statutory interest listed and
//! shown, a newer file loaded (or refused with every problem by line), and the shipped table
//! brought back; and the point of it all, a German debt whose interest runs past the end of the
//! shipped table is charged interest once the newer table is loaded.

mod support;

use std::path::Path;

use creditdesk_core::interest::{RateSource, RateTable};
use serde_json::Value;
use support::{creditdesk, ok, stderr, stdout};

fn on(book: &str, args: &[&str]) -> std::process::Output {
    creditdesk(&[&["--book", book][..], args].concat())
}

fn new_book(dir: &Path) -> String {
    let book = dir.join("book.creditdesk").display().to_string();
    ok(creditdesk(&[
        "book",
        "new",
        &book,
        "--name",
        "Lakeside Tools GmbH",
    ]));
    book
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn periods(source: RateSource) -> usize {
    RateTable::shipped(source).periods().len()
}

#[test]
fn the_four_tables_are_listed_with_where_they_come_from() {
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path());
    let (ecb, boe, de, cn) = (
        periods(RateSource::EcbReference),
        periods(RateSource::BankOfEnglandReference),
        periods(RateSource::GermanBaseRate),
        periods(RateSource::ChinaLoanPrimeRate),
    );
    assert_eq!(
        ok(on(&book, &["interest-rates"])),
        format!(
            "source   rate                            origin   from        known until  periods\n\
             ecb      ECB reference rate              shipped  1999-01-01  2026-06-30        {ecb}\n\
             boe      Bank of England reference rate  shipped  2002-07-01  2026-12-31        {boe}\n\
             de-base  German base rate                shipped  2002-01-01  2026-06-30        {de}\n\
             cn-lpr   one-year Loan Prime Rate        shipped  2019-08-20  2026-09-19        {cn}\n"
        )
    );
    let json: Value =
        serde_json::from_str(&ok(on(&book, &["interest-rates", "--format", "json"]))).unwrap();
    let codes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["ecb", "boe", "de-base", "cn-lpr"]);
    assert_eq!(json[2]["origin"]["kind"], "shipped");
    assert_eq!(json[2]["known_until"], "2026-06-30");
    assert_eq!(
        json[2]["periods"][0]["percent"], "2.57",
        "rates as decimal text"
    );
}

#[test]
fn a_table_is_shown_and_written_as_a_rate_file_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path());
    let de = periods(RateSource::GermanBaseRate);
    let shown = ok(on(&book, &["interest-rates", "show", "de-base"]));
    assert!(
        shown.starts_with(&format!(
            "German base rate (de-base): shipped; {de} period(s) from 2002-01-01 through \
             2026-06-30.\n\n\
             from        to          percent\n\
             2002-01-01  2002-06-30     2.57\n\
             2002-07-01  2002-12-31     2.47\n"
        )),
        "{shown}"
    );
    assert!(
        shown.ends_with("2026-01-01  2026-06-30     1.27\n"),
        "{shown}"
    );

    let csv = ok(on(
        &book,
        &["interest-rates", "show", "de-base", "--format", "csv"],
    ));
    assert!(
        csv.starts_with("from,to,percent\n2002-01-01,2002-06-30,2.57\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), de + 1);
    let file = write(dir.path(), "basiszins.csv", &csv);
    assert_eq!(
        ok(on(&book, &["interest-rates", "load", "de-base", &file])),
        format!(
            "Loaded basiszins.csv as the German base rate table: {de} period(s) from \
             2002-01-01 through 2026-06-30.\n\
             The days and rates are the same as before.\n"
        )
    );
    let json: Value = serde_json::from_str(&ok(on(
        &book,
        &["interest-rates", "show", "de-base", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(json["origin"]["kind"], "loaded");
    assert_eq!(json["origin"]["file_name"], "basiszins.csv");
}

#[test]
fn a_bad_file_is_refused_with_every_problem_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path());
    let file = write(
        dir.path(),
        "ezb.csv",
        "from,to,percent\n\
         2026-01-01,2026-06-30,2.15\n\
         2026-07-01,2026-12-31,two\n\
         2026-07-01,2026-12-32,2.15\n",
    );
    let out = on(&book, &["interest-rates", "load", "ecb", &file]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a refused file exits 2, like an import"
    );
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "error: ezb.csv has 2 problem(s); the ECB reference rate table was not changed. Correct \
         the file and load it again.\n\
         Line 3: the rate \"two\" is not accepted; give a percentage between -20 and 100, such \
         as 4.25.\n\
         Line 4: \"2026-12-32\" is not a date; write dates as YYYY-MM-DD, such as 2024-07-01.\n"
    );
    let listed = ok(on(&book, &["interest-rates", "--format", "csv"]));
    assert!(
        listed.contains("\necb,ECB reference rate,shipped,1999-01-01,2026-06-30,"),
        "{listed}"
    );

    let missing = dir.path().join("missing.csv").display().to_string();
    let out = on(&book, &["interest-rates", "load", "ecb", &missing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with(&format!("error: {missing} could not be opened: ")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_source_is_named_with_the_accepted_ones() {
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path());
    for args in [
        &["interest-rates", "show", "euribor"][..],
        &["interest-rates", "load", "euribor", "rates.csv"],
        &["interest-rates", "reset", "euribor"],
    ] {
        let out = on(&book, args);
        assert_eq!(out.status.code(), Some(3), "{args:?}");
        assert_eq!(
            stderr(&out),
            "error: There is no reference rate table named \"euribor\"; name one of ecb, boe, \
             de-base, cn-lpr.\n"
        );
    }
}

#[test]
fn a_shorter_file_or_a_changed_rate_is_loaded_with_a_warning_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let book = new_book(dir.path());
    let file = write(
        dir.path(),
        "boe-2026.csv",
        "# Bank Rate on 31 December 2025\nfrom,to,percent\n2026-01-01,2026-06-30,4.00\n",
    );
    let out = on(&book, &["interest-rates", "load", "boe", &file]);
    assert!(
        out.status.success(),
        "the file is loaded; the user is told what it changed"
    );
    assert_eq!(
        stdout(&out),
        "Loaded boe-2026.csv as the Bank of England reference rate table: 1 period(s) from \
         2026-01-01 through 2026-06-30.\n"
    );
    assert_eq!(
        stderr(&out),
        "warning: The Bank of England reference rate table now starts on 2026-01-01, 8585 \
         day(s) later than before (2002-07-01): interest for days before 2026-01-01 is \
         refused.\n\
         warning: The Bank of England reference rate table now ends on 2026-06-30, 184 day(s) \
         earlier than before (2026-12-31): interest for days after 2026-06-30 is refused until \
         a table that covers them is loaded.\n\
         warning: From 2026-01-01 through 2026-06-30 the Bank of England reference rate is now \
         4.00 %, where it was 3.75 %; interest computed from now on uses 4.00 %, and interest \
         already claimed is not changed.\n"
    );

    let out = on(&book, &["interest-rates", "reset", "boe"]);
    assert_eq!(
        stdout(&out),
        format!(
            "The Bank of England reference rate table is the shipped one again: {} period(s) \
             from 2002-07-01 through 2026-12-31; boe-2026.csv no longer applies.\n\
             Rates are now known from 2002-07-01, 8585 day(s) earlier than before \
             (2026-01-01).\n\
             Rates are now known through 2026-12-31, 184 day(s) more than before \
             (2026-06-30).\n",
            periods(RateSource::BankOfEnglandReference)
        )
    );
    assert_eq!(
        stderr(&out),
        "warning: From 2026-01-01 through 2026-06-30 the Bank of England reference rate is now \
         3.75 %, where it was 4.00 %; interest computed from now on uses 3.75 %, and interest \
         already claimed is not changed.\n"
    );
    assert_eq!(
        ok(on(&book, &["interest-rates", "reset", "boe"])),
        "The Bank of England reference rate table is the shipped one already; nothing was \
         changed.\n"
    );
}

/// Marktplatz Hamm KG owes INV-7 of 10,000.00 EUR, due 2026-06-15, at the German statutory
/// rate between businesses (BGB §288: the base rate + 9 points); the book's one dunning level
/// is a demand letter with interest at 30 days.
fn german_debtor(dir: &Path) -> String {
    let book = new_book(dir);
    let steps: &[&[&str]] = &[
        &[
            "add-customer",
            "HAMM",
            "--name",
            "Marktplatz Hamm KG",
            "--email",
            "buchhaltung@hamm.example",
        ],
        &[
            "customer",
            "address",
            "HAMM",
            "--line",
            "Marktplatz 1",
            "--line",
            "59065 Hamm",
        ],
        &["customer", "interest", "HAMM", "--statutory", "de"],
        &[
            "post-invoice",
            "INV-7",
            "--customer",
            "HAMM",
            "--date",
            "2026-05-16",
            "--due",
            "2026-06-15",
            "--amount",
            "10000.00",
        ],
    ];
    for step in steps {
        ok(on(&book, step));
    }
    let mut policy: Value =
        serde_json::from_str(&ok(on(&book, &["dunning", "policy", "--format", "json"]))).unwrap();
    let demand = policy["levels"][2].clone();
    assert_eq!(demand["charge_interest"], true);
    policy["levels"] = Value::Array(vec![demand]);
    let file = write(dir, "policy.json", &policy.to_string());
    ok(on(&book, &["dunning", "policy", "--file", &file]));
    book
}

#[test]
fn german_interest_after_june_2026_needs_the_newer_base_rate_table() {
    let dir = tempfile::tempdir().unwrap();
    let book = german_debtor(dir.path());
    let propose = || ok(on(&book, &["dunning", "propose", "--as-of", "2026-07-31"]));
    let refused = "Problems:\n  Invoice INV-7 (instalment 1) is proposed without interest. No \
                   German base rate is known for 2026-07-01: the table covers 2002-01-01 to \
                   2026-06-30; load a newer file of the table with the published rate \
                   (Settings, Reference rates; or `interest-rates load` on the command line), \
                   then run again.\n";

    // The shipped table ends on 2026-06-30: the demand goes without interest, and says why.
    let first = propose();
    assert!(first.ends_with(refused), "{first}");
    assert!(
        first.contains("total                      EUR       10,000.00      0.00"),
        "{first}"
    );

    // The Bundesbank has published 1.52 % for the second half of 2026 (a figure for this
    // test): the shipped table as a file, with that line added.
    let mut csv = ok(on(
        &book,
        &["interest-rates", "show", "de-base", "--format", "csv"],
    ));
    csv.push_str("2026-07-01,2026-12-31,1.52\n");
    let file = write(dir.path(), "basiszins-2026-2.csv", &csv);
    let de = periods(RateSource::GermanBaseRate) + 1;
    let load = on(&book, &["interest-rates", "load", "de-base", &file]);
    assert_eq!(
        stdout(&load),
        format!(
            "Loaded basiszins-2026-2.csv as the German base rate table: {de} period(s) from \
             2002-01-01 through 2026-12-31.\n\
             Rates are now known through 2026-12-31, 184 day(s) more than before \
             (2026-06-30).\n"
        )
    );
    assert_eq!(stderr(&load), "", "nothing was taken away");
    let listed: Value =
        serde_json::from_str(&ok(on(&book, &["interest-rates", "--format", "json"]))).unwrap();
    let loaded_at = listed[2]["origin"]["loaded_at"].as_str().unwrap();
    let table = ok(on(&book, &["interest-rates"]));
    assert!(
        table.contains(&format!(
            "\nde-base  German base rate                basiszins-2026-2.csv, loaded {loaded_at}  \
             2002-01-01  2026-12-31        {de}\n"
        )),
        "{table}"
    );

    // 46 days overdue: 15 days (2026-06-16..06-30) at 1.27 + 9 = 10.27 % and 31 days (July)
    // at 1.52 + 9 = 10.52 %. 10,000.00 x (0.1027 x 15 + 0.1052 x 31) / 365
    // = 10,000.00 x 4.8017 / 365 = 131.553... -> 131.55; with it, BGB §288(5)'s 40.00 EUR.
    let second = propose();
    assert!(!second.contains("Problems:"), "{second}");
    assert!(
        second.contains(
            "total                      EUR       10,000.00    131.55         40.00  0.00  \
             10,171.55\n"
        ),
        "{second}"
    );

    // Back to the shipped table: the warning says what is lost, and the demand is refused its
    // interest again.
    let reset = on(&book, &["interest-rates", "reset", "de-base"]);
    assert_eq!(
        stdout(&reset),
        format!(
            "The German base rate table is the shipped one again: {} period(s) from 2002-01-01 \
             through 2026-06-30; basiszins-2026-2.csv no longer applies.\n",
            de - 1
        )
    );
    assert_eq!(
        stderr(&reset),
        "warning: The German base rate table now ends on 2026-06-30, 184 day(s) earlier than \
         before (2026-12-31): interest for days after 2026-06-30 is refused until a table that \
         covers them is loaded.\n"
    );
    let third = propose();
    assert!(third.ends_with(refused), "{third}");

    // Loaded again, the run is sent with the interest, and the charges go on accruing at the
    // loaded rate: August's 31 days at 10.52 % are 10,000.00 x 0.1052 x 31 / 365 = 89.347...
    // -> 89.35 (220.90 in all from 2026-06-16, less the 131.55 claimed).
    ok(on(&book, &["interest-rates", "load", "de-base", &file]));
    let run: Value = serde_json::from_str(&ok(on(
        &book,
        &[
            "dunning",
            "propose",
            "--as-of",
            "2026-07-31",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    let run = run["id"].to_string();
    ok(on(&book, &["dunning", "approve", &run, "--all"]));
    ok(on(
        &book,
        &["dunning", "execute", &run, "--today", "2026-07-31"],
    ));
    let charges = "invoice  date        what              level  currency     amount\n\
                   INV-7    2026-07-31  interest claimed  1      EUR          131.55\n\
                   INV-7    2026-07-31  compensation      1      EUR           40.00\n";
    assert_eq!(
        ok(on(&book, &["charges", "HAMM", "--as-of", "2026-08-31"])),
        format!(
            "{charges}\
             INV-7    2026-08-31  interest since           EUR           89.35\n\
             INV-7    2026-08-31  charges open             EUR          260.90\n\
             INV-7    2026-08-31  invoice open             EUR       10,000.00\n\
             INV-7    2026-08-31  total open               EUR       10,260.90\n"
        )
    );

    // Without the newer table, the interest since cannot be computed: the line is left out,
    // and a warning says why.
    ok(on(&book, &["interest-rates", "reset", "de-base"]));
    let without = on(&book, &["charges", "HAMM", "--as-of", "2026-08-31"]);
    assert_eq!(
        stderr(&without),
        "warning: Invoice INV-7: Interest on instalment 1 since the last claim is not counted: \
         No German base rate is known for 2026-07-01: the table covers 2002-01-01 to \
         2026-06-30; load a newer file of the table with the published rate (Settings, \
         Reference rates; or `interest-rates load` on the command line), then run again.\n"
    );
    assert_eq!(
        ok(without),
        format!(
            "{charges}\
             INV-7    2026-08-31  charges open             EUR          171.55\n\
             INV-7    2026-08-31  invoice open             EUR       10,000.00\n\
             INV-7    2026-08-31  total open               EUR       10,171.55\n"
        )
    );
}
