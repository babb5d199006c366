//! Allocation of settlements to open instalments, oldest due date first.

use creditdesk_core::allocate::{
    allocate_oldest_first, allocate_to, reverse_latest_due_first, Allocation, AllocationResult,
    OpenInstalment,
};
use creditdesk_core::{Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::{date, eur, euros};

fn open(key: i64, due: &str, amount: &str) -> OpenInstalment {
    OpenInstalment {
        key,
        due_date: date(due),
        open: euros(amount),
    }
}

fn allocated(result: &AllocationResult) -> Vec<(i64, String)> {
    result
        .allocations
        .iter()
        .map(|a| (a.key, a.amount.amount().to_string()))
        .collect()
}

fn saguaro_and_greenleaf() -> Vec<OpenInstalment> {
    vec![
        open(1, "2024-02-15", "400.00"),
        open(2, "2024-03-15", "400.00"),
        open(3, "2024-01-31", "500.00"),
    ]
}

#[test]
fn a_payment_settles_the_oldest_due_instalment_first() {
    let result = allocate_oldest_first(euros("700.00"), &saguaro_and_greenleaf()).unwrap();
    assert_eq!(
        allocated(&result),
        vec![(3, "500.00".to_string()), (1, "200.00".to_string())]
    );
    assert!(result.unapplied.is_zero());
}

#[test]
fn what_no_instalment_can_take_stays_unapplied() {
    let result = allocate_oldest_first(euros("1,400.00"), &saguaro_and_greenleaf()).unwrap();
    assert_eq!(result.allocations.len(), 3);
    assert_eq!(result.unapplied, euros("100.00"));
}

#[test]
fn a_zero_or_negative_settlement_allocates_nothing() {
    for amount in ["0.00", "-50.00"] {
        let result = allocate_oldest_first(euros(amount), &saguaro_and_greenleaf()).unwrap();
        assert_eq!(result.allocations, Vec::<Allocation>::new());
        assert_eq!(result.unapplied, euros(amount));
    }
}

#[test]
fn instalments_due_the_same_day_are_served_by_key_and_empty_ones_are_skipped() {
    let items = [
        open(9, "2024-02-01", "100.00"),
        open(4, "2024-02-01", "100.00"),
        open(2, "2024-01-01", "0.00"),
    ];
    let result = allocate_oldest_first(euros("150.00"), &items).unwrap();
    assert_eq!(
        allocated(&result),
        vec![(4, "100.00".to_string()), (9, "50.00".to_string())]
    );
}

#[test]
fn a_payment_for_one_invoice_never_spills_onto_another() {
    // INV-301's instalments only: the 100.00 beyond them stays unapplied.
    let inv_301 = [
        open(1, "2024-02-15", "400.00"),
        open(2, "2024-03-15", "400.00"),
    ];
    let result = allocate_to(euros("900.00"), &inv_301).unwrap();
    assert_eq!(
        allocated(&result),
        vec![(1, "400.00".to_string()), (2, "400.00".to_string())]
    );
    assert_eq!(result.unapplied, euros("100.00"));
}

#[test]
fn a_settlement_in_another_currency_is_refused() {
    let usd = Currency::from_code("USD").unwrap();
    let dollars = Money::new(Decimal::ONE_HUNDRED, usd);
    let err = allocate_oldest_first(dollars, &saguaro_and_greenleaf()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Cannot allocate a settlement in USD to instalment 3, which is open in EUR: a settlement \
         is \
         allocated only to instalments of its own currency; choose instalments in USD or convert \
         the settlement first."
    );
}

#[test]
fn an_instalment_listed_twice_is_refused() {
    let items = [
        open(5, "2024-02-15", "400.00"),
        open(5, "2024-03-15", "400.00"),
    ];
    let err = allocate_to(euros("100.00"), &items).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Instalment 5 is listed twice among the open instalments; list each open instalment once."
    );
}

#[test]
fn a_refund_takes_back_the_latest_due_instalment_first() {
    // What each instalment of INV-301 has settled: 500.00, 400.00 and 150.00.
    let settled = [
        open(1, "2024-02-15", "400.00"),
        open(2, "2024-03-15", "150.00"),
        open(3, "2024-01-31", "500.00"),
    ];
    let result = reverse_latest_due_first(euros("-300.00"), &settled).unwrap();
    assert_eq!(
        allocated(&result),
        vec![(2, "-150.00".to_string()), (1, "-150.00".to_string())]
    );
    assert!(result.unapplied.is_zero());
}

