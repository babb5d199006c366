//! The credit check of an order: each reason to hold it alone, all of them at once, and the
//! boundaries where an order goes from approved to held.

use creditdesk_core::credit::{
    check_order, CheckPolicy, CreditCheck, CreditError, CreditFile, CreditStatus, Decision, Hold,
    HoldReason, OpenReceivable, Order, OrderChange, OrderState, OverrideReason, Release,
};
use serde::de::value::{Error, SeqDeserializer, StringDeserializer};
use serde::de::{Deserialize, IntoDeserializer};

use crate::{
    customer, date, deposit, disputed, euros, guarantee, insurance, invoice, order, AS_OF,
};

const POLICY: CheckPolicy = CheckPolicy { grace_days: 15 };

/// Checks `proposed` for `file` with `receivables` and no other order, on the as-of date.
fn check(file: &CreditFile, receivables: &[OpenReceivable], proposed: &Order) -> CreditCheck {
    check_order(file, receivables, &[], proposed, &POLICY, &[], date(AS_OF)).unwrap()
}

fn reasons_of(
    file: &CreditFile,
    receivables: &[OpenReceivable],
    proposed: &Order,
) -> Vec<HoldReason> {
    check(file, receivables, proposed)
        .decision
        .reasons()
        .to_vec()
}

/// A new order of 1,000.00 on 30 days.
fn new_order() -> Order {
    order("SO-1", "1,000.00 EUR", OrderState::Open)
}

#[test]
fn a_customer_in_good_standing_is_approved() {
    let receivables = [invoice("INV-1", "2024-06-20", "2,000.00 EUR")];

    let checked = check(&customer("10,000.00"), &receivables, &new_order());

    assert_eq!(checked.change, OrderChange::New);
    assert_eq!(checked.decision, Decision::Approve);
    assert_eq!(checked.exposure.total, euros("3,000.00"));
}

#[test]
fn each_status_but_active_holds_every_order() {
    for (status, reason) in [
        (CreditStatus::OnHold, HoldReason::CustomerOnHold),
        (CreditStatus::Blocked, HoldReason::CustomerBlocked),
        (CreditStatus::PrepaymentOnly, HoldReason::PrepaymentOnly),
    ] {
        let mut file = customer("10,000.00");
        file.profile.status = status;
        assert_eq!(reasons_of(&file, &[], &new_order()), [reason]);
    }
}

#[test]
fn over_the_limit_alone_states_the_excess() {
    let receivables = [invoice("INV-1", "2024-07-10", "9,500.00 EUR")];

    let reasons = reasons_of(&customer("10,000.00"), &receivables, &new_order());

    assert_eq!(
        reasons,
        [HoldReason::OverLimit {
            exposure: euros("10,500.00"),
            limit: euros("10,000.00"),
            excess: euros("500.00"),
        }]
    );
}

#[test]
fn exposure_exactly_at_the_limit_is_approved_and_one_cent_over_is_held() {
    let at = [invoice("INV-1", "2024-07-10", "9,000.00 EUR")];
    let over = [invoice("INV-1", "2024-07-10", "9,000.01 EUR")];

    let exactly = check(&customer("10,000.00"), &at, &new_order());
    assert_eq!(exactly.exposure.total, euros("10,000.00"));
    assert_eq!(exactly.decision, Decision::Approve);

    assert_eq!(
        reasons_of(&customer("10,000.00"), &over, &new_order()),
        [HoldReason::OverLimit {
            exposure: euros("10,000.01"),
            limit: euros("10,000.00"),
            excess: euros("0.01"),
        }]
    );
}

#[test]
fn an_invoice_overdue_by_the_grace_period_is_tolerated_and_one_day_more_holds() {
    // As of 2024-06-30 with 15 days' grace: due 06-15 is 15 days overdue, due 06-14 is 16.
    let at_grace = [invoice("INV-1", "2024-06-15", "500.00 EUR")];
    let beyond = [
        invoice("INV-1", "2024-06-14", "500.00 EUR"),
        invoice("INV-2", "2024-06-15", "700.00 EUR"),
    ];

    assert_eq!(
        check(&customer("10,000.00"), &at_grace, &new_order()).decision,
        Decision::Approve
    );
    assert_eq!(
        reasons_of(&customer("10,000.00"), &beyond, &new_order()),
        [HoldReason::Overdue {
            invoices: 1,
            amount: euros("500.00"),
            most_days: 16,
            grace_days: 15,
        }]
    );
}

#[test]
fn overdue_invoices_are_counted_together_with_the_oldest_named() {
    let receivables = [
        invoice("INV-1", "2024-05-01", "500.00 EUR"),
        invoice("INV-2", "2024-06-01", "250.50 EUR"),
    ];

    assert_eq!(
        reasons_of(&customer("10,000.00"), &receivables, &new_order()),
        [HoldReason::Overdue {
            invoices: 2,
            amount: euros("750.50"),
            most_days: 60,
            grace_days: 15,
        }]
    );
}

