//! `creditdesk credit ...`: credit profiles, exchange rates, orders checked against the limit,
//! exposure and the review queue, the rest of a credit file (security, credit reports and
//! trade-credit insurance), the book's credit policy, and suggested limits with the owner's
//! decisions on them. A held order is not saved: the command exits with status 1 and every
//! reason on stderr, unless `--override` gives a reason to go ahead.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{
    CreditProfileInput, CustomerReview, OpenBook, OrderChangeInput, OrderInput, OrderOutcome,
};
use creditdesk_core::credit::{
    CheckPolicy, CreditCheck, CreditFile, CreditReport, CreditStatus, ExchangeRate, Exposure,
    ExposureSource, InsurerReport, LimitChange, LimitRules, LimitSuggestion, OrderState,
    ReviewWindows, RiskClass, Security, SecurityKind, TradeCreditInsurance,
};
use creditdesk_core::{say, Currency, Money};
use rust_decimal::Decimal;
use serde_json::json;

use crate::args::{parse_currency, parse_date, parse_decimal, today};
use crate::output::{money_cell, print_json, Format, Table};

#[derive(Subcommand)]
pub enum CreditCommand {
    /// Set a customer's credit profile; options left out keep what the profile had.
    Set(SetArgs),
    /// A customer's credit file: profile, security, insurance, reports and orders.
    Show {
        customer: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Record an exchange rate: RATE units of TO for one FROM, published on DATE.
    Rate {
        from: String,
        to: String,
        #[arg(value_parser = parse_date)]
        date: NaiveDate,
        rate: String,
    },
    /// Exchange rates: import a file of them, or list those in the book.
    #[command(subcommand)]
    Rates(RatesCommand),
    /// Enter an order, or close, reopen, invoice or amend one; each is checked against the limit.
    #[command(subcommand)]
    Order(OrderCommand),
    /// Security the customer has given: a deposit, a bank guarantee or a letter of credit.
    #[command(subcommand)]
    Security(SecurityCommand),
    /// Credit reports bought about the customer from an agency.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The customer's trade-credit insurance cover.
    #[command(subcommand)]
    Insurance(InsuranceCommand),
    /// A customer's exposure: open receivables and open orders against its limit.
    Exposure {
        customer: String,
        /// Date of the exposure (default: today).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Check an order on record as if it were entered now (a closed one as if reopened).
    Check {
        reference: String,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// What needs looking at in every credit file: reviews due, expiring security and cover,
    /// missing or old credit reports.
    ReviewQueue {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The book's credit policy: shown without options; each option given changes one rule.
    Policy(PolicyArgs),
    /// The limit the book's rules suggest for a customer, with its reasoning; --accept sets the
    /// limit to it, --reject leaves the limit; both are recorded.
    Suggest(SuggestArgs),
    /// The decisions taken on suggested limits for a customer, oldest first.
    Decisions {
        customer: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// What needs acting on in every credit file: limits exceeded, payments getting later,
    /// reviews due, security and insurance expiring, invoices to report to the insurer.
    Alerts {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// A customer's risk score (0 to 100) with the factors that make it up.
    Risk {
        customer: String,
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Args)]
pub struct PolicyArgs {
    /// Days an undisputed instalment may be overdue before every order is held (default 15).
    #[arg(long, value_name = "DAYS")]
    grace_days: Option<u32>,
    /// How many days ahead the review queue looks for expiring security and insurance (30).
    #[arg(long, value_name = "DAYS")]
    expiring_within: Option<u32>,
    /// The age in days beyond which the latest credit report is listed for renewal (365).
    #[arg(long, value_name = "DAYS")]
    report_max_age: Option<u32>,
    /// A new customer's first limit as a percentage of its first order (50).
    #[arg(long, value_name = "PERCENT")]
    first_order_percent: Option<String>,
    /// Months without a late payment before a raise is suggested (12).
    #[arg(long, value_name = "MONTHS")]
    clean_months: Option<u32>,
    /// Days late a payment may be and still count as clean (15).
    #[arg(long, value_name = "DAYS")]
    late_tolerance: Option<u32>,
    /// The raise suggested after a clean period, in percent (25).
    #[arg(long, value_name = "PERCENT")]
    raise_percent: Option<String>,
    /// Months of recent payments compared with the months before them (3).
    #[arg(long, value_name = "MONTHS")]
    recent_months: Option<u32>,
    /// Months before the recent ones that recent payments are compared with (12).
    #[arg(long, value_name = "MONTHS")]
    earlier_months: Option<u32>,
    /// By how many more days late on average recent payments must be to suggest a cut (10).
    #[arg(long, value_name = "DAYS")]
    worsening_days: Option<u32>,
    /// The cut suggested when payments worsen or a credit report gets worse, in percent (25).
    #[arg(long, value_name = "PERCENT")]
    cut_percent: Option<String>,
    /// Whether a higher credit score is a better one (true).
    #[arg(long, value_name = "BOOL")]
    higher_score_is_better: Option<bool>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("decided").args(["accept", "reject"])))]
pub struct SuggestArgs {
    customer: String,
    /// Date of the suggestion (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// The first order a new customer's first limit is based on, e.g. "8000.00 EUR" (default:
    /// the customer's earliest order on record).
    #[arg(long)]
    first_order: Option<String>,
    /// Set the limit to the suggestion, and record the decision.
    #[arg(long, conflicts_with = "reject")]
    accept: bool,
    /// Leave the limit as it is, and record the decision.
    #[arg(long)]
    reject: bool,
    /// A note kept with the decision.
    #[arg(long, requires = "decided")]
    note: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Subcommand)]
pub enum RatesCommand {
    /// Record every rate of a CSV file with the columns date, from, to and rate (all of them, or
    /// none when a row is bad).
    Import { file: std::path::PathBuf },
    /// The rates in the book dated on or before --as-of (default: today), by pair and date.
    List {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Args)]
pub struct SetArgs {
    customer: String,
    /// The credit limit with its currency, e.g. "10000.00 EUR" (default currency: the book's).
    #[arg(long)]
    limit: String,
    /// The longest payment terms allowed, in days.
    #[arg(long)]
    max_terms: u32,
    /// Terms an order gets unless it says otherwise (new profile: 30, at most --max-terms).
    #[arg(long)]
    default_terms: Option<u32>,
    #[arg(long, value_enum)]
    status: Option<StatusArg>,
    #[arg(long, value_enum)]
    risk: Option<RiskArg>,
    /// The next review date (new profile: --review-months from today).
    #[arg(long, value_parser = parse_date)]
    review: Option<NaiveDate>,
    /// Months between reviews (new profile: 12).
    #[arg(long)]
    review_months: Option<u32>,
    /// Ask this customer for security before selling on credit.
    #[arg(long)]
    security_required: Option<bool>,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Active,
    OnHold,
    Blocked,
    PrepaymentOnly,
}

#[derive(Clone, Copy, ValueEnum)]
enum RiskArg {
    Low,
    Medium,
    High,
    VeryHigh,
}

#[derive(Subcommand)]
pub enum OrderCommand {
    /// Enter a new order; a held order is saved only with --override.
    Add {
        reference: String,
        #[arg(long)]
        customer: String,
        /// The order's value with its currency, e.g. "3000.00 EUR".
        #[arg(long)]
        amount: String,
        /// Payment terms in days (default: the customer's default terms).
        #[arg(long)]
        terms: Option<u32>,
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Close an order: it no longer counts toward exposure. Always allowed.
    Close {
        reference: String,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Mark an order as invoiced: it counts as a receivable from now on. Always allowed.
    Invoice {
        reference: String,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Reopen a closed or invoiced order; checked like a new order.
    Reopen {
        reference: String,
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Change an order's amount or terms: a lower amount or shorter terms are always allowed,
    /// a higher amount or longer terms are checked like a new order.
    Amend {
        reference: String,
        /// The new amount, in the order's currency, e.g. "3500.00 EUR" or "3500.00".
        #[arg(long, required_unless_present = "terms")]
        amount: Option<String>,
        /// The new payment terms in days after the invoice date.
        #[arg(long)]
        terms: Option<u32>,
        #[command(flatten)]
        check: CheckArgs,
    },
}

#[derive(Subcommand)]
pub enum SecurityCommand {
    /// Add security the customer has given.
    Add(SecurityArgs),
    /// The customer's security, with the id each is removed by.
    List {
        customer: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Remove a security by the id `credit security list` shows; the removal is audited.
    Remove { customer: String, id: i64 },
}

#[derive(Args)]
pub struct SecurityArgs {
    customer: String,
    #[arg(long, value_enum)]
    kind: SecurityKindArg,
    /// The amount secured with its currency, e.g. "5000.00 EUR" (default currency: the book's).
    #[arg(long)]
    amount: String,
    /// The bank of a guarantee or letter of credit; for a deposit, who paid it in.
    #[arg(long)]
    issuer: String,
    /// The last day a guarantee or letter of credit holds; a deposit does not expire.
    #[arg(long, value_parser = parse_date)]
    expires: Option<NaiveDate>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SecurityKindArg {
    Deposit,
    BankGuarantee,
    LetterOfCredit,
}

#[derive(Subcommand)]
pub enum ReportCommand {
    /// Add a credit report bought about the customer.
    Add(ReportArgs),
    /// The customer's credit reports, oldest first, with the id each is removed by.
    List {
        customer: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Remove a credit report by the id `credit report list` shows; the removal is audited, and
    /// the files attached to it are removed with it.
    Remove { customer: String, id: i64 },
    /// Attach a file (the agency's PDF, a letter) to a credit report by the id `credit report
    /// list` shows; the book keeps it byte for byte, up to 20 MB.
    Attach {
        customer: String,
        id: i64,
        file: std::path::PathBuf,
    },
}

#[derive(Args)]
pub struct ReportArgs {
    customer: String,
    /// The credit agency that wrote the report.
    #[arg(long)]
    agency: String,
    /// The date of the report.
    #[arg(long, value_parser = parse_date)]
    date: NaiveDate,
    /// The score or rating as the agency writes it: 72, 480, BB+.
    #[arg(long)]
    rating: String,
    /// The limit the agency recommends, e.g. "8000.00 EUR" (default currency: the book's).
    #[arg(long)]
    recommended: Option<String>,
    #[arg(long, default_value = "")]
    note: String,
}

#[derive(Subcommand)]
pub enum InsuranceCommand {
    /// Set the customer's trade-credit insurance, replacing the cover it had.
    Set(InsuranceArgs),
    /// Record that an unpaid invoice was reported to the insurer; it then raises no more
    /// reporting-deadline alerts.
    Report {
        invoice: String,
        /// The day it was reported (default: today).
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        /// The insurer's reference of the report.
        #[arg(long, default_value = "")]
        reference: String,
    },
    /// The customer's invoices reported to the insurer.
    Reports {
        customer: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Args)]
pub struct InsuranceArgs {
    customer: String,
    #[arg(long)]
    insurer: String,
    /// The policy number.
    #[arg(long)]
    policy: String,
    /// The insurer's reference of this customer as a buyer.
    #[arg(long)]
    buyer: String,
    /// The limit the insurer approved for this buyer, e.g. "20000.00 EUR".
    #[arg(long)]
    limit: String,
    /// The first day of cover.
    #[arg(long, value_parser = parse_date)]
    from: NaiveDate,
    /// The last day of cover, inclusive.
    #[arg(long, value_parser = parse_date)]
    to: NaiveDate,
    /// The longest terms the insurer covers, in days after the invoice date.
    #[arg(long, value_name = "DAYS")]
    max_period: u32,
    /// Days after the due date by which an unpaid invoice must be reported to the insurer.
    #[arg(long, value_name = "DAYS")]
    report_within: u32,
}

#[derive(Args)]
pub struct CheckArgs {
    /// Go ahead with a held order for this reason; the override is logged.
    #[arg(long = "override", value_name = "REASON")]
    override_reason: Option<String>,
    /// Date of the check (default: today).
    #[arg(long, value_parser = parse_date)]
    as_of: Option<NaiveDate>,
}

/// The commands whose answer is more than one table (or a table and sentences): a table for a
/// person or JSON for a script, but no CSV.
fn without_csv(command: &CreditCommand) -> Option<(Format, &'static str)> {
    Some(match command {
        CreditCommand::Show { format, .. } => (*format, "credit show"),
        CreditCommand::Security(SecurityCommand::List { format, .. }) => {
            (*format, "credit security list")
        }
        CreditCommand::Report(ReportCommand::List { format, .. }) => {
            (*format, "credit report list")
        }
        CreditCommand::Policy(args) => (args.format, "credit policy"),
        CreditCommand::Suggest(args) => (args.format, "credit suggest"),
        CreditCommand::Decisions { format, .. } => (*format, "credit decisions"),
        CreditCommand::Exposure { format, .. } => (*format, "credit exposure"),
        CreditCommand::Check { format, .. } => (*format, "credit check"),
        CreditCommand::ReviewQueue { format, .. } => (*format, "credit review-queue"),
        CreditCommand::Alerts { format, .. } => (*format, "credit alerts"),
        CreditCommand::Risk { format, .. } => (*format, "credit risk"),
        _ => return None,
    })
}

pub fn run(book: &mut OpenBook, command: CreditCommand) -> AppResult<()> {
    if let Some((Format::Csv, name)) = without_csv(&command) {
        return Err(AppError::invalid(say!(
            en: "`{name}` answers with a table and sentences, which CSV cannot hold; use \
                 --format table or --format json.",
            zh: "`{name}` 的结果包含表格和说明文字，无法以 CSV 输出；请使用 --format table 或 \
                 --format json。",
        )));
    }
    match command {
        CreditCommand::Set(args) => set(book, args),
        CreditCommand::Show { customer, format } => {
            let file = book.credit_file(&customer)?;
            let orders = book.orders(&customer)?;
            if format == Format::Table {
                show(&file);
                order_table(&orders);
            } else {
                print_json(&json!({ "file": file, "orders": orders }));
            }
            Ok(())
        }
        CreditCommand::Rate {
            from,
            to,
            date,
            rate,
        } => {
            let rate = ExchangeRate {
                from: parse_currency("from", &from)?,
                to: parse_currency("to", &to)?,
                date,
                rate: parse_decimal("rate", &rate)?,
            };
            book.set_exchange_rate(&rate)?;
            outln!(
                "Recorded the rate of {} {} for 1 {} on {}.",
                rate.rate,
                rate.to,
                rate.from,
                rate.date
            );
            Ok(())
        }
        CreditCommand::Rates(RatesCommand::Import { file }) => {
            let saved = book.import_exchange_rates(&file)?;
            outln!(
                "Recorded the rates of {}: {} new, {} replaced, {} unchanged.",
                file.display(),
                saved.added,
                saved.replaced,
                saved.unchanged
            );
            Ok(())
        }
        CreditCommand::Rates(RatesCommand::List { as_of, format }) => {
            let rates = book.exchange_rates(as_of.unwrap_or_else(today))?;
            if format == Format::Json {
                print_json(&json!(rates));
                return Ok(());
            }
            let mut table = Table::new(&["date", "from", "to", "rate"], 3);
            for rate in &rates {
                table.push(vec![
                    rate.date.to_string(),
                    rate.from.code().to_string(),
                    rate.to.code().to_string(),
                    rate.rate.to_string(),
                ]);
            }
            table.print(format);
            Ok(())
        }
        CreditCommand::Order(command) => order(book, command),
        CreditCommand::Security(SecurityCommand::Add(args)) => add_security(book, args),
        CreditCommand::Security(SecurityCommand::List { customer, format }) => {
            list_security(book, &customer, format)
        }
        CreditCommand::Security(SecurityCommand::Remove { customer, id }) => {
            let security = book.remove_security(&customer, id)?;
            outln!(
                "Removed security {id} of {}: {}.",
                customer.trim(),
                security_summary(&security)
            );
            Ok(())
        }
        CreditCommand::Report(ReportCommand::Add(args)) => add_report(book, args),
        CreditCommand::Report(ReportCommand::List { customer, format }) => {
            list_reports(book, &customer, format)
        }
        CreditCommand::Report(ReportCommand::Attach { customer, id, file }) => {
            crate::attachments::attach_to_report(book, &customer, id, &file)
        }
        CreditCommand::Report(ReportCommand::Remove { customer, id }) => {
            let report = book.remove_credit_report(&customer, id)?;
            outln!(
                "Removed credit report {id} of {}: {} {}, {}.",
                customer.trim(),
                report.agency,
                report.date,
                report_summary(&report)
            );
            Ok(())
        }
        CreditCommand::Policy(args) => policy(book, args),
        CreditCommand::Suggest(args) => suggest(book, args),
        CreditCommand::Decisions { customer, format } => decisions(book, &customer, format),
        CreditCommand::Insurance(InsuranceCommand::Set(args)) => set_insurance(book, args),
        CreditCommand::Insurance(InsuranceCommand::Report {
            invoice,
            on,
            reference,
        }) => {
            let report = InsurerReport {
                invoice_number: invoice,
                reported_on: on.unwrap_or_else(today),
                reference,
            };
            book.report_to_insurer(&report)?;
            outln!(
                "Recorded that invoice {} was reported to the insurer on {}.",
                report.invoice_number.trim(),
                report.reported_on
            );
            Ok(())
        }
        CreditCommand::Insurance(InsuranceCommand::Reports { customer, format }) => {
            let reports = book.insurer_reports(&customer)?;
            if format == Format::Json {
                print_json(&json!(reports));
                return Ok(());
            }
            let mut table = Table::new(&["invoice", "reported on", "reference"], 3);
            for report in &reports {
                table.push(vec![
                    report.invoice_number.clone(),
                    report.reported_on.to_string(),
                    report.reference.clone(),
                ]);
            }
            table.print(format);
            Ok(())
        }
        CreditCommand::Exposure {
            customer,
            as_of,
            format,
        } => {
            let exposure = book.exposure(&customer, as_of.unwrap_or_else(today))?;
            match format {
                Format::Table => exposure_table(&exposure),
                _ => print_json(&json!(exposure)),
            }
            Ok(())
        }
        CreditCommand::Check {
            reference,
            as_of,
            format,
        } => {
            let check = book.check_recorded_order(&reference, as_of.unwrap_or_else(today))?;
            match format {
                Format::Table => check_table(&check),
                _ => print_json(&json!(check)),
            }
            Ok(())
        }
        CreditCommand::ReviewQueue { as_of, format } => {
            let queue = book.review_queue(as_of.unwrap_or_else(today))?;
            match format {
                Format::Table => review_table(&queue),
                _ => print_json(&review_json(&queue)),
            }
            Ok(())
        }
        CreditCommand::Alerts { as_of, format } => {
            crate::alerts::alerts(book, as_of.unwrap_or_else(today), format)
        }
        CreditCommand::Risk {
            customer,
            as_of,
            format,
        } => crate::alerts::risk(book, &customer, as_of.unwrap_or_else(today), format),
    }
}

/// `"3000.00 EUR"` or `"3000.00"`: the amount, and the currency when one is given.
fn parse_amount(field: &str, text: &str) -> AppResult<(Decimal, Option<Currency>)> {
    match text.trim().split_once(' ') {
        Some((amount, code)) => Ok((
            parse_decimal(field, amount)?,
            Some(parse_currency(field, code.trim())?),
        )),
        None => Ok((parse_decimal(field, text)?, None)),
    }
}

/// An amount typed as for [`parse_amount`], in the book's currency when none is given.
fn parse_money(book: &OpenBook, field: &str, text: &str) -> AppResult<Money> {
    let (amount, currency) = parse_amount(field, text)?;
    let currency = match currency {
        Some(currency) => currency,
        None => book.settings()?.currency,
    };
    Money::exact(amount, currency).map_err(|_| {
        let digits = currency.minor_digits();
        AppError::invalid(format!(
            "--{field} \"{text}\" has more decimals than {currency} allows ({digits}); round it \
             to the {currency} minor unit."
        ))
    })
}

fn add_security(book: &mut OpenBook, args: SecurityArgs) -> AppResult<()> {
    let kind = match (args.kind, args.expires) {
        (SecurityKindArg::Deposit, None) => SecurityKind::Deposit,
        (SecurityKindArg::Deposit, Some(date)) => {
            return Err(AppError::invalid(format!(
                "--expires {date} is not accepted with --kind deposit: a deposit does not \
                 expire; leave --expires out, or give --kind bank-guarantee or letter-of-credit."
            )))
        }
        (SecurityKindArg::BankGuarantee, Some(expires_on)) => {
            SecurityKind::BankGuarantee { expires_on }
        }
        (SecurityKindArg::LetterOfCredit, Some(expires_on)) => {
            SecurityKind::LetterOfCredit { expires_on }
        }
        (kind, None) => {
            let name = match kind {
                SecurityKindArg::LetterOfCredit => "letter-of-credit",
                _ => "bank-guarantee",
            };
            return Err(AppError::invalid(format!(
                "--kind {name} needs --expires: give the last day the security holds as \
                 YYYY-MM-DD, e.g. --expires 2025-06-30."
            )));
        }
    };
    let security = Security {
        kind,
        amount: parse_money(book, "amount", &args.amount)?,
        issuer: args.issuer.trim().to_string(),
    };

    book.add_security(&args.customer, &security)?;

    let until = security
        .expires_on()
        .map_or_else(String::new, |d| format!(" until {d}"));
    outln!(
        "Recorded a {} of {} from {}{until} for {}.",
        security.kind.word(),
        security.amount,
        security.issuer,
        args.customer.trim()
    );
    Ok(())
}

fn add_report(book: &mut OpenBook, args: ReportArgs) -> AppResult<()> {
    let recommended_limit = args
        .recommended
        .as_deref()
        .map(|text| parse_money(book, "recommended", text))
        .transpose()?;
    let report = CreditReport {
        agency: args.agency.trim().to_string(),
        date: args.date,
        rating: args.rating.trim().to_string(),
        recommended_limit,
        note: args.note.trim().to_string(),
    };

    book.add_credit_report(&args.customer, &report)?;

    outln!(
        "Recorded the {} report of {} on {}: {}.",
        report.agency,
        report.date,
        args.customer.trim(),
        report_summary(&report)
    );
    Ok(())
}

fn set_insurance(book: &mut OpenBook, args: InsuranceArgs) -> AppResult<()> {
    let cover = TradeCreditInsurance {
        insurer: args.insurer.trim().to_string(),
        policy_number: args.policy.trim().to_string(),
        buyer_reference: args.buyer.trim().to_string(),
        insured_limit: parse_money(book, "limit", &args.limit)?,
        valid_from: args.from,
        valid_to: args.to,
        max_credit_period_days: args.max_period,
        reporting_deadline_days: args.report_within,
    };

    book.set_insurance(&args.customer, &cover)?;

    outln!(
        "Recorded the insurance of {}: {}.",
        args.customer.trim(),
        cover_summary(&cover)
    );
    Ok(())
}

/// The rating, and the recommended limit and note when the report has them.
fn report_summary(report: &CreditReport) -> String {
    let mut summary = format!("rating {}", report.rating);
    if let Some(limit) = &report.recommended_limit {
        summary.push_str(&format!(", recommended limit {limit}"));
    }
    if !report.note.is_empty() {
        summary.push_str(&format!(" ({})", report.note));
    }
    summary
}

fn cover_summary(cover: &TradeCreditInsurance) -> String {
    format!(
        "{} policy {}, buyer {}, {} from {} to {}, terms up to {} days, unpaid invoices reported \
         within {} days of the due date",
        cover.insurer,
        cover.policy_number,
        cover.buyer_reference,
        cover.insured_limit,
        cover.valid_from,
        cover.valid_to,
        cover.max_credit_period_days,
        cover.reporting_deadline_days
    )
}

fn set(book: &mut OpenBook, args: SetArgs) -> AppResult<()> {
    let (limit, currency) = parse_amount("limit", &args.limit)?;
    let input = CreditProfileInput {
        customer: args.customer,
        limit,
        currency,
        max_terms_days: args.max_terms,
        default_terms_days: args.default_terms,
        risk_class: args.risk.map(|r| match r {
            RiskArg::Low => RiskClass::Low,
            RiskArg::Medium => RiskClass::Medium,
            RiskArg::High => RiskClass::High,
            RiskArg::VeryHigh => RiskClass::VeryHigh,
        }),
        status: args.status.map(|s| match s {
            StatusArg::Active => CreditStatus::Active,
            StatusArg::OnHold => CreditStatus::OnHold,
            StatusArg::Blocked => CreditStatus::Blocked,
            StatusArg::PrepaymentOnly => CreditStatus::PrepaymentOnly,
        }),
        review_date: args.review,
        review_interval_months: args.review_months,
        security_required: args.security_required,
    };
    let file = book.set_credit_profile(&input, today())?;
    show(&file);
    Ok(())
}

fn order(book: &mut OpenBook, command: OrderCommand) -> AppResult<()> {
    let outcome = match command {
        OrderCommand::Add {
            reference,
            customer,
            amount,
            terms,
            date,
            check,
        } => {
            let (amount, currency) = parse_amount("amount", &amount)?;
            let input = OrderInput {
                reference,
                customer,
                amount,
                currency,
                terms_days: terms,
                date,
            };
            let as_of = check.as_of.unwrap_or_else(today);
            book.enter_order(&input, as_of, check.override_reason.as_deref())?
        }
        OrderCommand::Close { reference, check } => {
            change(book, &reference, OrderState::Closed, check)?
        }
        OrderCommand::Invoice { reference, check } => {
            change(book, &reference, OrderState::Invoiced, check)?
        }
        OrderCommand::Reopen { reference, check } => {
            change(book, &reference, OrderState::Open, check)?
        }
        OrderCommand::Amend {
            reference,
            amount,
            terms,
            check,
        } => amend(book, &reference, amount.as_deref(), terms, check)?,
    };
    answer(&outcome)
}

/// The new amount is in the order's currency; one typed in another currency is refused rather
/// than read as a number in the order's.
fn amend(
    book: &mut OpenBook,
    reference: &str,
    text: Option<&str>,
    terms_days: Option<u32>,
    check: CheckArgs,
) -> AppResult<OrderOutcome> {
    let as_of = check.as_of.unwrap_or_else(today);
    let Some(text) = text else {
        let change = OrderChangeInput {
            terms_days,
            ..OrderChangeInput::default()
        };
        return book.change_order(reference, &change, as_of, check.override_reason.as_deref());
    };
    let (amount, currency) = parse_amount("amount", text)?;
    if let Some(currency) = currency {
        let order_currency = book.order(reference)?.amount.currency();
        if currency != order_currency {
            return Err(AppError::invalid(format!(
                "--amount \"{text}\" is in {currency}, but order {} is in {order_currency}; give \
                 the new amount in {order_currency}.",
                reference.trim()
            )));
        }
    }
    let change = OrderChangeInput {
        state: None,
        amount: Some(amount),
        terms_days,
    };
    book.change_order(reference, &change, as_of, check.override_reason.as_deref())
}

fn change(
    book: &mut OpenBook,
    reference: &str,
    state: OrderState,
    check: CheckArgs,
) -> AppResult<OrderOutcome> {
    let change = OrderChangeInput {
        state: Some(state),
        ..OrderChangeInput::default()
    };
    let as_of = check.as_of.unwrap_or_else(today);
    book.change_order(reference, &change, as_of, check.override_reason.as_deref())
}

/// A saved order is an answer on stdout; a held one is an error with every reason.
fn answer(outcome: &OrderOutcome) -> AppResult<()> {
    if outcome.saved {
        outln!("{}", outcome.message);
        for reason in outcome.check.decision.reasons() {
            outln!("  overridden: {reason}");
        }
        return Ok(());
    }
    let mut message = outcome.message.clone();
    for reason in outcome.check.decision.reasons() {
        message.push_str(&format!("\n  - {reason}"));
    }
    Err(AppError::new(ErrorCode::Conflict, message))
}

fn show(file: &CreditFile) {
    let p = &file.profile;
    let mut table = Table::new(&["field", "value"], 2);
    let rows = [
        ("customer", p.customer_reference.clone()),
        ("limit", p.limit.to_string()),
        ("default terms", format!("{} days", p.default_terms_days)),
        ("longest terms", format!("{} days", p.max_terms_days)),
        (
            "risk class",
            json!(p.risk_class).as_str().unwrap_or("").to_string(),
        ),
        ("status", p.status.word().to_string()),
        ("next review", p.review_date.to_string()),
        (
            "review every",
            format!("{} months", p.review_interval_months),
        ),
        (
            "security required",
            if p.security_required { "yes" } else { "no" }.into(),
        ),
    ];
    for (field, value) in rows {
        table.push(vec![field.to_string(), value]);
    }
    for s in &file.security {
        table.push(vec!["security".into(), security_summary(s)]);
    }
    if let Some(i) = &file.insurance {
        table.push(vec!["insurance".into(), cover_summary(i)]);
    }
    for r in &file.reports {
        table.push(vec![
            "report".into(),
            format!("{} {}: {}", r.agency, r.date, report_summary(r)),
        ]);
    }
    table.print(Format::Table);
}

fn order_table(orders: &[creditdesk_core::credit::Order]) {
    if orders.is_empty() {
        return;
    }
    outln!();
    let mut table = Table::new(
        &["order", "date", "state", "terms", "amount", "currency"],
        3,
    );
    for o in orders {
        table.push(vec![
            o.reference.clone(),
            o.date.to_string(),
            json!(o.state).as_str().unwrap_or("").to_string(),
            o.terms_days.to_string(),
            money_cell(&o.amount, Format::Table),
            o.amount.currency().to_string(),
        ]);
    }
    table.print(Format::Table);
}

fn exposure_table(e: &Exposure) {
    let currency = e.limit.currency();
    let mut table = Table::new(&["line", "due", "original", "amount"], 2);
    for line in &e.lines {
        let (label, due) = match &line.source {
            ExposureSource::Receivable {
                invoice_number,
                due_date,
                disputed,
            } => {
                let mark = if *disputed { " (disputed)" } else { "" };
                (
                    format!("invoice {invoice_number}{mark}"),
                    due_date.to_string(),
                )
            }
            ExposureSource::Order { reference } => (format!("order {reference}"), String::new()),
        };
        let original = if line.original.currency() == currency {
            String::new()
        } else {
            line.original.to_string()
        };
        table.push(vec![
            label,
            due,
            original,
            money_cell(&line.converted, Format::Table),
        ]);
    }
    let mut total = |label: &str, money: &creditdesk_core::Money| {
        table.push(vec![
            label.to_string(),
            String::new(),
            String::new(),
            money_cell(money, Format::Table),
        ]);
    };
    total("receivables", &e.receivables);
    total("open orders", &e.open_orders);
    total("exposure", &e.total);
    total("limit", &e.limit);
    total("headroom", &e.headroom);
    total("over the limit", &e.excess);
    table.print(Format::Table);
    outln!("Amounts in {currency} as of {}.", e.as_of);
}

fn check_table(check: &CreditCheck) {
    outln!("{}", check.decision);
    for reason in check.decision.reasons() {
        outln!("  - {reason}");
    }
    outln!();
    exposure_table(&check.exposure);
}

fn review_table(queue: &[CustomerReview]) {
    if queue.is_empty() {
        outln!("Nothing needs reviewing.");
        return;
    }
    let mut table = Table::new(&["customer", "item", "what to do"], 3);
    for review in queue {
        for item in &review.items {
            table.push(vec![
                review.customer.clone(),
                item.code().to_string(),
                item.to_string(),
            ]);
        }
    }
    table.print(Format::Table);
}

fn review_json(queue: &[CustomerReview]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = queue
        .iter()
        .map(|review| {
            let items: Vec<serde_json::Value> = review
                .items
                .iter()
                .map(|item| {
                    let mut value = json!(item);
                    value["message"] = json!(item.to_string());
                    value
                })
                .collect();
            json!({ "customer": review.customer, "items": items })
        })
        .collect();
    json!(rows)
}

/// `bank guarantee 5000.00 EUR from Harbour Bank until 2024-12-31`.
fn security_summary(security: &Security) -> String {
    let until = security
        .expires_on()
        .map_or_else(String::new, |d| format!(" until {d}"));
    format!(
        "{} {} from {}{until}",
        security.kind.word(),
        security.amount,
        security.issuer
    )
}

fn list_security(book: &OpenBook, customer: &str, format: Format) -> AppResult<()> {
    let entries = book.security_entries(customer)?;
    if format != Format::Table {
        print_json(&json!(entries));
        return Ok(());
    }
    if entries.is_empty() {
        outln!("{} holds no security.", customer.trim());
        return Ok(());
    }
    let mut table = Table::new(
        &["id", "kind", "amount", "currency", "issuer", "expires"],
        4,
    );
    for entry in &entries {
        let s = &entry.security;
        table.push(vec![
            entry.id.to_string(),
            s.kind.word().to_string(),
            money_cell(&s.amount, Format::Table),
            s.amount.currency().to_string(),
            s.issuer.clone(),
            s.expires_on().map_or_else(String::new, |d| d.to_string()),
        ]);
    }
    table.print(Format::Table);
    Ok(())
}

fn list_reports(book: &OpenBook, customer: &str, format: Format) -> AppResult<()> {
    let entries = book.credit_report_entries(customer)?;
    if format != Format::Table {
        print_json(&json!(entries));
        return Ok(());
    }
    if entries.is_empty() {
        outln!("{} has no credit report.", customer.trim());
        return Ok(());
    }
    let mut table = Table::new(
        &["id", "agency", "date", "rating", "recommended", "note"],
        5,
    );
    for entry in &entries {
        let r = &entry.report;
        table.push(vec![
            entry.id.to_string(),
            r.agency.clone(),
            r.date.to_string(),
            r.rating.clone(),
            r.recommended_limit
                .map_or_else(String::new, |limit| limit.to_string()),
            r.note.clone(),
        ]);
    }
    table.print(Format::Table);
    Ok(())
}

/// A percentage typed as a decimal number, `25` or `12.5`.
fn parse_percent(field: &str, text: Option<&str>) -> AppResult<Option<Decimal>> {
    text.map(|text| parse_decimal(field, text.trim().trim_end_matches('%')))
        .transpose()
}

fn policy(book: &mut OpenBook, args: PolicyArgs) -> AppResult<()> {
    let mut policy = book.credit_policy()?;
    let PolicyArgs {
        grace_days,
        expiring_within,
        report_max_age,
        first_order_percent,
        clean_months,
        late_tolerance,
        raise_percent,
        recent_months,
        earlier_months,
        worsening_days,
        cut_percent,
        higher_score_is_better,
        format,
    } = args;
    let first_order_percent = parse_percent("first-order-percent", first_order_percent.as_deref())?;
    let raise_percent = parse_percent("raise-percent", raise_percent.as_deref())?;
    let cut_percent = parse_percent("cut-percent", cut_percent.as_deref())?;

    let check = &mut policy.check;
    let review = &mut policy.review;
    let rules = &mut policy.limits;
    set_if(&mut check.grace_days, grace_days);
    set_if(&mut review.expiring_within_days, expiring_within);
    set_if(&mut review.report_max_age_days, report_max_age);
    set_if(&mut rules.first_order_percent, first_order_percent);
    set_if(&mut rules.clean_months, clean_months);
    set_if(&mut rules.late_tolerance_days, late_tolerance);
    set_if(&mut rules.raise_percent, raise_percent);
    set_if(&mut rules.recent_months, recent_months);
    set_if(&mut rules.earlier_months, earlier_months);
    set_if(&mut rules.worsening_days, worsening_days);
    set_if(&mut rules.cut_percent, cut_percent);
    set_if(&mut rules.higher_score_is_better, higher_score_is_better);

    let days_or_months = [
        grace_days,
        expiring_within,
        report_max_age,
        clean_months,
        late_tolerance,
        recent_months,
        earlier_months,
        worsening_days,
    ];
    let percents = [first_order_percent, raise_percent, cut_percent];
    let asked_to_change = days_or_months.iter().any(Option::is_some)
        || percents.iter().any(Option::is_some)
        || higher_score_is_better.is_some();
    let saved = asked_to_change && book.set_credit_policy(&policy)?;

    if format != Format::Table {
        print_json(&json!({ "policy": policy, "changed": saved }));
        return Ok(());
    }
    if asked_to_change {
        match saved {
            true => outln!("The credit policy is saved."),
            false => outln!("The credit policy already reads so; nothing changed."),
        }
    }
    policy_table(&policy.check, &policy.review, &policy.limits);
    Ok(())
}

fn set_if<T>(setting: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *setting = value;
    }
}

fn policy_table(check: &CheckPolicy, review: &ReviewWindows, rules: &LimitRules) {
    let mut table = Table::new(&["rule", "value"], 2);
    let rows = [
        ("grace period", format!("{} days", check.grace_days)),
        (
            "expiring within",
            format!("{} days", review.expiring_within_days),
        ),
        (
            "report max age",
            format!("{} days", review.report_max_age_days),
        ),
        (
            "first limit",
            format!("{}% of the first order", rules.first_order_percent),
        ),
        ("clean period", format!("{} months", rules.clean_months)),
        (
            "late tolerance",
            format!("{} days", rules.late_tolerance_days),
        ),
        ("raise", format!("{}%", rules.raise_percent)),
        ("recent window", format!("{} months", rules.recent_months)),
        ("earlier window", format!("{} months", rules.earlier_months)),
        ("worsening", format!("{} days", rules.worsening_days)),
        ("cut", format!("{}%", rules.cut_percent)),
        (
            "higher score is better",
            if rules.higher_score_is_better {
                "yes"
            } else {
                "no"
            }
            .to_string(),
        ),
    ];
    for (rule, value) in rows {
        table.push(vec![rule.to_string(), value]);
    }
    table.print(Format::Table);
}

fn suggest(book: &mut OpenBook, args: SuggestArgs) -> AppResult<()> {
    let as_of = args.as_of.unwrap_or_else(today);
    let first_order = args
        .first_order
        .as_deref()
        .map(|text| parse_money(book, "first-order", text))
        .transpose()?;
    let note = args.note.as_deref();
    let (suggestion, decision) = if args.accept {
        let decision = book.accept_limit_suggestion(&args.customer, as_of, first_order, note)?;
        (decision.suggestion.clone(), Some(decision))
    } else if args.reject {
        let decision = book.reject_limit_suggestion(&args.customer, as_of, first_order, note)?;
        (decision.suggestion.clone(), Some(decision))
    } else {
        (
            book.suggest_limit(&args.customer, as_of, first_order)?,
            None,
        )
    };

    if args.format != Format::Table {
        let reasoning: Vec<String> = suggestion.grounds.iter().map(|g| g.to_string()).collect();
        print_json(&json!({
            "customer": args.customer.trim(),
            "as_of": as_of,
            "suggestion": suggestion,
            "message": suggestion.to_string(),
            "reasoning": reasoning,
            "decision": decision,
        }));
        return Ok(());
    }
    suggestion_lines(&suggestion);
    if let Some(decision) = decision {
        outln!("{}", decision.message);
    }
    Ok(())
}

/// The conclusion, each ground under it, and the rates used.
fn suggestion_lines(suggestion: &LimitSuggestion) {
    outln!("{suggestion}");
    for ground in &suggestion.grounds {
        outln!("  - {ground}");
    }
    for rate in &suggestion.rates_used {
        outln!(
            "  rate: {} {} for 1 {} on {}",
            rate.rate,
            rate.to,
            rate.from,
            rate.date
        );
    }
}

fn decisions(book: &OpenBook, customer: &str, format: Format) -> AppResult<()> {
    let decisions = book.limit_decisions(customer)?;
    if format != Format::Table {
        print_json(&json!(decisions));
        return Ok(());
    }
    if decisions.is_empty() {
        outln!("No suggested limit was decided on for {}.", customer.trim());
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "id",
            "as of",
            "decision",
            "change",
            "current",
            "suggested",
            "note",
        ],
        3,
    );
    for d in &decisions {
        let s = &d.suggestion;
        table.push(vec![
            d.id.to_string(),
            d.as_of.to_string(),
            if d.accepted { "accepted" } else { "rejected" }.to_string(),
            change_label(&s.change),
            s.current.map_or_else(String::new, |c| c.to_string()),
            s.suggested.to_string(),
            d.note.clone(),
        ]);
    }
    table.print(Format::Table);
    Ok(())
}

fn change_label(change: &LimitChange) -> String {
    match change {
        LimitChange::First => "first".to_string(),
        LimitChange::Raise { percent } => format!("raise {percent}%"),
        LimitChange::Cut { percent } => format!("cut {percent}%"),
        LimitChange::Keep => "keep".to_string(),
    }
}
