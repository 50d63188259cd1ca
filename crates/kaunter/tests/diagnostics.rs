//! The diagnostics report over a real log dir: what the logger itself wrote, and a
//! previous day's file, with secrets planted in both.

use kaunter::credentials::{KeychainProblem, KeychainProblemKind};
use kaunter::diagnostics::{Diagnostics, Shell};
use kaunter::logging::{self, Console};
use kaunter::paths::Paths;
use kaunter::Environment;

const PLANTED: [&str; 5] = [
    "iimm_prod_planted42",
    "c2VjcmV0IHBsYW50ZWQgaW4gdGhlIGxvZyBmaWxlMTI=",
    "planted-bearer-token",
    "481516",
    "v1=FlF4vXf1rPWCFol1DcqSRFwuKJbMzJfE7DSOm8lxk7A=",
];

fn shell() -> Shell {
    Shell {
        app_version: "1.2.3".into(),
        webview_version: Some("2.44.0".into()),
    }
}

/// The only test here that installs the process's logger (it can be installed once).
#[test]
fn the_report_holds_the_facts_and_the_log_but_no_secret() {
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::under(root.path());
    paths.create_all().unwrap();
    logging::init(&paths, Console::Warnings).unwrap();
    tracing::info!(
        refid = "KTR-20261125-0123456789abcdef",
        status = "Succeeded",
        "payment reply"
    );
    tracing::warn!(
        api_key = PLANTED[0],
        secret = PLANTED[1],
        "credentials refused"
    );
    tracing::error!(
        detail = %format!("Authorization: Bearer {}", PLANTED[2]),
        "the window failed to draw a screen"
    );
    tracing::warn!("voucher pin={} shown once", PLANTED[3]);
    // A day before the logger's file: read first, so its lines come first.
    std::fs::write(
        paths.log_dir().join("kaunter.2000-01-01.log"),
        format!("2000-01-01T10:00:00Z  INFO yesterday's last line\n2000-01-01T10:00:01Z DEBUG sent X-Signature: {}\n", PLANTED[4]),
    )
    .unwrap();

    let problem = KeychainProblem {
        kind: KeychainProblemKind::Locked,
        detail: "no answer within 5 s".into(),
    };
    let report = Diagnostics::gather(shell(), &paths, Environment::Staging, Some(problem));
    let text = report.to_string();

    for fact in [
        "App version: 1.2.3",
        ": 2.44.0\n",
        "Environment: Staging",
        "Keychain (probed at start): Locked: no answer within 5 s",
        &format!("Data folder: {}", paths.data_dir().display()),
        &format!("Settings folder: {}", paths.config_dir().display()),
        &format!("Log folder: {}", paths.log_dir().display()),
        &format!("OS: {} ", std::env::consts::OS),
    ] {
        assert!(text.contains(fact), "{fact:?} missing from:\n{text}");
    }
    for secret in PLANTED {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing from:\n{text}"))
    };
    assert!(at("yesterday's last line") < at("X-Signature: ***"));
    assert!(at("X-Signature: ***") < at("KTR-20261125-0123456789abcdef"));
    assert!(at("payment reply") < at("credentials refused"));
    assert!(text.contains("Authorization: ***"), "{text}");
    assert!(text.contains("pin=*** shown once"), "{text}");
    assert_eq!(report.log_lines.len(), 6, "{:#?}", report.log_lines);
}

#[test]
fn a_pc_with_no_log_yet_says_so_and_a_working_keychain_says_so() {
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::under(root.path());
    let text = Diagnostics::gather(
        Shell {
            webview_version: None,
            ..shell()
        },
        &paths,
        Environment::Demo,
        None,
    )
    .to_string();
    assert!(text.contains("Environment: Demo"), "{text}");
    assert!(text.contains(": unknown\n"), "{text}");
    assert!(
        text.contains("Keychain (probed at start): working"),
        "{text}"
    );
    assert!(text.ends_with("No log lines found.\n"), "{text}");
}

#[test]
fn only_the_newest_lines_are_kept_across_days() {
    let root = tempfile::tempdir().unwrap();
    let paths = Paths::under(root.path());
    paths.create_all().unwrap();
    let day = |n: usize| -> String { (0..n).map(|i| format!("line {i}\n")).collect() };
    std::fs::write(paths.log_dir().join("kaunter.2026-11-24.log"), day(150)).unwrap();
    std::fs::write(paths.log_dir().join("kaunter.2026-11-25.log"), day(120)).unwrap();
    // Not the app's: left out.
    std::fs::write(paths.log_dir().join("other.txt"), "not a log\n").unwrap();
    let lines = Diagnostics::gather(shell(), &paths, Environment::Demo, None).log_lines;
    assert_eq!(lines.len(), kaunter::diagnostics::LOG_LINES);
    // 80 from the day before, then all 120 of the newest day.
    assert_eq!(lines[0], "line 70");
    assert_eq!(lines[79], "line 149");
    assert_eq!(lines[80], "line 0");
    assert_eq!(lines.last().unwrap(), "line 119");
    assert!(!lines.iter().any(|l| l.contains("not a log")));
}
