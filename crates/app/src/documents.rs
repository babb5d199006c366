//! The documents CreditDesk prints besides dunning letters: a customer's statement of account
//! and a payment plan's agreement, as PDF bytes from `creditdesk_letters`.
//!
//! The letterhead is the company's details as saved in the settings; the recipient is the
//! customer at its postal address; the language is the one asked for, else the customer's
//! letter language, else the company's.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use creditdesk_core::dunning::templates::{
    fill, format_amount, format_date, letter_sections, pay_by,
};
use creditdesk_core::dunning::TemplateValues;
use creditdesk_core::{say, Currency, Language, Money};
use creditdesk_letters::{PaperSize, PlanAgreement, Recipient, Sender, Statement};
use serde::{Deserialize, Serialize};

use crate::charging::money_error;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{io_error, store_error, FileStep, OpenBook};

/// How a document is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrintOptions {
    pub paper: PaperSize,
    /// The company's letter language when absent.
    pub language: Option<Language>,
}

impl Default for PrintOptions {
    fn default() -> PrintOptions {
        PrintOptions {
            paper: PaperSize::A4,
            language: None,
        }
    }
}

/// A rendered document and the file name it is offered under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Document {
    /// Writes the document to `to`, replacing a file there: first beside it, then renamed over
    /// it, so that a failure leaves no half-written PDF.
    pub fn save(&self, to: &Path) -> AppResult<()> {
        let mut partial = to.as_os_str().to_owned();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let written = std::fs::File::create(&partial).and_then(|mut file| {
            file.write_all(&self.bytes)?;
            file.sync_all()
        });
        if let Err(err) = written.and_then(|()| std::fs::rename(&partial, to)) {
            let _ = std::fs::remove_file(&partial);
            return Err(io_error(to, FileStep::Written, &err));
        }
        Ok(())
    }
}

impl OpenBook {
    /// The letterhead, bank details and signature of every document, and the language letters
    /// are written in, from the company's saved details.
    pub fn letter_sender(&self) -> AppResult<(Sender, Language)> {
        let language = self.company_settings()?.letter_language;
        let record = self.book.company().map_err(store_error)?;
        let sender = match record {
            Some(r) => Sender {
                legal_name: r.legal_name,
                address_lines: r.address_lines,
                country: r.country,
                email: r.email,
                phone: r.phone,
                tax_id: r.tax_id,
                bank_name: r.bank_name,
                iban: r.iban,
                account_number: r.account_number,
                bic: r.bic,
                logo: r.logo.map(|l| l.bytes),
                signatory: None,
            },
            None => Sender {
                legal_name: self.settings()?.name,
                address_lines: Vec::new(),
                country: None,
                email: None,
                phone: None,
                tax_id: None,
                bank_name: None,
                iban: None,
                account_number: None,
                bic: None,
                logo: None,
                signatory: None,
            },
        };
        Ok((sender, language))
    }

    /// The customer as a letter's recipient: its name, reference and postal address.
    pub fn letter_recipient(&self, customer: &str) -> AppResult<Recipient> {
        let found = self.book.recipient(customer.trim()).map_err(store_error)?;
        Ok(Recipient {
            name: found.name,
            reference: found.reference,
            address_lines: found.address.lines,
            country: found.address.country.or(found.country),
        })
    }

