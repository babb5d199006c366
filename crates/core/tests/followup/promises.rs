//! Promises to pay: pending until the date, kept when the money is in, broken when it is not.

use creditdesk_core::promises::{
    Promise, PromiseChannel, PromiseError, PromiseStanding, PromiseState, Receipt,
};

use crate::{both, both_said, date, euros, money};

/// On 2024-06-03 Li Wei of MARIGOLD promised by phone to pay 1,500.00 EUR by 2024-06-14 for
/// invoices F-300 and F-301; chasing had reached dunning level 2.
fn li_wei() -> Promise {
    Promise {
        customer_reference: "MARIGOLD".to_string(),
        made_on: date("2024-06-03"),
        promised_on: date("2024-06-14"),
        amount: euros("1,500.00"),
        promised_by: "Li Wei".to_string(),
        channel: PromiseChannel::Phone,
        invoice_numbers: vec!["F-300".to_string(), "F-301".to_string()],
        dunning_level: Some(2),
    }
}

fn receipt(on: &str, amount: &str) -> Receipt {
    Receipt {
        date: date(on),
        amount: euros(amount),
    }
}

fn standing(receipts: &[Receipt], as_of: &str) -> PromiseStanding {
    li_wei().standing(receipts, date(as_of)).unwrap()
}

#[test]
fn a_promise_with_no_money_by_its_date_is_broken_the_next_day_and_resumes_at_its_level() {
    assert!(li_wei().problems().is_empty());
    // The promised day itself is still the customer's.
    let on_the_day = standing(&[], "2024-06-14");
    assert_eq!(on_the_day.state, PromiseState::Pending);
    assert!(on_the_day.state.holds_chasing());

    let next_day = standing(&[], "2024-06-15");
    assert_eq!(next_day.state, PromiseState::Broken);
    assert!(!next_day.state.holds_chasing());
    assert_eq!(next_day.broken_on, Some(date("2024-06-15")));
    assert_eq!(next_day.missing, euros("1,500.00"));
    assert_eq!(next_day.paid, euros("0.00"));
    assert_eq!(next_day.resume_at_level, Some(2));
    assert_eq!(
        both_said(|| next_day.sentence(&li_wei())),
        (
            "Li Wei promised by phone to pay 1500.00 EUR by 2024-06-14; the promise is broken, \
             1500.00 EUR is missing, and chasing resumes at dunning level 2."
                .to_string(),
            "Li Wei 通过电话承诺于 2024-06-14 前支付 1500.00 EUR；该承诺已违约，尚缺 1500.00 EUR，\
             催收从第 2 级恢复。"
                .to_string()
        )
    );
}

#[test]
fn a_partial_payment_keeps_the_rest_of_the_promise_open_until_its_date() {
    // 600.00 comes in on 06-10: on 06-12 the promise is pending with 900.00 still expected.
    let part = [receipt("2024-06-10", "600.00")];
    let pending = standing(&part, "2024-06-12");
    assert_eq!(pending.state, PromiseState::Pending);
    assert_eq!(
        (pending.paid, pending.missing),
        (euros("600.00"), euros("900.00"))
    );
    assert_eq!(
        both_said(|| pending.sentence(&li_wei())),
        (
            "Li Wei promised by phone to pay 1500.00 EUR by 2024-06-14; 600.00 EUR has come in \
             and 900.00 EUR is still expected by then."
                .to_string(),
            "Li Wei 通过电话承诺于 2024-06-14 前支付 1500.00 EUR；已收到 600.00 EUR，其余 \
             900.00 EUR 仍待在此日期前支付。"
                .to_string()
        )
    );

    // The other 900.00 on the promised day: kept on 06-14.
    let whole = [
        receipt("2024-06-10", "600.00"),
        receipt("2024-06-14", "900.00"),
    ];
    let kept = standing(&whole, "2024-06-20");
    assert_eq!(kept.state, PromiseState::Kept);
    assert_eq!(kept.kept_on, Some(date("2024-06-14")));
    assert_eq!(kept.missing, euros("0.00"));
    assert_eq!(kept.resume_at_level, None);
    assert_eq!(
        both_said(|| kept.sentence(&li_wei())),
        (
            "Li Wei promised by phone to pay 1500.00 EUR by 2024-06-14; the promise was kept on \
             2024-06-14."
                .to_string(),
            "Li Wei 通过电话承诺于 2024-06-14 前支付 1500.00 EUR；已于 2024-06-14 兑现。"
                .to_string()
        )
    );
}

