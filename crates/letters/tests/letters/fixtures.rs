//! The letters the scenarios print: Brightwater Tools writes to Huang Precision Parts, which
//! owes two invoices in euros (case B28's demand letter), on 5 December 2026.
//!
//! The interest comes from the domain's own accrual at an agreed 10.15 % a year, so the
//! breakdown on the letter is the one a dunning run would carry. The amounts are chosen so that
//! the letter asks for exactly EUR 1,234.56, the figure of case B28.

#![allow(dead_code)]

use chrono::NaiveDate;
use creditdesk_core::dunning::{Communication, ContactChannel, ProposedItem};
use creditdesk_core::interest::{
    accrue, AgreedRate, Debt, InterestRule, InterestTerms, RateTables, Reduction,
};
use creditdesk_core::{Currency, Money};
use creditdesk_letters::{
    DunningLetter, Language, PaperSize, PlanAgreement, Recipient, Sender, Statement, StatementLine,
    StatementLineKind,
};

pub fn day(text: &str) -> NaiveDate {
    text.parse().expect("a date written as YYYY-MM-DD")
}

pub fn eur(text: &str) -> Money {
    Money::exact(
        text.parse().expect("an amount"),
        Currency::from_code("EUR").unwrap(),
    )
    .unwrap()
}

pub fn as_of() -> NaiveDate {
    day("2026-12-05")
}

pub fn sender() -> Sender {
    Sender {
        legal_name: "Brightwater Tools Ltd".to_string(),
        address_lines: vec!["12 Harbour Road".to_string(), "Bristol BS1 5TY".to_string()],
        country: Some("United Kingdom".to_string()),
        email: Some("accounts@brightwater.example".to_string()),
        phone: Some("+44 117 496 0000".to_string()),
        tax_id: Some("GB 123 4567 89".to_string()),
        bank_name: Some("Harbour Bank plc".to_string()),
        iban: Some("GB33BUKB20201555555555".to_string()),
        account_number: None,
        bic: Some("BUKBGB22".to_string()),
        logo: None,
        signatory: Some("Alice Moreton".to_string()),
    }
}

pub fn recipient() -> Recipient {
    Recipient {
        name: "Huang Precision Parts Co.".to_string(),
        reference: "C-0042".to_string(),
        address_lines: vec![
            "Room 1203, 88 Century Avenue".to_string(),
            "Pudong, Shanghai 200120".to_string(),
        ],
        country: Some("China".to_string()),
    }
}

/// An agreed 10.15 % a year, actual/365.
fn terms() -> InterestTerms {
    InterestTerms {
        rule: InterestRule::Contract {
            rate: AgreedRate::Year {
                percent: "10.15".parse().unwrap(),
            },
        },
        day_count: Default::default(),
    }
}

/// An overdue item as the run proposes it, with its interest through the as-of date.
pub fn item(
    invoice: &str,
    issued: &str,
    due: &str,
    original: &str,
    payments: &[(&str, &str)],
    with_interest: bool,
) -> ProposedItem {
    let original = eur(original);
    let reductions: Vec<Reduction> = payments
        .iter()
        .map(|(date, amount)| Reduction {
            date: day(date),
            amount: eur(amount),
        })
        .collect();
    let paid = reductions
        .iter()
        .fold(eur("0"), |sum, r| sum.checked_add(r.amount).unwrap());
    let claimed = original.checked_sub(paid).unwrap();
    let interest = with_interest.then(|| {
        let debt = Debt {
            principal: original,
            due_date: day(due),
            reductions: reductions.clone(),
        };
        accrue(&debt, &terms(), &RateTables::shipped(), as_of()).expect("an agreed rate")
    });
    ProposedItem {
        invoice_number: invoice.to_string(),
        seq: 1,
        issue_date: day(issued),
        due_date: day(due),
        days_overdue: (as_of() - day(due)).num_days(),
        original,
        paid,
        disputed: eur("0"),
        claimed,
        interest,
        compensation: None,
    }
}

