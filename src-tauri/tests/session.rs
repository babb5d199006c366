//! The desktop session driven as the web UI drives it, without a window: dialogs answer from a
//! script and events are recorded.

#[allow(dead_code)]
#[path = "../../crates/mail/tests/support/mod.rs"]
mod smtp;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use creditdesk_app::DemoRequest;
use creditdesk_core::Currency;
use creditdesk_desktop::api::{
    ImportFinishedEvent, ImportOutcome, ImportProgressEvent, JobId, NewBookRequest, PeekRequest,
    ProfileSpec, StartImportRequest,
};
use creditdesk_desktop::choosing::ScriptedAnswers;
use creditdesk_desktop::documents::RecordedViewer;
use creditdesk_desktop::keychain::Keychain;
use creditdesk_desktop::sending::{OutboxFinishedEvent, OutboxProgressEvent, SendingOutcome};
use creditdesk_desktop::{EventSink, Places, Session};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

/// Records every event; can cancel the job on its first progress report.
#[derive(Default)]
struct Recorded {
    progress: Mutex<Vec<ImportProgressEvent>>,
    finished: Mutex<Vec<ImportFinishedEvent>>,
    sending: Mutex<Vec<OutboxProgressEvent>>,
    sent: Mutex<Vec<OutboxFinishedEvent>>,
    done: (Mutex<bool>, std::sync::Condvar),
    cancel_on_progress: OnceLock<Session>,
}

impl EventSink for Recorded {
    fn import_progress(&self, event: &ImportProgressEvent) {
        self.progress.lock().unwrap().push(*event);
        if let Some(session) = self.cancel_on_progress.get() {
            session.cancel_import(event.job);
        }
    }

    fn import_finished(&self, event: &ImportFinishedEvent) {
        self.finished.lock().unwrap().push(event.clone());
        *self.done.0.lock().unwrap() = true;
        self.done.1.notify_all();
    }

    fn outbox_progress(&self, event: &OutboxProgressEvent) {
        self.sending.lock().unwrap().push(event.clone());
    }

    fn outbox_finished(&self, event: &OutboxFinishedEvent) {
        self.sent.lock().unwrap().push(event.clone());
        *self.done.0.lock().unwrap() = true;
        self.done.1.notify_all();
    }
}

impl Recorded {
    /// The end of the sending `job`, with the progress events that came before it.
    fn wait_for_sending(&self, job: JobId) -> (Vec<OutboxProgressEvent>, OutboxFinishedEvent) {
        let mut done = self.done.0.lock().unwrap();
        while !*done {
            done = self.done.1.wait(done).unwrap();
        }
        let sent = self.sent.lock().unwrap();
        assert_eq!(sent.len(), 1, "exactly one finished event per sending");
        assert_eq!(sent[0].job, job);
        (self.sending.lock().unwrap().clone(), sent[0].clone())
    }

    fn wait_for_finish(&self, job: JobId) -> ImportFinishedEvent {
        let mut done = self.done.0.lock().unwrap();
        while !*done {
            done = self.done.1.wait(done).unwrap();
        }
        let finished = self.finished.lock().unwrap();
        assert_eq!(finished.len(), 1, "exactly one finished event per job");
        assert_eq!(finished[0].job, job);
        finished[0].clone()
    }
}

/// A session in a fresh folder, whose dialogs answer with `answers`, one per line.
struct Desk {
    dir: tempfile::TempDir,
    answers: PathBuf,
    events: Arc<Recorded>,
    session: Session,
}

