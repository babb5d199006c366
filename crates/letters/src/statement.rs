//! The statement of account of one customer in one currency: the opening balance, every
//! document since with the balance after it, the closing balance, and how old the open balance
//! is. Money received and not yet allocated to an invoice is in no bucket of the aging: it has a
//! column of its own, so that the aging's total is the closing balance.

use chrono::NaiveDate;
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};
use serde::{Deserialize, Serialize};

use crate::blocks::{self, check};
use crate::error::fields;
use crate::format;
use crate::pages::{Masthead, Pages};
use crate::table::{Column, Row, Table};
use crate::{decode_logo, LetterError, PaperSize, Recipient, Sender};

/// What a line of a statement records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StatementLineKind {
    Invoice,
    Payment,
    /// Money paid back to the customer.
    Refund,
    CreditNote,
    WriteOff,
    /// An early-payment discount taken.
    Discount,
    /// A fee or interest charged to the customer.
    Charge,
}

impl StatementLineKind {
    /// The word the statement prints for the line.
    pub fn label(self, language: Language) -> &'static str {
        match self {
            StatementLineKind::Invoice => language.pick("Invoice", "发票"),
            StatementLineKind::Payment => language.pick("Payment", "付款"),
            StatementLineKind::Refund => language.pick("Refund", "退款"),
            StatementLineKind::Discount => language.pick("Discount", "现金折扣"),
            StatementLineKind::CreditNote => language.pick("Credit note", "贷项通知单"),
            StatementLineKind::WriteOff => language.pick("Write-off", "坏账核销"),
            StatementLineKind::Charge => language.pick("Charge", "费用"),
        }
    }
}

/// One document on a statement, with the balance after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatementLine {
    pub date: NaiveDate,
    pub kind: StatementLineKind,
    pub reference: String,
    pub due_date: Option<NaiveDate>,
    /// What the customer owes more: an invoice, a charge.
    pub debit: Money,
    /// What the customer owes less: a payment, a credit note, a write-off.
    pub credit: Money,
    /// The balance after this line.
    pub balance: Money,
}

/// Everything a statement of account shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Statement {
    pub language: Language,
    pub paper: PaperSize,
    pub sender: Sender,
    pub recipient: Recipient,
    /// The as-of date.
    pub date: NaiveDate,
    pub reference: String,
    pub currency: Currency,
    pub opening_balance: Money,
    pub lines: Vec<StatementLine>,
    pub closing_balance: Money,
    /// The open balance by aging bucket, each with its label (`1-30`, `31-60` ...).
    pub aging: Vec<(String, Money)>,
    /// Received and not yet allocated to an invoice, in no bucket. Invariant:
    /// `Σ aging − unapplied = closing_balance`.
    pub unapplied: Money,
    pub overdue: Money,
}

/// Renders a statement of account as PDF bytes.
pub fn render_statement(statement: &Statement) -> Result<Vec<u8>, LetterError> {
    check_statement(statement)?;
    let logo = decode_logo(&statement.sender)?;
    let language = statement.language;
    let date = format::date(language, statement.date);
    let code = statement.currency.code();

    let mut pages = Pages::new(Masthead {
        language,
        paper: statement.paper,
        title: language.pick(
            format!("Statement of account {}", statement.reference),
            format!("对账单 {}", statement.reference),
        ),
        author: statement.sender.legal_name.clone(),
        date: statement.date,
        continuation: format!(
            "{} · {} · {date}",
            statement.sender.legal_name, statement.reference
        ),
    });
    blocks::letterhead(&mut pages, &statement.sender, logo);
    blocks::address(
        &mut pages,
        &statement.sender,
        &statement.recipient,
        &[
            (language.pick("Statement date", "对账日期"), date.clone()),
            (
                language.pick("Reference", "编号"),
                statement.reference.clone(),
            ),
            (
                language.pick("Customer reference", "客户编号"),
                statement.recipient.reference.clone(),
            ),
        ],
    )?;
    blocks::heading(
        &mut pages,
        &language.pick(
            format!("Statement of account as of {date}"),
            format!("截至{date}的对账单"),
        ),
        14.0,
    );

    lines_table(statement).draw(&mut pages);
    blocks::notes(
        &mut pages,
        &[language
            .pick(
                "Please compare this statement with your records and tell us of any difference.",
                "请核对本对账单，如与贵方记录不符，请及时告知我们。",
            )
            .to_string()],
    );

    if !statement.aging.is_empty() {
        blocks::caption(
            &mut pages,
            language.pick("Aging of the open balance", "未付余额账龄"),
        );
        aging_table(statement).draw(&mut pages);
    }
    blocks::totals(
        &mut pages,
        &[
            (
                language.pick("Of which overdue", "其中逾期").to_string(),
                format::amount(&statement.overdue),
            ),
            (
                language.pick(
                    format!("Closing balance ({code})"),
                    format!("期末余额（{code}）"),
                ),
                format::amount(&statement.closing_balance),
            ),
        ],
    );

    if !statement.overdue.is_zero() && !statement.overdue.is_negative() {
        let overdue = format::money(language, &statement.overdue);
        let headline = language.pick(
            format!("Overdue now: {overdue}"),
            format!("目前逾期金额：{overdue}"),
        );
        blocks::payment(
            &mut pages,
            &statement.sender,
            &headline,
            &statement.reference,
            0.0,
        );
    }
    pages.finish()
}

