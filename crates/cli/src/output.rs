//! Printing answers as an aligned table, JSON or CSV.
//!
//! Everything goes through [`outln!`]: when the reader of the output has gone away (`| head`),
//! the program ends quietly instead of failing on the closed pipe. Messages go through
//! [`errln!`], which never fails either.
//!
//! JSON and CSV carry amounts as plain decimal strings (`1234.50`), never as floating-point
//! numbers, so a script reads back exactly what the book holds.

/// `println!` that ends the program quietly when standard output is closed, and with an error
/// when it cannot be written otherwise (a full disk).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(err) = writeln!(std::io::stdout().lock(), $($arg)*) {
            $crate::output::output_failed(err);
        }
    }};
}

/// `print!` that ends the program as [`outln!`] does when standard output fails.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(err) = write!(std::io::stdout().lock(), $($arg)*) {
            $crate::output::output_failed(err);
        }
    }};
}

/// `eprintln!` that goes on when standard error is closed (`2>&1 | head`): the message is lost,
/// and the program still ends with the status it would have had.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` that goes on when standard error is closed.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

use std::io::Write;

/// Ends the program after standard output failed: quietly when its reader has gone (`| head`),
/// else with the reason and status 1, so that a report cut short on a full disk is not taken
/// for a whole one.
pub(crate) fn output_failed(err: std::io::Error) -> ! {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    errln!(
        "error: {}",
        creditdesk_core::say!(
            en: "The output could not be written ({err}); nothing after this point was written.",
            zh: "无法写出输出内容（{err}）；此后的内容均未写出。",
        )
    );
    std::process::exit(1);
}

use clap::ValueEnum;
use creditdesk_app::{
    AllocationSummary, AuditEntry, CustomerSummary, ImportProgress, ImportReport, InvoiceDetail,
    InvoiceSummary, MeasuresRow, ProfileInfo,
};
use creditdesk_core::aging::{AgingReport, AgingRow};
use creditdesk_core::Money;
use rust_decimal::Decimal;
use serde_json::{json, Value};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Columns of text; the first `left` columns are left-aligned, the rest right-aligned.
pub(crate) struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    left: usize,
}

impl Table {
    pub(crate) fn new(header: &[&str], left: usize) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            left,
        }
    }

    pub(crate) fn push(&mut self, row: Vec<String>) {
        self.rows.push(row);
    }

    pub(crate) fn print(&self, format: Format) {
        match format {
            Format::Csv => {
                let mut out = String::new();
                for row in std::iter::once(&self.header).chain(&self.rows) {
                    let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
                    out.push_str(&cells.join(","));
                    out.push('\n');
                }
                out!("{out}");
            }
            _ => {
                let widths: Vec<usize> = (0..self.header.len())
                    .map(|i| {
                        std::iter::once(&self.header)
                            .chain(&self.rows)
                            .map(|r| r.get(i).map_or(0, |c| display_width(c)))
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                for row in std::iter::once(&self.header).chain(&self.rows) {
                    let cells: Vec<String> = row
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let pad = " ".repeat(widths[i].saturating_sub(display_width(c)));
                            if i < self.left {
                                format!("{c}{pad}")
                            } else {
                                format!("{pad}{c}")
                            }
                        })
                        .collect();
                    outln!("{}", cells.join("  ").trim_end());
                }
            }
        }
    }
}

/// The columns `text` takes in a terminal: two for each East Asian wide or full-width
/// character (Chinese, Japanese and Korean script, full-width punctuation), one for the rest.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x2FFFD
            | 0x30000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// A cell of CSV output. Text that a spreadsheet would run as a formula when the file is
