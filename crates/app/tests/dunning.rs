//! Collections as a person works them: set a policy, propose a run for a day, review what is
//! proposed and what is left out and why, approve, execute; then the contact history, the
//! charges that stay owed, the phone tasks and the outbox.
//!
//! The book is Lakeside Tools GmbH's, in euros, with customers written as small tables of
//! invoices and payments in each scenario.

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    AddressInput, CallOutcomeInput, ChargeSettlementInput, CreditProfileInput, CustomerInput,
    CustomerInterest, DunningRunView, InvoiceInput, LetterLanguageChoice, NewBook, OpenBook,
    PauseInput, PhoneOutcome, PlanInput, PlanScheduleInput, PolicyChoice, PromiseInput,
    SettlementInput,
};
use creditdesk_core::credit::CreditStatus;
use creditdesk_core::disputes::DisputeReason;
use creditdesk_core::dunning::templates::format_amount;
use creditdesk_core::dunning::{ContactChannel, DunningPolicy, LeftOutReason, Preset};
use creditdesk_core::interest::DayCount;
use creditdesk_core::ledger::{Channel, SettlementKind};
use creditdesk_core::plans::PlanInterval;
use creditdesk_core::promises::PromiseChannel;
use creditdesk_core::text::Language;
use creditdesk_core::{Currency, Money};
use creditdesk_store::{CommunicationState, OutboxState};
use rust_decimal::Decimal;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn lakeside(dir: &std::path::Path) -> OpenBook {
    let new = NewBook {
        name: "Lakeside Tools GmbH".into(),
        currency: Currency::from_code("EUR").unwrap(),
    };
    let mut book = creditdesk_app::create_book(&dir.join("book.creditdesk"), &new).unwrap();
    let mut company = book.company_settings().unwrap();
    company.address_lines = vec!["Seestrasse 4".into(), "8002 Zürich".into()];
    company.email = Some("accounts@lakeside.example".into());
    book.save_company_settings(&company).unwrap();
    book
}

fn customer(book: &mut OpenBook, reference: &str, name: &str, email: Option<&str>) {
    book.save_customer(&CustomerInput {
        reference: reference.into(),
        name: name.into(),
        country: Some("DE".into()),
        email: email.map(str::to_string),
        channel: Some(Channel::Email),
    })
    .unwrap();
    book.set_customer_address(&AddressInput {
        customer: reference.into(),
        lines: Some(vec![
            format!("{name}"),
            "Hafenweg 1".into(),
            "20457 Hamburg".into(),
        ]),
        country: None,
        letter_language: None,
    })
    .unwrap();
}

/// An invoice due `due`, issued 30 days before.
fn invoice(book: &mut OpenBook, number: &str, customer: &str, amount: &str, due: &str) {
    let due = date(due);
    book.post_invoice(&InvoiceInput {
        number: number.into(),
        customer: customer.into(),
        issue_date: due - chrono::Days::new(30),
        amount: amount.parse().unwrap(),
        currency: None,
        due_date: Some(due),
        terms: None,
        disputed: false,
    })
    .unwrap();
}

fn settle(
    book: &mut OpenBook,
    kind: SettlementKind,
    reference: &str,
    customer: &str,
    invoice: Option<&str>,
    amount: &str,
    on: &str,
) {
    book.record_settlement(&SettlementInput {
        kind,
        reference: reference.into(),
        customer: customer.into(),
        date: date(on),
        amount: Some(amount.parse().unwrap()),
        currency: None,
        invoice: invoice.map(str::to_string),
        paid: None,
    })
    .unwrap();
}

/// Proposes, approves everything and executes on the as-of date.
fn run_through(book: &mut OpenBook, as_of: &str) -> DunningRunView {
    let run = book.propose_dunning(date(as_of)).unwrap();
    if !run.communications.is_empty() {
        book.approve_dunning(run.id, None).unwrap();
        book.execute_dunning(run.id, date(as_of)).unwrap();
    }
    book.dunning_run(run.id).unwrap()
}

fn items(run: &DunningRunView) -> Vec<String> {
    run.communications
        .iter()
        .flat_map(|c| {
            c.communication.items.iter().map(move |i| {
                format!(
                    "{} L{} {} {} {} open {} paid {}",
                    c.communication.customer_reference,
                    c.communication.level,
                    i.invoice_number,
                    i.due_date,
                    i.days_overdue,
                    i.claimed,
                    i.paid
                )
            })
        })
        .collect()
}

#[test]
fn one_letter_lists_every_overdue_invoice_with_its_own_open_amount_b05() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "KOWALSKI",
        "Kowalski Sp. z o.o.",
        Some("ap@kowalski.example"),
    );
    // | invoice | total    | due        | settled                          | open     |
    // | INV-101 | 1,200.00 | 2025-02-28 | payment of 200.00 on 2025-03-05  | 1,000.00 |
    // | INV-102 |   300.00 | 2025-03-10 | credit note of 50.00, 2025-03-12 |   250.00 |
    // | INV-103 |   400.00 | 2025-04-30 | not yet due                      |   400.00 |
    // | INV-104 |  90.00 $ | 2025-03-01 | in USD: a communication of its own |  90.00 $ |
    invoice(&mut book, "INV-101", "KOWALSKI", "1200.00", "2025-02-28");
    invoice(&mut book, "INV-102", "KOWALSKI", "300.00", "2025-03-10");
    invoice(&mut book, "INV-103", "KOWALSKI", "400.00", "2025-04-30");
    settle(
        &mut book,
        SettlementKind::Payment,
        "P-1",
        "KOWALSKI",
        Some("INV-101"),
        "200.00",
        "2025-03-05",
    );
    settle(
        &mut book,
        SettlementKind::CreditNote,
        "CN-1",
        "KOWALSKI",
        Some("INV-102"),
        "50.00",
        "2025-03-12",
    );
    book.post_invoice(&InvoiceInput {
        number: "INV-104".into(),
        customer: "KOWALSKI".into(),
        issue_date: date("2025-01-30"),
        amount: "90.00".parse().unwrap(),
        currency: Some(Currency::from_code("USD").unwrap()),
        due_date: Some(date("2025-03-01")),
        terms: None,
        disputed: false,
    })
    .unwrap();

    let run = book.propose_dunning(date("2025-03-31")).unwrap();
    assert_eq!(
        run.message,
        "Proposed run 1 for 2025-03-31 with 2 communication(s); 0 item(s) left out, 0 \
         allocation task(s)."
    );
    assert_eq!(
        items(&run),
        [
            "KOWALSKI L1 INV-101 2025-02-28 31 open 1000.00 EUR paid 200.00 EUR",
            "KOWALSKI L1 INV-102 2025-03-10 21 open 250.00 EUR paid 50.00 EUR",
            "KOWALSKI L1 INV-104 2025-03-01 30 open 90.00 USD paid 0.00 USD",
        ],
        "each row its own amounts, one communication per currency; the invoice not yet due is \
         not listed"
    );
    let communication = &run.communications[0];
    assert_eq!(communication.communication.total.to_string(), "1250.00 EUR");
    assert_eq!(
        communication.communication.channel,
        ContactChannel::EmailReminder
    );
    assert_eq!(communication.state, CommunicationState::Proposed);
}

#[test]
fn an_executed_reminder_is_queued_logged_and_never_sent_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "KOWALSKI",
        "Kowalski Sp. z o.o.",
        Some("ap@kowalski.example"),
    );
    invoice(&mut book, "INV-101", "KOWALSKI", "1000.00", "2025-02-28");
    invoice(&mut book, "INV-102", "KOWALSKI", "250.00", "2025-03-10");

    let run = book.propose_dunning(date("2025-03-31")).unwrap();
    let approval = book.approve_dunning(run.id, None).unwrap();
    assert_eq!(
        approval.message,
        "1 communication(s) of run 1 are approved; execute the run with `dunning execute 1`."
    );
    let report = book.execute_dunning(run.id, date("2025-03-31")).unwrap();
    assert_eq!(
        report.message,
        "Executed run 1 for 2025-03-31 on 2025-03-31: 1 communication(s) sent, 0 not approved \
         and skipped."
    );
    assert_eq!(
        report.executed[0].message,
        "Queued reminder email D-2025-000001 to customer KOWALSKI (ap@kowalski.example): level \
         1, 1250.00 EUR."
    );

    // The mail waits in the outbox with the filled-in template.
    let outbox = book.outbox().unwrap();
    assert_eq!(outbox.len(), 1);
    let mail = &outbox[0];
    assert_eq!(mail.state, OutboxState::Queued);
    assert_eq!(mail.to, ["ap@kowalski.example"]);
    assert_eq!(mail.message_id, "<D-2025-000001@lakeside.example>");
    assert_eq!(
        mail.subject,
        "Payment reminder D-2025-000001: 1,250.00 EUR overdue"
    );
    assert!(
        mail.body.starts_with(
            "Dear Kowalski Sp. z o.o.,\n\nAccording to our records, the following items on \
             your account (customer reference KOWALSKI) were past their due date on 31 March \
             2025:\n\n- Invoice INV-101, due 28 February 2025, 31 days overdue: 1,000.00 EUR\n\
             - Invoice INV-102, due 10 March 2025, 21 days overdue: 250.00 EUR\n\nAmount now \
             due: 1,250.00 EUR\n\n"
        ),
        "{}",
        mail.body
    );
    assert!(
        mail.body.contains("arrange payment by 7 April 2025."),
        "{}",
        mail.body
    );
    assert!(mail
        .body
        .ends_with("Lakeside Tools GmbH\nAccounts Receivable"));

    // The customer's log keeps the letter as sent.
    let log = book.sent_communications(Some("KOWALSKI")).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].reference.as_deref(), Some("D-2025-000001"));
    assert_eq!(log[0].sent_by, Some(ContactChannel::EmailReminder));
    assert_eq!(log[0].outbox_id, Some(mail.id));
    let letter = log[0].letter.as_ref().unwrap();
    assert_eq!(letter["recipient"]["name"], "Kowalski Sp. z o.o.");
    assert_eq!(letter["sender"]["name"], "Lakeside Tools GmbH");
    assert_eq!(letter["date"], "2025-03-31");
    assert_eq!(letter["language"], "en");

    // Executing again sends nothing; a second run the same day proposes nothing new.
    let again = book.execute_dunning(run.id, date("2025-03-31")).unwrap();
    assert_eq!(
        again.message,
        "Run 1 was executed on 2025-03-31 already; nothing was sent again."
    );
    assert!(again.executed.is_empty());
    assert_eq!(book.outbox().unwrap().len(), 1);
    let second = book.propose_dunning(date("2025-03-31")).unwrap();
    assert!(second.communications.is_empty());
    let waiting: Vec<&str> = second.left_out.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(
        waiting,
        [
            "Level 2 for invoice INV-101 (instalment 1, 1000.00 EUR) waits: the customer was \
             last contacted on 2025-03-31, and the next contact is possible from 2025-04-07.",
            "Level 2 for invoice INV-102 (instalment 1, 250.00 EUR) waits: the customer was \
             last contacted on 2025-03-31, and the next contact is possible from 2025-04-07.",
        ]
    );
    let audit: Vec<String> = book
        .audit_trail(20)
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {} {}", e.action, e.entity, e.reference))
        .collect();
    assert!(
        audit.contains(&"execute_dunning customer KOWALSKI".to_string()),
        "{audit:?}"
    );
    assert!(audit.contains(&"queue_mail outbox <D-2025-000001@lakeside.example>".to_string()));
}

