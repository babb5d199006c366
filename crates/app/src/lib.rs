//! The use cases of CreditDesk: the one API that the command line and the desktop shell call.
//!
//! Each public function or method is one thing a user can do: create or open a book, import a
//! file, record a payment, ask for the aging or the receivables measures at a date. It converts
//! the request, opens the transaction the store needs, calls the pure rules of the core, and
//! answers with results plus problems, or with an [`AppError`] carrying a stable code and a
//! sentence a person can act on. Shells add no business rules of their own.
//!
//! Every sentence is written in the language of the calling thread (English unless the caller
//! chose another, see `creditdesk_core::text`): a shell that shows Simplified Chinese calls the
//! use cases inside `Language::speak`. Work a use case hands to a thread of its own (the reading
//! side of an import) takes the caller's language along.

mod attaching;
mod browsing;
mod charging;
mod claiming;
mod collecting;
mod crediting;
mod dashboard;
mod defining;
pub mod demo;
mod demo_collections;
mod demo_credit;
mod disputing;
mod documents;
mod dunning;
mod entering;
pub mod error;
mod forecasting;
mod importing;
mod planning;
mod promising;
mod rate_changes;
mod reference_rates;
mod reports;
mod sending;
mod settings;
mod settling;
mod statements;
mod watching;
mod writing_off;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use creditdesk_core::{say, Currency};
use creditdesk_store::{Book, BookSettings, StoreError};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult, ErrorCode};

pub use attaching::{media_type_of, MAX_ATTACHMENT_BYTES};
pub use browsing::{CustomerPageRequest, CustomerRequest, InvoicePageRequest, MAX_SCREEN_PAGE};
pub use charging::{
    outcome_word, CallOutcomeAnswer, CallOutcomeInput, ChargeSettlementInput, CustomerCharges,
    InvoiceClaim,
};
pub use claiming::{ClaimDecisionInput, ClaimInput, ClaimLine};
pub use collecting::{
    interest_words, AddressInput, LetterLanguageChoice, PauseInput, PauseLine, PolicyChoice,
    PolicyView, TemplateLine,
};
pub use creditdesk_core::text::Language;
pub use creditdesk_import::{DateFormat, Layout, TextEncoding};
pub use creditdesk_letters::{PaperSize, StatementLine, StatementLineKind};
pub use creditdesk_mail::{Connection as MailConnection, SmtpSecurity, TestMailReport};
pub use creditdesk_store::MailDecision;
pub use creditdesk_store::{
    AllocationMade as AllocationSummary, AuditEntry, BookCounts, CustomerSummary, InvoiceDetail,
    InvoiceStatus, InvoiceSummary, RatesSaved, WriteOutcome,
};
pub use creditdesk_store::{AttachedTo, AttachmentEntry};
pub use creditdesk_store::{ClaimEntry, DisputeEntry, PlanBreak, PlanEntry, PromiseEntry};
pub use creditdesk_store::{
    CommunicationRecord, CommunicationState, ConsequenceApplied, CustomerAddress, CustomerInterest,
    OutboxEntry, OutboxState, PauseEntry, PhoneOutcome, PhoneTaskEntry, RunState, RunSummary,
};
pub use creditdesk_store::{
    CustomerBalance, CustomerDetail, CustomerPage, CustomerSort, InvoicePage, TimelineEvent,
    TimelineKind,
};
pub use crediting::{
    CreditPolicy, CreditProfileInput, CustomerReview, LimitDecision, OrderChangeInput, OrderInput,
    OrderOutcome, ReportEntry, SecurityEntry, CREDIT_POLICY,
};
pub use dashboard::{
    trend_month_ends, AgingBucket, Alert, AlertCount, AlertKind, CurrencyPosition, Dashboard,
    DashboardRequest, DsoPoint, DsoTrend, OverdueCustomer,
};
pub use defining::{
    peek_import_file, profile_definition, FilePeek, ProfileDefinition, ProfileField, PEEK_ROWS,
};
pub use disputing::{
    DisputeAnswer, DisputeInput, DisputeReport, DisputeResolutionInput, DisputeTotal,
    DisputeVerdict, OpenDispute,
};
pub use documents::{Document, PrintOptions};
pub use dunning::{
    ApprovalAnswer, ConsequenceLine, DunningRunView, ExecutedLine, ExecutionReport, LeftOutLine,
    LetterSnapshot, PrintedBody, ProblemLine, TaskLine,
};
pub use entering::{CustomerInput, InvoiceInput};
pub use forecasting::{CustomerDelay, ForecastReport};
pub use importing::{
    import_profiles, ImportProgress, ImportReport, ImportRequest, ProfileChoice, ProfileInfo,
};
pub use planning::{PlanInput, PlanLine, PlanScheduleInput};
pub use promising::{HeldBack, PromiseInput, PromiseLine};
pub use rate_changes::{ChangedRate, DayRange, RateTableChanges};
pub use reference_rates::{
    rate_source_code, rate_source_named, RateFileLoad, RateProblemLine, RateTableOrigin,
    RateTableReset, RateTableView, MAX_RATE_FILE_BYTES,
};
pub use reports::{InvoiceQuery, MeasuresRow, ReceivablesOverview};
pub use sending::{state_code, state_word, SendOutcome, SendProgress, SendReport};
pub use settings::{
    logo_data_url, logo_from_file, parse_language, send_test_mail, send_test_mail_with,
    CompanyDetails, SmtpSettings, TestMailRequest, MAX_LOGO_BYTES,
};
pub use settling::SettlementInput;
pub use statements::{
    default_statement_start, AccountStatement, CurrencyStatementView, StatementBucket,
};
pub use watching::{CreditAlert, CustomerExposure, CustomerRisk, ScoredFactor};
pub use writing_off::{BadDebtReport, BadDebtTotal, WriteOffLine};

