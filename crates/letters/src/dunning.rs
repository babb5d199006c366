//! The dunning letter: a reminder, a formal demand or the notice of a hand-over, whichever its
//! subject and body (filled from the level's template) say it is.
//!
//! On the page, in order: the letterhead, the address, the date and references, the subject,
//! the body up to its list of items, every item chased with its own amounts (case B05), the
//! totals (the level's fee once, case B18), how the interest was computed period by period, the
//! body after its list of items, how to pay, and the signature under the template's closing.

use chrono::NaiveDate;
use creditdesk_core::dunning::{Communication, ProposedItem};
use creditdesk_core::interest::RateUnit;
use creditdesk_core::text::Language;
use creditdesk_core::{Money, Rounding};
use serde::{Deserialize, Serialize};

use crate::blocks::{self, check, check_lines};
use crate::error::fields;
use crate::format;
use crate::pages::{Masthead, Pages};
use crate::table::{Column, Row, Table};
use crate::{decode_logo, LetterError, PaperSize, Recipient, Sender};

/// Everything a dunning letter shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DunningLetter {
    pub language: Language,
    pub paper: PaperSize,
    pub sender: Sender,
    pub recipient: Recipient,
    pub date: NaiveDate,
    /// The letter's own reference, e.g. `D-2026-000123`, quoted with the payment.
    pub reference: String,
    /// Already filled from its template.
    pub subject: String,
    /// Already filled from its template, up to its list of items, which the letter prints as a
    /// table after it; paragraphs are separated by a blank line.
    pub body: String,
    /// What the template says after its list of items, filled; printed after the table, the
    /// totals and the interest, before how to pay.
    #[serde(default)]
    pub after_items: String,
    /// The template's closing and what it is signed with; the letter's own closing when `None`.
    #[serde(default)]
    pub sign_off: Option<SignOff>,
    /// The items, interest, fee and totals of the communication.
    pub communication: Communication,
}

/// The closing of a letter and the names it is signed with, as its template wrote them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignOff {
    /// "Kind regards,", or 此致 and 敬礼: a line each.
    pub closing: Vec<String>,
    /// Under the line to sign on, after the signatory: the company, a department.
    pub signed: Vec<String>,
}

/// Renders a dunning letter as PDF bytes.
pub fn render_dunning_letter(letter: &DunningLetter) -> Result<Vec<u8>, LetterError> {
    check_letter(letter)?;
    let logo = decode_logo(&letter.sender)?;
    let language = letter.language;
    let communication = &letter.communication;
    let date = format::date(language, letter.date);

    let mut pages = Pages::new(Masthead {
        language,
        paper: letter.paper,
        title: letter.subject.clone(),
        author: letter.sender.legal_name.clone(),
        date: letter.date,
        continuation: format!(
            "{} · {} · {date}",
            letter.sender.legal_name, letter.reference
        ),
    });
    blocks::letterhead(&mut pages, &letter.sender, logo);
    blocks::address(
        &mut pages,
        &letter.sender,
        &letter.recipient,
        &[
            (language.pick("Date", "日期"), date),
            (language.pick("Reference", "编号"), letter.reference.clone()),
            (
                language.pick("Customer reference", "客户编号"),
                letter.recipient.reference.clone(),
            ),
        ],
    )?;
    blocks::heading(&mut pages, &letter.subject, 12.5);
    blocks::paragraphs(&mut pages, &letter.body);

    blocks::caption(&mut pages, language.pick("Overdue items", "逾期款项明细"));
    items_table(language, communication).draw(&mut pages);
    blocks::notes(&mut pages, &dispute_notes(language, &communication.items));
    blocks::totals(&mut pages, &totals(language, communication));

    if communication
        .items
        .iter()
        .any(|item| item.interest.is_some())
    {
        blocks::caption(
            &mut pages,
            language.pick("Interest calculation", "利息计算明细"),
        );
        interest_table(language, communication).draw(&mut pages);
        blocks::notes(
            &mut pages,
            &[language
                .pick(
                    "Interest runs from the day after the due date, day by day on the balance of \
                     each day, and is rounded once per invoice.",
                    "利息自到期日次日起按每日余额逐日计算，每张发票只在最后取整一次。",
                )
                .to_string()],
        );
    }

    let headline = language.pick(
        format!(
            "Amount due: {}",
            format::money(language, &communication.total)
        ),
        format!(
            "应付金额：{}",
            format::money(language, &communication.total)
        ),
    );
    blocks::paragraphs(&mut pages, &letter.after_items);

    let sign_off = letter.sign_off.as_ref();
    let signature = blocks::signature_height(language, &letter.sender, sign_off);
    blocks::payment(
        &mut pages,
        &letter.sender,
        &headline,
        &letter.reference,
        signature,
    );
    blocks::signature(&mut pages, &letter.sender, sign_off);
    pages.finish()
}

