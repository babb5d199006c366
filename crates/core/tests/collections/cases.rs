//! The case book's dunning cases, each as written there, on the example ladder (7, 21, 45, 60).

use creditdesk_core::dunning::{
    claim_standing, Charge, ChargeKind, ContactChannel, DisputedInvoice, DunningItem,
    LeftOutReason, RunInput, UnappliedCash,
};
use creditdesk_core::interest::{accrue, Debt, RateTables, Reduction};
use creditdesk_core::Money;
use rust_decimal::Decimal;

use crate::{
    book, both_said, case_ladder, currency, date, euros, input, invoice, money, run, sent, yearly,
};

fn amounts(proposal: &creditdesk_core::dunning::DunningProposal) -> Vec<(u8, String, String)> {
    proposal
        .communications
        .iter()
        .flat_map(|c| {
            c.items
                .iter()
                .map(move |i| (c.level, i.invoice_number.clone(), i.claimed.to_string()))
        })
        .collect()
}

#[test]
fn b05_every_row_of_a_letter_keeps_its_own_open_amount_and_interest() {
    // Kowalski Sp. z o.o., 8 % a year, actual/365, dunning on 2025-03-31:
    // INV-101 1,000.00 x 0.08 x 31/365 = 6.7945 -> 6.79; INV-102 250.00 x 0.08 x 21/365 =
    // 1.1507 -> 1.15; total 1,250.00 and 7.94 interest.
    let policies = book(case_ladder());
    let items = vec![
        invoice(
            "KOWALSKI",
            "INV-101",
            "2025-02-28",
            euros("1,000.00"),
            &[],
            Some(yearly("8")),
        ),
        invoice(
            "KOWALSKI",
            "INV-102",
            "2025-03-10",
            euros("250.00"),
            &[],
            Some(yearly("8")),
        ),
    ];
    let proposal = run("2025-03-31", &policies, &items, &[]);
    assert_eq!(
        proposal.communications.len(),
        1,
        "one letter for one customer, level, currency"
    );
    let letter = &proposal.communications[0];
    let rows: Vec<(&str, String, i64, String)> = letter
        .items
        .iter()
        .map(|i| {
            let interest = i.interest.as_ref().unwrap().interest.to_string();
            (
                i.invoice_number.as_str(),
                i.claimed.to_string(),
                i.days_overdue,
                interest,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "INV-101",
                "1000.00 EUR".to_string(),
                31,
                "6.79 EUR".to_string()
            ),
            (
                "INV-102",
                "250.00 EUR".to_string(),
                21,
                "1.15 EUR".to_string()
            ),
        ]
    );
    assert_eq!(letter.claimed_total, euros("1,250.00"));
    assert_eq!(letter.interest_total, euros("7.94"));

    let reversed: Vec<DunningItem> = items.iter().rev().cloned().collect();
    assert_eq!(
        run("2025-03-31", &policies, &reversed, &[]),
        proposal,
        "the order the items were fetched in changes nothing"
    );
}

#[test]
fn b06_a_partly_paid_invoice_is_dunned_for_what_is_open_with_interest_day_by_day() {
    // Harbour & Finch LLP: INV-201 1,000.00 due 2024-04-30, 200.00 paid on 2024-05-10, L1 sent
    // on 2024-05-07. On 2024-05-31 (31 days) L2 applies. Interest: 1,000.00 for 05-01..05-10
    // (10 days) and 800.00 for 05-11..05-31 (21 days): 2.1918 + 3.6822 = 5.8740 -> 5.87, the
    // same as the case book's 200.00 x 10 days + 800.00 x 31 days.
    let policies = book(case_ladder());
    let items = vec![invoice(
        "HARBOUR",
        "INV-201",
        "2024-04-30",
        euros("1,000.00"),
        &[("2024-05-10", euros("200.00"))],
        Some(yearly("8")),
    )];
    let history = vec![sent("HARBOUR", 1, "2024-05-07", &["INV-201"])];
    let proposal = run("2024-05-31", &policies, &items, &history);
    let letter = &proposal.communications[0];
    assert_eq!(letter.level, 2);
    assert_eq!(letter.channel, ContactChannel::PhoneTask);
    let row = &letter.items[0];
    assert_eq!(
        (row.original, row.paid, row.claimed, row.days_overdue),
        (euros("1,000.00"), euros("200.00"), euros("800.00"), 31)
    );
    assert_eq!(letter.claimed_total, euros("800.00"));
    let breakdown = row.interest.as_ref().unwrap();
    assert_eq!(breakdown.interest, euros("5.87"));
    assert_eq!(breakdown.periods.len(), 2, "the payment splits the period");
    assert_eq!(breakdown.periods[0].balance, euros("1,000.00"));
    assert_eq!(breakdown.periods[0].to, date("2024-05-10"));
    assert_eq!(breakdown.periods[1].balance, euros("800.00"));
    assert_eq!(breakdown.periods[1].days, 21);
}

