//! Kaunter's desktop shell: a thin layer of Tauri commands over the `kaunter` core.

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
