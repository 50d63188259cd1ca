use kaunter::counter::Receipt;
use kaunter::{ErrorKind, ErrorPayload};
use tauri::{Runtime, State, WebviewWindow};

use super::Reply;
use crate::state::AppState;

/// Opens the system print dialog for the window; its print stylesheet lays out only
/// the receipt, on a page of the receipt's paper width and length (the UI sets the
/// page from the receipt's `width`, which Settings give). WebKitGTK ignores
/// `window.print()` from the page, hence a command.
#[tauri::command(rename_all = "snake_case")]
pub fn print_receipt<R: Runtime>(window: WebviewWindow<R>) -> Reply<()> {
    window.print().map_err(|e| {
        ErrorPayload::new(ErrorKind::Internal)
            .with_detail(format!("print dialog: {e}"))
            .into()
    })
}

/// The receipt of a journalled payment, as the core lays it out for every face (the
/// CLI prints the same one): a voucher's PIN and link opened, for the print view.
#[tauri::command(rename_all = "snake_case")]
pub async fn receipt(state: State<'_, AppState>, refid: String) -> Reply<Receipt> {
    Ok(state.session().receipt(&refid).await?)
}
