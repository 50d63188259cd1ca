//! The legacy sign-in (`../shared/iimmpact-api.md` §2.2): `POST /v2/token` and
//! `POST /v2/token/refresh`, unsigned, answering an `AuthenticationResult`.
//! The path of the sign-in, the refusals and the refresh reply's shape are the
//! decisions of docs/api-decisions.md ("Legacy sign-in with an ID token").

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::Issued;
use crate::error::ApiError;
use crate::state::Sim;

pub(super) async fn sign_in(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_body(&body)?;
    let username = text(&body, "username")?;
    let password = text(&body, "password")?;
    let issued = sim
        .verifier
        .sign_in(username, password)
        .map_err(ApiError::Unauthorized)?;
    Ok(Json(authentication_result(&issued)))
}

pub(super) async fn refresh(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_body(&body)?;
    let issued = sim
        .verifier
        .refresh(text(&body, "refresh_token")?)
        .map_err(ApiError::Unauthorized)?;
    Ok(Json(authentication_result(&issued)))
}

fn json_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|_| ApiError::invalid("body", "The body is not JSON"))
}

fn text<'a>(body: &'a Value, field: &'static str) -> Result<&'a str, ApiError> {
    body.get(field)
        .and_then(Value::as_str)
        .filter(|v| !v.trim().is_empty())
        .ok_or(ApiError::missing(field))
}

/// Cognito's shape; a refresh carries no `RefreshToken` (the old one stays good).
fn authentication_result(issued: &Issued) -> Value {
    let mut result = json!({
        "AccessToken": format!("sim-access-{}", &issued.id_token[8..]),
        "ExpiresIn": issued.expires_in.as_secs(),
        "TokenType": "Bearer",
        "IdToken": issued.id_token,
    });
    if let Some(refresh_token) = &issued.refresh_token {
        result["RefreshToken"] = json!(refresh_token);
    }
    json!({ "AuthenticationResult": result })
}
