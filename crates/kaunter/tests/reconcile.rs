//! Reconciliation against the simulator, with each disagreement planted there: a real
//! journal, real loopback HTTP.

mod common;
mod workbook;

use std::collections::BTreeMap;
use std::time::Duration;

use calamine::{Data, Reader as _};
use chrono::{Datelike as _, Utc};
use common::{counter, files_in, hasty, patient, quick, reload, session, Counter};
use iimmpact_sim::{Change, Elsewhere, Fault, FaultKind};
use kaunter::export::CsvFormat;
use kaunter::journal::{counter_day, PaymentRecord, PaymentState, Settlement};
use kaunter::paths::Paths;
use kaunter::reconcile::{self, IimmpactState, Mismatch, MismatchKind, ReconcileReport};
use kaunter::settings::Settings;
use kaunter::ErrorKind;
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

async fn paid(c: &Counter, account: &str) -> PaymentRecord {
    let p = c.kaunter.pay(&reload(account, "10")).await.unwrap();
    assert_eq!(p.state, PaymentState::Succeeded, "{p:?}");
    p
}

async fn today(c: &Counter) -> ReconcileReport {
    let day = counter_day(Utc::now());
    c.kaunter.reconcile(day, day).await.unwrap()
}

fn by_refid(report: &ReconcileReport) -> BTreeMap<String, Mismatch> {
    report
        .mismatches
        .iter()
        .map(|m| (m.refid.clone(), m.clone()))
        .collect()
}