#[test]
fn a_missed_run_catches_up_once_and_the_next_level_waits_for_the_gap_b16() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "FJORD",
        "Fjordline Tours AS",
        Some("post@fjordline.example"),
    );
    // INV-801, 2,000.00, due Sunday 2024-06-30; level 1 applies from 2024-07-07, level 2
    // (15 days) from 2024-07-15.
    invoice(&mut book, "INV-801", "FJORD", "2000.00", "2024-06-30");

    // Nobody ran it on Sunday 2024-07-07: Monday's run sends level 1.
    let monday = run_through(&mut book, "2024-07-08");
    assert_eq!(
        items(&monday),
        ["FJORD L1 INV-801 2024-06-30 8 open 2000.00 EUR paid 0.00 EUR"]
    );
    for day in ["2024-07-08", "2024-07-09"] {
        let run = book.propose_dunning(date(day)).unwrap();
        assert!(run.communications.is_empty(), "{day}: no second level 1");
    }

    // Level 2 is due from 2024-07-15, but the last contact was on 2024-07-08: it waits a week.
    let run = book.propose_dunning(date("2024-07-14")).unwrap();
    assert!(run.communications.is_empty());
    let run = book.propose_dunning(date("2024-07-15")).unwrap();
    assert_eq!(
        items(&run),
        ["FJORD L2 INV-801 2024-06-30 15 open 2000.00 EUR paid 0.00 EUR"]
    );
    assert_eq!(
        run.communications[0].communication.channel,
        ContactChannel::PhoneTask
    );

    // A run for a day before the gap is over says so, item by item.
    let early = book.propose_dunning(date("2024-07-14")).unwrap();
    assert!(
        early.left_out.is_empty(),
        "level 2 is not due on 2024-07-14"
    );
    let runs = book.dunning_runs().unwrap();
    assert_eq!(runs.len(), 6);
}

#[test]
fn every_item_left_out_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    // The firm ladder with a minimum of 50.00 EUR.
    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.minimum_amounts = vec![Money::new("50.00".parse().unwrap(), eur())];
    let json = serde_json::to_string(&policy).unwrap();
    book.set_dunning_policy(None, &PolicyChoice::Json { json })
        .unwrap();

    // | customer  | invoice | open   | due        | why it is left out on 2024-05-31        |
    // | ALVAREZ   | INV-A   | 300.00 | 2024-05-01 | disputed in part (100.00)               |
    // | GREENLEAF | INV-501 | 500.00 | 2024-05-01 | receipt R-77 of 500.00 not yet allocated |
    // | HARBOUR   | PLAN-1  | 300.00 | 2024-05-20 | payment plan behind, within its grace   |
    // | PINE      | INV-P   | 400.00 | 2024-05-01 | promise to pay by 2024-06-10            |
    // | SMALL     | INV-S   |  20.00 | 2024-05-01 | below the minimum of 50.00              |
    // | TIDE      | INV-T   | 700.00 | 2024-05-01 | paused until 2024-06-15                 |
    // | WAVE      | INV-W2  | 900.00 | 2024-05-10 | level 2 due, contacted on 2024-05-27    |
    // WAVE had its reminder on 2024-05-27, before the others' invoices were entered.
    customer(&mut book, "WAVE", "Wave Media", Some("ap@example.com"));
    invoice(&mut book, "INV-W1", "WAVE", "100.00", "2024-05-20");
    invoice(&mut book, "INV-W2", "WAVE", "900.00", "2024-05-10");
    run_through(&mut book, "2024-05-27");
    for (reference, name) in [
        ("ALVAREZ", "Alvarez Logística SL"),
        ("GREENLEAF", "Greenleaf Catering"),
        ("HARBOUR", "Harbour Supplies"),
        ("PINE", "Pine Hollow Farm"),
        ("SMALL", "Small Things Ltd"),
        ("TIDE", "Tide & Co"),
    ] {
        customer(&mut book, reference, name, Some("ap@example.com"));
    }
    invoice(&mut book, "INV-A", "ALVAREZ", "300.00", "2024-05-01");
    book.open_dispute(&creditdesk_app::DisputeInput {
        invoice: "INV-A".into(),
        amount: Some("100.00".parse().unwrap()),
        line: None,
        reason: DisputeReason::Quality,
        note: String::new(),
        opened_on: date("2024-05-05"),
    })
    .unwrap();
    invoice(&mut book, "INV-501", "GREENLEAF", "500.00", "2024-05-01");
    settle(
        &mut book,
        SettlementKind::Payment,
        "R-77",
        "GREENLEAF",
        None,
        "500.00",
        "2024-05-10",
    );
    invoice(&mut book, "INV-H", "HARBOUR", "600.00", "2024-03-01");
    book.create_plan(&PlanInput {
        customer: "HARBOUR".into(),
        invoices: vec!["INV-H".into()],
        start_on: date("2024-04-20"),
        down_payment: None,
        schedule: PlanScheduleInput::EqualParts {
            parts: 2,
            interval: PlanInterval::Days { days: 30 },
        },
        annual_rate_percent: None,
        grace_days: 20,
    })
    .unwrap();
    invoice(&mut book, "INV-P", "PINE", "400.00", "2024-05-01");
    book.add_promise(&PromiseInput {
        customer: "PINE".into(),
        made_on: date("2024-05-20"),
        promised_on: date("2024-06-10"),
        amount: "400.00".parse().unwrap(),
        currency: None,
        promised_by: "Mr Pine".into(),
        channel: PromiseChannel::Phone,
        invoices: vec!["INV-P".into()],
        dunning_level: Some(1),
    })
    .unwrap();
    invoice(&mut book, "INV-S", "SMALL", "20.00", "2024-05-01");
    invoice(&mut book, "INV-T", "TIDE", "700.00", "2024-05-01");
    let pause = book
        .add_pause(&PauseInput {
            customer: Some("TIDE".into()),
            invoice: None,
            reason: "Owner in hospital".into(),
            from: date("2024-05-15"),
            until: date("2024-06-15"),
        })
        .unwrap();
    assert_eq!(
        pause.message,
        "Recorded pause 1: customer TIDE is not chased from 2024-05-15 through 2024-06-15."
    );

    let run = book.propose_dunning(date("2024-05-31")).unwrap();
    let sentences: Vec<&str> = run.left_out.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(
        sentences,
        [
            "100.00 EUR of invoice INV-A (instalment 1) is disputed and is not chased until the \
             dispute is resolved.",
            "Invoice INV-501 (instalment 1, 500.00 EUR) is not chased: 500.00 EUR received and \
             not yet allocated covers what is overdue; allocate it first.",
            "Invoice PLAN-1 (instalment 1, 300.00 EUR) is on a payment plan and is chased \
             through the plan only.",
            "Invoice INV-P (instalment 1, 400.00 EUR) is covered by a promise to pay by \
             2024-06-10; it is not chased before then.",
            "Invoice INV-S (instalment 1, 20.00 EUR) is not chased: the customer's overdue \
             amount, 20.00 EUR, is below the minimum of 50.00 EUR.",
            "Invoice INV-T (instalment 1, 700.00 EUR) is paused until 2024-06-15: Owner in \
             hospital.",
            "Level 2 for invoice INV-W2 (instalment 1, 900.00 EUR) waits: the customer was last \
             contacted on 2024-05-27, and the next contact is possible from 2024-06-03.",
        ]
    );
    let reasons: Vec<&str> = run
        .left_out
        .iter()
        .map(|l| l.left_out.reason.word().en)
        .collect();
    assert_eq!(
        reasons,
        [
            "disputed",
            "covered by unapplied cash",
            "on a payment plan",
            "promise to pay not yet due",
            "below the minimum",
            "paused",
            "gap since last contact too short",
        ]
    );
    assert_eq!(
        run.allocation_tasks[0].message,
        "Allocate R-77 (500.00 EUR) of customer GREENLEAF: it is not yet matched to invoices, \
         and 500.00 EUR is overdue."
    );
    // What is not disputed of INV-A is chased.
    assert_eq!(
        items(&run),
        ["ALVAREZ L1 INV-A 2024-05-01 30 open 200.00 EUR paid 0.00 EUR"]
    );
    assert!(matches!(
        run.left_out[0].left_out.reason,
        LeftOutReason::Disputed
    ));
}

