// The app's commands come from the same list the handler is built from, so each one
// gets exactly one generated permission (`allow-<command>`) and none is left ungated.
macro_rules! commands {
    ($($module:ident::$command:ident),+ $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($command)),+];
    };
}
include!("src/commands/list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed (see the message above)");
}
