//! Reading files: header and preamble, encodings, duplicates, every user-facing message, and the
//! exports that give customers and payments only. None of these scenarios needs payment terms;
//! those that produce invoices are in `invoices.rs`.

mod common;

use common::{currency, d, import, import_sample, options, sample, try_import, ymd};
use creditdesk_core::ledger::{Channel, LedgerRecord, SettlementKind};
use creditdesk_import::{builtin, detect, open, FileError, ImportOptions, Profile, RowOutcome};
use encoding_rs::GB18030;

#[test]
fn a_file_without_the_profiles_header_names_the_columns_it_expected() {
    let err = try_import("xero", b"Name,Amount\nAcme,10.00\n", &options("NZD")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "No header row for the profile \"xero\" was found in the first 20 rows of the file: a \
         header with the columns ContactName, InvoiceNumber, InvoiceDate, Total was expected. \
         Choose the profile that matches the export, or add its header row."
    );
}

#[test]
fn rows_before_the_header_are_a_preamble_and_lines_count_from_the_top_of_the_file() {
    let file = "\"Invoice Ninja v4.5.17 - December 19, 2020 11:28 pm\",,,\n\
                ,,,\n\
                Payments,,,\n\
                Client,Invoice Number,Amount,Date\n\
                Acme Ltd,17,$250.00 ,3/1/2020\n\
                Acme Ltd,17,$25O.00 ,3/2/2020\n";
    let import = import("invoiceninja-v4-payments", file.as_bytes(), &options("USD"));

    assert_eq!(import.outcomes[0].line(), 5);
    assert_eq!(
        import.settlement("17-2020-03-01-1").amount.amount(),
        d("250.00")
    );
    assert_eq!(
        import.problem_texts(),
        ["line 6, column Amount: \"$25O.00\" is not an amount in this profile's format (decimal \
          mark \".\", grouping mark \",\"): write it like 1,234.56 or -1,234.56, optionally with \
          a currency symbol ($, €, £, ¥) or in parentheses for a negative amount, or choose a \
          profile whose number format matches the file."]
    );
}

#[test]
fn a_utf8_byte_order_mark_before_the_header_is_skipped() {
    let file = "\u{feff}record,customer_ref,customer_name,number,date,amount,email\n\
                customer,M-7,Müller & Söhne GmbH,,,,einkauf@mueller-soehne.de\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    let customer = import.customer("M-7");
    assert_eq!(customer.name, "Müller & Söhne GmbH");
    assert_eq!(customer.email.as_deref(), Some("einkauf@mueller-soehne.de"));
    assert!(import.problems().is_empty());
}

#[test]
fn a_gb18030_file_round_trips_a_chinese_customer_name() {
    let text = "record,customer_ref,customer_name,number,date,amount,currency\n\
                customer,SH-001,上海华东贸易有限公司,,,,\n\
                payment,SH-001,,HK-2024-031,2024-03-15,86000.00,CNY\n";
    let (bytes, _, unmappable) = GB18030.encode(text);
    assert!(!unmappable);
    assert_ne!(
        bytes.as_ref(),
        text.as_bytes(),
        "the file really is GB18030, not UTF-8"
    );

    let import = import("generic-gb18030", &bytes, &options("CNY"));
    let records: Vec<&LedgerRecord> = import.records().collect();
    assert_eq!(
        records.len(),
        2,
        "the customer comes once, then its payment"
    );
    assert_eq!(import.customer("SH-001").name, "上海华东贸易有限公司");
    let payment = import.settlement("HK-2024-031");
    assert_eq!(payment.customer_reference, "SH-001");
    assert_eq!(payment.amount.amount(), d("86000.00"));
    assert_eq!(payment.amount.currency(), currency("CNY"));
}

#[test]
fn a_gb18030_byte_order_mark_is_skipped_too() {
    let (text, _, _) = GB18030.encode(
        "record,customer_ref,customer_name,number,date,amount\n\
                                       customer,GZ-1,广州南方五金,,,\n",
    );
    let bytes = [&[0x84, 0x31, 0x95, 0x33][..], &text].concat();
    let import = import("generic-gb18030", &bytes, &options("CNY"));
    assert_eq!(import.customer("GZ-1").name, "广州南方五金");
}

#[test]
fn gb18030_bytes_read_as_utf8_stop_the_import_at_their_line() {
    let text = "record,customer_ref,customer_name,number,date,amount\n\
                customer,BJ-001,Beijing Trading,,,\n\
                customer,SH-001,上海华东贸易有限公司,,,\n";
    let (bytes, _, _) = GB18030.encode(text);
    let profile = builtin("generic").unwrap();
    let outcomes: Vec<_> = open(&profile, bytes.as_ref(), &options("CNY"))
        .unwrap()
        .collect();

    assert!(
        matches!(outcomes[0], Ok(RowOutcome::Records { line: 2, .. })),
        "line 2 is fine"
    );
    let err = outcomes[1].as_ref().unwrap_err();
    assert!(matches!(err, FileError::InvalidEncoding { line: 3, .. }));
    assert_eq!(
        err.to_string(),
        "Line 3 is not valid UTF-8 text. Choose a profile with the file's encoding, or save the \
         file as UTF-8 and import it again."
    );
    assert_eq!(outcomes.len(), 2, "nothing is read after the bad line");
}

