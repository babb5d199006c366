//! The texts of dunning letters, emails and call scripts: the ones CreditDesk ships for the
//! template names its presets use, in English and Simplified Chinese, and how a text is filled
//! in for one communication.
//!
//! A text names values in braces, `{customer_name}`; `{{` and `}}` stand for a brace of their
//! own. Filling refuses a name it does not know rather than leaving it in the letter, and a
//! brace left open or closed without opening, so that a letter never goes out with a typing
//! error of its template in it.
//!
//! Amounts are written with the currency's decimals and a comma between thousands
//! (`1,250.00`), in both languages; dates as `31 March 2025` in English and `2025年3月31日` in
//! Chinese.
//!
//! **The day asked to pay by** (`{pay_by}`): the as-of date plus 14 days for a formal demand or
//! a hand-over (`formal_demand`, `handover`), plus 7 days for every other template.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::dunning::run::Communication;
use crate::money::Money;
use crate::say;
use crate::text::{Language, Word};

/// What the letters print, and what to do with a character they cannot print: the end of every
/// sentence that refuses one (the letter font has Latin letters and the Simplified Chinese
/// characters of GB2312).
pub const PRINTABLE: Word = Word::new(
    "letters print Latin letters and the Simplified Chinese characters of GB2312. Replace it (a \
     traditional or Japanese character by its simplified form, where it has one), or remove it.",
    "信函只能打印拉丁字母和 GB2312 中的简体汉字。请替换该字符（繁体字或日文汉字可改用其简体字\
     形），或将其删除。",
);

/// A value a template may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Placeholder {
    CustomerName,
    CustomerReference,
    CompanyName,
    AsOf,
    /// What the communication claims in all: principal, interest, fee and fixed compensation.
    Total,
    Currency,
    /// The overdue principal claimed.
    ClaimedTotal,
    InterestTotal,
    Fee,
    /// The fixed compensation for recovery costs a late-payment law grants with its interest
    /// (see [`crate::interest::CompensationRule`]), all invoices together; `0.00` when none is
    /// claimed.
    Compensation,
    PayBy,
    /// The communication's own reference, `D-2026-000123`.
    Reference,
    Level,
    ItemsCount,
    /// The items, one line each, with their due dates, days overdue and amounts.
    Items,
}

impl Placeholder {
    pub const ALL: [Placeholder; 15] = [
        Placeholder::CustomerName,
        Placeholder::CustomerReference,
        Placeholder::CompanyName,
        Placeholder::AsOf,
        Placeholder::Total,
        Placeholder::Currency,
        Placeholder::ClaimedTotal,
        Placeholder::InterestTotal,
        Placeholder::Fee,
        Placeholder::Compensation,
        Placeholder::PayBy,
        Placeholder::Reference,
        Placeholder::Level,
        Placeholder::ItemsCount,
        Placeholder::Items,
    ];

    /// The name written between the braces.
    pub fn name(&self) -> &'static str {
        match self {
            Placeholder::CustomerName => "customer_name",
            Placeholder::CustomerReference => "customer_reference",
            Placeholder::CompanyName => "company_name",
            Placeholder::AsOf => "as_of",
            Placeholder::Total => "total",
            Placeholder::Currency => "currency",
            Placeholder::ClaimedTotal => "claimed_total",
            Placeholder::InterestTotal => "interest_total",
            Placeholder::Fee => "fee",
            Placeholder::Compensation => "compensation",
            Placeholder::PayBy => "pay_by",
            Placeholder::Reference => "reference",
            Placeholder::Level => "level",
            Placeholder::ItemsCount => "items_count",
            Placeholder::Items => "items",
        }
    }

    pub fn parse(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The value of every placeholder for one text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateValues {
    pub customer_name: String,
    pub customer_reference: String,
    pub company_name: String,
    pub as_of: String,
    pub total: String,
    pub currency: String,
    pub claimed_total: String,
    pub interest_total: String,
    pub fee: String,
    pub compensation: String,
    pub pay_by: String,
    pub reference: String,
    pub level: String,
    pub items_count: String,
    pub items: String,
}

/// Who writes to whom about which communication: what the values of a text are made from,
/// besides the communication itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterFacts<'a> {
    pub template: &'a str,
    pub customer_name: &'a str,
    pub company_name: &'a str,
    pub reference: &'a str,
    pub as_of: NaiveDate,
}

