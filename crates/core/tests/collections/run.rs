//! The dunning run's own rules: what holds an item back, levels climbed one at a time, a broken
//! promise, and one communication per customer, level and currency.

use creditdesk_core::dunning::{
    propose, LeftOutReason, Pause, PauseScope, PlanHold, PromiseHold, RunInput,
};
use creditdesk_core::interest::RateTables;
use creditdesk_core::promises::PromiseState;

use crate::{book, case_ladder, date, euros, input, invoice, money, run, sent};

fn reasons(proposal: &creditdesk_core::dunning::DunningProposal) -> Vec<(String, LeftOutReason)> {
    proposal
        .left_out
        .iter()
        .map(|l| (l.invoice_number.clone(), l.reason.clone()))
        .collect()
}

#[test]
fn a_long_overdue_debt_that_was_never_reminded_gets_level_1_first() {
    // 120 days overdue and nothing ever sent: a reminder, not a hand-over.
    let policies = book(case_ladder());
    let items = vec![invoice(
        "SLOWPAY",
        "F-1",
        "2024-01-01",
        euros("900.00"),
        &[],
        None,
    )];
    let first = run("2024-04-30", &policies, &items, &[]);
    assert_eq!(first.communications[0].level, 1);
    // The next level waits for the gap, then comes one step at a time.
    let history = vec![first.communications[0].contact(date("2024-04-30"))];
    let waiting = run("2024-05-03", &policies, &items, &history);
    assert!(waiting.communications.is_empty());
    assert_eq!(
        reasons(&waiting),
        vec![(
            "F-1".to_string(),
            LeftOutReason::GapTooShort {
                last_contact: date("2024-04-30"),
                next_possible: date("2024-05-07"),
            }
        )]
    );
    assert_eq!(
        run("2024-05-07", &policies, &items, &history).communications[0].level,
        2
    );
}

#[test]
fn one_communication_per_customer_level_and_currency() {
    let policies = book(case_ladder());
    let items = vec![
        invoice("MIXED", "E-1", "2024-03-01", euros("100.00"), &[], None),
        invoice("MIXED", "E-2", "2024-03-20", euros("200.00"), &[], None),
        invoice("MIXED", "U-1", "2024-03-01", money("300.00 USD"), &[], None),
        invoice("OTHER", "O-1", "2024-03-01", euros("400.00"), &[], None),
    ];
    let history = vec![sent("MIXED", 1, "2024-03-08", &["E-1"])];
    let proposal = run("2024-04-01", &policies, &items, &history);
    let letters: Vec<(String, String, u8, Vec<String>)> = proposal
        .communications
        .iter()
        .map(|c| {
            (
                c.customer_reference.clone(),
                c.currency.to_string(),
                c.level,
                c.items.iter().map(|i| i.invoice_number.clone()).collect(),
            )
        })
        .collect();
    assert_eq!(
        letters,
        vec![
            ("MIXED".into(), "EUR".into(), 1, vec!["E-2".into()]),
            ("MIXED".into(), "EUR".into(), 2, vec!["E-1".into()]),
            ("MIXED".into(), "USD".into(), 1, vec!["U-1".into()]),
            ("OTHER".into(), "EUR".into(), 1, vec!["O-1".into()]),
        ]
    );
}

