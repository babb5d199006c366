//! Dunning runs as a person works them: propose for an as-of date, review what is proposed and
//! what is left out and why, approve all or some communications, then execute.
//!
//! The proposal is the core's (`creditdesk_core::dunning::propose`) over what the book holds on
//! the as-of date, with the promises and payment plans judged by their own rules; it is saved
//! as a run, and a new proposal for the same date replaces a run not yet executed.
//!
//! Executing writes everything in one transaction (see the store's `dunning/execute.rs`):
//! - each approved communication with its reference `D-<year>-<id>` and the letter as sent
//!   (sender, recipient, date, subject and body filled from the template of the customer's
//!   letter language, or the company's);
//! - a reminder email is queued in the outbox; a customer without an email address, or who
//!   prefers paper, gets a printed letter instead, and the report says so;
//! - a phone level creates a phone task due on the day of execution;
//! - the level's fee is charged once, on the invoice due first; interest is claimed per
//!   instalment, each from its own due date, and an invoice is charged what its instalments'
//!   latest claims add up to less what was charged on it before, so that instalments claimed in
//!   different runs or at different levels are charged once each and none is missed;
//! - the level's consequences set the customer's credit status.
//!
//! Letters need a postal address: a run whose letters would go to a customer without one is
//! refused, nothing written, with the customers named. Executing a run a second time sends
//! nothing again.
//!
//! Letters need values the letter font can draw. One entered by hand is refused when it is
//! entered; one imported from another system (a customer's name in Japanese kanji, say) is
//! accepted by the import, and the run leaves that customer's letter or email out when it is
//! proposed, as a problem of the customer's, rather than failing when it is executed.
//!
//! Every letter and email is printed as a PDF at execution and kept with the communication
//! (an email's attachment is that PDF); the customer's timeline shows the communications, the
//! calls made and the charges settled.
//!
//! The fixed compensation of the late-payment laws (EUR 40 per invoice under the EU directive
//! and BGB §288, GBP 40 / 70 / 100 under the UK act) is claimed with the interest, and charged
//! once per invoice.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use creditdesk_core::dunning::run::PrintedValue;
use creditdesk_core::dunning::templates::{fill, letter_sections, pay_by, shipped};
use creditdesk_core::dunning::{
    propose, AllocationTask, Charge, ChargeKind, Communication, Consequence, ContactChannel,
    DunningProposal, LeftOut, LetterFacts, PlanHold, PromiseHold, RunInput, RunProblem,
    TemplateValues,
};
use creditdesk_core::interest::RateTables;
use creditdesk_core::ledger::Channel;
use creditdesk_core::plans::PlanState;
use creditdesk_core::text::{Language, Word};
use creditdesk_core::{say, Money};
use creditdesk_store::{
    CommunicationRecord, CommunicationState, ConsequenceApplied, DunningRunRecord,
    ExecutedCommunication, Execution, NewMail, Recipient, RunState, RunSummary,
};
use serde::{Deserialize, Serialize};

use crate::charging::money_error;
use crate::collecting::language_flag;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::{store_error, OpenBook};

/// An item left out, with the sentence saying why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeftOutLine {
    pub left_out: LeftOut,
    pub message: String,
}

/// Unapplied money to allocate before a customer is chased, with its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskLine {
    pub task: AllocationTask,
    pub message: String,
}

/// Something the run could not work out, with its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemLine {
    pub problem: RunProblem,
    pub message: String,
}

/// A run for review: its communications, what it left out and why, and what to allocate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningRunView {
    pub id: i64,
    pub as_of: NaiveDate,
    pub proposed_at: String,
    pub state: RunState,
    pub executed_on: Option<NaiveDate>,
    /// By customer, currency, level.
    pub communications: Vec<CommunicationRecord>,
    /// By customer, due date, invoice, instalment.
    pub left_out: Vec<LeftOutLine>,
    pub allocation_tasks: Vec<TaskLine>,
    pub problems: Vec<ProblemLine>,
    pub message: String,
}

/// What approving did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ApprovalAnswer {
    pub run_id: i64,
    /// The communications approved now, in id order.
    pub approved: Vec<i64>,
    pub message: String,
}

/// One communication executed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExecutedLine {
    pub communication_id: i64,
    pub customer_reference: String,
    pub reference: String,
    pub level: u8,
    pub sent_by: ContactChannel,
    pub total: Money,
    pub message: String,
}

/// A consequence applied, with its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsequenceLine {
    pub applied: ConsequenceApplied,
    pub message: String,
}

/// What executing a run did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExecutionReport {
    pub run_id: i64,
    pub executed: Vec<ExecutedLine>,
    /// Communications not approved, now skipped.
    pub skipped: Vec<i64>,
    pub consequences: Vec<ConsequenceLine>,
    pub phone_tasks: Vec<i64>,
    pub outbox: Vec<i64>,
    pub message: String,
}

/// A letter, email or call script as it was sent: what the letters renderer prints and the
/// communications log shows, whatever the company details or templates say later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LetterSnapshot {
    pub language: Language,
    pub template: String,
    /// `D-2026-000123`.
    pub reference: String,
    /// The day it was sent (the run's execution).
    pub date: NaiveDate,
    /// The day its amounts are taken at.
    pub as_of: NaiveDate,
    pub pay_by: NaiveDate,
    /// The company's details as the letter showed them, without its logo.
    pub sender: creditdesk_letters::Sender,
    pub recipient: creditdesk_letters::Recipient,
    pub subject: String,
    /// The body as an email sends it, whole.
    pub body: String,
    /// The body as the printed letter cuts it; `None` in letters sent before letters were cut,
    /// which print the body whole.
    #[serde(default)]
    pub printed: Option<PrintedBody>,
    pub sent_by: ContactChannel,
    pub communication: Communication,
}

/// A body cut where a printed letter puts its table of items and its signature (see
/// [`letter_sections`]), each part filled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrintedBody {
    pub before_items: String,
    pub after_items: String,
    pub sign_off: Option<creditdesk_letters::SignOff>,
}