/// opened (a name such as `=HYPERLINK(...)`: anything starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return that is not a number) is written after an apostrophe, which spreadsheets
/// take as "this is text"; amounts below zero are numbers and stay as they are.
fn csv_cell(text: &str) -> String {
    let formula =
        text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.parse::<Decimal>().is_err();
    let text = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// `1234567.5` as `1,234,567.50` for people; scripts get the plain form.
fn grouped(amount: Decimal) -> String {
    let text = amount.to_string();
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

pub(crate) fn money_cell(money: &Money, format: Format) -> String {
    match format {
        Format::Table => grouped(money.amount()),
        _ => money.amount().to_string(),
    }
}

fn opt_decimal(value: Option<Decimal>) -> String {
    value.map_or_else(|| "-".to_string(), |d| d.to_string())
}

pub(crate) fn print_json(value: &Value) {
    let mut out = std::io::stdout().lock();
    if serde_json::to_writer_pretty(&mut out, value).is_err() || writeln!(out).is_err() {
        std::process::exit(0);
    }
}

fn aging_row_json(labels: &[String], row: &AgingRow) -> Value {
    let buckets: Vec<Value> = labels
        .iter()
        .zip(&row.buckets)
        .map(|(label, amount)| json!({ "label": label, "amount": amount.amount().to_string() }))
        .collect();
    let mut value = json!({
        "currency": row.currency.code(),
        "buckets": buckets,
        "total": row.open_total.amount().to_string(),
        "disputed": row.disputed.amount().to_string(),
        "unapplied": row.unapplied.amount().to_string(),
        "net": row.net.amount().to_string(),
    });
    if let Some(reference) = &row.customer_reference {
        value["customer"] = json!(reference);
        value["name"] = json!(row.customer_name);
    }
    value
}

pub fn aging(report: &AgingReport, format: Format, by_customer: bool) {
    if format == Format::Json {
        let mut value = json!({
            "as_of": report.as_of.to_string(),
            "currencies": report.totals.iter().map(|r| aging_row_json(&report.labels, r)).collect::<Vec<_>>(),
        });
        if by_customer {
            value["customers"] = report
                .customers
                .iter()
                .map(|r| aging_row_json(&report.labels, r))
                .collect();
        }
        print_json(&value);
        return;
    }
    let mut header = vec!["customer", "currency"];
    header.extend(report.labels.iter().map(String::as_str));
    header.extend(["total", "disputed", "unapplied", "net"]);
    let mut table = Table::new(&header, 2);
    let rows = by_customer
        .then_some(report.customers.iter())
        .into_iter()
        .flatten();
    for row in rows.chain(&report.totals) {
        let who = match &row.customer_reference {
            Some(reference) => reference.clone(),
            None => "TOTAL".to_string(),
        };
        let mut cells = vec![who, row.currency.code().to_string()];
        cells.extend(row.buckets.iter().map(|m| money_cell(m, format)));
        for m in [&row.open_total, &row.disputed, &row.unapplied, &row.net] {
            cells.push(money_cell(m, format));
        }
        table.push(cells);
    }
    if format == Format::Table {
        outln!("Aging as of {}", report.as_of);
    }
    table.print(format);
}

pub fn measures(rows: &[MeasuresRow], format: Format, by_customer: bool) {
    let shown: Vec<&MeasuresRow> = rows
        .iter()
        .filter(|r| by_customer || r.customer_reference.is_none())
        .collect();
    if format == Format::Json {
        print_json(&serde_json::to_value(&shown).expect("measures serialise"));
        return;
    }
    let mut table = Table::new(
        &[
            "customer",
            "currency",
            "receivables",
            "credit sales",
            "DSO",
            "countback DSO",
            "best DSO",
            "ADD",
            "CEI %",
            "turnover",
        ],
        2,
    );
    for row in shown {
        let f = &row.figures;
        let m = &row.measures;
        table.push(vec![
            row.customer_reference
                .clone()
                .unwrap_or_else(|| "TOTAL".to_string()),
            row.currency.code().to_string(),
            money_cell(&f.receivables_end, format),
            money_cell(&f.credit_sales, format),
            opt_decimal(m.dso),
            // History ran out before the receivables did: the true figure is at least this.
            match (m.countback_dso, m.countback_exhausted) {
                (Some(days), true) => format!(">={days}"),
                (days, _) => opt_decimal(days),
            },
            opt_decimal(m.best_possible_dso),
            opt_decimal(m.average_days_delinquent),
            opt_decimal(m.cei_percent),
            opt_decimal(m.turnover),
        ]);
    }
    if format == Format::Table {
        if let Some(first) = rows.first() {
            outln!(
                "Receivables measures as of {} over {} days",
                first.figures.as_of,
                first.figures.period_days
            );
        }
    }
    table.print(format);
}

pub fn customers(rows: &[CustomerSummary], format: Format) {
    if format == Format::Json {
        print_json(&serde_json::to_value(rows).expect("customers serialise"));
        return;
    }
    let mut table = Table::new(
        &[
            "reference",
            "name",
            "country",
            "currency",
            "open",
            "overdue",
            "unapplied",
        ],
        4,
    );
    for c in rows {
        let country = c.country.clone().unwrap_or_default();
        if c.balances.is_empty() {
            table.push(vec![
                c.reference.clone(),
                c.name.clone(),
                country,
                String::new(),
            ]);
            continue;
        }
        for b in &c.balances {
            table.push(vec![
                c.reference.clone(),
                c.name.clone(),
                country.clone(),
                b.currency.code().to_string(),
                money_cell(&b.open, format),
                money_cell(&b.overdue, format),
                money_cell(&b.unapplied, format),
            ]);
        }
    }
    table.print(format);
}

pub fn invoices(rows: &[InvoiceSummary], format: Format, limit: u32, offset: u32) {
    if format == Format::Table && rows.len() as u32 == limit {
        // On stderr, so that a script reading the table is not disturbed.
        errln!(
            "Showing {limit} invoices from position {offset}; more may follow: add --offset {}.",
            offset + limit
        );
    }
    if format == Format::Json {
        print_json(&serde_json::to_value(rows).expect("invoices serialise"));
        return;
    }
    let mut table = Table::new(
        &[
            "number",
            "customer",
            "issued",
            "due",
            "status",
            "disputed",
            "currency",
            "total",
            "open",
            "days overdue",
        ],
        7,
    );
    for i in rows {
        table.push(vec![
            i.number.clone(),
            i.customer_reference.clone(),
            i.issue_date.to_string(),
            i.earliest_unpaid_due
                .map(|d| d.to_string())
                .unwrap_or_default(),
            i.status.as_str().to_string(),
            if i.disputed { "yes" } else { "" }.to_string(),
            i.currency.code().to_string(),
            money_cell(&i.total, format),
            money_cell(&i.open, format),
            i.days_overdue
                .filter(|d| *d > 0)
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ]);
    }
    table.print(format);
}

pub fn invoice(detail: &InvoiceDetail, format: Format) {
    if format == Format::Json {
        print_json(&serde_json::to_value(detail).expect("invoice serialises"));
        return;
    }
    if format == Format::Table {
        outln!(
            "Invoice {} to {} ({}), issued {}, terms \"{}\"",
            detail.number,
            detail.customer_name,
            detail.customer_reference,
            detail.issue_date,
            detail.terms
        );
        outln!(
            "Total {}, open {}, {}{}",
            detail.total,
            detail.open,
            detail.status.as_str(),
            if detail.disputed { ", disputed" } else { "" }
        );
        if let Some(offer) = &detail.discount {
            outln!(
                "Discount {}% ({}) if settled by {}",
                offer.percent,
                offer.amount,
                offer.until
            );
        }
    }
    let mut table = Table::new(
        &["part", "due", "applied", "settled by", "amount", "open"],
        4,
    );
    for part in &detail.instalments {
        table.push(vec![
            part.seq.to_string(),
            part.due_date.to_string(),
            String::new(),
            String::new(),
            money_cell(&part.amount, format),
            money_cell(&part.open, format),
        ]);
        for a in &part.allocations {
            table.push(vec![
                String::new(),
                String::new(),
                a.applied_on.to_string(),
                format!("{} {}", a.settlement_kind.as_str(), a.settlement_reference),
                money_cell(&a.amount.negate(), format),
                String::new(),
            ]);
        }
    }
    table.print(format);
}

pub fn allocated(rows: &[AllocationSummary]) {
    if rows.is_empty() {
        outln!("Nothing to allocate: no unapplied amount meets an open instalment.");
        return;
    }
    let mut table = Table::new(
        &[
            "settlement",
            "invoice",
            "part",
            "due",
            "currency",
            "allocated",
        ],
        5,
    );
    for a in rows {
        table.push(vec![
            a.settlement_reference.clone(),
            a.invoice_number.clone(),
            a.instalment_seq.to_string(),
            a.due_date.to_string(),
            a.amount.currency().code().to_string(),
            grouped(a.amount.amount()),
        ]);
    }
    table.print(Format::Table);
}

pub fn audit(rows: &[AuditEntry]) {
    let mut table = Table::new(&["at", "action", "entity", "reference", "detail"], 5);
    for e in rows {
        let mut detail = e.detail.to_string();
        if detail.chars().count() > 80 {
            detail = detail.chars().take(77).collect::<String>() + "...";
        }
        table.push(vec![
            e.at.clone(),
            e.action.clone(),
            e.entity.clone(),
            e.reference.clone(),
            detail,
        ]);
    }
    table.print(Format::Table);
}

pub fn profiles(rows: &[ProfileInfo]) {
    let mut table = Table::new(
        &[
            "profile",
            "delimiter",
            "decimal",
            "grouping",
            "dates",
            "encoding",
        ],
        6,
    );
    for p in rows {
        let delimiter = match p.delimiter {
            '\t' => "tab".to_string(),
            c => c.to_string(),
        };
        table.push(vec![
            p.name.clone(),
            delimiter,
            p.decimal_mark.to_string(),
            p.grouping_mark
                .map(String::from)
                .unwrap_or_else(|| "none".into()),
            p.date_format.clone(),
            p.encoding.clone(),
        ]);
    }
    table.print(Format::Table);
}

pub fn import_report(report: &ImportReport) {
    for problem in &report.problems {
        errln!("bad row: {problem}");
    }
    for warning in &report.warnings {
        errln!("warning: {warning}");
    }
    let t = &report.tally;
    let verb = if report.committed {
        "Imported"
    } else if report.dry_run && report.problems.is_empty() {
        "Dry run, nothing written; would import"
    } else {
        "Nothing written; the file had"
    };
    // Written even when no one reads it any more, so that the import still ends with its own
    // status (2 for bad rows) rather than that of a closed pipe.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{verb} {} row(s) of {} with profile {}: invoices {} new, {} unchanged, {} matched; \
         settlements {} new, {} unchanged; customers {} new, {} updated; {} bad row(s), {} \
         warning(s).",
        report.rows_read,
        report.file,
        report.profile,
        t.invoices.inserted,
        t.invoices.unchanged,
        t.invoices.matched,
        t.settlements.inserted,
        t.settlements.unchanged,
        t.customers.inserted,
        t.customers.updated,
        report.problems.len(),
        report.warnings.len()
    );
}

/// A progress line on stderr for long imports, redrawn in place when stderr is a terminal.
pub struct ProgressLine {
    shown: bool,
    terminal: bool,
}

impl ProgressLine {
    pub fn new() -> ProgressLine {
        use std::io::IsTerminal;
        ProgressLine {
            shown: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    pub fn show(&mut self, progress: &ImportProgress) -> bool {
        if !self.terminal || progress.bytes_total == 0 {
            return true;
        }
        let percent = progress.bytes_read.saturating_mul(100) / progress.bytes_total;
        err!("\rimporting: {percent:>3}% ({} rows)", progress.rows_read);
        self.shown = true;
        true
    }

    pub fn finish(&self) {
        if self.shown {
            errln!();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::display_width;

    #[test]
    fn chinese_text_takes_two_columns_a_character() {
        assert_eq!(display_width("INV-1"), 5);
        assert_eq!(display_width("发票"), 4);
        assert_eq!(display_width("客户 ACME（德国）"), 17);
        // Columns padded by display width line up under each other.
        let (a, b) = ("发票", "Inv.");
        assert_eq!(display_width(a), display_width(b));
    }
}
