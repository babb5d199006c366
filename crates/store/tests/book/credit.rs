//! Credit files, orders, exchange rates and overrides kept in the book, and the open receivables
//! the credit rules read back as of a date.

use std::str::FromStr;

use creditdesk_core::credit::{
    check_order, CheckPolicy, CreditFile, CreditProfile, CreditReport, CreditStatus, Decision,
    ExchangeRate, HoldReason, OpenReceivable, Order, OrderState, RiskClass, Security, SecurityKind,
    TradeCreditInsurance,
};
use creditdesk_store::{Book, OrderDecision, StoreError};
use rust_decimal::Decimal;

use crate::support::*;

fn profile(customer: &str, limit: &str) -> CreditProfile {
    CreditProfile {
        customer_reference: customer.into(),
        limit: money(limit),
        default_terms_days: 30,
        max_terms_days: 60,
        risk_class: RiskClass::Medium,
        status: CreditStatus::Active,
        review_date: date("2025-01-31"),
        review_interval_months: 12,
        security_required: false,
    }
}

fn order(reference: &str, customer: &str, amount: &str, state: OrderState) -> Order {
    Order {
        reference: reference.into(),
        customer_reference: customer.into(),
        amount: money(amount),
        terms_days: 30,
        date: date("2024-08-01"),
        state,
    }
}

/// Marigold Events with a limit of 10,000.00 EUR and no ledger yet.
fn marigold() -> Book {
    let mut book = book();
    post(&mut book, &[customer("MARI", "Marigold Events")], &[], &[]);
    book.set_credit_profile(&profile("MARI", "10000.00 EUR"))
        .unwrap();
    book
}

/// Checks `proposed` in the book as of 2024-08-01 and writes it when approved, or with an
/// override when `override_reason` is given; answers the decision.
fn enter(book: &mut Book, proposed: Order, override_reason: Option<&str>) -> Decision {
    let customer = proposed.customer_reference.clone();
    book.decide_order(
        &proposed.reference.clone(),
        &customer,
        date("2024-08-01"),
        |ctx| {
            let file = ctx.file.as_ref().expect("a credit file");
            let check = check_order(
                file,
                &ctx.receivables,
                &ctx.orders,
                &proposed,
                &CheckPolicy { grace_days: 15 },
                &ctx.rates,
                date("2024-08-01"),
            )?;
            let release = match (&check.decision, override_reason) {
                (Decision::Approve, _) => check.decision.release(),
                (Decision::Hold(hold), Some(reason)) => Some(hold.clone().overrule(reason)?.into()),
                (Decision::Hold(_), None) => None,
            };
            Ok::<_, creditdesk_core::credit::CreditError>(OrderDecision {
                save: release.map(|r| (proposed.clone(), r)),
                answer: check.decision,
            })
        },
    )
    .unwrap()
    .unwrap()
}

#[test]
fn a_credit_file_reads_back_as_it_was_written() {
    let mut book = marigold();
    let guarantee = Security {
        kind: SecurityKind::BankGuarantee {
            expires_on: date("2024-12-31"),
        },
        amount: money("2000.00 EUR"),
        issuer: "Hausbank Nord".into(),
    };
    let deposit = Security {
        kind: SecurityKind::Deposit,
        amount: money("500.00 USD"),
        issuer: "Marigold Events".into(),
    };
    let report = CreditReport {
        agency: "Creditreform".into(),
        date: date("2024-03-01"),
        rating: "BB+".into(),
        recommended_limit: Some(money("12000.00 EUR")),
        note: "Payment experience good.".into(),
    };
    let cover = TradeCreditInsurance {
        insurer: "Allianz Trade".into(),
        policy_number: "P-7781".into(),
        buyer_reference: "B-42".into(),
        insured_limit: money("8000.00 EUR"),
        valid_from: date("2024-01-01"),
        valid_to: date("2024-12-31"),
        max_credit_period_days: 90,
        reporting_deadline_days: 60,
    };
    book.add_security("MARI", &guarantee).unwrap();
    book.add_security("MARI", &deposit).unwrap();
    book.add_credit_report("MARI", &report).unwrap();
    book.set_insurance("MARI", &cover).unwrap();
    let mut blocked = profile("MARI", "15000.00 EUR");
    blocked.status = CreditStatus::Blocked;
    book.set_credit_profile(&blocked).unwrap();

    assert_eq!(
        book.credit_file("MARI").unwrap(),
        Some(CreditFile {
            profile: blocked,
            security: vec![guarantee, deposit],
            insurance: Some(cover),
            reports: vec![report],
        })
    );
    assert_eq!(book.credit_customers().unwrap(), ["MARI"]);
    let actions: Vec<String> = book
        .audit_trail(5)
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {}", e.action, e.entity, e.reference))
        .collect();
    assert_eq!(
        actions,
        [
            "set_credit_profile customer MARI",
            "set_insurance customer MARI",
            "add_credit_report customer MARI",
            "add_security customer MARI",
            "add_security customer MARI",
        ]
    );
}

#[test]
fn a_customer_without_a_profile_has_no_credit_file_and_an_unknown_one_is_named() {
    let mut book = book();
    post(&mut book, &[customer("OSTR", "Ostrander Marine")], &[], &[]);
    assert_eq!(book.credit_file("OSTR").unwrap(), None);
    let err = book
        .set_credit_profile(&profile("NOPE", "1.00 EUR"))
        .unwrap_err();
    assert!(matches!(err, StoreError::CustomerNotFound(_)));
    assert_eq!(
        err.to_string(),
        "No customer with reference NOPE is in the book; check the reference."
    );
}