impl TemplateValues {
    pub fn get(&self, placeholder: Placeholder) -> &str {
        match placeholder {
            Placeholder::CustomerName => &self.customer_name,
            Placeholder::CustomerReference => &self.customer_reference,
            Placeholder::CompanyName => &self.company_name,
            Placeholder::AsOf => &self.as_of,
            Placeholder::Total => &self.total,
            Placeholder::Currency => &self.currency,
            Placeholder::ClaimedTotal => &self.claimed_total,
            Placeholder::InterestTotal => &self.interest_total,
            Placeholder::Fee => &self.fee,
            Placeholder::Compensation => &self.compensation,
            Placeholder::PayBy => &self.pay_by,
            Placeholder::Reference => &self.reference,
            Placeholder::Level => &self.level,
            Placeholder::ItemsCount => &self.items_count,
            Placeholder::Items => &self.items,
        }
    }

    /// The values of `communication`'s texts in `language`.
    pub fn of_communication(
        communication: &Communication,
        facts: &LetterFacts<'_>,
        language: Language,
    ) -> TemplateValues {
        let amount = |money: Money| format_amount(money, language);
        TemplateValues {
            customer_name: facts.customer_name.to_string(),
            customer_reference: communication.customer_reference.clone(),
            company_name: facts.company_name.to_string(),
            as_of: format_date(facts.as_of, language),
            total: amount(communication.total),
            currency: communication.currency.code().to_string(),
            claimed_total: amount(communication.claimed_total),
            interest_total: amount(communication.interest_total),
            fee: amount(communication.fee),
            compensation: amount(
                communication
                    .compensation
                    .unwrap_or_else(|| Money::zero(communication.currency)),
            ),
            pay_by: format_date(pay_by(facts.template, facts.as_of), language),
            reference: facts.reference.to_string(),
            level: communication.level.to_string(),
            items_count: communication.items.len().to_string(),
            items: item_lines(communication, language),
        }
    }
}

/// The day a text asks the customer to pay by: see the module documentation.
pub fn pay_by(template: &str, as_of: NaiveDate) -> NaiveDate {
    let days = match template {
        "formal_demand" | "handover" => 14,
        _ => 7,
    };
    as_of.checked_add_days(Days::new(days)).unwrap_or(as_of)
}

/// `1,250.00`: the currency's decimals, a comma between thousands, a leading minus.
pub fn format_amount(money: Money, _language: Language) -> String {
    let digits = money.currency().minor_digits();
    let mut amount = money.amount().abs();
    amount.rescale(digits);
    let text = amount.to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::with_capacity(text.len() + whole.len() / 3 + 1);
    if money.amount() < Decimal::ZERO {
        grouped.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    grouped
}

/// `31 March 2025`, or `2025年3月31日`.
pub fn format_date(date: NaiveDate, language: Language) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match language {
        Language::English => format!(
            "{} {} {}",
            date.day(),
            MONTHS[date.month0() as usize],
            date.year()
        ),
        Language::SimplifiedChinese => {
            format!("{}年{}月{}日", date.year(), date.month(), date.day())
        }
    }
}

