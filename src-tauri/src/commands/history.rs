use chrono::NaiveDate;
use iimmpact::Refid;
use kaunter::journal::{DayTotals, HistoryQuery, PaymentRecord};
use tauri::State;

use super::{reply, Reply};
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn history(state: State<'_, AppState>, query: HistoryQuery) -> Reply<Vec<PaymentRecord>> {
    reply(state.journal.history(&query))
}

#[tauri::command(rename_all = "snake_case")]
pub fn day_totals(state: State<'_, AppState>, day: NaiveDate) -> Reply<DayTotals> {
    reply(state.journal.day_totals(day))
}

/// "Was this customer charged?": the query is tried as a refid, then as an account.
#[tauri::command(rename_all = "snake_case")]
pub fn lookup(state: State<'_, AppState>, query: String) -> Reply<Vec<PaymentRecord>> {
    let query = query.trim();
    let by_refid = match Refid::parse(query) {
        Ok(refid) => reply(state.journal.get(&refid))?,
        Err(_) => None,
    };
    match by_refid {
        Some(payment) => Ok(vec![payment]),
        None => reply(state.journal.history(&HistoryQuery {
            account: Some(query.to_owned()),
            ..HistoryQuery::default()
        })),
    }
}