impl LetterSnapshot {
    /// The letter as the letters renderer takes it, on `letterhead`'s logo and signatory (the
    /// snapshot keeps the sender's details but not its logo). The paper is the one of the
    /// sender's country (see [`paper_of`]).
    pub fn printable(
        &self,
        letterhead: creditdesk_letters::Sender,
    ) -> creditdesk_letters::DunningLetter {
        creditdesk_letters::DunningLetter {
            language: self.language,
            paper: paper_of(self.sender.country.as_deref()),
            sender: creditdesk_letters::Sender {
                logo: letterhead.logo,
                signatory: letterhead.signatory,
                ..self.sender.clone()
            },
            recipient: self.recipient.clone(),
            date: self.date,
            reference: self.reference.clone(),
            subject: self.subject.clone(),
            body: self
                .printed
                .as_ref()
                .map_or_else(|| self.body.clone(), |p| p.before_items.clone()),
            after_items: self
                .printed
                .as_ref()
                .map(|p| p.after_items.clone())
                .unwrap_or_default(),
            sign_off: self.printed.as_ref().and_then(|p| p.sign_off.clone()),
            communication: self.communication.clone(),
        }
    }
}

/// The paper letters are printed on: US Letter for a company in a country that uses it (the
/// United States, Canada, Mexico, the Philippines, Chile, Colombia, Venezuela and a few
/// others in the Americas), A4 everywhere else and when the country is not set.
pub fn paper_of(country: Option<&str>) -> creditdesk_letters::PaperSize {
    const LETTER: [&str; 12] = [
        "US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "DO", "PR", "PA",
    ];
    const NAMES: [&str; 5] = [
        "United States",
        "United States of America",
        "USA",
        "Canada",
        "Mexico",
    ];
    match country.map(str::trim) {
        Some(code)
            if LETTER
                .iter()
                .chain(&NAMES)
                .any(|c| c.eq_ignore_ascii_case(code)) =>
        {
            creditdesk_letters::PaperSize::Letter
        }
        _ => creditdesk_letters::PaperSize::A4,
    }
}

fn not_found(id: i64) -> AppError {
    AppError::new(
        ErrorCode::NotFound,
        say!(
            en: "No dunning run with id {id} is in the book; list the runs with `dunning runs`.",
            zh: "账簿中没有编号为 {id} 的催收批次；请用 `dunning runs` 列出批次。",
        ),
    )
}

fn consequence_word(consequence: Consequence) -> Word {
    match consequence {
        Consequence::CreditHold => Word::new("credit hold", "暂停赊销"),
        Consequence::PrepaymentOnly => Word::new("prepayment only", "仅限预付"),
        Consequence::LegalCollection => Word::new("legal collection", "法律催收"),
    }
}

fn view(run: DunningRunRecord, message: String) -> DunningRunView {
    DunningRunView {
        id: run.id,
        as_of: run.as_of,
        proposed_at: run.proposed_at,
        state: run.state,
        executed_on: run.executed_on,
        communications: run.communications,
        left_out: run
            .left_out
            .into_iter()
            .map(|left_out| LeftOutLine {
                message: left_out.sentence(),
                left_out,
            })
            .collect(),
        allocation_tasks: run
            .allocation_tasks
            .into_iter()
            .map(|task| TaskLine {
                message: task.sentence(),
                task,
            })
            .collect(),
        problems: run
            .problems
            .into_iter()
            .map(|problem| ProblemLine {
                message: problem.to_string(),
                problem,
            })
            .collect(),
        message,
    }
}

impl OpenBook {
    /// What a run for `as_of` would propose, without saving it: the book read in one pass
    /// and the core's proposal over it.
    pub fn preview_dunning(&self, as_of: NaiveDate) -> AppResult<DunningProposal> {
        let mut book = self.book.dunning_book(as_of).map_err(store_error)?;
        // The parts below are ranges of customers by reference, so the items must be in that
        // order (a book whose customer ids follow their references already is).
        if !book
            .items
            .is_sorted_by(|a, b| a.customer_reference <= b.customer_reference)
        {
            book.items
                .sort_by(|a, b| a.customer_reference.cmp(&b.customer_reference));
        }
        let promises: Vec<PromiseHold> = self
            .promises(as_of)?
            .into_iter()
            .map(|line| PromiseHold {
                customer_reference: line.promise.customer_reference,
                invoice_numbers: line.promise.invoice_numbers,
                state: line.standing.state,
                promised_on: line.promise.promised_on,
                resume_at_level: line.standing.resume_at_level,
            })
            .collect();
        let plans: Vec<PlanHold> = self
            .plans(as_of)?
            .into_iter()
            .filter(|line| matches!(line.standing.state, PlanState::OnTrack | PlanState::Behind))
            .map(|line| PlanHold {
                customer_reference: line.plan.customer_reference,
                invoice_numbers: vec![line.reference],
            })
            .collect();
        let rates = self.rate_tables()?;
        let mut proposal = propose_in_parts(book, &promises, &plans, &rates);
        self.leave_out_unprintable(&mut proposal)?;
        Ok(proposal)
    }

