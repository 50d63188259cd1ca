//! The payment journal over a real SQLite file in a temp dir.

use std::time::Duration;

use chrono::{Days, Utc};
use iimmpact::models::{DataEnvelope, PreparedTopup, TopupReply, TopupRequest};
use iimmpact::{Amount, ProductCode, Refid};
use kaunter::journal::{
    counter_day, FailureReason, HistoryQuery, Journal, PaymentState, VoucherSeal,
};
use kaunter::ErrorKind;
use rust_decimal_macros::dec;

fn refid(text: &str) -> Refid {
    Refid::parse(text).unwrap()
}

fn amount(text: &str) -> Amount {
    Amount::parse("amount", text).unwrap()
}

fn payment(id: &str, account: &str, value: &str) -> PreparedTopup {
    TopupRequest::new(
        refid(id),
        ProductCode::parse("D").unwrap(),
        account,
        amount(value),
    )
    .unwrap()
    .prepare()
}

fn reply(code: i64, status: &str, extra: &str) -> TopupReply {
    let json = format!(
        r#"{{"data":{{"statusCode":{code},"status":"{status}","refid":"X","product":"D","account":"0111","amount":10{extra}}}}}"#
    );
    serde_json::from_str::<DataEnvelope<TopupReply>>(&json)
        .unwrap()
        .data
}

fn succeeded() -> TopupReply {
    reply(
        20,
        "Succesful",
        r#","productName":"Digi Prepaid","sn":"SN123","cost":9.85,"balance":990.15"#,
    )
}

fn failed() -> TopupReply {
    reply(43, "Failed", "")
}

fn open_journal(dir: &tempfile::TempDir) -> Journal {
    Journal::open(&dir.path().join("journal.sqlite3")).unwrap()
}

#[test]
fn a_payment_is_on_disk_with_its_exact_body_before_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let new = payment("KTR-1", "0123456789", "10");
    {
        let journal = open_journal(&dir);
        let record = journal.insert(&new).unwrap();
        assert_eq!(record.state, PaymentState::Sending);
        assert_eq!(record.attempts, 0);
        assert_eq!(journal.begin_attempt(&refid("KTR-1")).unwrap().attempts, 1);
    }
    // A fresh process sees it as unfinished, body byte for byte.
    let journal = open_journal(&dir);
    let open = journal.unfinished().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].body, new.body());
    assert_eq!(open[0].amount.value(), dec!(10.00));
    assert_eq!(open[0].attempts, 1);

    let mode: String = rusqlite::Connection::open(dir.path().join("journal.sqlite3"))
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_refid_is_used_once_forever() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal
        .insert(&payment("KTR-1", "0123456789", "10"))
        .unwrap();
    let err = journal
        .insert(&payment("KTR-1", "0199999999", "5"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.payload().field.as_deref(), Some("refid"));
    assert_eq!(
        journal.require(&refid("KTR-1")).unwrap().account,
        "0123456789"
    );
}

#[test]
fn states_move_forward_only_and_replies_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal
        .insert(&payment("KTR-1", "0123456789", "10"))
        .unwrap();
    let id = refid("KTR-1");

    let unknown = journal
        .note_error(&id, PaymentState::Unknown, "timed out")
        .unwrap();
    assert_eq!(unknown.last_error.as_deref(), Some("timed out"));
    let pending = journal
        .settle(&id, &reply(0, "Accepted", ""), &VoucherSeal::NOTHING)
        .unwrap();
    assert_eq!(pending.state, PaymentState::Pending);
    assert_eq!(pending.last_error, None, "a reply clears the earlier error");

    let done = journal
        .settle(&id, &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    assert_eq!(done.state, PaymentState::Succeeded);
    assert_eq!(done.status_code, Some(20));
    assert_eq!(done.sn.as_deref(), Some("SN123"));
    assert_eq!(done.cost, Some(dec!(9.85)));
    assert_eq!(done.balance_after, Some(dec!(990.15)));

    for backwards in [
        PaymentState::Pending,
        PaymentState::Unknown,
        PaymentState::Failed,
    ] {
        let err = journal
            .note_error(&id, backwards, "late reply")
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage, "{backwards}");
    }
    assert_eq!(
        journal
            .settle(&id, &failed(), &VoucherSeal::NOTHING)
            .unwrap_err()
            .kind(),
        ErrorKind::Storage
    );
    assert_eq!(journal.require(&id).unwrap().state, PaymentState::Succeeded);

    let refunded = journal
        .settle(&id, &reply(53, "Refund", ""), &VoucherSeal::NOTHING)
        .unwrap();
    assert_eq!(refunded.state, PaymentState::Refunded);
    assert_eq!(
        refunded.sn.as_deref(),
        Some("SN123"),
        "fields the refund omits stay"
    );
    assert!(journal.unfinished().unwrap().is_empty());

    let err = journal.begin_attempt(&refid("KTR-404")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn a_failure_keeps_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal
        .insert(&payment("KTR-1", "0123456789", "10"))
        .unwrap();
    let record = journal
        .settle(&refid("KTR-1"), &failed(), &VoucherSeal::NOTHING)
        .unwrap();
    assert_eq!(record.state, PaymentState::Failed);
    assert_eq!(record.status_code, Some(43));
    assert_eq!(record.reason, Some(FailureReason::InsufficientCredit));
}