/// One line per item: the invoice (and instalment when the invoice has several), due date,
/// days overdue, the amount claimed and, when charged, its interest and the fixed compensation
/// claimed for the invoice.
fn item_lines(communication: &Communication, language: Language) -> String {
    let mut lines = Vec::with_capacity(communication.items.len());
    let code = communication.currency.code();
    for item in &communication.items {
        let several = item.seq > 1
            || communication
                .items
                .iter()
                .any(|other| other.invoice_number == item.invoice_number && other.seq != item.seq);
        let invoice = &item.invoice_number;
        let seq = item.seq;
        let name = match (several, language) {
            (false, Language::English) => format!("Invoice {invoice}"),
            (true, Language::English) => format!("Invoice {invoice} (instalment {seq})"),
            (false, Language::SimplifiedChinese) => format!("发票 {invoice}"),
            (true, Language::SimplifiedChinese) => format!("发票 {invoice}（第 {seq} 期）"),
        };
        let due = format_date(item.due_date, language);
        let days = item.days_overdue;
        let claimed = format_amount(item.claimed, language);
        let mut line = say!(
            in language;
            en: "- {name}, due {due}, {days} days overdue: {claimed} {code}",
            zh: "- {name}，到期日 {due}，逾期 {days} 天：{claimed} {code}",
        );
        if let Some(interest) = item.interest.as_ref().filter(|i| !i.interest.is_zero()) {
            let interest = format_amount(interest.interest, language);
            line.push_str(&say!(
                in language;
                en: ", interest {interest} {code}",
                zh: "，利息 {interest} {code}",
            ));
        }
        if let Some(compensation) = item.compensation.filter(|c| !c.is_zero()) {
            let compensation = format_amount(compensation, language);
            line.push_str(&say!(
                in language;
                en: ", fixed compensation {compensation} {code}",
                zh: "，法定固定补偿 {compensation} {code}",
            ));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// What is wrong with a template's text; `Display` is the sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TemplateError {
    /// `{name}` is not a placeholder; `line` is 1-based.
    UnknownPlaceholder { name: String, line: usize },
    /// A `{` that no `}` closes on its line.
    Unclosed { line: usize },
    /// A `}` that closes no placeholder.
    StrayClose { line: usize },
}

impl TemplateError {
    pub fn code(&self) -> &'static str {
        match self {
            TemplateError::UnknownPlaceholder { .. } => "unknown_placeholder",
            TemplateError::Unclosed { .. } => "unclosed",
            TemplateError::StrayClose { .. } => "stray_close",
        }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = Placeholder::ALL
            .iter()
            .map(|p| format!("{{{}}}", p.name()))
            .collect::<Vec<_>>()
            .join(", ");
        let sentence = match self {
            TemplateError::UnknownPlaceholder { name, line } => say!(
                en: "Line {line} of the template names {{{name}}}, which is not a placeholder; \
                     use one of {known}, or write {{{{ and }}}} for a brace of its own.",
                zh: "模板第 {line} 行使用了 {{{name}}}，这不是可用的占位符；请使用以下之一：\
                     {known}，或用 {{{{ 和 }}}} 表示花括号本身。",
            ),
            TemplateError::Unclosed { line } => say!(
                en: "Line {line} of the template opens a placeholder with {{ and does not close \
                     it; close it with }}, or write {{{{ for a brace of its own.",
                zh: "模板第 {line} 行用 {{ 开始了一个占位符但没有结束；请用 }} 结束，或用 {{{{ \
                     表示花括号本身。",
            ),
            TemplateError::StrayClose { line } => say!(
                en: "Line {line} of the template has a }} that closes no placeholder; write }}}} \
                     for a brace of its own.",
                zh: "模板第 {line} 行有一个不对应任何占位符的 }}；请用 }}}} 表示花括号本身。",
            ),
        };
        f.write_str(&sentence)
    }
}

/// `text` with every placeholder replaced by its value and `{{`, `}}` by single braces; the
/// first problem found otherwise.
pub fn fill(text: &str, values: &TemplateValues) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(text.len() + 256);
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|(_, n)| *n) == Some('{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().map(|(_, n)| *n) == Some('}') => {
                chars.next();
                out.push('}');
            }
            '}' => return Err(TemplateError::StrayClose { line }),
            '{' => {
                let rest = &text[at + 1..];
                let end = rest
                    .find(['}', '\n', '{'])
                    .filter(|&end| rest[end..].starts_with('}'))
                    .ok_or(TemplateError::Unclosed { line })?;
                let name = &rest[..end];
                let placeholder = Placeholder::parse(name.trim()).ok_or_else(|| {
                    TemplateError::UnknownPlaceholder {
                        name: name.to_string(),
                        line,
                    }
                })?;
                out.push_str(values.get(placeholder));
                for _ in 0..name.chars().count() + 1 {
                    chars.next();
                }
            }
            '\n' => {
                line += 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// Checks a text as [`fill`] would, without values.
pub fn check(text: &str) -> Result<(), TemplateError> {
    fill(text, &TemplateValues::default()).map(|_| ())
}

/// A body cut where a printed letter puts parts of its own: the text before the list of items
/// (which the letter prints as a table instead), the text after that list, and the sign-off (the
/// closing and the name signed with, which the letter prints under its payment details, at the
/// line to sign on). An email sends the body whole.
///
/// The list of items is a paragraph that is only `{items}`. The sign-off is a closing paragraph
/// among the last three, never the first (one or two short lines, ending with a comma as in
/// "Kind regards,", or Chinese closings such as 此致 / 敬礼 and 顺颂商祺), with at most four
/// lines after it. Every part is empty when the text has none; a text without either is all
/// `before_items`. Parts are whole paragraphs, so each fills like the whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LetterSections<'t> {
    pub before_items: &'t str,
    pub after_items: &'t str,
    pub closing: &'t str,
    pub signed: &'t str,
}

