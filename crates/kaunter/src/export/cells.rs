//! How one value becomes one CSV cell that Excel reads back as the same value.

use std::borrow::Cow;

use iimmpact::Timestamp;
use rust_decimal::Decimal;

/// Excel and LibreOffice run a cell starting with one of these as a formula (or, for
/// tab and CR, let the next character start one): "CSV injection". A leading `'` makes
/// it text and is not shown.
const FORMULA_STARTERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell (remarks, account numbers, product names), neutralised against formulas.
pub fn text(value: &str) -> Cow<'_, str> {
    if value.starts_with(FORMULA_STARTERS) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// A number cell with at least `places` decimals, so a column lines up; a value with
/// more decimals keeps them all, because an export must never round money away.
/// Numbers are written bare (a leading `-` included): they are not text, so they are
/// not neutralised, and Excel sums them.
pub fn money(value: Decimal, places: u32) -> String {
    let mut value = value.normalize();
    if value.scale() < places {
        value.rescale(places);
    }
    value.to_string()
}

/// `yyyy-MM-dd HH:mm:ss` in GMT+8, the time zone every IIMMPACT timestamp is in.
pub fn date(value: Timestamp) -> String {
    value
        .as_datetime()
        .with_timezone(&iimmpact::time::gmt8())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn formula_starters_become_text_and_others_stay() {
        for evil in ["=1+1", "+60123", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(text(evil), format!("'{evil}"));
        }
        for fine in ["Trx #106609887 TNB.220000000000", "0123456789", "", "a=b"] {
            assert_eq!(text(fine), fine);
        }
    }

    #[test]
    fn money_is_exact_with_fixed_places_and_negatives_stay_numbers() {
        assert_eq!(money(dec!(-628.7), 4), "-628.7000");
        assert_eq!(money(dec!(139985.697), 4), "139985.6970");
        assert_eq!(money(dec!(5), 2), "5.00");
        assert_eq!(money(dec!(10.00000), 2), "10.00");
        assert_eq!(money(dec!(0.12345), 2), "0.12345", "never rounded away");
        assert_eq!(money(dec!(-0), 2), "0.00");
    }

    #[test]
    fn dates_are_gmt8_without_fractions() {
        let utc: Timestamp = "2025-01-15T06:30:45.123Z".parse().unwrap();
        assert_eq!(date(utc), "2025-01-15 14:30:45");
        let wire: Timestamp = "2025-01-15 14:30:45.999".parse().unwrap();
        assert_eq!(date(wire), "2025-01-15 14:30:45");
    }
}
