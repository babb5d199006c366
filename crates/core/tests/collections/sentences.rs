//! Every sentence collections say, word for word in English and in Simplified Chinese.

use creditdesk_core::dunning::{LeftOut, LeftOutReason, PolicyError, RunProblem};
use creditdesk_core::interest::{
    fixed_compensation, CompensationRule, InterestError, RateFileProblem, RateFileProblemKind,
    RateSource, RateUnit,
};
use creditdesk_core::text::{has_chinese, Language};

use crate::{both, both_said, currency, date, euros, money};

fn left_out(reason: LeftOutReason) -> LeftOut {
    LeftOut {
        customer_reference: "MARIGOLD".to_string(),
        invoice_number: "F-300".to_string(),
        seq: 2,
        due_date: date("2024-05-01"),
        days_overdue: 31,
        amount: euros("400.00"),
        level: 2,
        reason,
    }
}

pub fn left_out_reasons() -> Vec<LeftOutReason> {
    vec![
        LeftOutReason::Disputed,
        LeftOutReason::CoveredByUnapplied {
            unapplied: euros("500.00"),
        },
        LeftOutReason::OnPaymentPlan,
        LeftOutReason::PromisePending {
            promised_on: date("2024-06-14"),
        },
        LeftOutReason::BelowMinimum {
            net_overdue: euros("24.99"),
            minimum: euros("25.00"),
        },
        LeftOutReason::Paused {
            reason: "goods being returned".to_string(),
            until: date("2024-06-30"),
        },
        LeftOutReason::GapTooShort {
            last_contact: date("2024-05-28"),
            next_possible: date("2024-06-04"),
        },
    ]
}

fn policy_errors() -> Vec<PolicyError> {
    vec![
        PolicyError::NameBlank,
        PolicyError::NoLevels,
        PolicyError::DaysZero { level: 1 },
        PolicyError::DaysNotIncreasing {
            level: 3,
            days: 21,
            previous: 21,
        },
        PolicyError::NoTemplate { level: 2 },
        PolicyError::TemplateBlank {
            level: 4,
            language: Language::SimplifiedChinese,
        },
        PolicyError::TemplateRepeated {
            level: 4,
            language: Language::English,
        },
        PolicyError::FeeNotPositive {
            level: 2,
            fee: euros("0.00"),
        },
        PolicyError::FeeTooPrecise {
            level: 2,
            fee: creditdesk_core::Money::new("10.005".parse().unwrap(), currency("USD")),
        },
        PolicyError::FeeRepeated {
            level: 2,
            currency: currency("EUR"),
        },
        PolicyError::FeePercentOutOfRange {
            level: 2,
            percent: 120.into(),
        },
        PolicyError::MinimumNegative {
            minimum: euros("-1.00"),
        },
        PolicyError::MinimumRepeated {
            currency: currency("EUR"),
        },
        PolicyError::GapZero,
        PolicyError::PauseReasonBlank,
        PolicyError::PauseEndsBeforeStart {
            from: date("2024-06-10"),
            until: date("2024-06-01"),
        },
    ]
}

fn interest_errors() -> Vec<InterestError> {
    vec![
        InterestError::RateUnknown {
            table: RateSource::EcbReference,
            date: date("2026-07-01"),
            known_from: date("1999-01-01"),
            known_until: date("2026-06-30"),
        },
        InterestError::AgreedRateOutOfRange {
            percent: 120.into(),
            unit: RateUnit::Year,
        },
        InterestError::AgreedRateOutOfRange {
            percent: 2.into(),
            unit: RateUnit::Day,
        },
        InterestError::EuMarginTooLow {
            margin_points: 7.into(),
        },
        InterestError::ReductionCurrency {
            date: date("2024-06-03"),
            amount: money("60.00 USD"),
            debt: currency("EUR"),
        },
    ]
}

fn rate_file_problems() -> Vec<RateFileProblem> {
    let at = |line, kind| RateFileProblem { line, kind };
    vec![
        at(
            1,
            RateFileProblemKind::Header {
                found: "date,rate".to_string(),
            },
        ),
        at(2, RateFileProblemKind::FieldCount { found: 2 }),
        at(
            3,
            RateFileProblemKind::Date {
                value: "01.07.2024".to_string(),
            },
        ),
        at(
            4,
            RateFileProblemKind::Percent {
                value: "four".to_string(),
            },
        ),
        at(
            5,
            RateFileProblemKind::Reversed {
                from: date("2025-01-01"),
                to: date("2024-12-31"),
            },
        ),
        at(
            6,
            RateFileProblemKind::NotContiguous {
                expected: date("2025-07-01"),
                found: date("2025-09-01"),
            },
        ),
        at(1, RateFileProblemKind::Empty),
    ]
}

