use std::path::PathBuf;

use chrono::NaiveDate;
use kaunter::export::{CsvFormat, Summary};
use kaunter::journal::{DayTotals, HistoryQuery, PaymentRecord};
use kaunter::lookup::{FoundPayment, LookupReport, PaymentKey, ProblemReport, ProblemRequest};
use tauri::State;

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn history(state: State<'_, AppState>, query: HistoryQuery) -> Reply<Vec<PaymentRecord>> {
    Ok(state.session().history(&query)?)
}

/// The payments `query` lists (all of them, whatever the screen shows) to `path`: a
/// workbook, or CSV laid out by `format` when the name ends in .csv.
#[tauri::command(rename_all = "snake_case")]
pub async fn history_export(
    state: State<'_, AppState>,
    query: HistoryQuery,
    path: PathBuf,
    format: CsvFormat,
    overwrite: bool,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let session = state.session();
    Ok(session
        .export_history(&query, &path, None, format, overwrite)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn day_totals(state: State<'_, AppState>, day: NaiveDate) -> Reply<DayTotals> {
    Ok(state.session().day_totals(day)?)
}

/// This PC's journal searched by refid or account (the payment a confirmation names).
#[tauri::command(rename_all = "snake_case")]
pub fn lookup(state: State<'_, AppState>, query: String) -> Reply<Vec<PaymentRecord>> {
    Ok(state.session().journal_lookup(query.trim())?)
}

/// "Was this customer charged?": the journal, then IIMMPACT when it has nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn charge_lookup(state: State<'_, AppState>, query: String) -> Reply<LookupReport> {
    let session = state.session();
    Ok(session.lookup(&query).await?)
}

/// A payment the lookup found, asked about again where it was found.
#[tauri::command(rename_all = "snake_case")]
pub async fn lookup_recheck(state: State<'_, AppState>, key: PaymentKey) -> Reply<FoundPayment> {
    let session = state.session();
    Ok(session.recheck(&key).await?)
}

/// Reports a successful payment to IIMMPACT, on the cashier's say-so.
#[tauri::command(rename_all = "snake_case")]
pub async fn report_problem(
    state: State<'_, AppState>,
    problem: ProblemRequest,
) -> Reply<ProblemReport> {
    let session = state.session();
    Ok(session.report_problem(&problem).await?)
}

/// History's "Show PIN" and a reprint of a voucher: the journalled payment with its PIN
/// and link opened. Only on the cashier's say-so; the core logs that it was revealed.
#[tauri::command(rename_all = "snake_case")]
pub async fn reveal_voucher(state: State<'_, AppState>, refid: String) -> Reply<PaymentRecord> {
    Ok(state.session().reveal_voucher(&refid).await?)
}
