//! Importing invoices: every scenario here freezes payment terms (an explicit due date, terms
//! text or the default terms) through `creditdesk_core::terms`, so it is kept apart from the
//! reading tests.

mod common;

use common::{currency, d, import, import_sample, options, sample, try_import, ymd};
use creditdesk_core::ledger::{Channel, InvoiceRecord, LedgerRecord, SettlementKind};
use creditdesk_core::money::Money;
use creditdesk_import::{FileError, RowOutcome};

/// The single instalment of an invoice with plain terms: (due date, amount).
fn due(invoice: &InvoiceRecord) -> (chrono::NaiveDate, rust_decimal::Decimal) {
    assert_eq!(
        invoice.terms.instalments.len(),
        1,
        "invoice {}",
        invoice.number
    );
    let instalment = &invoice.terms.instalments[0];
    (instalment.due_date, instalment.amount.amount())
}

#[test]
fn case_b25_german_amounts_with_decimal_commas_and_thousands_points() {
    let file = "invoice_no;invoice_date;due_date;amount\n\
                R-1001;15.03.2024;14.04.2024;5.323,54\n\
                R-1002;01.04.2024;01.05.2024;-1.000\n\
                R-1003;02.04.2024;02.05.2024;1.000,5\n\
                R-1004;03.04.2024;03.05.2024;89,9\n\
                R-1005;04.04.2024;04.05.2024;1,000.50\n";
    let mut options = options("EUR");
    options.customer = Some("Bäckerei Sonnenschein".to_string());
    let import = import("generic-de", file.as_bytes(), &options);

    let with_records = import
        .outcomes
        .iter()
        .filter(|o| matches!(o, RowOutcome::Records { .. }))
        .count();
    assert_eq!(with_records, 4, "4 imported");
    assert_eq!(import.problems().len(), 1, "1 rejected");

    let r1001 = import.invoice("R-1001");
    assert_eq!(
        r1001.total,
        Money::exact(d("5323.54"), currency("EUR")).unwrap()
    );
    assert_eq!(r1001.issue_date, ymd(2024, 3, 15));
    assert_eq!(due(r1001), (ymd(2024, 4, 14), d("5323.54")));
    assert_eq!(r1001.customer_reference, "Bäckerei Sonnenschein");

    // -1.000 is minus one thousand, a credit: a credit note of 1000.00 that names no invoice.
    let r1002 = import.settlement("R-1002");
    assert_eq!(r1002.kind, SettlementKind::CreditNote);
    assert_eq!(r1002.amount.amount(), d("1000.00"));
    assert_eq!(r1002.amount.to_minor().unwrap(), 100_000);
    assert_eq!(r1002.date, ymd(2024, 4, 1));
    assert_eq!(r1002.invoice_number, None);

    assert_eq!(import.invoice("R-1003").total.amount(), d("1000.50"));
    assert_eq!(import.invoice("R-1004").total.amount(), d("89.90"));
    assert_eq!(import.invoice("R-1004").total.to_minor().unwrap(), 8990);
    assert_eq!(
        import.problem_texts(),
        ["line 6, column amount: \"1,000.50\" is not an amount in this profile's format (decimal \
          mark \",\", grouping mark \".\"): write it like 1.234,56 or -1.234,56, optionally with \
          a currency symbol ($, €, £, ¥) or in parentheses for a negative amount, or choose a \
          profile whose number format matches the file."]
    );
    assert_eq!(
        import.customer("Bäckerei Sonnenschein").name,
        "Bäckerei Sonnenschein"
    );
    assert_eq!(import.customers().len(), 1);
}

#[test]
fn generic_invoices_take_their_terms_from_a_due_date_their_terms_or_the_default() {
    let file = "customer_ref,customer_name,number,date,due_date,terms,amount,disputed\n\
                C-1,Contoso,INV-1,2024-02-01,2024-03-15,,100.00,\n\
                C-1,Contoso,INV-2,2024-02-01,2024-03-15,Net 30,100.00,no\n\
                C-1,Contoso,INV-3,2024-02-01,,2/10 net 30,1000.00,yes\n\
                C-2,Fabrikam,INV-4,2024-02-01,,,200.00,0\n";
    let mut options = options("EUR");
    options.default_terms = Some("net 14".to_string());
    let import = import("generic", file.as_bytes(), &options);
    assert!(import.problems().is_empty(), "{:?}", import.problem_texts());

    let inv1 = import.invoice("INV-1");
    assert_eq!(inv1.terms.text, "due on 2024-03-15");
    assert_eq!(due(inv1), (ymd(2024, 3, 15), d("100.00")));
    assert!(!inv1.disputed);
    assert_eq!(
        import.invoice("INV-2").terms.text,
        "Net 30",
        "kept as the file gives it"
    );

    let inv3 = import.invoice("INV-3");
    assert_eq!(inv3.terms.text, "2/10 net 30");
    assert_eq!(due(inv3), (ymd(2024, 3, 2), d("1000.00")));
    let discount = inv3.terms.discount.unwrap();
    assert_eq!(
        (discount.until, discount.amount.amount()),
        (ymd(2024, 2, 11), d("20.00"))
    );
    assert!(inv3.disputed);

    let inv4 = import.invoice("INV-4");
    assert_eq!(inv4.terms.text, "net 14", "the import's default terms");
    assert_eq!(due(inv4), (ymd(2024, 2, 15), d("200.00")));
}

#[test]
fn without_default_terms_an_invoice_without_due_date_is_due_net_30() {
    let file = "customer_ref,number,date,amount\nC-1,INV-9,2024-01-31,10.00\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));
    let invoice = import.invoice("INV-9");
    assert_eq!(invoice.terms.text, "net 30");
    assert_eq!(due(invoice), (ymd(2024, 3, 1), d("10.00")));
}

