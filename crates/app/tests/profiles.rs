//! The import wizard's profile step: a built-in profile handed out for editing, the first rows
//! of a file read with it, and a German export imported through the generic profile once its
//! columns are mapped to the fields.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    peek_import_file, profile_definition, DateFormat, FilePeek, ImportRequest, Layout, NewBook,
    OpenBook, ProfileChoice, ProfileDefinition, ProfileField, TextEncoding,
};
use creditdesk_core::Currency;

fn book(dir: &Path) -> OpenBook {
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(file: &Path, profile: ProfileChoice) -> ImportRequest {
    ImportRequest {
        file: file.to_path_buf(),
        profile,
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: false,
    }
}

/// A German invoice list: a title line, then the header in German, semicolons and decimal commas.
const RECHNUNGEN: &str = "Offene Posten Stand 31.03.2024\n\
    Rechnung;Kunde;Datum;Betrag\n\
    R-1001;K-01;05.01.2024;1.250,00\n\
    R-1002;K-02;12.02.2024;99,90\n";

fn generic_de_mapped() -> ProfileDefinition {
    let mut definition = profile_definition("generic-de").unwrap();
    for (field, column) in [
        ("number", "Rechnung"),
        ("customer_ref", "Kunde"),
        ("date", "Datum"),
        ("amount", "Betrag"),
    ] {
        definition.columns.insert(field.into(), column.into());
    }
    definition
}

#[test]
fn a_builtin_profile_is_handed_out_with_the_fields_its_layout_reads() {
    let definition = profile_definition("generic-de").unwrap();
    let required = ["number", "date", "amount"];
    let fields: Vec<ProfileField> = [
        "record",
        "customer_ref",
        "customer_name",
        "number",
        "date",
        "due_date",
        "terms",
        "amount",
        "currency",
        "invoice",
        "disputed",
        "country",
        "email",
        "channel",
    ]
    .into_iter()
    .map(|field| ProfileField {
        field: field.into(),
        required: required.contains(&field),
    })
    .collect();
    assert_eq!(
        definition,
        ProfileDefinition {
            name: "generic-de".into(),
            delimiter: ";".into(),
            decimal_mark: ",".into(),
            grouping_mark: Some(".".into()),
            date_format: DateFormat::DayMonthYearDotted,
            encoding: TextEncoding::Utf8,
            header_search_rows: 20,
            layout: Layout::Generic,
            columns: BTreeMap::new(),
            fields,
        }
    );

    // The UI reads the settings under the names of the profile JSON.
    let json = serde_json::to_value(profile_definition("xero").unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "name": "xero", "delimiter": ",", "decimal_mark": ".", "grouping_mark": null,
            "date_format": "D/M/YYYY", "encoding": "utf-8", "header_search_rows": 20,
            "layout": "xero", "columns": {}, "fields": [
                {"field": "ContactName", "required": true},
                {"field": "EmailAddress", "required": false},
                {"field": "POCountry", "required": false},
                {"field": "InvoiceNumber", "required": true},
                {"field": "InvoiceDate", "required": true},
                {"field": "DueDate", "required": false},
                {"field": "Total", "required": true},
                {"field": "InvoiceAmountPaid", "required": false},
                {"field": "Currency", "required": false},
                {"field": "Type", "required": false},
                {"field": "Status", "required": false}
            ]
        }),
        "a vendor layout offers its own columns to map, for an export whose headers were renamed"
    );
}

#[test]
fn an_unknown_profile_name_lists_the_ones_there_are() {
    let err = profile_definition("sage").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        format!(
            "There is no import profile \"sage\"; choose one of: {}.",
            creditdesk_import::builtin_names().join(", ")
        )
    );
}

#[test]
fn the_peek_skips_the_preamble_and_shows_at_most_twenty_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Receivables export\nnumber,date,amount\n");
    for n in 1..=25 {
        text.push_str(&format!("INV-{n:03},2024-01-{n:02},{n}.00\n"));
        if n == 3 {
            text.push_str(",,\n");
        }
    }
    let file = write(dir.path(), "ledger.csv", text.as_bytes());

    let peek = peek_import_file(&file, &ProfileChoice::Builtin("generic".into())).unwrap();
    assert_eq!(peek.headers, ["number", "date", "amount"]);
    assert_eq!(peek.rows.len(), 20);
    assert_eq!(peek.rows[0], ["INV-001", "2024-01-01", "1.00"]);
    assert_eq!(
        peek.rows[3],
        ["INV-004", "2024-01-04", "4.00"],
        "the blank row is left out"
    );
    assert_eq!(peek.rows[19], ["INV-020", "2024-01-20", "20.00"]);
}

