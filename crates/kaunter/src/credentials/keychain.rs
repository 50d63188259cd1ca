//! Calls into the OS keychain, bounded in time, with failures sorted into the problems
//! a user can act on.
//!
//! Every call runs on its own thread under a timeout: with a locked keyring and a
//! display, the Secret Service opens an unlock dialog and the call blocks until someone
//! answers it, possibly forever. A timed-out call is reported as "locked" and its
//! thread is left behind, detached (a tokio blocking task would hold up runtime
//! shutdown, and with it the app's exit).

use std::time::Duration;

use serde::Serialize;

/// Store init is 45–70 ms and each call about 5 ms on the Secret Service; seconds
/// more mean a prompt is waiting for a person.
const TIMEOUT: Duration = Duration::from_secs(5);

/// Why the keychain cannot be used. What to do about it is said by the UI and the
/// CLI, from `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS, thiserror::Error)]
#[error("{kind:?}: {detail}")]
#[ts(export)]
pub struct KeychainProblem {
    pub kind: KeychainProblemKind,
    /// What the platform said, for a support ticket.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeychainProblemKind {
    /// Linux: no D-Bus session, so no Secret Service can be reached.
    NoSessionBus,
    /// Linux: a session bus, but nothing provides `org.freedesktop.secrets`.
    NoSecretsProvider,
    /// The keyring is locked, or its unlock prompt was dismissed or went unanswered.
    Locked,
    /// The keychain answered, but not as expected.
    Other,
}

impl KeychainProblem {
    pub(crate) fn new(kind: KeychainProblemKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
        }
    }
}

/// Runs one keychain call on its own thread, giving up after [`TIMEOUT`].
pub(crate) async fn call<T, F>(f: F) -> Result<Option<T>, KeychainProblem>
where
    T: Send + 'static,
    F: FnOnce() -> keyring::Result<T> + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("keychain".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .map_err(|e| KeychainProblem::new(KeychainProblemKind::Other, e.to_string()))?;
    match tokio::time::timeout(TIMEOUT, rx).await {
        Err(_) => Err(KeychainProblem::new(
            KeychainProblemKind::Locked,
            format!(
                "no answer within {} s: an unlock prompt is probably waiting",
                TIMEOUT.as_secs()
            ),
        )),
        Ok(Err(_)) => Err(KeychainProblem::new(
            KeychainProblemKind::Other,
            "the keychain call panicked",
        )),
        Ok(Ok(Ok(value))) => Ok(Some(value)),
        Ok(Ok(Err(keyring::Error::NoEntry))) => Ok(None),
        Ok(Ok(Err(e))) => Err(classify(&e)),
    }
}

pub(crate) fn entry(service: &str, user: &str) -> keyring::Result<keyring::Entry> {
    keyring::Entry::new(service, user)
}

/// Maps a keyring error to the problem a user can act on. The Secret Service's
/// failures only differ in their text (a boxed zbus error), hence the matching on it.
fn classify(e: &keyring::Error) -> KeychainProblem {
    use KeychainProblemKind as Kind;
    match e {
        // The store failed to start once for the whole process; its own error says why.
        keyring::Error::NoDefaultStore => match keyring::Entry::store_status() {
            Err(init) if !matches!(init, keyring::Error::NoDefaultStore) => classify(init),
            _ => KeychainProblem::new(Kind::Other, e.to_string()),
        },
        keyring::Error::NoStorageAccess(_) => KeychainProblem::new(Kind::Locked, e.to_string()),
        keyring::Error::PlatformFailure(_) => {
            let text = e.to_string();
            let kind =
                if text.contains("ServiceUnknown") || text.contains("org.freedesktop.secrets") {
                    Kind::NoSecretsProvider
                } else if text.contains("zbus")
                    && (text.contains("connect") || text.contains("address"))
                {
                    Kind::NoSessionBus
                } else {
                    Kind::Other
                };
            KeychainProblem::new(kind, text)
        }
        other => KeychainProblem::new(Kind::Other, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn platform(text: &str) -> keyring::Error {
        keyring::Error::PlatformFailure(text.into())
    }

    /// The texts are the ones measured on Debian 12 (docs: tauri-on-debian12.md §7).
    #[test]
    fn each_measured_failure_is_told_apart() {
        let cases = [
            (
                platform("zbus error: Failed to connect to address unix:path=/run/user/0/bus: No such file or directory"),
                KeychainProblemKind::NoSessionBus,
            ),
            (
                platform("zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files"),
                KeychainProblemKind::NoSecretsProvider,
            ),
            (
                keyring::Error::NoStorageAccess("SS error: prompt dismissed".into()),
                KeychainProblemKind::Locked,
            ),
            (
                keyring::Error::NoStorageAccess("SS error: result not returned from SS API".into()),
                KeychainProblemKind::Locked,
            ),
            (platform("something new"), KeychainProblemKind::Other),
        ];
        for (error, kind) in cases {
            let problem = classify(&error);
            assert_eq!(problem.kind, kind, "{error}");
            assert_eq!(
                problem.detail,
                error.to_string(),
                "the platform's words are kept"
            );
        }
    }

    #[test]
    fn the_problem_reaches_the_error_the_ui_shows() {
        let problem = KeychainProblem::new(KeychainProblemKind::NoSecretsProvider, "x");
        let payload = crate::Error::from(problem).payload();
        assert_eq!(payload.kind, crate::ErrorKind::Keychain);
        assert_eq!(
            payload.keychain,
            Some(KeychainProblemKind::NoSecretsProvider)
        );
        assert_eq!(payload.detail.as_deref(), Some("x"));
    }

    #[tokio::test]
    async fn a_call_that_hangs_is_reported_as_locked() {
        let start = std::time::Instant::now();
        let result: Result<Option<()>, _> = call(|| {
            std::thread::sleep(TIMEOUT * 2);
            Ok(())
        })
        .await;
        assert_eq!(result.unwrap_err().kind, KeychainProblemKind::Locked);
        assert!(start.elapsed() < TIMEOUT * 2);
    }
}