#[test]
fn b07_only_the_overdue_instalment_of_an_instalment_invoice_is_dunned() {
    // Saguaro Irrigation Inc., as of 2024-03-01: INV-301 instalment 1 (400.00, 15 days) and
    // INV-302 (500.00, 10 days) are at least 7 days overdue; instalments 2 and 3 are not due.
    let policies = book(case_ladder());
    let usd = |a: &str| money(&format!("{a} USD"));
    let mut items: Vec<DunningItem> = ["2024-02-15", "2024-03-15", "2024-04-15"]
        .iter()
        .enumerate()
        .map(|(i, due)| DunningItem {
            seq: i as u32 + 1,
            ..invoice("SAGUARO", "INV-301", due, usd("400.00"), &[], None)
        })
        .collect();
    items.push(invoice(
        "SAGUARO",
        "INV-302",
        "2024-02-20",
        usd("500.00"),
        &[],
        None,
    ));
    let proposal = run("2024-03-01", &policies, &items, &[]);
    assert_eq!(
        amounts(&proposal),
        vec![
            (1, "INV-301".to_string(), "400.00 USD".to_string()),
            (1, "INV-302".to_string(), "500.00 USD".to_string()),
        ]
    );
    assert_eq!(proposal.communications[0].claimed_total, usd("900.00"));
    assert_eq!(proposal.communications[0].items[0].days_overdue, 15);
}

#[test]
fn b08_a_partial_credit_note_leaves_the_rest_to_dun() {
    // Pine Hollow Crafts: INV-401 50.00 due 2024-05-31, credit note CN-9 10.00 on 2024-06-03;
    // on 2024-06-15 (15 days) L1 for 40.00.
    let policies = book(case_ladder());
    let items = vec![invoice(
        "PINE",
        "INV-401",
        "2024-05-31",
        euros("50.00"),
        &[("2024-06-03", euros("10.00"))],
        None,
    )];
    let proposal = run("2024-06-15", &policies, &items, &[]);
    let letter = &proposal.communications[0];
    assert_eq!((letter.level, letter.claimed_total), (1, euros("40.00")));
    assert_eq!(letter.items[0].paid, euros("10.00"));
}

#[test]
fn b09_a_disputed_invoice_is_left_out_and_does_not_drive_the_level() {
    // Alvarez Logística SL, run on 2024-04-15: INV-A 1,200.00 due 2024-03-01 is disputed;
    // INV-B 300.00 due 2024-03-10 had L1 on 2024-03-17 and is 36 days overdue: L2 phone task
    // for 300.00 only, no interest or fee on INV-A.
    let policies = book(case_ladder());
    let rates = RateTables::shipped();
    let items = vec![
        invoice(
            "ALVAREZ",
            "INV-A",
            "2024-03-01",
            euros("1,200.00"),
            &[],
            Some(yearly("8")),
        ),
        invoice(
            "ALVAREZ",
            "INV-B",
            "2024-03-10",
            euros("300.00"),
            &[],
            Some(yearly("8")),
        ),
    ];
    let history = vec![sent("ALVAREZ", 1, "2024-03-17", &["INV-B"])];
    let disputes = vec![DisputedInvoice {
        invoice_number: "INV-A".to_string(),
        disputed: euros("1,200.00"),
    }];
    let proposal = creditdesk_core::dunning::propose(&RunInput {
        disputes: &disputes,
        history: &history,
        ..input("2024-04-15", &policies, &items, &rates)
    });
    assert_eq!(
        amounts(&proposal),
        vec![(2, "INV-B".to_string(), "300.00 EUR".to_string())]
    );
    assert_eq!(
        proposal.communications[0].channel,
        ContactChannel::PhoneTask
    );
    assert_eq!(proposal.communications[0].items[0].days_overdue, 36);
    let left: Vec<(&str, Money, &LeftOutReason)> = proposal
        .left_out
        .iter()
        .map(|l| (l.invoice_number.as_str(), l.amount, &l.reason))
        .collect();
    assert_eq!(
        left,
        vec![("INV-A", euros("1,200.00"), &LeftOutReason::Disputed)]
    );

    // Dispute cleared on 2024-04-20: INV-A re-enters at 50 days overdue, at level 1.
    let cleared = creditdesk_core::dunning::propose(&RunInput {
        history: &history,
        ..input("2024-04-20", &policies, &items, &rates)
    });
    let inv_a = cleared
        .communications
        .iter()
        .flat_map(|c| c.items.iter().map(move |i| (c.level, i)))
        .find(|(_, i)| i.invoice_number == "INV-A")
        .unwrap();
    assert_eq!((inv_a.0, inv_a.1.days_overdue), (1, 50));
}