#[test]
fn every_bad_cell_is_reported_with_its_line_column_value_and_what_is_accepted() {
    // Case B25's profile, with settlement and customer rows so that no terms are involved.
    let file = "record;customer_ref;number;date;amount;currency;channel\n\
                payment;K-1;Z-1;15.03.2024;1,000.50;EUR;\n\
                payment;K-1;Z-2;31.02.2024;10,00;;\n\
                payment;K-1;Z-3;2024-03-15;10,00;;\n\
                payment;K-1;Z-4;15.03.2024;;;\n\
                payment;K-1;Z-5;15.03.2024;10,005;;\n\
                payment;K-1;Z-6;15.03.2024;10,00;eur;\n\
                refund;K-1;Z-7;15.03.2024;10,00;;\n\
                customer;K-2;;;;;fax\n\
                payment;;Z-8;15.03.2024;10,00;;\n\
                payment;K-1;Z-9;15.03.2024;10,00;;;\n\
                payment;K-1;Z-10;15.03.2024;10,00;;\n\
                payment;K-1;Z-10;15.03.2024;10,00;;\n\
                payment;K-1;Z-10;16.03.2024;10,00;;\n\
                payment;K-1;;15.03.2024;10,00;;\n\
                payment;K-1;Z-11;15.03.2024;10,00;\n";
    let import = import("generic-de", file.as_bytes(), &options("EUR"));

    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column amount: \"1,000.50\" is not an amount in this profile's format \
             (decimal mark \",\", grouping mark \".\"): write it like 1.234,56 or -1.234,56, \
             optionally with a currency symbol ($, €, £, ¥) or in parentheses for a negative \
             amount, or choose a profile whose number format matches the file.",
            "line 3, column date: \"31.02.2024\" is not a calendar date in this profile's \
             format DD.MM.YYYY (for example 15.03.2024): no such day exists; correct the date, or \
             choose a profile whose date format matches the file.",
            "line 4, column date: \"2024-03-15\" is not a date in this profile's format \
             DD.MM.YYYY (for example 15.03.2024); write dates in that format or choose a profile \
             whose date format matches the file.",
            "line 5, column amount: the cell is empty, but an amount is required here; fill it \
             in or remove the row.",
            "line 6, column amount: \"10,005\" has more decimal places than EUR allows (2); \
             correct the amount or the currency.",
            "line 7, column currency: \"eur\" is not a currency code; use a three-letter ISO \
             4217 code such as EUR, USD or CNY, or leave the cell empty for the import's default \
             currency EUR.",
            "line 8, column record: \"refund\" is not a record type; write invoice, payment, \
             credit_note, write_off or customer.",
            "line 9, column channel: \"fax\" is not a channel; write paper or email, or leave \
             the cell empty.",
            "line 10: the row names no customer; fill in customer_ref or customer_name, or give \
             the customer of the whole file in the import options.",
            "line 11: the row has 8 cells, but the header on line 1 has 7; a cell probably \
             contains the delimiter without quotes, so correct the row.",
            "line 14, column number: \"Z-10\" is already used by the settlement on line 12, \
             whose cells differ; this settlement was not imported. Give each settlement its own \
             number, or remove the outdated rows.",
            "line 15, column number: the cell is empty, but a reference is required here; fill \
             it in or remove the row.",
            "line 16: the row has 6 cells, but the header on line 1 has 7; a cell is missing (an \
             empty one still needs its delimiter), so correct the row.",
        ]
    );
    assert_eq!(
        import.warning_texts(),
        [
            "line 13: repeats line 12 exactly (every cell is the same), so it was skipped as a \
          duplicate."
        ]
    );
    assert_eq!(
        import.settlements().len(),
        1,
        "only Z-10 on line 12 is good"
    );
    assert_eq!(
        import.customer("K-1").name,
        "K-1",
        "the name defaults to the reference"
    );
}

#[test]
fn an_amount_beyond_28_digits_is_refused() {
    let file = "record,customer_ref,number,date,amount\n\
                payment,C-1,P-1,2024-01-02,123456789012345678901234567890\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));
    assert_eq!(
        import.problem_texts(),
        ["line 2, column amount: \"123456789012345678901234567890\" is too large to be an amount; \
          correct it."]
    );
}

