//! Payment plans: built to add up, with a down payment and interest, and followed until they are
//! paid off or broken.

use creditdesk_core::plans::{
    PaymentPlan, PlanError, PlanInterval, PlanItem, PlanRequest, PlanSchedule, PlanState,
    ScheduledPart,
};
use creditdesk_core::promises::Receipt;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::{both, date, euros, money};

fn item(number: &str, due: &str, open: &str) -> PlanItem {
    PlanItem {
        invoice_number: number.to_string(),
        due_date: date(due),
        open: euros(open),
    }
}

/// MARIGOLD's two overdue invoices, 400.00 and 600.00 EUR, in 3 monthly parts from 2024-07-01,
/// no down payment, no interest, 10 days of grace.
fn monthly() -> PlanRequest {
    PlanRequest {
        customer_reference: "MARIGOLD".to_string(),
        items: vec![
            item("F-410", "2024-04-30", "400.00"),
            item("F-411", "2024-05-31", "600.00"),
        ],
        start_on: date("2024-07-01"),
        down_payment: None,
        schedule: PlanSchedule::EqualParts {
            parts: 3,
            interval: PlanInterval::Months { months: 1 },
        },
        annual_rate_percent: None,
        grace_days: 10,
    }
}

/// (seq, due date, principal, interest, amount) of each instalment.
fn rows(plan: &PaymentPlan) -> Vec<(u32, String, String, String, String)> {
    plan.instalments
        .iter()
        .map(|i| {
            (
                i.seq,
                i.due_date.to_string(),
                i.principal.amount().to_string(),
                i.interest.amount().to_string(),
                i.amount.amount().to_string(),
            )
        })
        .collect()
}

fn row(
    seq: u32,
    due: &str,
    principal: &str,
    interest: &str,
    amount: &str,
) -> (u32, String, String, String, String) {
    (
        seq,
        due.into(),
        principal.into(),
        interest.into(),
        amount.into(),
    )
}

fn receipt(on: &str, amount: &str) -> Receipt {
    Receipt {
        date: date(on),
        amount: euros(amount),
    }
}

#[test]
fn a_plan_in_equal_parts_puts_the_remainder_on_the_last_part_and_adds_up() {
    // 1,000.00 in 3: 333.33 + 333.33 + 333.34, one month apart from the start.
    let plan = PaymentPlan::build(monthly()).unwrap();
    assert_eq!(plan.total, euros("1,000.00"));
    assert_eq!(
        rows(&plan),
        vec![
            row(1, "2024-08-01", "333.33", "0.00", "333.33"),
            row(2, "2024-09-01", "333.33", "0.00", "333.33"),
            row(3, "2024-10-01", "333.34", "0.00", "333.34"),
        ]
    );
    assert_eq!(plan.amount_due(), euros("1,000.00"));
}

#[test]
fn a_down_payment_is_due_on_the_start_date_and_interest_is_spread_over_the_parts() {
    // 100.00 down on 07-01; 900.00 financed in 3 monthly parts of 300.00 (08-01, 09-01, 10-01).
    // Interest at 7 % a year from 07-01 to 10-01, 92 days (31 + 31 + 30), actual/365:
    // 900.00 x 7 / 100 x 92 / 365 = 15.879452... -> 15.88, rounded once. Spread in 3 equal
    // shares of whole cents: 5.29, 5.29 and 5.30 (the leftover cent on the last part).
    let plan = PaymentPlan::build(PlanRequest {
        down_payment: Some(euros("100.00")),
        annual_rate_percent: Some(Decimal::from(7)),
        ..monthly()
    })
    .unwrap();
    assert_eq!((plan.financed, plan.interest_days), (euros("900.00"), 92));
    assert_eq!(plan.interest, euros("15.88"));
    assert_eq!(
        rows(&plan),
        vec![
            row(1, "2024-07-01", "100.00", "0.00", "100.00"),
            row(2, "2024-08-01", "300.00", "5.29", "305.29"),
            row(3, "2024-09-01", "300.00", "5.29", "305.29"),
            row(4, "2024-10-01", "300.00", "5.30", "305.30"),
        ]
    );
    assert!(plan.instalments[0].down_payment);
    // 1,000.00 owed + 15.88 interest = 1,015.88 over the plan.
    assert_eq!(plan.amount_due(), euros("1,015.88"));
}

