//! The crate's one error enum.
//!
//! Variants are grouped by what a caller must do about them, because a payment
//! desk cares less about *what* broke than about whether money may have moved:
//! see [`Error::is_unclear_outcome`]. [`Error::from_reply`] turns an HTTP error reply
//! into a variant with the facts a caller needs (status, IIMMPACT's code and own
//! words, the kind of authentication failure, the clock skew, when a block ends).
//!
//! Nothing here is worded for a person at the counter: each application says these
//! facts in its own words and languages. `Display` is terse and technical, for logs.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// What is wrong with a value, as facts an application words for its users.
/// Limits are given as they apply (decimals as strings, so no precision is lost).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "code", rename_all = "snake_case")]
// Exhaustive on purpose: an application that words every problem fails to build
// when one is added.
pub enum Problem {
    /// Empty, or missing.
    Required,
    /// Longer than `max` characters.
    TooLong {
        max: u32,
    },
    /// Not `min` to `max` characters (or digits) long.
    Length {
        min: u32,
        max: u32,
    },
    /// More than `max` lines.
    TooManyLines {
        max: u32,
    },
    DigitsOnly,
    /// Letters and digits only, without dashes or spaces.
    LettersAndDigitsOnly,
    /// Characters that cannot go in this value (spaces, symbols, non-ASCII).
    BadCharacters,
    ControlCharacters,
    NotAnAmount,
    /// Zero or less where only a positive amount makes sense.
    NotPositive,
    /// More decimal places than `max`.
    TooManyDecimals {
        max: u32,
    },
    BelowMin {
        min: String,
    },
    AboveMax {
        max: String,
    },
    /// Outside `min..=max`.
    OutOfRange {
        min: String,
        max: String,
    },
    /// An amount the product does not offer; `allowed` are the ones it does.
    NotADenomination {
        allowed: Vec<String>,
    },
    /// Not one of `allowed`.
    OneOf {
        allowed: Vec<String>,
    },
    NotADate,
    /// The start date is after the end date.
    DatesReversed,
    /// Too far from today to look up.
    TooFarFromToday,
    NotAUrl,
    /// Production is reached over https only.
    NotHttps,
    /// A user name or password inside a URL, where none may be kept.
    HasCredentials,
    NotAnEmail,
    /// Not the Base64 text IIMMPACT's dashboard shows.
    NotBase64,
    /// Not the single word an API key is (`iimm_…`).
    NotAnApiKey,
    NotAProductCode,
    /// Not a Malaysian mobile number (`01`, then 8 or 9 digits).
    NotAMobileNumber,
    /// Neither a Malaysian IC number (12 digits opening with a birth date) nor a
    /// passport number (letters and digits, 6 to 15 of them).
    NotAnIcNumber,
    /// A value this product has no use for (an extra sent with a plain reload).
    NotForThisProduct,
    /// Not one of the choices offered (for this account, where they depend on it).
    NotOffered,
    /// Set without `other`, which must come with it (a key without its secret).
    NeedsOther {
        other: String,
    },
    /// Already used by another payment.
    AlreadyUsed,
    /// The product is not on sale at the moment.
    NotOnSale,
    /// The figures are too large to add up.
    TooLarge,
    /// Not a path to a file.
    NotAFilePath,
    /// Credentials are for Staging and Production; Demo has its own.
    NotForDemo,
    /// Another of these (an export) is already running.
    AlreadyRunning,
    /// Nobody can confirm (not on a terminal): the caller must confirm up front.
    NeedsConfirmation,
    /// Two entries that must be the same differ.
    Mismatch,
    /// A wrong supervisor PIN; `tries_left` more wrong ones lock it.
    WrongPin {
        tries_left: u32,
    },
    /// A command line that does not parse; `detail` is the parser's own text.
    Usage {
        detail: String,
    },
    /// Stored data that no longer reads; `detail` is the parser's own text.
    Unreadable {
        detail: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The facts in their wire form: `{"code":"too_long","max":50}`.
        match serde_json::to_string(self) {
            Ok(json) => f.write_str(&json),
            Err(_) => write!(f, "{self:?}"),
        }
    }
}

/// Bad input: the field it came from and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct InputError {
    pub field: &'static str,
    pub problem: Problem,
}

impl InputError {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        Self { field, problem }
    }
}

