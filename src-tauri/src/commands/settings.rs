use kaunter::settings::Settings;
use tauri::State;

use super::{reply, Reply};
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn settings_get(state: State<'_, AppState>) -> Reply<Settings> {
    reply(Settings::load(&state.paths))
}

/// Saves and returns what was stored; a bad value is refused naming its field.
#[tauri::command(rename_all = "snake_case")]
pub fn settings_set(state: State<'_, AppState>, settings: Settings) -> Reply<Settings> {
    reply(settings.save(&state.paths).map(|()| settings))
}
