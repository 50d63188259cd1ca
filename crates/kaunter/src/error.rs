//! The crate's one error enum, and the serialisable form it takes across IPC and `--json`.
//!
//! Errors carry facts (a kind and typed parameters), never sentences for a person: the
//! UI says them in the cashier's language (`ui/src/errors.ts`), the CLI in English
//! (`kaunter-cli`'s `describe`). `Display` is terse and technical, for the log.

use std::path::PathBuf;

use iimmpact::client::Credentials;
use iimmpact::{AuthFailure, Problem};
use serde::Serialize;

use crate::credentials::{CredentialKind, KeychainProblem, KeychainProblemKind};
use crate::journal::PaymentState;
use crate::Environment;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in terms the UI and the CLI's exit code branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    /// Bad input: `field` names it, `problem` says what is wrong.
    Invalid,
    /// The API refused the request for certain (4xx, a failed payment).
    Refused,
    /// The outcome is not known yet: the payment is journalled and will be re-checked.
    Unclear,
    /// Authentication failed (key, signature, clock): `auth` says which.
    Auth,
    /// The IIMMPACT rate limiter blocked this IP.
    RateLimited,
    /// Network or server trouble where nothing was at stake.
    Unavailable,
    /// The OS keychain is missing, locked or refused: `keychain` says which.
    Keychain,
    /// No API key and secret for the environment: enter them in Settings.
    NoCredentials,
    /// This build has no Demo: choose Staging or Production.
    DemoUnavailable,
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
    #[default]
    Internal,
}

/// How an error crosses IPC and prints under `--json`: its kind and the facts that
/// apply, never words. `detail` is someone else's own text (IIMMPACT's, the OS's),
/// shown as it came.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    /// The input at fault (`amount`, `pin`, …), or the field IIMMPACT named.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// What is wrong with `field`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<Problem>,
    /// The payment this error is about (a duplicate's earlier payment, one not found,
    /// a reply describing another payment).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub refid: Option<String>,
    /// That payment's state.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub state: Option<PaymentState>,
    /// When an IP block or the supervisor PIN's lock ends (UTC, RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    /// An IP block's 403 said only "Forbidden": it may also be an IP allowlist or a
    /// key of the other environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub bare_forbidden: Option<bool>,
    /// Why authentication failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub auth: Option<AuthFailure>,
    /// IIMMPACT's clock minus this PC's, in seconds (positive: the PC is behind).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub skew_secs: Option<i64>,
    /// What is wrong with the keychain.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub keychain: Option<KeychainProblemKind>,
    /// The environment concerned (the one without credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub environment: Option<Environment>,
    /// The HTTP status IIMMPACT answered with.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub status: Option<u16>,
    /// IIMMPACT's error code (`read_only`, `api_key_required`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    /// The kind of credentials the refused request carried, where that explains the
    /// refusal (an ID token, for an account that takes payments by API key only).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub credentials: Option<CredentialKind>,
    /// IIMMPACT's, the OS's or a library's own words, shown as they came.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
    /// The file concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub path: Option<String>,
}

