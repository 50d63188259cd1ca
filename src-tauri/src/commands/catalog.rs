use tauri::State;

use super::{reply, Reply};
use crate::state::AppState;
use crate::views::{NetworkView, ProductView};

/// The products on sale; inactive ones are never offered.
#[tauri::command(rename_all = "snake_case")]
pub async fn products(state: State<'_, AppState>) -> Reply<Vec<ProductView>> {
    let list = reply(state.session().products().await)?;
    Ok(list
        .iter()
        .filter(|p| p.is_active())
        .map(ProductView::from)
        .collect())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn network_status(state: State<'_, AppState>, product: String) -> Reply<NetworkView> {
    let reply_ = reply(state.session().network_status(&product).await)?;
    Ok(NetworkView::from(&reply_.data))
}
