//! `creditdesk dunning ...` (policies, pauses, templates, runs), `communications`,
//! `phone-tasks`, `phone-task done`, `charges`, `charge pay|waive`, `outbox` and
//! `customer address|interest`: collections from the command line.
//!
//! A run is worked in three steps: `dunning propose --as-of D` saves a run and prints it with
//! the ids of its communications and every item left out with the reason; `dunning approve RUN
//! --all` (or `--communication ID ...`) approves; `dunning execute RUN` (or `dunning execute
//! --as-of D`, the newest run of that date) sends what was approved. `dunning execute --as-of D
//! --approve-all` does the three steps at once for a book that is not reviewed run by run.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use creditdesk_app::error::{AppError, AppResult};
use creditdesk_app::{
    interest_words, outcome_word, AddressInput, CallOutcomeInput, ChargeSettlementInput,
    CommunicationRecord, CustomerInterest, DunningRunView, LetterLanguageChoice, OpenBook,
    PauseInput, PhoneOutcome, PolicyChoice,
};
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::dunning::{ChargeKind, ContactChannel, Placeholder, Preset};
use creditdesk_core::interest::DayCount;
use creditdesk_core::say;
use creditdesk_core::text::Language;
use serde_json::json;

use crate::args::{parse_date, parse_decimal, today};
use crate::followup::ReasonArg;
use crate::output::{money_cell, print_json, Format, Table};

