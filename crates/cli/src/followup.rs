//! `creditdesk dispute open|resolve`, `disputes`, `promise add`, `promises`, `bad-debt`,
//! `claim add|decide`, `claims`, `forecast`, `plan create|show|break` and `plans`: what happens
//! between overdue and paid, and the receipts it leads to expect.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use creditdesk_app::error::{AppError, AppResult};
use creditdesk_app::{
    ClaimDecisionInput, ClaimInput, DisputeInput, DisputeResolutionInput, DisputeVerdict, OpenBook,
    PlanInput, PlanLine, PlanScheduleInput, PromiseInput,
};
use creditdesk_core::claims::{ClaimDecision, RetentionTreatment};
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::plans::{PlanInterval, PlanState};
use creditdesk_core::promises::PromiseChannel;
use rust_decimal::Decimal;
use serde_json::json;

use crate::args::{parse_currency, parse_date, parse_decimal, today};
use crate::output::{money_cell, print_json, Format, Table};

#[derive(Subcommand)]
pub enum DisputeCommand {
    /// Open a dispute on an invoice, for all that is open or for --amount.
    Open {
        invoice: String,
        /// The amount contested, in the invoice's currency (default: all that is open and not
        /// yet disputed).
        #[arg(long)]
        amount: Option<String>,
        /// The invoice line contested, as the invoice writes it.
        #[arg(long)]
        line: Option<String>,
        #[arg(long, value_enum)]
        reason: ReasonArg,
        /// What the customer contests; required with --reason other.
        #[arg(long, default_value = "")]
        note: String,
        /// The day the customer contested (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Resolve a dispute: accepted posts a credit note, rejected chases it again, partly both.
    Resolve {
        id: i64,
        #[arg(long, value_enum)]
        outcome: OutcomeArg,
        /// The amount credited, with --outcome partly.
        #[arg(long)]
        accepted: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// The day it was resolved (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Attach a file (the customer's letter, a photo, a delivery note) to a dispute; the book
    /// keeps it byte for byte, up to 20 MB.
    Attach { id: i64, file: std::path::PathBuf },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReasonArg {
    Price,
    Quantity,
    Quality,
    NotReceived,
    Duplicate,
    Other,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutcomeArg {
    Accepted,
    Rejected,
    Partly,
}

#[derive(Subcommand)]
pub enum PromiseCommand {
    /// Record a customer's promise to pay an amount by a date for some invoices.
    Add(PromiseArgs),
}

#[derive(Args)]
pub struct PromiseArgs {
    customer: String,
    /// The promised date: the customer will have paid by the end of it.
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// The amount promised, e.g. 1500.00 (in the invoices' currency).
    #[arg(long)]
    amount: String,
    /// Who promised, as they gave their name.
    #[arg(long)]
    by: String,
    #[arg(long, value_enum)]
    channel: ChannelArg,
    /// The invoices the promise covers.
    #[arg(long, num_args = 1.., required = true)]
    invoice: Vec<String>,
    /// The dunning level chasing stopped at, to resume there if the promise is broken.
    #[arg(long)]
    level: Option<u8>,
    /// The day the promise was made (default: today).
    #[arg(long, value_parser = parse_date)]
    made: Option<NaiveDate>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ChannelArg {
    Phone,
    Email,
    Letter,
}

#[derive(Subcommand)]
pub enum ClaimCommand {
    /// File a claim with the credit insurer for some of a customer's invoices.
    Add {
        customer: String,
        #[arg(long, num_args = 1.., required = true)]
        invoice: Vec<String>,
        #[arg(long, value_parser = parse_date)]
        filed: NaiveDate,
        /// The amount claimed, in the invoices' currency.
        #[arg(long)]
        claimed: String,
        #[arg(long)]
        currency: Option<String>,
    },
    /// Record the insurer's decision, and its payment once made.
    Decide {
        id: i64,
        #[arg(long, value_enum)]
        decision: DecisionArg,
        #[arg(long, requires = "paid_on")]
        paid: Option<String>,
        #[arg(long, value_parser = parse_date, requires = "paid")]
        paid_on: Option<NaiveDate>,
        /// What becomes of the part the insurer does not pay (default: recoverable).
        #[arg(long, value_enum)]
        retention: Option<RetentionArg>,
        /// The day of the decision (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DecisionArg {
    Accepted,
    Partly,
    Refused,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RetentionArg {
    Loss,
    Recoverable,
}

pub fn dispute(book: &mut OpenBook, command: DisputeCommand) -> AppResult<()> {
    match command {
        DisputeCommand::Open {
            invoice,
            amount,
            line,
            reason,
            note,
            date,
        } => {
            let input = DisputeInput {
                invoice,
                amount: amount.map(|a| parse_decimal("amount", &a)).transpose()?,
                line,
                reason: match reason {
                    ReasonArg::Price => DisputeReason::Price,
                    ReasonArg::Quantity => DisputeReason::Quantity,
                    ReasonArg::Quality => DisputeReason::Quality,
                    ReasonArg::NotReceived => DisputeReason::NotReceived,
                    ReasonArg::Duplicate => DisputeReason::Duplicate,
                    ReasonArg::Other => DisputeReason::Other,
                },
                note,
                opened_on: date.unwrap_or_else(today),
            };
            outln!("{}", book.open_dispute(&input)?.message);
        }
        DisputeCommand::Resolve {
            id,
            outcome,
            accepted,
            note,
            date,
        } => {
            let input = DisputeResolutionInput {
                id,
                verdict: match outcome {
                    OutcomeArg::Accepted => DisputeVerdict::Accepted,
                    OutcomeArg::Rejected => DisputeVerdict::Rejected,
                    OutcomeArg::Partly => DisputeVerdict::Partly,
                },
                accepted: accepted
                    .map(|a| parse_decimal("accepted", &a))
                    .transpose()?,
                note,
                resolved_on: date.unwrap_or_else(today),
            };
            outln!("{}", book.resolve_dispute(&input)?.message);
        }
        DisputeCommand::Attach { id, file } => {
            crate::attachments::attach_to_dispute(book, id, &file)?;
        }
    }
    Ok(())
}

/// The disputes open on `as_of`: one line each, then totals by reason and by age.
pub fn disputes(book: &OpenBook, as_of: Option<NaiveDate>, format: Format) -> AppResult<()> {
    let report = book.disputes(as_of.unwrap_or_else(today))?;
    if format == Format::Json {
        print_json(&json!(report));
        return Ok(());
    }
    if format == Format::Table && report.disputes.is_empty() {
        outln!("No disputes open as of {}.", report.as_of);
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id", "customer", "invoice", "reason", "opened", "age", "currency", "amount",
        ],
        5,
    );
    for d in &report.disputes {
        table.push(vec![
            d.id.to_string(),
            d.customer.clone(),
            d.invoice.clone(),
            d.reason.as_str().to_string(),
            d.opened_on.to_string(),
            d.age_days.to_string(),
            d.amount.currency().to_string(),
            money_cell(&d.amount, format),
        ]);
    }
    table.print(format);
    if format == Format::Table {
        let mut totals = Table::new(&["by", "group", "currency", "count", "amount"], 3);
        for (by, rows) in [("reason", &report.by_reason), ("age", &report.by_age)] {
            for t in rows.iter() {
                totals.push(vec![
                    by.to_string(),
                    t.group.clone(),
                    t.currency.to_string(),
                    t.count.to_string(),
                    money_cell(&t.amount, format),
                ]);
            }
        }
        outln!();
        totals.print(format);
    }
    Ok(())
}

pub fn promise(book: &mut OpenBook, command: PromiseCommand) -> AppResult<()> {
    let PromiseCommand::Add(args) = command;
    let input = PromiseInput {
        customer: args.customer,
        made_on: args.made.unwrap_or_else(today),
        promised_on: args.date,
        amount: parse_decimal("amount", &args.amount)?,
        currency: None,
        promised_by: args.by,
        channel: match args.channel {
            ChannelArg::Phone => PromiseChannel::Phone,
            ChannelArg::Email => PromiseChannel::Email,
            ChannelArg::Letter => PromiseChannel::Letter,
        },
        invoices: args.invoice,
        dunning_level: args.level,
    };
    outln!("{}", book.add_promise(&input)?.message);
    Ok(())
}

/// Every promise made by `as_of` with where it stands then.
pub fn promises(book: &OpenBook, as_of: Option<NaiveDate>, format: Format) -> AppResult<()> {
    let as_of = as_of.unwrap_or_else(today);
    let lines = book.promises(as_of)?;
    if format == Format::Json {
        print_json(&json!(lines));
        return Ok(());
    }
    if format == Format::Table && lines.is_empty() {
        outln!("No promises made by {as_of}.");
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id", "customer", "invoices", "by", "made", "promised", "state", "currency", "amount",
            "paid", "missing",
        ],
        8,
    );
    for line in &lines {
        let p = &line.promise;
        table.push(vec![
            line.id.to_string(),
            p.customer_reference.clone(),
            p.invoice_numbers.join(" "),
            p.promised_by.clone(),
            p.made_on.to_string(),
            p.promised_on.to_string(),
            state_code(line.standing.state).to_string(),
            p.amount.currency().to_string(),
            money_cell(&p.amount, format),
            money_cell(&line.standing.paid, format),
            money_cell(&line.standing.missing, format),
        ]);
    }
    table.print(format);
    Ok(())
}

fn state_code(state: creditdesk_core::promises::PromiseState) -> &'static str {
    use creditdesk_core::promises::PromiseState;
    match state {
        PromiseState::Pending => "pending",
        PromiseState::Kept => "kept",
        PromiseState::Broken => "broken",
    }
}

/// The write-offs of a period with their reasons, and the bad-debt ratio per currency.
pub fn bad_debt(book: &OpenBook, from: NaiveDate, to: NaiveDate, format: Format) -> AppResult<()> {
    let report = book.bad_debt(from, to)?;
    if format == Format::Json {
        print_json(&json!(report));
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "date",
            "reference",
            "customer",
            "invoice",
            "reason",
            "currency",
            "amount",
        ],
        6,
    );
    for w in &report.write_offs {
        table.push(vec![
            w.date.to_string(),
            w.reference.clone(),
            w.customer.clone(),
            w.invoice.clone().unwrap_or_default(),
            w.reason.clone().unwrap_or_default(),
            w.amount.currency().to_string(),
            money_cell(&w.amount, format),
        ]);
    }
    if format == Format::Csv {
        table.print(format);
        return Ok(());
    }
    if report.write_offs.is_empty() {
        outln!("No write-offs from {from} to {to}.");
    } else {
        table.print(format);
    }
    let mut totals = Table::new(
        &[
            "currency",
            "written off",
            "credit sales",
            "bad-debt ratio %",
        ],
        1,
    );
    for t in &report.currencies {
        totals.push(vec![
            t.currency.to_string(),
            money_cell(&t.written_off, format),
            money_cell(&t.credit_sales, format),
            t.ratio_percent
                .map_or_else(|| "-".into(), |r| r.to_string()),
        ]);
    }
    outln!();
    totals.print(format);
    Ok(())
}

pub fn claim(book: &mut OpenBook, command: ClaimCommand) -> AppResult<()> {
    let line = match command {
        ClaimCommand::Add {
            customer,
            invoice,
            filed,
            claimed,
            currency,
        } => book.file_claim(&ClaimInput {
            customer,
            invoices: invoice,
            filed_on: filed,
            claimed: parse_decimal("claimed", &claimed)?,
            currency: currency
                .map(|c| parse_currency("currency", &c))
                .transpose()?,
        })?,
        ClaimCommand::Decide {
            id,
            decision,
            paid,
            paid_on,
            retention,
            date,
        } => book.decide_claim(&ClaimDecisionInput {
            id,
            decision: match decision {
                DecisionArg::Accepted => ClaimDecision::Accepted,
                DecisionArg::Partly => ClaimDecision::Partly,
                DecisionArg::Refused => ClaimDecision::Refused,
            },
            paid: paid.map(|p| parse_decimal("paid", &p)).transpose()?,
            paid_on,
            retention: retention.map(|r| match r {
                RetentionArg::Loss => RetentionTreatment::Loss,
                RetentionArg::Recoverable => RetentionTreatment::Recoverable,
            }),
            decided_on: date.unwrap_or_else(today),
        })?,
    };
    outln!("{}", line.message);
    Ok(())
}

/// Every claim with its decision, what the insurer paid and the retention.
pub fn claims(book: &OpenBook, format: Format) -> AppResult<()> {
    let lines = book.claims()?;
    if format == Format::Json {
        print_json(&json!(lines));
        return Ok(());
    }
    if format == Format::Table && lines.is_empty() {
        outln!("No insurance claims.");
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id",
            "customer",
            "invoices",
            "filed",
            "decision",
            "retention",
            "currency",
            "claimed",
            "paid",
            "retained",
        ],
        7,
    );
    for line in &lines {
        let c = &line.entry.claim;
        let zero = creditdesk_core::Money::zero(c.claimed.currency());
        let (paid, retained) = line.outcome.map_or((zero, zero), |o| (o.paid, o.retention));
        table.push(vec![
            line.entry.id.to_string(),
            c.customer_reference.clone(),
            c.invoice_numbers.join(" "),
            c.filed_on.to_string(),
            serde_json::to_value(c.decision)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            serde_json::to_value(c.retention_treatment)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            c.claimed.currency().to_string(),
            money_cell(&c.claimed, format),
            money_cell(&paid, format),
            money_cell(&retained, format),
        ]);
    }
    table.print(format);
    Ok(())
}

/// The receipts expected in the 13 weeks from `as_of`: one row per currency, a column per week
/// (headed by its first day), then the part of week 1 already late, what is expected later and
/// what is disputed; the summary sentences below the table.
pub fn forecast(book: &OpenBook, as_of: Option<NaiveDate>, format: Format) -> AppResult<()> {
    let report = book.forecast(as_of.unwrap_or_else(today))?;
    if format == Format::Json {
        print_json(&json!(report));
        return Ok(());
    }
    let weeks: Vec<String> = report
        .forecast
        .weeks
        .iter()
        .map(|w| w.from.to_string())
        .collect();
    let mut header: Vec<&str> = vec!["currency"];
    header.extend(weeks.iter().map(String::as_str));
    header.extend(["late in week 1", "later", "disputed"]);
    let mut table = Table::new(&header, 1);
    for c in &report.forecast.currencies {
        let mut row = vec![c.currency.to_string()];
        row.extend(c.weeks.iter().map(|w| money_cell(w, format)));
        row.push(money_cell(&c.late_in_first_week, format));
        row.push(money_cell(&c.later, format));
        row.push(money_cell(&c.disputed, format));
        table.push(row);
    }
    if format == Format::Table {
        if !report.forecast.currencies.is_empty() {
            table.print(format);
            outln!();
        }
        for sentence in &report.summary {
            outln!("{sentence}");
        }
    } else {
        table.print(format);
    }
    Ok(())
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Set up a payment plan over a customer's overdue invoices: --parts N --every 30d|1m, or
    /// --schedule DATE=AMOUNT,...
    Create(PlanArgs),
    /// One plan with its instalments and where it stands at an as-of date.
    Show {
        id: i64,
        /// The date it is judged at (default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record a plan broken once an instalment was missed beyond its grace period: the rest of
    /// its balance falls due on the day it broke.
    Break {
        id: i64,
        /// The date its standing is judged at (default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Write the plan's agreement (the invoices it replaces, the instalments, the terms and two
    /// signature blocks) as a PDF to sign.
    Agreement {
        id: i64,
        /// The file to write.
        #[arg(long)]
        pdf: std::path::PathBuf,
        #[command(flatten)]
        print: crate::statement::PrintArgs,
    },
}

#[derive(Args)]
pub struct PlanArgs {
    customer: String,
    /// The overdue invoices the plan takes over, each with all that is open on the start day.
    #[arg(long, num_args = 1.., required = true)]
    invoice: Vec<String>,
    /// The start day: the invoices are settled into the plan that day.
    #[arg(long, value_parser = parse_date)]
    start: NaiveDate,
    /// The number of equal parts after the down payment.
    #[arg(long, requires = "every", conflicts_with = "schedule")]
    parts: Option<u32>,
    /// The time between parts: days (30d) or calendar months (1m).
    #[arg(long, requires = "parts")]
    every: Option<String>,
    /// Explicit parts after the down payment: DATE=AMOUNT,... e.g.
    /// 2024-07-01=500.00,2024-08-01=1000.00
    #[arg(long, required_unless_present = "parts")]
    schedule: Option<String>,
    /// A down payment due on the start day, in the invoices' currency.
    #[arg(long)]
    down: Option<String>,
    /// Simple annual interest in percent on the amount financed, e.g. 8.
    #[arg(long)]
    rate: Option<String>,
    /// Days after an instalment's due date within which it may still be paid.
    #[arg(long, default_value_t = 0)]
    grace: u32,
}

/// `plans [--as-of D] [--enforce]`.
#[derive(Args)]
pub struct PlansArgs {
    /// The date the plans are judged at (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Record broken every plan that is broken on that date and not recorded so yet.
    #[arg(long)]
    enforce: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn plan(book: &mut OpenBook, command: PlanCommand) -> AppResult<()> {
    match command {
        PlanCommand::Create(args) => {
            let schedule =
                match (args.parts, &args.every, &args.schedule) {
                    (Some(parts), Some(every), _) => PlanScheduleInput::EqualParts {
                        parts,
                        interval: parse_interval(every)?,
                    },
                    (_, _, Some(schedule)) => PlanScheduleInput::Explicit {
                        parts: parse_schedule(schedule)?,
                    },
                    _ => return Err(AppError::invalid(
                        "Give --parts N with --every 30d or 1m, or --schedule DATE=AMOUNT,...; \
                         a plan needs its instalments.",
                    )),
                };
            let input = PlanInput {
                customer: args.customer,
                invoices: args.invoice,
                start_on: args.start,
                down_payment: args.down.map(|d| parse_decimal("down", &d)).transpose()?,
                schedule,
                annual_rate_percent: args.rate.map(|r| parse_decimal("rate", &r)).transpose()?,
                grace_days: args.grace,
            };
            let line = book.create_plan(&input)?;
            outln!("{}", line.message);
            print_instalments(&line, Format::Table);
            Ok(())
        }
        PlanCommand::Show { id, as_of, format } => {
            let line = book.plan(id, as_of.unwrap_or_else(today))?;
            if format == Format::Json {
                print_json(&json!(line));
                return Ok(());
            }
            if format == Format::Table {
                outln!("{}", line.message);
            }
            print_instalments(&line, format);
            Ok(())
        }
        PlanCommand::Agreement { id, pdf, print } => {
            let document = book.plan_agreement_pdf(id, print.options())?;
            crate::statement::write_document(&document, &pdf)
        }
        PlanCommand::Break { id, as_of } => {
            outln!(
                "{}",
                book.break_plan(id, as_of.unwrap_or_else(today))?.message
            );
            Ok(())
        }
    }
}

/// `30d` or `1m`.
fn parse_interval(text: &str) -> AppResult<PlanInterval> {
    let text = text.trim();
    let parsed = match text.char_indices().last() {
        Some((at, 'd')) => text[..at]
            .parse()
            .ok()
            .map(|days| PlanInterval::Days { days }),
        Some((at, 'm')) => text[..at]
            .parse()
            .ok()
            .map(|months| PlanInterval::Months { months }),
        _ => None,
    };
    parsed.ok_or_else(|| {
        AppError::invalid(format!(
            "--every \"{text}\" is not an interval; write a number of days or months, such as \
             30d or 1m."
        ))
    })
}

/// `2024-07-01=500.00,2024-08-01=1000.00`.
fn parse_schedule(text: &str) -> AppResult<Vec<(NaiveDate, Decimal)>> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let Some((day, amount)) = part.split_once('=') else {
                return Err(AppError::invalid(format!(
                    "--schedule part \"{part}\" is not DATE=AMOUNT; write each part as \
                     2024-07-01=500.00, separated by commas."
                )));
            };
            let day = parse_date(day.trim()).map_err(AppError::invalid)?;
            Ok((day, parse_decimal("schedule", amount)?))
        })
        .collect()
}

fn print_instalments(line: &PlanLine, format: Format) {
    let mut table = Table::new(
        &[
            "seq",
            "due",
            "principal",
            "interest",
            "amount",
            "paid",
            "open",
            "down",
        ],
        2,
    );
    for (instalment, standing) in line.plan.instalments.iter().zip(&line.standing.instalments) {
        table.push(vec![
            instalment.seq.to_string(),
            instalment.due_date.to_string(),
            money_cell(&instalment.principal, format),
            money_cell(&instalment.interest, format),
            money_cell(&instalment.amount, format),
            money_cell(&standing.paid, format),
            money_cell(&standing.open, format),
            if instalment.down_payment { "yes" } else { "" }.to_string(),
        ]);
    }
    table.print(format);
}

/// Every plan started by the as-of date with where it stands then; with `--enforce`, the
/// broken ones are recorded broken first.
pub fn plans(book: &mut OpenBook, args: PlansArgs) -> AppResult<()> {
    let as_of = args.as_of.unwrap_or_else(today);
    if args.enforce {
        for line in book.enforce_plans(as_of)? {
            if args.format == Format::Table {
                outln!("{}", line.message);
            }
        }
    }
    let lines = book.plans(as_of)?;
    if args.format == Format::Json {
        print_json(&json!(lines));
        return Ok(());
    }
    if args.format == Format::Table && lines.is_empty() {
        outln!("No payment plans started by {as_of}.");
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id",
            "plan",
            "customer",
            "start",
            "parts",
            "state",
            "currency",
            "amount",
            "paid",
            "arrears",
            "remaining",
            "broken on",
        ],
        7,
    );
    for line in &lines {
        let (p, s) = (&line.plan, &line.standing);
        table.push(vec![
            line.id.to_string(),
            line.reference.clone(),
            p.customer_reference.clone(),
            p.start_on.to_string(),
            p.instalments.len().to_string(),
            plan_state_code(s.state).to_string(),
            p.currency.to_string(),
            money_cell(&p.amount_due(), args.format),
            money_cell(&s.paid, args.format),
            money_cell(&s.arrears, args.format),
            money_cell(&s.remaining, args.format),
            s.broken_on.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    table.print(args.format);
    Ok(())
}

fn plan_state_code(state: PlanState) -> &'static str {
    match state {
        PlanState::OnTrack => "on_track",
        PlanState::Behind => "behind",
        PlanState::Broken => "broken",
        PlanState::PaidOff => "paid_off",
    }
}
