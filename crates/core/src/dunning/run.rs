//! The dunning run: for an as-of date, which communications to send and which overdue items to
//! leave out, and why. A pure function of its inputs: the same inputs give the same proposal,
//! and once the proposal is executed and its contacts are in the history, the next run on the
//! same day proposes nothing new.
//!
//! Rules, item by item (an item is one instalment's open amount, after payments and credit
//! notes, in the invoice's currency):
//! - The part under an open dispute is left out, taken from the instalments due last
//!   ([`split_disputed`]); it is never chased, and bears no interest or fee (case B09).
//! - An item's level is the highest level already sent for it (the contact history), or the
//!   level a broken promise stopped at when that is higher. Its next level is the one after.
//!   The next level applies on or after `due date + its days`, so a run that was missed catches
//!   up (case B16); a level is never sent twice for the same item.
//! - **Levels are not skipped.** An item that has had no reminder gets level 1 first, however
//!   long overdue it is, and climbs one level per contact, the minimum gap apart. A formal demand
//!   or a hand-over is never the first the customer hears of a debt.
//! - Items are held back when the customer or the invoice is paused, the invoice is on a payment
//!   plan, or a promise to pay covering it is still pending.
//!
//! Then per customer and currency, over the items still chased:
//! - Unapplied receipts and credit notes are set against the overdue amount: when they cover it,
//!   nothing is sent and a task to allocate them is raised instead (case B10). When they cover
//!   part, the letter lists every item at its own open amount and shows the unapplied credit.
//! - When the overdue amount less unapplied credit is below the policy's minimum, nothing is sent.
//! - When the last contact with the customer is fewer than the policy's minimum gap days ago,
//!   nothing is sent.
//!
//! What is left becomes one communication per customer, level and currency, listing each item
//! with its own amounts (case B05), the fee of the level once (case B18), and the interest to
//! the as-of date when the level charges it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::allocate::OpenInstalment;
use crate::disputes::{split_disputed, DisputeError};
use crate::dunning::policy::{
    BookPolicies, Consequence, ContactChannel, DunningPolicy, LevelTemplate, Pause, PauseScope,
};
use crate::dunning::templates::PRINTABLE;
use crate::interest::{
    accrue, fixed_compensation, CompensationError, Debt, InterestBreakdown, InterestError,
    InterestTerms, RateTables, Reduction,
};
use crate::money::{Currency, Money, Rounding};
use crate::promises::PromiseState;
use crate::say;
use crate::text::Word;

/// An instalment of an invoice, as a run names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemRef {
    pub invoice_number: String,
    pub seq: u32,
}

/// One open instalment given to a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningItem {
    pub customer_reference: String,
    pub invoice_number: String,
    pub seq: u32,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// The instalment's amount as invoiced.
    pub original: Money,
    /// What is still open on the as-of date, payments and credit notes applied; an item with
    /// nothing open is never chased.
    pub open: Money,
    /// The payments and credit notes applied to the instalment, dated: interest runs on the
    /// balance of each day.
    pub reductions: Vec<Reduction>,
    /// Late-payment interest terms of the invoice; `None` for no interest.
    pub interest: Option<InterestTerms>,
}

impl DunningItem {
    /// Late-payment interest on this instalment from the day after its own due date through
    /// `through`, on the balance of each day; `None` when the invoice bears no interest.
    ///
    /// `disputed`, the part of the instalment under an open dispute (see [`disputed_parts`]),
    /// bears none while the dispute is open (case B09): it is taken off the instalment's
    /// principal, and the payments and credit notes come off what is left. Once the dispute is
    /// resolved and the amount turns out owed after all, it bears interest from its due date
    /// like the rest. A dunning run and the charges of an invoice both compute interest here.
    pub fn interest_through(
        &self,
        disputed: Money,
        rates: &RateTables,
        through: NaiveDate,
    ) -> Option<Result<InterestBreakdown, InterestError>> {
        let terms = self.interest?;
        let principal = Money::new(
            self.original.amount() - disputed.amount(),
            self.original.currency(),
        );
        let debt = Debt {
            principal,
            due_date: self.due_date,
            reductions: self.reductions.clone(),
        };
        Some(accrue(&debt, &terms, rates, through))
    }
}

