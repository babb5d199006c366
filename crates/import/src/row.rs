//! A data row with its header, and typed reading of its cells with problems collected.
//!
//! Layouts read cells by field name through [`Cells`]; every cell that does not fit becomes a
//! [`RowProblem`] naming the line, the header as the file writes it, the value and what is
//! accepted, and reading goes on so that one pass reports every bad cell of the row.

use std::cell::RefCell;

use chrono::NaiveDate;
use creditdesk_core::money::{Currency, Money, MoneyError};
use creditdesk_core::say;
use creditdesk_core::terms::{PaymentTerms, TermsError};
use creditdesk_core::text::Word;
use rust_decimal::Decimal;

use crate::date::{DateError, DateFormat};
use crate::number::{currency_symbol, AmountError, NumberFormat};
use crate::problem::RowProblem;
use crate::profile::Column;
use crate::words::required;
use crate::ImportOptions;

/// One data row: its physical line and its cells as text.
///
/// The cells stay in the CSV parser's record, one buffer for the whole row, so that reading a
/// row allocates nothing once the reader has a few records to reuse.
///
/// Invariant: the record holds the cells as [`crate::reader::cells_of`] gives them, without
/// the `\r` that ends the last cell in a CRLF file.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub line: u64,
    record: csv::StringRecord,
}

impl Row {
    /// A row of `record`, whose last cell's ending `\r`, if any, is dropped; `room` holds the
    /// cell meanwhile.
    pub fn new(line: u64, mut record: csv::StringRecord, room: &mut String) -> Row {
        let last = record.len().checked_sub(1);
        if let Some(cell) = last.and_then(|last| record.get(last)) {
            if let Some(cell) = cell.strip_suffix('\r') {
                room.clear();
                room.push_str(cell);
                record.truncate(record.len() - 1);
                record.push_field(room);
            }
        }
        Row { line, record }
    }

    /// The record, for the reader to read a later row into.
    pub fn into_record(self) -> csv::StringRecord {
        self.record
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// The cell at `position`, untrimmed, or `None` past the last cell.
    pub fn cell(&self, position: usize) -> Option<&str> {
        self.record.get(position)
    }

    /// The cells in file order, untrimmed.
    pub fn cells(&self) -> csv::StringRecordIter<'_> {
        self.record.iter()
    }

    /// Whether both rows have the same cells, every one of them the same text.
    pub fn same_cells(&self, other: &Row) -> bool {
        self.record == other.record
    }

    /// The text of every cell in one slice, the cells' lengths saying where each ends.
    pub fn text(&self) -> &str {
        self.record.as_slice()
    }
}

