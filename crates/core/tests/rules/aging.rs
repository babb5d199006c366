//! The reference aging report: rows, totals, disputes, unapplied receipts and bucket sets.

use creditdesk_core::aging::{age, days_overdue, AgingRow, Buckets, OpenItem};
use creditdesk_core::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::{date, eur, euros};

fn item(customer: &str, due: &str, open: Money, disputed: bool) -> OpenItem {
    OpenItem {
        customer_reference: customer.to_string(),
        due_date: date(due),
        open,
        disputed,
    }
}

fn amounts(row: &AgingRow) -> Vec<String> {
    row.buckets.iter().map(|m| m.amount().to_string()).collect()
}

fn no_names(_: &str) -> Option<String> {
    None
}

#[test]
fn a_custom_bucket_set_ages_into_its_own_ranges() {
    // Buckets 15,45: Current, 1-15, 16-45, 45+. As of 2024-05-15:
    // due 05-01 is 14 days, 04-30 is 15, 04-29 is 16, 03-31 is 45, 03-30 is 46.
    let buckets = Buckets::parse("15, 45").unwrap();
    let items = [
        item("C1", "2024-05-01", euros("1.00"), false),
        item("C1", "2024-04-30", euros("2.00"), false),
        item("C1", "2024-04-29", euros("4.00"), false),
        item("C1", "2024-03-31", euros("8.00"), false),
        item("C1", "2024-03-30", euros("16.00"), false),
        item("C1", "2024-05-16", euros("32.00"), false),
    ];
    let report = age(date("2024-05-15"), &buckets, &items, &[], &no_names);
    assert_eq!(report.labels, vec!["Current", "1-15", "16-45", "45+"]);
    assert_eq!(
        amounts(&report.totals[0]),
        vec!["32.00", "3.00", "12.00", "16.00"]
    );
    assert_eq!(report.totals[0].open_total, euros("63.00"));
}

#[test]
fn rows_are_ordered_by_customer_then_currency_and_totals_by_currency() {
    let jpy = Currency::from_code("JPY").unwrap();
    let yen = Money::from_minor(5000, jpy);
    let items = [
        item("ZETA", "2024-03-01", euros("10.00"), false),
        item("ALFA", "2024-03-01", yen, false),
        item("ALFA", "2024-03-01", euros("20.00"), true),
    ];
    let unapplied = [("BETA".to_string(), euros("7.50"))];
    let names = |reference: &str| (reference == "ALFA").then(|| "Alfa Trading".to_string());
    let report = age(
        date("2024-03-10"),
        &Buckets::default(),
        &items,
        &unapplied,
        &names,
    );

    let rows: Vec<(String, String)> = report
        .customers
        .iter()
        .map(|r| {
            (
                r.customer_reference.clone().unwrap(),
                r.currency.to_string(),
            )
        })
        .collect();
    let expected = [
        ("ALFA", "EUR"),
        ("ALFA", "JPY"),
        ("BETA", "EUR"),
        ("ZETA", "EUR"),
    ];
    assert_eq!(
        rows,
        expected
            .map(|(c, k)| (c.to_string(), k.to_string()))
            .to_vec()
    );
    assert_eq!(
        report.customers[0].customer_name.as_deref(),
        Some("Alfa Trading")
    );
    assert_eq!(report.customers[2].customer_name, None);

    let totals: Vec<String> = report
        .totals
        .iter()
        .map(|r| r.currency.to_string())
        .collect();
    assert_eq!(totals, vec!["EUR", "JPY"]);
    let eur_total = &report.totals[0];
    assert_eq!(eur_total.customer_reference, None);
    assert_eq!(eur_total.open_total, euros("30.00"));
    assert_eq!(eur_total.disputed, euros("20.00"));
    assert_eq!(eur_total.unapplied, euros("-7.50"));
    assert_eq!(eur_total.net, euros("22.50"));
    assert_eq!(report.totals[1].open_total, yen);
}