impl ErrorPayload {
    /// A payload with only a kind, for errors raised at the edge.
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }

    /// The same, with someone else's own words (an OS error) for support.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: Problem },
    #[error(transparent)]
    Api(#[from] iimmpact::Error),
    #[error("keychain: {0}")]
    Keychain(KeychainProblem),
    #[error("journal: {0}")]
    Journal(#[from] rusqlite::Error),
    /// `context` says what was being done, for the log.
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// The settings file does not parse; `detail` is the parser's own text.
    #[error("settings: {} is not valid: {detail}", path.display())]
    Settings { path: PathBuf, detail: String },
    /// The journal refused something it should never be asked; the text is for the log.
    #[error("journal: {0}")]
    Storage(String),
    #[error("already paid (refid {refid}, {state})")]
    LikelyDuplicate { refid: String, state: PaymentState },
    #[error("IP blocked until {} (bare Forbidden: {})", .0.until, .0.bare_forbidden)]
    Blocked(crate::block::BlockStatus),
    #[error("cancelled")]
    Cancelled,
    #[error("this build has no Demo")]
    DemoUnavailable,
    #[error("no API key and secret for {env} in the keychain")]
    NoCredentials { env: Environment },
    /// IIMMPACT's 403 `api_key_required` to a payment signed in with an ID token: the
    /// account's owner takes payments by API key only. `message` is IIMMPACT's.
    #[error("a payment with an ID token was refused: the account requires an API key ({message})")]
    ApiKeyRequired { message: String },
    #[error("{} already exists", path.display())]
    FileExists { path: PathBuf },
    #[error("no payment with refid {refid} in the journal")]
    NotFound { refid: String },
    /// A guarded operation without the supervisor PIN; `ended` when an unlock was held
    /// and its time ran out.
    #[error("the supervisor PIN is needed (unlock ended: {ended})")]
    SupervisorRequired { ended: bool },
    #[error("wrong supervisor PIN: {tries_left} tries left")]
    WrongPin { tries_left: u32 },
    #[error("supervisor PIN locked until {until}")]
    SupervisorLocked {
        until: chrono::DateTime<chrono::Utc>,
    },
}

impl Error {
    pub fn invalid(field: impl Into<String>, problem: Problem) -> Self {
        Self::Invalid {
            field: field.into(),
            problem,
        }
    }

    /// A keychain failure that fits no known problem; `detail` is for support.
    pub fn keychain_other(detail: impl Into<String>) -> Self {
        Self::Keychain(KeychainProblem::new(KeychainProblemKind::Other, detail))
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
            Self::SupervisorRequired { .. } => ErrorKind::SupervisorRequired,
            Self::SupervisorLocked { .. } => ErrorKind::SupervisorLocked,
            Self::Api(e) => api_kind(e),
            Self::Keychain(_) => ErrorKind::Keychain,
            Self::Journal(_) | Self::Io { .. } | Self::Settings { .. } | Self::Storage(_) => {
                ErrorKind::Storage
            }
            Self::LikelyDuplicate { .. } => ErrorKind::Duplicate,
            Self::ApiKeyRequired { .. } => ErrorKind::Refused,
            Self::Blocked(_) => ErrorKind::RateLimited,
            Self::Cancelled => ErrorKind::Cancelled,
            Self::DemoUnavailable => ErrorKind::DemoUnavailable,
            Self::NoCredentials { .. } => ErrorKind::NoCredentials,
            Self::FileExists { .. } => ErrorKind::FileExists,
            Self::NotFound { .. } => ErrorKind::NotFound,
        }
    }

    /// The facts of this error, as the UI and `--json` get them.
    pub fn payload(&self) -> ErrorPayload {
        let mut p = ErrorPayload::new(self.kind());
        match self {
            Self::Invalid { field, problem } => {
                p.field = Some(field.clone());
                p.problem = Some(problem.clone());
            }
            Self::WrongPin { tries_left } => {
                p.field = Some("pin".into());
                p.problem = Some(Problem::WrongPin {
                    tries_left: *tries_left,
                });
            }
            Self::SupervisorRequired { .. } => p.field = Some("pin".into()),
            Self::SupervisorLocked { until } => {
                p.field = Some("pin".into());
                p.until = Some(*until);
            }
            Self::Api(e) => api_facts(e, &mut p),
            Self::Keychain(problem) => {
                p.keychain = Some(problem.kind);
                p.detail = Some(problem.detail.clone());
            }
            Self::Journal(e) => p.detail = Some(e.to_string()),
            Self::Io { source, .. } => p.detail = Some(source.to_string()),
            Self::Settings { path, detail } => {
                p.path = Some(path.display().to_string());
                p.detail = Some(detail.clone());
            }
            Self::Storage(_) | Self::Cancelled | Self::DemoUnavailable => {}
            Self::LikelyDuplicate { refid, state } => {
                p.refid = Some(refid.clone());
                p.state = Some(*state);
            }
            Self::Blocked(block) => {
                p.until = Some(block.until);
                p.bare_forbidden = Some(block.bare_forbidden);
                p.environment = Some(block.environment);
            }
            Self::NoCredentials { env } => p.environment = Some(*env),
            Self::ApiKeyRequired { message } => {
                p.status = Some(403);
                p.code = Some(API_KEY_REQUIRED.into());
                p.credentials = Some(CredentialKind::Login);
                p.detail = (!message.trim().is_empty()).then(|| message.clone());
            }
            Self::FileExists { path } => {
                p.field = Some("out".into());
                p.path = Some(path.display().to_string());
            }
            Self::NotFound { refid } => p.refid = Some(refid.clone()),
        }
        p
    }
}

