//! Disputes, promises to pay, write-offs with reasons and insurance claims, as a person records
//! them on HARBOUR's book: INV-1 of 1,000.00 EUR and INV-2 of 500.00 EUR, both issued on
//! 2024-03-31 at net 30, so due on 2024-04-30.

mod support;

use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    ClaimDecisionInput, ClaimInput, CustomerInput, DisputeInput, DisputeResolutionInput,
    DisputeVerdict, OpenBook, PromiseInput, SettlementInput,
};
use creditdesk_core::claims::{ClaimDecision, RetentionTreatment};
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::promises::{PromiseChannel, PromiseState};
use creditdesk_core::text::Language;
use support::{book, date, invoice, payment};

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
    book.post_invoice(&invoice("INV-1", "1000.00", Some("net 30")))
        .unwrap();
    book.post_invoice(&invoice("INV-2", "500.00", Some("net 30")))
        .unwrap();
    book
}

fn dispute(invoice: &str, amount: Option<&str>, reason: DisputeReason, on: &str) -> DisputeInput {
    DisputeInput {
        invoice: invoice.into(),
        amount: amount.map(|a| a.parse().unwrap()),
        line: None,
        reason,
        note: String::new(),
        opened_on: date(on),
    }
}

fn resolution(id: i64, verdict: DisputeVerdict, accepted: Option<&str>) -> DisputeResolutionInput {
    DisputeResolutionInput {
        id,
        verdict,
        accepted: accepted.map(|a| a.parse().unwrap()),
        note: String::new(),
        resolved_on: date("2024-05-20"),
    }
}

fn paid(reference: &str, invoice: &str, amount: &str, on: &str) -> SettlementInput {
    SettlementInput {
        invoice: Some(invoice.into()),
        date: date(on),
        ..payment(reference, Some(amount))
    }
}

#[test]
fn an_accepted_part_dispute_posts_its_credit_note_and_the_open_amount_falls() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());

    // HARBOUR contests 300.00 of INV-1's price on 2024-04-10.
    let opened = book
        .open_dispute(&dispute(
            "INV-1",
            Some("300.00"),
            DisputeReason::Price,
            "2024-04-10",
        ))
        .unwrap();
    assert_eq!(
        opened.message,
        "Opened dispute 1 on invoice INV-1: 300.00 EUR contested (price); it is not chased \
         until the dispute is resolved."
    );
    assert!(book.invoice("INV-1").unwrap().disputed, "aging marks it");

    // On 2024-05-15 it is 35 days old: in the 31-60 band, 300.00 for the reason "price".
    let report = book.disputes(date("2024-05-15")).unwrap();
    assert_eq!(report.disputes.len(), 1);
    assert_eq!(report.disputes[0].age_days, 35);
    assert_eq!(report.by_age[0].group, "31-60");
    assert_eq!(report.by_reason[0].group, "price");
    assert_eq!(report.by_reason[0].amount.amount().to_string(), "300.00");

    // Accepted on 2024-05-20: credit note DISPUTE-1 of 300.00; 1,000.00 - 300.00 = 700.00 open.
    let resolved = book
        .resolve_dispute(&resolution(1, DisputeVerdict::Accepted, None))
        .unwrap();
    assert_eq!(
        resolved.message,
        "Dispute 1 on invoice INV-1 is accepted: credit note DISPUTE-1 of 300.00 EUR is posted \
         against the invoice."
    );
    let inv = book.invoice("INV-1").unwrap();
    assert_eq!(inv.open.amount().to_string(), "700.00");
    assert!(!inv.disputed, "no dispute of INV-1 is open any more");
    assert!(book
        .disputes(date("2024-05-20"))
        .unwrap()
        .disputes
        .is_empty());
    // The report as of a day before the resolution still shows it open.
    assert_eq!(book.disputes(date("2024-05-19")).unwrap().disputes.len(), 1);

    // Resolved once only.
    let again = book
        .resolve_dispute(&resolution(1, DisputeVerdict::Rejected, None))
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::InvalidInput);
    assert_eq!(
        again.message,
        "The dispute on invoice INV-1 was already resolved on 2024-05-20; a dispute is resolved \
         once. Open a new dispute if the customer contests again."
    );

    let actions: Vec<String> = book
        .audit_trail(10)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions[..3],
        ["resolve_dispute", "record_settlement", "open_dispute"]
    );
    let detail = book.customer_detail("HARBOUR", date("2024-05-31"));
    let kinds: Vec<String> = detail
        .unwrap()
        .timeline
        .iter()
        .map(|e| format!("{:?} {}", e.kind, e.reference))
        .collect();
    assert!(
        kinds.contains(&"DisputeOpened INV-1".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"DisputeResolved INV-1".to_string()),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&"CreditNote DISPUTE-1".to_string()),
        "{kinds:?}"
    );
}