#[test]
fn generic_invoice_messages_word_for_word() {
    let file = "customer_ref,number,date,due_date,terms,amount,disputed\n\
                C-1,INV-1,2024-02-01,2024-01-01,,100.00,\n\
                C-1,INV-2,2024-02-01,,whenever,100.00,\n\
                C-1,INV-3,2024-02-01,,,100.00,maybe\n\
                C-1,INV-1,2024-02-01,2024-01-01,,100.00,\n\
                C-1,INV-1,2024-02-01,2024-01-01,,150.00,\n\
                C-1,,2024-02-01,,,100.00,\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    assert_eq!(
        import.problem_texts(),
        [
            "line 3, column terms: \"whenever\" is not a payment term: use a form such as net 30, \
             2/10 net 30, eom +1 month, 30 days eom or fixed 10-30, or give the due date instead.",
            "line 4, column disputed: \"maybe\" is not a yes/no value; write yes, no, true, \
             false, 1 or 0, or leave the cell empty for no.",
            "line 6, column number: \"INV-1\" is already used by the invoice on line 2, whose \
             cells differ; this invoice was not imported. Give each invoice its own number, or \
             remove the outdated rows.",
            "line 7, column number: the cell is empty, but an invoice number is required here; \
             fill it in or remove the row.",
        ]
    );
    assert_eq!(
        import.warning_texts(),
        [
            "line 2, column due_date: \"2024-01-01\" is before the invoice date 2024-02-01; the \
             invoice was imported with this due date as given, so it is overdue from that day.",
            "line 5: repeats line 2 exactly (every cell is the same), so it was skipped as a \
             duplicate.",
        ]
    );
    // Kept as given: the book sees it overdue from 1 January.
    assert_eq!(due(import.invoice("INV-1")).0, ymd(2024, 1, 1));
    assert_eq!(import.invoices().len(), 1);
}

#[test]
fn terms_with_a_value_out_of_range_are_refused_with_the_rule_that_applies() {
    let file = "customer_ref,number,date,terms,amount\nC-1,INV-1,2024-02-01,net 4000,100.00\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));
    assert_eq!(
        import.problem_texts(),
        ["line 2, column terms: The number of days 4000 in the payment terms \"net 4000\" is not \
          accepted; give from 0 to 3650 days."]
    );
}

#[test]
fn default_terms_that_are_not_terms_are_refused_before_reading() {
    let mut options = options("EUR");
    options.default_terms = Some("whenever".to_string());
    let err = try_import("generic", b"number,date,amount\n", &options)
        .err()
        .unwrap();
    assert!(matches!(err, FileError::DefaultTerms(_)));
    assert_eq!(
        err.to_string(),
        "The default terms of this import cannot be used: \"whenever\" is not a payment term. Use \
         one of the forms net 30, eom +1 month, 30 days eom, eom 30 days, 30 days eom day 10 or \
         fixed 10-30, optionally preceded by a deposit such as \"deposit 30% 0 days,\" and an \
         early-payment discount such as \"2/10\", and optionally followed by instalments such as \
         \"in 3 parts every 1 month\"."
    );
}

/// One row of the IBM sample, read independently of the importer: the file has no quotes, so
/// splitting at commas is exact, and dates are M/D/YYYY.
struct IbmRow {
    country: String,
    customer: String,
    number: String,
    issue: chrono::NaiveDate,
    due: chrono::NaiveDate,
    amount: rust_decimal::Decimal,
    disputed: bool,
    settled: chrono::NaiveDate,
    paperless: bool,
}

fn ibm_rows(text: &str) -> Vec<IbmRow> {
    assert!(!text.contains('"'), "the sample has no quoted cells");
    let date = |cell: &str| {
        let parts: Vec<u32> = cell.split('/').map(|p| p.parse().unwrap()).collect();
        ymd(parts[2] as i32, parts[0], parts[1])
    };
    text.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
            assert_eq!(cells.len(), 12);
            IbmRow {
                country: cells[0].to_string(),
                customer: cells[1].to_string(),
                number: cells[3].to_string(),
                issue: date(cells[4]),
                due: date(cells[5]),
                amount: d(cells[6]),
                disputed: cells[7] == "Yes",
                settled: date(cells[8]),
                paperless: cells[9] == "Electronic",
            }
        })
        .collect()
}

fn check_ibm_file(relative: &str) -> Option<Vec<InvoiceRecord>> {
    let path = sample(relative)?;
    let text = std::fs::read_to_string(path).unwrap();
    let rows = ibm_rows(&text);
    let import = import("ibm-late-payment", text.as_bytes(), &options("USD"));
    let usd = currency("USD");

    assert_eq!(rows.len(), 2466);
    assert!(import.problems().is_empty() && import.warnings().is_empty());
    assert_eq!(import.invoices().len(), 2466);
    assert_eq!(
        import.settlements().len(),
        2466,
        "every invoice of the sample was settled"
    );
    assert_eq!(import.customers().len(), 100);
    assert_eq!(import.outcomes.len(), rows.len(), "one outcome per row");

    let mut customers_seen = std::collections::HashSet::new();
    for (index, (row, outcome)) in rows.iter().zip(&import.outcomes).enumerate() {
        let RowOutcome::Records { line, records } = outcome else {
            panic!("{outcome:?}")
        };
        assert_eq!(*line, index as u64 + 2);
        let mut records = records.iter();
        if customers_seen.insert(row.customer.clone()) {
            let Some(LedgerRecord::Customer(customer)) = records.next() else {
                panic!()
            };
            assert_eq!(customer.reference, row.customer);
            assert_eq!(customer.name, row.customer);
            assert_eq!(customer.country.as_deref(), Some(row.country.as_str()));
            let channel = if row.paperless {
                Channel::Email
            } else {
                Channel::Paper
            };
            assert_eq!(customer.preferred_channel, Some(channel));
        }
        let Some(LedgerRecord::Invoice(invoice)) = records.next() else {
            panic!()
        };
        assert_eq!(invoice.number, row.number);
        assert_eq!(invoice.customer_reference, row.customer);
        assert_eq!(invoice.issue_date, row.issue);
        assert_eq!(invoice.total, Money::exact(row.amount, usd).unwrap());
        assert_eq!(invoice.terms.text, format!("due on {}", row.due));
        assert_eq!(due(invoice), (row.due, row.amount));
        assert_eq!(invoice.terms.discount, None);
        assert_eq!(invoice.disputed, row.disputed);
        let Some(LedgerRecord::Settlement(payment)) = records.next() else {
            panic!()
        };
        assert_eq!(payment.reference, format!("{}-settled", row.number));
        assert_eq!(payment.kind, SettlementKind::Payment);
        assert_eq!(payment.customer_reference, row.customer);
        assert_eq!(payment.date, row.settled);
        assert_eq!(payment.amount, invoice.total);
        assert_eq!(payment.invoice_number.as_deref(), Some(row.number.as_str()));
        assert!(records.next().is_none());
    }
    Some(import.invoices().into_iter().cloned().collect())
}

