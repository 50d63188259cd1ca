//! The loop every export runs: pages in, CSV rows out, progress after each page,
//! stopping at once on cancel. The file appears only after the last page was written.

use std::path::Path;

use futures::{Stream, StreamExt};
use iimmpact::client::Page;
use tokio_util::sync::CancellationToken;

use super::sink::CsvSink;
use super::summary::Totals;
use super::{CsvFormat, Progress, Summary};
use crate::{Error, Result};

/// How one kind of row becomes a CSV record and counts towards the summary.
pub(crate) trait Sheet {
    type Row;
    const COLUMNS: &'static [&'static str];
    /// Fails only when the row cannot be counted (its totals overflow).
    fn record(row: &Self::Row, totals: &mut Totals) -> Result<Vec<String>>;
}

/// Where an export goes, and how.
pub(crate) struct Destination<'a> {
    pub out: &'a Path,
    pub format: CsvFormat,
    /// Replace a file already at `out`.
    pub overwrite: bool,
}

pub(crate) async fn run<S: Sheet>(
    pages: impl Stream<Item = Result<Page<S::Row>, iimmpact::Error>>,
    to: &Destination<'_>,
    progress: &mut (dyn FnMut(Progress) + Send),
    cancel: &CancellationToken,
) -> Result<Summary> {
    // Created before the first request, so an unwritable path, or a file the user did
    // not say to replace, fails before anything is asked of the API.
    let mut sink = CsvSink::create(to.out, to.format, to.overwrite, S::COLUMNS)?;
    let mut totals = Totals::default();
    let mut pages = std::pin::pin!(pages);
    loop {
        let next = tokio::select! {
            biased;
            () = cancel.cancelled() => return Err(Error::Cancelled),
            next = pages.next() => next,
        };
        let Some(page) = next.transpose()? else { break };
        for row in &page.rows {
            sink.write(S::record(row, &mut totals)?)?;
        }
        progress(page.progress.into());
    }
    if cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    sink.commit()?;
    Ok(totals.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::statement::StatementSheet;
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
        let mut seen = Vec::new();
        let to = Destination {
            out,
            format,
            overwrite: false,
        };
        let result =
            run::<StatementSheet>(stream::iter(pages), &to, &mut |p| seen.push(p), cancel).await;
        (result, seen)
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
            "one report per page"
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
            seen.len(),
            2,
            "the good pages were written before the failure"
        );
        assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));
    }
}
