//! Receivables measures worked by hand, and the calendar-month windows of countback DSO.

use creditdesk_core::kpi::{measures, month_windows, Measures, PeriodFigures, SalesWindow};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::{date, euros};

fn d(text: &str) -> Option<Decimal> {
    Some(text.parse().unwrap())
}

/// The calendar months of the first quarter of 2024, most recent first, with their sales.
fn q1_2024(march: &str, february: &str, january: &str) -> Vec<SalesWindow> {
    let windows = month_windows(date("2024-03-31"), 3);
    windows
        .into_iter()
        .zip([march, february, january])
        .map(|((from, to), sales)| SalesWindow {
            from,
            to,
            credit_sales: euros(sales),
        })
        .collect()
}

fn figures(
    begin: &str,
    end: &str,
    current: &str,
    sales: &str,
    windows: Vec<SalesWindow>,
) -> PeriodFigures {
    PeriodFigures {
        as_of: date("2024-03-31"),
        period_days: 90,
        receivables_begin: euros(begin),
        receivables_end: euros(end),
        current_end: euros(current),
        credit_sales: euros(sales),
        sales_windows: windows,
    }
}

#[test]
fn a_quarter_with_a_countback_ending_inside_february() {
    // Begin 50,000, end 60,000 (40,000 of it not yet due), credit sales 120,000 over 90 days.
    // DSO        = 60,000 / 120,000 x 90 = 45.0
    // Best DSO   = 40,000 / 120,000 x 90 = 30.0
    // ADD        = 45.0 - 30.0 = 15.0
    // CEI        = (50,000 + 120,000 - 60,000) / (50,000 + 120,000 - 40,000) x 100
    //            = 110,000 / 130,000 x 100 = 84.615... -> 84.6
    // Turnover   = 120,000 / ((50,000 + 60,000) / 2) = 2.1818... -> 2.18
    // Annualized = 2.1818... x 365 / 90 = 8.8484... -> 8.85 (from the unrounded turnover;
    //              2.18 x 365 / 90 would give 8.84)
    // Countback  = March: 60,000 > 45,000, so 31 days and 15,000 left;
    //              February: 15,000 / 35,000 x 29 = 12.4285...; 31 + 12.4285... = 43.4
    let f = figures(
        "50,000.00",
        "60,000.00",
        "40,000.00",
        "120,000.00",
        q1_2024("45,000.00", "35,000.00", "40,000.00"),
    );
    assert_eq!(
        measures(&f),
        Measures {
            dso: d("45.0"),
            countback_dso: d("43.4"),
            countback_exhausted: false,
            best_possible_dso: d("30.0"),
            average_days_delinquent: d("15.0"),
            cei_percent: d("84.6"),
            turnover: d("2.18"),
            annualized_turnover: d("8.85"),
        }
    );
}

#[test]
fn a_countback_that_runs_out_of_windows_is_flagged() {
    // Receivables 100,000 against 45,000 + 35,000 + 10,000 = 90,000 of sales in the windows:
    // all 31 + 29 + 31 = 91 days are used and 10,000 is still unaccounted for.
    let f = figures(
        "50,000.00",
        "100,000.00",
        "40,000.00",
        "120,000.00",
        q1_2024("45,000.00", "35,000.00", "10,000.00"),
    );
    let m = measures(&f);
    assert_eq!(m.countback_dso, d("91.0"));
    assert!(m.countback_exhausted);
}

#[test]
fn a_month_without_sales_counts_its_whole_length() {
    // March takes 45,000 (31 days, 5,000 left); February sold nothing (29 more days);
    // January: 5,000 / 40,000 x 31 = 3.875. 31 + 29 + 3.875 = 63.875 -> 63.9.
    let f = figures(
        "0.00",
        "50,000.00",
        "0.00",
        "85,000.00",
        q1_2024("45,000.00", "0.00", "40,000.00"),
    );
    assert_eq!(measures(&f).countback_dso, d("63.9"));
}

#[test]
fn no_receivables_means_zero_countback_days_and_no_windows_means_none() {
    let f = figures(
        "0.00",
        "0.00",
        "0.00",
        "10.00",
        q1_2024("45,000.00", "0.00", "40,000.00"),
    );
    assert_eq!(measures(&f).countback_dso, d("0.0"));
    let f = figures("0.00", "10.00", "0.00", "10.00", Vec::new());
    let m = measures(&f);
    assert_eq!(m.countback_dso, None);
    assert!(!m.countback_exhausted);
}

