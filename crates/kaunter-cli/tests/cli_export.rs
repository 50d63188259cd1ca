//! `kaunter statement export` and `kaunter transactions export` never replace a file
//! unless told to with `--force`.

mod common;

use common::{export, json};

use iimmpact_sim::{SimConfig, Simulator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_file_is_kept_unless_forced() {
    let sim = Simulator::start(SimConfig {
        history_entries: 200,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();

    for what in ["statement", "transactions"] {
        let out = dir.join(format!("{what}.csv"));
        std::fs::write(&out, "keep me").unwrap();
        let requests_before = sim.stats().total_requests;

        let refused = export(&sim, dir, what, &out, &[]);
        assert_eq!(refused.status.code(), Some(2), "{what}: {refused:?}");
        let error = json(&refused);
        assert_eq!(error["kind"], "file_exists", "{what}: {error}");
        assert_eq!(error["field"], "out");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(out.to_str().unwrap()), "{what}: {message}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me", "{what}");
        assert_eq!(
            sim.stats().total_requests,
            requests_before,
            "{what}: nothing was asked of the API"
        );

        let forced = export(&sim, dir, what, &out, &["--force"]);
        assert_eq!(forced.status.code(), Some(0), "{what}: {forced:?}");
        let rows = csv::Reader::from_path(&out).unwrap().records().count();
        assert_eq!(json(&forced)["rows"], rows as u64, "{what}");
        assert!(rows > 0, "{what}: the seeded history has rows");
    }
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv") || name.ends_with(".partial"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["statement.csv", "transactions.csv"],
        "no temp file left"
    );
}

#[test]
fn without_json_the_refusal_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mine.csv");
    std::fs::write(&out, "keep me").unwrap();
    // No simulator: the refusal must come before any request is even attempted.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kaunter"))
        .args(["--env", "staging", "--base-url", "http://127.0.0.1:9"])
        .arg("--data-dir")
        .arg(dir.path())
        .args([
            "statement",
            "export",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-02",
            "--out",
        ])
        .arg(&out)
        .env("IIMMPACT_API_KEY", iimmpact_sim::DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", iimmpact_sim::DEMO_SECRET_BASE64)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(out.to_str().unwrap()), "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
}

/// The file's name chooses a workbook or CSV; `--format` overrides it; a name that
/// says neither is refused before anything is asked of the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workbook_by_its_extension_or_by_format() {
    let sim = Simulator::start(SimConfig {
        history_entries: 50,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let is_zip = |path: &std::path::Path| std::fs::read(path).unwrap().starts_with(b"PK\x03\x04");

    let book = dir.join("statement.xlsx");
    let written = export(&sim, dir, "statement", &book, &[]);
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    assert!(is_zip(&book), "an .xlsx name writes a workbook");

    let forced = dir.join("statement.dat");
    let written = export(&sim, dir, "transactions", &forced, &["--format", "xlsx"]);
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    assert!(
        is_zip(&forced),
        "--format xlsx writes a workbook whatever the name"
    );

    let requests_before = sim.stats().total_requests;
    let unnamed = dir.join("statement.txt");
    let refused = export(&sim, dir, "statement", &unnamed, &[]);
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let error = json(&refused);
    assert_eq!(error["field"], "out", "{error}");
    assert_eq!(error["problem"]["code"], "one_of", "{error}");
    assert!(!unnamed.exists());
    assert_eq!(sim.stats().total_requests, requests_before);
}
