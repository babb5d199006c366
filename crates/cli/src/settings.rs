//! `creditdesk settings company|mail`: the company's details as letters show them, and the
//! mail account reminders are sent through. Each option given replaces that field; without
//! options the settings are shown.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use creditdesk_app::error::AppResult;
use creditdesk_app::{parse_language, OpenBook, SmtpSecurity};
use creditdesk_core::say;
use serde_json::json;

use crate::output::{print_json, Format};

#[derive(Subcommand)]
pub enum SettingsCommand {
    /// The company's name, address, contacts, bank details, letter language and logo.
    Company(CompanyArgs),
    /// The SMTP account mail is sent through (the password is never stored in the book; see
    /// `outbox send`).
    Mail(MailArgs),
}

#[derive(Args)]
pub struct CompanyArgs {
    #[arg(long = "legal-name")]
    legal_name: Option<String>,
    /// One line of the postal address; repeat for each line (replaces all lines).
    #[arg(long = "address-line")]
    address_lines: Vec<String>,
    #[arg(long)]
    country: Option<String>,
    #[arg(long)]
    email: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long = "tax-id")]
    tax_id: Option<String>,
    #[arg(long = "bank-name")]
    bank_name: Option<String>,
    #[arg(long)]
    iban: Option<String>,
    #[arg(long = "account-number")]
    account_number: Option<String>,
    #[arg(long)]
    bic: Option<String>,
    /// en or zh-CN.
    #[arg(long = "letter-language")]
    letter_language: Option<String>,
    /// A PNG or JPEG file of at most 2 MB for the letterhead.
    #[arg(long)]
    logo: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Args)]
pub struct MailArgs {
    #[arg(long)]
    host: Option<String>,
    #[arg(long)]
    port: Option<u32>,
    /// none, starttls or tls.
    #[arg(long)]
    security: Option<String>,
    /// The user name to log in with; an empty one for a server that takes mail without a login.
    #[arg(long)]
    username: Option<String>,
    /// The address messages are sent from.
    #[arg(long)]
    from: Option<String>,
    #[arg(long = "from-name")]
    from_name: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// An empty text given for an optional field clears it.
fn optional(value: String) -> Option<String> {
    (!value.trim().is_empty()).then_some(value)
}

pub fn run(book: &mut OpenBook, command: SettingsCommand) -> AppResult<()> {
    match command {
        SettingsCommand::Company(args) => {
            let mut details = book.company_settings()?;
            let changed = args.legal_name.is_some()
                || !args.address_lines.is_empty()
                || args.country.is_some()
                || args.email.is_some()
                || args.phone.is_some()
                || args.tax_id.is_some()
                || args.bank_name.is_some()
                || args.iban.is_some()
                || args.account_number.is_some()
                || args.bic.is_some()
                || args.letter_language.is_some()
                || args.logo.is_some();
            if let Some(name) = args.legal_name {
                details.legal_name = name;
            }
            if !args.address_lines.is_empty() {
                details.address_lines = args.address_lines;
            }
            for (field, value) in [
                (&mut details.country, args.country),
                (&mut details.email, args.email),
                (&mut details.phone, args.phone),
                (&mut details.tax_id, args.tax_id),
                (&mut details.bank_name, args.bank_name),
                (&mut details.iban, args.iban),
                (&mut details.account_number, args.account_number),
                (&mut details.bic, args.bic),
            ] {
                if let Some(value) = value {
                    *field = optional(value);
                }
            }
            if let Some(code) = args.letter_language {
                details.letter_language = parse_language(&code)?;
            }
            if let Some(path) = args.logo {
                details.logo = Some(creditdesk_app::logo_from_file(&path)?);
            }
            if changed {
                details = book.save_company_settings(&details)?;
            }
            if args.format == Format::Json {
                print_json(&json!(details));
                return Ok(());
            }
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
            outln!("legal name       {}", details.legal_name);
            outln!("address          {}", details.address_lines.join(", "));
            outln!("country          {}", show(&details.country));
            outln!("email            {}", show(&details.email));
            outln!("phone            {}", show(&details.phone));
            outln!("tax id           {}", show(&details.tax_id));
            outln!("bank             {}", show(&details.bank_name));
            outln!("IBAN             {}", show(&details.iban));
            outln!("account number   {}", show(&details.account_number));
            outln!("BIC              {}", show(&details.bic));
            outln!("letter language  {}", details.letter_language.code());
            outln!(
                "logo             {}",
                if details.logo.is_some() { "yes" } else { "-" }
            );
        }
        SettingsCommand::Mail(args) => {
            let mut settings = book.smtp_settings()?;
            let changed = args.host.is_some()
                || args.port.is_some()
                || args.security.is_some()
                || args.username.is_some()
                || args.from.is_some()
                || args.from_name.is_some();
            if let Some(host) = args.host {
                settings.host = host;
            }
            if let Some(port) = args.port {
                settings.port = port;
            }
            if let Some(security) = args.security {
                settings.security = SmtpSecurity::parse(security.trim()).ok_or_else(|| {
                    creditdesk_app::error::AppError::invalid(say!(
                        en: "The security \"{security}\" is not known; write none, starttls or \
                             tls.",
                        zh: "加密方式“{security}”无法识别；请填写 none、starttls 或 tls。",
                    ))
                })?;
            }
            if let Some(username) = args.username {
                settings.username = optional(username);
            }
            if let Some(from) = args.from {
                settings.from_address = from;
            }
            if let Some(name) = args.from_name {
                settings.from_name = optional(name);
            }
            if changed {
                settings = book.save_smtp_settings(&settings)?;
            }
            if args.format == Format::Json {
                print_json(&json!(settings));
                return Ok(());
            }
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_string());
            outln!("server     {}:{}", settings.host, settings.port);
            outln!("security   {}", settings.security.as_str());
            outln!("user name  {}", show(&settings.username));
            outln!("from       {}", settings.from_address);
            outln!("from name  {}", show(&settings.from_name));
        }
    }
    Ok(())
}
