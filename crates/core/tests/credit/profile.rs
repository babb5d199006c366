//! The credit file itself: what makes it unfit to store, the next review date, and the day an
//! unpaid invoice must be reported to the insurer.

use creditdesk_core::credit::{CreditError, CreditReport, SecurityKind};

use crate::{customer, date, deposit, euros, guarantee, insurance, report};

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
fn blank_names_and_limits_not_above_zero_are_refused_in_security_reports_and_insurance() {
    let mut file = customer("10,000.00");
    let mut unnamed = deposit("1,500.00 EUR");
    unnamed.issuer = "  ".to_string();
    file.security = vec![unnamed];
    let mut anonymous = report(" ", "2024-06-01", "");
    anonymous.recommended_limit = Some(euros("-0.01"));
    let mut zero_recommended = report("Atlas", "2024-05-01", "BB+");
    zero_recommended.recommended_limit = Some(euros("0.00"));
    file.reports = vec![anonymous, zero_recommended];
    let mut blank = insurance("0.00", "2024-12-31");
    blank.insurer = String::new();
    blank.policy_number = " ".to_string();
    blank.buyer_reference = String::new();
    file.insurance = Some(blank);

    assert_eq!(
        file.problems(),
        [
            CreditError::SecurityIssuerBlank {
                kind: SecurityKind::Deposit,
                amount: euros("1,500.00"),
            },
            CreditError::ReportAgencyBlank {
                date: date("2024-06-01")
            },
            CreditError::ReportRatingBlank {
                date: date("2024-06-01")
            },
            CreditError::RecommendedLimitNegative {
                date: date("2024-06-01"),
                limit: euros("-0.01"),
            },
            CreditError::InsurerBlank,
            CreditError::PolicyNumberBlank,
            CreditError::BuyerReferenceBlank,
            CreditError::InsuredLimitNotPositive {
                limit: euros("0.00")
            },
        ],
        "a recommended limit of zero is accepted"
    );

    let mut negative = insurance("-100.00", "2024-12-31");
    negative.insurer = "Northgate Credit".to_string();
    file = customer("10,000.00");
    file.insurance = Some(negative);
    assert_eq!(
        file.problems(),
        [CreditError::InsuredLimitNotPositive {
            limit: euros("-100.00")
        }]
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