#[test]
fn a_disputed_invoice_counts_toward_the_limit_but_does_not_hold_as_overdue() {
    // Case B09: the customer has not accepted the debt, but the risk is still ours.
    let receivables = [disputed("INV-A", "2024-03-01", "9,200.00 EUR")];

    let checked = check(&customer("10,000.00"), &receivables, &new_order());

    assert_eq!(
        checked.decision.reasons(),
        [HoldReason::OverLimit {
            exposure: euros("10,200.00"),
            limit: euros("10,000.00"),
            excess: euros("200.00"),
        }]
    );
}

#[test]
fn a_review_date_of_today_is_not_yet_passed_and_of_yesterday_is() {
    let mut file = customer("10,000.00");

    file.profile.review_date = date(AS_OF);
    assert_eq!(check(&file, &[], &new_order()).decision, Decision::Approve);

    file.profile.review_date = date("2024-06-29");
    assert_eq!(
        reasons_of(&file, &[], &new_order()),
        [HoldReason::ReviewPassed {
            review_date: date("2024-06-29")
        }]
    );
}

#[test]
fn terms_longer_than_the_customer_may_have_hold_and_the_longest_allowed_do_not() {
    let file = customer("10,000.00");
    let at_most = Order {
        terms_days: 60,
        ..new_order()
    };
    let longer = Order {
        terms_days: 61,
        ..new_order()
    };

    assert_eq!(check(&file, &[], &at_most).decision, Decision::Approve);
    assert_eq!(
        reasons_of(&file, &[], &longer),
        [HoldReason::TermsTooLong {
            terms_days: 61,
            max_days: 60
        }]
    );
}

#[test]
fn the_insured_limit_holds_while_the_insurance_is_valid_through_its_last_day() {
    let receivables = [invoice("INV-1", "2024-07-10", "7,500.00 EUR")];
    let mut file = customer("10,000.00");

    file.insurance = Some(insurance("8,000.00", AS_OF));
    assert_eq!(
        reasons_of(&file, &receivables, &new_order()),
        [HoldReason::InsuredLimitExceeded {
            exposure: euros("8,500.00"),
            insured_limit: euros("8,000.00"),
            excess: euros("500.00"),
        }]
    );

    file.insurance = Some(insurance("8,000.00", "2024-06-29"));
    assert_eq!(
        check(&file, &receivables, &new_order()).decision,
        Decision::Approve,
        "cover that ended yesterday sets no insured limit (the review queue shows it)"
    );
}

#[test]
fn terms_longer_than_the_insurer_covers_hold() {
    let mut file = customer("10,000.00");
    file.profile.max_terms_days = 120;
    file.insurance = Some(insurance("8,000.00", "2024-12-31"));
    let longer = Order {
        terms_days: 91,
        ..new_order()
    };
    let covered = Order {
        terms_days: 90,
        ..new_order()
    };

    assert_eq!(check(&file, &[], &covered).decision, Decision::Approve);
    assert_eq!(
        reasons_of(&file, &[], &longer),
        [HoldReason::TermsBeyondInsurer {
            terms_days: 91,
            max_days: 90,
            insurer: "Northgate Credit".to_string(),
        }]
    );
}

#[test]
fn required_security_is_missing_expired_or_valid_through_its_expiry_date() {
    let mut file = customer("10,000.00");
    file.profile.security_required = true;
    assert_eq!(
        reasons_of(&file, &[], &new_order()),
        [HoldReason::SecurityMissing]
    );

    file.security = vec![
        guarantee("5,000.00 EUR", "2024-03-31"),
        guarantee("5,000.00 EUR", "2024-06-29"),
    ];
    assert_eq!(
        reasons_of(&file, &[], &new_order()),
        [HoldReason::SecurityExpired {
            expired_on: date("2024-06-29")
        }]
    );

    file.security.push(guarantee("5,000.00 EUR", AS_OF));
    assert_eq!(
        check(&file, &[], &new_order()).decision,
        Decision::Approve,
        "a guarantee expiring on the check date still holds on it"
    );

    file.security = vec![deposit("1,000.00 EUR")];
    assert_eq!(check(&file, &[], &new_order()).decision, Decision::Approve);
}

