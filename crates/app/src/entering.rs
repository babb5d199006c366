//! Entering customers and invoices by hand: the same checks and the same write path as an
//! import of one record, so a hand-entered invoice is frozen and audited like an imported one.

use chrono::NaiveDate;
use creditdesk_core::ledger::{Channel, CustomerRecord, InvoiceRecord, LedgerRecord};
use creditdesk_core::terms::{single_due_date, PaymentTerms};
use creditdesk_core::text::{pick, Language, Word};
use creditdesk_core::{say, Currency};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::documents::printable;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::settling::{exact, AMOUNT};
use crate::{store_error, OpenBook, WriteOutcome};

/// A customer as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerInput {
    pub reference: String,
    pub name: String,
    pub country: Option<String>,
    pub email: Option<String>,
    pub channel: Option<Channel>,
}

/// An invoice as a person enters it: a due date, or terms to compute the schedule from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InvoiceInput {
    pub number: String,
    pub customer: String,
    pub issue_date: NaiveDate,
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub amount: Decimal,
    /// The book's currency when absent.
    pub currency: Option<Currency>,
    /// Wins over `terms` when given.
    pub due_date: Option<NaiveDate>,
    /// `net 30` when neither a due date nor terms are given.
    pub terms: Option<String>,
    pub disputed: bool,
}

