//! Money safety under faults: whatever the network, the server or the cashier does, no
//! payment is lost from sight, charged twice, or labelled wrongly. Each test drives the
//! core (or the real `kaunter` binary) against the simulator over loopback HTTP, with a
//! real journal file, and counts charges at the simulator.

mod common;

use std::time::Duration;

use common::{counter, json, patient, quick, reload, session, topups, Counter};
use iimmpact::Refid;
use iimmpact_sim::{Fault, FaultKind, SimConfig, Simulator};
use kaunter::counter::PaymentRequest;
use kaunter::journal::{Journal, PaymentRecord, PaymentState};
use kaunter::paths::Paths;
use kaunter::payments::Polling;
use kaunter::session::journal_file;
use kaunter::{Environment, ErrorKind};
use tokio_util::sync::CancellationToken;

/// One send, no following: what the counter sees right after an unclear reply.
fn at_once() -> Polling {
    Polling {
        first_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        deadline: Duration::ZERO,
    }
}

/// A re-check from a fresh session (the next start) settles `refid` as succeeded,
/// charged exactly once.
async fn settles_once(c: &Counter, refid: &Refid) {
    let settled = session(&c.sim, &c.dir, patient())
        .payment_status(refid.as_str())
        .await
        .unwrap();
    assert_eq!(settled.state, PaymentState::Succeeded, "{settled:?}");
    assert_eq!(c.sim.charges(refid.as_str()), 1);
}

/// A payment whose reply was lost after IIMMPACT charged it, and whose re-checks keep
/// failing for now: open, and possibly charged.
async fn lost_payment(c: &Counter, account: &str) -> PaymentRecord {
    c.sim
        .inject(Fault::new("/v2/topup", 1, FaultKind::DropAfterCommit));
    let lost = c.kaunter.pay(&reload(account, "10")).await.unwrap();
    assert_eq!(lost.state, PaymentState::Unknown);
    assert_eq!(c.sim.charges(lost.refid.as_str()), 1);
    lost
}

