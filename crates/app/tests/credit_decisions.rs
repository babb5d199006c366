//! The credit policy as a setting of the book, the overdue hold judged per instalment, limit
//! suggestions accepted or rejected and recorded, security and reports listed and removed, an
//! order's terms changed, and a credit file that a write would leave inconsistent refused.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    CreditProfileInput, CustomerInput, InvoiceInput, NewBook, OpenBook, OrderChangeInput,
    OrderInput, SettlementInput,
};
use creditdesk_core::credit::{
    CreditReport, Ground, HoldReason, LimitChange, OrderChange, Security, SecurityKind,
};
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn euros(text: &str) -> Money {
    Money::exact(decimal(text), Currency::from_code("EUR").unwrap()).unwrap()
}

const AS_OF: &str = "2024-08-01";

/// Harbour & Finch's book with Marigold Events (MARI): a limit of 10,000.00 EUR, 60 days'
/// longest terms, and INV-7 of 1,000.00 issued 2024-05-23 in two halves: the first due
/// 2024-06-22 (40 days overdue on 2024-08-01), the second due 2024-08-21.
fn marigold(dir: &Path) -> OpenBook {
    let path = dir.join("decisions.creditdesk");
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: Currency::from_code("EUR").unwrap(),
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
    book.post_invoice(&InvoiceInput {
        number: "INV-7".into(),
        customer: "MARI".into(),
        issue_date: date("2024-05-23"),
        amount: decimal("1000.00"),
        currency: None,
        due_date: None,
        terms: Some("net 30 in 2 parts every 60 days".into()),
        disputed: false,
    })
    .unwrap();
    book.set_credit_profile(&profile("10000.00"), date(AS_OF))
        .unwrap();
    book
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
        review_date: Some(date("2025-06-30")),
        review_interval_months: None,
        security_required: None,
    }
}

fn order(reference: &str, amount: &str, terms: u32) -> OrderInput {
    OrderInput {
        reference: reference.into(),
        customer: "MARI".into(),
        amount: decimal(amount),
        currency: None,
        terms_days: Some(terms),
        date: date(AS_OF),
    }
}

fn refusal<T: std::fmt::Debug>(result: creditdesk_app::error::AppResult<T>) -> (ErrorCode, String) {
    let err = result.unwrap_err();
    (err.code, err.message)
}

#[test]
fn a_book_without_a_policy_has_the_defaults_and_a_saved_one_is_kept_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let policy = book.credit_policy().unwrap();
    assert_eq!(policy.check.grace_days, 15);
    assert_eq!(policy.review.expiring_within_days, 30);
    assert_eq!(policy.review.report_max_age_days, 365);
    assert_eq!(policy.limits.first_order_percent, decimal("50"));
    assert_eq!(policy.limits.clean_months, 12);

    let mut changed = policy.clone();
    changed.check.grace_days = 45;
    changed.limits.raise_percent = decimal("12.5");
    assert!(book.set_credit_policy(&changed).unwrap());
    assert!(
        !book.set_credit_policy(&changed).unwrap(),
        "saving it again changes nothing"
    );

    let path = dir.path().join("decisions.creditdesk");
    drop(book);
    let book = OpenBook::open(&path).unwrap();
    assert_eq!(book.credit_policy().unwrap(), changed);
    let trail = book.audit_trail(1).unwrap();
    assert_eq!(trail[0].action, "save_credit_policy");
    assert_eq!(
        trail[0].detail["changed"]["grace_days"], 45,
        "the first save names every rule"
    );
    assert_eq!(trail[0].detail["changed"]["clean_months"], 12);

    // From then on only what changed is named.
    let mut book = book;
    let mut again = changed;
    again.check.grace_days = 30;
    again.limits.higher_score_is_better = false;
    assert!(book.set_credit_policy(&again).unwrap());
    assert_eq!(
        book.audit_trail(1).unwrap()[0].detail["changed"],
        serde_json::json!({ "grace_days": 30, "higher_score_is_better": false })
    );
}

#[test]
fn limit_rules_outside_what_is_accepted_are_refused_with_every_setting_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let mut policy = book.credit_policy().unwrap();
    policy.limits.cut_percent = decimal("0");
    policy.limits.clean_months = 0;
    let (code, message) = refusal(book.set_credit_policy(&policy));
    assert_eq!(code, ErrorCode::InvalidInput);
    assert_eq!(
        message,
        "The cut of a limit is set to 0%, which is not accepted; give a percentage above 0 and \
         at most 100. The period without late payment before a raise is set to 0 months, which \
         is not accepted; give at least 1 month."
    );
    let chinese = Language::SimplifiedChinese.during(|| refusal(book.set_credit_policy(&policy)));
    assert_eq!(
        chinese.1,
        "降低额度的比例设为 0%，不可接受；请填写大于 0 且不超过 100 的百分比。 \
         提高额度前须无逾期付款的期间设为 0 个月，不可接受；请至少填写 1 个月。"
    );
    assert_eq!(
        book.credit_policy().unwrap().limits.cut_percent,
        decimal("25")
    );
}

