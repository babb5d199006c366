//! The cash forecast on a small hand-made book, with the figures worked out by hand.

use std::collections::BTreeMap;

use creditdesk_core::forecast::{
    forecast, forecast_weeks, week_of, CashForecast, ExpectedInstalment, ExpectedPromise,
    ForecastError, ForecastItem, ForecastSource,
};
use creditdesk_core::Money;

use crate::{both, date, money};

fn item(customer: &str, number: &str, due: &str, open: &str, disputed: &str) -> ForecastItem {
    ForecastItem {
        customer_reference: customer.to_string(),
        invoice_number: number.to_string(),
        due_date: date(due),
        open: money(open),
        disputed: money(disputed),
    }
}

fn amounts(line: &[Money]) -> Vec<String> {
    line.iter().map(|m| m.amount().to_string()).collect()
}

/// As of Monday 2024-07-01. Week 1 is 07-01..07-07, week 2 07-08..07-14, week 3 07-15..07-21,
/// week 5 07-29..08-04, week 7 08-12..08-18, week 9 08-26..09-01, week 13 09-23..09-29.
///
/// | customer (delay) | what                          | expected on      | week  | amount   |
/// |------------------|-------------------------------|------------------|-------|----------|
/// | ALDER (+10)      | A-1 due 06-20                 | 06-30 (late)     | 1     | 1,000.00 |
/// | ALDER (+10)      | A-2 due 07-10, 500.00 disputed| 07-20            | 3     | 1,500.00 |
/// | BIRCH (none)     | B-1 due 07-05, 800.00, promise 500.00 on 07-12 | 07-12 | 2 | 500.00 |
/// |                  | the rest of B-1               | 07-05            | 1     | 300.00   |
/// | BIRCH (none)     | B-2 due 08-15 in USD          | 08-15            | 7     | 1,200.00 USD |
/// | CEDAR (-3)       | C-1 due 10-15                 | 10-12            | later | 3,000.00 |
/// | CEDAR            | plan P-7 part 2 due 07-31     | 07-31            | 5     | 250.00   |
/// | CEDAR            | plan P-7 part 3 due 08-31     | 08-31            | 9     | 250.00   |
///
/// EUR: week 1 1,300.00 (1,000.00 of it late), week 2 500.00, week 3 1,500.00, week 5 250.00,
/// week 9 250.00, later 3,000.00, expected 6,800.00 (= 6,300.00 undisputed open + 500.00 of
/// plan), disputed 500.00 apart. USD: week 7 1,200.00.
fn the_book() -> CashForecast {
    let items = [
        item("ALDER", "A-1", "2024-06-20", "1,000.00 EUR", "0.00 EUR"),
        item("ALDER", "A-2", "2024-07-10", "2,000.00 EUR", "500.00 EUR"),
        item("BIRCH", "B-1", "2024-07-05", "800.00 EUR", "0.00 EUR"),
        item("BIRCH", "B-2", "2024-08-15", "1,200.00 USD", "0.00 USD"),
        item("CEDAR", "C-1", "2024-10-15", "3,000.00 EUR", "0.00 EUR"),
    ];
    let promises = [ExpectedPromise {
        customer_reference: "BIRCH".to_string(),
        invoice_numbers: vec!["B-1".to_string()],
        promised_on: date("2024-07-12"),
        amount: money("500.00 EUR"),
    }];
    let plan = |seq: u32, due: &str| ExpectedInstalment {
        customer_reference: "CEDAR".to_string(),
        plan_reference: "P-7".to_string(),
        seq,
        due_date: date(due),
        open: money("250.00 EUR"),
    };
    let delays = BTreeMap::from([("ALDER".to_string(), 10), ("CEDAR".to_string(), -3)]);
    forecast(
        date("2024-07-01"),
        &items,
        &promises,
        &[plan(2, "2024-07-31"), plan(3, "2024-08-31")],
        &delays,
    )
    .unwrap()
}

#[test]
fn the_forecast_of_the_hand_made_book_gives_the_figures_worked_out_by_hand() {
    let book = the_book();
    let [eur, usd] = &book.currencies[..] else {
        panic!("two currencies: {:?}", book.currencies);
    };
    assert_eq!(eur.currency.code(), "EUR");
    assert_eq!(
        amounts(&eur.weeks),
        [
            "1300.00", "500.00", "1500.00", "0.00", "250.00", "0.00", "0.00", "0.00", "250.00",
            "0.00", "0.00", "0.00", "0.00"
        ]
    );
    assert_eq!(eur.late_in_first_week.amount().to_string(), "1000.00");
    assert_eq!(eur.later.amount().to_string(), "3000.00");
    assert_eq!(eur.expected.amount().to_string(), "6800.00");
    assert_eq!(eur.disputed.amount().to_string(), "500.00");

    assert_eq!(usd.weeks[6].amount().to_string(), "1200.00");
    assert_eq!(usd.expected.amount().to_string(), "1200.00");
    assert!(usd.disputed.is_zero());
}