    /// Takes out of `proposal` each letter or email (which carries the letter as a PDF) that
    /// could not be printed, because a value of its customer's (name, reference, postal address
    /// or an invoice number, as imported from another system) holds a character the letter
    /// font cannot draw; each becomes a problem of its customer, so that the run says so now and
    /// the rest of it can still be executed. Calls print nothing and stay.
    fn leave_out_unprintable(&self, proposal: &mut DunningProposal) -> AppResult<()> {
        // Printable ASCII is always printable: only the other customers are read and checked.
        let beyond_ascii = self.book.customers_beyond_ascii().map_err(store_error)?;
        let mut customers: HashMap<String, Option<(PrintedValue, String, char)>> = HashMap::new();
        let mut kept = Vec::with_capacity(proposal.communications.len());
        for communication in std::mem::take(&mut proposal.communications) {
            if communication.channel == ContactChannel::PhoneTask {
                kept.push(communication);
                continue;
            }
            let customer = &communication.customer_reference;
            let found = match customers.get(customer) {
                Some(found) => found.clone(),
                None if !beyond_ascii.contains(customer) => None,
                None => {
                    let recipient = self.book.recipient(customer).map_err(store_error)?;
                    let found = unprintable_recipient(&recipient);
                    customers.insert(customer.clone(), found.clone());
                    found
                }
            };
            let found = found.or_else(|| {
                communication.items.iter().find_map(|item| {
                    let number = &item.invoice_number;
                    if number.bytes().all(|b| (b' '..=b'~').contains(&b)) {
                        return None;
                    }
                    creditdesk_letters::first_unprintable(number)
                        .map(|(_, c)| (PrintedValue::InvoiceNumber, number.clone(), c))
                })
            });
            match found {
                None => kept.push(communication),
                Some((value, text, character)) => proposal.problems.push(RunProblem::Unprintable {
                    customer_reference: customer.clone(),
                    level: communication.level,
                    value,
                    text,
                    character,
                }),
            }
        }
        proposal.communications = kept;
        Ok(())
    }