#[test]
fn an_instalment_40_days_overdue_holds_for_its_own_open_amount_and_the_grace_is_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date(AS_OF);

    let held = book
        .enter_order(&order("SO-1", "100.00", 30), as_of, None)
        .unwrap();
    assert!(!held.saved);
    assert_eq!(
        held.check.decision.reasons(),
        [HoldReason::Overdue {
            invoices: 1,
            amount: euros("500.00"),
            most_days: 40,
            grace_days: 15,
        }]
    );
    assert_eq!(
        held.check.decision.reasons()[0].to_string(),
        "1 invoice of 500.00 EUR is 40 days overdue, more than the grace period of 15 days."
    );
    // Exposure still counts the whole invoice.
    assert_eq!(held.check.exposure.receivables, euros("1000.00"));

    // With 40 days' grace the instalment is tolerated; with 39 it holds again.
    let mut policy = book.credit_policy().unwrap();
    policy.check.grace_days = 40;
    book.set_credit_policy(&policy).unwrap();
    let check = book
        .enter_order(&order("SO-1", "100.00", 30), as_of, None)
        .unwrap();
    assert!(check.saved, "{:?}", check.check.decision);
    policy.check.grace_days = 39;
    book.set_credit_policy(&policy).unwrap();
    let recheck = book.check_recorded_order("SO-1", as_of).unwrap();
    assert_eq!(recheck.decision.reasons()[0].code(), "overdue");
}

#[test]
fn longer_terms_on_an_order_are_checked_again_and_over_the_longest_allowed_are_held() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    let as_of = date("2024-06-01");
    assert!(
        book.enter_order(&order("SO-1", "1000.00", 30), as_of, None)
            .unwrap()
            .saved
    );

    let terms = |days: u32| OrderChangeInput {
        terms_days: Some(days),
        ..OrderChangeInput::default()
    };
    let to_60 = book.change_order("SO-1", &terms(60), as_of, None).unwrap();
    assert_eq!(to_60.check.change, OrderChange::Raised);
    assert!(to_60.saved, "60 days is the longest allowed");

    let to_61 = book.change_order("SO-1", &terms(61), as_of, None).unwrap();
    assert!(!to_61.saved);
    assert_eq!(
        to_61.check.decision.reasons(),
        [HoldReason::TermsTooLong {
            terms_days: 61,
            max_days: 60,
        }]
    );
    assert_eq!(
        book.order("SO-1").unwrap().terms_days,
        60,
        "nothing written"
    );

    let back = book.change_order("SO-1", &terms(45), as_of, None).unwrap();
    assert_eq!(back.check.change, OrderChange::NoNewRisk);
    assert_eq!(book.order("SO-1").unwrap().terms_days, 45);
}

fn guarantee(amount: &str, expires: &str) -> Security {
    Security {
        kind: SecurityKind::BankGuarantee {
            expires_on: date(expires),
        },
        amount: euros(amount),
        issuer: "Harbour Bank".into(),
    }
}

fn creditreform(on: &str, rating: &str) -> CreditReport {
    CreditReport {
        agency: "Creditreform".into(),
        date: date(on),
        rating: rating.into(),
        recommended_limit: None,
        note: String::new(),
    }
}

