//! Statement export: progress streams over a Channel, at most ten reports a second (the
//! core throttles them; the last always comes), so the web view never queues them.
//! Cancelling is its own command, and a cancelled export leaves no file (the core writes
//! to a temp file and renames it only on success).

use std::path::{PathBuf, MAIN_SEPARATOR};

use kaunter::export::{ExportRequest, Progress, Summary};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn export_start(
    state: State<'_, AppState>,
    request: ExportRequest,
    path: PathBuf,
    on_progress: Channel<Progress>,
) -> Reply<Summary> {
    super::file_path(&path)?;
    let running = state.exports.begin()?;
    let mut progress = |p: Progress| {
        // A closed window stops listening; the export itself still completes or cancels.
        let _ = on_progress.send(p);
    };
    let session = state.session();
    Ok(session
        .export_statement(&request, &path, None, &mut progress, running.token())
        .await?)
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
