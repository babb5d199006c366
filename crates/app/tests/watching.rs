//! Watching credit across a book: the exposure of every customer at once equals the exposure
//! asked for customer by customer (mixed currencies, disputed invoices, open orders), a risk
//! score read from the book, and the alerts of a small book.

use std::path::Path;

use chrono::NaiveDate;
use creditdesk_app::error::ErrorCode;
use creditdesk_app::{
    CreditProfileInput, CustomerInput, InvoiceInput, Language, NewBook, OpenBook, OrderInput,
    SettlementInput,
};
use creditdesk_core::credit::{
    Alert, ExchangeRate, ExposureTotals, InsurerReport, TradeCreditInsurance,
};
use creditdesk_core::ledger::SettlementKind;
use creditdesk_core::{Currency, Money};
use rust_decimal::Decimal;

fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn euros(text: &str) -> Money {
    Money::exact(decimal(text), currency("EUR")).unwrap()
}

const AS_OF: &str = "2024-08-01";

fn customer(book: &mut OpenBook, reference: &str, name: &str) {
    book.save_customer(&CustomerInput {
        reference: reference.into(),
        name: name.into(),
        country: None,
        email: None,
        channel: None,
    })
    .unwrap();
}

fn invoice(book: &mut OpenBook, number: &str, customer: &str, amount: &str, due: &str) {
    let (amount, code) = amount.split_once(' ').unwrap();
    book.post_invoice(&InvoiceInput {
        number: number.into(),
        customer: customer.into(),
        issue_date: date("2024-04-01"),
        amount: decimal(amount),
        currency: Some(currency(code)),
        due_date: Some(date(due)),
        terms: None,
        disputed: false,
    })
    .unwrap();
}

fn pay(
    book: &mut OpenBook,
    reference: &str,
    customer: &str,
    invoice: &str,
    amount: &str,
    on: &str,
) {
    book.record_settlement(&SettlementInput {
        kind: SettlementKind::Payment,
        reference: reference.into(),
        customer: customer.into(),
        date: date(on),
        amount: Some(decimal(amount)),
        currency: None,
        invoice: Some(invoice.into()),
        paid: None,
    })
    .map(|_| ())
    .unwrap_or_else(|e| panic!("{}", e.message));
}

fn profile(customer: &str, limit: &str) -> CreditProfileInput {
    CreditProfileInput {
        customer: customer.into(),
        limit: decimal(limit),
        currency: Some(currency("EUR")),
        max_terms_days: 60,
        default_terms_days: None,
        risk_class: None,
        status: None,
        review_date: Some(date("2024-12-31")),
        review_interval_months: None,
        security_required: None,
    }
}

/// Marigold Events owes in EUR, USD (disputed) and JPY, has paid one invoice 20 days late and
/// has open orders in EUR and USD against a limit of 5,000.00 EUR. Linden Foods is insured and
/// owes an invoice 50 days overdue. Oakwood Ltd has no credit profile.
fn harbour(dir: &Path) -> OpenBook {
    let path = dir.join("watching.creditdesk");
    let new = NewBook {
        name: "Harbour & Finch LLP".into(),
        currency: currency("EUR"),
    };
    let mut book = creditdesk_app::create_book(&path, &new).unwrap();
    customer(&mut book, "MARI", "Marigold Events");
    customer(&mut book, "LIND", "Linden Foods");
    customer(&mut book, "OAK", "Oakwood Ltd");
    invoice(&mut book, "INV-1", "MARI", "2000.00 EUR", "2024-04-01");
    invoice(&mut book, "INV-2", "MARI", "1.01 USD", "2024-08-15");
    invoice(&mut book, "INV-3", "MARI", "12345 JPY", "2024-07-22");
    invoice(&mut book, "INV-4", "MARI", "1000.00 EUR", "2024-06-01");
    invoice(&mut book, "INV-5", "LIND", "3000.00 EUR", "2024-06-12");
    invoice(&mut book, "INV-6", "OAK", "800.00 EUR", "2024-06-01");
    book.set_disputed("INV-2", true).unwrap();
    pay(&mut book, "PAY-1", "MARI", "INV-1", "2000.00", "2024-04-21");
    for (from, rate) in [("USD", "0.333"), ("JPY", "0.0059")] {
        book.set_exchange_rate(&ExchangeRate {
            from: currency(from),
            to: currency("EUR"),
            date: date("2024-04-01"),
            rate: decimal(rate),
        })
        .unwrap();
    }
    book.set_credit_profile(&profile("MARI", "5000.00"), date(AS_OF))
        .unwrap();
    book.set_credit_profile(&profile("LIND", "2500.00"), date(AS_OF))
        .unwrap();
    book.set_insurance(
        "LIND",
        &TradeCreditInsurance {
            insurer: "Northgate Credit".into(),
            policy_number: "P-2024-118".into(),
            buyer_reference: "B-5521".into(),
            insured_limit: euros("2000.00"),
            valid_from: date("2024-01-01"),
            valid_to: date("2024-12-31"),
            max_credit_period_days: 90,
            reporting_deadline_days: 60,
        },
    )
    .unwrap();
    for (reference, amount, code) in [("SO-1", "1500.00", "EUR"), ("SO-2", "0.99", "USD")] {
        let order = OrderInput {
            reference: reference.into(),
            customer: "MARI".into(),
            amount: decimal(amount),
            currency: Some(currency(code)),
            terms_days: Some(30),
            date: date(AS_OF),
        };
        book.enter_order(&order, date(AS_OF), Some("Agreed with the sales director."))
            .unwrap();
    }
    drop(book);
    OpenBook::open(&path).unwrap()
}