#[test]
fn a_pause_ends_on_its_day_and_can_be_lifted_earlier() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "TIDE", "Tide & Co", Some("ap@tide.example"));
    invoice(&mut book, "INV-T1", "TIDE", "700.00", "2024-05-01");
    invoice(&mut book, "INV-T2", "TIDE", "300.00", "2024-05-01");
    let pause = book
        .add_pause(&PauseInput {
            customer: None,
            invoice: Some("INV-T2".into()),
            reason: "Goods being replaced".into(),
            from: date("2024-05-01"),
            until: date("2024-05-20"),
        })
        .unwrap();
    assert_eq!(
        pause.message,
        "Recorded pause 1: invoice INV-T2 is not chased from 2024-05-01 through 2024-05-20."
    );

    let on_the_last_day = book.propose_dunning(date("2024-05-20")).unwrap();
    assert_eq!(
        items(&on_the_last_day),
        ["TIDE L1 INV-T1 2024-05-01 19 open 700.00 EUR paid 0.00 EUR"]
    );
    let after = book.propose_dunning(date("2024-05-21")).unwrap();
    assert_eq!(
        items(&after),
        [
            "TIDE L1 INV-T1 2024-05-01 20 open 700.00 EUR paid 0.00 EUR",
            "TIDE L1 INV-T2 2024-05-01 20 open 300.00 EUR paid 0.00 EUR",
        ]
    );

    // Lifted on 2024-05-10, it no longer holds from that day.
    let lifted = book.lift_pause(1, date("2024-05-10")).unwrap();
    assert_eq!(
        lifted.message,
        "Lifted pause 1: invoice INV-T2 is chased again from 2024-05-10."
    );
    let run = book.propose_dunning(date("2024-05-10")).unwrap();
    assert_eq!(run.communications[0].communication.items.len(), 2);
    assert_eq!(
        book.pauses(date("2024-05-10")).unwrap()[0].message,
        "Pause 1 holds back invoice INV-T2 from 2024-05-01 through 2024-05-20, lifted on \
         2024-05-10: Goods being replaced."
    );
    let twice = book.lift_pause(1, date("2024-05-11")).unwrap_err();
    assert_eq!(
        twice.message,
        "Pause 1 was lifted on 2024-05-10 already; nothing was changed."
    );

    let refused = book
        .add_pause(&PauseInput {
            customer: Some("TIDE".into()),
            invoice: None,
            reason: " ".into(),
            from: date("2024-05-20"),
            until: date("2024-05-01"),
        })
        .unwrap_err();
    assert_eq!(
        refused.message,
        "The pause gives no reason; write why chasing is paused."
    );
}

#[test]
fn a_customer_with_its_own_gentle_policy_is_chased_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "BIRCH",
        "Birchwood Studios",
        Some("ap@birch.example"),
    );
    customer(&mut book, "OAK", "Oak Partners", Some("ap@oak.example"));
    invoice(&mut book, "INV-B", "BIRCH", "500.00", "2024-05-01");
    invoice(&mut book, "INV-O", "OAK", "500.00", "2024-05-01");
    let view = book
        .set_dunning_policy(
            Some("OAK"),
            &PolicyChoice::Preset {
                preset: Preset::Gentle,
            },
        )
        .unwrap();
    assert_eq!(
        view.message,
        "Customer OAK now has its own policy \"gentle\"."
    );
    assert_eq!(
        book.dunning_policy(Some("BIRCH")).unwrap().message,
        "Customer BIRCH follows the book's policy \"firm\"."
    );
    assert_eq!(
        book.dunning_policy(None).unwrap().message,
        "The book uses the shipped policy \"firm\"."
    );

    let run = book.propose_dunning(date("2024-05-20")).unwrap();
    assert_eq!(
        items(&run),
        ["BIRCH L1 INV-B 2024-05-01 19 open 500.00 EUR paid 0.00 EUR"]
    );
    let run = book.propose_dunning(date("2024-05-31")).unwrap();
    assert_eq!(
        items(&run),
        [
            "BIRCH L1 INV-B 2024-05-01 30 open 500.00 EUR paid 0.00 EUR",
            "OAK L1 INV-O 2024-05-01 30 open 500.00 EUR paid 0.00 EUR",
        ]
    );
    assert_eq!(
        run.communications[1].communication.templates[0].name,
        "gentle_reminder"
    );

    let cleared = book.clear_customer_policy("OAK").unwrap();
    assert_eq!(
        cleared.message,
        "Customer OAK follows the book's policy \"firm\"."
    );
}

#[test]
fn a_reminder_to_a_customer_without_an_email_address_is_printed_instead() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "PAPER", "Paper Mill KG", None);
    invoice(&mut book, "INV-1", "PAPER", "800.00", "2024-05-01");

    let run = book.propose_dunning(date("2024-05-10")).unwrap();
    book.approve_dunning(run.id, None).unwrap();
    let report = book.execute_dunning(run.id, date("2024-05-10")).unwrap();
    assert_eq!(
        report.executed[0].message,
        "Letter D-2024-000001 to customer PAPER is ready to print: level 1, 800.00 EUR. Customer \
         PAPER has no email address, so the reminder goes as a printed letter."
    );
    assert_eq!(report.executed[0].sent_by, ContactChannel::PrintedLetter);
    assert!(book.outbox().unwrap().is_empty(), "nothing is queued");
    let log = book.sent_communications(None).unwrap();
    assert_eq!(
        log[0].note.as_deref(),
        Some("Customer PAPER has no email address, so the reminder goes as a printed letter.")
    );
    let letter = log[0].letter.as_ref().unwrap();
    assert_eq!(
        letter["recipient"]["address_lines"],
        serde_json::json!(["Paper Mill KG", "Hafenweg 1", "20457 Hamburg"])
    );

    // On paper the items are the table, not a list in the text as well, and the letter closes
    // once, with the template's closing, at the line to sign on after how to pay.
    let pdf = book.communication_pdf(log[0].id).unwrap();
    let path = dir.path().join("reminder.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = std::process::Command::new("pdftotext")
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    let count = |wanted: &str| text.matches(wanted).count();
    assert_eq!(count("INV-1"), 1, "{text}");
    assert_eq!(count("Kind regards,"), 1, "{text}");
    assert_eq!(count("Yours sincerely,"), 0, "{text}");
    let at = |wanted: &str| {
        text.find(wanted)
            .unwrap_or_else(|| panic!("{wanted}: {text}"))
    };
    assert!(at("Amount due:") < at("Kind regards,"), "{text}");
    assert!(at("Kind regards,") < at("Accounts Receivable"), "{text}");
}

#[test]
fn letters_need_a_postal_address_and_nothing_is_sent_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    book.save_customer(&CustomerInput {
        reference: "NOWHERE".into(),
        name: "Nowhere Ltd".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    customer(
        &mut book,
        "KOWALSKI",
        "Kowalski Sp. z o.o.",
        Some("ap@kowalski.example"),
    );
    invoice(&mut book, "INV-1", "NOWHERE", "800.00", "2024-05-01");
    invoice(&mut book, "INV-2", "KOWALSKI", "800.00", "2024-05-01");

    let run = book.propose_dunning(date("2024-05-10")).unwrap();
    book.approve_dunning(run.id, None).unwrap();
    let refused = book
        .execute_dunning(run.id, date("2024-05-10"))
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert_eq!(
        refused.message,
        "Letters of run 1 would go to customers without a postal address: NOWHERE. Add one with \
         `customer address NOWHERE --line ...`, or approve only the other communications, then \
         execute again; nothing was sent."
    );
    assert!(book.sent_communications(None).unwrap().is_empty());

    // Approving only KOWALSKI's takes NOWHERE's approval back; it is skipped.
    let kowalski = run
        .communications
        .iter()
        .find(|c| c.communication.customer_reference == "KOWALSKI")
        .unwrap()
        .id;
    let unknown = book.approve_dunning(run.id, Some(&[99])).unwrap_err();
    assert_eq!(
        unknown.message,
        "Communication 99 is not in run 1; show the run with `dunning run 1` to see its \
         communications."
    );
    book.approve_dunning(run.id, Some(&[kowalski])).unwrap();
    let report = book.execute_dunning(run.id, date("2024-05-10")).unwrap();
    assert_eq!(report.executed.len(), 1);
    assert_eq!(report.skipped.len(), 1);
    let late = book.approve_dunning(run.id, None).unwrap_err();
    assert_eq!(
        late.message,
        "Run 1 was executed on 2024-05-10; its communications can no longer be approved. \
         Propose a new run to chase what is still open."
    );
}

#[test]
fn a_newer_proposal_for_the_same_day_replaces_the_older_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "KOWALSKI",
        "Kowalski Sp. z o.o.",
        Some("ap@kowalski.example"),
    );
    invoice(&mut book, "INV-1", "KOWALSKI", "800.00", "2024-05-01");
    let first = book.propose_dunning(date("2024-05-10")).unwrap();
    let second = book.propose_dunning(date("2024-05-10")).unwrap();
    let refused = book.approve_dunning(first.id, None).unwrap_err();
    assert_eq!(
        refused.message,
        "Run 1 was replaced by run 2, proposed later for the same date 2024-05-10; review and \
         approve run 2 instead."
    );
    assert_eq!(
        book.execute_dunning(second.id, date("2024-05-10"))
            .unwrap_err()
            .message,
        "Run 2 has no approved communication; approve them with `dunning approve 2 --all` or \
         `--communication ID`, then execute it."
    );
    book.approve_dunning(second.id, None).unwrap();
    assert_eq!(
        book.execute_dunning(second.id, date("2024-05-09"))
            .unwrap_err()
            .message,
        "Run 2 is for 2024-05-10; it cannot be executed on 2024-05-09, before that day. Execute \
         it on or after 2024-05-10."
    );
    assert_eq!(
        book.dunning_run(99).unwrap_err().message,
        "No dunning run with id 99 is in the book; list the runs with `dunning runs`."
    );
}

