//! Writing records: idempotent re-imports, conflicts in words, numbers that lost their leading
//! zeros, customers that change, and transactions that roll back.

use creditdesk_core::aging::Buckets;
use creditdesk_core::ledger::{Channel, SettlementKind};
use creditdesk_store::{FileCounts, WriteOutcome};

use crate::support::*;

fn pine_hollow_ledger() -> (
    Vec<creditdesk_core::ledger::CustomerRecord>,
    Vec<creditdesk_core::ledger::InvoiceRecord>,
    Vec<creditdesk_core::ledger::SettlementRecord>,
) {
    (
        vec![
            customer("C-1", "Pine Hollow Crafts"),
            customer("C-2", "Ostrander Marine"),
        ],
        vec![
            invoice("INV-401", "C-1", "2024-05-01", "50.00 EUR", "2024-05-31"),
            instalment_invoice(
                "INV-301",
                "C-2",
                "2024-01-15",
                "1200.00 EUR",
                &[
                    ("2024-02-15", "400.00 EUR"),
                    ("2024-03-15", "400.00 EUR"),
                    ("2024-04-15", "400.00 EUR"),
                ],
            ),
        ],
        vec![
            settlement(
                SettlementKind::CreditNote,
                "CN-9",
                "C-1",
                "2024-06-03",
                "10.00 EUR",
                Some("INV-401"),
            ),
            payment("R-1", "C-2", "2024-02-20", "500.00 EUR", None),
        ],
    )
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let mut book = book();
    let (customers, invoices, settlements) = pine_hollow_ledger();
    post(&mut book, &customers, &invoices, &settlements);
    let counts = book.counts().unwrap();
    let aging = book.aging(date("2024-06-15"), &Buckets::default()).unwrap();
    let detail = book.invoice("INV-401").unwrap();

    let mut tx = book.begin_import().unwrap();
    for c in &customers {
        assert_eq!(tx.customer(c).unwrap(), WriteOutcome::Unchanged);
    }
    for i in &invoices {
        assert_eq!(tx.invoice(i).unwrap(), WriteOutcome::Unchanged);
    }
    for s in &settlements {
        assert_eq!(tx.settlement(s).unwrap(), WriteOutcome::Unchanged);
    }
    tx.record_batch(
        "generic",
        "ledger.csv",
        "ab12",
        FileCounts {
            rows_read: 6,
            rows_rejected: 0,
        },
    );
    let tally = tx.commit().unwrap();
    assert_eq!(tally.invoices.unchanged, 2);

    assert_eq!(book.counts().unwrap(), counts);
    assert_eq!(
        book.aging(date("2024-06-15"), &Buckets::default()).unwrap(),
        aging
    );
    assert_eq!(
        book.invoice("INV-401").unwrap(),
        detail,
        "no second allocation of CN-9"
    );

    // One summary entry per import, never one per record.
    let trail = book.audit_trail(10).unwrap();
    let imports: Vec<_> = trail.iter().filter(|e| e.action == "import").collect();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0].reference, "ledger.csv");
    assert_eq!(imports[0].detail["invoices"]["unchanged"], 2);
    assert_eq!(imports[0].detail["rows_read"], 6);
}

