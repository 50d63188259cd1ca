//! How one value becomes one cell that Excel reads back as the same value: [`Cell`] is
//! what a row holds, whatever the file; the functions below are its CSV text.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime, Timelike as _};
use iimmpact::Timestamp;
use rust_decimal::Decimal;

/// One value of a row, typed, so that each file kind writes it its own way: a CSV as
/// neutralised text, a workbook as a typed cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Text exactly as IIMMPACT sent it. Ids, accounts and serials are text too: as
    /// numbers they would lose leading zeros and every digit past the 15th.
    Text(Cow<'a, str>),
    /// Exact money; a CSV shows at least `places` decimals.
    Money {
        value: Decimal,
        places: u32,
    },
    Integer(i64),
    Bool(bool),
    Date(Timestamp),
    /// A calendar day in GMT+8 (a report's day or month bounds), with no time of day.
    Day(NaiveDate),
    Empty,
}

impl<'a> Cell<'a> {
    pub fn text(value: &'a str) -> Self {
        Self::Text(Cow::Borrowed(value))
    }

    /// How the cell reads in a CSV file.
    pub fn to_csv(&self) -> Cow<'_, str> {
        match self {
            Self::Text(value) => text(value),
            Self::Money { value, places } => Cow::Owned(money(*value, *places)),
            Self::Integer(value) => Cow::Owned(value.to_string()),
            Self::Bool(value) => Cow::Borrowed(if *value { "true" } else { "false" }),
            Self::Date(value) => Cow::Owned(date(*value)),
            Self::Day(value) => Cow::Owned(value.format("%Y-%m-%d").to_string()),
            Self::Empty => Cow::Borrowed(""),
        }
    }
}

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
    local_time(value).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The wall-clock time in GMT+8, to the second: what a date cell shows in every file
/// kind, so a CSV and a workbook of the same export agree.
pub fn local_time(value: Timestamp) -> NaiveDateTime {
    let local = value
        .as_datetime()
        .with_timezone(&iimmpact::time::gmt8())
        .naive_local();
    local.with_nanosecond(0).unwrap_or(local)
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

    #[test]
    fn typed_cells_read_in_a_csv_as_before() {
        let at: Timestamp = "2025-01-15T06:30:45Z".parse().unwrap();
        assert_eq!(Cell::text("=1+1").to_csv(), "'=1+1");
        assert_eq!(Cell::text("0012").to_csv(), "0012");
        let money = Cell::Money {
            value: dec!(-5),
            places: 2,
        };
        assert_eq!(money.to_csv(), "-5.00");
        assert_eq!(Cell::Integer(-7).to_csv(), "-7");
        assert_eq!(Cell::Date(at).to_csv(), "2025-01-15 14:30:45");
        let day = NaiveDate::from_ymd_opt(2025, 1, 5).unwrap();
        assert_eq!(Cell::Day(day).to_csv(), "2025-01-05");
        assert_eq!(Cell::Bool(false).to_csv(), "false");
        assert_eq!(Cell::Empty.to_csv(), "");
    }
}
