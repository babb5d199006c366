//! Command-line arguments and the dispatch of each subcommand to its use case.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use creditdesk_app::error::{AppError, AppResult};
use creditdesk_app::{
    CustomerInput, DemoRequest, ImportRequest, InvoiceInput, InvoiceQuery, NewBook, OpenBook,
    ProfileChoice, SettlementInput,
};
use creditdesk_core::aging::Buckets;
use creditdesk_core::ledger::{Channel, SettlementKind};
use creditdesk_core::Currency;
use rust_decimal::Decimal;

use crate::attachments::{AttachmentCommand, AttachmentsArgs};
use crate::credit::CreditCommand;
use crate::dunning::{ChargeCommand, CustomerCommand, DunningCommand, PhoneTaskCommand};
use crate::followup::{self, ClaimCommand, DisputeCommand, PlanCommand, PlansArgs, PromiseCommand};
use crate::output::{self, Format};

#[derive(Parser)]
#[command(
    name = "creditdesk",
    version,
    about = "Credit control for small businesses: books, aging, DSO and collections."
)]
pub struct Cli {
    /// The book (a CreditDesk SQLite file) to work on.
    #[arg(long, global = true, value_name = "FILE")]
    book: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a book, or a demo book.
    #[command(subcommand)]
    Book(BookCommand),
    /// Import a CSV export into the book: all rows or none.
    Import(ImportArgs),
    /// List the import profiles, or print one as JSON to save and change.
    Profiles {
        /// Print this profile as JSON (for --profile-file after changing it).
        #[arg(long, value_name = "PROFILE")]
        json: Option<String>,
    },
    /// Aging of open receivables by days overdue at an as-of date.
    Aging(AgingArgs),
    /// DSO (standard and countback), ADD, CEI and receivables turnover at an as-of date.
    Dso(DsoArgs),
    /// Customers with their open and overdue balances.
    Customers(CustomersArgs),
    /// Invoices, paged, optionally only the overdue ones.
    Invoices(InvoicesArgs),
    /// One invoice with its instalments and allocations.
    Invoice(InvoiceArgs),
    /// Add a customer by hand, or update the fields given.
    AddCustomer(AddCustomerArgs),
    /// Post an invoice by hand; its terms are frozen on it.
    PostInvoice(PostInvoiceArgs),
    /// Record a payment, a credit note or a write-off.
    Settle(SettleArgs),
    /// Allocate a customer's unapplied payments and credit notes, oldest due first.
    Allocate(AllocateArgs),
    /// Disputes: `dispute open INVOICE`, `dispute resolve ID`; or `dispute INVOICE [--clear]`
    /// to mark an invoice disputed (or clear the mark) without recording a dispute.
    Dispute(DisputeArgs),
    /// The disputes open at an as-of date, with totals by reason and by age.
    Disputes(ListArgs),
    /// Promises to pay: `promise add CUSTOMER ...`.
    #[command(subcommand)]
    Promise(PromiseCommand),
    /// Every promise to pay with where it stands at an as-of date.
    Promises(ListArgs),
    /// Write-offs of a period with their reasons, and the bad-debt ratio per currency.
    BadDebt(BadDebtArgs),
    /// Claims on trade-credit insurance: `claim add CUSTOMER ...`, `claim decide ID ...`.
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// The receipts expected in each of the 13 weeks from an as-of date, per currency, with
    /// what is already late in week 1, what is expected later and what is disputed.
    Forecast(ListArgs),
    /// A customer's statement of account: opening balance, invoices and settlements with the
    /// running balance, closing balance and the aging of what is open, per currency.
    Statement(crate::statement::StatementArgs),
    /// Payment plans: `plan create CUSTOMER ...`, `plan show ID`, `plan break ID`.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Every payment plan with where it stands at an as-of date; --enforce records the broken
    /// ones as broken.
    Plans(PlansArgs),
    /// Every insurance claim with its decision, payment and retention.
    Claims {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The files attached to a credit report (`--report CUSTOMER ID`) or a dispute
    /// (`--dispute ID`): name, type, date added and size.
    Attachments(AttachmentsArgs),
    /// An attached file by the id `attachments` shows: `attachment save ID OUT`,
    /// `attachment remove ID`.
    #[command(subcommand)]
    Attachment(AttachmentCommand),
    /// The book's audit trail, newest first.
    Audit(AuditArgs),
    /// Credit control: credit profiles, security, credit reports, insurance, exchange rates,
    /// orders checked against the limit, exposure and the review queue.
    #[command(subcommand)]
    Credit(CreditCommand),
    /// Collections: `dunning policy|pause|lift|pauses|propose|run|runs|approve|execute`,
    /// `dunning templates`, `dunning template show|edit|reset`.
    #[command(subcommand)]
    Dunning(DunningCommand),
    /// The communications sent (to one customer), the latest first: the communication log.
    Communications {
        customer: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The calls phone levels asked for, by due day.
    PhoneTasks {
        /// Only those not done yet.
        #[arg(long)]
        open: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record how a call went: `phone-task done ID --outcome ...`.
    #[command(subcommand)]
    PhoneTask(PhoneTaskCommand),
    /// The fees and interest a customer's dunnings charged, and what is still open of them.
    Charges {
        customer: String,
        /// The date they are taken at (default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Charges paid or waived: `charge pay INVOICE`, `charge waive INVOICE`.
    #[command(subcommand)]
    Charge(ChargeCommand),
    /// The mail waiting to be sent, sent or failed; `outbox send` sends what is due,
    /// `outbox confirm ID` and `outbox resend ID` settle a message whose fate is not known.
    Outbox {
        #[command(subcommand)]
        action: Option<crate::sending::OutboxCommand>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The company's details as letters show them, and the mail account: `settings company`,
    /// `settings mail`.
    #[command(subcommand)]
    Settings(crate::settings::SettingsCommand),
    /// The reference rate tables statutory late-payment interest is computed with (`ecb`,
    /// `boe`, `de-base`, `cn-lpr`): `interest-rates show SOURCE`, `interest-rates load SOURCE
    /// FILE` to bring one up to date with a newer file, `interest-rates reset SOURCE`.
    InterestRates {
        #[command(subcommand)]
        action: Option<crate::interest_rates::InterestRatesCommand>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The letters of executed runs: `letter render ID --pdf FILE`.
    #[command(subcommand)]
    Letter(crate::sending::LetterCommand),
    /// A customer's postal address and letter language, and its late-payment interest:
    /// `customer address REF`, `customer interest REF`.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Write a generated ledger as a CSV file in the generic layout (for trials and benchmarks).
    DemoCsv(DemoCsvArgs),
}

#[derive(Subcommand)]
enum BookCommand {
    /// Create an empty book.
    New {
        file: PathBuf,
        /// The company whose receivables the book holds.
        #[arg(long, default_value = "My Company")]
        name: String,
        /// The company's own currency.
        #[arg(long, default_value = "EUR")]
        currency: String,
    },
    /// Create a book filled with a generated, realistic ledger.
    Demo {
        file: PathBuf,
        #[command(flatten)]
        demo: DemoArgs,
    },
}

#[derive(Args)]
struct DemoArgs {
    /// Seed of the generator: the same seed gives the same book.
    #[arg(long, default_value_t = 2026)]
    seed: u64,
    /// Number of customers.
    #[arg(long, default_value_t = 60)]
    customers: usize,
    /// Number of invoices.
    #[arg(long, default_value_t = 2500)]
    invoices: usize,
    /// Last day of the generated history (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, default_value = "2026-11-30")]
    end: NaiveDate,
    /// Months of history.
    #[arg(long, default_value_t = 18)]
    months: u32,
}

#[derive(Args)]
struct ImportArgs {
    /// Import profile: one of `creditdesk profiles`.
    #[arg(long, required_unless_present = "profile_file")]
    profile: Option<String>,
    /// A profile saved as JSON (see `profiles --json NAME`), instead of a built-in one.
    #[arg(long, value_name = "JSON", conflicts_with = "profile")]
    profile_file: Option<PathBuf>,
    /// Check the file and list every bad row, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Currency of amounts when the file has no currency column (default: the book's).
    #[arg(long)]
    currency: Option<String>,
    /// Customer reference for files that have no customer column.
    #[arg(long)]
    customer: Option<String>,
    /// Payment terms for invoices that have no due date (default: "net 30").
    #[arg(long)]
    terms: Option<String>,
    /// Date of the export, for paid amounts the export gives without a payment date.
    #[arg(long, value_parser = parse_date)]
    export_date: Option<NaiveDate>,
    /// The CSV file.
    csv: PathBuf,
}

#[derive(Args)]
struct AgingArgs {
    #[arg(long, value_parser = parse_date)]
    as_of: NaiveDate,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Upper bounds of the overdue buckets in days.
    #[arg(long, default_value = "30,60,90")]
    buckets: String,
    /// Add one row per customer and currency.
    #[arg(long)]
    by_customer: bool,
}

#[derive(Args)]
struct DsoArgs {
    #[arg(long, value_parser = parse_date)]
    as_of: NaiveDate,
    /// Length of the period in days over which credit sales are taken.
    #[arg(long, default_value_t = 90, allow_negative_numbers = true)]
    period_days: u32,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Add one row per customer and currency.
    #[arg(long)]
    by_customer: bool,
}

#[derive(Args)]
struct CustomersArgs {
    /// Date at which balances are taken (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
struct InvoicesArgs {
    /// Only invoices with an amount overdue at the as-of date.
    #[arg(long)]
    overdue: bool,
    /// Date at which open amounts and days overdue are taken (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long)]
    customer: Option<String>,
    #[arg(long)]
    currency: Option<String>,
    /// Only disputed invoices.
    #[arg(long)]
    disputed: bool,
    #[arg(long, default_value_t = 50, allow_negative_numbers = true)]
    limit: u32,
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    offset: u32,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
struct InvoiceArgs {
    number: String,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
struct AddCustomerArgs {
    /// The customer's reference (its code in your accounting system).
    reference: String,
    #[arg(long, default_value = "")]
    name: String,
    /// ISO country code, e.g. DE.
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    email: Option<String>,
    /// How the customer prefers to be written to.
    #[arg(long, value_enum)]
    channel: Option<ChannelArg>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ChannelArg {
    Paper,
    Email,
}

#[derive(Args)]
struct PostInvoiceArgs {
    /// The invoice number, as printed (leading zeros are kept).
    number: String,
    #[arg(long)]
    customer: String,
    /// Issue date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// Total, e.g. 1200.00.
    #[arg(long, allow_negative_numbers = true)]
    amount: String,
    /// Currency (default: the book's).
    #[arg(long)]
    currency: Option<String>,
    /// Due date; wins over --terms.
    #[arg(long, value_parser = parse_date)]
    due: Option<NaiveDate>,
    /// Payment terms, e.g. "2/10 net 30" or "net 30 in 3 parts every 1 month" (default: net 30).
    #[arg(long)]
    terms: Option<String>,
    /// The customer disputes the invoice.
    #[arg(long)]
    disputed: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Payment,
    CreditNote,
    WriteOff,
}

#[derive(Args)]
struct SettleArgs {
    #[arg(long, value_enum, default_value_t = Kind::Payment)]
    kind: Kind,
    /// Your reference of the payment, credit note or write-off (unique per kind).
    #[arg(long)]
    reference: String,
    #[arg(long)]
    customer: String,
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// Amount in the invoice's currency, e.g. 250.00; a payment below zero (-250.00) is a
    /// refund.
    #[arg(long, allow_negative_numbers = true)]
    amount: Option<String>,
    /// Currency of the amount (default: the named invoice's, else the book's).
    #[arg(long)]
    currency: Option<String>,
    /// The invoice this settles (or, for a refund, takes back from); without it the amount
    /// stays unapplied.
    #[arg(long)]
    invoice: Option<String>,
    /// What was actually paid when it came in another currency, e.g. "2000.00 CZK".
    /// A refund paid back in another currency is below zero: --paid "-100.00 USD".
    #[arg(long, requires = "rate", allow_hyphen_values = true)]
    paid: Option<String>,
    /// Units of the invoice currency per unit of the paid currency, e.g. 0.03.
    #[arg(long, requires = "paid", allow_negative_numbers = true)]
    rate: Option<String>,
    /// Why a write-off is written off; kept with it and shown by `bad-debt`.
    #[arg(long)]
    reason: Option<String>,
}

#[derive(Args)]
struct AllocateArgs {
    #[arg(long)]
    customer: String,
    #[arg(long, value_parser = parse_date)]
    as_of: NaiveDate,
}

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct DisputeArgs {
    #[command(subcommand)]
    command: Option<DisputeCommand>,
    /// Mark this invoice disputed without recording a dispute.
    #[arg(required = true)]
    invoice: Option<String>,
    /// Clear the mark instead of setting it; refused while a recorded dispute of the invoice is
    /// open (resolve it with `dispute resolve ID`).
    #[arg(long)]
    clear: bool,
}

#[derive(Args)]
struct ListArgs {
    /// The date the list is taken at (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
struct BadDebtArgs {
    /// First day of the period.
    #[arg(long, value_parser = parse_date)]
    from: NaiveDate,
    /// Last day of the period.
    #[arg(long, value_parser = parse_date)]
    to: NaiveDate,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
struct AuditArgs {
    #[arg(long, default_value_t = 50)]
    limit: u32,
}

#[derive(Args)]
struct DemoCsvArgs {
    #[command(flatten)]
    demo: DemoArgs,
    /// Where to write the CSV.
    out: PathBuf,
}

/// Today's date on this computer's calendar: the default as-of date of the lists.
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|err| {
        if err.kind() == chrono::format::ParseErrorKind::OutOfRange {
            // The shape is right: say so, as the import does, rather than "not a date".
            format!("\"{text}\" is written as YYYY-MM-DD, but that day does not exist; check the day and the month.")
        } else {
            format!("\"{text}\" is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31.")
        }
    })
}

pub(crate) fn parse_currency(field: &str, text: &str) -> AppResult<Currency> {
    Currency::from_code(text).map_err(|e| AppError::invalid(format!("--{field}: {e}")))
}

/// Digits with an optional leading minus and at most one dot: `1234.50`. No exponent, no
/// grouping, so that what a person typed is exactly what is recorded.
pub(crate) fn parse_decimal(field: &str, text: &str) -> AppResult<Decimal> {
    let plain = text.trim();
    let digits = plain.strip_prefix('-').unwrap_or(plain);
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    let parsed = if well_formed {
        plain.parse::<Decimal>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| {
        AppError::invalid(format!(
            "--{field} \"{text}\" is not a number; write it with a dot for decimals and no \
             grouping, e.g. 1234.50."
        ))
    })
}

fn book_path(cli_book: &Option<PathBuf>) -> AppResult<&PathBuf> {
    cli_book.as_ref().ok_or_else(|| {
        AppError::invalid("This command needs a book; give it with --book FILE.".to_string())
    })
}

impl DemoArgs {
    fn request(&self) -> DemoRequest {
        DemoRequest {
            seed: self.seed,
            customers: self.customers,
            invoices: self.invoices,
            end: self.end,
            months: self.months,
        }
    }
}

pub fn run(cli: Cli) -> AppResult<()> {
    match cli.command {
        Command::Book(BookCommand::New {
            file,
            name,
            currency,
        }) => {
            let currency = parse_currency("currency", &currency)?;
            creditdesk_app::create_book(&file, &NewBook { name, currency })?;
            outln!("Created the book {}.", file.display());
            Ok(())
        }
        Command::Book(BookCommand::Demo { file, demo }) => {
            let report = creditdesk_app::create_demo_book(&file, &demo.request())?;
            outln!(
                "Created the demo book {} with {} customers, {} invoices and {} settlements.",
                file.display(),
                report.customers,
                report.invoices,
                report.settlements
            );
            Ok(())
        }
        Command::Profiles { json: None } => {
            output::profiles(&creditdesk_app::import_profiles());
            Ok(())
        }
        Command::Profiles { json: Some(name) } => {
            outln!("{}", creditdesk_app::import_profile_json(&name)?);
            Ok(())
        }
        Command::DemoCsv(args) => {
            let rows = creditdesk_app::write_demo_csv(&args.out, &args.demo.request())?;
            outln!("Wrote {rows} rows to {}.", args.out.display());
            Ok(())
        }
        command => {
            let mut book = OpenBook::open(book_path(&cli.book)?)?;
            run_on_book(&mut book, command)
        }
    }
}

fn run_on_book(book: &mut OpenBook, command: Command) -> AppResult<()> {
    match command {
        Command::Import(args) => import(book, args),
        Command::Aging(args) => {
            let buckets = Buckets::parse(&args.buckets)
                .map_err(|e| AppError::invalid(format!("--buckets: {e}")))?;
            let report = book.aging(args.as_of, &buckets)?;
            output::aging(&report, args.format, args.by_customer);
            Ok(())
        }
        Command::Dso(args) => {
            let rows = book.measures(args.as_of, args.period_days)?;
            output::measures(&rows, args.format, args.by_customer);
            Ok(())
        }
        Command::Customers(args) => {
            let rows = book.customers(args.as_of.unwrap_or_else(today))?;
            output::customers(&rows, args.format);
            Ok(())
        }
        Command::Invoices(args) => {
            let currency = args
                .currency
                .as_deref()
                .map(|c| parse_currency("currency", c));
            let query = InvoiceQuery {
                as_of: args.as_of.unwrap_or_else(today),
                overdue_only: args.overdue,
                customer: args.customer,
                currency: currency.transpose()?,
                disputed_only: args.disputed,
                limit: args.limit,
                offset: args.offset,
            };
            let rows = book.invoices(&query)?;
            output::invoices(&rows, args.format, args.limit, args.offset);
            Ok(())
        }
        Command::Invoice(args) => {
            let detail = book.invoice(&args.number)?;
            output::invoice(&detail, args.format);
            Ok(())
        }
        Command::AddCustomer(args) => {
            let input = CustomerInput {
                reference: args.reference,
                name: args.name,
                country: args.country,
                email: args.email,
                channel: args.channel.map(|c| match c {
                    ChannelArg::Paper => Channel::Paper,
                    ChannelArg::Email => Channel::Email,
                }),
            };
            outln!("{}", book.save_customer(&input)?);
            Ok(())
        }
        Command::PostInvoice(args) => {
            let currency = args
                .currency
                .as_deref()
                .map(|c| parse_currency("currency", c));
            let input = InvoiceInput {
                number: args.number,
                customer: args.customer,
                issue_date: args.date,
                amount: parse_decimal("amount", &args.amount)?,
                currency: currency.transpose()?,
                due_date: args.due,
                terms: args.terms,
                disputed: args.disputed,
            };
            outln!("{}", book.post_invoice(&input)?);
            Ok(())
        }
        Command::Settle(args) => settle(book, args),
        Command::Allocate(args) => {
            let allocated = book.allocate_unapplied(&args.customer, args.as_of)?;
            output::allocated(&allocated);
            Ok(())
        }
        Command::Dispute(DisputeArgs {
            command: Some(command),
            ..
        }) => followup::dispute(book, command),
        Command::Dispute(args) => {
            let invoice = args.invoice.unwrap_or_default();
            if args.clear {
                book.clear_dispute_mark(&invoice)?;
            } else {
                book.set_disputed(&invoice, true)?;
            }
            if args.clear {
                outln!("Invoice {invoice} is no longer disputed.");
            } else {
                outln!("Invoice {invoice} is marked as disputed.");
            }
            Ok(())
        }
        Command::Disputes(args) => followup::disputes(book, args.as_of, args.format),
        Command::Promise(command) => followup::promise(book, command),
        Command::Promises(args) => followup::promises(book, args.as_of, args.format),
        Command::Plan(command) => followup::plan(book, command),
        Command::Plans(args) => followup::plans(book, args),
        Command::BadDebt(args) => followup::bad_debt(book, args.from, args.to, args.format),
        Command::Claim(command) => followup::claim(book, command),
        Command::Claims { format } => followup::claims(book, format),
        Command::Forecast(args) => followup::forecast(book, args.as_of, args.format),
        Command::Statement(args) => crate::statement::run(book, args),
        Command::Attachments(args) => crate::attachments::list(book, args),
        Command::Attachment(command) => crate::attachments::run(book, command),
        Command::Audit(args) => {
            output::audit(&book.audit_trail(args.limit)?);
            Ok(())
        }
        Command::Credit(command) => crate::credit::run(book, command),
        Command::Dunning(command) => crate::dunning::run(book, command),
        Command::Communications { customer, format } => {
            crate::dunning::communications(book, customer.as_deref(), format)
        }
        Command::PhoneTasks { open, format } => crate::dunning::phone_tasks(book, open, format),
        Command::PhoneTask(command) => crate::dunning::phone_task(book, command),
        Command::Charges {
            customer,
            as_of,
            format,
        } => crate::dunning::charges(book, &customer, as_of, format),
        Command::Charge(command) => crate::dunning::charge(book, command),
        Command::Outbox {
            action: None,
            format,
        } => crate::dunning::outbox(book, format),
        Command::Outbox {
            action: Some(action),
            ..
        } => crate::sending::outbox(book, action),
        Command::InterestRates {
            action: None,
            format,
        } => crate::interest_rates::list(book, format),
        Command::InterestRates {
            action: Some(action),
            ..
        } => crate::interest_rates::run(book, action),
        Command::Letter(command) => crate::sending::letter(book, command),
        Command::Settings(command) => crate::settings::run(book, command),
        Command::Customer(command) => crate::dunning::customer(book, command),
        Command::Book(_) | Command::Profiles { .. } | Command::DemoCsv(_) => {
            unreachable!("handled before a book is opened")
        }
    }
}

fn import(book: &mut OpenBook, args: ImportArgs) -> AppResult<()> {
    let profile = match (args.profile, args.profile_file) {
        (_, Some(path)) => ProfileChoice::File(path),
        (Some(name), None) => ProfileChoice::Builtin(name),
        (None, None) => unreachable!("clap requires one of them"),
    };
    let currency = args
        .currency
        .as_deref()
        .map(|c| parse_currency("currency", c));
    let request = ImportRequest {
        file: args.csv,
        profile,
        currency: currency.transpose()?,
        customer: args.customer,
        terms: args.terms,
        export_date: args.export_date,
        dry_run: args.dry_run,
    };
    let mut progress = output::ProgressLine::new();
    let report = book.import_file(&request, &mut |p| progress.show(p))?;
    progress.finish();
    output::import_report(&report);
    if report.problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::new(
            creditdesk_app::error::ErrorCode::ImportRejected,
            format!(
                "The file has {} bad row(s); nothing was imported. Correct them and import again.",
                report.problems.len()
            ),
        ))
    }
}

fn settle(book: &mut OpenBook, args: SettleArgs) -> AppResult<()> {
    let kind = match args.kind {
        Kind::Payment => SettlementKind::Payment,
        Kind::CreditNote => SettlementKind::CreditNote,
        Kind::WriteOff => SettlementKind::WriteOff,
    };
    let currency = args
        .currency
        .as_deref()
        .map(|c| parse_currency("currency", c));
    let amount = args.amount.as_deref().map(|a| parse_decimal("amount", a));
    let paid = match (&args.paid, &args.rate) {
        (Some(paid), Some(rate)) => {
            let (value, code) = paid.trim().split_once(' ').ok_or_else(|| {
                AppError::invalid(format!(
                    "--paid \"{paid}\" needs an amount and a currency, e.g. \"2000.00 CZK\"."
                ))
            })?;
            Some((
                parse_decimal("paid", value)?,
                parse_currency("paid", code.trim())?,
                parse_decimal("rate", rate)?,
            ))
        }
        _ => None,
    };
    let input = SettlementInput {
        kind,
        reference: args.reference,
        customer: args.customer,
        date: args.date,
        amount: amount.transpose()?,
        currency: currency.transpose()?,
        invoice: args.invoice,
        paid,
    };
    let outcome = match &args.reason {
        Some(reason) => book.record_write_off(&input, reason)?,
        None => book.record_settlement(&input)?,
    };
    outln!("{outcome}");
    Ok(())
}
