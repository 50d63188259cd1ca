//! Money as exact decimals: request amounts that cannot be wrong, and a lenient reader
//! for the amounts IIMMPACT sends back.
//!
//! The API types money inconsistently (`../shared/iimmpact-api.md` §1.5): `/v2/topup` answers with a JSON
//! number, `/v2/transactions` with a string, balances carry up to four decimals. A
//! JSON number is read through its shortest round-trip text, which gives back the
//! exact decimal the server printed for any value of up to 15 significant digits
//! (a wallet balance up to 10^11 with four decimals), so `139985.697` stays
//! `139985.697` and never becomes `139985.69699999999`.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{InputError, Problem};

/// A payment amount in MYR: positive, at most two decimal places.
///
/// Sent on the wire as a string with exactly two decimals (`"10.00"`): the API accepts
/// a string or a number, and a string cannot be rounded by anything in between
/// (docs/api-decisions.md, "Topup").
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

impl Amount {
    /// Largest amount accepted: far above any reload or bill, small enough that a typo
    /// with extra digits is caught before it reaches the wallet.
    pub const MAX: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

    /// Validates a decimal from elsewhere (e.g. a denomination button), naming `field`.
    pub fn new(field: &'static str, value: Decimal) -> Result<Self, InputError> {
        if value <= Decimal::ZERO {
            return Err(InputError::new(field, Problem::NotPositive));
        }
        if value.normalize().scale() > 2 {
            return Err(InputError::new(field, Problem::TooManyDecimals { max: 2 }));
        }
        if value > Self::MAX {
            return Err(InputError::new(
                field,
                Problem::AboveMax {
                    max: Self::MAX.to_string(),
                },
            ));
        }
        let mut value = value.normalize();
        value.rescale(2);
        Ok(Self(value))
    }

    /// Parses what a person typed: `10`, `10.5`, `RM 10.50`, `1,000.00`.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, InputError> {
        let trimmed = text.trim();
        let without_currency = trimmed
            .strip_prefix("RM")
            .or_else(|| trimmed.strip_prefix("rm"))
            .unwrap_or(trimmed)
            .trim();
        let digits: String = without_currency.chars().filter(|c| *c != ',').collect();
        if digits.is_empty() {
            return Err(InputError::new(field, Problem::Required));
        }
        let valid_chars = digits.chars().all(|c| c.is_ascii_digit() || c == '.');
        let value = valid_chars
            .then(|| Decimal::from_str(&digits).ok())
            .flatten()
            .ok_or_else(|| InputError::new(field, Problem::NotAnAmount))?;
        Self::new(field, value)
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = lenient::deserialize(deserializer)?;
        Amount::new("amount", value).map_err(de::Error::custom)
    }
}

/// A money object of the catalog and options endpoints, `{"amount": "23.00", "currency": "MYR"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    #[serde(deserialize_with = "lenient::deserialize")]
    pub amount: Decimal,
    #[serde(default = "default_currency")]
    pub currency: String,
}

fn default_currency() -> String {
    "MYR".to_owned()
}

