//! Exchange rates from a CSV file, for the credit exposure of customers billed in several
//! currencies.
//!
//! The file has a header naming the columns `date`, `from`, `to` and `rate` (in any order, any
//! case; other columns are ignored) and one rate a row: `2026-11-30,USD,EUR,0.9412` says that one
//! USD was worth 0.9412 EUR on that day. Dates are `YYYY-MM-DD`, rates decimal numbers with a
//! point, above zero. The file is UTF-8, with or without a byte order mark, comma separated.
//!
//! Reading is all or nothing: every bad row is listed with its line, and no rate is returned
//! unless every row is good, so that the caller writes the whole file or nothing.

use std::collections::HashMap;
use std::str::FromStr;

use chrono::NaiveDate;
use creditdesk_core::credit::ExchangeRate;
use creditdesk_core::money::Currency;
use creditdesk_core::say;
use rust_decimal::Decimal;

use crate::date::DateFormat;
use crate::problem::RowProblem;

/// The columns a rates file must name.
const COLUMNS: [&str; 4] = ["date", "from", "to", "rate"];

/// Reads every rate of a rates file, or returns every problem found, by line.
///
/// A rate given twice for one pair and date is kept once when both rows agree, and is a
/// problem naming the earlier line when they differ.
pub fn read_rates(bytes: &[u8]) -> Result<Vec<ExchangeRate>, Vec<RowProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| {
        // The line of the first byte that is not UTF-8.
        let line = 1 + bytes[..err.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        vec![file_problem(
            line as u64,
            say!(
                en: "the file is not UTF-8 text; save the rates as UTF-8 CSV and import again.",
                zh: "文件不是 UTF-8 文本；请将汇率另存为 UTF-8 编码的 CSV 文件后重新导入。",
            ),
        )]
    })?;

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(err)) => return Err(vec![unreadable(&err)]),
        None => {
            let message = say!(
                en: "the file is empty; give a header date,from,to,rate and one rate a row.",
                zh: "文件为空；请提供表头 date,from,to,rate，并每行填写一个汇率。",
            );
            return Err(vec![file_problem(1, message)]);
        }
    };
    let position = |name: &str| {
        header
            .iter()
            .position(|cell| cell.trim().eq_ignore_ascii_case(name))
    };
    let [date_at, from_at, to_at, rate_at] = COLUMNS.map(position);
    let (Some(date_at), Some(from_at), Some(to_at), Some(rate_at)) =
        (date_at, from_at, to_at, rate_at)
    else {
        let missing: Vec<&str> = COLUMNS
            .into_iter()
            .filter(|name| position(name).is_none())
            .collect();
        let missing = missing.join(", ");
        let message = say!(
            en: "the header lacks the column(s) {missing}; a rates file has the columns date, \
                 from, to and rate, for example 2026-11-30,USD,EUR,0.9412.",
            zh: "表头缺少列 {missing}；汇率文件须包含 date、from、to 和 rate 列，例如 \
                 2026-11-30,USD,EUR,0.9412。",
        );
        return Err(vec![file_problem(1, message)]);
    };

    let mut rates = Vec::new();
    let mut problems = Vec::new();
    // (from, to, date) -> (line, rate) of the first row giving it.
    let mut seen: HashMap<(Currency, Currency, NaiveDate), (u64, Decimal)> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                problems.push(unreadable(&err));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let cell = |at: usize| record.get(at).unwrap_or("").trim();
        let before = problems.len();
        let date = match DateFormat::Iso.parse(cell(date_at)) {
            Ok(date) => Some(date),
            Err(_) => {
                let message = say!(
                    en: "is not a date; write it as YYYY-MM-DD, such as 2026-11-30.",
                    zh: "不是日期；请写成 YYYY-MM-DD 格式，例如 2026-11-30。",
                );
                problems.push(cell_problem(line, "date", cell(date_at), message));
                None
            }
        };
        let mut currency = |at: usize, column: &str| match Currency::from_code(cell(at)) {
            Ok(currency) => Some(currency),
            Err(_) => {
                let message = say!(
                    en: "is not a currency code; use a three-letter ISO 4217 code such as EUR, \
                         USD or CNY.",
                    zh: "不是货币代码；请使用三个字母的 ISO 4217 货币代码，例如 EUR、USD 或 CNY。",
                );
                problems.push(cell_problem(line, column, cell(at), message));
                None
            }
        };
        let from = currency(from_at, "from");
        let to = currency(to_at, "to");
        let rate = match plain_decimal(cell(rate_at)) {
            Some(rate) if rate > Decimal::ZERO => Some(rate),
            _ => {
                let message = say!(
                    en: "is not a rate; write a decimal number above zero with a point, such as \
                         0.9412.",
                    zh: "不是汇率；请填写大于零、以小数点分隔的数字，例如 0.9412。",
                );
                problems.push(cell_problem(line, "rate", cell(rate_at), message));
                None
            }
        };
        if problems.len() > before {
            continue;
        }
        let (Some(date), Some(from), Some(to), Some(rate)) = (date, from, to, rate) else {
            continue;
        };
        if from == to {
            let message = say!(
                en: "is the same currency as from; a rate converts between two different \
                     currencies.",
                zh: "与 from 列的货币相同；汇率用于两种不同货币之间的换算。",
            );
            problems.push(cell_problem(line, "to", cell(to_at), message));
            continue;
        }
        match seen.get(&(from, to, date)) {
            Some((_, earlier)) if *earlier == rate => continue,
            Some((earlier_line, earlier)) => {
                let message = say!(
                    en: "differs from the rate {earlier} that line {earlier_line} gives for \
                         {from} to {to} on {date}; keep one rate per pair and day.",
                    zh: "与第 {earlier_line} 行给出的 {date} {from} 兑 {to} 的汇率 {earlier} 不同；\
                         每对货币每天只保留一个汇率。",
                );
                problems.push(cell_problem(line, "rate", cell(rate_at), message));
                continue;
            }
            None => {
                seen.insert((from, to, date), (line, rate));
            }
        }
        rates.push(ExchangeRate {
            from,
            to,
            date,
            rate,
        });
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    if rates.is_empty() {
        let message = say!(
            en: "the file has a header but no rates; add one rate a row, such as \
                 2026-11-30,USD,EUR,0.9412.",
            zh: "文件只有表头，没有汇率；请每行填写一个汇率，例如 2026-11-30,USD,EUR,0.9412。",
        );
        return Err(vec![file_problem(1, message)]);
    }
    Ok(rates)
}

/// Digits, with at most one point among them: `0.9412`, `7`. Exponents (`1e-3`), signs and more
/// digits than a decimal holds exactly are not rates as people write them, so they are refused
/// rather than read as something else.
fn plain_decimal(text: &str) -> Option<Decimal> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let significant = whole.trim_start_matches('0').len() + fraction.len();
    if whole.is_empty() || !digits(whole) || !digits(fraction) || significant > 28 {
        return None;
    }
    if text.ends_with('.') {
        return None;
    }
    Decimal::from_str(text).ok()
}

fn file_problem(line: u64, message: String) -> RowProblem {
    RowProblem {
        line,
        column: None,
        value: None,
        message,
    }
}

fn cell_problem(line: u64, column: &str, value: &str, message: String) -> RowProblem {
    RowProblem {
        line,
        column: Some(column.to_string()),
        value: Some(value.to_string()),
        message,
    }
}

fn unreadable(err: &csv::Error) -> RowProblem {
    let line = err.position().map_or(0, |p| p.line());
    file_problem(
        line,
        say!(
            en: "the row cannot be read as CSV; check its quotes.",
            zh: "该行无法按 CSV 读取；请检查其中的引号。",
        ),
    )
}
