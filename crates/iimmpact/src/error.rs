//! The crate's one error enum.
//!
//! Variants are grouped by what a caller must do about them, because a payment
//! desk cares less about *what* broke than about whether money may have moved:
//! see [`Error::is_unclear_outcome`]. [`Error::from_reply`] turns an HTTP error reply
//! into a variant with a message a counter clerk can act on.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;

use crate::time::gmt8;

/// Bad input, naming the field it came from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct InputError {
    pub field: &'static str,
    pub message: String,
}

impl InputError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Why authentication failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthFailure {
    /// `API key not found`: usually a staging key against production or the reverse.
    UnknownKey,
    BadSignature,
    /// The timestamp was outside the server's window: the PC clock is off.
    ClockSkew,
    NonceReused,
    /// A legacy ID token that was refused or has expired.
    BadToken,
    Other,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error(transparent)]
    Input(#[from] InputError),
    /// No reply: connection refused or reset, DNS, TLS, or the reply was lost.
    #[error("network error: {message}")]
    Network {
        message: String,
        /// True when the request may have reached the server (sent, then no reply).
        maybe_delivered: bool,
    },
    #[error("the request timed out after {secs} s")]
    Timeout { secs: u64 },
    /// An HTTP status the API does not document a body for.
    #[error("HTTP {status}: {body}")]
    Http { status: u16, body: String },
    /// A documented API error body (`error` / `message`).
    #[error("IIMMPACT refused the request ({status}): {message}")]
    Api {
        status: u16,
        code: Option<String>,
        message: String,
        field: Option<String>,
    },
    #[error("{message}")]
    Auth {
        failure: AuthFailure,
        message: String,
        /// Server time minus local time, when the server's `Date` header showed it.
        clock_skew_secs: Option<i64>,
    },
    /// IIMMPACT's 403 block of this IP address (spec §4.4), or the client holding
    /// back every request until it ends. Nothing was charged: either the server
    /// refused the request or it never left this PC.
    #[error("{}", ip_blocked_message(*until, *bare_forbidden))]
    IpBlocked {
        until: DateTime<Utc>,
        /// The 403 said only `Forbidden` (or nothing readable): most likely the block,
        /// but possibly an IP allowlist or a key of the other environment, which
        /// one deliberate request can tell apart.
        bare_forbidden: bool,
    },
    #[error("access refused (403): {message}")]
    Forbidden { message: String },
    /// The reply describes a different payment under this refid (docs/api-decisions.md,
    /// "Topup"). What was charged cannot be read from it, so a person must check it.
    #[error("the reply describes a different payment under refid {refid} ({field} was {existing:?}, this request has {requested:?}); a person must check this payment with IIMMPACT")]
    RefidConflict {
        refid: String,
        field: &'static str,
        existing: String,
        requested: String,
    },
    #[error("unexpected reply from IIMMPACT: {message}")]
    Decode { message: String },
    /// A 3xx reply: signed requests never follow a redirect, since the signature and
    /// key would go to a host that is not IIMMPACT's API.
    #[error("IIMMPACT's address answered with a redirect (HTTP {status}) to {}; check the base URL", location.as_deref().unwrap_or("nowhere"))]
    Redirected {
        status: u16,
        location: Option<String>,
    },
    /// A paged export ended with fewer rows than the server announced.
    #[error("the server announced {expected} rows but sent {received}; the export is incomplete")]
    ShortPages { expected: u64, received: u64 },
    /// The reply grew past the size any API reply has; reading stopped.
    #[error("the reply from IIMMPACT was larger than {limit} bytes; reading stopped")]
    TooLarge { limit: u64 },
}

/// How long IIMMPACT blocks an IP address after its rate limit is breached (spec §4.4).
pub const IP_BLOCK_DURATION: TimeDelta = TimeDelta::minutes(240);

fn ip_blocked_message(until: DateTime<Utc>, bare_forbidden: bool) -> String {
    let until = until.with_timezone(&gmt8()).format("%Y-%m-%d %H:%M");
    if bare_forbidden {
        format!(
            "IIMMPACT refused this PC with a bare \"Forbidden\". Most likely this internet address is \
             blocked after too many requests, so nothing is sent until {until} (GMT+8); it may instead \
             be an IP allowlist on the account or a key of the other environment, which one check \
             request can tell."
        )
    } else {
        format!(
            "IIMMPACT has blocked this internet address after too many requests. The limit is 30,000 \
             requests per 5 minutes for the whole IP address, shared by every counter in the outlet, \
             and the block lasts 240 minutes: nothing is sent until {until} (GMT+8)."
        )
    }
}