#[test]
fn pauses_plans_and_pending_promises_hold_items_back_and_say_why() {
    let policies = book(case_ladder());
    let rates = RateTables::shipped();
    let items = vec![
        invoice("MARIGOLD", "P-1", "2024-05-01", euros("100.00"), &[], None),
        invoice("MARIGOLD", "P-2", "2024-05-01", euros("200.00"), &[], None),
        invoice("MARIGOLD", "P-3", "2024-05-01", euros("300.00"), &[], None),
        invoice("MARIGOLD", "P-4", "2024-05-01", euros("400.00"), &[], None),
        invoice("QUIET", "Q-1", "2024-05-01", euros("500.00"), &[], None),
    ];
    let pauses = vec![
        Pause {
            scope: PauseScope::Invoice {
                invoice_number: "P-1".to_string(),
            },
            reason: "goods being returned".to_string(),
            from: date("2024-05-20"),
            until: date("2024-06-30"),
        },
        Pause {
            scope: PauseScope::Customer {
                customer_reference: "QUIET".to_string(),
            },
            reason: "owner in hospital".to_string(),
            from: date("2024-05-01"),
            until: date("2024-06-15"),
        },
    ];
    let plans = vec![PlanHold {
        customer_reference: "MARIGOLD".to_string(),
        invoice_numbers: vec!["P-2".to_string()],
    }];
    let promises = vec![PromiseHold {
        customer_reference: "MARIGOLD".to_string(),
        invoice_numbers: vec!["P-3".to_string()],
        state: PromiseState::Pending,
        promised_on: date("2024-06-14"),
        resume_at_level: None,
    }];
    let proposal = propose(&RunInput {
        pauses: &pauses,
        plans: &plans,
        promises: &promises,
        ..input("2024-06-01", &policies, &items, &rates)
    });
    assert_eq!(proposal.communications.len(), 1);
    assert_eq!(proposal.communications[0].items[0].invoice_number, "P-4");
    assert_eq!(
        reasons(&proposal),
        vec![
            (
                "P-1".to_string(),
                LeftOutReason::Paused {
                    reason: "goods being returned".to_string(),
                    until: date("2024-06-30"),
                }
            ),
            ("P-2".to_string(), LeftOutReason::OnPaymentPlan),
            (
                "P-3".to_string(),
                LeftOutReason::PromisePending {
                    promised_on: date("2024-06-14"),
                }
            ),
            (
                "Q-1".to_string(),
                LeftOutReason::Paused {
                    reason: "owner in hospital".to_string(),
                    until: date("2024-06-15"),
                }
            ),
        ]
    );

    // The day after the customer's pause ends, it is chased again.
    let after = propose(&RunInput {
        pauses: &pauses,
        ..input("2024-06-16", &policies, &items[4..], &rates)
    });
    assert_eq!(after.communications.len(), 1);
}

#[test]
fn a_broken_promise_resumes_at_the_level_where_chasing_stopped() {
    // L2 was reached (recorded on the promise, not in this history); the promise of
    // 2024-06-14 is broken: the next level is 3, not a fresh level 1.
    let policies = book(case_ladder());
    let rates = RateTables::shipped();
    let items = vec![invoice(
        "MARIGOLD",
        "F-300",
        "2024-04-20",
        euros("1,500.00"),
        &[],
        None,
    )];
    let promises = vec![PromiseHold {
        customer_reference: "MARIGOLD".to_string(),
        invoice_numbers: vec!["F-300".to_string()],
        state: PromiseState::Broken,
        promised_on: date("2024-06-14"),
        resume_at_level: Some(2),
    }];
    let proposal = propose(&RunInput {
        promises: &promises,
        ..input("2024-06-15", &policies, &items, &rates)
    });
    let letter = &proposal.communications[0];
    assert_eq!((letter.level, letter.after_broken_promise), (3, true));
}

#[test]
fn a_customer_below_the_minimum_is_not_chased() {
    let mut ladder = case_ladder();
    ladder.minimum_amounts = vec![euros("25.00")];
    let policies = book(ladder);
    let items = vec![invoice(
        "TINY",
        "T-1",
        "2024-05-01",
        euros("24.99"),
        &[],
        None,
    )];
    let proposal = run("2024-06-01", &policies, &items, &[]);
    assert!(proposal.communications.is_empty());
    assert_eq!(
        reasons(&proposal),
        vec![(
            "T-1".to_string(),
            LeftOutReason::BelowMinimum {
                net_overdue: euros("24.99"),
                minimum: euros("25.00"),
            }
        )]
    );
    let enough = vec![invoice(
        "TINY",
        "T-1",
        "2024-05-01",
        euros("25.00"),
        &[],
        None,
    )];
    assert_eq!(
        run("2024-06-01", &policies, &enough, &[])
            .communications
            .len(),
        1
    );
}

#[test]
fn the_top_of_the_ladder_is_sent_once_and_then_nothing_more() {
    let policies = book(case_ladder());
    let items = vec![invoice(
        "GONE",
        "G-1",
        "2024-01-01",
        euros("800.00"),
        &[],
        None,
    )];
    let history: Vec<_> = (1..=4)
        .map(|l| sent("GONE", l, "2024-03-01", &["G-1"]))
        .collect();
    let proposal = run("2024-12-31", &policies, &items, &history);
    assert!(proposal.communications.is_empty() && proposal.left_out.is_empty());
}