#[test]
fn settlement_rows_of_the_generic_layout_keep_their_kind_sign_and_invoice() {
    let file = "record,customer_ref,customer_name,number,date,amount,invoice\n\
                payment,C-1,Contoso,PAY-1,2024-05-02,500.00,INV-7\n\
                payment,C-1,Contoso,PAY-2,2024-05-09,-20.00,INV-7\n\
                credit_note,C-1,Contoso,CN-1,2024-05-03,50.00,\n\
                write_off,C-2,Fabrikam,WO-1,2024-06-30,12.34,INV-9\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    let kinds: Vec<_> = import
        .settlements()
        .iter()
        .map(|s| (s.kind, s.amount.amount()))
        .collect();
    assert_eq!(
        kinds,
        [
            (SettlementKind::Payment, d("500.00")),
            (SettlementKind::Payment, d("-20.00")),
            (SettlementKind::CreditNote, d("50.00")),
            (SettlementKind::WriteOff, d("12.34")),
        ]
    );
    assert_eq!(
        import.settlement("PAY-1").invoice_number.as_deref(),
        Some("INV-7")
    );
    assert_eq!(import.settlement("CN-1").invoice_number, None);
    assert_eq!(import.settlement("WO-1").date, ymd(2024, 6, 30));
    let names: Vec<_> = import.customers().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["Contoso", "Fabrikam"],
        "each customer once, before its first record"
    );
}

#[test]
fn the_customer_of_the_whole_file_comes_from_the_options() {
    let file = "number,date,amount,record\nÜ-1,2024-01-31,99.90,payment\n";
    let mut options = options("EUR");
    options.customer = Some("Bäckerei Sonnenschein".to_string());
    let import = import("generic", file.as_bytes(), &options);

    assert_eq!(
        import.customer("Bäckerei Sonnenschein").name,
        "Bäckerei Sonnenschein"
    );
    assert_eq!(
        import.settlement("Ü-1").customer_reference,
        "Bäckerei Sonnenschein"
    );
}

#[test]
fn a_customer_row_carries_country_email_and_channel() {
    let file = "record,customer_ref,customer_name,number,date,amount,country,email,channel\n\
                customer,AT-1,Wiener Kaffeehaus,,,,AT,office@kaffeehaus.at,Paper\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    let customer = import.customer("AT-1");
    assert_eq!(customer.country.as_deref(), Some("AT"));
    assert_eq!(customer.preferred_channel, Some(Channel::Paper));
}

#[test]
fn invoice_ninja_payments_sample() {
    // Verified by reading the file with Python's csv module: 403 rows after the 3-line preamble
    // and the header; lines 7 and 407 repeat lines 6 and 406 cell for cell; 20 distinct clients;
    // the amounts of the 401 other rows add up to 11,460.87 (one refund of ($400.00)).
    let Some(import) = import_sample(
        "invoiceninja-v4-payments",
        "exports/invoiceninja_v4_payments.csv",
        &options("USD"),
    ) else {
        return;
    };

    assert_eq!(import.settlements().len(), 401);
    assert_eq!(import.customers().len(), 20);
    assert!(import.problems().is_empty());
    assert_eq!(
        import.warning_texts(),
        [
            "line 7: repeats line 6 exactly (every cell is the same), so it was skipped as a \
             duplicate.",
            "line 407: repeats line 406 exactly (every cell is the same), so it was skipped as a \
             duplicate.",
        ]
    );
    let total: rust_decimal::Decimal = import.settlements().iter().map(|s| s.amount.amount()).sum();
    assert_eq!(total, d("11460.87"));

    // `$13.50 ` with its trailing space, dated 10/20/2019.
    let first = import.settlement("1-2019-10-20-1");
    assert_eq!(first.customer_reference, "Ludwig Krajcik DVM");
    assert_eq!(first.amount.amount(), d("13.50"));
    assert_eq!(first.invoice_number.as_deref(), Some("1"));
    assert_eq!(first.kind, SettlementKind::Payment);
    // `($400.00)` is money paid back: a negative payment.
    let refund = import.settlement("801-2020-01-29-1");
    assert_eq!(refund.amount.amount(), d("-400.00"));
    assert_eq!(
        import.outcomes[0].line(),
        5,
        "the preamble and header take lines 1 to 4"
    );
}

#[test]
fn two_payments_of_one_invoice_on_one_day_get_their_own_references() {
    let file = "Client,Invoice Number,Amount,Date\n\
                Acme Ltd,17,$100.00 ,3/1/2020\n\
                Acme Ltd,17,$50.00 ,3/1/2020\n\
                Acme Ltd,17,$50.00 ,3/1/2020\n\
                Acme Ltd,17,$25.00 ,03/01/2020\n";
    let import = import("invoiceninja-v4-payments", file.as_bytes(), &options("USD"));

    let references: Vec<_> = import
        .settlements()
        .iter()
        .map(|s| s.reference.as_str())
        .collect();
    assert_eq!(
        references,
        ["17-2020-03-01-1", "17-2020-03-01-2", "17-2020-03-01-3"]
    );
    assert_eq!(
        import.warning_texts(),
        [
            "line 4: repeats line 3 exactly (every cell is the same), so it was skipped as a \
          duplicate."
        ]
    );
}

