//! `creditdesk statement CUSTOMER`: a customer's statement of account for a period.

use chrono::NaiveDate;
use clap::Args;
use std::path::{Path, PathBuf};

use creditdesk_app::error::AppResult;
use creditdesk_app::{Document, OpenBook, PaperSize, PrintOptions};
use creditdesk_core::say;
use creditdesk_core::text::Language;
use serde_json::json;

use crate::args::{parse_currency, parse_date, today};
use crate::output::{money_cell, print_json, Format, Table};

#[derive(Args)]
pub struct StatementArgs {
    /// The customer's reference.
    pub customer: String,
    /// The first day of the period (default: the first of the month two months before the last
    /// day, so three calendar months).
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// The last day of the period (default: today).
    #[arg(long = "as-of", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write the statement as a PDF letter to this file instead of printing it.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// Only the statement in this currency, for a customer that deals in several (a PDF is
    /// in one currency).
    #[arg(long)]
    pub currency: Option<String>,
    #[command(flatten)]
    pub print: PrintArgs,
}

/// How a PDF document is printed.
#[derive(Args)]
pub struct PrintArgs {
    /// Paper size: a4 or letter.
    #[arg(long, default_value = "a4", value_parser = parse_paper)]
    pub paper: PaperSize,
    /// The letter's language: en, or zh (zh-CN) (default: the customer's letter language, else
    /// the company's).
    #[arg(long, value_parser = parse_language)]
    pub language: Option<Language>,
}

impl PrintArgs {
    pub fn options(&self) -> PrintOptions {
        PrintOptions {
            paper: self.paper,
            language: self.language,
        }
    }
}

fn parse_paper(text: &str) -> Result<PaperSize, String> {
    PaperSize::parse(text)
        .ok_or_else(|| format!("\"{text}\" is not a paper size; write a4 or letter."))
}

fn parse_language(text: &str) -> Result<Language, String> {
    // `zh` as the other commands take it, or the full tag.
    let text = if text == "zh" { "zh-CN" } else { text };
    Language::from_code(text)
        .ok_or_else(|| format!("\"{text}\" is not a language of letters; write en or zh-CN."))
}

/// Writes a rendered document to `path` and says where.
pub fn write_document(document: &Document, path: &Path) -> AppResult<()> {
    document.save(path)?;
    let (shown, size) = (path.display(), document.bytes.len());
    outln!(
        "{}",
        say!(
            en: "Wrote {shown} ({size} bytes).",
            zh: "已写入 {shown}（{size} 字节）。",
        )
    );
    Ok(())
}

pub fn run(book: &OpenBook, args: StatementArgs) -> AppResult<()> {
    let to = args.as_of.unwrap_or_else(today);
    if let Some(path) = &args.pdf {
        let currency = args
            .currency
            .as_deref()
            .map(|code| parse_currency("currency", code))
            .transpose()?;
        let document = book.statement_pdf(
            &args.customer,
            args.from,
            to,
            currency,
            args.print.options(),
        )?;
        return write_document(&document, path);
    }
    let mut statement = book.account_statement(&args.customer, args.from, to)?;
    if let Some(code) = args.currency.as_deref() {
        let view = statement
            .in_currency(parse_currency("currency", code)?)?
            .clone();
        statement.currencies = vec![view];
    }
    if args.format == Format::Json {
        print_json(&json!(statement));
        return Ok(());
    }
    let format = args.format;
    let mut table = Table::new(
        &[
            "currency",
            "date",
            "type",
            "reference",
            "due",
            "debit",
            "credit",
            "balance",
        ],
        5,
    );
    for c in &statement.currencies {
        let currency = c.currency.to_string();
        table.push(vec![
            currency.clone(),
            statement.from.to_string(),
            say!(en: "Opening balance", zh: "期初余额"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            money_cell(&c.opening, format),
        ]);
        for line in &c.lines {
            let blank_zero = |m: &creditdesk_core::Money| {
                if m.amount().is_zero() && format == Format::Table {
                    String::new()
                } else {
                    money_cell(m, format)
                }
            };
            table.push(vec![
                currency.clone(),
                line.date.to_string(),
                line.kind.label(Language::current()).to_string(),
                line.reference.clone(),
                line.due_date.map(|d| d.to_string()).unwrap_or_default(),
                blank_zero(&line.debit),
                blank_zero(&line.credit),
                money_cell(&line.balance, format),
            ]);
        }
        table.push(vec![
            currency.clone(),
            statement.to.to_string(),
            say!(en: "Closing balance", zh: "期末余额"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            money_cell(&c.closing, format),
        ]);
        // The part of the closing balance that is money received and in no open invoice.
        if !c.unapplied.is_zero() {
            table.push(vec![
                currency,
                statement.to.to_string(),
                say!(en: "Of which unapplied", zh: "其中未核销款项"),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                money_cell(&c.unapplied.negate(), format),
            ]);
        }
    }
    if format == Format::Csv {
        table.print(format);
        return Ok(());
    }
    let (reference, name) = (&statement.customer_reference, &statement.customer_name);
    let (from, to) = (statement.from, statement.to);
    outln!(
        "{}",
        say!(
            en: "Statement of account of {reference} {name}, {from} to {to}",
            zh: "{reference} {name} 对账单，{from} 至 {to}",
        )
    );
    if statement.currencies.is_empty() {
        outln!(
            "{}",
            say!(
                en: "Nothing was invoiced to or received from {reference} by {to}.",
                zh: "截至 {to}，{reference} 没有任何发票或收款。",
            )
        );
        return Ok(());
    }
    outln!();
    table.print(format);
    for c in &statement.currencies {
        outln!();
        // The buckets, then the money received and not yet allocated, add up to the total,
        // which is the closing balance.
        let mut header = vec!["currency".to_string()];
        header.extend(c.aging.iter().map(|b| b.label.clone()));
        header.extend(["unapplied", "total", "overdue"].map(str::to_string));
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut aging = Table::new(&header, 1);
        let mut row = vec![c.currency.to_string()];
        row.extend(c.aging.iter().map(|b| money_cell(&b.amount, format)));
        row.push(money_cell(&c.unapplied.negate(), format));
        row.push(money_cell(&c.closing, format));
        row.push(money_cell(&c.overdue, format));
        aging.push(row);
        aging.print(format);
    }
    Ok(())
}