    /// The statement of account of `customer` (see [`OpenBook::account_statement`]) in
    /// `currency` as a PDF. `currency` may be left out when the customer deals in one only.
    pub fn statement_pdf(
        &self,
        customer: &str,
        from: Option<NaiveDate>,
        to: NaiveDate,
        currency: Option<Currency>,
        options: PrintOptions,
    ) -> AppResult<Document> {
        let statement = self.account_statement(customer, from, to)?;
        let reference = statement.customer_reference.clone();
        let available: Vec<String> = statement
            .currencies
            .iter()
            .map(|c| c.currency.to_string())
            .collect();
        let view = match currency {
            Some(code) => statement.in_currency(code)?,
            None if statement.currencies.len() == 1 => &statement.currencies[0],
            None if available.is_empty() => {
                return Err(AppError::invalid(say!(
                    en: "Nothing was invoiced to or received from {reference} by {to}; there is \
                         no statement to print.",
                    zh: "截至 {to}，{reference} 没有任何发票或收款；没有可打印的对账单。",
                )))
            }
            None => {
                let list = available.join(", ");
                return Err(AppError::invalid(say!(
                    en: "{reference} deals in several currencies ({list}); choose the currency \
                         of the statement.",
                    zh: "{reference} 涉及多个币种（{list}）；请选择对账单的币种。",
                )));
            }
        };
        let (sender, company_language) = self.letter_sender()?;
        let language = options
            .language
            .or(self.customer_address(&reference)?.letter_language)
            .unwrap_or(company_language);
        let document = Statement {
            language,
            paper: options.paper,
            sender,
            recipient: self.letter_recipient(&reference)?,
            date: to,
            reference: format!("{reference}/{to}"),
            currency: view.currency,
            opening_balance: view.opening,
            lines: view.lines.clone(),
            closing_balance: view.closing,
            aging: view
                .aging
                .iter()
                .map(|b| {
                    // The buckets' labels are figures but for the first.
                    let label = match b.label.as_str() {
                        "Current" => language.pick("Current", "未到期").to_string(),
                        other => other.to_string(),
                    };
                    (label, b.amount)
                })
                .collect::<Vec<(String, Money)>>(),
            unapplied: view.unapplied,
            // What to ask for: the overdue amount less money received and not yet allocated.
            overdue: overdue_net(view),
        };
        let bytes = creditdesk_letters::render_statement(&document)
            .map_err(|err| AppError::invalid(err.to_string()))?;
        Ok(Document {
            file_name: format!(
                "statement-{}-{}-{to}.pdf",
                file_safe(&reference),
                view.currency
            ),
            bytes,
        })
    }
}

impl OpenBook {
    /// The letter or email attachment of communication `id` as it was printed when the run
    /// was executed; a letter kept without its PDF is printed again from what was sent.
    pub fn communication_pdf(&self, id: i64) -> AppResult<Document> {
        let found = self
            .book
            .communication_document(id)
            .map_err(store_error)?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    say!(
                        en: "No communication with id {id} is in the book; `communications` \
                             lists them with their ids.",
                        zh: "账簿中没有编号为 {id} 的催收项；`communications` 会列出其编号。",
                    ),
                )
            })?;
        let (Some(reference), Some(letter)) = (&found.reference, &found.letter) else {
            return Err(AppError::invalid(say!(
                en: "Communication {id} has no letter: it was not executed, or it was a phone \
                     call.",
                zh: "催收项 {id} 没有信函：它尚未执行，或是一次电话催收。",
            )));
        };
        let bytes = match &found.document {
            Some(bytes) => bytes.clone(),
            None => {
                let letter: crate::LetterSnapshot = serde_json::from_value(letter.clone())
                    .map_err(|err| AppError::new(ErrorCode::Storage, err.to_string()))?;
                let (sender, _) = self.letter_sender()?;
                creditdesk_letters::render_dunning_letter(&letter.printable(sender))
                    .map_err(|err| AppError::invalid(err.to_string()))?
            }
        };
        Ok(Document {
            file_name: format!("{reference}-{}.pdf", file_safe(&found.customer_reference)),
            bytes,
        })
    }
}