/// What a new book is created with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewBook {
    /// The company whose receivables the book holds.
    pub name: String,
    /// The company's own currency.
    pub currency: Currency,
}

/// A generated book: see [`demo::DemoSpec`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoRequest {
    pub seed: u64,
    pub customers: usize,
    pub invoices: usize,
    pub end: NaiveDate,
    pub months: u32,
}

impl From<demo::DemoSpec> for DemoRequest {
    fn from(spec: demo::DemoSpec) -> DemoRequest {
        DemoRequest {
            seed: spec.seed,
            customers: spec.customers,
            invoices: spec.invoices,
            end: spec.end,
            months: spec.months,
        }
    }
}

impl DemoRequest {
    /// The large book of the benchmarks ([`demo::DemoSpec::large`]) with the benchmarks' seed,
    /// so that figures measured at different times are of the same book.
    pub fn benchmark(invoices: usize) -> DemoRequest {
        demo::DemoSpec {
            seed: 42,
            ..demo::DemoSpec::large(invoices)
        }
        .into()
    }

    fn spec(&self) -> demo::DemoSpec {
        demo::DemoSpec {
            seed: self.seed,
            customers: self.customers,
            invoices: self.invoices,
            end: self.end,
            months: self.months,
        }
    }
}

/// What went into a new demo book.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DemoReport {
    pub customers: u64,
    pub invoices: u64,
    pub settlements: u64,
}

/// A book opened for work. Dropping it closes the file.
pub struct OpenBook {
    path: PathBuf,
    book: Book,
}

/// Creates an empty book; refuses a path that already exists.
pub fn create_book(path: &Path, new: &NewBook) -> AppResult<OpenBook> {
    if new.name.trim().is_empty() {
        return Err(AppError::invalid(say!(
            en: "The company name is empty; give the name of the company whose receivables the \
                 book holds.",
            zh: "公司名称为空；请填写该账簿所记录应收账款的公司名称。",
        )));
    }
    let settings = BookSettings {
        name: new.name.trim().to_string(),
        currency: new.currency,
    };
    let book = Book::create(path, &settings).map_err(store_error)?;
    tracing::info!(path = %path.display(), "created a book");
    Ok(OpenBook {
        path: path.to_path_buf(),
        book,
    })
}

/// Creates a book filled with a generated ledger (for a demo, a trial or a benchmark).
pub fn create_demo_book(path: &Path, request: &DemoRequest) -> AppResult<DemoReport> {
    check_demo(request)?;
    let report = fill_demo_book(path, demo::records(&request.spec()))?;
    let mut book = OpenBook::open(path)?;
    let filled = book
        .add_demo_credit_files(request.end)
        .and_then(|_| book.add_demo_collection_files(request.end));
    if let Err(err) = filled {
        // A half-made demo book is worth nothing; leave no file behind.
        drop(book);
        let _ = std::fs::remove_file(path);
        return Err(err);
    }
    Ok(report)
}

/// Creates a book with the customers and invoices of a generated ledger and none of its
/// settlements, so that every invoice is open at the end of the history: the largest open book
/// a ledger of that size makes, for a benchmark of the reports.
pub fn create_unpaid_demo_book(path: &Path, request: &DemoRequest) -> AppResult<DemoReport> {
    use creditdesk_core::ledger::LedgerRecord;
    check_demo(request)?;
    let records = demo::records(&request.spec());
    fill_demo_book(
        path,
        records.filter(|record| !matches!(record, LedgerRecord::Settlement(_))),
    )
}

fn fill_demo_book(
    path: &Path,
    records: impl Iterator<Item = creditdesk_core::ledger::LedgerRecord>,
) -> AppResult<DemoReport> {
    let name = "Demo Trading GmbH".to_string();
    let currency = Currency::from_code("EUR").expect("EUR is a currency");
    let mut book = create_book(path, &NewBook { name, currency })?;
    let filled = book.fill(records);
    if filled.is_err() {
        // A half-filled demo book is worth nothing; leave no file behind.
        drop(book);
        let _ = std::fs::remove_file(path);
    }
    filled
}