/// Chinese closings a sign-off may open with, line by line.
const CHINESE_CLOSINGS: [&str; 9] = [
    "此致",
    "敬礼",
    "敬礼！",
    "此致敬礼",
    "此致敬礼！",
    "顺颂商祺",
    "顺祝商祺",
    "顺颂时祺",
    "谨上",
];

/// Cuts `text` into its [`LetterSections`].
pub fn letter_sections(text: &str) -> LetterSections<'_> {
    // Paragraphs as byte ranges of their first and last non-blank line.
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            paragraphs.extend(open.take());
        } else {
            let end = at + content.len();
            open = Some(open.map_or((at, end), |(start, _)| (start, end)));
        }
        at += line.len();
    }
    paragraphs.extend(open);

    let lines = |(start, end): (usize, usize)| text[start..end].lines().map(str::trim);
    let is_closing = |paragraph: (usize, usize)| {
        let count = lines(paragraph).count();
        let short = lines(paragraph).all(|l| l.chars().count() <= 30);
        let last = lines(paragraph).next_back().unwrap_or("");
        let chinese = lines(paragraph).all(|l| CHINESE_CLOSINGS.contains(&l));
        (1..=2).contains(&count) && short && (last.ends_with([',', '，']) || chinese)
    };
    // Never the first paragraph: "Dear Sirs," opens a letter.
    let closing = (paragraphs.len().saturating_sub(3).max(1)..paragraphs.len())
        .rev()
        .find(|&k| {
            let after: usize = paragraphs[k + 1..].iter().map(|&p| lines(p).count()).sum();
            after <= 4 && is_closing(paragraphs[k])
        });
    let body_end = closing.map_or(paragraphs.len(), |k| k);
    let items = paragraphs[..body_end].iter().position(|&(start, end)| {
        let content = text[start..end].trim();
        content.len() >= 2
            && content.starts_with('{')
            && content.ends_with('}')
            && !content.starts_with("{{")
            && content[1..content.len() - 1].trim() == "items"
    });
    let span = |from: usize, to: usize| -> &str {
        if from >= to {
            return "";
        }
        &text[paragraphs[from].0..paragraphs[to - 1].1]
    };
    let (before_items, after_items) = match items {
        Some(i) => (span(0, i), span(i + 1, body_end)),
        None => (span(0, body_end), ""),
    };
    let (closing, signed) = match closing {
        Some(k) => (span(k, k + 1), span(k + 1, paragraphs.len())),
        None => ("", ""),
    };
    LetterSections {
        before_items,
        after_items,
        closing,
        signed,
    }
}

/// A template's subject and body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateText {
    pub subject: &'static str,
    pub body: &'static str,
}

/// The template names CreditDesk ships a text for, in the order a list shows them.
pub const SHIPPED_TEMPLATES: [&str; 7] = [
    "reminder",
    "gentle_reminder",
    "phone_call",
    "formal_demand",
    "handover",
    "statement",
    "plan_agreement",
];