/// The part of each instalment of one invoice under its open disputes, `disputed` in all: taken
/// from the instalments due last, as a run leaves it out (see [`split_disputed`]). By
/// instalment; an instalment with nothing disputed is not named. Refused when the dispute is in
/// another currency than the instalments.
pub fn disputed_parts(
    instalments: &[&DunningItem],
    disputed: Money,
) -> Result<BTreeMap<u32, Money>, DisputeError> {
    let open: Vec<OpenInstalment> = instalments
        .iter()
        .map(|i| OpenInstalment {
            key: i64::from(i.seq),
            due_date: i.due_date,
            open: i.open,
        })
        .collect();
    let split = split_disputed(&open, disputed)?;
    Ok(split
        .instalments
        .into_iter()
        .filter(|part| !part.disputed.is_zero())
        .map(|part| {
            let seq = u32::try_from(part.key).expect("keys are instalment numbers");
            (seq, part.disputed)
        })
        .collect())
}

/// A receipt or credit note of a customer not yet allocated to any invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnappliedCash {
    pub customer_reference: String,
    pub reference: String,
    /// Above zero.
    pub amount: Money,
}

/// The amount under open disputes on one invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisputedInvoice {
    pub invoice_number: String,
    pub disputed: Money,
}

/// A promise to pay and where it stands on the as-of date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PromiseHold {
    pub customer_reference: String,
    pub invoice_numbers: Vec<String>,
    pub state: PromiseState,
    pub promised_on: NaiveDate,
    /// The level chasing stopped at, for a broken promise.
    pub resume_at_level: Option<u8>,
}

/// A payment plan on track or behind: its invoices are not chased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanHold {
    pub customer_reference: String,
    pub invoice_numbers: Vec<String>,
}

/// A communication that was sent: which level, for which items, when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    pub customer_reference: String,
    pub level: u8,
    pub sent_on: NaiveDate,
    pub items: Vec<ItemRef>,
}

/// Everything a run reads.
#[derive(Clone, Copy, Debug)]
pub struct RunInput<'a> {
    pub as_of: NaiveDate,
    pub policies: &'a BookPolicies,
    pub items: &'a [DunningItem],
    pub unapplied: &'a [UnappliedCash],
    pub disputes: &'a [DisputedInvoice],
    pub promises: &'a [PromiseHold],
    pub plans: &'a [PlanHold],
    pub pauses: &'a [Pause],
    /// Contacts dated after the as-of date are not counted.
    pub history: &'a [Contact],
    pub rates: &'a RateTables,
}

/// One item in a communication, with its own amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProposedItem {
    pub invoice_number: String,
    pub seq: u32,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    pub original: Money,
    /// `original - open on the as-of date`: payments and credit notes.
    pub paid: Money,
    /// The part under dispute, not claimed.
    pub disputed: Money,
    /// The amount claimed: open and not disputed.
    pub claimed: Money,
    /// When the level charges interest and the invoice bears it.
    pub interest: Option<InterestBreakdown>,
    /// The fixed compensation a late-payment law grants for the invoice, on the invoice's
    /// first item of the communication only (see [`crate::interest::CompensationRule`]).
    #[serde(default)]
    pub compensation: Option<Money>,
}

/// One communication to one customer, at one level, in one currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Communication {
    pub customer_reference: String,
    pub currency: Currency,
    pub level: u8,
    pub channel: ContactChannel,
    pub templates: Vec<LevelTemplate>,
    pub consequences: Vec<Consequence>,
    /// In order of due date, then invoice number, then instalment.
    pub items: Vec<ProposedItem>,
    pub claimed_total: Money,
    pub interest_total: Money,
    /// The level's fee, once for the communication.
    pub fee: Money,
    /// Received from the customer and not yet allocated, in this currency (shown, not deducted).
    pub unapplied_credit: Money,
    /// The fixed compensation claimed, all invoices together; `None` when none is.
    #[serde(default)]
    pub compensation: Option<Money>,
    /// `claimed_total + interest_total + fee + compensation`.
    pub total: Money,
    /// Some item resumes after a broken promise.
    pub after_broken_promise: bool,
}

