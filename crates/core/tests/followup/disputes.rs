//! Disputes: the disputed part is set apart, the rest is chased, and a resolution credits or
//! resumes.

use creditdesk_core::aging::days_overdue;
use creditdesk_core::allocate::{allocate_oldest_first, OpenInstalment};
use creditdesk_core::disputes::{
    disputed_total, split_disputed, Dispute, DisputeError, DisputeOutcome, DisputeReason,
    NewDispute,
};
use creditdesk_core::Money;
use proptest::prelude::*;

use crate::{both, currency, date, euros, money};

fn open(key: i64, due: &str, amount: &str) -> OpenInstalment {
    OpenInstalment {
        key,
        due_date: date(due),
        open: euros(amount),
    }
}

/// Invoice F-100 of MARIGOLD: 1,200.00 EUR in three instalments of 400.00.
fn f100() -> Vec<OpenInstalment> {
    vec![
        open(1, "2024-04-30", "400.00"),
        open(2, "2024-05-31", "400.00"),
        open(3, "2024-06-30", "400.00"),
    ]
}

fn request(number: &str, amount: Option<&str>, reason: DisputeReason) -> NewDispute {
    NewDispute {
        invoice_number: number.to_string(),
        amount: amount.map(euros),
        line: None,
        reason,
        note: String::new(),
        opened_on: date("2024-06-10"),
    }
}

/// (key, disputed, chased) per instalment.
fn parts(split: &creditdesk_core::disputes::DisputeSplit) -> Vec<(i64, String, String)> {
    split
        .instalments
        .iter()
        .map(|i| (i.key, i.disputed.to_string(), i.chased.to_string()))
        .collect()
}

#[test]
fn a_partial_dispute_keeps_the_undisputed_part_chased_from_its_own_due_dates() {
    // The customer contests 500.00 of F-100 (quality, line 2). The 500.00 is taken from the
    // instalment due last: 400.00 of the one due 06-30 and 100.00 of the one due 05-31. The
    // 700.00 left is chased: 400.00 due 04-30 and 300.00 due 05-31.
    let mut req = request("F-100", Some("500.00"), DisputeReason::Quality);
    req.line = Some("2".to_string());
    let dispute = Dispute::open(req, euros("1,200.00"), euros("0.00")).unwrap();
    assert!(!dispute.whole_invoice);
    assert_eq!(dispute.amount, euros("500.00"));

    let split = split_disputed(&f100(), dispute.amount).unwrap();
    assert_eq!(
        parts(&split),
        vec![
            (1, "0.00 EUR".into(), "400.00 EUR".into()),
            (2, "100.00 EUR".into(), "300.00 EUR".into()),
            (3, "400.00 EUR".into(), "0.00 EUR".into()),
        ]
    );
    assert_eq!(split.disputed, euros("500.00"));
    assert_eq!(split.chased, euros("700.00"));

    // On 2024-07-15 the chased part is 76 days (04-30) and 45 days (05-31) overdue.
    let as_of = date("2024-07-15");
    let days: Vec<i64> = split
        .instalments
        .iter()
        .filter(|i| !i.chased.is_zero())
        .map(|i| days_overdue(i.due_date, as_of))
        .collect();
    assert_eq!(days, vec![76, 45]);
}

#[test]
fn paying_the_undisputed_part_leaves_exactly_the_disputed_part_open() {
    // The customer pays the 700.00 it does not contest; allocated oldest due first, it clears
    // instalment 1 and 300.00 of instalment 2. The same 500.00 stays disputed on the same
    // instalments, and nothing is left to chase.
    let paid = allocate_oldest_first(euros("700.00"), &f100()).unwrap();
    let after: Vec<OpenInstalment> = f100()
        .into_iter()
        .map(|mut i| {
            for a in paid.allocations.iter().filter(|a| a.key == i.key) {
                i.open = i.open.checked_sub(a.amount).unwrap();
            }
            i
        })
        .collect();
    let split = split_disputed(&after, euros("500.00")).unwrap();
    assert_eq!(
        parts(&split),
        vec![
            (2, "100.00 EUR".into(), "0.00 EUR".into()),
            (3, "400.00 EUR".into(), "0.00 EUR".into()),
        ]
    );
    assert!(split.chased.is_zero());
}

