//! The supervisor PIN through the real Secret Service: stored only as a hash, five
//! wrong tries lock it (the right PIN too) across processes, guarded operations refuse
//! without the unlock, and a reset takes the keys away.
//!
//! Needs the private keyring session of `scripts/with-keyring.sh`; skips loudly without.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use iimmpact_sim::{DEMO_API_KEY, DEMO_SECRET_BASE64};
use kaunter::credentials::{CredentialSource, Keychain};
use kaunter::paths::Paths;
use kaunter::supervisor::{PinChoice, Supervisor, SupervisorPin, KEYCHAIN_USER};
use kaunter::{Environment, ErrorKind};

const PIN: &str = "730215";

fn pin(text: &str) -> SupervisorPin {
    SupervisorPin::parse(text).unwrap()
}

#[tokio::test]
async fn the_pin_is_kept_only_as_a_slow_hash_and_guards_the_keys() {
    if !common::keyring_tests_enabled("the_pin_is_kept_only_as_a_slow_hash_and_guards_the_keys") {
        return;
    }
    let service = format!("kaunter-test-{}", uuid::Uuid::new_v4());
    let keychain = Keychain::with_service(&service);
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let supervisor = Supervisor::with_keychain(keychain.clone(), &paths);
    assert_eq!(supervisor.status().await.unwrap().pin, PinChoice::NotChosen);

    let first = supervisor.verify(None).await.unwrap();
    supervisor.set(&first, &pin(PIN)).await.unwrap();
    let stored = common::secret_tool("lookup", &service, KEYCHAIN_USER)
        .expect("the hash is in the keychain");
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains(PIN));
    for file in common::files_under(dir.path()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(PIN.len()).any(|w| w == PIN.as_bytes()),
            "{}",
            file.display()
        );
    }

    // Without the PIN there is no unlock, so nothing guarded can be called.
    let err = supervisor.verify(None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SupervisorRequired);
    let unlock = supervisor.verify(Some(&pin(PIN))).await.unwrap();
    keychain
        .store(
            &unlock,
            Environment::Staging,
            DEMO_API_KEY,
            DEMO_SECRET_BASE64,
        )
        .await
        .unwrap();

    supervisor.reset().await.unwrap();
    assert_eq!(common::secret_tool("lookup", &service, KEYCHAIN_USER), None);
    assert_eq!(
        common::secret_tool("lookup", &service, "staging:hmac-secret"),
        None
    );
    assert_eq!(
        keychain.status(Environment::Staging).await.unwrap().source,
        CredentialSource::None
    );
    assert_eq!(supervisor.status().await.unwrap().pin, PinChoice::NotChosen);

    let unlock = supervisor.verify(None).await.unwrap();
    supervisor.skip(&unlock).await.unwrap();
    assert_eq!(supervisor.status().await.unwrap().pin, PinChoice::Skipped);
    assert!(
        supervisor.verify(None).await.is_ok(),
        "a shop of one needs no PIN"
    );
    supervisor.reset().await.unwrap();
}

fn kaunter(dir: &Path, args: &[&str], pin: Option<&str>, stdin: &str) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kaunter"));
    cmd.arg("--data-dir")
        .arg(dir)
        .arg("--json")
        .args(args)
        .env_remove("KAUNTER_SUPERVISOR_PIN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(pin) = pin {
        cmd.env("KAUNTER_SUPERVISOR_PIN", pin);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn kind(output: &Output) -> String {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    json["kind"].as_str().unwrap_or_default().to_owned()
}

/// Each run is a new process: the count and the lock live on between them.
#[test]
fn five_wrong_pins_lock_it_even_for_the_right_one_across_processes() {
    if !common::keyring_tests_enabled(
        "five_wrong_pins_lock_it_even_for_the_right_one_across_processes",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let set = kaunter(dir, &["supervisor", "set"], None, &format!("{PIN}\n"));
    assert_eq!(set.status.code(), Some(0), "{set:?}");

    let guarded = [
        "--env",
        "staging",
        "credentials",
        "set",
        "--api-key",
        DEMO_API_KEY,
    ];
    let refused = kaunter(dir, &guarded, None, DEMO_SECRET_BASE64);
    assert_eq!(kind(&refused), "supervisor_required", "{refused:?}");
    for _ in 0..4 {
        let wrong = kaunter(dir, &guarded, Some("000000"), DEMO_SECRET_BASE64);
        assert_eq!(kind(&wrong), "invalid", "{wrong:?}");
    }
    let fifth = kaunter(dir, &guarded, Some("000000"), DEMO_SECRET_BASE64);
    assert_eq!(kind(&fifth), "supervisor_locked", "{fifth:?}");
    let right = kaunter(dir, &guarded, Some(PIN), DEMO_SECRET_BASE64);
    assert_eq!(kind(&right), "supervisor_locked", "{right:?}");
    assert_eq!(right.status.code(), Some(5));
    assert_eq!(
        common::secret_tool("lookup", "kaunter", "staging:hmac-secret"),
        None
    );

    let reset = kaunter(dir, &["supervisor", "reset", "--yes"], None, "");
    assert_eq!(reset.status.code(), Some(0), "{reset:?}");
    let open = kaunter(dir, &guarded, None, DEMO_SECRET_BASE64);
    assert_eq!(open.status.code(), Some(0), "{open:?}");
    assert!(common::secret_tool("lookup", "kaunter", "staging:hmac-secret").is_some());
    let reset = kaunter(dir, &["supervisor", "reset", "--yes"], None, "");
    assert_eq!(reset.status.code(), Some(0), "{reset:?}");
    assert_eq!(
        common::secret_tool("lookup", "kaunter", "staging:hmac-secret"),
        None
    );
}
