//! Payment plans as a person sets them up: a customer's overdue invoices turned into a schedule
//! of instalments, where each plan stands on a date, and the record of a plan once broken.
//!
//! The rules are the core's (`creditdesk_core::plans`): the plan is built by
//! `PaymentPlan::build` from what is open on the chosen invoices on the start day, and where it
//! stands is `PaymentPlan::standing` over the payments allocated to its invoice `PLAN-<id>`. The
//! book writes the plan's documents in one transaction (see the store's `followup/plans.rs`).
//!
//! A plan takes over only overdue items: every instalment open on a chosen invoice on the start
//! day must have fallen due before it. The invoices must be the customer's own and all in one
//! currency. A plan can be previewed first: the same checks and the same `PaymentPlan::build`,
//! with nothing written.

use chrono::{Days, NaiveDate};
use creditdesk_core::plans::{
    PaymentPlan, PlanInterval, PlanItem, PlanRequest, PlanSchedule, PlanStanding, PlanState,
    ScheduledPart, SCHEDULED_PART,
};
use creditdesk_core::{say, text::Word, Currency};
use creditdesk_store::{PlanBreak, PlanEntry};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};
use crate::settling::exact;
use crate::{store_error, OpenBook};

/// The down payment, as a field a sentence names.
const DOWN_PAYMENT: Word = creditdesk_core::plans::DOWN_PAYMENT;

/// How the amount financed is paid, as a person enters it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanScheduleInput {
    /// Equal parts, the first one interval after the start day.
    EqualParts { parts: u32, interval: PlanInterval },
    /// Dates and principal amounts, in the invoices' currency.
    Explicit {
        #[cfg_attr(feature = "ts", ts(as = "Vec<(NaiveDate, String)>"))]
        parts: Vec<(NaiveDate, Decimal)>,
    },
}

/// A plan as a person sets it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanInput {
    pub customer: String,
    /// The invoices the plan takes over, each with all that is open on it on the start day.
    pub invoices: Vec<String>,
    pub start_on: NaiveDate,
    /// In the invoices' currency; due on the start day.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub down_payment: Option<Decimal>,
    pub schedule: PlanScheduleInput,
    /// Annual rate in percent (8 for 8 %).
    #[cfg_attr(feature = "ts", ts(as = "Option<String>"))]
    pub annual_rate_percent: Option<Decimal>,
    pub grace_days: u32,
}

/// Where one instalment of a plan stands on a date, by the rule of grace of
/// `creditdesk_core::plans`: late from the day after its due date, missed once the last day of
/// its grace period has passed without it paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum InstalmentState {
    /// Paid in full (with every instalment before it).
    Paid,
    /// Not paid in full, and its due date is the date or later: not late yet.
    Due,
    /// Past its due date unpaid, but still within its grace period.
    InGrace,
    /// Not paid by the last day of its grace period, or the instalment that broke the plan.
    Missed,
}

/// One instalment's adherence on a date; the plan's `standing.instalments` in the same order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstalmentAdherence {
    pub seq: u32,
    pub state: InstalmentState,
    /// The last day it may be paid without breaking the plan: its due date plus the grace days.
    pub grace_ends: NaiveDate,
}

/// A plan with where it stands on a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanLine {
    pub id: i64,
    /// `PLAN-<id>`: the invoice that holds the schedule.
    pub reference: String,
    pub customer_name: String,
    pub plan: PaymentPlan,
    /// Set once the plan was recorded broken.
    pub recorded_broken: Option<PlanBreak>,
    pub credit_notes: Vec<String>,
    pub standing: PlanStanding,
    /// Each instalment's adherence on the standing's date, in instalment order.
    pub adherence: Vec<InstalmentAdherence>,
    /// Where it stands, in one or two sentences.
    pub message: String,
}

