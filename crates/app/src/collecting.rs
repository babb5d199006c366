//! Setting collections up: the book's dunning policy and the customers' own, pauses, the texts
//! of letters and emails, and for each customer where letters go, in which language, and the
//! late-payment interest its invoices bear.
//!
//! A policy is refused with one sentence per problem the core finds (`DunningPolicy::problems`)
//! and per template it names that has no text in a language it names; a text is refused when
//! it names a placeholder the letters do not know (`creditdesk_core::dunning::templates`).

use chrono::NaiveDate;
use creditdesk_core::dunning::templates::{check, shipped, SHIPPED_TEMPLATES};
use creditdesk_core::dunning::{DunningPolicy, Pause, PauseScope, Preset};
use creditdesk_core::say;
use creditdesk_core::text::{Language, Word};
use creditdesk_store::{CustomerAddress, CustomerInterest, PauseEntry, StoredTemplate};
use serde::{Deserialize, Serialize};

use crate::documents::{printable, printable_lines};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, OpenBook};

/// Where a policy comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyChoice {
    Preset {
        preset: Preset,
    },
    /// The JSON of a `DunningPolicy`.
    Json {
        json: String,
    },
}

/// A policy and whose it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PolicyView {
    /// `None` for the book's policy.
    pub customer: Option<String>,
    pub policy: DunningPolicy,
    /// Whether it is the shipped preset "firm" because the book has none saved, or the book's
    /// because the customer has none of its own.
    pub inherited: bool,
    pub message: String,
}

/// A pause as a person enters it: for a customer or for one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PauseInput {
    pub customer: Option<String>,
    pub invoice: Option<String>,
    pub reason: String,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// A pause with whether it holds on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PauseLine {
    pub entry: PauseEntry,
    pub holds: bool,
    pub message: String,
}

/// A template's text in one language, the user's or the shipped one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateLine {
    pub name: String,
    pub language: Language,
    pub subject: String,
    pub body: String,
    /// The user's own text rather than the shipped one.
    pub edited: bool,
}

/// A customer's postal address and letter language as a person changes them; a field left
/// out keeps what the book holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AddressInput {
    pub customer: String,
    pub lines: Option<Vec<String>>,
    pub country: Option<String>,
    pub letter_language: Option<LetterLanguageChoice>,
}

/// The language a customer's letters are written in, as a person sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LetterLanguageChoice {
    /// The company's letter language, whichever it is when a letter is written.
    Company,
    /// This language, whatever the company's.
    Own(Language),
}

impl LetterLanguageChoice {
    /// The language the book keeps for the customer: `None` follows the company's.
    pub fn language(self) -> Option<Language> {
        match self {
            LetterLanguageChoice::Company => None,
            LetterLanguageChoice::Own(language) => Some(language),
        }
    }
}

fn policy_problems(book: &OpenBook, policy: &DunningPolicy) -> AppResult<Vec<String>> {
    let mut problems: Vec<String> = policy.problems().iter().map(|p| p.to_string()).collect();
    for (index, level) in policy.levels.iter().enumerate() {
        let number = index + 1;
        for template in &level.templates {
            let name = template.name.trim();
            if name.is_empty() {
                continue;
            }
            let language = template.language;
            let known = shipped(name, language).is_some()
                || book
                    .book
                    .letter_template(name, language)
                    .map_err(store_error)?
                    .is_some();
            if !known {
                let code = language.code();
                let flag = language_flag(language);
                problems.push(say!(
                    en: "Level {number} uses the template \"{name}\", which has no text in \
                         {code}; write one with `dunning template edit {name} --language {flag}`, \
                         or choose a shipped template.",
                    zh: "第 {number} 级使用的模板“{name}”没有 {code} 文本；请用 `dunning template \
                         edit {name} --language {flag}` 编写，或选择系统自带的模板。",
                ));
            }
        }
    }
    Ok(problems)
}

const POSTAL_ADDRESS: Word = Word::new("postal address", "邮寄地址");
const ADDRESS_COUNTRY: Word = Word::new("country of the postal address", "邮寄地址所在国家");

/// The `--language` value of the command line for a language.
pub(crate) fn language_flag(language: Language) -> &'static str {
    match language {
        Language::English => "en",
        Language::SimplifiedChinese => "zh",
    }
}