/// Every planted disagreement, named with both sides, and the open payment settled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_planted_disagreement_is_named_with_both_sides() {
    let c = counter(quick(), patient()).await;
    let agreed = paid(&c, "0123450001").await;
    let refunded = paid(&c, "0123450002").await;
    let altered = paid(&c, "0123450003").await;
    let other_product = paid(&c, "0123450004").await;
    let failed_there = paid(&c, "0123450005").await;
    let unclear = paid(&c, "0123450006").await;
    let failed_here = c.kaunter.pay(&reload("60123450048", "10")).await.unwrap();
    assert_eq!(failed_here.state, PaymentState::Failed);

    // Refused outright by the gateway, so the journal says failed; yet IIMMPACT has it.
    c.sim
        .inject(Fault::new("/v2/topup", 1, FaultKind::Status(400)));
    let refused = c.kaunter.pay(&reload("0123450007", "10")).await.unwrap();
    assert_eq!(refused.state, PaymentState::Failed);
    // Left pending here (no follow-up), final at IIMMPACT a moment later.
    let hasty = hasty(&c);
    let open = hasty.pay(&reload("0123450008", "10")).await.unwrap();
    assert_eq!(open.state, PaymentState::Pending);
    tokio::time::sleep(Duration::from_millis(300)).await;

    c.sim.refund(refunded.refid.as_str()).unwrap();
    let restate =
        |refid: &PaymentRecord, change| c.sim.restate(refid.refid.as_str(), change).unwrap();
    restate(
        &altered,
        Change {
            amount: Some(dec("12.50")),
            ..Change::default()
        },
    );
    restate(
        &other_product,
        Change {
            product: Some("M".into()),
            ..Change::default()
        },
    );
    restate(
        &failed_there,
        Change {
            status_code: Some(48),
            ..Change::default()
        },
    );
    restate(
        &unclear,
        Change {
            status_code: Some(99),
            ..Change::default()
        },
    );
    let elsewhere = |refid: &str, account: &str| Elsewhere {
        refid: refid.into(),
        product: "D".into(),
        account: account.into(),
        amount: dec("10"),
        remarks: "Counter 2".into(),
    };
    c.sim
        .add_payment(elsewhere(refused.refid.as_str(), "0123450007"))
        .unwrap();
    c.sim
        .add_payment(elsewhere("COUNTER2-0001", "0198765432"))
        .unwrap();

    let report = today(&c).await;
    let found = by_refid(&report);
    let kind = |p: &PaymentRecord| found.get(p.refid.as_str()).map(|m| m.kind);
    assert_eq!(kind(&agreed), None, "agreed: {report:#?}");
    assert_eq!(kind(&failed_here), None, "failed at both");
    assert_eq!(kind(&refunded), Some(MismatchKind::RefundedAfterTheFact));
    assert_eq!(kind(&altered), Some(MismatchKind::AmountDiffers));
    assert_eq!(kind(&other_product), Some(MismatchKind::ProductDiffers));
    assert_eq!(
        kind(&failed_there),
        Some(MismatchKind::SucceededInJournalButAbsentOrFailedAtIimmpact)
    );
    assert_eq!(kind(&unclear), Some(MismatchKind::UnclearAtIimmpact));
    assert_eq!(kind(&refused), Some(MismatchKind::ChargedButJournalFailed));
    assert_eq!(
        kind(&open),
        Some(MismatchKind::OpenInJournalFinalAtIimmpact)
    );
    assert_eq!(found["COUNTER2-0001"].kind, MismatchKind::OnlyAtIimmpact);
    assert_eq!(report.mismatches.len(), 8, "{report:#?}");
    assert_eq!(
        (
            report.matched,
            report.journal_payments,
            report.iimmpact_transactions
        ),
        (2, 9, 10)
    );

    // Both sides, as each has them.
    let m = &found[altered.refid.as_str()];
    assert_eq!(
        (m.journal_amount, m.iimmpact_amount),
        (Some(dec("10")), Some(dec("12.50")))
    );
    assert_eq!(
        (m.journal_state, m.iimmpact_state),
        (
            Some(PaymentState::Succeeded),
            Some(IimmpactState::Succeeded)
        )
    );
    assert_eq!(m.account, "0123450003");
    let m = &found[other_product.refid.as_str()];
    assert_eq!(
        (m.journal_product.as_deref(), m.iimmpact_product.as_deref()),
        (Some("D"), Some("M"))
    );
    let m = &found[refunded.refid.as_str()];
    assert_eq!(
        (m.iimmpact_state, m.iimmpact_status_code),
        (Some(IimmpactState::Refunded), Some(53))
    );
    let m = &found["COUNTER2-0001"];
    assert_eq!(
        (m.journal_state, m.account.as_str(), m.product.as_str()),
        (None, "0198765432", "D")
    );
    assert!(m.trxid.is_some());
    let m = &found[unclear.refid.as_str()];
    assert_eq!(m.settled, None);

    // The unclear one is left as the journal had it; the open one is settled and says so.
    let journal = |p: &PaymentRecord| {
        c.kaunter
            .history(&Default::default())
            .unwrap()
            .into_iter()
            .find(|r| r.refid == p.refid)
            .unwrap()
    };
    assert_eq!(journal(&unclear).state, PaymentState::Succeeded);
    assert_eq!(
        journal(&failed_there).state,
        PaymentState::Succeeded,
        "not changed by a report"
    );
    let settled = journal(&open);
    assert_eq!(
        found[open.refid.as_str()].settled,
        Some(PaymentState::Succeeded)
    );
    assert_eq!(settled.state, PaymentState::Succeeded);
    assert_eq!(settled.status_code, Some(20));
    assert!(settled.sn.is_some());
    assert_eq!(settled.last_error.as_deref(), Some(Settlement::NOTE));
    assert_eq!(report.settled, 1);

    // The statement adds up, and every debit has its transaction.
    assert!(report.statement.balances, "{:?}", report.statement);
    assert!(
        report.statement.debits_without_transaction.is_empty(),
        "{:?}",
        report.statement
    );
    assert!(report.statement.entries >= 12);

    // Settled once: the next run finds it matched.
    let again = today(&c).await;
    assert!(!by_refid(&again).contains_key(open.refid.as_str()));
    assert_eq!((again.matched, again.settled), (3, 0));
}