/// A communication over `items`, its totals added up, with `fee`.
pub fn communication(items: Vec<ProposedItem>, fee: &str, level: u8) -> Communication {
    let zero = eur("0");
    let claimed_total = items
        .iter()
        .fold(zero, |sum, i| sum.checked_add(i.claimed).unwrap());
    let interest_total = items.iter().fold(zero, |sum, i| {
        sum.checked_add(i.interest.as_ref().map_or(zero, |b| b.interest))
            .unwrap()
    });
    let fee = eur(fee);
    let total = claimed_total
        .checked_add(interest_total)
        .unwrap()
        .checked_add(fee)
        .unwrap();
    Communication {
        customer_reference: "C-0042".to_string(),
        currency: Currency::from_code("EUR").unwrap(),
        level,
        channel: ContactChannel::PrintedLetter,
        templates: Vec::new(),
        consequences: Vec::new(),
        items,
        claimed_total,
        interest_total,
        fee,
        unapplied_credit: zero,
        compensation: None,
        total,
        after_broken_promise: false,
    }
}

/// The two overdue invoices of case B28, with interest and the EUR 40 fixed compensation:
/// EUR 1,234.56 in all.
pub fn demand_communication() -> Communication {
    communication(
        vec![
            item(
                "INV-2026-0412",
                "2026-08-03",
                "2026-09-02",
                "1000.64",
                &[],
                true,
            ),
            item(
                "INV-2026-0467",
                "2026-09-01",
                "2026-10-01",
                "463.22",
                &[("2026-10-20", "300.00")],
                true,
            ),
        ],
        "40.00",
        2,
    )
}

pub const SUBJECT_EN: &str = "Formal demand for payment of overdue invoices";
pub const BODY_EN: &str = "Dear Sir or Madam,\n\nDespite our reminder of 6 November 2026, the \
    invoices listed below are still unpaid. We therefore formally demand payment of the total \
    amount due, including interest and the fixed compensation for recovery costs, within 14 days \
    of the date of this letter.\n\nIf you have paid in the meantime, please disregard this letter.";
pub const SUBJECT_ZH: &str = "关于逾期发票的正式付款催告函";
pub const BODY_ZH: &str = "尊敬的客户：\n\n尽管我们已于2026年11月6日发出提醒，下列发票仍未支付。\
    现正式要求贵公司自本函日期起14日内支付全部应付款项，包括利息及追讨费用的固定补偿。\n\n如贵公司\
    已付款，请忽略本函。";

pub fn demand_letter(language: Language) -> DunningLetter {
    let (subject, body) = match language {
        Language::English => (SUBJECT_EN, BODY_EN),
        Language::SimplifiedChinese => (SUBJECT_ZH, BODY_ZH),
    };
    DunningLetter {
        language,
        paper: PaperSize::A4,
        sender: sender(),
        recipient: recipient(),
        date: as_of(),
        reference: "D-2026-000123".to_string(),
        subject: subject.to_string(),
        body: body.to_string(),
        after_items: String::new(),
        sign_off: None,
        communication: demand_communication(),
    }
}

/// A reminder without interest over `count` small invoices, one a week back from the as-of date.
pub fn long_reminder(language: Language, count: usize, with_interest: bool) -> DunningLetter {
    let items = (0..count)
        .map(|index| {
            let due = as_of() - chrono::Days::new(8 + 7 * index as u64);
            let issued = due - chrono::Days::new(30);
            item(
                &format!("INV-2026-{:04}", 1000 + index),
                &issued.to_string(),
                &due.to_string(),
                &format!("{}.{:02}", 120 + index * 7, index % 100),
                &[],
                with_interest,
            )
        })
        .collect();
    let mut letter = demand_letter(language);
    letter.subject = language
        .pick("Reminder: overdue invoices", "付款提醒：逾期发票")
        .to_string();
    letter.body = language
        .pick(
            "Dear Sir or Madam,\n\nthe invoices below are overdue. Please pay them soon.",
            "尊敬的客户：\n\n下列发票已逾期，请尽快付款。",
        )
        .to_string();
    letter.communication = communication(items, "0.00", 1);
    letter
}

