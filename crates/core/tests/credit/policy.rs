//! The book's policy as the rules read it: the overdue hold judged instalment by instalment, the
//! limit rules refused outside what they accept, and a credit file that would hold two reports
//! of one agency on one date, each with its sentence in English and in Chinese.

use creditdesk_core::credit::{
    check_order, CheckPolicy, CreditError, CreditFile, HoldReason, LimitRules, OpenReceivable,
    OrderState,
};
use creditdesk_core::text::Language;
use rust_decimal::Decimal;

use crate::{customer, date, euros, invoice, order, report, AS_OF};

fn reasons(receivables: &[OpenReceivable], grace_days: u32) -> Vec<HoldReason> {
    let policy = CheckPolicy { grace_days };
    let proposed = order("SO-9", "100.00 EUR", OrderState::Open);
    let check = check_order(
        &customer("10,000.00"),
        receivables,
        &[],
        &proposed,
        &policy,
        &[],
        date(AS_OF),
    )
    .unwrap();
    check.decision.reasons().to_vec()
}

#[test]
fn an_invoice_in_instalments_holds_for_the_overdue_instalment_only() {
    // INV-7 of 1,000.00 in two halves: the first due 2024-05-21 (40 days overdue on 06-30), the
    // second due 2024-07-20 (not yet due). Only the first half's 500.00 holds.
    let inv7 = [
        invoice("INV-7", "2024-05-21", "500.00 EUR"),
        invoice("INV-7", "2024-07-20", "500.00 EUR"),
    ];
    assert_eq!(
        reasons(&inv7, 15),
        [HoldReason::Overdue {
            invoices: 1,
            amount: euros("500.00"),
            most_days: 40,
            grace_days: 15,
        }]
    );
}

#[test]
fn a_part_paid_instalment_holds_for_what_is_still_open_of_it() {
    let inv7 = [
        invoice("INV-7", "2024-05-21", "120.25 EUR"),
        invoice("INV-7", "2024-07-20", "500.00 EUR"),
    ];
    assert_eq!(
        reasons(&inv7, 15),
        [HoldReason::Overdue {
            invoices: 1,
            amount: euros("120.25"),
            most_days: 40,
            grace_days: 15,
        }]
    );
}

#[test]
fn two_overdue_instalments_of_one_invoice_are_one_invoice_with_both_amounts() {
    let receivables = [
        invoice("INV-7", "2024-04-21", "300.00 EUR"),
        invoice("INV-7", "2024-05-21", "300.00 EUR"),
        invoice("INV-8", "2024-06-14", "50.00 EUR"),
    ];
    assert_eq!(
        reasons(&receivables, 15),
        [HoldReason::Overdue {
            invoices: 2,
            amount: euros("650.00"),
            most_days: 70,
            grace_days: 15,
        }]
    );
}

#[test]
fn an_instalment_overdue_by_exactly_the_grace_period_does_not_hold_and_one_day_more_does() {
    // With 40 days' grace, the first instalment 40 days overdue is tolerated.
    let inv7 = [
        invoice("INV-7", "2024-05-21", "500.00 EUR"),
        invoice("INV-7", "2024-07-20", "500.00 EUR"),
    ];
    assert_eq!(reasons(&inv7, 40), []);
    assert_eq!(
        reasons(&inv7, 39),
        [HoldReason::Overdue {
            invoices: 1,
            amount: euros("500.00"),
            most_days: 40,
            grace_days: 39,
        }]
    );
}

