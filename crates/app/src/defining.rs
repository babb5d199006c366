//! Defining an import profile in the import wizard: a built-in profile handed out as a structure
//! the user can edit (marks, date format, encoding, which column fills which field), a look at
//! the first rows of the chosen file read with it, and the edited structure turned back into a
//! profile, refused with a sentence naming the setting and its value when it cannot be used.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use creditdesk_core::say;
use creditdesk_import::{DateFormat, FileError, Layout, Profile, ProfileError, TextEncoding};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::importing::{builtin_profile, resolve_profile, ProfileChoice};
use crate::{io_error, FileStep};

/// How many data rows [`peek_import_file`] shows.
pub const PEEK_ROWS: usize = 20;

/// An import profile as the user edits it: the settings of the profile JSON (see
/// `creditdesk_import::Profile`), with the marks as text so that an empty or doubled mark is
/// refused with a sentence rather than failing to parse, plus the fields its layout reads.
///
/// `columns` maps a field to the header the file uses for it; only the generic layout reads a
/// renamed column. `fields` is filled by [`profile_definition`] and ignored when the definition
/// comes back: the layout decides which fields there are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileDefinition {
    pub name: String,
    /// One ASCII punctuation character, such as `,` or `;`.
    pub delimiter: String,
    /// One character, `.` or `,`.
    pub decimal_mark: String,
    /// One character, or `null` for amounts written without grouping.
    pub grouping_mark: Option<String>,
    pub date_format: DateFormat,
    pub encoding: TextEncoding,
    /// How many rows from the top may come before the header (a preamble); at least 1.
    pub header_search_rows: u32,
    pub layout: Layout,
    /// Field -> the header the file uses for it. A field left out is found under its own name
    /// or one of its aliases (LAYOUTS.md).
    pub columns: BTreeMap<String, String>,
    /// The fields the layout reads, in order; empty for a layout that reads the fixed columns
    /// of one system's export.
    #[serde(default)]
    pub fields: Vec<ProfileField>,
}

/// A field a profile's layout reads, and whether the header row must have a column for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileField {
    pub field: String,
    pub required: bool,
}

/// The header and the first rows of a file, as text, read with a profile.
///
/// Invariant: at most [`PEEK_ROWS`] rows, none of them blank. When no row has every required
/// column of the profile, the header shown is the fullest of the rows searched, so that the
/// file's columns can be mapped to the fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilePeek {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A built-in profile as an editable definition.
pub fn profile_definition(name: &str) -> AppResult<ProfileDefinition> {
    Ok(ProfileDefinition::of(&builtin_profile(name)?))
}

/// The header and the first [`PEEK_ROWS`] rows of the file at `path`, decoded with the
/// profile's encoding and split at its delimiter, the preamble skipped.
pub fn peek_import_file(path: &Path, profile: &ProfileChoice) -> AppResult<FilePeek> {
    let profile = resolve_profile(profile)?;
    let file = File::open(path).map_err(|e| io_error(path, FileStep::Opened, &e))?;

    let peek = creditdesk_import::peek(&profile, BufReader::new(file), PEEK_ROWS).map_err(
        |err| match err {
            FileError::Unreadable(io) => io_error(path, FileStep::Read, &io),
            other => {
                let path = path.display();
                AppError::invalid(say!(
                    en: "The first rows of {path} cannot be shown: {other}",
                    zh: "无法显示 {path} 的前几行：{other}",
                ))
            }
        },
    )?;
    Ok(FilePeek {
        headers: peek.headers,
        rows: peek.rows,
    })
}

impl ProfileDefinition {
    /// The definition of a profile, with the fields its layout reads.
    pub fn of(profile: &Profile) -> ProfileDefinition {
        let fields = profile
            .expected_columns()
            .into_iter()
            .map(|column| ProfileField {
                field: column.field.to_string(),
                required: column.required,
            })
            .collect();
        ProfileDefinition {
            name: profile.name.clone(),
            delimiter: char::from(profile.delimiter).to_string(),
            decimal_mark: profile.decimal_mark.to_string(),
            grouping_mark: profile.grouping_mark.map(String::from),
            date_format: profile.date_format,
            encoding: profile.encoding,
            header_search_rows: profile.header_search_rows,
            layout: profile.layout,
            columns: profile.columns.clone(),
            fields,
        }
    }

    /// The profile this definition describes, or a sentence naming the setting that cannot be
    /// used and its value.
    pub fn to_profile(&self) -> AppResult<Profile> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The edited import profile has no name; give it one, such as the name of the \
                     built-in profile it started from.",
                zh: "编辑后的导入格式配置没有名称；请为其命名，例如沿用其所基于的内置配置的名称。",
            )));
        }
        let refuse = |reason: String| {
            let profile = name.to_string();
            AppError::invalid(ProfileError { profile, reason }.to_string())
        };

        let delimiter = match one_char(&self.delimiter) {
            Some(c) if c.is_ascii() => c as u8,
            _ => {
                let delimiter = &self.delimiter;
                return Err(refuse(say!(
                    en: "its delimiter \"{delimiter}\" is not one ASCII character; use a comma, \
                         a semicolon, a tab or another ASCII sign",
                    zh: "其分隔符“{delimiter}”不是单个 ASCII 字符；请使用逗号、分号、制表符或其他 \
                         ASCII 符号",
                )));
            }
        };
        let Some(decimal_mark) = one_char(&self.decimal_mark) else {
            let mark = &self.decimal_mark;
            return Err(refuse(say!(
                en: "its decimal mark \"{mark}\" is not one character; use \".\" or \",\"",
                zh: "其小数点“{mark}”不是单个字符；请使用“.”或“,”",
            )));
        };
        let grouping_mark = match self.grouping_mark.as_deref() {
            None | Some("") => None,
            Some(text) => Some(one_char(text).ok_or_else(|| {
                refuse(say!(
                    en: "its grouping mark \"{text}\" is not one character; use one character, \
                         or none for amounts written without grouping",
                    zh: "其千位分隔符“{text}”不是单个字符；请使用单个字符，金额不分组时请留空",
                ))
            })?),
        };
        let profile = Profile {
            name: name.to_string(),
            delimiter,
            decimal_mark,
            grouping_mark,
            date_format: self.date_format,
            encoding: self.encoding,
            header_search_rows: self.header_search_rows,
            layout: self.layout,
            columns: self.columns.clone(),
        };
        profile
            .check()
            .map_err(|e| AppError::invalid(e.to_string()))?;
        check_column_map(&profile).map_err(refuse)?;
        Ok(profile)
    }
}

/// The column map must give each field a column of its own (which fields a layout has is
/// checked with the rest of the profile).
fn check_column_map(profile: &Profile) -> Result<(), String> {
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for (field, column) in &profile.columns {
        let key = column.trim().to_lowercase();
        if key.is_empty() {
            return Err(say!(
                en: "its column map gives the field \"{field}\" an empty column name; choose a \
                     column of the file for it, or leave the field out of the map",
                zh: "其列映射为字段“{field}”指定了空的列名；请为其选择文件中的一列，或从映射中\
                     去掉该字段",
            ));
        }
        if let Some(other) = taken.insert(key, field) {
            return Err(say!(
                en: "its column map gives the column \"{column}\" to both \"{other}\" and \
                     \"{field}\"; give each field a column of its own",
                zh: "其列映射把列“{column}”同时分配给了“{other}”和“{field}”；请为每个字段分配\
                     各自的列",
            ));
        }
    }
    Ok(())
}

fn one_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}
