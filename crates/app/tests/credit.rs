//! Credit decisions through the use cases, on a book file: a customer's credit file, orders
//! checked when entered and when changed, exposure, and the review queue.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    CreditProfileInput, CustomerInput, InvoiceInput, NewBook, OpenBook, OrderChangeInput,
    OrderInput,
};
use creditdesk_core::credit::{
    CreditReport, CreditStatus, ExchangeRate, HoldReason, OrderChange, OrderState, ReviewItem,
    Security, SecurityKind, TradeCreditInsurance,
};
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;

fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn euros(text: &str) -> Money {
    Money::exact(decimal(text), currency("EUR")).unwrap()
}

const AS_OF: &str = "2024-08-01";

/// Marigold Events: a limit of 10,000.00 EUR, open invoices of 6,000.00 (1,500.00 of it
/// disputed: disputes still count, case B09), nothing overdue on 2024-08-01.
fn marigold(dir: &Path) -> OpenBook {
    let path = dir.join("credit.creditdesk");
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: currency("EUR"),
    };
    let mut book = creditdesk_app::create_book(&path, &new).unwrap();
    book.save_customer(&CustomerInput {
        reference: "MARI".into(),
        name: "Marigold Events".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    for (number, amount, disputed) in [("INV-1", "4500.00", false), ("INV-2", "1500.00", true)] {
        book.post_invoice(&InvoiceInput {
            number: number.into(),
            customer: "MARI".into(),
            issue_date: date("2024-07-15"),
            amount: decimal(amount),
            currency: None,
            due_date: Some(date("2024-08-14")),
            terms: None,
            disputed,
        })
        .unwrap();
    }
    book.set_credit_profile(&profile("10000.00"), date(AS_OF))
        .unwrap();
    drop(book);
    OpenBook::open(&path).unwrap()
}

fn profile(limit: &str) -> CreditProfileInput {
    CreditProfileInput {
        customer: "MARI".into(),
        limit: decimal(limit),
        currency: None,
        max_terms_days: 60,
        default_terms_days: None,
        risk_class: None,
        status: None,
        review_date: None,
        review_interval_months: None,
        security_required: None,
    }
}

fn order(reference: &str, amount: &str) -> OrderInput {
    OrderInput {
        reference: reference.into(),
        customer: "MARI".into(),
        amount: decimal(amount),
        currency: None,
        terms_days: Some(30),
        date: date(AS_OF),
    }
}

fn state(state: OrderState) -> OrderChangeInput {
    OrderChangeInput {
        state: Some(state),
        ..OrderChangeInput::default()
    }
}

#[test]
fn a_new_profile_gets_the_defaults_and_a_review_a_year_from_today() {
    let dir = tempfile::tempdir().unwrap();
    let book = marigold(dir.path());
    let file = book.credit_file("MARI").unwrap();
    assert_eq!(file.profile.limit, euros("10000.00"));
    assert_eq!(file.profile.default_terms_days, 30);
    assert_eq!(file.profile.status, CreditStatus::Active);
    assert_eq!(file.profile.review_date, date("2025-08-01"));
}

#[test]
fn b23_closing_and_reopening_an_order_does_not_slip_past_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date(AS_OF);

    let so1 = book
        .enter_order(&order("SO-1", "3000.00"), as_of, None)
        .unwrap();
    assert!(so1.saved);
    assert_eq!(
        book.exposure("MARI", as_of).unwrap().total,
        euros("9000.00")
    );
    assert_eq!(
        book.exposure("MARI", as_of).unwrap().disputed,
        euros("1500.00")
    );

    // 1. Close SO-1: exposure 6,000.00; closing is always allowed.
    let closing = book
        .change_order("SO-1", &state(OrderState::Closed), as_of, None)
        .unwrap();
    assert!(closing.saved);
    assert_eq!(closing.check.change, OrderChange::NoNewRisk);
    assert_eq!(
        book.exposure("MARI", as_of).unwrap().total,
        euros("6000.00")
    );

    // 2. SO-2 for 3,500.00: exposure 9,500.00, within the limit.
    let so2 = book
        .enter_order(&order("SO-2", "3500.00"), as_of, None)
        .unwrap();
    assert!(so2.saved);
    assert_eq!(
        so2.message,
        "Order SO-2 of 3500.00 EUR is approved and saved; the exposure is 9500.00 EUR against a \
         limit of 10000.00 EUR."
    );

    // 3. Reopen SO-1: 12,500.00, over the limit by 2,500.00. Held, and not saved.
    let reopening = book
        .change_order("SO-1", &state(OrderState::Open), as_of, None)
        .unwrap();
    assert!(!reopening.saved, "the reopen does not go through silently");
    assert_eq!(reopening.check.change, OrderChange::Reopened);
    assert_eq!(
        reopening.check.decision.reasons(),
        [HoldReason::OverLimit {
            exposure: euros("12500.00"),
            limit: euros("10000.00"),
            excess: euros("2500.00"),
        }]
    );
    assert_eq!(
        reopening.message,
        "Order SO-1 is on hold and was not saved; resolve the reasons below, or give a reason to \
         override the hold."
    );
    let reopened_book = OpenBook::open(book.path()).unwrap();
    assert_eq!(
        reopened_book.orders("MARI").unwrap()[0].state,
        OrderState::Closed
    );
    assert_eq!(
        book.exposure("MARI", as_of).unwrap().total,
        euros("9500.00")
    );

    // Raising SO-2 past the limit is held the same way.
    let raising = OrderChangeInput {
        amount: Some(decimal("4500.00")),
        ..OrderChangeInput::default()
    };
    let raised = book.change_order("SO-2", &raising, as_of, None).unwrap();
    assert!(!raised.saved);
    assert_eq!(raised.check.change, OrderChange::Raised);

    // An empty reason overrides nothing.
    let err = book
        .change_order("SO-1", &state(OrderState::Open), as_of, Some("  "))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "An order on hold is released only with a reason; write why the order may go ahead."
    );

    // With a reason the reopen goes ahead, and the override is logged.
    let overridden = book
        .change_order(
            "SO-1",
            &state(OrderState::Open),
            as_of,
            Some("Customer paid INV-1 today; remittance advice on file."),
        )
        .unwrap();
    assert!(overridden.saved && overridden.overridden);
    assert_eq!(
        book.exposure("MARI", as_of).unwrap().total,
        euros("12500.00")
    );
    let trail = book.audit_trail(1).unwrap();
    assert_eq!(trail[0].action, "change_order");
    assert_eq!(
        trail[0].detail["override"]["reason"],
        "Customer paid INV-1 today; remittance advice on file."
    );
    assert_eq!(
        trail[0].detail["override"]["held_for"][0]["code"],
        "over_limit"
    );
}

