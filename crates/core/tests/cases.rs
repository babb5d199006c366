//! The acceptance cases of the case book that the pure core decides: due dates from terms,
//! frozen discount offers, aging by instalment due date, and commercial rounding. Each example of
//! the book is kept as written, and the whole kind of fault it names is checked around it.

use chrono::{Datelike, Days, Months, NaiveDate};
use creditdesk_core::aging::{age, days_overdue, AgingReport, Buckets, OpenItem};
use creditdesk_core::terms::{settlement_discount, DueRule, PaymentTerms};
use creditdesk_core::{Currency, Money, Rounding};
use rust_decimal::Decimal;

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// An amount written as in the case book: `1,000.00`.
fn euros(text: &str) -> Money {
    Money::exact(text.replace(',', "").parse().unwrap(), eur()).unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn due(terms: &str, invoice: &str) -> NaiveDate {
    PaymentTerms::parse(terms)
        .unwrap()
        .due_date(date(invoice))
        .unwrap()
}

fn item(customer: &str, due: &str, open: &str) -> OpenItem {
    OpenItem {
        customer_reference: customer.to_string(),
        due_date: date(due),
        open: euros(open),
        disputed: false,
    }
}

fn aging(as_of: &str, items: &[OpenItem], unapplied: &[(String, Money)]) -> AgingReport {
    age(date(as_of), &Buckets::default(), items, unapplied, &|_| {
        None
    })
}

/// The default buckets of a report's EUR total, as "label amount" pairs.
fn bucket_totals(report: &AgingReport) -> Vec<String> {
    let total = &report.totals[0];
    report
        .labels
        .iter()
        .zip(&total.buckets)
        .map(|(l, m)| format!("{l} {}", m.amount()))
        .collect()
}

/// The last calendar day of a month, found without the code under test: the day before the
/// first of the following month.
fn month_end_independently(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
    first + Months::new(1) - Days::new(1)
}

fn every_day_of(years: &[i32]) -> impl Iterator<Item = NaiveDate> + '_ {
    years.iter().flat_map(|&year| {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        first.iter_days().take_while(move |d| d.year() == year)
    })
}

#[test]
fn b01_eom_plus_one_month_lands_on_the_last_day_of_the_target_month() {
    for (invoice, expected) in [
        ("2020-06-11", "2020-07-31"),
        ("2025-02-10", "2025-03-31"),
        ("2024-02-29", "2024-03-31"),
        ("2024-01-31", "2024-02-29"),
    ] {
        assert_eq!(
            due("EOM + 1 month", invoice),
            date(expected),
            "invoice {invoice}"
        );
    }
}

#[test]
fn b01_every_invoice_day_of_a_leap_and_a_common_year_lands_on_the_target_month_end() {
    for invoice in every_day_of(&[2023, 2024]) {
        for months in 0..=25u32 {
            let terms = PaymentTerms {
                due: DueRule::EndOfMonthPlusMonths { months },
                ..PaymentTerms::net(0)
            };
            let target = NaiveDate::from_ymd_opt(invoice.year(), invoice.month(), 1).unwrap()
                + Months::new(months);
            let expected = month_end_independently(target.year(), target.month());
            assert_eq!(
                terms.due_date(invoice).unwrap(),
                expected,
                "{invoice} eom +{months}"
            );
        }
    }
}

#[test]
fn b02_thirty_days_eom_day_ten_takes_the_tenth_of_the_month_after_the_month_end() {
    for (invoice, expected) in [
        ("2016-01-14", "2016-03-10"),
        ("2024-03-20", "2024-05-10"),
        ("2023-12-05", "2024-02-10"),
    ] {
        assert_eq!(
            due("30 days end of month day 10", invoice),
            date(expected),
            "invoice {invoice}"
        );
    }
}

#[test]
fn b02_every_step_of_days_eom_day_is_applied_for_every_invoice_day() {
    for invoice in every_day_of(&[2015, 2016]) {
        for days in [0u32, 1, 30, 45, 60, 90] {
            for day in [1u32, 10, 28, 29, 30, 31] {
                let terms = PaymentTerms {
                    due: DueRule::DaysEndOfMonthThenDay { days, day },
                    ..PaymentTerms::net(0)
                };
                // Step 1: + days. Step 2: the month end of that date. Step 3: day D of the month
                // after, or that month's last day when it is shorter.
                let later = invoice + Days::new(u64::from(days));
                let month_end = month_end_independently(later.year(), later.month());
                let next_end = month_end_independently(
                    (month_end + Days::new(1)).year(),
                    (month_end + Days::new(1)).month(),
                );
                let expected = next_end.with_day(day.min(next_end.day())).unwrap();
                assert_eq!(
                    terms.due_date(invoice).unwrap(),
                    expected,
                    "{invoice} {days} days eom day {day}"
                );
            }
        }
    }
}