#[test]
fn ibm_late_payment_sample_every_row() {
    // The counts were checked with Python's csv module: 2,466 rows with 2,466 distinct invoice
    // numbers, 100 distinct customers, SettledDate filled on every row, no exact duplicates and
    // no due date before its invoice date.
    let Some(invoices) = check_ibm_file("ledgers/ibm-late-payment.csv") else {
        return;
    };

    let first = invoices.iter().find(|i| i.number == "0000611365").unwrap();
    assert_eq!(first.customer_reference, "0379-NEVHP");
    assert_eq!(
        (first.issue_date, first.total.amount()),
        (ymd(2013, 1, 2), d("55.94"))
    );
    assert_eq!(due(first), (ymd(2013, 2, 1), d("55.94")));
    assert!(!first.disputed);
    let disputed = invoices.iter().find(|i| i.number == "0007900770").unwrap();
    assert!(disputed.disputed);
    assert_eq!(disputed.total.amount(), d("61.74"));
    assert_eq!(invoices.iter().filter(|i| i.disputed).count(), 561);
    assert_eq!(
        invoices
            .iter()
            .filter(|i| i.number.starts_with('0'))
            .count(),
        266
    );
}

#[test]
fn ibm_rows_with_values_the_export_does_not_use() {
    let file = "countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,\
                InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\r\n\
                391,0379-NEVHP,4/6/2013,0000611365,1/2/2013,2/1/2013,55.94,Perhaps,,Fax,13,0\r\n\
                391,0379-NEVHP,4/6/2013,0000611366,1/2/2013,2/1/2013,55.94,No,,Paper,,\r\n";
    let import = import("ibm-late-payment", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column Disputed: \"Perhaps\" is not a yes/no value; write yes, no, true, \
             false, 1 or 0, or leave the cell empty for no.",
            "line 2, column PaperlessBill: \"Fax\" is not a billing channel; this export writes \
             Electronic or Paper.",
        ]
    );
    assert!(
        import.settlements().is_empty(),
        "not settled yet: no payment"
    );
    assert_eq!(import.invoice("0000611366").total.amount(), d("55.94"));
}

#[test]
fn ibm_late_payment_sample_after_a_spreadsheet_lost_the_leading_zeros() {
    let Some(resaved) = check_ibm_file("ledgers/ibm-late-payment.excel-resaved.csv") else {
        return;
    };
    let Some(original) = sample("ledgers/ibm-late-payment.csv") else {
        return;
    };
    let original = import(
        "ibm-late-payment",
        &std::fs::read(original).unwrap(),
        &options("USD"),
    );

    // Row by row, the same invoice with its number read as text, zeros gone and nothing else.
    for (before, after) in original.invoices().iter().zip(&resaved) {
        assert_eq!(after.number, before.number.trim_start_matches('0'));
        assert_eq!(
            (after.total, after.issue_date),
            (before.total, before.issue_date)
        );
    }
    assert!(resaved.iter().any(|i| i.number == "611365"));
}

#[test]
fn invoice_ninja_invoices_sample() {
    // Checked with Python's csv module after the 3-line preamble: 401 rows, 400 distinct invoice
    // numbers, each number on consecutive rows only; lines 6 and 7 are identical; 20 clients;
    // 215 invoices have a due date before their invoice date; every Partial/Deposit is $0.00.
    let Some(import) = import_sample(
        "invoiceninja-v4",
        "exports/invoiceninja_v4_invoices.csv",
        &options("USD"),
    ) else {
        return;
    };

    assert_eq!(import.invoices().len(), 400);
    assert_eq!(import.customers().len(), 20);
    assert!(
        import.settlements().is_empty(),
        "the Paid column is not turned into payments"
    );
    assert!(import.problems().is_empty(), "{:?}", import.problem_texts());
    let warnings = import.warning_texts();
    assert_eq!(warnings.len(), 216);
    assert_eq!(
        warnings
            .iter()
            .filter(|w| w.contains("is before the invoice date"))
            .count(),
        215
    );
    assert_eq!(
        warnings[..2],
        [
            "line 5, column Due Date: \"2019-10-20\" is before the invoice date 2019-11-25; the \
             invoice was imported with this due date as given, so it is overdue from that day.",
            "line 7: repeats line 6 exactly (every cell is the same), so it was skipped as a \
             duplicate.",
        ]
    );

    let first = import.invoice("1");
    assert_eq!(first.customer_reference, "Ludwig Krajcik DVM");
    assert_eq!(
        (first.issue_date, first.total.amount()),
        (ymd(2019, 11, 25), d("13.50"))
    );
    assert_eq!(due(first), (ymd(2019, 10, 20), d("13.50")));
    assert_eq!(
        import.invoice("2").total.amount(),
        d("26.67"),
        "the duplicate line adds nothing"
    );
    assert_eq!(import.invoice("780").total.amount(), d("51.03"));
    let customer = import.customer("Ludwig Krajcik DVM");
    assert_eq!(customer.email.as_deref(), Some("brook59@example.org"));
}

