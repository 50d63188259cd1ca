//! `kaunter credentials login|show|logout` through the real Secret Service: the password
//! goes in on stdin once, the ID token signs a paid reload, and neither the password nor
//! a token appears in any output or file.
//!
//! Needs the private keyring session of `scripts/with-keyring.sh`; without it the test
//! skips, loudly. (Its own file: the credentials tests of `cli_credentials` use the same
//! keychain entries of staging, and tests of one file run at the same time.)

mod common;

use iimmpact_sim::{DEMO_PASSWORD, DEMO_USERNAME};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_legacy_sign_in_pays_a_reload_and_signs_out() {
    if !common::keyring_tests_enabled("a_legacy_sign_in_pays_a_reload_and_signs_out") {
        return;
    }
    let sim = common::simulator_with_history(10).await;
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();

    let wrong = common::keychain_cli(
        &sim,
        dir,
        &["credentials", "login", "--username", DEMO_USERNAME],
        Some("not-the-password\n"),
    );
    assert_eq!(wrong.status.code(), Some(5), "{wrong:?}");
    assert!(
        text(&wrong.stderr).contains("user name or password"),
        "{wrong:?}"
    );

    let login = common::keychain_cli(
        &sim,
        dir,
        &["credentials", "login", "--username", DEMO_USERNAME],
        Some(&format!("{DEMO_PASSWORD}\n")),
    );
    assert_eq!(login.status.code(), Some(0), "{login:?}");
    assert!(
        text(&login.stdout).contains(&format!("signed in as {DEMO_USERNAME}")),
        "{login:?}"
    );
    let show = common::keychain_cli(&sim, dir, &["--json", "credentials", "show"], None);
    let shown = common::json(&show);
    assert_eq!(shown["kind"], "login", "{shown}");
    assert_eq!(shown["username"], DEMO_USERNAME);
    let id_token_entry = common::secret_tool("lookup", "kaunter", "staging:sign-in")
        .expect("the tokens are in the keychain");
    let entry: serde_json::Value = serde_json::from_str(&id_token_entry).unwrap();
    let tokens = [
        entry["id_token"].as_str().unwrap().to_owned(),
        entry["refresh_token"].as_str().unwrap().to_owned(),
    ];

    let mut pay = common::pay_args("0123456789", "10");
    pay.extend(["--yes", "--json"]);
    let paid = common::keychain_cli(&sim, dir, &pay, None);
    assert_eq!(paid.status.code(), Some(0), "{paid:?}");
    let payment = common::json(&paid);
    assert_eq!(payment["state"], "succeeded", "{payment}");
    assert_eq!(sim.charges(payment["refid"].as_str().unwrap()), 1);

    let secrets = [tokens[0].as_str(), tokens[1].as_str(), DEMO_PASSWORD];
    for output in [&wrong, &login, &show, &paid] {
        for secret in secrets {
            assert!(
                !text(&output.stdout).contains(secret) && !text(&output.stderr).contains(secret),
                "{output:?}"
            );
        }
    }
    for file in common::files_under(dir) {
        let bytes = std::fs::read(&file).unwrap();
        for secret in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "a secret is in {}",
                file.display()
            );
        }
    }

    let out = common::keychain_cli(&sim, dir, &["credentials", "logout"], None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        common::secret_tool("lookup", "kaunter", "staging:sign-in"),
        None
    );
    let gone = common::keychain_cli(&sim, dir, &["balance"], None);
    assert_eq!(gone.status.code(), Some(2), "{gone:?}");
}
