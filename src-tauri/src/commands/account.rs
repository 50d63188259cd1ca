use kaunter::counter::{AccountThresholdView, BalanceView, CallbackView};
use kaunter::session::EffectiveThreshold;
use kaunter::Environment;
use tauri::State;

use super::Reply;
use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn balance(state: State<'_, AppState>) -> Reply<BalanceView> {
    Ok(state.session().balance().await?)
}

/// Signs a balance call with `environment`'s stored credentials: the cheapest request
/// that proves key, secret, clock and host all agree.
#[tauri::command(rename_all = "snake_case")]
pub async fn credentials_test(
    state: State<'_, AppState>,
    environment: Environment,
) -> Reply<BalanceView> {
    Ok(state.session_for(environment)?.balance().await?)
}

/// The threshold below which IIMMPACT e-mails the merchant, as the account has it.
#[tauri::command(rename_all = "snake_case")]
pub async fn account_threshold_get(state: State<'_, AppState>) -> Reply<AccountThresholdView> {
    Ok(state.session().account_threshold().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_threshold_set(
    state: State<'_, AppState>,
    amount: String,
) -> Reply<AccountThresholdView> {
    let unlock = state.unlock.get().await?;
    Ok(state
        .session()
        .set_account_threshold(&unlock, &amount)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_callback_get(state: State<'_, AppState>) -> Reply<CallbackView> {
    Ok(state.session().callback_url().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_callback_set(
    state: State<'_, AppState>,
    url: String,
    method: String,
) -> Reply<CallbackView> {
    let unlock = state.unlock.get().await?;
    Ok(state
        .session()
        .set_callback_url(&unlock, &url, &method)
        .await?)
}

/// Where the header's low-balance warning starts: IIMMPACT's threshold when the account
/// has one, else the local setting. Never fails for want of IIMMPACT.
#[tauri::command(rename_all = "snake_case")]
pub async fn low_balance_threshold(state: State<'_, AppState>) -> Reply<EffectiveThreshold> {
    Ok(state.session().low_balance_threshold().await)
}