impl Desk {
    fn new() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let answers = dir.path().join("answers.txt");
        std::fs::write(&answers, "").unwrap();
        let events = Arc::new(Recorded::default());
        let session = session_in(dir.path(), &answers, events.clone());
        Desk {
            dir,
            answers,
            events,
            session,
        }
    }

    /// The next dialogs answer these lines (appended to what was scripted before).
    fn answer(&self, lines: &[&str]) {
        let mut text = std::fs::read_to_string(&self.answers).unwrap();
        for line in lines {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(&self.answers, text).unwrap();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The same folders started again, as after a restart of the app.
    fn restarted(&self) -> Session {
        session_in(
            self.dir.path(),
            &self.answers,
            Arc::new(Recorded::default()),
        )
    }
}

fn session_in(dir: &Path, answers: &Path, events: Arc<Recorded>) -> Session {
    let places = Places {
        config_dir: dir.join("config"),
        data_dir: dir.join("data"),
        cache_dir: dir.join("cache"),
    };
    let chooser = Box::new(ScriptedAnswers::new(answers.to_path_buf()));
    let viewer = Box::new(RecordedViewer::new(dir.join("opened.txt")));
    Session::new(places, chooser, viewer, events, Keychain::mock())
}

fn new_book(desk: &Desk, file: &str, name: &str) {
    desk.answer(&[desk.path(file).to_str().unwrap()]);
    let request = NewBookRequest {
        name: name.into(),
        currency: eur(),
    };
    desk.session
        .new_book(request)
        .unwrap()
        .expect("the dialog was answered");
}

fn import(desk: &Desk, file: &Path, dry_run: bool) -> ImportFinishedEvent {
    desk.answer(&[file.to_str().unwrap()]);
    let picked = desk.session.pick_import_file().unwrap().unwrap();
    let job = desk
        .session
        .start_import(StartImportRequest {
            file_id: picked.id,
            profile: ProfileSpec::Builtin("generic".into()),
            currency: None,
            terms: None,
            customer: None,
            export_date: None,
            dry_run,
        })
        .unwrap();
    desk.events.wait_for_finish(job)
}

fn demo_csv(desk: &Desk, invoices: usize) -> PathBuf {
    let path = desk.path(&format!("ledger-{invoices}.csv"));
    let request = DemoRequest {
        seed: 11,
        customers: 20,
        invoices,
        end: day(2026, 3, 31),
        months: 12,
    };
    creditdesk_app::write_demo_csv(&path, &request).unwrap();
    path
}

#[test]
fn a_new_book_is_created_where_the_save_dialog_says_and_opened_again_after_a_restart() {
    let desk = Desk::new();
    desk.answer(&[desk.path("acme").to_str().unwrap()]);

    let info = desk
        .session
        .new_book(NewBookRequest {
            name: "Acme GmbH".into(),
            currency: eur(),
        })
        .unwrap()
        .unwrap();

    assert_eq!(info.name, "Acme GmbH");
    assert_eq!(info.currency, eur());
    assert!(
        info.location.ends_with("acme.creditdesk"),
        "a name without extension gets .creditdesk: {}",
        info.location
    );
    assert_eq!(info.counts.invoices, 0);
    let recent = desk.session.recent_books();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].name, "Acme GmbH");

    let after_restart = desk.restarted().open_on_start(day(2026, 3, 31)).unwrap();
    assert_eq!(
        after_restart.name, "Acme GmbH",
        "the last book opens, not the demo book"
    );
    assert!(!desk.path("data").join("demo.creditdesk").exists());
}

#[test]
fn the_first_start_opens_the_demo_book() {
    let desk = Desk::new();

    let info = desk.session.open_on_start(day(2026, 3, 31)).unwrap();

    assert_eq!(info.name, "Demo Trading GmbH");
    assert_eq!(info.counts.invoices, 5_000);
    assert!(desk.path("data").join("demo.creditdesk").is_file());
    assert_eq!(desk.session.current_book().unwrap(), Some(info));
}

#[test]
fn a_cancelled_dialog_changes_nothing() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    desk.answer(&[""]);

    let opened = desk.session.open_book().unwrap();

    assert_eq!(opened, None);
    assert_eq!(
        desk.session.current_book().unwrap().unwrap().name,
        "Acme GmbH"
    );
}

#[test]
fn without_an_open_book_commands_say_how_to_open_one() {
    let desk = Desk::new();

    let err = desk.session.with_book(|book| book.counts()).unwrap_err();

    assert_eq!(
        err.message,
        "No book is open; open a book or create a new one, then try again."
    );
    assert_eq!(desk.session.current_book().unwrap(), None);
}

#[test]
fn a_recent_book_that_is_gone_says_how_to_open_it() {
    let desk = Desk::new();

    let err = desk.session.open_recent_book(7).unwrap_err();

    assert_eq!(
        err.message,
        "That book is no longer in the list of recent books, or its file was moved or deleted; \
         open it with \"Open a book\"."
    );
}

#[test]
fn a_file_is_named_by_the_id_it_was_picked_under() {
    let desk = Desk::new();
    let csv = desk.path("march.csv");
    std::fs::write(&csv, "record,customer_ref\n").unwrap();
    desk.answer(&[csv.to_str().unwrap()]);

    let picked = desk.session.pick_import_file().unwrap().unwrap();

    assert_eq!(picked.name, "march.csv");
    assert_eq!(picked.bytes, 20);
    assert_eq!(desk.session.picked_path(picked.id).unwrap(), csv);
    let err = desk.session.picked_path(picked.id + 100).unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "No file with id {} was chosen since the app started; choose the file again.",
            picked.id + 100
        )
    );
}

