//! `creditdesk outbox [send|confirm|resend]` and `creditdesk letter render`: the mail a dunning
//! run queued, sent through the company's account, and the letters it printed.

use std::path::PathBuf;

use clap::Subcommand;
use creditdesk_app::error::{AppError, AppResult, ErrorCode};
use creditdesk_app::{state_code, state_word, MailDecision, OpenBook, SendProgress};
use creditdesk_core::say;

use crate::statement::write_document;

/// The variable the mail account's password is read from when no other is named.
pub const PASSWORD_VARIABLE: &str = "CREDITDESK_SMTP_PASSWORD";

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Send every message due through the saved mail account. The password is read from the
    /// environment variable CREDITDESK_SMTP_PASSWORD (or the one --password-env names), never
    /// from the command line.
    Send {
        #[arg(long = "password-env", value_name = "VARIABLE")]
        password_env: Option<String>,
    },
    /// Mark an unconfirmed message as sent, once you know it arrived.
    Confirm { id: i64 },
    /// Queue a failed or unconfirmed message to be sent again.
    Resend { id: i64 },
}

#[derive(Subcommand)]
pub enum LetterCommand {
    /// Write the PDF of an executed letter or email (by the id `communications` shows).
    Render {
        communication: i64,
        /// The file to write.
        #[arg(long)]
        pdf: PathBuf,
    },
}

pub fn outbox(book: &mut OpenBook, command: OutboxCommand) -> AppResult<()> {
    match command {
        OutboxCommand::Send { password_env } => {
            let variable = password_env.as_deref().unwrap_or(PASSWORD_VARIABLE);
            let password = match std::env::var(variable) {
                Ok(value) => Some(value),
                Err(std::env::VarError::NotPresent) => None,
                Err(std::env::VarError::NotUnicode(_)) => {
                    return Err(AppError::invalid(say!(
                        en: "The environment variable {variable} does not hold text; set it to \
                             the mail account's password.",
                        zh: "环境变量 {variable} 的内容不是文本；请将其设为邮件账户的密码。",
                    )))
                }
            };
            // Progress on a terminal only: scripts read the outcomes on stdout.
            let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let report = book.send_outbox(password.as_deref(), |p: SendProgress| {
                if terminal {
                    err!("\rsending: {} of {}", p.done, p.due);
                }
            })?;
            if terminal && !report.outcomes.is_empty() {
                errln!();
            }
            for outcome in &report.outcomes {
                outln!(
                    "{} {}: {}",
                    outcome.id,
                    state_code(outcome.state),
                    outcome.detail
                );
            }
            // A stopped send is a failure a scheduled job must see: the summary goes to stderr
            // with a non-zero status.
            if report.stopped.is_some() {
                return Err(AppError::new(ErrorCode::Mail, report.message));
            }
            outln!("{}", report.message);
            Ok(())
        }
        OutboxCommand::Confirm { id } => {
            let entry = book.decide_outbox(id, MailDecision::Arrived)?;
            let state = state_word(entry.state);
            outln!(
                "{}",
                say!(
                    en: "Message {id} is marked {state}; it will not be sent again.",
                    zh: "邮件 {id} 已标记为{state}；不会再次发送。",
                )
            );
            Ok(())
        }
        OutboxCommand::Resend { id } => {
            book.decide_outbox(id, MailDecision::SendAgain)?;
            outln!(
                "{}",
                say!(
                    en: "Message {id} is queued again; `outbox send` sends it.",
                    zh: "邮件 {id} 已重新排队；`outbox send` 会发送它。",
                )
            );
            Ok(())
        }
    }
}

pub fn letter(book: &OpenBook, command: LetterCommand) -> AppResult<()> {
    match command {
        LetterCommand::Render { communication, pdf } => {
            let document = book.communication_pdf(communication)?;
            write_document(&document, &pdf)
        }
    }
}