#[test]
fn history_filters_combine_and_list_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal.insert(&payment("KTR-1", "0111", "10")).unwrap();
    journal.insert(&payment("KTR-2", "0222", "20")).unwrap();
    journal.insert(&payment("KTR-3", "0111", "30")).unwrap();
    journal
        .settle(&refid("KTR-1"), &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    journal
        .settle(&refid("KTR-2"), &failed(), &VoucherSeal::NOTHING)
        .unwrap();

    let refids = |query: HistoryQuery| -> Vec<String> {
        let found = journal.history(&query).unwrap();
        found.into_iter().map(|p| p.refid.to_string()).collect()
    };
    assert_eq!(refids(HistoryQuery::default()), ["KTR-3", "KTR-2", "KTR-1"]);
    let today = counter_day(Utc::now());
    let on = |day| HistoryQuery {
        day,
        ..Default::default()
    };
    assert_eq!(refids(on(Some(today))).len(), 3);
    assert!(refids(on(today.checked_sub_days(Days::new(1)))).is_empty());
    let account = HistoryQuery {
        account: Some("0111".into()),
        ..Default::default()
    };
    assert_eq!(refids(account.clone()), ["KTR-3", "KTR-1"]);
    let succeeded_for_account = HistoryQuery {
        state: Some(PaymentState::Succeeded),
        ..account
    };
    assert_eq!(refids(succeeded_for_account), ["KTR-1"]);
    let by_refid = HistoryQuery {
        refid: Some("KTR-2".into()),
        ..Default::default()
    };
    assert_eq!(refids(by_refid), ["KTR-2"]);
    let newest = HistoryQuery {
        limit: Some(1),
        ..Default::default()
    };
    assert_eq!(refids(newest), ["KTR-3"]);

    let looked_up = |text: &str| -> Vec<String> {
        let found = journal.lookup(text).unwrap();
        found.into_iter().map(|p| p.refid.to_string()).collect()
    };
    assert_eq!(looked_up(" KTR-2 "), ["KTR-2"]);
    assert_eq!(looked_up("0111"), ["KTR-3", "KTR-1"]);
    assert!(looked_up("0999").is_empty());
}