#[test]
fn a_dry_run_reports_what_would_be_written_and_writes_nothing() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let csv = demo_csv(&desk, 40);

    let preview = import(&desk, &csv, true);

    let ImportOutcome::Ok(report) = preview.outcome else {
        panic!("the dry run reports: {:?}", preview.outcome)
    };
    assert!(report.dry_run && !report.committed);
    assert_eq!(report.tally.invoices.inserted, 40);
    assert!(report.problems.is_empty());
    assert_eq!(
        desk.session
            .current_book()
            .unwrap()
            .unwrap()
            .counts
            .invoices,
        0
    );
}

#[test]
fn an_import_writes_into_the_open_book() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let csv = demo_csv(&desk, 40);

    let finished = import(&desk, &csv, false);

    let ImportOutcome::Ok(report) = finished.outcome else {
        panic!("the import reports: {:?}", finished.outcome)
    };
    assert!(report.committed);
    assert_eq!(
        desk.session
            .current_book()
            .unwrap()
            .unwrap()
            .counts
            .invoices,
        40
    );
    let progress = desk.events.progress.lock().unwrap();
    let last = progress.last().expect("at least the final progress report");
    assert_eq!(last.progress.bytes_read, last.progress.bytes_total);
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    // More rows than one progress interval, so that the import asks whether to go on.
    let csv = demo_csv(&desk, 10_000);
    desk.events
        .cancel_on_progress
        .set(desk.session.clone())
        .ok();

    let finished = import(&desk, &csv, false);

    let ImportOutcome::Ok(report) = finished.outcome else {
        panic!("a cancelled import reports: {:?}", finished.outcome)
    };
    assert!(report.cancelled && !report.committed);
    assert_eq!(
        desk.session
            .current_book()
            .unwrap()
            .unwrap()
            .counts
            .invoices,
        0
    );
}

#[test]
fn an_import_without_an_open_book_is_refused() {
    let desk = Desk::new();
    let csv = desk.path("march.csv");
    std::fs::write(&csv, "record\n").unwrap();
    desk.answer(&[csv.to_str().unwrap()]);
    let picked = desk.session.pick_import_file().unwrap().unwrap();

    let err = desk
        .session
        .start_import(StartImportRequest {
            file_id: picked.id,
            profile: ProfileSpec::Builtin("generic".into()),
            currency: None,
            terms: None,
            customer: None,
            export_date: None,
            dry_run: true,
        })
        .unwrap_err();

    assert_eq!(
        err.message,
        "No book is open; open a book or create a new one, then try again."
    );
}

fn mail_account(username: Option<&str>) -> creditdesk_app::SmtpSettings {
    creditdesk_app::SmtpSettings {
        host: "smtp.example.test".into(),
        port: 587,
        security: creditdesk_app::SmtpSecurity::Starttls,
        username: username.map(str::to_string),
        from_address: "billing@example.test".into(),
        from_name: Some("Acme Billing".into()),
        password_saved: false,
    }
}

#[test]
fn the_mail_password_goes_to_the_keychain_and_the_ui_only_learns_it_is_saved() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let save = |password: Option<&str>| {
        desk.session
            .save_smtp_settings(creditdesk_desktop::api::SaveSmtpRequest {
                settings: mail_account(Some("billing")),
                password: password.map(str::to_string),
            })
            .unwrap()
    };

    let saved = save(Some("s3cret"));
    assert!(saved.password_saved);
    assert!(desk.session.smtp_settings().unwrap().password_saved);
    let json = serde_json::to_string(&desk.session.smtp_settings().unwrap()).unwrap();
    assert!(
        !json.contains("s3cret"),
        "the password never goes back to the UI: {json}"
    );

    assert!(
        save(None).password_saved,
        "no password given: the saved one stays"
    );
    assert!(
        !save(Some("")).password_saved,
        "an empty password removes the saved one"
    );
}

#[test]
fn a_password_for_an_account_without_a_user_name_is_refused() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");

    let err = desk
        .session
        .save_smtp_settings(creditdesk_desktop::api::SaveSmtpRequest {
            settings: mail_account(None),
            password: Some("s3cret".into()),
        })
        .unwrap_err();

    assert_eq!(
        err.message,
        "A password was given for a mail account without a user name; give the user name your \
         mail provider gave you, or leave the password empty."
    );
    assert_eq!(
        desk.session.smtp_settings().unwrap().host,
        "",
        "nothing was saved"
    );
}

#[test]
fn a_logo_chosen_in_the_dialog_comes_back_as_a_data_url() {
    let desk = Desk::new();
    let logo = desk.path("logo.png");
    std::fs::write(&logo, b"\x89PNG\r\n\x1a\n rest of a small image").unwrap();
    desk.answer(&[logo.to_str().unwrap(), ""]);

    let chosen = desk.session.pick_logo().unwrap().unwrap();
    let cancelled = desk.session.pick_logo().unwrap();

    assert!(
        chosen.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "{chosen}"
    );
    assert_eq!(cancelled, None);
}

