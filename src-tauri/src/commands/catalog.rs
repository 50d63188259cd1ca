use kaunter::counter::{ChoiceView, NetworkView, ProductView};
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

/// A product's choices (data plans, JomPAY billers, PTPTN/SSPN account types): its
/// family's own unless `field` names another, for `account` where they depend on it.
#[tauri::command(rename_all = "snake_case")]
pub async fn options(
    state: State<'_, AppState>,
    product: String,
    field: Option<String>,
    account: Option<String>,
) -> Reply<Vec<ChoiceView>> {
    Ok(state
        .session()
        .options(&product, field.as_deref(), account.as_deref())
        .await?)
}