#[derive(Subcommand)]
pub enum DunningCommand {
    /// Show the dunning policy (the book's, or with --customer the one a customer follows), or
    /// set it from a preset or a JSON file.
    Policy {
        #[arg(long, value_enum, conflicts_with = "file")]
        preset: Option<PresetArg>,
        /// A policy as JSON (start from `dunning policy --format json`).
        #[arg(long, value_name = "JSON")]
        file: Option<PathBuf>,
        /// The customer whose own policy is shown or set.
        #[arg(long)]
        customer: Option<String>,
        /// Put the customer back on the book's policy.
        #[arg(long, requires = "customer", conflicts_with_all = ["preset", "file"])]
        clear: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Pause chasing a customer, or one invoice with --invoice, until a day.
    Pause {
        /// The customer to pause.
        #[arg(required_unless_present = "invoice", conflicts_with = "invoice")]
        customer: Option<String>,
        #[arg(long)]
        invoice: Option<String>,
        #[arg(long)]
        reason: String,
        /// The first day of the pause (default: today).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// The last day of the pause.
        #[arg(long, value_parser = parse_date)]
        until: NaiveDate,
    },
    /// Lift a pause: chasing resumes on --on (default: today).
    Lift {
        id: i64,
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
    },
    /// Every pause, with whether it holds at the as-of date.
    Pauses {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Propose a run for a day: the communications to send and every item left out, with why.
    Propose {
        #[arg(long, value_parser = parse_date)]
        as_of: NaiveDate,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show a run as `propose` printed it, with where its communications stand.
    Run {
        id: i64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Every run, the newest first.
    Runs {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Approve all communications of a run, or only those given (the others are then not
    /// approved).
    Approve {
        run: i64,
        #[arg(
            long,
            conflicts_with = "communication",
            required_unless_present = "communication"
        )]
        all: bool,
        #[arg(long, num_args = 1..)]
        communication: Vec<i64>,
    },
    /// Execute the approved communications of a run: letters, emails queued, phone tasks,
    /// charges and consequences. Name the run, or its date with --as-of (the newest run
    /// proposed for that date); --approve-all proposes, approves all and executes at once.
    Execute {
        #[arg(required_unless_present = "as_of", conflicts_with = "as_of")]
        run: Option<i64>,
        /// The as-of date of the run to execute.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Propose a run for --as-of, approve all of it and execute it, without review.
        #[arg(long, requires = "as_of")]
        approve_all: bool,
        /// The day it is executed (default: today); not before the run's as-of date.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The templates letters, emails and call scripts are written with.
    Templates {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Show, edit or reset one template.
    #[command(subcommand)]
    Template(TemplateCommand),
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    Show {
        name: String,
        #[arg(long, value_enum)]
        language: LanguageArg,
    },
    /// Write your own subject and body; placeholders are written in braces, `{total}`.
    Edit {
        name: String,
        #[arg(long, value_enum)]
        language: LanguageArg,
        #[arg(long)]
        subject: Option<String>,
        /// A UTF-8 text file with the body.
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
    },
    /// Go back to the shipped text.
    Reset {
        name: String,
        #[arg(long, value_enum)]
        language: LanguageArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PresetArg {
    Firm,
    Gentle,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LanguageArg {
    En,
    Zh,
}

impl LanguageArg {
    fn language(self) -> Language {
        match self {
            LanguageArg::En => Language::English,
            LanguageArg::Zh => Language::SimplifiedChinese,
        }
    }
}

/// A customer's letter language: its own, or the company's.
#[derive(Clone, Copy, ValueEnum)]
pub enum LetterLanguageArg {
    En,
    Zh,
    /// Follow the company's letter language.
    Default,
}

impl LetterLanguageArg {
    fn choice(self) -> LetterLanguageChoice {
        match self {
            LetterLanguageArg::En => LetterLanguageChoice::Own(Language::English),
            LetterLanguageArg::Zh => LetterLanguageChoice::Own(Language::SimplifiedChinese),
            LetterLanguageArg::Default => LetterLanguageChoice::Company,
        }
    }
}

#[derive(Subcommand)]
pub enum PhoneTaskCommand {
    /// Record how a call went.
    Done(CallArgs),
}

#[derive(Args)]
pub struct CallArgs {
    id: i64,
    #[arg(long, value_enum)]
    outcome: OutcomeArg,
    #[arg(long, default_value = "")]
    note: String,
    /// The day of the call (default: today).
    #[arg(long, value_parser = parse_date)]
    on: Option<NaiveDate>,
    /// With --outcome promised: the amount promised.
    #[arg(long, requires_all = ["date", "by"])]
    amount: Option<String>,
    /// With --outcome promised: the day promised.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// With --outcome promised: who promised.
    #[arg(long)]
    by: Option<String>,
    /// With --outcome disputed: the invoice contested, to open a dispute for it.
    #[arg(long, requires = "reason")]
    invoice: Option<String>,
    #[arg(long, value_enum)]
    reason: Option<ReasonArg>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    Reached,
    Promised,
    Disputed,
    NoAnswer,
}

#[derive(Subcommand)]
pub enum ChargeCommand {
    /// Record money received toward an invoice's charges (fees, interest).
    Pay(ChargeArgs),
    /// Waive an invoice's charges, all of them or --amount.
    Waive(ChargeArgs),
}

#[derive(Args)]
pub struct ChargeArgs {
    invoice: String,
    /// Default: all the charges open on the day.
    #[arg(long)]
    amount: Option<String>,
    /// Default: today.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Subcommand)]
pub enum CustomerCommand {
    /// Set the postal address letters go to, its country and the customer's letter language.
    Address {
        customer: String,
        /// One line of the address; repeat for each line, in order.
        #[arg(long = "line")]
        lines: Vec<String>,
        /// The country of the address (ISO code), when not the customer's.
        #[arg(long)]
        country: Option<String>,
        /// The letter language: en, zh, or default to follow the company's again.
        #[arg(long, value_enum)]
        language: Option<LetterLanguageArg>,
    },
    /// Set the late-payment interest the customer's invoices bear.
    Interest {
        customer: String,
        #[arg(long, value_enum, group = "rule")]
        statutory: Option<LawArg>,
        /// The EU margin in points (at least 8; default 8).
        #[arg(long, requires = "statutory")]
        margin: Option<String>,
        /// An agreed rate in percent a year.
        #[arg(long, group = "rule")]
        annual: Option<String>,
        /// With --annual: count days on a 360-day year.
        #[arg(long, requires = "annual")]
        act_360: bool,
        /// An agreed rate in percent a day.
        #[arg(long, group = "rule")]
        daily: Option<String>,
        /// No interest.
        #[arg(long, group = "rule")]
        none: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LawArg {
    Eu,
    Uk,
    De,
    DeConsumer,
    Cn,
}

pub fn run(book: &mut OpenBook, command: DunningCommand) -> AppResult<()> {
    match command {
        DunningCommand::Policy {
            preset,
            file,
            customer,
            clear,
            format,
        } => {
            let customer = customer.as_deref();
            let view = if clear {
                book.clear_customer_policy(customer.unwrap_or_default())?
            } else if let Some(preset) = preset {
                let preset = match preset {
                    PresetArg::Firm => Preset::Firm,
                    PresetArg::Gentle => Preset::Gentle,
                };
                book.set_dunning_policy(customer, &PolicyChoice::Preset { preset })?
            } else if let Some(file) = file {
                let json = std::fs::read_to_string(&file).map_err(|e| {
                    AppError::new(
                        creditdesk_app::error::ErrorCode::Io,
                        format!(
                            "{} could not be read: {e}. Check the path and its permissions.",
                            file.display()
                        ),
                    )
                })?;
                book.set_dunning_policy(customer, &PolicyChoice::Json { json })?
            } else {
                book.dunning_policy(customer)?
            };
            if format == Format::Json {
                print_json(&json!(view.policy));
                return Ok(());
            }
            outln!("{}", view.message);
            let policy = &view.policy;
            let mut table = Table::new(
                &[
                    "level",
                    "days",
                    "channel",
                    "template",
                    "fee",
                    "interest",
                    "consequences",
                ],
                7,
            );
            for (index, level) in policy.levels.iter().enumerate() {
                let mut fees: Vec<String> = level.fees.iter().map(|f| f.to_string()).collect();
                if let Some(percent) = level.fee_percent {
                    fees.push(format!("{percent} %"));
                }
                table.push(vec![
                    (index + 1).to_string(),
                    level.days_overdue.to_string(),
                    channel_code(level.channel).to_string(),
                    level
                        .template(Language::English)
                        .unwrap_or_default()
                        .to_string(),
                    fees.join(" + "),
                    if level.charge_interest { "yes" } else { "no" }.to_string(),
                    level
                        .consequences
                        .iter()
                        .map(label)
                        .collect::<Vec<_>>()
                        .join(" "),
                ]);
            }
            table.print(format);
            let minimums: Vec<String> = policy
                .minimum_amounts
                .iter()
                .map(|m| m.to_string())
                .collect();
            outln!(
                "Minimum gap between contacts: {} days; minimum amount: {}.",
                policy.minimum_gap_days,
                if minimums.is_empty() {
                    "none".to_string()
                } else {
                    minimums.join(", ")
                }
            );
        }
        DunningCommand::Pause {
            customer,
            invoice,
            reason,
            from,
            until,
        } => {
            let line = book.add_pause(&PauseInput {
                customer,
                invoice,
                reason,
                from: from.unwrap_or_else(today),
                until,
            })?;
            outln!("{}", line.message);
        }
        DunningCommand::Lift { id, on } => {
            outln!("{}", book.lift_pause(id, on.unwrap_or_else(today))?.message);
        }
        DunningCommand::Pauses { as_of, format } => {
            let as_of = as_of.unwrap_or_else(today);
            let lines = book.pauses(as_of)?;
            if format == Format::Json {
                print_json(&json!(lines));
            } else if format == Format::Table && lines.is_empty() {
                outln!("No pauses.");
            } else {
                let mut table = Table::new(
                    &[
                        "id", "customer", "invoice", "from", "until", "lifted", "holds", "reason",
                    ],
                    8,
                );
                for line in &lines {
                    let (customer, invoice) = match &line.entry.pause.scope {
                        creditdesk_core::dunning::PauseScope::Customer { customer_reference } => {
                            (customer_reference.clone(), String::new())
                        }
                        creditdesk_core::dunning::PauseScope::Invoice { invoice_number } => {
                            (String::new(), invoice_number.clone())
                        }
                    };
                    table.push(vec![
                        line.entry.id.to_string(),
                        customer,
                        invoice,
                        line.entry.pause.from.to_string(),
                        line.entry.pause.until.to_string(),
                        line.entry
                            .lifted_on
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        if line.holds { "yes" } else { "no" }.to_string(),
                        line.entry.pause.reason.clone(),
                    ]);
                }
                table.print(format);
            }
        }
        DunningCommand::Propose { as_of, format } => {
            let view = book.propose_dunning(as_of)?;
            print_run(&view, format);
        }
        DunningCommand::Run { id, format } => {
            let view = book.dunning_run(id)?;
            print_run(&view, format);
        }
        DunningCommand::Runs { format } => {
            let runs = book.dunning_runs()?;
            if format == Format::Json {
                print_json(&json!(runs));
            } else if format == Format::Table && runs.is_empty() {
                outln!("No dunning runs yet; propose one with `dunning propose --as-of DATE`.");
            } else {
                let mut table = Table::new(
                    &[
                        "run", "as of", "state", "executed", "proposed", "approved", "sent",
                        "skipped",
                    ],
                    4,
                );
                for run in &runs {
                    table.push(vec![
                        run.id.to_string(),
                        run.as_of.to_string(),
                        label(&run.state),
                        run.executed_on.map(|d| d.to_string()).unwrap_or_default(),
                        run.proposed.to_string(),
                        run.approved.to_string(),
                        run.executed.to_string(),
                        run.skipped.to_string(),
                    ]);
                }
                table.print(format);
            }
        }
        DunningCommand::Approve {
            run,
            all,
            communication,
        } => {
            let chosen = (!all).then_some(communication.as_slice());
            outln!("{}", book.approve_dunning(run, chosen)?.message);
        }
        DunningCommand::Execute {
            run,
            as_of,
            approve_all,
            today: day,
            format,
        } => {
            let day = day.unwrap_or_else(today);
            let report = match (run, as_of) {
                (Some(run), _) => book.execute_dunning(run, day)?,
                (None, Some(as_of)) => book.execute_dunning_as_of(as_of, day, approve_all)?,
                (None, None) => unreachable!("clap requires a run or --as-of"),
            };
            if format == Format::Json {
                print_json(&json!(report));
                return Ok(());
            }
            for line in &report.executed {
                outln!("{}", line.message);
            }
            for line in &report.consequences {
                outln!("{}", line.message);
            }
            outln!("{}", report.message);
        }
        DunningCommand::Templates { format } => {
            let lines = book.letter_templates()?;
            if format == Format::Json {
                print_json(&json!(lines));
            } else {
                let mut table = Table::new(&["template", "language", "text", "subject"], 4);
                for line in &lines {
                    table.push(vec![
                        line.name.clone(),
                        line.language.code().to_string(),
                        if line.edited { "yours" } else { "shipped" }.to_string(),
                        line.subject.clone(),
                    ]);
                }
                table.print(format);
                if format == Format::Table {
                    let placeholders = Placeholder::ALL
                        .iter()
                        .map(|p| format!("{{{}}}", p.name()))
                        .collect::<Vec<_>>()
                        .join(" ");
                    outln!();
                    outln!(
                        "{}",
                        say!(
                            en: "Placeholders a text may name: {placeholders}",
                            zh: "文本可使用的占位符：{placeholders}",
                        )
                    );
                }
            }
        }
        DunningCommand::Template(command) => template(book, command)?,
    }
    Ok(())
}

fn template(book: &mut OpenBook, command: TemplateCommand) -> AppResult<()> {
    match command {
        TemplateCommand::Show { name, language } => {
            let line = book.letter_template(&name, language.language())?;
            outln!("Subject: {}", line.subject);
            outln!();
            outln!("{}", line.body);
        }
        TemplateCommand::Edit {
            name,
            language,
            subject,
            body_file,
        } => {
            let language = language.language();
            if subject.is_none() && body_file.is_none() {
                return Err(AppError::invalid(
                    "Nothing to change: give --subject, --body-file or both.".to_string(),
                ));
            }
            let current = book.letter_template(&name, language).ok();
            let body = match body_file {
                Some(path) => std::fs::read_to_string(&path).map_err(|e| {
                    AppError::new(
                        creditdesk_app::error::ErrorCode::Io,
                        format!(
                            "{} could not be read: {e}. Check the path and that it is UTF-8 \
                             text.",
                            path.display()
                        ),
                    )
                })?,
                None => current.as_ref().map(|c| c.body.clone()).unwrap_or_default(),
            };
            let subject = subject
                .or_else(|| current.as_ref().map(|c| c.subject.clone()))
                .unwrap_or_default();
            let saved = book.save_letter_template(&name, language, &subject, &body)?;
            outln!(
                "Saved your text of the template \"{}\" in {}.",
                saved.name,
                saved.language.code()
            );
        }
        TemplateCommand::Reset { name, language } => {
            outln!(
                "{}",
                book.reset_letter_template(&name, language.language())?
            );
        }
    }
    Ok(())
}

fn print_run(view: &DunningRunView, format: Format) {
    if format == Format::Json {
        print_json(&json!(view));
        return;
    }
    outln!("{}", view.message);
    if !view.communications.is_empty() {
        outln!();
        let mut table = Table::new(
            &[
                "id",
                "customer",
                "level",
                "channel",
                "state",
                "invoice",
                "due",
                "days",
                "currency",
                "claimed",
                "interest",
                "compensation",
                "fee",
                "total",
            ],
            9,
        );
        for record in &view.communications {
            let c = &record.communication;
            for (i, item) in c.items.iter().enumerate() {
                let first = i == 0;
                let invoice = if item.seq > 1 {
                    format!("{}/{}", item.invoice_number, item.seq)
                } else {
                    item.invoice_number.clone()
                };
                table.push(vec![
                    if first {
                        record.id.to_string()
                    } else {
                        String::new()
                    },
                    if first {
                        c.customer_reference.clone()
                    } else {
                        String::new()
                    },
                    if first {
                        c.level.to_string()
                    } else {
                        String::new()
                    },
                    if first {
                        channel_code(c.channel).to_string()
                    } else {
                        String::new()
                    },
                    if first {
                        label(&record.state)
                    } else {
                        String::new()
                    },
                    invoice,
                    item.due_date.to_string(),
                    item.days_overdue.to_string(),
                    c.currency.to_string(),
                    money_cell(&item.claimed, format),
                    item.interest
                        .as_ref()
                        .map(|b| money_cell(&b.interest, format))
                        .unwrap_or_default(),
                    item.compensation
                        .map(|m| money_cell(&m, format))
                        .unwrap_or_default(),
                    String::new(),
                    String::new(),
                ]);
            }
            table.push(vec![
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "total".to_string(),
                String::new(),
                String::new(),
                c.currency.to_string(),
                money_cell(&c.claimed_total, format),
                money_cell(&c.interest_total, format),
                c.compensation
                    .map(|m| money_cell(&m, format))
                    .unwrap_or_default(),
                money_cell(&c.fee, format),
                money_cell(&c.total, format),
            ]);
        }
        table.print(format);
    }
    if !view.left_out.is_empty() {
        outln!();
        outln!("Left out:");
        for line in &view.left_out {
            outln!("  {}", line.message);
        }
    }
    if !view.allocation_tasks.is_empty() {
        outln!();
        outln!("To allocate first:");
        for line in &view.allocation_tasks {
            outln!("  {}", line.message);
        }
    }
    if !view.problems.is_empty() {
        outln!();
        outln!("Problems:");
        for line in &view.problems {
            outln!("  {}", line.message);
        }
    }
}

fn channel_code(channel: ContactChannel) -> &'static str {
    match channel {
        ContactChannel::EmailReminder => "email",
        ContactChannel::PrintedLetter => "letter",
        ContactChannel::PhoneTask => "phone",
        ContactChannel::Handover => "handover",
    }
}

/// The snake_case name of a unit variant, as JSON gives it.
fn label<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// `communications [CUSTOMER]`: the communications sent, the latest first.
pub fn communications(book: &OpenBook, customer: Option<&str>, format: Format) -> AppResult<()> {
    let log = book.sent_communications(customer)?;
    if format == Format::Json {
        print_json(&json!(log));
        return Ok(());
    }
    if format == Format::Table && log.is_empty() {
        outln!("No communications sent.");
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id",
            "reference",
            "sent",
            "customer",
            "level",
            "by",
            "items",
            "currency",
            "total",
            "note",
        ],
        6,
    );
    for record in &log {
        let c: &CommunicationRecord = record;
        table.push(vec![
            c.id.to_string(),
            c.reference.clone().unwrap_or_default(),
            c.sent_on.map(|d| d.to_string()).unwrap_or_default(),
            c.communication.customer_reference.clone(),
            c.communication.level.to_string(),
            c.sent_by.map(channel_code).unwrap_or_default().to_string(),
            c.communication.items.len().to_string(),
            c.communication.currency.to_string(),
            money_cell(&c.communication.total, format),
            c.note.clone().unwrap_or_default(),
        ]);
    }
    table.print(format);
    Ok(())
}

/// `phone-tasks [--open]`.
pub fn phone_tasks(book: &OpenBook, open_only: bool, format: Format) -> AppResult<()> {
    let tasks = book.phone_tasks(open_only)?;
    if format == Format::Json {
        print_json(&json!(tasks));
        return Ok(());
    }
    if format == Format::Table && tasks.is_empty() {
        outln!("No phone tasks.");
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id",
            "due",
            "customer",
            "name",
            "level",
            "reference",
            "invoices",
            "outcome",
            "currency",
            "total",
        ],
        8,
    );
    for task in &tasks {
        table.push(vec![
            task.id.to_string(),
            task.due_on.to_string(),
            task.customer_reference.clone(),
            task.customer_name.clone(),
            task.level.to_string(),
            task.reference.clone(),
            task.invoices.join(" "),
            task.outcome
                .map(|o| outcome_word(o).en)
                .unwrap_or("open")
                .to_string(),
            task.total.currency().to_string(),
            money_cell(&task.total, format),
        ]);
    }
    table.print(format);
    Ok(())
}

/// `phone-task done ID --outcome ...`.
pub fn phone_task(book: &mut OpenBook, command: PhoneTaskCommand) -> AppResult<()> {
    let PhoneTaskCommand::Done(args) = command;
    let outcome = match args.outcome {
        OutcomeArg::Reached => PhoneOutcome::Reached,
        OutcomeArg::Promised => PhoneOutcome::Promised,
        OutcomeArg::Disputed => PhoneOutcome::Disputed,
        OutcomeArg::NoAnswer => PhoneOutcome::NoAnswer,
    };
    let promise = match (&args.amount, args.date, &args.by) {
        (Some(amount), Some(date), Some(by)) => {
            Some((parse_decimal("amount", amount)?, date, by.clone()))
        }
        _ => None,
    };
    let dispute = match (&args.invoice, args.reason) {
        (Some(invoice), Some(reason)) => Some((invoice.clone(), dispute_reason(reason))),
        _ => None,
    };
    let answer = book.complete_phone_task(&CallOutcomeInput {
        task: args.id,
        outcome,
        note: args.note,
        done_on: args.on.unwrap_or_else(today),
        promise,
        dispute,
    })?;
    outln!("{}", answer.message);
    Ok(())
}

fn dispute_reason(reason: ReasonArg) -> DisputeReason {
    match reason {
        ReasonArg::Price => DisputeReason::Price,
        ReasonArg::Quantity => DisputeReason::Quantity,
        ReasonArg::Quality => DisputeReason::Quality,
        ReasonArg::NotReceived => DisputeReason::NotReceived,
        ReasonArg::Duplicate => DisputeReason::Duplicate,
        ReasonArg::Other => DisputeReason::Other,
    }
}

/// `charges CUSTOMER`: the charges of each invoice and where they stand.
pub fn charges(
    book: &OpenBook,
    customer: &str,
    as_of: Option<NaiveDate>,
    format: Format,
) -> AppResult<()> {
    let charges = book.charges(customer, as_of.unwrap_or_else(today))?;
    if format == Format::Json {
        print_json(&json!(charges));
        return Ok(());
    }
    if format == Format::Table && charges.invoices.is_empty() {
        outln!(
            "No charges on the invoices of customer {}.",
            charges.customer
        );
        return Ok(());
    }
    let mut table = Table::new(
        &["invoice", "date", "what", "level", "currency", "amount"],
        5,
    );
    for claim in &charges.invoices {
        for charge in &claim.charges {
            let what = match (charge.kind, charge.level) {
                (ChargeKind::Fee, _) => "fee",
                (ChargeKind::Interest, Some(_)) => "interest claimed",
                (ChargeKind::Interest, None) => "interest since",
                (ChargeKind::Compensation, _) => "compensation",
            };
            table.push(vec![
                claim.invoice_number.clone(),
                charge.charged_on.to_string(),
                what.to_string(),
                charge.level.map(|l| l.to_string()).unwrap_or_default(),
                charge.amount.currency().to_string(),
                money_cell(&charge.amount, format),
            ]);
        }
        for settlement in &claim.settlements {
            let amount = settlement.amount.negate();
            table.push(vec![
                claim.invoice_number.clone(),
                settlement.date.to_string(),
                if settlement.waived { "waived" } else { "paid" }.to_string(),
                String::new(),
                amount.currency().to_string(),
                money_cell(&amount, format),
            ]);
        }
        let standing = &claim.standing;
        for (what, amount) in [
            ("charges open", &standing.charges_open),
            ("invoice open", &standing.principal_open),
            ("total open", &standing.total_open),
        ] {
            table.push(vec![
                claim.invoice_number.clone(),
                charges.as_of.to_string(),
                what.to_string(),
                String::new(),
                amount.currency().to_string(),
                money_cell(amount, format),
            ]);
        }
    }
    table.print(format);
    for claim in &charges.invoices {
        for note in &claim.notes {
            errln!("warning: Invoice {}: {note}", claim.invoice_number);
        }
    }
    Ok(())
}

/// `charge pay|waive INVOICE`.
pub fn charge(book: &mut OpenBook, command: ChargeCommand) -> AppResult<()> {
    let (args, waived) = match command {
        ChargeCommand::Pay(args) => (args, false),
        ChargeCommand::Waive(args) => (args, true),
    };
    let message = book.settle_charges(&ChargeSettlementInput {
        invoice: args.invoice,
        date: args.date.unwrap_or_else(today),
        amount: args
            .amount
            .as_deref()
            .map(|a| parse_decimal("amount", a))
            .transpose()?,
        waived,
        note: args.note,
    })?;
    outln!("{message}");
    Ok(())
}

/// `outbox`: the mail waiting, sent or failed, the newest first.
pub fn outbox(book: &OpenBook, format: Format) -> AppResult<()> {
    let entries = book.outbox()?;
    if format == Format::Json {
        print_json(&json!(entries));
        return Ok(());
    }
    if format == Format::Table && entries.is_empty() {
        outln!("The outbox is empty.");
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id",
            "state",
            "attempts",
            "to",
            "subject",
            "created",
            "last error",
        ],
        7,
    );
    for entry in &entries {
        table.push(vec![
            entry.id.to_string(),
            label(&entry.state),
            entry.attempts.to_string(),
            entry.to.join(", "),
            entry.subject.clone(),
            entry.created_at.clone(),
            entry.last_error.clone().unwrap_or_default(),
        ]);
    }
    table.print(format);
    Ok(())
}

/// `customer address|interest`.
pub fn customer(book: &mut OpenBook, command: CustomerCommand) -> AppResult<()> {
    match command {
        CustomerCommand::Address {
            customer,
            lines,
            country,
            language,
        } => {
            let message = book.set_customer_address(&AddressInput {
                customer,
                lines: (!lines.is_empty()).then_some(lines),
                country,
                letter_language: language.map(LetterLanguageArg::choice),
            })?;
            outln!("{message}");
        }
        CustomerCommand::Interest {
            customer,
            statutory,
            margin,
            annual,
            act_360,
            daily,
            none,
        } => {
            let interest = if let Some(law) = statutory {
                Some(match law {
                    LawArg::Eu => CustomerInterest::EuDirective {
                        margin_points: match &margin {
                            Some(m) => parse_decimal("margin", m)?,
                            None => rust_decimal::Decimal::from(8),
                        },
                    },
                    LawArg::Uk => CustomerInterest::UkLatePayment,
                    LawArg::De => CustomerInterest::GermanyBgb288 { consumer: false },
                    LawArg::DeConsumer => CustomerInterest::GermanyBgb288 { consumer: true },
                    LawArg::Cn => CustomerInterest::ChinaSme,
                })
            } else if let Some(annual) = annual {
                Some(CustomerInterest::Annual {
                    percent: parse_decimal("annual", &annual)?,
                    day_count: if act_360 {
                        DayCount::Actual360
                    } else {
                        DayCount::Actual365
                    },
                })
            } else if let Some(daily) = daily {
                Some(CustomerInterest::Daily {
                    percent: parse_decimal("daily", &daily)?,
                })
            } else if none {
                None
            } else {
                let current = book.customer_interest(&customer)?;
                outln!("{}", interest_line(&customer, current.as_ref()));
                return Ok(());
            };
            outln!("{}", book.set_customer_interest(&customer, interest)?);
        }
    }
    Ok(())
}

fn interest_line(customer: &str, interest: Option<&CustomerInterest>) -> String {
    match interest {
        None => format!("The invoices of customer {customer} bear no late-payment interest."),
        Some(interest) => format!(
            "The invoices of customer {customer} bear late-payment interest: {}.",
            interest_words(interest)
        ),
    }
}