pub fn statement(language: Language) -> Statement {
    let line = |date: &str, kind, reference: &str, due: Option<&str>, debit, credit, balance| {
        StatementLine {
            date: day(date),
            kind,
            reference: reference.to_string(),
            due_date: due.map(day),
            debit: eur(debit),
            credit: eur(credit),
            balance: eur(balance),
        }
    };
    Statement {
        language,
        paper: PaperSize::A4,
        sender: sender(),
        recipient: recipient(),
        date: as_of(),
        reference: "ST-2026-12-0042".to_string(),
        currency: Currency::from_code("EUR").unwrap(),
        opening_balance: eur("250.00"),
        lines: vec![
            line(
                "2026-08-03",
                StatementLineKind::Invoice,
                "INV-2026-0412",
                Some("2026-09-02"),
                "1000.64",
                "0",
                "1250.64",
            ),
            line(
                "2026-08-20",
                StatementLineKind::Payment,
                "PAY-7781",
                None,
                "0",
                "250.00",
                "1000.64",
            ),
            line(
                "2026-09-01",
                StatementLineKind::Invoice,
                "INV-2026-0467",
                Some("2026-10-01"),
                "463.22",
                "0",
                "1463.86",
            ),
            line(
                "2026-10-20",
                StatementLineKind::Payment,
                "PAY-7802",
                None,
                "0",
                "300.00",
                "1163.86",
            ),
            line(
                "2026-11-10",
                StatementLineKind::Invoice,
                "INV-2026-0533",
                Some("2026-12-10"),
                "2480.00",
                "0",
                "3643.86",
            ),
            line(
                "2026-11-18",
                StatementLineKind::CreditNote,
                "CN-2026-0019",
                None,
                "0",
                "80.00",
                "3563.86",
            ),
            line(
                "2026-11-20",
                StatementLineKind::Charge,
                "FEE-2026-0042",
                Some("2026-12-04"),
                "40.00",
                "0",
                "3603.86",
            ),
        ],
        closing_balance: eur("3603.86"),
        aging: vec![
            ("Current".to_string(), eur("2400.00")),
            ("1-30".to_string(), eur("40.00")),
            ("31-60".to_string(), eur("0.00")),
            ("61-90".to_string(), eur("163.22")),
            ("Over 90".to_string(), eur("1000.64")),
        ],
        unapplied: eur("0.00"),
        overdue: eur("1203.86"),
    }
}

pub fn plan_agreement(language: Language) -> PlanAgreement {
    PlanAgreement {
        language,
        paper: PaperSize::A4,
        sender: sender(),
        recipient: recipient(),
        date: as_of(),
        reference: "PLAN-12".to_string(),
        currency: Currency::from_code("EUR").unwrap(),
        replaced: vec![
            ("INV-2026-0412".to_string(), eur("1000.64")),
            ("INV-2026-0467".to_string(), eur("163.22")),
        ],
        down_payment: Some((day("2026-12-15"), eur("200.00"))),
        interest: eur("21.14"),
        instalments: vec![
            (1, day("2027-01-15"), eur("328.33")),
            (2, day("2027-02-15"), eur("328.33")),
            (3, day("2027-03-15"), eur("328.34")),
        ],
        total: eur("1185.00"),
        body: language
            .pick(
                "The customer pays the amounts above on their due dates. While the plan is kept, \
                 the invoices it replaces are not chased and bear no further interest.\n\nIf an \
                 instalment is more than 14 days late, the whole remaining balance becomes due at \
                 once.",
                "客户应于上述各到期日支付相应款项。计划履行期间，被替代的发票不再催收，也不再计息。\n\n\
                 任何一期逾期超过14天的，剩余全部款项立即到期。",
            )
            .to_string(),
    }
}