#[test]
fn a_picked_file_is_peeked_with_an_edited_profile_sent_as_custom() {
    let desk = Desk::new();
    let file = desk.path("rechnungen.csv");
    std::fs::write(
        &file,
        "Offene Posten\nRechnung;Datum;Betrag\nR-1;05.01.2024;1.250,00\n",
    )
    .unwrap();
    desk.answer(&[file.to_str().unwrap()]);
    let picked = desk.session.pick_import_file().unwrap().unwrap();

    let mut definition = creditdesk_app::profile_definition("generic-de").unwrap();
    definition
        .columns
        .insert("number".into(), "Rechnung".into());
    let spec = ProfileSpec::Custom(definition.clone());
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(
        json,
        serde_json::json!({ "custom": serde_json::to_value(&definition).unwrap() }),
        "the web UI sends an edited profile as {{ custom: definition }}"
    );
    let request: PeekRequest =
        serde_json::from_value(serde_json::json!({ "file_id": picked.id, "profile": json }))
            .unwrap();

    let peek = desk.session.peek_import_file(request).unwrap();
    assert_eq!(peek.headers, ["Rechnung", "Datum", "Betrag"]);
    assert_eq!(peek.rows, [["R-1", "05.01.2024", "1.250,00"]]);

    let unknown = PeekRequest {
        file_id: picked.id + 100,
        profile: ProfileSpec::Builtin("generic".into()),
    };
    assert_eq!(
        desk.session.peek_import_file(unknown).unwrap_err().message,
        format!(
            "No file with id {} was chosen since the app started; choose the file again.",
            picked.id + 100
        )
    );
}

/// The UI's language reaches every thread a command's work runs on: the command's own, the
/// book's, and an import's two.
#[test]
fn commands_answer_in_the_language_the_ui_set() {
    use creditdesk_core::text::Language;

    let desk = Desk::new();
    assert_eq!(desk.session.language(), Language::English);
    desk.session.set_language(Language::SimplifiedChinese);

    let gone = desk
        .session
        .in_language(|| desk.session.open_recent_book(7))
        .unwrap_err();
    assert_eq!(
        gone.message,
        "该账簿已不在最近使用的账簿列表中，或其文件已被移动或删除；请通过“打开账簿”打开它。"
    );
    let no_book = desk
        .session
        .in_language(|| desk.session.with_book(|book| book.counts()))
        .unwrap_err();
    assert_eq!(
        no_book.message,
        "没有打开的账簿；请打开或新建一个账簿后重试。"
    );

    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let on_the_book_thread = desk
        .session
        .in_language(|| desk.session.with_book(|book| book.invoice("INV-404")))
        .unwrap_err();
    assert_eq!(
        on_the_book_thread.message,
        "账簿中没有编号为 INV-404 的发票；请核对发票号。"
    );

    let csv = desk.path("terms.csv");
    std::fs::write(
        &csv,
        "customer_ref,number,date,terms,amount\nC-1,INV-1,2026-01-05,net 4000,10.00\n",
    )
    .unwrap();
    let finished = desk.session.in_language(|| import(&desk, &csv, true));
    let ImportOutcome::Ok(report) = finished.outcome else {
        panic!("the dry run reports: {:?}", finished.outcome)
    };
    assert_eq!(
        report.problems[0].message,
        "付款条件“net 4000”中的天数 4000 不可接受；请填写 0 到 3650 天。",
        "read on the import's reading thread, in the language of the command that started it"
    );

    desk.session.set_language(Language::English);
    let english = desk
        .session
        .in_language(|| desk.session.open_recent_book(7))
        .unwrap_err();
    assert!(english.message.starts_with("That book is no longer"));
    assert_eq!(
        english.code, gone.code,
        "the code never changes with the language"
    );
}

