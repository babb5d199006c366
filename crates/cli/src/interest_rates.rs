//! `creditdesk interest-rates [show|load|reset]`: the reference rate tables statutory
//! late-payment interest is computed with, and bringing one up to date with a newer file.
//!
//! A source is named `ecb`, `boe`, `de-base` or `cn-lpr`. `show --format csv` writes the table
//! as a rate file, so a table can be taken out, extended and loaded back. A refused file exits
//! with status 2, as a rejected import does; what a load or a reset took away (days no longer
//! known, rates changed) is printed as warnings on stderr.

use std::path::PathBuf;

use clap::Subcommand;
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{
    rate_source_named, OpenBook, RateTableChanges, RateTableOrigin, RateTableView,
};
use serde_json::json;

use crate::output::{print_json, Format, Table};

#[derive(Subcommand)]
pub enum InterestRatesCommand {
    /// The periods of one table (`--format csv` writes a rate file that can be loaded).
    Show {
        /// ecb, boe, de-base or cn-lpr.
        source: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Load a newer rate file (lines `from,to,percent`) in place of a table: all of it, or
    /// nothing when a line is wrong.
    Load {
        /// ecb, boe, de-base or cn-lpr.
        source: String,
        file: PathBuf,
    },
    /// Go back to the table shipped with CreditDesk.
    Reset {
        /// ecb, boe, de-base or cn-lpr.
        source: String,
    },
}

/// `interest-rates` without a subcommand: the four tables.
pub fn list(book: &OpenBook, format: Format) -> AppResult<()> {
    let tables = book.reference_rates()?;
    if format == Format::Json {
        print_json(&json!(tables));
        return Ok(());
    }
    let mut table = Table::new(
        &["source", "rate", "origin", "from", "known until", "periods"],
        5,
    );
    for view in &tables {
        table.push(vec![
            view.code.clone(),
            view.name.clone(),
            origin(view),
            view.first_day.to_string(),
            view.known_until.to_string(),
            view.period_count.to_string(),
        ]);
    }
    table.print(format);
    Ok(())
}

pub fn run(book: &mut OpenBook, command: InterestRatesCommand) -> AppResult<()> {
    match command {
        InterestRatesCommand::Show { source, format } => {
            let view = book.reference_rate(rate_source_named(&source)?)?;
            show(&view, format);
        }
        InterestRatesCommand::Load { source, file } => {
            let load = book.load_rate_file(rate_source_named(&source)?, &file)?;
            if !load.loaded {
                let mut message = load.message;
                for problem in &load.problems {
                    message.push('\n');
                    message.push_str(&problem.message);
                }
                return Err(AppError::new(ErrorCode::ImportRejected, message));
            }
            outln!("{}", load.message);
            if let Some(changes) = &load.changes {
                tell(changes);
            }
        }
        InterestRatesCommand::Reset { source } => {
            let reset = book.reset_rate_table(rate_source_named(&source)?)?;
            outln!("{}", reset.message);
            if let Some(changes) = &reset.changes {
                tell(changes);
            }
        }
    }
    Ok(())
}

fn origin(view: &RateTableView) -> String {
    match &view.origin {
        RateTableOrigin::Shipped => "shipped".to_string(),
        RateTableOrigin::Loaded {
            file_name,
            loaded_at,
        } => format!("{file_name}, loaded {loaded_at}"),
    }
}

fn show(view: &RateTableView, format: Format) {
    if format == Format::Json {
        print_json(&json!(view));
        return;
    }
    let mut table = Table::new(&["from", "to", "percent"], 2);
    for period in &view.periods {
        table.push(vec![
            period.from.to_string(),
            period.to.to_string(),
            period.percent.to_string(),
        ]);
    }
    if format == Format::Table {
        outln!(
            "{} ({}): {}; {} period(s) from {} through {}.",
            view.name,
            view.code,
            origin(view),
            view.period_count,
            view.first_day,
            view.known_until
        );
        outln!();
    }
    table.print(format);
}

/// What a load or a reset gained on stdout; what it took away on stderr, as warnings.
fn tell(changes: &RateTableChanges) {
    for note in &changes.notes {
        outln!("{note}");
    }
    for warning in &changes.warnings {
        errln!("warning: {warning}");
    }
}