impl OpenBook {
    /// The book's dunning policy (`customer` `None`) or the one that applies to a customer.
    pub fn dunning_policy(&self, customer: Option<&str>) -> AppResult<PolicyView> {
        let book_policy = self.book.dunning_policy().map_err(store_error)?;
        let Some(customer) = customer.map(str::trim) else {
            let inherited = book_policy.is_none();
            let policy = book_policy.unwrap_or_else(|| DunningPolicy::preset(Preset::Firm));
            let name = &policy.name;
            let message = if inherited {
                say!(
                    en: "The book uses the shipped policy \"{name}\".",
                    zh: "账簿使用系统自带的催收策略“{name}”。",
                )
            } else {
                say!(
                    en: "The book uses the policy \"{name}\".",
                    zh: "账簿使用催收策略“{name}”。",
                )
            };
            return Ok(PolicyView {
                customer: None,
                policy,
                inherited,
                message,
            });
        };
        let own = self
            .book
            .customer_dunning_policy(customer)
            .map_err(store_error)?;
        let inherited = own.is_none();
        let policy = own
            .or(book_policy)
            .unwrap_or_else(|| DunningPolicy::preset(Preset::Firm));
        let name = &policy.name;
        let message = if inherited {
            say!(
                en: "Customer {customer} follows the book's policy \"{name}\".",
                zh: "客户 {customer} 沿用账簿的催收策略“{name}”。",
            )
        } else {
            say!(
                en: "Customer {customer} has its own policy \"{name}\".",
                zh: "客户 {customer} 使用其专属的催收策略“{name}”。",
            )
        };
        Ok(PolicyView {
            customer: Some(customer.to_string()),
            policy,
            inherited,
            message,
        })
    }

    /// Sets the book's policy, or with `customer` the customer's own, from a preset or JSON;
    /// refused with a sentence per problem, nothing saved.
    pub fn set_dunning_policy(
        &mut self,
        customer: Option<&str>,
        choice: &PolicyChoice,
    ) -> AppResult<PolicyView> {
        let policy = match choice {
            PolicyChoice::Preset { preset } => DunningPolicy::preset(*preset),
            PolicyChoice::Json { json } => serde_json::from_str(json).map_err(|err| {
                AppError::invalid(say!(
                    en: "The policy file is not a dunning policy: {err}. Start from the JSON \
                         that `dunning policy --format json` prints and change it.",
                    zh: "该策略文件不是有效的催收策略：{err}。请以 `dunning policy --format json` \
                         输出的 JSON 为基础进行修改。",
                ))
            })?,
        };
        let problems = policy_problems(self, &policy)?;
        if !problems.is_empty() {
            return Err(AppError::invalid(problems.join("\n")));
        }
        let name = &policy.name;
        match customer.map(str::trim) {
            None => {
                self.book.set_dunning_policy(&policy).map_err(store_error)?;
                let mut view = self.dunning_policy(None)?;
                view.message = say!(
                    en: "The book now uses the policy \"{name}\".",
                    zh: "账簿现在使用催收策略“{name}”。",
                );
                Ok(view)
            }
            Some(customer) => {
                self.book
                    .set_customer_dunning_policy(customer, Some(&policy))
                    .map_err(store_error)?;
                let mut view = self.dunning_policy(Some(customer))?;
                view.message = say!(
                    en: "Customer {customer} now has its own policy \"{name}\".",
                    zh: "客户 {customer} 现在使用其专属的催收策略“{name}”。",
                );
                Ok(view)
            }
        }
    }

    /// Puts a customer back on the book's policy.
    pub fn clear_customer_policy(&mut self, customer: &str) -> AppResult<PolicyView> {
        let customer = customer.trim();
        self.book
            .set_customer_dunning_policy(customer, None)
            .map_err(store_error)?;
        self.dunning_policy(Some(customer))
    }