#[tokio::test]
async fn an_open_identical_payment_is_never_paid_again_even_when_confirmed() {
    let c = counter(quick(), at_once()).await;
    let lost = lost_payment(&c, "0123456789").await;
    for confirm_duplicate in [false, true] {
        let again = PaymentRequest {
            confirm_duplicate,
            ..reload("0123456789", "10")
        };
        let err = c.kaunter.pay(&again).await.unwrap_err();
        let payload = err.payload();
        assert_eq!(payload.kind, ErrorKind::Duplicate);
        assert_eq!(payload.refid.as_deref(), Some(lost.refid.as_str()));
        assert_eq!(payload.state, Some(PaymentState::Unknown));
    }
    assert_eq!(c.kaunter.history(&Default::default()).unwrap().len(), 1);

    // Once the first is final (here: it succeeded), a new one may be confirmed.
    settles_once(&c, &lost.refid).await;
    let err = c
        .kaunter
        .pay(&reload("0123456789", "10"))
        .await
        .unwrap_err();
    assert_eq!(err.payload().state, Some(PaymentState::Succeeded));
    let confirmed = PaymentRequest {
        confirm_duplicate: true,
        ..reload("0123456789", "10")
    };
    let second = c.kaunter.pay(&confirmed).await.unwrap();
    assert_ne!(second.refid, lost.refid);
    assert_eq!(c.sim.charges(lost.refid.as_str()), 1, "the first, once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_counters_paying_the_same_order_at_once_pay_it_once() {
    let c = counter(quick(), patient()).await;
    // A second process on the same journal (the CLI beside the app).
    let other = session(&c.sim, &c.dir, patient());
    let before = c.sim.ledger().balance;
    for round in 0..5 {
        let order = reload(&format!("012345678{round}"), "10");
        let (a, b) = tokio::join!(c.kaunter.pay(&order), other.pay(&order));
        let (paid, refused) = match (a, b) {
            (Ok(paid), Err(refused)) | (Err(refused), Ok(paid)) => (paid, refused),
            other => panic!("round {round}: exactly one may pay: {other:?}"),
        };
        assert_eq!(refused.kind(), ErrorKind::Duplicate, "round {round}");
        assert_eq!(paid.state, PaymentState::Succeeded);
    }
    let paid = c.kaunter.history(&Default::default()).unwrap();
    assert_eq!(paid.len(), 5);
    let spent: rust_decimal::Decimal = paid.iter().map(|p| p.cost.unwrap()).sum();
    assert_eq!(
        before - c.sim.ledger().balance,
        spent,
        "nothing charged but these five"
    );
}

#[tokio::test]
async fn a_refused_recheck_leaves_the_payment_open_and_shown() {
    let c = counter(quick(), at_once()).await;
    let lost = lost_payment(&c, "0123456789").await;
    for status in [401, 429, 400] {
        c.sim
            .inject(Fault::new("/v2/topup", 1, FaultKind::Status(status)));
        let seen = c.kaunter.payment_status(lost.refid.as_str()).await.unwrap();
        assert_eq!(seen.refid, lost.refid, "{status}");
        assert!(!seen.state.is_final(), "{status}: {seen:?}");
        assert!(seen.last_error.is_some(), "{status}");
    }
    settles_once(&c, &lost.refid).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_cannot_be_journalled_leaves_the_payment_open_and_shown() {
    let c = counter(quick(), at_once()).await;
    // The reply is slow; meanwhile another process locks the journal for longer than a
    // write waits, so the reply cannot be written.
    c.sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::Latency(Duration::from_millis(600)),
    ));
    let path = journal_file(&Paths::under(c.dir.path()), Environment::Demo);
    let (locked, is_locked) = std::sync::mpsc::channel();
    let locker = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        locked.send(()).unwrap();
        std::thread::sleep(kaunter::journal::BUSY_TIMEOUT + Duration::from_secs(1));
        conn.execute_batch("ROLLBACK").unwrap();
    });
    let paid = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    is_locked.recv().unwrap();
    assert_eq!(paid.state, PaymentState::Unknown, "{paid:?}");
    assert!(
        paid.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("journal"),
        "{paid:?}"
    );
    assert_eq!(
        c.sim.charges(paid.refid.as_str()),
        1,
        "it did reach IIMMPACT"
    );
    locker.join().unwrap();
    // The journal kept it open with its attempt counted: the next re-check settles it.
    settles_once(&c, &paid.refid).await;
}