#[test]
fn a_changed_invoice_is_a_conflict_that_names_the_field_and_both_values() {
    let mut book = book();
    let (customers, invoices, _) = pine_hollow_ledger();
    post(&mut book, &customers, &invoices, &[]);

    let mut tx = book.begin_import().unwrap();
    let mut changed = invoices[0].clone();
    changed.total = money("55.00 EUR");
    changed.terms.instalments[0].amount = money("55.00 EUR");
    assert_eq!(
        tx.invoice(&changed).unwrap(),
        WriteOutcome::Conflict(
            "Invoice INV-401 is already in the book with a different total: the book has 50.00 \
             EUR, the file has 55.00 EUR. An import never changes a posted invoice; correct the \
             file, or record a credit note for the difference."
                .into()
        )
    );

    let mut moved = invoices[1].clone();
    moved.terms.instalments[1].due_date = date("2024-03-16");
    assert_eq!(
        tx.invoice(&moved).unwrap(),
        WriteOutcome::Conflict(
            "Invoice INV-301 is already in the book with a different due date of instalment 2: \
             the book has 2024-03-15, the file has 2024-03-16. An import never changes a posted \
             invoice; correct the file, or record a credit note for the difference."
                .into()
        )
    );

    // The dispute flag belongs to the book once imported: a file cannot clear or set it, and
    // one that sets it is told so.
    let mut disputed = invoices[0].clone();
    disputed.disputed = true;
    assert_eq!(
        tx.invoice(&disputed).unwrap(),
        WriteOutcome::Kept {
            note: "is marked disputed in the file but not in the book, and an import does not \
                   change the mark of an invoice it holds; if the customer disputes it, open a \
                   dispute or mark it (`dispute NUMBER`, or the invoice's page)."
                .into()
        }
    );
    let tally = tx.tally();
    assert_eq!((tally.invoices.conflicts, tally.invoices.unchanged), (2, 1));
    drop(tx);

    assert_eq!(
        book.invoice("INV-401").unwrap().unwrap().total,
        money("50.00 EUR")
    );
}

#[test]
fn a_changed_settlement_is_a_conflict_too() {
    let mut book = book();
    let (customers, invoices, settlements) = pine_hollow_ledger();
    post(&mut book, &customers, &invoices, &settlements);

    let mut changed = settlements[1].clone();
    changed.amount = money("550.00 EUR");
    let mut tx = book.begin_import().unwrap();
    assert_eq!(
        tx.settlement(&changed).unwrap(),
        WriteOutcome::Conflict(
            "Payment R-1 is already in the book with a different amount: the book has 500.00 \
             EUR, the file has 550.00 EUR. An import never changes a recorded settlement; correct \
             the file, or record a correction under a new reference."
                .into()
        )
    );
    drop(tx);

    // The same, entered by hand.
    let outcome = book.record_settlement(&changed).unwrap();
    assert_eq!(
        outcome,
        WriteOutcome::Conflict(
            "Payment R-1 is already in the book with a different amount: the book has 500.00 \
             EUR, you gave 550.00 EUR. A recorded settlement is never changed; record this one \
             under another reference."
                .into()
        )
    );
}

#[test]
fn records_that_name_something_missing_are_conflicts() {
    let mut book = book();
    let mut tx = book.begin_import().unwrap();
    tx.customer(&customer("C-1", "Greenleaf Catering")).unwrap();

    let orphan = invoice("INV-9", "C-404", "2024-01-01", "10.00 EUR", "2024-01-31");
    assert_eq!(
        tx.invoice(&orphan).unwrap(),
        WriteOutcome::Conflict(
            "Invoice INV-9 names customer C-404, which is not in the book; import or add the \
             customer first."
                .into()
        )
    );
    let unknown = payment("R-77", "C-1", "2024-02-10", "500.00 EUR", Some("INV-501"));
    assert_eq!(
        tx.settlement(&unknown).unwrap(),
        WriteOutcome::Conflict(
            "Payment R-77 names invoice INV-501, which is not in the book; import the invoice \
             first, or leave the invoice out so that the settlement is allocated later, oldest \
             due first."
                .into()
        )
    );

    tx.invoice(&invoice(
        "INV-501",
        "C-1",
        "2024-01-01",
        "500.00 EUR",
        "2024-01-31",
    ))
    .unwrap();
    let dollars = payment("R-78", "C-1", "2024-02-10", "500.00 USD", Some("INV-501"));
    assert_eq!(
        tx.settlement(&dollars).unwrap(),
        WriteOutcome::Conflict(
            "Payment R-78 is in USD, but invoice INV-501 is in EUR; give the amount in EUR, the \
             invoice's currency, and what was actually paid as the foreign amount with its rate."
                .into()
        )
    );
    tx.customer(&customer("C-2", "Someone Else")).unwrap();
    let wrong_customer = payment("R-79", "C-2", "2024-02-10", "500.00 EUR", Some("INV-501"));
    assert_eq!(
        tx.settlement(&wrong_customer).unwrap(),
        WriteOutcome::Conflict(
            "Payment R-79 is from customer C-2, but invoice INV-501 belongs to customer C-1; \
             correct the customer or the invoice number."
                .into()
        )
    );
    let short = instalment_invoice(
        "INV-502",
        "C-1",
        "2024-01-01",
        "100.00 EUR",
        &[("2024-02-01", "50.00 EUR"), ("2024-03-01", "40.00 EUR")],
    );
    assert_eq!(
        tx.invoice(&short).unwrap(),
        WriteOutcome::Conflict(
            "Invoice INV-502 has instalments that add up to 90.00 EUR, but its total is 100.00 \
             EUR; the instalments must add up to the total exactly."
                .into()
        )
    );
    tx.commit().unwrap();
    assert_eq!(book.counts().unwrap().settlements, 0);
    assert_eq!(book.counts().unwrap().invoices, 1);
}