#[test]
fn a_rejected_dispute_resumes_with_the_days_from_the_original_due_date() {
    // F-200, 1,000.00 EUR due 2024-03-31, disputed as a whole (price) on 04-10. We reject it on
    // 06-14: the whole 1,000.00 is chased again, 75 days overdue (30 in April, 31 in May, 14
    // in June), not 0 days from the rejection.
    let mut dispute = Dispute::open(
        NewDispute {
            opened_on: date("2024-04-10"),
            ..request("F-200", None, DisputeReason::Price)
        },
        euros("1,000.00"),
        euros("0.00"),
    )
    .unwrap();
    assert!(dispute.whole_invoice);
    assert_eq!(dispute.age_days(date("2024-06-14")), 65);

    let resolution = dispute
        .resolve(
            DisputeOutcome::Rejected,
            date("2024-06-14"),
            "Price as quoted.".into(),
        )
        .unwrap()
        .clone();
    assert_eq!(resolution.credit, euros("0.00"));
    assert_eq!(resolution.resumed, euros("1,000.00"));

    let still_disputed = disputed_total(currency("EUR"), std::slice::from_ref(&dispute)).unwrap();
    assert_eq!(still_disputed, euros("0.00"));
    let split = split_disputed(&[open(9, "2024-03-31", "1,000.00")], still_disputed).unwrap();
    assert_eq!(split.chased, euros("1,000.00"));
    let due = split.instalments[0].due_date;
    assert_eq!(days_overdue(due, date("2024-06-14")), 75);
}

#[test]
fn a_dispute_accepted_is_credited_and_one_partly_accepted_resumes_the_rest() {
    let opened = || {
        Dispute::open(
            request("F-100", Some("500.00"), DisputeReason::Quantity),
            euros("1,200.00"),
            euros("0.00"),
        )
        .unwrap()
    };
    let mut accepted = opened();
    let done = accepted
        .resolve(DisputeOutcome::Accepted, date("2024-06-20"), String::new())
        .unwrap();
    assert_eq!(
        (done.credit, done.resumed),
        (euros("500.00"), euros("0.00"))
    );

    // We agree that 200.00 was short-delivered: a credit note of 200.00, and 300.00 chased.
    let mut partly = opened();
    let done = partly
        .resolve(
            DisputeOutcome::Partly {
                accepted: euros("200.00"),
            },
            date("2024-06-20"),
            String::new(),
        )
        .unwrap();
    assert_eq!(
        (done.credit, done.resumed),
        (euros("200.00"), euros("300.00"))
    );
    assert!(!partly.is_open());
}

#[test]
fn two_open_disputes_on_one_invoice_add_up_and_a_third_is_refused_beyond_the_open_amount() {
    let first = Dispute::open(
        request("F-100", Some("500.00"), DisputeReason::Quality),
        euros("1,200.00"),
        euros("0.00"),
    )
    .unwrap();
    let second = Dispute::open(
        request("F-100", None, DisputeReason::Duplicate),
        euros("1,200.00"),
        first.amount,
    )
    .unwrap();
    assert_eq!(second.amount, euros("700.00"));
    let total = disputed_total(currency("EUR"), &[first, second]).unwrap();
    assert_eq!(total, euros("1,200.00"));
    let err = Dispute::open(
        request("F-100", None, DisputeReason::Price),
        euros("1,200.00"),
        total,
    )
    .unwrap_err();
    assert_eq!(err.code(), "nothing_to_dispute");
}