/// A customer with a credit profile, 8 % a year contractual interest, and INV-1 of 1,000.00
/// due 2024-01-01, taken up the firm ladder: reminder, call, formal demand, hand-over.
#[test]
fn the_ladder_is_climbed_one_level_per_contact_with_its_consequences() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "RHEIN",
        "Rheinufer Elektro KG",
        Some("ap@rheinufer.example"),
    );
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::Annual {
            percent: "8".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    book.set_credit_profile(
        &CreditProfileInput {
            customer: "RHEIN".into(),
            limit: "10000.00".parse().unwrap(),
            currency: None,
            max_terms_days: 30,
            default_terms_days: None,
            risk_class: None,
            status: None,
            review_date: None,
            review_interval_months: None,
            security_required: None,
        },
        date("2023-12-01"),
    )
    .unwrap();
    invoice(&mut book, "INV-1", "RHEIN", "1000.00", "2024-01-01");

    // A run long after the due date still starts with the reminder.
    let first = run_through(&mut book, "2024-01-31");
    assert_eq!(
        items(&first),
        ["RHEIN L1 INV-1 2024-01-01 30 open 1000.00 EUR paid 0.00 EUR"]
    );

    let second = book.propose_dunning(date("2024-02-07")).unwrap();
    book.approve_dunning(second.id, None).unwrap();
    let report = book.execute_dunning(second.id, date("2024-02-07")).unwrap();
    assert_eq!(
        report.executed[0].message,
        "Call customer RHEIN about D-2024-000002: level 2, 1000.00 EUR; the phone task is in \
         `phone-tasks`."
    );
    let tasks = book.phone_tasks(true).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].invoices, ["INV-1"]);
    let call = book
        .complete_phone_task(&CallOutcomeInput {
            task: tasks[0].id,
            outcome: PhoneOutcome::NoAnswer,
            note: "Voicemail".into(),
            done_on: date("2024-02-07"),
            promise: None,
            dispute: None,
        })
        .unwrap();
    assert_eq!(
        call.message,
        "Recorded the call of phone task 1 to customer RHEIN on 2024-02-07: no answer."
    );
    assert!(book.phone_tasks(true).unwrap().is_empty());

    // The formal demand charges interest (1,000.00 x 8 % x 44 / 365 = 9.64) and holds credit.
    let third = book.propose_dunning(date("2024-02-14")).unwrap();
    let demand = &third.communications[0].communication;
    assert_eq!(demand.level, 3);
    assert_eq!(demand.interest_total.to_string(), "9.64 EUR");
    assert_eq!(demand.total.to_string(), "1009.64 EUR");
    book.approve_dunning(third.id, None).unwrap();
    let report = book.execute_dunning(third.id, date("2024-02-14")).unwrap();
    assert_eq!(
        report.consequences[0].message,
        "Customer RHEIN: credit hold; its credit status is now on hold (was active)."
    );
    assert_eq!(
        book.credit_file("RHEIN").unwrap().profile.status,
        CreditStatus::OnHold
    );
    let log = book.sent_communications(Some("RHEIN")).unwrap();
    let letter = log[0].letter.as_ref().unwrap();
    assert_eq!(letter["subject"], "Formal demand for payment D-2024-000003");
    assert_eq!(letter["pay_by"], "2024-02-28", "a demand gives 14 days");

    // The hand-over claims interest again; only the part not charged before is charged now.
    let fourth = run_through(&mut book, "2024-03-01");
    assert_eq!(fourth.communications[0].communication.level, 4);
    assert_eq!(
        fourth.communications[0]
            .communication
            .interest_total
            .to_string(),
        "13.15 EUR"
    );
    let charges = book.charges("RHEIN", date("2024-03-01")).unwrap();
    let interest: Vec<String> = charges.invoices[0]
        .charges
        .iter()
        .map(|c| format!("{:?} {} {}", c.kind, c.amount, c.charged_on))
        .collect();
    assert_eq!(
        interest,
        [
            "Interest 9.64 EUR 2024-02-14",
            "Interest 3.51 EUR 2024-03-01"
        ]
    );
    assert_eq!(
        book.credit_file("RHEIN").unwrap().profile.status,
        CreditStatus::Blocked,
        "legal collection blocks the customer"
    );
    assert_eq!(
        book.sent_communications(Some("RHEIN")).unwrap().len(),
        4,
        "one contact per level"
    );
}

#[test]
fn a_fee_is_charged_once_however_often_the_run_is_repeated_b18() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "BIRCH",
        "Birchwood Studios",
        Some("ap@birch.example"),
    );
    invoice(&mut book, "INV-901", "BIRCH", "500.00", "2018-08-27");
    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.levels[0].fee_percent = Some("10".parse().unwrap());
    book.set_dunning_policy(
        None,
        &PolicyChoice::Json {
            json: serde_json::to_string(&policy).unwrap(),
        },
    )
    .unwrap();

    // The level with the 10 % fee is reached on 2018-09-03; the job runs 24 times that day.
    for _ in 0..24 {
        run_through(&mut book, "2018-09-03");
    }
    for day in 4..=10 {
        run_through(&mut book, &format!("2018-09-{day:02}"));
    }
    let charges = book.charges("BIRCH", date("2018-09-10")).unwrap();
    let claim = &charges.invoices[0];
    assert_eq!(claim.charges.len(), 1, "exactly one fee line");
    assert_eq!(claim.charges[0].amount.to_string(), "50.00 EUR");
    assert_eq!(claim.standing.total_open.to_string(), "550.00 EUR");
    assert_eq!(book.outbox().unwrap().len(), 1, "one email for that level");
}