/// IIMMPACT's code for "Require API Key for Topup" (`../shared/iimmpact-api.md` §2.2, §4.1).
const API_KEY_REQUIRED: &str = "api_key_required";

impl Error {
    /// The client's error, with what the credentials add to it: a payment's 403
    /// `api_key_required` while signed in with an ID token becomes [`Error::ApiKeyRequired`].
    pub(crate) fn with_credentials(error: iimmpact::Error, credentials: &Credentials) -> Self {
        match error {
            iimmpact::Error::Forbidden {
                code: Some(code),
                message,
            } if code == API_KEY_REQUIRED && credentials.is_id_token() => {
                Self::ApiKeyRequired { message }
            }
            other => other.into(),
        }
    }
}

impl From<iimmpact::InputError> for Error {
    fn from(e: iimmpact::InputError) -> Self {
        Self::invalid(e.field, e.problem)
    }
}

impl From<KeychainProblem> for Error {
    fn from(problem: KeychainProblem) -> Self {
        Self::Keychain(problem)
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

/// The client's facts, copied across; IIMMPACT's own words go in `detail`.
fn api_facts(e: &iimmpact::Error, p: &mut ErrorPayload) {
    use iimmpact::Error as Api;
    p.status = e.http_status();
    let nonempty = |text: &str| (!text.trim().is_empty()).then(|| text.to_owned());
    match e {
        Api::Input(input) => {
            p.field = Some(input.field.to_owned());
            p.problem = Some(input.problem.clone());
        }
        Api::Network { message, .. } | Api::Decode { message } => p.detail = nonempty(message),
        Api::Api {
            code,
            message,
            field,
            ..
        } => {
            p.code = code.clone();
            p.detail = nonempty(message);
            p.field = field.clone();
        }
        Api::Auth {
            failure,
            message,
            clock_skew_secs,
        } => {
            p.auth = Some(*failure);
            p.skew_secs = *clock_skew_secs;
            p.detail = nonempty(message);
        }
        Api::IpBlocked {
            until,
            bare_forbidden,
        } => {
            p.until = Some(*until);
            p.bare_forbidden = Some(*bare_forbidden);
        }
        Api::Forbidden { code, message } => {
            p.code = code.clone();
            p.detail = nonempty(message);
        }
        Api::RefidConflict { refid, field, .. } => {
            p.refid = Some(refid.clone());
            p.field = Some((*field).to_owned());
        }
        Api::Redirected { status, location } => {
            p.status = Some(*status);
            p.detail = location.clone();
        }
        _ => {}
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
                    failure: AuthFailure::UnknownKey,
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

    /// Every variant's payload carries its facts, and no words of ours.
    #[test]
    fn each_payload_carries_its_facts() {
        let until = chrono::Utc::now();
        let payload = |e: Error| serde_json::to_value(e.payload()).unwrap();

        let invalid = payload(Error::invalid(
            "amount",
            Problem::TooManyDecimals { max: 2 },
        ));
        assert_eq!(
            invalid,
            serde_json::json!({"kind": "invalid", "field": "amount", "problem": {"code": "too_many_decimals", "max": 2}})
        );
        let input = payload(Error::from(iimmpact::InputError::new(
            "secret",
            Problem::NotBase64,
        )));
        assert_eq!(input["field"], "secret");
        assert_eq!(input["problem"]["code"], "not_base64");
        let wrong = payload(Error::WrongPin { tries_left: 3 });
        assert_eq!(
            wrong,
            serde_json::json!({"kind": "invalid", "field": "pin", "problem": {"code": "wrong_pin", "tries_left": 3}})
        );
        let locked = payload(Error::SupervisorLocked { until });
        assert_eq!(locked["kind"], "supervisor_locked");
        assert_eq!(locked["until"], serde_json::to_value(until).unwrap());
        let required = payload(Error::SupervisorRequired { ended: true });
        assert_eq!(
            required,
            serde_json::json!({"kind": "supervisor_required", "field": "pin"})
        );

        let skew = payload(Error::Api(iimmpact::Error::Auth {
            failure: AuthFailure::ClockSkew,
            message: "Request timestamp is outside the allowed window".into(),
            clock_skew_secs: Some(-600),
        }));
        assert_eq!(skew["kind"], "auth");
        assert_eq!(skew["auth"], "clock_skew");
        assert_eq!(skew["skew_secs"], -600);
        assert_eq!(skew["status"], 401);
        assert_eq!(
            skew["detail"],
            "Request timestamp is outside the allowed window"
        );

        let blocked = payload(Error::Api(iimmpact::Error::IpBlocked {
            until,
            bare_forbidden: true,
        }));
        assert_eq!(blocked["kind"], "rate_limited");
        assert_eq!(blocked["until"], serde_json::to_value(until).unwrap());
        assert_eq!(blocked["bare_forbidden"], true);
        let remembered = payload(Error::Blocked(crate::block::BlockStatus {
            environment: Environment::Production,
            until,
            bare_forbidden: false,
        }));
        assert_eq!(remembered["kind"], "rate_limited");
        assert_eq!(remembered["environment"], "production");
        assert_eq!(remembered["bare_forbidden"], false);

        let refused = payload(Error::Api(iimmpact::Error::Forbidden {
            code: Some("read_only".into()),
            message: "This account has read-only access".into(),
        }));
        assert_eq!(refused["kind"], "refused");
        assert_eq!(refused["status"], 403);
        assert_eq!(refused["code"], "read_only");
        assert_eq!(refused["detail"], "This account has read-only access");
        let conflict = payload(Error::Api(iimmpact::Error::RefidConflict {
            refid: "KTR-1".into(),
            field: "amount",
            existing: "30.00".into(),
            requested: "10.00".into(),
        }));
        assert_eq!(conflict["kind"], "refused");
        assert_eq!(conflict["refid"], "KTR-1");
        assert_eq!(conflict["field"], "amount");

        let keychain = payload(Error::Keychain(KeychainProblem::new(
            KeychainProblemKind::Locked,
            "prompt dismissed",
        )));
        assert_eq!(keychain["kind"], "keychain");
        assert_eq!(keychain["keychain"], "locked");
        assert_eq!(keychain["detail"], "prompt dismissed");

        let none = payload(Error::NoCredentials {
            env: Environment::Staging,
        });
        assert_eq!(
            none,
            serde_json::json!({"kind": "no_credentials", "environment": "staging"})
        );
        assert_eq!(
            payload(Error::DemoUnavailable),
            serde_json::json!({"kind": "demo_unavailable"})
        );
        let duplicate = payload(Error::LikelyDuplicate {
            refid: "KTR-2".into(),
            state: PaymentState::Pending,
        });
        assert_eq!(
            duplicate,
            serde_json::json!({"kind": "duplicate", "refid": "KTR-2", "state": "pending"})
        );
        let exists = payload(Error::FileExists {
            path: "/tmp/day.csv".into(),
        });
        assert_eq!(
            exists,
            serde_json::json!({"kind": "file_exists", "field": "out", "path": "/tmp/day.csv"})
        );
        let missing = payload(Error::NotFound {
            refid: "KTR-3".into(),
        });
        assert_eq!(
            missing,
            serde_json::json!({"kind": "not_found", "refid": "KTR-3"})
        );
        let io = payload(Error::io(
            "writing /tmp/x",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "Permission denied"),
        ));
        assert_eq!(
            io,
            serde_json::json!({"kind": "storage", "detail": "Permission denied"})
        );
        let settings = payload(Error::Settings {
            path: "/etc/kaunter.toml".into(),
            detail: "expected `=`".into(),
        });
        assert_eq!(settings["path"], "/etc/kaunter.toml");
        assert_eq!(settings["detail"], "expected `=`");
        assert_eq!(
            payload(Error::Cancelled),
            serde_json::json!({"kind": "cancelled"})
        );
    }

    #[test]
    fn no_payload_has_a_message() {
        let e = Error::Api(iimmpact::Error::Timeout { secs: 30 });
        let json = serde_json::to_value(e.payload()).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "unclear"}));
    }
}
