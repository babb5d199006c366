//! Disputes, promises to pay, write-offs with reasons and insurance claims, as a person records
//! them on HARBOUR's book: INV-1 of 1,000.00 EUR and INV-2 of 500.00 EUR, both issued on
//! 2024-03-31 at net 30, so due on 2024-04-30.

mod support;

use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    ClaimDecisionInput, ClaimInput, CreditProfileInput, CustomerInput, DisputeInput,
    DisputeResolutionInput, DisputeVerdict, InvoiceInput, OpenBook, OrderInput, PromiseInput,
    SettlementInput,
};
use creditdesk_core::claims::{ClaimDecision, RetentionTreatment};
use creditdesk_core::credit::{Decision, ExposureTotals, HoldReason};
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
         尚未收到款项，在此之前不催收相关款项。 注意：承诺金额 600.00 EUR 超过发票 INV-2 在承诺日 \
         2024-05-01 的未结金额 500.00 EUR；请核对金额，或登记一项同时涵盖其他发票的承诺。"
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

fn claim(invoices: &[&str], filed_on: &str, claimed: &str) -> ClaimInput {
    ClaimInput {
        customer: "HARBOUR".into(),
        invoices: invoices.iter().map(|s| s.to_string()).collect(),
        filed_on: date(filed_on),
        claimed: claimed.parse().unwrap(),
        currency: None,
    }
}

fn decision(decision: ClaimDecision, paid: Option<(&str, &str)>) -> ClaimDecisionInput {
    ClaimDecisionInput {
        id: 1,
        decision,
        paid: paid.map(|(amount, _)| amount.parse().unwrap()),
        paid_on: paid.map(|(_, on)| date(on)),
        retention: Some(RetentionTreatment::Loss),
        decided_on: date("2024-06-01"),
    }
}

#[test]
fn a_claim_is_decided_once_and_keeps_the_insurers_payment() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.file_claim(&claim(&["INV-2"], "2024-05-20", "500.00"))
        .unwrap();

    // Accepted with nothing paid is not a state the book keeps: it stays pending until paid.
    let unpaid = book
        .decide_claim(&decision(ClaimDecision::Accepted, None))
        .unwrap_err();
    assert_eq!(unpaid.code, ErrorCode::InvalidInput);
    assert_eq!(
        unpaid.message,
        "Claim 1 cannot be recorded as accepted without the amount the insurer paid and the day \
         it paid; give both, or leave the claim pending until the insurer pays."
    );

    // Partly accepted on 2024-06-01: the insurer paid 150.00 that day.
    book.decide_claim(&decision(
        ClaimDecision::Partly,
        Some(("150.00", "2024-06-01")),
    ))
    .unwrap();

    // Neither a later acceptance nor a refusal replaces it or wipes the payment.
    let decided_again = "Claim 1 was already decided as partly accepted on 2024-06-01; a claim \
                         is decided once, so its decision and the payment recorded with it \
                         stand. File a new claim if the insurer reopens the case.";
    for later in [
        decision(ClaimDecision::Accepted, Some(("500.00", "2024-06-10"))),
        decision(ClaimDecision::Refused, None),
    ] {
        let err = book.decide_claim(&later).unwrap_err();
        assert_eq!(err.code, ErrorCode::Conflict);
        assert_eq!(err.message, decided_again);
    }
    let kept = &book.claims().unwrap()[0].entry;
    assert_eq!(kept.claim.decision, ClaimDecision::Partly);
    assert_eq!(
        kept.claim.paid.map(|p| p.amount().to_string()),
        Some("150.00".into())
    );
    assert_eq!(kept.claim.paid_on, Some(date("2024-06-01")));
}