#[test]
fn orders_are_refused_in_words_when_they_cannot_be_entered() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date(AS_OF);
    book.enter_order(&order("SO-1", "100.00"), as_of, None)
        .unwrap();

    book.save_customer(&CustomerInput {
        reference: "OSTR".into(),
        name: "Ostrander Marine".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();

    let refusals = [
        (
            book.enter_order(&order("SO-1", "100.00"), as_of, None)
                .unwrap_err(),
            ErrorCode::Conflict,
            "The book already holds an order SO-1; give the new order another reference, or \
             change the one on record.",
        ),
        (
            book.enter_order(&order("SO-9", "0.00"), as_of, None)
                .unwrap_err(),
            ErrorCode::InvalidInput,
            "The order amount 0.00 EUR is not accepted; give an amount above zero.",
        ),
        (
            book.change_order("SO-404", &state(OrderState::Closed), as_of, None)
                .unwrap_err(),
            ErrorCode::NotFound,
            "No order with reference SO-404 is in the book; check the reference.",
        ),
        (
            book.enter_order(
                &OrderInput {
                    currency: Some(currency("USD")),
                    ..order("SO-2", "100.00")
                },
                as_of,
                None,
            )
            .unwrap_err(),
            ErrorCode::InvalidInput,
            "No exchange rate from USD to EUR dated on or before 2024-08-01 was given; enter the \
             rate (units of EUR for 1 USD) and try again.",
        ),
        (
            book.exposure("NOBODY", as_of).unwrap_err(),
            ErrorCode::NotFound,
            "No customer with reference NOBODY is in the book; check the reference.",
        ),
        (
            book.enter_order(
                &OrderInput {
                    customer: "OSTR".into(),
                    ..order("SO-3", "100.00")
                },
                as_of,
                None,
            )
            .unwrap_err(),
            ErrorCode::NotFound,
            "Customer OSTR has no credit profile; set one with a credit limit and the longest \
             terms allowed first.",
        ),
        (
            book.set_credit_profile(
                &CreditProfileInput {
                    default_terms_days: Some(90),
                    ..profile("-1.00")
                },
                as_of,
            )
            .unwrap_err(),
            ErrorCode::InvalidInput,
            "The credit limit -1.00 EUR is not accepted; give zero or more. The default terms of \
             90 days are longer than the longest terms allowed, 60 days; shorten the default \
             terms or allow longer terms.",
        ),
        (
            book.set_exchange_rate(&ExchangeRate {
                from: currency("USD"),
                to: currency("EUR"),
                date: as_of,
                rate: Decimal::ZERO,
            })
            .unwrap_err(),
            ErrorCode::InvalidInput,
            "The exchange rate from USD to EUR of 2024-08-01 is 0, which is not accepted; give a \
             rate above zero.",
        ),
        (
            book.set_exchange_rate(&ExchangeRate {
                from: currency("EUR"),
                to: currency("EUR"),
                date: as_of,
                rate: Decimal::ONE,
            })
            .unwrap_err(),
            ErrorCode::InvalidInput,
            "An exchange rate from EUR to EUR is not needed; give two different currencies.",
        ),
    ];
    for (err, code, message) in refusals {
        assert_eq!((err.code, err.message.as_str()), (code, message));
    }
    assert_eq!(
        book.orders("MARI").unwrap().len(),
        1,
        "nothing else was written"
    );
}

#[test]
fn an_order_in_another_currency_is_measured_at_the_latest_rate_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date(AS_OF);
    book.set_exchange_rate(&ExchangeRate {
        from: currency("USD"),
        to: currency("EUR"),
        date: date("2024-07-31"),
        rate: decimal("0.9000"),
    })
    .unwrap();
    let usd = OrderInput {
        currency: Some(currency("USD")),
        ..order("SO-US", "1000.00")
    };
    let entered = book.enter_order(&usd, as_of, None).unwrap();
    assert!(entered.saved);
    assert_eq!(entered.check.exposure.open_orders, euros("900.00"));
    assert_eq!(
        book.exposure("MARI", as_of).unwrap().total,
        euros("6900.00")
    );
}