#[test]
fn charges_stay_owed_after_the_principal_is_paid_b19() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "RHEIN",
        "Rheinufer Elektro KG",
        Some("ap@rheinufer.example"),
    );
    customer(
        &mut book,
        "NULL",
        "Nullzins AG",
        Some("ap@nullzins.example"),
    );
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::Annual {
            percent: "8".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    book.set_customer_interest(
        "NULL",
        Some(CustomerInterest::Annual {
            percent: "0".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    // One level: a demand letter at 30 days with a fee of 15.00 and interest (case A), and for
    // NULL its own with a fee of 50.00 at 0 % (case B).
    let demand = |fee: &str| {
        let mut policy = DunningPolicy::preset(Preset::Firm);
        policy.levels = vec![policy.levels[2].clone()];
        policy.levels[0].fees = vec![Money::new(fee.parse().unwrap(), eur())];
        PolicyChoice::Json {
            json: serde_json::to_string(&policy).unwrap(),
        }
    };
    book.set_dunning_policy(None, &demand("15.00")).unwrap();
    book.set_dunning_policy(Some("NULL"), &demand("50.00"))
        .unwrap();
    invoice(&mut book, "INV-1001", "RHEIN", "1000.00", "2025-01-31");
    invoice(&mut book, "INV-1002", "NULL", "1000.00", "2025-01-31");

    let run = run_through(&mut book, "2025-03-02");
    let totals: Vec<String> = run
        .communications
        .iter()
        .map(|c| {
            let c = &c.communication;
            format!(
                "{} {} + {} + {} = {}",
                c.customer_reference, c.claimed_total, c.interest_total, c.fee, c.total
            )
        })
        .collect();
    assert_eq!(
        totals,
        [
            "NULL 1000.00 EUR + 0.00 EUR + 50.00 EUR = 1050.00 EUR",
            "RHEIN 1000.00 EUR + 6.58 EUR + 15.00 EUR = 1021.58 EUR",
        ]
    );

    // RHEIN pays the invoice amount alone on 2025-03-10, naming the invoice.
    settle(
        &mut book,
        SettlementKind::Payment,
        "P-1001",
        "RHEIN",
        Some("INV-1001"),
        "1000.00",
        "2025-03-10",
    );
    let charges = book.charges("RHEIN", date("2025-03-31")).unwrap();
    let claim = &charges.invoices[0];
    let lines: Vec<String> = claim
        .charges
        .iter()
        .map(|c| format!("{:?} {} {} {:?}", c.kind, c.amount, c.charged_on, c.level))
        .collect();
    assert_eq!(
        lines,
        [
            "Fee 15.00 EUR 2025-03-02 Some(1)",
            "Interest 6.58 EUR 2025-03-02 Some(1)",
            "Interest 1.75 EUR 2025-03-31 None",
        ],
        "interest runs to the payment date, 38 days: 8.33 in all"
    );
    assert_eq!(claim.standing.principal_open.to_string(), "0.00 EUR");
    assert_eq!(claim.standing.charges_open.to_string(), "23.33 EUR");
    assert!(!claim.standing.resolved, "the dunning is not resolved");

    let paid = book
        .settle_charges(&ChargeSettlementInput {
            invoice: "INV-1001".into(),
            date: date("2025-04-02"),
            amount: Some("20.00".parse().unwrap()),
            waived: false,
            note: String::new(),
        })
        .unwrap();
    assert_eq!(
        paid,
        "Recorded 20.00 EUR received toward the charges on invoice INV-1001; 3.33 EUR of them is \
         still open."
    );
    let too_much = book
        .settle_charges(&ChargeSettlementInput {
            invoice: "INV-1001".into(),
            date: date("2025-04-03"),
            amount: Some("5.00".parse().unwrap()),
            waived: true,
            note: String::new(),
        })
        .unwrap_err();
    assert_eq!(
        too_much.message,
        "The amount 5.00 EUR is not accepted: the charges open on invoice INV-1001 are 3.33 EUR; \
         give an amount above zero and at most that."
    );
    let waived = book
        .settle_charges(&ChargeSettlementInput {
            invoice: "INV-1001".into(),
            date: date("2025-04-03"),
            amount: None,
            waived: true,
            note: "goodwill".into(),
        })
        .unwrap();
    assert_eq!(
        waived,
        "Waived 3.33 EUR of the charges on invoice INV-1001; 0.00 EUR of them is still open."
    );
    let resolved = book.charges("RHEIN", date("2025-04-03")).unwrap();
    assert!(resolved.invoices[0].standing.resolved);

    let null = book.charges("NULL", date("2025-03-02")).unwrap();
    assert_eq!(
        null.invoices[0].standing.charges_open.to_string(),
        "50.00 EUR"
    );
    assert_eq!(
        null.invoices[0].standing.total_open.to_string(),
        "1050.00 EUR"
    );
}

#[test]
fn a_promise_made_on_the_phone_holds_chasing_until_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "PINE",
        "Pine Hollow Farm",
        Some("ap@pine.example"),
    );
    invoice(&mut book, "INV-P", "PINE", "400.00", "2024-05-01");
    run_through(&mut book, "2024-05-08");
    run_through(&mut book, "2024-05-16");
    let task = book.phone_tasks(true).unwrap().remove(0);
    let answer = book
        .complete_phone_task(&CallOutcomeInput {
            task: task.id,
            outcome: PhoneOutcome::Promised,
            note: "Pays after the market".into(),
            done_on: date("2024-05-16"),
            promise: Some((
                "400.00".parse().unwrap(),
                date("2024-05-31"),
                "Mr Pine".into(),
            )),
            dispute: None,
        })
        .unwrap();
    assert!(
        answer.message.starts_with(
            "Recorded the call of phone task 1 to customer PINE on 2024-05-16: promised to \
             pay. Recorded promise 1 of customer PINE."
        ),
        "{}",
        answer.message
    );
    assert_eq!(answer.task.promise_id, Some(1));
    let held = book.propose_dunning(date("2024-05-31")).unwrap();
    assert_eq!(
        held.left_out[0].message,
        "Invoice INV-P (instalment 1, 400.00 EUR) is covered by a promise to pay by 2024-05-31; \
         it is not chased before then."
    );
    // Broken on 2024-06-01: chasing resumes after the call's level, with the formal demand.
    let resumed = book.propose_dunning(date("2024-06-01")).unwrap();
    assert_eq!(
        items(&resumed),
        ["PINE L3 INV-P 2024-05-01 31 open 400.00 EUR paid 0.00 EUR"]
    );

    let disputed = book
        .complete_phone_task(&CallOutcomeInput {
            task: task.id,
            outcome: PhoneOutcome::Disputed,
            note: String::new(),
            done_on: date("2024-05-17"),
            promise: None,
            dispute: None,
        })
        .unwrap_err();
    assert_eq!(
        disputed.message,
        "Phone task 1 was done on 2024-05-16 with the outcome \"promised to pay\"; nothing was \
         changed."
    );
}

#[test]
fn a_letter_in_chinese_for_a_customer_who_reads_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "HUA", "华东贸易有限公司", None);
    book.set_customer_address(&AddressInput {
        customer: "HUA".into(),
        lines: Some(vec!["上海市浦东新区世纪大道 100 号".into()]),
        country: Some("cn".into()),
        letter_language: Some(LetterLanguageChoice::Own(Language::SimplifiedChinese)),
    })
    .unwrap();
    invoice(&mut book, "INV-88", "HUA", "12345.60", "2024-05-01");
    run_through(&mut book, "2024-05-10");
    let log = book.sent_communications(Some("HUA")).unwrap();
    let letter = log[0].letter.as_ref().unwrap();
    assert_eq!(letter["language"], "zh-CN");
    assert_eq!(letter["recipient"]["country"], "CN");
    assert_eq!(
        letter["subject"],
        "付款提醒 D-2024-000001：逾期款项 12,345.60 EUR"
    );
    let body = letter["body"].as_str().unwrap();
    assert!(
        body.starts_with(
            "尊敬的华东贸易有限公司：\n\n根据我方记录，截至2024年5月10日，贵公司账户（客户编号 \
             HUA）下列款项已超过付款期限：\n\n- 发票 INV-88，到期日 2024年5月1日，逾期 9 天：\
             12,345.60 EUR\n"
        ),
        "{body}"
    );
}

#[test]
fn templates_and_policies_are_refused_with_a_sentence_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    let refused = book
        .save_letter_template(
            "reminder",
            Language::English,
            "Reminder {reference}",
            "Dear {customer},\n\nPlease pay {total}.",
        )
        .unwrap_err();
    assert_eq!(
        refused.message,
        "The body is not saved. Line 1 of the template names {customer}, which is not a \
         placeholder; use one of {customer_name}, {customer_reference}, {company_name}, \
         {as_of}, {total}, {currency}, {claimed_total}, {interest_total}, {fee}, \
         {compensation}, {pay_by}, {reference}, {level}, {items_count}, {items}, or write {{ and \
         }} for a brace of its own."
    );
    let unclosed = book
        .save_letter_template("reminder", Language::English, "Reminder {reference", "Body")
        .unwrap_err();
    assert_eq!(
        unclosed.message,
        "The subject is not saved. Line 1 of the template opens a placeholder with { and does \
         not close it; close it with }, or write {{ for a brace of its own."
    );
    let saved = book
        .save_letter_template(
            "reminder",
            Language::English,
            "Reminder {reference}",
            "Dear {customer_name},\n\nplease pay {total} {currency} by {pay_by}. {{Thank you}}",
        )
        .unwrap();
    assert!(saved.edited);
    assert_eq!(
        book.reset_letter_template("reminder", Language::English)
            .unwrap(),
        "The template \"reminder\" in en is the shipped text again."
    );

    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.levels[1].days_overdue = 7;
    policy.levels[2].templates[1].name = "stern_letter".into();
    policy.minimum_gap_days = 0;
    let refused = book
        .set_dunning_policy(
            None,
            &PolicyChoice::Json {
                json: serde_json::to_string(&policy).unwrap(),
            },
        )
        .unwrap_err();
    assert_eq!(
        refused.message,
        "Level 2 applies at 7 days overdue, not later than the level before it at 7 days; give \
         each level more days than the one before.\nThe minimum gap between two contacts is 0 \
         days; give at least 1 day, so that a customer is contacted at most once a day.\nLevel 3 \
         uses the template \"stern_letter\", which has no text in zh-CN; write one with \
         `dunning template edit stern_letter --language zh`, or choose a shipped template."
    );
    let not_json = book
        .set_dunning_policy(
            None,
            &PolicyChoice::Json {
                json: "{\"name\": 1}".into(),
            },
        )
        .unwrap_err();
    assert!(not_json
        .message
        .starts_with("The policy file is not a dunning policy: "));
}

#[test]
fn interest_terms_are_checked_by_the_interest_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "RHEIN", "Rheinufer Elektro KG", None);
    let refused = book
        .set_customer_interest(
            "RHEIN",
            Some(CustomerInterest::EuDirective {
                margin_points: "5".parse().unwrap(),
            }),
        )
        .unwrap_err();
    assert_eq!(
        refused.message,
        "The EU interest margin of 5 points is not accepted: Directive 2011/7/EU sets at least 8 \
         points above the ECB reference rate; give 8 or more."
    );
    assert_eq!(
        book.set_customer_interest("RHEIN", Some(CustomerInterest::ChinaSme))
            .unwrap(),
        "The invoices of customer RHEIN bear late-payment interest: 0.05 % a day (Regulations on \
         Ensuring Payments to SMEs)."
    );
    assert_eq!(
        book.set_customer_interest("RHEIN", None).unwrap(),
        "The invoices of customer RHEIN bear no late-payment interest."
    );
}

fn eur() -> Currency {
    Currency::from_code("EUR").unwrap()
}

