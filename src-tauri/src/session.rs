//! What the desktop app holds between two commands: the open book, the files the user chose in
//! a dialog (by id), the import jobs that are running (with their cancel flags), and whether the
//! outbox is being sent.
//!
//! The open book lives on a thread of its own ([`BookThread`]); commands hand it their work and
//! wait for the answer. The book is therefore used by one thread at a time and never moves
//! between threads, whatever it holds inside.
//!
//! Every method is a thin step around a use case of `creditdesk-app`: it finds the book or the
//! file, calls the use case, and remembers what the user opened. No business rule lives here.
//! The session does not depend on a window: dialogs, documents shown and events go through
//! [`FileChooser`], [`DocumentViewer`] and [`EventSink`], so the tests drive it without one.
//!
//! The session also keeps the language of the web UI, which the UI sets with `set_language`.
//! Every command runs in it ([`Session::in_language`]): the sentences of the use cases are
//! written in the language of the thread that runs them (see `creditdesk_core::text`), so the
//! work a command hands to another thread takes its language along: the book's thread
//! ([`BookThread::run`]) and an import's thread (`importing.rs`).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};
use std::sync::mpsc::{channel, sync_channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{NaiveDate, SecondsFormat, Utc};
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{DemoRequest, NewBook, OpenBook};
use creditdesk_core::say;
use creditdesk_core::text::Language;

use crate::api::{
    BookInfo, ImportFinishedEvent, ImportProgressEvent, JobId, NewBookRequest, PickedFile,
    RecentBook,
};
use crate::choosing::{FileChooser, Purpose};
use crate::documents::DocumentViewer;
use crate::importing::failed_unexpectedly;
use crate::keychain::Keychain;
use crate::recent::RecentBooks;
use crate::sending::{OutboxFinishedEvent, OutboxProgressEvent};

/// The file name of the demo book in the app's data folder.
pub const DEMO_BOOK_FILE: &str = "demo.creditdesk";

/// The extension a new book gets when the save dialog's answer has none.
const BOOK_EXTENSION: &str = "creditdesk";

/// Where the app keeps its own files.
#[derive(Clone, Debug)]
pub struct Places {
    /// The recent books list.
    pub config_dir: PathBuf,
    /// The demo book.
    pub data_dir: PathBuf,
    /// Copies of documents opened in the system's viewer (see `documents.rs`).
    pub cache_dir: PathBuf,
}

/// Receives the events of long work, to pass them on to the web UI.
pub trait EventSink: Send + Sync {
    fn import_progress(&self, event: &ImportProgressEvent);
    fn import_finished(&self, event: &ImportFinishedEvent);
    fn outbox_progress(&self, event: &OutboxProgressEvent);
    fn outbox_finished(&self, event: &OutboxFinishedEvent);
}

/// The state of the app; cheap to clone (all clones share it).
#[derive(Clone)]
pub struct Session {
    inner: Arc<Shared>,
}

struct Shared {
    places: Places,
    recent: RecentBooks,
    chooser: Box<dyn FileChooser>,
    viewer: Box<dyn DocumentViewer>,
    events: Arc<dyn EventSink>,
    keychain: Keychain,
    book: BookThread,
    picked: Mutex<HashMap<u32, PathBuf>>,
    jobs: Mutex<HashMap<JobId, Arc<AtomicBool>>>,
    /// Whether the outbox is being sent (see `sending.rs`).
    sending: AtomicBool,
    next_id: AtomicU32,
    /// The UI's language, as an index into [`Language::ALL`].
    language: AtomicU8,
}

impl Session {
    pub fn new(
        places: Places,
        chooser: Box<dyn FileChooser>,
        viewer: Box<dyn DocumentViewer>,
        events: Arc<dyn EventSink>,
        keychain: Keychain,
    ) -> Session {
        let recent = RecentBooks::in_folder(&places.config_dir);
        Session {
            inner: Arc::new(Shared {
                places,
                recent,
                chooser,
                viewer,
                events,
                keychain,
                book: BookThread::start(),
                picked: Mutex::new(HashMap::new()),
                jobs: Mutex::new(HashMap::new()),
                sending: AtomicBool::new(false),
                next_id: AtomicU32::new(1),
                language: AtomicU8::new(0),
            }),
        }
    }

    /// Opens the book used last; when there is none (or it cannot be opened), the demo book.
    /// Returns what was opened, or `None` when neither could be (the UI then offers the book
    /// chooser).
    pub fn open_on_start(&self, today: NaiveDate) -> Option<BookInfo> {
        if let Some(path) = self.inner.recent.last() {
            match self.open_path(&path) {
                Ok(info) => return Some(info),
                Err(err) => {
                    tracing::warn!(path = %path.display(), %err, "the last book did not open")
                }
            }
        }
        match self.open_demo_book(today) {
            Ok(info) => Some(info),
            Err(err) => {
                tracing::warn!(%err, "the demo book did not open");
                None
            }
        }
    }

    /// The language of the web UI; English until the UI says otherwise.
    pub fn language(&self) -> Language {
        let index = self.inner.language.load(Ordering::Relaxed);
        Language::ALL[usize::from(index)]
    }

    /// The web UI now shows `language`: the commands from now on answer in it.
    pub fn set_language(&self, language: Language) {
        let index = Language::ALL
            .iter()
            .position(|l| *l == language)
            .expect("every language is in Language::ALL");
        self.inner.language.store(index as u8, Ordering::Relaxed);
        tracing::debug!(language = language.code(), "the interface language changed");
    }

    /// Runs `work` (a command) on this thread in the web UI's language.
    pub fn in_language<T>(&self, work: impl FnOnce() -> T) -> T {
        self.language().during(work)
    }

    pub fn recent_books(&self) -> Vec<RecentBook> {
        self.inner.recent.list()
    }

    pub fn current_book(&self) -> AppResult<Option<BookInfo>> {
        self.inner
            .book
            .run(|book| book.as_ref().map(book_info).transpose())
    }

    /// Asks where to create the book; `None` when the user cancelled.
    pub fn new_book(&self, request: NewBookRequest) -> AppResult<Option<BookInfo>> {
        let suggested = format!("{}.{BOOK_EXTENSION}", request.name.trim());
        let Some(mut path) = self
            .inner
            .chooser
            .choose(Purpose::NewBook, Some(&suggested))
        else {
            return Ok(None);
        };
        if path.extension().is_none() {
            path.set_extension(BOOK_EXTENSION);
        }
        let new = NewBook {
            name: request.name,
            currency: request.currency,
        };
        self.make_current(move || creditdesk_app::create_book(&path, &new))
            .map(Some)
    }

    /// Asks which book to open; `None` when the user cancelled.
    pub fn open_book(&self) -> AppResult<Option<BookInfo>> {
        match self.inner.chooser.choose(Purpose::OpenBook, None) {
            Some(path) => self.open_path(&path).map(Some),
            None => Ok(None),
        }
    }

    pub fn open_recent_book(&self, id: u32) -> AppResult<BookInfo> {
        let path = self.inner.recent.path_of(id).ok_or_else(|| {
            AppError::new(
                ErrorCode::BookNotFound,
                say!(
                    en: "That book is no longer in the list of recent books, or its file was \
                         moved or deleted; open it with \"Open a book\".",
                    zh: "该账簿已不在最近使用的账簿列表中，或其文件已被移动或删除；请通过“打开\
                         账簿”打开它。",
                ),
            )
        })?;
        self.open_path(&path)
    }

    /// Opens the demo book, creating it in the app's data folder first when it is missing.
    pub fn open_demo_book(&self, today: NaiveDate) -> AppResult<BookInfo> {
        let path = self.inner.places.data_dir.join(DEMO_BOOK_FILE);
        if !path.exists() {
            std::fs::create_dir_all(&self.inner.places.data_dir).map_err(|err| {
                let folder = self.inner.places.data_dir.display();
                AppError::new(
                    ErrorCode::Io,
                    say!(
                        en: "The folder {folder} for the demo book could not be created: {err}. \
                             Check its permissions.",
                        zh: "无法创建用于存放演示账簿的文件夹 {folder}：{err}。请检查其权限。",
                    ),
                )
            })?;
            let report = creditdesk_app::create_demo_book(&path, &demo_request(today))?;
            tracing::info!(invoices = report.invoices, path = %path.display(), "created the demo book");
        }
        self.open_path(&path)
    }

    pub fn close_book(&self) -> AppResult<()> {
        self.inner.book.run(|book| {
            *book = None;
            Ok(())
        })
    }

    /// Runs a use case on the open book (on the book's thread).
    pub fn with_book<T: Send + 'static>(
        &self,
        use_case: impl FnOnce(&mut OpenBook) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        self.inner.book.run(|book| match book.as_mut() {
            Some(book) => use_case(book),
            None => Err(AppError::no_book()),
        })
    }

    /// The file of the open book.
    pub fn book_path(&self) -> AppResult<PathBuf> {
        self.with_book(|book| Ok(book.path().to_path_buf()))
    }

    /// Asks for a file to import and remembers it; `None` when the user cancelled.
    pub fn pick_import_file(&self) -> AppResult<Option<PickedFile>> {
        self.pick(Purpose::ImportFile)
    }

    /// Asks for a file for `purpose`; `None` when the user cancelled.
    pub(crate) fn choose(&self, purpose: Purpose) -> Option<PathBuf> {
        self.inner.chooser.choose(purpose, None)
    }

    /// Asks for a file for `purpose`, suggesting `name`; `None` when the user cancelled.
    pub(crate) fn choose_named(&self, purpose: Purpose, name: &str) -> Option<PathBuf> {
        self.inner.chooser.choose(purpose, Some(name))
    }

    /// Asks for a file for `purpose` and remembers it under a new id.
    pub fn pick(&self, purpose: Purpose) -> AppResult<Option<PickedFile>> {
        let Some(path) = self.choose(purpose) else {
            return Ok(None);
        };
        let bytes = std::fs::metadata(&path)
            .map_err(|err| {
                let path = path.display();
                AppError::new(
                    ErrorCode::Io,
                    say!(
                        en: "{path} cannot be read: {err}. Choose another file.",
                        zh: "无法读取 {path}：{err}。请选择其他文件。",
                    ),
                )
            })?
            .len();
        let id = self.next_id();
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        lock(&self.inner.picked).insert(id, path);
        Ok(Some(PickedFile { id, name, bytes }))
    }

    /// The file the user chose under `id`.
    pub fn picked_path(&self, id: u32) -> AppResult<PathBuf> {
        lock(&self.inner.picked).get(&id).cloned().ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "No file with id {id} was chosen since the app started; choose the file \
                         again.",
                    zh: "自应用启动以来，没有选择过编号为 {id} 的文件；请重新选择该文件。",
                ),
            )
        })
    }

    pub(crate) fn next_id(&self) -> u32 {
        self.inner.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub(crate) fn viewer(&self) -> &dyn DocumentViewer {
        self.inner.viewer.as_ref()
    }

    /// Where copies of documents to show are written.
    pub(crate) fn documents_dir(&self) -> PathBuf {
        self.inner.places.cache_dir.join("documents")
    }

    pub(crate) fn keychain(&self) -> &Keychain {
        &self.inner.keychain
    }

    pub(crate) fn events(&self) -> Arc<dyn EventSink> {
        Arc::clone(&self.inner.events)
    }

    /// Marks the outbox as being sent; false when it already was.
    pub(crate) fn begin_sending(&self) -> bool {
        !self.inner.sending.swap(true, Ordering::SeqCst)
    }

    pub(crate) fn end_sending(&self) {
        self.inner.sending.store(false, Ordering::SeqCst);
    }

    pub(crate) fn jobs(&self) -> MutexGuard<'_, HashMap<JobId, Arc<AtomicBool>>> {
        lock(&self.inner.jobs)
    }

    fn open_path(&self, path: &Path) -> AppResult<BookInfo> {
        let path = path.to_path_buf();
        self.make_current(move || OpenBook::open(&path))
    }

    /// Opens a book with `open` on the book's thread, makes it the open book (closing the one
    /// before; on failure the one before stays open) and puts it at the top of the recent
    /// books.
    fn make_current(
        &self,
        open: impl FnOnce() -> AppResult<OpenBook> + Send + 'static,
    ) -> AppResult<BookInfo> {
        let (path, info) = self.inner.book.run(move |slot| {
            let book = open()?;
            let info = book_info(&book)?;
            let path = book.path().to_path_buf();
            *slot = Some(book);
            Ok((path, info))
        })?;
        let opened_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        self.inner.recent.opened(&path, &info.name, &opened_at);
        tracing::info!(path = %path.display(), "opened a book");
        Ok(info)
    }
}