#[test]
fn a_period_without_credit_sales_has_no_dso() {
    // Begin 10,000, end 8,000, current 3,000, no sales:
    // CEI = (10,000 + 0 - 8,000) / (10,000 + 0 - 3,000) x 100 = 28.571... -> 28.6
    // Turnover = 0 / 9,000 = 0.00.
    let f = figures("10,000.00", "8,000.00", "3,000.00", "0.00", Vec::new());
    let m = measures(&f);
    assert_eq!(m.dso, None);
    assert_eq!(m.best_possible_dso, None);
    assert_eq!(m.average_days_delinquent, None);
    assert_eq!(m.cei_percent, d("28.6"));
    assert_eq!(m.turnover, d("0.00"));
    assert_eq!(m.annualized_turnover, d("0.00"));
}

#[test]
fn no_receivables_at_either_end_leaves_turnover_undefined() {
    let f = figures("0.00", "0.00", "0.00", "500.00", Vec::new());
    let m = measures(&f);
    assert_eq!(m.turnover, None);
    assert_eq!(m.annualized_turnover, None);
    assert_eq!(m.dso, d("0.0"));
}

#[test]
fn measures_are_rounded_once_at_the_end_half_away_from_zero() {
    // Period 100 days, sales 1,000: DSO = 307.40 / 1,000 x 100 = 30.74 -> 30.7;
    // best = 102.60 / 1,000 x 100 = 10.26 -> 10.3; ADD = 30.74 - 10.26 = 20.48 -> 20.5
    // (subtracting the rounded values would give 20.4).
    let mut f = figures("0.00", "307.40", "102.60", "1,000.00", Vec::new());
    f.period_days = 100;
    let m = measures(&f);
    assert_eq!(
        (m.dso, m.best_possible_dso, m.average_days_delinquent),
        (d("30.7"), d("10.3"), d("20.5"))
    );

    // DSO = 1,025 / 1,000 x 30 = 30.75, an exact half: 30.8.
    let mut f = figures("0.00", "1,025.00", "0.00", "1,000.00", Vec::new());
    f.period_days = 30;
    assert_eq!(measures(&f).dso, d("30.8"));
}

/// A window as written in a table: first and last day.
type Window = (&'static str, &'static str);

#[test]
fn month_windows_step_back_from_the_as_of_date_with_month_end_clamping() {
    let table: [(&str, usize, &[Window]); 4] = [
        (
            "2024-03-31",
            3,
            &[
                ("2024-03-01", "2024-03-31"),
                ("2024-02-01", "2024-02-29"),
                ("2024-01-01", "2024-01-31"),
            ],
        ),
        (
            "2024-03-15",
            2,
            &[("2024-02-16", "2024-03-15"), ("2024-01-16", "2024-02-15")],
        ),
        // Each boundary is counted from 30 May, so 30 March is kept after the short February
        // of a chained walk would have moved it to the 29th.
        (
            "2024-05-30",
            4,
            &[
                ("2024-05-01", "2024-05-30"),
                ("2024-03-31", "2024-04-30"),
                ("2024-03-01", "2024-03-30"),
                ("2024-01-31", "2024-02-29"),
            ],
        ),
        ("2024-03-31", 0, &[]),
    ];
    for (as_of, count, expected) in table {
        let expected: Vec<_> = expected.iter().map(|(a, b)| (date(a), date(b))).collect();
        assert_eq!(
            month_windows(date(as_of), count),
            expected,
            "as of {as_of}, {count} windows"
        );
    }
}

proptest! {
    #[test]
    fn month_windows_are_contiguous_months_ending_at_the_as_of_date(
        offset in 0u64..20_000,
        count in 0usize..40,
    ) {
        let as_of = date("1990-01-01") + chrono::Days::new(offset);
        let windows = month_windows(as_of, count);
        prop_assert_eq!(windows.len(), count);
        if let Some(first) = windows.first() {
            prop_assert_eq!(first.1, as_of);
        }
        for (from, to) in &windows {
            let days = (*to - *from).num_days() + 1;
            prop_assert!((28..=31).contains(&days), "{} ..= {} is {} days", from, to, days);
        }
        for pair in windows.windows(2) {
            prop_assert_eq!(pair[1].1.succ_opt().unwrap(), pair[0].0);
        }
    }
}