#[test]
fn b09_a_partly_disputed_invoice_is_chased_for_the_rest_without_interest_on_the_dispute() {
    // 1,000.00 due 2024-03-01 with 400.00 disputed, run on 2024-03-31 at 8 %: 600.00 claimed,
    // interest 600.00 x 0.08 x 30/365 = 3.9452 -> 3.95; the 400.00 is listed as left out.
    let policies = book(case_ladder());
    let rates = RateTables::shipped();
    let items = vec![invoice(
        "ALVAREZ",
        "INV-C",
        "2024-03-01",
        euros("1,000.00"),
        &[],
        Some(yearly("8")),
    )];
    let disputes = vec![DisputedInvoice {
        invoice_number: "INV-C".to_string(),
        disputed: euros("400.00"),
    }];
    let proposal = creditdesk_core::dunning::propose(&RunInput {
        disputes: &disputes,
        ..input("2024-03-31", &policies, &items, &rates)
    });
    let row = &proposal.communications[0].items[0];
    assert_eq!(
        (row.claimed, row.disputed),
        (euros("600.00"), euros("400.00"))
    );
    assert_eq!(row.interest.as_ref().unwrap().interest, euros("3.95"));
    assert_eq!(proposal.left_out[0].amount, euros("400.00"));
}

#[test]
fn b10_unapplied_cash_covering_the_overdue_amount_raises_a_task_instead_of_a_letter() {
    // Greenleaf Catering, run on 2024-03-01: INV-501 500.00 (30 days), R-77 500.00 not
    // allocated, INV-502 800.00 not yet due. No reminder; allocate R-77.
    let policies = book(case_ladder());
    let rates = RateTables::shipped();
    let items = vec![
        invoice(
            "GREENLEAF",
            "INV-501",
            "2024-01-31",
            euros("500.00"),
            &[],
            None,
        ),
        invoice(
            "GREENLEAF",
            "INV-502",
            "2024-03-31",
            euros("800.00"),
            &[],
            None,
        ),
    ];
    let unapplied = vec![UnappliedCash {
        customer_reference: "GREENLEAF".to_string(),
        reference: "R-77".to_string(),
        amount: euros("500.00"),
    }];
    let proposal = creditdesk_core::dunning::propose(&RunInput {
        unapplied: &unapplied,
        ..input("2024-03-01", &policies, &items, &rates)
    });
    assert!(
        proposal.communications.is_empty(),
        "nothing to claim, so no letter"
    );
    assert_eq!(proposal.left_out.len(), 1);
    assert_eq!(proposal.left_out[0].invoice_number, "INV-501");
    assert_eq!(
        proposal.left_out[0].reason,
        LeftOutReason::CoveredByUnapplied {
            unapplied: euros("500.00")
        }
    );
    assert_eq!(
        both_said(|| proposal.allocation_tasks[0].sentence()),
        (
            "Allocate R-77 (500.00 EUR) of customer GREENLEAF: it is not yet matched to \
             invoices, and 500.00 EUR is overdue."
                .to_string(),
            "请核销客户 GREENLEAF 的 R-77（500.00 EUR）：该款项尚未与发票匹配，而逾期金额为 \
             500.00 EUR。"
                .to_string()
        )
    );

    // Half covered: the letter lists the item at its own amount and shows the credit.
    let half = vec![UnappliedCash {
        amount: euros("200.00"),
        ..unapplied[0].clone()
    }];
    let proposal = creditdesk_core::dunning::propose(&RunInput {
        unapplied: &half,
        ..input("2024-03-01", &policies, &items, &rates)
    });
    let letter = &proposal.communications[0];
    assert_eq!(
        (letter.claimed_total, letter.unapplied_credit),
        (euros("500.00"), euros("200.00"))
    );
}

