//! The crate's one error enum.
//!
//! Variants are grouped by what a caller must do about them, because a payment
//! desk cares less about *what* broke than about whether money may have moved:
//! see [`Error::is_unclear_outcome`].

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
    /// The 403 block after the per-IP rate limit was breached.
    #[error("{message}")]
    RateLimited { message: String },
    #[error("access refused (403): {message}")]
    Forbidden { message: String },
    #[error("unexpected reply from IIMMPACT: {message}")]
    Decode { message: String },
}

impl Error {
    /// For a payment: the server may or may not have taken it, so it must be
    /// re-checked with the same refid and body, never sent again with a new refid.
    pub fn is_unclear_outcome(&self) -> bool {
        match self {
            Error::Network {
                maybe_delivered, ..
            } => *maybe_delivered,
            Error::Timeout { .. } | Error::Decode { .. } => true,
            Error::Http { status, .. } | Error::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }
}
