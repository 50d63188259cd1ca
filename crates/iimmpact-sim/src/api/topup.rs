//! `/v2/topup` (pay, and re-check by the same refid) and `/v2/transactions/check` (dispute).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::{Extension, Json};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use crate::auth::Credential;
use crate::error::ApiError;
use crate::history::FIRST_TRXID;
use crate::ledger::EntryKind;
use crate::money;
use crate::payments::{code, status_text, Payment, TopupRequest};
use crate::state::{lock, Sim};
use crate::time;

/// `access` of an account that may only read.
const READ_ONLY: u8 = 50;

fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(ApiError::invalid(
            "body",
            "The request body must be a JSON object",
        )),
    }
}

fn text_field<'a>(body: &'a Map<String, Value>, field: &'static str) -> Result<&'a str, ApiError> {
    match body.get(field) {
        None | Some(Value::Null) => Err(ApiError::missing(field)),
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.trim()),
        Some(_) => Err(ApiError::invalid(
            field,
            format!("The {field} must be a non-empty string"),
        )),
    }
}

/// `refid`: 1–50 characters of `A-Z a-z 0-9 . _ -` (docs/api-decisions.md).
fn refid(body: &Map<String, Value>) -> Result<String, ApiError> {
    let refid = text_field(body, "refid")?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if refid.len() > 50 || !refid.chars().all(allowed) {
        return Err(ApiError::invalid(
            "refid",
            "The refid must be 1-50 characters of letters, digits, '.', '_' or '-'",
        ));
    }
    Ok(refid.to_owned())
}

/// `amount` as a string or a number, parsed as an exact positive decimal.
fn amount(body: &Map<String, Value>) -> Result<Decimal, ApiError> {
    let text = match body.get("amount") {
        None | Some(Value::Null) => return Err(ApiError::missing("amount")),
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => String::new(),
    };
    text.parse::<Decimal>()
        .ok()
        .filter(|a| *a > Decimal::ZERO && a.normalize().scale() <= 2)
        .ok_or_else(|| {
            ApiError::invalid(
                "amount",
                "The amount must be a positive number with at most 2 decimals",
            )
        })
}

/// `extras`: an object of strings (numbers are read as their text), or absent.
fn extras(body: &Map<String, Value>) -> Result<BTreeMap<String, String>, ApiError> {
    let invalid = || ApiError::invalid("extras", "The extras must be an object of strings");
    match body.get("extras") {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| match value {
                Value::String(s) => Ok((key.clone(), s.trim().to_owned())),
                Value::Number(n) => Ok((key.clone(), n.to_string())),
                _ => Err(invalid()),
            })
            .collect(),
        Some(_) => Err(invalid()),
    }
}

fn parse_topup(body: &[u8]) -> Result<TopupRequest, ApiError> {
    let body = json_object(body)?;
    Ok(TopupRequest {
        refid: refid(&body)?,
        product: text_field(&body, "product")?.to_owned(),
        account: text_field(&body, "account")?.to_owned(),
        amount: amount(&body)?,
        remarks: match body.get("remarks") {
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        },
        extras: extras(&body)?,
    })
}

fn view(p: &Payment) -> Value {
    let status = p.status();
    json!({"data": {
        "statusCode": status,
        "status": status_text(status),
        "account": p.request.account,
        "product": p.request.product,
        "productName": p.product.map_or("", |prod| prod.name),
        "amount": money::number(p.request.amount),
        "sn": p.serial,
        "pin": p.voucher.pin,
        "expiry": p.voucher.expiry,
        "cost": money::number(p.cost),
        "balance": money::number(p.balance),
        "remarks": p.request.remarks,
        "refid": p.request.refid,
        "timestamp": p.created.format(time::SECONDS).to_string(),
        "note": p.voucher.note,
        "voucherlink": p.voucher.link,
    }})
}

/// An injected `statusCode` and `status` text to answer instead of taking the payment.
#[derive(Debug, Clone, Copy)]
pub(super) struct Untaken {
    pub code: u16,
    pub text: &'static str,
}

pub(super) async fn topup(
    State(sim): State<Arc<Sim>>,
    Extension(credential): Extension<Credential>,
    untaken: Option<Extension<Untaken>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    if credential == Credential::IdToken && sim.cfg.require_api_key_for_topup {
        return Err(ApiError::ApiKeyRequired);
    }
    if sim.cfg.access_level == READ_ONLY {
        return Err(ApiError::ReadOnly);
    }
    let request = parse_topup(&body)?;
    let mut book = lock(&sim.book);
    let book = book.settled();
    let at = time::now_gmt8();
    let Some(Extension(untaken)) = untaken else {
        let payment = book
            .payments
            .submit(&mut book.ledger, request, Instant::now(), at);
        return Ok(Json(view(payment)));
    };
    // Nothing is recorded: an earlier payment shows as it stands, a new one as it would start.
    let mut reply = match book.payments.get(&request.refid) {
        Some(payment) => view(payment),
        None => view(&book.payments.draft(&book.ledger, request, at)),
    };
    reply["data"]["statusCode"] = untaken.code.into();
    reply["data"]["status"] = untaken.text.into();
    Ok(Json(reply))
}

const DISPUTE_RECEIVED: &str = "We've received your request for a status update and are in the midst of checking with the relevant service provider. We'll keep you updated on the status of your request via email.";

/// Reports a problem with a successful payment; `trxid` wins over `refid`.
pub(super) async fn dispute(
    State(sim): State<Arc<Sim>>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body = json_object(&body)?;
    let given = |field| match body.get(field) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let (refid, trxid) = (given("refid"), given("trxid"));
    if refid.is_none() && trxid.is_none() {
        return Err(ApiError::invalid(
            "refid",
            "Either refid or trxid is required",
        ));
    }
    let mut book = lock(&sim.book);
    let book = book.settled();
    let history_len = book.ledger.history().len();
    // (trxid, refid, succeeded) of the transaction meant, if it exists.
    let found: Option<(u64, String, bool)> = match &trxid {
        Some(t) => t.parse::<u64>().ok().and_then(|t| {
            if let Some(p) = book.payments.by_trxid(t, history_len) {
                return Some((t, p.request.refid.clone(), p.status() == code::SUCCESSFUL));
            }
            let index = usize::try_from(t.checked_sub(FIRST_TRXID)?).ok()?;
            let entry = book.ledger.history().entry(index)?;
            Some((t, history_refid(t), entry.kind == EntryKind::Transaction))
        }),
        None => refid.as_deref().and_then(|r| {
            book.payments
                .get(r)
                .map(|p| (p.trxid, r.to_owned(), p.status() == code::SUCCESSFUL))
        }),
    };
    let shown_refid = found
        .as_ref()
        .map(|(_, r, _)| r.clone())
        .or(refid)
        .unwrap_or_default();
    let (status, message) = match found {
        None => ("Failed", "Transaction not found"),
        Some((_, _, false)) => ("Failed", "Only successful transactions can be reported"),
        Some((t, _, true)) if !book.disputes.insert(t) => (
            "Failed",
            "A request for this transaction has already been received",
        ),
        Some(_) => ("Success", DISPUTE_RECEIVED),
    };
    Ok(Json(
        json!({"data": {"refid": shown_refid, "status": status, "message": message}}),
    ))
}

/// The refid the seeded history's transactions carry.
pub(crate) fn history_refid(trxid: u64) -> String {
    format!("HIST-{trxid}")
}