/// Parses a decimal from a JSON number or a numeric string, exactly.
///
/// Use with `#[serde(deserialize_with = "money::lenient::deserialize")]`; serialization
/// stays `Decimal`'s own (a string, so nothing downstream rounds it). Both readers take
/// the scalar's text from the models' lenient reader, so a JSON number is parsed from
/// its shortest round-trip text (see the module docs).
pub mod lenient {
    use super::*;
    use crate::models::lenient as scalar;

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        parse_decimal(&scalar::string(deserializer)?)
    }

    /// For fields that may be absent, `null` or `""`.
    pub fn deserialize_option<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        scalar::blank_as_none(deserializer)?
            .as_deref()
            .map(parse_decimal)
            .transpose()
    }

    fn parse_decimal<E: de::Error>(text: &str) -> Result<Decimal, E> {
        read_decimal(text)
            .ok_or_else(|| E::custom(format!("{:?} is not a decimal amount", text.trim())))
    }

    /// A decimal from its plain or scientific text.
    pub(crate) fn read_decimal(text: &str) -> Option<Decimal> {
        let text = text.trim();
        Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[derive(Debug, Deserialize)]
    struct Reply {
        #[serde(deserialize_with = "lenient::deserialize")]
        v: Decimal,
        #[serde(default, deserialize_with = "lenient::deserialize_option")]
        o: Option<Decimal>,
    }

    fn read(json: &str) -> Reply {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn parses_typed_amounts() {
        for (text, expected) in [
            ("10", "10.00"),
            ("10.5", "10.50"),
            (" RM 1,000.00 ", "1000.00"),
            ("rm5", "5.00"),
            ("0.01", "0.01"),
            ("10.500", "10.50"),
        ] {
            assert_eq!(
                Amount::parse("amount", text).unwrap().to_string(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_bad_amounts_naming_the_field() {
        for text in [
            "", "abc", "-5", "0", "0.00", "10.555", "1e3", "10,5.5.5", "2000000", "NaN",
        ] {
            let err = Amount::parse("amount", text).unwrap_err();
            assert_eq!(err.field, "amount", "{text}");
        }
    }

    #[test]
    fn amount_serializes_as_a_two_decimal_string() {
        let a = Amount::new("amount", dec!(10)).unwrap();
        assert_eq!(serde_json::to_string(&a).unwrap(), r#""10.00""#);
        let back: Amount = serde_json::from_str(r#""10.00""#).unwrap();
        assert_eq!(back, a);
        let from_number: Amount = serde_json::from_str("10").unwrap();
        assert_eq!(from_number, a);
    }

    #[test]
    fn reply_money_reads_numbers_and_strings_exactly() {
        assert_eq!(read(r#"{"v":139985.697}"#).v, dec!(139985.697));
        assert_eq!(read(r#"{"v":"139985.697"}"#).v, dec!(139985.697));
        assert_eq!(read(r#"{"v":48.6333}"#).v, dec!(48.6333));
        assert_eq!(read(r#"{"v":-628.7}"#).v, dec!(-628.7));
        assert_eq!(read(r#"{"v":5}"#).v, dec!(5));
        assert_eq!(read(r#"{"v":" 0 "}"#).v, dec!(0));
        assert_eq!(read(r#"{"v":0.1}"#).v, dec!(0.1));
    }

    #[test]
    fn optional_reply_money_tolerates_blank_null_and_absent() {
        assert_eq!(read(r#"{"v":1,"o":""}"#).o, None);
        assert_eq!(read(r#"{"v":1,"o":null}"#).o, None);
        assert_eq!(read(r#"{"v":1}"#).o, None);
        assert_eq!(read(r#"{"v":1,"o":"12.30"}"#).o, Some(dec!(12.30)));
        assert_eq!(read(r#"{"v":1,"o":12.3}"#).o, Some(dec!(12.3)));
    }

    #[test]
    fn reply_money_refuses_non_numbers_without_panicking() {
        for json in [
            r#"{"v":"abc"}"#,
            r#"{"v":true}"#,
            r#"{"v":[]}"#,
            r#"{"v":"1e999"}"#,
        ] {
            assert!(serde_json::from_str::<Reply>(json).is_err(), "{json}");
        }
    }

    proptest! {
        /// A balance printed as a JSON number by the server parses back identical.
        #[test]
        fn json_number_round_trips_exactly(
            units in -99_999_999_999i64..=99_999_999_999i64,
            scale in 0u32..=4,
        ) {
            let expected = Decimal::new(units, scale);
            let json = format!(r#"{{"v":{expected}}}"#);
            let parsed = read(&json).v;
            prop_assert_eq!(parsed, expected);
            prop_assert_eq!(parsed.normalize().to_string(), expected.normalize().to_string());
        }

        #[test]
        fn typed_amount_round_trips_through_its_wire_form(cents in 1i64..=100_000_000) {
            let a = Amount::new("amount", Decimal::new(cents, 2)).unwrap();
            let wire = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(serde_json::from_str::<Amount>(&wire).unwrap(), a);
            prop_assert_eq!(Amount::parse("amount", &a.to_string()).unwrap(), a);
        }
    }
}
