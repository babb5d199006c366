//! Case B23: a credit-limit check bypassed by closing and reopening an order. Reopening, like any
//! change that raises exposure, is checked like a new order.

use creditdesk_core::credit::{
    check_order, exposure, CheckPolicy, Decision, HoldReason, OpenReceivable, Order, OrderChange,
    OrderState,
};

use crate::{customer, date, euros, invoice, order, AS_OF};

const POLICY: CheckPolicy = CheckPolicy { grace_days: 15 };

#[test]
fn b23_reopening_a_closed_order_over_the_limit_is_held_with_the_excess() {
    // Customer "Marigold Events": limit 10,000.00, open invoices 6,000.00 (one of them
    // disputed: disputes still count, case B09), SO-1 3,000.00 open and unbilled.
    let file = customer("10,000.00");
    let receivables: Vec<OpenReceivable> = vec![
        invoice("INV-1", "2024-07-15", "4,500.00 EUR"),
        crate::disputed("INV-2", "2024-06-25", "1,500.00 EUR"),
    ];
    let so1 = order("SO-1", "3,000.00 EUR", OrderState::Open);
    let as_of = date(AS_OF);
    let at_start = exposure(&file, &receivables, std::slice::from_ref(&so1), &[], as_of).unwrap();
    assert_eq!(at_start.total, euros("9,000.00"));
    assert_eq!(at_start.disputed, euros("1,500.00"));

    // 1. Close SO-1: exposure 6,000.00. Closing lowers the risk, so it needs no approval.
    let so1_closed = Order {
        state: OrderState::Closed,
        ..so1.clone()
    };
    let closing = check_order(
        &file,
        &receivables,
        &[so1],
        &so1_closed,
        &POLICY,
        &[],
        as_of,
    )
    .unwrap();
    assert_eq!(closing.change, OrderChange::NoNewRisk);
    assert_eq!(closing.exposure.total, euros("6,000.00"));
    assert_eq!(closing.decision, Decision::Approve);
    let mut book = vec![so1_closed.clone()];

    // 2. Create SO-2 for 3,500.00: exposure 9,500.00, within the limit, so it is allowed.
    let so2 = order("SO-2", "3,500.00 EUR", OrderState::Open);
    let creating = check_order(&file, &receivables, &book, &so2, &POLICY, &[], as_of).unwrap();
    assert_eq!(creating.change, OrderChange::New);
    assert_eq!(creating.exposure.total, euros("9,500.00"));
    assert_eq!(creating.decision, Decision::Approve);
    book.push(so2);

    // 3. Reopen SO-1: exposure would be 12,500.00, over the limit by 2,500.00. Held.
    let so1_reopened = Order {
        state: OrderState::Open,
        ..so1_closed
    };
    let reopening = check_order(
        &file,
        &receivables,
        &book,
        &so1_reopened,
        &POLICY,
        &[],
        as_of,
    )
    .unwrap();
    assert_eq!(reopening.change, OrderChange::Reopened);
    assert_eq!(reopening.exposure.total, euros("12,500.00"));
    assert_eq!(
        reopening.decision.reasons(),
        [HoldReason::OverLimit {
            exposure: euros("12,500.00"),
            limit: euros("10,000.00"),
            excess: euros("2,500.00"),
        }]
    );
    assert!(
        reopening.decision.release().is_none(),
        "the reopen does not go through silently"
    );
    assert_eq!(
        reopening.decision.reasons()[0].to_string(),
        "With this order the exposure is 12500.00 EUR, over the credit limit of 10000.00 EUR by \
         2500.00 EUR."
    );

    // ...or it needs an override with a reason, which the caller logs.
    let Decision::Hold(hold) = reopening.decision else {
        panic!("SO-1 is held");
    };
    let overridden = hold
        .overrule("Customer paid INV-1 today; remittance advice on file.")
        .unwrap();
    assert_eq!(overridden.held_for.len(), 1);
}