#[test]
fn invoice_ninja_invoices_that_reappear_further_down() {
    let file = "Client,Email,Invoice Number,Amount,Paid,Status,Invoice Date,Due Date,Item Cost\n\
                Acme,a@acme.test,7,\"$1,200.00\",$0.00,Sent,2020-01-10,2020-02-09,700\n\
                Acme,a@acme.test,7,\"$1,200.00\",$0.00,Sent,2020-01-10,2020-02-09,500\n\
                Acme,a@acme.test,8,$50.00,$0.00,Draft,2020-01-11,2020-02-10,50\n\
                Acme,a@acme.test,7,\"$1,200.00\",$0.00,Sent,2020-01-10,2020-02-09,700\n\
                Acme,a@acme.test,7,\"$1,200.00\",$0.00,Sent,2020-01-10,2020-02-09,500\n\
                Acme,a@acme.test,9,$80.00,$0.00,Sent,2020-01-12,2020-02-11,80\n\
                Acme,a@acme.test,9,$85.00,$0.00,Sent,2020-01-12,2020-02-11,5\n\
                Acme,a@acme.test,8,$60.00,$0.00,Sent,2020-01-11,2020-02-10,60\n";
    let import = import("invoiceninja-v4", file.as_bytes(), &options("USD"));

    assert_eq!(import.invoice("7").total.amount(), d("1200.00"));
    assert_eq!(
        import.warning_texts(),
        [
            "line 4, column Status: \"Draft\" is a status whose invoices are not imported \
             (drafts and void or deleted invoices are not owed); invoice 8 was skipped.",
            "line 5: starts 2 rows that repeat those from line 2 exactly (every cell is the \
             same), so they were skipped as duplicates.",
        ]
    );
    assert_eq!(
        import.problem_texts(),
        [
            "line 8, column Amount: \"$85.00\" differs from \"$80.00\" on line 7, the first row \
             of the same invoice; every row of one invoice must repeat its Amount.",
            "line 9, column Invoice Number: \"8\" is already used by the invoice on line 4, \
             whose cells differ; this invoice was not imported. Give each invoice its own \
             number, or remove the outdated rows.",
        ]
    );
}

#[test]
fn a_row_with_shifted_cells_keeps_its_whole_invoice_out() {
    let file = "Client,Email,Invoice Number,Amount,Paid,Status,Invoice Date,Due Date,Item Cost\n\
                Acme,a@acme.test,7,$1200.00,$0.00,Sent,2020-01-10,2020-02-09,700\n\
                Acme,a@acme.test,7,$1200.00,$0.00,Sent,2020-01-10,2020-02-09,500,00\n\
                Acme,a@acme.test,7,$1200.00,$0.00,Sent,2020-01-10,2020-02-09,0\n\
                Acme,a@acme.test,8,$50.00,$0.00,Sent,2020-01-11,2020-02-10,50\n";
    let import = import("invoiceninja-v4", file.as_bytes(), &options("USD"));

    assert_eq!(
        import.problem_texts(),
        ["line 3: the row has 10 cells, but the header on line 1 has 9; a cell probably contains \
          the delimiter without quotes, so correct the row. The other rows of the same invoice \
          were not imported either."]
    );
    let numbers: Vec<_> = import
        .invoices()
        .iter()
        .map(|i| i.number.as_str())
        .collect();
    assert_eq!(numbers, ["8"]);
}

/// The instalments of an invoice: (seq, due date, amount).
fn schedule(invoice: &InvoiceRecord) -> Vec<(u32, chrono::NaiveDate, rust_decimal::Decimal)> {
    let instalments = &invoice.terms.instalments;
    instalments
        .iter()
        .map(|i| (i.seq, i.due_date, i.amount.amount()))
        .collect()
}

#[test]
fn an_invoice_ninja_deposit_is_the_first_instalment() {
    let file = "Client,Invoice Number,Amount,Status,Invoice Date,Due Date,Partial/Deposit,\
                Partial Due Date\n\
                Acme,12,$300.00,Sent,2020-01-10,2020-02-09,$100.00,2020-01-20\n\
                Acme,13,$300.00,Sent,2020-01-10,2020-02-09,$100.00,\n\
                Acme,14,$300.00,Sent,2020-01-10,2020-02-09,$300.00,2020-01-15\n\
                Acme,15,$300.00,Sent,2020-01-10,,$0.00,\n\
                Acme,16,$300.00,Sent,2020-01-10,,$90.00,2020-01-12\n";
    let import = import("invoiceninja-v4", file.as_bytes(), &options("USD"));
    assert!(import.problems().is_empty() && import.warnings().is_empty());

    let deposit = import.invoice("12");
    assert_eq!(deposit.total.amount(), d("300.00"));
    assert_eq!(
        schedule(deposit),
        [
            (1, ymd(2020, 1, 20), d("100.00")),
            (2, ymd(2020, 2, 9), d("200.00"))
        ]
    );
    assert_eq!(
        deposit.terms.text,
        "deposit 100.00 due 2020-01-20, due on 2020-02-09"
    );
    // Without a Partial Due Date the deposit is asked for by the invoice's due date.
    assert_eq!(
        schedule(import.invoice("13")),
        [
            (1, ymd(2020, 2, 9), d("100.00")),
            (2, ymd(2020, 2, 9), d("200.00"))
        ]
    );
    // A deposit of the whole amount is the only instalment.
    assert_eq!(
        schedule(import.invoice("14")),
        [(1, ymd(2020, 1, 15), d("300.00"))]
    );
    assert_eq!(due(import.invoice("15")), (ymd(2020, 2, 9), d("300.00")));
    // Without a due date the rest follows the default terms (net 30).
    assert_eq!(
        schedule(import.invoice("16")),
        [
            (1, ymd(2020, 1, 12), d("90.00")),
            (2, ymd(2020, 2, 9), d("210.00"))
        ]
    );
}