    /// Records a pause in chasing a customer or one invoice.
    pub fn add_pause(&mut self, input: &PauseInput) -> AppResult<PauseLine> {
        let scope = match (
            input
                .customer
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty()),
            input
                .invoice
                .as_deref()
                .map(str::trim)
                .filter(|i| !i.is_empty()),
        ) {
            (Some(customer), None) => {
                // Refused here already when the customer is unknown.
                self.book.recipient(customer).map_err(store_error)?;
                PauseScope::Customer {
                    customer_reference: customer.to_string(),
                }
            }
            (None, Some(invoice)) => PauseScope::Invoice {
                invoice_number: self.invoice(invoice)?.number,
            },
            _ => {
                return Err(AppError::invalid(say!(
                    en: "A pause is for one customer or for one invoice; give either the \
                         customer or the invoice.",
                    zh: "暂停只能针对一个客户或一张发票；请填写客户或发票之一。",
                )))
            }
        };
        let pause = Pause {
            scope,
            reason: input.reason.trim().to_string(),
            from: input.from,
            until: input.until,
        };
        if let Some(problem) = pause.problems().into_iter().next() {
            return Err(AppError::invalid(problem.to_string()));
        }
        let entry = self.book.add_pause(&pause).map_err(store_error)?;
        let mut line = pause_line(entry, input.from);
        let (id, until) = (line.entry.id, line.entry.pause.until);
        let what = scope_words(&line.entry.pause.scope);
        line.message = say!(
            en: "Recorded pause {id}: {what} is not chased from {} through {until}.",
            zh: "已登记暂停 {id}：{what}自 {} 起至 {until} 暂停催收。",
            input.from
        );
        Ok(line)
    }

    /// Lifts pause `id`: chasing resumes on `on`.
    pub fn lift_pause(&mut self, id: i64, on: NaiveDate) -> AppResult<PauseLine> {
        let existing = self
            .book
            .pauses()
            .map_err(store_error)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    say!(
                        en: "No pause with id {id} is in the book; list the pauses to find its id.",
                        zh: "账簿中没有编号为 {id} 的暂停；请列出暂停以查找其编号。",
                    ),
                )
            })?;
        if let Some(lifted) = existing.lifted_on {
            return Err(AppError::new(
                ErrorCode::Conflict,
                say!(
                    en: "Pause {id} was lifted on {lifted} already; nothing was changed.",
                    zh: "暂停 {id} 已于 {lifted} 解除；未作任何更改。",
                ),
            ));
        }
        let entry = self
            .book
            .lift_pause(id, on)
            .map_err(store_error)?
            .expect("the pause exists");
        let mut line = pause_line(entry, on);
        let what = scope_words(&line.entry.pause.scope);
        line.message = say!(
            en: "Lifted pause {id}: {what} is chased again from {on}.",
            zh: "已解除暂停 {id}：{what}自 {on} 起恢复催收。",
        );
        Ok(line)
    }

    /// Every pause with whether it holds on `as_of`, the latest start first.
    pub fn pauses(&self, as_of: NaiveDate) -> AppResult<Vec<PauseLine>> {
        Ok(self
            .book
            .pauses()
            .map_err(store_error)?
            .into_iter()
            .map(|entry| pause_line(entry, as_of))
            .collect())
    }

    /// Every template a policy may name, in both languages: the shipped names first, then
    /// the user's own names; each with the user's text when there is one.
    pub fn letter_templates(&self) -> AppResult<Vec<TemplateLine>> {
        let stored = self.book.letter_templates().map_err(store_error)?;
        let mut names: Vec<String> = SHIPPED_TEMPLATES.iter().map(|n| n.to_string()).collect();
        for template in &stored {
            if !names.contains(&template.name) {
                names.push(template.name.clone());
            }
        }
        let mut lines = Vec::new();
        for name in names {
            for language in Language::ALL {
                if let Some(line) = template_line(&stored, &name, language) {
                    lines.push(line);
                }
            }
        }
        Ok(lines)
    }

    /// The text of template `name` in `language`: the user's, else the shipped one.
    pub fn letter_template(&self, name: &str, language: Language) -> AppResult<TemplateLine> {
        let name = name.trim();
        let stored = self
            .book
            .letter_template(name, language)
            .map_err(store_error)?;
        template_line(stored.as_slice(), name, language).ok_or_else(|| {
            let (code, flag) = (language.code(), language_flag(language));
            AppError::new(
                ErrorCode::NotFound,
                say!(
                    en: "The template \"{name}\" has no text in {code}; write one with \
                         `dunning template edit {name} --language {flag}`.",
                    zh: "模板“{name}”没有 {code} 文本；请用 `dunning template edit {name} \
                         --language {flag}` 编写。",
                ),
            )
        })
    }

    /// Saves the user's text of template `name` in `language`; refused when the subject or
    /// the body is empty or names a placeholder the letters do not know.
    pub fn save_letter_template(
        &mut self,
        name: &str,
        language: Language,
        subject: &str,
        body: &str,
    ) -> AppResult<TemplateLine> {
        let name = name.trim();
        let valid_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid_name {
            return Err(AppError::invalid(say!(
                en: "The template name \"{name}\" is not accepted; use lower-case letters, digits \
                     and underscores, such as \"final_reminder\".",
                zh: "模板名称“{name}”不可接受；请使用小写字母、数字和下划线，例如 \
                     “final_reminder”。",
            )));
        }
        for (text, field) in [
            (subject, creditdesk_core::text::Word::new("subject", "主题")),
            (body, creditdesk_core::text::Word::new("body", "正文")),
        ] {
            if text.trim().is_empty() {
                return Err(AppError::invalid(say!(
                    en: "The {field} of the template is empty; write the text the letters use.",
                    zh: "模板的{field}为空；请填写信函使用的文本。",
                )));
            }
            check(text).map_err(|err| {
                AppError::invalid(say!(
                    en: "The {field} is not saved. {err}",
                    zh: "{field}未保存。{err}",
                ))
            })?;
            // Letters print the text: refused now rather than when a letter is printed.
            printable_lines(field, text.split('\n')).map_err(|err| {
                AppError::invalid(say!(
                    en: "The {field} is not saved. {}",
                    zh: "{field}未保存。{}",
                    err.message
                ))
            })?;
        }
        let template = StoredTemplate {
            name: name.to_string(),
            language,
            subject: subject.trim().to_string(),
            body: body.trim_end().to_string(),
        };
        self.book
            .save_letter_template(&template)
            .map_err(store_error)?;
        self.letter_template(name, language)
    }

    /// Removes the user's text of template `name` in `language`; answers what applies now.
    pub fn reset_letter_template(&mut self, name: &str, language: Language) -> AppResult<String> {
        let name = name.trim();
        let removed = self
            .book
            .reset_letter_template(name, language)
            .map_err(store_error)?;
        let code = language.code();
        let shipped = shipped(name, language).is_some();
        Ok(match (removed, shipped) {
            (true, true) => say!(
                en: "The template \"{name}\" in {code} is the shipped text again.",
                zh: "模板“{name}”的 {code} 文本已恢复为系统自带文本。",
            ),
            (true, false) => say!(
                en: "Removed the template \"{name}\" in {code}; a policy that names it can no \
                     longer be executed in {code}.",
                zh: "已删除模板“{name}”的 {code} 文本；使用该模板的催收策略将无法以 {code} \
                     执行。",
            ),
            (false, _) => say!(
                en: "The template \"{name}\" in {code} has no text of yours; nothing was changed.",
                zh: "模板“{name}”的 {code} 文本并无您编写的内容；未作任何更改。",
            ),
        })
    }

    /// The customer's postal address and letter language.
    pub fn customer_address(&self, customer: &str) -> AppResult<CustomerAddress> {
        self.book
            .customer_address(customer.trim())
            .map_err(store_error)
    }

    /// Changes the given fields of a customer's postal address and letter language.
    pub fn set_customer_address(&mut self, input: &AddressInput) -> AppResult<String> {
        let customer = input.customer.trim();
        let mut address = self.customer_address(customer)?;
        if let Some(lines) = &input.lines {
            address.lines = lines
                .iter()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            // Letters print the address: refused now rather than when a letter is printed.
            printable_lines(POSTAL_ADDRESS, address.lines.iter().map(String::as_str))?;
        }
        if let Some(country) = &input.country {
            let country = country.trim().to_uppercase();
            printable(ADDRESS_COUNTRY, &country)?;
            address.country = (!country.is_empty()).then_some(country);
        }
        if let Some(choice) = input.letter_language {
            address.letter_language = choice.language();
        }
        let changed = self
            .book
            .set_customer_address(customer, &address)
            .map_err(store_error)?;
        Ok(if changed {
            say!(
                en: "Saved the postal address and letter language of customer {customer}.",
                zh: "已保存客户 {customer} 的邮寄地址和信函语言。",
            )
        } else {
            say!(
                en: "Customer {customer} already has this address and letter language; nothing \
                     was changed.",
                zh: "客户 {customer} 的地址和信函语言与填写的一致；未作任何更改。",
            )
        })
    }

    /// The late-payment interest the customer's invoices bear; `None` for none.
    pub fn customer_interest(&self, customer: &str) -> AppResult<Option<CustomerInterest>> {
        self.book
            .customer_interest(customer.trim())
            .map_err(store_error)
    }

    /// Sets (or with `None` removes) the interest a customer's invoices bear; a rate the
    /// interest rules refuse is refused.
    pub fn set_customer_interest(
        &mut self,
        customer: &str,
        interest: Option<CustomerInterest>,
    ) -> AppResult<String> {
        let customer = customer.trim();
        if let Some(interest) = &interest {
            // The rates are checked whatever the invoice; any contract date will do.
            let any_day = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
            interest
                .terms(any_day)
                .check()
                .map_err(|e| AppError::invalid(e.to_string()))?;
        }
        self.book
            .set_customer_interest(customer, interest.as_ref())
            .map_err(store_error)?;
        Ok(match interest {
            None => say!(
                en: "The invoices of customer {customer} bear no late-payment interest.",
                zh: "客户 {customer} 的发票不计逾期利息。",
            ),
            Some(interest) => {
                let rule = interest_words(&interest);
                say!(
                    en: "The invoices of customer {customer} bear late-payment interest: {rule}.",
                    zh: "客户 {customer} 的发票按以下规则计算逾期利息：{rule}。",
                )
            }
        })
    }
}