impl Communication {
    /// The contact to add to the history once the communication is sent.
    pub fn contact(&self, sent_on: NaiveDate) -> Contact {
        Contact {
            customer_reference: self.customer_reference.clone(),
            level: self.level,
            sent_on,
            items: self
                .items
                .iter()
                .map(|i| ItemRef {
                    invoice_number: i.invoice_number.clone(),
                    seq: i.seq,
                })
                .collect(),
        }
    }
}

/// Why an overdue item due for a level is not in this run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum LeftOutReason {
    Disputed,
    CoveredByUnapplied {
        unapplied: Money,
    },
    OnPaymentPlan,
    PromisePending {
        promised_on: NaiveDate,
    },
    BelowMinimum {
        net_overdue: Money,
        minimum: Money,
    },
    Paused {
        reason: String,
        until: NaiveDate,
    },
    GapTooShort {
        last_contact: NaiveDate,
        next_possible: NaiveDate,
    },
}

impl LeftOutReason {
    pub fn word(&self) -> Word {
        match self {
            LeftOutReason::Disputed => Word::new("disputed", "有争议"),
            LeftOutReason::CoveredByUnapplied { .. } => {
                Word::new("covered by unapplied cash", "已由未核销款项覆盖")
            }
            LeftOutReason::OnPaymentPlan => Word::new("on a payment plan", "已纳入还款计划"),
            LeftOutReason::PromisePending { .. } => {
                Word::new("promise to pay not yet due", "付款承诺尚未到期")
            }
            LeftOutReason::BelowMinimum { .. } => Word::new("below the minimum", "低于最低金额"),
            LeftOutReason::Paused { .. } => Word::new("paused", "已暂停"),
            LeftOutReason::GapTooShort { .. } => {
                Word::new("gap since last contact too short", "距上次联系时间过短")
            }
        }
    }
}

/// An item left out of the run, with the level it would have had.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LeftOut {
    pub customer_reference: String,
    pub invoice_number: String,
    pub seq: u32,
    pub due_date: NaiveDate,
    pub days_overdue: i64,
    /// The part of the item this reason holds back.
    pub amount: Money,
    pub level: u8,
    pub reason: LeftOutReason,
}

impl LeftOut {
    /// One sentence for the review screen.
    pub fn sentence(&self) -> String {
        let invoice = &self.invoice_number;
        let seq = self.seq;
        let amount = self.amount;
        let level = self.level;
        match &self.reason {
            LeftOutReason::Disputed => say!(
                en: "{amount} of invoice {invoice} (instalment {seq}) is disputed and is not \
                     chased until the dispute is resolved.",
                zh: "发票 {invoice}（第 {seq} 期）的 {amount} 存在争议，争议解决前不予催收。",
            ),
            LeftOutReason::CoveredByUnapplied { unapplied } => say!(
                en: "Invoice {invoice} (instalment {seq}, {amount}) is not chased: {unapplied} \
                     received and not yet allocated covers what is overdue; allocate it first.",
                zh: "发票 {invoice}（第 {seq} 期，{amount}）不予催收：已收到但尚未核销的 \
                     {unapplied} 足以覆盖逾期金额；请先进行核销。",
            ),
            LeftOutReason::OnPaymentPlan => say!(
                en: "Invoice {invoice} (instalment {seq}, {amount}) is on a payment plan and is \
                     chased through the plan only.",
                zh: "发票 {invoice}（第 {seq} 期，{amount}）已纳入还款计划，只按计划催收。",
            ),
            LeftOutReason::PromisePending { promised_on } => say!(
                en: "Invoice {invoice} (instalment {seq}, {amount}) is covered by a promise to \
                     pay by {promised_on}; it is not chased before then.",
                zh: "发票 {invoice}（第 {seq} 期，{amount}）有承诺于 {promised_on} 前付款；在此\
                     之前不予催收。",
            ),
            LeftOutReason::BelowMinimum {
                net_overdue,
                minimum,
            } => say!(
                en: "Invoice {invoice} (instalment {seq}, {amount}) is not chased: the \
                     customer's overdue amount, {net_overdue}, is below the minimum of {minimum}.",
                zh: "发票 {invoice}（第 {seq} 期，{amount}）不予催收：该客户的逾期金额 \
                     {net_overdue} 低于最低催收金额 {minimum}。",
            ),
            LeftOutReason::Paused { reason, until } => say!(
                en: "Invoice {invoice} (instalment {seq}, {amount}) is paused until {until}: \
                     {reason}.",
                zh: "发票 {invoice}（第 {seq} 期，{amount}）暂停催收至 {until}：{reason}。",
            ),
            LeftOutReason::GapTooShort {
                last_contact,
                next_possible,
            } => say!(
                en: "Level {level} for invoice {invoice} (instalment {seq}, {amount}) waits: the \
                     customer was last contacted on {last_contact}, and the next contact is \
                     possible from {next_possible}.",
                zh: "发票 {invoice}（第 {seq} 期，{amount}）的第 {level} 级催收需等待：上次联系\
                     该客户是在 {last_contact}，下次联系最早可在 {next_possible}。",
            ),
        }
    }
}

