//! Bringing the reference rate tables of statutory interest up to date: a book uses the shipped
//! tables until a newer file is loaded; a file is read whole or refused whole; a load or a reset
//! that takes a day or changes a rate says so; and interest past the end of the shipped German
//! table is computed once a file that covers it is loaded.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    AddressInput, CustomerInput, CustomerInterest, InvoiceInput, NewBook, OpenBook, PolicyChoice,
    RateTableOrigin,
};
use creditdesk_core::dunning::{DunningPolicy, Preset};
use creditdesk_core::interest::{RatePeriod, RateSource, RateTable};
use creditdesk_core::ledger::Channel;
use creditdesk_core::text::Language;
use creditdesk_core::Currency;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn book(dir: &Path) -> OpenBook {
    let new = NewBook {
        name: "Lakeside Tools GmbH".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap()
}

/// A rate file with `periods`, as the Bundesbank's table would be written out.
fn rate_file(periods: &[RatePeriod]) -> String {
    let mut text = String::from("# Basiszinssatz (BGB 247)\nfrom,to,percent\n");
    for p in periods {
        writeln!(text, "{},{},{}", p.from, p.to, p.percent).unwrap();
    }
    text
}

/// The shipped German table with the second half of 2026 at 1.52 % added.
fn german_through_2026() -> String {
    let shipped = RateTable::shipped(RateSource::GermanBaseRate).periods();
    rate_file(shipped) + "2026-07-01,2026-12-31,1.52\n"
}

#[test]
fn a_new_book_uses_the_four_shipped_tables() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let tables = book.reference_rates().unwrap();
    let summary: Vec<String> = tables
        .iter()
        .map(|t| {
            format!(
                "{} {} {:?} {} {}..{}",
                t.code, t.name, t.origin, t.period_count, t.first_day, t.known_until
            )
        })
        .collect();
    let shipped = |source| RateTable::shipped(source).periods().len();
    assert_eq!(
        summary,
        [
            format!(
                "ecb ECB reference rate Shipped {} 1999-01-01..2026-06-30",
                shipped(RateSource::EcbReference)
            ),
            format!(
                "boe Bank of England reference rate Shipped {} 2002-07-01..2026-12-31",
                shipped(RateSource::BankOfEnglandReference)
            ),
            format!(
                "de-base German base rate Shipped {} 2002-01-01..2026-06-30",
                shipped(RateSource::GermanBaseRate)
            ),
            format!(
                "cn-lpr one-year Loan Prime Rate Shipped {} 2019-08-20..2026-09-19",
                shipped(RateSource::ChinaLoanPrimeRate)
            ),
        ]
    );
    assert_eq!(
        tables[2].periods,
        RateTable::shipped(RateSource::GermanBaseRate).periods()
    );
    let chinese = Language::SimplifiedChinese.during(|| book.reference_rates().unwrap());
    assert_eq!(chinese[2].name, "德国基准利率");
}

#[test]
fn a_file_that_extends_the_german_table_is_loaded_and_what_it_adds_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let text = german_through_2026();
    let count = RateTable::shipped(RateSource::GermanBaseRate)
        .periods()
        .len()
        + 1;

    let load = book
        .load_rate_table(RateSource::GermanBaseRate, &text, "basiszins-2026-2.csv")
        .unwrap();
    assert!(load.loaded);
    assert_eq!(
        load.message,
        format!(
            "Loaded basiszins-2026-2.csv as the German base rate table: {count} period(s) from \
             2002-01-01 through 2026-12-31."
        )
    );
    let changes = load.changes.expect("a loaded file is compared");
    assert!(changes.only_adds());
    assert_eq!(
        changes.notes,
        ["Rates are now known through 2026-12-31, 184 day(s) more than before (2026-06-30)."]
    );
    assert_eq!(changes.days_added.len(), 1);
    assert_eq!(changes.days_added[0].from, date("2026-07-01"));

    let view = book.reference_rate(RateSource::GermanBaseRate).unwrap();
    assert_eq!(view.known_until, date("2026-12-31"));
    let RateTableOrigin::Loaded {
        file_name,
        loaded_at,
    } = &view.origin
    else {
        panic!("{:?}", view.origin);
    };
    assert_eq!(file_name, "basiszins-2026-2.csv");
    assert_eq!(&book.audit_trail(1).unwrap()[0].at, loaded_at);
    let tables = book.rate_tables().unwrap();
    assert_eq!(tables.german_base.known_until(), date("2026-12-31"));
    assert_eq!(
        tables.ecb,
        *RateTable::shipped(RateSource::EcbReference),
        "the other tables stay shipped"
    );

    // The book keeps the file: opened again, it uses it.
    let path = book.path().to_path_buf();
    drop(book);
    let book = OpenBook::open(&path).unwrap();
    assert_eq!(
        book.rate_tables().unwrap().german_base.known_until(),
        date("2026-12-31")
    );
}

