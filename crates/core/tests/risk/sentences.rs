//! Every sentence of the risk score and the alerts, word for word in English and in Simplified
//! Chinese: the same facts, the values quoted as they are.

use creditdesk_core::credit::{Alert, RiskFactor, RiskScore, SecurityKind};
use creditdesk_core::text::{has_chinese, Language};
use rust_decimal::Decimal;

use crate::{currency, date, euros};

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Every factor, in each of its forms, with its sentences.
fn factors() -> Vec<(RiskFactor, &'static str, &'static str)> {
    vec![
        (
            RiskFactor::DaysLate {
                average_days: Some(d("10.0")),
                months: 12,
                points: 7,
                weight: 40,
            },
            "What was settled in the last 12 months or is overdue today was on average 10.0 days \
             late, weighted by amount: 7 of 40 points.",
            "最近 12 个月内结清或今天已逾期的款项按金额加权平均逾期 10.0 天：7/40 分。",
        ),
        (
            RiskFactor::DaysLate {
                average_days: None,
                months: 1,
                points: 0,
                weight: 40,
            },
            "Nothing was settled in the last 1 month and nothing is overdue today: 0 of 40 points.",
            "最近 1 个月内没有结清的款项，今天也没有逾期的款项：0/40 分。",
        ),
        (
            RiskFactor::Trend {
                recent_average_days: Some(d("25.0")),
                earlier_average_days: Some(d("0.0")),
                change_days: Some(d("25.0")),
                recent_months: 3,
                earlier_months: 9,
                points: 17,
                weight: 20,
            },
            "Days late rose from 0.0 in the 9 months before to 25.0 in the last 3 months, by 25.0 \
             days: 17 of 20 points.",
            "平均逾期天数从此前 9 个月的 0.0 天升至最近 3 个月的 25.0 天，增加 25.0 天：17/20 分。",
        ),
        (
            RiskFactor::Trend {
                recent_average_days: Some(d("4.5")),
                earlier_average_days: Some(d("6.0")),
                change_days: Some(d("-1.5")),
                recent_months: 3,
                earlier_months: 9,
                points: 0,
                weight: 20,
            },
            "Days late went from 6.0 in the 9 months before to 4.5 in the last 3 months, no \
             worse: 0 of 20 points.",
            "平均逾期天数从此前 9 个月的 6.0 天变为最近 3 个月的 4.5 天，没有恶化：0/20 分。",
        ),
        (
            RiskFactor::Trend {
                recent_average_days: Some(d("4.5")),
                earlier_average_days: None,
                change_days: None,
                recent_months: 3,
                earlier_months: 9,
                points: 0,
                weight: 20,
            },
            "There is too little payment history in the last 3 months and the 9 months before to \
             see a trend: 0 of 20 points.",
            "最近 3 个月及此前 9 个月的付款记录太少，无法判断趋势：0/20 分。",
        ),
        (
            RiskFactor::Utilisation {
                exposure: Some(euros("1,500.00")),
                limit: Some(euros("2,000.00")),
                percent: Some(d("75.0")),
                points: 15,
                weight: 20,
            },
            "The exposure of 1500.00 EUR uses 75.0% of the credit limit of 2000.00 EUR: 15 of 20 \
             points.",
            "信用敞口 1500.00 EUR 占信用额度 2000.00 EUR 的 75.0%：15/20 分。",
        ),
        (
            RiskFactor::Utilisation {
                exposure: Some(euros("0.01")),
                limit: Some(euros("0.00")),
                percent: None,
                points: 20,
                weight: 20,
            },
            "The exposure of 0.01 EUR stands against a credit limit of 0.00 EUR: 20 of 20 points.",
            "信用敞口 0.01 EUR 对应的信用额度为 0.00 EUR：20/20 分。",
        ),
        (
            RiskFactor::Utilisation {
                exposure: None,
                limit: None,
                percent: None,
                points: 0,
                weight: 20,
            },
            "The customer has no credit limit to measure its exposure against: 0 of 20 points.",
            "该客户没有可用以衡量信用敞口的信用额度：0/20 分。",
        ),
        (
            RiskFactor::Disputes {
                invoices: 0,
                amount: euros("0.00"),
                points: 0,
                weight: 10,
            },
            "No invoice is in dispute: 0 of 10 points.",
            "没有存在争议的发票：0/10 分。",
        ),
        (
            RiskFactor::Disputes {
                invoices: 1,
                amount: euros("500.00"),
                points: 5,
                weight: 10,
            },
            "1 invoice with 500.00 EUR open is in dispute: 5 of 10 points.",
            "有 1 张未结 500.00 EUR 的发票存在争议：5/10 分。",
        ),
        (
            RiskFactor::Disputes {
                invoices: 3,
                amount: euros("1,250.00"),
                points: 10,
                weight: 10,
            },
            "3 invoices with 1250.00 EUR open in all are in dispute: 10 of 10 points.",
            "有 3 张发票存在争议，未结合计 1250.00 EUR：10/10 分。",
        ),
        (
            RiskFactor::BrokenPromises {
                count: 0,
                points: 0,
                weight: 10,
            },
            "No promise to pay was broken: 0 of 10 points.",
            "没有违背的付款承诺：0/10 分。",
        ),
        (
            RiskFactor::BrokenPromises {
                count: 1,
                points: 5,
                weight: 10,
            },
            "1 promise to pay was broken: 5 of 10 points.",
            "有 1 次付款承诺未兑现：5/10 分。",
        ),
        (
            RiskFactor::BrokenPromises {
                count: 2,
                points: 10,
                weight: 10,
            },
            "2 promises to pay were broken: 10 of 10 points.",
            "有 2 次付款承诺未兑现：10/10 分。",
        ),
    ]
}