#[test]
fn a_customer_with_only_an_unapplied_receipt_has_a_row_of_zero_buckets() {
    let unapplied = [("GREENLEAF".to_string(), euros("500.00"))];
    let report = age(
        date("2024-03-01"),
        &Buckets::default(),
        &[],
        &unapplied,
        &no_names,
    );
    let row = &report.customers[0];
    assert_eq!(amounts(row), vec!["0.00"; 5]);
    assert_eq!(row.open_total.amount().to_string(), "0.00");
    assert_eq!(row.unapplied, euros("-500.00"));
    assert_eq!(row.net, euros("-500.00"));
}

#[test]
fn a_disputed_item_is_still_aged_and_owed() {
    // B09's aging part: INV-A 1,200.00 due 2024-03-01, disputed, as of 2024-04-15: 45 days, 31-60.
    let items = [
        item("ALVAREZ", "2024-03-01", euros("1,200.00"), true),
        item("ALVAREZ", "2024-03-10", euros("300.00"), false),
    ];
    let report = age(
        date("2024-04-15"),
        &Buckets::default(),
        &items,
        &[],
        &no_names,
    );
    let row = &report.customers[0];
    assert_eq!(
        amounts(row),
        vec!["0.00", "0.00", "1500.00", "0.00", "0.00"]
    );
    assert_eq!(row.disputed, euros("1,200.00"));
    assert_eq!(row.open_total, euros("1,500.00"));
}

fn buckets() -> impl Strategy<Value = Buckets> {
    proptest::collection::btree_set(1i64..200, 1..5)
        .prop_map(|set| Buckets::new(set.into_iter().collect()).unwrap())
}

fn items() -> impl Strategy<Value = Vec<OpenItem>> {
    let one = (
        0usize..4,
        -100i64..300,
        1i64..1_000_000,
        any::<bool>(),
        any::<bool>(),
    );
    proptest::collection::vec(one, 0..30).prop_map(|rows| {
        let jpy = Currency::from_code("JPY").unwrap();
        rows.into_iter()
            .map(|(customer, offset, minor, yen, disputed)| OpenItem {
                customer_reference: format!("C{customer}"),
                due_date: date("2024-06-01") + chrono::Days::new((offset + 100) as u64),
                open: Money::from_minor(minor, if yen { jpy } else { eur() }),
                disputed,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn every_item_lands_in_exactly_one_bucket_and_buckets_add_up_to_the_open_total(
        buckets in buckets(),
        items in items(),
        as_of_offset in 0u64..400,
    ) {
        let as_of = date("2024-06-01") + chrono::Days::new(as_of_offset);
        let report = age(as_of, &buckets, &items, &[], &no_names);

        // Ranges of days overdue per bucket, built from the bounds alone.
        let bounds = buckets.bounds();
        let mut ranges = vec![(i64::MIN, 0)];
        let mut low = 1;
        for &b in bounds {
            ranges.push((low, b));
            low = b + 1;
        }
        ranges.push((low, i64::MAX));
        prop_assert_eq!(ranges.len(), report.labels.len());

        let mut expected: std::collections::BTreeMap<Currency, Vec<Decimal>> = Default::default();
        for item in &items {
            let days = days_overdue(item.due_date, as_of);
            let holding: Vec<usize> =
                (0..ranges.len()).filter(|&i| ranges[i].0 <= days && days <= ranges[i].1).collect();
            prop_assert_eq!(holding.len(), 1);
            let sums = expected
                .entry(item.open.currency())
                .or_insert(vec![Decimal::ZERO; ranges.len()]);
            sums[holding[0]] += item.open.amount();
        }

        prop_assert_eq!(report.totals.len(), expected.len());
        for row in report.totals.iter().chain(&report.customers) {
            let sum: Decimal = row.buckets.iter().map(Money::amount).sum();
            prop_assert_eq!(sum, row.open_total.amount());
            prop_assert_eq!(row.net, row.open_total);
            prop_assert!(row.disputed.amount() <= row.open_total.amount());
        }
        for total in &report.totals {
            let got: Vec<Decimal> = total.buckets.iter().map(Money::amount).collect();
            prop_assert_eq!(&got, &expected[&total.currency]);
            let customers: Decimal = report
                .customers
                .iter()
                .filter(|r| r.currency == total.currency)
                .map(|r| r.open_total.amount())
                .sum();
            prop_assert_eq!(customers, total.open_total.amount());
        }
    }
}