#[test]
fn invoice_ninja_clients_sample() {
    // 24 lines: a 3-line preamble, the header and 20 clients with distinct names.
    let Some(import) = import_sample(
        "invoiceninja-v4-clients",
        "exports/invoiceninja_v4_clients.csv",
        &options("USD"),
    ) else {
        return;
    };
    assert_eq!(import.customers().len(), 20);
    assert!(import.problems().is_empty() && import.warnings().is_empty());
    let first = import.customer("Ludwig Krajcik DVM");
    assert_eq!(first.email.as_deref(), Some("brook59@example.org"));
    assert_eq!(
        first.country, None,
        "Billing Country is empty in this export"
    );
}

#[test]
fn zoho_contacts_sample() {
    // 5 contacts, each with its own Customer ID and Contact Type "customer".
    let Some(import) = import_sample(
        "zoho-contacts",
        "exports/zoho_contacts.csv",
        &options("USD"),
    ) else {
        return;
    };
    let references: Vec<_> = import
        .customers()
        .iter()
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(
        references,
        [
            "2520018000000073005",
            "2520018000000073022",
            "2520018000000073035",
            "2520018000000073048",
            "2520018000000073061",
        ]
    );
    let jessica = import.customer("2520018000000073022");
    assert_eq!(jessica.name, "Jessica Jones");
    assert_eq!(jessica.email.as_deref(), Some("jessica@jones.net"));
    assert!(import.problems().is_empty() && import.warnings().is_empty());
}

#[test]
fn a_zoho_vendor_is_not_a_customer() {
    let file = "Display Name,Customer ID,Customer Name,EmailID,Contact Type\n\
                Paper Supplies,77,Paper Supplies,sales@paper.example,vendor\n";
    let import = import("zoho-contacts", file.as_bytes(), &options("USD"));
    assert!(import.customers().is_empty());
    assert_eq!(
        import.warning_texts(),
        ["line 2, column Contact Type: \"vendor\" is not a customer, so the contact was skipped."]
    );
}

#[test]
fn freshbooks_clients_sample() {
    // Two clients, both with an organization.
    let Some(import) = import_sample(
        "freshbooks-clients",
        "exports/freshbooks_clients.csv",
        &options("USD"),
    ) else {
        return;
    };
    let names: Vec<_> = import
        .customers()
        .iter()
        .map(|c| c.reference.as_str())
        .collect();
    assert_eq!(names, ["Marge Simpson", "X-Men"]);
    assert_eq!(
        import.customer("X-Men").email.as_deref(),
        Some("ssummers@xavierscool.edu")
    );
    assert_eq!(
        import.customer("X-Men").country.as_deref(),
        Some("United States")
    );
}

#[test]
fn detect_suggests_the_builtin_profile_of_each_known_header() {
    let headers = [
        (
            "exports/headers/xero_sales_invoice_export.header.csv",
            Some("xero"),
        ),
        (
            "exports/headers/qbo_invoice_import_automap.header.csv",
            Some("quickbooks-online"),
        ),
        (
            "exports/headers/zoho_invoices.header.csv",
            Some("zoho-invoice"),
        ),
        (
            "exports/headers/freshbooks_invoices.header.csv",
            Some("freshbooks"),
        ),
        (
            "exports/headers/invoiceninja_v4_invoices.header.csv",
            Some("invoiceninja-v4"),
        ),
        (
            "exports/headers/invoiceninja_v4_payments.header.csv",
            Some("invoiceninja-v4-payments"),
        ),
        ("exports/zoho_contacts.csv", Some("zoho-contacts")),
        ("exports/freshbooks_clients.csv", Some("freshbooks-clients")),
        (
            "exports/invoiceninja_v4_clients.csv",
            Some("invoiceninja-v4-clients"),
        ),
        ("ledgers/ibm-late-payment.csv", Some("ibm-late-payment")),
        // Exports no builtin profile reads, and Xero's import template, which has no totals.
        (
            "exports/headers/sage50_uk_invoice_import_medium.header.csv",
            None,
        ),
        ("exports/headers/wave_invoices.header.csv", None),
        (
            "exports/headers/xero_sales_invoice_import_template.header.csv",
            None,
        ),
    ];
    for (relative, expected) in headers {
        let Some(path) = sample(relative) else {
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let first_lines: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
        assert_eq!(detect(&first_lines), expected, "{relative}");
    }

    assert_eq!(
        detect("invoice_no;invoice_date;due_date;amount\n"),
        Some("generic-de")
    );
    assert_eq!(
        detect("record,customer_ref,number,date,amount\n"),
        Some("generic")
    );
    assert_eq!(detect("Kunde;Betrag\n"), None);
}

#[test]
fn a_custom_profile_is_saved_and_read_back_as_json() {
    let profile = builtin("generic-de").unwrap();
    let json = serde_json::to_string(&profile).unwrap();
    assert_eq!(
        json,
        r#"{"name":"generic-de","delimiter":";","decimal_mark":",","grouping_mark":".","date_format":"DD.MM.YYYY","encoding":"utf-8","header_search_rows":20,"layout":"generic","columns":{}}"#
    );
    assert_eq!(serde_json::from_str::<Profile>(&json).unwrap(), profile);

    let custom: Profile = serde_json::from_str(
        r#"{"name": "my-erp", "delimiter": "\t", "decimal_mark": ",", "grouping_mark": " ",
            "date_format": "D/M/YYYY", "encoding": "gb18030", "layout": "generic",
            "columns": {"number": "Rechnung", "amount": "Betrag", "customer_name": "Kunde"}}"#,
    )
    .unwrap();
    assert_eq!(custom.delimiter, b'\t');
    assert_eq!(
        custom.header_search_rows, 20,
        "the default when the JSON leaves it out"
    );
    assert_eq!(custom.check(), Ok(()));

    let file = "Rechnung\tdate\tBetrag\tKunde\trecord\nR-9\t1/2/2024\t1 234,50\tOy Ab\tpayment\n";
    let (bytes, _, _) = GB18030.encode(file);
    let outcomes: Vec<_> = open(&custom, bytes.as_ref(), &options("EUR"))
        .unwrap()
        .collect();
    let Ok(RowOutcome::Records { records, .. }) = &outcomes[0] else {
        panic!("{outcomes:?}")
    };
    let LedgerRecord::Settlement(payment) = &records[1] else {
        panic!("{records:?}")
    };
    assert_eq!(
        (payment.amount.amount(), payment.date),
        (d("1234.50"), ymd(2024, 2, 1))
    );
}

