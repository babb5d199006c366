//! The cash forecast of HARBOUR's book as of Saturday 2024-06-01, worked out by hand.
//!
//! History (EUR): H-1 of 1,000.00 and H-2 of 1,000.00, both due 2024-04-30, paid on
//! 2024-05-10 (10 days late) and 2024-05-19 (19 days late); H-3 of 200.00 written off on
//! 2024-05-31 is not paid and does not count. Observed delay:
//! (1,000.00 x 10 + 1,000.00 x 19) / 2,000.00 = 14.5 days, half away from zero: 15 days.
//!
//! Open on 2024-06-01 (weeks: week 1 is 06-01..06-07, week 2 06-08..06-14, week 5
//! 06-29..07-05; week 13 ends on 2024-08-30):
//! - INV-2, 400.00 due 04-30; a promise of 250.00 by 06-10 covers it: 250.00 in week 2, and the
//!   150.00 left is expected on 04-30 + 15 = 05-15, already late: week 1.
//! - INV-1, 600.00 due 06-14: expected 06-29, week 5.
//! - INV-3, 300.00 due 06-14 with 100.00 disputed: 200.00 in week 5, 100.00 disputed.
//! - INV-5, 50.00, marked disputed with no dispute on record: 50.00 disputed.
//! - INV-4, 1,000.00 due 10-31: expected 11-15, after week 13: later.
//! - INV-U, 100.00 USD due 06-30; no USD history, so no delay: week 5.
//!
//! EUR: week 1 150.00 (all late), week 2 250.00, week 5 800.00, later 1,000.00, disputed
//! 150.00; USD: week 5 100.00.

mod support;

use creditdesk_app::{
    CustomerInput, DisputeInput, InvoiceInput, OpenBook, PromiseInput, SettlementInput,
};
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::forecast::ForecastSource;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::promises::PromiseChannel;
use creditdesk_core::text::Language;
use creditdesk_core::Currency;
use support::{book, date, invoice, payment};

fn issued(number: &str, amount: &str, on: &str, due: &str) -> InvoiceInput {
    InvoiceInput {
        issue_date: date(on),
        due_date: Some(date(due)),
        ..invoice(number, amount, None)
    }
}