#[test]
fn a_rejected_dispute_is_chased_again_from_the_original_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.open_dispute(&dispute(
        "INV-2",
        None,
        DisputeReason::NotReceived,
        "2024-04-05",
    ))
    .unwrap();
    let rejected = book
        .resolve_dispute(&resolution(1, DisputeVerdict::Rejected, None))
        .unwrap();
    assert_eq!(
        rejected.message,
        "Dispute 1 on invoice INV-2 is rejected: 500.00 EUR is chased again, overdue from its \
         original due dates."
    );
    // Still 500.00 open and due on 2024-04-30: 31 days overdue on 2024-05-31.
    let inv = book.invoice("INV-2").unwrap();
    assert_eq!(inv.open.amount().to_string(), "500.00");
    assert!(!inv.disputed);
    assert_eq!(inv.instalments[0].due_date, date("2024-04-30"));
    let buckets = creditdesk_core::aging::Buckets::default();
    let aging = book.aging(date("2024-05-31"), &buckets).unwrap();
    let json = serde_json::to_value(&aging).unwrap().to_string();
    assert!(json.contains("500.00"), "{json}");
}

#[test]
fn a_partly_accepted_dispute_credits_part_and_needs_its_amount() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.open_dispute(&dispute(
        "INV-1",
        Some("400.00"),
        DisputeReason::Quality,
        "2024-04-10",
    ))
    .unwrap();
    let missing = book
        .resolve_dispute(&resolution(1, DisputeVerdict::Partly, None))
        .unwrap_err();
    assert_eq!(
        missing.message,
        "A partly accepted dispute needs the accepted amount; give the amount to credit to the \
         customer."
    );
    let partly = book
        .resolve_dispute(&resolution(1, DisputeVerdict::Partly, Some("150.00")))
        .unwrap();
    assert_eq!(
        partly.message,
        "Dispute 1 on invoice INV-1 is partly accepted: credit note DISPUTE-1 of 150.00 EUR is \
         posted against the invoice, and 250.00 EUR is chased again, overdue from its original \
         due dates."
    );
    assert_eq!(
        book.invoice("INV-1").unwrap().open.amount().to_string(),
        "850.00"
    );
}

#[test]
fn more_than_is_open_cannot_be_disputed() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.open_dispute(&dispute(
        "INV-2",
        Some("200.00"),
        DisputeReason::Price,
        "2024-04-10",
    ))
    .unwrap();
    let err = book
        .open_dispute(&dispute(
            "INV-2",
            Some("400.00"),
            DisputeReason::Quantity,
            "2024-04-11",
        ))
        .unwrap_err();
    assert_eq!(
        err.message,
        "The disputed amount 400.00 EUR on invoice INV-2 is more than the 300.00 EUR open and \
         not yet disputed; give at most 300.00 EUR."
    );
}

fn promise(amount: &str, invoices: &[&str]) -> PromiseInput {
    PromiseInput {
        customer: "HARBOUR".into(),
        made_on: date("2024-05-01"),
        promised_on: date("2024-05-15"),
        amount: amount.parse().unwrap(),
        currency: None,
        promised_by: "Ms Lind".into(),
        channel: PromiseChannel::Phone,
        invoices: invoices.iter().map(|s| s.to_string()).collect(),
        dunning_level: Some(2),
    }
}