/// Unapplied money to be matched to invoices before the customer is chased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AllocationTask {
    pub customer_reference: String,
    pub references: Vec<String>,
    pub unapplied: Money,
    pub overdue: Money,
}

impl AllocationTask {
    pub fn sentence(&self) -> String {
        let customer = &self.customer_reference;
        let references = self.references.join(", ");
        let unapplied = self.unapplied;
        let overdue = self.overdue;
        say!(
            en: "Allocate {references} ({unapplied}) of customer {customer}: it is not yet \
                 matched to invoices, and {overdue} is overdue.",
            zh: "请核销客户 {customer} 的 {references}（{unapplied}）：该款项尚未与发票匹配，\
                 而逾期金额为 {overdue}。",
        )
    }
}

/// Something a run could not work out for one item; the item is proposed without it or left
/// as it was, and a person is shown the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RunProblem {
    /// Interest could not be computed; the item is proposed without interest.
    Interest {
        invoice_number: String,
        seq: u32,
        error: InterestError,
    },
    /// The fixed compensation of a late-payment law cannot be claimed on the invoice (it is in
    /// another currency than the law's); the invoice is proposed without it.
    Compensation {
        invoice_number: String,
        error: CompensationError,
    },
    /// A dispute in another currency than its invoice; the invoice is left out of the run.
    DisputeCurrency {
        invoice_number: String,
        disputed: Money,
        invoice: Currency,
    },
    /// A value the letter to a customer prints holds a character the letter font cannot draw
    /// (a value imported from another system: one entered by hand is refused when it is
    /// entered). The customer's letter or email at `level` is left out of the run, so that the
    /// rest of the run can be executed.
    Unprintable {
        customer_reference: String,
        level: u8,
        value: PrintedValue,
        text: String,
        character: char,
    },
}

/// A value of a customer's that its letters print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PrintedValue {
    CustomerName,
    CustomerReference,
    PostalAddress,
    Country,
    InvoiceNumber,
}

impl PrintedValue {
    pub fn word(self) -> Word {
        match self {
            PrintedValue::CustomerName => Word::new("name", "名称"),
            PrintedValue::CustomerReference => Word::new("reference", "客户编号"),
            PrintedValue::PostalAddress => Word::new("postal address", "邮寄地址"),
            PrintedValue::Country => Word::new("country", "国家"),
            PrintedValue::InvoiceNumber => Word::new("invoice number", "发票号"),
        }
    }
}

impl fmt::Display for RunProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sentence = match self {
            RunProblem::Interest {
                invoice_number,
                seq,
                error,
            } => say!(
                en: "Invoice {invoice_number} (instalment {seq}) is proposed without interest. \
                     {error}",
                zh: "发票 {invoice_number}（第 {seq} 期）的催收不含利息。{error}",
            ),
            RunProblem::Compensation {
                invoice_number,
                error,
            } => say!(
                en: "Invoice {invoice_number} is proposed without fixed compensation. {error}",
                zh: "发票 {invoice_number} 的催收不含法定固定补偿。{error}",
            ),
            RunProblem::DisputeCurrency {
                invoice_number,
                disputed,
                invoice,
            } => say!(
                en: "Invoice {invoice_number} is left out: its dispute of {disputed} is not in \
                     {invoice}, the invoice's currency; correct the dispute amount.",
                zh: "发票 {invoice_number} 未纳入本次催收：其争议金额 {disputed} 不是以发票币种 \
                     {invoice} 计价；请更正争议金额。",
            ),
            RunProblem::Unprintable {
                customer_reference,
                level,
                value,
                text,
                character,
            } => {
                let value = value.word();
                let code = format!("U+{:04X}", u32::from(*character));
                let accepted = PRINTABLE.to_string();
                say!(
                    en: "The level {level} letter to customer {customer_reference} is left out of \
                         this run: its {value} \"{text}\" has the character \"{character}\" \
                         ({code}), which the letter font cannot draw: {accepted} Then propose \
                         the run again.",
                    zh: "致客户 {customer_reference} 的第 {level} 级信函未纳入本批次：其{value}\
                         “{text}”中的字符“{character}”（{code}）无法用信函字体显示：{accepted}\
                         然后重新生成批次。",
                )
            }
        };
        f.write_str(&sentence)
    }
}