/// Every sentence, each as a pair of English and Chinese.
fn said() -> Vec<(String, String)> {
    let mut said = Vec::new();
    for r in left_out_reasons() {
        let l = left_out(r);
        said.push(both_said(|| l.sentence()));
    }
    for e in policy_errors() {
        said.push(both(&e));
    }
    for e in interest_errors() {
        said.push(both(&e));
    }
    for e in rate_file_problems() {
        said.push(both(&e));
    }
    let c = fixed_compensation(CompensationRule::EuDirective, money("100.00 USD")).unwrap_err();
    said.push(both(&c));
    let p = RunProblem::Interest {
        invoice_number: "INV-9".into(),
        seq: 1,
        error: interest_errors().remove(0),
    };
    said.push(both(&p));
    let p = RunProblem::DisputeCurrency {
        invoice_number: "INV-9".into(),
        disputed: money("100.00 USD"),
        invoice: currency("EUR"),
    };
    said.push(both(&p));
    let p = RunProblem::Unprintable {
        customer_reference: "SUZUKI".into(),
        level: 3,
        value: creditdesk_core::dunning::run::PrintedValue::PostalAddress,
        text: "東京都港区".into(),
        character: '東',
    };
    said.push(both(&p));
    for r in left_out_reasons() {
        said.push(both(&r.word()));
    }
    said
}

