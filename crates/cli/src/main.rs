//! `creditdesk`: the command line of CreditDesk.
//!
//! Each subcommand parses its arguments, calls one use case of the application layer and prints
//! the answer. Errors go to stderr as one sentence each and the exit status is non-zero.

// Declared first: its printing macros are used by the modules after it.
#[macro_use]
mod output;
mod alerts;
mod args;
mod attachments;
mod credit;
mod dunning;
mod followup;
mod interest_rates;
mod sending;
mod settings;
mod statement;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // Help and version are answers, not errors; everything else is a bad argument.
            let status = if err.use_stderr() { 3 } else { 0 };
            let _ = err.print();
            return ExitCode::from(status);
        }
    };
    match args::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            errln!("error: {}", err.message);
            ExitCode::from(exit_status(&err))
        }
    }
}

/// Scripts can tell a rejected import (2) from a bad argument (3) from anything else (1).
fn exit_status(err: &creditdesk_app::error::AppError) -> u8 {
    use creditdesk_app::error::ErrorCode;
    match err.code {
        ErrorCode::ImportRejected => 2,
        ErrorCode::InvalidInput => 3,
        _ => 1,
    }
}