#[test]
fn an_invoice_ninja_deposit_outside_the_amount_is_a_problem() {
    let file = "Client,Invoice Number,Amount,Status,Invoice Date,Due Date,Partial/Deposit\n\
                Acme,12,$300.00,Sent,2020-01-10,2020-02-09,$300.01\n\
                Acme,13,$300.00,Sent,2020-01-10,2020-02-09,($10.00)\n\
                Acme,14,$300.00,Sent,2020-01-10,2020-02-09,$10.00\n";
    let import = import("invoiceninja-v4", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column Partial/Deposit: \"$300.01\" is not a deposit the invoice can ask \
          for: a deposit is a part of the invoice's Amount 300.00, above zero and at most the \
          whole; correct the export.",
            "line 3, column Partial/Deposit: \"($10.00)\" is not a deposit the invoice can ask \
          for: a deposit is a part of the invoice's Amount 300.00, above zero and at most the \
          whole; correct the export."
        ]
    );
    assert_eq!(import.invoices().len(), 1);
}

#[test]
fn a_zoho_write_off_is_a_write_off_and_only_the_rest_is_paid() {
    let file = "Invoice Date,Invoice Number,Invoice Status,Customer Name,Currency Code,Total,\
                Balance,Last Payment Date,WriteOff Date,WriteOff Amount\n\
                2021-01-28,INV-1,Closed,Highlander,USD,100.00,0.00,2021-02-10,2021-03-01,30.00\n\
                2021-01-28,INV-2,Closed,Highlander,USD,100.00,0.00,,2021-03-01,100.00\n\
                2021-01-28,INV-3,Overdue,Highlander,USD,100.00,60.00,2021-02-10,,0.00\n";
    let import = import("zoho-invoice", file.as_bytes(), &options("USD"));
    assert!(import.problems().is_empty() && import.warnings().is_empty());

    let settled: Vec<_> = import
        .settlements()
        .iter()
        .map(|s| (s.reference.as_str(), s.kind, s.date, s.amount.amount()))
        .collect();
    assert_eq!(
        settled,
        [
            (
                "INV-1-paid",
                SettlementKind::Payment,
                ymd(2021, 2, 10),
                d("70.00")
            ),
            (
                "INV-1-written-off",
                SettlementKind::WriteOff,
                ymd(2021, 3, 1),
                d("30.00")
            ),
            (
                "INV-2-written-off",
                SettlementKind::WriteOff,
                ymd(2021, 3, 1),
                d("100.00")
            ),
            (
                "INV-3-paid",
                SettlementKind::Payment,
                ymd(2021, 2, 10),
                d("40.00")
            ),
        ]
    );
    let named: Vec<_> = import
        .settlements()
        .iter()
        .map(|s| s.invoice_number.as_deref())
        .collect();
    assert_eq!(
        named,
        [Some("INV-1"), Some("INV-1"), Some("INV-2"), Some("INV-3")]
    );
}

#[test]
fn a_zoho_write_off_beyond_what_is_settled_or_undated_is_a_problem() {
    let file = "Invoice Date,Invoice Number,Invoice Status,Customer Name,Total,Balance,\
                WriteOff Date,WriteOff Amount\n\
                2021-01-28,INV-1,Closed,Highlander,100.00,50.00,2021-03-01,50.01\n\
                2021-01-28,INV-2,Closed,Highlander,100.00,50.00,2021-03-01,-5.00\n\
                2021-01-28,INV-3,Closed,Highlander,100.00,50.00,,50.00\n";
    let import = import("zoho-invoice", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column WriteOff Amount: \"50.01\" is not part of what the invoice no longer \
          owes (Total - Balance = 50.00); a write-off is above zero and at most that, so correct \
          the export.",
            "line 3, column WriteOff Amount: \"-5.00\" is not part of what the invoice no longer \
          owes (Total - Balance = 50.00); a write-off is above zero and at most that, so correct \
          the export.",
            "line 4, column WriteOff Date: the cell is empty, but 50.00 USD of the invoice is \
          written off; give the export date in the import options so that the write-off can be \
          dated, and import again."
        ]
    );
    assert!(import.invoices().is_empty());
}

#[test]
fn a_zoho_balance_above_the_total_is_a_problem() {
    let file = "Invoice Date,Invoice Number,Invoice Status,Customer Name,Total,Balance\n\
                2021-01-28,INV-9,Sent,Highlander,100.00,120.00\n";
    let import = import("zoho-invoice", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column Balance: \"120.00\" is more than the invoice's Total 100.00; an open \
          balance cannot exceed what was invoiced, so correct the export."
        ]
    );
}

const ZOHO_INVOICES: &str = "exports/zoho_invoices.csv";

#[test]
fn zoho_invoices_sample_holds_only_drafts() {
    // The three invoices of the sample (13 line rows) all have Invoice Status "Draft".
    let Some(import) = import_sample("zoho-invoice", ZOHO_INVOICES, &options("USD")) else {
        return;
    };
    assert!(import.records().next().is_none());
    assert!(import.problems().is_empty());
    assert_eq!(
        import.warning_texts(),
        [
            "line 2, column Invoice Status: \"Draft\" is a status whose invoices are not imported \
             (drafts and void or deleted invoices are not owed); invoice INV-000001 was skipped.",
            "line 6, column Invoice Status: \"Draft\" is a status whose invoices are not imported \
             (drafts and void or deleted invoices are not owed); invoice INV-000002 was skipped.",
            "line 11, column Invoice Status: \"Draft\" is a status whose invoices are not \
             imported (drafts and void or deleted invoices are not owed); invoice INV-000003 was \
             skipped.",
        ]
    );
}