fn guarantee_kind() -> SecurityKind {
    SecurityKind::BankGuarantee {
        expires_on: date("2024-07-30"),
    }
}

/// Every alert, in each of its forms, with its sentences.
fn alerts() -> Vec<(Alert, &'static str, &'static str)> {
    vec![
        (
            Alert::LimitExceeded {
                exposure: euros("5,000.01"),
                limit: euros("5,000.00"),
                excess: euros("0.01"),
            },
            "The exposure of 5000.01 EUR is over the credit limit of 5000.00 EUR by 0.01 EUR.",
            "信用敞口 5000.01 EUR 超出信用额度 5000.00 EUR 共 0.01 EUR。",
        ),
        (
            Alert::RateMissing {
                from: currency("USD"),
                to: currency("EUR"),
                on: date("2024-06-30"),
            },
            "The exposure cannot be measured: no rate from USD to EUR dated on or before \
             2024-06-30 is recorded; record one.",
            "无法计算信用敞口：没有 2024-06-30 或之前的 USD 兑 EUR 汇率；请录入该汇率。",
        ),
        (
            Alert::BehaviourWorsening {
                recent_average_days: d("22.6"),
                earlier_average_days: d("12.5"),
                change_days: d("10.1"),
                threshold_days: 10,
                score: 31,
            },
            "Payments are getting later: 22.6 days late on average lately against 12.5 before, \
             10.1 days worse, more than the 10 days allowed; the risk score is 31.",
            "付款越来越迟：近期平均逾期 22.6 天，此前为 12.5 天，恶化 10.1 天，超过允许的 10 天；\
             风险评分为 31。",
        ),
        (
            Alert::ReviewDue {
                review_date: date("2024-12-31"),
                days_past: 0,
            },
            "The credit review is due today, 2024-12-31.",
            "信用复核今天（2024-12-31）到期。",
        ),
        (
            Alert::ReviewDue {
                review_date: date("2024-12-31"),
                days_past: 1,
            },
            "The credit review was due on 2024-12-31, 1 day ago.",
            "信用复核已于 2024-12-31 到期，已过去 1 天。",
        ),
        (
            Alert::SecurityExpiring {
                security: guarantee_kind(),
                issuer: "Harbour Bank".to_string(),
                amount: euros("5,000.00"),
                expires_on: date("2024-07-30"),
                days_left: 30,
            },
            "The bank guarantee of 5000.00 EUR from Harbour Bank expires on 2024-07-30, in 30 \
             days.",
            "Harbour Bank 提供的 5000.00 EUR 银行保函将于 2024-07-30 到期，还剩 30 天。",
        ),
        (
            Alert::SecurityExpired {
                security: guarantee_kind(),
                issuer: "Harbour Bank".to_string(),
                amount: euros("5,000.00"),
                expired_on: date("2024-07-30"),
                days_ago: 1,
            },
            "The bank guarantee of 5000.00 EUR from Harbour Bank expired on 2024-07-30; renew it \
             or remove it.",
            "Harbour Bank 提供的 5000.00 EUR 银行保函已于 2024-07-30 到期；请续期或删除。",
        ),
        (
            Alert::InsuranceExpiring {
                insurer: "Northgate Credit".to_string(),
                policy_number: "P-2024-118".to_string(),
                valid_to: date("2024-09-30"),
                days_left: 1,
            },
            "The cover of Northgate Credit under policy P-2024-118 ends on 2024-09-30, in 1 day.",
            "Northgate Credit 保单 P-2024-118 的保障将于 2024-09-30 终止，还剩 1 天。",
        ),
        (
            Alert::InsuranceExpired {
                insurer: "Northgate Credit".to_string(),
                policy_number: "P-2024-118".to_string(),
                valid_to: date("2024-09-30"),
                days_ago: 1,
            },
            "The cover of Northgate Credit under policy P-2024-118 ended on 2024-09-30; renew it \
             or remove it.",
            "Northgate Credit 保单 P-2024-118 的保障已于 2024-09-30 终止；请续保或删除。",
        ),
        (
            Alert::InsurerReportDue {
                invoice_number: "INV-7".to_string(),
                due_date: date("2024-05-31"),
                open: euros("1,200.00"),
                insurer: "Northgate Credit".to_string(),
                report_by: date("2024-07-30"),
                days_left: 14,
            },
            "Invoice INV-7, due on 2024-05-31, is unpaid with 1200.00 EUR open; report it to \
             Northgate Credit by 2024-07-30, in 14 days.",
            "发票 INV-7 于 2024-05-31 到期，仍有 1200.00 EUR 未付；请在 2024-07-30 前向 \
             Northgate Credit 申报，还剩 14 天。",
        ),
        (
            Alert::InsurerReportDue {
                invoice_number: "INV-7".to_string(),
                due_date: date("2024-05-31"),
                open: euros("1,200.00"),
                insurer: "Northgate Credit".to_string(),
                report_by: date("2024-07-30"),
                days_left: 0,
            },
            "Invoice INV-7, due on 2024-05-31, is unpaid with 1200.00 EUR open; today, \
             2024-07-30, is the last day to report it to Northgate Credit.",
            "发票 INV-7 于 2024-05-31 到期，仍有 1200.00 EUR 未付；今天（2024-07-30）是向 \
             Northgate Credit 申报的最后一天。",
        ),
        (
            Alert::InsurerReportOverdue {
                invoice_number: "INV-7".to_string(),
                due_date: date("2024-05-31"),
                open: euros("1,200.00"),
                insurer: "Northgate Credit".to_string(),
                report_by: date("2024-07-30"),
                days_past: 2,
            },
            "Invoice INV-7, due on 2024-05-31, is unpaid with 1200.00 EUR open, and the last day \
             to report it to Northgate Credit was 2024-07-30, 2 days ago; report it now, or the \
             cover of it may be lost.",
            "发票 INV-7 于 2024-05-31 到期，仍有 1200.00 EUR 未付，向 Northgate Credit \
             申报的最后一天是 2024-07-30，已过去 2 天；请立即申报，否则该发票可能失去保障。",
        ),
    ]
}

