//! The loop every export runs: pages in, rows out, progress after each page (at most
//! ten reports a second, the last one always), stopping at once on cancel. The file
//! appears only after the last page was written.

use std::path::Path;
use std::time::Instant;

use futures::{Stream, StreamExt};
use iimmpact::client::Page;
use tokio_util::sync::CancellationToken;

use super::cells::Cell;
use super::sink;
use super::summary::Totals;
use super::throttle::Throttle;
use super::{Appendix, CsvFormat, FileType, Progress, Summary};
use crate::{Error, Result};

/// How one kind of row becomes a record of cells and counts towards the summary. The
/// columns are the same in every file kind.
pub(crate) trait Sheet {
    type Row;
    /// The workbook sheet's name (and its continuations', numbered).
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
    /// The column whose values name the summary's groups.
    const GROUPED_BY: &'static str;
    /// Fails only when the row cannot be counted (its totals overflow).
    fn record<'r>(row: &'r Self::Row, totals: &mut Totals) -> Result<Vec<Cell<'r>>>;
}

/// Where an export goes, and how.
pub(crate) struct Destination<'a> {
    pub out: &'a Path,
    pub file_type: FileType,
    pub format: CsvFormat,
    /// Replace a file already at `out`.
    pub overwrite: bool,
    /// How many rows, header included, a workbook sheet holds before the next one
    /// continues: Excel's limit, or a few in a test of the continuation.
    pub rows_per_sheet: u32,
}

