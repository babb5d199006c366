//! Choosing files: the native open and save dialogs, opened from Rust so that the web UI never
//! names a path, or, for end-to-end tests, answers read from a file.
//!
//! When the environment variable [`DIALOG_ANSWERS_VARIABLE`] names a file when the app starts,
//! no dialog opens: each one takes the next line of that file as the user's answer (a path, or
//! an empty line for "cancelled"). The file is read again at every dialog, so a test may append
//! answers while the app runs. The web UI cannot set the variable.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use creditdesk_core::text::pick;

/// Names the file of scripted dialog answers.
pub const DIALOG_ANSWERS_VARIABLE: &str = "CREDITDESK_DIALOG_ANSWERS";

/// What a dialog is for: its title, its file filter, and whether it creates a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open an existing book.
    OpenBook,
    /// Choose where a new book is created.
    NewBook,
    /// Choose a CSV export to import.
    ImportFile,
    /// Choose a letterhead logo (PNG or JPEG).
    Logo,
    /// Choose a CSV file of exchange rates to record.
    RatesFile,
    /// Choose a newer reference rate table (`from,to,percent`) for statutory interest.
    ReferenceRatesFile,
    /// Choose a file (any kind) to attach to a credit report or a dispute.
    Attachment,
    /// Choose where an attached file is saved; the attachment's name is suggested.
    SaveAttachment,
    /// Choose where a printed document (a statement, a letter) is saved as PDF; its name is
    /// suggested.
    SavePdf,
}

impl Purpose {
    /// The dialog's title, in this thread's language.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::OpenBook => pick("Open a book", "打开账簿"),
            Purpose::NewBook => pick("Create a new book", "新建账簿"),
            Purpose::ImportFile => pick("Choose a file to import", "选择要导入的文件"),
            Purpose::Logo => pick("Choose a letterhead logo", "选择信头标志"),
            Purpose::RatesFile => pick("Choose a file of exchange rates", "选择汇率文件"),
            Purpose::ReferenceRatesFile => {
                pick("Choose a file of reference rates", "选择参考利率文件")
            }
            Purpose::Attachment => pick("Choose a file to attach", "选择要附加的文件"),
            Purpose::SaveAttachment => pick("Save the attached file as", "将附件另存为"),
            Purpose::SavePdf => pick("Save the PDF as", "将 PDF 另存为"),
        }
    }

    /// The filter's name, in this thread's language, and its extensions; no extensions means
    /// every file is offered (an attachment may be of any kind).
    pub fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Purpose::OpenBook | Purpose::NewBook => {
                (pick("CreditDesk book", "CreditDesk 账簿"), &["creditdesk"])
            }
            Purpose::ImportFile => (pick("CSV export", "CSV 导出文件"), &["csv", "txt", "tsv"]),
            Purpose::RatesFile => (pick("CSV file of rates", "CSV 汇率文件"), &["csv", "txt"]),
            Purpose::ReferenceRatesFile => {
                (pick("CSV file of rates", "CSV 利率文件"), &["csv", "txt"])
            }
            Purpose::Logo => (
                pick("PNG or JPEG image", "PNG 或 JPEG 图片"),
                &["png", "jpg", "jpeg"],
            ),
            Purpose::Attachment | Purpose::SaveAttachment => (pick("Any file", "所有文件"), &[]),
            Purpose::SavePdf => (pick("PDF document", "PDF 文件"), &["pdf"]),
        }
    }

    /// True for a dialog that names a file to create.
    pub fn saves(self) -> bool {
        matches!(
            self,
            Purpose::NewBook | Purpose::SaveAttachment | Purpose::SavePdf
        )
    }
}

/// Asks the user for a file. `None` when the user cancelled.
pub trait FileChooser: Send + Sync {
    fn choose(&self, purpose: Purpose, suggested_name: Option<&str>) -> Option<PathBuf>;
}

/// Answers read line by line from a file (see the module documentation).
pub struct ScriptedAnswers {
    file: PathBuf,
    next: AtomicUsize,
}

impl ScriptedAnswers {
    pub fn new(file: PathBuf) -> ScriptedAnswers {
        ScriptedAnswers {
            file,
            next: AtomicUsize::new(0),
        }
    }

    /// The scripted answers when the environment asks for them.
    pub fn from_environment() -> Option<ScriptedAnswers> {
        let file = std::env::var_os(DIALOG_ANSWERS_VARIABLE)?;
        let file = PathBuf::from(file);
        tracing::info!(file = %file.display(), "dialogs take their answers from a file");
        Some(ScriptedAnswers::new(file))
    }