#[test]
fn every_reason_is_given_at_once_not_only_the_first() {
    let mut file = customer("10,000.00");
    file.profile.status = CreditStatus::Blocked;
    file.profile.review_date = date("2024-05-31");
    file.profile.security_required = true;
    file.insurance = Some(insurance("8,000.00", "2024-12-31"));
    let receivables = [
        invoice("INV-1", "2024-04-30", "9,000.00 EUR"),
        invoice("INV-2", "2024-07-15", "1,000.00 EUR"),
    ];
    let long_order = Order {
        terms_days: 120,
        ..new_order()
    };

    let reasons = reasons_of(&file, &receivables, &long_order);

    assert_eq!(
        reasons,
        [
            HoldReason::CustomerBlocked,
            HoldReason::OverLimit {
                exposure: euros("11,000.00"),
                limit: euros("10,000.00"),
                excess: euros("1,000.00"),
            },
            HoldReason::InsuredLimitExceeded {
                exposure: euros("11,000.00"),
                insured_limit: euros("8,000.00"),
                excess: euros("3,000.00"),
            },
            HoldReason::Overdue {
                invoices: 1,
                amount: euros("9,000.00"),
                most_days: 61,
                grace_days: 15,
            },
            HoldReason::TermsTooLong {
                terms_days: 120,
                max_days: 60,
            },
            HoldReason::TermsBeyondInsurer {
                terms_days: 120,
                max_days: 90,
                insurer: "Northgate Credit".to_string(),
            },
            HoldReason::ReviewPassed {
                review_date: date("2024-05-31"),
            },
            HoldReason::SecurityMissing,
        ]
    );
    let codes: Vec<&str> = reasons.iter().map(HoldReason::code).collect();
    assert_eq!(
        codes,
        [
            "customer_blocked",
            "over_limit",
            "insured_limit_exceeded",
            "overdue",
            "terms_too_long",
            "terms_beyond_insurer",
            "review_passed",
            "security_missing",
        ]
    );
}

#[test]
fn a_change_that_only_lowers_the_risk_is_approved_even_over_the_limit() {
    let receivables = [invoice("INV-1", "2024-07-10", "12,000.00 EUR")];
    let on_record = [order("SO-1", "3,000.00 EUR", OrderState::Open)];
    let smaller = order("SO-1", "2,000.00 EUR", OrderState::Open);
    let closed = order("SO-1", "3,000.00 EUR", OrderState::Closed);
    let file = customer("10,000.00");

    for proposed in [smaller, closed] {
        let checked = check_order(
            &file,
            &receivables,
            &on_record,
            &proposed,
            &POLICY,
            &[],
            date(AS_OF),
        )
        .unwrap();
        assert_eq!(checked.change, OrderChange::NoNewRisk);
        assert_eq!(checked.decision, Decision::Approve);
    }
}

#[test]
fn raising_an_amount_or_lengthening_terms_is_checked_like_a_new_order() {
    let file = customer("10,000.00");
    let on_record = [order("SO-1", "9,000.00 EUR", OrderState::Open)];
    let raised = order("SO-1", "10,000.01 EUR", OrderState::Open);
    let longer = Order {
        terms_days: 75,
        ..on_record[0].clone()
    };

    let checked = check_order(&file, &[], &on_record, &raised, &POLICY, &[], date(AS_OF)).unwrap();
    assert_eq!(checked.change, OrderChange::Raised);
    assert_eq!(
        checked.exposure.total,
        euros("10,000.01"),
        "the raised amount replaces the old"
    );
    assert_eq!(checked.decision.reasons()[0].code(), "over_limit");

    let checked = check_order(&file, &[], &on_record, &longer, &POLICY, &[], date(AS_OF)).unwrap();
    assert_eq!(checked.change, OrderChange::Raised);
    assert_eq!(checked.decision.reasons()[0].code(), "terms_too_long");
}

#[test]
fn an_approved_order_is_released_without_an_override() {
    let checked = check(&customer("10,000.00"), &[], &new_order());

    let release = checked
        .decision
        .release()
        .expect("an approval releases the order");

    assert_eq!(release.overridden(), None);
}

#[test]
fn a_held_order_goes_ahead_only_with_a_written_reason() {
    let mut file = customer("10,000.00");
    file.profile.status = CreditStatus::OnHold;
    let checked = check(&file, &[], &new_order());
    assert!(
        checked.decision.release().is_none(),
        "a hold gives no release by itself"
    );
    let Decision::Hold(hold) = checked.decision else {
        panic!("the order is held");
    };

    for blank in ["", "   \n"] {
        let err = hold.clone().overrule(blank).unwrap_err();
        assert_eq!(err, CreditError::OverrideWithoutReason);
        assert_eq!(
            err.to_string(),
            "An order on hold is released only with a reason; write why the order may go ahead."
        );
    }

    let accepted = hold
        .overrule("  Paid in advance by wire, confirmed by the bank. ")
        .unwrap();
    assert_eq!(accepted.held_for, [HoldReason::CustomerOnHold]);
    assert_eq!(
        accepted.reason.as_str(),
        "Paid in advance by wire, confirmed by the bank."
    );
    let release = Release::from(accepted.clone());
    assert_eq!(release.overridden(), Some(&accepted));
}

#[test]
fn an_override_or_a_hold_read_back_from_storage_keeps_its_invariant() {
    let blank: StringDeserializer<Error> = " ".to_string().into_deserializer();
    assert_eq!(
        OverrideReason::deserialize(blank).unwrap_err().to_string(),
        "An order on hold is released only with a reason; write why the order may go ahead."
    );
    let written: StringDeserializer<Error> = " Director approved.".to_string().into_deserializer();
    assert_eq!(
        OverrideReason::deserialize(written).unwrap().as_str(),
        "Director approved."
    );

    let no_reasons = SeqDeserializer::<_, Error>::new(std::iter::empty::<String>());
    assert!(
        Hold::deserialize(no_reasons).is_err(),
        "a hold has at least one reason"
    );
}
