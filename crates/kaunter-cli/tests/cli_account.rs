//! `kaunter account threshold|callback-url`: reading is anyone's, changing needs the
//! supervisor (none is asked while the shop has not set a PIN; this test sets one).

mod common;

use common::json;

use iimmpact_sim::{SimConfig, Simulator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_account_settings_are_read_by_anyone() {
    let sim = Simulator::start(SimConfig::demo()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let read = common::scripted_cli(&sim, dir.path(), &["account", "threshold"])
        .output()
        .unwrap();
    assert_eq!(read.status.code(), Some(0), "{read:?}");
    assert_eq!(json(&read)["amount"], "0");
    let read = common::scripted_cli(&sim, dir.path(), &["account", "callback-url"])
        .output()
        .unwrap();
    assert_eq!(read.status.code(), Some(0), "{read:?}");
    assert_eq!(json(&read)["url"], serde_json::Value::Null);
    let half = common::scripted_cli(
        &sim,
        dir.path(),
        &["account", "callback-url", "--set", "https://x.example"],
    )
    .output()
    .unwrap();
    assert_eq!(
        half.status.code(),
        Some(2),
        "--set needs --method: {half:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_them_needs_the_supervisor_pin() {
    if !common::keyring_tests_enabled("changing_them_needs_the_supervisor_pin") {
        return;
    }
    let sim = Simulator::start(SimConfig::demo()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], pin: Option<&str>| {
        let mut cmd = common::scripted_cli(&sim, dir.path(), args);
        cmd.env_remove("KAUNTER_SUPERVISOR_PIN");
        if let Some(pin) = pin {
            cmd.env("KAUNTER_SUPERVISOR_PIN", pin);
        }
        cmd.output().unwrap()
    };
    let mut set = common::scripted_cli(&sim, dir.path(), &["supervisor", "set"]);
    set.stdin(std::process::Stdio::piped());
    let mut child = set.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"2468\n").unwrap();
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(0));

    let threshold = ["account", "threshold", "--set", "2500"];
    let refused = run(&threshold, None);
    assert_eq!(json(&refused)["kind"], "supervisor_required", "{refused:?}");
    let bad = run(&["account", "threshold", "--set", "0.5"], Some("2468"));
    assert_eq!(json(&bad)["field"], "amount", "{bad:?}");
    let done = run(&threshold, Some("2468"));
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    assert_eq!(json(&done)["amount"], "2500");

    let callback = [
        "account",
        "callback-url",
        "--set",
        "https://shop.example/hook",
        "--method",
        "get",
    ];
    assert_eq!(json(&run(&callback, None))["kind"], "supervisor_required");
    let done = run(&callback, Some("2468"));
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let read = run(&["account", "callback-url"], None);
    assert_eq!(json(&read)["url"], "https://shop.example/hook");
    assert_eq!(json(&read)["method"], "GET");
    let reset = run(&["supervisor", "reset", "--yes"], None);
    assert_eq!(reset.status.code(), Some(0), "{reset:?}");
}