#[test]
fn monthly_parts_from_a_month_end_stay_at_month_ends_without_drifting() {
    // From 31 January 2024: 29 February (leap year), 31 March, 30 April.
    let plan = PaymentPlan::build(PlanRequest {
        start_on: date("2024-01-31"),
        ..monthly()
    })
    .unwrap();
    let dates: Vec<String> = plan
        .instalments
        .iter()
        .map(|i| i.due_date.to_string())
        .collect();
    assert_eq!(dates, ["2024-02-29", "2024-03-31", "2024-04-30"]);
}

#[test]
fn an_explicit_schedule_keeps_its_dates_and_amounts() {
    let plan = PaymentPlan::build(PlanRequest {
        schedule: PlanSchedule::Explicit {
            parts: vec![
                ScheduledPart {
                    due_date: date("2024-07-15"),
                    amount: euros("250.00"),
                },
                ScheduledPart {
                    due_date: date("2024-08-30"),
                    amount: euros("750.00"),
                },
            ],
        },
        ..monthly()
    })
    .unwrap();
    assert_eq!(
        rows(&plan),
        vec![
            row(1, "2024-07-15", "250.00", "0.00", "250.00"),
            row(2, "2024-08-30", "750.00", "0.00", "750.00"),
        ]
    );
}

#[test]
fn a_plan_is_on_track_then_behind_within_grace_then_broken_with_the_balance_due() {
    // 333.33 due 08-01, 333.33 due 09-01, 333.34 due 10-01; 10 days of grace.
    let plan = PaymentPlan::build(monthly()).unwrap();

    let due_day = plan.standing(&[], date("2024-08-01")).unwrap();
    assert_eq!(due_day.state, PlanState::OnTrack);

    let late = plan.standing(&[], date("2024-08-05")).unwrap();
    assert_eq!(late.state, PlanState::Behind);
    assert_eq!(late.arrears, euros("333.33"));

    // 08-11 is the last day of grace; on 08-12 the plan is broken and all 1,000.00 is due.
    assert_eq!(
        plan.standing(&[], date("2024-08-11")).unwrap().state,
        PlanState::Behind
    );
    let broken = plan.standing(&[], date("2024-08-12")).unwrap();
    assert_eq!(broken.state, PlanState::Broken);
    assert_eq!(broken.missed_seq, Some(1));
    assert_eq!(broken.broken_on, Some(date("2024-08-12")));
    assert_eq!(broken.balance_due, Some(euros("1,000.00")));
}

#[test]
fn a_second_part_paid_after_its_grace_breaks_the_plan_for_the_last_part() {
    // Part 1 paid within grace (08-09). Part 2, due 09-01, is paid only on 09-20, after its
    // grace ended on 09-11: the plan broke on 09-12, and what is left, 1,000.00 - 666.66 =
    // 333.34, is due at once.
    let plan = PaymentPlan::build(monthly()).unwrap();
    let paid = [
        receipt("2024-08-09", "333.33"),
        receipt("2024-09-20", "333.33"),
    ];

    let in_grace = plan.standing(&paid[..1], date("2024-09-05")).unwrap();
    assert_eq!(in_grace.state, PlanState::Behind);
    assert_eq!(
        (in_grace.paid, in_grace.arrears, in_grace.remaining),
        (euros("333.33"), euros("333.33"), euros("666.67"))
    );

    let broken = plan.standing(&paid, date("2024-09-20")).unwrap();
    assert_eq!(broken.state, PlanState::Broken);
    assert_eq!(broken.missed_seq, Some(2));
    assert_eq!(broken.broken_on, Some(date("2024-09-12")));
    assert_eq!(broken.balance_due, Some(euros("333.34")));
    let open: Vec<String> = broken
        .instalments
        .iter()
        .map(|i| i.open.to_string())
        .collect();
    assert_eq!(open, ["0.00 EUR", "0.00 EUR", "333.34 EUR"]);
}

