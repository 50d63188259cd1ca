use kaunter::settings::Settings;
use tauri::State;

use super::{reply, Reply};
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn settings_get(state: State<'_, AppState>) -> Reply<Settings> {
    Ok(state.session().settings().clone())
}

/// Saves, then reopens the session so the environment, rate and receipt header apply
/// at once. A bad value is refused naming its field, and nothing changes.
/// Switching the environment or the rate needs the supervisor's `pin` when one is set.
#[tauri::command(rename_all = "snake_case")]
pub async fn settings_set(
    state: State<'_, AppState>,
    settings: Settings,
    pin: Option<String>,
) -> Reply<Settings> {
    let unlock = reply(super::credentials::supervisor_unlock(&state, pin).await)?;
    reply(settings.save_guarded(state.paths(), &unlock))?;
    Ok(reply(state.reopen())?.settings().clone())
}
