//! Workbook export end to end: the simulator over loopback HTTP, the real client's page
//! stream, a real `.xlsx` file read back cell by cell with calamine, and its XML read
//! where calamine does not look (frozen panes, styles).

mod common;
mod workbook;

use std::path::Path;
use std::time::Duration;

use calamine::{Data, Reader as _};
use common::{files_in, setup};
use iimmpact::models::TopupRequest;
use iimmpact::{Amount, ProductCode, Refid};
use kaunter::export::{self, CsvFormat, ExportKind, ExportRequest, FileType};
use rust_decimal::Decimal;
use tokio_util::sync::CancellationToken;
use workbook::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statement_workbook_reads_back_cell_by_cell() {
    let setup = setup(5_000, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statement.xlsx");
    let summary = setup
        .export(&setup.request(None, CsvFormat::default()), &out)
        .await
        .unwrap();
    let ledger = setup.sim.ledger();
    assert_eq!(summary.rows, 5_000);
    assert_eq!(summary.closing_balance, Some(ledger.balance));
    assert_eq!(
        files_in(dir.path()),
        ["statement.xlsx"],
        "no temp file left"
    );

    let mut book = open(&out);
    assert_eq!(book.sheet_names(), ["Statement", "Summary"]);
    let sheet = book.worksheet_range("Statement").unwrap();
    let header: Vec<_> = sheet.rows().next().unwrap().iter().collect();
    let strings = |names: &[&str]| names.iter().map(|n| Data::String((*n).into())).collect();
    let expected: Vec<Data> = strings(&["id", "date", "type", "amount", "balance", "remarks"]);
    assert_eq!(header, expected.iter().collect::<Vec<_>>());
    let entries = setup.entries().await;
    assert_eq!(sheet.height(), entries.len() + 1);
    for (i, entry) in entries.iter().enumerate() {
        let row = i + 1;
        let cell = |col| sheet.get((row, col));
        assert_eq!(
            text(cell(0)),
            entry.id.to_string(),
            "row {row}: an id is text"
        );
        assert_eq!(date_time(cell(1)), gmt8(entry.date), "row {row}");
        assert_eq!(text(cell(2)), entry.entry_type.as_str());
        assert_eq!(number(cell(3)), entry.amount.normalize(), "row {row}");
        assert_eq!(number(cell(4)), entry.balance.normalize(), "row {row}");
        assert_eq!(text(cell(5)), entry.remarks, "row {row}: as sent");
    }
    no_formulas(&mut book, "Statement");
    no_formulas(&mut book, "Summary");
    assert_summary_sheet(&mut book, &summary, "type");

    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert_header_frozen(&xml);
    assert!(!xml.contains("<f>"), "no formula anywhere");
    let styles = part(&out, "xl/styles.xml");
    assert!(is_bold(&xml, &styles, "A1") && is_bold(&xml, &styles, "F1"));
    assert!(!is_bold(&xml, &styles, "A2"));
    assert!(styles.contains(r##"formatCode="#,##0.00""##), "{styles}");
    assert!(
        styles.contains(r#"formatCode="yyyy\-mm\-dd\ hh:mm:ss""#)
            || styles.contains(r#"formatCode="yyyy-mm-dd hh:mm:ss""#),
        "{styles}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transactions_workbook_keeps_refids_accounts_and_serials_as_sent() {
    let setup = setup(2_000, Duration::ZERO).await;
    // A payment of today, with a 20-digit refid and an account that both start with 0.
    let refid = "00000000000000012345";
    let payment = TopupRequest::new(
        Refid::parse(refid).unwrap(),
        ProductCode::parse("D").unwrap(),
        "0123456789",
        Amount::parse("amount", "10").unwrap(),
    )
    .unwrap();
    setup.client.topup(&payment.prepare()).await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("transactions.xlsx");
    let (from, to) = setup.whole_history();
    let request = ExportRequest {
        what: ExportKind::Transactions,
        from: from + chrono::Days::new(1),
        to: to + chrono::Days::new(1),
        format: CsvFormat::default(),
        overwrite: false,
    };
    let summary = setup.export(&request, &out).await.unwrap();
    assert!(summary.rows > 1000, "{summary:?}");

    let mut book = open(&out);
    assert_eq!(book.sheet_names(), ["Transactions", "Summary"]);
    let sheet = book.worksheet_range("Transactions").unwrap();
    assert_eq!(sheet.height() as u64, summary.rows + 1);
    let column = |name: &str| {
        sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .position(|h| *h == Data::String(name.into()))
            .unwrap()
    };
    let (refids, accounts, serials, trxids) = (
        column("refid"),
        column("account"),
        column("sn"),
        column("trxid"),
    );
    let mut ours = None;
    let mut leading_zeros = 0;
    for (i, row) in sheet.rows().enumerate().skip(1) {
        for col in [refids, accounts, trxids] {
            assert!(
                matches!(row[col], Data::String(_)),
                "row {i}: {:?}",
                row[col]
            );
        }
        assert!(
            matches!(row[serials], Data::String(_) | Data::Empty),
            "row {i}: {:?}",
            row[serials]
        );
        assert!(matches!(row[0], Data::DateTime(_)), "row {i}: {:?}", row[0]);
        number(row.get(column("amount")));
        if let Data::String(serial) = &row[serials] {
            leading_zeros += usize::from(serial.starts_with('0'));
        }
        if row[refids] == Data::String(refid.into()) {
            ours = Some(i);
        }
    }
    assert!(
        leading_zeros > 0,
        "some seeded serial starts with 0 and kept it"
    );
    let ours = ours.expect("today's payment is in the workbook, its refid intact");
    let row = &sheet.rows().nth(ours).unwrap();
    assert_eq!(
        text(Some(&row[refids])),
        refid,
        "all 20 digits, leading zeros kept"
    );
    assert_eq!(text(Some(&row[accounts])), "0123456789");
    assert_eq!(number(Some(&row[column("amount")])), Decimal::TEN);
    no_formulas(&mut book, "Transactions");
    assert_summary_sheet(&mut book, &summary, "status");
}

#[tokio::test]
async fn the_explicit_type_wins_and_an_unknown_extension_is_refused() {
    let setup = setup(50, Duration::ZERO).await;
    let dir = tempfile::tempdir().unwrap();
    let request = setup.request(None, CsvFormat::default());
    let is_workbook = |path: &Path| std::fs::read(path).unwrap().starts_with(b"PK\x03\x04");

    let upper = dir.path().join("STATEMENT.XLSX");
    setup.export(&request, &upper).await.unwrap();
    assert!(is_workbook(&upper), "the extension, in any case");

    let named_csv = dir.path().join("really-a-workbook.csv");
    setup
        .export_as(&request, &named_csv, Some(FileType::Xlsx))
        .await
        .unwrap();
    assert!(is_workbook(&named_csv));

    let named_xlsx = dir.path().join("really-text.xlsx");
    setup
        .export_as(&request, &named_xlsx, Some(FileType::Csv))
        .await
        .unwrap();
    let text = std::fs::read_to_string(&named_xlsx).unwrap();
    assert!(text.starts_with("\u{feff}id,date,type"), "{text:.40}");

    let requests_before = setup.sim.stats().total_requests;
    for name in ["statement.txt", "statement"] {
        let err = setup
            .export(&request, &dir.path().join(name))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kaunter::ErrorKind::Invalid, "{name}: {err}");
        assert_eq!(err.payload().field.as_deref(), Some("out"), "{name}");
        assert!(err.to_string().contains(".xlsx"), "{err}");
    }
    assert_eq!(setup.sim.stats().total_requests, requests_before);

    // An existing workbook is kept unless the user said to replace it, as a CSV is.
    let err = setup.export(&request, &upper).await.unwrap_err();
    assert!(matches!(err, kaunter::Error::FileExists { .. }), "{err}");
    let mut names = files_in(dir.path());
    names.sort();
    assert_eq!(
        names,
        [
            "STATEMENT.XLSX",
            "really-a-workbook.csv",
            "really-text.xlsx"
        ],
        "no refused or temp file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_workbook_leaves_no_file() {
    let setup = setup(20_000, Duration::from_millis(50)).await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("statement.xlsx");
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