/// What a run proposes for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningProposal {
    pub as_of: NaiveDate,
    /// Ordered by customer, currency, level.
    pub communications: Vec<Communication>,
    /// Ordered by customer, due date, invoice, instalment.
    pub left_out: Vec<LeftOut>,
    pub allocation_tasks: Vec<AllocationTask>,
    pub problems: Vec<RunProblem>,
}

/// An item with what a run decided about it so far.
struct Candidate<'a> {
    item: &'a DunningItem,
    claimed: Money,
    disputed: Money,
    days: i64,
    /// The next level when one is due today.
    level: Option<u8>,
    after_broken_promise: bool,
    held: Option<LeftOutReason>,
}

/// Proposes the communications of a run; see the module documentation for the rules.
pub fn propose(input: &RunInput<'_>) -> DunningProposal {
    let as_of = input.as_of;
    let mut proposal = DunningProposal {
        as_of,
        communications: Vec::new(),
        left_out: Vec::new(),
        allocation_tasks: Vec::new(),
        problems: Vec::new(),
    };

    let mut by_customer: BTreeMap<&str, Vec<&DunningItem>> = BTreeMap::new();
    for item in input.items {
        by_customer
            .entry(item.customer_reference.as_str())
            .or_default()
            .push(item);
    }
    let index = Index::new(input);

    for (customer, mut items) in by_customer {
        // The order items were fetched in must not change anything (case B05).
        items.sort_by(|a, b| {
            (a.due_date, &a.invoice_number, a.seq).cmp(&(b.due_date, &b.invoice_number, b.seq))
        });
        let policy = input.policies.for_customer(customer);
        let candidates = assess(input, &index, policy, customer, &items, &mut proposal);
        settle_customer(input, &index, policy, customer, candidates, &mut proposal);
    }
    proposal.left_out.sort_by(|a, b| {
        (&a.customer_reference, a.due_date, &a.invoice_number, a.seq).cmp(&(
            &b.customer_reference,
            b.due_date,
            &b.invoice_number,
            b.seq,
        ))
    });
    proposal
}

/// The run's other inputs by customer (and disputes by invoice), so that each customer reads
/// only its own: a run over many customers stays linear in the size of its inputs.
struct Index<'a> {
    contacts: HashMap<&'a str, Vec<&'a Contact>>,
    promises: HashMap<&'a str, Vec<&'a PromiseHold>>,
    plans: HashMap<&'a str, Vec<&'a PlanHold>>,
    unapplied: HashMap<&'a str, Vec<&'a UnappliedCash>>,
    /// The first non-zero entry of each invoice.
    disputes: HashMap<&'a str, &'a DisputedInvoice>,
}

impl<'a> Index<'a> {
    fn new(input: &RunInput<'a>) -> Index<'a> {
        fn by_customer<T>(rows: &[T], customer: impl Fn(&T) -> &str) -> HashMap<&str, Vec<&T>> {
            let mut map: HashMap<&str, Vec<&T>> = HashMap::new();
            for row in rows {
                map.entry(customer(row)).or_default().push(row);
            }
            map
        }
        let mut contacts: HashMap<&str, Vec<&Contact>> = HashMap::new();
        for contact in input.history.iter().filter(|c| c.sent_on <= input.as_of) {
            contacts
                .entry(contact.customer_reference.as_str())
                .or_default()
                .push(contact);
        }
        let mut disputes = HashMap::new();
        for dispute in input.disputes.iter().filter(|d| !d.disputed.is_zero()) {
            disputes
                .entry(dispute.invoice_number.as_str())
                .or_insert(dispute);
        }
        Index {
            contacts,
            promises: by_customer(input.promises, |p| &p.customer_reference),
            plans: by_customer(input.plans, |p| &p.customer_reference),
            unapplied: by_customer(input.unapplied, |u| &u.customer_reference),
            disputes,
        }
    }

    fn of<'m, T>(map: &'m HashMap<&'a str, Vec<&'a T>>, customer: &str) -> &'m [&'a T] {
        map.get(customer).map_or(&[], Vec::as_slice)
    }
}