#[test]
fn b04_discount_date_due_date_and_discount_are_fixed_when_inv_0404_is_posted() {
    let frozen = PaymentTerms::parse("2/10 Net 30")
        .unwrap()
        .freeze(date("2024-03-01"), euros("1,000.00"))
        .unwrap();
    let offer = frozen.discount.unwrap();
    assert_eq!(offer.until, date("2024-03-11"));
    assert_eq!(offer.amount, euros("20.00"));
    assert_eq!(frozen.instalments.len(), 1);
    assert_eq!(frozen.instalments[0].due_date, date("2024-03-31"));
    assert_eq!(frozen.text, "2/10 net 30");
}

#[test]
fn b04_editing_the_template_later_does_not_move_the_frozen_discount_date() {
    let frozen = PaymentTerms::parse("2/10 net 30")
        .unwrap()
        .freeze(date("2024-03-01"), euros("1,000.00"))
        .unwrap();

    // On 2024-03-05 the template becomes "2/5 net 30"; only new invoices would use it.
    let edited = PaymentTerms::parse("2/5 net 30").unwrap();
    let new_offer = edited
        .freeze(date("2024-03-01"), euros("1,000.00"))
        .unwrap()
        .discount
        .unwrap();
    assert_eq!(new_offer.until, date("2024-03-06"));
    assert_eq!(frozen.discount.unwrap().until, date("2024-03-11"));
}

#[test]
fn b04_a_payment_of_980_on_the_deadline_day_earns_the_20_discount() {
    let frozen = PaymentTerms::parse("2/10 net 30")
        .unwrap()
        .freeze(date("2024-03-01"), euros("1,000.00"))
        .unwrap();
    let offer = frozen.discount.unwrap();
    let discount = settlement_discount(
        &offer,
        date("2024-03-11"),
        euros("980.00"),
        euros("1,000.00"),
    );
    assert_eq!(discount, Some(euros("20.00")));
}

#[test]
fn b04_a_payment_of_980_a_day_late_earns_nothing_and_20_stays_open_but_not_overdue() {
    let frozen = PaymentTerms::parse("2/10 net 30")
        .unwrap()
        .freeze(date("2024-03-01"), euros("1,000.00"))
        .unwrap();
    let offer = frozen.discount.unwrap();
    let discount = settlement_discount(
        &offer,
        date("2024-03-12"),
        euros("980.00"),
        euros("1,000.00"),
    );
    assert_eq!(discount, None);

    // 20.00 remains on the instalment due 2024-03-31: current until then, overdue the day after.
    let open = [item("BRIGHTWATER", "2024-03-31", "20.00")];
    for (as_of, bucket) in [
        ("2024-03-12", "Current"),
        ("2024-03-31", "Current"),
        ("2024-04-01", "1-30"),
    ] {
        let report = aging(as_of, &open, &[]);
        let index = report.labels.iter().position(|l| l == bucket).unwrap();
        assert_eq!(
            report.totals[0].buckets[index],
            euros("20.00"),
            "as of {as_of}"
        );
    }
}

#[test]
fn b07_an_instalment_invoice_is_aged_one_instalment_at_a_time() {
    // INV-301: 3 x 400.00 due 02-15, 03-15, 04-15; INV-302: 500.00 due 02-20; as of 2024-03-01.
    let frozen = PaymentTerms::parse("net 31 in 3 parts every 1 month")
        .unwrap()
        .freeze(date("2024-01-15"), euros("1,200.00"))
        .unwrap();
    let dues: Vec<String> = frozen
        .instalments
        .iter()
        .map(|i| i.due_date.to_string())
        .collect();
    assert_eq!(dues, vec!["2024-02-15", "2024-03-15", "2024-04-15"]);

    let mut items: Vec<OpenItem> = frozen
        .instalments
        .iter()
        .map(|i| OpenItem {
            customer_reference: "SAGUARO".to_string(),
            due_date: i.due_date,
            open: i.amount,
            disputed: false,
        })
        .collect();
    items.push(item("SAGUARO", "2024-02-20", "500.00"));
    assert_eq!(days_overdue(date("2024-02-15"), date("2024-03-01")), 15);

    let report = aging("2024-03-01", &items, &[]);
    assert_eq!(
        bucket_totals(&report),
        vec![
            "Current 800.00",
            "1-30 900.00",
            "31-60 0.00",
            "61-90 0.00",
            "90+ 0.00"
        ]
    );
}

