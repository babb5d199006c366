//! Import profiles: how one accounting system writes its export, and which layout reads it.
//!
//! A profile fixes everything that would otherwise be guessed: the delimiter, the decimal and
//! grouping marks, the date format, the text encoding, how far down the header may be, and which
//! mapping turns the rows into ledger records. The builtin profiles cover the exports described
//! in LAYOUTS.md; a user can save a custom one as JSON, for example:
//!
//! ```json
//! {"name": "generic-de", "delimiter": ";", "decimal_mark": ",", "grouping_mark": ".",
//!  "date_format": "DD.MM.YYYY", "encoding": "utf-8", "header_search_rows": 20,
//!  "layout": "generic", "columns": {"number": "Rechnungsnummer"}}
//! ```

use std::collections::BTreeMap;

use creditdesk_core::say;
use serde::{Deserialize, Serialize};

use crate::date::DateFormat;
use crate::layouts;
use crate::number::NumberFormat;
use crate::problem::ProfileError;

/// How many rows the header may be preceded by, unless a profile says otherwise.
pub const DEFAULT_HEADER_SEARCH_ROWS: u32 = 20;

/// The text encoding of a file. JSON: `"utf-8"` or `"gb18030"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TextEncoding {
    /// UTF-8; a byte order mark at the start is skipped.
    #[serde(rename = "utf-8")]
    Utf8,
    /// GB18030 (a superset of GBK and GB2312), as Chinese accounting systems export.
    #[serde(rename = "gb18030")]
    Gb18030,
}

impl TextEncoding {
    pub fn label(&self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gb18030 => "GB18030",
        }
    }
}

/// Which mapping turns a file's rows into records. Each is described in LAYOUTS.md; the JSON
/// name is the one shown on each variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Layout {
    /// Columns by canonical name (or as renamed by the profile's column map).
    #[serde(rename = "generic")]
    Generic,
    #[serde(rename = "ibm-late-payment")]
    IbmLatePayment,
    /// Xero: Sales > Invoices export.
    #[serde(rename = "xero")]
    Xero,
    /// QuickBooks Online invoice list.
    #[serde(rename = "quickbooks-online")]
    QuickbooksOnline,
    #[serde(rename = "zoho-invoice")]
    ZohoInvoice,
    #[serde(rename = "zoho-contacts")]
    ZohoContacts,
    #[serde(rename = "freshbooks")]
    Freshbooks,
    #[serde(rename = "freshbooks-clients")]
    FreshbooksClients,
    #[serde(rename = "invoiceninja-v4")]
    InvoiceNinjaV4,
    #[serde(rename = "invoiceninja-v4-payments")]
    InvoiceNinjaV4Payments,
    #[serde(rename = "invoiceninja-v4-clients")]
    InvoiceNinjaV4Clients,
}

impl Layout {
    /// The name a profile's JSON gives the layout (`generic`, `xero`...).
    pub fn name(&self) -> &'static str {
        match self {
            Layout::Generic => "generic",
            Layout::IbmLatePayment => "ibm-late-payment",
            Layout::Xero => "xero",
            Layout::QuickbooksOnline => "quickbooks-online",
            Layout::ZohoInvoice => "zoho-invoice",
            Layout::ZohoContacts => "zoho-contacts",
            Layout::Freshbooks => "freshbooks",
            Layout::FreshbooksClients => "freshbooks-clients",
            Layout::InvoiceNinjaV4 => "invoiceninja-v4",
            Layout::InvoiceNinjaV4Payments => "invoiceninja-v4-payments",
            Layout::InvoiceNinjaV4Clients => "invoiceninja-v4-clients",
        }
    }
}

/// One import profile.
///
/// Header detection: the header is the first row, among the first `header_search_rows` rows,
/// whose cells include every required column of the layout (see [`Profile::expected_columns`]).
/// Header cells are compared trimmed, without a leading `*` (the "required" marker of the Xero
/// and QuickBooks templates) and ignoring case. Rows before the header are a preamble and are
/// not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    /// The cell separator, one ASCII character; written as text in JSON (`";"`).
    #[serde(with = "delimiter_text")]
    pub delimiter: u8,
    pub decimal_mark: char,
    pub grouping_mark: Option<char>,
    pub date_format: DateFormat,
    pub encoding: TextEncoding,
    #[serde(default = "default_header_search_rows")]
    pub header_search_rows: u32,
    pub layout: Layout,
    /// Field -> the header the file uses for it. Fields not named here are found under their
    /// own header: for the generic layout its canonical name or an alias, for the others the
    /// export's header (LAYOUTS.md).
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

fn default_header_search_rows() -> u32 {
    DEFAULT_HEADER_SEARCH_ROWS
}

/// A column a layout reads: its field name inside the layout, the header names that stand for
/// it (the first is the one shown to users), and whether the header row must have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub field: &'static str,
    pub names: Vec<String>,
    pub required: bool,
}

