//! Faults injected on request, consumed by the next matching API requests.
//!
//! Most faults act before the handler (or instead of it). The reshaping ones
//! ([`FaultKind::ReplyAccount`], [`FaultKind::OddFields`], [`FaultKind::ShortPages`]) let
//! the request be handled as usual and rewrite its reply; they wait for a reply they can
//! rewrite, so a refusal or a reply of the wrong kind passes untouched and does not spend them.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::state::lock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Extra delay before the request is handled.
    Latency(Duration),
    /// Answer this status (500, 503 and 504 carry their documented bodies) without handling.
    Status(u16),
    /// Never answer: hold the request until the client gives up or the simulator stops.
    Timeout,
    /// Handle the request (a payment is committed), then close the connection unanswered.
    DropAfterCommit,
    /// Topup only: answer a topup reply carrying this `statusCode` and `status` text, e.g.
    /// an undocumented `99` with `Success`, without taking the payment: nothing is recorded
    /// or charged, so a later re-check by the same refid submits it for real and answers
    /// its true outcome. A re-check of a payment taken earlier shows that payment, unchanged,
    /// under the injected status.
    UnknownStatus { code: u16, text: &'static str },
    /// Handle the request (a payment is committed and charged), then answer 401
    /// `nonce_reused`, as when a copy of the same signed request reached IIMMPACT first.
    NonceReusedAfterCommit,
    /// Answer a redirect to `location` without handling the request.
    Redirect {
        status: RedirectStatus,
        location: &'static str,
    },
    /// Topup only: the reply echoes the account in another form; the payment is handled
    /// as sent.
    ReplyAccount(AccountForm),
    /// Topup only: the next successful (`20`) reply carries `expiry` as a JSON number
    /// (`20251116`), `timestamp` as a number (Unix seconds), no `amount`, and `cost` as a
    /// string padded with spaces. The payment is handled as usual; Accepted and Processing
    /// replies pass untouched and do not spend the fault.
    OddFields,
    /// Transactions and balance-statement pages: each page it hits serves its last
    /// `missing` rows fewer while its `meta` (`total`, `to`, `last_page`) and links still
    /// announce them, so an export ends short of the announced total.
    ShortPages { missing: usize },
}

/// The redirect statuses a [`FaultKind::Redirect`] may answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectStatus {
    MovedPermanently,
    Found,
    TemporaryRedirect,
    PermanentRedirect,
}

impl RedirectStatus {
    pub fn code(self) -> u16 {
        match self {
            Self::MovedPermanently => 301,
            Self::Found => 302,
            Self::TemporaryRedirect => 307,
            Self::PermanentRedirect => 308,
        }
    }