/// The shipped text of template `name` in `language`; `None` for a name CreditDesk does not
/// ship.
pub fn shipped(name: &str, language: Language) -> Option<TemplateText> {
    let (subject, body) = match (name, language) {
        ("reminder", Language::English) => (REMINDER_SUBJECT_EN, REMINDER_EN),
        ("reminder", Language::SimplifiedChinese) => (REMINDER_SUBJECT_ZH, REMINDER_ZH),
        ("gentle_reminder", Language::English) => (GENTLE_SUBJECT_EN, GENTLE_EN),
        ("gentle_reminder", Language::SimplifiedChinese) => (GENTLE_SUBJECT_ZH, GENTLE_ZH),
        ("phone_call", Language::English) => (CALL_SUBJECT_EN, CALL_EN),
        ("phone_call", Language::SimplifiedChinese) => (CALL_SUBJECT_ZH, CALL_ZH),
        ("formal_demand", Language::English) => (DEMAND_SUBJECT_EN, DEMAND_EN),
        ("formal_demand", Language::SimplifiedChinese) => (DEMAND_SUBJECT_ZH, DEMAND_ZH),
        ("handover", Language::English) => (HANDOVER_SUBJECT_EN, HANDOVER_EN),
        ("handover", Language::SimplifiedChinese) => (HANDOVER_SUBJECT_ZH, HANDOVER_ZH),
        ("statement", Language::English) => (STATEMENT_SUBJECT_EN, STATEMENT_EN),
        ("statement", Language::SimplifiedChinese) => (STATEMENT_SUBJECT_ZH, STATEMENT_ZH),
        ("plan_agreement", Language::English) => (PLAN_SUBJECT_EN, PLAN_EN),
        ("plan_agreement", Language::SimplifiedChinese) => (PLAN_SUBJECT_ZH, PLAN_ZH),
        _ => return None,
    };
    Some(TemplateText { subject, body })
}

const REMINDER_SUBJECT_EN: &str = "Payment reminder {reference}: {total} {currency} overdue";
const REMINDER_EN: &str = "Dear {customer_name},

According to our records, the following items on your account (customer reference \
{customer_reference}) were past their due date on {as_of}:

{items}

Amount now due: {total} {currency}

This may simply have been overlooked. We would be grateful if you could arrange payment by \
{pay_by}. If you have paid in the meantime, please disregard this reminder. If there is a reason \
why an invoice cannot be paid, please let us know, so that we can resolve it together.

Kind regards,

{company_name}
Accounts Receivable";

const REMINDER_SUBJECT_ZH: &str = "付款提醒 {reference}：逾期款项 {total} {currency}";
const REMINDER_ZH: &str = "尊敬的{customer_name}：

根据我方记录，截至{as_of}，贵公司账户（客户编号 {customer_reference}）下列款项已超过付款期限：

{items}

当前应付金额：{total} {currency}

此事或许只是一时疏忽。烦请于{pay_by}前安排付款。如贵公司已在此期间付款，请忽略本提醒；如有任何发票\
因故无法支付，敬请告知，以便我们共同解决。

此致
敬礼

{company_name}
应收账款部";

const GENTLE_SUBJECT_EN: &str =
    "Friendly reminder {reference}: {total} {currency} open on your account";
const GENTLE_EN: &str = "Dear {customer_name},

We hope all is well. This is a friendly note that, according to our records, the following items \
on your account (customer reference {customer_reference}) were still open on {as_of}:

{items}

Total: {total} {currency}

If your payment is already on its way, thank you, and please disregard this message. Otherwise \
we would appreciate payment by {pay_by}. Should you have any questions about these invoices, \
please do not hesitate to contact us.

With kind regards,

{company_name}";

const GENTLE_SUBJECT_ZH: &str = "温馨提示 {reference}：贵公司账户尚有 {total} {currency} 未结";
const GENTLE_ZH: &str = "尊敬的{customer_name}：

您好！谨此温馨提示：根据我方记录，截至{as_of}，贵公司账户（客户编号 {customer_reference}）下列款项\
尚未结清：

{items}

合计：{total} {currency}

如款项已在途中，谨致谢意，并请忽略本函。否则，烦请于{pay_by}前安排付款。如对上述发票有任何疑问，\
欢迎随时与我们联系。

