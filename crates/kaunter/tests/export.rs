//! Statement export end to end: the simulator over loopback HTTP, the real client's
//! page stream, a real CSV file parsed back with the csv crate.

mod common;

use std::time::Duration;

use common::{files_in, setup};
use kaunter::export::{self, CsvFormat, EntryType, ExportKind, ExportRequest, Progress};
use rust_decimal::Decimal;
use tokio_util::sync::CancellationToken;

fn decimal(cell: &str) -> Decimal {
    cell.parse()
        .unwrap_or_else(|_| panic!("{cell:?} is a number"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_thousand_rows_parse_back_and_match_the_ledger() {
    let setup = setup(200_000, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statement.csv");
    let mut last = Progress::default();
    let summary = export::to_file(
        &setup.client,
        &setup.request(None, CsvFormat::default()),
        &out,
        None,
        &mut |p| last = p,
        &CancellationToken::new(),
    )
    .await
    .unwrap();

    let ledger = setup.sim.ledger();
    assert_eq!(summary.rows, 200_000);
    assert_eq!(summary.rows, ledger.entries);
    assert_eq!(summary.opening_balance, Some(ledger.opening_balance));
    assert_eq!(summary.closing_balance, Some(ledger.balance));
    let sum = |name: &str| {
        summary
            .groups
            .iter()
            .find(|g| g.name == name)
            .map_or(Decimal::ZERO, |g| g.amount)
    };
    assert_eq!(sum("DEPOSIT"), ledger.sums.deposit);
    assert_eq!(sum("TRANSACTION"), ledger.sums.transaction);
    assert_eq!(sum("REFUND"), ledger.sums.refund);
    assert_eq!(sum("COMMISSION"), ledger.sums.commission);
    assert_eq!(
        (last.rows, last.total_rows, last.pages, last.total_pages),
        (200_000, Some(200_000), 200, Some(200))
    );

    // Parse the file back: the same rows, in the same order, as the API serves them.
    let bytes = std::fs::read(&out).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(body);
    assert_eq!(
        reader.headers().unwrap(),
        vec!["id", "date", "type", "amount", "balance", "remarks"]
    );
    let entries = setup.entries().await;
    let mut parsed = 0;
    for (record, entry) in reader.records().zip(&entries) {
        let record = record.unwrap();
        assert_eq!(record[0].parse::<i64>().unwrap(), entry.id);
        assert_eq!(
            &record[1],
            entry
                .date
                .as_datetime()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        );
        assert_eq!(&record[2], entry.entry_type.as_str());
        assert_eq!(decimal(&record[3]), entry.amount);
        assert_eq!(decimal(&record[4]), entry.balance);
        let remarks = record[5].strip_prefix('\'').unwrap_or(&record[5]);
        assert_eq!(remarks, entry.remarks);
        parsed += 1;
    }
    assert_eq!(parsed, 200_000);
    assert_eq!(files_in(dir.path()), ["statement.csv"]);
}

#[tokio::test]
async fn a_type_filter_exports_only_that_type() {
    let setup = setup(5_000, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("refunds.csv");
    let format = CsvFormat {
        bom: false,
        crlf: false,
    };
    let summary = setup
        .export(&setup.request(Some(EntryType::Refund), format), &out)
        .await
        .unwrap();
    assert_eq!(summary.groups.len(), 1, "{summary:?}");
    assert_eq!(summary.groups[0].name, "REFUND");
    assert_eq!(summary.groups[0].amount, setup.sim.ledger().sums.refund);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains('\r') && text.starts_with("id,"));
    let rows = csv::Reader::from_reader(text.as_bytes()).records().count() as u64;
    assert_eq!(rows, summary.rows);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_export_leaves_no_file() {
    let setup = setup(20_000, Duration::from_millis(50)).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statement.csv");
    let cancel = CancellationToken::new();
    let mut reports = Vec::new();
    let result = export::to_file(
        &setup.client,
        &setup.request(None, CsvFormat::default()),
        &out,
        None,
        &mut |p| {
            // The first report comes with the first page (later ones are throttled).
            reports.push(p.pages);
            cancel.cancel();
        },
        &cancel,
    )
    .await;
    assert!(
        matches!(result, Err(kaunter::Error::Cancelled)),
        "{result:?}"
    );
    assert_eq!(reports, [1], "nothing after the cancel");
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[tokio::test]
async fn transactions_export_parses_back() {
    let setup = setup(3_000, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("transactions.csv");
    let (from, to) = setup.whole_history();
    let request = ExportRequest {
        what: ExportKind::Transactions,
        from,
        to,
        format: CsvFormat::default(),
        overwrite: false,
    };
    let mut last = Progress::default();
    let summary = export::to_file(
        &setup.client,
        &request,
        &out,
        None,
        &mut |p| last = p,
        &CancellationToken::new(),
    )
    .await
    .unwrap();
    assert!(summary.rows > 0 && summary.rows == last.rows, "{summary:?}");
    let bytes = std::fs::read(&out).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let mut count = 0;
    for record in reader.records() {
        let record = record.unwrap();
        decimal(&record[7]);
        count += 1;
    }
    assert_eq!(count, summary.rows);
    assert_eq!(
        summary.opening_balance, None,
        "a payment list has no balance"
    );
}

#[tokio::test]
async fn an_existing_file_is_replaced_only_when_the_user_said_so() {
    let setup = setup(50, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statement.csv");
    std::fs::write(&out, "the accountant's own notes").unwrap();
    let mut request = setup.request(None, CsvFormat::default());

    let requests_before = setup.sim.stats().total_requests;
    let err = setup.export(&request, &out).await.unwrap_err();
    assert!(
        matches!(&err, kaunter::Error::FileExists { path } if *path == out),
        "{err}"
    );
    assert_eq!(err.kind(), kaunter::ErrorKind::FileExists);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the accountant's own notes"
    );
    assert_eq!(files_in(dir.path()), ["statement.csv"], "no temp file left");
    assert_eq!(
        setup.sim.stats().total_requests,
        requests_before,
        "nothing was asked of the API"
    );

    request.overwrite = true;
    let summary = setup.export(&request, &out).await.unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}id,date,type"), "{text:.40}");
    assert_eq!(text.lines().count() as u64, summary.rows + 1);
    assert_eq!(files_in(dir.path()), ["statement.csv"]);
}

#[test]
fn a_request_without_overwrite_does_not_overwrite() {
    let request: ExportRequest = serde_json::from_value(serde_json::json!({
        "what": { "kind": "transactions" },
        "from": "2025-01-01",
        "to": "2025-01-31",
        "format": { "bom": true, "crlf": true },
    }))
    .unwrap();
    assert!(!request.overwrite);
}