fn harbour(dir: &std::path::Path) -> OpenBook {
    let mut book = book(dir);
    book.save_customer(&CustomerInput {
        reference: "HARBOUR".into(),
        name: "Harbour Supplies".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    for (number, amount, on, due) in [
        ("H-1", "1000.00", "2024-03-31", "2024-04-30"),
        ("H-2", "1000.00", "2024-03-31", "2024-04-30"),
        ("H-3", "200.00", "2024-03-31", "2024-04-30"),
        ("INV-2", "400.00", "2024-03-31", "2024-04-30"),
        ("INV-1", "600.00", "2024-05-15", "2024-06-14"),
        ("INV-3", "300.00", "2024-05-15", "2024-06-14"),
        ("INV-5", "50.00", "2024-05-15", "2024-06-14"),
        ("INV-4", "1000.00", "2024-05-31", "2024-10-31"),
    ] {
        book.post_invoice(&issued(number, amount, on, due)).unwrap();
    }
    book.post_invoice(&InvoiceInput {
        currency: Some(Currency::from_code("USD").unwrap()),
        ..issued("INV-U", "100.00", "2024-05-31", "2024-06-30")
    })
    .unwrap();
    for (reference, number, on) in [("P-1", "H-1", "2024-05-10"), ("P-2", "H-2", "2024-05-19")] {
        book.record_settlement(&SettlementInput {
            invoice: Some(number.into()),
            date: date(on),
            ..payment(reference, Some("1000.00"))
        })
        .unwrap();
    }
    book.record_write_off(
        &SettlementInput {
            kind: SettlementKind::WriteOff,
            invoice: Some("H-3".into()),
            date: date("2024-05-31"),
            ..payment("W-1", Some("200.00"))
        },
        "insolvent",
    )
    .unwrap();
    book.open_dispute(&DisputeInput {
        invoice: "INV-3".into(),
        amount: Some("100.00".parse().unwrap()),
        line: None,
        reason: DisputeReason::Quality,
        note: String::new(),
        opened_on: date("2024-05-20"),
    })
    .unwrap();
    book.set_disputed("INV-5", true).unwrap();
    book.add_promise(&PromiseInput {
        customer: "HARBOUR".into(),
        made_on: date("2024-05-25"),
        promised_on: date("2024-06-10"),
        amount: "250.00".parse().unwrap(),
        currency: None,
        promised_by: "Ms Lind".into(),
        channel: PromiseChannel::Phone,
        invoices: vec!["INV-2".into()],
        dunning_level: None,
    })
    .unwrap();
    book
}

fn amounts(weeks: &[creditdesk_core::Money]) -> Vec<String> {
    weeks.iter().map(|w| w.amount().to_string()).collect()
}

#[test]
fn the_forecast_spreads_open_items_by_the_observed_delay_and_keeps_disputes_apart() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());

    let report = book.forecast(date("2024-06-01")).unwrap();
    let f = &report.forecast;
    assert_eq!(f.weeks.len(), 13);
    assert_eq!(f.weeks[12].to, date("2024-08-30"));

    // 14.5 days rounds half away from zero to 15; no delay is measured in USD.
    assert_eq!(report.delays.len(), 1);
    assert_eq!(
        (report.delays[0].customer.as_str(), report.delays[0].days),
        ("HARBOUR", 15)
    );

    let [eur, usd] = &f.currencies[..] else {
        panic!("two currencies: {:?}", f.currencies)
    };
    assert_eq!(eur.currency.code(), "EUR");
    let zero = "0.00".to_string();
    let mut expected = vec![zero.clone(); 13];
    expected[0] = "150.00".into();
    expected[1] = "250.00".into();
    expected[4] = "800.00".into();
    assert_eq!(amounts(&eur.weeks), expected);
    assert_eq!(eur.late_in_first_week.amount().to_string(), "150.00");
    assert_eq!(eur.later.amount().to_string(), "1000.00");
    assert_eq!(eur.disputed.amount().to_string(), "150.00");
    assert_eq!(eur.expected.amount().to_string(), "2200.00");
    let mut expected = vec![zero; 13];
    expected[4] = "100.00".into();
    assert_eq!(amounts(&usd.weeks), expected);

    // The promise and the rest of INV-2 are apart in the detail.
    let promise = f
        .entries
        .iter()
        .find(|e| e.source == ForecastSource::Promise)
        .unwrap();
    assert_eq!(
        (
            promise.reference.as_str(),
            promise.expected_on,
            promise.week
        ),
        ("INV-2", date("2024-06-10"), Some(2))
    );
    let rest = f
        .entries
        .iter()
        .find(|e| e.reference == "INV-2" && e.source == ForecastSource::Item);
    assert_eq!(rest.unwrap().expected_on, date("2024-05-15"));

    assert_eq!(
        report.summary,
        [
            "From 2024-06-01 through 2024-08-30 (13 weeks) 1200.00 EUR is expected, 150.00 EUR \
             of it already late in week 1; 1000.00 EUR is expected later and 150.00 EUR is \
             disputed.",
            "From 2024-06-01 through 2024-08-30 (13 weeks) 100.00 USD is expected, 0.00 USD of \
             it already late in week 1; 0.00 USD is expected later and 0.00 USD is disputed.",
        ]
    );
}

#[test]
fn the_forecast_in_chinese_and_of_an_empty_book() {
    let dir = tempfile::tempdir().unwrap();
    let empty = book(dir.path());
    assert_eq!(
        empty.forecast(date("2024-06-01")).unwrap().summary,
        ["Nothing is open on 2024-06-01, so no receipt is expected."]
    );
    let _speaking = Language::SimplifiedChinese.speak();
    assert_eq!(
        empty.forecast(date("2024-06-01")).unwrap().summary,
        ["截至 2024-06-01 没有未结款项，因此没有预计收款。"]
    );
    drop(empty);

    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    assert_eq!(
        book.forecast(date("2024-06-01")).unwrap().summary[0],
        "2024-06-01 至 2024-08-30（13 周）预计收款 1200.00 EUR，其中 150.00 EUR 在第 1 周时\
         已逾期；之后预计收款 1000.00 EUR，争议金额 150.00 EUR。"
    );
}
