use kaunter::settings::Settings;
use tauri::State;

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn settings_get(state: State<'_, AppState>) -> Reply<Settings> {
    Ok(state.session().settings().clone())
}

/// Saves, then reopens the session so the environment, rate and receipt header apply
/// at once. A bad value is refused naming its field, and nothing changes. Switching the
/// environment or the rate takes the held supervisor unlock: without one the core
/// refuses a save that changes either (`supervisor_required`).
#[tauri::command(rename_all = "snake_case")]
pub async fn settings_set(state: State<'_, AppState>, settings: Settings) -> Reply<Settings> {
    match state.unlock.get().await {
        Ok(unlock) => settings.save_guarded(state.paths(), &unlock)?,
        Err(_) => settings.save(state.paths())?,
    }
    Ok(state.reopen()?.settings().clone())
}
