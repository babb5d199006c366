//! The payment-plan agreement: the invoices a plan replaces, the down payment, the instalments
//! with their due dates, the terms, and a place for each side to sign.

use chrono::NaiveDate;
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};
use serde::{Deserialize, Serialize};

use crate::blocks::{self, check, check_lines};
use crate::error::fields;
use crate::format;
use crate::pages::{Masthead, Pages, INK, MARGIN_LEFT, MM, MUTED};
use crate::table::{Column, Row, Table};
use crate::{decode_logo, LetterError, PaperSize, Recipient, Sender};

/// Everything a payment-plan agreement shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanAgreement {
    pub language: Language,
    pub paper: PaperSize,
    pub sender: Sender,
    pub recipient: Recipient,
    pub date: NaiveDate,
    /// The plan's reference, e.g. `PLAN-12`, quoted with every payment.
    pub reference: String,
    pub currency: Currency,
    /// Each invoice the plan replaces, with the open amount taken into the plan.
    pub replaced: Vec<(String, Money)>,
    /// The date and amount of a payment due before the first instalment.
    pub down_payment: Option<(NaiveDate, Money)>,
    /// Interest the plan adds.
    pub interest: Money,
    /// Each instalment: its number, due date and amount.
    pub instalments: Vec<(u32, NaiveDate, Money)>,
    /// Everything payable under the plan, the down payment included.
    pub total: Money,
    /// The terms, already filled; paragraphs are separated by a blank line.
    pub body: String,
}

/// Renders a payment-plan agreement as PDF bytes.
pub fn render_plan_agreement(agreement: &PlanAgreement) -> Result<Vec<u8>, LetterError> {
    check_agreement(agreement)?;
    let logo = decode_logo(&agreement.sender)?;
    let language = agreement.language;
    let date = format::date(language, agreement.date);
    let code = agreement.currency.code();
    let title = language.pick("Payment plan agreement", "分期还款协议");

    let mut pages = Pages::new(Masthead {
        language,
        paper: agreement.paper,
        title: format!("{title} {}", agreement.reference),
        author: agreement.sender.legal_name.clone(),
        date: agreement.date,
        continuation: format!(
            "{} · {} · {date}",
            agreement.sender.legal_name, agreement.reference
        ),
    });
    blocks::letterhead(&mut pages, &agreement.sender, logo);
    blocks::address(
        &mut pages,
        &agreement.sender,
        &agreement.recipient,
        &[
            (language.pick("Date", "日期"), date),
            (
                language.pick("Reference", "编号"),
                agreement.reference.clone(),
            ),
            (
                language.pick("Customer reference", "客户编号"),
                agreement.recipient.reference.clone(),
            ),
        ],
    )?;
    blocks::heading(
        &mut pages,
        &format!("{title} {}", agreement.reference),
        14.0,
    );

    blocks::caption(
        &mut pages,
        language.pick("Invoices replaced by this plan", "本计划替代的发票"),
    );
    let mut replaced_total = Money::zero(agreement.currency);
    let mut rows = Vec::new();
    for (invoice, open) in &agreement.replaced {
        replaced_total = replaced_total.checked_add(*open).unwrap_or(replaced_total);
        rows.push(Row::body(vec![invoice.clone(), format::amount(open)]));
    }
    rows.push(Row::total(vec![
        language.pick("Total", "合计").to_string(),
        format::amount(&replaced_total),
    ]));
    Table {
        columns: vec![
            Column::left(language.pick("Invoice", "发票号")),
            Column::right(language.pick(
                format!("Open amount taken into the plan ({code})"),
                format!("纳入计划的未付金额（{code}）"),
            )),
        ],
        rows,
    }
    .draw(&mut pages);
    pages.y += 2.0 * MM;

    blocks::caption(&mut pages, language.pick("Payment schedule", "还款时间表"));
    schedule(agreement).draw(&mut pages);
    let taken = format::money(language, &replaced_total);
    let interest = format::money(language, &agreement.interest);
    blocks::notes(
        &mut pages,
        &[language.pick(
            format!(
                "The total payable is the open amount of {taken} taken into the plan plus \
                 interest of {interest}."
            ),
            format!("应付总额为纳入计划的未付金额 {taken}加利息 {interest}。"),
        )],
    );

    blocks::caption(&mut pages, language.pick("Terms", "协议条款"));
    blocks::paragraphs(&mut pages, &agreement.body);
    let total = format::money(language, &agreement.total);
    let headline = language.pick(
        format!("Total payable: {total}"),
        format!("应付总额：{total}"),
    );
    blocks::payment(
        &mut pages,
        &agreement.sender,
        &headline,
        &agreement.reference,
        SIGNATURES_HEIGHT + 6.0 * MM,
    );
    signatures(&mut pages, agreement);
    pages.finish()
}