/// The Zoho sample as if its invoices had been sent, and INV-000003 partly paid (its Balance
/// lowered from 390.00 to 90.00), edited in memory.
fn zoho_sent() -> Option<String> {
    let text = std::fs::read_to_string(sample(ZOHO_INVOICES)?).unwrap();
    assert_eq!(text.matches(",Draft,").count(), 13);
    let sent = text.replace(",Draft,", ",Sent,");
    let lines: Vec<String> = sent
        .lines()
        .map(|line| {
            if line.contains(",INV-000003,") {
                line.replacen(",390.00,390.00,390.00,", ",390.00,390.00,90.00,", 1)
            } else {
                line.to_string()
            }
        })
        .collect();
    Some(lines.join("\n"))
}

#[test]
fn zoho_invoices_once_sent_with_a_partial_payment() {
    let Some(text) = zoho_sent() else { return };
    let mut options = options("USD");
    options.export_date = Some(ymd(2021, 3, 31));
    let import = import("zoho-invoice", text.as_bytes(), &options);

    assert!(import.problems().is_empty() && import.warnings().is_empty());
    let totals: Vec<_> = import
        .invoices()
        .iter()
        .map(|i| (i.number.as_str(), i.total.amount()))
        .collect();
    assert_eq!(
        totals,
        [
            ("INV-000001", d("489.75")),
            ("INV-000002", d("460.00")),
            ("INV-000003", d("390.00"))
        ]
    );
    let first = import.invoice("INV-000001");
    assert_eq!(
        first.customer_reference, "2520018000000073035",
        "matches zoho_contacts.csv"
    );
    assert_eq!(first.terms.text, "Due on Receipt");
    assert_eq!(due(first), (ymd(2021, 1, 28), d("489.75")));
    assert_eq!(
        due(import.invoice("INV-000003")),
        (ymd(2021, 2, 27), d("390.00"))
    );
    assert_eq!(import.customer("2520018000000073022").name, "Jessica Jones");

    // No Last Payment Date in the export: the paid part is dated on the export date.
    let paid = import.settlement("INV-000003-paid");
    assert_eq!(
        (paid.date, paid.amount.amount()),
        (ymd(2021, 3, 31), d("300.00"))
    );
    assert_eq!(paid.invoice_number.as_deref(), Some("INV-000003"));
    assert_eq!(import.settlements().len(), 1);
}

#[test]
fn a_zoho_payment_without_any_date_asks_for_the_export_date() {
    let Some(text) = zoho_sent() else { return };
    let import = import("zoho-invoice", text.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        ["line 11, column Last Payment Date: the cell is empty, but 300.00 USD of the invoice is \
          paid; give the export date in the import options so that the payment can be dated, \
          and import again."]
    );
    assert_eq!(import.invoices().len(), 2);
}

#[test]
fn freshbooks_invoices_sample() {
    // One invoice, 0000001, of three line rows whose Line Totals are 650.00, 490.00 and
    // 6750.00; status sent; no due date column.
    let Some(import) = import_sample(
        "freshbooks",
        "exports/freshbooks_invoices.csv",
        &options("USD"),
    ) else {
        return;
    };
    assert!(import.problems().is_empty() && import.warnings().is_empty());
    assert_eq!(import.invoices().len(), 1);
    let invoice = import.invoice("0000001");
    assert_eq!(invoice.customer_reference, "X-Men");
    assert_eq!(
        invoice.total,
        Money::exact(d("7890.00"), currency("USD")).unwrap()
    );
    assert_eq!(invoice.terms.text, "net 30");
    assert_eq!(due(invoice), (ymd(2021, 2, 27), d("7890.00")));
    assert!(import.settlements().is_empty());
    assert_eq!(import.customers().len(), 1);
}

#[test]
fn freshbooks_paid_partial_and_draft_invoices() {
    let file = "Client Name,Invoice #,Date Issued,Invoice Status,Date Paid,Line Total,Currency\n\
                Acme,0000002,2021-02-01,paid,2021-02-20,100.00,CAD\n\
                Acme,0000002,2021-02-01,paid,2021-02-20,20.50,CAD\n\
                Acme,0000003,2021-02-02,partial,,40.00,CAD\n\
                Acme,0000004,2021-02-03,draft,,10.00,CAD\n\
                Acme,0000005,2021-02-04,paid,,10.00,CAD\n";
    let mut options = options("USD");
    options.default_terms = Some("net 14".to_string());
    let import = import("freshbooks", file.as_bytes(), &options);

    let paid = import.settlement("0000002-paid");
    assert_eq!(
        (paid.date, paid.amount.amount()),
        (ymd(2021, 2, 20), d("120.50"))
    );
    assert_eq!(paid.amount.currency(), currency("CAD"));
    assert_eq!(
        due(import.invoice("0000003")),
        (ymd(2021, 2, 16), d("40.00"))
    );
    assert_eq!(
        import.warning_texts(),
        [
            "line 4, column Invoice Status: \"partial\" means that part of invoice 0000003 was \
             paid, but the export does not say how much; the invoice was imported as unpaid, so \
             import its payments separately.",
            "line 5, column Invoice Status: \"draft\" is a status whose invoices are not \
             imported (drafts and void or deleted invoices are not owed); invoice 0000004 was \
             skipped.",
        ]
    );
    assert_eq!(
        import.problem_texts(),
        ["line 6, column Date Paid: the cell is empty, but 10.00 CAD of the invoice is paid; give \
          the export date in the import options so that the payment can be dated, and import \
          again."]
    );
}

