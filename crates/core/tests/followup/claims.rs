//! Insurance claims: what the insurer pays is allocated like any receipt; the retention is left
//! as a loss or recoverable.

use creditdesk_core::allocate::{allocate_to, OpenInstalment};
use creditdesk_core::claims::{
    ClaimDecision, ClaimError, ClaimOutcome, InsuranceClaim, RetentionTreatment,
};

use crate::{both, date, euros, money};

/// MARIGOLD's unpaid invoice F-500 of 10,000.00 EUR, claimed from the insurer on 2024-05-02.
fn claim(decision: ClaimDecision, paid: Option<&str>) -> InsuranceClaim {
    InsuranceClaim {
        customer_reference: "MARIGOLD".to_string(),
        invoice_numbers: vec!["F-500".to_string()],
        filed_on: date("2024-05-02"),
        claimed: euros("10,000.00"),
        decision,
        paid: paid.map(euros),
        paid_on: paid.map(|_| date("2024-06-28")),
        retention_treatment: RetentionTreatment::Loss,
    }
}

#[test]
fn an_accepted_claim_paid_at_ninety_percent_leaves_a_retention_of_one_thousand_as_a_loss() {
    // The policy insures 90 %: the insurer pays 9,000.00 and 1,000.00 is ours to bear.
    let accepted = claim(ClaimDecision::Accepted, Some("9,000.00"));
    assert!(accepted.problems().is_empty());
    assert_eq!(
        accepted.outcome().unwrap(),
        Some(ClaimOutcome {
            paid: euros("9,000.00"),
            retention: euros("1,000.00"),
            treatment: RetentionTreatment::Loss,
        })
    );

    // The insurer's 9,000.00 is allocated to F-500 like any receipt: 1,000.00 stays open, the
    // retention, to be written off.
    let f500 = [OpenInstalment {
        key: 500,
        due_date: date("2024-02-29"),
        open: euros("10,000.00"),
    }];
    let allocated = allocate_to(euros("9,000.00"), &f500).unwrap();
    let open_after = f500[0]
        .open
        .checked_sub(allocated.allocations[0].amount)
        .unwrap();
    assert_eq!(open_after, euros("1,000.00"));
    assert!(allocated.unapplied.is_zero());
}

#[test]
fn a_partly_accepted_claim_leaves_the_rest_recoverable_and_a_refused_one_all_of_it() {
    let partly = InsuranceClaim {
        retention_treatment: RetentionTreatment::Recoverable,
        ..claim(ClaimDecision::Partly, Some("6,000.00"))
    };
    let outcome = partly.outcome().unwrap().unwrap();
    assert_eq!(outcome.retention, euros("4,000.00"));
    assert_eq!(outcome.treatment, RetentionTreatment::Recoverable);

    let refused = claim(ClaimDecision::Refused, None);
    assert_eq!(
        refused.outcome().unwrap().unwrap().retention,
        euros("10,000.00")
    );
    assert_eq!(claim(ClaimDecision::Pending, None).outcome().unwrap(), None);
}

#[test]
fn every_claim_refusal_is_a_sentence_in_both_languages() {
    let first = |c: InsuranceClaim| c.problems().into_iter().next().expect("a problem");
    let cases: Vec<(ClaimError, &str, &str)> = vec![
        (
            first(InsuranceClaim {
                claimed: euros("0.00"),
                ..claim(ClaimDecision::Pending, None)
            }),
            "The amount claimed 0.00 EUR is not accepted; give the amount claimed from the \
             insurer, above zero.",
            "索赔金额 0.00 EUR 不可接受；请填写向保险公司索赔的、大于零的金额。",
        ),
        (
            first(InsuranceClaim {
                invoice_numbers: Vec::new(),
                ..claim(ClaimDecision::Pending, None)
            }),
            "The claim names no invoice; choose at least one unpaid invoice it is for.",
            "该索赔未关联任何发票；请至少选择一张所索赔的未付发票。",
        ),
        (
            first(InsuranceClaim {
                paid: Some(money("9,000.00 USD")),
                ..claim(ClaimDecision::Accepted, Some("1.00"))
            }),
            "The amount paid 9000.00 USD is not in EUR, the currency of the claim; give it in \
             EUR.",
            "赔付金额 9000.00 USD 不是以索赔币种 EUR 计价；请以 EUR 填写。",
        ),
        (
            first(claim(ClaimDecision::Accepted, Some("-1.00"))),
            "The amount paid -1.00 EUR is not accepted; give zero or more.",
            "赔付金额 -1.00 EUR 不可接受；请填写零或更大的金额。",
        ),
        (
            first(claim(ClaimDecision::Accepted, Some("10,000.01"))),
            "The amount paid 10000.01 EUR is more than the 10000.00 EUR claimed; give at most \
             10000.00 EUR.",
            "赔付金额 10000.01 EUR 超过了索赔金额 10000.00 EUR；请填写不超过 10000.00 EUR 的金额。",
        ),
        (
            first(claim(ClaimDecision::Partly, Some("10,000.00"))),
            "The claim is partly accepted, but the amount paid 10000.00 EUR is not below the \
             10000.00 EUR claimed; give an amount above zero and below 10000.00 EUR, or mark \
             the claim accepted.",
            "该索赔为部分受理，但赔付金额 10000.00 EUR 不低于索赔金额 10000.00 EUR；请填写大于零\
             且小于 10000.00 EUR 的金额，或将索赔标记为已受理。",
        ),
        (
            first(claim(ClaimDecision::Pending, Some("9,000.00"))),
            "The claim is still pending, yet an amount paid of 9000.00 EUR is given; record the \
             insurer's decision first.",
            "该索赔仍待定，却填写了赔付金额 9000.00 EUR；请先登记保险公司的决定。",
        ),
        (
            first(claim(ClaimDecision::Refused, Some("9,000.00"))),
            "The claim is refused, yet an amount paid of 9000.00 EUR is given; leave the amount \
             paid out, or record the decision as accepted or partly accepted.",
            "该索赔已被拒赔，却填写了赔付金额 9000.00 EUR；请删除赔付金额，或将决定登记为已受理或\
             部分受理。",
        ),
        (
            first(InsuranceClaim {
                paid_on: None,
                ..claim(ClaimDecision::Accepted, Some("9,000.00"))
            }),
            "The amount paid 9000.00 EUR has no date; enter the day the insurer paid.",
            "赔付金额 9000.00 EUR 未填写日期；请填写保险公司付款的日期。",
        ),
        (
            first(InsuranceClaim {
                paid_on: Some(date("2024-06-28")),
                ..claim(ClaimDecision::Refused, None)
            }),
            "A payment date of 2024-06-28 is given without an amount paid; enter the amount the \
             insurer paid, or leave the date out.",
            "填写了赔付日期 2024-06-28，但没有赔付金额；请填写保险公司支付的金额，或删除该日期。",
        ),
        (
            first(InsuranceClaim {
                paid_on: Some(date("2024-05-01")),
                ..claim(ClaimDecision::Accepted, Some("9,000.00"))
            }),
            "The insurer's payment on 2024-05-01 is before the claim was filed on 2024-05-02; \
             give a date on or after 2024-05-02.",
            "保险公司的付款日期 2024-05-01 早于索赔提交日期 2024-05-02；请填写 2024-05-02 当日或\
             之后的日期。",
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
    assert_eq!(
        claim(ClaimDecision::Refused, Some("1.00"))
            .outcome()
            .unwrap_err()
            .code(),
        "paid_when_refused",
        "an outcome is refused for a claim that breaks its invariants"
    );
}