#[test]
fn the_peek_decodes_with_the_profile_encoding_and_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    // "上海贸易" in GB18030, as a Chinese accounting system writes it.
    let mut bytes = b"number,date,amount,customer_name\nA-1,2024-01-05,10.00,".to_vec();
    bytes.extend_from_slice(b"\xc9\xcf\xba\xa3\xc3\xb3\xd2\xd7\n");
    let file = write(dir.path(), "gb.csv", &bytes);

    let peek = peek_import_file(&file, &ProfileChoice::Builtin("generic-gb18030".into())).unwrap();
    assert_eq!(
        peek,
        FilePeek {
            headers: vec![
                "number".into(),
                "date".into(),
                "amount".into(),
                "customer_name".into()
            ],
            rows: vec![vec![
                "A-1".into(),
                "2024-01-05".into(),
                "10.00".into(),
                "上海贸易".into()
            ]],
        }
    );
}

#[test]
fn a_file_whose_header_the_profile_does_not_know_still_shows_its_columns_to_map() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "rechnungen.csv", RECHNUNGEN.as_bytes());

    let peek = peek_import_file(&file, &ProfileChoice::Builtin("generic-de".into())).unwrap();
    assert_eq!(peek.headers, ["Rechnung", "Kunde", "Datum", "Betrag"]);
    assert_eq!(peek.rows[1], ["R-1002", "K-02", "12.02.2024", "99,90"]);
}

#[test]
fn files_that_cannot_be_read_are_named_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let generic = ProfileChoice::Builtin("generic".into());

    let missing = dir.path().join("missing.csv");
    let err = peek_import_file(&missing, &generic).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert_eq!(
        err.message,
        format!(
            "{} could not be opened: No such file or directory (os error 2). Check the path and \
             its permissions.",
            missing.display()
        )
    );

    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    let err = peek_import_file(&folder, &generic).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert_eq!(
        err.message,
        format!(
            "{} could not be read: Is a directory (os error 21). Check the path and its \
             permissions.",
            folder.display()
        )
    );

    let latin1 = write(
        dir.path(),
        "latin1.csv",
        b"number,date,amount\nM\xfcller,x,y\n",
    );
    let err = peek_import_file(&latin1, &generic).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        format!(
            "The first rows of {} cannot be shown: Line 2 is not valid UTF-8 text. Choose a \
             profile with the file's encoding, or save the file as UTF-8 and import it again.",
            latin1.display()
        )
    );
}

#[test]
fn a_german_export_is_imported_once_its_columns_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "rechnungen.csv", RECHNUNGEN.as_bytes());
    let mut book = book(dir.path());

    // The built-in profile does not know the German header.
    let builtin = import(&file, ProfileChoice::Builtin("generic-de".into()));
    let err = book.import_file(&builtin, &mut |_| true).unwrap_err();
    assert_eq!(
        err.message,
        "No header row for the profile \"generic-de\" was found in the first 20 rows of the \
         file: a header with the columns number, date, amount was expected. Choose the profile \
         that matches the export, or add its header row."
    );

    // Sent back as the UI edits it: JSON with a `fields` list the import ignores.
    let edited: ProfileDefinition =
        serde_json::from_value(serde_json::to_value(generic_de_mapped()).unwrap()).unwrap();
    let peek = peek_import_file(&file, &ProfileChoice::Custom(edited.clone())).unwrap();
    assert_eq!(peek.headers, ["Rechnung", "Kunde", "Datum", "Betrag"]);

    let report = book
        .import_file(&import(&file, ProfileChoice::Custom(edited)), &mut |_| true)
        .unwrap();
    assert!(report.committed, "{:?}", report.problems);
    assert_eq!(report.profile, "generic-de");
    assert_eq!(report.rows_read, 2);
    assert_eq!(report.tally.invoices.inserted, 2);
    assert_eq!(report.tally.customers.inserted, 2);
    let invoice = book.invoice("R-1001").unwrap();
    assert_eq!(invoice.customer_reference, "K-01");
    assert_eq!(invoice.total.to_string(), "1250.00 EUR");
}

