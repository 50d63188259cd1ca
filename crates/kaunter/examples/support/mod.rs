//! What the benchmarks share: a simulator seeded with a history and the days it spans,
//! a client of it with Demo's key, and a measured run in a child process (so each
//! run's peak RSS is its own).

#![allow(dead_code)] // each benchmark uses a different part

use std::process::Command;
use std::time::Duration;

use chrono::NaiveDate;
use iimmpact::client::{ClientConfig, Credentials};
use iimmpact::HmacSecret;
use iimmpact_sim::{SimConfig, SimHandle, Simulator};

/// A simulator with `entries` history entries served `page_size` a page after
/// `latency`, and the first and last day of that history.
pub async fn seeded(
    entries: usize,
    page_size: u32,
    latency: Duration,
) -> (SimHandle, SimConfig, NaiveDate, NaiveDate) {
    let config = SimConfig {
        history_entries: entries,
        max_page_size: page_size,
        latency,
        ..SimConfig::demo()
    };
    let sim = Simulator::start(config.clone()).await.unwrap();
    let to = config.history_end;
    let from = to - chrono::Days::new(u64::from(config.history_days));
    (sim, config, from, to)
}

/// A client configuration for the simulator at `base_url`, signing with Demo's key.
pub fn client_config(base_url: &str) -> ClientConfig {
    let demo = SimConfig::demo();
    ClientConfig::new(
        base_url,
        Credentials::ApiKey {
            key: iimmpact::ApiKey::parse(&demo.api_key).unwrap(),
            secret: HmacSecret::from_base64(&demo.secret_base64).unwrap(),
        },
    )
}

/// Runs this benchmark again as `--child ARGS…` and reads the JSON it prints.
pub fn run_child<I, S>(args: I) -> serde_json::Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::new(std::env::current_exe().unwrap())
        .arg("--child")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