fn check_letter(letter: &DunningLetter) -> Result<(), LetterError> {
    blocks::check_parties(&letter.sender, &letter.recipient)?;
    check(fields::REFERENCE, &letter.reference)?;
    check(fields::SUBJECT, &letter.subject)?;
    check_lines(fields::BODY, letter.body.split('\n'))?;
    check_lines(fields::BODY, letter.after_items.split('\n'))?;
    if let Some(sign_off) = &letter.sign_off {
        let lines = sign_off.closing.iter().chain(&sign_off.signed);
        check_lines(fields::BODY, lines.map(String::as_str))?;
    }
    let communication = &letter.communication;
    let expected = communication.currency;
    for item in &communication.items {
        check(fields::INVOICE_NUMBER, &item.invoice_number)?;
        let mut amounts = vec![item.original, item.paid, item.claimed, item.disputed];
        if let Some(breakdown) = &item.interest {
            amounts.push(breakdown.interest);
            amounts.extend(breakdown.periods.iter().map(|period| period.balance));
        }
        if let Some(found) = amounts.iter().map(Money::currency).find(|c| *c != expected) {
            return Err(LetterError::AmountCurrency {
                field: fields::INVOICE,
                item: item.invoice_number.clone(),
                found,
                expected,
            });
        }
    }
    let totals = [
        communication.claimed_total,
        communication.interest_total,
        communication.fee,
        communication.unapplied_credit,
        communication.total,
    ]
    .into_iter()
    .chain(communication.compensation);
    if let Some(found) = totals.map(|m| m.currency()).find(|c| *c != expected) {
        return Err(LetterError::AmountCurrency {
            field: fields::TOTAL,
            item: letter.reference.clone(),
            found,
            expected,
        });
    }
    Ok(())
}

/// An item's invoice number, with its instalment when the letter chases several of the same
/// invoice.
fn item_name(language: Language, item: &ProposedItem, items: &[ProposedItem]) -> String {
    let shared = items
        .iter()
        .filter(|other| other.invoice_number == item.invoice_number)
        .count()
        > 1;
    if shared {
        language.pick(
            format!("{} #{}", item.invoice_number, item.seq),
            format!("{} 第{}期", item.invoice_number, item.seq),
        )
    } else {
        item.invoice_number.clone()
    }
}

fn items_table(language: Language, communication: &Communication) -> Table {
    let code = communication.currency.code();
    let with_interest = communication
        .items
        .iter()
        .any(|item| item.interest.is_some());
    let mut columns = vec![
        Column::left(language.pick("Invoice", "发票号")),
        Column::left(language.pick("Date", "开票日期")),
        Column::left(language.pick("Due", "到期日")),
        Column::right(language.pick(format!("Original ({code})"), format!("原金额（{code}）"))),
        Column::right(language.pick(format!("Paid ({code})"), format!("已付（{code}）"))),
        Column::right(language.pick(format!("Open ({code})"), format!("未付（{code}）"))),
        Column::right(language.pick("Days overdue", "逾期天数")),
    ];
    if with_interest {
        columns.push(Column::right(
            language.pick(format!("Interest ({code})"), format!("利息（{code}）")),
        ));
    }
    let rows = communication
        .items
        .iter()
        .map(|item| {
            let mut cells = vec![
                item_name(language, item, &communication.items),
                format::date(language, item.issue_date),
                format::date(language, item.due_date),
                format::amount(&item.original),
                format::amount(&item.paid),
                format::amount(&item.claimed),
                item.days_overdue.to_string(),
            ];
            if with_interest {
                cells.push(match &item.interest {
                    Some(breakdown) => format::amount(&breakdown.interest),
                    None => "—".to_string(),
                });
            }
            Row::body(cells)
        })
        .collect();
    Table { columns, rows }
}

