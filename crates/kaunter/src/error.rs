//! The crate's one error enum, and the serialisable form it takes across IPC and `--json`.

use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms the UI and the CLI's exit code branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    /// Bad input: `field` names it.
    Invalid,
    /// The API refused the request for certain (4xx, a failed payment).
    Refused,
    /// The outcome is not known yet: the payment is journalled and will be re-checked.
    Unclear,
    /// Authentication failed (key, signature, clock).
    Auth,
    /// The IIMMPACT rate limiter blocked this IP.
    RateLimited,
    /// Network or server trouble where nothing was at stake.
    Unavailable,
    /// The OS keychain is missing, locked or refused.
    Keychain,
    /// The journal, settings or an export file could not be read or written.
    Storage,
    /// The same payment is open or just succeeded: ask before paying again.
    Duplicate,
    /// The user cancelled.
    Cancelled,
    /// The export's file already exists: ask before replacing it.
    FileExists,
    /// Nothing with that id.
    NotFound,
    /// A supervisor's operation without the supervisor's unlock (none, or it ended):
    /// ask for the PIN (`field` is `pin`) and try again.
    SupervisorRequired,
    /// Too many wrong supervisor PINs: every try is refused until `until`.
    SupervisorLocked,
    Internal,
}

/// `{kind, message, field?}`: how an error crosses IPC and prints under `--json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// The payment this error is about (a duplicate's earlier payment, an unclear one).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub refid: Option<String>,
    /// That payment's state.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub state: Option<crate::journal::PaymentState>,
    /// When an IP block ends (UTC, RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub until: Option<chrono::DateTime<chrono::Utc>>,
}

impl ErrorPayload {
    /// A payload with only a kind and words, for errors raised at the edge.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: None,
            refid: None,
            state: None,
            until: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error(transparent)]
    Api(#[from] iimmpact::Error),
    #[error("keychain: {0}")]
    Keychain(String),
    #[error("journal: {0}")]
    Journal(#[from] rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("settings: {0}")]
    Settings(String),
    #[error("journal: {0}")]
    Storage(String),
    #[error(
        "this product, account and amount was already paid (refid {refid}, {state}): \
         check that payment first, or confirm to pay again"
    )]
    LikelyDuplicate {
        refid: String,
        state: crate::journal::PaymentState,
    },
    #[error(
        "IIMMPACT has blocked this PC's internet address after too many requests: nothing is \
         sent until {} (GMT+8){}",
        .0.until.with_timezone(&iimmpact::time::gmt8()).format("%H:%M on %-d %b %Y"),
        if .0.bare_forbidden {
            ". The refusal said only \"Forbidden\": it may also be the account's IP allowlist or \
             a key of the other environment; a supervisor can check once with `kaunter unblock --check`"
        } else {
            ""
        }
    )]
    Blocked(crate::block::BlockStatus),
    #[error("cancelled")]
    Cancelled,
    #[error("this build of Kaunter has no Demo: choose Staging or Production")]
    DemoUnavailable,
    #[error("{} already exists: choose another name, or replace it on purpose", path.display())]
    FileExists { path: std::path::PathBuf },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    SupervisorRequired(String),
    #[error("wrong supervisor PIN: {tries_left} more wrong tries lock it for {} minutes", crate::supervisor::LOCK_FOR.as_secs() / 60)]
    WrongPin { tries_left: u32 },
    #[error(
        "too many wrong supervisor PINs: no PIN is accepted until {} (GMT+8)",
        .until.with_timezone(&iimmpact::time::gmt8()).format("%H:%M:%S")
    )]
    SupervisorLocked {
        until: chrono::DateTime<chrono::Utc>,
    },
}

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Self::Io {
            context: context.into(),
            source,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid { .. } | Self::WrongPin { .. } => ErrorKind::Invalid,
            Self::SupervisorRequired(_) => ErrorKind::SupervisorRequired,
            Self::SupervisorLocked { .. } => ErrorKind::SupervisorLocked,
            Self::Api(e) => api_kind(e),
            Self::Keychain(_) => ErrorKind::Keychain,
            Self::Journal(_) | Self::Io { .. } | Self::Settings(_) | Self::Storage(_) => {
                ErrorKind::Storage
            }
            Self::LikelyDuplicate { .. } => ErrorKind::Duplicate,
            Self::Blocked(_) => ErrorKind::RateLimited,
            Self::Cancelled => ErrorKind::Cancelled,
            Self::DemoUnavailable => ErrorKind::Invalid,
            Self::FileExists { .. } => ErrorKind::FileExists,
            Self::NotFound(_) => ErrorKind::NotFound,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        let field = match self {
            Self::Invalid { field, .. } => Some(field.clone()),
            Self::Api(iimmpact::Error::Input(e)) => Some(e.field.to_owned()),
            Self::FileExists { .. } => Some("out".to_owned()),
            Self::SupervisorRequired(_) | Self::WrongPin { .. } | Self::SupervisorLocked { .. } => {
                Some("pin".to_owned())
            }
            _ => None,
        };
        let (refid, state) = match self {
            Self::LikelyDuplicate { refid, state } => (Some(refid.clone()), Some(*state)),
            _ => (None, None),
        };
        let message = match self {
            Self::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
        };
        ErrorPayload {
            kind: self.kind(),
            message,
            field,
            refid,
            state,
            until: match self {
                Self::Blocked(block) => Some(block.until),
                Self::SupervisorLocked { until } => Some(*until),
                Self::Api(iimmpact::Error::IpBlocked { until, .. }) => Some(*until),
                _ => None,
            },
        }
    }
}