#[test]
fn a_claim_is_refused_for_what_is_not_open_on_its_filing_date_or_filed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    // INV-2 (500.00) is paid in full on 2024-05-10; INV-1 (1,000.00) is open.
    book.record_settlement(&paid("P-1", "INV-2", "500.00", "2024-05-10"))
        .unwrap();

    let refused = |book: &mut OpenBook, input: ClaimInput| book.file_claim(&input).unwrap_err();
    assert_eq!(
        refused(&mut book, claim(&["INV-2"], "2024-06-01", "100.00")).message,
        "Nothing is open on invoice INV-2 on 2024-06-01, the filing date; a claim covers only \
         what the customer still owes, so leave the invoice out or check the date."
    );
    assert_eq!(
        refused(&mut book, claim(&["INV-1"], "2024-03-01", "100.00")).message,
        "Invoice INV-1 was issued on 2024-03-31, after the filing date 2024-03-01; a claim is \
         filed for invoices already issued, so check the filing date or the invoice."
    );
    assert_eq!(
        refused(&mut book, claim(&["INV-1"], "2024-06-01", "1200.00")).message,
        "The amount claimed 1200.00 EUR is above the 1000.00 EUR open on invoices INV-1 on \
         2024-06-01, the filing date; claim at most what is open."
    );

    book.file_claim(&claim(&["INV-1"], "2024-06-01", "800.00"))
        .unwrap();
    let twice = refused(&mut book, claim(&["INV-1"], "2024-06-01", "800.00"));
    assert_eq!(twice.code, ErrorCode::Conflict);
    assert_eq!(
        twice.message,
        "Claim 1 of customer HARBOUR already covers invoices INV-1, filed on 2024-06-01 for \
         800.00 EUR; the same claim is not filed twice. List the claims to see it."
    );
    assert_eq!(book.claims().unwrap().len(), 1);
}

#[test]
fn the_disputed_mark_stays_while_a_recorded_dispute_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.open_dispute(&dispute(
        "INV-1",
        Some("100.00"),
        DisputeReason::Price,
        "2024-04-10",
    ))
    .unwrap();

    let err = book.clear_dispute_mark("INV-1").unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        "Invoice INV-1 stays disputed: dispute 1 of 100.00 EUR, opened on 2024-04-10, is still \
         open. Resolve it with `dispute resolve 1`; the mark is cleared when the invoice's last \
         open dispute is resolved."
    );
    assert!(book.invoice("INV-1").unwrap().disputed);

    // A mark set by hand, with no dispute on record, is cleared by hand.
    book.set_disputed("INV-2", true).unwrap();
    book.clear_dispute_mark("INV-2").unwrap();
    assert!(!book.invoice("INV-2").unwrap().disputed);
}

#[test]
fn an_identical_dispute_or_promise_entered_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let opening = dispute("INV-1", Some("100.00"), DisputeReason::Price, "2024-04-10");
    book.open_dispute(&opening).unwrap();
    let err = book.open_dispute(&opening).unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        "Dispute 1 on invoice INV-1, opened on 2024-04-10 for 100.00 EUR with the same reason, is \
         already open; nothing was added. Resolve it with `dispute resolve 1`, or give a \
         different amount or line for another disputed part."
    );
    assert_eq!(book.dispute_entries().unwrap().len(), 1);

    book.add_promise(&promise("300.00", &["INV-2"])).unwrap();
    let err = book
        .add_promise(&promise("300.00", &["INV-2"]))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        "Promise 1 of customer HARBOUR, made on 2024-05-01 to pay 300.00 EUR by 2024-05-15 for \
         invoices INV-2, is already recorded; nothing was added. List the promises to see it."
    );
    assert_eq!(book.promises(date("2024-05-01")).unwrap().len(), 1);
}

#[test]
fn a_promise_above_what_is_open_is_recorded_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    // INV-2 has 500.00 open on 2024-05-01; the customer promises 600.00 for it.
    let added = book.add_promise(&promise("600.00", &["INV-2"])).unwrap();
    assert_eq!(
        added.message,
        "Recorded promise 1 of customer HARBOUR. Ms Lind promised by phone to pay 600.00 EUR by \
         2024-05-15; nothing has come in yet, and the items are not chased until then. Note: the \
         promised 600.00 EUR is more than the 500.00 EUR open on invoices INV-2 on 2024-05-01, \
         the day it was made; check the amount, or record a promise that covers the other \
         invoices too."
    );
}