/// Splits disputes, finds each item's next level and applies the holds of single items.
fn assess<'a>(
    input: &RunInput<'_>,
    index: &Index<'_>,
    policy: &DunningPolicy,
    customer: &str,
    items: &[&'a DunningItem],
    proposal: &mut DunningProposal,
) -> Vec<Candidate<'a>> {
    let mut sent_levels: HashMap<(&str, u32), u8> = HashMap::new();
    for contact in Index::of(&index.contacts, customer) {
        for item in &contact.items {
            let level = sent_levels
                .entry((item.invoice_number.as_str(), item.seq))
                .or_insert(0);
            *level = (*level).max(contact.level);
        }
    }
    let customer_promises = Index::of(&index.promises, customer);
    let customer_plans = Index::of(&index.plans, customer);
    let as_of = input.as_of;
    let mut disputed_by_item: BTreeMap<(&str, u32), Money> = BTreeMap::new();
    let mut broken_invoices: BTreeSet<&str> = BTreeSet::new();
    let invoices: BTreeSet<&str> = items.iter().map(|i| i.invoice_number.as_str()).collect();
    for invoice in &invoices {
        let Some(dispute) = index.disputes.get(invoice) else {
            continue;
        };
        let of_invoice: Vec<&DunningItem> = items
            .iter()
            .filter(|i| i.invoice_number == *invoice)
            .copied()
            .collect();
        match disputed_parts(&of_invoice, dispute.disputed) {
            Ok(parts) => {
                for (seq, part) in parts {
                    disputed_by_item.insert((invoice, seq), part);
                }
            }
            Err(_) => {
                proposal.problems.push(RunProblem::DisputeCurrency {
                    invoice_number: invoice.to_string(),
                    disputed: dispute.disputed,
                    invoice: of_invoice[0].open.currency(),
                });
                broken_invoices.insert(invoice);
            }
        }
    }

    let mut candidates = Vec::new();
    for item in items {
        let invoice = item.invoice_number.as_str();
        let days = (as_of - item.due_date).num_days();
        if broken_invoices.contains(invoice) || days <= 0 || item.open.amount() <= Decimal::ZERO {
            continue;
        }
        let disputed = disputed_by_item
            .get(&(invoice, item.seq))
            .copied()
            .unwrap_or_else(|| Money::zero(item.open.currency()));
        let claimed = Money::new(item.open.amount() - disputed.amount(), item.open.currency());

        let sent = sent_levels.get(&(invoice, item.seq)).copied().unwrap_or(0);
        let promises: Vec<&PromiseHold> = customer_promises
            .iter()
            .filter(|p| p.invoice_numbers.iter().any(|n| n == invoice))
            .copied()
            .collect();
        let resume = promises
            .iter()
            .filter(|p| p.state == PromiseState::Broken)
            .filter_map(|p| p.resume_at_level)
            .max()
            .unwrap_or(0);
        let reached = sent.max(resume);
        let next = reached.saturating_add(1);
        let level = policy
            .level(next)
            .filter(|l| days >= i64::from(l.days_overdue))
            .map(|_| next);
        let Some(level_number) = level else {
            continue;
        };

        if !disputed.is_zero() {
            proposal.left_out.push(left_out(
                item,
                days,
                disputed,
                level_number,
                LeftOutReason::Disputed,
            ));
        }
        let held = hold_of(input, customer_plans, customer, invoice, &promises);
        candidates.push(Candidate {
            item,
            claimed,
            disputed,
            days,
            level,
            after_broken_promise: resume > sent,
            held,
        });
    }
    candidates
}