/// How long the book's thread waits after its last work before it hands the memory that work
/// freed back to the system.
const IDLE_BEFORE_RELEASE: Duration = Duration::from_secs(1);

/// Hands memory freed by the reports back to the system. The C allocator keeps what a thread
/// freed for the next allocation of that thread; after the dashboard of a large book that is
/// tens of megabytes nobody needs until the next report (measured on a million invoices: about
/// 100 MB resident in the allocator's arenas of the book's threads).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: glibc's malloc_trim takes no pointer, may be called from any thread at any
        // time, and only returns free pages of every arena to the system.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Work for the book's thread: it gets the slot of the open book.
type BookWork = Box<dyn FnOnce(&mut Option<OpenBook>) + Send>;

/// The thread that owns the open book and runs the work of commands on it, one at a time, in
/// the order they arrive.
struct BookThread {
    work: Mutex<Sender<BookWork>>,
}

impl BookThread {
    fn start() -> BookThread {
        let (work, arriving) = channel::<BookWork>();
        std::thread::Builder::new()
            .name("book".into())
            .spawn(move || {
                let mut book: Option<OpenBook> = None;
                let mut worked = false;
                loop {
                    let next = if worked {
                        arriving.recv_timeout(IDLE_BEFORE_RELEASE)
                    } else {
                        arriving.recv().map_err(|_| RecvTimeoutError::Disconnected)
                    };
                    match next {
                        Ok(work) => {
                            work(&mut book);
                            worked = true;
                        }
                        Err(RecvTimeoutError::Timeout) => {
                            release_free_memory();
                            worked = false;
                        }
                        Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
            })
            .expect("the system starts the book's thread");
        BookThread {
            work: Mutex::new(work),
        }
    }

    /// Runs `work` on the book's thread, in the calling thread's language, and waits for its
    /// answer. Work that panics answers with an error; the book stays usable (each write to it
    /// is one transaction, rolled back when the panic drops it).
    fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Option<OpenBook>) -> AppResult<T> + Send + 'static,
    ) -> AppResult<T> {
        let (answer, answered) = sync_channel(1);
        let language = Language::current();
        let job: BookWork = Box::new(move |book| {
            let speaking = || language.during(|| work(book));
            let result = std::panic::catch_unwind(AssertUnwindSafe(speaking));
            let _ = answer.send(result);
        });
        let sent = lock(&self.work).send(job);
        match (sent, answered.recv()) {
            (Ok(()), Ok(Ok(result))) => result,
            _ => Err(failed_unexpectedly(&say!(
                en: "work on the book",
                zh: "处理账簿",
            ))),
        }
    }
}

/// A command that panicked left its lock poisoned; the data behind it is still consistent
/// (every write to the book is one transaction), so the next command may go on.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn book_info(book: &OpenBook) -> AppResult<BookInfo> {
    let settings = book.settings()?;
    Ok(BookInfo {
        name: settings.name,
        currency: settings.currency,
        location: book.path().display().to_string(),
        counts: book.counts()?,
    })
}

/// The demo book: a few hundred customers and about five thousand invoices over two years
/// that end today, so that the dashboard shows every bucket from the first start.
fn demo_request(today: NaiveDate) -> DemoRequest {
    DemoRequest {
        seed: creditdesk_app::demo::DemoSpec::DEFAULT_SEED,
        customers: 300,
        invoices: 5_000,
        end: today,
        months: 24,
    }
}