#[test]
fn a_saved_profile_with_a_long_delimiter_is_refused_when_read() {
    let err = serde_json::from_str::<Profile>(
        r#"{"name": "x", "delimiter": ";;", "decimal_mark": ",", "grouping_mark": null,
            "date_format": "YYYY-MM-DD", "encoding": "utf-8", "layout": "generic"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the delimiter \";;\" is not one ASCII character; use \",\", \";\" or \"\\t\" at line 1 \
         column 31"
    );
}

#[test]
fn bytes_read_reaches_the_size_of_the_file() {
    let Some(path) = sample("exports/invoiceninja_v4_payments.csv") else {
        return;
    };
    let size = std::fs::metadata(&path).unwrap().len();
    let profile = builtin("invoiceninja-v4-payments").unwrap();
    let mut reader = open(
        &profile,
        std::fs::File::open(path).unwrap(),
        &options("USD"),
    )
    .unwrap();

    assert!(reader.bytes_read() > 0 && reader.bytes_read() <= size);
    for outcome in reader.by_ref() {
        outcome.unwrap();
    }
    assert_eq!(reader.bytes_read(), size);
}

#[test]
fn an_unreadable_input_is_a_file_error() {
    struct Broken;
    impl std::io::Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "permission denied",
            ))
        }
    }
    let err = open(&builtin("generic").unwrap(), Broken, &options("EUR"))
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "The file could not be read (permission denied). Check that it exists and that no other \
         program holds it, then try again."
    );
}

#[test]
fn lines_are_physical_in_crlf_files_and_with_cells_that_span_lines() {
    let file = "record,customer_ref,number,date,amount,invoice\r\n\
                payment,C-1,P-1,2024-03-15,10.00,\"INV\r\n-1\"\r\n\
                payment,C-1,P-2,2024-03-15,1O.00,INV-2\r\n\
                payment,C-1,P-3,2024-03-16,10.00,INV-3\r\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    let lines: Vec<u64> = import.outcomes.iter().map(RowOutcome::line).collect();
    assert_eq!(lines, [2, 4, 5]);
    assert_eq!(import.problems()[0].column.as_deref(), Some("amount"));
    assert_eq!(
        import.settlement("P-3").invoice_number.as_deref(),
        Some("INV-3"),
        "no \\r left"
    );
}

#[test]
fn import_options_travel_as_json_to_and_from_the_user_interface() {
    let mut options = options("CNY");
    options.customer = Some("上海华东贸易有限公司".to_string());
    options.export_date = Some(ymd(2024, 6, 30));
    let json = serde_json::to_string(&options).unwrap();
    assert_eq!(
        json,
        r#"{"default_currency":"CNY","customer":"上海华东贸易有限公司","default_terms":null,"export_date":"2024-06-30"}"#
    );
    assert_eq!(
        serde_json::from_str::<ImportOptions>(&json).unwrap(),
        options
    );
}