#[test]
fn follow_up_refusals_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let _speaking = Language::SimplifiedChinese.speak();
    book.record_settlement(&paid("P-1", "INV-2", "500.00", "2024-05-10"))
        .unwrap();
    let refused = |book: &mut OpenBook, input: ClaimInput| book.file_claim(&input).unwrap_err();
    assert_eq!(
        refused(&mut book, claim(&["INV-2"], "2024-06-01", "100.00")).message,
        "发票 INV-2 在索赔提交日期 2024-06-01 没有未结金额；索赔只能涵盖客户仍欠的款项，请去掉该\
         发票或核对日期。"
    );
    assert_eq!(
        refused(&mut book, claim(&["INV-1"], "2024-03-01", "100.00")).message,
        "发票 INV-1 开具于 2024-03-31，晚于索赔提交日期 2024-03-01；索赔只能针对已开具的发票，请\
         核对提交日期或发票。"
    );
    assert_eq!(
        refused(&mut book, claim(&["INV-1"], "2024-06-01", "1200.00")).message,
        "索赔金额 1200.00 EUR 超过发票 INV-1 在索赔提交日期 2024-06-01 的未结金额 1000.00 EUR；\
         索赔金额不得超过未结金额。"
    );
    book.file_claim(&claim(&["INV-1"], "2024-06-01", "800.00"))
        .unwrap();
    assert_eq!(
        refused(&mut book, claim(&["INV-1"], "2024-06-01", "800.00")).message,
        "客户 HARBOUR 的索赔 1 已涵盖发票 INV-1，于 2024-06-01 提交，金额 800.00 EUR；同一索赔不能\
         重复提交。请列出索赔查看。"
    );
    assert_eq!(
        book.decide_claim(&decision(ClaimDecision::Accepted, None))
            .unwrap_err()
            .message,
        "索赔 1 记为已受理时必须填写保险公司的赔付金额及赔付日期；请同时填写两者，或在保险公司付款\
         之前保持索赔为待定。"
    );
    book.decide_claim(&decision(ClaimDecision::Refused, None))
        .unwrap();
    assert_eq!(
        book.decide_claim(&decision(ClaimDecision::Refused, None))
            .unwrap_err()
            .message,
        "索赔 1 已于 2024-06-01 判定为已拒赔；一项索赔只判定一次，其判定及随之登记的赔付保持不变。\
         如保险公司重新受理，请另行提交索赔。"
    );

    let opening = dispute("INV-1", Some("100.00"), DisputeReason::Price, "2024-04-10");
    book.open_dispute(&opening).unwrap();
    assert_eq!(
        book.open_dispute(&opening).unwrap_err().message,
        "发票 INV-1 的争议 1（2024-04-10 提出，金额 100.00 EUR，原因相同）仍未处理；未新增任何记录。\
         请用 `dispute resolve 1` 处理该争议，或为另一争议部分填写不同的金额或行项目。"
    );
    assert_eq!(
        book.clear_dispute_mark("INV-1").unwrap_err().message,
        "发票 INV-1 仍为争议状态：争议 1（金额 100.00 EUR，2024-04-10 提出）尚未处理。请用 \
         `dispute resolve 1` 处理；发票的最后一项未决争议处理完毕后，争议标记即会清除。"
    );
    book.add_promise(&promise("300.00", &["INV-1"])).unwrap();
    assert_eq!(
        book.add_promise(&promise("300.00", &["INV-1"]))
            .unwrap_err()
            .message,
        "客户 HARBOUR 于 2024-05-01 作出的付款承诺 1（于 2024-05-15 前就发票 INV-1 支付 300.00 EUR）\
         已登记；未新增任何记录。请列出承诺查看。"
    );
}

#[test]
fn the_undisputed_rest_of_a_partly_disputed_invoice_holds_an_order_once_overdue() {
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
    // F-1 of 300.00, due 2024-04-30; FINCH contests 100.00 of it on 2024-05-02.
    book.post_invoice(&InvoiceInput {
        customer: "FINCH".into(),
        ..invoice("F-1", "300.00", Some("net 30"))
    })
    .unwrap();
    book.open_dispute(&dispute(
        "F-1",
        Some("100.00"),
        DisputeReason::Quality,
        "2024-05-02",
    ))
    .unwrap();
    let as_of = date("2024-05-16");
    book.set_credit_profile(
        &CreditProfileInput {
            customer: "FINCH".into(),
            limit: "10000.00".parse().unwrap(),
            currency: None,
            max_terms_days: 60,
            default_terms_days: None,
            risk_class: None,
            status: None,
            review_date: None,
            review_interval_months: None,
            security_required: None,
        },
        as_of,
    )
    .unwrap();

    // Only the 100.00 contested is disputed; the 200.00 rest is 16 days overdue, past the
    // 15 days' grace, and holds the order.
    assert_eq!(
        book.exposure("FINCH", as_of)
            .unwrap()
            .disputed
            .amount()
            .to_string(),
        "100.00"
    );
    // The book-wide figures split the invoice the same way.
    let alone: ExposureTotals = (&book.exposure("FINCH", as_of).unwrap()).into();
    let all = book.exposures(as_of).unwrap();
    let finch = all.iter().find(|e| e.customer == "FINCH").unwrap();
    assert_eq!(finch.exposure.as_ref(), Some(&alone));
    let order = OrderInput {
        reference: "SO-1".into(),
        customer: "FINCH".into(),
        amount: "50.00".parse().unwrap(),
        currency: None,
        terms_days: Some(30),
        date: as_of,
    };
    let outcome = book.enter_order(&order, as_of, None).unwrap();
    let Decision::Hold(hold) = &outcome.check.decision else {
        panic!(
            "the overdue undisputed rest holds the order: {}",
            outcome.message
        );
    };
    let overdue = hold.reasons().iter().find_map(|r| match r {
        HoldReason::Overdue {
            amount, most_days, ..
        } => Some((amount.amount().to_string(), *most_days)),
        _ => None,
    });
    assert_eq!(overdue, Some(("200.00".to_string(), 16)));
}

