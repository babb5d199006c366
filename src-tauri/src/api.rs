//! The requests, responses and events of the desktop shell that the application layer does not
//! define itself: which book is open, which file the user chose, which import job is running.
//!
//! Every type here crosses into the web UI as JSON; its TypeScript declaration is generated
//! (see `bindings.rs`). Files are named by an id the shell hands out when the user picks them in
//! a native dialog: the web UI never sends a path.

use chrono::NaiveDate;
use creditdesk_app::error::AppError;
use creditdesk_app::{
    BookCounts, ImportProgress, ImportReport, ProfileChoice, ProfileDefinition, SmtpSettings,
};
use creditdesk_core::text::Language;
use creditdesk_core::Currency;
use serde::{Deserialize, Serialize};

/// The language the web UI shows, for the sentences the commands answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LanguageRequest {
    pub language: Language,
}

/// A book in the list of recently used books, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecentBook {
    /// Stable while the book stays in the list; used to open it again.
    pub id: u32,
    /// The company the book is for.
    pub name: String,
    /// Where the file is, for display only.
    pub location: String,
    /// When it was last opened: UTC, `2026-03-11T09:30:00Z`.
    pub last_opened: String,
}

/// The open book.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookInfo {
    pub name: String,
    /// The company's own currency.
    pub currency: Currency,
    /// Where the file is, for display only.
    pub location: String,
    pub counts: BookCounts,
}

/// A new book; the file is chosen in a save dialog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewBookRequest {
    pub name: String,
    pub currency: Currency,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecentBookRequest {
    /// A [`RecentBook::id`].
    pub id: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceRequest {
    /// The invoice number as the book shows it (leading zeros may be left out).
    pub number: String,
}

/// Allocate a customer's unapplied payments and credit notes, oldest due first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AllocateRequest {
    /// The customer reference.
    pub customer: String,
    pub as_of: NaiveDate,
}

/// A file the user chose in a native dialog. Later requests name it by `id`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PickedFile {
    pub id: u32,
    /// The file name without its folder.
    pub name: String,
    /// Its size when it was chosen.
    pub bytes: u64,
}

/// Which profile reads an import file: `{ "builtin": name }` or `{ "custom": definition }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProfileSpec {
    /// A built-in profile by name, one of `import_profiles`.
    Builtin(String),
    /// A profile as edited in the import wizard, starting from `profile_definition`.
    Custom(ProfileDefinition),
}

impl From<ProfileSpec> for ProfileChoice {
    fn from(spec: ProfileSpec) -> ProfileChoice {
        match spec {
            ProfileSpec::Builtin(name) => ProfileChoice::Builtin(name),
            ProfileSpec::Custom(definition) => ProfileChoice::Custom(definition),
        }
    }
}

/// A built-in import profile, asked for as an editable definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProfileRequest {
    /// A built-in profile's name, as `import_profiles` lists it.
    pub name: String,
}

/// The first rows of a chosen file, read with a profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PeekRequest {
    /// A [`PickedFile::id`].
    pub file_id: u32,
    pub profile: ProfileSpec,
}

/// Import a chosen file into the open book (or check it only, with `dry_run`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartImportRequest {
    /// A [`PickedFile::id`].
    pub file_id: u32,
    pub profile: ProfileSpec,
    /// Currency of amounts the file gives without one; the book's currency when absent.
    pub currency: Option<Currency>,
    /// Terms for invoices with no due date; `net 30` when absent.
    pub terms: Option<String>,
    /// Customer of every row, for files with no customer column.
    pub customer: Option<String>,
    /// Date of paid amounts that the export gives without a payment date.
    pub export_date: Option<NaiveDate>,
    /// Check and report only; write nothing. The preview of the import wizard.
    pub dry_run: bool,
}

/// A running import, named in its events and in `cancel_import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobRequest {
    pub job: JobId,
}

/// The payload of the `import-progress` event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProgressEvent {
    pub job: JobId,
    pub progress: ImportProgress,
}

/// How an import ended: its report (committed, rejected with problems, a dry run, or
/// cancelled), or the error that stopped it before any row could be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ImportOutcome {
    Ok(ImportReport),
    Error(AppError),
}

/// The payload of the `import-finished` event; exactly one per job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportFinishedEvent {
    pub job: JobId,
    pub outcome: ImportOutcome,
}

/// Save the mail account, and its password in the operating system's keychain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SaveSmtpRequest {
    pub settings: SmtpSettings,
    /// `null`: keep the saved password as it is; `""`: remove it; anything else: save it.
    pub password: Option<String>,
}

/// The names of the events the shell emits, with their payloads.
pub mod events {
    /// Payload [`super::ImportProgressEvent`].
    pub const IMPORT_PROGRESS: &str = "import-progress";
    /// Payload [`super::ImportFinishedEvent`].
    pub const IMPORT_FINISHED: &str = "import-finished";
    /// Payload [`crate::sending::OutboxProgressEvent`].
    pub const OUTBOX_PROGRESS: &str = "outbox-progress";
    /// Payload [`crate::sending::OutboxFinishedEvent`].
    pub const OUTBOX_FINISHED: &str = "outbox-finished";
}