/// A Xero sales invoice export built on the real header: each row names only the cells it
/// needs, the others stay empty.
fn xero_file(rows: &[&[(&str, &str)]]) -> Option<String> {
    let path = sample("exports/headers/xero_sales_invoice_export.header.csv")?;
    let header_line = std::fs::read_to_string(path).unwrap();
    let header: Vec<&str> = header_line.trim_end().split(',').collect();
    let mut file = header.join(",") + "\n";
    for row in rows {
        let cells: Vec<&str> = header
            .iter()
            .map(|column| {
                row.iter()
                    .find(|(c, _)| c == column)
                    .map_or("", |(_, v)| *v)
            })
            .collect();
        file += &(cells.join(",") + "\n");
    }
    Some(file)
}

#[test]
fn xero_invoices_credit_notes_payments_and_skipped_documents() {
    let invoice = |number, total, paid, status, line: &'static str| -> Vec<(&str, &str)> {
        vec![
            ("ContactName", "Harbour Cafe"),
            ("EmailAddress", "accounts@harbourcafe.test"),
            ("POCountry", "NZ"),
            ("InvoiceNumber", number),
            ("InvoiceDate", "19/02/2024"),
            ("DueDate", "20/03/2024"),
            ("Total", total),
            ("InvoiceAmountPaid", paid),
            ("LineAmount", line),
            ("Currency", "NZD"),
            ("Type", "Sales invoice"),
            ("Status", status),
        ]
    };
    let mut credit = invoice("CN-0001", "115.0000", "0.0000", "Paid", "100.00");
    credit[10] = ("Type", "Sales credit note");
    let overpayment = vec![
        ("ContactName", "Harbour Cafe"),
        ("Type", "Sales overpayment"),
    ];
    let rows = [
        invoice(
            "INV-0001",
            "1150.0000",
            "0.0000",
            "Awaiting Payment",
            "600.00",
        ),
        invoice(
            "INV-0001",
            "1150.0000",
            "0.0000",
            "Awaiting Payment",
            "400.00",
        ),
        invoice("INV-0002", "230.00", "230.00", "Paid", "200.00"),
        credit,
        invoice("INV-0003", "50.00", "0.00", "Draft", "50.00"),
        invoice("INV-0004", "70.00", "0.00", "Voided", "70.00"),
        overpayment,
    ];
    let rows: Vec<&[(&str, &str)]> = rows.iter().map(Vec::as_slice).collect();
    let Some(file) = xero_file(&rows) else { return };
    let mut options = options("USD");
    options.export_date = Some(ymd(2024, 3, 31));
    let import = import("xero", file.as_bytes(), &options);

    assert!(import.problems().is_empty(), "{:?}", import.problem_texts());
    let first = import.invoice("INV-0001");
    assert_eq!(
        first.total,
        Money::exact(d("1150.00"), currency("NZD")).unwrap()
    );
    assert_eq!(
        (first.issue_date, due(first)),
        (ymd(2024, 2, 19), (ymd(2024, 3, 20), d("1150")))
    );
    let paid = import.settlement("INV-0002-paid");
    assert_eq!(
        (paid.date, paid.amount.amount()),
        (ymd(2024, 3, 31), d("230.00"))
    );
    assert_eq!(
        import.paid_to_date(),
        ["INV-0002-paid"],
        "what was paid by the export date, not a payment of its own"
    );
    let credit = import.settlement("CN-0001");
    assert_eq!(
        (credit.kind, credit.amount.amount()),
        (SettlementKind::CreditNote, d("115"))
    );
    assert_eq!(
        import.settlements().len(),
        2,
        "what a credit note was allocated is no payment"
    );
    let customer = import.customer("Harbour Cafe");
    assert_eq!(customer.email.as_deref(), Some("accounts@harbourcafe.test"));
    assert_eq!(customer.country.as_deref(), Some("NZ"));
    assert_eq!(
        import.warning_texts(),
        [
            "line 6, column Status: \"Draft\" is a status whose invoices are not imported \
             (drafts and void or deleted invoices are not owed); invoice INV-0003 was skipped.",
            "line 7, column Status: \"Voided\" is a status whose invoices are not imported \
             (drafts and void or deleted invoices are not owed); invoice INV-0004 was skipped.",
            "line 8, column Type: \"Sales overpayment\" is a payment event, not a document; \
             overpayments and prepayments are not read from this export, so record them as \
             payments.",
        ]
    );
}

#[test]
fn a_xero_paid_amount_without_an_export_date_is_a_problem() {
    let row: &[(&str, &str)] = &[
        ("ContactName", "Harbour Cafe"),
        ("InvoiceNumber", "INV-0002"),
        ("InvoiceDate", "19/02/2024"),
        ("DueDate", "2/4/2024"),
        ("Total", "230.00"),
        ("InvoiceAmountPaid", "230.00"),
        ("Type", "Sales invoice"),
        ("Status", "Paid"),
    ];
    let Some(file) = xero_file(&[row]) else {
        return;
    };
    let import = import("xero", file.as_bytes(), &options("NZD"));
    assert_eq!(
        import.problem_texts(),
        ["line 2, column InvoiceAmountPaid: \"230.00\" is a paid amount, but the export gives no \
          payment date; give the export date in the import options so that the payment can be \
          dated, and import again."]
    );
}

#[test]
fn a_xero_document_type_other_than_sales_is_a_problem() {
    let row: &[(&str, &str)] = &[
        ("ContactName", "NICHECO"),
        ("InvoiceNumber", "016083"),
        ("InvoiceDate", "1/7/2026"),
        ("Total", "99.00"),
        ("Type", "Bill"),
    ];
    let Some(file) = xero_file(&[row]) else {
        return;
    };
    let import = import("xero", file.as_bytes(), &options("ZAR"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column Type: \"Bill\" is not a document type this profile reads; it reads \
          Sales invoice and Sales credit note."
        ]
    );
}