#[test]
fn day_totals_count_and_sum_per_state() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    for (id, value) in [("A", "10"), ("B", "20.50"), ("C", "5"), ("D", "7")] {
        journal.insert(&payment(id, "0111", value)).unwrap();
    }
    journal
        .settle(&refid("A"), &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    journal
        .settle(&refid("B"), &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    journal
        .settle(&refid("C"), &failed(), &VoucherSeal::NOTHING)
        .unwrap();

    let today = counter_day(Utc::now());
    let totals = journal.day_totals(today).unwrap();
    let ok = totals.get(PaymentState::Succeeded).unwrap();
    assert_eq!((ok.count, ok.amount), (2, dec!(30.50)));
    let refused = totals.get(PaymentState::Failed).unwrap();
    assert_eq!((refused.count, refused.amount), (1, dec!(5)));
    let open = totals.get(PaymentState::Sending).unwrap();
    assert_eq!((open.count, open.amount), (1, dec!(7)));
    assert!(totals.get(PaymentState::Refunded).is_none());

    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    assert!(journal.day_totals(yesterday).unwrap().by_state.is_empty());
}

#[test]
fn the_same_payment_again_within_the_window_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    let window = Duration::from_secs(600);
    journal.insert(&payment("A", "0111", "10")).unwrap();
    journal.insert(&payment("B", "0222", "10")).unwrap();
    journal
        .settle(&refid("B"), &failed(), &VoucherSeal::NOTHING)
        .unwrap();
    let product = ProductCode::parse("D").unwrap();

    let flagged = |account: &str, value: &str, window| -> Vec<String> {
        let found = journal
            .likely_duplicates(&product, account, amount(value), window)
            .unwrap();
        found.into_iter().map(|p| p.refid.to_string()).collect()
    };
    assert_eq!(flagged("0111", "10.00", window), ["A"]);
    assert_eq!(
        flagged("0111", "10", Duration::ZERO),
        ["A"],
        "an open payment counts however old it is"
    );
    assert!(flagged("0111", "20", window).is_empty(), "another amount");
    assert!(
        flagged("0222", "10", window).is_empty(),
        "a failed one may be paid again"
    );
    journal
        .settle(&refid("A"), &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    assert_eq!(
        flagged("0111", "10", window),
        ["A"],
        "a recent success counts"
    );
    assert!(
        flagged("0111", "10", Duration::ZERO).is_empty(),
        "an old success does not"
    );
}

/// Set in the helper process that plays the second writer (another Kaunter, the CLI).
const HOLD_LOCK_ENV: &str = "KAUNTER_TEST_HOLD_JOURNAL_LOCK";

/// Not a test on its own: run by [`hold_the_write_lock_in_another_process`] as a
/// second process, it takes the journal's write lock, writes, says so on stdout, and
/// commits a second later.
#[test]
fn helper_holds_the_write_lock_when_asked() {
    let Some(path) = std::env::var_os(HOLD_LOCK_ENV) else {
        return;
    };
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE; UPDATE payments SET updated_at = updated_at + 1;")
        .unwrap();
    println!("locked");
    std::thread::sleep(Duration::from_secs(1));
    conn.execute_batch("COMMIT").unwrap();
}

/// Starts a second process holding the journal's write lock for about a second, and
/// returns once it holds it.
fn hold_the_write_lock_in_another_process(journal: &std::path::Path) -> std::process::Child {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "helper_holds_the_write_lock_when_asked",
            "--nocapture",
        ])
        .env(HOLD_LOCK_ENV, journal)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let locked = lines
        .by_ref()
        .map(Result::unwrap)
        .any(|line| line.contains("locked"));
    assert!(locked, "the helper process never took the lock");
    // Keep reading, or its last words would fail on a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

#[test]
fn writes_wait_for_another_process_holding_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    let journal = Journal::open(&path).unwrap();
    journal.insert(&payment("KTR-1", "0111", "10")).unwrap();

    let writes: [(&str, &dyn Fn() -> kaunter::Result<_>); 4] = [
        ("insert", &|| {
            journal.insert(&payment("KTR-2", "0111", "10"))
        }),
        ("begin_attempt", &|| journal.begin_attempt(&refid("KTR-1"))),
        ("note_error", &|| {
            journal.note_error(&refid("KTR-1"), PaymentState::Unknown, "timed out")
        }),
        ("settle", &|| {
            journal.settle(&refid("KTR-1"), &succeeded(), &VoucherSeal::NOTHING)
        }),
    ];
    for (name, write) in writes {
        let mut other = hold_the_write_lock_in_another_process(&path);
        let started = std::time::Instant::now();
        let written = write();
        assert!(written.is_ok(), "{name}: {:?}", written.err());
        assert!(
            started.elapsed() >= Duration::from_millis(500),
            "{name} waited for the other writer"
        );
        assert!(other.wait().unwrap().success());
    }
    assert_eq!(
        journal.require(&refid("KTR-1")).unwrap().state,
        PaymentState::Succeeded
    );
}