    /// Proposes the communications of a run for `as_of` and saves the run; answers it with
    /// the ids to approve by.
    ///
    /// Payment plans missed beyond their grace period by `as_of` are recorded broken first
    /// (as `plans --enforce` does): their remaining balance falls due at once and is chased.
    pub fn propose_dunning(&mut self, as_of: NaiveDate) -> AppResult<DunningRunView> {
        let broken = self.enforce_plans(as_of)?;
        let proposal = self.preview_dunning(as_of)?;
        let run = self.book.save_dunning_run(&proposal).map_err(store_error)?;
        let (id, communications) = (run.id, run.communications.len());
        let (left_out, tasks) = (run.left_out.len(), run.allocation_tasks.len());
        let mut message = say!(
            en: "Proposed run {id} for {as_of} with {communications} communication(s); \
                 {left_out} item(s) left out, {tasks} allocation task(s).",
            zh: "已生成 {as_of} 的催收批次 {id}：{communications} 项催收；{left_out} 笔款项未纳入，\
                 {tasks} 项核销任务。",
        );
        if !broken.is_empty() {
            let plans = broken
                .iter()
                .map(|p| p.reference.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            message.push(' ');
            message.push_str(&say!(
                en: "Payment plan(s) {plans} were missed beyond their grace period and are \
                     recorded broken: their balance is due at once.",
                zh: "还款计划 {plans} 已超过宽限期未付，已登记为违约：其余额立即到期。",
            ));
        }
        Ok(view(run, message))
    }

    /// Run `id` for review.
    pub fn dunning_run(&self, id: i64) -> AppResult<DunningRunView> {
        let run = self
            .book
            .dunning_run(id)
            .map_err(store_error)?
            .ok_or_else(|| not_found(id))?;
        let (as_of, state) = (run.as_of, run.state);
        let message = match state {
            RunState::Proposed => say!(
                en: "Run {id} for {as_of} is waiting for approval.",
                zh: "{as_of} 的催收批次 {id} 正等待批准。",
            ),
            RunState::Executed => {
                let on = run.executed_on.unwrap_or(as_of);
                say!(
                    en: "Run {id} for {as_of} was executed on {on}.",
                    zh: "{as_of} 的催收批次 {id} 已于 {on} 执行。",
                )
            }
            RunState::Superseded => say!(
                en: "Run {id} for {as_of} was replaced by a later run for the same date.",
                zh: "{as_of} 的催收批次 {id} 已被同日较新的批次取代。",
            ),
        };
        Ok(view(run, message))
    }

    /// Every run, the newest first.
    pub fn dunning_runs(&self) -> AppResult<Vec<RunSummary>> {
        self.book.dunning_runs().map_err(store_error)
    }

    /// Approves the communications of run `id` given (`None`: all); with a list, the others go
    /// back to proposed, so that approving is also how an approval is taken back.
    pub fn approve_dunning(
        &mut self,
        id: i64,
        communications: Option<&[i64]>,
    ) -> AppResult<ApprovalAnswer> {
        let run = self.open_run(id)?;
        if let Some(ids) = communications {
            if let Some(unknown) = ids
                .iter()
                .find(|c| !run.communications.iter().any(|r| r.id == **c))
            {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    say!(
                        en: "Communication {unknown} is not in run {id}; show the run with \
                             `dunning run {id}` to see its communications.",
                        zh: "催收批次 {id} 中没有第 {unknown} 项催收；请用 `dunning run {id}` \
                             查看该批次的催收项。",
                    ),
                ));
            }
            let others: Vec<i64> = run
                .communications
                .iter()
                .map(|c| c.id)
                .filter(|c| !ids.contains(c))
                .collect();
            self.book
                .set_communication_states(
                    id,
                    Some(&others),
                    &[CommunicationState::Approved],
                    CommunicationState::Proposed,
                )
                .map_err(store_error)?;
        }
        let approved = self
            .book
            .set_communication_states(
                id,
                communications,
                &[CommunicationState::Proposed],
                CommunicationState::Approved,
            )
            .map_err(store_error)?;
        let count = self
            .book
            .dunning_run(id)
            .map_err(store_error)?
            .map_or(0, |run| {
                run.communications
                    .iter()
                    .filter(|c| c.state == CommunicationState::Approved)
                    .count()
            });
        let message = say!(
            en: "{count} communication(s) of run {id} are approved; execute the run with \
                 `dunning execute {id}`.",
            zh: "催收批次 {id} 中已批准 {count} 项催收；请用 `dunning execute {id}` 执行该批次。",
        );
        Ok(ApprovalAnswer {
            run_id: id,
            approved,
            message,
        })
    }

    /// Run `id`, refused unless it is still open to approval.
    fn open_run(&self, id: i64) -> AppResult<DunningRunRecord> {
        let run = self
            .book
            .dunning_run(id)
            .map_err(store_error)?
            .ok_or_else(|| not_found(id))?;
        let as_of = run.as_of;
        match run.state {
            RunState::Proposed => {
                // A run proposed before another that was executed since would send again what
                // the later one sent, dated in the past: it is out of date.
                let later = self
                    .book
                    .dunning_runs()
                    .map_err(store_error)?
                    .into_iter()
                    .find(|r| r.id > id && r.state == RunState::Executed);
                match later {
                    None => Ok(run),
                    Some(later) => {
                        let (newer, on) = (later.id, later.as_of);
                        Err(AppError::new(
                            ErrorCode::Conflict,
                            say!(
                                en: "Run {id} is out of date: run {newer}, proposed after it for \
                                     {on}, was executed already. Propose a new run to chase what \
                                     is still open; nothing was sent.",
                                zh: "催收批次 {id} 已过时：在其之后生成的 {on} 批次 {newer} 已执行。\
                                     请生成新的批次以催收仍未结清的款项；未发送任何内容。",
                            ),
                        ))
                    }
                }
            }
            RunState::Executed => {
                let on = run.executed_on.unwrap_or(as_of);
                Err(AppError::new(
                    ErrorCode::Conflict,
                    say!(
                        en: "Run {id} was executed on {on}; its communications can no longer be \
                             approved. Propose a new run to chase what is still open.",
                        zh: "催收批次 {id} 已于 {on} 执行，其催收项不能再批准。请生成新的批次以催收\
                             仍未结清的款项。",
                    ),
                ))
            }
            RunState::Superseded => {
                let newest = self
                    .book
                    .newest_dunning_run(as_of)
                    .map_err(store_error)?
                    .unwrap_or(id);
                Err(AppError::new(
                    ErrorCode::Conflict,
                    say!(
                        en: "Run {id} was replaced by run {newest}, proposed later for the same \
                             date {as_of}; review and approve run {newest} instead.",
                        zh: "催收批次 {id} 已被同日（{as_of}）较新的批次 {newest} 取代；请改为审核并\
                             批准批次 {newest}。",
                    ),
                ))
            }
        }
    }

    /// Executes the approved communications of run `id` on `today`: see the module
    /// documentation.
    pub fn execute_dunning(&mut self, id: i64, today: NaiveDate) -> AppResult<ExecutionReport> {
        let run = self
            .book
            .dunning_run(id)
            .map_err(store_error)?
            .ok_or_else(|| not_found(id))?;
        if run.state == RunState::Executed {
            let on = run.executed_on.unwrap_or(run.as_of);
            return Ok(ExecutionReport {
                run_id: id,
                executed: Vec::new(),
                skipped: Vec::new(),
                consequences: Vec::new(),
                phone_tasks: Vec::new(),
                outbox: Vec::new(),
                message: say!(
                    en: "Run {id} was executed on {on} already; nothing was sent again.",
                    zh: "催收批次 {id} 已于 {on} 执行；未重复发送任何内容。",
                ),
            });
        }
        let run = self.open_run(id)?;
        let as_of = run.as_of;
        if today < as_of {
            return Err(AppError::invalid(say!(
                en: "Run {id} is for {as_of}; it cannot be executed on {today}, before that day. \
                     Execute it on or after {as_of}.",
                zh: "催收批次 {id} 的基准日为 {as_of}，不能在此之前的 {today} 执行；请在 {as_of} \
                     当日或之后执行。",
            )));
        }
        let approved: Vec<&CommunicationRecord> = run
            .communications
            .iter()
            .filter(|c| c.state == CommunicationState::Approved)
            .collect();
        if approved.is_empty() {
            return Err(AppError::invalid(say!(
                en: "Run {id} has no approved communication; approve them with \
                     `dunning approve {id} --all` or `--communication ID`, then execute it.",
                zh: "催收批次 {id} 没有已批准的催收项；请先用 `dunning approve {id} --all` 或 \
                     `--communication ID` 批准，再执行。",
            )));
        }

        let company = self.company_settings()?;
        let (sender, _) = self.letter_sender()?;
        let mut letters = Letters {
            book: self,
            company: &company,
            sender,
            today,
            as_of,
            charged: HashMap::new(),
            claimed: BTreeMap::new(),
            read: HashSet::new(),
            compensated: Vec::new(),
            last_number: None,
        };
        let mut prepared = Vec::with_capacity(approved.len());
        let mut lines = Vec::with_capacity(approved.len());
        let mut without_address: Vec<String> = Vec::new();
        for record in approved {
            match letters.prepare(record)? {
                Prepared::Ready(ready) => {
                    let (sent, line) = *ready;
                    prepared.push(sent);
                    lines.push(line);
                }
                Prepared::NoAddress(customer) => {
                    if !without_address.contains(&customer) {
                        without_address.push(customer);
                    }
                }
            }
        }
        if !without_address.is_empty() {
            let customers = without_address.join(", ");
            let first = &without_address[0];
            return Err(AppError::invalid(say!(
                en: "Letters of run {id} would go to customers without a postal address: \
                     {customers}. Add one with `customer address {first} --line ...`, or approve \
                     only the other communications, then execute again; nothing was sent.",
                zh: "催收批次 {id} 的信函将寄给没有邮寄地址的客户：{customers}。请用 `customer \
                     address {first} --line ...` 添加地址，或只批准其他催收项，然后重新执行；未\
                     发送任何内容。",
            )));
        }

        let written = self
            .book
            .record_execution(&Execution {
                run_id: id,
                executed_on: today,
                communications: prepared,
            })
            .map_err(store_error)?;
        lines.retain(|line| written.executed.contains(&line.communication_id));
        let consequences = written
            .consequences
            .into_iter()
            .map(|applied| ConsequenceLine {
                message: consequence_sentence(&applied),
                applied,
            })
            .collect();
        let (sent, skipped) = (lines.len(), written.skipped.len());
        Ok(ExecutionReport {
            run_id: id,
            executed: lines,
            skipped: written.skipped,
            consequences,
            phone_tasks: written.phone_tasks,
            outbox: written.outbox,
            message: say!(
                en: "Executed run {id} for {as_of} on {today}: {sent} communication(s) sent, \
                     {skipped} not approved and skipped.",
                zh: "已于 {today} 执行 {as_of} 的催收批次 {id}：发送 {sent} 项催收，{skipped} 项\
                     未批准而跳过。",
            ),
        })
    }

    /// Executes the run of the as-of date `as_of` on `today`: the newest run proposed for that
    /// date, once approved. With `approve_all`, a run is proposed afresh (unless the date's
    /// run was executed already), all of it approved and executed in one step, for a book
    /// whose owner has chosen not to review each run. A date whose run was executed answers
    /// as executing a run twice does: nothing is sent again.
    pub fn execute_dunning_as_of(
        &mut self,
        as_of: NaiveDate,
        today: NaiveDate,
        approve_all: bool,
    ) -> AppResult<ExecutionReport> {
        let newest = self.book.newest_dunning_run(as_of).map_err(store_error)?;
        let executed = match newest {
            Some(id) => {
                let run = self.book.dunning_run(id).map_err(store_error)?;
                run.is_some_and(|run| run.state == RunState::Executed)
            }
            None => false,
        };
        let id = match newest {
            Some(id) if executed || !approve_all => id,
            _ if approve_all => {
                if today < as_of {
                    return Err(AppError::invalid(say!(
                        en: "A run for {as_of} cannot be executed on {today}, before that day. \
                             Execute it on or after {as_of}.",
                        zh: "{as_of} 的催收批次不能在此之前的 {today} 执行；请在 {as_of} 当日或之后\
                             执行。",
                    )));
                }
                let proposed = self.propose_dunning(as_of)?;
                let id = proposed.id;
                if proposed.communications.is_empty() {
                    return Ok(ExecutionReport {
                        run_id: id,
                        executed: Vec::new(),
                        skipped: Vec::new(),
                        consequences: Vec::new(),
                        phone_tasks: Vec::new(),
                        outbox: Vec::new(),
                        message: say!(
                            en: "Run {id} for {as_of} proposes no communication: nothing is due \
                                 to be chased, and nothing was sent.",
                            zh: "{as_of} 的催收批次 {id} 没有催收项：没有需要催收的款项，未发送任何\
                                 内容。",
                        ),
                    });
                }
                self.approve_dunning(id, None)?;
                id
            }
            _ => {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    say!(
                        en: "No dunning run was proposed for {as_of}. Propose one with `dunning \
                             propose --as-of {as_of}`, review and approve it, then execute it; \
                             or do all three at once with `dunning execute --as-of {as_of} \
                             --approve-all`.",
                        zh: "没有 {as_of} 的催收批次。请用 `dunning propose --as-of {as_of}` 生成，\
                             审核并批准后再执行；或用 `dunning execute --as-of {as_of} \
                             --approve-all` 一次完成这三步。",
                    ),
                ))
            }
        };
        self.execute_dunning(id, today)
    }

    /// The communications sent (to one customer with `customer`), the latest first: the
    /// customer's communication log.
    pub fn sent_communications(
        &self,
        customer: Option<&str>,
    ) -> AppResult<Vec<CommunicationRecord>> {
        self.book
            .sent_communications(customer.map(str::trim))
            .map_err(store_error)
    }
}

