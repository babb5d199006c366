//! The core's refusals in Simplified Chinese: the same facts as the English sentences (the
//! values quoted as they are), word for word, and no sentence left in English.

use chrono::NaiveDate;
use creditdesk_core::aging::Buckets;
use creditdesk_core::allocate::AllocationError;
use creditdesk_core::terms::{PaymentTerms, TermsError};
use creditdesk_core::text::{has_chinese, Language};
use creditdesk_core::{Currency, Money, MoneyError};

use crate::{date, eur, euros};

fn in_chinese(err: &impl ToString) -> String {
    Language::SimplifiedChinese.during(|| err.to_string())
}

fn usd() -> Currency {
    Currency::from_code("USD").unwrap()
}

/// One of each refusal of money, allocation and aging, as its rule makes it.
fn money_and_allocation_refusals() -> Vec<(String, String)> {
    let sum = euros("1.00").checked_add(Money::new("2".parse().unwrap(), usd()));
    let finer = Money::exact("0.001".parse().unwrap(), eur());
    let no_parts = euros("10.00").split(0);
    let buckets = Buckets::parse("60,30");
    vec![
        (
            in_chinese(&Currency::from_code("eur").unwrap_err()),
            "“eur”不是货币代码；请使用三个字母的 ISO 4217 货币代码，例如 EUR、USD 或 CNY。".into(),
        ),
        (
            in_chinese(&sum.unwrap_err()),
            "无法将 EUR 与 USD 合并：不同币种的金额不能相加；请先将其中一笔换算为另一币种。".into(),
        ),
        (
            in_chinese(&finer.unwrap_err()),
            "0.001 EUR 的小数位数超过了 EUR 允许的 2 位。".into(),
        ),
        (
            in_chinese(&MoneyError::Overflow {
                amount: "1e16".parse().unwrap(),
                currency: eur(),
            }),
            "10000000000000000 EUR 超出了账簿可记录的范围；单笔金额最多为 10^15 个 EUR 最小货币\
             单位。"
                .into(),
        ),
        (
            in_chinese(&no_parts.unwrap_err()),
            "无法将金额拆分为 0 份；请至少拆分为一份。".into(),
        ),
        (
            in_chinese(&AllocationError::CurrencyMismatch {
                key: 7,
                settlement: usd(),
                instalment: eur(),
            }),
            "无法将以 USD 计价的核销单据分配到第 7 期：该期以 EUR 计价。核销单据只能分配到同一币种\
             的分期；请选择以 USD 计价的分期，或先对核销单据进行币种换算。"
                .into(),
        ),
        (
            in_chinese(&AllocationError::DuplicateKey { key: 7 }),
            "第 7 期在未结分期中出现了两次；每个未结分期只能列出一次。".into(),
        ),
        (
            in_chinese(&buckets.unwrap_err()),
            "账龄段“60,30”无效；请填写大于零且逐个递增的整数天数，以逗号分隔，例如 30,60,90。"
                .into(),
        ),
    ]
}

#[test]
fn money_allocation_and_aging_refusals_read_in_chinese() {
    for (said, expected) in money_and_allocation_refusals() {
        assert_eq!(said, expected);
    }
}

fn terms_error(text: &str) -> TermsError {
    PaymentTerms::parse(text).unwrap_err()
}

