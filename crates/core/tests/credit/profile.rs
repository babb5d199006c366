//! The credit file itself: what makes it unfit to store, the next review date, and the day an
//! unpaid invoice must be reported to the insurer.

use creditdesk_core::credit::{CreditError, CreditReport};

use crate::{customer, date, euros, guarantee, insurance, report};

#[test]
fn a_sound_file_has_no_problems() {
    let mut file = customer("10,000.00");
    file.security = vec![guarantee("5,000.00 EUR", "2024-12-31")];
    file.insurance = Some(insurance("8,000.00", "2024-12-31"));

    assert_eq!(file.problems(), []);
}

#[test]
fn every_problem_of_a_file_is_named_at_once() {
    let mut file = customer("10,000.00");
    file.profile.limit = euros("-1.00");
    file.profile.default_terms_days = 90;
    file.profile.review_interval_months = 0;
    file.security = vec![guarantee("0.00 EUR", "2024-12-31")];
    let mut reversed = insurance("8,000.00", "2023-12-31");
    reversed.valid_from = date("2024-01-01");
    file.insurance = Some(reversed);

    assert_eq!(
        file.problems(),
        [
            CreditError::NegativeLimit {
                limit: euros("-1.00")
            },
            CreditError::DefaultTermsOverMaximum {
                default_days: 90,
                max_days: 60
            },
            CreditError::NoReviewInterval,
            CreditError::SecurityNotPositive {
                amount: euros("0.00")
            },
            CreditError::InsurancePeriodReversed {
                valid_from: date("2024-01-01"),
                valid_to: date("2023-12-31"),
            },
        ]
    );
}

#[test]
fn the_next_review_is_the_interval_later_clamped_to_the_month_end() {
    let mut file = customer("10,000.00");
    file.profile.review_interval_months = 1;
    assert_eq!(
        file.profile.next_review(date("2024-01-31")),
        Some(date("2024-02-29"))
    );
    file.profile.review_interval_months = 12;
    assert_eq!(
        file.profile.next_review(date("2024-02-29")),
        Some(date("2025-02-28"))
    );
}

#[test]
fn an_unpaid_invoice_is_reported_to_the_insurer_by_the_deadline_after_its_due_date() {
    let cover = insurance("8,000.00", "2024-12-31");
    assert_eq!(
        cover.report_unpaid_by(date("2024-06-30")),
        Some(date("2024-08-29")),
        "60 days after the due date"
    );
}

#[test]
fn a_numeric_rating_is_a_score_and_a_letter_rating_is_not() {
    let scored: CreditReport = report("Atlas", "2024-06-01", " 72.5 ");
    assert_eq!(scored.score(), Some("72.5".parse().unwrap()));
    assert_eq!(report("Atlas", "2024-06-01", "BB+").score(), None);
}
