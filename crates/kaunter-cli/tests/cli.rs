//! The `kaunter` binary as a script sees it: output, `--json` payloads and exit codes,
//! against a simulator in this process.

mod common;

use common::json;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use iimmpact_sim::{SimConfig, SimHandle, Simulator};

async fn simulator(processing_delay: Duration) -> SimHandle {
    Simulator::start(SimConfig {
        processing_delay,
        history_entries: 500,
        ..SimConfig::demo()
    })
    .await
    .unwrap()
}

fn kaunter(sim: &SimHandle, dir: &Path, args: &[&str]) -> Output {
    common::scripted_cli(sim, dir, args).output().unwrap()
}

fn pay(sim: &SimHandle, dir: &Path, account: &str, amount: &str, extra: &[&str]) -> Output {
    let mut args = common::pay_args(account, amount);
    args.extend_from_slice(extra);
    kaunter(sim, dir, &args)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_tell_paid_refused_unclear_and_bad_input_apart() {
    let sim = simulator(Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();

    let paid = pay(&sim, dir, "0123456789", "10", &["--yes"]);
    assert_eq!(paid.status.code(), Some(0), "{paid:?}");
    let record = json(&paid);
    assert_eq!(record["state"], "succeeded");
    let refid = record["refid"].as_str().unwrap().to_owned();

    let refused = pay(&sim, dir, "60123450043", "10", &["--yes"]);
    assert_eq!(refused.status.code(), Some(3), "{refused:?}");
    assert_eq!(json(&refused)["status_code"], 43);

    let unasked = pay(&sim, dir, "0123456780", "10", &[]);
    assert_eq!(
        unasked.status.code(),
        Some(2),
        "no terminal, no --yes: {unasked:?}"
    );
    assert_eq!(json(&unasked)["field"], "yes");

    let bad = pay(&sim, dir, "0123456780", "ten", &["--yes"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(json(&bad)["kind"], "invalid");
    assert_eq!(json(&bad)["field"], "amount");

    let twice = pay(&sim, dir, "0123456789", "10", &["--yes"]);
    assert_eq!(
        twice.status.code(),
        Some(2),
        "a script never pays twice: {twice:?}"
    );
    assert_eq!(json(&twice)["kind"], "duplicate");

    let open = pay(&sim, dir, "0123456781", "5", &["--yes", "--wait", "0"]);
    assert_eq!(open.status.code(), Some(4), "{open:?}");
    assert_eq!(json(&open)["state"], "pending");
    let open_refid = json(&open)["refid"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let settled = kaunter(&sim, dir, &["status", "--refid", &open_refid]);
    assert_eq!(settled.status.code(), Some(0));
    assert_eq!(json(&settled)["state"], "succeeded");

    let missing = kaunter(&sim, dir, &["status", "--refid", "NOPE-1"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(json(&missing)["kind"], "not_found");

    let history = json(&kaunter(&sim, dir, &["history", "--account", "0123456789"]));
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["refid"], refid.as_str());

    let totals = json(&kaunter(&sim, dir, &["history", "--totals"]));
    let by_state = totals["by_state"].as_array().unwrap();
    let count = |state: &str| {
        by_state
            .iter()
            .find(|t| t["state"] == state)
            .map_or(0, |t| t["count"].as_u64().unwrap())
    };
    assert_eq!((count("succeeded"), count("failed")), (2, 1), "{totals}");

    let receipt = json(&kaunter(&sim, dir, &["receipt", "--refid", &refid]));
    let text = receipt["text"].as_str().unwrap();
    assert!(
        text.contains(&refid) && text.contains("SUCCESSFUL"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_and_exports_work_from_the_command_line() {
    let sim = simulator(Duration::from_millis(200)).await;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();

    let balance = kaunter(&sim, dir, &["balance"]);
    assert_eq!(balance.status.code(), Some(0), "{balance:?}");
    assert_eq!(json(&balance)["balance"], sim.ledger().balance.to_string());

    let status = json(&kaunter(&sim, dir, &["network-status", "--product", "FP"]));
    assert_eq!(status["status"], "Interruption");
    assert_eq!(status["warning"], true);

    let bill = kaunter(
        &sim,
        dir,
        &["bill", "check", "--product", "TNB", "--account", "12"],
    );
    assert_eq!(bill.status.code(), Some(0));
    let bill = json(&bill);
    assert_eq!(bill["may_pay"], false, "{bill}");
    assert_eq!(bill["refusal"], "Invalid account no");

    let out = dir.join("statement.csv");
    let today = chrono::Utc::now().date_naive();
    let from = (today - chrono::Days::new(40)).to_string();
    let to = today.to_string();
    let usage = kaunter(
        &sim,
        dir,
        &["statement", "export", "--from", &from, "--out"],
    );
    assert_eq!(usage.status.code(), Some(2), "--to is missing");
    assert_eq!(json(&usage)["kind"], "invalid");

    let export = kaunter(
        &sim,
        dir,
        &[
            "statement",
            "export",
            "--from",
            &from,
            "--to",
            &to,
            "--bom",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(export.status.code(), Some(0), "{export:?}");
    let summary = json(&export);
    let file = std::fs::read(&out).unwrap();
    assert!(file.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let rows = csv::Reader::from_reader(&file[3..]).records().count();
    assert_eq!(summary["rows"], rows as u64);
    assert_eq!(rows as u64, sim.ledger().entries);

    let out = dir.join("transactions.csv");
    let export = kaunter(
        &sim,
        dir,
        &[
            "transactions",
            "export",
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(export.status.code(), Some(0), "{export:?}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let refid = reader.headers().unwrap().iter().position(|h| h == "refid");
    let refids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[refid.expect("a refid column")].to_owned())
        .collect();
    assert_eq!(json(&export)["rows"], refids.len() as u64);
    assert!(!refids.is_empty(), "the seeded history has transactions");
}
