//! Voucher PINs and gift links at rest: the journal keeps them sealed, so its file (and
//! its -wal and -shm) gives none away; no log line carries one; they are shown only in
//! the outcome of the payment that brought them, or revealed on purpose (History, a
//! reprinted receipt). The simulator's `GC` (Grab Gift Code) answers with both.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{counter, json, patient, quick, reload, session};
use iimmpact_sim::{SimHandle, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64};
use kaunter::counter::{PaymentRequest, ReceiptField};
use kaunter::credentials::Keychain;
use kaunter::journal::{Journal, PaymentRecord, PaymentState};
use kaunter::paths::Paths;
use kaunter::session::{journal_file, Session, SessionConfig};
use kaunter::supervisor::Supervisor;
use kaunter::{Environment, ErrorKind};
use tokio_util::sync::CancellationToken;

fn voucher(account: &str) -> PaymentRequest {
    PaymentRequest {
        product: "GC".into(),
        ..reload(account, "10")
    }
}

/// The journal of `env` under `root` and the two files SQLite keeps beside it.
fn journal_files(root: &Path, env: Environment) -> [PathBuf; 3] {
    let main = journal_file(&Paths::under(root), env);
    let beside = |suffix: &str| PathBuf::from(format!("{}{suffix}", main.display()));
    [beside("-wal"), beside("-shm"), main]
}

/// Fails naming the file and the secret's kind when any file holds any secret.
fn assert_nowhere(files: &[PathBuf], secrets: &[(&str, &str)]) {
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_default();
        for (what, secret) in secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "the voucher's {what} is in clear in {}",
                file.display()
            );
        }
    }
}

fn secrets(paid: &PaymentRecord) -> (String, String) {
    (
        paid.pin.as_ref().expect("a PIN").expose().to_owned(),
        paid.voucherlink
            .as_ref()
            .expect("a link")
            .expose()
            .to_owned(),
    )
}

#[tokio::test]
async fn a_voucher_is_kept_sealed_and_shown_only_on_purpose() {
    let c = counter(quick(), patient()).await;
    let mut updates = c.kaunter.updates();
    let paid = c.kaunter.pay(&voucher("0123456789")).await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    let (pin, link) = secrets(&paid);
    assert!(paid.has_pin && paid.has_voucherlink && !paid.voucher_not_stored);
    assert!(!format!("{paid:?}").contains(&pin), "Debug prints no PIN");

    // Read while the journal is open, so its -wal holds the latest pages.
    let files = journal_files(c.dir.path(), Environment::Demo);
    assert!(
        std::fs::metadata(&files[0]).unwrap().len() > 0,
        "a live WAL"
    );
    assert_nowhere(&files, &[("PIN", &pin), ("link", &link)]);

    let read_back = [
        c.kaunter.history(&Default::default()).unwrap(),
        c.kaunter.journal_lookup(paid.refid.as_str()).unwrap(),
        std::iter::from_fn(|| updates.try_recv().ok()).collect(),
    ];
    for list in read_back {
        assert!(!list.is_empty());
        let json = serde_json::to_string(&list).unwrap();
        assert!(!json.contains(&pin) && !json.contains(&link), "{json}");
        assert!(
            list.iter().any(|p| p.has_pin && p.has_voucherlink),
            "{json}"
        );
    }

    let revealed = c.kaunter.reveal_voucher(paid.refid.as_str()).await.unwrap();
    assert_eq!(secrets(&revealed), (pin.clone(), link.clone()));
    let receipt = c.kaunter.receipt(paid.refid.as_str()).await.unwrap();
    assert_eq!(receipt.value(ReceiptField::Pin), Some(pin.as_str()));
    assert_eq!(
        receipt.value(ReceiptField::VoucherLink),
        Some(link.as_str())
    );

    // A payment without a voucher needs no key to reprint.
    let plain = c.kaunter.pay(&reload("0123456780", "10")).await.unwrap();
    assert!(!plain.has_pin && plain.pin.is_none());
    let receipt = c.kaunter.receipt(plain.refid.as_str()).await.unwrap();
    assert_eq!(receipt.value(ReceiptField::Pin), None);
}

#[tokio::test]
async fn a_sealed_pin_moved_to_another_payment_or_field_does_not_open() {
    let c = counter(quick(), patient()).await;
    let paid = c.kaunter.pay(&voucher("0123456789")).await.unwrap();
    let plain = c.kaunter.pay(&reload("0123456780", "10")).await.unwrap();
    let [.., main] = journal_files(c.dir.path(), Environment::Demo);
    let db = rusqlite::Connection::open(main).unwrap();
    db.execute(
        "UPDATE payments SET pin_sealed = (SELECT pin_sealed FROM payments WHERE refid = ?1)
         WHERE refid = ?2",
        [paid.refid.as_str(), plain.refid.as_str()],
    )
    .unwrap();
    let moved = c.kaunter.history(&Default::default()).unwrap();
    assert!(moved.iter().all(|p| p.has_pin), "both rows now hold a seal");
    let refid = plain.refid.as_str();
    let err = c.kaunter.reveal_voucher(refid).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage, "{err}");
    assert!(err.to_string().contains(refid), "{err}");
    assert!(c.kaunter.receipt(refid).await.is_err(), "no reprint");

    db.execute(
        "UPDATE payments SET voucherlink_sealed = pin_sealed WHERE refid = ?1",
        [paid.refid.as_str()],
    )
    .unwrap();
    let err = c
        .kaunter
        .reveal_voucher(paid.refid.as_str())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("voucherlink"), "{err}");
}

