//! What the CLI's tests share: the core tests' helpers, and the `kaunter` binary
//! pointed at an in-process simulator.

#![allow(dead_code)] // each test file uses a different part

#[path = "../../../kaunter/tests/common/mod.rs"]
mod core;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

#[allow(unused_imports)] // some CLI tests need none of the core helpers
pub use core::*;
use iimmpact_sim::{Elsewhere, Planted, SimHandle, DEMO_API_KEY, DEMO_SECRET_BASE64};

/// The `kaunter` binary on staging at `sim`, keeping its files under `data_dir`:
/// nothing on stdin, its output captured.
pub fn cli(sim: &SimHandle, data_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaunter"));
    cmd.args(["--env", "staging", "--base-url", &sim.base_url()])
        .arg("--data-dir")
        .arg(data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// [`cli`] with the keychain's credentials only (the variables that override them
/// removed) and `stdin` typed in, as a person would enter a secret; run to its end.
pub fn keychain_cli(sim: &SimHandle, dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = cli(sim, dir)
        .args(args)
        .env_remove("IIMMPACT_API_KEY")
        .env_remove("IIMMPACT_API_SECRET")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// [`cli`] as a script runs it: `--json`, and the simulator's credentials from the
/// environment, so no keychain is involved.
pub fn scripted_cli(sim: &SimHandle, data_dir: &Path, args: &[&str]) -> Command {
    let mut cmd = cli(sim, data_dir);
    cmd.arg("--json")
        .args(args)
        .env("IIMMPACT_API_KEY", DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", DEMO_SECRET_BASE64);
    cmd
}

/// `pay` of a reload (product `D`), for callers to add their own flags to.
pub fn pay_args<'a>(account: &'a str, amount: &'a str) -> Vec<&'a str> {
    vec![
        "pay",
        "--product",
        "D",
        "--account",
        account,
        "--amount",
        amount,
    ]
}

/// `kaunter WHAT export` of the last 40 days into `out`, scripted, with `extra` flags.
pub fn export(
    sim: &SimHandle,
    dir: &Path,
    what: &str,
    out: &Path,
    extra: &[&str],
) -> std::process::Output {
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Days::new(40)).to_string();
    let to = today.to_string();
    let mut args = vec![what, "export", "--from", &from, "--to", &to, "--out"];
    args.push(out.to_str().unwrap());
    args.extend_from_slice(extra);
    scripted_cli(sim, dir, &args).output().unwrap()
}

/// A simulator that settles payments in 200 ms, with `history_entries` seeded.
pub async fn simulator_with_history(history_entries: usize) -> SimHandle {
    iimmpact_sim::Simulator::start(iimmpact_sim::SimConfig {
        processing_delay: std::time::Duration::from_millis(200),
        history_entries,
        ..iimmpact_sim::SimConfig::demo()
    })
    .await
    .unwrap()
}

/// Today in GMT+8, as the CLI takes a day.
pub fn today() -> String {
    kaunter::time::now_gmt8().date_naive().to_string()
}

/// A payment "Counter 2" made at IIMMPACT: in no journal of these tests.
pub fn another_counters_payment(sim: &SimHandle) -> Planted {
    sim.add_payment(Elsewhere {
        refid: "COUNTER2-0001".into(),
        product: "D".into(),
        account: "0012345678".into(),
        amount: "5".parse().unwrap(),
        remarks: "Counter 2".into(),
    })
    .unwrap()
}