/// The credit commands as the web UI sends them (JSON in the shape of the generated types): an
/// order over the limit is held with its reason as a code with fields and as a sentence, an
/// override needs a written reason, and with one the order is saved as open.
#[test]
fn an_order_over_the_limit_is_held_with_its_reason_and_saved_on_an_override() {
    use creditdesk_app::{CreditProfileInput, CustomerInput};
    use creditdesk_desktop::credit::{EnterOrderRequest, OrderResult};

    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let profile: CreditProfileInput = serde_json::from_value(serde_json::json!({
        "customer": "MARI", "limit": "5000.00", "currency": null, "max_terms_days": 60,
        "default_terms_days": null, "risk_class": null, "status": null,
        "review_date": "2027-06-30", "review_interval_months": null, "security_required": null,
    }))
    .unwrap();
    let order = |reason: Option<&str>| -> EnterOrderRequest {
        serde_json::from_value(serde_json::json!({
            "order": { "reference": "SO-1", "customer": "MARI", "amount": "6000.00",
                       "currency": null, "terms_days": null, "date": "2026-12-01" },
            "as_of": "2026-12-01",
            "override_reason": reason,
        }))
        .unwrap()
    };
    let enter = |request: EnterOrderRequest| {
        desk.session.with_book(move |book| {
            let reason = request.override_reason.as_deref();
            book.enter_order(&request.order, request.as_of, reason)
                .map(OrderResult::from)
        })
    };
    desk.session
        .with_book(move |book| {
            book.save_customer(&CustomerInput {
                reference: "MARI".into(),
                name: "Marigold Events".into(),
                country: None,
                email: None,
                channel: None,
            })?;
            book.set_credit_profile(&profile, day(2026, 12, 1))
        })
        .unwrap();

    let held = enter(order(None)).unwrap();
    assert!(!held.saved && !held.overridden);
    let json = serde_json::to_value(&held).unwrap();
    assert_eq!(
        json["reasons"][0]["reason"],
        serde_json::json!({
            "code": "over_limit",
            "exposure": { "amount": "6000.00", "currency": "EUR" },
            "limit": { "amount": "5000.00", "currency": "EUR" },
            "excess": { "amount": "1000.00", "currency": "EUR" },
        })
    );
    assert_eq!(
        held.reasons[0].sentence,
        "With this order the exposure is 6000.00 EUR, over the credit limit of 5000.00 EUR by \
         1000.00 EUR."
    );

    let blank = enter(order(Some("  "))).unwrap_err();
    assert_eq!(
        blank.message,
        "An order on hold is released only with a reason; write why the order may go ahead."
    );

    let saved = enter(order(Some("Deposit received today."))).unwrap();
    assert!(saved.saved && saved.overridden);
    let orders = desk.session.with_book(|book| book.orders("MARI")).unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(serde_json::to_value(orders[0].state).unwrap(), "open");
}

#[test]
fn a_rates_file_chosen_in_the_dialog_is_recorded_and_a_cancelled_dialog_records_nothing() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let rates = desk.path("rates.csv");
    std::fs::write(
        &rates,
        "date,from,to,rate\n2026-11-30,USD,EUR,0.9412\n2026-11-30,GBP,EUR,1.1830\n",
    )
    .unwrap();
    desk.answer(&["", rates.to_str().unwrap(), rates.to_str().unwrap()]);

    let cancelled = creditdesk_desktop::credit::import_rates(&desk.session).unwrap();
    let first = creditdesk_desktop::credit::import_rates(&desk.session).unwrap();
    let again = creditdesk_desktop::credit::import_rates(&desk.session).unwrap();

    assert_eq!(cancelled, None);
    let first = first.expect("the dialog was answered");
    assert_eq!(
        first.file_name, "rates.csv",
        "the UI learns the name, not the path"
    );
    assert_eq!((first.saved.added, first.saved.unchanged), (2, 0));
    let again = again.expect("the dialog was answered");
    assert_eq!((again.saved.added, again.saved.unchanged), (0, 2));
    let recorded = desk
        .session
        .with_book(|book| book.exchange_rates(day(2026, 12, 31)))
        .unwrap();
    assert_eq!(recorded.len(), 2);
}

#[test]
fn a_rates_file_with_a_bad_row_is_refused_whole() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let rates = desk.path("rates.csv");
    std::fs::write(
        &rates,
        "date,from,to,rate\n2026-11-30,USD,EUR,0.9412\n2026-11-30,GBP,EUR,-1\n",
    )
    .unwrap();
    desk.answer(&[rates.to_str().unwrap()]);

    let refused = creditdesk_desktop::credit::import_rates(&desk.session).unwrap_err();

    assert!(
        refused
            .message
            .starts_with("The file has 1 bad row(s); no rate was recorded."),
        "{}",
        refused.message
    );
    let recorded = desk
        .session
        .with_book(|book| book.exchange_rates(day(2026, 12, 31)))
        .unwrap();
    assert!(recorded.is_empty(), "nothing of a refused file is recorded");
}