/// Every refusal of the dispute rules, in English and in Chinese.
#[test]
fn every_dispute_refusal_is_a_sentence_in_both_languages() {
    let open_amount = euros("1,200.00");
    let none = euros("0.00");
    let refuse = |req: NewDispute, already: Money| Dispute::open(req, open_amount, already);
    let mut resolved = refuse(request("F-100", Some("10.00"), DisputeReason::Price), none).unwrap();
    resolved
        .resolve(DisputeOutcome::Accepted, date("2024-06-12"), String::new())
        .unwrap();
    let mut fresh = refuse(request("F-100", Some("10.00"), DisputeReason::Price), none).unwrap();

    let cases: Vec<(DisputeError, &str, &str)> =
        vec![
        (
            refuse(request("F-100", Some("0.00"), DisputeReason::Price), none).unwrap_err(),
            "The disputed amount 0.00 EUR on invoice F-100 is not accepted; give an amount above \
             zero, or leave it out to dispute the whole invoice.",
            "发票 F-100 的争议金额 0.00 EUR 不可接受；请填写大于零的金额，或留空以对整张发票提出\
             争议。",
        ),
        (
            refuse(request("F-100", Some("900.00"), DisputeReason::Price), euros("500.00"))
                .unwrap_err(),
            "The disputed amount 900.00 EUR on invoice F-100 is more than the 700.00 EUR open and \
             not yet disputed; give at most 700.00 EUR.",
            "发票 F-100 的争议金额 900.00 EUR 超过了尚未结清且未被争议的 700.00 EUR；请填写不超过 \
             700.00 EUR 的金额。",
        ),
        (
            refuse(
                NewDispute {
                    amount: Some(money("50.00 USD")),
                    ..request("F-100", None, DisputeReason::Price)
                },
                none,
            )
            .unwrap_err(),
            "The disputed amount 50.00 USD is not in EUR, the currency of invoice F-100; give the \
             amount in EUR.",
            "争议金额 50.00 USD 不是以发票 F-100 的币种 EUR 计价；请以 EUR 填写金额。",
        ),
        (
            refuse(request("F-100", None, DisputeReason::Price), open_amount).unwrap_err(),
            "Invoice F-100 has nothing open that is not already disputed; there is nothing left \
             to dispute.",
            "发票 F-100 没有尚未结清且未被争议的金额；无可争议的金额。",
        ),
        (
            refuse(request("F-100", None, DisputeReason::Other), none).unwrap_err(),
            "The dispute on invoice F-100 gives the reason \"other\" without a note; write what \
             the customer contests.",
            "发票 F-100 的争议原因为“其他”，但未填写说明；请写明客户争议的内容。",
        ),
        (
            resolved
                .resolve(DisputeOutcome::Rejected, date("2024-06-13"), String::new())
                .unwrap_err(),
            "The dispute on invoice F-100 was already resolved on 2024-06-12; a dispute is \
             resolved once. Open a new dispute if the customer contests again.",
            "发票 F-100 的争议已于 2024-06-12 处理完毕；争议只能处理一次。如客户再次提出异议，\
             请新建争议。",
        ),
        (
            fresh
                .resolve(DisputeOutcome::Rejected, date("2024-06-09"), String::new())
                .unwrap_err(),
            "The dispute on invoice F-100 cannot be resolved on 2024-06-09, before it was opened \
             on 2024-06-10; give a date on or after 2024-06-10.",
            "发票 F-100 的争议于 2024-06-10 提出，不能在此之前的 2024-06-09 处理；请填写 \
             2024-06-10 当日或之后的日期。",
        ),
        (
            fresh
                .resolve(
                    DisputeOutcome::Partly {
                        accepted: euros("10.00"),
                    },
                    date("2024-06-12"),
                    String::new(),
                )
                .unwrap_err(),
            "The accepted amount 10.00 EUR of the dispute on invoice F-100 is not accepted; give \
             an amount above zero and below the disputed 10.00 EUR, or accept or reject the \
             whole dispute.",
            "发票 F-100 争议的认可金额 10.00 EUR 不可接受；请填写大于零且小于争议金额 10.00 EUR \
             的金额，或全部认可、全部驳回该争议。",
        ),
    ];
    for (err, en, zh) in cases {
        assert_eq!(
            both(&err),
            (en.to_string(), zh.to_string()),
            "{}",
            err.code()
        );
    }
    assert!(
        fresh.is_open(),
        "a refused resolution leaves the dispute open"
    );
}

#[test]
fn the_reasons_are_a_closed_list_with_stable_names_and_words() {
    let names: Vec<&str> = DisputeReason::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "price",
            "quantity",
            "quality",
            "not_received",
            "duplicate",
            "other"
        ]
    );
    for reason in DisputeReason::ALL {
        assert_eq!(DisputeReason::parse(reason.as_str()), Some(reason));
        assert_eq!(through_serde(reason.as_str()), reason);
    }
    assert_eq!(
        both(&DisputeReason::NotReceived.word()),
        ("not received".into(), "未收到货".into())
    );
}

/// The reason serde reads from a name: the book stores the same names as `as_str`.
fn through_serde(name: &str) -> DisputeReason {
    use serde::de::value::{Error, StrDeserializer};
    use serde::de::IntoDeserializer;
    use serde::Deserialize;
    let deserializer: StrDeserializer<Error> = name.into_deserializer();
    DisputeReason::deserialize(deserializer).unwrap()
}

fn instalments() -> impl Strategy<Value = Vec<(i64, u32, i64)>> {
    // (key, due day offset, open minor units): keys made unique below.
    prop::collection::vec((0_u32..120, 0_i64..1_000_000), 0..7).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(k, (day, minor))| (k as i64 + 1, day, minor))
            .collect()
    })
}

proptest! {
    /// The split never creates or loses money, whatever is disputed, and does not depend on
    /// the order the instalments come in.
    #[test]
    fn the_split_adds_up_and_ignores_input_order(
        rows in instalments(),
        disputed in 0_i64..3_000_000,
    ) {
        let eur = currency("EUR");
        let start = date("2024-01-01");
        let open: Vec<OpenInstalment> = rows
            .iter()
            .map(|&(key, day, minor)| OpenInstalment {
                key,
                due_date: start + chrono::Days::new(u64::from(day)),
                open: Money::from_minor(minor, eur),
            })
            .collect();
        let split = split_disputed(&open, Money::from_minor(disputed, eur)).unwrap();
        let total: i64 = rows.iter().map(|r| r.2).sum();
        prop_assert_eq!(split.disputed.to_minor().unwrap(), disputed.min(total));
        prop_assert_eq!(
            split.disputed.to_minor().unwrap() + split.chased.to_minor().unwrap(),
            total
        );
        for part in &split.instalments {
            prop_assert!(!part.disputed.is_negative() && !part.chased.is_negative());
            prop_assert_eq!(part.disputed.checked_add(part.chased).unwrap(), part.open);
        }
        let mut reversed = open.clone();
        reversed.reverse();
        prop_assert_eq!(split_disputed(&reversed, Money::from_minor(disputed, eur)).unwrap(), split);
    }
}