/// A customer's interest terms in words.
pub fn interest_words(interest: &CustomerInterest) -> String {
    match interest {
        CustomerInterest::Annual { percent, .. } => say!(
            en: "{percent} % a year as agreed",
            zh: "约定年利率 {percent}%",
        ),
        CustomerInterest::Daily { percent } => say!(
            en: "{percent} % a day as agreed",
            zh: "约定日利率 {percent}%",
        ),
        CustomerInterest::EuDirective { margin_points } => say!(
            en: "the ECB reference rate plus {margin_points} points (EU Directive 2011/7/EU)",
            zh: "欧洲央行参考利率加 {margin_points} 个百分点（欧盟第 2011/7/EU 号指令）",
        ),
        CustomerInterest::UkLatePayment => say!(
            en: "Bank Rate plus 8 points (UK Late Payment Act 1998)",
            zh: "英格兰银行基准利率加 8 个百分点（英国 1998 年《逾期付款法》）",
        ),
        CustomerInterest::GermanyBgb288 { consumer: false } => say!(
            en: "the base rate plus 9 points (BGB §288)",
            zh: "基准利率加 9 个百分点（德国民法典第 288 条）",
        ),
        CustomerInterest::GermanyBgb288 { consumer: true } => say!(
            en: "the base rate plus 5 points (BGB §288, consumer)",
            zh: "基准利率加 5 个百分点（德国民法典第 288 条，消费者）",
        ),
        CustomerInterest::ChinaSme => say!(
            en: "0.05 % a day (Regulations on Ensuring Payments to SMEs)",
            zh: "每日 0.05%（《保障中小企业款项支付条例》）",
        ),
    }
}

