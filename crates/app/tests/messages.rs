//! Every sentence the use cases themselves say to a person, word for word, with the code a
//! shell branches on.

mod support;

use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    CustomerInput, DemoRequest, ImportRequest, InvoiceQuery, NewBook, OpenBook, ProfileChoice,
    SettlementInput,
};
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::Currency;
use support::{book, date, invoice, payment};

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

#[test]
fn a_book_needs_a_company_name_and_a_free_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.creditdesk");
    let err = creditdesk_app::create_book(
        &path,
        &NewBook {
            name: "  ".into(),
            currency: eur(),
        },
    )
    .err()
    .unwrap();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "The company name is empty; give the name of the company whose receivables the book holds."
    );

    book(dir.path());
    let again = NewBook {
        name: "Other".into(),
        currency: eur(),
    };
    let err = creditdesk_app::create_book(&dir.path().join("book.creditdesk"), &again)
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::BookExists);
    assert_eq!(
        err.message,
        format!(
            "{} already exists; choose another file name for the new book, or open the existing \
             book.",
            dir.path().join("book.creditdesk").display()
        )
    );
}

#[test]
fn opening_something_that_is_not_a_book_is_refused_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "not a database").unwrap();
    let err = OpenBook::open(&path).err().unwrap();
    assert_eq!(err.code, ErrorCode::NotABook);
    assert_eq!(
        err.message,
        format!(
            "{} is not a CreditDesk book. Open a file that CreditDesk created, or create a new \
             book.",
            path.display()
        )
    );
}

#[test]
fn demo_books_need_something_to_generate() {
    let dir = tempfile::tempdir().unwrap();
    let request = DemoRequest {
        seed: 1,
        customers: 0,
        invoices: 10,
        end: date("2024-12-31"),
        months: 12,
    };
    let err = creditdesk_app::create_demo_book(&dir.path().join("d.creditdesk"), &request)
        .err()
        .unwrap();
    assert_eq!(
        err.message,
        "A demo book needs at least one customer, one invoice and one month of history; got 0 \
         customers, 10 invoices and 12 months."
    );
    assert!(
        !dir.path().join("d.creditdesk").exists(),
        "no file is left behind"
    );
}

#[test]
fn unknown_profiles_list_the_ones_that_exist() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let file = dir.path().join("x.csv");
    std::fs::write(&file, "a,b\n").unwrap();
    let request = ImportRequest {
        file,
        profile: ProfileChoice::Builtin("sage".into()),
        currency: None,
        customer: None,
        terms: None,
        export_date: None,
        dry_run: true,
    };
    let err = book.import_file(&request, &mut |_| true).err().unwrap();
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
fn report_arguments_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = book(dir.path());
    let err = book.measures(date("2024-03-31"), 0).err().unwrap();
    assert_eq!(
        err.message,
        "The period of 0 days is not accepted; give between 1 and 3660 days (90 is usual)."
    );
    let query = InvoiceQuery {
        as_of: date("2024-03-31"),
        overdue_only: false,
        customer: None,
        currency: None,
        disputed_only: false,
        limit: 0,
        offset: 0,
    };
    let err = book.invoices(&query).err().unwrap();
    assert_eq!(
        err.message,
        "A page of 0 invoices is not accepted; ask for between 1 and 10000."
    );
    let err = book.invoice("INV-404").err().unwrap();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        err.message,
        "No invoice numbered INV-404 is in the book; check the number."
    );
}

#[test]
fn settlements_entered_by_hand_are_checked_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let cases = [
        (
            payment(" ", Some("10.00")),
            "The reference is empty; give the payment's, credit note's or write-off's own \
             reference, e.g. the bank statement line.",
        ),
        (
            payment("P-1", None),
            "No amount was given; give the amount, or what was paid with its rate.",
        ),
        (
            payment("P-1", Some("10.005")),
            "The amount 10.005 EUR has more decimals than EUR allows (2); round it to the EUR \
             minor unit.",
        ),
        (
            payment("P-1", Some("0.00")),
            "The amount 0.00 EUR is not accepted; give an amount above zero, or below zero for a \
             refund of a payment.",
        ),
        (
            SettlementInput {
                kind: SettlementKind::CreditNote,
                ..payment("CN-1", Some("-5.00"))
            },
            "The amount -5.00 EUR is not accepted; give an amount above zero. Money paid back to \
             the customer is a refund: a payment below zero.",
        ),
        (
            SettlementInput {
                kind: SettlementKind::Discount,
                ..payment("D-1", Some("1.00"))
            },
            "Discounts are granted with the payment that earns them; record the payment.",
        ),
        (
            SettlementInput {
                paid: Some(("100.00".parse().unwrap(), eur(), "0".parse().unwrap())),
                ..payment("P-2", None)
            },
            "The rate 0 is not accepted; give a rate above zero: units of EUR per unit of EUR.",
        ),
    ];
    for (input, message) in cases {
        let err = book.record_settlement(&input).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(err.message, message);
    }
    assert_eq!(book.counts().unwrap().settlements, 0);

    // A customer the book does not know is the store's sentence, passed through whole.
    let err = book
        .record_settlement(&payment("P-3", Some("10.00")))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        "Payment P-3 names customer HARBOUR, which is not in the book; import or add the \
         customer first."
    );
}