impl OpenBook {
    /// Sets up a payment plan over overdue invoices of one customer; see the module
    /// documentation for what is accepted.
    pub fn create_plan(&mut self, input: &PlanInput) -> AppResult<PlanLine> {
        let (plan, numbers) = self.build_plan(input)?;
        let (customer, start_on) = (input.customer.trim(), input.start_on);
        let entry = self
            .book
            .create_plan(&plan)
            .map_err(store_error)?
            .map_err(|refused| AppError::invalid(refused.to_string()))?;

        let mut line = plan_line(entry, start_on)?;
        let (reference, amount) = (&line.reference, line.plan.amount_due());
        let parts = line.plan.instalments.len();
        let first = line.plan.instalments.first().map(|i| i.due_date);
        let last = line.plan.instalments.last().map(|i| i.due_date);
        let (first, last) = (first.unwrap_or(start_on), last.unwrap_or(start_on));
        let invoices = numbers.join(", ");
        line.message = say!(
            en: "Set up payment plan {reference} for customer {customer}: {amount} in {parts} \
                 instalments due from {first} to {last}; invoices {invoices} are settled into it.",
            zh: "已为客户 {customer} 设立还款计划 {reference}：共 {amount}，分 {parts} 期，\
                 于 {first} 至 {last} 到期；发票 {invoices} 已转入该计划。",
        );
        Ok(line)
    }

    /// The plan `input` would set up, with its instalments, checked as by
    /// [`OpenBook::create_plan`] but written nowhere: what a person confirms before setting it
    /// up. The book may still refuse it when it changed in between.
    pub fn preview_plan(&self, input: &PlanInput) -> AppResult<PaymentPlan> {
        self.build_plan(input).map(|(plan, _)| plan)
    }

