//! Serde readers that never fail: a field that cannot be read is `None` (or empty).
//!
//! For the fields of a payment's outcome besides its `statusCode`: a paid voucher's
//! PIN must reach the customer even when the reply writes its expiry, time or cost in
//! a form no page of the docs shows. Any JSON value is accepted; a scalar is read from
//! its text, and an object or array counts as absent.

use std::fmt;

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::money;
use crate::time::{Timestamp, EXPIRY_FORMATS};

/// The text, `""` when there is none.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(scalar(d)?.unwrap_or_default())
}

/// The text; blank is `None`.
pub fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar(d)?.filter(|s| !s.trim().is_empty()))
}

/// An exact decimal from a number or a numeric string.
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Ok(scalar(d)?.and_then(|text| money::lenient::read_decimal(&text)))
}

/// A voucher expiry, `yyyymmdd` as a string or a number.
pub fn expiry<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    Ok(scalar(d)?.and_then(|text| {
        EXPIRY_FORMATS
            .iter()
            .find_map(|format| NaiveDate::parse_from_str(text.trim(), format).ok())
    }))
}

/// A documented date-time, or Unix seconds or milliseconds.
pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    Ok(scalar(d)?.and_then(|text| {
        let text = text.trim();
        match text.parse::<i64>() {
            Ok(epoch) => from_epoch(epoch),
            Err(_) => text.parse().ok(),
        }
    }))
}

/// Seconds, or milliseconds when the number is too large to be seconds of this era
/// (10^11 seconds is the year 5138).
fn from_epoch(epoch: i64) -> Option<Timestamp> {
    let instant = if epoch.unsigned_abs() < 100_000_000_000 {
        DateTime::from_timestamp(epoch, 0)
    } else {
        DateTime::from_timestamp_millis(epoch)
    };
    instant.map(|utc| utc.fixed_offset().into())
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(ScalarText)
}

/// Any value: a scalar as its text, anything else as `None`.
struct ScalarText;

impl<'de> Visitor<'de> for ScalarText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // The shortest text that reads back as this f64: the decimal the server wrote.
        Ok(Some(v.to_string()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}