/// One note per item with a disputed part, which the letter does not claim.
fn dispute_notes(language: Language, items: &[ProposedItem]) -> Vec<String> {
    items
        .iter()
        .filter(|item| !item.disputed.is_zero())
        .map(|item| {
            let name = item_name(language, item, items);
            let disputed = format::money(language, &item.disputed);
            language.pick(
                format!("{name}: {disputed} is under dispute and not claimed in this letter."),
                format!("{name}：{disputed}存在争议，本函未予催收。"),
            )
        })
        .collect()
}

fn totals(language: Language, communication: &Communication) -> Vec<(String, String)> {
    let code = communication.currency.code();
    let mut rows = vec![(
        language.pick("Overdue amount", "逾期金额合计").to_string(),
        format::amount(&communication.claimed_total),
    )];
    if !communication.interest_total.is_zero() {
        rows.push((
            language.pick("Interest", "利息").to_string(),
            format::amount(&communication.interest_total),
        ));
    }
    if !communication.fee.is_zero() {
        rows.push((
            language.pick("Dunning fee", "催收费").to_string(),
            format::amount(&communication.fee),
        ));
    }
    if let Some(compensation) = communication.compensation.filter(|c| !c.is_zero()) {
        rows.push((
            language
                .pick(
                    "Fixed compensation for recovery costs",
                    "法定固定补偿（追讨费用）",
                )
                .to_string(),
            format::amount(&compensation),
        ));
    }
    if !communication.unapplied_credit.is_zero() {
        rows.push((
            language
                .pick(
                    "Payments received, not yet allocated (not deducted)",
                    "已收到但尚未核销的款项（未扣除）",
                )
                .to_string(),
            format::amount(&communication.unapplied_credit),
        ));
    }
    rows.push((
        language.pick(format!("Total due ({code})"), format!("应付总额（{code}）")),
        format::amount(&communication.total),
    ));
    rows
}

fn interest_table(language: Language, communication: &Communication) -> Table {
    let code = communication.currency.code();
    let columns = vec![
        Column::left(language.pick("Invoice", "发票号")),
        Column::left(language.pick("From", "起始日")),
        Column::left(language.pick("To", "截止日")),
        Column::right(language.pick("Days", "天数")),
        Column::right(language.pick(format!("Balance ({code})"), format!("计息余额（{code}）"))),
        Column::right(language.pick("Rate", "利率")),
        Column::right(language.pick(format!("Interest ({code})"), format!("利息（{code}）"))),
    ];
    let mut rows = Vec::new();
    for item in &communication.items {
        let Some(breakdown) = &item.interest else {
            continue;
        };
        let name = item_name(language, item, &communication.items);
        for (index, period) in breakdown.periods.iter().enumerate() {
            let rate = format::percent(period.percent);
            let rate = match period.unit {
                RateUnit::Year => {
                    language.pick(format!("{rate} % p.a."), format!("年利率 {rate}%"))
                }
                RateUnit::Day => {
                    language.pick(format!("{rate} % per day"), format!("日利率 {rate}%"))
                }
            };
            let interest = Money::new(period.exact, period.balance.currency())
                .round(Rounding::HalfAwayFromZero);
            rows.push(Row::body(vec![
                if index == 0 {
                    name.clone()
                } else {
                    String::new()
                },
                format::date(language, period.from),
                format::date(language, period.to),
                period.days.to_string(),
                format::amount(&period.balance),
                rate,
                format::amount(&interest),
            ]));
        }
    }
    rows.push(Row::total(vec![
        language.pick("Total interest", "利息合计").to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format::amount(&communication.interest_total),
    ]));
    Table { columns, rows }
}