    /// The plan `input` asks for, and the invoice numbers it takes over as the book writes them.
    fn build_plan(&self, input: &PlanInput) -> AppResult<(PaymentPlan, Vec<String>)> {
        let customer = input.customer.trim();
        let start_on = input.start_on;
        let mut currency: Option<Currency> = None;
        let mut numbers: Vec<String> = Vec::new();
        let mut items: Vec<(NaiveDate, String, u32, PlanItem)> = Vec::new();
        for number in input
            .invoices
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
        {
            let invoice = self.invoice(number)?;
            let number = invoice.number.clone();
            if numbers.contains(&number) {
                continue;
            }
            if invoice.customer_reference != customer {
                let owner = &invoice.customer_reference;
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} belongs to customer {owner}, not to {customer}; a \
                         payment plan takes over only the customer's own invoices.",
                    zh: "发票 {number} 属于客户 {owner}，而非 {customer}；还款计划只能纳入该客户\
                         自己的发票。",
                )));
            }
            let invoice_currency = invoice.total.currency();
            let plan_currency = *currency.get_or_insert(invoice_currency);
            if invoice_currency != plan_currency {
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} is in {invoice_currency}, the plan in {plan_currency}; \
                         a payment plan is in one currency, so make a separate plan for it.",
                    zh: "发票 {number} 以 {invoice_currency} 计价，而还款计划以 {plan_currency} \
                         计价；一个还款计划只能使用一种币种，请为其另建计划。",
                )));
            }
            let open = self
                .book
                .open_instalments_on(&number, start_on)
                .map_err(store_error)?;
            if open.is_empty() {
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} has nothing open on {start_on}; a payment plan takes \
                         over only what is open, so leave the invoice out.",
                    zh: "发票 {number} 在 {start_on} 没有未结金额；还款计划只纳入未结款项，\
                         请不要选择该发票。",
                )));
            }
            if let Some(due) = open.iter().find(|i| i.due_date >= start_on) {
                let (amount, due_date) = (due.open, due.due_date);
                return Err(AppError::invalid(say!(
                    en: "Invoice {number} is not overdue on {start_on}: {amount} of it falls due \
                         on {due_date}; a payment plan takes over only overdue items, so start \
                         the plan after {due_date} or leave the invoice out.",
                    zh: "发票 {number} 在 {start_on} 尚未逾期：其中 {amount} 于 {due_date} 到期；\
                         还款计划只纳入逾期款项，请将计划开始日设在 {due_date} 之后，或不选择该\
                         发票。",
                )));
            }
            for item in open {
                items.push((
                    item.due_date,
                    number.clone(),
                    item.seq,
                    PlanItem {
                        invoice_number: number.clone(),
                        due_date: item.due_date,
                        open: item.open,
                    },
                ));
            }
            numbers.push(number);
        }
        items.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
        let currency = match currency {
            Some(currency) => currency,
            None => self.settings()?.currency,
        };
        let schedule = match &input.schedule {
            PlanScheduleInput::EqualParts { parts, interval } => PlanSchedule::EqualParts {
                parts: *parts,
                interval: *interval,
            },
            PlanScheduleInput::Explicit { parts } => PlanSchedule::Explicit {
                parts: parts
                    .iter()
                    .map(|(due_date, amount)| {
                        Ok(ScheduledPart {
                            due_date: *due_date,
                            amount: exact(*amount, currency, SCHEDULED_PART)?,
                        })
                    })
                    .collect::<AppResult<_>>()?,
            },
        };
        let request = PlanRequest {
            customer_reference: customer.to_string(),
            items: items.into_iter().map(|(_, _, _, item)| item).collect(),
            start_on,
            down_payment: input
                .down_payment
                .map(|d| exact(d, currency, DOWN_PAYMENT))
                .transpose()?,
            schedule,
            annual_rate_percent: input.annual_rate_percent,
            grace_days: input.grace_days,
        };
        let plan = PaymentPlan::build(request).map_err(|e| AppError::invalid(e.to_string()))?;
        Ok((plan, numbers))
    }

    /// Every plan started on or before `as_of` with where it stands then, the earliest started
    /// first.
    pub fn plans(&self, as_of: NaiveDate) -> AppResult<Vec<PlanLine>> {
        let entries = self.book.plans().map_err(store_error)?;
        entries
            .into_iter()
            .filter(|e| e.plan.start_on <= as_of)
            .map(|e| plan_line(e, as_of))
            .collect()
    }

    /// Plan `id` with where it stands on `as_of`.
    pub fn plan(&self, id: i64, as_of: NaiveDate) -> AppResult<PlanLine> {
        let entry = self.book.plan(id).map_err(store_error)?.ok_or_else(|| {
            AppError::new(
                crate::error::ErrorCode::NotFound,
                creditdesk_store::PlanRefusal::NotFound(id).to_string(),
            )
        })?;
        plan_line(entry, as_of)
    }

    /// Records plan `id` broken, when its standing on `as_of` says it is: the rest of its
    /// balance falls due on the day it broke and is chased again.
    pub fn break_plan(&mut self, id: i64, as_of: NaiveDate) -> AppResult<PlanLine> {
        let entry = self
            .book
            .break_plan(id, as_of)
            .map_err(store_error)?
            .map_err(|refused| match refused {
                creditdesk_store::PlanRefusal::NotFound(_) => {
                    AppError::new(crate::error::ErrorCode::NotFound, refused.to_string())
                }
                _ => AppError::invalid(refused.to_string()),
            })?;
        let mut line = plan_line(entry, as_of)?;
        let (reference, customer) = (&line.reference, &line.plan.customer_reference);
        let broken_on = line.recorded_broken.map(|b| b.broken_on).unwrap_or(as_of);
        let balance = line.standing.remaining;
        line.message = say!(
            en: "Recorded payment plan {reference} of customer {customer} broken: the remaining \
                 {balance} fell due on {broken_on} and is chased again.",
            zh: "已登记客户 {customer} 的还款计划 {reference} 违约：剩余的 {balance} 已于 \
                 {broken_on} 到期，恢复催收。",
        );
        Ok(line)
    }

    /// Records broken every plan whose standing on `as_of` is broken and that was not recorded
    /// so yet; answers the plans recorded now, the earliest started first.
    pub fn enforce_plans(&mut self, as_of: NaiveDate) -> AppResult<Vec<PlanLine>> {
        let due: Vec<i64> = self
            .plans(as_of)?
            .into_iter()
            .filter(|l| l.recorded_broken.is_none() && l.standing.state == PlanState::Broken)
            .map(|l| l.id)
            .collect();
        due.into_iter()
            .map(|id| self.break_plan(id, as_of))
            .collect()
    }
}

fn plan_line(entry: PlanEntry, as_of: NaiveDate) -> AppResult<PlanLine> {
    let standing = entry
        .plan
        .standing(&entry.receipts, as_of)
        .map_err(|e| AppError::invalid(e.to_string()))?;
    let message = standing_sentence(&entry, &standing);
    let adherence = adherence(&entry.plan, &standing);
    Ok(PlanLine {
        id: entry.id,
        reference: entry.reference,
        customer_name: entry.customer_name,
        plan: entry.plan,
        recorded_broken: entry.broken,
        credit_notes: entry.credit_notes,
        standing,
        adherence,
        message,
    })
}