/// The proposal is made in parts of a few hundred customers on two threads; over a book of
/// 700 customers with pauses, disputes, policies of their own and contacts before, it is the
/// proposal the core makes over the whole book at once.
#[test]
fn a_proposal_made_in_parts_is_the_proposal_of_the_whole_book() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    let csv = dir.path().join("ledger.csv");
    let mut rows =
        String::from("record,customer_ref,customer_name,number,date,due_date,amount,invoice\n");
    for c in 0..700 {
        for i in 0..3 {
            let due = 1 + (c * 7 + i * 11) % 28;
            rows.push_str(&format!(
                "invoice,C{c:04},Customer {c},I{c:04}-{i},2024-03-{due:02},2024-04-{due:02},{}.00,\n",
                100 + c * 3 + i
            ));
        }
    }
    std::fs::write(&csv, rows).unwrap();
    book.import_file(
        &creditdesk_app::ImportRequest {
            file: csv,
            profile: creditdesk_app::ProfileChoice::Builtin("generic".into()),
            currency: None,
            customer: None,
            terms: None,
            export_date: None,
            dry_run: false,
        },
        &mut |_| true,
    )
    .unwrap();
    for c in (0..700).step_by(13) {
        book.add_pause(&PauseInput {
            customer: Some(format!("C{c:04}")),
            invoice: None,
            reason: "Bench".into(),
            from: date("2024-04-01"),
            until: date("2024-06-30"),
        })
        .unwrap();
    }
    for c in (5..700).step_by(17) {
        book.add_pause(&PauseInput {
            customer: None,
            invoice: Some(format!("I{c:04}-1")),
            reason: "Credit note coming".into(),
            from: date("2024-04-01"),
            until: date("2024-06-30"),
        })
        .unwrap();
        book.set_disputed(&format!("I{:04}-2", c + 1), true)
            .unwrap();
    }
    for c in (3..700).step_by(29) {
        book.set_dunning_policy(
            Some(&format!("C{c:04}")),
            &PolicyChoice::Preset {
                preset: Preset::Gentle,
            },
        )
        .unwrap();
    }
    // Contacts before: a run on 2024-05-10 of which every other communication went out.
    let earlier = book.propose_dunning(date("2024-05-10")).unwrap();
    let some: Vec<i64> = earlier
        .communications
        .iter()
        .step_by(2)
        .map(|c| c.id)
        .collect();
    book.approve_dunning(earlier.id, Some(&some)).unwrap();
    // Letters go by email to customers without an address: give them none but an email.
    for c in &earlier.communications {
        book.save_customer(&CustomerInput {
            reference: c.communication.customer_reference.clone(),
            name: String::new(),
            country: None,
            email: Some("ap@example.com".into()),
            channel: None,
        })
        .unwrap();
    }
    book.execute_dunning(earlier.id, date("2024-05-10"))
        .unwrap();

    let as_of = date("2024-05-31");
    let parts = book.preview_dunning(as_of).unwrap();
    let store = creditdesk_store::Book::open(book.path()).unwrap();
    let read = store.dunning_book(as_of).unwrap();
    let whole = creditdesk_core::dunning::propose(&creditdesk_core::dunning::RunInput {
        as_of,
        policies: &read.policies,
        items: &read.items,
        unapplied: &read.unapplied,
        disputes: &read.disputes,
        promises: &[],
        plans: &[],
        pauses: &read.pauses,
        history: &read.history,
        rates: &creditdesk_core::interest::RateTables::shipped(),
    });
    assert!(
        whole.communications.len() > 300,
        "{}",
        whole.communications.len()
    );
    assert!(whole.left_out.len() > 100, "{}", whole.left_out.len());
    assert_eq!(parts, whole);
}

#[test]
fn the_demo_book_prints_and_mails_its_first_run_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.creditdesk");
    let end = date("2026-11-30");
    let request = creditdesk_app::DemoRequest::from(creditdesk_app::demo::DemoSpec::demo(end));
    creditdesk_app::create_demo_book(&path, &request).unwrap();
    let mut book = OpenBook::open(&path).unwrap();

    // Every customer has a postal address; those in China are written to in Chinese.
    let address = book.customer_address("CUST-00059").unwrap();
    assert_eq!(address.lines.len(), 2, "{address:?}");

    let run = book.propose_dunning(end).unwrap();
    assert!(
        run.communications.len() >= 20,
        "{}",
        run.communications.len()
    );
    book.approve_dunning(run.id, None).unwrap();
    let report = book.execute_dunning(run.id, end).unwrap();
    assert_eq!(report.executed.len(), run.communications.len());
    assert_eq!(report.outbox.len(), book.outbox().unwrap().len());
    // Every letter and email was printed, in its customer's language.
    for line in &report.executed {
        if line.sent_by == ContactChannel::PhoneTask {
            continue;
        }
        let pdf = book.communication_pdf(line.communication_id).unwrap();
        assert!(pdf.bytes.starts_with(b"%PDF-"), "{}", line.reference);
    }
    let chinese = book.sent_communications(Some("CUST-00059")).unwrap();
    assert_eq!(chinese[0].letter.as_ref().unwrap()["language"], "zh-CN");
}

#[test]
fn the_customer_timeline_shows_each_letter_call_and_charge_settled() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "RHEIN",
        "Rheinufer Elektro KG",
        Some("ap@rheinufer.example"),
    );
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::Annual {
            percent: "8".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    invoice(&mut book, "INV-1001", "RHEIN", "1000.00", "2025-02-28");

    // The firm ladder: a reminder on 2025-03-07, a call on 2025-03-15 (nobody answers), a
    // formal demand with interest on 2025-03-31; the interest is then waived.
    run_through(&mut book, "2025-03-07");
    run_through(&mut book, "2025-03-15");
    let task = book.phone_tasks(true).unwrap()[0].id;
    book.complete_phone_task(&CallOutcomeInput {
        task,
        outcome: PhoneOutcome::NoAnswer,
        note: String::new(),
        done_on: date("2025-03-15"),
        promise: None,
        dispute: None,
    })
    .unwrap();
    run_through(&mut book, "2025-03-31");
    book.settle_charges(&ChargeSettlementInput {
        invoice: "INV-1001".into(),
        date: date("2025-04-02"),
        amount: None,
        waived: true,
        note: "goodwill".into(),
    })
    .unwrap();

    let detail = book.customer_detail("RHEIN", date("2025-04-30")).unwrap();
    let events: Vec<String> = detail
        .timeline
        .iter()
        .filter(|e| e.date >= date("2025-03-01") && e.date <= date("2025-04-30"))
        .map(|e| {
            format!(
                "{} {} {} {}",
                e.date,
                serde_json::to_value(e.kind).unwrap().as_str().unwrap(),
                e.reference,
                e.detail.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            "2025-04-02 charges_settled INV-1001 waived",
            "2025-03-31 communication_sent D-2025-000003 printed_letter",
            "2025-03-15 phone_call_done D-2025-000002 no_answer",
            "2025-03-15 communication_sent D-2025-000002 phone_task",
            "2025-03-07 communication_sent D-2025-000001 email_reminder",
        ]
    );
}

#[test]
fn the_statutory_compensation_is_claimed_in_the_letter_and_charged_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "RHEIN", "Rheinufer Elektro KG", None);
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::GermanyBgb288 { consumer: false }),
    )
    .unwrap();
    invoice(&mut book, "INV-2001", "RHEIN", "1000.00", "2025-01-31");
    // Demands at 30 and 60 days, both with interest (the firm ladder's top two levels).
    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.levels = policy.levels[2..].to_vec();
    book.set_dunning_policy(
        None,
        &PolicyChoice::Json {
            json: serde_json::to_string(&policy).unwrap(),
        },
    )
    .unwrap();

    let first = run_through(&mut book, "2025-03-03");
    let demand = &first.communications[0].communication;
    assert_eq!(
        demand.compensation,
        Some(Money::new("40.00".parse().unwrap(), eur()))
    );
    let second = run_through(&mut book, "2025-04-01");
    let handover = &second.communications[0].communication;
    // Still owed, so claimed again in the letter; charged only once.
    assert_eq!(
        handover.compensation,
        Some(Money::new("40.00".parse().unwrap(), eur()))
    );
    let charges = book.charges("RHEIN", date("2025-04-01")).unwrap();
    let compensation: Vec<String> = charges.invoices[0]
        .charges
        .iter()
        .filter(|c| c.kind == creditdesk_core::dunning::ChargeKind::Compensation)
        .map(|c| format!("{} {}", c.charged_on, c.amount))
        .collect();
    assert_eq!(compensation, ["2025-03-03 40.00 EUR"]);

    // The letter prints it among the totals.
    let pdf = book.communication_pdf(second.communications[0].id).unwrap();
    let path = dir.path().join("handover.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Fixed compensation for recovery costs"),
        "{text}"
    );
}

#[test]
fn a_plan_missed_beyond_its_grace_is_broken_by_the_run_and_its_balance_chased() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "HARBOUR",
        "Harbour Supplies",
        Some("ap@harbour.example"),
    );
    invoice(&mut book, "INV-H", "HARBOUR", "600.00", "2024-03-31");
    // Two parts of 300.00, due 2024-05-20 and 2024-06-19, with 10 days' grace; nothing is paid.
    book.create_plan(&PlanInput {
        customer: "HARBOUR".into(),
        invoices: vec!["INV-H".into()],
        start_on: date("2024-04-20"),
        down_payment: None,
        schedule: PlanScheduleInput::EqualParts {
            parts: 2,
            interval: PlanInterval::Days { days: 30 },
        },
        annual_rate_percent: None,
        grace_days: 10,
    })
    .unwrap();

    // Within the grace period the plan holds chasing back.
    let within = book.propose_dunning(date("2024-05-28")).unwrap();
    assert!(within.communications.is_empty());
    // Past it, the run records the plan broken (on 2024-05-31, the day after the grace): the
    // second part falls due that day too, and by 2024-06-10 the whole balance is chased.
    let past = book.propose_dunning(date("2024-06-10")).unwrap();
    assert!(
        past.message.ends_with(
            "Payment plan(s) PLAN-1 were missed beyond their grace period and are recorded \
             broken: their balance is due at once."
        ),
        "{}",
        past.message
    );
    assert_eq!(past.communications.len(), 1);
    let letter = &past.communications[0].communication;
    assert_eq!(
        letter.claimed_total,
        Money::new("600.00".parse().unwrap(), eur())
    );
}