#[test]
fn b16_levels_apply_on_or_after_their_day_and_a_missed_run_catches_up_once() {
    // Fjordline Tours AS: INV-801 2,000.00 due Sunday 2024-06-30.
    let ladder = case_ladder();
    let due = date("2024-06-30");
    let triggers: Vec<_> = (1..=4)
        .map(|l| ladder.applies_from(l, due).unwrap())
        .collect();
    assert_eq!(
        triggers,
        vec![
            date("2024-07-07"),
            date("2024-07-21"),
            date("2024-08-14"),
            date("2024-08-29")
        ],
        "due date plus 7, 21, 45 and 60 days, never before the due date"
    );

    let policies = book(ladder);
    let items = vec![invoice(
        "FJORDLINE",
        "INV-801",
        "2024-06-30",
        euros("2,000.00"),
        &[],
        None,
    )];
    assert!(run("2024-07-06", &policies, &items, &[])
        .communications
        .is_empty());

    // Nobody ran it on Sunday 2024-07-07; Monday's run sends L1.
    let monday = run("2024-07-08", &policies, &items, &[]);
    assert_eq!(
        amounts(&monday),
        vec![(1, "INV-801".to_string(), "2000.00 EUR".to_string())]
    );
    let mut history = vec![monday.communications[0].contact(date("2024-07-08"))];
    for again in ["2024-07-08", "2024-07-08", "2024-07-09"] {
        let later = run(again, &policies, &items, &history);
        assert!(later.communications.is_empty(), "no second L1 on {again}");
    }

    // L2's day is Sunday 2024-07-21; the first run is on 2024-07-22.
    let l2 = run("2024-07-22", &policies, &items, &history);
    assert_eq!(
        amounts(&l2),
        vec![(2, "INV-801".to_string(), "2000.00 EUR".to_string())]
    );
    history.push(l2.communications[0].contact(date("2024-07-22")));
    assert!(run("2024-07-22", &policies, &items, &history)
        .communications
        .is_empty());
}

#[test]
fn b18_a_percentage_fee_is_charged_once_however_often_the_run_is_repeated() {
    // Birchwood Studios: INV-901 500.00; the level with a 10 % fee is reached on 2018-09-03.
    // The run is repeated 24 times that day and daily until 2018-09-10: one fee of 50.00.
    let mut ladder = case_ladder();
    ladder.levels[0].fee_percent = Some(Decimal::from(10));
    let policies = book(ladder);
    let items = vec![invoice(
        "BIRCHWOOD",
        "INV-901",
        "2018-08-27",
        euros("500.00"),
        &[],
        None,
    )];

    let mut history = Vec::new();
    let mut fees = Vec::new();
    let mut emails = 0;
    for day in 3..=10 {
        for _ in 0..24 {
            let proposal = run(&format!("2018-09-{day:02}"), &policies, &items, &history);
            for letter in &proposal.communications {
                emails += 1;
                fees.push(letter.fee);
                history.push(letter.contact(date(&format!("2018-09-{day:02}"))));
                assert_eq!(letter.total, euros("550.00"));
            }
        }
    }
    assert_eq!((emails, fees), (1, vec![euros("50.00")]));
}

