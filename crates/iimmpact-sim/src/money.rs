//! Money on the wire: JSON numbers where the docs show numbers, two-decimal strings elsewhere.

use rust_decimal::Decimal;
use serde_json::Value;

/// A JSON number for an exact decimal: an integer when whole (the docs answer `5`, not `5.0`).
///
/// The amounts here have at most 15 significant digits, and every such decimal survives
/// the trip through the nearest `f64` and back to its shortest text unchanged, so the
/// number the client reads is exactly the decimal the ledger holds.
pub(crate) fn number(amount: Decimal) -> Value {
    let amount = amount.normalize();
    if amount.scale() == 0 {
        if let Ok(whole) = i64::try_from(amount) {
            return Value::from(whole);
        }
    }
    let float: f64 = amount
        .to_string()
        .parse()
        .expect("a Decimal's text is a valid float literal");
    Value::from(float)
}

/// `"10.00"`: transactions and catalog Money amounts; at least two decimals, never rounded.
pub(crate) fn text(amount: Decimal) -> String {
    let mut exact = amount.normalize();
    if exact.scale() < 2 {
        exact.rescale(2);
    }
    exact.to_string()
}

/// A Money object, `{"amount": "23.00", "currency": "MYR"}`.
pub(crate) fn object(amount: Decimal) -> Value {
    serde_json::json!({ "amount": text(amount), "currency": "MYR" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_and_whole_numbers_are_integers() {
        assert_eq!(number(Decimal::new(500, 2)).to_string(), "5");
        assert_eq!(number(Decimal::new(486333, 4)).to_string(), "48.6333");
        assert_eq!(number(Decimal::new(-6287, 1)).to_string(), "-628.7");
        assert_eq!(number(Decimal::new(139985697, 3)).to_string(), "139985.697");
        assert_eq!(text(Decimal::new(10, 0)), "10.00");
        assert_eq!(text(Decimal::new(97_500, 4)), "9.75");
        assert_eq!(text(Decimal::new(1_234_567, 4)), "123.4567");
    }
}
