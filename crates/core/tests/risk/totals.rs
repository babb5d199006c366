//! Exposure totals, as the book-wide pass computes them, against the exposure of one customer.

use creditdesk_core::credit::{
    exposure, exposure_totals, CreditFile, ExchangeRate, ExposureTotals, Order, OrderState,
};

use crate::{currency, date, disputed, guarantee, insurance, invoice, money, profile, AS_OF};

fn rate(from: &str, on: &str, rate: &str) -> ExchangeRate {
    ExchangeRate {
        from: currency(from),
        to: currency("EUR"),
        date: date(on),
        rate: rate.parse().unwrap(),
    }
}

fn order(reference: &str, amount: &str, state: OrderState) -> Order {
    Order {
        reference: reference.to_string(),
        customer_reference: "MARIGOLD".to_string(),
        amount: money(amount),
        terms_days: 30,
        date: date("2024-06-20"),
        state,
    }
}

#[test]
fn totals_match_the_exposure_to_the_cent_across_currencies_and_disputes() {
    let file = CreditFile {
        profile: profile("10,000.00"),
        security: vec![
            guarantee("1,000.00 USD", "2024-12-31"),
            guarantee("9,999.00 EUR", "2024-01-31"),
        ],
        insurance: Some(insurance("2024-12-31")),
        reports: Vec::new(),
    };
    // Each foreign amount rounds on its own: 0.333 x 1.01 = 0.33633 -> 0.34 EUR.
    let receivables = vec![
        invoice("INV-1", "2024-05-31", "1,234.56 EUR"),
        disputed("INV-2", "2024-06-15", "1.01 USD"),
        invoice("INV-3", "2024-07-15", "1.01 USD"),
        disputed("INV-4", "2024-07-31", "12,345 JPY"),
        invoice("INV-5", "2024-08-31", "2,000.00 CZK"),
    ];
    let orders = vec![
        order("SO-1", "3,000.00 EUR", OrderState::Open),
        order("SO-2", "0.99 USD", OrderState::Open),
        order("SO-3", "9,000.00 EUR", OrderState::Closed),
    ];
    let rates = vec![
        rate("USD", "2024-06-28", "0.333"),
        rate("USD", "2024-07-01", "9"),
        rate("JPY", "2024-06-01", "0.0059"),
        rate("CZK", "2024-06-01", "0.0399"),
    ];
    let whole = exposure(&file, &receivables, &orders, &rates, date(AS_OF)).unwrap();

    let open_orders: Vec<_> = orders
        .iter()
        .filter(|o| o.state == OrderState::Open)
        .map(|o| o.amount)
        .collect();
    let totals = exposure_totals(
        &file.profile,
        &file.security,
        file.insurance.as_ref(),
        &receivables,
        &open_orders,
        &rates,
        date(AS_OF),
    )
    .unwrap();
    assert_eq!(totals, ExposureTotals::from(&whole));
    assert_eq!(
        format!("{totals:?}"),
        format!("{:?}", ExposureTotals::from(&whole)),
        "the same scale, so the same text"
    );
    assert_eq!(
        totals.disputed,
        money("73.18 EUR"),
        "0.34 + 72.84 (72.8355 rounded)"
    );
    assert_eq!(
        totals.security_cover,
        money("333.00 EUR"),
        "the expired guarantee counts not"
    );
}

#[test]
fn a_missing_rate_is_refused_as_the_exposure_refuses_it() {
    let file = CreditFile {
        profile: profile("10,000.00"),
        security: Vec::new(),
        insurance: None,
        reports: Vec::new(),
    };
    let receivables = vec![invoice("INV-2", "2024-06-15", "10.00 USD")];
    let whole = exposure(&file, &receivables, &[], &[], date(AS_OF)).unwrap_err();
    let totals = exposure_totals(
        &file.profile,
        &[],
        None,
        &receivables,
        &[],
        &[],
        date(AS_OF),
    )
    .unwrap_err();
    assert_eq!(totals, whole);
}
