//! The IPC surface: one module per resource. A command parses its arguments, calls
//! the core, and hands back either the result or a typed `{kind, message, field?}`
//! that rejects the promise on the UI side.

mod app;
mod credentials;
mod history;
mod settings;

use kaunter::ErrorPayload;

/// What every command returns: the UI branches on the error's `kind`, never on text.
pub type Reply<T> = Result<T, ErrorPayload>;

fn reply<T>(result: kaunter::Result<T>) -> Reply<T> {
    result.map_err(|e| e.payload())
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app::app_status,
        credentials::credentials_status,
        credentials::credentials_set,
        credentials::credentials_clear,
        settings::settings_get,
        settings::settings_set,
        history::history,
        history::day_totals,
        history::lookup,
    ]
}
