//! Money invariants: splitting hands out every minor unit, rounding is done once and for all,
//! currencies never mix.

use creditdesk_core::{Currency, Money, Rounding};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

proptest! {
    /// However an amount is split, the parts add up to it, differ by at most the leftover on
    /// the last part, and are whole minor units of the currency.
    #[test]
    fn split_parts_add_up_to_the_whole(
        minor in -10_000_000_000i64..10_000_000_000i64,
        parts in 1usize..400,
        code in prop::sample::select(vec!["EUR", "JPY", "KWD"]),
    ) {
        let total = Money::from_minor(minor, currency(code));
        let split = total.split(parts).unwrap();
        prop_assert_eq!(split.len(), parts);
        let sum: i64 = split.iter().map(|m| m.to_minor().unwrap()).sum();
        prop_assert_eq!(sum, minor);
        let first = split[0].to_minor().unwrap();
        for part in &split[..parts - 1] {
            prop_assert_eq!(part.to_minor().unwrap(), first);
        }
    }

    /// Rounding an amount that is already rounded changes nothing, with every strategy: the
    /// rounding points of a computation can never round twice by accident.
    #[test]
    fn rounding_once_equals_rounding_twice(
        mantissa in -1_000_000_000_000i64..1_000_000_000_000i64,
        scale in 0u32..10,
        code in prop::sample::select(vec!["EUR", "JPY", "KWD"]),
        rounding in prop::sample::select(vec![
            Rounding::HalfAwayFromZero,
            Rounding::HalfEven,
            Rounding::TowardZero,
        ]),
    ) {
        let money = Money::new(Decimal::new(mantissa, scale), currency(code));
        let once = money.round(rounding);
        prop_assert_eq!(once.round(rounding), once);
        prop_assert!(once.to_minor().is_ok(), "a rounded amount fits the minor unit");
    }

    /// Half away from zero is symmetric: -x rounds to -(x rounded).
    #[test]
    fn commercial_rounding_is_symmetric(mantissa in 0i64..1_000_000_000i64, scale in 0u32..6) {
        let eur = currency("EUR");
        let positive = Money::new(Decimal::new(mantissa, scale), eur);
        let negative = Money::new(Decimal::new(-mantissa, scale), eur);
        prop_assert_eq!(
            negative.round(Rounding::HalfAwayFromZero),
            positive.round(Rounding::HalfAwayFromZero).negate()
        );
    }

    /// Adding money of two currencies is always refused; of one currency, always exact.
    #[test]
    fn currencies_never_mix(a in -1_000_000i64..1_000_000, b in -1_000_000i64..1_000_000) {
        let eur = Money::from_minor(a, currency("EUR"));
        let usd = Money::from_minor(b, currency("USD"));
        prop_assert!(eur.checked_add(usd).is_err());
        let sum = eur.checked_add(Money::from_minor(b, currency("EUR"))).unwrap();
        prop_assert_eq!(sum.to_minor().unwrap(), a + b);
    }
}

#[test]
fn conversion_rounds_half_away_from_zero_to_the_target_minor_unit() {
    let czk = currency("CZK");
    let usd = currency("USD");
    // Case B22: 2,000.00 CZK at 0.03 USD per CZK is 60.00 USD; 260.00 USD back is 8,666.67 CZK.
    let paid = Money::exact("2000.00".parse().unwrap(), czk).unwrap();
    assert_eq!(
        paid.convert("0.03".parse().unwrap(), usd).to_string(),
        "60.00 USD"
    );
    let open = Money::exact("260.00".parse().unwrap(), usd).unwrap();
    let back = open.convert_back("0.03".parse().unwrap(), czk).unwrap();
    assert_eq!(back.to_string(), "8666.67 CZK");
    assert!(open.convert_back(Decimal::ZERO, czk).is_none());
    // JPY has no minor unit: a conversion into yen lands on whole yen.
    let jpy = currency("JPY");
    assert_eq!(
        open.convert("150.5".parse().unwrap(), jpy).to_string(),
        "39130 JPY"
    );
}