#[test]
fn a_number_that_lost_its_leading_zeros_matches_the_invoice_in_the_book() {
    let mut book = book();
    let original = invoice(
        "0000611365",
        "0379-NEVHP",
        "2013-01-02",
        "55.94 USD",
        "2013-02-01",
    );
    post(
        &mut book,
        &[customer("0379-NEVHP", "0379-NEVHP")],
        &[original],
        &[],
    );

    let mut tx = book.begin_import().unwrap();
    let resaved = invoice(
        "611365",
        "0379-NEVHP",
        "2013-01-02",
        "55.94 USD",
        "2013-02-01",
    );
    assert_eq!(
        tx.invoice(&resaved).unwrap(),
        WriteOutcome::Matched {
            existing_number: "0000611365".into()
        }
    );
    // A settlement that names the invoice the spreadsheet's way still finds it.
    let paid = payment(
        "0000611365",
        "0379-NEVHP",
        "2013-01-15",
        "55.94 USD",
        Some("611365"),
    );
    assert_eq!(tx.settlement(&paid).unwrap(), WriteOutcome::Inserted);
    // And the same payment from the resaved file matches it rather than paying twice.
    let paid_again = payment(
        "611365",
        "0379-NEVHP",
        "2013-01-15",
        "55.94 USD",
        Some("611365"),
    );
    assert_eq!(
        tx.settlement(&paid_again).unwrap(),
        WriteOutcome::Matched {
            existing_number: "0000611365".into()
        }
    );
    // Same digits, another amount: not the same invoice, and the book cannot hold both.
    let other = invoice(
        "611365",
        "0379-NEVHP",
        "2013-01-02",
        "12.00 USD",
        "2013-02-01",
    );
    assert_eq!(
        tx.invoice(&other).unwrap(),
        WriteOutcome::Conflict(
            "Invoice 611365 differs only by leading zeros from 0000611365, which is in the book \
             with a different total: the book has 55.94 USD, the file has 12.00 USD. A book \
             cannot hold both, because a spreadsheet that drops leading zeros would make them \
             one; correct the number in the file."
                .into()
        )
    );
    tx.commit().unwrap();

    assert_eq!(book.counts().unwrap().invoices, 1);
    let detail = book.invoice("0000611365").unwrap().unwrap();
    assert_eq!(detail.open, money("0.00 USD"));
    assert_eq!(
        detail.instalments[0].allocations[0].settlement_reference,
        "0000611365"
    );
    assert_eq!(
        book.invoice("611365").unwrap().unwrap().number,
        "0000611365"
    );
}

