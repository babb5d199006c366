//! The documents the app prints (statements of account, dunning letters): saved where the user
//! says in a native save dialog, or opened in the system's PDF viewer from a copy in the app's
//! cache folder. The web UI asks for "save this statement" or "open this letter" and never names
//! a path; the answers carry file names and, for a copy opened, where it was written (to show).
//!
//! The system viewer is started with the `open` library (the one Tauri's opener plugin uses for
//! paths), from Rust: the web UI gets no opener API and no permission of its own.
//!
//! When the environment variable [`OPENED_FILES_VARIABLE`] names a file when the app starts,
//! no viewer starts: each document is written as usual and its path appended to that file, one
//! line each, for end-to-end tests to read. The web UI cannot set the variable.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{Document, PrintOptions};
use creditdesk_core::say;
use creditdesk_core::Currency;
use serde::{Deserialize, Serialize};

use crate::choosing::Purpose;
use crate::session::Session;

/// Names the file the paths of opened documents are appended to instead of opening them.
pub const OPENED_FILES_VARIABLE: &str = "CREDITDESK_OPENED_FILES";

/// Shows a document file to the user.
pub trait DocumentViewer: Send + Sync {
    fn open(&self, path: &Path) -> std::io::Result<()>;
}

/// The system's default program for the file's type, started without waiting for it.
pub struct SystemViewer;

impl DocumentViewer for SystemViewer {
    fn open(&self, path: &Path) -> std::io::Result<()> {
        open::that_detached(path)
    }
}

/// Appends each path to a file instead of showing it (see the module documentation).
pub struct RecordedViewer {
    file: PathBuf,
}

impl RecordedViewer {
    pub fn new(file: PathBuf) -> RecordedViewer {
        RecordedViewer { file }
    }

    /// The recording viewer when the environment asks for it.
    pub fn from_environment() -> Option<RecordedViewer> {
        let file = PathBuf::from(std::env::var_os(OPENED_FILES_VARIABLE)?);
        tracing::info!(file = %file.display(), "opened documents are recorded, not shown");
        Some(RecordedViewer::new(file))
    }
}

impl DocumentViewer for RecordedViewer {
    fn open(&self, path: &Path) -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.file)?;
        writeln!(file, "{}", path.display())
    }
}

/// A customer's statement of account from `from` (three calendar months when null) through
/// `to`, in `currency` (which may be null when the customer deals in one only), printed as
/// `options` say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementRequest {
    pub customer: String,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
    pub currency: Option<Currency>,
    pub options: PrintOptions,
}

/// A payment plan's agreement to sign, printed as `options` say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanAgreementRequest {
    /// The plan's id (`PLAN-<id>`).
    pub id: i64,
    pub options: PrintOptions,
}

/// A document saved where the user chose, by the file name it was saved as (without folder).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentSaved {
    pub saved_as: String,
}

/// A document opened in the system's viewer from a copy the app wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentOpened {
    pub file_name: String,
    /// Where the copy is, for display only.
    pub location: String,
}

impl Session {
    /// Asks in a save dialog, suggesting the document's own name, where to save it, and writes
    /// it there (a `.pdf` is added to a name without extension); `None` when cancelled.
    pub fn save_document(&self, document: Document) -> AppResult<Option<DocumentSaved>> {
        let Some(mut path) = self.choose_named(Purpose::SavePdf, &document.file_name) else {
            return Ok(None);
        };
        if path.extension().is_none() {
            path.set_extension("pdf");
        }
        document.save(&path)?;
        tracing::info!(path = %path.display(), "saved a document");
        Ok(Some(DocumentSaved {
            saved_as: file_name_of(&path),
        }))
    }

    /// Writes the document into the app's cache folder (replacing an older copy of the same
    /// name) and opens it in the system's viewer.
    pub fn open_document(&self, document: Document) -> AppResult<DocumentOpened> {
        let folder = self.documents_dir();
        std::fs::create_dir_all(&folder).map_err(|err| {
            let folder = folder.display();
            AppError::new(
                ErrorCode::Io,
                say!(
                    en: "The folder {folder} for documents to show could not be created: {err}. \
                         Check its permissions, or save the PDF instead.",
                    zh: "无法创建用于显示文件的文件夹 {folder}：{err}。请检查其权限，或改为保存 \
                         PDF。",
                ),
            )
        })?;
        let path = folder.join(&document.file_name);
        document.save(&path)?;
        self.viewer().open(&path).map_err(|err| {
            let file = path.display();
            AppError::new(
                ErrorCode::Io,
                say!(
                    en: "{file} was written, but no program to show it could be started: {err}. \
                         Install a PDF viewer, or save the PDF and open it yourself.",
                    zh: "已写入 {file}，但无法启动程序显示该文件：{err}。请安装 PDF 阅读器，或保存 \
                         PDF 后自行打开。",
                ),
            )
        })?;
        tracing::info!(path = %path.display(), "opened a document");
        Ok(DocumentOpened {
            file_name: document.file_name,
            location: path.display().to_string(),
        })
    }

    /// Saves the customer's statement of account where the user chooses.
    pub fn save_statement(&self, request: StatementRequest) -> AppResult<Option<DocumentSaved>> {
        let document = self.with_book(move |book| {
            book.statement_pdf(
                &request.customer,
                request.from,
                request.to,
                request.currency,
                request.options,
            )
        })?;
        self.save_document(document)
    }

    /// Opens the letter (or the email's attached letter) of an executed communication, as it
    /// was printed when the run was executed, in the system's viewer.
    pub fn open_letter(&self, id: i64) -> AppResult<DocumentOpened> {
        let document = self.with_book(move |book| book.communication_pdf(id))?;
        self.open_document(document)
    }

    /// Saves the letter of an executed communication where the user chooses.
    pub fn save_letter(&self, id: i64) -> AppResult<Option<DocumentSaved>> {
        let document = self.with_book(move |book| book.communication_pdf(id))?;
        self.save_document(document)
    }

    /// Prints a payment plan's agreement and saves it where the user chooses.
    pub fn save_plan_agreement(
        &self,
        request: PlanAgreementRequest,
    ) -> AppResult<Option<DocumentSaved>> {
        let document =
            self.with_book(move |book| book.plan_agreement_pdf(request.id, request.options))?;
        self.save_document(document)
    }
}

fn file_name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_viewer_appends_each_path_it_is_asked_to_show() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("opened.txt");
        let viewer = RecordedViewer::new(log.clone());

        viewer
            .open(Path::new("/cache/D-2026-000001-C0001.pdf"))
            .unwrap();
        viewer.open(Path::new("/cache/statement.pdf")).unwrap();

        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "/cache/D-2026-000001-C0001.pdf\n/cache/statement.pdf\n"
        );
    }
}