#[test]
fn a_partial_payment_keeps_a_promise_open_until_its_date_and_then_it_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let added = book.add_promise(&promise("600.00", &["INV-1"])).unwrap();
    assert_eq!(
        added.message,
        "Recorded promise 1 of customer HARBOUR. Ms Lind promised by phone to pay 600.00 EUR by \
         2024-05-15; nothing has come in yet, and the items are not chased until then."
    );
    // 250.00 on 2024-05-10 against INV-1; 100.00 against INV-2 does not count toward it.
    book.record_settlement(&paid("P-1", "INV-1", "250.00", "2024-05-10"))
        .unwrap();
    book.record_settlement(&paid("P-2", "INV-2", "100.00", "2024-05-11"))
        .unwrap();

    let on_12th = book.promises(date("2024-05-12")).unwrap();
    assert_eq!(on_12th[0].standing.state, PromiseState::Pending);
    assert_eq!(
        on_12th[0].message,
        "Ms Lind promised by phone to pay 600.00 EUR by 2024-05-15; 250.00 EUR has come in and \
         350.00 EUR is still expected by then."
    );
    let held = book.pending_promises(date("2024-05-12")).unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].customer, "HARBOUR");
    assert_eq!(held[0].invoices, ["INV-1"]);

    // The 16th: 600.00 - 250.00 = 350.00 missing, chasing resumes at level 2.
    let on_16th = book.promises(date("2024-05-16")).unwrap();
    assert_eq!(on_16th[0].standing.state, PromiseState::Broken);
    assert_eq!(
        on_16th[0].message,
        "Ms Lind promised by phone to pay 600.00 EUR by 2024-05-15; the promise is broken, \
         350.00 EUR is missing, and chasing resumes at dunning level 2."
    );
    assert!(book
        .pending_promises(date("2024-05-16"))
        .unwrap()
        .is_empty());
}

#[test]
fn a_promise_kept_by_an_unapplied_payment() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.add_promise(&promise("300.00", &["INV-2"])).unwrap();
    let unapplied = SettlementInput {
        date: date("2024-05-14"),
        ..payment("P-9", Some("300.00"))
    };
    book.record_settlement(&unapplied).unwrap();
    let lines = book.promises(date("2024-05-20")).unwrap();
    assert_eq!(lines[0].standing.state, PromiseState::Kept);
    assert_eq!(lines[0].standing.kept_on, Some(date("2024-05-14")));
}

#[test]
fn a_promise_covers_only_the_customers_own_invoices() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.save_customer(&CustomerInput {
        reference: "FINCH".into(),
        name: "Finch".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    let other = PromiseInput {
        customer: "FINCH".into(),
        ..promise("100.00", &["INV-1"])
    };
    assert_eq!(
        book.add_promise(&other).unwrap_err().message,
        "Invoice INV-1 belongs to customer HARBOUR, not to FINCH; a promise covers only the \
         customer's own invoices."
    );
}

#[test]
fn a_claim_payment_is_a_receipt_and_the_retention_is_written_off_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let filed = book
        .file_claim(&ClaimInput {
            customer: "HARBOUR".into(),
            invoices: vec!["INV-2".into()],
            filed_on: date("2024-06-01"),
            claimed: "500.00".parse().unwrap(),
            currency: None,
        })
        .unwrap();
    assert_eq!(
        filed.message,
        "Filed claim 1 with the insurer for 500.00 EUR on invoices INV-2."
    );
    let decided = book
        .decide_claim(&ClaimDecisionInput {
            id: 1,
            decision: ClaimDecision::Partly,
            paid: Some("400.00".parse().unwrap()),
            paid_on: Some(date("2024-07-01")),
            retention: Some(RetentionTreatment::Loss),
            decided_on: date("2024-06-25"),
        })
        .unwrap();
    assert_eq!(
        decided.message,
        "Claim 1 is partly accepted: the insurer paid 400.00 EUR on 2024-07-01; record that money \
         as a payment of customer HARBOUR against the claimed invoices, like any receipt. The \
         retention of 100.00 EUR is a loss; write it off with a write-off."
    );

    // The insurer's 400.00 is allocated like any receipt: 500.00 - 400.00 = 100.00 open.
    book.record_settlement(&paid("INS-1", "INV-2", "400.00", "2024-07-01"))
        .unwrap();
    assert_eq!(
        book.invoice("INV-2").unwrap().open.amount().to_string(),
        "100.00"
    );
    let write_off = SettlementInput {
        kind: SettlementKind::WriteOff,
        ..paid("WO-1", "INV-2", "100.00", "2024-07-05")
    };
    book.record_write_off(&write_off, "insurer's retention")
        .unwrap();
    assert!(book.invoice("INV-2").unwrap().open.is_zero());

    // July: 100.00 written off, no credit sales: no ratio.
    let july = book
        .bad_debt(date("2024-07-01"), date("2024-07-31"))
        .unwrap();
    assert_eq!(
        july.write_offs[0].reason.as_deref(),
        Some("insurer's retention")
    );
    assert_eq!(
        july.currencies[0].written_off.amount().to_string(),
        "100.00"
    );
    assert_eq!(july.currencies[0].ratio_percent, None);
    // March to July: 100.00 / 1,500.00 x 100 = 6.666.. = 6.67 %.
    let spring = book
        .bad_debt(date("2024-03-01"), date("2024-07-31"))
        .unwrap();
    assert_eq!(
        spring.currencies[0].ratio_percent.map(|r| r.to_string()),
        Some("6.67".to_string())
    );
}

