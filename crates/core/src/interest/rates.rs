//! Reference rate tables for statutory late-payment interest: which rate was in force on a day.
//!
//! A table is a list of periods `from..=to` with a rate in percent, contiguous and in order; the
//! day after the last period is not known, and asking for it is an error rather than a guess.
//! The tables CreditDesk ships are in `crates/core/rates/` (see the README there for sources);
//! a user may replace one with a newer file in the same format, read whole or refused whole.

use std::fmt;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::say;
use crate::text::Word;

/// Which published rate a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RateSource {
    /// ECB main refinancing rate in force on 1 January / 1 July (EU Directive 2011/7/EU).
    EcbReference,
    /// Bank of England Bank Rate on 31 December / 30 June (UK Late Payment Act 1998).
    BankOfEnglandReference,
    /// The German Basiszinssatz of BGB §247, fixed on 1 January and 1 July.
    GermanBaseRate,
    /// China's one-year Loan Prime Rate, published monthly.
    ChinaLoanPrimeRate,
}

impl RateSource {
    pub const ALL: [RateSource; 4] = [
        RateSource::EcbReference,
        RateSource::BankOfEnglandReference,
        RateSource::GermanBaseRate,
        RateSource::ChinaLoanPrimeRate,
    ];

    pub fn word(&self) -> Word {
        match self {
            RateSource::EcbReference => Word::new("ECB reference rate", "欧洲央行参考利率"),
            RateSource::BankOfEnglandReference => {
                Word::new("Bank of England reference rate", "英格兰银行参考利率")
            }
            RateSource::GermanBaseRate => Word::new("German base rate", "德国基准利率"),
            RateSource::ChinaLoanPrimeRate => {
                Word::new("one-year Loan Prime Rate", "一年期贷款市场报价利率")
            }
        }
    }

    fn shipped_text(&self) -> &'static str {
        match self {
            RateSource::EcbReference => include_str!("../../rates/eu_ecb_reference.csv"),
            RateSource::BankOfEnglandReference => include_str!("../../rates/uk_boe_reference.csv"),
            RateSource::GermanBaseRate => include_str!("../../rates/de_basiszinssatz.csv"),
            RateSource::ChinaLoanPrimeRate => include_str!("../../rates/cn_lpr_1y.csv"),
        }
    }
}

/// One period of a table; both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RatePeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub percent: Decimal,
}

/// A reference rate table. Invariants: at least one period; each period ends on or after it
/// starts; each starts the day after the one before ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateTable {
    source: RateSource,
    periods: Vec<RatePeriod>,
}

/// What is wrong on one line of a rate file (1-based line number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RateFileProblem {
    pub line: usize,
    pub kind: RateFileProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RateFileProblemKind {
    /// The first line that is not a comment is not `from,to,percent`.
    Header {
        found: String,
    },
    FieldCount {
        found: usize,
    },
    Date {
        value: String,
    },
    /// Not a number, or outside -20 to 100.
    Percent {
        value: String,
    },
    Reversed {
        from: NaiveDate,
        to: NaiveDate,
    },
    /// The period does not start the day after the previous one ends.
    NotContiguous {
        expected: NaiveDate,
        found: NaiveDate,
    },
    /// No period at all.
    Empty,
}

impl fmt::Display for RateFileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        let sentence = match &self.kind {
            RateFileProblemKind::Header { found } => say!(
                en: "Line {line}: the header is \"{found}\"; the first line that is not a \
                     comment must be from,to,percent.",
                zh: "第 {line} 行：表头为“{found}”；第一行非注释内容必须是 from,to,percent。",
            ),
            RateFileProblemKind::FieldCount { found } => say!(
                en: "Line {line} has {found} fields; give exactly three: from,to,percent.",
                zh: "第 {line} 行有 {found} 个字段；请恰好填写三个：from,to,percent。",
            ),
            RateFileProblemKind::Date { value } => say!(
                en: "Line {line}: \"{value}\" is not a date; write dates as YYYY-MM-DD, such as \
                     2024-07-01.",
                zh: "第 {line} 行：“{value}”不是日期；日期请写作 YYYY-MM-DD，例如 2024-07-01。",
            ),
            RateFileProblemKind::Percent { value } => say!(
                en: "Line {line}: the rate \"{value}\" is not accepted; give a percentage \
                     between -20 and 100, such as 4.25.",
                zh: "第 {line} 行：利率“{value}”不可接受；请填写 -20 到 100 之间的百分比，例如 \
                     4.25。",
            ),
            RateFileProblemKind::Reversed { from, to } => say!(
                en: "Line {line}: the period ends on {to}, before it starts on {from}; give an \
                     end date on or after the start date.",
                zh: "第 {line} 行：期间的结束日 {to} 早于开始日 {from}；结束日不得早于开始日。",
            ),
            RateFileProblemKind::NotContiguous { expected, found } => say!(
                en: "Line {line}: the period starts on {found}, but it must start on {expected}, \
                     the day after the previous period ends; periods must follow each other \
                     without gap or overlap.",
                zh: "第 {line} 行：期间开始于 {found}，但必须从上一期间结束后的次日 {expected} 开始；\
                     各期间必须首尾相接，不得有间隔或重叠。",
            ),
            RateFileProblemKind::Empty => say!(
                en: "Line {line}: the file has no rate periods; give at least one line \
                     from,to,percent after the header.",
                zh: "第 {line} 行：文件中没有利率期间；请在表头之后至少填写一行 \
                     from,to,percent。",
            ),
        };
        f.write_str(&sentence)
    }
}

