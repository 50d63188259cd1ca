//! Kaunter's desktop shell: a thin layer of Tauri commands over the `kaunter` core.
//!
//! - [`state`]: what the commands share (the core session, the keychain probe), built at start.
//! - [`exports`]: the one statement export that may run, and its cancel.
//! - [`follow`]: open payments followed until final, each change sent to the window.
//! - [`commands`]: one module per resource, each command a few lines over the core.
//! - [`window`]: fitting the window to small office screens.

mod commands;
mod exports;
mod follow;
mod shown;
mod state;
mod window;

use tauri::{Emitter, Manager};

pub fn run() {
    // The log file is what support asks an outlet for; without it the counter still works.
    if let Err(e) = kaunter::paths::Paths::from_os()
        .and_then(|paths| kaunter::logging::init(&paths, kaunter::logging::Console::All))
    {
        eprintln!("kaunter: no log file: {e}");
    }
    tauri::Builder::default()
        // First among the plugins, as its docs require: a second launch exits here.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            window::bring_forward(app)
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let state = state::AppState::start()?;
            // Payments left open by a crash or a lost reply are re-sent with their own
            // refid and body until final; each change reaches the window.
            let handle = app.handle().clone();
            state.followers.emit_to(move |record| {
                let _ = handle.emit(follow::PAYMENT_UPDATED, record);
            });
            state.follow_payments();
            app.manage(state);
            if let Some(main) = app.get_webview_window("main") {
                window::fit_to_screen(&main)?;
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
