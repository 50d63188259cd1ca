//! What the core's tests share (and the CLI's, which include this file): a counter
//! on an in-process simulator, a client on a simulator with a seeded history, and the
//! scan of what the app wrote for a secret.

#![allow(dead_code)] // each test file uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use futures::TryStreamExt;
use iimmpact::client::{Client, ClientConfig, Credentials, RequestBudget};
use iimmpact::models::{StatementEntry, StatementQuery};
use iimmpact::{DateRange, HmacSecret};
use iimmpact_sim::{SimConfig, SimHandle, Simulator};
use kaunter::counter::PaymentRequest;
use kaunter::export::{self, CsvFormat, EntryType, ExportKind, ExportRequest, FileType, Summary};
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

/// Another session on `c`'s journal that sends a payment and does not wait for its
/// outcome, so it is left open.
pub fn hasty(c: &Counter) -> Session {
    let polling = Polling {
        deadline: Duration::ZERO,
        ..patient()
    };
    session(&c.sim, &c.dir, polling)
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

/// A simulator with a seeded history of `entries` rows, and a client of it.
pub struct Setup {
    pub sim: SimHandle,
    pub client: Client,
    pub config: SimConfig,
}

pub async fn setup(entries: usize, latency: Duration) -> Setup {
    let config = SimConfig {
        history_entries: entries,
        max_page_size: 1000,
        latency,
        ..SimConfig::demo()
    };
    let sim = Simulator::start(config.clone()).await.unwrap();
    let mut client_config = ClientConfig::new(
        &sim.base_url(),
        Credentials::ApiKey {
            key: iimmpact::ApiKey::parse(&config.api_key).unwrap(),
            secret: HmacSecret::from_base64(&config.secret_base64).unwrap(),
        },
    );
    // Loopback, no other counters: a budget well above the default keeps tests quick.
    client_config.budget = Arc::new(RequestBudget::uncapped(200.0, 50).unwrap());
    let client = Client::new(client_config).unwrap();
    Setup {
        sim,
        client,
        config,
    }
}

impl Setup {
    pub fn whole_history(&self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        let to = self.config.history_end;
        let from = to - chrono::Days::new(u64::from(self.config.history_days));
        (from, to)
    }

    pub fn request(&self, entry_type: Option<EntryType>, format: CsvFormat) -> ExportRequest {
        let (from, to) = self.whole_history();
        ExportRequest {
            what: ExportKind::BalanceStatement { entry_type },
            from,
            to,
            format,
            overwrite: false,
        }
    }

    /// Exports `request` to `out` in the kind its extension names, not watching
    /// progress and never cancelled.
    pub async fn export(&self, request: &ExportRequest, out: &Path) -> kaunter::Result<Summary> {
        self.export_as(request, out, None).await
    }

    /// [`Setup::export`] with the file kind chosen (or not).
    pub async fn export_as(
        &self,
        request: &ExportRequest,
        out: &Path,
        file_type: Option<FileType>,
    ) -> kaunter::Result<Summary> {
        let cancel = tokio_util::sync::CancellationToken::new();
        export::to_file(&self.client, request, out, file_type, &mut |_| {}, &cancel).await
    }

    /// The whole history's statement, as the API serves it.
    pub async fn entries(&self) -> Vec<StatementEntry> {
        let (from, to) = self.whole_history();
        let query = StatementQuery::new(DateRange::new(from, to).unwrap());
        let pages: Vec<_> = self
            .client
            .balance_statement_stream(query)
            .try_collect()
            .await
            .unwrap();
        pages.into_iter().flat_map(|p| p.rows).collect()
    }
}

/// The names in `dir`, temp files included.
pub fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
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
