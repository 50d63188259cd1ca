use kaunter::Environment;
use tauri::State;

use super::{reply, Reply};
use crate::state::AppState;
use crate::views::BalanceView;

#[tauri::command(rename_all = "snake_case")]
pub async fn balance(state: State<'_, AppState>) -> Reply<BalanceView> {
    Ok(BalanceView::from(&reply(state.session().balance().await)?))
}

/// Signs a balance call with `environment`'s stored credentials: the cheapest request
/// that proves key, secret, clock and host all agree.
#[tauri::command(rename_all = "snake_case")]
pub async fn credentials_test(
    state: State<'_, AppState>,
    environment: Environment,
) -> Reply<BalanceView> {
    let session = reply(state.session_for(environment))?;
    Ok(BalanceView::from(&reply(session.balance().await)?))
}
