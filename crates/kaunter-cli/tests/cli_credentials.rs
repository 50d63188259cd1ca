//! `kaunter credentials set|test|clear` through the real Secret Service: the secret goes
//! in on stdin, is used to sign, and appears in no output and no file the app wrote.
//!
//! Needs the private keyring session of `scripts/with-keyring.sh` (which sets
//! `KAUNTER_KEYRING_TESTS=1`); without it the test skips, loudly.

mod common;

use iimmpact_sim::{DEMO_API_KEY, DEMO_SECRET_BASE64};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_set_from_stdin_signs_requests_and_is_never_written_out() {
    if !common::keyring_tests_enabled(
        "a_secret_set_from_stdin_signs_requests_and_is_never_written_out",
    ) {
        return;
    }
    let sim = common::simulator_with_history(10).await;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();

    let set = common::keychain_cli(
        &sim,
        dir,
        &["credentials", "set", "--api-key", DEMO_API_KEY],
        Some(&format!("{DEMO_SECRET_BASE64}\n")),
    );
    assert_eq!(set.status.code(), Some(0), "{set:?}");

    let works = common::keychain_cli(&sim, dir, &["credentials", "test"], None);
    assert_eq!(works.status.code(), Some(0), "{works:?}");
    let mut pay = common::pay_args("0123456789", "10");
    pay.push("--yes");
    let paid = common::keychain_cli(&sim, dir, &pay, None);
    assert_eq!(paid.status.code(), Some(0), "{paid:?}");

    for output in [&set, &works, &paid] {
        assert!(
            !common::holds_secret(&output.stdout, DEMO_SECRET_BASE64)
                && !common::holds_secret(&output.stderr, DEMO_SECRET_BASE64),
            "{output:?}"
        );
    }
    let written = common::files_under(dir);
    // The scan must cover the log, where a careless format string would leak first.
    assert!(
        written.iter().any(|f| f.starts_with(dir.join("logs"))),
        "no log file among {written:?}"
    );
    for file in written {
        assert!(
            !common::holds_secret(&std::fs::read(&file).unwrap(), DEMO_SECRET_BASE64),
            "the secret is in {}",
            file.display()
        );
    }

    let cleared = common::keychain_cli(&sim, dir, &["credentials", "clear"], None);
    assert_eq!(cleared.status.code(), Some(0), "{cleared:?}");
    let gone = common::keychain_cli(&sim, dir, &["credentials", "test"], None);
    assert_ne!(gone.status.code(), Some(0), "{gone:?}");
}