#[test]
fn payment_terms_refusals_read_in_chinese() {
    let table = [
        (
            "net 30 in 0 parts every 1 month",
            "付款条件“net 30 in 0 parts every 1 month”中的分期期数 0 不可接受；请填写 1 到 360 期。",
        ),
        (
            "100/10 net 30",
            "付款条件“100/10 net 30”中的提前付款折扣比例 100% 不可接受；请填写大于 0 且小于 100 \
             的百分比，例如 2 或 1.5。",
        ),
        (
            "deposit 120% 0 days, net 30",
            "付款条件“deposit 120% 0 days, net 30”中的定金比例 120% 不可接受；请填写大于 0 且小于 \
             100 的百分比，例如 2 或 1.5。",
        ),
        (
            "30 days eom day 32",
            "付款条件“30 days eom day 32”中的每月日期 32 不可接受；请填写 1 到 31 之间的日期。",
        ),
        (
            "fixed 13-01",
            "付款条件“fixed 13-01”中的月份 13 不可接受；请填写 01 到 12 之间的月份。",
        ),
        (
            "fixed 04-31",
            "付款条件“fixed 04-31”中的固定到期日 04-31 不可接受；请填写实际存在的月和日，例如 \
             10-30（02-29 也可以填写，在没有 2 月 29 日的年份表示 02-28）。",
        ),
        (
            "net 4000",
            "付款条件“net 4000”中的天数 4000 不可接受；请填写 0 到 3650 天。",
        ),
        (
            "eom +121 months",
            "付款条件“eom +121 months”中的月数 121 不可接受；请填写 0 到 120 个月。",
        ),
        (
            "net 30 in 3 parts every 0 days",
            "付款条件“net 30 in 3 parts every 0 days”中的分期间隔 0 不可接受；请填写 1 到 3650 天\
             或 1 到 120 个月。",
        ),
        (
            "net thirty",
            "“net thirty”不是有效的付款条件。请使用以下格式之一：net 30、eom +1 month、\
             30 days eom、eom 30 days、30 days eom day 10 或 fixed 10-30；前面可以加上定金条款\
             （例如“deposit 30% 0 days,”）和提前付款折扣（例如“2/10”），后面可以加上分期条款\
             （例如“in 3 parts every 1 month”）。",
        ),
    ];
    for (text, expected) in table {
        assert_eq!(in_chinese(&terms_error(text)), expected, "reading {text:?}");
    }

    let near_the_end = NaiveDate::MAX.pred_opt().unwrap();
    let beyond = PaymentTerms::parse("net 30")
        .unwrap()
        .freeze(near_the_end, euros("100.00"))
        .unwrap_err();
    assert_eq!(
        in_chinese(&beyond),
        format!(
            "按付款条件“net 30”，开票日期为 {near_the_end} 的发票的到期日超出了支持的日历范围；\
             请检查开票日期。"
        )
    );
    let finer = PaymentTerms::net(30)
        .freeze(
            date("2024-01-01"),
            Money::new("1000.005".parse().unwrap(), eur()),
        )
        .unwrap_err();
    assert_eq!(
        in_chinese(&finer),
        "1000.005 EUR 的小数位数超过了 EUR 允许的 2 位。"
    );
}

/// Every field and every "what is accepted" of the payment terms has its Chinese words: a
/// refusal of each kind of value, in Chinese, has no Latin letter in it besides the terms text it
/// quotes.
#[test]
fn no_terms_refusal_leaves_an_english_word_in_chinese() {
    for text in [
        "net 30 in 0 parts every 1 month",
        "net 30 in 3 parts every 0 days",
        "net 30 in 3 parts every 121 months",
        "0/10 net 30",
        "deposit 0% 0 days, net 30",
        "30 days eom day 0",
        "fixed 00-10",
        "fixed 02-30",
        "net 3651",
        "eom +121 months",
    ] {
        let said = in_chinese(&terms_error(text));
        let besides_the_terms = said.replace(text, "");
        assert!(
            !besides_the_terms.chars().any(|c| c.is_ascii_alphabetic()),
            "left in English: {said}"
        );
    }
}

#[test]
fn every_refusal_of_the_core_is_in_chinese_under_chinese_and_unchanged_in_english() {
    for (said, _) in money_and_allocation_refusals() {
        assert!(has_chinese(&said), "left in English: {said}");
    }
    let english = terms_error("net 4000").to_string();
    assert_eq!(
        english,
        "The number of days 4000 in the payment terms \"net 4000\" is not accepted; give from 0 to \
         3650 days.",
        "the thread that never chose a language speaks English"
    );
}