#[test]
fn quickbooks_online_invoices_add_up_their_item_amounts() {
    let Some(path) = sample("exports/headers/qbo_invoice_import_automap.header.csv") else {
        return;
    };
    let header = std::fs::read_to_string(path).unwrap();
    // Columns: *Invoice number, *Customer, *Invoice date, *Due date, Item amount, Item tax
    // code, Terms, Service Date, Item (Product/Service), Item Description, Item Quantity, Item
    // Rate, *Item Amount, Memo.
    let file = header.trim_end().to_string()
        + "\n1001,Blue Hill Farm,01/15/2024,02/14/2024,,,,,Seeds,,1,100,100.00,\n\
           1001,Blue Hill Farm,01/15/2024,02/14/2024,,,,,Feed,,3,83.50,\"1,250.50\",\n\
           1002,Blue Hill Farm,01/20/2024,,,,Net 15,,Seeds,,1,40,40.00,\n\
           1003,Green Acres,01/21/2024,,,,whenever,,Seeds,,1,40,40.00,\n\
           1004,Green Acres,1/22/2024,,,,,,Seeds,,1,40,40.00,\n";
    let import = import("quickbooks-online", file.as_bytes(), &options("USD"));

    let first = import.invoice("1001");
    assert_eq!(first.total.amount(), d("1350.50"));
    assert_eq!(due(first), (ymd(2024, 2, 14), d("1350.50")));
    assert_eq!(import.invoice("1002").terms.text, "net 15");
    assert_eq!(due(import.invoice("1002")).0, ymd(2024, 2, 4));
    assert_eq!(
        due(import.invoice("1004")).0,
        ymd(2024, 2, 21),
        "the default net 30"
    );
    assert_eq!(
        import.problem_texts(),
        [
            "line 5, column Terms: \"whenever\" is not a payment term: use a form such as net 30, \
          2/10 net 30, eom +1 month, 30 days eom or fixed 10-30, or give the due date instead."
        ]
    );
    let names: Vec<_> = import.customers().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Blue Hill Farm", "Green Acres"]);
}

#[test]
fn quickbooks_online_taxable_lines_are_imported_without_tax_and_say_so() {
    let file = "*Invoice number,*Customer,*Invoice date,*Due date,Item tax code,*Item Amount\n\
                2001,Blue Hill Farm,01/15/2024,02/14/2024,NON,100.00\n\
                2001,Blue Hill Farm,01/15/2024,02/14/2024,TAX,50.00\n\
                2001,Blue Hill Farm,01/15/2024,02/14/2024,TAX,25.00\n\
                2002,Blue Hill Farm,01/16/2024,02/15/2024,non,40.00\n\
                2003,Blue Hill Farm,01/16/2024,02/15/2024,,40.00\n";
    let import = import("quickbooks-online", file.as_bytes(), &options("USD"));
    assert!(import.problems().is_empty());
    assert_eq!(import.invoice("2001").total.amount(), d("175.00"));
    assert_eq!(
        import.warning_texts(),
        [
            "line 3, column Item tax code: \"TAX\" is a tax code, but this list carries no tax \
          amounts: invoice 2001 was imported with the sum of its item amounts, 175.00, without \
          tax."
        ]
    );
    assert_eq!(import.invoices().len(), 3);
}

#[test]
fn an_amount_too_large_for_the_book_is_reported_on_its_amount_column() {
    // 10^15 minor units is the most one amount may carry: 10,000,000,000,000.00 EUR.
    let file = "record,customer_ref,number,date,amount,currency\n\
                invoice,C-1,INV-1,2024-01-02,10000000000000.00,EUR\n\
                invoice,C-1,INV-2,2024-01-02,92233720368547758.08,EUR\n\
                payment,C-1,PAY-1,2024-01-09,-10000000000000.01,EUR\n\
                invoice,C-1,INV-3,2024-01-02,1000000000000001,JPY\n";
    let import = import("generic", file.as_bytes(), &options("EUR"));

    assert_eq!(
        import.problem_texts(),
        [
            "line 3, column amount: 92233720368547758.08 EUR is too large for the book; one \
             amount may carry at most 10^15 minor units of EUR. Correct the amount.",
            "line 4, column amount: -10000000000000.01 EUR is too large for the book; one amount \
             may carry at most 10^15 minor units of EUR. Correct the amount.",
            "line 5, column amount: 1000000000000001 JPY is too large for the book; one amount \
             may carry at most 10^15 minor units of JPY. Correct the amount.",
        ]
    );
    assert_eq!(
        due(import.invoice("INV-1")),
        (ymd(2024, 2, 1), d("10000000000000.00"))
    );
}

#[test]
fn line_items_that_add_up_beyond_the_book_name_their_amount_column() {
    let file = "Client Name,Invoice #,Date Issued,Invoice Status,Line Total,Currency\n\
                Acme,0001,2024-01-02,sent,6000000000000.00,USD\n\
                Acme,0001,2024-01-02,sent,5000000000000.00,USD\n";
    let import = import("freshbooks", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        ["line 2, column Line Total: 11000000000000.00 USD is too large for the book; one amount \
          may carry at most 10^15 minor units of USD. Correct the amount."]
    );
}

#[test]
fn a_currency_code_outside_iso_4217_is_refused_in_an_export_too() {
    let file = "Client Name,Invoice #,Date Issued,Invoice Status,Line Total,Currency\n\
                Acme,0001,2024-01-02,sent,100.00,XBT\n\
                Acme,0002,2024-01-02,sent,100.00,usd\n\
                Acme,0003,2024-01-02,sent,100.00,CAD\n";
    let import = import("freshbooks", file.as_bytes(), &options("USD"));
    assert_eq!(
        import.problem_texts(),
        [
            "line 2, column Currency: \"XBT\" is not a currency code; use a three-letter ISO 4217 \
             code such as EUR, USD or CNY, or leave the cell empty for the import's default \
             currency USD.",
            "line 3, column Currency: \"usd\" is not a currency code; use a three-letter ISO 4217 \
             code such as EUR, USD or CNY, or leave the cell empty for the import's default \
             currency USD.",
        ]
    );
    assert_eq!(import.invoice("0003").total.currency(), currency("CAD"));
}