/// What preparing one communication gave.
enum Prepared {
    Ready(Box<(ExecutedCommunication, ExecutedLine)>),
    /// A letter to a customer without a postal address.
    NoAddress(String),
}

/// Writes the letters of one execution.
struct Letters<'b> {
    book: &'b OpenBook,
    company: &'b crate::CompanyDetails,
    /// The letterhead of every letter, logo included.
    sender: creditdesk_letters::Sender,
    today: NaiveDate,
    as_of: NaiveDate,
    /// Interest charged per invoice, before and during this execution.
    charged: HashMap<String, Money>,
    /// The highest interest claimed on each instalment (invoice number, instalment) by the
    /// communications executed before and by this execution, of the customers in `read`.
    claimed: BTreeMap<(String, u32), Money>,
    /// The customers whose executed communications are read into `claimed`.
    read: HashSet<String>,
    /// Invoices whose fixed compensation this execution charged.
    compensated: Vec<String>,
    /// The number of the last reference given in the execution's year, once read.
    last_number: Option<i64>,
}

impl Letters<'_> {
    /// `D-2026-000123`: the year of execution and the next number of that year, so that the
    /// communications sent in a year are numbered without gaps whatever runs were proposed and
    /// replaced before.
    fn next_reference(&mut self) -> AppResult<String> {
        let year = self.today.year();
        let last = match self.last_number {
            Some(last) => last,
            None => self
                .book
                .book
                .last_reference_number(year)
                .map_err(store_error)?,
        };
        self.last_number = Some(last + 1);
        Ok(format!("D-{year}-{:06}", last + 1))
    }

    fn prepare(&mut self, record: &CommunicationRecord) -> AppResult<Prepared> {
        let communication = &record.communication;
        let customer = &communication.customer_reference;
        let recipient = self.book.book.recipient(customer).map_err(store_error)?;
        let language = recipient
            .address
            .letter_language
            .unwrap_or(self.company.letter_language);

        let (sent_by, note) = self.channel(communication, &recipient);
        let needs_address = matches!(
            sent_by,
            ContactChannel::PrintedLetter | ContactChannel::Handover
        );
        if needs_address && recipient.address.lines.is_empty() {
            return Ok(Prepared::NoAddress(customer.clone()));
        }

        let template = communication
            .templates
            .iter()
            .find(|t| t.language == language)
            .or_else(|| communication.templates.first())
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let reference = self.next_reference()?;
        let (subject, body, printed) =
            self.texts(&template, language, communication, &recipient, &reference)?;
        let letter = LetterSnapshot {
            language,
            template: template.clone(),
            reference: reference.clone(),
            date: self.today,
            as_of: self.as_of,
            pay_by: pay_by(&template, self.as_of),
            sender: creditdesk_letters::Sender {
                logo: None,
                ..self.sender.clone()
            },
            recipient: creditdesk_letters::Recipient {
                name: recipient.name.clone(),
                reference: recipient.reference.clone(),
                address_lines: recipient.address.lines.clone(),
                country: recipient
                    .address
                    .country
                    .clone()
                    .or_else(|| recipient.country.clone()),
            },
            subject: subject.clone(),
            body: body.clone(),
            printed: Some(printed),
            sent_by,
            communication: communication.clone(),
        };
        // Every letter and email is printed now and kept as sent; a call needs none.
        let document = match sent_by {
            ContactChannel::PhoneTask => None,
            _ => Some(self.render(&letter)?),
        };
        let mail = (sent_by == ContactChannel::EmailReminder).then(|| NewMail {
            communication_id: Some(record.id),
            to: recipient.email.iter().cloned().collect(),
            cc: Vec::new(),
            subject: subject.clone(),
            body: body.clone(),
            // The communication's document, read when the message is sent.
            attachment: Some(creditdesk_store::MailAttachment {
                file_name: format!("{reference}.pdf"),
                content_type: "application/pdf".to_string(),
                bytes: None,
            }),
            message_id: format!("<{reference}@{}>", mail_domain(self.company)),
            next_attempt: unix_now(),
        });
        let charges = self.charges(communication)?;
        let line = executed_line(record, &recipient, &reference, sent_by, note.as_deref());
        Ok(Prepared::Ready(Box::new((
            ExecutedCommunication {
                id: record.id,
                reference,
                sent_by,
                note,
                letter: Some(serde_json::to_value(&letter).expect("plain data")),
                document,
                mail,
                phone_task_due: (sent_by == ContactChannel::PhoneTask).then_some(self.today),
                charges,
                consequences: communication.consequences.clone(),
            },
            line,
        ))))
    }

    /// The letter as a PDF on the company's letterhead.
    fn render(&self, letter: &LetterSnapshot) -> AppResult<Vec<u8>> {
        let customer = letter.recipient.reference.clone();
        creditdesk_letters::render_dunning_letter(&letter.printable(self.sender.clone())).map_err(
            |err| {
                AppError::invalid(say!(
                    en: "The letter to {customer} cannot be printed: {err} Nothing was sent.",
                    zh: "无法打印致 {customer} 的信函：{err} 未发送任何内容。",
                ))
            },
        )
    }

    /// The channel a communication goes by, and why when it is not its level's.
    fn channel(
        &self,
        communication: &Communication,
        recipient: &Recipient,
    ) -> (ContactChannel, Option<String>) {
        if communication.channel != ContactChannel::EmailReminder {
            return (communication.channel, None);
        }
        let customer = &recipient.reference;
        if recipient.email.is_none() {
            let note = say!(
                en: "Customer {customer} has no email address, so the reminder goes as a \
                     printed letter.",
                zh: "客户 {customer} 没有电子邮件地址，因此提醒改为纸质信函寄出。",
            );
            return (ContactChannel::PrintedLetter, Some(note));
        }
        if recipient.channel == Some(Channel::Paper) {
            let note = say!(
                en: "Customer {customer} prefers letters on paper, so the reminder goes as a \
                     printed letter.",
                zh: "客户 {customer} 希望收到纸质信函，因此提醒改为纸质信函寄出。",
            );
            return (ContactChannel::PrintedLetter, Some(note));
        }
        (ContactChannel::EmailReminder, None)
    }

    /// The subject and body of `template` in `language`, filled for `communication`, and the
    /// body as the printed letter cuts it.
    fn texts(
        &self,
        template: &str,
        language: Language,
        communication: &Communication,
        recipient: &Recipient,
        reference: &str,
    ) -> AppResult<(String, String, PrintedBody)> {
        let stored = self
            .book
            .book
            .letter_template(template, language)
            .map_err(store_error)?;
        let (subject, body) = match (&stored, shipped(template, language)) {
            (Some(own), _) => (own.subject.as_str(), own.body.as_str()),
            (None, Some(text)) => (text.subject, text.body),
            (None, None) => {
                let (code, flag) = (language.code(), language_flag(language));
                return Err(AppError::invalid(say!(
                    en: "The template \"{template}\" has no text in {code}; write one with \
                         `dunning template edit {template} --language {flag}`, then execute \
                         again. Nothing was sent.",
                    zh: "模板“{template}”没有 {code} 文本；请用 `dunning template edit \
                         {template} --language {flag}` 编写后重新执行。未发送任何内容。",
                )));
            }
        };
        let facts = LetterFacts {
            template,
            customer_name: &recipient.name,
            company_name: &self.company.legal_name,
            reference,
            as_of: self.as_of,
        };
        let values = TemplateValues::of_communication(communication, &facts, language);
        let filled = |text: &str| {
            fill(text, &values).map_err(|err| {
                let code = language.code();
                AppError::invalid(say!(
                    en: "The template \"{template}\" in {code} cannot be filled in: {err} \
                         Nothing was sent.",
                    zh: "模板“{template}”的 {code} 文本无法填写：{err} 未发送任何内容。",
                ))
            })
        };
        let whole = filled(body)?;
        let sections = letter_sections(body);
        let lines = |text: &str| -> AppResult<Vec<String>> {
            Ok(filled(text)?
                .lines()
                .map(|l| l.trim().to_string())
                .collect())
        };
        let sign_off = match sections.closing {
            "" => None,
            closing => Some(creditdesk_letters::SignOff {
                closing: lines(closing)?,
                signed: lines(sections.signed)?,
            }),
        };
        let printed = PrintedBody {
            before_items: filled(sections.before_items)?,
            after_items: filled(sections.after_items)?,
            sign_off,
        };
        Ok((filled(subject)?, whole, printed))
    }

    /// Reads the interest the customer's executed communications claimed on each instalment
    /// into `claimed`, once per execution.
    fn read_claims(&mut self, customer: &str) -> AppResult<()> {
        if !self.read.insert(customer.to_string()) {
            return Ok(());
        }
        let sent = self
            .book
            .book
            .sent_communications(Some(customer))
            .map_err(store_error)?;
        for record in sent {
            for item in record.communication.items {
                let Some(interest) = item.interest else {
                    continue;
                };
                self.raise_claim(item.invoice_number, item.seq, interest.interest);
            }
        }
        Ok(())
    }

    /// Keeps `interest` as the claim on the instalment when it is the highest seen for it.
    fn raise_claim(&mut self, invoice_number: String, seq: u32, interest: Money) {
        let highest = self
            .claimed
            .entry((invoice_number, seq))
            .or_insert(interest);
        if interest.amount() > highest.amount() {
            *highest = interest;
        }
    }

    /// The fee of the level, once, on the invoice due first; and per invoice the interest
    /// claimed that was not charged on it before (see the module documentation).
    fn charges(&mut self, communication: &Communication) -> AppResult<Vec<Charge>> {
        let mut charges = Vec::new();
        let level = Some(communication.level);
        if let (false, Some(first)) = (communication.fee.is_zero(), communication.items.first()) {
            charges.push(Charge {
                invoice_number: first.invoice_number.clone(),
                kind: ChargeKind::Fee,
                amount: communication.fee,
                charged_on: self.today,
                level,
            });
        }
        // Each instalment's claim runs from its own due date to the as-of date of the letter,
        // so its latest claim holds all that an earlier one did: an invoice owes the sum over
        // its instalments of each one's highest claim, whichever runs and levels claimed them.
        let customer = communication.customer_reference.as_str();
        let mut invoices: Vec<&str> = Vec::new();
        for item in &communication.items {
            let Some(interest) = &item.interest else {
                continue;
            };
            self.read_claims(customer)?;
            self.raise_claim(item.invoice_number.clone(), item.seq, interest.interest);
            if !invoices.contains(&item.invoice_number.as_str()) {
                invoices.push(&item.invoice_number);
            }
        }
        for invoice in invoices {
            let owed = self
                .claimed
                .range((invoice.to_string(), 0)..=(invoice.to_string(), u32::MAX))
                .try_fold(None::<Money>, |sum, (_, claim)| match sum {
                    None => Ok(Some(*claim)),
                    Some(sum) => sum.checked_add(*claim).map(Some),
                })
                .map_err(money_error)?
                .expect("the invoice has a claim");
            let before = match self.charged.get(invoice) {
                Some(before) => *before,
                None => self
                    .book
                    .book
                    .interest_charged(invoice, owed.currency())
                    .map_err(store_error)?,
            };
            let more = owed.checked_sub(before).map_err(money_error)?;
            if more.amount() > rust_decimal::Decimal::ZERO {
                charges.push(Charge {
                    invoice_number: invoice.to_string(),
                    kind: ChargeKind::Interest,
                    amount: more,
                    charged_on: self.today,
                    level,
                });
                self.charged.insert(invoice.to_string(), owed);
            } else {
                self.charged.insert(invoice.to_string(), before);
            }
        }
        // The law's fixed compensation, once per invoice, whatever the level that claimed it.
        for item in &communication.items {
            let Some(compensation) = item.compensation.filter(|c| !c.is_zero()) else {
                continue;
            };
            let number = &item.invoice_number;
            let already = self.compensated.contains(number)
                || self
                    .book
                    .book
                    .compensation_charged(number)
                    .map_err(store_error)?;
            if !already {
                charges.push(Charge {
                    invoice_number: number.clone(),
                    kind: ChargeKind::Compensation,
                    amount: compensation,
                    charged_on: self.today,
                    level,
                });
                self.compensated.push(number.clone());
            }
        }
        Ok(charges)
    }
}