fn scope_words(scope: &PauseScope) -> String {
    match scope {
        PauseScope::Customer { customer_reference } => say!(
            en: "customer {customer_reference}",
            zh: "客户 {customer_reference} ",
        ),
        PauseScope::Invoice { invoice_number } => say!(
            en: "invoice {invoice_number}",
            zh: "发票 {invoice_number} ",
        ),
    }
}

fn pause_line(entry: PauseEntry, as_of: NaiveDate) -> PauseLine {
    let effective = entry.effective();
    let holds = effective.holds_on(as_of);
    let what = scope_words(&entry.pause.scope);
    let (id, from, until, reason) = (
        entry.id,
        entry.pause.from,
        entry.pause.until,
        &entry.pause.reason,
    );
    let message = match entry.lifted_on {
        Some(lifted) => say!(
            en: "Pause {id} holds back {what} from {from} through {until}, lifted on {lifted}: \
                 {reason}.",
            zh: "暂停 {id}：{what}自 {from} 起暂停至 {until}，已于 {lifted} 解除：{reason}。",
        ),
        None => say!(
            en: "Pause {id} holds back {what} from {from} through {until}: {reason}.",
            zh: "暂停 {id}：{what}自 {from} 起暂停至 {until}：{reason}。",
        ),
    };
    PauseLine {
        entry,
        holds,
        message,
    }
}

fn template_line(
    stored: &[StoredTemplate],
    name: &str,
    language: Language,
) -> Option<TemplateLine> {
    if let Some(own) = stored
        .iter()
        .find(|t| t.name == name && t.language == language)
    {
        return Some(TemplateLine {
            name: name.to_string(),
            language,
            subject: own.subject.clone(),
            body: own.body.clone(),
            edited: true,
        });
    }
    shipped(name, language).map(|text| TemplateLine {
        name: name.to_string(),
        language,
        subject: text.subject.to_string(),
        body: text.body.to_string(),
        edited: false,
    })
}