#[test]
fn a_payment_that_bounces_before_the_date_does_not_keep_the_promise() {
    // Paid in full on 06-10, the transfer bounced on 06-12 (a refund of the payment).
    let receipts = [
        receipt("2024-06-10", "1,500.00"),
        receipt("2024-06-12", "-1,500.00"),
    ];
    let after = standing(&receipts, "2024-06-15");
    assert_eq!(after.state, PromiseState::Broken);
    assert_eq!(
        (after.paid, after.missing),
        (euros("0.00"), euros("1,500.00"))
    );
    assert_eq!(after.kept_on, None);

    // Paid again on 06-13: kept on that day, not the first.
    let again = [receipts[0], receipts[1], receipt("2024-06-13", "1,500.00")];
    let kept = standing(&again, "2024-06-15");
    assert_eq!(kept.state, PromiseState::Kept);
    assert_eq!(kept.kept_on, Some(date("2024-06-13")));
}

#[test]
fn money_after_the_date_settles_the_items_but_does_not_mend_the_promise() {
    // 600.00 on 06-10, the other 900.00 only on 06-20: broken since 06-15, 900.00 missing.
    let late = [
        receipt("2024-06-10", "600.00"),
        receipt("2024-06-20", "900.00"),
    ];
    let broken = standing(&late, "2024-06-21");
    assert_eq!(broken.state, PromiseState::Broken);
    assert_eq!(
        (broken.paid, broken.missing),
        (euros("600.00"), euros("900.00"))
    );
    // Money received before the promise was made does not count toward it either.
    let before = standing(&[receipt("2024-06-01", "1,500.00")], "2024-06-05");
    assert_eq!(before.state, PromiseState::Pending);
    assert_eq!(before.paid, euros("0.00"));
}

#[test]
fn a_pending_promise_with_nothing_in_and_a_broken_one_without_a_level_are_told_plainly() {
    let nothing = standing(&[], "2024-06-04");
    assert_eq!(
        both_said(|| nothing.sentence(&li_wei())),
        (
            "Li Wei promised by phone to pay 1500.00 EUR by 2024-06-14; nothing has come in yet, \
             and the items are not chased until then."
                .to_string(),
            "Li Wei 通过电话承诺于 2024-06-14 前支付 1500.00 EUR；尚未收到款项，在此之前不催收相关\
             款项。"
                .to_string()
        )
    );
    let by_email = Promise {
        channel: PromiseChannel::Email,
        dunning_level: None,
        ..li_wei()
    };
    let broken = by_email.standing(&[], date("2024-07-01")).unwrap();
    assert_eq!(
        both_said(|| broken.sentence(&by_email)),
        (
            "Li Wei promised by email to pay 1500.00 EUR by 2024-06-14; the promise is broken, \
             1500.00 EUR is missing, and chasing resumes."
                .to_string(),
            "Li Wei 通过电子邮件承诺于 2024-06-14 前支付 1500.00 EUR；该承诺已违约，尚缺 \
             1500.00 EUR，恢复催收。"
                .to_string()
        )
    );
}

#[test]
fn every_promise_refusal_is_a_sentence_in_both_languages() {
    let bad = Promise {
        amount: euros("0.00"),
        promised_on: date("2024-06-01"),
        promised_by: "  ".to_string(),
        invoice_numbers: Vec::new(),
        ..li_wei()
    };
    let mut cases: Vec<(PromiseError, &str, &str)> = bad
        .problems()
        .into_iter()
        .zip([
            (
                "The promised amount 0.00 EUR is not accepted; give the amount the customer \
                 promised to pay, above zero.",
                "承诺金额 0.00 EUR 不可接受；请填写客户承诺支付的、大于零的金额。",
            ),
            (
                "The promised date 2024-06-01 is before the day the promise was made, \
                 2024-06-03; give a date on or after 2024-06-03.",
                "承诺付款日 2024-06-01 早于作出承诺的日期 2024-06-03；请填写 2024-06-03 当日或\
                 之后的日期。",
            ),
            (
                "The promise does not say who made it; enter the name of the person who \
                 promised to pay.",
                "未写明由谁作出承诺；请填写承诺付款的人员姓名。",
            ),
            (
                "The promise covers no invoice; choose at least one invoice the customer \
                 promised to pay.",
                "该承诺未关联任何发票；请至少选择一张客户承诺支付的发票。",
            ),
        ])
        .map(|(err, (en, zh))| (err, en, zh))
        .collect();
    assert_eq!(cases.len(), 4, "each problem is reported");
    let in_dollars = Receipt {
        date: date("2024-06-10"),
        amount: money("600.00 USD"),
    };
    cases.push((
        li_wei()
            .standing(&[in_dollars], date("2024-06-12"))
            .unwrap_err(),
        "The receipt of 600.00 USD on 2024-06-10 is not in EUR, the currency of the promise; \
         count only receipts in EUR, converted if need be.",
        "2024-06-10 收到的 600.00 USD 不是以承诺的币种 EUR 计价；只计入以 EUR 计价的收款，\
         必要时请先换算。",
    ));
    for (err, en, zh) in cases {
        assert_eq!(
            both(&err),
            (en.to_string(), zh.to_string()),
            "{}",
            err.code()
        );
    }
}