impl Profile {
    pub fn number_format(&self) -> NumberFormat {
        NumberFormat {
            decimal_mark: self.decimal_mark,
            grouping_mark: self.grouping_mark,
        }
    }

    /// The columns the layout reads, with the names the header may give them.
    pub fn expected_columns(&self) -> Vec<Column> {
        layouts::columns(self.layout, &self.columns)
    }

    /// The header names of the required columns, as shown in a missing-header message.
    pub fn required_columns(&self) -> Vec<String> {
        self.expected_columns()
            .into_iter()
            .filter(|c| c.required)
            .map(|c| c.names[0].clone())
            .collect()
    }

    /// Refuses settings that would make cells ambiguous: a delimiter that is not one ASCII
    /// character, equal decimal and grouping marks, a mark that can be part of a number, or a
    /// column map naming a field the generic layout does not have.
    pub fn check(&self) -> Result<(), ProfileError> {
        let profile = self.name.clone();
        let invalid = |reason: String| {
            Err(ProfileError {
                profile: profile.clone(),
                reason,
            })
        };
        if !self.delimiter.is_ascii() || self.delimiter.is_ascii_alphanumeric() {
            let byte = self.delimiter;
            return invalid(say!(
                en: "its delimiter (byte {byte}) is not an ASCII punctuation character; use a \
                     comma, a semicolon, a tab or another ASCII sign",
                zh: "其分隔符（字节 {byte}）不是 ASCII 标点符号；请使用逗号、分号、制表符或其他 \
                     ASCII 符号",
            ));
        }
        // A mark equal to the delimiter is fine: such cells are quoted ("1,234.56").
        let reserved = |mark: char| mark.is_ascii_digit() || "-()$€£¥".contains(mark);
        if reserved(self.decimal_mark) {
            let mark = self.decimal_mark;
            return invalid(say!(
                en: "its decimal mark \"{mark}\" is a digit, a sign or a currency symbol; use \
                     \".\" or \",\"",
                zh: "其小数点“{mark}”是数字、正负号或货币符号；请使用“.”或“,”",
            ));
        }
        if let Some(mark) = self.grouping_mark {
            if mark == self.decimal_mark || reserved(mark) {
                return invalid(say!(
                    en: "its grouping mark \"{mark}\" is the decimal mark, a digit, a sign or a \
                         currency symbol; use another character or none",
                    zh: "其千位分隔符“{mark}”与小数点相同，或是数字、正负号或货币符号；请改用其他\
                         字符，或不使用千位分隔符",
                ));
            }
        }
        if self.header_search_rows == 0 {
            return invalid(say!(
                en: "it searches 0 rows for the header; give at least 1",
                zh: "其表头查找行数为 0；请至少设为 1",
            ));
        }
        let known: Vec<&str> = match self.layout {
            Layout::Generic => layouts::generic::FIELDS.to_vec(),
            layout => layouts::columns(layout, &BTreeMap::new())
                .iter()
                .map(|c| c.field)
                .collect(),
        };
        if let Some(unknown) = self.columns.keys().find(|k| !known.contains(&k.as_str())) {
            let (known, layout) = (known.join(", "), self.layout.name());
            return invalid(say!(
                en: "its column map names the field \"{unknown}\", which the {layout} layout \
                     does not have; use {known}",
                zh: "其列映射指定了字段“{unknown}”，但 {layout} 布局没有该字段；请使用以下字段\
                     之一：{known}",
            ));
        }
        Ok(())
    }
}

/// Names of the builtin profiles, in the order [`crate::detect`] tries them.
pub fn builtin_names() -> &'static [&'static str] {
    &[
        "ibm-late-payment",
        "xero",
        "quickbooks-online",
        "zoho-invoice",
        "zoho-contacts",
        "freshbooks",
        "freshbooks-clients",
        "invoiceninja-v4",
        "invoiceninja-v4-payments",
        "invoiceninja-v4-clients",
        "generic",
        "generic-de",
        "generic-gb18030",
    ]
}

