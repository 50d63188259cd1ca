use kaunter::counter::PaymentRequest;
use kaunter::journal::PaymentRecord;
use tauri::State;

use super::Reply;
use crate::state::AppState;
use kaunter::counter::BillCheckView;

#[tauri::command(rename_all = "snake_case")]
pub async fn bill_check(
    state: State<'_, AppState>,
    product: String,
    account: String,
) -> Reply<BillCheckView> {
    Ok(state.session().bill_check(&product, &account).await?)
}

/// Journals the payment, sends it, and follows it for a few seconds; the UI re-checks
/// an open one with `payment_status`, which re-sends the same refid and body.
#[tauri::command(rename_all = "snake_case")]
pub async fn pay(state: State<'_, AppState>, request: PaymentRequest) -> Reply<PaymentRecord> {
    Ok(state.session().pay(&request).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn payment_status(state: State<'_, AppState>, refid: String) -> Reply<PaymentRecord> {
    Ok(state.session().payment_status(&refid).await?)
}