顺颂商祺

{company_name}";

const CALL_SUBJECT_EN: &str =
    "Call {customer_name} ({customer_reference}) about {total} {currency} overdue";
const CALL_EN: &str = "Call script, dunning level {level}, reference {reference}

1. Introduce yourself: \"Good morning, this is [your name] from {company_name}, calling about \
your account {customer_reference}.\"
2. State the facts: on {as_of}, {items_count} items totalling {claimed_total} {currency} were \
overdue, and a written reminder has already been sent:

{items}

3. Ask whether the invoices were received and whether anything is in dispute. If so, note the \
invoice, the reason and the amount, and record the outcome \"disputed\".
4. Ask when payment will be made. Agree a date no later than {pay_by}, the amount, and the name \
of the person who promises it; record the outcome \"promised\".
5. Thank the customer and repeat what was agreed. If nobody answers, record \"no answer\": the \
next step follows once the minimum gap between contacts has passed.";

const CALL_SUBJECT_ZH: &str =
    "致电{customer_name}（{customer_reference}）：逾期 {total} {currency}";
const CALL_ZH: &str = "电话催收话术（第 {level} 级，编号 {reference}）

1. 自我介绍：“您好，我是{company_name}的[您的姓名]，就贵公司账户 {customer_reference} 的付款事宜\
致电。”
2. 说明情况：截至{as_of}，共有 {items_count} 笔款项逾期，合计 {claimed_total} {currency}；我方此前已\
发送书面提醒：

{items}

3. 询问对方是否已收到发票、是否存在争议。如有争议，请记下发票号、原因和金额，并将结果登记为“有争议”。
4. 询问付款时间。约定不晚于{pay_by}的付款日期、金额以及作出承诺的人员姓名；将结果登记为“承诺付款”。
5. 感谢对方并复述约定内容。如无人接听，请登记为“无人接听”：满足两次联系的最短间隔后，将进入下一\
催收步骤。";

const DEMAND_SUBJECT_EN: &str = "Formal demand for payment {reference}";
const DEMAND_EN: &str = "Dear {customer_name},

Formal demand for payment, customer reference {customer_reference}

Despite our earlier reminders, the following items remained unpaid on {as_of}:

{items}

Principal overdue: {claimed_total} {currency}
Late-payment interest to {as_of}: {interest_total} {currency}
Dunning fee: {fee} {currency}
Fixed compensation for recovery costs: {compensation} {currency}
Total now due: {total} {currency}

We hereby formally demand payment of {total} {currency} by {pay_by} at the latest. Until your \
account is settled, we cannot deliver further on credit.

If payment is not received by that date, we will pass the matter on for collection without \
further notice, which will cause you additional costs. If you have already paid, please send us \
the details of your payment, so that we can match it.

Yours sincerely,

{company_name}";

const DEMAND_SUBJECT_ZH: &str = "正式催款函 {reference}";
const DEMAND_ZH: &str = "尊敬的{customer_name}：

正式催款通知（客户编号 {customer_reference}）

尽管我方此前已发出提醒，截至{as_of}，下列款项仍未支付：

{items}

逾期本金：{claimed_total} {currency}
截至{as_of}的逾期利息：{interest_total} {currency}
催收费用：{fee} {currency}
法定固定补偿（追讨费用）：{compensation} {currency}
现应付总额：{total} {currency}

我方特此正式要求贵公司最迟于{pay_by}前支付 {total} {currency}。在账款结清之前，我方将无法继续以赊账\
方式供货。

如届时仍未收到款项，我方将不再另行通知，直接将此事交付催收，由此产生的额外费用将由贵公司承担。如贵\
公司已经付款，请将付款详情发送给我们，以便核对。

此致
敬礼

{company_name}";

const HANDOVER_SUBJECT_EN: &str = "Final notice {reference}: claim handed over for collection";
const HANDOVER_EN: &str = "Dear {customer_name},

Final notice, customer reference {customer_reference}

We have written to you several times about the following items, which remained unpaid on \
{as_of}:

{items}