#[test]
fn the_exposure_of_every_customer_at_once_is_that_of_each_alone() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    for as_of in ["2024-04-20", "2024-04-21", AS_OF] {
        let all = book.exposures(date(as_of)).unwrap();
        let customers: Vec<&str> = all.iter().map(|e| e.customer.as_str()).collect();
        assert_eq!(
            customers,
            ["LIND", "MARI"],
            "only customers with a credit profile"
        );
        for each in &all {
            let alone = book.exposure(&each.customer, date(as_of)).unwrap();
            assert_eq!(each.exposure, Some(ExposureTotals::from(&alone)), "{as_of}");
            assert_eq!(each.problem, None);
        }
    }
    let marigold = book
        .exposures(date(AS_OF))
        .unwrap()
        .remove(1)
        .exposure
        .unwrap();
    // 1,000.00 + 0.34 (1.01 USD) + 72.84 (12,345 JPY) open, 1,500.00 + 0.33 (0.99 USD) on order.
    assert_eq!(marigold.receivables, euros("1073.18"));
    assert_eq!(marigold.disputed, euros("0.34"));
    assert_eq!(marigold.open_orders, euros("1500.33"));
    assert_eq!(marigold.total, euros("2573.51"));
}

#[test]
fn the_risk_score_is_read_from_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let risk = book.risk("MARI", date(AS_OF)).unwrap();
    let values: Vec<(&str, Option<Decimal>, u32)> = risk
        .factors
        .iter()
        .map(|f| (f.factor.code(), f.factor.value(), f.factor.points()))
        .collect();
    // Settled: 2,000.00 EUR 20 days late on 2024-04-21 (the earlier window: on or before
    // 2024-05-01). Overdue today: 1,000.00 EUR by 61
    // days and 72.84 EUR (12,345 JPY) by 10 days.
    // All: (40,000 + 61,000 + 728.355) / 3,072.8355 = 33.1; 40 x 33.1 / 60 = 22.07.
    // Recent: (61,000 + 728.355) / 1,072.8355 = 57.5; earlier 20.0; 20 x 30 / 30 = 20 (capped).
    // Utilisation: 2,573.51 / 5,000.00 = 51.5%; 20 x 0.515 = 10.3. One dispute: 5.
    assert_eq!(
        values,
        [
            ("days_late", Some(decimal("33.1")), 22),
            ("trend", Some(decimal("37.5")), 20),
            ("utilisation", Some(decimal("51.5")), 10),
            ("disputes", Some(decimal("1")), 5),
            ("broken_promises", Some(decimal("0")), 0),
        ]
    );
    assert_eq!(risk.score.score, 57);
    assert_eq!(risk.message, "Risk score 57 of 100.");
    assert_eq!(risk.customer_name, "Marigold Events");
}

