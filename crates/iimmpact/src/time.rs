//! Malaysia time (GMT+8) as the API writes it, and the date ranges it is queried by.
//!
//! Every response timestamp is GMT+8 without an offset suffix, except the catalog's
//! ISO-8601 `Z` times (`../shared/iimmpact-api.md` §1.4). The formats differ by endpoint, and older pages show
//! others, so [`Timestamp`] reads any documented format wherever it appears: a reply
//! never fails because one endpoint drifted to another endpoint's format.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{InputError, Problem};

/// The API's time zone: Malaysia, UTC+8 all year.
pub fn gmt8() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// Now, in GMT+8.
pub fn now_gmt8() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&gmt8())
}

/// Naive (suffix-less) formats, all meaning GMT+8, most specific first.
const NAIVE_FORMATS: [&str; 3] = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S%.f",
];

/// An instant from a reply, kept in GMT+8.
///
/// Serialized as RFC 3339 with its offset (`2025-01-15T14:30:45.123+08:00`), which any
/// consumer (the web UI included) reads without guessing a zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<FixedOffset>);

impl Timestamp {
    pub fn as_datetime(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl From<DateTime<FixedOffset>> for Timestamp {
    fn from(value: DateTime<FixedOffset>) -> Self {
        Self(value.with_timezone(&gmt8()))
    }
}

impl FromStr for Timestamp {
    type Err = InputError;

    fn from_str(text: &str) -> Result<Self, InputError> {
        let text = text.trim();
        if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
            return Ok(with_offset.into());
        }
        NAIVE_FORMATS
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
            .and_then(|naive| naive.and_local_timezone(gmt8()).single())
            .map(Self)
            .ok_or_else(|| InputError::new("timestamp", Problem::NotADate))
    }
}

impl fmt::Display for Timestamp {
    /// The counter's form: `2025-01-15 14:30:45` (GMT+8).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M:%S"))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

/// Optional reply timestamps: absent, `null` or `""` are all "not given".
pub mod optional_timestamp {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) if !text.trim().is_empty() => {
                text.parse().map(Some).map_err(de::Error::custom)
            }
            _ => Ok(None),
        }
    }
}

/// A voucher expiry's formats: `yyyymmdd` as documented, and ISO 8601.
pub(crate) const EXPIRY_FORMATS: &[&str] = &["%Y%m%d", "%Y-%m-%d"];

/// A voucher expiry; `""` when the product has none.
pub mod expiry_date {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        optional_date(d, EXPIRY_FORMATS)
    }
}

/// A bill due date, `dd/MM/yyyy`; `""` when the biller does not return it.
pub mod due_date {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        optional_date(d, &["%d/%m/%Y", "%Y-%m-%d"])
    }
}

fn optional_date<'de, D: Deserializer<'de>>(
    d: D,
    formats: &[&str],
) -> Result<Option<NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(d)? else {
        return Ok(None);
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    formats
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
        .map(Some)
        .ok_or_else(|| de::Error::custom(format!("{text:?} is not a documented date")))
}

/// The `date` query of `/v2/transactions` and `/v2/balance-statement`: one day
/// (`yyyy-MM-dd`) or an inclusive range (`yyyy-MM-dd - yyyy-MM-dd`).
///
/// Serialized as that query text, and read back through the same validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DateRange {
    pub fn day(day: NaiveDate) -> Self {
        Self { from: day, to: day }
    }

    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, InputError> {
        if from > to {
            return Err(InputError::new("date", Problem::DatesReversed));
        }
        Ok(Self { from, to })
    }

    /// Reads the query form, or two dates typed separately (`from`/`to` fields).
    pub fn parse_dates(from: &str, to: &str) -> Result<Self, InputError> {
        Self::new(parse_day("from", from)?, parse_day("to", to)?)
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }
}

fn parse_day(field: &'static str, text: &str) -> Result<NaiveDate, InputError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| InputError::new(field, Problem::NotADate))
}

impl FromStr for DateRange {
    type Err = InputError;

    fn from_str(text: &str) -> Result<Self, InputError> {
        match text.trim().split_once(" - ") {
            Some((from, to)) => Self::new(parse_day("date", from)?, parse_day("date", to)?),
            None => Ok(Self::day(parse_day("date", text)?)),
        }
    }
}