Principal overdue: {claimed_total} {currency}
Late-payment interest to {as_of}: {interest_total} {currency}
Dunning fee: {fee} {currency}
Fixed compensation for recovery costs: {compensation} {currency}
Total now due: {total} {currency}

As we have received neither payment nor any objection, we have handed this claim over to our \
collection agency or legal counsel, who will contact you. Payment of {total} {currency} by \
{pay_by}, quoting reference {reference}, can still avoid legal proceedings and their costs. Your \
account remains closed to further credit.

Yours faithfully,

{company_name}";

const HANDOVER_SUBJECT_ZH: &str = "最后通知 {reference}：债权已移交催收";
const HANDOVER_ZH: &str = "尊敬的{customer_name}：

最后通知（客户编号 {customer_reference}）

我方已就下列款项多次致函贵公司，截至{as_of}仍未获支付：

{items}

逾期本金：{claimed_total} {currency}
截至{as_of}的逾期利息：{interest_total} {currency}
催收费用：{fee} {currency}
法定固定补偿（追讨费用）：{compensation} {currency}
现应付总额：{total} {currency}

由于我方既未收到付款，也未收到任何异议，现已将该笔债权移交催收机构或律师处理，其将与贵公司联系。如\
贵公司于{pay_by}前付清 {total} {currency}（付款时请注明编号 {reference}），仍可避免诉讼程序及相关费\
用。在此之前，贵公司账户不再享有赊销额度。

此致
敬礼

{company_name}";

const STATEMENT_SUBJECT_EN: &str = "Statement of account {customer_reference} as of {as_of}";
const STATEMENT_EN: &str = "Dear {customer_name},

Please find below the statement of your account with {company_name} as of {as_of}:

{items}

Balance: {total} {currency}

Please check this statement against your records and let us know of any difference by {pay_by}. \
Payments made after {as_of} are not shown.

Kind regards,

{company_name}";

const STATEMENT_SUBJECT_ZH: &str = "对账单 {customer_reference}（截至{as_of}）";
const STATEMENT_ZH: &str = "尊敬的{customer_name}：

现将贵公司在{company_name}的账户截至{as_of}的对账单列示如下：

{items}

余额：{total} {currency}

请与贵公司记录核对，如有差异，请于{pay_by}前告知。{as_of}之后的付款未列入本对账单。

顺颂商祺

{company_name}";

const PLAN_SUBJECT_EN: &str = "Payment plan agreement {reference}";
const PLAN_EN: &str = "Dear {customer_name},

This letter confirms the payment plan agreed for your account (customer reference \
{customer_reference}) as of {as_of}. It covers the following items:

{items}

Amount covered by the plan: {total} {currency}

The instalments fall due on the dates of the attached schedule. While the plan is kept, we will \
take no further collection steps on these items. If an instalment is not paid within the agreed \
grace period, the plan ends and the remaining balance falls due at once.

Please sign and return a copy of this letter by {pay_by} to confirm your agreement.

Kind regards,

{company_name}";

const PLAN_SUBJECT_ZH: &str = "还款计划确认函 {reference}";
const PLAN_ZH: &str = "尊敬的{customer_name}：

本函确认截至{as_of}就贵公司账户（客户编号 {customer_reference}）约定的还款计划，涵盖下列款项：

{items}

纳入计划的金额：{total} {currency}

各期款项按所附还款时间表到期。在计划正常履行期间，我方不会就上述款项采取进一步催收措施。如某期款项\
在约定宽限期内仍未支付，该计划即告终止，剩余余额立即到期。

请于{pay_by}前签署并寄回本函副本，以确认贵公司同意上述安排。

顺颂商祺