/// Writes every page's rows as `S`'s; a workbook adds `appendices` after them.
pub(crate) async fn run<S: Sheet, E>(
    pages: impl Stream<Item = Result<Page<S::Row>, E>>,
    to: &Destination<'_>,
    appendices: &[Appendix<'_>],
    progress: &mut (dyn FnMut(Progress) + Send),
    cancel: &CancellationToken,
) -> Result<Summary>
where
    Error: From<E>,
{
    // Created before the first request, so an unwritable path, or a file the user did
    // not say to replace, fails before anything is asked of the API.
    let mut sink = sink::create::<S>(to)?;
    let mut totals = Totals::default();
    let mut throttle = Throttle::new(Throttle::EVERY);
    let mut pages = std::pin::pin!(pages);
    loop {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(Error::Cancelled),
            next = pages.next() => next,
        };
        let Some(page) = next.transpose()? else { break };
        for row in &page.rows {
            sink.write(&S::record(row, &mut totals)?)?;
        }
        if let Some(report) = throttle.offer(page.progress.into(), Instant::now()) {
            progress(report);
        }
    }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    if let Some(last) = throttle.finish() {
        progress(last);
    }
    let summary = totals.finish();
    sink.commit(&summary, appendices)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::statement::StatementSheet;
    use crate::export::xlsx;
    use calamine::{Data, Reader as _};
    use futures::stream;
    use iimmpact::models::StatementEntry;
    use rust_decimal_macros::dec;

    fn entry(id: i64, amount: &str, balance: &str, remarks: &str, kind: &str) -> StatementEntry {
        serde_json::from_value(serde_json::json!({
            "id": id, "date": "2025-05-19 13:06:50.523",
            "amount": amount.parse::<f64>().unwrap(), "balance": balance.parse::<f64>().unwrap(),
            "remarks": remarks, "type": kind,
        }))
        .unwrap()
    }

    type Pages = Vec<std::result::Result<Page<StatementEntry>, iimmpact::Error>>;

    fn pages() -> Pages {
        let page = |rows: Vec<StatementEntry>, pages_done, rows_done| {
            Ok(Page {
                rows,
                progress: iimmpact::client::Progress {
                    pages_done,
                    pages_total: Some(2),
                    rows_done,
                    rows_total: Some(3),
                },
            })
        };
        vec![
            page(
                vec![
                    entry(1, "500", "600", "Deposit", "D"),
                    entry(2, "-628.7", "-28.7", "=HYPERLINK(\"http://x\")", "T"),
                ],
                1,
                2,
            ),
            page(vec![entry(3, "10.5", "-18.2", "-refund", "R")], 2, 3),
        ]
    }

    async fn export(
        pages: Pages,
        out: &Path,
        format: CsvFormat,
        cancel: &CancellationToken,
    ) -> (Result<Summary>, Vec<Progress>) {
        let to = Destination {
            out,
            file_type: FileType::Csv,
            format,
            overwrite: false,
            rows_per_sheet: xlsx::EXCEL_MAX_ROWS,
        };
        export_to(pages, &to, cancel).await
    }

    async fn export_to(
        pages: Pages,
        to: &Destination<'_>,
        cancel: &CancellationToken,
    ) -> (Result<Summary>, Vec<Progress>) {
        let mut seen = Vec::new();
        let result =
            run::<StatementSheet, _>(stream::iter(pages), to, &[], &mut |p| seen.push(p), cancel)
                .await;
        (result, seen)
    }

    /// A workbook of `pages` at `out`, `rows_per_sheet` rows (header included) a sheet.
    async fn export_xlsx(
        pages: Pages,
        out: &Path,
        rows_per_sheet: u32,
        cancel: &CancellationToken,
    ) -> Result<Summary> {
        let to = Destination {
            out,
            file_type: FileType::Xlsx,
            format: CsvFormat::default(),
            overwrite: false,
            rows_per_sheet,
        };
        export_to(pages, &to, cancel).await.0
    }

    fn files(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[tokio::test]
    async fn writes_excel_ready_csv_with_progress_and_summary() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("statement.csv");
        let (summary, seen) = export(
            pages(),
            &out,
            CsvFormat::default(),
            &CancellationToken::new(),
        )
        .await;
        let summary = summary.unwrap();
        assert_eq!(summary.rows, 3);
        assert_eq!(summary.opening_balance, Some(dec!(100)));
        assert_eq!(summary.closing_balance, Some(dec!(-18.2)));
        assert_eq!(seen.last().unwrap().rows, 3);
        assert_eq!(
            seen.iter().map(|p| p.pages).collect::<Vec<_>>(),
            [1, 2],
            "the first page's report at once, the last one at the end"
        );

        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(text.matches("\r\n").count(), 4, "{text}");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(&rows[1][2], "TRANSACTION");
        assert_eq!(&rows[1][3], "-628.7000", "a negative amount stays a number");
        assert_eq!(&rows[1][4], "-28.7000");
        assert_eq!(&rows[1][5], "'=HYPERLINK(\"http://x\")");
        assert_eq!(&rows[2][5], "'-refund");
        assert_eq!(&rows[0][1], "2025-05-19 13:06:50");
        assert_eq!(files(dir.path()), ["statement.csv"]);
    }

    #[tokio::test]
    async fn progress_reaches_the_user_at_most_ten_times_a_second_and_the_last_always() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s.csv");
        let many: Pages = (1..=500)
            .map(|n| {
                Ok(Page {
                    rows: vec![entry(n, "1", "1", "x", "D")],
                    progress: iimmpact::client::Progress {
                        pages_done: n as u64,
                        rows_done: n as u64,
                        ..Default::default()
                    },
                })
            })
            .collect();
        let started = Instant::now();
        let (summary, seen) =
            export(many, &out, CsvFormat::default(), &CancellationToken::new()).await;
        let tenths = started.elapsed().as_millis() / 100;
        assert_eq!(summary.unwrap().rows, 500);
        assert!(
            seen.len() as u128 <= tenths + 2,
            "{} reports in {tenths} tenths of a second",
            seen.len()
        );
        assert_eq!(seen.first().unwrap().rows, 1);
        assert_eq!(seen.last().unwrap().rows, 500);
    }

    #[tokio::test]
    async fn plain_format_has_no_bom_and_lf_endings() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s.csv");
        let format = CsvFormat {
            bom: false,
            crlf: false,
        };
        export(pages(), &out, format, &CancellationToken::new())
            .await
            .0
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with("id,date,type"));
        assert!(!text.contains('\r'));
    }

    #[tokio::test]
    async fn cancel_or_failure_leaves_no_file_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s.csv");
        let cancel = CancellationToken::new();
        cancel.cancel();
        let (result, _) = export(pages(), &out, CsvFormat::default(), &cancel).await;
        assert!(matches!(result, Err(Error::Cancelled)));

        let mut failing = pages();
        failing.push(Err(iimmpact::Error::Decode {
            message: "the server sent garbage".into(),
        }));
        let (result, seen) = export(
            failing,
            &out,
            CsvFormat::default(),
            &CancellationToken::new(),
        )
        .await;
        assert!(result.is_err());
        assert_eq!(
            seen.iter().map(|p| p.pages).collect::<Vec<_>>(),
            [1],
            "the second page's report was held back, and a failed export has no last report"
        );
        assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
    }

    #[tokio::test]
    async fn a_workbook_has_typed_cells_and_never_a_formula() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("statement.xlsx");
        let summary = export_xlsx(
            pages(),
            &out,
            xlsx::EXCEL_MAX_ROWS,
            &CancellationToken::new(),
        )
        .await
        .unwrap();
        assert_eq!(summary.rows, 3);

        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
        assert_eq!(book.sheet_names(), ["Statement", "Summary"]);
        let rows = book.worksheet_range("Statement").unwrap();
        let text = |s: &str| Data::String(s.to_owned());
        assert_eq!(rows.get((2, 0)), Some(&text("2")), "an id is text");
        assert_eq!(rows.get((2, 3)), Some(&Data::Float(-628.7)));
        assert_eq!(
            rows.get((2, 5)),
            Some(&text("=HYPERLINK(\"http://x\")")),
            "as sent, with no mark: a string cell is never run"
        );
        assert_eq!(rows.get((3, 5)), Some(&text("-refund")));
        let formulas = book.worksheet_formula("Statement").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{formulas:?}"
        );
        assert_eq!(files(dir.path()), ["statement.xlsx"]);
    }

    #[tokio::test]
    async fn past_a_sheets_row_limit_the_rows_go_on_in_a_numbered_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("statement.xlsx");
        // A header and two rows a sheet: the three rows fill one and a half sheets.
        export_xlsx(pages(), &out, 3, &CancellationToken::new())
            .await
            .unwrap();
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
        assert_eq!(book.sheet_names(), ["Statement", "Statement 2", "Summary"]);
        let ids = |book: &mut calamine::Xlsx<_>, sheet: &str| -> Vec<String> {
            let rows = book.worksheet_range(sheet).unwrap();
            rows.rows().map(|r| r[0].to_string()).collect()
        };
        assert_eq!(ids(&mut book, "Statement"), ["id", "1", "2"]);
        assert_eq!(
            ids(&mut book, "Statement 2"),
            ["id", "3"],
            "the same header"
        );
    }

    #[tokio::test]
    async fn a_cancelled_or_failed_workbook_leaves_no_file_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s.xlsx");
        let cancel = CancellationToken::new();
        cancel.cancel();
        let result = export_xlsx(pages(), &out, 3, &cancel).await;
        assert!(matches!(result, Err(Error::Cancelled)), "{result:?}");

        let mut failing = pages();
        failing.push(Err(iimmpact::Error::Decode {
            message: "the server sent garbage".into(),
        }));
        let result = export_xlsx(failing, &out, 3, &CancellationToken::new()).await;
        assert!(result.is_err());
        assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
    }

    #[tokio::test]
    async fn a_value_too_long_for_a_cell_names_its_column() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("s.xlsx");
        let long = "x".repeat(40_000);
        let rows = vec![Ok(Page {
            rows: vec![entry(1, "1", "1", &long, "D")],
            progress: iimmpact::client::Progress::default(),
        })];
        let err = export_xlsx(rows, &out, 3, &CancellationToken::new())
            .await
            .unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("remarks"), "{err}");
        assert!(files(dir.path()).is_empty());
    }
}
