//! A data row with its header, and typed reading of its cells with problems collected.
//!
//! Layouts read cells by field name through [`Cells`]; every cell that does not fit becomes a
//! [`RowProblem`] naming the line, the header as the file writes it, the value and what is
//! accepted, and reading goes on so that one pass reports every bad cell of the row.

use std::collections::HashMap;

use chrono::NaiveDate;
use creditdesk_core::money::{Currency, Money, MoneyError};
use creditdesk_core::terms::PaymentTerms;
use rust_decimal::Decimal;

use crate::date::{DateError, DateFormat};
use crate::number::{currency_symbol, AmountError, NumberFormat};
use crate::problem::RowProblem;
use crate::profile::Column;
use crate::ImportOptions;

/// One data row: its physical line and its cells as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// The header row, bound to the layout's fields.
#[derive(Debug)]
pub(crate) struct Header {
    pub line: u64,
    pub names: Vec<String>,
    index: HashMap<&'static str, usize>,
}

/// A header cell as compared with a column name: trimmed, without a leading `*`, lower case.
pub(crate) fn normalize_header(cell: &str) -> String {
    let cell = cell.trim();
    cell.strip_prefix('*').unwrap_or(cell).trim().to_lowercase()
}

impl Header {
    /// Binds `cells` to `columns`, or `None` when a required column is missing. A cell that
    /// matches a name exactly wins over one that matches after normalizing, and among equals the
    /// first wins (Invoice Ninja's client export has two `Phone` columns).
    pub fn bind(line: u64, cells: &[String], columns: &[Column]) -> Option<Header> {
        let normalized: Vec<String> = cells.iter().map(|c| normalize_header(c)).collect();
        let mut index = HashMap::new();
        for column in columns {
            // An exact match first: QuickBooks has both `Item amount` and `*Item Amount`.
            let position = column.names.iter().find_map(|name| {
                let exact = cells.iter().position(|c| c.trim() == name.trim());
                exact.or_else(|| normalized.iter().position(|c| *c == normalize_header(name)))
            });
            match position {
                Some(position) => {
                    index.insert(column.field, position);
                }
                None if column.required => return None,
                None => {}
            }
        }
        Some(Header {
            line,
            names: cells.to_vec(),
            index,
        })
    }

    /// The header of `field` as the file writes it (the field name when the column is absent).
    pub fn name(&self, field: &str) -> String {
        match self.index.get(field) {
            Some(i) => self.names[*i].trim().to_string(),
            None => field.to_string(),
        }
    }

    /// The cell of `field` in `row`, untrimmed; empty when the column is absent.
    pub fn cell<'r>(&self, row: &'r Row, field: &str) -> &'r str {
        match self.position(field) {
            Some(i) => row.cells.get(i).map_or("", String::as_str),
            None => "",
        }
    }

    /// The header cells, trimmed, that no field of the layout is bound to, in file order; empty
    /// cells are left out.
    pub fn unread(&self) -> Vec<&str> {
        let read: Vec<usize> = self.index.values().copied().collect();
        self.names
            .iter()
            .enumerate()
            .filter(|(position, _)| !read.contains(position))
            .map(|(_, name)| name.trim())
            .filter(|name| !name.is_empty())
            .collect()
    }

    fn position(&self, field: &str) -> Option<usize> {
        self.index.get(field).copied()
    }
}

/// What every row of one import is read with.
pub(crate) struct Context {
    pub options: ImportOptions,
    pub numbers: NumberFormat,
    pub dates: DateFormat,
    /// The parsed `options.default_terms`, or net 30.
    pub default_terms: PaymentTerms,
}

/// The cells of one row, read by field with problems collected.
pub(crate) struct Cells<'a> {
    pub row: &'a Row,
    pub header: &'a Header,
    pub context: &'a Context,
    pub problems: Vec<RowProblem>,
}

impl<'a> Cells<'a> {
    pub fn new(row: &'a Row, header: &'a Header, context: &'a Context) -> Cells<'a> {
        Cells {
            row,
            header,
            context,
            problems: Vec::new(),
        }
    }

    /// The cell as written, untrimmed; empty when the column is absent.
    pub fn raw(&self, field: &str) -> &'a str {
        self.header.cell(self.row, field)
    }