/// Writes a generated ledger as a CSV file in the generic layout; returns the number of rows.
pub fn write_demo_csv(path: &Path, request: &DemoRequest) -> AppResult<u64> {
    check_demo(request)?;
    // Never overwrite: the path might be a book or another file the user cares about.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                let path = path.display();
                AppError::new(
                    ErrorCode::Conflict,
                    say!(
                        en: "{path} already exists; choose another file name for the generated \
                             ledger.",
                        zh: "{path} 已存在；请为生成的账目文件另选一个文件名。",
                    ),
                )
            } else {
                io_error(path, FileStep::Written, &e)
            }
        })?;
    let out = std::io::BufWriter::with_capacity(1 << 20, file);
    demo::write_generic_csv(&request.spec(), out).map_err(|e| io_error(path, FileStep::Written, &e))
}

fn check_demo(request: &DemoRequest) -> AppResult<()> {
    if request.customers == 0 || request.invoices == 0 || request.months == 0 {
        let (customers, invoices, months) = (request.customers, request.invoices, request.months);
        return Err(AppError::invalid(say!(
            en: "A demo book needs at least one customer, one invoice and one month of history; \
                 got {customers} customers, {invoices} invoices and {months} months.",
            zh: "演示账簿至少需要一个客户、一张发票和一个月的历史数据；当前为 {customers} 个客户、\
                 {invoices} 张发票和 {months} 个月。",
        )));
    }
    Ok(())
}

impl OpenBook {
    /// Opens an existing book, upgrading its schema if it was written by an older version.
    pub fn open(path: &Path) -> AppResult<OpenBook> {
        let book = Book::open(path).map_err(store_error)?;
        Ok(OpenBook {
            path: path.to_path_buf(),
            book,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn settings(&self) -> AppResult<BookSettings> {
        self.book.settings().map_err(store_error)
    }

    pub fn counts(&self) -> AppResult<BookCounts> {
        self.book.counts().map_err(store_error)
    }

    pub fn audit_trail(&self, limit: u32) -> AppResult<Vec<AuditEntry>> {
        self.book.audit_trail(limit).map_err(store_error)
    }

    /// Writes generated records in one transaction.
    fn fill(
        &mut self,
        records: impl Iterator<Item = creditdesk_core::ledger::LedgerRecord>,
    ) -> AppResult<DemoReport> {
        let mut tx = self.book.begin_import().map_err(store_error)?;
        for record in records {
            let outcome = tx.record(&record).map_err(store_error)?;
            if let WriteOutcome::Conflict(message) = outcome {
                return Err(AppError::new(ErrorCode::Conflict, message));
            }
        }
        tx.record_batch("demo", "generated", "", Default::default());
        let tally = tx.commit().map_err(store_error)?;
        Ok(DemoReport {
            customers: tally.customers.inserted,
            invoices: tally.invoices.inserted,
            settlements: tally.settlements.inserted,
        })
    }
}

/// A built-in import profile as JSON, to save, change and use with a profile file.
pub fn import_profile_json(name: &str) -> AppResult<String> {
    let profile = importing::builtin_profile(name)?;
    Ok(serde_json::to_string_pretty(&profile).expect("a profile is plain data"))
}

/// Maps a store failure to its code; the store's messages are already full sentences, in this
/// thread's language.
pub(crate) fn store_error(err: StoreError) -> AppError {
    let code = match &err {
        StoreError::AlreadyExists { .. } => ErrorCode::BookExists,
        StoreError::NotFound { .. } => ErrorCode::BookNotFound,
        StoreError::CannotCreate { .. } => ErrorCode::Io,
        StoreError::NotABook { .. } => ErrorCode::NotABook,
        StoreError::NewerBook { .. } => ErrorCode::NewerBook,
        StoreError::InvoiceNotFound(_) | StoreError::CustomerNotFound(_) => ErrorCode::NotFound,
        StoreError::Money(_) | StoreError::Allocation(_) => ErrorCode::InvalidInput,
        _ => ErrorCode::Storage,
    };
    if code == ErrorCode::Storage {
        tracing::warn!(error = %err, "storage failure");
    }
    AppError::new(code, err.to_string())
}

/// What was being done to a file when it failed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FileStep {
    Opened,
    Read,
    Written,
}

/// A file that could not be opened, read or written; the system's own reason is quoted as it
/// comes.
pub(crate) fn io_error(path: &Path, step: FileStep, err: &std::io::Error) -> AppError {
    let path = path.display();
    let message = match step {
        FileStep::Opened => say!(
            en: "{path} could not be opened: {err}. Check the path and its permissions.",
            zh: "无法打开 {path}：{err}。请检查路径及其权限。",
        ),
        FileStep::Read => say!(
            en: "{path} could not be read: {err}. Check the path and its permissions.",
            zh: "无法读取 {path}：{err}。请检查路径及其权限。",
        ),
        FileStep::Written => say!(
            en: "{path} could not be written: {err}. Check the path and its permissions.",
            zh: "无法写入 {path}：{err}。请检查路径及其权限。",
        ),
    };
    AppError::new(ErrorCode::Io, message)
}
