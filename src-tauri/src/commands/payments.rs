use kaunter::journal::PaymentRecord;
use kaunter::payments::PaymentRequest;
use tauri::State;

use super::{reply, Reply};
use crate::state::AppState;
use crate::views::BillCheckView;

#[tauri::command(rename_all = "snake_case")]
pub async fn bill_check(
    state: State<'_, AppState>,
    product: String,
    account: String,
) -> Reply<BillCheckView> {
    let bill = reply(state.session().bill_check(&product, &account).await)?;
    Ok(BillCheckView::from(&bill))
}

/// Journals the payment, sends it, and follows it for a few seconds; the UI re-checks
/// an open one with `payment_status`, which re-sends the same refid and body.
#[tauri::command(rename_all = "snake_case")]
pub async fn pay(state: State<'_, AppState>, request: PaymentRequest) -> Reply<PaymentRecord> {
    reply(state.session().pay(&request).await)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn payment_status(state: State<'_, AppState>, refid: String) -> Reply<PaymentRecord> {
    reply(state.session().payment_status(&refid).await)
}