#[test]
fn security_and_reports_are_listed_with_ids_and_removed_by_them_with_an_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    book.add_security("MARI", &guarantee("5000.00", "2024-12-31"))
        .unwrap();
    book.add_security("MARI", &guarantee("2000.00", "2025-03-31"))
        .unwrap();
    book.add_credit_report("MARI", &creditreform("2024-03-01", "72"))
        .unwrap();

    let security = book.security_entries("MARI").unwrap();
    assert_eq!(security.len(), 2);
    assert_eq!(security[1].security, guarantee("2000.00", "2025-03-31"));
    let removed = book.remove_security("MARI", security[0].id).unwrap();
    assert_eq!(removed, guarantee("5000.00", "2024-12-31"));
    assert_eq!(book.credit_file("MARI").unwrap().security.len(), 1);
    let trail = book.audit_trail(1).unwrap();
    assert_eq!(trail[0].action, "remove_security");
    assert_eq!(trail[0].reference, "MARI");
    assert_eq!(trail[0].detail["security"]["amount"]["amount"], "5000.00");

    let (code, message) = refusal(book.remove_security("MARI", security[0].id));
    assert_eq!(code, ErrorCode::NotFound);
    let id = security[0].id;
    assert_eq!(
        message,
        format!(
            "Customer MARI holds no security with id {id}; list the customer's security to see \
             the ids."
        )
    );
    let chinese =
        Language::SimplifiedChinese.during(|| refusal(book.remove_security("MARI", id)).1);
    assert_eq!(
        chinese,
        format!("客户 MARI 没有编号为 {id} 的担保；请列出该客户的担保以查看编号。")
    );

    let reports = book.credit_report_entries("MARI").unwrap();
    assert_eq!(reports[0].report, creditreform("2024-03-01", "72"));
    book.remove_credit_report("MARI", reports[0].id).unwrap();
    assert!(book.credit_file("MARI").unwrap().reports.is_empty());
    assert_eq!(
        book.audit_trail(1).unwrap()[0].action,
        "remove_credit_report"
    );
    let id = reports[0].id;
    assert_eq!(
        refusal(book.remove_credit_report("MARI", id)).1,
        format!(
            "Customer MARI has no credit report with id {id}; list the customer's credit \
             reports to see the ids."
        )
    );
    assert_eq!(
        Language::SimplifiedChinese.during(|| refusal(book.remove_credit_report("MARI", id)).1),
        format!("客户 MARI 没有编号为 {id} 的信用报告；请列出该客户的信用报告以查看编号。")
    );
}

#[test]
fn a_second_report_of_one_agency_on_one_date_is_refused_naming_agency_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    book.add_credit_report("MARI", &creditreform("2024-03-01", "72"))
        .unwrap();
    let (code, message) =
        refusal(book.add_credit_report("MARI", &creditreform("2024-03-01", "65")));
    assert_eq!(code, ErrorCode::InvalidInput);
    assert_eq!(
        message,
        "The credit file would hold two reports from Creditreform dated 2024-03-01; remove one \
         of them, or correct the date of the newer one."
    );
    assert_eq!(book.credit_file("MARI").unwrap().reports.len(), 1);
    // Another day is a newer report, and is kept.
    book.add_credit_report("MARI", &creditreform("2024-03-02", "65"))
        .unwrap();
}

#[test]
fn a_profile_change_is_checked_with_the_whole_file_it_would_leave() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    book.add_security("MARI", &guarantee("5000.00", "2024-12-31"))
        .unwrap();
    // The longest terms cut below the default terms kept from before are refused, naming both.
    let mut shorter = profile("10000.00");
    shorter.max_terms_days = 20;
    assert_eq!(
        refusal(book.set_credit_profile(&shorter, date(AS_OF))).1,
        "The default terms of 30 days are longer than the longest terms allowed, 20 days; \
         shorten the default terms or allow longer terms."
    );
    // An accepted change keeps the security on file.
    let file = book
        .set_credit_profile(&profile("12000.00"), date(AS_OF))
        .unwrap();
    assert_eq!(file.profile.limit, euros("12000.00"));
    assert_eq!(file.security, [guarantee("5000.00", "2024-12-31")]);
}

fn pay(book: &mut OpenBook, reference: &str, on: &str, amount: &str, invoice: &str) {
    book.record_settlement(&SettlementInput {
        kind: SettlementKind::Payment,
        reference: reference.into(),
        customer: "MARI".into(),
        date: date(on),
        amount: Some(decimal(amount)),
        currency: None,
        invoice: Some(invoice.into()),
        paid: None,
    })
    .unwrap();
}

fn post(book: &mut OpenBook, number: &str, issued: &str, due: &str, amount: &str) {
    book.post_invoice(&InvoiceInput {
        number: number.into(),
        customer: "MARI".into(),
        issue_date: date(issued),
        amount: decimal(amount),
        currency: None,
        due_date: Some(date(due)),
        terms: None,
        disputed: false,
    })
    .unwrap();
}

/// A customer since 2023-05-23 that paid INV-7 and three more invoices within 15 days of their
/// due dates: on 2024-08-01 a raise of 25% is suggested.
fn clean_payer(dir: &Path) -> OpenBook {
    let mut book = marigold(dir);
    post(&mut book, "INV-1", "2023-05-23", "2023-06-22", "400.00");
    pay(&mut book, "P-1", "2023-06-30", "400.00", "INV-1");
    post(&mut book, "INV-2", "2024-01-10", "2024-02-09", "800.00");
    pay(&mut book, "P-2", "2024-02-20", "800.00", "INV-2");
    pay(&mut book, "P-7", "2024-07-05", "1000.00", "INV-7");
    book
}