fn pct(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn with(edit: impl FnOnce(&mut LimitRules)) -> Vec<CreditError> {
    let mut rules = LimitRules::default();
    edit(&mut rules);
    rules.problems()
}

fn out_of_range(setting: &str, percent: &str) -> CreditError {
    CreditError::PolicyPercentOutOfRange {
        setting: setting.to_string(),
        percent: pct(percent),
    }
}

#[test]
fn the_default_limit_rules_are_accepted() {
    assert_eq!(LimitRules::default().problems(), []);
}

#[test]
fn the_share_of_the_first_order_is_accepted_from_0_to_100_percent() {
    assert_eq!(with(|r| r.first_order_percent = pct("0")), []);
    assert_eq!(with(|r| r.first_order_percent = pct("100")), []);
    assert_eq!(
        with(|r| r.first_order_percent = pct("100.01")),
        [out_of_range("first_order_percent", "100.01")]
    );
    assert_eq!(
        with(|r| r.first_order_percent = pct("-1")),
        [out_of_range("first_order_percent", "-1")]
    );
}

#[test]
fn a_raise_and_a_cut_are_accepted_above_0_and_up_to_100_percent() {
    for setting in ["raise_percent", "cut_percent"] {
        let set = |rules: &mut LimitRules, value: &str| match setting {
            "raise_percent" => rules.raise_percent = pct(value),
            _ => rules.cut_percent = pct(value),
        };
        assert_eq!(with(|r| set(r, "0.01")), [], "{setting}");
        assert_eq!(with(|r| set(r, "100")), [], "{setting}");
        assert_eq!(with(|r| set(r, "0")), [out_of_range(setting, "0")]);
        assert_eq!(with(|r| set(r, "100.5")), [out_of_range(setting, "100.5")]);
    }
}

#[test]
fn every_window_of_the_limit_rules_needs_at_least_one_month() {
    let zero = |setting: &str| CreditError::PolicyMonthsZero {
        setting: setting.to_string(),
    };
    assert_eq!(with(|r| r.clean_months = 1), []);
    assert_eq!(with(|r| r.clean_months = 0), [zero("clean_months")]);
    assert_eq!(with(|r| r.recent_months = 0), [zero("recent_months")]);
    assert_eq!(with(|r| r.earlier_months = 0), [zero("earlier_months")]);
    // Every problem is named, not only the first.
    let all = with(|r| {
        r.cut_percent = pct("0");
        r.clean_months = 0;
        r.recent_months = 0;
    });
    assert_eq!(
        all,
        [
            out_of_range("cut_percent", "0"),
            zero("clean_months"),
            zero("recent_months")
        ]
    );
    // Day counts accept any value, zero included.
    assert_eq!(
        with(|r| {
            r.late_tolerance_days = 0;
            r.worsening_days = 0;
        }),
        []
    );
}

fn with_reports(reports: &[(&str, &str)]) -> CreditFile {
    let mut file = customer("10,000.00");
    file.reports = reports
        .iter()
        .map(|(agency, on)| report(agency, on, "72"))
        .collect();
    file
}

#[test]
fn two_reports_of_one_agency_on_one_date_make_the_file_inconsistent() {
    let repeated = CreditError::ReportRepeated {
        agency: "Creditreform".to_string(),
        date: date("2024-03-01"),
    };
    assert_eq!(
        with_reports(&[
            ("Creditreform", "2024-03-01"),
            ("Creditreform", "2024-03-02")
        ])
        .problems(),
        []
    );
    assert_eq!(
        with_reports(&[
            ("Creditreform", "2024-03-01"),
            ("Dun & Bradstreet", "2024-03-01")
        ])
        .problems(),
        []
    );
    assert_eq!(
        with_reports(&[
            ("Creditreform", "2024-03-01"),
            ("Creditreform ", "2024-03-01")
        ])
        .problems(),
        std::slice::from_ref(&repeated)
    );
    // Three of one day are still one problem.
    assert_eq!(
        with_reports(&[
            ("Creditreform", "2024-03-01"),
            ("Creditreform", "2024-03-01"),
            ("Creditreform", "2024-03-01"),
        ])
        .problems(),
        [repeated]
    );
}

/// Each new sentence with its English and its Chinese, word for word.
fn sentences() -> Vec<(CreditError, &'static str, &'static str)> {
    vec![
        (
            CreditError::ReportRepeated {
                agency: "Creditreform".to_string(),
                date: date("2024-03-01"),
            },
            "The credit file would hold two reports from Creditreform dated 2024-03-01; remove \
             one of them, or correct the date of the newer one.",
            "信用档案中将有两份 Creditreform 于 2024-03-01 出具的报告；请删除其中一份，或更正\
             较新那份的日期。",
        ),
        (
            out_of_range("first_order_percent", "120"),
            "The first limit's share of the first order is set to 120%, which is not accepted; \
             give a percentage from 0 to 100.",
            "首个额度占首笔订单的比例设为 120%，不可接受；请填写 0 到 100 之间的百分比。",
        ),
        (
            out_of_range("raise_percent", "0"),
            "The raise of a limit is set to 0%, which is not accepted; give a percentage above 0 \
             and at most 100.",
            "提高额度的比例设为 0%，不可接受；请填写大于 0 且不超过 100 的百分比。",
        ),
        (
            out_of_range("cut_percent", "150"),
            "The cut of a limit is set to 150%, which is not accepted; give a percentage above 0 \
             and at most 100.",
            "降低额度的比例设为 150%，不可接受；请填写大于 0 且不超过 100 的百分比。",
        ),
        (
            CreditError::PolicyMonthsZero {
                setting: "clean_months".to_string(),
            },
            "The period without late payment before a raise is set to 0 months, which is not \
             accepted; give at least 1 month.",
            "提高额度前须无逾期付款的期间设为 0 个月，不可接受；请至少填写 1 个月。",
        ),
        (
            CreditError::PolicyMonthsZero {
                setting: "recent_months".to_string(),
            },
            "The recent period of payment behaviour is set to 0 months, which is not accepted; \
             give at least 1 month.",
            "近期付款表现的统计期间设为 0 个月，不可接受；请至少填写 1 个月。",
        ),
        (
            CreditError::PolicyMonthsZero {
                setting: "earlier_months".to_string(),
            },
            "The earlier period of payment behaviour is set to 0 months, which is not accepted; \
             give at least 1 month.",
            "此前付款表现的统计期间设为 0 个月，不可接受；请至少填写 1 个月。",
        ),
    ]
}

#[test]
fn the_policy_and_file_sentences_read_word_for_word_in_english_and_chinese() {
    for (error, english, chinese) in sentences() {
        assert_eq!(error.to_string(), english);
        assert_eq!(
            Language::SimplifiedChinese.during(|| error.to_string()),
            chinese
        );
    }
}

#[test]
fn the_new_refusals_carry_stable_codes() {
    let codes: Vec<&str> = sentences().iter().map(|(e, _, _)| e.code()).collect();
    assert_eq!(
        codes,
        [
            "report_repeated",
            "policy_percent_out_of_range",
            "policy_percent_out_of_range",
            "policy_percent_out_of_range",
            "policy_months_zero",
            "policy_months_zero",
            "policy_months_zero",
        ]
    );
}