/// The sentences in the order [`said`] makes them.
const EXPECTED: &[(&str, &str)] = &[
        (
            "400.00 EUR of invoice F-300 (instalment 2) is disputed and is not chased until \
             the dispute is resolved.",
            "发票 F-300（第 2 期）的 400.00 EUR 存在争议，争议解决前不予催收。",
        ),
        (
            "Invoice F-300 (instalment 2, 400.00 EUR) is not chased: 500.00 EUR received and \
             not yet allocated covers what is overdue; allocate it first.",
            "发票 F-300（第 2 期，400.00 EUR）不予催收：已收到但尚未核销的 500.00 EUR 足以覆盖逾期金额；请先进行核销。",
        ),
        (
            "Invoice F-300 (instalment 2, 400.00 EUR) is on a payment plan and is chased \
             through the plan only.",
            "发票 F-300（第 2 期，400.00 EUR）已纳入还款计划，只按计划催收。",
        ),
        (
            "Invoice F-300 (instalment 2, 400.00 EUR) is covered by a promise to pay by \
             2024-06-14; it is not chased before then.",
            "发票 F-300（第 2 期，400.00 EUR）有承诺于 2024-06-14 前付款；在此之前不予催收。",
        ),
        (
            "Invoice F-300 (instalment 2, 400.00 EUR) is not chased: the customer's overdue \
             amount, 24.99 EUR, is below the minimum of 25.00 EUR.",
            "发票 F-300（第 2 期，400.00 EUR）不予催收：该客户的逾期金额 24.99 EUR 低于最低催收金额 25.00 EUR。",
        ),
        (
            "Invoice F-300 (instalment 2, 400.00 EUR) is paused until 2024-06-30: goods being \
             returned.",
            "发票 F-300（第 2 期，400.00 EUR）暂停催收至 2024-06-30：goods being returned。",
        ),
        (
            "Level 2 for invoice F-300 (instalment 2, 400.00 EUR) waits: the customer was \
             last contacted on 2024-05-28, and the next contact is possible from 2024-06-04.",
            "发票 F-300（第 2 期，400.00 EUR）的第 2 级催收需等待：上次联系该客户是在 2024-05-28，下次联系最早可在 2024-06-04。",
        ),
        (
            "The dunning policy has no name; give it a name such as \"Standard\".",
            "催收策略没有名称；请为其命名，例如“标准”。",
        ),
        (
            "The dunning policy has no levels; add at least one level with its days overdue \
             and channel.",
            "催收策略没有任何级别；请至少添加一个级别，并填写逾期天数和催收方式。",
        ),
        (
            "Level 1 applies at 0 days overdue, when nothing is late yet; give at least 1 day.",
            "第 1 级设在逾期 0 天，此时款项尚未逾期；请填写至少 1 天。",
        ),
        (
            "Level 3 applies at 21 days overdue, not later than the level before it at 21 \
             days; give each level more days than the one before.",
            "第 3 级设在逾期 21 天，不晚于上一级的 21 天；每一级的天数必须多于上一级。",
        ),
        (
            "Level 2 has no template; choose a template for at least one language.",
            "第 2 级没有模板；请至少为一种语言选择模板。",
        ),
        (
            "Level 4 has a blank template name for zh-CN; choose a template or remove the line.",
            "第 4 级的 zh-CN 模板名称为空；请选择模板或删除该行。",
        ),
        (
            "Level 4 has two templates for en; keep one template per language.",
            "第 4 级有两个 en 模板；每种语言只保留一个模板。",
        ),
        (
            "The fee 0.00 EUR of level 2 is not accepted; give a fee above zero, or remove it \
             for no fee.",
            "第 2 级的费用 0.00 EUR 不可接受；请填写大于零的费用，或删除以不收费。",
        ),
        (
            "The fee 10.005 USD of level 2 has more than the 2 decimals its currency allows; \
             round it to 2 decimals.",
            "第 2 级的费用 10.005 USD 的小数位数超过了该币种允许的 2 位；请保留 2 位小数。",
        ),
        (
            "Level 2 has two fees in EUR; keep one fee per currency.",
            "第 2 级有两项以 EUR 计价的费用；每种币种只保留一项费用。",
        ),
        (
            "The fee of 120 % of level 2 is not accepted; give a percentage above 0 and at \
             most 100.",
            "第 2 级的费用比例 120% 不可接受；请填写大于 0 且不超过 100 的百分比。",
        ),
        (
            "The minimum amount -1.00 EUR is below zero; give zero or more.",
            "最低催收金额 -1.00 EUR 小于零；请填写零或以上的金额。",
        ),
        (
            "The policy has two minimum amounts in EUR; keep one per currency.",
            "该策略有两个以 EUR 计价的最低催收金额；每种币种只保留一个。",
        ),
        (
            "The minimum gap between two contacts is 0 days; give at least 1 day, so that a \
             customer is contacted at most once a day.",
            "两次联系之间的最短间隔为 0 天；请填写至少 1 天，使每位客户每天最多被联系一次。",
        ),
        (
            "The pause gives no reason; write why chasing is paused.",
            "暂停未写明原因；请写明暂停催收的原因。",
        ),
        (
            "The pause ends on 2024-06-01, before it starts on 2024-06-10; give an end date \
             on or after 2024-06-10.",
            "暂停的结束日 2024-06-01 早于开始日 2024-06-10；请填写 2024-06-10 当日或之后的日期。",
        ),
        (
            "No ECB reference rate is known for 2026-07-01: the table covers 1999-01-01 to \
             2026-06-30; load a newer file of the table with the published rate (Settings, \
             Reference rates; or `interest-rates load` on the command line), then run again.",
            "没有 2026-07-01 的欧洲央行参考利率：利率表只涵盖 1999-01-01 至 2026-06-30；请载入含已公布利率的新版利率表文件（设置 → 参考利率；或命令行 `interest-rates load`），然后再运行。",
        ),
        (
            "The agreed interest rate 120 % a year is not accepted; give a rate from 0 to 100 \
             % a year.",
            "约定年利率 120% 不可接受；请填写 0 至 100% 之间的年利率。",
        ),
        (
            "The agreed interest rate 2 % a day is not accepted; give a rate from 0 to 1 % a \
             day, such as 0.05.",
            "约定日利率 2% 不可接受；请填写 0 至 1% 之间的日利率，例如 0.05。",
        ),
        (
            "The EU interest margin of 7 points is not accepted: Directive 2011/7/EU sets at \
             least 8 points above the ECB reference rate; give 8 or more.",
            "欧盟利息加点 7 个百分点不可接受：第 2011/7/EU 号指令规定至少在欧洲央行参考利率上加 8 个百分点；请填写 8 或以上。",
        ),
        (
            "The reduction of 60.00 USD on 2024-06-03 is not in EUR, the currency of the \
             debt; record payments in the invoice's currency.",
            "2024-06-03 的减少额 60.00 USD 不是以债务币种 EUR 计价；请以发票币种记录付款。",
        ),
        (
            "Line 1: the header is \"date,rate\"; the first line that is not a comment must \
             be from,to,percent.",
            "第 1 行：表头为“date,rate”；第一行非注释内容必须是 from,to,percent。",
        ),
        (
            "Line 2 has 2 fields; give exactly three: from,to,percent.",
            "第 2 行有 2 个字段；请恰好填写三个：from,to,percent。",
        ),
        (
            "Line 3: \"01.07.2024\" is not a date; write dates as YYYY-MM-DD, such as \
             2024-07-01.",
            "第 3 行：“01.07.2024”不是日期；日期请写作 YYYY-MM-DD，例如 2024-07-01。",
        ),
        (
            "Line 4: the rate \"four\" is not accepted; give a percentage between -20 and \
             100, such as 4.25.",
            "第 4 行：利率“four”不可接受；请填写 -20 到 100 之间的百分比，例如 4.25。",
        ),
        (
            "Line 5: the period ends on 2024-12-31, before it starts on 2025-01-01; give an \
             end date on or after the start date.",
            "第 5 行：期间的结束日 2024-12-31 早于开始日 2025-01-01；结束日不得早于开始日。",
        ),
        (
            "Line 6: the period starts on 2025-09-01, but it must start on 2025-07-01, the \
             day after the previous period ends; periods must follow each other without gap \
             or overlap.",
            "第 6 行：期间开始于 2025-09-01，但必须从上一期间结束后的次日 2025-07-01 开始；各期间必须首尾相接，不得有间隔或重叠。",
        ),
        (
            "Line 1: the file has no rate periods; give at least one line from,to,percent \
             after the header.",
            "第 1 行：文件中没有利率期间；请在表头之后至少填写一行 from,to,percent。",
        ),
        (
            "Fixed compensation is set in EUR and cannot be claimed on a debt of 100.00 USD; \
             set a dunning fee in USD for this customer instead.",
            "法定固定补偿以 EUR 计价，不能就 100.00 USD 的债务主张；请改为该客户设置以 USD 计价的催收费用。",
        ),
        (
            "Invoice INV-9 (instalment 1) is proposed without interest. No ECB reference rate \
             is known for 2026-07-01: the table covers 1999-01-01 to 2026-06-30; load a newer \
             file of the table with the published rate (Settings, Reference rates; or \
             `interest-rates load` on the command line), then run again.",
            "发票 INV-9（第 1 期）的催收不含利息。没有 2026-07-01 的欧洲央行参考利率：利率表只涵盖 1999-01-01 至 2026-06-30；请载入含\
             已公布利率的新版利率表文件（设置 → 参考利率；或命令行 `interest-rates load`），然后再运行。",
        ),
        (
            "Invoice INV-9 is left out: its dispute of 100.00 USD is not in EUR, the \
             invoice's currency; correct the dispute amount.",
            "发票 INV-9 未纳入本次催收：其争议金额 100.00 USD 不是以发票币种 EUR 计价；请更正争议金额。",
        ),
        (
            "The level 3 letter to customer SUZUKI is left out of this run: its postal address \
             \"東京都港区\" has the character \"東\" (U+6771), which the letter font cannot \
             draw: letters print Latin letters and the Simplified Chinese characters of GB2312. \
             Replace it (a traditional or Japanese character by its simplified form, where it \
             has one), or remove it. Then propose the run again.",
            "致客户 SUZUKI 的第 3 级信函未纳入本批次：其邮寄地址“東京都港区”中的字符“東”（U+6771）无法\
             用信函字体显示：信函只能打印拉丁字母和 GB2312 中的简体汉字。请替换该字符（繁体字或日文汉\
             字可改用其简体字形），或将其删除。然后重新生成批次。",
        ),
        (
            "disputed",
            "有争议",
        ),
        (
            "covered by unapplied cash",
            "已由未核销款项覆盖",
        ),
        (
            "on a payment plan",
            "已纳入还款计划",
        ),
        (
            "promise to pay not yet due",
            "付款承诺尚未到期",
        ),
        (
            "below the minimum",
            "低于最低金额",
        ),
        (
            "paused",
            "已暂停",
        ),
        (
            "gap since last contact too short",
            "距上次联系时间过短",
        ),
];

#[test]
fn every_sentence_word_for_word_in_english_and_chinese() {
    let said = said();
    assert_eq!(said.len(), EXPECTED.len());
    for ((en, zh), (want_en, want_zh)) in said.iter().zip(EXPECTED) {
        assert_eq!(en, want_en);
        assert_eq!(zh, want_zh);
        assert!(has_chinese(zh), "left in English: {zh}");
    }
}