/// The header row, bound to the layout's fields.
///
/// Invariant: `fields` holds each bound field once, with its position in `names`; a slot of
/// `slots` holds [`NO_FIELD`] or the index in `fields` of a field whose name's address falls in
/// it.
#[derive(Debug)]
pub(crate) struct Header {
    pub line: u64,
    pub names: Vec<String>,
    fields: Vec<(&'static str, usize)>,
    /// Where a field is looked for first, by the address of its name. Fields are the layouts'
    /// string constants, which usually have one address each, so one look finds most of them
    /// without hashing or comparing their text; every cell read looks one up.
    slots: [u8; SLOTS],
}

/// The number of slots of [`Header::slots`]: a power of two, a few times the most fields a
/// layout has.
const SLOTS: usize = 64;

/// A slot without a field.
const NO_FIELD: u8 = u8::MAX;

/// The slot of the address of `field`: the top bits of the address times an odd constant
/// (Fibonacci hashing), which spreads nearby addresses over all slots.
fn slot(field: &str) -> usize {
    let address = field.as_ptr() as usize as u64;
    (address.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SLOTS.trailing_zeros())) as usize
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
    pub fn bind<S: AsRef<str>>(line: u64, cells: &[S], columns: &[Column]) -> Option<Header> {
        let cells: Vec<&str> = cells.iter().map(AsRef::as_ref).collect();
        let normalized: Vec<String> = cells.iter().map(|c| normalize_header(c)).collect();
        let mut fields: Vec<(&'static str, usize)> = Vec::new();
        for column in columns {
            // An exact match first: QuickBooks has both `Item amount` and `*Item Amount`.
            let position = column.names.iter().find_map(|name| {
                let exact = cells.iter().position(|c| c.trim() == name.trim());
                exact.or_else(|| normalized.iter().position(|c| *c == normalize_header(name)))
            });
            match position {
                Some(position) => match fields.iter_mut().find(|(f, _)| *f == column.field) {
                    // A field named twice is bound to its last column, as a map would keep it.
                    Some(bound) => bound.1 = position,
                    None => fields.push((column.field, position)),
                },
                None if column.required => return None,
                None => {}
            }
        }
        let mut slots = [NO_FIELD; SLOTS];
        for (index, (field, _)) in fields.iter().enumerate() {
            let slot = &mut slots[slot(field)];
            // A field whose slot is taken is found by the scan after the slot.
            if *slot == NO_FIELD {
                *slot = u8::try_from(index).unwrap_or(NO_FIELD);
            }
        }
        Some(Header {
            line,
            names: cells.iter().map(|c| c.to_string()).collect(),
            fields,
            slots,
        })
    }

    /// The header of `field` as the file writes it (the field name when the column is absent).
    pub fn name(&self, field: &str) -> String {
        match self.position(field) {
            Some(i) => self.names[i].trim().to_string(),
            None => field.to_string(),
        }
    }

    /// The cell of `field` in `row`, untrimmed; empty when the column is absent.
    pub fn cell<'r>(&self, row: &'r Row, field: &str) -> &'r str {
        match self.position(field) {
            Some(i) => row.cell(i).unwrap_or(""),
            None => "",
        }
    }

    /// The header cells, trimmed, that no field of the layout is bound to, in file order; empty
    /// cells are left out.
    pub fn unread(&self) -> Vec<&str> {
        self.names
            .iter()
            .enumerate()
            .filter(|(position, _)| !self.fields.iter().any(|(_, p)| p == position))
            .map(|(_, name)| name.trim())
            .filter(|name| !name.is_empty())
            .collect()
    }

    fn position(&self, field: &str) -> Option<usize> {
        let first = self.fields.get(usize::from(self.slots[slot(field)]));
        if let Some((_, position)) = first.filter(|(f, _)| std::ptr::eq(*f, field)) {
            return Some(*position);
        }
        let bound = self.fields.iter().find(|(f, _)| *f == field);
        bound.map(|(_, position)| *position)
    }
}

/// `text` without the whitespace around it, as [`str::trim`] gives it. An empty cell, or one
/// that starts and ends with a printable ASCII character, as nearly every cell does, is
/// returned as it is without decoding the characters of its ends.
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (None, _) => text,
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// What every row of one import is read with.
pub(crate) struct Context {
    pub options: ImportOptions,
    pub numbers: NumberFormat,
    pub dates: DateFormat,
    /// The parsed `options.default_terms`, or net 30.
    pub default_terms: PaymentTerms,
    /// Currencies read so far by their codes, at most [`KEPT`]: a file has a handful.
    pub currencies_read: RefCell<Vec<([u8; 3], Currency)>>,
    /// Terms texts read so far with their terms, at most [`KEPT`]: the invoices of one export
    /// use a handful of terms, and each is parsed once.
    pub terms_read: RefCell<Vec<(String, PaymentTerms)>>,
}

/// The most terms texts or currencies a [`Context`] keeps.
const KEPT: usize = 32;

impl Context {
    /// The currency whose code is `text`, or `None` when [`Currency::from_code`] refuses it.
    pub fn currency(&self, text: &str) -> Option<Currency> {
        // Only a text of three bytes can be a code.
        let code = <[u8; 3]>::try_from(text.as_bytes()).ok();
        let mut read = self.currencies_read.borrow_mut();
        let known = code.and_then(|code| read.iter().find(|(known, _)| *known == code));
        if let Some((_, currency)) = known {
            return Some(*currency);
        }
        let currency = Currency::from_code(text).ok()?;
        if let Some(code) = code.filter(|_| read.len() < KEPT) {
            read.push((code, currency));
        }
        Some(currency)
    }

    /// `text` read as payment terms, as [`PaymentTerms::parse`] reads it.
    pub fn terms(&self, text: &str) -> Result<PaymentTerms, TermsError> {
        let mut read = self.terms_read.borrow_mut();
        if let Some((_, terms)) = read.iter().find(|(known, _)| known == text) {
            return Ok(terms.clone());
        }
        let terms = PaymentTerms::parse(text)?;
        if read.len() < KEPT {
            read.push((text.to_string(), terms.clone()));
        }
        Ok(terms)
    }
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
        Some(trim(self.raw(field))).filter(|t| !t.is_empty())
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

    fn empty(&mut self, field: &str, what: Word) {
        let message = say!(
            en: "the cell is empty, but {what} is required here; fill it in or remove the row.",
            zh: "单元格为空，但此处必须填写{what}；请填写，或删除该行。",
        );
        self.problem(field, false, message);
    }