impl From<iimmpact::InputError> for Error {
    fn from(e: iimmpact::InputError) -> Self {
        Self::invalid(e.field, e.message)
    }
}

fn api_kind(e: &iimmpact::Error) -> ErrorKind {
    use iimmpact::Error as Api;
    if e.is_unclear_outcome() {
        return ErrorKind::Unclear;
    }
    match e {
        Api::Input(_) => ErrorKind::Invalid,
        Api::Auth { .. } => ErrorKind::Auth,
        Api::IpBlocked { .. } => ErrorKind::RateLimited,
        Api::Forbidden { .. } | Api::RefidConflict { .. } => ErrorKind::Refused,
        other => match other.http_status() {
            Some(400..=499) => ErrorKind::Refused,
            _ => ErrorKind::Unavailable,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_sort_by_what_the_user_must_do() {
        let cases = [
            (iimmpact::Error::Timeout { secs: 30 }, ErrorKind::Unclear),
            (
                iimmpact::Error::Network {
                    message: "reset".into(),
                    maybe_delivered: true,
                },
                ErrorKind::Unclear,
            ),
            (
                iimmpact::Error::Network {
                    message: "refused".into(),
                    maybe_delivered: false,
                },
                ErrorKind::Unavailable,
            ),
            (
                iimmpact::Error::Http {
                    status: 504,
                    body: String::new(),
                },
                ErrorKind::Unclear,
            ),
            (
                iimmpact::Error::Api {
                    status: 400,
                    code: None,
                    message: "bad".into(),
                    field: Some("amount".into()),
                },
                ErrorKind::Refused,
            ),
            (
                iimmpact::Error::Auth {
                    failure: iimmpact::AuthFailure::UnknownKey,
                    message: "API key not found".into(),
                    clock_skew_secs: None,
                },
                ErrorKind::Auth,
            ),
            (
                iimmpact::Error::IpBlocked {
                    until: chrono::Utc::now(),
                    bare_forbidden: false,
                },
                ErrorKind::RateLimited,
            ),
        ];
        for (error, kind) in cases {
            assert_eq!(Error::Api(error).kind(), kind);
        }
    }
}