#[test]
fn generic_columns_the_profile_does_not_read_are_refused_before_any_row() {
    // A `type` column in place of `record` would import payments as invoices, and misspelt
    // columns would be dropped; the header is on line 3, after a title and an empty line.
    let file = "Receivables of Contoso, exported 2024-06-30\n\
                \n\
                type,customer_ref,number,date,due date,amount,curency,dispute,\n\
                payment,C-1,PAY-1,2024-05-02,,500.00,USD,no,\n";
    let err = try_import("generic", file.as_bytes(), &options("EUR")).unwrap_err();
    assert!(matches!(err, FileError::UnreadColumns { line: 3, .. }));
    assert_eq!(
        err.to_string(),
        "The file has columns that the profile \"generic\" does not read: \"type\" (line 3), \
         \"due date\" (line 3), \"curency\" (line 3), \"dispute\" (line 3). Rename them to one \
         of record, customer_ref, customer_name, number, date, due_date, terms, amount, \
         currency, invoice, disputed, country, email, channel, or remove them."
    );

    let file = "record;number;date;amount;Bemerkung\npayment;Z-1;15.03.2024;10,00;bar\n";
    let err = try_import("generic-de", file.as_bytes(), &options("EUR")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The file has columns that the profile \"generic-de\" does not read: \"Bemerkung\" (line \
         1). Rename them to one of record, customer_ref, customer_name, number, date, due_date, \
         terms, amount, currency, invoice, disputed, country, email, channel, or remove them."
    );

    // Empty header cells, as spreadsheets leave after the last column, are not columns.
    let file = "record,customer_ref,number,date,amount,,\npayment,C-1,PAY-1,2024-05-02,5.00,,\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));
    assert_eq!(import.settlement("PAY-1").amount.amount(), d("5.00"));
}

#[test]
fn a_custom_generic_profile_lists_the_headers_it_reads() {
    let mut profile = builtin("generic").unwrap();
    profile.name = "my-erp".to_string();
    profile.columns.insert("number".into(), "Beleg".into());
    // `number` is renamed, so a `number` column is not read: `Beleg` is.
    let file = "Beleg,number,date,amount\nR-1,R-1,2024-01-02,10.00\n";
    let err = open(&profile, file.as_bytes(), &options("EUR"))
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "The file has columns that the profile \"my-erp\" does not read: \"number\" (line 1). \
         Rename them to one of record, customer_ref, customer_name, Beleg, date, due_date, terms, \
         amount, currency, invoice, disputed, country, email, channel, or remove them."
    );
}

#[test]
fn exports_of_other_systems_keep_their_columns_we_do_not_need() {
    let file = "Client,Invoice Number,Amount,Date,Transaction Reference,Method\n\
                Acme Ltd,17,$250.00 ,3/1/2020,ch_1,Visa\n";
    let import = import("invoiceninja-v4-payments", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.settlement("17-2020-03-01-1").amount.amount(),
        d("250.00")
    );
    assert!(import.problems().is_empty());
}

#[test]
fn a_utf8_file_with_its_byte_order_mark_is_refused_by_a_gb18030_profile() {
    let text = "record,customer_ref,customer_name,number,date,amount\n\
                customer,M-7,Müller & Söhne GmbH,,,\n";
    let bytes = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    let err = try_import("generic-gb18030", &bytes, &options("EUR")).unwrap_err();
    assert!(matches!(err, FileError::Utf8ByteOrderMark { .. }));
    assert_eq!(
        err.to_string(),
        "Line 1 starts with the UTF-8 byte order mark (bytes EF BB BF), so the file is UTF-8 \
         text, but the profile \"generic-gb18030\" reads GB18030. Choose a profile that reads \
         UTF-8, such as \"generic\" in place of \"generic-gb18030\", and import the file again."
    );
    assert_eq!(
        import("generic", &bytes, &options("EUR"))
            .customer("M-7")
            .name,
        "Müller & Söhne GmbH"
    );

    // Without the mark nothing is guessed: text that is ASCII reads the same in both.
    let ascii = "record,customer_ref,number,date,amount\npayment,C-1,P-1,2024-01-02,5.00\n";
    let import = import("generic-gb18030", ascii.as_bytes(), &options("CNY"));
    assert_eq!(import.settlement("P-1").amount.amount(), d("5.00"));
}