fn check_agreement(agreement: &PlanAgreement) -> Result<(), LetterError> {
    blocks::check_parties(&agreement.sender, &agreement.recipient)?;
    check(fields::REFERENCE, &agreement.reference)?;
    check_lines(fields::TERMS, agreement.body.split('\n'))?;
    if agreement.instalments.is_empty() {
        return Err(LetterError::NoInstalments {
            reference: agreement.reference.clone(),
        });
    }
    let expected = agreement.currency;
    let mut amounts: Vec<(creditdesk_core::text::Word, String, Money)> = Vec::new();
    for (invoice, open) in &agreement.replaced {
        check(fields::INVOICE_NUMBER, invoice)?;
        amounts.push((fields::INVOICE, invoice.clone(), *open));
    }
    if let Some((_, money)) = &agreement.down_payment {
        amounts.push((fields::DOWN_PAYMENT, agreement.reference.clone(), *money));
    }
    for (number, _, money) in &agreement.instalments {
        amounts.push((fields::INSTALMENT, number.to_string(), *money));
    }
    amounts.push((
        fields::TOTAL,
        agreement.reference.clone(),
        agreement.interest,
    ));
    amounts.push((fields::TOTAL, agreement.reference.clone(), agreement.total));
    match amounts
        .into_iter()
        .find(|(_, _, money)| money.currency() != expected)
    {
        Some((field, item, money)) => Err(LetterError::AmountCurrency {
            field,
            item,
            found: money.currency(),
            expected,
        }),
        None => Ok(()),
    }
}

fn schedule(agreement: &PlanAgreement) -> Table {
    let language = agreement.language;
    let code = agreement.currency.code();
    let mut rows = Vec::new();
    if let Some((due, money)) = &agreement.down_payment {
        rows.push(Row::body(vec![
            language.pick("Down payment", "首付款").to_string(),
            format::date(language, *due),
            format::amount(money),
        ]));
    }
    for (number, due, money) in &agreement.instalments {
        rows.push(Row::body(vec![
            number.to_string(),
            format::date(language, *due),
            format::amount(money),
        ]));
    }
    rows.push(Row::total(vec![
        language.pick("Total", "合计").to_string(),
        String::new(),
        format::amount(&agreement.total),
    ]));
    Table {
        columns: vec![
            Column::left(language.pick("Instalment", "期数")),
            Column::left(language.pick("Due date", "到期日")),
            Column::right(language.pick(format!("Amount ({code})"), format!("金额（{code}）"))),
        ],
        rows,
    }
}

/// The height of [`signatures`].
const SIGNATURES_HEIGHT: f32 = 24.0 + 12.0 * MM + 11.0 + 16.0 * 2.0 + 4.0;

/// Side by side, a place for the company and one for the customer to sign, name and date.
fn signatures(pages: &mut Pages, agreement: &PlanAgreement) {
    let language = agreement.language;
    let height = SIGNATURES_HEIGHT;
    pages.room_for(height + 6.0 * MM);
    let half = pages.column() / 2.0;
    let sides = [
        (
            MARGIN_LEFT,
            language.pick("For the creditor", "债权人"),
            &agreement.sender.legal_name,
            agreement.sender.signatory.as_deref(),
        ),
        (
            MARGIN_LEFT + half + 5.0 * MM,
            language.pick("For the debtor", "债务人"),
            &agreement.recipient.name,
            None,
        ),
    ];
    let top = pages.y;
    for (x, role, party, signatory) in sides {
        let heading = match language {
            Language::English => format!("{role}: {party}"),
            Language::SimplifiedChinese => format!("{role}：{party}"),
        };
        let lines = pages.font.wrap(&heading, 9.0, half - 5.0 * MM);
        let mut y = top;
        for line in lines.iter().take(2) {
            y += 12.0;
            pages.text(x, y, 9.0, INK, line);
        }
        y = top + 24.0 + 12.0 * MM;
        pages.y = y;
        let signature_label = language.pick("Signature", "签字");
        blocks::signature_line(pages, x, None, &[signature_label]);
        for (index, label) in [language.pick("Name", "姓名"), language.pick("Date", "日期")]
            .into_iter()
            .enumerate()
        {
            let baseline = y + 11.0 + 16.0 * (index + 1) as f32;
            let text = match language {
                Language::English => format!("{label}:"),
                Language::SimplifiedChinese => format!("{label}："),
            };
            pages.text(x, baseline, 9.0, MUTED, &text);
            let start = x + pages.font.width(&text, 9.0) + 2.0;
            if index == 0 {
                if let Some(name) = signatory {
                    pages.text(start + 2.0, baseline - 1.0, 9.0, INK, name);
                }
            }
            pages.rule(start, x + 65.0 * MM, baseline + 1.0, 0.4, MUTED);
        }
    }
    pages.y = top + height + 6.0 * MM;
}