/// The aging's disputed column on `as_of`, for HARBOUR in EUR.
fn aged_disputed(book: &OpenBook, as_of: &str) -> String {
    let report = book
        .aging(date(as_of), &creditdesk_core::aging::Buckets::default())
        .unwrap();
    report.customers[0].disputed.amount().to_string()
}

#[test]
fn the_aging_shows_what_the_disputes_open_on_its_date_contest() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());

    // HARBOUR contests 300.00 of INV-1 (1,000.00 open) on 2024-04-10; rejected on 2024-05-20.
    book.open_dispute(&dispute(
        "INV-1",
        Some("300.00"),
        DisputeReason::Price,
        "2024-04-10",
    ))
    .unwrap();
    // Before the dispute was opened nothing was disputed; while it is open, its 300.00 and not
    // the invoice's whole 1,000.00.
    assert_eq!(aged_disputed(&book, "2024-04-09"), "0.00");
    assert_eq!(aged_disputed(&book, "2024-04-10"), "300.00");

    book.resolve_dispute(&resolution(1, DisputeVerdict::Rejected, None))
        .unwrap();
    // The rejection does not rewrite the past: on 2024-05-19 the 300.00 was still contested.
    assert_eq!(aged_disputed(&book, "2024-05-19"), "300.00");
    assert_eq!(aged_disputed(&book, "2024-05-20"), "0.00");

    // A dispute larger than what is left open counts only the open amount: 900.00 is paid on
    // 2024-06-01, then 500.00 is contested on 2024-06-02; 100.00 is open.
    book.record_settlement(&paid("PAY-1", "INV-1", "900.00", "2024-06-01"))
        .unwrap();
    book.open_dispute(&dispute(
        "INV-1",
        Some("100.00"),
        DisputeReason::Quality,
        "2024-06-02",
    ))
    .unwrap();
    assert_eq!(aged_disputed(&book, "2024-06-02"), "100.00");
    assert_eq!(aged_disputed(&book, "2024-05-31"), "0.00");
}

#[test]
fn an_accepted_dispute_credits_the_instalments_it_was_placed_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    // INV-3 of 1,000.00 in two parts: 500.00 due 2024-04-30 and 500.00 due 2024-05-31.
    book.post_invoice(&invoice(
        "INV-3",
        "1000.00",
        Some("net 30 in 2 parts every 1 month"),
    ))
    .unwrap();
    // 300.00 contested; the disputed part sits on the instalment due last.
    book.open_dispute(&dispute(
        "INV-3",
        Some("300.00"),
        DisputeReason::Quality,
        "2024-04-10",
    ))
    .unwrap();
    // 100.00 paid on the second part meanwhile (a payment naming the invoice goes oldest first,
    // so it is recorded against part 1; the credit must still fit what each part has open).
    book.record_settlement(&paid("PAY-3", "INV-3", "100.00", "2024-05-02"))
        .unwrap();
    book.resolve_dispute(&DisputeResolutionInput {
        resolved_on: date("2024-05-20"),
        ..resolution(1, DisputeVerdict::Accepted, None)
    })
    .unwrap();

    let open: Vec<(u32, String)> = book
        .invoice("INV-3")
        .unwrap()
        .instalments
        .iter()
        .map(|i| (i.seq, i.open.amount().to_string()))
        .collect();
    // Part 1 keeps its 400.00 to chase from 2024-04-30; the credit took 300.00 off part 2.
    assert_eq!(open, [(1, "400.00".to_string()), (2, "200.00".to_string())]);
    let credit_note = &book.invoice("INV-3").unwrap().instalments[1].allocations;
    assert!(
        credit_note
            .iter()
            .any(|a| a.amount.amount().to_string() == "300.00"),
        "{credit_note:?}"
    );
}
