//! "Was this customer charged?" across counters, re-checks and reports to IIMMPACT,
//! and the journal's export: a real journal, real loopback HTTP to the simulator.

mod common;

use calamine::{Data, Reader as _};
use common::{counter, patient, quick, reload, Counter};
use iimmpact_sim::Elsewhere;
use kaunter::export::CsvFormat;
use kaunter::journal::{HistoryQuery, PaymentRecord, PaymentState};
use kaunter::lookup::{ProblemRequest, ReportOutcome, Source};
use kaunter::ErrorKind;
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Requests that reached the simulator at `path`.
fn requests(c: &Counter, path: &str) -> u64 {
    let stats = c.sim.stats();
    stats.requests_per_path.get(path).copied().unwrap_or(0)
}

async fn paid(c: &Counter, account: &str) -> PaymentRecord {
    let p = c.kaunter.pay(&reload(account, "10")).await.unwrap();
    assert_eq!(p.state, PaymentState::Succeeded, "{p:?}");
    p
}

fn another_counter(refid: &str, account: &str) -> Elsewhere {
    Elsewhere {
        refid: refid.into(),
        product: "D".into(),
        account: account.into(),
        amount: dec("15"),
        remarks: "Counter 2".into(),
    }
}

fn problem(refid: Option<&str>, trxid: Option<&str>, reason: &str) -> ProblemRequest {
    ProblemRequest {
        refid: refid.map(Into::into),
        trxid: trxid.map(Into::into),
        reason: reason.into(),
        emails: vec!["customer@example.com".into()],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payment_here_is_found_here_without_asking_iimmpact() {
    let c = counter(quick(), patient()).await;
    let ours = paid(&c, "0123450001").await;
    let asked = requests(&c, "/v2/transactions");

    for query in ["0123450001", ours.refid.as_str()] {
        let report = c.kaunter.lookup(&format!(" {query} ")).await.unwrap();
        assert!(!report.asked_iimmpact, "{report:#?}");
        assert_eq!(report.found.len(), 1, "{report:#?}");
        let found = &report.found[0];
        assert_eq!(found.key.source, Source::ThisPc);
        assert_eq!(found.key.refid.as_deref(), Some(ours.refid.as_str()));
        assert_eq!(found.state, PaymentState::Succeeded);
        assert_eq!(found.payment.as_ref().map(|p| &p.refid), Some(&ours.refid));
    }
    assert_eq!(requests(&c, "/v2/transactions"), asked);
    let blank = c.kaunter.lookup("  ").await.unwrap_err();
    assert_eq!(blank.payload().field.as_deref(), Some("query"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_counters_payment_is_found_at_iimmpact_rechecked_and_reported_once() {
    let c = counter(quick(), patient()).await;
    paid(&c, "0123450002").await;
    let planted = c
        .sim
        .add_payment(another_counter("COUNTER2-0001", "0012345678"))
        .unwrap();

    let report = c.kaunter.lookup("0012345678").await.unwrap();
    assert!(report.asked_iimmpact);
    assert_eq!(
        (report.to - report.from).num_days(),
        i64::from(kaunter::lookup::LOOKUP_DAYS) - 1
    );
    assert_eq!(report.found.len(), 1, "only that account: {report:#?}");
    let found = &report.found[0];
    assert_eq!(found.key.source, Source::Iimmpact);
    assert_eq!(found.key.refid.as_deref(), Some("COUNTER2-0001"));
    assert_eq!(found.key.trxid.as_deref(), Some(planted.trxid.as_str()));
    assert_eq!(found.key.account, "0012345678", "leading zeros kept");
    assert_eq!(
        (found.amount, found.state),
        (dec("15"), PaymentState::Succeeded)
    );
    assert_eq!(found.counter.as_deref(), Some("Counter 2"));
    assert!(found.payment.is_none() && found.at.is_some());

    let nobody = c.kaunter.lookup("0199999999").await.unwrap();
    assert!(nobody.asked_iimmpact && nobody.found.is_empty());

    // Reported by its trxid, IIMMPACT opens one case; a second report is refused there.
    let first = problem(None, found.key.trxid.as_deref(), "  Voucher does not work ");
    let received = c.kaunter.report_problem(&first).await.unwrap();
    assert_eq!(received.outcome, ReportOutcome::Received, "{received:?}");
    assert_eq!(received.refid.as_deref(), Some("COUNTER2-0001"));
    assert_eq!(received.reason, "Voucher does not work");
    let again = c.kaunter.report_problem(&first).await.unwrap();
    assert_eq!(again.outcome, ReportOutcome::Refused, "{again:?}");
    assert!(!again.message.is_empty());

    // Refunded there since: the re-check says so, from IIMMPACT.
    c.sim.refund("COUNTER2-0001").unwrap();
    let rechecked = c.kaunter.recheck(&found.key).await.unwrap();
    assert_eq!(rechecked.key.source, Source::Iimmpact);
    assert_eq!(rechecked.state, PaymentState::Refunded);

    let mut gone = found.key.clone();
    gone.trxid = Some("1".into());
    let err = c.kaunter.recheck(&gone).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_that_cannot_be_right_is_refused_before_anything_is_sent() {
    let c = counter(quick(), patient()).await;
    let ours = paid(&c, "0123450003").await;
    let failed = c.kaunter.pay(&reload("60123450048", "10")).await.unwrap();
    assert_eq!(failed.state, PaymentState::Failed);
    let before = requests(&c, "/v2/transactions/check");

    let refused = [
        (
            problem(Some(failed.refid.as_str()), None, "not credited"),
            "state",
        ),
        (problem(Some(ours.refid.as_str()), None, "   "), "reason"),
        (
            problem(Some(ours.refid.as_str()), None, &"x".repeat(501)),
            "reason",
        ),
        (problem(None, None, "not credited"), "refid"),
    ];
    for (request, field) in refused {
        let err = c.kaunter.report_problem(&request).await.unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some(field), "{err:?}");
    }
    let mut bad_email = problem(Some(ours.refid.as_str()), None, "not credited");
    bad_email.emails = vec!["nobody".into()];
    let err = c.kaunter.report_problem(&bad_email).await.unwrap_err();
    assert_eq!(err.payload().field.as_deref(), Some("user_email"));
    assert_eq!(requests(&c, "/v2/transactions/check"), before);

    // This PC's own success, by refid: the re-check comes from the journal.
    let sent = problem(Some(ours.refid.as_str()), None, "not credited");
    let received = c.kaunter.report_problem(&sent).await.unwrap();
    assert_eq!(received.outcome, ReportOutcome::Received);
    assert_eq!(requests(&c, "/v2/transactions/check"), before + 1);
    let found = c.kaunter.lookup(ours.refid.as_str()).await.unwrap();
    let rechecked = c.kaunter.recheck(&found.found[0].key).await.unwrap();
    assert_eq!(rechecked.payment.map(|p| p.refid), Some(ours.refid));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_exports_as_a_workbook_with_ids_as_text_and_as_csv() {
    let c = counter(quick(), patient()).await;
    let ours = paid(&c, "0123456078").await;
    let failed = c.kaunter.pay(&reload("60123450048", "10")).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let query = HistoryQuery {
        search: Some("0123456078".into()),
        limit: Some(0),
        ..HistoryQuery::default()
    };

    let xlsx = dir.path().join("history.xlsx");
    let summary = c
        .kaunter
        .export_history(&query, &xlsx, None, CsvFormat::default(), false)
        .await
        .unwrap();
    assert_eq!(summary.rows, 1, "the search applies, the limit does not");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    assert_eq!(book.sheet_names(), ["Payments", "Summary"]);
    let sheet = book.worksheet_range("Payments").unwrap();
    assert_eq!(sheet.get((0, 1)), Some(&Data::String("refid".into())));
    assert!(
        matches!(sheet.get((1, 0)), Some(Data::DateTime(_))),
        "{:?}",
        sheet.get((1, 0))
    );
    assert_eq!(
        sheet.get((1, 1)),
        Some(&Data::String(ours.refid.to_string()))
    );
    assert_eq!(sheet.get((1, 4)), Some(&Data::String("0123456078".into())));
    assert_eq!(sheet.get((1, 5)), Some(&Data::Float(10.0)));
    assert_eq!(sheet.get((1, 6)), Some(&Data::String("succeeded".into())));
    let sn = ours.sn.clone().expect("a serial");
    assert_eq!(sheet.get((1, 8)), Some(&Data::String(sn)));

    let csv = dir.path().join("history.csv");
    let plain = CsvFormat {
        bom: false,
        crlf: false,
    };
    let everything = HistoryQuery::default();
    let summary = c
        .kaunter
        .export_history(&everything, &csv, None, plain, false)
        .await
        .unwrap();
    assert_eq!(summary.rows, 2);
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("created_at,refid,product,"));
    assert!(
        text.contains(failed.refid.as_str()) && text.contains(",0123456078,"),
        "{text}"
    );
    let again = c
        .kaunter
        .export_history(&everything, &csv, None, plain, false)
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::FileExists);
}