impl OpenBook {
    /// Adds a customer, or updates the fields given of one the book already holds.
    pub fn save_customer(&mut self, input: &CustomerInput) -> AppResult<String> {
        let reference = input.reference.trim();
        if reference.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The customer reference is empty; give the customer's code in your accounting \
                     system, or a short name.",
                zh: "客户编号为空；请填写该客户在您的会计系统中的编码，或一个简称。",
            )));
        }
        let name = input.name.trim();
        // The letters print both: refused now rather than when a letter is printed. (An import
        // keeps what the other system holds; a run says which customer it cannot write to.)
        printable(CUSTOMER_REFERENCE, reference)?;
        printable(CUSTOMER_NAME, name)?;
        let country = input
            .country
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if let Some(country) = country {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(AppError::invalid(say!(
                    en: "The country \"{country}\" is not a two-letter ISO 3166 country code; \
                         write it as DE, GB, US or CN, for example.",
                    zh: "国家“{country}”不是两位字母的 ISO 3166 国家代码；请填写如 DE、GB、US \
                         或 CN 的代码。",
                )));
            }
        }
        let email = input
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        if let Some(email) = email {
            if !creditdesk_mail::is_email_address(email) {
                return Err(AppError::invalid(say!(
                    en: "The email \"{email}\" is not an email address; write it as \
                         name@example.com.",
                    zh: "电子邮件“{email}”不是有效的电子邮件地址；请按 name@example.com 的格式\
                         填写。",
                )));
            }
        }
        let record = CustomerRecord {
            reference: reference.to_string(),
            // Empty: the book keeps the name it has (a new customer is named by its reference).
            name: name.to_string(),
            country: country.map(str::to_ascii_uppercase),
            email: email.map(str::to_string),
            preferred_channel: input.channel,
        };
        match self.write_one(&LedgerRecord::Customer(record))? {
            WriteOutcome::Inserted => Ok(say!(
                en: "Added customer {reference}.",
                zh: "已添加客户 {reference}。",
            )),
            WriteOutcome::Updated { fields } => {
                let fields: Vec<&str> = fields.iter().map(|f| customer_field(f)).collect();
                let fields = fields.join(pick(", ", "、"));
                Ok(say!(
                    en: "Updated customer {reference}: {fields}.",
                    zh: "已更新客户 {reference}：{fields}。",
                ))
            }
            _ => Ok(say!(
                en: "Customer {reference} is already in the book as given.",
                zh: "客户 {reference} 已在账簿中，内容与填写的一致。",
            )),
        }
    }

    /// Posts an invoice; its terms are frozen on it now.
    pub fn post_invoice(&mut self, input: &InvoiceInput) -> AppResult<String> {
        let number = input.number.trim();
        if number.is_empty() {
            return Err(AppError::invalid(say!(
                en: "The invoice number is empty; give the number printed on the invoice.",
                zh: "发票号为空；请填写发票上印的编号。",
            )));
        }
        printable(INVOICE_NUMBER, number)?;
        let currency = match input.currency {
            Some(c) => c,
            None => self.settings()?.currency,
        };
        let total = exact(input.amount, currency, AMOUNT)?;
        if total.is_zero() || total.is_negative() {
            return Err(AppError::invalid(say!(
                en: "The amount {total} is not accepted; an invoice is above zero (record a credit \
                     note for money owed to the customer).",
                zh: "金额 {total} 不可接受；发票金额必须大于零（应付给客户的款项请登记贷项\
                     通知单）。",
            )));
        }
        let terms = match (input.due_date, &input.terms) {
            (Some(due), terms) => {
                // The terms text is kept on the invoice in the book, so it is the same in every
                // language.
                let text = terms.clone().unwrap_or_else(|| format!("due on {due}"));
                single_due_date(&text, due, total)
            }
            (None, terms) => {
                let text = terms.as_deref().unwrap_or("net 30");
                // The Chinese sentence names the payment terms itself.
                let refused = |e| AppError::invalid(say!(en: "Terms: {e}", zh: "{e}"));
                let parsed = PaymentTerms::parse(text).map_err(refused)?;
                parsed.freeze(input.issue_date, total).map_err(refused)?
            }
        };
        let record = InvoiceRecord {
            number: number.to_string(),
            customer_reference: input.customer.trim().to_string(),
            issue_date: input.issue_date,
            total,
            terms,
            disputed: input.disputed,
        };
        let due = record.terms.instalments.last().map(|i| i.due_date);
        let issue = record.issue_date;
        match self.write_one(&LedgerRecord::Invoice(record))? {
            WriteOutcome::Inserted => {
                let early = due.is_some_and(|d| d < issue);
                let due = due.map_or_else(String::new, |d| d.to_string());
                let posted = say!(
                    en: "Posted invoice {number} of {total}, due {due}.",
                    zh: "发票 {number} 已入账，金额 {total}，到期日 {due}。",
                );
                if !early {
                    return Ok(posted);
                }
                // As an import does: kept as given, and said.
                let warning = say!(
                    en: "The due date is before the issue date {issue}, so the invoice is overdue \
                         from the day it was issued; if that is a mistake, record a credit note \
                         for it and post it again under another number.",
                    zh: "到期日早于开票日期 {issue}，因此该发票自开票之日起即为逾期；如属填写错误，\
                         请为其登记一张贷项通知单，并以其他编号重新登记。",
                );
                Ok(format!("{posted}{}{warning}", pick(" ", "")))
            }
            _ => Ok(say!(
                en: "The book already holds invoice {number} with the same content; nothing was \
                     written.",
                zh: "账簿中已有内容相同的发票 {number}；未写入任何数据。",
            )),
        }
    }

    /// One record through the import write path, in its own audited transaction.
    fn write_one(&mut self, record: &LedgerRecord) -> AppResult<WriteOutcome> {
        let mut tx = self.book.begin_import().map_err(store_error)?;
        tx.by_hand();
        let outcome = tx.record(record).map_err(store_error)?;
        match outcome {
            WriteOutcome::Conflict(message) => Err(AppError::new(ErrorCode::Conflict, message)),
            WriteOutcome::Inserted | WriteOutcome::Updated { .. } => {
                let (action, entity, reference) = match record {
                    LedgerRecord::Customer(c) => ("save_customer", "customer", &c.reference),
                    LedgerRecord::Invoice(i) => ("post_invoice", "invoice", &i.number),
                    LedgerRecord::Settlement(s) | LedgerRecord::SettledToDate(s) => {
                        ("record_settlement", "settlement", &s.reference)
                    }
                };
                let detail = serde_json::to_value(record).unwrap_or_default();
                tx.describe_entry(action, entity, reference, detail);
                tx.commit().map_err(store_error)?;
                Ok(outcome)
            }
            WriteOutcome::Unchanged | WriteOutcome::Matched { .. } | WriteOutcome::Kept { .. } => {
                Ok(outcome)
            }
        }
    }
}

const CUSTOMER_REFERENCE: Word = Word::new("customer reference", "客户编号");
const CUSTOMER_NAME: Word = Word::new("customer name", "客户名称");
const INVOICE_NUMBER: Word = Word::new("invoice number", "发票号");

/// A field of a customer profile, as the store names it when it updates one, in this thread's
/// language; a field without a translation is shown by its name.
fn customer_field(field: &str) -> &str {
    if Language::current() == Language::English {
        return field;
    }
    match field {
        "name" => "名称",
        "country" => "国家/地区",
        "email" => "电子邮件",
        "preferred channel" => "首选联系方式",
        other => other,
    }
}