#[test]
fn a_plan_paid_in_time_is_paid_off() {
    let plan = PaymentPlan::build(monthly()).unwrap();
    let paid = [
        receipt("2024-08-01", "333.33"),
        receipt("2024-09-03", "333.33"),
        receipt("2024-10-01", "333.34"),
    ];
    let standing = plan.standing(&paid, date("2024-10-02")).unwrap();
    assert_eq!(standing.state, PlanState::PaidOff);
    assert_eq!(standing.remaining, euros("0.00"));
    assert_eq!(standing.balance_due, None);
}

fn refused(request: PlanRequest) -> PlanError {
    PaymentPlan::build(request).unwrap_err()
}

#[test]
fn every_plan_refusal_is_a_sentence_in_both_languages() {
    let explicit = |parts: Vec<(&str, &str)>| PlanRequest {
        schedule: PlanSchedule::Explicit {
            parts: parts
                .into_iter()
                .map(|(due, amount)| ScheduledPart {
                    due_date: date(due),
                    amount: euros(amount),
                })
                .collect(),
        },
        ..monthly()
    };
    let equal = |parts: u32, interval: PlanInterval| PlanRequest {
        schedule: PlanSchedule::EqualParts { parts, interval },
        ..monthly()
    };
    let mut dollars = monthly();
    dollars.items.push(PlanItem {
        invoice_number: "F-412".to_string(),
        due_date: date("2024-05-31"),
        open: money("80.00 USD"),
    });
    let mut zero_item = monthly();
    zero_item.items[0].open = euros("0.00");
    let plan = PaymentPlan::build(monthly()).unwrap();
    let dollar_receipt = Receipt {
        date: date("2024-08-01"),
        amount: money("333.33 USD"),
    };

    let cases: Vec<(PlanError, &str, &str)> =
        vec![
        (
            refused(PlanRequest {
                items: Vec::new(),
                ..monthly()
            }),
            "The plan covers no item; choose at least one overdue item to put on the plan.",
            "该还款计划未包含任何款项；请至少选择一笔逾期款项纳入计划。",
        ),
        (
            refused(dollars),
            "Invoice F-412 is open for 80.00 USD, not in EUR like the rest of the plan; a plan \
             is in one currency, so make a separate plan for it.",
            "发票 F-412 的未结金额为 80.00 USD，与计划中其他款项的币种 EUR 不同；一个还款计划只能\
             使用一种币种，请为其另建计划。",
        ),
        (
            refused(zero_item),
            "Invoice F-410 is open for 0.00 EUR, which cannot go on a plan; choose items with an \
             amount open above zero.",
            "发票 F-410 的未结金额为 0.00 EUR，不能纳入还款计划；请选择未结金额大于零的款项。",
        ),
        (
            refused(PlanRequest {
                down_payment: Some(euros("1,000.00")),
                ..monthly()
            }),
            "The down payment 1000.00 EUR is not accepted; give an amount above zero and below \
             the plan's total of 1000.00 EUR, or none.",
            "首付款 1000.00 EUR 不可接受；请填写大于零且小于计划总额 1000.00 EUR 的金额，或不设\
             首付款。",
        ),
        (
            refused(PlanRequest {
                down_payment: Some(money("100.00 USD")),
                ..monthly()
            }),
            "The down payment 100.00 USD is not in EUR, the currency of the plan; give it in EUR.",
            "首付款 100.00 USD 不是以计划的币种 EUR 计价；请以 EUR 填写。",
        ),
        (
            refused(equal(0, PlanInterval::Months { months: 1 })),
            "A plan of 0 parts is not accepted; give from 1 to 360 parts.",
            "分 0 期的还款计划不可接受；请填写 1 到 360 期。",
        ),
        (
            refused(equal(3, PlanInterval::Days { days: 0 })),
            "An interval of 0 days between parts is not accepted; give from 1 to 3650 days or \
             from 1 to 120 months.",
            "分期间隔 0 天不可接受；请填写 1 到 3650 天或 1 到 120 个月。",
        ),
        (
            refused(equal(3, PlanInterval::Months { months: 121 })),
            "An interval of 121 months between parts is not accepted; give from 1 to 3650 days \
             or from 1 to 120 months.",
            "分期间隔 121 个月不可接受；请填写 1 到 3650 天或 1 到 120 个月。",
        ),
        (
            refused(explicit(Vec::new())),
            "The schedule has no part; give at least one date and amount.",
            "还款安排中没有任何分期；请至少填写一个日期和金额。",
        ),
        (
            refused(explicit(vec![("2024-07-01", "1,000.00")])),
            "The part due on 2024-07-01 is not after the plan's start on 2024-07-01; give a later \
             date, or make it the down payment.",
            "2024-07-01 到期的分期不晚于计划开始日 2024-07-01；请填写更晚的日期，或将其作为\
             首付款。",
        ),
        (
            refused(explicit(vec![("2024-08-01", "500.00"), ("2024-08-01", "500.00")])),
            "The part due on 2024-08-01 is not after the part before it, due on 2024-08-01; list \
             the parts in date order, one per date.",
            "2024-08-01 到期的分期不晚于前一期的到期日 2024-08-01；请按日期顺序列出分期，每个日期\
             一期。",
        ),
        (
            refused(explicit(vec![("2024-08-01", "-5.00")])),
            "The part due on 2024-08-01 is -5.00 EUR, which is not accepted; give an amount above \
             zero.",
            "2024-08-01 到期的分期金额为 -5.00 EUR，不可接受；请填写大于零的金额。",
        ),
        (
            refused(explicit(vec![("2024-08-01", "500.00"), ("2024-09-01", "400.00")])),
            "The parts of the schedule add up to 900.00 EUR, not to the 1000.00 EUR to be paid \
             in parts; change the amounts so that they add up to 1000.00 EUR.",
            "还款安排各期合计为 900.00 EUR，与应分期支付的 1000.00 EUR 不符；请调整金额，使合计\
             等于 1000.00 EUR。",
        ),
        (
            refused(PlanRequest {
                annual_rate_percent: Some(Decimal::from(0)),
                ..monthly()
            }),
            "The annual interest rate of 0% is not accepted; give a rate above 0 and at most \
             100, such as 8 or 5.5, or none.",
            "年利率 0% 不可接受；请填写大于 0 且不超过 100 的利率，例如 8 或 5.5，或不计利息。",
        ),
        (
            plan.standing(&[dollar_receipt], date("2024-08-02")).unwrap_err(),
            "The receipt 333.33 USD is not in EUR, the currency of the plan; give it in EUR.",
            "收款 333.33 USD 不是以计划的币种 EUR 计价；请以 EUR 填写。",
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
}

proptest! {
    /// Whatever the items, parts, down payment and rate, a plan's instalments add up to its
    /// total plus its interest, and their dates strictly increase.
    #[test]
    fn a_plan_always_adds_up(
        opens in prop::collection::vec(1_i64..5_000_000, 1..5),
        parts in 1_u32..37,
        in_months in any::<bool>(),
        every in 1_u32..40,
        down_share in 0_i64..100,
        rate_tenths in 0_i64..250,
    ) {
        let eur = crate::currency("EUR");
        let items = opens
            .iter()
            .enumerate()
            .map(|(k, &minor)| PlanItem {
                invoice_number: format!("F-{k}"),
                due_date: date("2024-03-31"),
                open: creditdesk_core::Money::from_minor(minor, eur),
            })
            .collect();
        let total: i64 = opens.iter().sum();
        let down = total * down_share / 100;
        let plan = PaymentPlan::build(PlanRequest {
            items,
            start_on: date("2024-01-31"),
            down_payment: (down > 0).then(|| creditdesk_core::Money::from_minor(down, eur)),
            schedule: PlanSchedule::EqualParts {
                parts,
                interval: if in_months {
                    PlanInterval::Months { months: every.min(12) }
                } else {
                    PlanInterval::Days { days: every }
                },
            },
            annual_rate_percent: (rate_tenths > 0).then(|| Decimal::new(rate_tenths, 1)),
            ..monthly()
        })
        .unwrap();
        let sum = |f: fn(&creditdesk_core::plans::PlanInstalment) -> creditdesk_core::Money| {
            plan.instalments.iter().map(|i| f(i).to_minor().unwrap()).sum::<i64>()
        };
        prop_assert_eq!(sum(|i| i.principal), total);
        prop_assert_eq!(sum(|i| i.interest), plan.interest.to_minor().unwrap());
        prop_assert_eq!(sum(|i| i.amount), total + plan.interest.to_minor().unwrap());
        prop_assert!(plan.instalments.windows(2).all(|w| w[0].due_date < w[1].due_date));
    }
}
