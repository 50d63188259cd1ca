//! The OS keychain through the real Secret Service (gnome-keyring over D-Bus).
//!
//! Tests that store secrets need the private session `scripts/with-keyring.sh` starts
//! (it sets `KAUNTER_KEYRING_TESTS=1`); without it they skip, loudly. The probe tests
//! start their own broken or locked sessions and run the probe in a child process,
//! because the keychain connection is made once per process.

mod common;

use std::path::Path;
use std::process::Command;

use kaunter::credentials::{CredentialSource, Keychain, KeychainProblemKind};
use kaunter::paths::Paths;
use kaunter::supervisor::Supervisor;
use kaunter::Environment;

const CHILD_VAR: &str = "KAUNTER_PROBE_CHILD";
const PASSWORD: &str = "probe-test-password";

fn random_secret() -> String {
    use base64::Engine as _;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn stores_reads_back_from_another_process_and_clears_a_real_secret() {
    if !common::keyring_tests_enabled(
        "stores_reads_back_from_another_process_and_clears_a_real_secret",
    ) {
        return;
    }
    let service = format!("kaunter-test-{}", uuid::Uuid::new_v4());
    let keychain = Keychain::with_service(&service);
    keychain.probe().await.expect("the keyring session works");
    let secret = random_secret();
    let env = Environment::Staging;
    // Nothing chosen for this service yet, so the supervisor asks no PIN.
    let files = tempfile::tempdir().unwrap();
    let unlock = Supervisor::with_keychain(keychain.clone(), &Paths::under(files.path()))
        .verify(None)
        .await
        .unwrap();

    let status = keychain.status(env).await.unwrap();
    assert_eq!(status.source, CredentialSource::None);

    keychain
        .store(
            &unlock,
            env,
            "iimm_dev_0123456789abcdef",
            &format!("  {secret}\n"),
        )
        .await
        .unwrap();
    // A separate process finds it, so it is in the real store, not in this process.
    assert_eq!(
        common::secret_tool("lookup", &service, "staging:hmac-secret").as_deref(),
        Some(secret.as_str())
    );
    assert_eq!(
        common::secret_tool("lookup", &service, "staging:api-key").as_deref(),
        Some("iimm_dev_0123456789abcdef")
    );
    assert_eq!(
        common::secret_tool("lookup", &service, "production:hmac-secret"),
        None
    );

    let status = keychain.status(env).await.unwrap();
    assert_eq!(status.source, CredentialSource::Keychain);
    assert_eq!(status.api_key_prefix.as_deref(), Some("iimm_dev_012…"));
    assert!(status.has_secret);
    let shown = serde_json::to_string(&status).unwrap();
    assert!(!shown.contains(&secret) && !shown.contains("0123456789abcdef"));

    let credentials = keychain.load(env).await.unwrap();
    let iimmpact::client::Credentials::ApiKey { key, .. } = &credentials else {
        panic!("API-key credentials expected");
    };
    assert_eq!(key.expose(), "iimm_dev_0123456789abcdef");
    assert!(!format!("{credentials:?}").contains(&secret));
    use_everywhere(credentials, &secret).await;

    let err = keychain.load(Environment::Production).await.unwrap_err();
    assert_eq!(err.kind(), kaunter::ErrorKind::NoCredentials);

    keychain.clear(&unlock, env).await.unwrap();
    keychain.clear(&unlock, env).await.unwrap();
    assert_eq!(
        common::secret_tool("lookup", &service, "staging:hmac-secret"),
        None
    );
    assert_eq!(
        keychain.status(env).await.unwrap().source,
        CredentialSource::None
    );
}

/// Signs requests to a simulator that knows only this key and secret, writes every
/// kind of file the app writes, then scans them all (and the whole test HOME) for the
/// secret, as Base64 text and as its decoded bytes.
async fn use_everywhere(credentials: iimmpact::client::Credentials, secret: &str) {
    let sim_config = iimmpact_sim::SimConfig {
        api_key: "iimm_dev_0123456789abcdef".into(),
        secret_base64: secret.into(),
        history_entries: 500,
        ..iimmpact_sim::SimConfig::demo()
    };
    let sim = iimmpact_sim::Simulator::start(sim_config.clone())
        .await
        .unwrap();
    let client = iimmpact::client::Client::new(iimmpact::client::ClientConfig::new(
        &sim.base_url(),
        credentials,
    ))
    .unwrap();
    client
        .balance()
        .await
        .expect("the simulator accepts the signature");

    let home = std::env::var_os("HOME").expect("HOME is the with-keyring temp dir");
    let root = Path::new(&home).join("kaunter-files");
    let paths = kaunter::paths::Paths::under(&root);
    paths.create_all().unwrap();
    kaunter::settings::Settings::default().save(&paths).unwrap();
    kaunter::journal::Journal::open(&paths.journal_file()).unwrap();
    let to = sim_config.history_end;
    let request = kaunter::export::ExportRequest {
        what: kaunter::export::ExportKind::BalanceStatement { entry_type: None },
        from: to - chrono::Days::new(u64::from(sim_config.history_days)),
        to,
        format: Default::default(),
        overwrite: false,
    };
    kaunter::export::to_file(
        &client,
        &request,
        &paths.data_dir().join("statement.csv"),
        None,
        &mut |_| {},
        &tokio_util::sync::CancellationToken::new(),
    )
    .await
    .unwrap();

    let mut scanned = 0;
    for file in common::files_under(Path::new(&home)) {
        assert!(
            !common::holds_secret(&std::fs::read(&file).unwrap_or_default(), secret),
            "the secret is in {}",
            file.display()
        );
        scanned += 1;
    }
    assert!(
        scanned >= 4,
        "settings, journal, export and keyring were scanned"
    );
}

/// Not a test of its own: the child process the probe tests start.
#[tokio::test]
#[ignore = "run by the probe tests in a child process"]
async fn probe_child() {
    if std::env::var_os(CHILD_VAR).is_some() {
        let result = Keychain::with_service("kaunter-probe-test").probe().await;
        println!("PROBE:{}", serde_json::to_string(&result.err()).unwrap());
    }
}

/// Runs `probe_child` through `wrapper` (a command that sets up the session) with
/// `env`, and returns the problem it reported.
fn probe_in_child(wrapper: &[&str], env: &[(&str, &Path)]) -> Option<serde_json::Value> {
    let exe = std::env::current_exe().unwrap();
    let mut args: Vec<&std::ffi::OsStr> = wrapper.iter().map(|a| a.as_ref()).collect();
    args.extend(
        [exe.as_os_str()]
            .into_iter()
            .chain(["probe_child", "--exact", "--ignored", "--nocapture"].map(|a| a.as_ref())),
    );
    let mut command = Command::new(args[0]);
    command.args(&args[1..]).env(CHILD_VAR, "1");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("PROBE:"))
        .unwrap_or_else(|| {
            panic!(
                "the child printed no probe result:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    serde_json::from_str(line).unwrap()
}

/// The probe's problem: its kind (the UI and the CLI word the remedy), and the
/// platform's own words for support.
fn assert_problem(found: Option<serde_json::Value>, kind: KeychainProblemKind) {
    let found = found.expect("the probe reported a problem");
    assert_eq!(
        found["kind"],
        serde_json::to_value(kind).unwrap(),
        "{found}"
    );
    assert!(
        found["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{found}"
    );
}

fn have_tools(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<_> = tools
        .iter()
        .filter(|t| {
            Command::new("sh")
                .args(["-c", &format!("command -v {t}")])
                .output()
                .map_or(true, |o| !o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("KAUNTER_KEYRING_TESTS").is_none(),
        "{test}: {missing:?} missing (apt-get install gnome-keyring libsecret-tools dbus-x11)"
    );
    eprintln!("\n*** SKIPPED {test}: {missing:?} not installed ***\n");
    false
}

#[test]
fn probe_without_a_session_bus_tells_so() {
    let nowhere = tempfile::tempdir().unwrap();
    let bus = format!("unix:path={}", nowhere.path().join("no-bus").display());
    let found = probe_in_child(&[], &[("DBUS_SESSION_BUS_ADDRESS", Path::new(&bus))]);
    assert_problem(found, KeychainProblemKind::NoSessionBus);
}

#[test]
fn probe_on_a_bus_without_a_keyring_tells_so() {
    if !have_tools(
        "probe_on_a_bus_without_a_keyring_says_to_install_one",
        &["dbus-run-session"],
    ) {
        return;
    }
    // A session bus that activates no services, so nothing owns org.freedesktop.secrets.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bus.conf");
    std::fs::write(
        &config,
        format!(
            r#"<busconfig><type>session</type><listen>unix:dir={}</listen>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>"#,
            dir.path().display()
        ),
    )
    .unwrap();
    let config_arg = format!("--config-file={}", config.display());
    let found = probe_in_child(&["dbus-run-session", &config_arg, "--"], &[]);
    assert_problem(found, KeychainProblemKind::NoSecretsProvider);
}

#[test]
fn probe_of_a_locked_keyring_tells_so() {
    if !have_tools(
        "probe_of_a_locked_keyring_says_to_unlock_it",
        &["dbus-run-session", "gnome-keyring-daemon", "dbus-send"],
    ) {
        return;
    }
    // A keyring of its own, created unlocked, then locked: the shared test keyring stays unlocked.
    let home = tempfile::tempdir().unwrap();
    let runtime = home.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::set_permissions(
        &runtime,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    let script = format!(
        "printf %s {PASSWORD} | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
         dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
         org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null && \
         exec \"$@\""
    );
    let found = probe_in_child(
        &["dbus-run-session", "--", "sh", "-c", &script, "locked"],
        &[
            ("HOME", home.path()),
            ("XDG_DATA_HOME", &home.path().join("data")),
            ("XDG_RUNTIME_DIR", &runtime),
        ],
    );
    assert_problem(found, KeychainProblemKind::Locked);
}