#[test]
fn a_clean_payer_is_suggested_a_raise_and_accepting_it_sets_the_limit_and_records_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = clean_payer(dir.path());
    let as_of = date(AS_OF);

    let suggestion = book.suggest_limit("MARI", as_of, None).unwrap();
    assert_eq!(suggestion.current, Some(euros("10000.00")));
    assert_eq!(suggestion.suggested, euros("12500.00"));
    assert_eq!(
        suggestion.change,
        LimitChange::Raise {
            percent: decimal("25")
        }
    );
    // INV-2 and the two halves of INV-7, paid within the last 12 months; INV-1 before them.
    assert!(matches!(
        suggestion.grounds[..],
        [Ground::CleanRecord { invoices: 3, .. }]
    ));

    let decision = book
        .accept_limit_suggestion("MARI", as_of, None, Some("  Annual review.  "))
        .unwrap();
    assert!(decision.accepted);
    assert_eq!(decision.note, "Annual review.");
    assert_eq!(
        decision.message,
        "The limit of MARI is now 12500.00 EUR, as suggested; the decision is recorded."
    );
    assert_eq!(
        book.credit_file("MARI").unwrap().profile.limit,
        euros("12500.00")
    );
    let trail = book.audit_trail(1).unwrap();
    assert_eq!(trail[0].action, "accept_limit_suggestion");
    assert_eq!(trail[0].detail["suggested"]["amount"], "12500.00");

    // The next suggestion starts from the new limit; rejecting it leaves the limit.
    let rejected = book
        .reject_limit_suggestion("MARI", as_of, None, None)
        .unwrap();
    assert!(!rejected.accepted);
    assert_eq!(
        rejected.message,
        "The suggested limit of 15625.00 EUR for MARI is rejected and the limit stays at \
         12500.00 EUR; the decision is recorded."
    );
    assert_eq!(
        Language::SimplifiedChinese
            .during(|| book.limit_decisions("MARI").unwrap()[1].message.clone()),
        "客户 MARI 的建议额度 15625.00 EUR 已拒绝，额度仍为 12500.00 EUR；该决定已记录。"
    );
    assert_eq!(
        Language::SimplifiedChinese
            .during(|| book.limit_decisions("MARI").unwrap()[0].message.clone()),
        "客户 MARI 的额度已按建议调整为 12500.00 EUR；该决定已记录。"
    );
    assert_eq!(
        book.credit_file("MARI").unwrap().profile.limit,
        euros("12500.00")
    );
    assert_eq!(
        book.audit_trail(1).unwrap()[0].action,
        "reject_limit_suggestion"
    );

    let decisions = book.limit_decisions("MARI").unwrap();
    assert_eq!(decisions.len(), 2);
    assert!(decisions[0].id < decisions[1].id);
    assert_eq!(decisions[0].suggestion.suggested, euros("12500.00"));
    assert_eq!(decisions[1].note, "");
}

#[test]
fn an_invoice_paid_more_than_the_tolerance_late_keeps_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = clean_payer(dir.path());
    // INV-3 due 2024-03-01, paid 16 days late: one day beyond 15 days' tolerance.
    post(&mut book, "INV-3", "2024-02-01", "2024-03-01", "300.00");
    pay(&mut book, "P-3", "2024-03-17", "300.00", "INV-3");
    let suggestion = book.suggest_limit("MARI", date(AS_OF), None).unwrap();
    assert_eq!(suggestion.change, LimitChange::Keep);
    assert_eq!(
        suggestion.grounds[0].to_string(),
        "Invoice INV-3 was paid 16 days late, more than 15 days, within the last 12 months, so \
         the limit is not raised."
    );
    let decision = book
        .accept_limit_suggestion("MARI", date(AS_OF), None, None)
        .unwrap();
    assert_eq!(
        decision.message,
        "The suggestion to keep the limit of MARI at 10000.00 EUR is accepted and recorded."
    );
    assert_eq!(
        Language::SimplifiedChinese
            .during(|| book.limit_decisions("MARI").unwrap()[0].message.clone()),
        "维持客户 MARI 额度 10000.00 EUR 不变的建议已接受并记录。"
    );
}

#[test]
fn a_new_customer_with_a_zero_limit_gets_half_its_first_order_or_its_security() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = marigold(dir.path());
    book.set_credit_profile(&profile("0.00"), date(AS_OF))
        .unwrap();
    let suggestion = book
        .suggest_limit("MARI", date(AS_OF), Some(euros("8000.00")))
        .unwrap();
    assert_eq!(suggestion.change, LimitChange::First);
    assert_eq!(suggestion.suggested, euros("4000.00"));

    book.add_security("MARI", &guarantee("5000.00", "2024-12-31"))
        .unwrap();
    let decision = book
        .accept_limit_suggestion("MARI", date(AS_OF), Some(euros("8000.00")), None)
        .unwrap();
    assert_eq!(decision.suggestion.suggested, euros("5000.00"));
    assert_eq!(
        book.credit_file("MARI").unwrap().profile.limit,
        euros("5000.00")
    );
}
