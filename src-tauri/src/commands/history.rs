use chrono::NaiveDate;
use kaunter::journal::{DayTotals, HistoryQuery, PaymentRecord};
use tauri::State;

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn history(state: State<'_, AppState>, query: HistoryQuery) -> Reply<Vec<PaymentRecord>> {
    Ok(state.session().history(&query)?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn day_totals(state: State<'_, AppState>, day: NaiveDate) -> Reply<DayTotals> {
    Ok(state.session().day_totals(day)?)
}

/// "Was this customer charged?": the journal searched by refid or account.
#[tauri::command(rename_all = "snake_case")]
pub fn lookup(state: State<'_, AppState>, query: String) -> Reply<Vec<PaymentRecord>> {
    Ok(state.session().journal_lookup(query.trim())?)
}

/// History's "Show PIN" and a reprint of a voucher: the journalled payment with its PIN
/// and link opened. Only on the cashier's say-so; the core logs that it was revealed.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_voucher(state: State<'_, AppState>, refid: String) -> Reply<PaymentRecord> {
    Ok(state.session().reveal_voucher(&refid).await?)
}