#[test]
fn a_customer_follows_the_latest_file_and_keeps_what_the_file_leaves_empty() {
    let mut book = book();
    let mut first = customer("0379-NEVHP", "Nevada Hardware");
    first.email = Some("ap@nevhp.example".into());
    first.preferred_channel = Some(Channel::Paper);
    post(&mut book, &[first.clone()], &[], &[]);

    let mut tx = book.begin_import().unwrap();
    let mut later = customer("0379-NEVHP", "Nevada Hardware");
    later.preferred_channel = Some(Channel::Email);
    assert_eq!(
        tx.customer(&later).unwrap(),
        WriteOutcome::Updated {
            fields: vec!["preferred channel".into()]
        }
    );
    assert_eq!(tx.customer(&later).unwrap(), WriteOutcome::Unchanged);
    tx.commit().unwrap();

    let listed = &book.customers(date("2024-01-01")).unwrap()[0];
    assert_eq!(listed.email.as_deref(), Some("ap@nevhp.example"));
    assert_eq!(listed.channel, Some(Channel::Email));
}

#[test]
fn dropping_an_import_leaves_the_book_as_it_was() {
    let mut book = book();
    let (customers, invoices, settlements) = pine_hollow_ledger();
    {
        let mut tx = book.begin_import().unwrap();
        post_in(&mut tx, &customers, &invoices, &settlements);
    }
    let counts = book.counts().unwrap();
    assert_eq!(
        (counts.customers, counts.invoices, counts.settlements),
        (0, 0, 0)
    );
    assert!(book
        .audit_trail(10)
        .unwrap()
        .iter()
        .all(|e| e.action != "import"));
}

#[test]
fn single_writes_are_audited() {
    let mut book = book();
    let (customers, invoices, _) = pine_hollow_ledger();
    post(&mut book, &customers, &invoices, &[]);

    let receipt = payment("R-7", "C-2", "2024-02-20", "500.00 EUR", None);
    assert_eq!(
        book.record_settlement(&receipt).unwrap(),
        WriteOutcome::Inserted
    );
    assert_eq!(
        book.record_settlement(&receipt).unwrap(),
        WriteOutcome::Unchanged
    );
    assert!(book.set_disputed("INV-401", true).unwrap());
    assert!(
        !book.set_disputed("INV-401", true).unwrap(),
        "already disputed: nothing to do"
    );
    let made = book.allocate_unapplied("C-2", date("2024-03-01")).unwrap();
    let parts: Vec<(String, u32, String)> = made
        .iter()
        .map(|m| {
            (
                m.invoice_number.clone(),
                m.instalment_seq,
                m.amount.amount().to_string(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        vec![
            ("INV-301".into(), 1, "400.00".into()),
            ("INV-301".into(), 2, "100.00".into())
        ]
    );
    assert!(book
        .allocate_unapplied("C-2", date("2024-03-01"))
        .unwrap()
        .is_empty());

    let actions: Vec<String> = book
        .audit_trail(10)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "allocate",
            "set_disputed",
            "record_settlement",
            "import",
            "create_book"
        ]
    );

    let err = book.set_disputed("INV-999", true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "No invoice numbered INV-999 is in the book; check the number."
    );
}

#[test]
fn a_date_a_book_cannot_hold_is_a_conflict() {
    let mut book = book();
    let mut tx = book.begin_import().unwrap();
    tx.customer(&customer("C-1", "Nordlicht Bau GmbH")).unwrap();
    let mut far = invoice("INV-1", "C-1", "2024-01-01", "10.00 EUR", "2024-01-31");
    far.terms.instalments[0].due_date = chrono::NaiveDate::from_ymd_opt(10_000, 1, 31).unwrap();
    assert_eq!(
        tx.invoice(&far).unwrap(),
        WriteOutcome::Conflict(
            "Invoice INV-1 has due date of instalment 1 +10000-01-31, which a book cannot hold; \
             give a date from 0001-01-01 to 9999-12-31."
                .into()
        )
    );
    // Without a named file the import still leaves its summary in the trail.
    tx.commit().unwrap();
    let entry = &book.audit_trail(1).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.reference.as_str()),
        ("import", "")
    );
    assert_eq!(entry.detail["invoices"]["conflicts"], 1);
}