#[test]
fn the_alerts_of_a_small_book() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let alerts = book.credit_alerts(date(AS_OF)).unwrap();
    let seen: Vec<(&str, &str)> = alerts
        .iter()
        .map(|a| (a.customer.as_str(), a.alert.kind()))
        .collect();
    assert_eq!(
        seen,
        [
            ("LIND", "limit_exceeded"),
            ("LIND", "insurer_report_due"),
            ("MARI", "behaviour_worsening"),
        ]
    );
    assert_eq!(
        alerts[1].alert,
        Alert::InsurerReportDue {
            invoice_number: "INV-5".into(),
            due_date: date("2024-06-12"),
            open: euros("3000.00"),
            insurer: "Northgate Credit".into(),
            report_by: date("2024-08-11"),
            days_left: 10,
        }
    );
    assert_eq!(
        alerts[1].message,
        "Invoice INV-5, due on 2024-06-12, is unpaid with 3000.00 EUR open; report it to \
         Northgate Credit by 2024-08-11, in 10 days."
    );
    let json = serde_json::to_value(&alerts[0]).unwrap();
    assert_eq!(json["alert"]["kind"], "limit_exceeded");
    assert_eq!(json["customer"], "LIND");
}

#[test]
fn a_customer_without_a_credit_profile_has_no_risk_score() {
    let dir = tempfile::tempdir().unwrap();
    let book = harbour(dir.path());
    let refused = book.risk("OAK", date(AS_OF)).unwrap_err();
    assert_eq!(refused.code, ErrorCode::NotFound);
    assert_eq!(
        refused.message,
        "Customer OAK has no credit profile, so it has no risk score; set a profile with a \
         credit limit first."
    );
    let chinese = Language::SimplifiedChinese
        .during(|| book.risk("OAK", date(AS_OF)))
        .unwrap_err();
    assert_eq!(
        chinese.message,
        "客户 OAK 没有信用档案，因此没有风险评分；请先设定带有信用额度的信用档案。"
    );
    let unknown = book.risk("NOBODY", date(AS_OF)).unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
}

#[test]
fn an_invoice_reported_to_the_insurer_alerts_no_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    let kinds = |book: &OpenBook, day: &str| -> Vec<String> {
        let alerts = book.credit_alerts(date(day)).unwrap();
        alerts
            .iter()
            .filter(|a| a.customer == "LIND")
            .map(|a| a.alert.kind().to_string())
            .collect()
    };
    // INV-5 was due on 2024-06-12 and had to be reported within 60 days, by 2024-08-11.
    assert_eq!(
        kinds(&book, "2024-08-12"),
        ["limit_exceeded", "insurer_report_overdue"]
    );

    let report = InsurerReport {
        invoice_number: " INV-5 ".into(),
        reported_on: date("2024-08-12"),
        reference: "NOA-77".into(),
    };
    book.report_to_insurer(&report).unwrap();
    assert_eq!(kinds(&book, "2024-08-12"), ["limit_exceeded"]);
    assert_eq!(
        kinds(&book, "2024-08-11"),
        ["limit_exceeded", "insurer_report_due"],
        "before the day it was reported, the invoice still had to be"
    );
    assert_eq!(
        book.insurer_reports("LIND").unwrap(),
        [InsurerReport {
            invoice_number: "INV-5".into(),
            reported_on: date("2024-08-12"),
            reference: "NOA-77".into(),
        }]
    );
    let audit = book.audit_trail(10).unwrap();
    assert!(audit
        .iter()
        .any(|e| e.action == "report_to_insurer" && e.reference == "INV-5"));

    let again = book.report_to_insurer(&report).unwrap_err();
    assert_eq!(again.code, ErrorCode::InvalidInput);
    assert_eq!(
        again.message,
        "Invoice INV-5 was reported to the insurer on 2024-08-12 already; an invoice is reported \
         once."
    );
    let unknown = InsurerReport {
        invoice_number: "INV-99".into(),
        ..report.clone()
    };
    let missing = book.report_to_insurer(&unknown).unwrap_err();
    assert_eq!(missing.code, ErrorCode::NotFound);
    assert_eq!(
        missing.message,
        "The book has no invoice INV-99; check the invoice number."
    );

    // INV-6 is Oakwood's, which has no credit file; INV-1 is paid.
    let uninsured = InsurerReport {
        invoice_number: "INV-6".into(),
        ..report.clone()
    };
    assert_eq!(
        book.report_to_insurer(&uninsured).unwrap_err().message,
        "Customer OAK of invoice INV-6 has no trade-credit insurance in its credit file; set the \
         cover first (credit insurance set), then report the invoice."
    );
    let paid = InsurerReport {
        invoice_number: "INV-1".into(),
        ..report.clone()
    };
    assert_eq!(
        book.report_to_insurer(&paid).unwrap_err().message,
        "Invoice INV-1 has nothing open, so there is nothing to report to the insurer."
    );

    let _speaking = Language::SimplifiedChinese.speak();
    assert_eq!(
        book.report_to_insurer(&uninsured).unwrap_err().message,
        "发票 INV-6 的客户 OAK 的信用档案中没有贸易信用保险；请先设置保险（credit insurance \
         set），再报告该发票。"
    );
    assert_eq!(
        book.report_to_insurer(&paid).unwrap_err().message,
        "发票 INV-1 没有未结金额，无需报告给保险人。"
    );
    assert_eq!(
        book.report_to_insurer(&report).unwrap_err().message,
        "发票 INV-5 已于 2024-08-12 报告给保险人；每张发票只需报告一次。"
    );
    assert_eq!(
        book.report_to_insurer(&unknown).unwrap_err().message,
        "账簿中没有发票 INV-99；请核对发票号码。"
    );
}

