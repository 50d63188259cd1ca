//! The payment journal over a real SQLite file in a temp dir.

use std::time::Duration;

use chrono::{Days, Utc};
use iimmpact::models::{DataEnvelope, PreparedTopup, TopupReply, TopupRequest};
use iimmpact::{Amount, ProductCode, Refid};
use kaunter::journal::{counter_day, HistoryQuery, Journal, PaymentState};
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
    let pending = journal.settle(&id, &reply(0, "Accepted", "")).unwrap();
    assert_eq!(pending.state, PaymentState::Pending);
    assert_eq!(pending.last_error, None, "a reply clears the earlier error");

    let done = journal.settle(&id, &succeeded()).unwrap();
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
        journal.settle(&id, &failed()).unwrap_err().kind(),
        ErrorKind::Storage
    );
    assert_eq!(journal.require(&id).unwrap().state, PaymentState::Succeeded);

    let refunded = journal.settle(&id, &reply(53, "Refund", "")).unwrap();
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
    let record = journal.settle(&refid("KTR-1"), &failed()).unwrap();
    assert_eq!(record.state, PaymentState::Failed);
    assert_eq!(record.status_code, Some(43));
    assert!(record.reason.unwrap().contains("credit"));
}

#[test]
fn history_filters_combine_and_list_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let journal = open_journal(&dir);
    journal.insert(&payment("KTR-1", "0111", "10")).unwrap();
    journal.insert(&payment("KTR-2", "0222", "20")).unwrap();
    journal.insert(&payment("KTR-3", "0111", "30")).unwrap();
    journal.settle(&refid("KTR-1"), &succeeded()).unwrap();
    journal.settle(&refid("KTR-2"), &failed()).unwrap();

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
    journal.settle(&refid("A"), &succeeded()).unwrap();
    journal.settle(&refid("B"), &succeeded()).unwrap();
    journal.settle(&refid("C"), &failed()).unwrap();

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
    journal.settle(&refid("B"), &failed()).unwrap();
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
    journal.settle(&refid("A"), &succeeded()).unwrap();
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