/// The counter as IIMMPACT's remarks name it, else this PC's for a payment only its
/// journal has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_mismatch_names_the_counter_that_sold_it() {
    let c = counter(quick(), patient()).await;
    let name = |counter_name: &str| {
        Settings {
            counter_name: counter_name.into(),
            ..Settings::default()
        }
        .save(&Paths::under(c.dir.path()))
        .unwrap();
        session(&c.sim, &c.dir, patient())
    };
    let sentral = name("KL Sentral 2");
    let sold = sentral.pay(&reload("0123450020", "10")).await.unwrap();
    assert_eq!(sold.state, PaymentState::Succeeded);
    c.sim
        .restate(
            sold.refid.as_str(),
            Change {
                amount: Some(dec("11")),
                ..Change::default()
            },
        )
        .unwrap();
    // Renamed since: what IIMMPACT recorded still names the counter that sold it.
    let renamed = name("Counter 9");
    // Answered with an undocumented code and never taken: only this journal has it.
    c.sim.inject(Fault::new(
        "/v2/topup",
        1,
        FaultKind::UnknownStatus {
            code: 99,
            text: "Success",
        },
    ));
    let unsent = hasty(&c).pay(&reload("0123450021", "10")).await.unwrap();
    assert!(!unsent.state.is_final(), "{unsent:?}");
    for (refid, remarks) in [("COUNTER2-0003", "  Counter 2 "), ("TOOL-0001", "")] {
        c.sim
            .add_payment(Elsewhere {
                refid: refid.into(),
                product: "D".into(),
                account: "0198765432".into(),
                amount: dec("10"),
                remarks: remarks.into(),
            })
            .unwrap();
    }

    let day = counter_day(Utc::now());
    let report = renamed.reconcile(day, day).await.unwrap();
    let found = by_refid(&report);
    let counter = |refid: &str| found[refid].counter.clone();
    assert_eq!(found[sold.refid.as_str()].kind, MismatchKind::AmountDiffers);
    assert_eq!(
        counter(sold.refid.as_str()).as_deref(),
        Some("KL Sentral 2")
    );
    assert_eq!(
        found[unsent.refid.as_str()].kind,
        MismatchKind::OpenInJournalAbsentAtIimmpact
    );
    assert_eq!(counter(unsent.refid.as_str()).as_deref(), Some("Counter 9"));
    assert_eq!(counter("COUNTER2-0003").as_deref(), Some("Counter 2"));
    assert_eq!(counter("TOOL-0001"), None, "named by neither side");
    assert_eq!(report.mismatches.len(), 4, "{report:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_open_at_both_is_left_open_and_a_quiet_day_agrees() {
    let mut cfg = quick();
    cfg.processing_delay = Duration::from_secs(30);
    cfg.history_entries = 0;
    let c = counter(cfg, patient()).await;
    let hasty = hasty(&c);
    let open = hasty.pay(&reload("0123450009", "10")).await.unwrap();
    assert_eq!(open.state, PaymentState::Pending);
    let report = today(&c).await;
    assert_eq!(
        (report.open_at_both, report.matched, report.settled),
        (1, 0, 0)
    );
    assert!(report.mismatches.is_empty(), "{report:#?}");

    // A day with no payments on either side agrees, and its empty statement too.
    let yesterday = counter_day(Utc::now()).pred_opt().unwrap();
    let quiet = c.kaunter.reconcile(yesterday, yesterday).await.unwrap();
    assert_eq!(
        (quiet.journal_payments, quiet.iimmpact_transactions),
        (0, 0)
    );
    assert!(quiet.mismatches.is_empty() && quiet.statement.balances);
    assert_eq!(quiet.statement.entries, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mismatches_are_written_as_csv_or_a_workbook_and_never_over_a_file() {
    let c = counter(quick(), patient()).await;
    let refunded = paid(&c, "0123450010").await;
    c.sim.refund(refunded.refid.as_str()).unwrap();
    c.sim
        .add_payment(Elsewhere {
            refid: "COUNTER2-0002".into(),
            product: "D".into(),
            account: "0012345678".into(),
            amount: dec("10"),
            remarks: String::new(),
        })
        .unwrap();
    let report = today(&c).await;
    assert_eq!(report.mismatches.len(), 2, "{report:#?}");
    let dir = tempfile::tempdir().unwrap();

    let csv_path = dir.path().join("mismatches.csv");
    let plain = CsvFormat {
        bom: false,
        crlf: false,
    };
    let summary = reconcile::write_mismatches(&report, &csv_path, None, plain, false)
        .await
        .unwrap();
    assert_eq!(summary.rows, 2);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(Into::into).collect();
    assert_eq!(
        headers,
        [
            "kind",
            "refid",
            "trxid",
            "account",
            "product",
            "counter",
            "journal_state",
            "journal_amount",
            "iimmpact_state",
            "iimmpact_status_code",
            "iimmpact_amount",
            "iimmpact_product",
            "settled",
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows[0][0], "refunded_after_the_fact");
    assert_eq!(&rows[0][1], refunded.refid.as_str());
    assert_eq!(
        &rows[0][5], "Counter 1",
        "this PC's payment, named in its remarks"
    );
    assert_eq!(&rows[0][6], "succeeded");
    assert_eq!(&rows[0][7], "10.00");
    assert_eq!(&rows[0][8], "refunded");
    assert_eq!(&rows[0][9], "53");
    assert_eq!(
        &rows[1][3], "0012345678",
        "the account's leading zeros kept"
    );
    assert_eq!(&rows[1][5], "", "another tool's, without remarks");

    let xlsx_path = dir.path().join("mismatches.xlsx");
    reconcile::write_mismatches(&report, &xlsx_path, None, CsvFormat::default(), false)
        .await
        .unwrap();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Mismatches", "By counter", "Statement check", "Summary"]
    );
    let sheet = book.worksheet_range("Mismatches").unwrap();
    assert_eq!(
        sheet.get((1, 0)),
        Some(&Data::String("refunded_after_the_fact".into()))
    );
    assert_eq!(sheet.get((0, 5)), Some(&Data::String("counter".into())));
    assert_eq!(sheet.get((1, 5)), Some(&Data::String("Counter 1".into())));
    assert_eq!(sheet.get((2, 5)), Some(&Data::Empty));
    assert_eq!(sheet.get((2, 3)), Some(&Data::String("0012345678".into())));
    assert_eq!(sheet.get((1, 10)), Some(&Data::Float(10.0)));

    let text = |s: &str| Data::String(s.into());
    let int = |n: u32| Data::Float(n.into());
    let by_counter = book.worksheet_range("By counter").unwrap();
    let cells: Vec<Vec<Data>> = by_counter.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(
        cells,
        [
            [
                "counter",
                "matched",
                "open_at_both",
                "mismatches",
                "refunded_after_the_fact",
                "only_at_iimmpact",
            ]
            .map(text)
            .to_vec(),
            vec![text("Counter 1"), int(0), int(0), int(1), int(1), int(0)],
            vec![Data::Empty, int(0), int(0), int(1), int(0), int(1)],
        ]
    );
    let check = book.worksheet_range("Statement check").unwrap();
    assert_eq!(check.get((0, 7)), Some(&text("balances")));
    assert_eq!(check.get((1, 7)), Some(&Data::Bool(true)));
    let day = counter_day(Utc::now());
    let midnight = (
        day.year() as u16,
        day.month() as u8,
        day.day() as u8,
        0,
        0,
        0,
        0,
    );
    assert_eq!(workbook::date_time(check.get((1, 0))), midnight);
    assert_eq!(workbook::date_time(check.get((1, 1))), midnight);
    assert_eq!(
        check.get((1, 2)),
        Some(&int(report.statement.entries as u32))
    );
    assert_eq!(check.get((1, 8)), Some(&int(0)), "no debit without its trx");

    let refused = reconcile::write_mismatches(&report, &csv_path, None, plain, false)
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::FileExists);
    let mut names = files_in(dir.path());
    names.sort();
    assert_eq!(names, ["mismatches.csv", "mismatches.xlsx"]);
}

/// Two PCs of one merchant on one IIMMPACT account: each reconciles its own journal,
/// and the report says each counter's part, the other's and another tool's included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_groups_the_refids_by_the_counter_that_sold_them() {
    let c = counter(quick(), patient()).await;
    let pc = |dir: &tempfile::TempDir, counter_name: &str| {
        Settings {
            counter_name: counter_name.into(),
            ..Settings::default()
        }
        .save(&Paths::under(dir.path()))
        .unwrap();
        session(&c.sim, dir, patient())
    };
    let a = pc(&c.dir, "Counter A");
    let b_dir = tempfile::tempdir().unwrap();
    let b = pc(&b_dir, "Counter B");
    async fn pay(s: &kaunter::session::Session, account: &str) -> PaymentRecord {
        let p = s.pay(&reload(account, "10")).await.unwrap();
        assert_eq!(p.state, PaymentState::Succeeded, "{p:?}");
        p
    }
    pay(&a, "0123450031").await;
    pay(&a, "0123450032").await;
    let refunded = pay(&a, "0123450033").await;
    pay(&b, "0123450034").await;
    let altered = pay(&b, "0123450035").await;
    c.sim.refund(refunded.refid.as_str()).unwrap();
    c.sim
        .restate(
            altered.refid.as_str(),
            Change {
                amount: Some(dec("12")),
                ..Change::default()
            },
        )
        .unwrap();
    c.sim
        .add_payment(Elsewhere {
            refid: "TOOL-0002".into(),
            product: "D".into(),
            account: "0198765432".into(),
            amount: dec("10"),
            remarks: String::new(),
        })
        .unwrap();

    /// (counter, matched, mismatches, [(kind, count)])
    type Line<'a> = (Option<&'a str>, u64, u64, Vec<(MismatchKind, u64)>);
    fn lines(report: &ReconcileReport) -> Vec<Line<'_>> {
        report
            .by_counter
            .iter()
            .map(|c| {
                assert_eq!(c.open_at_both, 0, "{c:?}");
                let kinds = c.by_kind.iter().map(|k| (k.kind, k.count)).collect();
                (c.counter.as_deref(), c.matched, c.mismatches, kinds)
            })
            .collect()
    }
    let adds_up = |report: &ReconcileReport| {
        let matched: u64 = report.by_counter.iter().map(|c| c.matched).sum();
        let mismatched: u64 = report.by_counter.iter().map(|c| c.mismatches).sum();
        assert_eq!(
            (matched, mismatched),
            (report.matched, report.mismatches.len() as u64)
        );
    };
    let day = counter_day(Utc::now());
    use MismatchKind::*;

    let at_a = a.reconcile(day, day).await.unwrap();
    assert_eq!(
        lines(&at_a),
        [
            (Some("Counter A"), 2, 1, vec![(RefundedAfterTheFact, 1)]),
            (Some("Counter B"), 0, 2, vec![(OnlyAtIimmpact, 2)]),
            (None, 0, 1, vec![(OnlyAtIimmpact, 1)]),
        ],
        "{at_a:#?}"
    );
    adds_up(&at_a);

    let at_b = b.reconcile(day, day).await.unwrap();
    assert_eq!(
        lines(&at_b),
        [
            (Some("Counter A"), 0, 3, vec![(OnlyAtIimmpact, 3)]),
            (Some("Counter B"), 1, 1, vec![(AmountDiffers, 1)]),
            (None, 0, 1, vec![(OnlyAtIimmpact, 1)]),
        ],
        "{at_b:#?}"
    );
    adds_up(&at_b);
}

