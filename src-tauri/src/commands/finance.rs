//! Summaries and reports: the Transaction Summary and the monthly statement from
//! IIMMPACT's records, the end-of-shift report from the journal, all added up by the core.

use std::path::PathBuf;

use chrono::NaiveDate;
use kaunter::export::{CsvFormat, Summary};
use kaunter::finance::{self, Month, MonthStatement, ShiftReport, SummaryBy, TransactionSummary};
use tauri::State;

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn transaction_summary(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Reply<TransactionSummary> {
    let session = state.session();
    let summary = session.transaction_summary(from, to).await?;
    state
        .summarised
        .keep(session.environment(), from, to, summary.clone());
    Ok(summary)
}

/// Saves one breakdown of the summary last shown for `from`..`to`, so the file says what
/// the screen said; reads IIMMPACT's pages again only when there is none.
#[tauri::command(rename_all = "snake_case")]
pub async fn summary_export(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    by: SummaryBy,
    path: PathBuf,
    format: CsvFormat,
    overwrite: bool,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let environment = state.session().environment();
    let summary = match state.summarised.of(environment, from, to) {
        Some(summary) => summary,
        None => transaction_summary(state.clone(), from, to).await?,
    };
    Ok(finance::write_summary(&summary, by, &path, None, format, overwrite).await?)
}

/// `month` as `YYYY-MM`; anything else is refused naming `month`.
#[tauri::command(rename_all = "snake_case")]
pub async fn month_statement(state: State<'_, AppState>, month: String) -> Reply<MonthStatement> {
    let month: Month = month.parse()?;
    let session = state.session();
    let statement = session.month_statement(month).await?;
    state.stated.keep(
        session.environment(),
        month.first_day(),
        month.last_day(),
        statement.clone(),
    );
    Ok(statement)
}

/// Saves the statement last shown for `month`, so the file says what the screen said;
/// reads IIMMPACT's pages again only when there is none.
#[tauri::command(rename_all = "snake_case")]
pub async fn month_statement_export(
    state: State<'_, AppState>,
    month: String,
    path: PathBuf,
    format: CsvFormat,
    overwrite: bool,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let parsed: Month = month.parse()?;
    let environment = state.session().environment();
    let statement = match state
        .stated
        .of(environment, parsed.first_day(), parsed.last_day())
    {
        Some(statement) => statement,
        None => month_statement(state.clone(), month).await?,
    };
    Ok(finance::write_month(&statement, &path, None, format, overwrite).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn shift_report(state: State<'_, AppState>, day: NaiveDate) -> Reply<ShiftReport> {
    Ok(state.session().shift_report(day)?)
}

/// Saves the end-of-shift report of `day`, from the journal as it is now: the screen
/// follows every settled payment, so it shows the same.
#[tauri::command(rename_all = "snake_case")]
pub async fn shift_export(
    state: State<'_, AppState>,
    day: NaiveDate,
    path: PathBuf,
    format: CsvFormat,
    overwrite: bool,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let report = state.session().shift_report(day)?;
    Ok(finance::write_shift(&report, &path, None, format, overwrite).await?)
}