/// A builtin profile by name, or `None` for a name not in [`builtin_names`].
pub fn builtin(name: &str) -> Option<Profile> {
    use DateFormat::*;
    let (delimiter, decimal, grouping, date, encoding, layout) = match name {
        "generic" => (b',', '.', None, Iso, TextEncoding::Utf8, Layout::Generic),
        "generic-de" => (
            b';',
            ',',
            Some('.'),
            DayMonthYearDotted,
            TextEncoding::Utf8,
            Layout::Generic,
        ),
        "generic-gb18030" => (b',', '.', None, Iso, TextEncoding::Gb18030, Layout::Generic),
        "ibm-late-payment" => (
            b',',
            '.',
            None,
            MonthDayYear,
            TextEncoding::Utf8,
            Layout::IbmLatePayment,
        ),
        "xero" => (
            b',',
            '.',
            None,
            DayMonthYear,
            TextEncoding::Utf8,
            Layout::Xero,
        ),
        "quickbooks-online" => (
            b',',
            '.',
            Some(','),
            MonthDayYear,
            TextEncoding::Utf8,
            Layout::QuickbooksOnline,
        ),
        "zoho-invoice" => (
            b',',
            '.',
            None,
            Iso,
            TextEncoding::Utf8,
            Layout::ZohoInvoice,
        ),
        "zoho-contacts" => (
            b',',
            '.',
            None,
            Iso,
            TextEncoding::Utf8,
            Layout::ZohoContacts,
        ),
        "freshbooks" => (b',', '.', None, Iso, TextEncoding::Utf8, Layout::Freshbooks),
        "freshbooks-clients" => (
            b',',
            '.',
            None,
            Iso,
            TextEncoding::Utf8,
            Layout::FreshbooksClients,
        ),
        "invoiceninja-v4" => (
            b',',
            '.',
            Some(','),
            Iso,
            TextEncoding::Utf8,
            Layout::InvoiceNinjaV4,
        ),
        "invoiceninja-v4-payments" => (
            b',',
            '.',
            Some(','),
            MonthDayYear,
            TextEncoding::Utf8,
            Layout::InvoiceNinjaV4Payments,
        ),
        "invoiceninja-v4-clients" => (
            b',',
            '.',
            Some(','),
            Iso,
            TextEncoding::Utf8,
            Layout::InvoiceNinjaV4Clients,
        ),
        _ => return None,
    };
    Some(Profile {
        name: name.to_string(),
        delimiter,
        decimal_mark: decimal,
        grouping_mark: grouping,
        date_format: date,
        encoding,
        header_search_rows: DEFAULT_HEADER_SEARCH_ROWS,
        layout,
        columns: BTreeMap::new(),
    })
}

/// The delimiter as a one-character string in JSON, so that a saved profile reads `";"`
/// rather than `59`.
mod delimiter_text {
    use creditdesk_core::say;
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(delimiter: &u8, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&char::from(*delimiter).to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_bytes() {
            [byte] if byte.is_ascii() => Ok(*byte),
            _ => Err(D::Error::custom(say!(
                en: "the delimiter \"{text}\" is not one ASCII character; use \",\", \";\" or \"\\t\"",
                zh: "分隔符“{text}”不是单个 ASCII 字符；请使用“,”、“;”或“\\t”",
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_name_gives_a_valid_profile_of_that_name() {
        for name in builtin_names() {
            let profile = builtin(name).unwrap();
            assert_eq!(profile.name, *name);
            assert_eq!(profile.check(), Ok(()), "{name}");
            assert!(!profile.required_columns().is_empty(), "{name}");
        }
        assert_eq!(builtin("sage"), None);
    }

    #[test]
    fn a_profile_with_equal_marks_is_refused() {
        let mut profile = builtin("generic-de").unwrap();
        profile.grouping_mark = Some(',');
        assert_eq!(
            profile.check().unwrap_err().to_string(),
            "The profile \"generic-de\" cannot be used: its grouping mark \",\" is the decimal \
             mark, a digit, a sign or a currency symbol; use another character or none."
        );
    }

    #[test]
    fn a_column_map_naming_an_unknown_field_is_refused() {
        let mut profile = builtin("generic").unwrap();
        profile
            .columns
            .insert("nummer".into(), "Rechnungsnummer".into());
        assert_eq!(
            profile.check().unwrap_err().to_string(),
            "The profile \"generic\" cannot be used: its column map names the field \"nummer\", \
             which the generic layout does not have; use record, customer_ref, customer_name, \
             number, date, due_date, terms, amount, currency, invoice, disputed, country, email, \
             channel."
        );
    }

    #[test]
    fn marks_that_belong_to_numbers_and_odd_delimiters_are_refused() {
        let mut profile = builtin("generic").unwrap();
        profile.decimal_mark = '-';
        assert_eq!(
            profile.check().unwrap_err().to_string(),
            "The profile \"generic\" cannot be used: its decimal mark \"-\" is a digit, a sign or \
             a currency symbol; use \".\" or \",\"."
        );
        let mut profile = builtin("generic").unwrap();
        profile.delimiter = b'x';
        assert_eq!(
            profile.check().unwrap_err().to_string(),
            "The profile \"generic\" cannot be used: its delimiter (byte 120) is not an ASCII \
             punctuation character; use a comma, a semicolon, a tab or another ASCII sign."
        );
        let mut profile = builtin("generic").unwrap();
        profile.header_search_rows = 0;
        assert_eq!(
            profile.check().unwrap_err().to_string(),
            "The profile \"generic\" cannot be used: it searches 0 rows for the header; give at \
             least 1."
        );
    }
}