#[test]
fn b10_an_unapplied_receipt_shows_as_a_negative_line_that_nets_the_overdue_amount() {
    let items = [
        item("GREENLEAF", "2024-01-31", "500.00"),
        item("GREENLEAF", "2024-03-31", "800.00"),
    ];
    let unapplied = [("GREENLEAF".to_string(), euros("500.00"))];
    let report = aging("2024-03-01", &items, &unapplied);
    assert_eq!(
        bucket_totals(&report),
        vec![
            "Current 800.00",
            "1-30 500.00",
            "31-60 0.00",
            "61-90 0.00",
            "90+ 0.00"
        ]
    );
    let row = &report.customers[0];
    assert_eq!(row.unapplied, euros("-500.00"));
    assert_eq!(row.open_total, euros("1,300.00"));
    assert_eq!(row.net, euros("800.00"));
    assert_eq!(report.totals[0].net, euros("800.00"));
}

#[test]
fn b11_aging_counts_from_the_due_date_not_the_invoice_date() {
    let frozen = PaymentTerms::parse("Net 60")
        .unwrap()
        .freeze(date("2016-09-15"), euros("2,400.00"))
        .unwrap();
    let due_date = frozen.instalments[0].due_date;
    assert_eq!(due_date, date("2016-11-14"));

    let items = [OpenItem {
        customer_reference: "MEHTA".to_string(),
        due_date,
        open: euros("2,400.00"),
        disputed: false,
    }];
    assert_eq!(days_overdue(due_date, date("2016-09-30")), -45);
    assert_eq!(
        bucket_totals(&aging("2016-09-30", &items, &[]))[0],
        "Current 2400.00"
    );
    assert_eq!(days_overdue(due_date, date("2016-12-01")), 17);
    assert_eq!(
        bucket_totals(&aging("2016-12-01", &items, &[]))[1],
        "1-30 2400.00"
    );
}

#[test]
fn b12_amounts_on_the_bucket_boundaries_land_in_exactly_one_bucket() {
    let items = [
        item("OSTRANDER", "2024-05-15", "100.00"),
        item("OSTRANDER", "2024-05-14", "200.00"),
        item("OSTRANDER", "2024-06-14", "300.00"),
        item("OSTRANDER", "2024-02-15", "400.00"),
        item("OSTRANDER", "2024-02-14", "500.00"),
        item("OSTRANDER", "2023-12-16", "600.00"),
    ];
    let as_of = date("2024-05-15");
    let days: Vec<i64> = items
        .iter()
        .map(|i| days_overdue(i.due_date, as_of))
        .collect();
    assert_eq!(days, vec![0, 1, -30, 90, 91, 151]);

    let report = aging("2024-05-15", &items, &[]);
    assert_eq!(
        bucket_totals(&report),
        vec![
            "Current 400.00",
            "1-30 200.00",
            "31-60 0.00",
            "61-90 400.00",
            "90+ 1100.00"
        ]
    );
    assert_eq!(report.totals[0].open_total, euros("2,100.00"));
}

#[test]
fn b12_every_day_count_around_the_default_bounds_has_exactly_one_bucket() {
    let buckets = Buckets::default();
    for days in -40..=200i64 {
        let expected = match days {
            i64::MIN..=0 => "Current",
            1..=30 => "1-30",
            31..=60 => "31-60",
            61..=90 => "61-90",
            _ => "90+",
        };
        assert_eq!(
            buckets.labels()[buckets.index(days)],
            expected,
            "{days} days overdue"
        );
    }
}

#[test]
fn b14_net_30_from_2021_01_05_is_due_2021_02_04_however_often_it_is_frozen() {
    let terms = PaymentTerms::parse("net 30").unwrap();
    let invoice = date("2021-01-05");
    let first = terms.freeze(invoice, euros("100.00")).unwrap();
    assert_eq!(first.instalments[0].due_date, date("2021-02-04"));
    for _ in 0..3 {
        assert_eq!(terms.freeze(invoice, euros("100.00")).unwrap(), first);
    }
}

#[test]
fn b15_net_30_across_the_autumn_clock_change_keeps_its_calendar_day() {
    assert_eq!(due("net 30", "2019-10-05"), date("2019-11-04"));
}

#[test]
fn b15_ten_days_overdue_across_the_spring_clock_change() {
    let days = days_overdue(date("2024-03-25"), date("2024-04-04"));
    assert_eq!(days, 10);
    assert_eq!(
        Buckets::default().labels()[Buckets::default().index(days)],
        "1-30"
    );
}

