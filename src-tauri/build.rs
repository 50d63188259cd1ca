use std::{fs, path::Path};

// The app's commands come from the same list the handler is built from, so each one
// gets exactly one generated permission (`allow-<command>`) and none is left ungated.
macro_rules! commands {
    ($($module:ident::$command:ident),+ $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($command)),+];
    };
}
include!("src/commands/list.rs");

/// The app config lives at the repository root; tauri-build and `generate_context!` read it
/// from this crate's folder, as the tauri CLI does (see scripts/tauri.mjs, which writes the
/// same copy before the CLI runs). Written only when it differs, so an unchanged config does
/// not rebuild the app.
fn copy_root_config() {
    let root = Path::new("../tauri.conf.json");
    println!("cargo:rerun-if-changed={}", root.display());
    let config = fs::read(root).expect("reading ../tauri.conf.json, the app config");
    let copy = Path::new("tauri.conf.json");
    if fs::read(copy).ok().as_deref() != Some(config.as_slice()) {
        fs::write(copy, config).expect("writing src-tauri/tauri.conf.json");
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    copy_root_config();
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed (see the message above)");
}