#[test]
fn a_utf8_file_without_its_byte_order_mark_is_refused_by_a_gb18030_profile() {
    let text = "record,customer_ref,customer_name,number,date,amount\n\
                invoice,K-1,Kunde,INV-1,2024-01-02,10.00\n\
                customer,K-8,宁波天成贸易有限公司,,,\n";
    let err = try_import("generic-gb18030", text.as_bytes(), &options("CNY")).unwrap_err();
    assert!(
        matches!(err, FileError::Utf8Text { line: 3, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "The file is UTF-8 text, not GB18030: every byte of it is valid UTF-8, and from line 3 \
         it has accented or Chinese characters written the UTF-8 way, which read as GB18030 \
         would be garbled. Choose a profile that reads UTF-8, such as \"generic\" in place of \
         \"generic-gb18030\", and import the file again. (If its names do read right as GB18030 \
         in a text editor, save it from there as UTF-8 and import it with \"generic\".)"
    );
    assert_eq!(
        import("generic", text.as_bytes(), &options("CNY"))
            .customer("K-8")
            .name,
        "宁波天成贸易有限公司"
    );

    // The same names written in GB18030 are read as such.
    let (gb, _, _) = encoding_rs::GB18030.encode(text);
    let read = import("generic-gb18030", &gb, &options("CNY"));
    assert_eq!(read.customer("K-8").name, "宁波天成贸易有限公司");

    // One accented name is too little to tell: the file is read as the profile says.
    let short = "record,customer_ref,customer_name,number,date,amount\n\
                 customer,M-7,Müller GmbH,,,\n";
    let read = import("generic-gb18030", short.as_bytes(), &options("EUR"));
    assert_eq!(read.customers().len(), 1);
}

#[test]
fn a_bad_row_after_empty_lines_names_its_own_line() {
    for end in ["\n", "\r\n"] {
        for empty in 1..=3 {
            let file = [
                "record,customer_ref,number,date,amount",
                "payment,C-1,P-1,2024-03-15,10.00",
            ]
            .join(end)
                + end
                + &end.repeat(empty)
                + "payment,C-1,P-2,2024-03-15,1O.00"
                + end;
            let import = import("generic", file.as_bytes(), &options("EUR"));
            let lines: Vec<u64> = import.outcomes.iter().map(RowOutcome::line).collect();
            let bad = 3 + empty as u64;
            assert_eq!(lines, [2, bad], "{empty} empty lines, ends {end:?}");
            assert_eq!(
                import.problem_texts()[0],
                format!(
                    "line {bad}, column amount: \"1O.00\" is not an amount in this profile's \
                     format (decimal mark \".\", no grouping mark): write it like 1234.56 or \
                     -1234.56, optionally with a currency symbol ($, €, £, ¥) or in parentheses \
                     for a negative amount, or choose a profile whose number format matches the \
                     file."
                )
            );
        }
    }
}

#[test]
fn lines_stay_physical_around_empty_lines_and_without_a_last_newline() {
    let file = "\n\n\
                record,customer_ref,number,date,amount,invoice\n\
                \n\
                payment,C-1,P-1,2024-03-15,10.00,\"INV\n-1\"\n\
                \n\
                \n\
                payment,C-1,P-2,2024-03-15,1O.00,INV-2\n\
                \n\
                payment,C-1,P-3,2024-03-15,1O.00,INV-3";
    let profile = builtin("generic").unwrap();
    let reader = open(&profile, file.as_bytes(), &options("EUR")).unwrap();
    assert_eq!(reader.header_line(), 3);

    let import = import("generic", file.as_bytes(), &options("EUR"));
    let lines: Vec<u64> = import.outcomes.iter().map(RowOutcome::line).collect();
    assert_eq!(lines, [5, 9, 11]);
    assert_eq!(
        import.settlement("P-1").invoice_number.as_deref(),
        Some("INV\n-1")
    );
}

#[test]
fn settlements_that_move_nothing_or_act_as_debits_are_refused() {
    let file = "record,customer_ref,number,date,amount,invoice\n\
                payment,C-1,PAY-0,2024-05-02,0.00,INV-7\n\
                payment,C-1,PAY-R,2024-05-09,-20.00,INV-7\n\
                credit_note,C-1,CN-0,2024-05-03,0,\n\
                credit_note,C-1,CN-N,2024-05-03,-50.00,\n\
                write_off,C-1,WO-0,2024-06-30,-0.00,INV-9\n\
                write_off,C-1,WO-N,2024-06-30,(12.34),INV-9\n\
                credit_note,C-1,CN-1,2024-05-03,50.00,\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column amount: \"0.00\" is zero, but a payment row needs an amount above \
             zero, or below zero for a refund; write the amount settled, or remove the row.",
            "line 4, column amount: \"0\" is zero, but a credit_note row needs an amount above \
             zero; write the amount settled, or remove the row.",
            "line 5, column amount: \"-50.00\" is negative, but a credit_note row needs an amount \
             above zero, because it lowers what the customer owes; write the amount without its \
             minus sign, or make the row an invoice if it adds to what is owed.",
            "line 6, column amount: \"-0.00\" is zero, but a write_off row needs an amount above \
             zero; write the amount settled, or remove the row.",
            "line 7, column amount: \"(12.34)\" is negative, but a write_off row needs an amount \
             above zero, because it lowers what the customer owes; write the amount without its \
             minus sign, or make the row an invoice if it adds to what is owed.",
        ]
    );
    let kept: Vec<_> = import
        .settlements()
        .iter()
        .map(|s| (s.reference.as_str(), s.amount.amount()))
        .collect();
    assert_eq!(
        kept,
        [("PAY-R", d("-20.00")), ("CN-1", d("50.00"))],
        "a negative payment is a refund"
    );
}