impl fmt::Display for DateRange {
    /// The query value exactly as the API expects it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from.format("%Y-%m-%d"))
        } else {
            write!(
                f,
                "{} - {}",
                self.from.format("%Y-%m-%d"),
                self.to.format("%Y-%m-%d")
            )
        }
    }
}

impl Serialize for DateRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DateRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn gmt8_instant(
        y: i32,
        mo: u32,
        d: u32,
        h: u32,
        mi: u32,
        s: u32,
        ms: u32,
    ) -> DateTime<FixedOffset> {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_milli_opt(h, mi, s, ms)
            .unwrap()
            .and_local_timezone(gmt8())
            .unwrap()
    }

    #[test]
    fn reads_every_documented_format_as_gmt8() {
        let expected = gmt8_instant(2025, 1, 15, 14, 30, 45, 0);
        assert_eq!(ts("15-01-2025 14:30:45").as_datetime(), expected);
        assert_eq!(ts("2025-01-15 14:30:45").as_datetime(), expected);
        assert_eq!(
            ts("2025-01-15 14:30:45.123").as_datetime(),
            gmt8_instant(2025, 1, 15, 14, 30, 45, 123)
        );
        // ISO-8601 UTC: 06:30:45Z is 14:30:45 in Malaysia.
        assert_eq!(ts("2025-01-15T06:30:45Z").as_datetime(), expected);
        assert_eq!(ts("2025-01-15T06:30:45.000Z").as_datetime(), expected);
        assert_eq!(ts("2025-01-15T06:30:45Z").as_datetime().offset(), &gmt8());
    }

    #[test]
    fn serializes_with_its_offset_and_reads_that_back() {
        let t = ts("2025-05-19 13:06:50.523");
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#""2025-05-19T13:06:50.523+08:00""#);
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        assert_eq!(t.to_string(), "2025-05-19 13:06:50");
    }

    #[test]
    fn refuses_undocumented_text() {
        for bad in [
            "",
            "yesterday",
            "2025-13-01 00:00:00",
            "15/01/2025 14:30:45",
        ] {
            assert_eq!(
                bad.parse::<Timestamp>().unwrap_err().field,
                "timestamp",
                "{bad}"
            );
        }
    }

    #[derive(Deserialize)]
    struct Dates {
        #[serde(default, deserialize_with = "expiry_date::deserialize")]
        expiry: Option<NaiveDate>,
        #[serde(default, deserialize_with = "due_date::deserialize")]
        due: Option<NaiveDate>,
    }

    #[test]
    fn expiry_and_due_dates_in_their_formats_or_blank() {
        let d: Dates = serde_json::from_str(r#"{"expiry":"20251116","due":"25/10/2023"}"#).unwrap();
        assert_eq!(d.expiry, NaiveDate::from_ymd_opt(2025, 11, 16));
        assert_eq!(d.due, NaiveDate::from_ymd_opt(2023, 10, 25));
        let blank: Dates = serde_json::from_str(r#"{"expiry":"","due":null}"#).unwrap();
        assert_eq!((blank.expiry, blank.due), (None, None));
        assert!(serde_json::from_str::<Dates>(r#"{"expiry":"soon"}"#).is_err());
    }

    #[test]
    fn date_range_query_forms() {
        let day: DateRange = "2025-05-01".parse().unwrap();
        assert_eq!(day.to_string(), "2025-05-01");
        let range: DateRange = "2025-05-01 - 2025-05-31".parse().unwrap();
        assert_eq!(range.to_string(), "2025-05-01 - 2025-05-31");
        assert_eq!(range.from(), NaiveDate::from_ymd_opt(2025, 5, 1).unwrap());
        // A range of one day is sent in the single-day form.
        assert_eq!(
            DateRange::parse_dates("2025-05-01", "2025-05-01")
                .unwrap()
                .to_string(),
            "2025-05-01"
        );
    }

    #[test]
    fn date_range_refuses_reversed_or_malformed_input() {
        assert_eq!(
            "2025-05-31 - 2025-05-01"
                .parse::<DateRange>()
                .unwrap_err()
                .field,
            "date"
        );
        assert_eq!("31/05/2025".parse::<DateRange>().unwrap_err().field, "date");
        assert_eq!(
            DateRange::parse_dates("2025-05-01", "x").unwrap_err().field,
            "to"
        );
        assert_eq!(
            DateRange::parse_dates("", "2025-05-01").unwrap_err().field,
            "from"
        );
    }
}
