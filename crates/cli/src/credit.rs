//! `creditdesk credit ...`: credit profiles, exchange rates, orders checked against the limit,
//! exposure and the review queue, and the rest of a credit file: security, credit reports and
//! trade-credit insurance. A held order is not saved: the command exits with status 1 and every
//! reason on stderr, unless `--override` gives a reason to go ahead.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{
    CreditProfileInput, CustomerReview, OpenBook, OrderChangeInput, OrderInput, OrderOutcome,
};
use creditdesk_core::credit::{
    CreditCheck, CreditFile, CreditReport, CreditStatus, ExchangeRate, Exposure, ExposureSource,
    OrderState, RiskClass, Security, SecurityKind, TradeCreditInsurance,
};
use creditdesk_core::{Currency, Money};
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
    /// Change an order's amount: a lower one is always allowed, a higher one is checked like a
    /// new order.
    Amend {
        reference: String,
        /// The new amount, in the order's currency, e.g. "3500.00 EUR" or "3500.00".
        #[arg(long)]
        amount: String,
        #[command(flatten)]
        check: CheckArgs,
    },
}

#[derive(Subcommand)]
pub enum SecurityCommand {
    /// Add security the customer has given.
    Add(SecurityArgs),
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

pub fn run(book: &mut OpenBook, command: CreditCommand) -> AppResult<()> {
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
        CreditCommand::Order(command) => order(book, command),
        CreditCommand::Security(SecurityCommand::Add(args)) => add_security(book, args),
        CreditCommand::Report(ReportCommand::Add(args)) => add_report(book, args),
        CreditCommand::Insurance(InsuranceCommand::Set(args)) => set_insurance(book, args),
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
            check,
        } => amend(book, &reference, &amount, check)?,
    };
    answer(&outcome)
}

/// The new amount is in the order's currency; one typed in another currency is refused rather
/// than read as a number in the order's.
fn amend(
    book: &mut OpenBook,
    reference: &str,
    text: &str,
    check: CheckArgs,
) -> AppResult<OrderOutcome> {
    let (amount, currency) = parse_amount("amount", text)?;
    let as_of = check.as_of.unwrap_or_else(today);
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
        amount: None,
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
        let until = s
            .expires_on()
            .map_or_else(String::new, |d| format!(" until {d}"));
        table.push(vec![
            "security".into(),
            format!("{} {} from {}{until}", s.kind.word(), s.amount, s.issuer),
        ]);
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
