//! What the core's tests share (and the CLI's, which include this file): a counter
//! on an in-process simulator, and the scan of what the app wrote for a secret.

#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use iimmpact_sim::{SimConfig, SimHandle, Simulator};
use kaunter::counter::PaymentRequest;
use kaunter::paths::Paths;
use kaunter::payments::Polling;
use kaunter::session::{Session, SessionConfig};
use kaunter::Environment;

/// A counter: a session on a simulator over loopback, with its own journal.
pub struct Counter {
    pub sim: SimHandle,
    pub kaunter: Session,
    pub dir: tempfile::TempDir,
}

pub async fn counter(cfg: SimConfig, polling: Polling) -> Counter {
    let sim = Simulator::start(cfg).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kaunter = session(&sim, &dir, polling);
    Counter { sim, kaunter, dir }
}

/// Another session on the same journal and simulator, as the next start would open.
pub fn session(sim: &SimHandle, dir: &tempfile::TempDir, polling: Polling) -> Session {
    let mut config = SessionConfig::new(Environment::Demo, Paths::under(dir.path()));
    config.base_url = Some(sim.base_url());
    config.polling = polling;
    Session::open(config).unwrap()
}

/// A simulator that settles payments in 200 ms, with a small history.
pub fn quick() -> SimConfig {
    SimConfig {
        processing_delay: Duration::from_millis(200),
        history_entries: 10,
        ..SimConfig::demo()
    }
}

/// Follows a payment for up to 10 s, re-checking every 50–200 ms.
pub fn patient() -> Polling {
    Polling {
        first_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        deadline: Duration::from_secs(10),
    }
}

/// A Digi reload (product `D`).
pub fn reload(account: &str, amount: &str) -> PaymentRequest {
    PaymentRequest {
        product: "D".into(),
        account: account.into(),
        amount: amount.into(),
        ..PaymentRequest::default()
    }
}

/// How many payment requests reached the simulator.
pub fn topups(sim: &SimHandle) -> u64 {
    sim.stats()
        .requests_per_path
        .get("/v2/topup")
        .copied()
        .unwrap_or(0)
}

/// What a `--json` run printed.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {output:?}"))
}

/// `secret-tool ACTION service SERVICE username USER`: the Secret Service seen from
/// another process; what it printed, when it succeeded.
pub fn secret_tool(action: &str, service: &str, user: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args([action, "service", service, "username", user])
        .output()
        .expect("secret-tool runs (apt-get install libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

/// Whether the tests that store secrets can run: they need the private Secret Service
/// session of `scripts/with-keyring.sh`, and say loudly when they skip.
pub fn keyring_tests_enabled(test: &str) -> bool {
    if std::env::var_os("KAUNTER_KEYRING_TESTS").is_some() {
        return true;
    }
    eprintln!(
        "\n*** SKIPPED {test}: it needs the Secret Service; run it under scripts/with-keyring.sh ***\n"
    );
    false
}

/// Every regular file below `dir`. Symbolic links are not followed, so a link loop in
/// a test HOME cannot trap the walk.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(t) if t.is_dir() => files.extend(files_under(&path)),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
    files
}

/// Whether `bytes` hold the secret, as its Base64 text or as the bytes it stands for.
pub fn holds_secret(bytes: &[u8], secret_base64: &str) -> bool {
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(secret_base64)
        .expect("the secret is Base64");
    [secret_base64.as_bytes(), &raw]
        .iter()
        .any(|needle| bytes.windows(needle.len()).any(|w| w == *needle))
}
