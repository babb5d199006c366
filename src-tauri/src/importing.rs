//! Import jobs: an import runs on a thread of its own, with a connection of its own to the
//! book's file, so that the window and the other commands stay responsive while it reads. It
//! reports progress and its end as events, and stops when its cancel flag is set.
//!
//! Cancelling is safe at any time: the use case writes nothing unless the whole file is read
//! without a bad row and without a cancel.
//!
//! The import's thread speaks the language of the command that started it, so its problems and
//! its error arrive in the language the UI showed then.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{FilePeek, ImportRequest, OpenBook};
use creditdesk_core::say;
use creditdesk_core::text::Language;

use crate::api::{
    ImportFinishedEvent, ImportOutcome, ImportProgressEvent, JobId, PeekRequest, StartImportRequest,
};
use crate::session::Session;

impl Session {
    /// Starts importing a chosen file into the open book; progress and the outcome arrive as
    /// events naming the returned job.
    pub fn start_import(&self, request: StartImportRequest) -> AppResult<JobId> {
        let file = self.picked_path(request.file_id)?;
        let book_path = self.book_path()?;
        let import = ImportRequest {
            file,
            profile: request.profile.into(),
            currency: request.currency,
            customer: request.customer,
            terms: request.terms,
            export_date: request.export_date,
            dry_run: request.dry_run,
        };

        let job = JobId(self.next_id());
        let cancel = Arc::new(AtomicBool::new(false));
        self.jobs().insert(job, Arc::clone(&cancel));
        let session = self.clone();
        let language = Language::current();
        let started = std::thread::Builder::new()
            .name(format!("import-{}", job.0))
            .spawn(move || {
                let _speaking = language.speak();
                let events = session.events();
                let run = || {
                    let mut book = OpenBook::open(&book_path)?;
                    book.import_file(&import, &mut |progress| {
                        events.import_progress(&ImportProgressEvent {
                            job,
                            progress: *progress,
                        });
                        !cancel.load(Ordering::Relaxed)
                    })
                };
                let outcome = match std::panic::catch_unwind(AssertUnwindSafe(run)) {
                    Ok(Ok(report)) => ImportOutcome::Ok(report),
                    Ok(Err(err)) => ImportOutcome::Error(err),
                    Err(_) => ImportOutcome::Error(failed_unexpectedly(&say!(
                        en: "the import",
                        zh: "导入",
                    ))),
                };
                session.jobs().remove(&job);
                events.import_finished(&ImportFinishedEvent { job, outcome });
            });
        if let Err(err) = started {
            self.jobs().remove(&job);
            return Err(AppError::new(
                ErrorCode::Io,
                say!(
                    en: "The import could not start: the system refused a new thread ({err}). \
                         Close other programs and try again.",
                    zh: "导入无法开始：系统拒绝创建新线程（{err}）。请关闭其他程序后重试。",
                ),
            ));
        }
        tracing::info!(job = job.0, "started an import");
        Ok(job)
    }

    /// The header and the first rows of a chosen file, read with a profile; needs no book.
    pub fn peek_import_file(&self, request: PeekRequest) -> AppResult<FilePeek> {
        let file = self.picked_path(request.file_id)?;
        creditdesk_app::peek_import_file(&file, &request.profile.into())
    }

    /// Asks a running import to stop; a job that has already ended is left as it is.
    pub fn cancel_import(&self, job: JobId) {
        if let Some(cancel) = self.jobs().get(&job) {
            cancel.store(true, Ordering::Relaxed);
            tracing::info!(job = job.0, "cancelling an import");
        }
    }
}

/// The error of work that panicked: nothing was written by it (each write is one transaction).
/// `what` names the work, in this thread's language.
pub fn failed_unexpectedly(what: &str) -> AppError {
    AppError::new(
        ErrorCode::Storage,
        say!(
            en: "CreditDesk failed unexpectedly during {what}; nothing of it was written to the \
                 book. Try again; if it happens again, restart the app.",
            zh: "CreditDesk 在{what}时意外出错；这部分工作未向账簿写入任何内容。请重试；如果问题\
                 再次出现，请重新启动应用。",
        ),
    )
}
