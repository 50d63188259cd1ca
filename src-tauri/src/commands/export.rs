//! Statement export. The window asks for progress (`export_progress`) while `export_start` runs,
//! instead of being sent each report: a message pushed into the page is a script WebKitGTK
//! evaluates, and the web process keeps memory for every one of them for the page's life
//! (docs/measurements.md, "Export pacing and memory"). Cancelling is its own command, and a
//! cancelled export leaves no file (the core writes to a temp file and renames it only on success).

use std::path::{PathBuf, MAIN_SEPARATOR};

use kaunter::export::{ExportRequest, Progress, Summary};
use tauri::{AppHandle, Manager, Runtime, State};

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn export_start(
    state: State<'_, AppState>,
    request: ExportRequest,
    path: PathBuf,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let running = state.exports.begin()?;
    let mut progress = |p: Progress| running.report(p);
    let session = state.session();
    Ok(session
        .export_statement(&request, &path, None, &mut progress, running.token())
        .await?)
}

/// How far the running export is; `null` when none runs or its first page is not in yet.
#[tauri::command(rename_all = "snake_case")]
pub fn export_progress(state: State<'_, AppState>) -> Reply<Option<Progress>> {
    Ok(state.exports.progress())
}

/// Stops the running export, if any; its `export_start` then rejects with `cancelled`.
#[tauri::command(rename_all = "snake_case")]
pub fn export_cancel(state: State<'_, AppState>) -> Reply<()> {
    state.exports.cancel();
    Ok(())
}

/// Where exports go unless the cashier picks another place: Documents (else home),
/// ending in a separator so the UI can append the suggested file name.
#[tauri::command(rename_all = "snake_case")]
pub fn export_folder<R: Runtime>(app: AppHandle<R>) -> Reply<String> {
    let paths = app.path();
    let dir = paths
        .document_dir()
        .or_else(|_| paths.home_dir())
        .map_err(|e| {
            kaunter::ErrorPayload::new(kaunter::ErrorKind::Storage).with_detail(e.to_string())
        })?;
    Ok(format!("{}{MAIN_SEPARATOR}", dir.display()))
}