#[test]
fn a_credit_report_or_cover_with_blanks_is_refused_in_words_and_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let unrated = CreditReport {
        agency: "Atlas Ratings".into(),
        date: date("2024-06-01"),
        rating: " ".into(),
        recommended_limit: Some(euros("-500.00")),
        note: String::new(),
    };

    let refused = book.add_credit_report("MARI", &unrated).unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert_eq!(
        refused.message,
        "The credit report of 2024-06-01 has a blank rating; enter the score or rating as the \
         agency writes it, such as 72 or BB+. The credit report of 2024-06-01 recommends a \
         limit of -500.00 EUR, which is not accepted; give zero or more, or leave it out if the \
         agency recommends none."
    );

    let uninsured = TradeCreditInsurance {
        insurer: "Northgate Credit".into(),
        policy_number: "P-2024-118".into(),
        buyer_reference: String::new(),
        insured_limit: euros("0.00"),
        valid_from: date("2024-01-01"),
        valid_to: date("2024-12-31"),
        max_credit_period_days: 90,
        reporting_deadline_days: 60,
    };
    let refused = book.set_insurance("MARI", &uninsured).unwrap_err();
    assert_eq!(
        refused.message,
        "The insurance cover has a blank buyer reference; enter the insurer's reference for this \
         customer as a buyer. The insured limit 0.00 EUR is not accepted; give the limit the \
         insurer approved, above zero."
    );

    let file = book.credit_file("MARI").unwrap();
    assert!(file.reports.is_empty());
    assert_eq!(file.insurance, None);

    let rated = CreditReport {
        rating: "BB+".into(),
        recommended_limit: Some(euros("0.00")),
        ..unrated
    };
    book.add_credit_report("MARI", &rated).unwrap();
    assert_eq!(book.credit_file("MARI").unwrap().reports, [rated]);
}

