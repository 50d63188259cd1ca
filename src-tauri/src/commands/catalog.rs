use kaunter::counter::{NetworkView, ProductView};
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// The products on sale; inactive ones are never offered.
#[tauri::command(rename_all = "snake_case")]
pub async fn products(state: State<'_, AppState>) -> Reply<Vec<ProductView>> {
    Ok(state.session().products().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn network_status(state: State<'_, AppState>, product: String) -> Reply<NetworkView> {
    Ok(state.session().network_status(&product).await?)
}