/// Why authentication failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuthFailure {
    /// `API key not found`: usually a staging key against production or the reverse.
    UnknownKey,
    /// The HMAC secret does not belong to the API key.
    BadSignature,
    /// The timestamp was outside the server's window: the PC clock is off.
    ClockSkew,
    NonceReused,
    /// A legacy ID token that was refused or has expired, or a refresh token that no
    /// longer gets a new one: the account must sign in again.
    BadToken,
    /// The user name or password of a legacy sign-in was refused.
    WrongPassword,
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
        /// The HTTP stack's own text.
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
    #[error("IIMMPACT refused the request ({status}, {}): {message}", code.as_deref().unwrap_or("no code"))]
    Api {
        status: u16,
        code: Option<String>,
        /// IIMMPACT's own words.
        message: String,
        field: Option<String>,
    },
    #[error("authentication refused ({failure:?}, clock skew {clock_skew_secs:?} s): {message}")]
    Auth {
        failure: AuthFailure,
        /// IIMMPACT's own words, if it gave any.
        message: String,
        /// Server time minus local time, when the server's `Date` header showed it.
        clock_skew_secs: Option<i64>,
    },
    /// IIMMPACT's 403 block of this IP address (`../shared/iimmpact-api.md` §4.4), or the client holding
    /// back every request until it ends. Nothing was charged: either the server
    /// refused the request or it never left this PC.
    #[error("IP blocked until {until} (bare Forbidden: {bare_forbidden})")]
    IpBlocked {
        until: DateTime<Utc>,
        /// The 403 said only `Forbidden` (or nothing readable): most likely the block,
        /// but possibly an IP allowlist or a key of the other environment, which
        /// one deliberate request can tell apart.
        bare_forbidden: bool,
    },
    /// A 403 that explains itself: `code` is IIMMPACT's (`read_only`,
    /// `api_key_required`, …), `message` its own words.
    #[error("access refused (403, {}): {message}", code.as_deref().unwrap_or("no code"))]
    Forbidden {
        code: Option<String>,
        message: String,
    },
    /// The reply describes a different payment under this refid (docs/api-decisions.md,
    /// "Topup"). What was charged cannot be read from it, so a person must check it.
    #[error("the reply describes a different payment under refid {refid} ({field} was {existing:?}, this request has {requested:?})")]
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
    #[error("redirect (HTTP {status}) to {}", location.as_deref().unwrap_or("nowhere"))]
    Redirected {
        status: u16,
        location: Option<String>,
    },
    /// A paged export ended with fewer rows than the server announced.
    #[error("the server announced {expected} rows but sent {received}")]
    ShortPages { expected: u64, received: u64 },
    /// The reply grew past the size any API reply has; reading stopped.
    #[error("the reply was larger than {limit} bytes; reading stopped")]
    TooLarge { limit: u64 },
}

/// How long IIMMPACT blocks an IP address after its rate limit is breached (`../shared/iimmpact-api.md` §4.4).
pub const IP_BLOCK_DURATION: TimeDelta = TimeDelta::minutes(240);

/// Longest part of an undocumented error body kept (an HTML error page from a proxy
/// can be large).
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
            (403, message) => forbidden(code, message),
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
    let lower = message.to_ascii_lowercase();
    let said =
        |words: &str| code.is_some_and(|c| c == words) || lower.contains(&words.replace('_', " "));
    let failure = if said("api_key_not_found") || message.eq_ignore_ascii_case("API key not found")
    {
        AuthFailure::UnknownKey
    } else if said("invalid_timestamp") || lower.contains("timestamp") {
        AuthFailure::ClockSkew
    } else if said("nonce_reused") {
        AuthFailure::NonceReused
    } else if said("invalid_signature") || lower.contains("signature") {
        AuthFailure::BadSignature
    } else if said("invalid_credentials") || lower.contains("password") {
        AuthFailure::WrongPassword
    } else if said("invalid_token") || lower.contains("token") {
        AuthFailure::BadToken
    } else {
        AuthFailure::Other
    };
    Error::Auth {
        failure,
        message,
        clock_skew_secs,
    }
}

/// A 403 is the IP block when it says so, or when it says nothing more than the
/// gateway's bare `Forbidden`: treating an unexplained 403 as the block stops this PC
/// from digging the block deeper, and one check request tells the cases apart.
fn forbidden(code: Option<String>, message: Option<String>) -> Error {
    let blocked = |bare_forbidden| Error::IpBlocked {
        until: Utc::now() + IP_BLOCK_DURATION,
        bare_forbidden,
    };
    let Some(message) = message.filter(|m| !m.trim().is_empty()) else {
        return match code {
            None => blocked(true),
            Some(code) => Error::Forbidden {
                code: Some(code),
                message: String::new(),
            },
        };
    };
    let lower = message.to_ascii_lowercase();
    if code.as_deref() == Some("ip_blocked")
        || lower.contains("blocked")
        || lower.contains("too many")
    {
        return blocked(false);
    }
    if code.is_none() && message.trim().eq_ignore_ascii_case("forbidden") {
        return blocked(true);
    }
    Error::Forbidden { code, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_told_apart() {
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
        assert_eq!(
            message, "API key not found",
            "IIMMPACT's own words are kept"
        );
        // The bare message alone, as [3P] saw it, is the same failure.
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
    fn clock_skew_keeps_how_far_off_the_pc_clock_is() {
        let body = r#"{"error":"invalid_timestamp","message":"Request timestamp is outside the allowed window"}"#;
        for skew in [Some(-3600), Some(400), None] {
            let e = Error::from_reply(401, body, skew);
            assert!(
                matches!(
                    e,
                    Error::Auth {
                        failure: AuthFailure::ClockSkew,
                        clock_skew_secs,
                        ..
                    } if clock_skew_secs == skew
                ),
                "{e:?}"
            );
        }
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
                r#"{"error":"invalid_credentials","message":"Incorrect username or password"}"#,
                AuthFailure::WrongPassword,
            ),
            (
                r#"{"message":"Incorrect username or password."}"#,
                AuthFailure::WrongPassword,
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
        }
    }

    #[test]
    fn an_explained_403_is_a_refusal_not_a_block() {
        let e = Error::from_reply(
            403,
            r#"{"error":"read_only","message":"This account has read-only access"}"#,
            None,
        );
        assert!(
            matches!(&e, Error::Forbidden { code: Some(c), message } if c == "read_only" && message.contains("read-only"))
        );
        let e = Error::from_reply(
            403,
            r#"{"error":"api_key_required","message":"API key authentication is required for topup"}"#,
            None,
        );
        assert!(matches!(&e, Error::Forbidden { code: Some(c), .. } if c == "api_key_required"));
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
    fn a_conflict_is_no_refusal_by_the_server() {
        let e = Error::RefidConflict {
            refid: "KTR-1".into(),
            field: "amount",
            existing: "30.00".into(),
            requested: "10.00".into(),
        };
        assert!(!e.is_unclear_outcome());
        assert_eq!(e.http_status(), None);
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