fn promise(
    made: &str,
    promised: &str,
    amount: &str,
    invoice: &str,
) -> creditdesk_app::PromiseInput {
    creditdesk_app::PromiseInput {
        customer: "MARI".into(),
        made_on: date(made),
        promised_on: date(promised),
        amount: decimal(amount),
        currency: None,
        promised_by: "Mr Vale".into(),
        channel: creditdesk_core::promises::PromiseChannel::Phone,
        invoices: vec![invoice.into()],
        dunning_level: None,
    }
}

#[test]
fn a_promise_broken_in_the_last_year_adds_its_points_to_the_risk_score() {
    let dir = tempfile::tempdir().unwrap();
    let mut book = harbour(dir.path());
    // Kept: PAY-1 paid INV-1's 2,000.00 on the promised day. Broken, but on 2023-07-16, more
    // than 365 days before 2024-08-01: outside the window. Broken on 2024-07-16 (nothing came
    // in for INV-4 by 2024-07-15): counted, 5 points.
    book.add_promise(&promise("2024-04-10", "2024-04-21", "2000.00", "INV-1"))
        .unwrap();
    book.add_promise(&promise("2023-07-01", "2023-07-15", "100.00", "INV-1"))
        .unwrap();
    book.add_promise(&promise("2024-07-01", "2024-07-15", "500.00", "INV-4"))
        .unwrap();

    // The day before it broke it is still pending: nothing counted.
    let before = book.risk("MARI", date("2024-07-15")).unwrap();
    let broken = |risk: &creditdesk_app::CustomerRisk| {
        let factor = &risk.factors[4];
        (factor.factor.points(), factor.message.clone())
    };
    assert_eq!(
        broken(&before),
        (
            0,
            "No promise to pay was broken: 0 of 10 points.".to_string()
        )
    );

    let risk = book.risk("MARI", date(AS_OF)).unwrap();
    assert_eq!(
        broken(&risk),
        (
            5,
            "1 promise to pay was broken: 5 of 10 points.".to_string()
        )
    );
    assert_eq!(
        risk.score.score, 62,
        "57 without it, as above, and 5 for it"
    );
    assert_eq!(risk.message, "Risk score 62 of 100.");

    let _speaking = Language::SimplifiedChinese.speak();
    let risk = book.risk("MARI", date(AS_OF)).unwrap();
    assert_eq!(risk.factors[4].message, "有 1 次付款承诺未兑现：5/10 分。");
}
