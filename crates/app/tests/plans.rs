//! Payment plans as a person sets them up on HARBOUR's book: INV-1 of 1,000.00 EUR and INV-2 of
//! 500.00 EUR, both issued on 2024-03-31 at net 30, so due on 2024-04-30 and overdue when the
//! plans start on 2024-06-01.

mod support;

use chrono::NaiveDate;
use creditdesk_app::{
    CustomerInput, InvoiceInput, OpenBook, PlanInput, PlanScheduleInput, SettlementInput,
};
use creditdesk_core::aging::Buckets;
use creditdesk_core::plans::{PlanInterval, PlanState};
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};
use support::{book, date, invoice, payment};

fn harbour(dir: &std::path::Path) -> OpenBook {
    let mut book = book(dir);
    book.save_customer(&CustomerInput {
        reference: "HARBOUR".into(),
        name: "Harbour Supplies".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    book.post_invoice(&invoice("INV-1", "1000.00", Some("net 30")))
        .unwrap();
    book.post_invoice(&invoice("INV-2", "500.00", Some("net 30")))
        .unwrap();
    book
}

fn eur(amount: &str) -> Money {
    Money::new(amount.parse().unwrap(), Currency::from_code("EUR").unwrap())
}

/// Three monthly parts from 2024-06-01 over INV-1 and INV-2, with ten days of grace.
fn monthly(rate: Option<&str>) -> PlanInput {
    PlanInput {
        customer: "HARBOUR".into(),
        invoices: vec!["INV-1".into(), "INV-2".into()],
        start_on: date("2024-06-01"),
        down_payment: None,
        schedule: PlanScheduleInput::EqualParts {
            parts: 3,
            interval: PlanInterval::Months { months: 1 },
        },
        annual_rate_percent: rate.map(|r| r.parse().unwrap()),
        grace_days: 10,
    }
}

fn harbour_open(book: &OpenBook, as_of: &str) -> (Money, Vec<Money>) {
    let aging = book.aging(date(as_of), &Buckets::default()).unwrap();
    let row = aging
        .customers
        .iter()
        .find(|r| r.customer_reference.as_deref() == Some("HARBOUR"))
        .unwrap();
    (row.open_total, row.buckets.clone())
}

fn paid(reference: &str, invoice: &str, amount: &str, on: &str) -> SettlementInput {
    SettlementInput {
        invoice: Some(invoice.into()),
        date: date(on),
        ..payment(reference, Some(amount))
    }
}

#[test]
fn a_plan_with_interest_settles_the_invoices_and_ages_its_own_instalments() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let (before, _) = harbour_open(&book, "2024-05-31");
    assert_eq!(before, eur("1500.00"));

    // 1,500.00 at 8 % for the 92 days from 2024-06-01 to 2024-09-01:
    // 1500 x 8 / 100 x 92 / 365 = 30.2466 -> 30.25, in shares of 10.08, 10.08 and 10.09.
    let line = book.create_plan(&monthly(Some("8"))).unwrap();
    assert_eq!(
        line.message,
        "Set up payment plan PLAN-1 for customer HARBOUR: 1530.25 EUR in 3 instalments due \
         from 2024-07-01 to 2024-09-01; invoices INV-1, INV-2 are settled into it."
    );
    let amounts: Vec<Money> = line.plan.instalments.iter().map(|i| i.amount).collect();
    assert_eq!(
        amounts,
        [eur("510.08"), eur("510.08"), eur("510.09")],
        "500.00 of principal each, the interest's leftover cent on the last"
    );
    assert_eq!(line.credit_notes, ["PLAN-1/INV-1", "PLAN-1/INV-2"]);

    // The originals are settled by the plan's credit notes dated the start day.
    assert_eq!(book.invoice("INV-1").unwrap().open, eur("0.00"));
    assert_eq!(book.invoice("INV-2").unwrap().open, eur("0.00"));
    let schedule = book.invoice("PLAN-1").unwrap();
    assert_eq!(schedule.terms, "payment plan 3 parts");
    assert_eq!(schedule.total, eur("1530.25"));

    // The receivable is what it was plus the interest; on 2024-07-05 the first instalment is
    // 4 days overdue and the other two are not due yet.
    let (open, buckets) = harbour_open(&book, "2024-07-05");
    assert_eq!(open, eur("1530.25"));
    assert_eq!(buckets[0], eur("1020.17"), "current");
    assert_eq!(buckets[1], eur("510.08"), "1-30 days");
}

#[test]
fn a_plan_without_interest_leaves_the_receivable_unchanged_and_takes_a_down_payment() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    // 100.00 down on the start day; 1,400.00 in three parts of 30 days: 466.66, 466.66 and
    // 466.68 (the two leftover cents on the last).
    let input = PlanInput {
        down_payment: Some("100.00".parse().unwrap()),
        schedule: PlanScheduleInput::EqualParts {
            parts: 3,
            interval: PlanInterval::Days { days: 30 },
        },
        ..monthly(None)
    };
    let line = book.create_plan(&input).unwrap();
    let schedule: Vec<(NaiveDate, Money, bool)> = line
        .plan
        .instalments
        .iter()
        .map(|i| (i.due_date, i.amount, i.down_payment))
        .collect();
    assert_eq!(
        schedule,
        [
            (date("2024-06-01"), eur("100.00"), true),
            (date("2024-07-01"), eur("466.66"), false),
            (date("2024-07-31"), eur("466.66"), false),
            (date("2024-08-30"), eur("466.68"), false),
        ]
    );
    let (open, buckets) = harbour_open(&book, "2024-06-01");
    assert_eq!(open, eur("1500.00"), "the same receivable, now on the plan");
    assert_eq!(
        buckets[0],
        eur("1500.00"),
        "the down payment is due today: current"
    );
}