#[test]
fn the_review_queue_lists_each_customer_with_what_needs_looking_at() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    book.add_security(
        "MARI",
        &Security {
            kind: SecurityKind::BankGuarantee {
                expires_on: date("2024-08-20"),
            },
            amount: euros("2000.00"),
            issuer: "Hausbank Nord".into(),
        },
    )
    .unwrap();

    let queue = book.review_queue(date(AS_OF)).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].customer, "MARI");
    let sentences: Vec<String> = queue[0].items.iter().map(ToString::to_string).collect();
    assert_eq!(
        sentences,
        [
            "The bank guarantee of 2000.00 EUR from Hausbank Nord expires on 2024-08-20, in 19 \
             days.",
            "There is no credit report on the customer; buy one.",
        ]
    );
    assert!(matches!(queue[0].items[1], ReviewItem::NoReport));
}

#[test]
fn a_held_order_checked_on_record_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date(AS_OF);
    book.enter_order(&order("SO-1", "3000.00"), as_of, None)
        .unwrap();
    book.change_order("SO-1", &state(OrderState::Closed), as_of, None)
        .unwrap();
    book.set_credit_profile(&profile("8000.00"), as_of).unwrap();

    let check = book.check_recorded_order("SO-1", as_of).unwrap();
    assert_eq!(
        check.decision.reasons()[0].to_string(),
        "With this order the exposure is 9000.00 EUR, over the credit limit of 8000.00 EUR by \
         1000.00 EUR."
    );
}

#[test]
fn an_order_reference_is_unique_across_customers() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date(AS_OF);
    book.save_customer(&CustomerInput {
        reference: "OSTR".into(),
        name: "Ostrander Marine".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    book.set_credit_profile(
        &CreditProfileInput {
            customer: "OSTR".into(),
            ..profile("5000.00")
        },
        as_of,
    )
    .unwrap();
    book.enter_order(&order("SO-1", "100.00"), as_of, None)
        .unwrap();

    let theirs = OrderInput {
        customer: "OSTR".into(),
        ..order("SO-1", "200.00")
    };
    let err = book.enter_order(&theirs, as_of, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        "The book already holds an order SO-1; give the new order another reference, or change \
         the one on record."
    );
    assert!(book.orders("OSTR").unwrap().is_empty());
}

#[test]
fn a_held_order_is_explained_in_chinese_to_a_chinese_desk() {
    use creditdesk_app::Language;
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let held = Language::SimplifiedChinese.during(|| {
        book.enter_order(&order("SO-9", "5000.00"), date(AS_OF), None)
            .unwrap()
    });
    assert!(!held.saved);
    assert_eq!(
        held.message,
        "订单 SO-9 被暂扣，未保存；请解决以下原因，或填写理由解除暂扣。"
    );
}