#[test]
fn a_rate_file_chosen_in_the_dialog_replaces_a_reference_rate_table_until_reset() {
    use creditdesk_app::RateTableOrigin;
    use creditdesk_core::interest::RateSource;
    use creditdesk_desktop::reference_rates::load_chosen_rate_file;

    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    let good = desk.path("ezb-2026.csv");
    std::fs::write(
        &good,
        "from,to,percent\n2026-01-01,2026-06-30,2.15\n2026-07-01,2026-12-31,2.00\n",
    )
    .unwrap();
    let bad = desk.path("ezb-typo.csv");
    std::fs::write(&bad, "from,to,percent\n2026-01-01,2026-06-30,2,15\n").unwrap();
    desk.answer(&["", bad.to_str().unwrap(), good.to_str().unwrap()]);

    let cancelled = load_chosen_rate_file(&desk.session, RateSource::EcbReference).unwrap();
    assert_eq!(cancelled, None);

    let refused = load_chosen_rate_file(&desk.session, RateSource::EcbReference)
        .unwrap()
        .expect("the dialog was answered");
    assert!(!refused.loaded);
    assert_eq!(
        refused.file_name, "ezb-typo.csv",
        "the UI learns the name, not the path"
    );
    let lines: Vec<(usize, &str)> = refused
        .problems
        .iter()
        .map(|p| (p.problem.line, p.message.as_str()))
        .collect();
    assert_eq!(
        lines,
        [(
            2,
            "Line 2 has 4 fields; give exactly three: from,to,percent."
        )]
    );

    let loaded = load_chosen_rate_file(&desk.session, RateSource::EcbReference)
        .unwrap()
        .expect("the dialog was answered");
    assert!(loaded.loaded);
    let changes = loaded.changes.expect("a loaded table is compared");
    assert_eq!(
        changes.warnings[0],
        "The ECB reference rate table now starts on 2026-01-01, 9862 day(s) later than before \
         (1999-01-01): interest for days before 2026-01-01 is refused."
    );
    let tables = desk
        .session
        .with_book(|book| book.reference_rates())
        .unwrap();
    assert_eq!(tables[0].known_until, day(2026, 12, 31));
    assert!(matches!(
        &tables[0].origin,
        RateTableOrigin::Loaded { file_name, .. } if file_name == "ezb-2026.csv"
    ));

    let reset = desk
        .session
        .with_book(|book| book.reset_rate_table(RateSource::EcbReference))
        .unwrap();
    assert_eq!(reset.table.origin, RateTableOrigin::Shipped);
    assert_eq!(reset.table.known_until, day(2026, 6, 30));
}

#[test]
fn a_file_chosen_in_the_dialog_is_attached_to_a_credit_report_and_saved_back_identical() {
    use creditdesk_desktop::attaching::{
        attach_chosen_to_credit_report, attach_chosen_to_dispute, save_attachment_as,
        AttachmentRequest, CreditReportRequest, DisputeRequest,
    };

    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");
    desk.session
        .with_book(|book| {
            book.save_customer(&creditdesk_app::CustomerInput {
                reference: "OSTR".into(),
                name: "Ostrander Marine".into(),
                country: None,
                email: None,
                channel: None,
            })?;
            book.post_invoice(&creditdesk_app::InvoiceInput {
                number: "I1".into(),
                customer: "OSTR".into(),
                issue_date: day(2026, 10, 1),
                amount: "1000.00".parse().unwrap(),
                currency: None,
                due_date: Some(day(2026, 10, 31)),
                terms: None,
                disputed: false,
            })?;
            book.set_credit_profile(
                &creditdesk_app::CreditProfileInput {
                    customer: "OSTR".into(),
                    limit: "5000.00".parse().unwrap(),
                    currency: None,
                    max_terms_days: 60,
                    default_terms_days: None,
                    risk_class: None,
                    status: None,
                    review_date: None,
                    review_interval_months: None,
                    security_required: None,
                },
                day(2026, 11, 1),
            )?;
            book.add_credit_report(
                "OSTR",
                &creditdesk_core::credit::CreditReport {
                    agency: "Creditreform".into(),
                    date: day(2026, 11, 2),
                    rating: "72".into(),
                    recommended_limit: None,
                    note: String::new(),
                },
            )?;
            book.open_dispute(&creditdesk_app::DisputeInput {
                invoice: "I1".into(),
                amount: None,
                line: None,
                reason: creditdesk_core::disputes::DisputeReason::Quality,
                note: String::new(),
                opened_on: day(2026, 11, 10),
            })?;
            Ok(())
        })
        .unwrap();
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend((0..=255u8).cycle().take(10_000));
    let original = desk.path("Creditreform 报告.pdf");
    std::fs::write(&original, &pdf).unwrap();
    let copy = desk.path("copy.pdf");
    let report = CreditReportRequest {
        customer: "OSTR".into(),
        report: 1,
    };
    desk.answer(&[
        "",
        original.to_str().unwrap(),
        original.to_str().unwrap(),
        "",
        copy.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);

    let cancelled = attach_chosen_to_credit_report(&desk.session, report.clone()).unwrap();
    let attached = attach_chosen_to_credit_report(&desk.session, report.clone()).unwrap();
    let on_dispute =
        attach_chosen_to_dispute(&desk.session, DisputeRequest { dispute: 1 }).unwrap();
    let request = AttachmentRequest { id: 1 };
    let not_saved = save_attachment_as(&desk.session, request).unwrap();
    let saved = save_attachment_as(&desk.session, request).unwrap();
    let overwrite = save_attachment_as(&desk.session, AttachmentRequest { id: 2 }).unwrap_err();

    assert_eq!(cancelled, None, "a cancelled dialog attaches nothing");
    let attached = attached.expect("the dialog was answered");
    assert_eq!(attached.file_name, "Creditreform 报告.pdf");
    assert_eq!(attached.media_type, "application/pdf");
    assert_eq!(attached.size, pdf.len() as u64);
    assert_eq!(on_dispute.expect("answered").id, 2);
    assert_eq!(not_saved, None, "a cancelled save dialog writes nothing");
    let saved = saved.expect("the dialog was answered");
    assert_eq!(
        saved.saved_as, "copy.pdf",
        "the UI learns the name, not the path"
    );
    assert_eq!(saved.attachment, attached);
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        pdf,
        "saved back byte for byte"
    );
    assert_eq!(
        overwrite.message,
        format!(
            "{} already exists; choose another file name to save the attachment to.",
            copy.display()
        )
    );
    let listed = desk
        .session
        .with_book(|book| book.attachments_of_credit_report("OSTR", 1))
        .unwrap();
    assert_eq!(listed, [attached]);
}