#[test]
fn many_openers_of_a_new_journal_all_succeed_and_migrate_once() {
    // Threads with a connection each contend exactly as processes do: SQLite's file
    // locks are per connection, also within one process.
    const OPENERS: usize = 8;
    for round in 0..100 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sqlite3");
        let start = std::sync::Barrier::new(OPENERS);
        std::thread::scope(|s| {
            let openers: Vec<_> = (0..OPENERS)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        Journal::open(&path).map(drop)
                    })
                })
                .collect();
            for opener in openers {
                let opened = opener.join().unwrap();
                assert!(opened.is_ok(), "round {round}: {:?}", opened.err());
            }
        });
        let conn = rusqlite::Connection::open(&path).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, 3, "round {round}");
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal", "round {round}");
    }
}

#[test]
fn payments_never_sent_close_as_not_sent_and_are_returned() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    for id in ["A", "B", "C"] {
        journal.insert(&payment(id, "0111", "10")).unwrap();
    }
    journal.begin_attempt(&refid("B")).unwrap();
    journal
        .settle(&refid("C"), &failed(), &VoucherSeal::NOTHING)
        .unwrap();

    let closed = journal.close_unsent(Duration::ZERO).unwrap();
    assert_eq!(closed.len(), 1);
    assert_eq!(
        (closed[0].refid.as_str(), closed[0].state),
        ("A", PaymentState::NotSent)
    );
    assert_eq!(
        journal.require(&refid("A")).unwrap().state,
        PaymentState::NotSent
    );
    let open: Vec<_> = journal.unfinished().unwrap();
    assert_eq!(
        open.len(),
        1,
        "not_sent is final; B was attempted and stays open"
    );
    assert_eq!(open[0].refid.as_str(), "B");
    assert!(
        journal
            .likely_duplicates(
                &ProductCode::parse("D").unwrap(),
                "0111",
                amount("10"),
                Duration::ZERO
            )
            .unwrap()
            .iter()
            .all(|p| p.refid.as_str() == "B"),
        "a payment never sent does not block paying again"
    );
    assert!(journal.close_unsent(Duration::ZERO).unwrap().is_empty());
    for next in [PaymentState::Unknown, PaymentState::Failed] {
        let err = journal.note_error(&refid("A"), next, "late").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage, "not_sent -> {next}");
    }
}

#[test]
fn a_payment_just_journalled_is_spared_by_the_grace() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal.insert(&payment("A", "0111", "10")).unwrap();
    assert!(journal
        .close_unsent(Duration::from_secs(60))
        .unwrap()
        .is_empty());
    assert_eq!(
        journal.require(&refid("A")).unwrap().state,
        PaymentState::Sending
    );
}

#[test]
fn an_attempt_counted_first_keeps_the_payment_open() {
    let dir = tempfile::tempdir().unwrap();
    // Two journals on one file: the sending process and the one closing.
    let (sender, closer) = (open_journal(&dir), open_journal(&dir));
    sender.insert(&payment("A", "0111", "10")).unwrap();
    assert_eq!(sender.begin_attempt(&refid("A")).unwrap().attempts, 1);
    assert!(closer.close_unsent(Duration::ZERO).unwrap().is_empty());
    let record = closer.require(&refid("A")).unwrap();
    assert_eq!((record.state, record.attempts), (PaymentState::Sending, 1));
}

#[test]
fn a_payment_closed_first_is_never_attempted() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, closer) = (open_journal(&dir), open_journal(&dir));
    sender.insert(&payment("A", "0111", "10")).unwrap();
    assert_eq!(closer.close_unsent(Duration::ZERO).unwrap().len(), 1);
    let err = sender.begin_attempt(&refid("A")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains("not_sent"), "{err}");
    let record = sender.require(&refid("A")).unwrap();
    assert_eq!((record.state, record.attempts), (PaymentState::NotSent, 0));
}