#[test]
fn a_bad_file_is_refused_with_every_problem_by_line_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let trail = book.audit_trail(100).unwrap().len();
    let text = "from,to,percent\n\
                2026-01-01,2026-06-30,1.27\n\
                2026-07-01,2026-12-31\n\
                2026-07-01,2026-13-31,1,52\n\
                2027-01-01,2027-06-30,one\n\
                2027-08-01,2027-12-31,1.5\n";
    let load = book
        .load_rate_table(RateSource::GermanBaseRate, text, "basiszins.csv")
        .unwrap();
    assert!(!load.loaded);
    assert_eq!(
        load.message,
        "basiszins.csv has 4 problem(s); the German base rate table was not changed. Correct the \
         file and load it again."
    );
    let problems: Vec<(usize, &str)> = load
        .problems
        .iter()
        .map(|p| (p.problem.line, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                3,
                "Line 3 has 2 fields; give exactly three: from,to,percent."
            ),
            (
                4,
                "Line 4 has 4 fields; give exactly three: from,to,percent."
            ),
            (
                5,
                "Line 5: the rate \"one\" is not accepted; give a percentage between -20 and \
                 100, such as 4.25."
            ),
            (
                6,
                "Line 6: the period starts on 2027-08-01, but it must start on 2026-07-01, the \
                 day after the previous period ends; periods must follow each other without gap \
                 or overlap."
            ),
        ]
    );
    assert_eq!(load.changes, None);
    assert_eq!(load.table.origin, RateTableOrigin::Shipped);
    assert_eq!(
        book.audit_trail(100).unwrap().len(),
        trail,
        "nothing written"
    );
    assert_eq!(
        book.rate_tables().unwrap().german_base,
        *RateTable::shipped(RateSource::GermanBaseRate)
    );
}

#[test]
fn a_shorter_file_with_a_changed_rate_is_loaded_with_a_warning_for_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    // Only 2025, with the second half-year at 1.30 % instead of the published 1.27 %.
    let text = "from,to,percent\n2025-01-01,2025-06-30,2.27\n2025-07-01,2025-12-31,1.30\n";
    let load = book
        .load_rate_table(RateSource::GermanBaseRate, text, "typo.csv")
        .unwrap();
    assert!(load.loaded, "a careful user is told, not stopped");
    let changes = load.changes.unwrap();
    assert!(!changes.only_adds());
    assert_eq!(
        changes.warnings,
        [
            "The German base rate table now starts on 2025-01-01, 8401 day(s) later than before \
             (2002-01-01): interest for days before 2025-01-01 is refused.",
            "The German base rate table now ends on 2025-12-31, 181 day(s) earlier than before \
             (2026-06-30): interest for days after 2025-12-31 is refused until a table that \
             covers them is loaded.",
            "From 2025-07-01 through 2025-12-31 the German base rate is now 1.30 %, where it was \
             1.27 %; interest computed from now on uses 1.30 %, and interest already claimed is \
             not changed.",
        ]
    );
    assert_eq!(changes.notes, Vec::<String>::new());
    assert_eq!(changes.days_lost.len(), 2);
    assert_eq!(changes.changed_rates.len(), 1);
}

