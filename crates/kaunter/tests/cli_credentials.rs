//! `kaunter credentials set|test|clear` through the real Secret Service: the secret goes
//! in on stdin, is used to sign, and appears in no output and no file the app wrote.
//!
//! Needs the private keyring session of `scripts/with-keyring.sh` (which sets
//! `KAUNTER_KEYRING_TESTS=1`); without it the test skips, loudly.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use iimmpact_sim::{SimConfig, SimHandle, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64};

fn kaunter(sim: &SimHandle, dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaunter"))
        .args([
            "--env",
            "staging",
            "--base-url",
            &sim.base_url(),
            "--data-dir",
        ])
        .arg(dir)
        .args(args)
        .env_remove("IIMMPACT_API_KEY")
        .env_remove("IIMMPACT_API_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_set_from_stdin_signs_requests_and_is_never_written_out() {
    if std::env::var_os("KAUNTER_KEYRING_TESTS").is_none() {
        eprintln!(
            "\n*** SKIPPED: needs the Secret Service; run under scripts/with-keyring.sh ***\n"
        );
        return;
    }
    let sim = Simulator::start(SimConfig {
        history_entries: 10,
        ..SimConfig::demo()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();

    let set = kaunter(
        &sim,
        dir,
        &["credentials", "set", "--api-key", DEMO_API_KEY],
        Some(&format!("{DEMO_SECRET_BASE64}\n")),
    );
    assert_eq!(set.status.code(), Some(0), "{set:?}");

    let works = kaunter(&sim, dir, &["credentials", "test"], None);
    assert_eq!(works.status.code(), Some(0), "{works:?}");
    let paid = kaunter(
        &sim,
        dir,
        &[
            "pay",
            "--product",
            "D",
            "--account",
            "0123456789",
            "--amount",
            "10",
            "--yes",
        ],
        None,
    );
    assert_eq!(paid.status.code(), Some(0), "{paid:?}");

    let decoded = String::from_utf8(
        base64::Engine::decode(
            &base64::engine::general_purpose::STANDARD,
            DEMO_SECRET_BASE64,
        )
        .unwrap(),
    )
    .unwrap();
    for output in [&set, &works, &paid] {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            !text.contains(DEMO_SECRET_BASE64) && !text.contains(&decoded),
            "{text}"
        );
    }
    let written = files_under(dir);
    // The scan must cover the log, where a careless format string would leak first.
    assert!(
        written.iter().any(|f| f.starts_with(dir.join("logs"))),
        "no log file among {written:?}"
    );
    for file in written {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(DEMO_SECRET_BASE64) && !text.contains(&decoded),
            "the secret is in {}",
            file.display()
        );
    }

    let cleared = kaunter(&sim, dir, &["credentials", "clear"], None);
    assert_eq!(cleared.status.code(), Some(0), "{cleared:?}");
    let gone = kaunter(&sim, dir, &["credentials", "test"], None);
    assert_ne!(gone.status.code(), Some(0), "{gone:?}");
}
