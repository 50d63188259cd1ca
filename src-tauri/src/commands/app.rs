//! What the UI needs to know once, at start.

use kaunter::credentials::KeychainProblem;
use kaunter::Environment;
use serde::Serialize;
use tauri::State;

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
