//! Serde readers that never fail: a field that cannot be read is `None` (or empty).
//!
//! For the fields of a payment's outcome besides its `statusCode`: a paid voucher's
//! PIN must reach the customer even when the reply writes its expiry, time or cost in
//! a form no page of the docs shows. Any JSON value is accepted; a scalar is read from
//! its text, and an object or array counts as absent.

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use serde::de::Deserializer;

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
    super::lenient::any_scalar(d)
}