    pub fn file(&self) -> &Path {
        &self.file
    }
}

impl FileChooser for ScriptedAnswers {
    fn choose(&self, purpose: Purpose, _suggested_name: Option<&str>) -> Option<PathBuf> {
        let index = self.next.fetch_add(1, Ordering::SeqCst);
        let text = match std::fs::read_to_string(&self.file) {
            Ok(text) => text,
            Err(err) => {
                tracing::warn!(file = %self.file.display(), %err, "no dialog answers; cancelled");
                return None;
            }
        };
        let answer = text.lines().nth(index).map(str::trim).unwrap_or_default();
        tracing::debug!(?purpose, index, answer, "scripted dialog answer");
        (!answer.is_empty()).then(|| PathBuf::from(answer))
    }
}

/// The operating system's dialogs, through the dialog plugin's Rust API. Blocks the calling
/// thread until the user answers: never call it on the main thread.
pub struct NativeDialogs {
    app: tauri::AppHandle,
}

impl NativeDialogs {
    pub fn new(app: tauri::AppHandle) -> NativeDialogs {
        NativeDialogs { app }
    }
}

impl FileChooser for NativeDialogs {
    fn choose(&self, purpose: Purpose, suggested_name: Option<&str>) -> Option<PathBuf> {
        use tauri::Manager;
        use tauri_plugin_dialog::DialogExt;

        let (filter, extensions) = purpose.filter();
        let mut dialog = self.app.dialog().file().set_title(purpose.title());
        if !extensions.is_empty() {
            dialog = dialog.add_filter(filter, extensions);
        }
        if let Some(window) = self.app.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        if let Some(name) = suggested_name {
            dialog = dialog.set_file_name(name);
        }
        let chosen = if purpose.saves() {
            dialog.blocking_save_file()
        } else {
            dialog.blocking_pick_file()
        };
        chosen.and_then(|path| path.into_path().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialogs_are_titled_in_the_language_of_the_command() {
        assert_eq!(Purpose::OpenBook.title(), "Open a book");
        let _speaking = creditdesk_core::text::Language::SimplifiedChinese.speak();
        let titles = [
            Purpose::OpenBook,
            Purpose::NewBook,
            Purpose::ImportFile,
            Purpose::Logo,
            Purpose::RatesFile,
            Purpose::ReferenceRatesFile,
            Purpose::Attachment,
            Purpose::SaveAttachment,
            Purpose::SavePdf,
        ]
        .map(|purpose| (purpose.title(), purpose.filter().0));
        assert_eq!(
            titles,
            [
                ("打开账簿", "CreditDesk 账簿"),
                ("新建账簿", "CreditDesk 账簿"),
                ("选择要导入的文件", "CSV 导出文件"),
                ("选择信头标志", "PNG 或 JPEG 图片"),
                ("选择汇率文件", "CSV 汇率文件"),
                ("选择参考利率文件", "CSV 利率文件"),
                ("选择要附加的文件", "所有文件"),
                ("将附件另存为", "所有文件"),
                ("将 PDF 另存为", "PDF 文件"),
            ]
        );
    }

    #[test]
    fn each_dialog_takes_the_next_line_and_an_empty_line_cancels() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("answers.txt");
        std::fs::write(&file, "/books/acme.creditdesk\n\n/exports/march.csv\n").unwrap();
        let answers = ScriptedAnswers::new(file.clone());

        let first = answers.choose(Purpose::OpenBook, None);
        let second = answers.choose(Purpose::ImportFile, None);
        let third = answers.choose(Purpose::ImportFile, None);
        let beyond_the_end = answers.choose(Purpose::Logo, None);

        assert_eq!(first, Some(PathBuf::from("/books/acme.creditdesk")));
        assert_eq!(second, None, "an empty line is a cancelled dialog");
        assert_eq!(third, Some(PathBuf::from("/exports/march.csv")));
        assert_eq!(beyond_the_end, None, "no more answers: cancelled");
    }

    #[test]
    fn answers_appended_while_the_app_runs_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("answers.txt");
        std::fs::write(&file, "/a.csv\n").unwrap();
        let answers = ScriptedAnswers::new(file.clone());
        assert_eq!(
            answers.choose(Purpose::ImportFile, None),
            Some("/a.csv".into())
        );

        std::fs::write(&file, "/a.csv\n/b.csv\r\n").unwrap();

        assert_eq!(
            answers.choose(Purpose::ImportFile, None),
            Some("/b.csv".into())
        );
    }
}
