//! Files attached to credit reports and disputes on the command line: `credit report attach`,
//! `dispute attach`, `attachments` to list them and `attachment save|remove` by id.

use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand};
use creditdesk_app::error::{AppError, AppResult};
use creditdesk_app::{AttachmentEntry, OpenBook};
use serde_json::json;

use crate::output::{print_json, Format, Table};

/// What `attachments` lists: the files of one credit report or of one dispute.
#[derive(Args)]
#[command(group(ArgGroup::new("owner").required(true).args(["report", "dispute"])))]
pub struct AttachmentsArgs {
    /// The files of the customer's credit report with this id: `--report CUSTOMER ID`.
    #[arg(long, num_args = 2, value_names = ["CUSTOMER", "ID"])]
    report: Option<Vec<String>>,
    /// The files of the dispute with this id.
    #[arg(long, value_name = "ID")]
    dispute: Option<i64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Subcommand)]
pub enum AttachmentCommand {
    /// Save an attached file, byte for byte, to a new file (an existing file is never
    /// overwritten).
    Save { id: i64, out: PathBuf },
    /// Remove an attached file from the book; the removal is audited.
    Remove { id: i64 },
}

/// Attaches `file` to the customer's credit report `id` and says so.
pub fn attach_to_report(
    book: &mut OpenBook,
    customer: &str,
    id: i64,
    file: &Path,
) -> AppResult<()> {
    let entry = book.attach_to_credit_report(customer, id, file)?;
    outln!(
        "Attached {} ({}) to credit report {id} of {} as attachment {}.",
        entry.file_name,
        size_text(entry.size),
        customer.trim(),
        entry.id
    );
    Ok(())
}

/// Attaches `file` to dispute `id` and says so.
pub fn attach_to_dispute(book: &mut OpenBook, id: i64, file: &Path) -> AppResult<()> {
    let entry = book.attach_to_dispute(id, file)?;
    outln!(
        "Attached {} ({}) to dispute {id} as attachment {}.",
        entry.file_name,
        size_text(entry.size),
        entry.id
    );
    Ok(())
}

pub fn list(book: &OpenBook, args: AttachmentsArgs) -> AppResult<()> {
    let (entries, owner) = match (&args.report, args.dispute) {
        (Some(report), _) => {
            let customer = report[0].as_str();
            let id = report_id(&report[1])?;
            (
                book.attachments_of_credit_report(customer, id)?,
                format!("Credit report {id} of {}", customer.trim()),
            )
        }
        (None, Some(id)) => (book.attachments_of_dispute(id)?, format!("Dispute {id}")),
        (None, None) => unreachable!("clap requires --report or --dispute"),
    };
    if args.format == Format::Json {
        print_json(&json!(entries));
        return Ok(());
    }
    if args.format == Format::Table && entries.is_empty() {
        outln!("{owner} has no attached file.");
        return Ok(());
    }
    table(&entries).print(args.format);
    Ok(())
}

pub fn run(book: &mut OpenBook, command: AttachmentCommand) -> AppResult<()> {
    match command {
        AttachmentCommand::Save { id, out } => {
            let entry = book.save_attachment(id, &out)?;
            outln!(
                "Saved attachment {id}, {} ({}), to {}.",
                entry.file_name,
                size_text(entry.size),
                out.display()
            );
        }
        AttachmentCommand::Remove { id } => {
            let entry = book.remove_attachment(id)?;
            outln!("Removed attachment {id}, {}.", entry.file_name);
        }
    }
    Ok(())
}

fn table(entries: &[AttachmentEntry]) -> Table {
    let mut table = Table::new(&["id", "file", "type", "added", "size"], 4);
    for entry in entries {
        table.push(vec![
            entry.id.to_string(),
            entry.file_name.clone(),
            entry.media_type.clone(),
            entry.added_at.clone(),
            entry.size.to_string(),
        ]);
    }
    table
}

/// The id of `--report CUSTOMER ID`, as `credit report list` shows it.
fn report_id(text: &str) -> AppResult<i64> {
    text.trim().parse().map_err(|_| {
        AppError::invalid(format!(
            "The report id \"{text}\" is not a number; give the id `credit report list` shows."
        ))
    })
}

/// `1 byte`, `532 bytes`: exact, since a size is compared with the original.
fn size_text(size: u64) -> String {
    if size == 1 {
        "1 byte".to_string()
    } else {
        format!("{size} bytes")
    }
}