#[test]
fn customers_and_invoices_entered_by_hand_are_checked_and_answered_in_sentences() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    let customer = creditdesk_app::CustomerInput {
        reference: " ".into(),
        name: "Harbour & Finch LLP".into(),
        country: None,
        email: None,
        channel: None,
    };
    let err = book.save_customer(&customer).err().unwrap();
    assert_eq!(
        err.message,
        "The customer reference is empty; give the customer's code in your accounting system, or \
         a short name."
    );
    let customer = creditdesk_app::CustomerInput {
        reference: "HARBOUR".into(),
        ..customer
    };
    assert_eq!(
        book.save_customer(&customer).unwrap(),
        "Added customer HARBOUR."
    );
    assert_eq!(
        book.save_customer(&customer).unwrap(),
        "Customer HARBOUR is already in the book as given."
    );
    for (country, email, sentence) in [
        (
            Some("Germany"),
            None,
            "The country \"Germany\" is not a two-letter ISO 3166 country code; write it as DE, \
             GB, US or CN, for example.",
        ),
        (
            Some("D1"),
            None,
            "The country \"D1\" is not a two-letter ISO 3166 country code; write it as DE, GB, \
             US or CN, for example.",
        ),
        (
            None,
            Some("accounts at harbour"),
            "The email \"accounts at harbour\" is not an email address; write it as \
             name@example.com.",
        ),
    ] {
        let wrong = creditdesk_app::CustomerInput {
            country: country.map(str::to_string),
            email: email.map(str::to_string),
            ..customer.clone()
        };
        let err = book.save_customer(&wrong).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(err.message, sentence);
    }
    // A country code is kept in capitals, however it is typed.
    let lower = creditdesk_app::CustomerInput {
        country: Some(" gb ".into()),
        ..customer.clone()
    };
    assert_eq!(
        book.save_customer(&lower).unwrap(),
        "Updated customer HARBOUR: country."
    );

    let refused = [
        (
            invoice(" ", "10.00", None),
            "The invoice number is empty; give the number printed on the invoice.",
        ),
        (
            invoice("INV-1", "10.005", None),
            "The amount 10.005 EUR has more decimals than EUR allows (2); round it to the EUR \
             minor unit.",
        ),
        (
            invoice("INV-1", "0", None),
            "The amount 0.00 EUR is not accepted; an invoice is above zero (record a credit note \
             for money owed to the customer).",
        ),
        (
            invoice(
                "INV-1",
                "10.00",
                Some("2/40 net 30 in 0 parts every 1 month"),
            ),
            "Terms: The instalment count 0 in the payment terms \"2/40 net 30 in 0 parts every 1 \
             month\" is not accepted; give from 1 to 360 parts.",
        ),
    ];
    for (input, message) in refused {
        let err = book.post_invoice(&input).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(err.message, message);
    }
    assert_eq!(
        book.counts().unwrap().invoices,
        0,
        "nothing refused was written"
    );

    let good = invoice("INV-1", "1000.00", Some("2/10 net 30"));
    assert_eq!(
        book.post_invoice(&good).unwrap(),
        "Posted invoice INV-1 of 1000.00 EUR, due 2024-04-30."
    );
    assert_eq!(
        book.post_invoice(&good).unwrap(),
        "The book already holds invoice INV-1 with the same content; nothing was written."
    );
}

#[test]
fn a_payment_larger_than_what_its_invoice_has_open_says_how_much_stays_unapplied() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = book(dir.path());
    book.save_customer(&CustomerInput {
        reference: "HARBOUR".into(),
        name: "Harbour Ltd".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    book.post_invoice(&invoice("INV-1", "1000.00", None))
        .unwrap();
    let paying = |reference: &str, amount: &str| SettlementInput {
        invoice: Some("INV-1".into()),
        ..payment(reference, Some(amount))
    };
    assert_eq!(
        book.record_settlement(&paying("P-1", "400.00")).unwrap(),
        "Recorded payment P-1 of 400.00 EUR against invoice INV-1."
    );
    assert_eq!(
        book.record_settlement(&paying("P-2", "700.00")).unwrap(),
        "Recorded payment P-2 of 700.00 EUR: 600.00 EUR of it settles invoice INV-1, and \
         100.00 EUR stays unapplied until it is allocated."
    );
    assert_eq!(
        book.record_settlement(&paying("P-3", "50.00")).unwrap(),
        "Recorded payment P-3 of 50.00 EUR: 0.00 EUR of it settles invoice INV-1, and 50.00 EUR \
         stays unapplied until it is allocated."
    );
}