    /// The trimmed cell, or `None` when it is empty or the column is absent.
    pub fn text(&self, field: &str) -> Option<&'a str> {
        Some(self.raw(field).trim()).filter(|t| !t.is_empty())
    }

    /// A problem about `field`; the cell's trimmed text is quoted unless `quote` is false.
    pub fn problem(&mut self, field: &str, quote: bool, message: impl Into<String>) {
        let value = quote.then(|| self.raw(field).trim().to_string());
        let problem = RowProblem {
            line: self.row.line,
            column: Some(self.header.name(field)),
            value,
            message: message.into(),
        };
        self.problems.push(problem);
    }

    /// A problem about the whole row rather than one cell.
    pub fn row_problem(&mut self, message: impl Into<String>) {
        let problem = RowProblem {
            line: self.row.line,
            column: None,
            value: None,
            message: message.into(),
        };
        self.problems.push(problem);
    }

    /// A warning-shaped problem about `field`, for the caller to report as a warning.
    pub fn note(&self, field: &str, quote: bool, message: impl Into<String>) -> RowProblem {
        RowProblem {
            line: self.row.line,
            column: Some(self.header.name(field)),
            value: quote.then(|| self.raw(field).trim().to_string()),
            message: message.into(),
        }
    }

    fn empty(&mut self, field: &str, what: &str) {
        let message = format!(
            "the cell is empty, but {what} is required here; fill it in or remove the row."
        );
        self.problem(field, false, message);
    }

    /// The trimmed cell; a problem naming `what` (e.g. "an invoice number") when it is empty.
    pub fn required(&mut self, field: &str, what: &str) -> Option<&'a str> {
        let text = self.text(field);
        if text.is_none() {
            self.empty(field, what);
        }
        text
    }

    /// The date in the cell; `None` without a problem when the cell is empty.
    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let text = self.text(field)?;
        match self.context.dates.parse(text) {
            Ok(date) => Some(date),
            Err(DateError::NoSuchDay) => {
                let message = "is not a calendar date (that day does not exist); correct the date.";
                self.problem(field, true, message);
                None
            }
            Err(DateError::Pattern | DateError::Empty) => {
                let message = self.context.dates.pattern_message();
                self.problem(field, true, message);
                None
            }
        }
    }

    pub fn required_date(&mut self, field: &str) -> Option<NaiveDate> {
        if self.text(field).is_none() {
            self.empty(field, "a date");
            return None;
        }
        self.date(field)
    }

    /// The number in the cell in the profile's format, with the currency symbol it is written
    /// with; `None` without a problem when empty.
    fn decimal(&mut self, field: &str) -> Option<(Decimal, Option<char>)> {
        let text = self.text(field)?;
        match self.context.numbers.parse_with_symbol(text) {
            Ok(read) => Some(read),
            Err(AmountError::TooLarge) => {
                self.problem(field, true, "is too large to be an amount; correct it.");
                None
            }
            Err(AmountError::Pattern | AmountError::Empty) => {
                let message = self.context.numbers.pattern_message();
                self.problem(field, true, message);
                None
            }
        }
    }

    /// The amount in the cell, which must fit `currency`'s minor unit exactly and be written
    /// with no currency symbol or with `currency`'s own; `None` without a problem when the cell
    /// is empty.
    pub fn amount(&mut self, field: &str, currency: Currency) -> Option<Money> {
        let (value, symbol) = self.decimal(field)?;
        // Most cells carry no symbol; only those that do look up the currency's.
        let foreign = symbol.map(|s| (s, currency_symbol(currency)));
        if let Some((symbol, own)) = foreign.filter(|(s, own)| Some(*s) != *own) {
            let message = match own {
                Some(own) => format!(
                    "has the symbol {symbol}, but the amount is in {currency}, which is written \
                     with {own}; write it with {own} or without a symbol, or set the currency \
                     the amount is in."
                ),
                None => format!(
                    "has the symbol {symbol}, but the amount is in {currency}, which has none of \
                     the symbols $, €, £, ¥; write it without a symbol, or set the currency the \
                     amount is in."
                ),
            };
            self.problem(field, true, message);
            return None;
        }
        self.exact(field, value, currency)
    }

    pub fn required_amount(&mut self, field: &str, currency: Currency) -> Option<Money> {
        if self.text(field).is_none() {
            self.empty(field, "an amount");
            return None;
        }
        self.amount(field, currency)
    }

    /// `value` as money of `currency`, or a problem about `field` when it has more decimals than
    /// the currency's minor unit or more minor units than the book holds ([`Money::MAX_MINOR`]).
    pub fn exact(&mut self, field: &str, value: Decimal, currency: Currency) -> Option<Money> {
        match Money::exact(value, currency) {
            // The bound is checked here, on the amount's own column, rather than left to the
            // terms that split the amount later and would name the invoice date instead.
            Ok(money) => match money.to_minor() {
                Ok(_) => Some(money),
                Err(err) => {
                    self.problem(field, false, format!("{err} Correct the amount."));
                    None
                }
            },
            Err(MoneyError::TooPrecise { digits, .. }) => {
                let message = format!(
                    "has more decimal places than {currency} allows ({digits}); correct the \
                     amount or the currency."
                );
                self.problem(field, true, message);
                None
            }
            Err(_) => {
                self.problem(field, true, "is too large to be an amount; correct it.");
                None
            }
        }
    }

    /// The currency code in the cell, or the import's default currency when the cell is empty
    /// or the column is absent.
    pub fn currency(&mut self, field: &str) -> Option<Currency> {
        let default = self.context.options.default_currency;
        let Some(text) = self.text(field) else {
            return Some(default);
        };
        match Currency::from_code(text) {
            Ok(currency) => Some(currency),
            Err(_) => {
                let message = format!(
                    "is not a currency code; use a three-letter ISO 4217 code such as EUR, USD \
                     or CNY, or leave the cell empty for the import's default currency \
                     {default}."
                );
                self.problem(field, true, message);
                None
            }
        }
    }

    /// A yes/no cell: yes, no, true, false, 1, 0 in any case; empty means no.
    pub fn flag(&mut self, field: &str) -> Option<bool> {
        let Some(text) = self.text(field) else {
            return Some(false);
        };
        match text.to_ascii_lowercase().as_str() {
            "yes" | "true" | "1" => Some(true),
            "no" | "false" | "0" => Some(false),
            _ => {
                let message = "is not a yes/no value; write yes, no, true, false, 1 or 0, or \
                               leave the cell empty for no.";
                self.problem(field, true, message);
                None
            }
        }
    }
}
