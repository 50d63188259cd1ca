//! The merchant's account: balance, callback URL, low-balance threshold.
//!
//! The two config endpoints answer with `@metadata`, unlike networkstatus and bill
//! presentment (`metadata`): the docs' own inconsistency, kept so clients meet it here.

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::Params;
use crate::error::ApiError;
use crate::money;
use crate::state::{lock, Sim};
use crate::time;

/// The demo merchant's account number and name.
const ACCOUNT: &str = "3100528";
const NAME: &str = "Kaunter Demo Merchant Sdn Bhd";
const EMAIL: &str = "finance@demo-merchant.example";

pub(super) async fn balance(State(sim): State<Arc<Sim>>) -> Json<Value> {
    let balance = lock(&sim.book).settled().ledger.balance();
    Json(json!({"data": {
        "account": ACCOUNT,
        "name": NAME,
        "balance": money::number(balance),
        "level": "12",
        "access": sim.cfg.access_level,
    }}))
}

fn callback_body(sim: &Sim) -> Json<Value> {
    let settings = lock(&sim.settings);
    Json(json!({
        "data": {
            "Status": "Success",
            "CallbackUrl": settings.callback_url,
            "Method": settings.callback_method,
        },
        "@metadata": {
            "status_code": 200,
            "last_updated": time::now_gmt8().format(time::METADATA).to_string(),
        },
    }))
}

pub(super) async fn callback_url(State(sim): State<Arc<Sim>>) -> Json<Value> {
    callback_body(&sim)
}

/// Its inputs come in the query string; the body is empty.
pub(super) async fn set_callback_url(
    State(sim): State<Arc<Sim>>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let url = params.required("url")?;
    let host = ["https://", "http://"]
        .iter()
        .find_map(|scheme| url.strip_prefix(scheme))
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .filter(|authority| !authority.is_empty() && !authority.starts_with(':'));
    if host.is_none() {
        return Err(ApiError::invalid(
            "url",
            "The url must be an absolute http or https URL",
        ));
    }
    let method = params.required("method")?.to_ascii_uppercase();
    if method != "GET" && method != "POST" {
        return Err(ApiError::invalid(
            "method",
            "The method must be GET or POST",
        ));
    }
    {
        let mut settings = lock(&sim.settings);
        settings.callback_url = url.to_owned();
        settings.callback_method = method;
    }
    Ok(callback_body(&sim))
}

fn threshold_body(threshold: Decimal, last_updated_format: &str) -> Json<Value> {
    Json(json!({
        "data": {
            "Status": "Success",
            "Email": EMAIL,
            "BalanceThreshold": money::number(threshold),
            "Note": format!("You will receive email notification when your balance drop below {threshold}"),
        },
        "@metadata": {
            "status_code": 200,
            "last_updated": time::now_gmt8().format(last_updated_format).to_string(),
        },
    }))
}

pub(super) async fn low_balance_threshold(State(sim): State<Arc<Sim>>) -> Json<Value> {
    let threshold = lock(&sim.settings)
        .low_balance_threshold
        .unwrap_or_default();
    threshold_body(threshold, time::METADATA)
}

/// The POST reply dates `@metadata` as `yyyy-MM-dd HH:mm:ss`, unlike the GET (`../shared/iimmpact-api.md` §1.4).
pub(super) async fn set_low_balance_threshold(
    State(sim): State<Arc<Sim>>,
    params: Params,
) -> Result<Json<Value>, ApiError> {
    let amount = params
        .required("amount")?
        .parse::<Decimal>()
        .ok()
        .filter(|a| *a >= Decimal::ONE)
        .ok_or_else(|| ApiError::invalid("amount", "The amount must be a number of at least 1"))?;
    lock(&sim.settings).low_balance_threshold = Some(amount);
    Ok(threshold_body(amount, time::SECONDS))
}