/// The first value of `recipient`'s that a letter prints and the letter font cannot draw, with
/// the character.
fn unprintable_recipient(recipient: &Recipient) -> Option<(PrintedValue, String, char)> {
    let country = recipient
        .address
        .country
        .as_ref()
        .or(recipient.country.as_ref());
    let values = [
        (PrintedValue::CustomerName, Some(&recipient.name)),
        (PrintedValue::CustomerReference, Some(&recipient.reference)),
    ]
    .into_iter()
    .chain(
        recipient
            .address
            .lines
            .iter()
            .map(|line| (PrintedValue::PostalAddress, Some(line))),
    )
    .chain([(PrintedValue::Country, country)]);
    values.into_iter().find_map(|(value, text)| {
        let text = text?;
        creditdesk_letters::first_unprintable(text).map(|(_, c)| (value, text.clone(), c))
    })
}

fn executed_line(
    record: &CommunicationRecord,
    recipient: &Recipient,
    reference: &str,
    sent_by: ContactChannel,
    note: Option<&str>,
) -> ExecutedLine {
    let communication = &record.communication;
    let customer = &communication.customer_reference;
    let (level, total) = (communication.level, communication.total);
    let mut message = match sent_by {
        ContactChannel::EmailReminder => {
            let email = recipient.email.as_deref().unwrap_or_default();
            say!(
                en: "Queued reminder email {reference} to customer {customer} ({email}): level \
                     {level}, {total}.",
                zh: "已将提醒邮件 {reference} 放入发件箱，收件人为客户 {customer}（{email}）：第 \
                     {level} 级，{total}。",
            )
        }
        ContactChannel::PrintedLetter => say!(
            en: "Letter {reference} to customer {customer} is ready to print: level {level}, \
                 {total}.",
            zh: "致客户 {customer} 的信函 {reference} 已可打印：第 {level} 级，{total}。",
        ),
        ContactChannel::PhoneTask => say!(
            en: "Call customer {customer} about {reference}: level {level}, {total}; the phone \
                 task is in `phone-tasks`.",
            zh: "请致电客户 {customer}，事由 {reference}：第 {level} 级，{total}；电话任务见 \
                 `phone-tasks`。",
        ),
        ContactChannel::Handover => say!(
            en: "Customer {customer} is handed over for collection with letter {reference}: \
                 level {level}, {total}.",
            zh: "客户 {customer} 已移交催收，通知函 {reference}：第 {level} 级，{total}。",
        ),
    };
    if let Some(note) = note {
        message = format!("{message} {note}");
    }
    ExecutedLine {
        communication_id: record.id,
        customer_reference: customer.clone(),
        reference: reference.to_string(),
        level,
        sent_by,
        total,
        message,
    }
}

