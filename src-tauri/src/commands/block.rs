//! IIMMPACT's IP block: while it lasts the core sends nothing, and the window says so
//! once, with the time it ends.

use kaunter::block::BlockStatus;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// The block in force for the current environment, as remembered on disk; sends nothing.
#[tauri::command(rename_all = "snake_case")]
pub fn block_status(state: State<'_, AppState>) -> Reply<Option<BlockStatus>> {
    Ok(state.session().block_status())
}

/// Asks IIMMPACT once, on the cashier's request, whether it answers again; `None` when
/// the block is lifted.
#[tauri::command(rename_all = "snake_case")]
pub async fn unblock_check(state: State<'_, AppState>) -> Reply<Option<BlockStatus>> {
    Ok(state.session().unblock_check().await?)
}