/// The workbook says what the screen says of the statement: its sums, whether they
/// agree, and each payment debit whose transaction IIMMPACT does not list.
#[tokio::test]
async fn the_workbook_carries_the_statement_check_cell_by_cell() {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let at: iimmpact::Timestamp =
        serde_json::from_value(serde_json::json!("2026-03-02 10:15:00.000")).unwrap();
    let report = ReconcileReport {
        from: day.pred_opt().unwrap(),
        to: day,
        matched: 0,
        open_at_both: 0,
        journal_payments: 0,
        iimmpact_transactions: 0,
        settled: 0,
        mismatches: Vec::new(),
        by_counter: Vec::new(),
        statement: reconcile::StatementCheck {
            entries: 3,
            opening: Some(dec("100")),
            closing: Some(dec("75.5")),
            sum_of_entries: dec("-19.5"),
            balances: false,
            debits_without_transaction: vec![reconcile::StatementLine {
                id: 106609887,
                date: at,
                amount: dec("-9.75"),
                remarks: "=Trx #42 D.0123456789".into(),
            }],
        },
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reconcile.xlsx");
    reconcile::write_mismatches(&report, &out, None, CsvFormat::default(), false)
        .await
        .unwrap();

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let check = book.worksheet_range("Statement check").unwrap();
    let row = |r: usize| -> Vec<Data> {
        (0..9)
            .map(|c| check.get((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    let text = |s: &str| Data::String(s.into());
    assert_eq!(
        row(0),
        [
            "from",
            "to",
            "entries",
            "opening",
            "closing",
            "closing_less_opening",
            "sum_of_entries",
            "balances",
            "debits_without_transaction",
        ]
        .map(text)
    );
    let values = row(1);
    assert_eq!(
        workbook::date_time(Some(&values[0])),
        (2026, 3, 1, 0, 0, 0, 0)
    );
    assert_eq!(
        workbook::date_time(Some(&values[1])),
        (2026, 3, 2, 0, 0, 0, 0)
    );
    assert_eq!(
        values[2..],
        [
            Data::Float(3.0),
            Data::Float(100.0),
            Data::Float(75.5),
            Data::Float(-24.5),
            Data::Float(-19.5),
            Data::Bool(false),
            Data::Float(1.0),
        ]
    );
    assert_eq!(
        row(2),
        vec![Data::Empty; 9],
        "a blank row between the tables"
    );
    assert_eq!(
        check.get((3, 0)),
        Some(&text("Payment debits without their transaction"))
    );
    assert_eq!(row(4)[..4], ["id", "date", "amount", "remarks"].map(text));
    let debit = row(5);
    assert_eq!(debit[0], text("106609887"), "an id is text");
    assert_eq!(
        workbook::date_time(Some(&debit[1])),
        workbook::gmt8(at),
        "GMT+8 wall-clock time"
    );
    assert_eq!(debit[2], Data::Float(-9.75));
    assert_eq!(
        debit[3],
        text("=Trx #42 D.0123456789"),
        "a string, never a formula"
    );
    let formulas = book.worksheet_formula("Statement check").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
}