#[test]
fn a_run_overtaken_by_a_later_run_executed_since_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(
        &mut book,
        "KOWALSKI",
        "Kowalski Sp. z o.o.",
        Some("ap@kowalski.example"),
    );
    invoice(&mut book, "INV-101", "KOWALSKI", "1000.00", "2025-02-28");
    let older = book.propose_dunning(date("2025-03-10")).unwrap();
    book.approve_dunning(older.id, None).unwrap();
    let newer = run_through(&mut book, "2025-03-31");
    let err = book
        .execute_dunning(older.id, date("2025-04-01"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(
        err.message,
        format!(
            "Run {} is out of date: run {}, proposed after it for 2025-03-31, was executed \
             already. Propose a new run to chase what is still open; nothing was sent.",
            older.id, newer.id
        )
    );
    assert_eq!(book.outbox().unwrap().len(), 1);
}

#[test]
fn a_call_can_only_dispute_an_invoice_it_was_about() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "PINE", "Pine Tools AG", Some("ap@pine.example"));
    customer(&mut book, "OAK", "Oak Works AG", Some("ap@oak.example"));
    invoice(&mut book, "INV-P", "PINE", "400.00", "2025-02-28");
    invoice(&mut book, "INV-O", "OAK", "900.00", "2025-02-28");
    run_through(&mut book, "2025-03-07");
    run_through(&mut book, "2025-03-15");
    let task = book
        .phone_tasks(true)
        .unwrap()
        .into_iter()
        .find(|t| t.customer_reference == "PINE")
        .unwrap();
    let err = book
        .complete_phone_task(&CallOutcomeInput {
            task: task.id,
            outcome: PhoneOutcome::Disputed,
            note: String::new(),
            done_on: date("2025-03-15"),
            promise: None,
            dispute: Some(("INV-O".into(), DisputeReason::Quality)),
        })
        .unwrap_err();
    assert_eq!(
        err.message,
        format!(
            "Phone task {} was a call about invoice(s) INV-P of customer PINE; the invoice \
             \"INV-O\" contested must be one of them. Nothing was recorded.",
            task.id
        )
    );
    assert!(book
        .disputes(date("2025-03-15"))
        .unwrap()
        .disputes
        .is_empty());
    assert!(book
        .phone_tasks(true)
        .unwrap()
        .iter()
        .any(|t| t.id == task.id));
}

/// The demand letters of the firm ladder (30 days, then the hand-over at 60), both claiming
/// interest, as the book's policy.
fn demands_only(book: &mut OpenBook) {
    let mut policy = DunningPolicy::preset(Preset::Firm);
    policy.levels = policy.levels[2..].to_vec();
    book.set_dunning_policy(
        None,
        &PolicyChoice::Json {
            json: serde_json::to_string(&policy).unwrap(),
        },
    )
    .unwrap();
}

fn interest_charges(book: &OpenBook, customer: &str, on: &str) -> Vec<String> {
    book.charges(customer, date(on))
        .unwrap()
        .invoices
        .iter()
        .flat_map(|claim| claim.charges.iter())
        .filter(|c| c.kind == creditdesk_core::dunning::ChargeKind::Interest)
        .map(|c| format!("{} {} {:?}", c.charged_on, c.amount, c.level))
        .collect()
}

#[test]
fn a_disputed_part_bears_no_interest_in_the_run_nor_in_the_charges_while_the_dispute_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "RHEIN", "Rheinufer Elektro KG", None);
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::Annual {
            percent: "8".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    demands_only(&mut book);
    invoice(&mut book, "INV-1001", "RHEIN", "1000.00", "2025-01-31");

    // The demand at 30 days: 1,000 x 8 % x 30 / 365 = 6.58.
    let first = run_through(&mut book, "2025-03-02");
    assert_eq!(
        first.communications[0]
            .communication
            .interest_total
            .to_string(),
        "6.58 EUR"
    );
    // The customer contests 400.00 of it.
    book.open_dispute(&creditdesk_app::DisputeInput {
        invoice: "INV-1001".into(),
        amount: Some("400.00".parse().unwrap()),
        line: None,
        reason: DisputeReason::Quantity,
        note: String::new(),
        opened_on: date("2025-03-05"),
    })
    .unwrap();

    // The hand-over at 60 days claims the 600.00 not in dispute, with its interest only:
    // 600 x 8 % x 60 / 365 = 7.89, of which 1.31 was not charged before.
    let second = run_through(&mut book, "2025-04-01");
    let handover = &second.communications[0].communication;
    assert_eq!(handover.claimed_total.to_string(), "600.00 EUR");
    assert_eq!(handover.interest_total.to_string(), "7.89 EUR");
    // The charges agree with the run: nothing accrues on the 400.00 in dispute (on the whole
    // invoice it would be 13.15, and 5.26 more would show as accrued since).
    assert_eq!(
        interest_charges(&book, "RHEIN", "2025-04-01"),
        ["2025-03-02 6.58 EUR Some(1)", "2025-04-01 1.31 EUR Some(2)"]
    );

    // The dispute is rejected on 2025-04-10: the 400.00 is owed after all, and bears interest
    // from the due date like the rest: 1,000 x 8 % x 69 / 365 = 15.12, 7.23 more than charged.
    let id = book.dispute_entries().unwrap()[0].id;
    book.resolve_dispute(&creditdesk_app::DisputeResolutionInput {
        id,
        verdict: creditdesk_app::DisputeVerdict::Rejected,
        accepted: None,
        note: "Delivered in full".into(),
        resolved_on: date("2025-04-10"),
    })
    .unwrap();
    assert_eq!(
        interest_charges(&book, "RHEIN", "2025-04-10"),
        [
            "2025-03-02 6.58 EUR Some(1)",
            "2025-04-01 1.31 EUR Some(2)",
            "2025-04-10 7.23 EUR None"
        ]
    );
}

#[test]
fn each_instalment_bears_interest_from_its_own_due_date_and_is_charged_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "SAGUARO", "Saguaro Irrigation Inc.", None);
    book.set_customer_interest(
        "SAGUARO",
        Some(CustomerInterest::Annual {
            percent: "8".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    demands_only(&mut book);
    // INV-301: 1,000.00 in two instalments of 500.00, due 2025-01-31 and 2025-02-28.
    book.post_invoice(&InvoiceInput {
        number: "INV-301".into(),
        customer: "SAGUARO".into(),
        issue_date: date("2025-01-01"),
        amount: "1000.00".parse().unwrap(),
        currency: None,
        due_date: None,
        terms: Some("net 30 in 2 parts every 1 month".into()),
        disputed: false,
    })
    .unwrap();

    // 2025-03-02: only the first instalment is 30 days overdue: 500 x 8 % x 30 / 365 = 3.29.
    let first = run_through(&mut book, "2025-03-02");
    assert_eq!(
        items(&first),
        ["SAGUARO L1 INV-301 2025-01-31 30 open 500.00 EUR paid 0.00 EUR"]
    );

    // 2025-04-01, one run: the first instalment at 60 days gets the hand-over (500 x 8 % x 60
    // / 365 = 6.58), the second at 32 days its first demand (500 x 8 % x 32 / 365 = 3.51).
    let second = run_through(&mut book, "2025-04-01");
    assert_eq!(
        items(&second),
        [
            "SAGUARO L1 INV-301 2025-02-28 32 open 500.00 EUR paid 0.00 EUR",
            "SAGUARO L2 INV-301 2025-01-31 60 open 500.00 EUR paid 0.00 EUR",
        ]
    );
    // Each instalment is charged its own interest once: 6.58 + 3.51 = 10.09 in all, the
    // second instalment's 3.51 in full and the first's 3.29 more than claimed before.
    assert_eq!(
        interest_charges(&book, "SAGUARO", "2025-04-01"),
        [
            "2025-03-02 3.29 EUR Some(1)",
            "2025-04-01 3.51 EUR Some(1)",
            "2025-04-01 3.29 EUR Some(2)",
        ]
    );
    // The charges accrue on each instalment from its own due date, so nothing was missed.
    let charges = book.charges("SAGUARO", date("2025-04-01")).unwrap();
    assert_eq!(
        charges.invoices[0].standing.charges_open.to_string(),
        "10.09 EUR"
    );
}

#[test]
fn a_demand_says_what_fixed_compensation_it_claims() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "RHEIN", "Rheinufer Elektro KG", None);
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::EuDirective {
            margin_points: "8".parse().unwrap(),
        }),
    )
    .unwrap();
    demands_only(&mut book);
    invoice(&mut book, "INV-2001", "RHEIN", "1000.00", "2025-01-31");

    let run = run_through(&mut book, "2025-03-03");
    let demand = &run.communications[0].communication;
    let log = book.sent_communications(Some("RHEIN")).unwrap();
    let body = log[0].letter.as_ref().unwrap()["body"]
        .as_str()
        .unwrap()
        .to_string();
    let amount = |m| format_amount(m, Language::English);
    let (interest, total) = (amount(demand.interest_total), amount(demand.total));
    assert_eq!(
        demand.total.amount(),
        demand.claimed_total.amount() + demand.interest_total.amount() + Decimal::from(40),
        "the total is the principal, the interest and the compensation"
    );
    assert!(
        body.contains(&format!(
            "- Invoice INV-2001, due 31 January 2025, 31 days overdue: 1,000.00 EUR, interest \
             {interest} EUR, fixed compensation 40.00 EUR\n"
        )),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            "Principal overdue: 1,000.00 EUR\nLate-payment interest to 3 March 2025: {interest} \
             EUR\nDunning fee: 0.00 EUR\nFixed compensation for recovery costs: 40.00 EUR\n\
             Total now due: {total} EUR\n"
        )),
        "{body}"
    );
}