#[test]
fn going_back_to_the_shipped_table_is_told_with_the_days_it_no_longer_knows() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    book.load_rate_table(
        RateSource::GermanBaseRate,
        &german_through_2026(),
        "basiszins-2026-2.csv",
    )
    .unwrap();
    let count = RateTable::shipped(RateSource::GermanBaseRate)
        .periods()
        .len();

    let reset = book.reset_rate_table(RateSource::GermanBaseRate).unwrap();
    assert_eq!(
        reset.message,
        format!(
            "The German base rate table is the shipped one again: {count} period(s) from \
             2002-01-01 through 2026-06-30; basiszins-2026-2.csv no longer applies."
        )
    );
    assert_eq!(
        reset.changes.unwrap().warnings,
        [
            "The German base rate table now ends on 2026-06-30, 184 day(s) earlier than before \
             (2026-12-31): interest for days after 2026-06-30 is refused until a table that \
             covers them is loaded."
        ]
    );
    assert_eq!(reset.table.origin, RateTableOrigin::Shipped);
    assert_eq!(book.audit_trail(1).unwrap()[0].action, "reset_rate_table");

    let again = book.reset_rate_table(RateSource::GermanBaseRate).unwrap();
    assert_eq!(
        again.message,
        "The German base rate table is the shipped one already; nothing was changed."
    );
    assert_eq!(again.changes, None);
}

#[test]
fn sources_are_named_by_their_short_names_and_an_unknown_one_is_refused() {
    let codes: Vec<&str> = RateSource::ALL
        .into_iter()
        .map(creditdesk_app::rate_source_code)
        .collect();
    assert_eq!(codes, ["ecb", "boe", "de-base", "cn-lpr"]);
    assert_eq!(
        creditdesk_app::rate_source_named(" DE-BASE ").unwrap(),
        RateSource::GermanBaseRate
    );
    let err = creditdesk_app::rate_source_named("fed").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "There is no reference rate table named \"fed\"; name one of ecb, boe, de-base, cn-lpr."
    );
}

#[test]
fn a_rate_file_is_read_as_utf8_text_of_at_most_a_megabyte() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let latin1 = dir.path().join("zinsen.csv");
    std::fs::write(&latin1, b"# Basiszinss\xe4tze\nfrom,to,percent\n").unwrap();
    let err = book
        .load_rate_file(RateSource::GermanBaseRate, &latin1)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ImportRejected);
    assert_eq!(
        err.message,
        format!(
            "{} is not UTF-8 text; save the rate file as CSV in UTF-8 and load it again.",
            latin1.display()
        )
    );

    let large = dir.path().join("book-export.csv");
    std::fs::write(&large, vec![b'#'; 1024 * 1024 + 1]).unwrap();
    let err = book
        .load_rate_file(RateSource::GermanBaseRate, &large)
        .unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "{} has 1025 kB, more than a rate file can have (1024 kB); choose the CSV file of \
             the rate table.",
            large.display()
        )
    );

    let good = dir.path().join("basiszins-2026-2.csv");
    std::fs::write(&good, german_through_2026()).unwrap();
    let load = book
        .load_rate_file(RateSource::GermanBaseRate, &good)
        .unwrap();
    assert_eq!(
        load.file_name, "basiszins-2026-2.csv",
        "the name without its folder"
    );
}

/// Marktplatz Hamm KG owes INV-7 of 10,000.00 EUR, due 2026-06-15, at the German statutory
/// rate between businesses (base rate + 9 points); the policy's one level is a demand letter
/// with interest at 30 days.
fn german_debtor(dir: &Path) -> OpenBook {
    let mut book = book(dir);
    book.save_customer(&CustomerInput {
        reference: "HAMM".into(),
        name: "Marktplatz Hamm KG".into(),
        country: Some("DE".into()),
        email: Some("buchhaltung@hamm.example".into()),
        channel: Some(Channel::Email),
    })
    .unwrap();
    book.set_customer_address(&AddressInput {
        customer: "HAMM".into(),
        lines: Some(vec!["Marktplatz 1".into(), "59065 Hamm".into()]),
        country: None,
        letter_language: None,
    })
    .unwrap();
    book.set_customer_interest(
        "HAMM",
        Some(CustomerInterest::GermanyBgb288 { consumer: false }),
    )
    .unwrap();
    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.levels = vec![policy.levels[2].clone()];
    let json = serde_json::to_string(&policy).unwrap();
    book.set_dunning_policy(None, &PolicyChoice::Json { json })
        .unwrap();
    book.post_invoice(&InvoiceInput {
        number: "INV-7".into(),
        customer: "HAMM".into(),
        issue_date: date("2026-05-16"),
        amount: "10000.00".parse().unwrap(),
        currency: None,
        due_date: Some(date("2026-06-15")),
        terms: None,
        disputed: false,
    })
    .unwrap();
    book
}

