//! The public IBM late-payment ledger, imported as exported and again after a spreadsheet
//! dropped the leading zeros of its invoice numbers. Runs when `../shared/data` exists.

use std::path::PathBuf;

use chrono::NaiveDate;
use creditdesk_core::aging::{age, Buckets, OpenItem};
use creditdesk_core::ledger::{Channel, CustomerRecord, InvoiceRecord, SettlementRecord};
use creditdesk_core::Money;
use creditdesk_store::{ImportTally, ImportTx, WriteOutcome};
use rust_decimal::Decimal;

use crate::support::{book, currency, invoice, payment};

struct Row {
    country: String,
    customer: String,
    number: String,
    issued: NaiveDate,
    due: NaiveDate,
    amount: Money,
    disputed: bool,
    settled: NaiveDate,
    paper: bool,
}

fn ledger(file: &str) -> Option<Vec<Row>> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    let path = dir.join("ledgers").join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: {} is not available", path.display());
        return None;
    };
    let us_date = |s: &str| NaiveDate::parse_from_str(s, "%m/%d/%Y").unwrap();
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
            Row {
                country: f[0].into(),
                customer: f[1].into(),
                number: f[3].into(),
                issued: us_date(f[4]),
                due: us_date(f[5]),
                amount: Money::exact(f[6].parse::<Decimal>().unwrap(), currency("USD")).unwrap(),
                disputed: f[7] == "Yes",
                settled: us_date(f[8]),
                paper: f[9] == "Paper",
            }
        })
        .collect();
    Some(rows)
}

fn records(row: &Row) -> (CustomerRecord, InvoiceRecord, SettlementRecord) {
    let customer = CustomerRecord {
        reference: row.customer.clone(),
        name: row.customer.clone(),
        country: Some(row.country.clone()),
        email: None,
        preferred_channel: Some(if row.paper {
            Channel::Paper
        } else {
            Channel::Email
        }),
    };
    let amount = row.amount.amount().to_string();
    let mut inv = invoice(
        &row.number,
        &row.customer,
        &row.issued.to_string(),
        &format!("{amount} USD"),
        &row.due.to_string(),
    );
    inv.disputed = row.disputed;
    let paid = payment(
        &row.number,
        &row.customer,
        &row.settled.to_string(),
        &format!("{amount} USD"),
        Some(&row.number),
    );
    (customer, inv, paid)
}

fn import(tx: &mut ImportTx<'_>, rows: &[Row]) -> Vec<WriteOutcome> {
    let mut outcomes = Vec::new();
    for row in rows {
        let (c, i, s) = records(row);
        outcomes.push(tx.customer(&c).unwrap());
        outcomes.push(tx.invoice(&i).unwrap());
        outcomes.push(tx.settlement(&s).unwrap());
    }
    outcomes
}

#[test]
fn the_ibm_ledger_reimported_after_a_spreadsheet_round_trip_changes_nothing() {
    let (Some(original), Some(resaved)) = (
        ledger("ibm-late-payment.csv"),
        ledger("ibm-late-payment.excel-resaved.csv"),
    ) else {
        return;
    };
    let mut book = book();
    let mut tx = book.begin_import().unwrap();
    let first = import(&mut tx, &original);
    assert!(
        !first.iter().any(|o| matches!(o, WriteOutcome::Conflict(_))),
        "{first:?}"
    );
    let tally: ImportTally = tx.commit().unwrap();
    assert_eq!(tally.invoices.inserted, original.len() as u64);
    let counts = book.counts().unwrap();

    let mut tx = book.begin_import().unwrap();
    import(&mut tx, &resaved);
    let again = tx.commit().unwrap();
    // Only numbers that had leading zeros differ; the rest are simply unchanged.
    let lost_zeros = original
        .iter()
        .zip(&resaved)
        .filter(|(o, r)| o.number != r.number)
        .count();
    assert!(lost_zeros > 0);
    assert_eq!(again.invoices.matched, lost_zeros as u64, "{again:?}");
    assert_eq!(
        again.invoices.unchanged,
        (resaved.len() - lost_zeros) as u64,
        "{again:?}"
    );
    assert_eq!(again.settlements.matched, lost_zeros as u64, "{again:?}");
    assert_eq!(
        again.invoices.conflicts + again.settlements.conflicts,
        0,
        "{again:?}"
    );
    assert_eq!(book.counts().unwrap(), counts);

    // Aging at past dates equals the reference built straight from the file: an invoice is
    // open from its invoice date until the day before it was settled.
    for as_of in ["2012-06-30", "2013-03-15", "2013-12-31"] {
        let as_of: NaiveDate = as_of.parse().unwrap();
        let items: Vec<OpenItem> = original
            .iter()
            .filter(|r| r.issued <= as_of && r.settled > as_of)
            .map(|r| OpenItem {
                customer_reference: r.customer.clone(),
                due_date: r.due,
                open: r.amount,
                disputed: r.disputed,
            })
            .collect();
        let expected = age(as_of, &Buckets::default(), &items, &[], &|r| {
            Some(r.to_string())
        });
        assert_eq!(
            book.aging(as_of, &Buckets::default()).unwrap(),
            expected,
            "as of {as_of}"
        );
    }
}