#[test]
fn a_payment_keeps_the_plan_on_track_and_a_missed_instalment_breaks_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    book.create_plan(&monthly(Some("8"))).unwrap();

    // The first instalment is paid on its due date.
    book.record_settlement(&paid("PAY-1", "PLAN-1", "510.08", "2024-07-01"))
        .unwrap();
    let line = book.plan(1, date("2024-07-15")).unwrap();
    assert_eq!(line.standing.state, PlanState::OnTrack);
    assert_eq!(
        line.message,
        "Payment plan PLAN-1 of customer HARBOUR is on track on 2024-07-15: 510.08 EUR paid, \
         1020.17 EUR to come."
    );
    assert_eq!(
        book.break_plan(1, date("2024-07-15")).unwrap_err().message,
        "Payment plan 1 is on track on 2024-07-15, not broken; a plan is recorded broken only \
         once an instalment is missed beyond its grace period."
    );

    // The second, due 2024-08-01, is unpaid: late within its ten days of grace on 2024-08-05,
    // broken from 2024-08-12, the day after the grace period ended.
    let behind = book.plan(1, date("2024-08-05")).unwrap();
    assert_eq!(behind.standing.state, PlanState::Behind);
    assert_eq!(
        behind.message,
        "Payment plan PLAN-1 of customer HARBOUR is behind on 2024-08-05: 510.08 EUR is late \
         but within its grace period; 1020.17 EUR to come."
    );
    let broken = book.plans(date("2024-08-20")).unwrap();
    assert_eq!(
        broken[0].message,
        "Payment plan PLAN-1 of customer HARBOUR is broken: instalment 2 was missed beyond its \
         grace period, so the remaining 1020.17 EUR fell due on 2024-08-12. Record the break \
         (plan break 1) so that aging shows the balance overdue."
    );

    let recorded = book.enforce_plans(date("2024-08-20")).unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        recorded[0].message,
        "Recorded payment plan PLAN-1 of customer HARBOUR broken: the remaining 1020.17 EUR \
         fell due on 2024-08-12 and is chased again."
    );
    assert!(
        book.enforce_plans(date("2024-08-20")).unwrap().is_empty(),
        "a plan is recorded broken once"
    );

    // The last instalment, due 2024-09-01, now falls due on 2024-08-12 with the rest: on
    // 2024-08-20 all that is left is overdue, nothing current.
    let schedule = book.invoice("PLAN-1").unwrap();
    assert_eq!(schedule.instalments[1].due_date, date("2024-08-01"));
    assert_eq!(schedule.instalments[2].due_date, date("2024-08-12"));
    let (open, buckets) = harbour_open(&book, "2024-08-20");
    assert_eq!(open, eur("1020.17"));
    assert_eq!(buckets[0], eur("0.00"), "current");
    assert_eq!(buckets[1], eur("1020.17"), "1-30 days");
}

