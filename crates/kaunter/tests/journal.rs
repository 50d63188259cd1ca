//! The payment journal over a real SQLite file in a temp dir.

use std::time::Duration;

use chrono::{Days, Utc};
use kaunter::journal::{myt_day, HistoryQuery, Journal, NewPayment, PaymentState, Settlement};
use kaunter::ErrorKind;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn payment(refid: &str, account: &str, amount: Decimal) -> NewPayment {
    NewPayment {
        refid: refid.to_owned(),
        product: "D".to_owned(),
        account: account.to_owned(),
        amount,
        body: format!(
            r#"{{"refid":"{refid}","product":"D","account":"{account}","amount":"{amount}"}}"#
        )
        .into_bytes(),
    }
}

fn succeeded() -> Settlement {
    Settlement {
        status_code: Some(20),
        status_text: Some("Succesful".into()),
        product_name: Some("Digi Prepaid".into()),
        sn: Some("SN123".into()),
        cost: Some(dec!(9.85)),
        balance_after: Some(dec!(990.15)),
        ..Settlement::default()
    }
}

#[test]
fn a_payment_is_on_disk_with_its_exact_body_before_it_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sqlite3");
    let new = payment("KTR-1", "0123456789", dec!(10.00));
    {
        let journal = Journal::open(&path).unwrap();
        let record = journal.insert(&new).unwrap();
        assert_eq!(record.state, PaymentState::Sending);
        assert_eq!(record.attempts, 0);
        let record = journal.begin_attempt("KTR-1").unwrap();
        assert_eq!(record.attempts, 1);
    }
    // A fresh process sees it as unfinished, body byte for byte.
    let journal = Journal::open(&path).unwrap();
    let open = journal.unfinished().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].body, new.body);
    assert_eq!(open[0].amount, dec!(10.00));
    assert_eq!(open[0].attempts, 1);

    let mode: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_refid_is_used_once_forever() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("j.sqlite3")).unwrap();
    journal
        .insert(&payment("KTR-1", "0123456789", dec!(10)))
        .unwrap();
    let err = journal
        .insert(&payment("KTR-1", "0199999999", dec!(5)))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.payload().field.as_deref(), Some("refid"));
    assert_eq!(journal.require("KTR-1").unwrap().account, "0123456789");
}

#[test]
fn states_move_forward_only_and_replies_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("j.sqlite3")).unwrap();
    journal
        .insert(&payment("KTR-1", "0123456789", dec!(10)))
        .unwrap();

    let unknown = journal
        .note_error("KTR-1", PaymentState::Unknown, "timed out")
        .unwrap();
    assert_eq!(unknown.last_error.as_deref(), Some("timed out"));
    let accepted = Settlement {
        status_code: Some(0),
        status_text: Some("Accepted".into()),
        ..Settlement::default()
    };
    let pending = journal
        .settle("KTR-1", PaymentState::Pending, &accepted)
        .unwrap();
    assert_eq!(pending.state, PaymentState::Pending);
    assert_eq!(pending.last_error, None, "a reply clears the earlier error");

    let done = journal
        .settle("KTR-1", PaymentState::Succeeded, &succeeded())
        .unwrap();
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
            .note_error("KTR-1", backwards, "late reply")
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Storage, "{backwards}");
    }
    assert_eq!(
        journal.require("KTR-1").unwrap().state,
        PaymentState::Succeeded
    );

    let refund = Settlement {
        status_code: Some(53),
        status_text: Some("Refund".into()),
        ..Settlement::default()
    };
    let refunded = journal
        .settle("KTR-1", PaymentState::Refunded, &refund)
        .unwrap();
    assert_eq!(refunded.state, PaymentState::Refunded);
    assert_eq!(
        refunded.sn.as_deref(),
        Some("SN123"),
        "fields the refund omits stay"
    );
    assert!(journal.unfinished().unwrap().is_empty());

    let err = journal.begin_attempt("KTR-404").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn history_filters_combine_and_list_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("j.sqlite3")).unwrap();
    journal.insert(&payment("KTR-1", "0111", dec!(10))).unwrap();
    journal.insert(&payment("KTR-2", "0222", dec!(20))).unwrap();
    journal.insert(&payment("KTR-3", "0111", dec!(30))).unwrap();
    journal
        .settle("KTR-1", PaymentState::Succeeded, &succeeded())
        .unwrap();
    journal
        .note_error("KTR-2", PaymentState::Failed, "refused")
        .unwrap();

    let refids = |query: HistoryQuery| -> Vec<String> {
        journal
            .history(&query)
            .unwrap()
            .into_iter()
            .map(|p| p.refid)
            .collect()
    };
    assert_eq!(refids(HistoryQuery::default()), ["KTR-3", "KTR-2", "KTR-1"]);
    let today = myt_day(Utc::now());
    assert_eq!(
        refids(HistoryQuery {
            day: Some(today),
            ..Default::default()
        })
        .len(),
        3
    );
    assert!(refids(HistoryQuery {
        day: today.checked_sub_days(Days::new(1)),
        ..Default::default()
    })
    .is_empty());
    assert_eq!(
        refids(HistoryQuery {
            account: Some("0111".into()),
            ..Default::default()
        }),
        ["KTR-3", "KTR-1"]
    );
    assert_eq!(
        refids(HistoryQuery {
            account: Some("0111".into()),
            state: Some(PaymentState::Succeeded),
            ..Default::default()
        }),
        ["KTR-1"]
    );
    assert_eq!(
        refids(HistoryQuery {
            refid: Some("KTR-2".into()),
            ..Default::default()
        }),
        ["KTR-2"]
    );
    assert_eq!(
        refids(HistoryQuery {
            limit: Some(1),
            ..Default::default()
        }),
        ["KTR-3"]
    );
}

