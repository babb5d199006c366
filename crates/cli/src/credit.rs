//! `creditdesk credit ...`: credit profiles, exchange rates, orders checked against the limit,
//! exposure and the review queue. A held order is not saved: the command exits with status 1
//! and every reason on stderr, unless `--override` gives a reason to go ahead.

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{
    CreditProfileInput, CustomerReview, OpenBook, OrderChangeInput, OrderInput, OrderOutcome,
};
use creditdesk_core::credit::{
    CreditCheck, CreditFile, CreditStatus, ExchangeRate, Exposure, ExposureSource, OrderState,
    RiskClass,
};
use creditdesk_core::Currency;
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
    /// Enter an order, or close, reopen or invoice one; each is checked against the limit.
    #[command(subcommand)]
    Order(OrderCommand),
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
    };
    answer(&outcome)
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
        table.push(vec![
            "insurance".into(),
            format!(
                "{} policy {}: {} from {} to {}, up to {} days",
                i.insurer,
                i.policy_number,
                i.insured_limit,
                i.valid_from,
                i.valid_to,
                i.max_credit_period_days
            ),
        ]);
    }
    for r in &file.reports {
        table.push(vec![
            "report".into(),
            format!("{} {}: {}", r.agency, r.date, r.rating),
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
