use kaunter::{ErrorKind, ErrorPayload};
use tauri::{Runtime, WebviewWindow};

use super::Reply;

/// Opens the system print dialog for the window; its print stylesheet lays out only
/// the receipt. WebKitGTK ignores `window.print()` from the page, hence a command.
#[tauri::command(rename_all = "snake_case")]
pub fn print_receipt<R: Runtime>(window: WebviewWindow<R>) -> Reply<()> {
    window.print().map_err(|e| {
        ErrorPayload::new(
            ErrorKind::Internal,
            format!("could not open the print dialog: {e}"),
        )
        .into()
    })
}