fn hold_of(
    input: &RunInput<'_>,
    plans: &[&PlanHold],
    customer: &str,
    invoice: &str,
    promises: &[&PromiseHold],
) -> Option<LeftOutReason> {
    let pause = input.pauses.iter().find(|p| {
        p.holds_on(input.as_of)
            && match &p.scope {
                PauseScope::Customer { customer_reference } => customer_reference == customer,
                PauseScope::Invoice { invoice_number } => invoice_number == invoice,
            }
    });
    if let Some(pause) = pause {
        return Some(LeftOutReason::Paused {
            reason: pause.reason.clone(),
            until: pause.until,
        });
    }
    let on_plan = plans
        .iter()
        .any(|p| p.invoice_numbers.iter().any(|n| n == invoice));
    if on_plan {
        return Some(LeftOutReason::OnPaymentPlan);
    }
    promises
        .iter()
        .filter(|p| p.state == PromiseState::Pending)
        .map(|p| p.promised_on)
        .max()
        .map(|promised_on| LeftOutReason::PromisePending { promised_on })
}

fn left_out(
    item: &DunningItem,
    days: i64,
    amount: Money,
    level: u8,
    reason: LeftOutReason,
) -> LeftOut {
    LeftOut {
        customer_reference: item.customer_reference.clone(),
        invoice_number: item.invoice_number.clone(),
        seq: item.seq,
        due_date: item.due_date,
        days_overdue: days,
        amount,
        level,
        reason,
    }
}

