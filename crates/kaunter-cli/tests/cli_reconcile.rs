//! `kaunter reconcile`: one JSON object (`matched`, `mismatches`, `by_counter`), an
//! English table, and the mismatches written to a file that appears only whole.

mod common;

use std::path::Path;
use std::process::Output;

use common::{cli, json, pay_args, scripted_cli, simulator_with_history, today};
use iimmpact_sim::SimHandle;

fn reconcile(sim: &SimHandle, dir: &Path, extra: &[&str]) -> Output {
    let day = today();
    let mut args = vec!["reconcile", "--from", &day, "--to", &day];
    args.extend_from_slice(extra);
    scripted_cli(sim, dir, &args).output().unwrap()
}

/// A payment refunded after the fact, one agreed, and another counter's.
async fn planted(sim: &SimHandle, dir: &Path) -> String {
    let mut refunded = None;
    for account in ["0123456781", "0123456782"] {
        let mut args = pay_args(account, "10");
        args.push("--yes");
        let paid = scripted_cli(sim, dir, &args).output().unwrap();
        assert_eq!(paid.status.code(), Some(0), "{paid:?}");
        refunded = Some(json(&paid)["refid"].as_str().unwrap().to_owned());
    }
    let refunded = refunded.unwrap();
    sim.refund(&refunded).unwrap();
    common::another_counters_payment(sim);
    refunded
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_is_one_object_with_matched_and_each_mismatch_with_both_sides() {
    let sim = simulator_with_history(0).await;
    let dir = tempfile::tempdir().unwrap();
    let refunded = planted(&sim, dir.path()).await;

    let out = reconcile(&sim, dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = json(&out);
    assert_eq!(report["matched"], 1, "{report}");
    let mismatches = report["mismatches"].as_array().unwrap();
    assert_eq!(mismatches.len(), 2, "{report}");
    let refund = &mismatches[0];
    assert_eq!(refund["kind"], "refunded_after_the_fact");
    assert_eq!(refund["refid"], refunded.as_str());
    assert_eq!(refund["account"], "0123456782");
    assert_eq!(refund["journal_state"], "succeeded");
    assert_eq!(refund["journal_amount"], "10.00");
    assert_eq!(refund["iimmpact_state"], "refunded");
    assert_eq!(refund["iimmpact_amount"], "10.00");
    assert_eq!(
        refund["counter"], "Counter 1",
        "this PC's, as its remarks say"
    );
    let other = &mismatches[1];
    assert_eq!(other["kind"], "only_at_iimmpact");
    assert_eq!(other["refid"], "COUNTER2-0001");
    assert_eq!(other["account"], "0012345678");
    assert_eq!(other["journal_state"], serde_json::Value::Null);
    assert_eq!(other["iimmpact_state"], "succeeded");
    assert_eq!(other["counter"], "Counter 2");
    assert_eq!(report["statement"]["balances"], true);

    let by_counter = report["by_counter"].as_array().unwrap();
    let line = |counter: &str| {
        by_counter
            .iter()
            .find(|c| c["counter"] == counter)
            .unwrap_or_else(|| panic!("no {counter}: {report}"))
    };
    let this = line("Counter 1");
    assert_eq!(
        (&this["matched"], &this["open_at_both"], &this["mismatches"]),
        (&1.into(), &0.into(), &1.into()),
        "{report}"
    );
    assert_eq!(
        this["by_kind"],
        serde_json::json!([{"kind": "refunded_after_the_fact", "count": 1}])
    );
    let other = line("Counter 2");
    assert_eq!(
        (&other["matched"], &other["mismatches"]),
        (&0.into(), &1.into())
    );
    assert_eq!(other["by_kind"][0]["kind"], "only_at_iimmpact");
    assert_eq!(by_counter.len(), 2, "{report}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_is_english_and_the_file_is_whole_and_never_replaced_unasked() {
    let sim = simulator_with_history(0).await;
    let dir = tempfile::tempdir().unwrap();
    let refunded = planted(&sim, dir.path()).await;
    let day = today();

    let table = cli(&sim, dir.path())
        .args(["reconcile", "--from", &day, "--to", &day])
        .env("IIMMPACT_API_KEY", iimmpact_sim::DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", iimmpact_sim::DEMO_SECRET_BASE64)
        .output()
        .unwrap();
    assert_eq!(table.status.code(), Some(0), "{table:?}");
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("1 matched"), "{text}");
    let line = text.lines().find(|l| l.contains(&refunded)).unwrap();
    assert!(line.starts_with("refunded after the fact"), "{line}");
    assert!(line.contains(" Counter 1 "), "{line}");
    let other = text.lines().find(|l| l.contains("COUNTER2-0001")).unwrap();
    assert!(other.contains(" Counter 2 "), "{other}");
    assert!(
        line.contains("succeeded RM 10.00") && line.contains("refunded RM 10.00 (code 53)"),
        "{line}"
    );
    assert!(text.contains("only at IIMMPACT"), "{text}");
    let counter = text
        .lines()
        .find(|l| l.starts_with("Counter 1 "))
        .unwrap_or_else(|| panic!("no line for Counter 1: {text}"));
    let counts: Vec<&str> = counter.split_whitespace().skip(2).take(3).collect();
    assert_eq!(counts, ["1", "0", "1"], "{counter}");
    assert!(counter.ends_with("1 refunded after the fact"), "{counter}");
    assert!(
        text.contains("closing less opening equals the sum"),
        "{text}"
    );

    let files = tempfile::tempdir().unwrap();
    let csv_out = files.path().join("mismatches.csv");
    let written = reconcile(&sim, dir.path(), &["--out", csv_out.to_str().unwrap()]);
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    assert_eq!(json(&written)["out"], csv_out.to_str().unwrap());
    let mut reader = csv::Reader::from_path(&csv_out).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (refid, account, counter) = (column("refid"), column("account"), column("counter"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][refid], refunded.as_str());
    assert_eq!(&rows[0][counter], "Counter 1");
    assert_eq!(&rows[1][account], "0012345678");
    assert_eq!(&rows[1][counter], "Counter 2");

    let xlsx_out = files.path().join("mismatches.xlsx");
    let workbook = reconcile(&sim, dir.path(), &["--out", xlsx_out.to_str().unwrap()]);
    assert_eq!(workbook.status.code(), Some(0), "{workbook:?}");
    assert!(
        std::fs::read(&xlsx_out).unwrap().starts_with(b"PK"),
        "a zip: a workbook"
    );

    let requests = sim.stats().total_requests;
    let refused = reconcile(&sim, dir.path(), &["--out", csv_out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert_eq!(json(&refused)["kind"], "file_exists");
    assert_eq!(
        sim.stats().total_requests,
        requests,
        "refused before any request"
    );
    let forced = reconcile(
        &sim,
        dir.path(),
        &["--out", csv_out.to_str().unwrap(), "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{forced:?}");
    let mut names: Vec<String> = std::fs::read_dir(files.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["mismatches.csv", "mismatches.xlsx"],
        "no temp file left"
    );
}