    fn from_code(code: u16) -> Option<Self> {
        [
            Self::MovedPermanently,
            Self::Found,
            Self::TemporaryRedirect,
            Self::PermanentRedirect,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// How a [`FaultKind::ReplyAccount`] reply writes a Malaysian account sent as `0123456789`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountForm {
    /// `"60123456789"`.
    CountryCode,
    /// The JSON number `60123456789`.
    Number,
    /// `"0123456789"`.
    National,
}

const TOPUP: &str = "/v2/topup";
const PAGED: [&str; 2] = ["/v2/transactions", "/v2/balance-statement"];

impl FaultKind {
    /// Whether the fault lets the request be handled and rewrites its reply.
    pub(crate) fn reshapes(self) -> bool {
        matches!(
            self,
            Self::ReplyAccount(_) | Self::OddFields | Self::ShortPages { .. }
        )
    }

    /// Whether the fault can act on a request for `path`; one that cannot waits for one
    /// that can, rather than being spent for nothing.
    fn acts_on(self, path: &str) -> bool {
        match self {
            Self::UnknownStatus { .. } | Self::ReplyAccount(_) | Self::OddFields => path == TOPUP,
            Self::ShortPages { .. } => PAGED.contains(&path),
            _ => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Matches every request whose path starts with this, e.g. `/v2/topup`.
    pub path: String,
    /// How many matching requests it hits.
    pub count: u32,
    pub kind: FaultKind,
}

impl Fault {
    pub fn new(path: impl Into<String>, count: u32, kind: FaultKind) -> Self {
        Self {
            path: path.into(),
            count,
            kind,
        }
    }
}

/// The wire form of a fault for `POST /_sim/faults`: `{"path": "/v2/topup", "count": 1,
/// "kind": …}` (`count` defaults to 1) with, per kind:
///
/// | `kind` | fields | [`FaultKind`] |
/// |---|---|---|
/// | `"latency"` | `"ms": 500` | `Latency` |
/// | `"status"` | `"status": 503` (400–599) | `Status` |
/// | `"timeout"` | | `Timeout` |
/// | `"drop_after_commit"` | | `DropAfterCommit` |
/// | `"status_code"` | `"code": 99, "text": "Success"` | `UnknownStatus` |
/// | `"nonce_reused_after_commit"` | | `NonceReusedAfterCommit` |
/// | `"redirect"` | `"location": "http://127.0.0.1:PORT/…"`, `"status": 301\|302\|307\|308` (default 307) | `Redirect` |
/// | `"reply_account"` | `"form": "country_code"\|"number"\|"national"` | `ReplyAccount` |
/// | `"odd_fields"` | | `OddFields` |
/// | `"short_pages"` | `"missing": 3` (1 or more) | `ShortPages` |
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct FaultSpec {
    pub path: String,
    #[serde(default = "one")]
    pub count: u32,
    pub kind: String,
    pub ms: Option<u64>,
    pub status: Option<u16>,
    pub code: Option<u16>,
    pub text: Option<String>,
    pub location: Option<String>,
    pub form: Option<AccountForm>,
    pub missing: Option<usize>,
}

fn one() -> u32 {
    1
}

/// Longer texts and locations than any test needs are refused, since each is kept for good.
const MAX_TEXT: usize = 2_000;

type SpecError = (&'static str, String);

fn required<T>(value: Option<T>, field: &'static str, kind: &str) -> Result<T, SpecError> {
    value.ok_or_else(|| (field, format!("{kind} needs {field}")))
}

fn kept_text(text: String, field: &'static str) -> Result<&'static str, SpecError> {
    if text.len() > MAX_TEXT {
        return Err((field, format!("{field} is longer than {MAX_TEXT} bytes")));
    }
    Ok(intern(text))
}

/// A wire text kept for the rest of the process, so that [`FaultKind`] stays `Copy` for
/// the tests that inject from Rust; each distinct text is kept once.
fn intern(text: String) -> &'static str {
    static TEXTS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut texts = lock(&TEXTS);
    if let Some(&kept) = texts.get(text.as_str()) {
        return kept;
    }
    let kept: &'static str = Box::leak(text.into_boxed_str());
    texts.insert(kept);
    kept
}

impl TryFrom<FaultSpec> for Fault {
    type Error = SpecError;

    fn try_from(spec: FaultSpec) -> Result<Self, Self::Error> {
        let kind = spec.kind.as_str();
        let kind = match kind {
            "latency" => FaultKind::Latency(Duration::from_millis(required(spec.ms, "ms", kind)?)),
            "status" => match spec.status {
                Some(s @ 400..=599) => FaultKind::Status(s),
                _ => return Err(("status", "status needs a code from 400 to 599".to_owned())),
            },
            "timeout" => FaultKind::Timeout,
            "drop_after_commit" => FaultKind::DropAfterCommit,
            "status_code" => FaultKind::UnknownStatus {
                code: required(spec.code, "code", kind)?,
                text: kept_text(required(spec.text, "text", kind)?, "text")?,
            },
            "nonce_reused_after_commit" => FaultKind::NonceReusedAfterCommit,
            "redirect" => {
                let location = required(spec.location, "location", kind)?;
                // It goes out as a header value as it is.
                if location.is_empty() || !location.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err((
                        "location",
                        "location must be a URL of visible ASCII characters".to_owned(),
                    ));
                }
                FaultKind::Redirect {
                    status: match spec.status {
                        None => RedirectStatus::TemporaryRedirect,
                        Some(code) => RedirectStatus::from_code(code).ok_or((
                            "status",
                            "a redirect status is 301, 302, 307 or 308".to_owned(),
                        ))?,
                    },
                    location: kept_text(location, "location")?,
                }
            }
            "reply_account" => FaultKind::ReplyAccount(required(spec.form, "form", kind)?),
            "odd_fields" => FaultKind::OddFields,
            "short_pages" => match required(spec.missing, "missing", kind)? {
                0 => return Err(("missing", "missing must be 1 or more".to_owned())),
                missing => FaultKind::ShortPages { missing },
            },
            other => {
                return Err((
                    "kind",
                    format!(
                        "unknown fault kind {other:?}: latency, status, timeout, \
                         drop_after_commit, status_code, nonce_reused_after_commit, \
                         redirect, reply_account, odd_fields or short_pages"
                    ),
                ))
            }
        };
        if !spec.path.starts_with('/') {
            return Err(("path", "path must start with /".to_owned()));
        }
        Ok(Fault::new(spec.path, spec.count, kind))
    }
}

/// Faults waiting for requests, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: Vec<Fault>,
}

impl Faults {
    pub fn inject(&mut self, fault: Fault) {
        if fault.count > 0 {
            self.queue.push(fault);
        }
    }

    /// The fault acting before the handler on this request, if any, spending one of its count.
    pub fn take(&mut self, path: &str) -> Option<FaultKind> {
        self.take_first(path, |kind| !kind.reshapes())
    }

    /// Whether a reshaping fault waits for a reply on this path.
    pub fn awaits_reply(&self, path: &str) -> bool {
        self.queue
            .iter()
            .any(|f| f.kind.reshapes() && Self::hits(f, path))
    }

    /// The oldest reshaping fault for this path that `fits` the reply, spending one of its count.
    pub fn take_reshaping(
        &mut self,
        path: &str,
        fits: impl Fn(FaultKind) -> bool,
    ) -> Option<FaultKind> {
        self.take_first(path, |kind| kind.reshapes() && fits(kind))
    }

    fn hits(fault: &Fault, path: &str) -> bool {
        path.starts_with(&fault.path) && fault.kind.acts_on(path)
    }

    fn take_first(&mut self, path: &str, wanted: impl Fn(FaultKind) -> bool) -> Option<FaultKind> {
        let i = self
            .queue
            .iter()
            .position(|f| Self::hits(f, path) && wanted(f.kind))?;
        let fault = &mut self.queue[i];
        fault.count -= 1;
        let kind = fault.kind;
        if fault.count == 0 {
            self.queue.remove(i);
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_match_by_prefix_and_run_out() {
        let mut f = Faults::default();
        f.inject(Fault::new("/v2/topup", 2, FaultKind::Status(503)));
        assert_eq!(f.take("/v2/balance"), None);
        assert_eq!(f.take("/v2/topup"), Some(FaultKind::Status(503)));
        assert_eq!(f.take("/v2/topup"), Some(FaultKind::Status(503)));
        assert_eq!(f.take("/v2/topup"), None);
    }

    #[test]
    fn a_fault_waits_for_a_path_it_can_act_on() {
        let mut f = Faults::default();
        let status = FaultKind::UnknownStatus {
            code: 99,
            text: "Success",
        };
        f.inject(Fault::new("/v2", 1, status));
        f.inject(Fault::new("/v2", 1, FaultKind::ShortPages { missing: 2 }));
        assert_eq!(f.take("/v2/balance"), None);
        assert!(!f.awaits_reply("/v2/transactions/check"));
        assert!(f.awaits_reply("/v2/transactions"));
        assert_eq!(f.take("/v2/topup"), Some(status));
        // Reshaping faults are only taken after the handler, and only by a reply they fit.
        assert_eq!(f.take("/v2/transactions"), None);
        assert_eq!(f.take_reshaping("/v2/transactions", |_| false), None);
        assert_eq!(
            f.take_reshaping("/v2/transactions", |_| true),
            Some(FaultKind::ShortPages { missing: 2 })
        );
        assert!(!f.awaits_reply("/v2/transactions"));
    }

    fn spec(json: &str) -> Result<Fault, SpecError> {
        Fault::try_from(serde_json::from_str::<FaultSpec>(json).unwrap())
    }

    #[test]
    fn wire_specs_are_checked() {
        assert_eq!(
            spec(r#"{"path":"/v2/topup","kind":"drop_after_commit"}"#).unwrap(),
            Fault::new("/v2/topup", 1, FaultKind::DropAfterCommit)
        );
        for (json, field) in [
            (r#"{"path":"/v2","kind":"latency"}"#, "ms"),
            (r#"{"path":"/v2","kind":"status","status":200}"#, "status"),
            (r#"{"path":"/v2","kind":"explode"}"#, "kind"),
            (r#"{"path":"/v2","kind":"status_code","code":99}"#, "text"),
            (r#"{"path":"/v2","kind":"redirect"}"#, "location"),
            (
                r#"{"path":"/v2","kind":"redirect","location":"http://x/ y"}"#,
                "location",
            ),
            (
                r#"{"path":"/v2","kind":"redirect","location":"http://x/","status":303}"#,
                "status",
            ),
            (r#"{"path":"/v2","kind":"reply_account"}"#, "form"),
            (
                r#"{"path":"/v2","kind":"short_pages","missing":0}"#,
                "missing",
            ),
            (r#"{"path":"v2","kind":"odd_fields"}"#, "path"),
        ] {
            assert_eq!(spec(json).unwrap_err().0, field, "{json}");
        }
    }

    #[test]
    fn wire_specs_of_the_money_safety_modes() {
        let cases = [
            (
                r#"{"path":"/v2/topup","kind":"status_code","code":99,"text":"Success"}"#,
                FaultKind::UnknownStatus {
                    code: 99,
                    text: "Success",
                },
            ),
            (
                r#"{"path":"/v2/topup","kind":"nonce_reused_after_commit"}"#,
                FaultKind::NonceReusedAfterCommit,
            ),
            (
                r#"{"path":"/v2/topup","kind":"redirect","location":"http://127.0.0.1:9/v2/topup"}"#,
                FaultKind::Redirect {
                    status: RedirectStatus::TemporaryRedirect,
                    location: "http://127.0.0.1:9/v2/topup",
                },
            ),
            (
                r#"{"path":"/v2/topup","kind":"redirect","status":301,"location":"https://x/"}"#,
                FaultKind::Redirect {
                    status: RedirectStatus::MovedPermanently,
                    location: "https://x/",
                },
            ),
            (
                r#"{"path":"/v2/topup","kind":"reply_account","form":"number"}"#,
                FaultKind::ReplyAccount(AccountForm::Number),
            ),
            (
                r#"{"path":"/v2/topup","kind":"odd_fields"}"#,
                FaultKind::OddFields,
            ),
            (
                r#"{"path":"/v2/topup","kind":"short_pages","missing":3}"#,
                FaultKind::ShortPages { missing: 3 },
            ),
        ];
        for (json, kind) in cases {
            assert_eq!(
                spec(json).unwrap(),
                Fault::new("/v2/topup", 1, kind),
                "{json}"
            );
        }
    }

    #[test]
    fn each_distinct_text_is_kept_once() {
        let a = intern("Success".to_owned());
        let b = intern(String::from("Succ") + "ess");
        assert!(std::ptr::eq(a, b));
    }
}