fn check_statement(statement: &Statement) -> Result<(), LetterError> {
    blocks::check_parties(&statement.sender, &statement.recipient)?;
    check(fields::REFERENCE, &statement.reference)?;
    let expected = statement.currency;
    let wrong = |field, item: &str, money: &Money| {
        (money.currency() != expected).then(|| LetterError::AmountCurrency {
            field,
            item: item.to_string(),
            found: money.currency(),
            expected,
        })
    };
    for line in &statement.lines {
        check(fields::STATEMENT_REFERENCE, &line.reference)?;
        for money in [&line.debit, &line.credit, &line.balance] {
            if let Some(error) = wrong(fields::STATEMENT_LINE, &line.reference, money) {
                return Err(error);
            }
        }
    }
    for (label, money) in &statement.aging {
        check(fields::AGING_BUCKET, label)?;
        if let Some(error) = wrong(fields::AGING_BUCKET, label, money) {
            return Err(error);
        }
    }
    for money in [
        &statement.opening_balance,
        &statement.closing_balance,
        &statement.unapplied,
        &statement.overdue,
    ] {
        if let Some(error) = wrong(fields::TOTAL, &statement.reference, money) {
            return Err(error);
        }
    }
    Ok(())
}

fn lines_table(statement: &Statement) -> Table {
    let language = statement.language;
    let code = statement.currency.code();
    let columns = vec![
        Column::left(language.pick("Date", "日期")),
        Column::left(language.pick("Type", "类型")),
        Column::left(language.pick("Reference", "单据编号")),
        Column::left(language.pick("Due", "到期日")),
        Column::right(language.pick(format!("Debit ({code})"), format!("借方（{code}）"))),
        Column::right(language.pick(format!("Credit ({code})"), format!("贷方（{code}）"))),
        Column::right(language.pick(format!("Balance ({code})"), format!("余额（{code}）"))),
    ];
    let blank_if_zero = |money: &Money| {
        if money.is_zero() {
            String::new()
        } else {
            format::amount(money)
        }
    };
    let mut rows = vec![Row::body(vec![
        String::new(),
        language.pick("Opening balance", "期初余额").to_string(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        format::amount(&statement.opening_balance),
    ])];
    let mut debits = Money::zero(statement.currency);
    let mut credits = Money::zero(statement.currency);
    for line in &statement.lines {
        debits = debits.checked_add(line.debit).unwrap_or(debits);
        credits = credits.checked_add(line.credit).unwrap_or(credits);
        rows.push(Row::body(vec![
            format::date(language, line.date),
            line.kind.label(language).to_string(),
            line.reference.clone(),
            line.due_date
                .map(|due| format::date(language, due))
                .unwrap_or_default(),
            blank_if_zero(&line.debit),
            blank_if_zero(&line.credit),
            format::amount(&line.balance),
        ]));
    }
    rows.push(Row::total(vec![
        String::new(),
        language.pick("Closing balance", "期末余额").to_string(),
        String::new(),
        String::new(),
        format::amount(&debits),
        format::amount(&credits),
        format::amount(&statement.closing_balance),
    ]));
    Table { columns, rows }
}

fn aging_table(statement: &Statement) -> Table {
    let language = statement.language;
    let code = statement.currency.code();
    let mut columns: Vec<Column> = statement
        .aging
        .iter()
        .map(|(label, _)| Column::right(label.clone()))
        .collect();
    let mut total = Money::zero(statement.currency);
    let mut cells: Vec<String> = Vec::new();
    for (_, money) in &statement.aging {
        total = total.checked_add(*money).unwrap_or(total);
        cells.push(format::amount(money));
    }
    if !statement.unapplied.is_zero() {
        // Below zero, more was paid back to the customer (refunds) than is received and not
        // yet allocated: it adds to the total.
        let label = if statement.unapplied.is_negative() {
            language.pick("Paid back, not yet matched", "已退款未核销")
        } else {
            language.pick("Received, not yet allocated", "已收款未核销")
        };
        columns.push(Column::right(label));
        let unapplied = Money::new(-statement.unapplied.amount(), statement.currency);
        total = total.checked_add(unapplied).unwrap_or(total);
        cells.push(format::amount(&unapplied));
    }
    columns.push(Column::right(
        language.pick(format!("Total ({code})"), format!("合计（{code}）")),
    ));
    cells.push(format::amount(&total));
    Table {
        columns,
        rows: vec![Row::body(cells)],
    }
}