/// Applies the holds of a whole customer and currency, then groups what is left by level.
fn settle_customer(
    input: &RunInput<'_>,
    index: &Index<'_>,
    policy: &DunningPolicy,
    customer: &str,
    candidates: Vec<Candidate<'_>>,
    proposal: &mut DunningProposal,
) {
    let as_of = input.as_of;
    let last_contact = Index::of(&index.contacts, customer)
        .iter()
        .map(|c| c.sent_on)
        .max();
    let mut by_currency: BTreeMap<Currency, Vec<Candidate<'_>>> = BTreeMap::new();
    for candidate in candidates {
        // A wholly disputed item has nothing left to claim; it is already listed as disputed.
        if candidate.claimed.amount() <= Decimal::ZERO {
            continue;
        }
        match candidate.held.clone() {
            Some(reason) => {
                let level = candidate
                    .level
                    .expect("only items due for a level are candidates");
                proposal.left_out.push(left_out(
                    candidate.item,
                    candidate.days,
                    candidate.claimed,
                    level,
                    reason,
                ));
            }
            None => by_currency
                .entry(candidate.claimed.currency())
                .or_default()
                .push(candidate),
        }
    }

    for (currency, chased) in by_currency {
        let overdue: Decimal = chased.iter().map(|c| c.claimed.amount()).sum();
        let receipts: Vec<&UnappliedCash> = Index::of(&index.unapplied, customer)
            .iter()
            .filter(|u| u.amount.currency() == currency)
            .copied()
            .collect();
        let unapplied: Decimal = receipts.iter().map(|u| u.amount.amount()).sum();
        let money =
            |amount: Decimal| Money::new(amount, currency).round(Rounding::HalfAwayFromZero);
        if unapplied > Decimal::ZERO {
            proposal.allocation_tasks.push(AllocationTask {
                customer_reference: customer.to_string(),
                references: receipts.iter().map(|u| u.reference.clone()).collect(),
                unapplied: money(unapplied),
                overdue: money(overdue),
            });
        }
        let minimum = policy.minimum_in(currency);
        let hold = if unapplied >= overdue {
            Some(LeftOutReason::CoveredByUnapplied {
                unapplied: money(unapplied),
            })
        } else if overdue - unapplied < minimum.amount() {
            Some(LeftOutReason::BelowMinimum {
                net_overdue: money(overdue - unapplied),
                minimum,
            })
        } else {
            last_contact
                .filter(|last| (as_of - *last).num_days() < i64::from(policy.minimum_gap_days))
                .map(|last| LeftOutReason::GapTooShort {
                    last_contact: last,
                    next_possible: last + chrono::Days::new(u64::from(policy.minimum_gap_days)),
                })
        };
        if let Some(reason) = hold {
            for c in &chased {
                let level = c.level.expect("only items due for a level are candidates");
                proposal
                    .left_out
                    .push(left_out(c.item, c.days, c.claimed, level, reason.clone()));
            }
            continue;
        }

        let mut by_level: BTreeMap<u8, Vec<Candidate<'_>>> = BTreeMap::new();
        for c in chased {
            by_level
                .entry(c.level.expect("due for a level"))
                .or_default()
                .push(c);
        }
        for (level, members) in by_level {
            let communication = communicate(
                input,
                policy,
                customer,
                currency,
                level,
                members,
                money(unapplied),
                proposal,
            );
            proposal.communications.push(communication);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn communicate(
    input: &RunInput<'_>,
    policy: &DunningPolicy,
    customer: &str,
    currency: Currency,
    level: u8,
    members: Vec<Candidate<'_>>,
    unapplied_credit: Money,
    proposal: &mut DunningProposal,
) -> Communication {
    let rung = policy.level(level).expect("levels come from this policy");
    let zero = Money::zero(currency);
    let mut items = Vec::with_capacity(members.len());
    let mut claimed_total = Decimal::ZERO;
    let mut interest_total = Decimal::ZERO;
    let after_broken_promise = members.iter().any(|c| c.after_broken_promise);
    let mut compensation_total = Decimal::ZERO;
    let mut compensated: Vec<String> = Vec::new();
    let mut claimed_of: HashMap<&str, Decimal> = HashMap::new();
    for c in &members {
        *claimed_of
            .entry(c.item.invoice_number.as_str())
            .or_default() += c.claimed.amount();
    }
    for c in members {
        let item = c.item;
        let accrued = rung
            .charge_interest
            .then(|| item.interest_through(c.disputed, input.rates, input.as_of))
            .flatten();
        let interest = match accrued {
            Some(Ok(breakdown)) => Some(breakdown),
            Some(Err(error)) => {
                proposal.problems.push(RunProblem::Interest {
                    invoice_number: item.invoice_number.clone(),
                    seq: item.seq,
                    error,
                });
                None
            }
            None => None,
        };
        // The law's fixed sum, once per invoice, with the interest it goes with: on the
        // invoice's open amount claimed in this communication (the UK's tiers go by it).
        let compensation = match (&interest, item.interest.and_then(|t| t.rule.compensation())) {
            (Some(_), Some(rule)) if !compensated.contains(&item.invoice_number) => {
                compensated.push(item.invoice_number.clone());
                let debt = Money::new(
                    claimed_of
                        .get(item.invoice_number.as_str())
                        .copied()
                        .unwrap_or_default(),
                    currency,
                );
                match fixed_compensation(rule, debt) {
                    Ok(sum) => Some(sum),
                    Err(error) => {
                        proposal.problems.push(RunProblem::Compensation {
                            invoice_number: item.invoice_number.clone(),
                            error,
                        });
                        None
                    }
                }
            }
            _ => None,
        };
        claimed_total += c.claimed.amount();
        interest_total += interest
            .as_ref()
            .map_or(Decimal::ZERO, |b| b.interest.amount());
        compensation_total += compensation.map_or(Decimal::ZERO, |m| m.amount());
        items.push(ProposedItem {
            invoice_number: item.invoice_number.clone(),
            seq: item.seq,
            issue_date: item.issue_date,
            due_date: item.due_date,
            days_overdue: c.days,
            original: item.original,
            paid: Money::new(item.original.amount() - item.open.amount(), currency),
            disputed: c.disputed,
            claimed: c.claimed,
            interest,
            compensation,
        });
    }
    let percent_fee = rung.fee_percent.map_or(zero, |p| {
        Money::new(claimed_total * p / Decimal::ONE_HUNDRED, currency)
    });
    let fee = Money::new(
        rung.fee_in(currency).amount() + percent_fee.amount(),
        currency,
    )
    .round(Rounding::HalfAwayFromZero);
    let money = |amount: Decimal| Money::new(amount, currency).round(Rounding::HalfAwayFromZero);
    Communication {
        customer_reference: customer.to_string(),
        currency,
        level,
        channel: rung.channel,
        templates: rung.templates.clone(),
        consequences: rung.consequences.clone(),
        items,
        claimed_total: money(claimed_total),
        interest_total: money(interest_total),
        fee,
        unapplied_credit,
        compensation: (!compensation_total.is_zero()).then(|| money(compensation_total)),
        total: money(claimed_total + interest_total + fee.amount() + compensation_total),
        after_broken_promise,
    }
}
