//! The CreditDesk desktop app: a Tauri 2 window over the use cases of `creditdesk-app`.
//!
//! The shell registers its state and its commands and adds no business rules: a command takes
//! the [`Session`], converts its request, calls a use case and maps the error (see
//! `commands.rs`). The web UI in `ui/` is embedded in the binary; it calls the commands through
//! one typed module generated from the Rust types (see `bindings.rs`), never chooses a file path
//! (dialogs open from Rust, see `choosing.rs`) and never sends SQL.

pub mod api;
pub mod attaching;
#[cfg(feature = "ts")]
pub mod bindings;
pub mod choosing;
pub mod collections;
pub mod commands;
pub mod credit;
pub mod documents;
pub mod followup;
pub mod importing;
pub mod keychain;
pub mod recent;
pub mod reference_rates;
pub mod sending;
pub mod session;
pub mod settings;

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Emitter, Manager};

use crate::api::{events, ImportFinishedEvent, ImportProgressEvent};
use crate::choosing::{FileChooser, NativeDialogs, ScriptedAnswers};
use crate::documents::{DocumentViewer, RecordedViewer, SystemViewer};
use crate::keychain::Keychain;
use crate::sending::{OutboxFinishedEvent, OutboxProgressEvent};
pub use crate::session::{EventSink, Places, Session};

/// The environment variable that sets the log filter (`info` by default; e.g. `debug`).
pub const LOG_VARIABLE: &str = "CREDITDESK_LOG";

/// The line logged when the window has loaded the interface; the packaging check waits for it.
pub const READY_MESSAGE: &str = "the window has loaded the interface";

/// Starts the app and returns when its window is closed.
pub fn run() {
    let started = Instant::now();
    init_logging();

    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let session = start_session(app.handle())?;
            let today = chrono::Local::now().date_naive();
            if let Some(book) = session.open_on_start(today) {
                tracing::info!(name = %book.name, "opened on start");
            }
            app.manage(session);
            Ok(())
        })
        .on_page_load(move |_webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                let elapsed_ms = started.elapsed().as_millis();
                tracing::info!(elapsed_ms, "{READY_MESSAGE}");
            }
        })
        .invoke_handler(commands::invoke_handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|err| {
            tracing::error!(%err, "the desktop app could not start");
            eprintln!("CreditDesk could not start: {err}");
            std::process::exit(1);
        });
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env(LOG_VARIABLE)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

/// The session of this run: its folders, its dialogs (native, or scripted answers for tests)
/// and its events.
fn start_session(app: &AppHandle) -> tauri::Result<Session> {
    let places = Places {
        config_dir: app.path().app_config_dir()?,
        data_dir: app.path().app_data_dir()?,
        cache_dir: app.path().app_cache_dir()?,
    };
    let chooser: Box<dyn FileChooser> = match ScriptedAnswers::from_environment() {
        Some(answers) => Box::new(answers),
        None => Box::new(NativeDialogs::new(app.clone())),
    };
    let viewer: Box<dyn DocumentViewer> = match RecordedViewer::from_environment() {
        Some(recorded) => Box::new(recorded),
        None => Box::new(SystemViewer),
    };
    let events = Arc::new(WindowEvents { app: app.clone() });
    Ok(Session::new(
        places,
        chooser,
        viewer,
        events,
        Keychain::platform(),
    ))
}

/// Sends the events of long work to every window of the app.
struct WindowEvents {
    app: AppHandle,
}

impl EventSink for WindowEvents {
    fn import_progress(&self, event: &ImportProgressEvent) {
        if let Err(err) = self.app.emit(events::IMPORT_PROGRESS, event) {
            tracing::warn!(%err, "an import progress event was not delivered");
        }
    }

    fn import_finished(&self, event: &ImportFinishedEvent) {
        if let Err(err) = self.app.emit(events::IMPORT_FINISHED, event) {
            tracing::warn!(%err, "an import finished event was not delivered");
        }
    }

    fn outbox_progress(&self, event: &OutboxProgressEvent) {
        if let Err(err) = self.app.emit(events::OUTBOX_PROGRESS, event) {
            tracing::warn!(%err, "an outbox progress event was not delivered");
        }
    }

    fn outbox_finished(&self, event: &OutboxFinishedEvent) {
        if let Err(err) = self.app.emit(events::OUTBOX_FINISHED, event) {
            tracing::warn!(%err, "an outbox finished event was not delivered");
        }
    }
}
