//! What an import reports: records per row, and problems that point at a line and a column.
//!
//! An import never stops at the first bad row. Each row yields records, a problem (the row gave
//! no records) or a warning (the row was read, or skipped on purpose, and the user should know),
//! so that a preview can show every bad row with its line number before anything is written.
//! Only a fault of the whole file (unreadable, no header, not valid text) stops it.

use std::fmt;
use std::io;

use creditdesk_core::ledger::LedgerRecord;
use creditdesk_core::say;
use creditdesk_core::terms::TermsError;
use creditdesk_core::text::pick;
use serde::{Deserialize, Serialize};

/// One outcome of reading a file, in file order (the outcomes of a multi-row invoice come when
/// its last row has been read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowOutcome {
    /// The records read from the row starting at physical line `line` (for a multi-row invoice,
    /// its first row). A customer record comes before the first document that names it.
    Records {
        line: u64,
        records: Vec<LedgerRecord>,
    },
    /// A row that gave no records, and why.
    Problem(RowProblem),
    /// A row that was read or skipped on purpose, with something the user should check.
    Warning(RowProblem),
}

impl RowOutcome {
    pub fn line(&self) -> u64 {
        match self {
            RowOutcome::Records { line, .. } => *line,
            RowOutcome::Problem(p) | RowOutcome::Warning(p) => p.line,
        }
    }
}

/// A problem on one row.
///
/// `line` is the physical line of the file (1-based, counting the preamble and the header, and
/// the first line of a cell that spans lines). `column` is the header as the file writes it.
/// `message` continues the sentence that `Display` starts: after the quoted value when there is
/// one, otherwise after the line and column. It is written in the language of the thread that
/// read the row (see `creditdesk_core::text`); `line`, `column` and `value` are the file's own
/// in every language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowProblem {
    pub line: u64,
    pub column: Option<String>,
    pub value: Option<String>,
    pub message: String,
}

impl fmt::Display for RowProblem {
    /// `line 7, column amount: "1,000.50" is not an amount in this profile's format (...): ...`,
    /// or in Chinese `第 7 行，“amount”列：“1,000.50”不是……`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        let mut start = match &self.column {
            Some(column) => {
                say!(en: "line {line}, column {column}: ", zh: "第 {line} 行，“{column}”列：")
            }
            None => say!(en: "line {line}: ", zh: "第 {line} 行："),
        };
        if let Some(value) = &self.value {
            start.push_str(&say!(en: "\"{value}\" ", zh: "“{value}”"));
        }
        f.write_str(&start)?;
        f.write_str(&self.message)
    }
}

/// A profile whose settings would make the file ambiguous.
///
/// `reason` continues the sentence after "cannot be used:", in the language of the thread that
/// checked the profile; the sentence around it is in the language of the thread that shows it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ProfileError {
    pub profile: String,
    pub reason: String,
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ProfileError { profile, reason } = self;
        f.write_str(&say!(
            en: "The profile \"{profile}\" cannot be used: {reason}.",
            zh: "格式配置“{profile}”无法使用：{reason}。",
        ))
    }
}