#[tokio::test]
async fn a_payment_journalled_but_never_sent_is_closed_not_sent_at_the_next_start() {
    let sim = Simulator::start(quick()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    // The process died between the journal write and counting its first send.
    let prepared = iimmpact::models::TopupRequest::new(
        Refid::parse("NEVER-SENT").unwrap(),
        iimmpact::ProductCode::parse("D").unwrap(),
        "0123456789",
        iimmpact::Amount::parse("amount", "10").unwrap(),
    )
    .unwrap()
    .prepare();
    let path = journal_file(&Paths::under(dir.path()), Environment::Staging);
    Journal::open(&path).unwrap().insert(&prepared).unwrap();

    // Asking about it does not send it either.
    let status = common::scripted_cli(&sim, dir.path(), &["status", "--refid", "NEVER-SENT"])
        .output()
        .unwrap();
    assert_eq!(json(&status)["state"], "sending", "{status:?}");
    assert_eq!(topups(&sim), 0, "a status check never pays");

    let resume = common::scripted_cli(&sim, dir.path(), &["resume"])
        .output()
        .unwrap();
    let resumed: serde_json::Value = serde_json::from_slice(&resume.stdout).unwrap();
    assert_eq!(resumed[0]["refid"], "NEVER-SENT", "{resumed}");
    assert_eq!(resumed[0]["state"], "not_sent", "{resumed}");
    assert_eq!(topups(&sim), 0, "nothing is sent on its own");
    let record = Journal::open(&path)
        .unwrap()
        .require(&Refid::parse("NEVER-SENT").unwrap())
        .unwrap();
    assert_eq!(record.state, PaymentState::NotSent);
}

#[tokio::test]
async fn open_payments_are_followed_in_the_background_until_final() {
    let c = counter(quick(), at_once()).await;
    let mut updates = c.kaunter.updates();
    let lost = lost_payment(&c, "0123456789").await;
    let stop = CancellationToken::new();
    let follower = c.kaunter.follow_open(&stop, true);
    tokio::time::timeout(Duration::from_secs(20), follower)
        .await
        .expect("the follower settles the payment and stops")
        .unwrap();
    let mut seen = Vec::new();
    while let Ok(update) = updates.try_recv() {
        seen.push(update.state);
    }
    assert_eq!(seen.first(), Some(&PaymentState::Sending), "{seen:?}");
    assert_eq!(seen.last(), Some(&PaymentState::Succeeded), "{seen:?}");
    let settled = c.kaunter.payment_status(lost.refid.as_str()).await.unwrap();
    assert_eq!(settled.state, PaymentState::Succeeded);
    assert_eq!(c.sim.charges(lost.refid.as_str()), 1);
    // A second session on the same journal (the next start) finds nothing to follow.
    let next = session(&c.sim, &c.dir, at_once());
    assert!(!next.has_open_payments().unwrap());
}

#[test]
fn the_cli_rate_is_capped_at_this_pcs_share_of_the_ip_limit() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaunter"))
        .args(["--env", "demo", "--rate", "50", "--json", "balance"])
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["field"], "rate", "{error}");
    assert_eq!(error["problem"]["code"], "above_max", "{error}");
    let max: f64 = error["problem"]["max"].as_str().unwrap().parse().unwrap();
    assert!(
        max > 1.0 && max < 50.0,
        "this PC's share is below the asked rate: {error}"
    );
}

#[test]
fn production_is_reached_over_https_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kaunter"))
        .args(["--env", "production", "--base-url", "http://127.0.0.1:9/v2"])
        .args(["--json", "balance"])
        .arg("--data-dir")
        .arg(dir.path())
        .env("IIMMPACT_API_KEY", iimmpact_sim::DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", iimmpact_sim::DEMO_SECRET_BASE64)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let error: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["field"], "base_url", "{error}");
}

#[tokio::test]
async fn an_undocumented_status_code_leaves_the_payment_open_until_a_recheck_reads_it() {
    for (code, text) in [(99, "Success"), (2, "Failed")] {
        let c = counter(quick(), at_once()).await;
        c.sim.inject(Fault::new(
            "/v2/topup",
            1,
            FaultKind::UnknownStatus { code, text },
        ));
        let odd = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
        assert_eq!(odd.state, PaymentState::Unknown, "{code} {text}");
        assert_eq!(odd.status_code, Some(i64::from(code)));
        settles_once(&c, &odd.refid).await;
    }
}

#[test]
fn the_cli_exits_4_on_an_undocumented_status_code() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sim = runtime.block_on(Simulator::start(quick())).unwrap();
    sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::UnknownStatus {
            code: 99,
            text: "Success",
        },
    ));
    let dir = tempfile::tempdir().unwrap();
    let mut args = common::pay_args("0123456789", "10");
    args.extend(["--yes", "--wait", "0"]);
    let out = common::scripted_cli(&sim, dir.path(), &args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    let paid: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(paid["state"], "unknown", "{paid}");
}

#[tokio::test]
async fn nonce_reused_on_a_payment_means_a_copy_arrived_and_is_unclear_not_failed() {
    let c = counter(quick(), at_once()).await;
    c.sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::NonceReusedAfterCommit,
    ));
    let paid = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    assert_eq!(paid.state, PaymentState::Unknown);
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
    settles_once(&c, &paid.refid).await;
}

#[tokio::test]
async fn a_reply_with_the_account_in_another_form_is_the_same_payment() {
    use iimmpact_sim::AccountForm;
    for form in [
        AccountForm::CountryCode,
        AccountForm::Number,
        AccountForm::National,
    ] {
        let c = counter(quick(), patient()).await;
        c.sim
            .inject(Fault::new("/v2/topup", 5, FaultKind::ReplyAccount(form)));
        let paid = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
        assert_eq!(paid.state, PaymentState::Succeeded, "{form:?}: {paid:?}");
        assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
    }
}