#[test]
fn b15_day_counts_and_net_terms_around_every_clock_change_of_2019_and_2024() {
    // European (last Sunday of March and October) and US (second Sunday of March, first Sunday of
    // November) clock changes. Day numbers since the common era are an independent count.
    let changes = [
        "2019-03-10",
        "2019-03-31",
        "2019-10-27",
        "2019-11-03",
        "2024-03-10",
        "2024-03-31",
        "2024-10-27",
        "2024-11-03",
    ];
    for change in changes {
        for start in -40..=5i64 {
            let from = date(change) + chrono::Duration::days(start);
            for n in 0..=45u32 {
                let net = PaymentTerms::net(n).due_date(from).unwrap();
                assert_eq!(
                    net.num_days_from_ce() - from.num_days_from_ce(),
                    n as i32,
                    "{from} net {n}"
                );
                assert_eq!(days_overdue(from, net), i64::from(n), "{from} to {net}");
            }
        }
    }
}

#[test]
fn b24_tax_lines_round_half_away_from_zero_once_per_line() {
    let half = Money::new(dec("2.50"), eur())
        .times(dec("0.21"))
        .round(Rounding::HalfAwayFromZero);
    assert_eq!(half.amount(), dec("0.53"));
    let negative = Money::new(dec("-0.525"), eur()).round(Rounding::HalfAwayFromZero);
    assert_eq!(negative.amount(), dec("-0.53"));

    let line = euros("140.00");
    let gst = line.times(dec("0.05")).round(Rounding::HalfAwayFromZero);
    let qst = line.times(dec("0.09975")).round(Rounding::HalfAwayFromZero);
    assert_eq!((gst, qst), (euros("7.00"), euros("13.97")));
    let total = line
        .checked_add(gst)
        .and_then(|t| t.checked_add(qst))
        .unwrap();
    assert_eq!(total, euros("160.97"));
}

#[test]
fn b24_discount_and_deposit_shares_round_half_away_from_zero_too() {
    // 2.5% of 0.10 is 0.0025 -> 0.00; of 0.30 is 0.0075 -> 0.01; 10.5% of 0.50 is 0.0525 -> 0.05.
    // 21% of 2.50 is 0.525 -> 0.53 (half-even would give 0.52).
    let cases = [
        ("2.5/10 net 30", "0.10", "0.00"),
        ("2.5/10 net 30", "0.30", "0.01"),
        ("10.5/10 net 30", "0.50", "0.05"),
        ("21/10 net 30", "2.50", "0.53"),
    ];
    for (terms, total, expected) in cases {
        let frozen = PaymentTerms::parse(terms)
            .unwrap()
            .freeze(date("2024-01-01"), euros(total))
            .unwrap();
        assert_eq!(
            frozen.discount.unwrap().amount,
            euros(expected),
            "{terms} on {total}"
        );
    }
    let deposit = PaymentTerms::parse("deposit 21% 0 days, net 30")
        .unwrap()
        .freeze(date("2024-01-01"), euros("2.50"))
        .unwrap();
    assert_eq!(deposit.instalments[0].amount, euros("0.53"));
    assert_eq!(deposit.instalments[1].amount, euros("1.97"));
}

/// B01's fault kind in instalment schedules: a month-end term split into monthly parts keeps
/// every part on a month end, whatever the length of the first part's month.
#[test]
fn b01_month_end_instalments_stay_on_month_ends_after_a_short_february() {
    let terms =
        creditdesk_core::terms::PaymentTerms::parse("eom +1 month in 3 parts every 1 month")
            .unwrap();
    let eur = creditdesk_core::Currency::from_code("EUR").unwrap();
    let total = creditdesk_core::Money::from_minor(120_000, eur);
    let frozen = terms
        .freeze(NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(), total)
        .unwrap();
    let dues: Vec<String> = frozen
        .instalments
        .iter()
        .map(|i| i.due_date.to_string())
        .collect();
    assert_eq!(dues, ["2024-02-29", "2024-03-31", "2024-04-30"]);

    // A day-count term is not a month-end term: its parts keep their day of the month.
    let net =
        creditdesk_core::terms::PaymentTerms::parse("net 29 in 3 parts every 1 month").unwrap();
    let frozen = net
        .freeze(NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(), total)
        .unwrap();
    let dues: Vec<String> = frozen
        .instalments
        .iter()
        .map(|i| i.due_date.to_string())
        .collect();
    assert_eq!(dues, ["2024-02-29", "2024-03-29", "2024-04-29"]);
}