#[test]
fn day_totals_count_and_sum_per_state() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("j.sqlite3")).unwrap();
    for (refid, amount) in [
        ("A", dec!(10)),
        ("B", dec!(20.50)),
        ("C", dec!(5)),
        ("D", dec!(7)),
    ] {
        journal.insert(&payment(refid, "0111", amount)).unwrap();
    }
    journal
        .settle("A", PaymentState::Succeeded, &succeeded())
        .unwrap();
    journal
        .settle("B", PaymentState::Succeeded, &succeeded())
        .unwrap();
    journal
        .note_error("C", PaymentState::Failed, "refused")
        .unwrap();

    let today = myt_day(Utc::now());
    let totals = journal.day_totals(today).unwrap();
    let ok = totals.get(PaymentState::Succeeded).unwrap();
    assert_eq!((ok.count, ok.amount), (2, dec!(30.50)));
    let failed = totals.get(PaymentState::Failed).unwrap();
    assert_eq!((failed.count, failed.amount), (1, dec!(5)));
    let open = totals.get(PaymentState::Sending).unwrap();
    assert_eq!((open.count, open.amount), (1, dec!(7)));
    assert!(totals.get(PaymentState::Refunded).is_none());

    let yesterday = today.checked_sub_days(Days::new(1)).unwrap();
    assert!(journal.day_totals(yesterday).unwrap().by_state.is_empty());
}

#[test]
fn the_same_payment_again_within_the_window_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("j.sqlite3")).unwrap();
    let window = Duration::from_secs(600);
    journal.insert(&payment("A", "0111", dec!(10.00))).unwrap();
    journal.insert(&payment("B", "0222", dec!(10.00))).unwrap();
    journal
        .note_error("B", PaymentState::Failed, "refused")
        .unwrap();

    let flagged = |account: &str, amount| {
        journal
            .likely_duplicates("D", account, amount, window)
            .unwrap()
            .into_iter()
            .map(|p| p.refid)
            .collect::<Vec<_>>()
    };
    assert_eq!(flagged("0111", dec!(10.00)), ["A"]);
    assert!(flagged("0111", dec!(20.00)).is_empty(), "another amount");
    assert!(
        flagged("0222", dec!(10.00)).is_empty(),
        "a failed one may be paid again"
    );
    journal
        .settle("A", PaymentState::Succeeded, &succeeded())
        .unwrap();
    assert_eq!(
        flagged("0111", dec!(10.00)),
        ["A"],
        "a fresh success still counts"
    );
    assert!(journal
        .likely_duplicates("D", "0111", dec!(10.00), Duration::ZERO)
        .unwrap()
        .is_empty());
}