#[tokio::test]
async fn a_success_with_optional_fields_in_other_forms_keeps_its_pin() {
    let c = counter(quick(), patient()).await;
    c.sim
        .inject(Fault::new("/v2/topup", 1, FaultKind::OddFields));
    let voucher = PaymentRequest {
        product: "GC".into(),
        ..reload("0123456789", "10")
    };
    let paid = c.kaunter.pay(&voucher).await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded, "{paid:?}");
    assert!(paid.pin.is_some(), "{paid:?}");
    assert_eq!(c.sim.charges(paid.refid.as_str()), 1);
}

#[tokio::test]
async fn a_redirect_on_a_payment_is_unclear_and_nothing_follows_it() {
    let c = counter(quick(), at_once()).await;
    let elsewhere = Simulator::start(quick()).await.unwrap();
    let location: &'static str =
        Box::leak(format!("{}/topup", elsewhere.base_url()).into_boxed_str());
    c.sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::Redirect {
            status: iimmpact_sim::RedirectStatus::TemporaryRedirect,
            location,
        },
    ));
    let paid = c.kaunter.pay(&reload("0123456789", "10")).await.unwrap();
    assert_eq!(paid.state, PaymentState::Unknown, "{paid:?}");
    assert_eq!(
        elsewhere.stats().total_requests,
        0,
        "no request left for another host"
    );
    settles_once(&c, &paid.refid).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ip_block_stops_every_request_until_it_ends_or_a_supervisor_checks() {
    for bare in [false, true] {
        let sim = Simulator::start(quick()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            common::scripted_cli(&sim, dir.path(), args)
                .output()
                .unwrap()
        };
        sim.block(bare);

        let first = run(&["balance"]);
        assert_eq!(first.status.code(), Some(3), "{first:?}");
        let error = json(&first);
        assert_eq!(error["kind"], "rate_limited", "{error}");
        assert!(error["until"].is_string(), "{error}");
        assert!(
            error["message"].as_str().unwrap().contains("GMT+8"),
            "{error}"
        );
        assert_eq!(sim.stats().blocked_requests, 1);

        // A new run, a payment, a status: nothing leaves the PC while the block holds.
        let mut pay = common::pay_args("0123456789", "10");
        pay.push("--yes");
        for args in [&["balance"][..], &pay, &["unblock"]] {
            let out = run(args);
            assert_eq!(out.status.code(), Some(3), "{args:?}: {out:?}");
        }
        assert_eq!(
            sim.stats().blocked_requests,
            1,
            "nothing sent while blocked"
        );
        assert_eq!(topups(&sim), 0);
        let status = json(&run(&["unblock"]));
        assert_eq!(status["bare_forbidden"], bare, "{status}");

        // A supervisor asks once: one request, still blocked.
        let check = run(&["unblock", "--check"]);
        assert_eq!(check.status.code(), Some(3), "{check:?}");
        assert_eq!(sim.stats().blocked_requests, 2, "exactly one request");

        sim.lift_block();
        let check = run(&["unblock", "--check"]);
        assert_eq!(check.status.code(), Some(0), "{check:?}");
        assert_eq!(json(&check)["blocked"], false);
        let balance = run(&["balance"]);
        assert_eq!(balance.status.code(), Some(0), "{balance:?}");
        sim.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_shorter_than_announced_fails_and_leaves_no_file() {
    let sim = Simulator::start(SimConfig {
        history_entries: 300,
        ..quick()
    })
    .await
    .unwrap();
    sim.inject(Fault::new(
        "/v2/balance-statement",
        1,
        FaultKind::ShortPages { missing: 3 },
    ));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statement.csv");
    let export = common::export(&sim, dir.path(), "statement", &out, &[]);
    assert_ne!(export.status.code(), Some(0), "{export:?}");
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name.to_string_lossy().contains("statement"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