/// Each instalment's adherence on the standing's date; see [`InstalmentState`].
fn adherence(plan: &PaymentPlan, standing: &PlanStanding) -> Vec<InstalmentAdherence> {
    let as_of = standing.as_of;
    standing
        .instalments
        .iter()
        .map(|instalment| {
            let due_date = instalment.due_date;
            let grace_ends = due_date
                .checked_add_days(Days::new(u64::from(plan.grace_days)))
                .unwrap_or(NaiveDate::MAX);
            let state = if standing.missed_seq == Some(instalment.seq) {
                InstalmentState::Missed
            } else if instalment.open.is_zero() {
                InstalmentState::Paid
            } else if due_date >= as_of {
                InstalmentState::Due
            } else if as_of <= grace_ends {
                InstalmentState::InGrace
            } else {
                InstalmentState::Missed
            };
            InstalmentAdherence {
                seq: instalment.seq,
                state,
                grace_ends,
            }
        })
        .collect()
}

/// Where a plan stands, in one or two sentences.
fn standing_sentence(entry: &PlanEntry, standing: &PlanStanding) -> String {
    let (reference, customer) = (&entry.reference, &entry.plan.customer_reference);
    let (as_of, paid, remaining) = (standing.as_of, standing.paid, standing.remaining);
    match standing.state {
        PlanState::OnTrack => say!(
            en: "Payment plan {reference} of customer {customer} is on track on {as_of}: {paid} \
                 paid, {remaining} to come.",
            zh: "客户 {customer} 的还款计划 {reference} 于 {as_of} 正常履行：已付 {paid}，\
                 尚余 {remaining}。",
        ),
        PlanState::Behind => {
            let arrears = standing.arrears;
            say!(
                en: "Payment plan {reference} of customer {customer} is behind on {as_of}: \
                     {arrears} is late but within its grace period; {remaining} to come.",
                zh: "客户 {customer} 的还款计划 {reference} 于 {as_of} 有逾期：{arrears} 已过\
                     到期日但仍在宽限期内；尚余 {remaining}。",
            )
        }
        PlanState::PaidOff => say!(
            en: "Payment plan {reference} of customer {customer} is paid off on {as_of}: {paid} \
                 paid.",
            zh: "客户 {customer} 的还款计划 {reference} 于 {as_of} 已还清：共付 {paid}。",
        ),
        PlanState::Broken => {
            let seq = standing.missed_seq.unwrap_or(0);
            let broken_on = standing.broken_on.unwrap_or(as_of);
            let broken = say!(
                en: "Payment plan {reference} of customer {customer} is broken: instalment \
                     {seq} was missed beyond its grace period, so the remaining {remaining} fell \
                     due on {broken_on}.",
                zh: "客户 {customer} 的还款计划 {reference} 已违约：第 {seq} 期超过宽限期仍未\
                     支付，剩余的 {remaining} 已于 {broken_on} 全部到期。",
            );
            if entry.broken.is_some() {
                broken
            } else {
                let id = entry.id;
                let next = say!(
                    en: "Record the break (plan break {id}) so that aging shows the balance \
                         overdue.",
                    zh: "请登记违约（plan break {id}），以便账龄分析显示该余额已逾期。",
                );
                format!("{broken} {next}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use creditdesk_core::promises::Receipt;

    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn eur(amount: &str) -> creditdesk_core::Money {
        creditdesk_core::Money::new(amount.parse().unwrap(), Currency::from_code("EUR").unwrap())
    }

    /// 900.00 overdue on INV-1, put on three monthly parts of 300.00 from 2024-06-01 (due
    /// 2024-07-01, 2024-08-01 and 2024-09-01) with five days of grace.
    fn three_parts() -> PaymentPlan {
        PaymentPlan::build(PlanRequest {
            customer_reference: "HARBOUR".into(),
            items: vec![PlanItem {
                invoice_number: "INV-1".into(),
                due_date: day("2024-04-30"),
                open: eur("900.00"),
            }],
            start_on: day("2024-06-01"),
            down_payment: None,
            schedule: PlanSchedule::EqualParts {
                parts: 3,
                interval: PlanInterval::Months { months: 1 },
            },
            annual_rate_percent: None,
            grace_days: 5,
        })
        .unwrap()
    }

    fn states(plan: &PaymentPlan, receipts: &[Receipt], as_of: &str) -> Vec<InstalmentState> {
        let standing = plan.standing(receipts, day(as_of)).unwrap();
        adherence(plan, &standing)
            .into_iter()
            .map(|a| a.state)
            .collect()
    }

    #[test]
    fn an_instalment_is_due_until_its_date_then_in_grace_then_missed() {
        use InstalmentState::*;
        let plan = three_parts();
        let first = Receipt {
            date: day("2024-06-28"),
            amount: eur("300.00"),
        };

        assert_eq!(
            states(&plan, &[], "2024-07-01"),
            [Due, Due, Due],
            "due today is not late"
        );
        assert_eq!(
            states(&plan, &[], "2024-07-06"),
            [InGrace, Due, Due],
            "last day of grace"
        );
        assert_eq!(states(&plan, &[], "2024-07-07"), [Missed, Due, Due]);
        assert_eq!(
            states(&plan, std::slice::from_ref(&first), "2024-08-03"),
            [Paid, InGrace, Due]
        );
    }

    /// HARBOUR's INV-1 of 900.00 EUR, issued on 2024-03-31 at net 30 and overdue in June.
    fn harbour(dir: &std::path::Path) -> OpenBook {
        let new = crate::NewBook {
            name: "Harbour & Finch LLP".into(),
            currency: Currency::from_code("EUR").unwrap(),
        };
        let mut book = crate::create_book(&dir.join("book.creditdesk"), &new).unwrap();
        book.save_customer(&crate::CustomerInput {
            reference: "HARBOUR".into(),
            name: "Harbour Supplies".into(),
            country: None,
            email: None,
            channel: None,
        })
        .unwrap();
        book.post_invoice(&crate::InvoiceInput {
            number: "INV-1".into(),
            customer: "HARBOUR".into(),
            issue_date: day("2024-03-31"),
            amount: "900.00".parse().unwrap(),
            currency: None,
            due_date: None,
            terms: Some("net 30".into()),
            disputed: false,
        })
        .unwrap();
        book
    }

    #[test]
    fn a_preview_shows_the_plan_that_is_then_set_up_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = harbour(dir.path());
        let input = PlanInput {
            customer: "HARBOUR".into(),
            invoices: vec!["INV-1".into()],
            start_on: day("2024-06-01"),
            down_payment: Some("100.00".parse().unwrap()),
            schedule: PlanScheduleInput::EqualParts {
                parts: 2,
                interval: PlanInterval::Months { months: 1 },
            },
            annual_rate_percent: Some("8".parse().unwrap()),
            grace_days: 5,
        };

        let preview = book.preview_plan(&input).unwrap();
        assert!(
            book.plans(day("2024-12-31")).unwrap().is_empty(),
            "nothing was written"
        );
        assert_eq!(book.invoice("INV-1").unwrap().open, eur("900.00"));

        let line = book.create_plan(&input).unwrap();
        assert_eq!(line.plan, preview, "the plan set up is the one shown");
    }

    #[test]
    fn a_preview_refuses_what_setting_up_refuses_in_the_same_words() {
        let dir = tempfile::tempdir().unwrap();
        let book = harbour(dir.path());
        let input = PlanInput {
            customer: "HARBOUR".into(),
            invoices: vec!["INV-1".into()],
            start_on: day("2024-04-15"),
            down_payment: None,
            schedule: PlanScheduleInput::EqualParts {
                parts: 2,
                interval: PlanInterval::Months { months: 1 },
            },
            annual_rate_percent: None,
            grace_days: 0,
        };

        assert_eq!(
            book.preview_plan(&input).unwrap_err().message,
            "Invoice INV-1 is not overdue on 2024-04-15: 900.00 EUR of it falls due on \
             2024-04-30; a payment plan takes over only overdue items, so start the plan after \
             2024-04-30 or leave the invoice out."
        );
    }

    #[test]
    fn the_instalment_that_broke_the_plan_stays_missed_once_paid_late() {
        use InstalmentState::*;
        let plan = three_parts();
        let late = Receipt {
            date: day("2024-07-20"),
            amount: eur("300.00"),
        };

        let standing = plan.standing(&[late], day("2024-07-25")).unwrap();
        assert_eq!(standing.state, PlanState::Broken);
        let adherence = adherence(&plan, &standing);
        assert_eq!(
            adherence.iter().map(|a| a.state).collect::<Vec<_>>(),
            [Missed, Due, Due],
            "paid on 2024-07-20, after its grace ended on 2024-07-06"
        );
        assert_eq!(adherence[0].grace_ends, day("2024-07-06"));
    }
}
