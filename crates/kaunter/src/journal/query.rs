//! History filters and the end-of-day totals.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use iimmpact::time::gmt8;

use super::record::{PaymentRecord, PaymentState};
use crate::{Error, Result};

/// Which journalled payments to list; every filter is optional and they combine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct HistoryQuery {
    /// A counter day in Malaysia time: the same as `from` and `to` both that day.
    #[ts(optional, type = "string")]
    pub day: Option<NaiveDate>,
    /// The first counter day (GMT+8), included; open-ended when absent.
    #[ts(optional, type = "string")]
    pub from: Option<NaiveDate>,
    /// The last counter day (GMT+8), included; open-ended when absent.
    #[ts(optional, type = "string")]
    pub to: Option<NaiveDate>,
    /// Part of an account number, a refid or a serial number (`sn`), in any case.
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub account: Option<String>,
    #[ts(optional)]
    pub refid: Option<String>,
    #[ts(optional)]
    pub state: Option<PaymentState>,
    /// Newest first; at most this many (all when absent).
    #[ts(optional)]
    pub limit: Option<u32>,
}

impl HistoryQuery {
    /// `[start, end)` in the journal's UTC milliseconds, either end open. `day` combines
    /// with `from` and `to` like every filter: the days in all of them. Days the wrong
    /// way round are an error naming `to`.
    pub(super) fn bounds_ms(&self) -> Result<(Option<i64>, Option<i64>)> {
        if let (Some(from), Some(to)) = (self.from, self.to) {
            if from > to {
                return Err(Error::invalid("to", iimmpact::Problem::DatesReversed));
            }
        }
        let first = self.day.into_iter().chain(self.from).max();
        let last = self.day.into_iter().chain(self.to).min();
        let start = first
            .map(day_bounds_ms)
            .transpose()?
            .map(|(start, _)| start);
        let end = last.map(day_bounds_ms).transpose()?.map(|(_, end)| end);
        Ok((start, end))
    }

    /// The search text trimmed, when there is any.
    pub(super) fn search_text(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }
}

/// `[start, end)` of a GMT+8 day in the journal's UTC milliseconds; an error for the
/// first and last days chrono knows, whose bounds fall outside its range.
pub(super) fn day_bounds_ms(day: NaiveDate) -> Result<(i64, i64)> {
    let start = gmt8()
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .single()
        .map(|start| start.with_timezone(&Utc));
    let end = start.and_then(|start| start.checked_add_signed(chrono::Duration::days(1)));
    match (start, end) {
        (Some(start), Some(end)) => Ok((start.timestamp_millis(), end.timestamp_millis())),
        _ => Err(Error::invalid("day", iimmpact::Problem::TooFarFromToday)),
    }
}

/// How many payments ended in one state on a day, and for how much.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StateTotal {
    pub state: PaymentState,
    pub count: u32,
    #[ts(type = "string")]
    pub amount: Decimal,
}

/// The counter's end-of-day figures, one line per state that occurred.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DayTotals {
    #[ts(type = "string")]
    pub day: NaiveDate,
    pub by_state: Vec<StateTotal>,
}

impl DayTotals {
    pub(crate) fn of(day: NaiveDate, payments: &[PaymentRecord]) -> Self {
        let by_state = PaymentState::ALL
            .into_iter()
            .filter_map(|state| {
                let matching = payments.iter().filter(|p| p.state == state);
                let count = matching.clone().count();
                (count > 0).then(|| StateTotal {
                    state,
                    count: u32::try_from(count).unwrap_or(u32::MAX),
                    amount: matching.map(|p| p.amount.value()).sum(),
                })
            })
            .collect();
        Self { day, by_state }
    }

    pub fn get(&self, state: PaymentState) -> Option<&StateTotal> {
        self.by_state.iter().find(|t| t.state == state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::counter_day;
    use chrono::{DateTime, Datelike as _};
    use proptest::prelude::*;

    fn any_day() -> impl Strategy<Value = NaiveDate> {
        (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).expect("within chrono's range"))
    }

    proptest! {
        #[test]
        fn any_day_is_one_gmt8_day_or_an_error_naming_the_day(day in any_day()) {
            match day_bounds_ms(day) {
                Ok((start, end)) => {
                    prop_assert_eq!(end - start, 24 * 60 * 60 * 1000);
                    let at = |ms| counter_day(DateTime::from_timestamp_millis(ms).unwrap());
                    prop_assert_eq!(at(start), day);
                    prop_assert_eq!(at(end - 1), day);
                }
                Err(e) => prop_assert_eq!(e.payload().field, Some("day".to_owned())),
            }
        }
    }

    #[test]
    fn the_extreme_days_are_an_error_naming_the_day_or_a_real_day() {
        let extremes = [
            NaiveDate::MIN,
            NaiveDate::MAX,
            NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap(),
            NaiveDate::from_ymd_opt(-262_143, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(-262_143, 1, 2).unwrap(),
        ];
        for day in extremes {
            match day_bounds_ms(day) {
                Ok((start, end)) => assert_eq!(end - start, 86_400_000, "{day}"),
                Err(e) => assert_eq!(e.payload().field.as_deref(), Some("day"), "{day}"),
            }
        }
        // Its midnight in Malaysia is the day before in UTC, which chrono cannot hold.
        assert!(day_bounds_ms(NaiveDate::MIN).is_err());
    }
}
