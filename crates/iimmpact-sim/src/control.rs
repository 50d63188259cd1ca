//! `/_sim/`: the unauthenticated inspection and control API, for tests in other processes.
//! It is not counted in the traffic figures and has no latency or faults.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::faults::{Fault, FaultSpec};
use crate::ledger::LedgerSummary;
use crate::plant::{self, Change, Elsewhere, Planted};
use crate::state::{lock, Sim};
use crate::traffic::{Blocked, Stats};
use crate::{products, SimHandle};

pub(crate) fn router() -> Router<Arc<Sim>> {
    Router::new()
        .route("/_sim/charges/{refid}", get(charges))
        .route("/_sim/extras/{refid}", get(extras))
        .route("/_sim/ledger", get(ledger))
        .route("/_sim/stats", get(stats))
        .route("/_sim/faults", post(faults))
        .route("/_sim/network-status", post(network_status))
        .route("/_sim/block", post(block))
        .route("/_sim/refund", post(refund))
        .route("/_sim/restate", post(restate))
        .route("/_sim/payments", post(elsewhere))
}

#[derive(Deserialize)]
struct RefundOf {
    refid: String,
}

async fn refund(
    State(sim): State<Arc<Sim>>,
    Json(of): Json<RefundOf>,
) -> Result<Json<Planted>, ApiError> {
    plant::refund(&sim, &of.refid).map(Json)
}

#[derive(Deserialize)]
struct RestateOf {
    refid: String,
    #[serde(flatten)]
    change: Change,
}

async fn restate(
    State(sim): State<Arc<Sim>>,
    Json(of): Json<RestateOf>,
) -> Result<Json<Planted>, ApiError> {
    plant::restate(&sim, &of.refid, of.change).map(Json)
}

async fn elsewhere(
    State(sim): State<Arc<Sim>>,
    Json(payment): Json<Elsewhere>,
) -> Result<Json<Planted>, ApiError> {
    plant::elsewhere(&sim, payment).map(Json)
}

async fn charges(State(sim): State<Arc<Sim>>, Path(refid): Path<String>) -> Json<Value> {
    Json(json!({"refid": refid, "charges": SimHandle::charges_in(&sim, &refid)}))
}

/// `extras` is `null` when no payment has this refid.
async fn extras(State(sim): State<Arc<Sim>>, Path(refid): Path<String>) -> Json<Value> {
    Json(json!({"refid": refid, "extras": SimHandle::extras_in(&sim, &refid)}))
}

async fn ledger(State(sim): State<Arc<Sim>>) -> Json<LedgerSummary> {
    Json(lock(&sim.book).settled().ledger.summary())
}

async fn stats(State(sim): State<Arc<Sim>>) -> Json<Stats> {
    Json(lock(&sim.traffic).stats())
}

async fn faults(
    State(sim): State<Arc<Sim>>,
    Json(spec): Json<FaultSpec>,
) -> Result<Json<Value>, ApiError> {
    let fault =
        Fault::try_from(spec).map_err(|(field, message)| ApiError::invalid(field, message))?;
    lock(&sim.faults).inject(fault);
    Ok(Json(json!({"status": "injected"})))
}

#[derive(Deserialize)]
struct NetworkSwitch {
    product: String,
    healthy: bool,
}

async fn network_status(
    State(sim): State<Arc<Sim>>,
    Json(switch): Json<NetworkSwitch>,
) -> Result<Json<Value>, ApiError> {
    if products::find(&switch.product).is_none() {
        return Err(ApiError::invalid(
            "product",
            format!("Unknown product code {:?}", switch.product),
        ));
    }
    lock(&sim.network).insert(switch.product.clone(), switch.healthy);
    Ok(Json(
        json!({"product": switch.product, "healthy": switch.healthy}),
    ))
}

/// `{"bare": true|false}` forces a block; `{"lift": true}` lifts it. One POST route for
/// both keeps the Node helpers, which only GET and POST, enough.
#[derive(Deserialize)]
struct BlockSwitch {
    bare: Option<bool>,
    #[serde(default)]
    lift: bool,
}

async fn block(
    State(sim): State<Arc<Sim>>,
    Json(switch): Json<BlockSwitch>,
) -> Result<Json<Value>, ApiError> {
    let block = match switch {
        BlockSwitch {
            bare: None,
            lift: true,
        } => None,
        BlockSwitch {
            bare: Some(bare),
            lift: false,
        } => Some(Blocked::forced(bare)),
        _ => {
            return Err(ApiError::invalid(
                "bare",
                "Give either {\"bare\": true|false} to block or {\"lift\": true} to lift",
            ))
        }
    };
    lock(&sim.traffic).force_block(block);
    Ok(Json(json!({
        "blocked": block.is_some(),
        "bare": block == Some(Blocked::Bare),
    })))
}