#[test]
fn b19_interest_and_fee_stay_owed_after_the_principal_is_paid() {
    // Rheinufer Elektro KG: INV-1001 1,000.00 due 2025-01-31, dunning on 2025-03-02 at 8 % with
    // a fee of 15.00: interest 1,000 x 0.08 x 30/365 = 6.5753 -> 6.58; letter 1,021.58.
    let mut ladder = case_ladder();
    ladder.levels[0].fees = vec![euros("15.00")];
    let policies = book(ladder);
    let items = vec![invoice(
        "RHEINUFER",
        "INV-1001",
        "2025-01-31",
        euros("1,000.00"),
        &[],
        Some(yearly("8")),
    )];
    let letter = run("2025-03-02", &policies, &items, &[]).communications[0].clone();
    assert_eq!(
        (letter.interest_total, letter.fee, letter.total),
        (euros("6.58"), euros("15.00"), euros("1,021.58"))
    );

    // 1,000.00 paid on 2025-03-10, naming INV-1001: interest ran 38 days, 1,000 x 0.08 x
    // 38/365 = 8.3288 -> 8.33, and stops there however late the statement is.
    let debt = Debt {
        principal: euros("1,000.00"),
        due_date: date("2025-01-31"),
        reductions: vec![Reduction {
            date: date("2025-03-10"),
            amount: euros("1,000.00"),
        }],
    };
    let interest = accrue(
        &debt,
        &yearly("8"),
        &RateTables::shipped(),
        date("2025-06-30"),
    )
    .unwrap();
    assert_eq!((interest.days, interest.interest), (38, euros("8.33")));
    let charge = |kind, amount| Charge {
        invoice_number: "INV-1001".to_string(),
        kind,
        amount,
        charged_on: date("2025-03-02"),
        level: Some(1),
    };
    let standing = claim_standing(
        euros("0.00"),
        &[
            charge(ChargeKind::Fee, euros("15.00")),
            charge(ChargeKind::Interest, interest.interest),
        ],
        &[],
    )
    .unwrap();
    assert!(
        !standing.resolved,
        "the principal is paid, the charges are not"
    );
    assert_eq!(standing.charges_open, euros("23.33"));
    assert_eq!(standing.total_open, euros("23.33"));
}

#[test]
fn b19_a_fee_is_claimed_when_the_interest_rate_is_zero() {
    // INV-1002 1,000.00 overdue, dunning with 0 % interest and a 50.00 fee: claim 1,050.00.
    let mut ladder = case_ladder();
    ladder.levels[0].fees = vec![euros("50.00")];
    let policies = book(ladder);
    let items = vec![invoice(
        "RHEINUFER",
        "INV-1002",
        "2025-01-31",
        euros("1,000.00"),
        &[],
        Some(yearly("0")),
    )];
    let letter = &run("2025-03-02", &policies, &items, &[]).communications[0];
    assert_eq!(
        (letter.interest_total, letter.fee, letter.total),
        (euros("0.00"), euros("50.00"), euros("1,050.00"))
    );
}

#[test]
fn b22_a_letter_is_in_the_invoice_currency_after_payments_in_another() {
    // Vltava Exports s.r.o.: INV-1301 350.00 USD; 2,000.00 CZK and 1,000.00 CZK at 0.03 USD per
    // CZK count 60.00 and 30.00 USD: 260.00 USD open, 8,666.67 CZK to pay in full.
    let usd = |a: &str| money(&format!("{a} USD"));
    let first = money("2,000.00 CZK").convert("0.03".parse().unwrap(), currency("USD"));
    let second = money("1,000.00 CZK").convert("0.03".parse().unwrap(), currency("USD"));
    let policies = book(case_ladder());
    let items = vec![invoice(
        "VLTAVA",
        "INV-1301",
        "2024-05-31",
        usd("350.00"),
        &[("2024-06-03", first), ("2024-06-05", second)],
        None,
    )];
    let letter = &run("2024-06-15", &policies, &items, &[]).communications[0];
    assert_eq!(
        (letter.currency, letter.claimed_total),
        (currency("USD"), usd("260.00"))
    );
    assert_eq!(
        letter
            .claimed_total
            .convert_back("0.03".parse().unwrap(), currency("CZK")),
        Some(money("8,666.67 CZK"))
    );

    // Booked as 20,907.15 EUR in the company currency: the letter still says 24,530.36 USD.
    let items = vec![invoice(
        "VLTAVA",
        "INV-1302",
        "2024-05-31",
        usd("24,530.36"),
        &[],
        None,
    )];
    let letter = &run("2024-06-15", &policies, &items, &[]).communications[0];
    assert_eq!(letter.claimed_total, usd("24,530.36"));
    assert_eq!(letter.total.to_string(), "24530.36 USD");
}