#[test]
fn every_expected_amount_is_listed_with_its_source_date_and_week() {
    let book = the_book();
    let lines: Vec<(ForecastSource, String, String, Option<u32>, String)> = book
        .entries
        .iter()
        .map(|e| {
            (
                e.source,
                e.reference.clone(),
                e.expected_on.to_string(),
                e.week,
                e.amount.to_string(),
            )
        })
        .collect();
    use ForecastSource::*;
    let line = |s, r: &str, on: &str, w, a: &str| (s, r.into(), on.into(), w, a.into());
    assert_eq!(
        lines,
        vec![
            line(Item, "A-1", "2024-06-30", Some(1), "1000.00 EUR"),
            line(Item, "B-1", "2024-07-05", Some(1), "300.00 EUR"),
            line(Disputed, "A-2", "2024-07-10", None, "500.00 EUR"),
            line(Promise, "B-1", "2024-07-12", Some(2), "500.00 EUR"),
            line(Item, "A-2", "2024-07-20", Some(3), "1500.00 EUR"),
            line(PlanInstalment, "P-7/2", "2024-07-31", Some(5), "250.00 EUR"),
            line(Item, "B-2", "2024-08-15", Some(7), "1200.00 USD"),
            line(PlanInstalment, "P-7/3", "2024-08-31", Some(9), "250.00 EUR"),
            line(Item, "C-1", "2024-10-12", None, "3000.00 EUR"),
        ]
    );
}

#[test]
fn weeks_start_on_the_as_of_date_and_run_seven_days() {
    let weeks = forecast_weeks(date("2024-07-01"));
    assert_eq!(weeks.len(), 13);
    assert_eq!(
        (weeks[0].from, weeks[0].to),
        (date("2024-07-01"), date("2024-07-07"))
    );
    assert_eq!(
        (weeks[12].from, weeks[12].to),
        (date("2024-09-23"), date("2024-09-29"))
    );
    let as_of = date("2024-07-01");
    assert_eq!(
        week_of(as_of, date("2023-12-31")),
        Some(1),
        "late lands in week 1"
    );
    assert_eq!(week_of(as_of, date("2024-07-07")), Some(1));
    assert_eq!(week_of(as_of, date("2024-07-08")), Some(2));
    assert_eq!(week_of(as_of, date("2024-09-29")), Some(13));
    assert_eq!(
        week_of(as_of, date("2024-09-30")),
        None,
        "after week 13: later"
    );
}

#[test]
fn a_promise_never_expects_more_than_its_items_owe() {
    // BIRCH promises 1,000.00 for B-1, which is open for 800.00: 800.00 is expected on the
    // promised date and nothing at B-1's own date.
    let items = [item("BIRCH", "B-1", "2024-07-05", "800.00 EUR", "0.00 EUR")];
    let promises = [ExpectedPromise {
        customer_reference: "BIRCH".to_string(),
        invoice_numbers: vec!["B-1".to_string()],
        promised_on: date("2024-07-20"),
        amount: money("1,000.00 EUR"),
    }];
    let book = forecast(date("2024-07-01"), &items, &promises, &[], &BTreeMap::new()).unwrap();
    assert_eq!(book.entries.len(), 1);
    assert_eq!(book.entries[0].amount, money("800.00 EUR"));
    assert_eq!(book.currencies[0].weeks[2], money("800.00 EUR"));
}

#[test]
fn the_forecast_refusals_are_sentences_in_both_languages() {
    let bad = [item(
        "ALDER",
        "A-9",
        "2024-07-05",
        "100.00 EUR",
        "150.00 EUR",
    )];
    let err = forecast(date("2024-07-01"), &bad, &[], &[], &BTreeMap::new()).unwrap_err();
    assert_eq!(
        both(&err),
        (
            "Invoice A-9 has 150.00 EUR disputed out of 100.00 EUR open, which cannot be; the \
             disputed part is from zero up to the open amount, in the same currency. Check the \
             invoice's disputes."
                .to_string(),
            "发票 A-9 未结 100.00 EUR，争议金额却为 150.00 EUR，这不可能；争议部分应在零到未结金额\
             之间，且币种相同。请核对该发票的争议。"
                .to_string()
        )
    );
    let far = [item("ALDER", "A-1", "2024-07-05", "100.00 EUR", "0.00 EUR")];
    let delays = BTreeMap::from([("ALDER".to_string(), i64::MAX)]);
    let err: ForecastError = forecast(date("2024-07-01"), &far, &[], &[], &delays).unwrap_err();
    assert_eq!(
        both(&err),
        (
            format!(
                "A delay of {} days for customer ALDER moves the date 2024-07-05 beyond the \
                 supported calendar; check the customer's average delay.",
                i64::MAX
            ),
            format!(
                "客户 ALDER 的平均延迟 {} 天使日期 2024-07-05 超出了支持的日历范围；请核对该客户的\
                 平均延迟天数。",
                i64::MAX
            )
        )
    );
}

#[test]
fn a_pending_promise_is_expected_for_what_it_still_lacks_and_a_broken_one_not_at_all() {
    use creditdesk_core::promises::{Promise, PromiseChannel, Receipt};
    // BIRCH promised 800.00 by 07-12 and paid 300.00 on 07-03: 500.00 is still expected.
    let promise = Promise {
        customer_reference: "BIRCH".to_string(),
        made_on: date("2024-07-01"),
        promised_on: date("2024-07-12"),
        amount: money("800.00 EUR"),
        promised_by: "Ana Birch".to_string(),
        channel: PromiseChannel::Letter,
        invoice_numbers: vec!["B-1".to_string()],
        dunning_level: None,
    };
    let paid = [Receipt {
        date: date("2024-07-03"),
        amount: money("300.00 EUR"),
    }];
    let pending = promise.standing(&paid, date("2024-07-05")).unwrap();
    let expected = ExpectedPromise::pending(&promise, &pending).unwrap();
    assert_eq!(expected.amount, money("500.00 EUR"));
    assert_eq!(expected.promised_on, date("2024-07-12"));
    let broken = promise.standing(&paid, date("2024-07-13")).unwrap();
    assert_eq!(ExpectedPromise::pending(&promise, &broken), None);
}
