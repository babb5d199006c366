//! The review queue of one customer: review dates reached, security and insurance about to
//! expire, and credit reports missing or too old, each at the edge of its window.

use creditdesk_core::credit::{review_queue, CreditFile, ReviewItem, ReviewWindows, SecurityKind};

use crate::{customer, date, deposit, euros, guarantee, insurance, report, AS_OF};

fn queue(file: &CreditFile) -> Vec<ReviewItem> {
    review_queue(file, &ReviewWindows::default(), date(AS_OF))
}

/// A customer with a recent report and nothing else to look at.
fn quiet() -> CreditFile {
    let mut file = customer("10,000.00");
    file.reports = vec![report("Atlas", "2024-06-01", "72")];
    file
}

#[test]
fn a_quiet_file_has_nothing_to_review() {
    assert_eq!(queue(&quiet()), []);
}

#[test]
fn the_review_is_due_on_its_date_and_after_it_but_not_before() {
    let mut file = quiet();
    for (review, expected) in [
        ("2024-07-01", None),
        (AS_OF, Some(0)),
        ("2024-06-20", Some(10)),
    ] {
        file.profile.review_date = date(review);
        let expected: Vec<ReviewItem> = expected
            .into_iter()
            .map(|days_past| ReviewItem::ReviewDue {
                review_date: date(review),
                days_past,
            })
            .collect();
        assert_eq!(queue(&file), expected, "review date {review}");
    }
}

#[test]
fn security_expiring_within_30_days_or_expired_is_listed_and_a_deposit_never() {
    let mut file = quiet();
    file.security = vec![
        guarantee("5,000.00 EUR", "2024-07-30"),
        guarantee("6,000.00 EUR", "2024-07-31"),
        guarantee("7,000.00 EUR", "2024-06-29"),
        deposit("1,000.00 EUR"),
    ];

    let items = queue(&file);

    assert_eq!(
        items,
        [
            ReviewItem::SecurityExpiring {
                kind: SecurityKind::BankGuarantee {
                    expires_on: date("2024-07-30")
                },
                issuer: "Harbour Bank".to_string(),
                amount: euros("5,000.00"),
                expires_on: date("2024-07-30"),
                days_left: 30,
            },
            ReviewItem::SecurityExpiring {
                kind: SecurityKind::BankGuarantee {
                    expires_on: date("2024-06-29")
                },
                issuer: "Harbour Bank".to_string(),
                amount: euros("7,000.00"),
                expires_on: date("2024-06-29"),
                days_left: -1,
            },
        ]
    );
}

#[test]
fn insurance_ending_within_the_window_is_listed() {
    let mut file = quiet();
    let windows = ReviewWindows {
        expiring_within_days: 10,
        ..ReviewWindows::default()
    };

    file.insurance = Some(insurance("8,000.00", "2024-07-11"));
    assert_eq!(review_queue(&file, &windows, date(AS_OF)), []);

    file.insurance = Some(insurance("8,000.00", "2024-07-10"));
    assert_eq!(
        review_queue(&file, &windows, date(AS_OF)),
        [ReviewItem::InsuranceExpiring {
            insurer: "Northgate Credit".to_string(),
            policy_number: "P-2024-118".to_string(),
            valid_to: date("2024-07-10"),
            days_left: 10,
        }]
    );
}

#[test]
fn a_report_older_than_365_days_is_stale_and_a_missing_one_is_listed() {
    let mut file = customer("10,000.00");
    assert_eq!(queue(&file), [ReviewItem::NoReport]);

    // 2023-07-01 to 2024-06-30 is 365 days: still current. 2023-06-30 is 366.
    file.reports = vec![report("Atlas", "2023-07-01", "72")];
    assert_eq!(queue(&file), []);

    file.reports = vec![
        report("Atlas", "2023-06-30", "72"),
        report("Other", "2022-01-01", "90"),
    ];
    assert_eq!(
        queue(&file),
        [ReviewItem::ReportStale {
            agency: "Atlas".to_string(),
            date: date("2023-06-30"),
            age_days: 366,
        }]
    );
}