{company_name}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_text_fills_in_both_languages() {
        for name in SHIPPED_TEMPLATES {
            for language in Language::ALL {
                let text = shipped(name, language).expect("shipped");
                check(text.subject).unwrap_or_else(|e| panic!("{name} {language:?}: {e}"));
                check(text.body).unwrap_or_else(|e| panic!("{name} {language:?}: {e}"));
            }
        }
    }

    #[test]
    fn a_letter_prints_the_items_of_its_body_as_a_table_and_signs_once_at_the_end() {
        let body = "Dear {customer_name},\n\nThese were overdue on {as_of}:\n\n{items}\n\n\
                    Please pay by {pay_by}.\n\nKind regards,\n\n{company_name}\nAccounts \
                    Receivable";
        assert_eq!(
            letter_sections(body),
            LetterSections {
                before_items: "Dear {customer_name},\n\nThese were overdue on {as_of}:",
                after_items: "Please pay by {pay_by}.",
                closing: "Kind regards,",
                signed: "{company_name}\nAccounts Receivable",
            }
        );
        // Every shipped letter and email has its list of items and its sign-off found; a call
        // script has no sign-off.
        for name in SHIPPED_TEMPLATES {
            for language in Language::ALL {
                let text = shipped(name, language).expect("shipped").body;
                let sections = letter_sections(text);
                assert!(
                    !sections.before_items.contains("{items}"),
                    "{name} {language:?}"
                );
                assert!(
                    !sections.after_items.contains("{items}"),
                    "{name} {language:?}"
                );
                let signs = name != "phone_call";
                assert_eq!(!sections.closing.is_empty(), signs, "{name} {language:?}");
                if signs {
                    assert!(
                        sections.signed.contains("{company_name}"),
                        "{name} {language:?}"
                    );
                }
            }
        }
        let chinese = letter_sections(
            shipped("formal_demand", Language::SimplifiedChinese)
                .unwrap()
                .body,
        );
        assert_eq!(chinese.closing, "此致\n敬礼");
        assert_eq!(chinese.signed, "{company_name}");
    }

    #[test]
    fn a_body_without_a_list_or_a_closing_is_printed_as_written() {
        let plain = "Dear {customer_name},\n\nPlease pay {total} {currency}.\n\n";
        assert_eq!(
            letter_sections(plain),
            LetterSections {
                before_items: "Dear {customer_name},\n\nPlease pay {total} {currency}.",
                after_items: "",
                closing: "",
                signed: "",
            }
        );
        // Items named inside a sentence stay in it; a closing followed by a long text is not a
        // sign-off; a brace written as {{items}} is text.
        let inline = "Overdue: {items}.\n\nThanks,\n\nOne\nTwo\nThree\nFour\nFive";
        let sections = letter_sections(inline);
        assert_eq!((sections.after_items, sections.closing), ("", ""));
        assert_eq!(sections.before_items, inline);
        let escaped = "Dear all,\n\n{{items}}\n\nRegards,\n\nAcme";
        assert_eq!(
            letter_sections(escaped).before_items,
            "Dear all,\n\n{{items}}"
        );
    }

    #[test]
    fn the_shipped_demands_say_what_fixed_compensation_they_claim() {
        let values = TemplateValues {
            claimed_total: "1,000.00".to_string(),
            interest_total: "9.47".to_string(),
            fee: "0.00".to_string(),
            compensation: "40.00".to_string(),
            total: "1,049.47".to_string(),
            currency: "EUR".to_string(),
            ..TemplateValues::default()
        };
        for name in ["formal_demand", "handover"] {
            let english = fill(shipped(name, Language::English).unwrap().body, &values).unwrap();
            assert!(
                english.contains(
                    "Dunning fee: 0.00 EUR\nFixed compensation for recovery costs: 40.00 EUR\n\
                     Total now due: 1,049.47 EUR"
                ),
                "{english}"
            );
            let chinese = shipped(name, Language::SimplifiedChinese).unwrap().body;
            let chinese = fill(chinese, &values).unwrap();
            assert!(
                chinese.contains(
                    "催收费用：0.00 EUR\n法定固定补偿（追讨费用）：40.00 EUR\n现应付总额：1,049.47 EUR"
                ),
                "{chinese}"
            );
        }
    }

    #[test]
    fn braces_are_doubled_to_stand_for_themselves() {
        let values = TemplateValues {
            customer_name: "Pine".to_string(),
            ..TemplateValues::default()
        };
        assert_eq!(
            fill("{{not}} {customer_name}", &values).unwrap(),
            "{not} Pine"
        );
    }
}
