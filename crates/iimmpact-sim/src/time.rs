//! Malaysia time (GMT+8, no offset suffix) and the date formats each endpoint uses.

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// `yyyy-MM-dd HH:mm:ss.fff`: transactions and the balance statement.
pub(crate) const MILLIS: &str = "%Y-%m-%d %H:%M:%S%.3f";
/// `yyyy-MM-dd HH:mm:ss`: topup replies and callbacks.
pub(crate) const SECONDS: &str = "%Y-%m-%d %H:%M:%S";
/// `dd-MM-yyyy HH:mm:ss`: `metadata.last_updated`.
pub(crate) const METADATA: &str = "%d-%m-%Y %H:%M:%S";
/// `dd/MM/yyyy`: bill presentment `DueDate`.
pub(crate) const DUE_DATE: &str = "%d/%m/%Y";

fn malaysia() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

pub(crate) fn now_gmt8() -> NaiveDateTime {
    Utc::now().with_timezone(&malaysia()).naive_local()
}

pub(crate) fn today_gmt8() -> NaiveDate {
    now_gmt8().date()
}

pub(crate) fn unix_now() -> i64 {
    Utc::now().timestamp()
}

/// Unix seconds of a Malaysia wall-clock time.
pub(crate) fn unix_from_gmt8(at: NaiveDateTime) -> i64 {
    at.and_utc().timestamp() - i64::from(malaysia().local_minus_utc())
}

/// A date filter: `yyyy-MM-dd` or `yyyy-MM-dd - yyyy-MM-dd`, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl DateRange {
    pub fn parse(text: &str) -> Option<Self> {
        let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let (first, last) = match text.split_once(" - ") {
            Some((a, b)) => (day(a)?, day(b)?),
            None => {
                let d = day(text)?;
                (d, d)
            }
        };
        (first <= last).then_some(Self { first, last })
    }

    /// The half-open span of wall-clock times inside the range.
    pub fn bounds(&self) -> (NaiveDateTime, NaiveDateTime) {
        let start = self.first.and_time(chrono::NaiveTime::MIN);
        let end = self
            .last
            .succ_opt()
            .unwrap_or(NaiveDate::MAX)
            .and_time(chrono::NaiveTime::MIN);
        (start, end)
    }

    pub fn contains(&self, at: NaiveDateTime) -> bool {
        let (start, end) = self.bounds();
        start <= at && at < end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_range_forms() {
        let one = DateRange::parse("2025-05-01").unwrap();
        assert_eq!(one.first, one.last);
        let span = DateRange::parse("2025-05-01 - 2025-05-31").unwrap();
        assert_eq!(span.last, NaiveDate::from_ymd_opt(2025, 5, 31).unwrap());
        assert!(DateRange::parse("2025-05-31 - 2025-05-01").is_none());
        assert!(DateRange::parse("01-05-2025").is_none());
        assert!(DateRange::parse("2025-05-01-2025-05-31").is_none());
    }
}