/// Lakeside Tools' book, mailing through the server on `port` of this machine (no login), with
/// KOWALSKI (reminders by email) owing one invoice due on 2025-02-28 and MEYER (no email
/// address: letters on paper) another; a run for 2025-03-31 is proposed, approved and executed
/// from the desktop: a reminder email to KOWALSKI waits in the outbox, MEYER's letter is printed.
fn lakeside(desk: &Desk, port: u16) -> creditdesk_app::ExecutionReport {
    use creditdesk_app::{AddressInput, CustomerInput, InvoiceInput, SmtpSecurity, SmtpSettings};

    new_book(desk, "lakeside.creditdesk", "Lakeside Tools GmbH");
    desk.session
        .with_book(move |book| {
            let mut company = book.company_settings()?;
            company.address_lines = vec!["Seestrasse 4".into(), "8002 Zürich".into()];
            company.email = Some("accounts@lakeside.example".into());
            book.save_company_settings(&company)?;
            book.save_smtp_settings(&SmtpSettings {
                host: "127.0.0.1".into(),
                port: u32::from(port),
                security: SmtpSecurity::None,
                username: None,
                from_address: "ar@lakeside.example".into(),
                from_name: Some("Lakeside Tools GmbH".into()),
                password_saved: false,
            })?;
            for (reference, name, email, number) in [
                (
                    "KOWALSKI",
                    "Kowalski Sp. z o.o.",
                    Some("ap@kowalski.example"),
                    "INV-101",
                ),
                ("MEYER", "Meyer Baustoffe KG", None, "INV-201"),
            ] {
                book.save_customer(&CustomerInput {
                    reference: reference.into(),
                    name: name.into(),
                    country: Some("DE".into()),
                    email: email.map(str::to_string),
                    channel: Some(creditdesk_core::ledger::Channel::Email),
                })?;
                book.set_customer_address(&AddressInput {
                    customer: reference.into(),
                    lines: Some(vec![
                        name.into(),
                        "Hafenweg 1".into(),
                        "20457 Hamburg".into(),
                    ]),
                    country: None,
                    letter_language: None,
                })?;
                book.post_invoice(&InvoiceInput {
                    number: number.into(),
                    customer: reference.into(),
                    issue_date: day(2025, 1, 29),
                    amount: "1000.00".parse().unwrap(),
                    currency: None,
                    due_date: Some(day(2025, 2, 28)),
                    terms: None,
                    disputed: false,
                })?;
            }
            let run = book.propose_dunning(day(2025, 3, 31))?;
            book.approve_dunning(run.id, None)?;
            book.execute_dunning(run.id, day(2025, 3, 31))
        })
        .unwrap()
}

#[test]
fn send_now_delivers_the_queued_reminder_with_its_letter_and_reports_it_as_events() {
    let server = smtp::Server::start("plain", None);
    let desk = Desk::new();
    let executed = lakeside(&desk, server.port);
    assert_eq!(executed.outbox.len(), 1, "{executed:?}");

    let job = desk.session.start_sending().unwrap();
    let (progress, finished) = desk.events.wait_for_sending(job);

    assert_eq!(progress.len(), 1);
    assert_eq!(
        (progress[0].progress.done, progress[0].progress.due),
        (1, 1)
    );
    let SendingOutcome::Ok(report) = finished.outcome else {
        panic!("the sending ended in an error: {:?}", finished.outcome);
    };
    assert_eq!((report.sent, report.failed, report.retrying), (1, 0, 0));
    assert_eq!(
        report.message,
        "1 sent, 0 to be tried again later, 0 failed, 0 unconfirmed."
    );
    let received = server.received(0);
    assert_eq!(received["rcpt_tos"][0], "ap@kowalski.example");
    let attachment = &received["attachments"][0];
    assert_eq!(attachment["content_type"], "application/pdf");
    assert!(
        attachment["filename"]
            .as_str()
            .unwrap()
            .starts_with("D-2025-"),
        "the letter goes attached under its reference: {attachment}"
    );
    let outbox = desk.session.with_book(|book| book.outbox()).unwrap();
    assert_eq!(outbox[0].state, creditdesk_app::OutboxState::Sent);
}