#[test]
fn every_factor_says_its_value_and_points_in_both_languages() {
    for (factor, en, zh) in factors() {
        assert_eq!(factor.to_string(), en, "{}", factor.code());
        let chinese = Language::SimplifiedChinese.during(|| factor.to_string());
        assert_eq!(chinese, zh, "{}", factor.code());
        assert!(has_chinese(&chinese));
    }
}

#[test]
fn every_alert_says_what_to_act_on_in_both_languages() {
    let mut seen: Vec<&str> = Vec::new();
    for (alert, en, zh) in alerts() {
        assert_eq!(alert.to_string(), en, "{}", alert.kind());
        let chinese = Language::SimplifiedChinese.during(|| alert.to_string());
        assert_eq!(chinese, zh, "{}", alert.kind());
        assert!(has_chinese(&chinese));
        seen.push(alert.kind());
    }
    seen.dedup();
    assert_eq!(seen, Alert::KINDS, "every kind has its sentences here");
}

#[test]
fn the_score_is_one_sentence() {
    let score = RiskScore {
        as_of: date("2024-06-30"),
        score: 44,
        max_score: 100,
        factors: Vec::new(),
        rates_used: Vec::new(),
    };
    assert_eq!(score.to_string(), "Risk score 44 of 100.");
    assert_eq!(
        Language::SimplifiedChinese.during(|| score.to_string()),
        "风险评分 44/100。"
    );
}
