//! `kaunter history` over a range of days with a search and a file, `kaunter lookup`
//! asking IIMMPACT for another counter's payment, `kaunter report`.

mod common;

use std::path::Path;
use std::process::Output;

use common::{cli, json, pay_args, scripted_cli, simulator_with_history, today};
use iimmpact_sim::SimHandle;

fn run(sim: &SimHandle, dir: &Path, args: &[&str]) -> Output {
    scripted_cli(sim, dir, args).output().unwrap()
}

fn paid(sim: &SimHandle, dir: &Path, account: &str) -> serde_json::Value {
    let mut args = pay_args(account, "10");
    args.push("--yes");
    let out = run(sim, dir, &args);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    json(&out)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_over_a_range_searches_and_writes_a_file() {
    let sim = simulator_with_history(0).await;
    let dir = tempfile::tempdir().unwrap();
    let first = paid(&sim, dir.path(), "0123456781");
    paid(&sim, dir.path(), "0123456782");
    let day = today();

    let found = run(
        &sim,
        dir.path(),
        &["history", "--from", &day, "--to", &day, "--search", "6781"],
    );
    assert_eq!(found.status.code(), Some(0), "{found:?}");
    let list = json(&found);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["refid"], first["refid"]);

    let by_serial = run(
        &sim,
        dir.path(),
        &["history", "--search", first["sn"].as_str().unwrap()],
    );
    assert_eq!(json(&by_serial)[0]["refid"], first["refid"]);

    let out = dir.path().join("history.xlsx");
    let written = run(
        &sim,
        dir.path(),
        &[
            "history",
            "--from",
            &day,
            "--to",
            &day,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    let body = json(&written);
    assert_eq!(body["summary"]["rows"], 2, "{body}");
    assert_eq!(body["out"], out.to_str().unwrap());
    assert!(
        body.get("payments").is_none(),
        "the file is the list: {body}"
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Payments").unwrap();
    let refids: Vec<String> = sheet.rows().skip(1).map(|r| r[1].to_string()).collect();
    let listed: Vec<String> = json(&run(
        &sim,
        dir.path(),
        &["history", "--from", &day, "--to", &day],
    ))
    .as_array()
    .unwrap()
    .iter()
    .map(|p| p["refid"].as_str().unwrap().to_owned())
    .collect();
    assert_eq!(refids, listed, "the same payments, newest first");
    let again = run(
        &sim,
        dir.path(),
        &["history", "--out", out.to_str().unwrap()],
    );
    assert_eq!(json(&again)["kind"], "file_exists", "{again:?}");

    let reversed = run(
        &sim,
        dir.path(),
        &["history", "--from", &day, "--to", "2020-01-01"],
    );
    assert_eq!(reversed.status.code(), Some(2));
    assert_eq!(json(&reversed)["field"], "to");

    // In English for a person: the range's rows, newest first.
    let human = cli(&sim, dir.path())
        .args(["history", "--from", &day, "--to", &day])
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines().nth(1).unwrap().contains("0123456781"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookup_finds_another_counters_payment_at_iimmpact_and_it_is_reported() {
    let sim = simulator_with_history(0).await;
    let dir = tempfile::tempdir().unwrap();
    let ours = paid(&sim, dir.path(), "0123456783");
    let planted = common::another_counters_payment(&sim);

    let here = json(&run(&sim, dir.path(), &["lookup", "0123456783"]));
    assert_eq!(here["asked_iimmpact"], false, "{here}");
    assert_eq!(here["found"][0]["source"], "this_pc");
    assert_eq!(here["found"][0]["refid"], ours["refid"]);

    let there = json(&run(&sim, dir.path(), &["lookup", "0012345678"]));
    assert_eq!(there["asked_iimmpact"], true, "{there}");
    let found = &there["found"][0];
    assert_eq!(found["source"], "iimmpact");
    assert_eq!(found["trxid"], planted.trxid.as_str());
    assert_eq!(found["account"], "0012345678");
    assert_eq!(
        (&found["amount"], &found["state"]),
        (&"5.00".into(), &"succeeded".into())
    );
    assert_eq!(found["counter"], "Counter 2");

    let human = cli(&sim, dir.path())
        .args(["lookup", "0012345678"])
        .env("IIMMPACT_API_KEY", iimmpact_sim::DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", iimmpact_sim::DEMO_SECRET_BASE64)
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.starts_with("[IIMMPACT] ") && text.contains("sold at Counter 2"),
        "{text}"
    );

    let trxid = planted.trxid.as_str();
    let report = [
        "report",
        "--trxid",
        trxid,
        "--reason",
        "PIN rejected",
        "--email",
        "c@example.com",
    ];
    let received = run(&sim, dir.path(), &report);
    assert_eq!(received.status.code(), Some(0), "{received:?}");
    assert_eq!(json(&received)["outcome"], "received");
    let twice = run(&sim, dir.path(), &report);
    assert_eq!(
        twice.status.code(),
        Some(3),
        "refused as a duplicate: {twice:?}"
    );
    assert_eq!(json(&twice)["outcome"], "refused");

    let no_reason = run(
        &sim,
        dir.path(),
        &["report", "--refid", "COUNTER2-0001", "--reason", " "],
    );
    assert_eq!(no_reason.status.code(), Some(2));
    assert_eq!(json(&no_reason)["field"], "reason");
    let nothing_named = run(&sim, dir.path(), &["report", "--reason", "x"]);
    assert_eq!(nothing_named.status.code(), Some(2), "{nothing_named:?}");
}