#[tokio::test]
async fn clear_pins_an_older_kaunter_journalled_are_sealed_at_start() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let [.., main] = journal_files(dir.path(), Environment::Demo);
    drop(Journal::open(&main).unwrap());
    let (pin, link) = ("OLDPIN7Q2Z", "https://api.grab.com/gifts/v2/go?id=0ld11nk");
    // As Kaunter wrote it before sealing: the PIN and link in their own clear columns.
    rusqlite::Connection::open(&main)
        .unwrap()
        .execute(
            "INSERT INTO payments (refid, product, account, amount, body, state, attempts,
                 pin, voucherlink, created_at, updated_at)
             VALUES ('KTR-OLD', 'GC', '0111', '10.00', x'7b7d', 'succeeded', 1, ?1, ?2, 5, 6)",
            [pin, link],
        )
        .unwrap();

    let kaunter = session(&sim, &dir, patient());
    let listed = kaunter.history(&Default::default()).unwrap();
    assert!(listed[0].has_pin && listed[0].pin.is_none());
    // What the app does first with every journal, and the CLI's `resume`.
    kaunter
        .follow_open(&CancellationToken::new(), true)
        .await
        .unwrap();
    assert_nowhere(
        &journal_files(dir.path(), Environment::Demo),
        &[("PIN", pin), ("link", link)],
    );
    let revealed = kaunter.reveal_voucher("KTR-OLD").await.unwrap();
    assert_eq!(secrets(&revealed), (pin.to_owned(), link.to_owned()));
}

/// The `kaunter` binary with no keyring at all: a D-Bus address where nothing listens.
fn without_keyring(mut cmd: Command, dir: &Path) -> Output {
    let bus = format!("unix:path={}", dir.join("no-bus").display());
    cmd.env("DBUS_SESSION_BUS_ADDRESS", bus)
        .env("KAUNTER_LOG", "debug")
        .output()
        .unwrap()
}

fn demo_cli(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaunter"));
    cmd.args(["--env", "demo", "--json", "--data-dir"])
        .arg(dir)
        .args(args)
        .stdin(std::process::Stdio::null());
    cmd
}

const PAY_VOUCHER: [&str; 8] = [
    "pay",
    "--product",
    "GC",
    "--account",
    "0123456789",
    "--amount",
    "10",
    "--yes",
];

/// Every file the runs wrote (journal, -wal, -shm, settings, the daily log) and what
/// they printed on stderr: none may hold the secrets.
fn assert_left_nowhere(dir: &Path, runs: &[&Output], secrets: &[(&str, &str)]) {
    let files = common::files_under(dir);
    assert!(
        files.iter().any(|f| f.starts_with(dir.join("logs"))),
        "a log was written: {files:?}"
    );
    assert_nowhere(&files, secrets);
    for run in runs {
        let stderr = String::from_utf8_lossy(&run.stderr);
        for (what, secret) in secrets {
            assert!(!stderr.contains(secret), "the {what} on stderr: {stderr}");
        }
    }
}

#[test]
fn demo_pays_and_reprints_a_voucher_without_a_keyring_and_logs_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let paid = without_keyring(demo_cli(dir, &PAY_VOUCHER), dir);
    assert_eq!(paid.status.code(), Some(0), "{paid:?}");
    let paid = json(&paid);
    let (pin, link) = (
        paid["pin"].as_str().unwrap().to_owned(),
        paid["voucherlink"].as_str().unwrap().to_owned(),
    );
    let refid = paid["refid"].as_str().unwrap();

    let history = without_keyring(demo_cli(dir, &["history"]), dir);
    let listed = json(&history);
    assert_eq!(listed[0]["has_pin"], true, "{listed}");
    assert!(listed[0]["pin"].is_null(), "{listed}");

    let mut reprint = Command::new(env!("CARGO_BIN_EXE_kaunter"));
    reprint
        .args(["--env", "demo", "--data-dir"])
        .arg(dir)
        .args(["receipt", "--refid", refid]);
    let reprint = without_keyring(reprint, dir);
    assert_eq!(reprint.status.code(), Some(0), "{reprint:?}");
    assert!(String::from_utf8_lossy(&reprint.stdout).contains(&format!("PIN     {pin}")));

    assert_left_nowhere(
        dir,
        &[&history, &reprint],
        &[("PIN", &pin), ("link", &link)],
    );
}