#[test]
fn a_refund_beyond_what_was_settled_leaves_the_rest_unapplied() {
    let settled = [
        open(1, "2024-02-15", "400.00"),
        open(2, "2024-03-15", "0.00"),
    ];
    let result = reverse_latest_due_first(euros("-650.00"), &settled).unwrap();
    assert_eq!(allocated(&result), vec![(1, "-400.00".to_string())]);
    assert_eq!(result.unapplied, euros("-250.00"));
}

#[test]
fn a_settlement_of_zero_or_above_takes_nothing_back() {
    let settled = [open(1, "2024-02-15", "400.00")];
    for amount in ["0.00", "50.00"] {
        let result = reverse_latest_due_first(euros(amount), &settled).unwrap();
        assert_eq!(result.allocations, Vec::<Allocation>::new());
        assert_eq!(result.unapplied, euros(amount));
    }
}

fn open_items() -> impl Strategy<Value = Vec<OpenInstalment>> {
    proptest::collection::vec((0i64..40, -5_000i64..200_000), 0..12).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(key, (offset, cents))| OpenInstalment {
                key: key as i64 * 7 - 20,
                due_date: date("2024-01-01") + chrono::Days::new(offset as u64),
                open: Money::from_minor(cents, eur()),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn allocation_neither_creates_nor_loses_money(
        items in open_items(),
        cents in -100_000i64..1_500_000,
    ) {
        let amount = Money::from_minor(cents, eur());
        let result = allocate_oldest_first(amount, &items).unwrap();
        let allocated: Decimal = result.allocations.iter().map(|a| a.amount.amount()).sum();
        prop_assert_eq!(allocated + result.unapplied.amount(), amount.amount());

        for allocation in &result.allocations {
            let item = items.iter().find(|i| i.key == allocation.key).unwrap();
            prop_assert!(allocation.amount.amount() > Decimal::ZERO);
            prop_assert!(allocation.amount.amount() <= item.open.amount());
        }
        prop_assert!(!result.unapplied.is_negative() || cents < 0);
    }

    #[test]
    fn the_order_open_instalments_are_fetched_in_changes_no_row(
        (items, shuffled) in open_items()
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        cents in 0i64..1_500_000,
    ) {
        let amount = Money::from_minor(cents, eur());
        prop_assert_eq!(
            allocate_oldest_first(amount, &items).unwrap(),
            allocate_oldest_first(amount, &shuffled).unwrap()
        );
        prop_assert_eq!(
            allocate_to(amount, &items).unwrap(),
            allocate_to(amount, &shuffled).unwrap()
        );
    }

    #[test]
    fn only_the_last_instalment_served_is_left_partly_open(
        items in open_items(),
        cents in 0i64..1_500_000,
    ) {
        // Oldest first means every instalment served before the last one is settled in full.
        let result = allocate_oldest_first(Money::from_minor(cents, eur()), &items).unwrap();
        let n = result.allocations.len();
        for allocation in result.allocations.iter().take(n.saturating_sub(1)) {
            let item = items.iter().find(|i| i.key == allocation.key).unwrap();
            prop_assert_eq!(allocation.amount, item.open);
        }
        if !result.unapplied.is_zero() {
            let wanted: Decimal = items.iter().map(|i| i.open.amount().max(Decimal::ZERO)).sum();
            let given: Decimal = result.allocations.iter().map(|a| a.amount.amount()).sum();
            prop_assert_eq!(given, wanted);
        }
    }

    #[test]
    fn a_refund_loses_no_money_and_takes_back_no_more_than_was_settled(
        items in open_items(),
        cents in -1_500_000i64..1_000,
    ) {
        let amount = Money::from_minor(cents, eur());
        let result = reverse_latest_due_first(amount, &items).unwrap();
        let given: Decimal = result.allocations.iter().map(|a| a.amount.amount()).sum();
        prop_assert_eq!(given + result.unapplied.amount(), amount.amount());
        for allocation in &result.allocations {
            let item = items.iter().find(|i| i.key == allocation.key).unwrap();
            prop_assert!(allocation.amount.is_negative());
            prop_assert!(-allocation.amount.amount() <= item.open.amount());
        }
        if result.unapplied.is_negative() {
            // Nothing was left to take back.
            let settled: Decimal = items.iter().map(|i| i.open.amount().max(Decimal::ZERO)).sum();
            prop_assert_eq!(-given, settled);
        }
        // Latest due first: every instalment served before the last one gave back all it had.
        let n = result.allocations.len();
        for allocation in result.allocations.iter().take(n.saturating_sub(1)) {
            let item = items.iter().find(|i| i.key == allocation.key).unwrap();
            prop_assert_eq!(-allocation.amount.amount(), item.open.amount());
        }
    }
}
