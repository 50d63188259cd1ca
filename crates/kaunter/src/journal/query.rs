//! History filters and the end-of-day totals.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use iimmpact::time::gmt8;

use super::record::{PaymentRecord, PaymentState};

/// Which journalled payments to list; every filter is optional and they combine.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct HistoryQuery {
    /// A counter day in Malaysia time.
    #[ts(optional, type = "string")]
    pub day: Option<NaiveDate>,
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

/// `[start, end)` of a GMT+8 day in the journal's UTC milliseconds.
pub(super) fn day_bounds_ms(day: NaiveDate) -> (i64, i64) {
    let start = gmt8()
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .single()
        .expect("a fixed offset has no gaps")
        .with_timezone(&Utc);
    let end = start + chrono::Duration::days(1);
    (start.timestamp_millis(), end.timestamp_millis())
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
    pub(super) fn of(day: NaiveDate, payments: &[PaymentRecord]) -> Self {
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
