//! The supervisor PIN at the shell's edge: Settings verifies it once on the way in, the
//! unlock is held here until Settings is left (or its five minutes end), and every
//! guarded command borrows it. The counter's commands never ask for it.

use kaunter::supervisor::{SupervisorPin, SupervisorStatus};
use serde::Serialize;
use tauri::State;

use super::Reply;
use crate::state::AppState;

/// What the PIN prompt and Settings show: the shop's choice, the tries, and whether
/// (for how long) this window holds an unlock.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SupervisorView {
    pub status: SupervisorStatus,
    /// Seconds the held unlock still lasts; `None` when there is none.
    pub unlocked_seconds: Option<u32>,
}

async fn view(state: &AppState) -> Reply<SupervisorView> {
    Ok(SupervisorView {
        status: state.supervisor.status().await?,
        unlocked_seconds: state
            .unlock
            .remaining()
            .await
            .map(|left| u32::try_from(left.as_secs()).unwrap_or(u32::MAX)),
    })
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervisor_status(state: State<'_, AppState>) -> Reply<SupervisorView> {
    view(&state).await
}

/// Holds the unlock the PIN (none when the shop has not set one) earns. A wrong PIN is
/// `invalid` on field `pin`; the status then has the tries left or the lock's end.
#[tauri::command(rename_all = "snake_case")]
pub async fn supervisor_verify(
    state: State<'_, AppState>,
    pin: Option<String>,
) -> Reply<SupervisorView> {
    let pin = pin.as_deref().map(SupervisorPin::parse).transpose()?;
    let unlock = state.supervisor.verify(pin.as_ref()).await?;
    state.unlock.hold(unlock).await;
    view(&state).await
}

/// Sets the PIN on first use, or changes it, under the held unlock.
#[tauri::command(rename_all = "snake_case")]
pub async fn supervisor_set(state: State<'_, AppState>, pin: String) -> Reply<SupervisorView> {
    let pin = SupervisorPin::parse(&pin)?;
    {
        let unlock = state.unlock.get().await?;
        state.supervisor.set(&unlock, &pin).await?;
    }
    view(&state).await
}

/// A shop of one: no PIN from now on, under the held unlock.
#[tauri::command(rename_all = "snake_case")]
pub async fn supervisor_skip(state: State<'_, AppState>) -> Reply<SupervisorView> {
    {
        let unlock = state.unlock.get().await?;
        state.supervisor.skip(&unlock).await?;
    }
    view(&state).await
}

/// Drops the held unlock: the UI calls it whenever Settings is left.
#[tauri::command(rename_all = "snake_case")]
pub async fn supervisor_lock(state: State<'_, AppState>) -> Reply<()> {
    state.unlock.release().await;
    Ok(())
}