#[test]
fn an_amount_written_with_another_currencys_symbol_is_refused() {
    let file = "record,customer_ref,number,date,amount,currency\n\
                payment,C-1,P-1,2024-05-02,€10.00,USD\n\
                payment,C-1,P-2,2024-05-02,£10,JPY\n\
                payment,C-1,P-3,2024-05-02,($10.00),CHF\n\
                payment,C-1,P-4,2024-05-02,-¥5.00,EUR\n\
                payment,C-1,P-5,2024-05-02,$10.00,CAD\n\
                payment,C-1,P-6,2024-05-02,($10.00),MXN\n\
                payment,C-1,P-7,2024-05-02,¥1000,JPY\n\
                payment,C-1,P-8,2024-05-02,¥10.00,CNY\n\
                payment,C-1,P-9,2024-05-02,£10.00,GBP\n\
                payment,C-1,P-10,2024-05-02,€10.00,\n\
                payment,C-1,P-11,2024-05-02,10.00,CHF\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column amount: \"€10.00\" has the symbol €, but the amount is in USD, which \
             is written with $; write it with $ or without a symbol, or set the currency the \
             amount is in.",
            "line 3, column amount: \"£10\" has the symbol £, but the amount is in JPY, which is \
             written with ¥; write it with ¥ or without a symbol, or set the currency the amount \
             is in.",
            "line 4, column amount: \"($10.00)\" has the symbol $, but the amount is in CHF, \
             which has none of the symbols $, €, £, ¥; write it without a symbol, or set the \
             currency the amount is in.",
            "line 5, column amount: \"-¥5.00\" has the symbol ¥, but the amount is in EUR, which \
             is written with €; write it with € or without a symbol, or set the currency the \
             amount is in.",
        ]
    );
    assert_eq!(import.settlements().len(), 7);
    assert_eq!(import.settlement("P-6").amount.amount(), d("-10.00"));
    assert_eq!(import.settlement("P-10").amount.currency(), currency("EUR"));
}

#[test]
fn an_invoice_ninja_payment_in_euros_is_not_read_as_dollars() {
    let file = "Client,Invoice Number,Amount,Date\n\
                Acme Ltd,17,$250.00 ,3/1/2020\n\
                Acme Ltd,18,€31.70 ,3/2/2020\n";
    let import = import("invoiceninja-v4-payments", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        ["line 3, column Amount: \"€31.70\" has the symbol €, but the amount is in USD, which is \
          written with $; write it with $ or without a symbol, or set the currency the amount is \
          in."]
    );
    assert_eq!(import.settlements().len(), 1);
}

#[test]
fn a_currency_code_outside_iso_4217_is_a_problem_on_the_currency_column() {
    let file = "record,customer_ref,number,date,amount,currency\n\
                payment,C-1,P-1,2024-05-02,10.00,XYZ\n\
                payment,C-1,P-2,2024-05-02,10.00,EURO\n\
                payment,C-1,P-3,2024-05-02,10.00,USD\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column currency: \"XYZ\" is not a currency code; use a three-letter ISO 4217 \
             code such as EUR, USD or CNY, or leave the cell empty for the import's default \
             currency EUR.",
            "line 3, column currency: \"EURO\" is not a currency code; use a three-letter ISO \
             4217 code such as EUR, USD or CNY, or leave the cell empty for the import's default \
             currency EUR.",
        ]
    );
    assert_eq!(import.settlement("P-3").amount.currency(), currency("USD"));
}

#[test]
fn a_vendor_export_with_renamed_columns_is_read_through_the_profiles_column_map() {
    // An IBM-layout file whose spreadsheet renamed two headers.
    let file = "countryCode,customer,invoiceNumber,Invoice date,DueDate,InvoiceAmount,Disputed,\
                SettledDate,PaperlessBill\n\
                391,0379-NEVHP,0000611365,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper\n";
    let mut profile = builtin("ibm-late-payment").unwrap();
    let refused = open(&profile, file.as_bytes(), &options("USD"))
        .err()
        .unwrap();
    assert!(
        matches!(refused, FileError::MissingHeader { .. }),
        "{refused}"
    );

    profile.columns = [("customerID", "customer"), ("InvoiceDate", "Invoice date")]
        .into_iter()
        .map(|(field, header)| (field.to_string(), header.to_string()))
        .collect();
    let outcomes = open(&profile, file.as_bytes(), &options("USD"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let invoice = outcomes.iter().find_map(|o| match o {
        RowOutcome::Records { records, .. } => records.iter().find_map(|r| match r {
            LedgerRecord::Invoice(i) => Some(i),
            _ => None,
        }),
        _ => None,
    });
    let invoice = invoice.expect("the invoice is read");
    assert_eq!(invoice.customer_reference, "0379-NEVHP");
    assert_eq!(invoice.issue_date, ymd(2013, 1, 2));

    profile.columns.insert("Customer".into(), "customer".into());
    let err = open(&profile, file.as_bytes(), &options("USD"))
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "The profile \"ibm-late-payment\" cannot be used: its column map names the field \
         \"Customer\", which the ibm-late-payment layout does not have; use countryCode, \
         customerID, invoiceNumber, InvoiceDate, DueDate, InvoiceAmount, Disputed, SettledDate, \
         PaperlessBill."
    );
}
