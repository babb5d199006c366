//! Exchange rates read from a CSV file: every good row becomes a rate, and any bad row keeps the
//! whole file out, each problem named by line, column and value.

mod common;

use common::{currency, d, ymd};
use creditdesk_core::credit::ExchangeRate;
use creditdesk_core::text::Language;
use creditdesk_import::read_rates;

fn texts(bytes: &[u8]) -> Vec<String> {
    let problems = read_rates(bytes).expect_err("the file is refused");
    problems.iter().map(ToString::to_string).collect()
}

#[test]
fn a_rates_file_gives_one_rate_a_row_in_any_column_order() {
    let file = "\u{feff}Rate,Date,From,To,Source\n\
                0.9412,2026-11-30,USD,EUR,bank\n\
                \n\
                7.1021,2026-11-30,USD,CNY,bank\n\
                0.9412,2026-11-30,USD,EUR,bank again\n\
                0.9398,2026-12-01,USD,EUR,\n";
    let rates = read_rates(file.as_bytes()).unwrap();
    let usd = currency("USD");
    assert_eq!(
        rates,
        [
            ExchangeRate {
                from: usd,
                to: currency("EUR"),
                date: ymd(2026, 11, 30),
                rate: d("0.9412"),
            },
            ExchangeRate {
                from: usd,
                to: currency("CNY"),
                date: ymd(2026, 11, 30),
                rate: d("7.1021"),
            },
            ExchangeRate {
                from: usd,
                to: currency("EUR"),
                date: ymd(2026, 12, 1),
                rate: d("0.9398"),
            },
        ],
        "the repeated row that agrees is kept once"
    );
}

#[test]
fn every_bad_row_is_listed_and_no_rate_is_returned() {
    let file = "date,from,to,rate\n\
                2026-11-30,USD,EUR,0.9412\n\
                30/11/2026,USD,EUR,0.9412\n\
                2026-11-30,usd,EUR,0.9412\n\
                2026-11-30,USD,EURO,0.9412\n\
                2026-11-30,USD,CNY,0\n\
                2026-11-30,USD,CNY,\"7,10\"\n\
                2026-11-30,EUR,EUR,1\n\
                2026-11-30,USD,EUR,0.9413\n\
                2026-11-30,JPY,EUR,1e-3\n\
                2026-11-30,GBP,EUR,1.15000000000000000000000000001\n";
    assert_eq!(
        texts(file.as_bytes()),
        [
            "line 3, column date: \"30/11/2026\" is not a date; write it as YYYY-MM-DD, such as \
             2026-11-30.",
            "line 4, column from: \"usd\" is not a currency code; use a three-letter ISO 4217 code \
             such as EUR, USD or CNY.",
            "line 5, column to: \"EURO\" is not a currency code; use a three-letter ISO 4217 code \
             such as EUR, USD or CNY.",
            "line 6, column rate: \"0\" is not a rate; write a decimal number above zero with a \
             point, such as 0.9412.",
            "line 7, column rate: \"7,10\" is not a rate; write a decimal number above zero with a \
             point, such as 0.9412.",
            "line 8, column to: \"EUR\" is the same currency as from; a rate converts between two \
             different currencies.",
            "line 9, column rate: \"0.9413\" differs from the rate 0.9412 that line 2 gives for \
             USD to EUR on 2026-11-30; keep one rate per pair and day.",
            "line 10, column rate: \"1e-3\" is not a rate; write a decimal number above zero with \
             a point, such as 0.9412.",
            "line 11, column rate: \"1.15000000000000000000000000001\" is not a rate; write a \
             decimal number above zero with a point, such as 0.9412.",
        ]
    );
}

#[test]
fn a_file_without_rates_is_refused_with_what_it_needs() {
    assert_eq!(
        texts(b""),
        ["line 1: the file is empty; give a header date,from,to,rate and one rate a row."]
    );
    assert_eq!(
        texts(b"date,currency,rate\n2026-11-30,USD,0.94\n"),
        [
            "line 1: the header lacks the column(s) from, to; a rates file has the columns date, \
          from, to and rate, for example 2026-11-30,USD,EUR,0.9412."
        ]
    );
    assert_eq!(
        texts(b"date,from,to,rate\n"),
        [
            "line 1: the file has a header but no rates; add one rate a row, such as \
          2026-11-30,USD,EUR,0.9412."
        ]
    );
    assert_eq!(
        texts(b"date,from,to,rate\n2026-11-30,USD,EUR,0.9\xff\n"),
        ["line 2: the file is not UTF-8 text; save the rates as UTF-8 CSV and import again."]
    );
}

#[test]
fn rate_problems_in_chinese() {
    let file = "date,from,to,rate\n\
                30/11/2026,USD,EUR,0.9412\n\
                2026-11-30,USD,EURO,-1\n\
                2026-11-30,EUR,EUR,1\n\
                2026-11-30,USD,EUR,0.9412\n\
                2026-11-30,USD,EUR,0.9413\n";
    let said = Language::SimplifiedChinese.during(|| texts(file.as_bytes()));
    assert_eq!(
        said,
        [
            "第 2 行，“date”列：“30/11/2026”不是日期；请写成 YYYY-MM-DD 格式，例如 2026-11-30。",
            "第 3 行，“to”列：“EURO”不是货币代码；请使用三个字母的 ISO 4217 货币代码，例如 EUR、\
             USD 或 CNY。",
            "第 3 行，“rate”列：“-1”不是汇率；请填写大于零、以小数点分隔的数字，例如 0.9412。",
            "第 4 行，“to”列：“EUR”与 from 列的货币相同；汇率用于两种不同货币之间的换算。",
            "第 6 行，“rate”列：“0.9413”与第 5 行给出的 2026-11-30 USD 兑 EUR 的汇率 0.9412 不同；\
             每对货币每天只保留一个汇率。",
        ]
    );
    let empty = Language::SimplifiedChinese.during(|| {
        [
            texts(b""),
            texts(b"date\n"),
            texts(b"date,from,to,rate\n"),
            texts(b"\xff"),
        ]
    });
    assert_eq!(
        empty,
        [
            ["第 1 行：文件为空；请提供表头 date,from,to,rate，并每行填写一个汇率。"],
            ["第 1 行：表头缺少列 from, to, rate；汇率文件须包含 date、from、to 和 rate 列，例如 \
              2026-11-30,USD,EUR,0.9412。"],
            ["第 1 行：文件只有表头，没有汇率；请每行填写一个汇率，例如 2026-11-30,USD,EUR,0.9412。"],
            ["第 1 行：文件不是 UTF-8 文本；请将汇率另存为 UTF-8 编码的 CSV 文件后重新导入。"],
        ]
    );
}