fn refusals(book: &mut OpenBook) -> Vec<String> {
    let not_overdue = PlanInput {
        invoices: vec!["INV-1".into(), "INV-3".into()],
        ..monthly(None)
    };
    let others = PlanInput {
        customer: "FINCH".into(),
        ..monthly(None)
    };
    let dollars = PlanInput {
        invoices: vec!["INV-1".into(), "INV-4".into()],
        ..monthly(None)
    };
    [not_overdue, others, dollars]
        .iter()
        .map(|input| book.create_plan(input).unwrap_err().message)
        .collect()
}

fn with_refused_invoices(dir: &std::path::Path) -> OpenBook {
    let mut book = harbour(dir);
    book.save_customer(&CustomerInput {
        reference: "FINCH".into(),
        name: "Finch".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    // Issued on 2024-05-20 at net 30: due on 2024-06-19, after the start.
    book.post_invoice(&InvoiceInput {
        issue_date: date("2024-05-20"),
        ..invoice("INV-3", "200.00", Some("net 30"))
    })
    .unwrap();
    book.post_invoice(&InvoiceInput {
        currency: Some(Currency::from_code("USD").unwrap()),
        ..invoice("INV-4", "300.00", Some("net 30"))
    })
    .unwrap();
    book
}

#[test]
fn a_plan_takes_only_the_customers_overdue_invoices_of_one_currency() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = with_refused_invoices(dir.path());
    assert_eq!(
        refusals(&mut book),
        [
            "Invoice INV-3 is not overdue on 2024-06-01: 200.00 EUR of it falls due on \
             2024-06-19; a payment plan takes over only overdue items, so start the plan after \
             2024-06-19 or leave the invoice out.",
            "Invoice INV-1 belongs to customer HARBOUR, not to FINCH; a payment plan takes over \
             only the customer's own invoices.",
            "Invoice INV-4 is in USD, the plan in EUR; a payment plan is in one currency, so \
             make a separate plan for it.",
        ]
    );
    assert!(
        book.plans(date("2024-12-31")).unwrap().is_empty(),
        "nothing was written"
    );
    assert_eq!(book.invoice("INV-1").unwrap().open, eur("1000.00"));
}

#[test]
fn plan_messages_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = with_refused_invoices(dir.path());
    let _speaking = Language::SimplifiedChinese.speak();
    assert_eq!(
        refusals(&mut book),
        [
            "发票 INV-3 在 2024-06-01 尚未逾期：其中 200.00 EUR 于 2024-06-19 到期；还款计划只\
             纳入逾期款项，请将计划开始日设在 2024-06-19 之后，或不选择该发票。",
            "发票 INV-1 属于客户 HARBOUR，而非 FINCH；还款计划只能纳入该客户自己的发票。",
            "发票 INV-4 以 USD 计价，而还款计划以 EUR 计价；一个还款计划只能使用一种币种，\
             请为其另建计划。",
        ]
    );
    let line = book.create_plan(&monthly(Some("8"))).unwrap();
    assert_eq!(
        line.message,
        "已为客户 HARBOUR 设立还款计划 PLAN-1：共 1530.25 EUR，分 3 期，于 2024-07-01 至 \
         2024-09-01 到期；发票 INV-1, INV-2 已转入该计划。"
    );
    let recorded = book.enforce_plans(date("2024-07-20")).unwrap();
    assert_eq!(
        recorded[0].message,
        "已登记客户 HARBOUR 的还款计划 PLAN-1 违约：剩余的 1530.25 EUR 已于 2024-07-12 到期，\
         恢复催收。"
    );
}