#[test]
fn interest_past_the_shipped_german_table_is_computed_once_a_newer_file_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = german_debtor(dir.path());
    let as_of = date("2026-07-31");

    let refused = book.propose_dunning(as_of).unwrap();
    let problems: Vec<&str> = refused
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(
        problems,
        [
            "Invoice INV-7 (instalment 1) is proposed without interest. No German base rate is \
             known for 2026-07-01: the table covers 2002-01-01 to 2026-06-30; load a newer \
             file of the table with the published rate (Settings, Reference rates; or \
             `interest-rates load` on the command line), then run again."
        ]
    );

    book.load_rate_table(
        RateSource::GermanBaseRate,
        &german_through_2026(),
        "basiszins-2026-2.csv",
    )
    .unwrap();
    let proposed = book.propose_dunning(as_of).unwrap();
    assert!(proposed.problems.is_empty(), "{:?}", proposed.problems);
    // 15 days (2026-06-16..06-30) at 1.27 + 9 = 10.27 % and 31 days (July) at 1.52 + 9 =
    // 10.52 %: 10,000.00 x (0.1027 x 15 + 0.1052 x 31) / 365 = 10,000.00 x 4.8017 / 365
    // = 131.553... -> 131.55.
    let communication = &proposed.communications[0].communication;
    assert_eq!(communication.interest_total.to_string(), "131.55 EUR");

    book.reset_rate_table(RateSource::GermanBaseRate).unwrap();
    let refused_again = book.propose_dunning(as_of).unwrap();
    assert_eq!(
        refused_again.problems.len(),
        1,
        "the shipped table ends on 2026-06-30"
    );
}

#[test]
fn a_load_and_what_it_changes_are_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let text = "from,to,percent\n2025-01-01,2025-06-30,2.27\n2025-07-01,2025-12-31,1.30\n";
    let load = Language::SimplifiedChinese.during(|| {
        book.load_rate_table(RateSource::GermanBaseRate, text, "typo.csv")
            .unwrap()
    });
    assert_eq!(
        load.message,
        "已将 typo.csv 载入为德国基准利率表：共 2 个期间，自 2025-01-01 至 2025-12-31。"
    );
    assert_eq!(
        load.changes.unwrap().warnings,
        [
            "德国基准利率表现从 2025-01-01 开始，比之前（2002-01-01）晚 8401 天：2025-01-01 \
             之前各日的利息将被拒绝计算。",
            "德国基准利率表现于 2025-12-31 结束，比之前（2026-06-30）早 181 天：在载入涵盖 \
             2025-12-31 之后各日的利率表之前，这些日子的利息将被拒绝计算。",
            "自 2025-07-01 至 2025-12-31，德国基准利率现为 1.30%，之前为 1.27%；此后计算的利息按 \
             1.30% 计，已主张的利息不作更改。",
        ]
    );
    let refused = Language::SimplifiedChinese.during(|| {
        book.load_rate_table(RateSource::EcbReference, "from,to\n", "ezb.csv")
            .unwrap()
    });
    assert_eq!(
        refused.message,
        "ezb.csv 有 1 处问题；欧洲央行参考利率表未作更改。请更正文件后重新载入。"
    );
    assert_eq!(
        refused.problems[0].message,
        "第 1 行：表头为“from,to”；第一行非注释内容必须是 from,to,percent。"
    );
    let reset = Language::SimplifiedChinese
        .during(|| book.reset_rate_table(RateSource::EcbReference).unwrap());
    assert_eq!(
        reset.message,
        "欧洲央行参考利率表已是随附的利率表；未作任何更改。"
    );
    let unknown = Language::SimplifiedChinese
        .during(|| creditdesk_app::rate_source_named("fed"))
        .unwrap_err();
    assert_eq!(
        unknown.message,
        "没有名为“fed”的参考利率表；请填写以下之一：ecb, boe, de-base, cn-lpr。"
    );
}