/// `kaunter receipt` prints the app's receipt: the core's one model (given under
/// `--json` as the app is given it), each line of it in the text, a voucher's PIN,
/// expiry and link among them.
#[test]
fn the_reprint_prints_every_line_of_the_apps_receipt_with_the_vouchers_pin_expiry_and_link() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let paid = json(&without_keyring(demo_cli(dir, &PAY_VOUCHER), dir));
    let refid = paid["refid"].as_str().unwrap();

    let reprint = without_keyring(demo_cli(dir, &["receipt", "--refid", refid]), dir);
    assert_eq!(reprint.status.code(), Some(0), "{reprint:?}");
    let reprint = json(&reprint);
    let text = reprint["text"].as_str().unwrap();
    let lines = reprint["receipt"]["lines"].as_array().unwrap();
    let value = |field: &str| {
        lines
            .iter()
            .find(|l| l["field"] == field)
            .and_then(|l| l["value"].as_str())
            .unwrap_or_else(|| panic!("no {field} on the receipt: {reprint}"))
    };
    assert_eq!(value("pin"), paid["pin"].as_str().unwrap());
    assert_eq!(value("voucher_link"), paid["voucherlink"].as_str().unwrap());
    let expiry: chrono::NaiveDate =
        serde_json::from_value(paid["expiry"].clone()).expect("the simulator dates its vouchers");
    assert_eq!(value("expiry"), expiry.format("%d/%m/%Y").to_string());
    // A value longer than the paper's width wraps under its label: read it unwrapped.
    let unwrapped: String = text.split_whitespace().collect();
    for line in lines {
        let value: String = line["value"].as_str().unwrap().split_whitespace().collect();
        assert!(
            unwrapped.contains(&value),
            "{} is not printed: {text}",
            line["field"]
        );
    }
    for label in ["PIN     ", "Expiry  ", "Voucher "] {
        assert!(text.contains(label), "{label:?} missing: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_keyring_a_real_voucher_is_paid_shown_once_and_kept_nowhere() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let paid = without_keyring(common::scripted_cli(&sim, dir, &PAY_VOUCHER), dir);
    assert_eq!(
        paid.status.code(),
        Some(0),
        "the payment is not lost: {paid:?}"
    );
    let record = json(&paid);
    assert_eq!(record["state"], "succeeded");
    assert_eq!(record["voucher_not_stored"], true, "{record}");
    assert_eq!(record["has_pin"], false, "{record}");
    let (pin, link) = (
        record["pin"].as_str().expect("shown this once").to_owned(),
        record["voucherlink"].as_str().unwrap().to_owned(),
    );

    let history = without_keyring(common::scripted_cli(&sim, dir, &["history"]), dir);
    let listed = json(&history);
    assert_eq!(listed[0]["voucher_not_stored"], true, "{listed}");
    assert_eq!(sim.charges(record["refid"].as_str().unwrap()), 1);

    assert_left_nowhere(dir, &[&paid, &history], &[("PIN", &pin), ("link", &link)]);
    let log = common::files_under(&dir.join("logs"))
        .into_iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<String>();
    assert!(log.contains("NOT kept in the journal"), "{log}");
}

fn staging(sim: &SimHandle, dir: &Path, keychain: &Keychain) -> Session {
    let mut config = SessionConfig::new(Environment::Staging, Paths::under(dir));
    config.base_url = Some(sim.base_url());
    config.polling = patient();
    config.keychain = keychain.clone();
    Session::open(config).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staging_seals_under_one_keychain_key_that_a_supervisor_reset_keeps() {
    if !common::keyring_tests_enabled(
        "staging_seals_under_one_keychain_key_that_a_supervisor_reset_keeps",
    ) {
        return;
    }
    let service = format!("kaunter-test-{}", uuid::Uuid::new_v4());
    let keychain = Keychain::with_service(&service);
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let supervisor = Supervisor::with_keychain(keychain.clone(), &paths);
    let unlock = supervisor.verify(None).await.unwrap();
    keychain
        .store(
            &unlock,
            Environment::Staging,
            DEMO_API_KEY,
            DEMO_SECRET_BASE64,
        )
        .await
        .unwrap();
    let sim = Simulator::start(quick()).await.unwrap();

    // Two processes selling their first voucher at once must agree on one key.
    let orders = [voucher("0123456781"), voucher("0123456782")];
    let (a, b) = (
        staging(&sim, dir.path(), &keychain),
        staging(&sim, dir.path(), &keychain),
    );
    let (first, second) = tokio::join!(a.pay(&orders[0]), b.pay(&orders[1]));
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(first.has_pin && second.has_pin, "{first:?} {second:?}");
    let key_user = "journal-pin-key-staging";
    let key =
        common::secret_tool("lookup", &service, key_user).expect("the key is in the keychain");
    assert_nowhere(
        &journal_files(dir.path(), Environment::Staging),
        &[
            ("PIN", secrets(&first).0.as_str()),
            ("PIN", secrets(&second).0.as_str()),
            ("key", key.trim()),
        ],
    );

    supervisor.reset().await.unwrap();
    assert_eq!(
        common::secret_tool("lookup", &service, key_user),
        Some(key),
        "the reset keeps the key"
    );
    let later = staging(&sim, dir.path(), &keychain);
    for paid in [&first, &second] {
        let revealed = later.reveal_voucher(paid.refid.as_str()).await.unwrap();
        assert_eq!(secrets(&revealed), secrets(paid));
    }
    common::secret_tool("clear", &service, key_user);
}