/// One change a user makes to a definition.
type Edit = fn(&mut ProfileDefinition);

#[test]
fn an_edited_profile_that_cannot_be_used_names_the_setting_and_its_value() {
    let table: [(&str, Edit); 9] = [
        (
            "its delimiter \"\" is not one ASCII character; use a comma, a semicolon, a tab or \
          another ASCII sign",
            |d| d.delimiter = String::new(),
        ),
        (
            "its delimiter \"§\" is not one ASCII character; use a comma, a semicolon, a tab or \
          another ASCII sign",
            |d| d.delimiter = "§".into(),
        ),
        (
            "its decimal mark \",,\" is not one character; use \".\" or \",\"",
            |d| d.decimal_mark = ",,".into(),
        ),
        (
            "its grouping mark \"..\" is not one character; use one character, or none for \
          amounts written without grouping",
            |d| d.grouping_mark = Some("..".into()),
        ),
        (
            "its grouping mark \",\" is the decimal mark, a digit, a sign or a currency symbol; \
          use another character or none",
            |d| d.grouping_mark = Some(",".into()),
        ),
        ("it searches 0 rows for the header; give at least 1", |d| {
            d.header_search_rows = 0
        }),
        (
            "its column map names the field \"nummer\", which the generic layout does not have; \
          use record, customer_ref, customer_name, number, date, due_date, terms, amount, \
          currency, invoice, disputed, country, email, channel",
            |d| {
                d.columns.insert("nummer".into(), "Rechnung".into());
            },
        ),
        (
            "its column map gives the column \"rechnung\" to both \"customer_ref\" and \
          \"number\"; give each field a column of its own",
            |d| {
                d.columns.insert("customer_ref".into(), "Rechnung".into());
                d.columns.insert("number".into(), "rechnung".into());
            },
        ),
        (
            "its column map gives the field \"date\" an empty column name; choose a column of the \
          file for it, or leave the field out of the map",
            |d| {
                d.columns.insert("date".into(), " ".into());
            },
        ),
    ];
    for (reason, edit) in table {
        let mut definition = profile_definition("generic-de").unwrap();
        edit(&mut definition);
        let err = definition.to_profile().unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(
            err.message,
            format!("The profile \"generic-de\" cannot be used: {reason}.")
        );
    }

    // A vendor layout reads a renamed column through the map, but only under its own fields.
    let mut xero = profile_definition("xero").unwrap();
    assert!(xero
        .fields
        .iter()
        .any(|f| f.field == "InvoiceNumber" && f.required));
    xero.columns
        .insert("InvoiceNumber".into(), "Invoice No".into());
    assert_eq!(xero.to_profile().unwrap().columns, xero.columns);
    xero.columns.insert("Number".into(), "No".into());
    let refused = xero.to_profile().unwrap_err().message;
    assert!(
        refused.starts_with(
            "The profile \"xero\" cannot be used: its column map names the field \"Number\", \
             which the xero layout does not have; use "
        ),
        "{refused}"
    );

    let mut unnamed = profile_definition("generic").unwrap();
    unnamed.name = "  ".into();
    assert_eq!(
        unnamed.to_profile().unwrap_err().message,
        "The edited import profile has no name; give it one, such as the name of the built-in \
         profile it started from."
    );
}

#[test]
fn an_edited_profile_is_checked_before_the_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "rechnungen.csv", RECHNUNGEN.as_bytes());
    let mut book = book(dir.path());
    let mut definition = generic_de_mapped();
    definition.decimal_mark = String::new();

    let request = import(&file, ProfileChoice::Custom(definition.clone()));
    let err = book.import_file(&request, &mut |_| true).unwrap_err();
    assert_eq!(
        err.message,
        "The profile \"generic-de\" cannot be used: its decimal mark \"\" is not one character; \
         use \".\" or \",\"."
    );
    let err = peek_import_file(&file, &ProfileChoice::Custom(definition)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(book.counts().unwrap().invoices, 0);
}
