//! The bad-debt ratio: what was written off in a period against the credit sales of the period.

use creditdesk_core::kpi::{bad_debt_ratio, written_off};
use creditdesk_core::ledger::{SettlementKind, SettlementRecord};
use rust_decimal::Decimal;

use crate::{both, currency, date, euros, money};

fn settlement(kind: SettlementKind, on: &str, amount: &str) -> SettlementRecord {
    SettlementRecord {
        reference: format!("S-{on}"),
        customer_reference: "MARIGOLD".to_string(),
        kind,
        date: date(on),
        amount: money(amount),
        invoice_number: None,
        paid_in: None,
    }
}

#[test]
fn the_bad_debt_ratio_of_a_quarter_counts_the_write_offs_dated_in_it() {
    // Second quarter of 2024: write-offs of 750.00 (05-15) and 1,000.00 (06-30) count; the one
    // of 03-31, the payment and the write-off in dollars do not. 1,750.00 / 250,000.00 x 100 =
    // 0.70 %.
    let book = [
        settlement(SettlementKind::WriteOff, "2024-03-31", "400.00 EUR"),
        settlement(SettlementKind::WriteOff, "2024-05-15", "750.00 EUR"),
        settlement(SettlementKind::Payment, "2024-05-20", "5,000.00 EUR"),
        settlement(SettlementKind::WriteOff, "2024-06-30", "1,000.00 EUR"),
        settlement(SettlementKind::WriteOff, "2024-06-30", "90.00 USD"),
    ];
    let lost = written_off(
        &book,
        currency("EUR"),
        date("2024-04-01"),
        date("2024-06-30"),
    );
    assert_eq!(lost, euros("1,750.00"));
    let ratio = bad_debt_ratio(lost, euros("250,000.00")).unwrap();
    assert_eq!(ratio, Some("0.70".parse::<Decimal>().unwrap()));
}

#[test]
fn a_period_without_credit_sales_has_no_ratio_and_two_currencies_are_refused() {
    assert_eq!(bad_debt_ratio(euros("10.00"), euros("0.00")).unwrap(), None);
    let err = bad_debt_ratio(euros("10.00"), money("100.00 USD")).unwrap_err();
    assert_eq!(
        both(&err),
        (
            "Cannot combine EUR with USD: amounts in different currencies are never added; \
             convert one of them first."
                .to_string(),
            "无法将 EUR 与 USD 合并：不同币种的金额不能相加；请先将其中一笔换算为另一币种。"
                .to_string()
        )
    );
    let nothing = written_off(&[], currency("JPY"), date("2024-04-01"), date("2024-06-30"));
    assert_eq!(nothing.to_string(), "0 JPY");
}
