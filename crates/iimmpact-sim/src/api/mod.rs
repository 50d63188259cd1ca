//! The `/v2` API: routes, the layers every request passes, and query-string helpers.
//!
//! A request meets, in order: the traffic gate (forced block, rate limit, `User-Agent`,
//! latency), authentication, then any injected fault, then its handler, then any fault
//! that reshapes its reply. The legacy sign-in and refresh are unsigned: they meet
//! only the gate.

mod account;
mod bills;
mod catalog;
mod reports;
mod reshape;
mod token;
mod topup;

use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, FromRequestParts, Query, Request, State};
use axum::http::header::{LOCATION, USER_AGENT};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::auth::Signed;
use crate::conn::ConnInfo;
use crate::error::{ApiError, AuthRefusal};
use crate::faults::FaultKind;
use crate::state::{lock, Sim};
use crate::time::{self, DateRange};
use crate::traffic::Blocked;

/// Larger bodies than any documented request are refused before they are read whole.
const MAX_BODY: usize = 64 * 1024;

pub(crate) fn router(sim: Arc<Sim>) -> Router<Arc<Sim>> {
    Router::new()
        .route("/v2/balance", get(account::balance))
        .route(
            "/v2/callback-url",
            get(account::callback_url).post(account::set_callback_url),
        )
        .route(
            "/v2/low-balance-threshold",
            get(account::low_balance_threshold).post(account::set_low_balance_threshold),
        )
        .route("/v2/product-list", get(catalog::product_list))
        .route("/v2/subproducts", get(catalog::subproducts))
        .route("/v2/catalog", get(catalog::catalog))
        .route("/v2/options", get(catalog::options))
        .route("/v2/networkstatus", get(catalog::network_status))
        .route("/v2/bill-presentment", get(bills::presentment))
        .route("/v2/topup", post(topup::topup))
        .route("/v2/transactions/check", post(topup::dispute))
        .route("/v2/transactions", get(reports::transactions))
        .route("/v2/balance-statement", get(reports::statement))
        .layer(from_fn_with_state(sim.clone(), inject_faults))
        .layer(from_fn_with_state(sim.clone(), authenticate))
        .route("/v2/token", post(token::sign_in))
        .route("/v2/token/refresh", post(token::refresh))
        .layer(from_fn_with_state(sim, gate))
}

/// Counts the request against its IP's limit (or refuses it under a forced block),
/// refuses one with no `User-Agent` as the gateway does, then waits the configured latency.
async fn gate(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    request: Request,
    next: Next,
) -> Response {
    let admitted = lock(&sim.traffic).admit(conn.remote.ip(), request.uri().path(), Instant::now());
    match admitted {
        Ok(()) => {}
        Err(Blocked::IpBlocked) => {
            let minutes = lock(&sim.traffic).block_minutes();
            return ApiError::IpBlocked { minutes }.into_response();
        }
        Err(Blocked::Bare) => return ApiError::Forbidden.into_response(),
    }
    if !request.headers().contains_key(USER_AGENT) {
        return ApiError::Forbidden.into_response();
    }
    if !sim.cfg.latency.is_zero() {
        tokio::time::sleep(sim.cfg.latency).await;
    }
    next.run(request).await
}

async fn authenticate(
    State(sim): State<Arc<Sim>>,
    request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let (mut parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::invalid("body", "The request body is too large or was cut off"))?;
    let query = decoded_query(&parts)?;
    let signed = Signed {
        method: parts.method.as_str(),
        query: &query,
        body: &body,
    };
    let credential = sim
        .verifier
        .check(&parts.headers, &signed, time::unix_now())
        .map_err(ApiError::Unauthorized)?;
    parts.extensions.insert(credential);
    Ok(next.run(Request::from_parts(parts, Body::from(body))).await)
}

async fn inject_faults(
    State(sim): State<Arc<Sim>>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let fault = lock(&sim.faults).take(&path);
    let response = match fault {
        None => next.run(request).await,
        Some(FaultKind::Latency(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Some(FaultKind::Status(status)) => ApiError::from_status(status).into_response(),
        Some(FaultKind::Timeout) => {
            let mut stopping = sim.stopping.clone();
            // An error means the simulator is gone, which ends the wait just the same.
            let _ = stopping.wait_for(|&stop| stop).await;
            ApiError::GatewayTimeout.into_response()
        }
        Some(FaultKind::DropAfterCommit) => {
            let response = next.run(request).await;
            conn.switch.kill();
            response
        }
        Some(FaultKind::NonceReusedAfterCommit) => {
            // The handled reply is what the earlier copy got; this one never sees it.
            next.run(request).await;
            ApiError::Unauthorized(AuthRefusal::NonceReused).into_response()
        }
        Some(FaultKind::UnknownStatus { code, text }) => {
            request
                .extensions_mut()
                .insert(topup::Untaken { code, text });
            next.run(request).await
        }
        Some(FaultKind::Redirect { status, location }) => {
            let status = StatusCode::from_u16(status.code()).expect("redirect codes are valid");
            (status, [(LOCATION, location)]).into_response()
        }
        Some(FaultKind::ReplyAccount(_) | FaultKind::OddFields | FaultKind::ShortPages { .. }) => {
            unreachable!("reshaping faults are taken with the reply")
        }
    };
    reshape::reshape(&sim, &path, response).await
}

fn decoded_query(parts: &Parts) -> Result<Vec<(String, String)>, ApiError> {
    if parts.uri.query().is_none() {
        return Ok(Vec::new());
    }
    Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
        .map(|Query(pairs)| pairs)
        .map_err(|_| ApiError::invalid("query", "The query string is not valid"))
}

/// The decoded query string, with typed, field-naming accessors.
pub(crate) struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        decoded_query(parts).map(Params)
    }
}

impl Params {
    /// The first non-empty value of `name`.
    pub fn get<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.all(name).next()
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    pub fn required(&self, name: &'static str) -> Result<&str, ApiError> {
        self.get(name).ok_or(ApiError::missing(name))
    }

    /// A positive whole number, if given.
    pub fn count(&self, name: &'static str) -> Result<Option<usize>, ApiError> {
        self.get(name)
            .map(|v| match v.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(ApiError::invalid(
                    name,
                    format!("The {name} must be a positive whole number"),
                )),
            })
            .transpose()
    }

    pub fn date_range(&self) -> Result<DateRange, ApiError> {
        DateRange::parse(self.required("date")?).ok_or_else(|| {
            ApiError::invalid(
                "date",
                "The date must be yyyy-MM-dd or yyyy-MM-dd - yyyy-MM-dd, first day first",
            )
        })
    }
}