/// Longest part of an undocumented error body kept in a message (an HTML error page
/// from a proxy can be large).
const MAX_BODY_CHARS: usize = 300;

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    error: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    field: Option<String>,
}

impl Error {
    /// For a payment: the server may or may not have taken it, so it must be
    /// re-checked with the same refid and body, never sent again with a new refid.
    pub fn is_unclear_outcome(&self) -> bool {
        match self {
            Error::Network {
                maybe_delivered, ..
            } => *maybe_delivered,
            Error::Timeout { .. }
            | Error::Decode { .. }
            | Error::Redirected { .. }
            | Error::TooLarge { .. } => true,
            // A reused nonce means a copy of this request reached IIMMPACT before.
            Error::Auth {
                failure: AuthFailure::NonceReused,
                ..
            } => true,
            Error::Http { status, .. } | Error::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// The HTTP status of a refusal, if the server answered at all.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } | Error::Api { status, .. } => Some(*status),
            Error::Auth { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            _ => None,
        }
    }

    /// Classifies a non-2xx reply. `clock_skew_secs` is the server's `Date` header
    /// minus the local clock, when the reply had one. An IP block is dated from now;
    /// the client's gate keeps the first block's end (`client::IpBlock`).
    pub fn from_reply(status: u16, body: &str, clock_skew_secs: Option<i64>) -> Error {
        let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
        let (code, message, field) = match parsed {
            Some(b) => {
                // `error` is a code string on 401s; [3P] also saw `{"error": {"message": …}}`.
                let nested = b
                    .error
                    .as_ref()
                    .and_then(|e| e.get("message"))
                    .and_then(|m| m.as_str());
                let code = b.error.as_ref().and_then(|e| e.as_str()).map(str::to_owned);
                let message = b.message.or_else(|| nested.map(str::to_owned));
                (code, message, b.field)
            }
            None => (None, None, None),
        };
        match (status, message) {
            (401, message) => auth_error(
                code.as_deref(),
                message.unwrap_or_default(),
                clock_skew_secs,
            ),
            (403, message) => forbidden(code.as_deref(), message),
            (_, Some(message)) => Error::Api {
                status,
                code,
                message,
                field,
            },
            (_, None) => Error::Http {
                status,
                body: body.chars().take(MAX_BODY_CHARS).collect(),
            },
        }
    }
}

fn auth_error(code: Option<&str>, message: String, clock_skew_secs: Option<i64>) -> Error {
    let said = |words: &str| {
        code.is_some_and(|c| c == words)
            || message
                .to_ascii_lowercase()
                .contains(&words.replace('_', " "))
    };
    let (failure, text) = if said("api_key_not_found")
        || message.eq_ignore_ascii_case("API key not found")
    {
        (
            AuthFailure::UnknownKey,
            "IIMMPACT does not know this API key (\"API key not found\"). This usually means a staging \
             key is being used against production, or a production key against staging: check the \
             environment the key was made for."
                .to_owned(),
        )
    } else if said("invalid_timestamp") || message.to_ascii_lowercase().contains("timestamp") {
        let text = match clock_skew_secs {
            Some(skew) if skew != 0 => format!(
                "IIMMPACT refused the request time: your PC clock is {} s off ({} the server). \
                 Set the clock to update automatically and try again.",
                skew.unsigned_abs(),
                if skew > 0 { "behind" } else { "ahead of" }
            ),
            _ => "IIMMPACT refused the request time: check that this PC's clock and time zone are set \
                  automatically, then try again."
                .to_owned(),
        };
        (AuthFailure::ClockSkew, text)
    } else if said("nonce_reused") {
        (
            AuthFailure::NonceReused,
            format!("IIMMPACT refused a repeated request ({message}); try again."),
        )
    } else if said("invalid_signature") || message.to_ascii_lowercase().contains("signature") {
        (
            AuthFailure::BadSignature,
            "IIMMPACT refused the signature: the HMAC secret does not belong to this API key. \
             Enter the secret again exactly as the dashboard showed it."
                .to_owned(),
        )
    } else if said("invalid_token") || message.to_ascii_lowercase().contains("token") {
        (
            AuthFailure::BadToken,
            "IIMMPACT refused the ID token (invalid or expired): sign in again, or move to an API key.".to_owned(),
        )
    } else {
        let detail = if message.is_empty() {
            "no reason given".to_owned()
        } else {
            message
        };
        (
            AuthFailure::Other,
            format!("IIMMPACT refused the credentials: {detail}"),
        )
    };
    Error::Auth {
        failure,
        message: text,
        clock_skew_secs,
    }
}

/// A 403 is the IP block when it says so, or when it says nothing more than the
/// gateway's bare `Forbidden`: treating an unexplained 403 as the block stops this PC
/// from digging the block deeper, and one check request tells the cases apart.
fn forbidden(code: Option<&str>, message: Option<String>) -> Error {
    let blocked = |bare_forbidden| Error::IpBlocked {
        until: Utc::now() + IP_BLOCK_DURATION,
        bare_forbidden,
    };
    let Some(message) = message.filter(|m| !m.trim().is_empty()) else {
        return match code {
            None => blocked(true),
            Some(code) => Error::Forbidden {
                message: code.to_owned(),
            },
        };
    };
    let lower = message.to_ascii_lowercase();
    if code == Some("ip_blocked") || lower.contains("blocked") || lower.contains("too many") {
        return blocked(false);
    }
    let hint = match code {
        Some("api_key_required") => {
            " (this account only accepts API-key payments: set up an API key)"
        }
        Some("read_only") => " (this account has read-only access and cannot pay)",
        None if message.trim().eq_ignore_ascii_case("forbidden") => return blocked(true),
        _ => "",
    };
    Error::Forbidden {
        message: format!("{message}{hint}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_explains_the_environment_mix_up() {
        let e = Error::from_reply(
            401,
            r#"{"error":"api_key_not_found","message":"API key not found"}"#,
            None,
        );
        let Error::Auth {
            failure, message, ..
        } = &e
        else {
            panic!("{e:?}")
        };
        assert_eq!(*failure, AuthFailure::UnknownKey);
        assert!(
            message.contains("staging") && message.contains("production"),
            "{message}"
        );
        // The bare message alone, as [3P] saw it, gives the same advice.
        let bare = Error::from_reply(401, r#"{"message":"API key not found"}"#, None);
        assert!(matches!(
            bare,
            Error::Auth {
                failure: AuthFailure::UnknownKey,
                ..
            }
        ));
        assert!(!e.is_unclear_outcome());
    }

    #[test]
    fn clock_skew_says_how_far_off_the_pc_clock_is() {
        let body = r#"{"error":"invalid_timestamp","message":"Request timestamp is outside the allowed window"}"#;
        let e = Error::from_reply(401, body, Some(-3600));
        assert!(
            e.to_string()
                .contains("your PC clock is 3600 s off (ahead of the server)"),
            "{e}"
        );
        let behind = Error::from_reply(401, body, Some(400));
        assert!(behind.to_string().contains("400 s off (behind"), "{behind}");
        let unknown = Error::from_reply(401, body, None);
        assert!(matches!(
            unknown,
            Error::Auth {
                failure: AuthFailure::ClockSkew,
                clock_skew_secs: None,
                ..
            }
        ));
    }

    #[test]
    fn other_auth_failures() {
        let cases = [
            (
                r#"{"error":"invalid_signature","message":"Invalid signature"}"#,
                AuthFailure::BadSignature,
            ),
            (
                r#"{"error":"nonce_reused","message":"Nonce has already been used"}"#,
                AuthFailure::NonceReused,
            ),
            (
                r#"{"error":"invalid_token","message":"Invalid or expired ID token"}"#,
                AuthFailure::BadToken,
            ),
            (
                r#"{"error":"missing_headers","message":"Missing X-Api-Key"}"#,
                AuthFailure::Other,
            ),
            ("not json", AuthFailure::Other),
        ];
        for (body, expected) in cases {
            let e = Error::from_reply(401, body, None);
            assert!(
                matches!(e, Error::Auth { failure, .. } if failure == expected),
                "{body}: {e:?}"
            );
        }
    }

    #[test]
    fn rate_limit_block_is_dated_240_minutes_ahead() {
        let before = Utc::now();
        let e = Error::from_reply(
            403,
            r#"{"error":"ip_blocked","message":"Too many requests. This IP address is blocked for 240 minutes."}"#,
            None,
        );
        let Error::IpBlocked {
            until,
            bare_forbidden: false,
        } = e
        else {
            panic!("{e:?}")
        };
        assert!(until >= before + IP_BLOCK_DURATION && until <= Utc::now() + IP_BLOCK_DURATION);
        assert!(
            e.to_string().contains("240 minutes") && e.to_string().contains("30,000"),
            "{e}"
        );
        assert!(!e.is_unclear_outcome());
        let worded = Error::from_reply(403, r#"{"message":"Too many requests"}"#, None);
        assert!(matches!(
            worded,
            Error::IpBlocked {
                bare_forbidden: false,
                ..
            }
        ));
    }

    #[test]
    fn a_bare_or_unreadable_403_is_taken_for_the_block() {
        for body in [r#"{"message":"Forbidden"}"#, "", "<html>403</html>", "{}"] {
            let e = Error::from_reply(403, body, None);
            assert!(
                matches!(
                    e,
                    Error::IpBlocked {
                        bare_forbidden: true,
                        ..
                    }
                ),
                "{body:?}: {e:?}"
            );
            assert!(e.to_string().contains("allowlist"), "{e}");
        }
    }

    #[test]
    fn an_explained_403_is_a_refusal_not_a_block() {
        let e = Error::from_reply(
            403,
            r#"{"error":"read_only","message":"This account has read-only access"}"#,
            None,
        );
        assert!(matches!(&e, Error::Forbidden { message } if message.contains("cannot pay")));
        let e = Error::from_reply(
            403,
            r#"{"error":"api_key_required","message":"API key authentication is required for topup"}"#,
            None,
        );
        assert!(matches!(&e, Error::Forbidden { message } if message.contains("API key")));
    }

    #[test]
    fn a_reused_nonce_means_a_copy_arrived() {
        let e = Error::from_reply(
            401,
            r#"{"error":"nonce_reused","message":"Nonce has already been used"}"#,
            None,
        );
        assert!(e.is_unclear_outcome(), "{e:?}");
    }

    #[test]
    fn a_conflict_does_not_claim_nothing_was_charged() {
        let e = Error::RefidConflict {
            refid: "KTR-1".into(),
            field: "amount",
            existing: "30.00".into(),
            requested: "10.00".into(),
        };
        let text = e.to_string();
        assert!(!text.contains("nothing was charged"), "{text}");
        assert!(
            text.contains("different payment") && text.contains("person"),
            "{text}"
        );
    }

    #[test]
    fn client_errors_are_definite_and_server_errors_unclear() {
        let bad = Error::from_reply(
            400,
            r#"{"error":"invalid_parameter","message":"amount is invalid","field":"amount"}"#,
            None,
        );
        assert!(matches!(&bad, Error::Api { status: 400, field: Some(f), .. } if f == "amount"));
        assert!(!bad.is_unclear_outcome());
        let nested = Error::from_reply(422, r#"{"error":{"message":"Invalid product"}}"#, None);
        assert!(matches!(&nested, Error::Api { message, .. } if message == "Invalid product"));
        for (status, body) in [
            (
                500,
                r#"{"error":"server_error","message":"Unexpected error"}"#,
            ),
            (503, "{\"message\":\"Service Unavailable\"}"),
            (504, "<html>gateway</html>"),
        ] {
            let e = Error::from_reply(status, body, None);
            assert!(e.is_unclear_outcome(), "{status}");
            assert_eq!(e.http_status(), Some(status));
        }
        let huge = Error::from_reply(502, &"x".repeat(10_000), None);
        assert!(huge.to_string().len() < 400);
    }

    #[test]
    fn transport_failures() {
        assert!(Error::Timeout { secs: 35 }.is_unclear_outcome());
        assert!(Error::Network {
            message: "reset".into(),
            maybe_delivered: true
        }
        .is_unclear_outcome());
        assert!(!Error::Network {
            message: "refused".into(),
            maybe_delivered: false
        }
        .is_unclear_outcome());
    }
}
