//! Reconciliation: the core matches the journal against IIMMPACT; the window shows the
//! report and may save its mismatches.

use std::path::PathBuf;

use chrono::NaiveDate;
use kaunter::export::{CsvFormat, Summary};
use kaunter::reconcile::ReconcileReport;
use tauri::State;

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn reconcile(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> Reply<ReconcileReport> {
    let session = state.session();
    let report = session.reconcile(from, to).await?;
    state
        .reconciled
        .keep(session.environment(), from, to, report.clone());
    Ok(report)
}

/// Saves the mismatches of the report last shown for `from`..`to`, so the file says
/// what the screen said; reconciles first only when there is none (a run settles
/// payments and spends requests, so it is not repeated for a file).
#[tauri::command(rename_all = "snake_case")]
pub async fn reconcile_export(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    path: PathBuf,
    format: CsvFormat,
    overwrite: bool,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let environment = state.session().environment();
    let report = match state.reconciled.of(environment, from, to) {
        Some(report) => report,
        None => reconcile(state.clone(), from, to).await?,
    };
    Ok(kaunter::reconcile::write_mismatches(&report, &path, None, format, overwrite).await?)
}
