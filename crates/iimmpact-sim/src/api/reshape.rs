//! Faults that let a request be handled as usual and rewrite its JSON reply.

use axum::body::{to_bytes, Body};
use axum::http::header::CONTENT_LENGTH;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDateTime;
use serde_json::Value;

use crate::error::ApiError;
use crate::faults::{AccountForm, FaultKind};
use crate::payments::code;
use crate::state::{lock, Sim};
use crate::time;

/// Rewrites `response` by the oldest reshaping fault on `path` that fits it, if any.
pub(super) async fn reshape(sim: &Sim, path: &str, response: Response) -> Response {
    // Most replies meet no such fault and are passed on unread.
    if !lock(&sim.faults).awaits_reply(path) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, usize::MAX).await else {
        return ApiError::ServerError.into_response();
    };
    let Ok(mut reply) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let Some(kind) = lock(&sim.faults).take_reshaping(path, |kind| fits(kind, &reply)) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    rewrite(kind, &mut reply);
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(reply.to_string()))
}

fn fits(kind: FaultKind, reply: &Value) -> bool {
    let data = &reply["data"];
    match kind {
        FaultKind::ReplyAccount(_) => data["account"].is_string(),
        FaultKind::OddFields => data["statusCode"] == code::SUCCESSFUL,
        FaultKind::ShortPages { .. } => data.is_array(),
        _ => false,
    }
}

fn rewrite(kind: FaultKind, reply: &mut Value) {
    let data = &mut reply["data"];
    match kind {
        FaultKind::ReplyAccount(form) => {
            let account = data["account"].as_str().unwrap_or_default();
            data["account"] = form.write(account);
        }
        FaultKind::OddFields => odd_fields(data),
        FaultKind::ShortPages { missing } => {
            if let Some(rows) = data.as_array_mut() {
                rows.truncate(rows.len().saturating_sub(missing));
            }
        }
        _ => {}
    }
}

impl AccountForm {
    /// The account as this form writes it; one that is not a Malaysian number in either
    /// form is left as it is.
    fn write(self, account: &str) -> Value {
        let national = account.strip_prefix('6').filter(|n| n.starts_with('0'));
        let with_country = if account.starts_with('0') {
            format!("6{account}")
        } else {
            account.to_owned()
        };
        match self {
            Self::CountryCode => Value::from(with_country),
            Self::Number => with_country
                .parse::<u64>()
                .map_or_else(|_| Value::from(with_country), Value::from),
            Self::National => Value::from(national.unwrap_or(account)),
        }
    }
}

/// Optional fields in the unexpected types real replies have been seen with.
fn odd_fields(data: &mut Value) {
    if let Some(expiry) = data["expiry"].as_str().and_then(|e| e.parse::<u64>().ok()) {
        data["expiry"] = expiry.into();
    }
    if let Some(at) = data["timestamp"]
        .as_str()
        .and_then(|t| NaiveDateTime::parse_from_str(t, time::SECONDS).ok())
    {
        data["timestamp"] = time::unix_from_gmt8(at).into();
    }
    if let Value::Object(fields) = data {
        fields.remove("amount");
    }
    if data["cost"].is_number() {
        data["cost"] = format!(" {} ", data["cost"]).into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn account_forms() {
        for sent in ["0123456789", "60123456789"] {
            assert_eq!(AccountForm::CountryCode.write(sent), json!("60123456789"));
            assert_eq!(AccountForm::Number.write(sent), json!(60123456789_u64));
            assert_eq!(AccountForm::National.write(sent), json!("0123456789"));
        }
        assert_eq!(AccountForm::Number.write("ABC"), json!("ABC"));
        assert_eq!(AccountForm::National.write("6912"), json!("6912"));
    }

    #[test]
    fn odd_fields_change_types_and_drop_amount() {
        let mut data = json!({"statusCode": 20, "amount": 10, "cost": 9.75,
            "expiry": "20251116", "timestamp": "2025-05-01 08:00:00", "pin": "ABC"});
        odd_fields(&mut data);
        assert_eq!(
            data,
            json!({"statusCode": 20, "cost": " 9.75 ", "expiry": 20251116,
                "timestamp": 1_746_057_600, "pin": "ABC"})
        );
    }
}