impl OpenBook {
    /// The agreement of payment plan `id` as a PDF: the invoices it replaces, the down
    /// payment, the interest, the instalments and the terms (the `plan_agreement` letter
    /// template, the user's own text when edited), to be signed by both sides.
    pub fn plan_agreement_pdf(&self, id: i64, options: PrintOptions) -> AppResult<Document> {
        let line = self.book.plan(id).map_err(store_error)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                creditdesk_store::PlanRefusal::NotFound(id).to_string(),
            )
        })?;
        let plan = &line.plan;
        let customer = &plan.customer_reference;
        let (sender, company_language) = self.letter_sender()?;
        let language = options
            .language
            .or(self.customer_address(customer)?.letter_language)
            .unwrap_or(company_language);
        let recipient = self.letter_recipient(customer)?;
        let template = self.letter_template("plan_agreement", language)?;
        let amount = |money: Money| format_amount(money, language);
        let code = plan.currency.code();
        let items = plan
            .items
            .iter()
            .map(|item| {
                let (number, open) = (&item.invoice_number, amount(item.open));
                say!(
                    in language;
                    en: "- Invoice {number}: {open} {code}",
                    zh: "- 发票 {number}：{open} {code}",
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let payable = plan.total.checked_add(plan.interest).map_err(money_error)?;
        let values = TemplateValues {
            customer_name: recipient.name.clone(),
            customer_reference: customer.clone(),
            company_name: sender.legal_name.clone(),
            as_of: format_date(plan.start_on, language),
            total: amount(payable),
            currency: code.to_string(),
            claimed_total: amount(plan.total),
            interest_total: amount(plan.interest),
            fee: amount(Money::zero(plan.currency)),
            compensation: amount(Money::zero(plan.currency)),
            pay_by: format_date(pay_by("plan_agreement", plan.start_on), language),
            reference: line.reference.clone(),
            level: String::new(),
            items_count: plan.items.len().to_string(),
            items,
        };
        let filled = |text: &str| {
            fill(text, &values).map_err(|err| {
                AppError::invalid(say!(
                    en: "The template \"plan_agreement\" cannot be filled in: {err}",
                    zh: "模板“plan_agreement”无法填写：{err}",
                ))
            })
        };
        // Checked whole first, so that a problem is reported at its line of the whole text.
        filled(&template.body)?;
        // The agreement prints the invoices it covers as a table and has a place for each side
        // to sign: its terms are the text without the list of items and without the names the
        // template signs with, and the closing comes after every term.
        let sections = letter_sections(&template.body);
        let mut body = filled(sections.before_items)?;
        let after = filled(sections.after_items)?;
        if !after.is_empty() {
            body.push_str("\n\n");
            body.push_str(&after);
        }
        // The terms a signature binds, whatever the template says: the rate and the grace.
        if let Some(rate) = plan.annual_rate_percent {
            let interest = amount(plan.interest);
            body.push_str("\n\n");
            body.push_str(&say!(
                in language;
                en: "Interest: {rate} % a year on the amount financed, {interest} {code} in all, \
                     included in the instalments.",
                zh: "利息：按年利率 {rate}% 对分期金额计息，共计 {interest} {code}，已计入各期\
                     款项。",
            ));
        }
        let grace = plan.grace_days;
        body.push_str("\n\n");
        body.push_str(&say!(
            in language;
            en: "Grace period: an instalment not paid within {grace} days of its due date ends \
                 the plan, and the remaining balance falls due at once.",
            zh: "宽限期：任何一期款项在到期日后 {grace} 天内仍未支付，本计划即告终止，剩余余额\
                 立即到期。",
        ));
        if !sections.closing.is_empty() {
            body.push_str("\n\n");
            body.push_str(&filled(sections.closing)?);
        }
        let down = plan.instalments.iter().find(|i| i.down_payment);
        let agreement = PlanAgreement {
            language,
            paper: options.paper,
            sender,
            recipient,
            date: plan.start_on,
            reference: line.reference.clone(),
            currency: plan.currency,
            replaced: plan
                .items
                .iter()
                .map(|i| (i.invoice_number.clone(), i.open))
                .collect(),
            down_payment: down.map(|d| (d.due_date, d.amount)),
            interest: plan.interest,
            instalments: plan
                .instalments
                .iter()
                .filter(|i| !i.down_payment)
                .map(|i| (i.seq, i.due_date, i.amount))
                .collect(),
            total: payable,
            body,
        };
        let bytes = creditdesk_letters::render_plan_agreement(&agreement)
            .map_err(|err| AppError::invalid(err.to_string()))?;
        Ok(Document {
            file_name: format!("{}-{}.pdf", line.reference, file_safe(customer)),
            bytes,
        })
    }
}

/// Refuses `text`, a value the letters print, when the letter font cannot draw one of its
/// characters: the letters' own check, made when a person enters the value rather than when a
/// letter is printed. The sentence names `field`, the character and what letters print.
pub(crate) fn printable(field: creditdesk_core::text::Word, text: &str) -> AppResult<()> {
    creditdesk_letters::check_printable(field, text).map_err(|e| AppError::invalid(e.to_string()))
}

/// [`printable`] for a value of several lines, naming the line.
pub(crate) fn printable_lines<'a>(
    field: creditdesk_core::text::Word,
    lines: impl IntoIterator<Item = &'a str>,
) -> AppResult<()> {
    creditdesk_letters::check_printable_lines(field, lines)
        .map_err(|e| AppError::invalid(e.to_string()))
}

/// What of a statement's overdue amount is still to pay once the money received and not yet
/// allocated is set against it (never below zero).
fn overdue_net(view: &crate::CurrencyStatementView) -> Money {
    let unapplied = view.unapplied.amount().max(rust_decimal::Decimal::ZERO);
    Money::new(
        (view.overdue.amount() - unapplied).max(rust_decimal::Decimal::ZERO),
        view.closing.currency(),
    )
}

/// `text` with every character a file name may not hold on Windows, macOS or Linux replaced by
/// `_`.
pub(crate) fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}