fn consequence_sentence(applied: &ConsequenceApplied) -> String {
    let customer = &applied.customer_reference;
    let consequence = consequence_word(applied.consequence);
    match (applied.status_before, applied.status_after) {
        (Some(before), Some(after)) if before != after => {
            let (before, after) = (before.word(), after.word());
            say!(
                en: "Customer {customer}: {consequence}; its credit status is now {after} (was \
                     {before}).",
                zh: "客户 {customer}：{consequence}；其信用状态现为{after}（原为{before}）。",
            )
        }
        (Some(status), _) => {
            let status = status.word();
            say!(
                en: "Customer {customer}: {consequence}; its credit status stays {status}.",
                zh: "客户 {customer}：{consequence}；其信用状态仍为{status}。",
            )
        }
        (None, _) => say!(
            en: "Customer {customer}: {consequence} recorded; it has no credit profile, so no \
                 credit status was changed (orders need a credit profile anyway).",
            zh: "客户 {customer}：已记录{consequence}；该客户没有信用档案，因此未更改信用状态（下单\
                 本就需要信用档案）。",
        ),
    }
}

/// The domain of the company's email address, for the Message-ID of its mail.
fn mail_domain(company: &crate::CompanyDetails) -> String {
    company
        .email
        .as_deref()
        .and_then(|e| e.rsplit_once('@'))
        .map(|(_, domain)| domain.trim().to_string())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "creditdesk.invalid".to_string())
}

pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

/// Customers per part of a proposal: enough to make the work of starting a part nothing, few
/// enough that a part's pauses and policies, which the core looks through item by item, stay
/// few.
const CUSTOMERS_PER_PART: usize = 256;

/// The core's proposal over `book`, made in parts of consecutive customers on two threads.
///
/// The core proposes for each customer from that customer's own inputs alone (its items,
/// receipts, promises, plans, contacts, pauses, policy, and its invoices' disputes), in order of
/// customer reference; so a part gets the inputs of its customers only, and the parts' answers,
/// put together in order, are the answer of one proposal over the whole book. What the parts
/// save is the core's look through every pause and every customer's policy for each item,
/// which over a whole book grows with the product of the two.
fn propose_in_parts(
    book: creditdesk_store::DunningBook,
    promises: &[PromiseHold],
    plans: &[PlanHold],
    rates: &RateTables,
) -> DunningProposal {
    use creditdesk_core::dunning::BookPolicies;

    // The items of each part: consecutive runs of CUSTOMERS_PER_PART customers.
    let items = &book.items;
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut customers) = (0, 0);
    for i in 0..items.len() {
        if i > 0 && items[i].customer_reference != items[i - 1].customer_reference {
            customers += 1;
            if customers == CUSTOMERS_PER_PART {
                bounds.push((start, i));
                (start, customers) = (i, 0);
            }
        }
    }
    if start < items.len() || bounds.is_empty() {
        bounds.push((start, items.len()));
    }
    // The first customer reference of each part: a customer belongs to the last part that
    // starts at or before it. Customers with no item need no proposal.
    let firsts: Vec<&str> = bounds
        .iter()
        .map(|&(from, _)| {
            items
                .get(from)
                .map_or("", |i| i.customer_reference.as_str())
        })
        .collect();
    let part_of =
        |customer: &str| -> usize { firsts.partition_point(|f| *f <= customer).max(1) - 1 };
    let parts = bounds.len();
    let mut unapplied = vec![Vec::new(); parts];
    for u in &book.unapplied {
        unapplied[part_of(&u.customer_reference)].push(u.clone());
    }
    let mut disputes = vec![Vec::new(); parts];
    for (d, customer) in book.disputes.iter().zip(&book.dispute_customers) {
        disputes[part_of(customer)].push(d.clone());
    }
    let mut part_promises = vec![Vec::new(); parts];
    for p in promises {
        part_promises[part_of(&p.customer_reference)].push(p.clone());
    }
    let mut part_plans = vec![Vec::new(); parts];
    for p in plans {
        part_plans[part_of(&p.customer_reference)].push(p.clone());
    }
    let mut pauses = vec![Vec::new(); parts];
    for (p, customer) in book.pauses.iter().zip(&book.pause_customers) {
        pauses[part_of(customer)].push(p.clone());
    }
    let mut history = vec![Vec::new(); parts];
    for c in &book.history {
        history[part_of(&c.customer_reference)].push(c.clone());
    }
    let mut policies: Vec<BookPolicies> = (0..parts)
        .map(|_| BookPolicies {
            book: book.policies.book.clone(),
            customers: Vec::new(),
        })
        .collect();
    for (customer, policy) in &book.policies.customers {
        policies[part_of(customer)]
            .customers
            .push((customer.clone(), policy.clone()));
    }

    let propose_part = |part: usize| -> DunningProposal {
        let (from, to) = bounds[part];
        propose(&RunInput {
            as_of: book.as_of,
            policies: &policies[part],
            items: &items[from..to],
            unapplied: &unapplied[part],
            disputes: &disputes[part],
            promises: &part_promises[part],
            plans: &part_plans[part],
            pauses: &pauses[part],
            history: &history[part],
            rates,
        })
    };
    // Two threads: this one takes the parts from the front, the other from the back.
    let middle = parts / 2;
    let (front, back) = std::thread::scope(|scope| {
        let back = scope.spawn(|| (middle..parts).map(propose_part).collect::<Vec<_>>());
        let front: Vec<DunningProposal> = (0..middle).map(propose_part).collect();
        (front, back.join().expect("a proposal does not panic"))
    });

    let mut whole = DunningProposal {
        as_of: book.as_of,
        communications: Vec::new(),
        left_out: Vec::new(),
        allocation_tasks: Vec::new(),
        problems: Vec::new(),
    };
    for part in front.into_iter().chain(back) {
        whole.communications.extend(part.communications);
        whole.left_out.extend(part.left_out);
        whole.allocation_tasks.extend(part.allocation_tasks);
        whole.problems.extend(part.problems);
    }
    whole
}
