//! Kaunter's desktop shell: a thin layer of Tauri commands over the `kaunter` core.
//!
//! - [`state`]: what the commands share (the core, the running export), built at start.
//! - [`commands`]: one module per resource, each command a few lines over the core.
//! - [`window`]: fitting the window to small office screens.

mod commands;
mod state;
mod views;
mod window;

use tauri::Manager;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            app.manage(state::AppState::start()?);
            if let Some(main) = app.get_webview_window("main") {
                window::fit_to_screen(&main)?;
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