/// A fault of the whole file or of the import's settings: nothing from the file can be trusted.
///
/// Every variant's message is a sentence in the language of the thread that displays it (see
/// `creditdesk_core::text`); the quoted values (profile names, columns, lines, encodings) are the
/// same in every language, and so is the text of an underlying system error.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Reading the input failed.
    Unreadable(#[source] io::Error),
    /// No row among the first `searched` has every required column of the profile.
    MissingHeader {
        profile: String,
        expected: Vec<String>,
        searched: u32,
    },
    /// The bytes on `line` are not valid in the profile's encoding (its label, such as `UTF-8`).
    InvalidEncoding { line: u64, encoding: &'static str },
    /// The file starts with the UTF-8 byte order mark, but the profile reads another encoding:
    /// decoded as that encoding, every name with an accent or a Chinese character would be
    /// garbled without any byte being invalid. A file without the mark is read as the profile
    /// says, unless the whole of it is UTF-8 text (see [`FileError::Utf8Text`]); its encoding is
    /// never guessed.
    Utf8ByteOrderMark {
        profile: String,
        encoding: &'static str,
    },
    /// The file, read in an encoding other than UTF-8, is UTF-8 text without the byte order
    /// mark: no byte of it is invalid UTF-8, and from `line` on it has characters written the
    /// UTF-8 way, which the profile's encoding would garble. Found at the end of the file, so
    /// the import stops there and writes nothing.
    Utf8Text { line: u64, encoding: &'static str },
    /// Header cells of a generic-layout file that name no column the profile reads (empty cells
    /// aside): a misspelt `curency`, or `type` for `record`, would otherwise be ignored and every
    /// row read without it. `expected` are the header names the profile reads.
    UnreadColumns {
        profile: String,
        line: u64,
        columns: Vec<String>,
        expected: Vec<String>,
    },
    /// Says what the profile error says, in the same words.
    Profile(ProfileError),
    /// The default terms given for the import are not payment terms.
    DefaultTerms(TermsError),
    /// The index of the documents and customers already read, which moves to a temporary file
    /// for a long file, could not be written there (the disk is full or not writable).
    Scratch(String),
}

impl From<ProfileError> for FileError {
    fn from(err: ProfileError) -> FileError {
        FileError::Profile(err)
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            FileError::Unreadable(err) => say!(
                en: "The file could not be read ({err}). Check that it exists and that no other \
                     program holds it, then try again.",
                zh: "无法读取该文件（{err}）。请确认文件存在且未被其他程序占用，然后重试。",
            ),
            FileError::MissingHeader {
                profile,
                expected,
                searched,
            } => {
                let expected = expected.join(", ");
                say!(
                    en: "No header row for the profile \"{profile}\" was found in the first \
                         {searched} rows of the file: a header with the columns {expected} was \
                         expected. Choose the profile that matches the export, or add its header \
                         row.",
                    zh: "在文件的前 {searched} 行中没有找到格式配置“{profile}”的表头行：表头应包含\
                         列 {expected}。请选择与导出文件相符的格式配置，或在文件中加上表头行。",
                )
            }
            FileError::InvalidEncoding { line, encoding } => say!(
                en: "Line {line} is not valid {encoding} text. Choose a profile with the file's \
                     encoding, or save the file as {encoding} and import it again.",
                zh: "第 {line} 行不是有效的 {encoding} 文本。请选择与文件编码相符的格式配置，或将\
                     文件另存为 {encoding} 编码后重新导入。",
            ),
            FileError::Utf8ByteOrderMark { profile, encoding } => say!(
                en: "Line 1 starts with the UTF-8 byte order mark (bytes EF BB BF), so the file \
                     is UTF-8 text, but the profile \"{profile}\" reads {encoding}. Choose a \
                     profile that reads UTF-8, such as \"generic\" in place of \
                     \"generic-gb18030\", and import the file again.",
                zh: "第 1 行以 UTF-8 字节顺序标记（字节 EF BB BF）开头，说明该文件是 UTF-8 文本，\
                     但格式配置“{profile}”按 {encoding} 读取。请选择按 UTF-8 读取的格式配置（例如\
                     用“generic”代替“generic-gb18030”），然后重新导入该文件。",
            ),
            FileError::Utf8Text { line, encoding } => say!(
                en: "The file is UTF-8 text, not {encoding}: every byte of it is valid UTF-8, and \
                     from line {line} it has accented or Chinese characters written the UTF-8 way, \
                     which read as {encoding} would be garbled. Choose a profile that reads UTF-8, \
                     such as \"generic\" in place of \"generic-gb18030\", and import the file \
                     again. (If its names do read right as {encoding} in a text editor, save it \
                     from there as UTF-8 and import it with \"generic\".)",
                zh: "该文件是 UTF-8 文本，而不是 {encoding}：文件中的每个字节都是有效的 UTF-8，\
                     且从第 {line} 行起含有以 UTF-8 方式书写的重音字母或中文字符，按 {encoding} \
                     读取会变成乱码。请选择按 UTF-8 读取的格式配置（例如用“generic”代替\
                     “generic-gb18030”），然后重新导入该文件。（如果在文本编辑器中按 {encoding} \
                     打开时名称显示正确，请在编辑器中将其另存为 UTF-8，再用“generic”导入。）",
            ),
            FileError::UnreadColumns {
                profile,
                line,
                columns,
                expected,
            } => {
                let columns = quoted_on_line(columns, line);
                let expected = expected.join(", ");
                say!(
                    en: "The file has columns that the profile \"{profile}\" does not read: \
                         {columns}. Rename them to one of {expected}, or remove them.",
                    zh: "文件中有格式配置“{profile}”不读取的列：{columns}。请将这些列改为以下\
                         列名之一：{expected}；或将其删除。",
                )
            }
            FileError::Profile(err) => return fmt::Display::fmt(err, f),
            FileError::Scratch(err) => say!(
                en: "The file could not be checked for repeated invoices: this computer's \
                     temporary folder could not be written ({err}). Free some disk space, then \
                     import the file again.",
                zh: "无法检查文件中是否有重复的发票：无法写入本机的临时文件夹（{err}）。请释放一些\
                     磁盘空间，然后重新导入该文件。",
            ),
            FileError::DefaultTerms(err) => say!(
                en: "The default terms of this import cannot be used: {err}",
                zh: "本次导入的默认付款条件无法使用：{err}",
            ),
        };
        f.write_str(&sentence)
    }
}

/// `"type" (line 1), "curency" (line 1)`: each column with the line it is on.
fn quoted_on_line(columns: &[String], line: impl fmt::Display) -> String {
    let quoted: Vec<String> = columns
        .iter()
        .map(|column| say!(en: "\"{column}\" (line {line})", zh: "“{column}”（第 {line} 行）"))
        .collect();
    quoted.join(pick(", ", "、"))
}