#[test]
fn follow_up_messages_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let _speaking = Language::SimplifiedChinese.speak();
    let opened = book
        .open_dispute(&dispute(
            "INV-1",
            Some("300.00"),
            DisputeReason::Price,
            "2024-04-10",
        ))
        .unwrap();
    assert_eq!(
        opened.message,
        "已对发票 INV-1 提出争议 1：争议金额 300.00 EUR（价格）；在争议处理完毕之前不催收该金额。"
    );
    assert_eq!(
        book.resolve_dispute(&resolution(1, DisputeVerdict::Partly, None))
            .unwrap_err()
            .message,
        "部分认可的争议需要填写认可金额；请填写向客户贷记的金额。"
    );
    assert_eq!(
        book.resolve_dispute(&resolution(1, DisputeVerdict::Rejected, Some("1.00")))
            .unwrap_err()
            .message,
        "认可金额 1.00 仅适用于部分认可的争议；请删除该金额，或将争议处理为部分认可。"
    );
    assert_eq!(
        book.resolve_dispute(&resolution(9, DisputeVerdict::Rejected, None))
            .unwrap_err()
            .message,
        "账簿中没有编号为 9 的争议；请列出争议以查找其编号。"
    );
    assert_eq!(
        book.resolve_dispute(&resolution(1, DisputeVerdict::Accepted, None))
            .unwrap()
            .message,
        "发票 INV-1 的争议 1 已认可：已入账贷项通知单 DISPUTE-1（金额 300.00 EUR），冲抵该发票。"
    );
    assert_eq!(
        book.bad_debt(date("2024-07-31"), date("2024-07-01"))
            .unwrap_err()
            .message,
        "期间 2024-07-31 至 2024-07-01 的结束日早于开始日；请填写不晚于结束日的开始日。"
    );
    let added = book.add_promise(&promise("600.00", &["INV-2"])).unwrap();
    assert_eq!(
        added.message,
        "已登记客户 HARBOUR 的付款承诺 1。 Ms Lind 通过电话承诺于 2024-05-15 前支付 600.00 EUR；\
         尚未收到款项，在此之前不催收相关款项。"
    );
    let filed = book
        .file_claim(&ClaimInput {
            customer: "HARBOUR".into(),
            invoices: vec!["INV-2".into()],
            filed_on: date("2024-06-01"),
            claimed: "500.00".parse().unwrap(),
            currency: None,
        })
        .unwrap();
    assert_eq!(
        filed.message,
        "已向保险公司提交索赔 1，金额 500.00 EUR，涉及发票 INV-2。"
    );
    let refused = book
        .decide_claim(&ClaimDecisionInput {
            id: 1,
            decision: ClaimDecision::Refused,
            paid: None,
            paid_on: None,
            retention: None,
            decided_on: date("2024-06-25"),
        })
        .unwrap();
    assert_eq!(
        refused.message,
        "索赔 1 已拒赔；尚未就此支付任何款项。 自留金额 500.00 EUR 仍由客户 HARBOUR 承担，并继续催收。"
    );
}
