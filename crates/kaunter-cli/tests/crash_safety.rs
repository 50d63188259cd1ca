//! Crash safety: the real `kaunter` binary is SIGKILLed at each point of a payment, then
//! restarted; every payment must end final in the journal, charged exactly once.
//!
//! The simulator runs in this test process; the CLI reaches it with `--base-url` and the
//! `IIMMPACT_API_KEY` / `IIMMPACT_API_SECRET` override, and keeps its files under
//! `--data-dir`, so nothing here touches the user's keychain or files.

mod common;

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use iimmpact::Refid;
use iimmpact_sim::{Fault, FaultKind, SimConfig, SimHandle, Simulator};
use kaunter::journal::{Journal, PaymentRecord, PaymentState};
use kaunter::paths::Paths;
use kaunter::session::journal_file;
use kaunter::Environment;

fn pay(sim: &SimHandle, data_dir: &Path, refid: &str) -> Child {
    let mut args = common::pay_args("0123456789", "10");
    args.extend(["--refid", refid, "--yes"]);
    common::scripted_cli(sim, data_dir, &args).spawn().unwrap()
}

fn journalled(data_dir: &Path, refid: &str) -> Option<PaymentRecord> {
    let path = journal_file(&Paths::under(data_dir), Environment::Staging);
    if !path.exists() {
        return None;
    }
    Journal::open(&path)
        .ok()?
        .get(&Refid::parse(refid).unwrap())
        .ok()?
}

/// Waits until the journal shows the payment in a state `ready` accepts.
fn wait_for(data_dir: &Path, refid: &str, ready: impl Fn(&PaymentRecord) -> bool) -> PaymentRecord {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(record) = journalled(data_dir, refid).filter(|r| ready(r)) {
            return record;
        }
        assert!(
            Instant::now() < deadline,
            "{refid} never reached the expected point"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn sigkill(mut child: Child) {
    // `Child::kill` is SIGKILL on Unix: no destructor, no flush, no goodbye.
    child.kill().unwrap();
    child.wait().unwrap();
}

struct Scenario {
    name: &'static str,
    sim: SimConfig,
    faults: Vec<FaultKind>,
    /// The point to kill at, as the journal shows it.
    kill_when: fn(&PaymentRecord) -> bool,
}

fn quick() -> SimConfig {
    SimConfig {
        processing_delay: Duration::from_millis(300),
        history_entries: 10,
        ..SimConfig::demo()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_payment_ends_final_and_charged_exactly_once() {
    let scenarios = [
        Scenario {
            name: "before send: the request held in flight, not yet handled",
            sim: quick(),
            faults: vec![FaultKind::Latency(Duration::from_secs(2))],
            kill_when: |r| r.attempts >= 1,
        },
        Scenario {
            name: "after the simulator committed, before the reply",
            sim: quick(),
            // The first send is committed and its reply dropped; the re-check that
            // follows is held, and the process dies waiting for it.
            faults: vec![
                FaultKind::DropAfterCommit,
                FaultKind::Latency(Duration::from_secs(2)),
            ],
            kill_when: |r| r.state == PaymentState::Unknown,
        },
        Scenario {
            name: "during status polling",
            sim: SimConfig {
                processing_delay: Duration::from_secs(3),
                ..quick()
            },
            faults: vec![],
            kill_when: |r| r.state == PaymentState::Pending,
        },
    ];
    for (n, scenario) in scenarios.into_iter().enumerate() {
        let name = scenario.name;
        let sim = Simulator::start(scenario.sim).await.unwrap();
        for fault in scenario.faults {
            sim.inject(Fault::new("/v2/topup", 1, fault));
        }
        let dir = tempfile::tempdir().unwrap();
        let refid = format!("CRASH-{n}");
        let balance_before = sim.ledger().balance;

        let child = pay(&sim, dir.path(), &refid);
        let at_kill = wait_for(dir.path(), &refid, scenario.kill_when);
        sigkill(child);
        assert!(!at_kill.state.is_final(), "{name}: killed too late");

        // Restart: re-check that payment, then resume anything else left open.
        let status = common::scripted_cli(&sim, dir.path(), &["status", "--refid", &refid])
            .output()
            .unwrap();
        let record: serde_json::Value = serde_json::from_slice(&status.stdout)
            .unwrap_or_else(|e| panic!("{name}: {e}: {status:?}"));
        assert_eq!(record["state"], "succeeded", "{name}: {record}");
        assert_eq!(status.status.code(), Some(0), "{name}");
        let resume = common::scripted_cli(&sim, dir.path(), &["resume"])
            .output()
            .unwrap();
        assert_eq!(resume.status.code(), Some(0), "{name}: {resume:?}");

        // A request the dead process left held in the simulator ends on its own;
        // let it, so a late second charge would show.
        tokio::time::sleep(Duration::from_millis(2_500)).await;
        let journal = Journal::open(&journal_file(
            &Paths::under(dir.path()),
            Environment::Staging,
        ))
        .unwrap();
        assert!(journal.unfinished().unwrap().is_empty(), "{name}");
        let all = journal.history(&Default::default()).unwrap();
        assert_eq!(all.len(), 1, "{name}: one payment, one refid");
        let paid = &all[0];
        assert_eq!(paid.state, PaymentState::Succeeded, "{name}");
        assert_eq!(sim.charges(&refid), 1, "{name}");
        assert_eq!(
            balance_before - sim.ledger().balance,
            paid.cost.unwrap(),
            "{name}: the wallet paid for exactly one payment"
        );
        sim.shutdown().await;
    }
}