impl RateTable {
    /// Reads a rate file: `#` comments, the header `from,to,percent`, then one period a line.
    /// All or nothing: every problem is returned with its line, and no table when there is one.
    pub fn parse(source: RateSource, text: &str) -> Result<RateTable, Vec<RateFileProblem>> {
        let mut problems = Vec::new();
        let mut periods: Vec<RatePeriod> = Vec::new();
        let mut header_seen = false;
        let mut last_line = 0;
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            last_line = line;
            let content = raw.trim().trim_start_matches('\u{feff}');
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let problem = |kind| RateFileProblem { line, kind };
            if !header_seen {
                header_seen = true;
                if content.replace(' ', "") != "from,to,percent" {
                    problems.push(problem(RateFileProblemKind::Header {
                        found: content.to_string(),
                    }));
                }
                continue;
            }
            let fields: Vec<&str> = content.split(',').map(str::trim).collect();
            if fields.len() != 3 {
                problems.push(problem(RateFileProblemKind::FieldCount {
                    found: fields.len(),
                }));
                continue;
            }
            let date = |value: &str| {
                NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
                    problem(RateFileProblemKind::Date {
                        value: value.to_string(),
                    })
                })
            };
            let percent = fields[2]
                .parse::<Decimal>()
                .ok()
                .filter(|p| *p >= Decimal::from(-20) && *p <= Decimal::ONE_HUNDRED)
                .ok_or_else(|| {
                    problem(RateFileProblemKind::Percent {
                        value: fields[2].to_string(),
                    })
                });
            let (from, to, percent) = match (date(fields[0]), date(fields[1]), percent) {
                (Ok(from), Ok(to), Ok(percent)) => (from, to, percent),
                (from, to, percent) => {
                    problems.extend([from.err(), to.err(), percent.err()].into_iter().flatten());
                    continue;
                }
            };
            if to < from {
                problems.push(problem(RateFileProblemKind::Reversed { from, to }));
                continue;
            }
            if let Some(previous) = periods.last() {
                let expected = previous.to + Days::new(1);
                if from != expected {
                    problems.push(problem(RateFileProblemKind::NotContiguous {
                        expected,
                        found: from,
                    }));
                }
            }
            periods.push(RatePeriod { from, to, percent });
        }
        if periods.is_empty() && problems.is_empty() {
            problems.push(RateFileProblem {
                line: last_line.max(1),
                kind: RateFileProblemKind::Empty,
            });
        }
        if problems.is_empty() {
            Ok(RateTable { source, periods })
        } else {
            Err(problems)
        }
    }

    /// The table shipped with CreditDesk, parsed once.
    pub fn shipped(source: RateSource) -> &'static RateTable {
        static TABLES: OnceLock<Vec<RateTable>> = OnceLock::new();
        let tables = TABLES.get_or_init(|| {
            RateSource::ALL
                .iter()
                .map(|s| {
                    RateTable::parse(*s, s.shipped_text()).expect("the shipped tables are valid")
                })
                .collect()
        });
        let index = RateSource::ALL
            .iter()
            .position(|s| *s == source)
            .expect("every source is in ALL");
        &tables[index]
    }

    pub fn source(&self) -> RateSource {
        self.source
    }

    pub fn periods(&self) -> &[RatePeriod] {
        &self.periods
    }

    /// The last day the table knows.
    pub fn known_until(&self) -> NaiveDate {
        self.periods.last().expect("at least one period").to
    }

    /// The period that holds `date`, or `None` before the first or after the last.
    pub fn period_on(&self, date: NaiveDate) -> Option<&RatePeriod> {
        let index = self.periods.partition_point(|p| p.to < date);
        self.periods.get(index).filter(|p| p.from <= date)
    }
}

/// The four tables statutory interest reads; each may be the shipped one or a user's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateTables {
    pub ecb: RateTable,
    pub bank_of_england: RateTable,
    pub german_base: RateTable,
    pub china_lpr: RateTable,
}

impl RateTables {
    pub fn shipped() -> RateTables {
        RateTables {
            ecb: RateTable::shipped(RateSource::EcbReference).clone(),
            bank_of_england: RateTable::shipped(RateSource::BankOfEnglandReference).clone(),
            german_base: RateTable::shipped(RateSource::GermanBaseRate).clone(),
            china_lpr: RateTable::shipped(RateSource::ChinaLoanPrimeRate).clone(),
        }
    }

    /// Replaces the table of the same source with `table`.
    pub fn with(mut self, table: RateTable) -> RateTables {
        let slot = match table.source {
            RateSource::EcbReference => &mut self.ecb,
            RateSource::BankOfEnglandReference => &mut self.bank_of_england,
            RateSource::GermanBaseRate => &mut self.german_base,
            RateSource::ChinaLoanPrimeRate => &mut self.china_lpr,
        };
        *slot = table;
        self
    }
}
