//! What the UI needs to know once, at start, the stamp it leaves once it is on screen,
//! and what support asks for.

use std::time::{SystemTime, UNIX_EPOCH};

use kaunter::credentials::KeychainProblem;
use kaunter::diagnostics::{Diagnostics, Shell};
use kaunter::Environment;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::Reply;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppStatus {
    pub environment: Environment,
    /// Set when the start-up probe found the keychain missing or locked, with the remedy.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub keychain_problem: Option<KeychainProblem>,
}

#[tauri::command(rename_all = "snake_case")]
pub fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    Ok(AppStatus {
        environment: state.session().environment(),
        keychain_problem: state.keychain_problem.clone(),
    })
}

/// Set (to anything) to have [`first_paint`] print its stamp; `scripts/bench-app.sh` sets it.
const MEASURE_VAR: &str = "KAUNTER_MEASURE";

/// The UI calls this once, when the counter screen's first frame is on screen. With
/// `KAUNTER_MEASURE` set it prints wall-clock microseconds since the epoch to stderr, so a
/// script can subtract the time it launched the app; otherwise it does nothing.
#[tauri::command]
pub fn first_paint() {
    if std::env::var_os(MEASURE_VAR).is_some() {
        // A clock before 1970 only makes the figure nonsense, never the app fail.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        eprintln!("kaunter-measure first-paint {}", now.as_micros());
    }
}

/// A render error the UI's error boundary caught, as the webview saw it.
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct UiErrorReport {
    pub message: String,
    pub stack: Option<String>,
}

/// Writes a render error to the app's log file, where support looks first; the window
/// itself shows the cashier a calm message.
#[tauri::command(rename_all = "snake_case")]
pub fn log_ui_error(report: UiErrorReport) {
    // The webview's words are untrusted: bounded, so a runaway stack cannot fill the log.
    let clip = |text: &str| text.chars().take(4000).collect::<String>();
    tracing::error!(
        message = %clip(&report.message),
        stack = %clip(report.stack.as_deref().unwrap_or("")),
        "the window failed to draw a screen"
    );
}

/// The diagnostics report as plain text, for the clipboard ("Copy diagnostics" in
/// Settings). Synchronous: it reads at most a few hundred KiB of log.
#[tauri::command]
pub fn diagnostics<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Reply<String> {
    let shell = Shell {
        app_version: app.package_info().version.to_string(),
        webview_version: tauri::webview_version().ok(),
    };
    let report = Diagnostics::gather(
        shell,
        state.paths(),
        state.session().environment(),
        state.keychain_problem.clone(),
    );
    Ok(report.to_string())
}