    /// The trimmed cell; a problem naming `what` (such as `required::INVOICE_NUMBER`) when it is
    /// empty.
    pub fn required(&mut self, field: &str, what: Word) -> Option<&'a str> {
        let text = self.text(field);
        if text.is_none() {
            self.empty(field, what);
        }
        text
    }

    /// The date in the cell; `None` without a problem when the cell is empty.
    pub fn date(&mut self, field: &str) -> Option<NaiveDate> {
        let text = self.text(field)?;
        self.date_in(field, text)
    }

    pub fn required_date(&mut self, field: &str) -> Option<NaiveDate> {
        let Some(text) = self.text(field) else {
            self.empty(field, required::DATE);
            return None;
        };
        self.date_in(field, text)
    }

    /// The date `text`, the trimmed cell of `field`.
    fn date_in(&mut self, field: &str, text: &str) -> Option<NaiveDate> {
        match self.context.dates.parse(text) {
            Ok(date) => Some(date),
            Err(DateError::NoSuchDay) => {
                let message = self.context.dates.no_such_day_message();
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

    /// The number `text`, the trimmed cell of `field`, in the profile's format, with the currency
    /// symbol it is written with.
    fn decimal(&mut self, field: &str, text: &str) -> Option<(Decimal, Option<char>)> {
        match self.context.numbers.parse_with_symbol(text) {
            Ok(read) => Some(read),
            Err(AmountError::TooLarge) => {
                self.problem(field, true, too_large());
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
        let text = self.text(field)?;
        self.amount_in(field, text, currency)
    }

    pub fn required_amount(&mut self, field: &str, currency: Currency) -> Option<Money> {
        let Some(text) = self.text(field) else {
            self.empty(field, required::AMOUNT);
            return None;
        };
        self.amount_in(field, text, currency)
    }

    /// The amount `text`, the trimmed cell of `field`, as [`Cells::amount`] reads it.
    fn amount_in(&mut self, field: &str, text: &str, currency: Currency) -> Option<Money> {
        let (value, symbol) = self.decimal(field, text)?;
        // Most cells carry no symbol; only those that do look up the currency's.
        let foreign = symbol.map(|s| (s, currency_symbol(currency)));
        if let Some((symbol, own)) = foreign.filter(|(s, own)| Some(*s) != *own) {
            let message = match own {
                Some(own) => say!(
                    en: "has the symbol {symbol}, but the amount is in {currency}, which is \
                         written with {own}; write it with {own} or without a symbol, or set the \
                         currency the amount is in.",
                    zh: "带有符号 {symbol}，但该金额以 {currency} 计价，{currency} 的符号是 \
                         {own}；请改用 {own} 或去掉符号，或设置该金额实际所用的币种。",
                ),
                None => say!(
                    en: "has the symbol {symbol}, but the amount is in {currency}, which has none \
                         of the symbols $, €, £, ¥; write it without a symbol, or set the \
                         currency the amount is in.",
                    zh: "带有符号 {symbol}，但该金额以 {currency} 计价，{currency} 不使用 $、€、£、¥ \
                         中的任何符号；请去掉符号，或设置该金额实际所用的币种。",
                ),
            };
            self.problem(field, true, message);
            return None;
        }
        self.exact(field, value, currency)
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
                    let message = say!(
                        en: "{err} Correct the amount.",
                        zh: "{err}请更正金额。",
                    );
                    self.problem(field, false, message);
                    None
                }
            },
            Err(MoneyError::TooPrecise { digits, .. }) => {
                let message = say!(
                    en: "has more decimal places than {currency} allows ({digits}); correct the \
                         amount or the currency.",
                    zh: "小数位数超过了 {currency} 允许的 {digits} 位；请更正金额或币种。",
                );
                self.problem(field, true, message);
                None
            }
            Err(_) => {
                self.problem(field, true, too_large());
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
        match self.context.currency(text) {
            Some(currency) => Some(currency),
            None => {
                let message = say!(
                    en: "is not a currency code; use a three-letter ISO 4217 code such as EUR, \
                         USD or CNY, or leave the cell empty for the import's default currency \
                         {default}.",
                    zh: "不是货币代码；请使用三个字母的 ISO 4217 货币代码，例如 EUR、USD 或 CNY；\
                         或将单元格留空，使用本次导入的默认币种 {default}。",
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
        let any_of = |words: [&str; 3]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
        if any_of(["yes", "true", "1"]) {
            return Some(true);
        }
        if any_of(["no", "false", "0"]) {
            return Some(false);
        }
        let message = say!(
            en: "is not a yes/no value; write yes, no, true, false, 1 or 0, or leave the cell \
                 empty for no.",
            zh: "不是“是/否”值；请填写 yes、no、true、false、1 或 0，留空表示否。",
        );
        self.problem(field, true, message);
        None
    }
}

/// The message for a number too large to be an amount.
fn too_large() -> String {
    say!(
        en: "is too large to be an amount; correct it.",
        zh: "数值过大，不能作为金额；请更正。",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use csv::StringRecord;
    use proptest::prelude::*;

    fn columns(fields: &[&'static str]) -> Vec<Column> {
        let column = |field: &&'static str| Column {
            field,
            names: vec![field.to_string()],
            required: false,
        };
        fields.iter().map(column).collect()
    }

    fn row(cells: &[&str]) -> Row {
        Row::new(2, StringRecord::from(cells.to_vec()), &mut String::new())
    }

    #[test]
    fn a_field_is_found_by_a_copy_of_its_name_as_by_the_name_itself() {
        let fields = ["number", "date", "amount", "invoice"];
        let header = Header::bind(1, &["number", "date", "amount"], &columns(&fields)).unwrap();
        let row = row(&["A-1", "2024-01-05", "10.00"]);
        let copy = String::from("amount");
        assert_eq!(header.cell(&row, "amount"), "10.00");
        assert_eq!(header.cell(&row, &copy), "10.00");
        assert_eq!(header.name(&copy), "amount");
        assert_eq!(
            header.cell(&row, "invoice"),
            "",
            "the file has no such column"
        );
        assert_eq!(header.name("invoice"), "invoice");
    }

    #[test]
    fn every_column_of_a_wide_export_is_found_even_where_two_share_a_slot() {
        let names: Vec<&'static str> = (0..300)
            .map(|i| &*Box::leak(format!("Column {i}").into_boxed_str()))
            .collect();
        let header = Header::bind(1, &names, &columns(&names)).unwrap();
        let cells: Vec<String> = (0..300).map(|i| format!("cell {i}")).collect();
        let row = Row::new(2, StringRecord::from(cells.clone()), &mut String::new());
        for (name, cell) in names.iter().zip(&cells) {
            let copy = String::from(*name);
            assert_eq!(header.cell(&row, name), cell);
            assert_eq!(header.cell(&row, &copy), cell);
        }
        assert!(header.unread().is_empty());
    }

    #[test]
    fn the_carriage_return_that_ends_a_crlf_row_is_no_part_of_its_last_cell() {
        let record = StringRecord::from(vec!["A-1", "x\r", "10.00\r"]);
        let crlf = Row::new(2, record.clone(), &mut String::new());
        assert_eq!(
            crlf.cells().collect::<Vec<_>>(),
            crate::reader::cells_of(&record)
        );
        assert_eq!(crlf.cells().collect::<Vec<_>>(), ["A-1", "x\r", "10.00"]);
        assert!(crlf.same_cells(&row(&["A-1", "x\r", "10.00"])));
        assert!(!crlf.same_cells(&row(&["A-1", "x", "10.00"])));
        assert_eq!(crlf.text(), "A-1x\r10.00");
    }

    #[test]
    fn terms_and_currencies_read_again_are_what_they_were_the_first_time() {
        let context = Context {
            options: ImportOptions::new(Currency::from_code("EUR").unwrap()),
            numbers: NumberFormat {
                decimal_mark: '.',
                grouping_mark: None,
            },
            dates: DateFormat::Iso,
            default_terms: PaymentTerms::net(30),
            currencies_read: RefCell::default(),
            terms_read: RefCell::default(),
        };
        for _ in 0..2 {
            for text in ["2/10 net 30", "eom +1 month", "net thirty", ""] {
                assert_eq!(context.terms(text), PaymentTerms::parse(text), "{text:?}");
            }
            for code in ["EUR", "GBP", "eur", "EURO", "XXY", "€"] {
                assert_eq!(
                    context.currency(code),
                    Currency::from_code(code).ok(),
                    "{code}"
                );
            }
        }
        for days in 1..=3 * KEPT {
            let text = format!("net {days}");
            assert_eq!(context.terms(&text), PaymentTerms::parse(&text));
        }
        assert_eq!(context.terms_read.borrow().len(), KEPT);
    }

    proptest! {
        #[test]
        fn a_cell_is_trimmed_as_the_standard_library_trims_it(
            cell in "[ a-z\t\r\n\u{a0}\u{3000}\u{2028}éß,.*-]{0,8}",
        ) {
            prop_assert_eq!(trim(&cell), cell.trim());
        }
    }
}