#[test]
fn characters_letters_cannot_print_are_refused_when_they_are_entered() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());

    let mut company = book.company_settings().unwrap();
    company.legal_name = "鈴木商事株式会社".into();
    let refused = book.save_company_settings(&company).unwrap_err();
    assert_eq!(refused.code, ErrorCode::InvalidInput);
    assert_eq!(
        refused.message,
        "The legal name has the character \"鈴\" (U+9234) at position 1, which the letter font \
         cannot draw: letters print Latin letters and the Simplified Chinese characters of \
         GB2312. Replace it (a traditional or Japanese character by its simplified form, where \
         it has one), or remove it."
    );
    let mut company = book.company_settings().unwrap();
    company.address_lines = vec!["Seestrasse 4".into(), "東京都港区".into()];
    assert_eq!(
        Language::SimplifiedChinese
            .during(|| book.save_company_settings(&company).unwrap_err())
            .message,
        "公司地址第 2 行第 1 个字符“東”（U+6771）无法用信函字体显示：信函只能打印拉丁字母和 \
         GB2312 中的简体汉字。请替换该字符（繁体字或日文汉字可改用其简体字形），或将其删除。"
    );

    let refused = book
        .save_customer(&CustomerInput {
            reference: "SUZUKI".into(),
            name: "鈴木商事".into(),
            country: Some("JP".into()),
            email: None,
            channel: None,
        })
        .unwrap_err();
    assert_eq!(
        refused.message,
        "The customer name has the character \"鈴\" (U+9234) at position 1, which the letter \
         font cannot draw: letters print Latin letters and the Simplified Chinese characters of \
         GB2312. Replace it (a traditional or Japanese character by its simplified form, where \
         it has one), or remove it."
    );
    // Simplified Chinese and accented Latin letters print.
    customer(&mut book, "HUA", "华东贸易有限公司", None);
    customer(&mut book, "LODZ", "Łódź Żółć Sp. z o.o.", None);

    let refused = book
        .set_customer_address(&AddressInput {
            customer: "HUA".into(),
            lines: Some(vec!["港区芝公园 4-2-8".into(), "東京都".into()]),
            country: Some("JP".into()),
            letter_language: None,
        })
        .unwrap_err();
    assert_eq!(
        refused.message,
        "Line 2 of the postal address has the character \"東\" (U+6771) at position 1, which the \
         letter font cannot draw: letters print Latin letters and the Simplified Chinese \
         characters of GB2312. Replace it (a traditional or Japanese character by its \
         simplified form, where it has one), or remove it."
    );
    assert_eq!(
        book.customer_address("HUA").unwrap().lines,
        ["华东贸易有限公司", "Hafenweg 1", "20457 Hamburg"],
        "nothing was saved"
    );
}

#[test]
fn an_imported_name_letters_cannot_print_is_a_problem_of_its_customer_when_the_run_is_proposed() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    // The other system knows the customer by its Japanese name; the import keeps it.
    let csv = dir.path().join("ledger.csv");
    std::fs::write(
        &csv,
        "record,customer_ref,customer_name,number,date,due_date,amount\n\
         invoice,SUZUKI,鈴木商事,INV-71,2025-02-01,2025-03-03,800.00\n\
         invoice,HUA,华东贸易有限公司,INV-72,2025-02-01,2025-03-03,500.00\n\
         invoice,TOKYO,Tokyo Trading,東京-73,2025-02-01,2025-03-03,300.00\n",
    )
    .unwrap();
    book.import_file(
        &creditdesk_app::ImportRequest {
            file: csv,
            profile: creditdesk_app::ProfileChoice::Builtin("generic".into()),
            currency: None,
            customer: None,
            terms: None,
            export_date: None,
            dry_run: false,
        },
        &mut |_| true,
    )
    .unwrap();
    for reference in ["SUZUKI", "HUA", "TOKYO"] {
        book.set_customer_address(&AddressInput {
            customer: reference.into(),
            lines: Some(vec!["Hafenweg 1".into(), "20457 Hamburg".into()]),
            country: None,
            letter_language: None,
        })
        .unwrap();
    }

    // The reminder would go by email with the letter as a PDF: the run says so now.
    let run = book.propose_dunning(date("2025-03-10")).unwrap();
    let customers: Vec<&str> = run
        .communications
        .iter()
        .map(|c| c.communication.customer_reference.as_str())
        .collect();
    assert_eq!(customers, ["HUA"]);
    let problems: Vec<&str> = run.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        problems,
        [
            "The level 1 letter to customer SUZUKI is left out of this run: its name \"鈴木商事\" \
          has the character \"鈴\" (U+9234), which the letter font cannot draw: letters print \
          Latin letters and the Simplified Chinese characters of GB2312. Replace it (a \
          traditional or Japanese character by its simplified form, where it has one), or \
          remove it. Then propose the run again.",
            "The level 1 letter to customer TOKYO is left out of this run: its invoice number \
          \"東京-73\" has the character \"東\" (U+6771), which the letter font cannot draw: \
          letters print Latin letters and the Simplified Chinese characters of GB2312. Replace \
          it (a traditional or Japanese character by its simplified form, where it has one), or \
          remove it. Then propose the run again."
        ]
    );
    assert_eq!(
        Language::SimplifiedChinese.during(|| book.dunning_run(run.id).unwrap().problems[0]
            .message
            .clone()),
        "致客户 SUZUKI 的第 1 级信函未纳入本批次：其名称“鈴木商事”中的字符“鈴”（U+9234）无法用信函\
         字体显示：信函只能打印拉丁字母和 GB2312 中的简体汉字。请替换该字符（繁体字或日文汉字可改\
         用其简体字形），或将其删除。然后重新生成批次。"
    );
    // The rest of the run executes.
    book.approve_dunning(run.id, None).unwrap();
    let report = book.execute_dunning(run.id, date("2025-03-10")).unwrap();
    assert_eq!(report.executed.len(), 1);

    // Once the name is corrected by hand, the next run writes to the customer.
    book.save_customer(&CustomerInput {
        reference: "SUZUKI".into(),
        name: "Suzuki Shoji K.K.".into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
    let next = book.propose_dunning(date("2025-03-10")).unwrap();
    assert_eq!(
        next.problems.len(),
        1,
        "TOKYO's invoice number is still unprintable"
    );
    assert_eq!(
        next.communications[0].communication.customer_reference,
        "SUZUKI"
    );
}

#[test]
fn a_customer_letter_language_can_follow_the_company_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "HUA", "华东贸易有限公司", None);
    let set = |book: &mut OpenBook, choice| {
        book.set_customer_address(&AddressInput {
            customer: "HUA".into(),
            lines: None,
            country: None,
            letter_language: Some(choice),
        })
        .unwrap()
    };
    set(
        &mut book,
        LetterLanguageChoice::Own(Language::SimplifiedChinese),
    );
    assert_eq!(
        book.customer_address("HUA").unwrap().letter_language,
        Some(Language::SimplifiedChinese)
    );
    assert_eq!(
        set(&mut book, LetterLanguageChoice::Company),
        "Saved the postal address and letter language of customer HUA."
    );
    let address = book.customer_address("HUA").unwrap();
    assert_eq!(
        address.letter_language, None,
        "the company's language applies"
    );
    assert_eq!(address.lines.len(), 3, "the address is kept");
}

/// Imports `rows` (the generic layout, without its header) into the book.
fn import_rows(book: &mut OpenBook, dir: &std::path::Path, rows: &str) {
    let csv = dir.join("ledger.csv");
    std::fs::write(
        &csv,
        format!("record,customer_ref,number,date,due_date,amount,invoice\n{rows}"),
    )
    .unwrap();
    let report = book
        .import_file(
            &creditdesk_app::ImportRequest {
                file: csv,
                profile: creditdesk_app::ProfileChoice::Builtin("generic".into()),
                currency: None,
                customer: None,
                terms: None,
                export_date: None,
                dry_run: false,
            },
            &mut |_| true,
        )
        .unwrap();
    assert!(report.committed, "{:?}", report.problems);
}

#[test]
fn a_bounced_payment_is_chased_with_interest_for_the_days_the_money_was_owed() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "RHEIN", "Rheinufer Elektro KG", None);
    book.set_customer_interest(
        "RHEIN",
        Some(CustomerInterest::Annual {
            percent: "8".parse().unwrap(),
            day_count: DayCount::Actual365,
        }),
    )
    .unwrap();
    demands_only(&mut book);
    // Paid ten days late; the transfer bounced ten days later, and the export lists the bank's
    // reversal as a refund of the payment naming the invoice.
    import_rows(
        &mut book,
        dir.path(),
        "invoice,RHEIN,INV-2001,2025-01-01,2025-01-31,1000.00,\n\
         payment,RHEIN,P-1,2025-02-10,,1000.00,INV-2001\n\
         payment,RHEIN,P-1-R,2025-02-20,,-1000.00,INV-2001\n",
    );

    // Owed 02-01..02-10 and again 02-21..03-02: 20 days, 1,000 x 8 % x 20 / 365 = 4.38.
    let run = run_through(&mut book, "2025-03-02");
    assert_eq!(
        items(&run),
        ["RHEIN L1 INV-2001 2025-01-31 30 open 1000.00 EUR paid 0.00 EUR"]
    );
    assert_eq!(
        run.communications[0]
            .communication
            .interest_total
            .to_string(),
        "4.38 EUR"
    );
    assert_eq!(
        interest_charges(&book, "RHEIN", "2025-03-02"),
        ["2025-03-02 4.38 EUR Some(1)"]
    );
}

#[test]
fn money_refunded_before_it_was_allocated_does_not_hold_back_the_chase() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = lakeside(dir.path());
    customer(&mut book, "OSTRA", "Ostrander Holz GmbH", None);
    demands_only(&mut book);
    // 500.00 arrived without naming an invoice and went back to the customer a week later:
    // nothing is left to allocate, so the overdue invoice is chased.
    import_rows(
        &mut book,
        dir.path(),
        "invoice,OSTRA,INV-3001,2025-01-01,2025-01-31,500.00,\n\
         payment,OSTRA,P-7,2025-02-03,,500.00,\n\
         payment,OSTRA,P-7-R,2025-02-10,,-500.00,\n",
    );
    let run = book.propose_dunning(date("2025-03-02")).unwrap();
    assert_eq!(run.allocation_tasks.len(), 0, "{:?}", run.allocation_tasks);
    assert_eq!(
        items(&run),
        ["OSTRA L1 INV-3001 2025-01-31 30 open 500.00 EUR paid 0.00 EUR"]
    );
}