#[test]
fn rates_are_read_up_to_a_date_and_a_rate_of_the_same_day_replaces_the_first() {
    let mut book = book();
    let rate = |day: &str, value: &str| ExchangeRate {
        from: currency("USD"),
        to: currency("EUR"),
        date: date(day),
        rate: Decimal::from_str(value).unwrap(),
    };
    book.set_exchange_rate(&rate("2024-07-01", "0.9200"))
        .unwrap();
    book.set_exchange_rate(&rate("2024-08-01", "0.9100"))
        .unwrap();
    book.set_exchange_rate(&rate("2024-08-01", "0.9150"))
        .unwrap();

    assert_eq!(
        book.exchange_rates(date("2024-07-31")).unwrap(),
        [rate("2024-07-01", "0.9200")]
    );
    assert_eq!(
        book.exchange_rates(date("2024-08-01")).unwrap(),
        [rate("2024-07-01", "0.9200"), rate("2024-08-01", "0.9150")]
    );
    let last = &book.audit_trail(1).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.reference.as_str()),
        ("set_exchange_rate", "USD/EUR")
    );
    assert_eq!(
        last.detail["replaced"], "0.9100",
        "the trail keeps the rate replaced"
    );
}

#[test]
fn open_receivables_are_per_instalment_as_of_the_date_each_with_its_own_due_date() {
    let mut book = book();
    let mut disputed = invoice("INV-2", "MARI", "2024-06-01", "1500.00 EUR", "2024-06-25");
    disputed.disputed = true;
    post(
        &mut book,
        &[customer("MARI", "Marigold Events")],
        &[
            instalment_invoice(
                "INV-1",
                "MARI",
                "2024-05-15",
                "1000.00 EUR",
                &[("2024-06-15", "500.00 EUR"), ("2024-07-15", "500.00 EUR")],
            ),
            disputed,
            invoice("INV-3", "MARI", "2024-07-20", "300.00 EUR", "2024-08-19"),
        ],
        &[payment(
            "P-1",
            "MARI",
            "2024-07-01",
            "500.00 EUR",
            Some("INV-1"),
        )],
    );
    let open = |as_of: &str| -> Vec<OpenReceivable> {
        book.open_receivables("MARI", date(as_of)).unwrap()
    };
    let receivable = |number: &str, due: &str, amount: &str, disputed: bool| OpenReceivable {
        invoice_number: number.into(),
        due_date: date(due),
        open: money(amount),
        disputed,
    };

    // Before the payment, both instalments of INV-1 are open, each with its own due date (the
    // overdue hold judges each by it); INV-3 is not issued yet.
    assert_eq!(
        open("2024-06-30"),
        [
            receivable("INV-1", "2024-06-15", "500.00 EUR", false),
            receivable("INV-2", "2024-06-25", "1500.00 EUR", true),
            receivable("INV-1", "2024-07-15", "500.00 EUR", false),
        ]
    );
    // After it, the first instalment is settled and the second one is what is open.
    assert_eq!(
        open("2024-07-31"),
        [
            receivable("INV-2", "2024-06-25", "1500.00 EUR", true),
            receivable("INV-1", "2024-07-15", "500.00 EUR", false),
            receivable("INV-3", "2024-08-19", "300.00 EUR", false),
        ]
    );
}

#[test]
fn b23_an_order_reopened_over_the_limit_is_written_only_with_a_logged_override() {
    let mut book = marigold();
    post_more_invoices(&mut book);

    assert_eq!(
        enter(
            &mut book,
            order("SO-1", "MARI", "3000.00 EUR", OrderState::Open),
            None
        ),
        Decision::Approve
    );
    let closed = order("SO-1", "MARI", "3000.00 EUR", OrderState::Closed);
    assert_eq!(enter(&mut book, closed, None), Decision::Approve);
    let so2 = order("SO-2", "MARI", "3500.00 EUR", OrderState::Open);
    assert_eq!(enter(&mut book, so2, None), Decision::Approve);

    // Reopening SO-1 would bring the exposure to 12,500.00: held, and nothing is written.
    let reopened = order("SO-1", "MARI", "3000.00 EUR", OrderState::Open);
    let held = enter(&mut book, reopened.clone(), None);
    assert_eq!(
        held.reasons(),
        [HoldReason::OverLimit {
            exposure: money("12500.00 EUR"),
            limit: money("10000.00 EUR"),
            excess: money("2500.00 EUR"),
        }]
    );
    assert_eq!(
        book.order("SO-1").unwrap().unwrap().state,
        OrderState::Closed
    );
    assert!(book.overrides("SO-1").unwrap().is_empty());

    // With a reason it goes ahead, and the override is logged with the reasons it overrode.
    enter(
        &mut book,
        reopened,
        Some("INV-1 paid today; remittance on file."),
    );
    assert_eq!(book.order("SO-1").unwrap().unwrap().state, OrderState::Open);
    let log = book.overrides("SO-1").unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].held_for, held.reasons());
    assert_eq!(log[0].reason, "INV-1 paid today; remittance on file.");
    let last = &book.audit_trail(1).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.reference.as_str()),
        ("change_order", "SO-1")
    );
    assert_eq!(
        last.detail["override"]["reason"],
        "INV-1 paid today; remittance on file."
    );
    assert_eq!(last.detail["before"]["state"], "closed");
}

/// Open invoices of 6,000.00, one of them disputed (disputes still count, case B09).
fn post_more_invoices(book: &mut Book) {
    let mut disputed = invoice("INV-2", "MARI", "2024-06-01", "1500.00 EUR", "2024-07-25");
    disputed.disputed = true;
    post(
        book,
        &[],
        &[
            invoice("INV-1", "MARI", "2024-07-01", "4500.00 EUR", "2024-07-31"),
            disputed,
        ],
        &[],
    );
}