#[test]
fn an_unreachable_server_stops_the_sending_and_leaves_the_reminder_queued() {
    let desk = Desk::new();
    lakeside(&desk, smtp::closed_port());

    let job = desk.session.start_sending().unwrap();
    let (_, finished) = desk.events.wait_for_sending(job);

    let SendingOutcome::Ok(report) = finished.outcome else {
        panic!("the sending ended in an error: {:?}", finished.outcome);
    };
    assert_eq!(report.retrying, 1, "{report:?}");
    assert!(report.stopped.is_some(), "the report says why it stopped");
    let outbox = desk.session.with_book(|book| book.outbox()).unwrap();
    assert_eq!(outbox[0].state, creditdesk_app::OutboxState::Queued);
    assert_eq!(outbox[0].attempts, 1);
}

#[test]
fn send_now_without_a_mail_account_says_how_to_set_one_up_and_starts_nothing() {
    let desk = Desk::new();
    new_book(&desk, "acme.creditdesk", "Acme GmbH");

    let err = desk.session.start_sending().unwrap_err();

    assert_eq!(
        err.message,
        "The mail server is empty; give the host name your mail provider gives for sending mail \
         (SMTP), e.g. smtp.example.com."
    );
    assert!(desk.events.sent.lock().unwrap().is_empty());
}

#[test]
fn a_letter_is_opened_from_a_copy_in_the_cache_and_saved_where_the_dialog_says() {
    let desk = Desk::new();
    let executed = lakeside(&desk, smtp::closed_port());
    let letter = executed
        .executed
        .iter()
        .find(|line| line.customer_reference == "MEYER")
        .expect("MEYER's letter was printed");
    let copy = desk.path("meyer");
    desk.answer(&["", copy.to_str().unwrap()]);

    let opened = desk.session.open_letter(letter.communication_id).unwrap();
    let cancelled = desk.session.save_letter(letter.communication_id).unwrap();
    let saved = desk.session.save_letter(letter.communication_id).unwrap();

    assert_eq!(
        opened.file_name,
        format!("{}-MEYER.pdf", letter.reference),
        "the letter is named by its reference and customer"
    );
    let shown = std::fs::read_to_string(desk.path("opened.txt")).unwrap();
    assert_eq!(
        shown.trim(),
        opened.location,
        "the copy written is the one shown"
    );
    assert!(std::fs::read(&opened.location)
        .unwrap()
        .starts_with(b"%PDF"));
    assert_eq!(cancelled, None, "a cancelled save dialog writes nothing");
    assert_eq!(
        saved.expect("the dialog was answered").saved_as,
        "meyer.pdf",
        "a name without extension gets .pdf"
    );
    assert_eq!(
        std::fs::read(desk.path("meyer.pdf")).unwrap(),
        std::fs::read(&opened.location).unwrap(),
        "saved and shown are the same letter"
    );
}

#[test]
fn a_communication_not_in_the_book_has_no_letter_to_open() {
    let desk = Desk::new();
    lakeside(&desk, smtp::closed_port());

    let err = desk.session.open_letter(999).unwrap_err();

    assert_eq!(
        err.message,
        "No communication with id 999 is in the book; `communications` lists them with their ids."
    );
    assert!(!desk.path("opened.txt").exists(), "nothing was shown");
}

#[test]
fn a_statement_is_saved_where_the_dialog_says() {
    use creditdesk_app::PrintOptions;
    use creditdesk_desktop::documents::StatementRequest;

    let desk = Desk::new();
    lakeside(&desk, smtp::closed_port());
    let file = desk.path("kowalski-march.pdf");
    desk.answer(&[file.to_str().unwrap()]);

    let saved = desk
        .session
        .save_statement(StatementRequest {
            customer: "KOWALSKI".into(),
            from: None,
            to: day(2025, 3, 31),
            currency: None,
            options: PrintOptions::default(),
        })
        .unwrap()
        .expect("the dialog was answered");

    assert_eq!(saved.saved_as, "kowalski-march.pdf");
    assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF"));
}