#[test]
fn racing_an_attempt_against_a_close_ends_one_way_or_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let (sender, closer) = (open_journal(&dir), open_journal(&dir));
    for n in 0..50 {
        let id = refid(&format!("R-{n}"));
        sender.insert(&payment(id.as_str(), "0111", "10")).unwrap();
        let start = std::sync::Barrier::new(2);
        let (attempt, closed) = std::thread::scope(|s| {
            let attempt = s.spawn(|| {
                start.wait();
                sender.begin_attempt(&id)
            });
            start.wait();
            let closed = closer.close_unsent(Duration::ZERO).unwrap();
            (attempt.join().unwrap(), closed)
        });
        let record = closer.require(&id).unwrap();
        match attempt {
            Ok(_) => {
                assert!(closed.is_empty(), "{n}: counted, then closed anyway");
                assert_eq!((record.state, record.attempts), (PaymentState::Sending, 1));
            }
            Err(_) => {
                assert_eq!(closed.len(), 1, "{n}");
                assert_eq!((record.state, record.attempts), (PaymentState::NotSent, 0));
            }
        }
    }
}

#[test]
fn extreme_days_never_panic_history_or_totals() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal.insert(&payment("A", "0111", "10")).unwrap();
    let days = [
        chrono::NaiveDate::MIN,
        chrono::NaiveDate::MAX,
        chrono::NaiveDate::from_ymd_opt(-262_143, 1, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap(),
    ];
    for day in days {
        let query = HistoryQuery {
            day: Some(day),
            ..Default::default()
        };
        match journal.history(&query) {
            Ok(found) => assert!(found.is_empty(), "{day}"),
            Err(e) => assert_eq!(e.payload().field.as_deref(), Some("day"), "{day}"),
        }
        match journal.day_totals(day) {
            Ok(totals) => assert!(totals.by_state.is_empty(), "{day}"),
            Err(e) => assert_eq!(e.payload().field.as_deref(), Some("day"), "{day}"),
        }
    }
    // Year 262143 is past what a date can hold: refused as the query arrives.
    let beyond = serde_json::from_str::<HistoryQuery>(r#"{"day":"+262143-01-01"}"#);
    assert!(beyond.is_err());
}

/// Moves a payment's `created_at` back by `days`, as if it had been made then.
fn backdate(dir: &tempfile::TempDir, id: &str, days: i64) {
    rusqlite::Connection::open(dir.path().join("journal.sqlite3"))
        .unwrap()
        .execute(
            "UPDATE payments SET created_at = created_at - ?2 WHERE refid = ?1",
            rusqlite::params![id, days * 86_400_000],
        )
        .unwrap();
}

#[test]
fn history_covers_a_range_of_days_and_searches_account_refid_and_serial() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal.insert(&payment("KTR-OLD", "0111", "10")).unwrap();
    journal.insert(&payment("KTR-MID", "0222", "20")).unwrap();
    journal.insert(&payment("KTR-NEW", "0333", "30")).unwrap();
    journal
        .settle(&refid("KTR-MID"), &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    backdate(&dir, "KTR-OLD", 10);
    backdate(&dir, "KTR-MID", 3);
    let today = counter_day(Utc::now());
    let ago = |n| today.checked_sub_days(Days::new(n)).unwrap();

    let refids = |query: HistoryQuery| -> Vec<String> {
        let found = journal.history(&query).unwrap();
        found.into_iter().map(|p| p.refid.to_string()).collect()
    };
    let range = |from, to| HistoryQuery {
        from,
        to,
        ..Default::default()
    };
    assert_eq!(
        refids(range(Some(ago(3)), Some(today))),
        ["KTR-NEW", "KTR-MID"]
    );
    assert_eq!(
        refids(range(Some(ago(10)), Some(ago(3)))),
        ["KTR-MID", "KTR-OLD"]
    );
    assert_eq!(refids(range(Some(ago(2)), None)), ["KTR-NEW"]);
    assert_eq!(refids(range(None, Some(ago(4)))), ["KTR-OLD"]);
    assert!(refids(range(Some(ago(9)), Some(ago(4)))).is_empty());
    let within = HistoryQuery {
        day: Some(ago(3)),
        ..range(Some(ago(10)), Some(today))
    };
    assert_eq!(refids(within), ["KTR-MID"], "a day narrows a range");
    let reversed = journal
        .history(&range(Some(today), Some(ago(1))))
        .unwrap_err();
    assert_eq!(reversed.payload().field.as_deref(), Some("to"));

    let search = |text: &str| HistoryQuery {
        search: Some(text.into()),
        ..Default::default()
    };
    assert_eq!(
        refids(search(" sn12 ")),
        ["KTR-MID"],
        "a serial, in any case"
    );
    assert_eq!(refids(search("ktr-o")), ["KTR-OLD"], "part of a refid");
    assert_eq!(refids(search("0333")), ["KTR-NEW"], "an account");
    assert_eq!(refids(search("%")), Vec::<String>::new(), "no wildcards");
    assert_eq!(refids(search("  ")).len(), 3, "blank searches nothing");
    let narrowed = HistoryQuery {
        search: Some("KTR".into()),
        ..range(Some(ago(3)), Some(ago(3)))
    };
    assert_eq!(refids(narrowed), ["KTR-MID"]);
}

/// Copies `seed`'s row `n` times in one transaction: refids `{seed}-{i}`, every third
/// to the account `0199…`, seven at a time sharing a millisecond, each seven a second
/// older than the last.
fn copies(dir: &tempfile::TempDir, seed: &str, n: usize) {
    let mut conn = rusqlite::Connection::open(dir.path().join("journal.sqlite3")).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(&format!(
        "CREATE TEMP TABLE seed AS SELECT * FROM payments WHERE refid = '{seed}'"
    ))
    .unwrap();
    for i in 0..n {
        let account = if i % 3 == 0 {
            "0199000000"
        } else {
            "0111000000"
        };
        tx.execute(
            "UPDATE seed SET refid = ?1, account = ?2, created_at = created_at - ?3",
            rusqlite::params![
                format!("{seed}-{i:05}"),
                account,
                (i % 7 == 0) as i64 * 1000
            ],
        )
        .unwrap();
        tx.execute("INSERT INTO payments SELECT * FROM seed", [])
            .unwrap();
    }
    tx.commit().unwrap();
}

/// The export reads the journal a page at a time: across the pages, and across
/// payments of the same millisecond on either side of a page's end, every payment
/// comes once, in the history's order, with the history's filters.
#[tokio::test]
async fn a_history_export_pages_through_the_journal_in_the_history_order() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal
        .insert(&payment("KTR-SEED", "0111000000", "10"))
        .unwrap();
    journal
        .settle(&refid("KTR-SEED"), &succeeded(), &VoucherSeal::NOTHING)
        .unwrap();
    copies(&dir, "KTR-SEED", 1_234);
    let out = tempfile::tempdir().unwrap();
    let plain = kaunter::export::CsvFormat {
        bom: false,
        crlf: false,
    };

    for (name, query) in [
        ("all.csv", HistoryQuery::default()),
        (
            "some.csv",
            HistoryQuery {
                search: Some("0199".into()),
                // The screen's limit is not the export's.
                limit: Some(10),
                ..Default::default()
            },
        ),
    ] {
        let path = out.path().join(name);
        let summary = kaunter::journal::write_history(&journal, &query, &path, None, plain, false)
            .await
            .unwrap();
        let expected: Vec<String> = journal
            .history(&HistoryQuery {
                limit: None,
                ..query.clone()
            })
            .unwrap()
            .into_iter()
            .map(|p| p.refid.to_string())
            .collect();
        assert!(expected.len() > 400, "{name}: {}", expected.len());
        let mut reader = csv::Reader::from_path(&path).unwrap();
        assert_eq!(&reader.headers().unwrap()[1], "refid");
        let written: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
        assert_eq!(written, expected, "{name}");
        assert_eq!(summary.rows, expected.len() as u64);
        assert_eq!(summary.groups[0].name, "succeeded");
    }

    let path = out.path().join("all.xlsx");
    let summary = kaunter::journal::write_history(
        &journal,
        &HistoryQuery::default(),
        &path,
        None,
        plain,
        false,
    )
    .await
    .unwrap();
    assert_eq!(summary.rows, 1_235);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let sheet = calamine::Reader::worksheet_range(&mut book, "Payments").unwrap();
    assert_eq!(sheet.height(), 1 + 1_235);
    assert_eq!(
        sheet.get((1, 1)),
        Some(&calamine::Data::String("KTR-SEED".into())),
        "the newest first"
    );
}
