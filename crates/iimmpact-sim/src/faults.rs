//! Faults injected on request, consumed by the next matching API requests.

use std::time::Duration;

use serde::{Deserialize, Serialize};

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

/// The wire form of a fault for `POST /_sim/faults`:
/// `{"path": "/v2/topup", "count": 1, "kind": "latency", "ms": 500}`,
/// `"kind": "status", "status": 503`, `"kind": "timeout"`, `"kind": "drop_after_commit"`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub(crate) struct FaultSpec {
    pub path: String,
    #[serde(default = "one")]
    pub count: u32,
    pub kind: String,
    pub ms: Option<u64>,
    pub status: Option<u16>,
}

fn one() -> u32 {
    1
}

impl TryFrom<FaultSpec> for Fault {
    type Error = (&'static str, String);

    fn try_from(spec: FaultSpec) -> Result<Self, Self::Error> {
        let kind = match spec.kind.as_str() {
            "latency" => FaultKind::Latency(Duration::from_millis(
                spec.ms.ok_or(("ms", "latency needs ms".to_owned()))?,
            )),
            "status" => match spec.status {
                Some(s @ 400..=599) => FaultKind::Status(s),
                _ => return Err(("status", "status needs a code from 400 to 599".to_owned())),
            },
            "timeout" => FaultKind::Timeout,
            "drop_after_commit" => FaultKind::DropAfterCommit,
            other => {
                return Err((
                    "kind",
                    format!(
                    "unknown fault kind {other:?}: latency, status, timeout or drop_after_commit"
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

    /// The fault this request meets, if any, spending one of its count.
    pub fn take(&mut self, path: &str) -> Option<FaultKind> {
        let i = self.queue.iter().position(|f| path.starts_with(&f.path))?;
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
    fn wire_specs_are_checked() {
        let spec = |json: &str| Fault::try_from(serde_json::from_str::<FaultSpec>(json).unwrap());
        assert_eq!(
            spec(r#"{"path":"/v2/topup","kind":"drop_after_commit"}"#).unwrap(),
            Fault::new("/v2/topup", 1, FaultKind::DropAfterCommit)
        );
        assert_eq!(
            spec(r#"{"path":"/v2","kind":"latency"}"#).unwrap_err().0,
            "ms"
        );
        assert_eq!(
            spec(r#"{"path":"/v2","kind":"status","status":200}"#)
                .unwrap_err()
                .0,
            "status"
        );
        assert_eq!(
            spec(r#"{"path":"/v2","kind":"explode"}"#).unwrap_err().0,
            "kind"
        );
    }
}
