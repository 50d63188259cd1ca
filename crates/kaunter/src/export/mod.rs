//! Statement export: the client's page stream straight into an Excel-ready CSV file or
//! an Excel workbook.
//!
//! - [`cells`]: one value → one typed cell, and its CSV text (formula neutralising,
//!   exact money, GMT+8 dates).
//! - `sink`: the file, written to a temp file and renamed into place on success; the CSV
//!   writer. `xlsx`: the workbook writer.
//! - `engine`: the page loop (progress, cancel); `statement` and `transactions` map rows.
//! - `throttle`: progress at most ten times a second.
//! - [`summary`]: the totals shown when an export is done.
//! - [`Appendix`]: a report's small tables beside its rows, in a workbook.

pub mod cells;
mod engine;
mod sink;
mod statement;
pub mod summary;
mod throttle;
mod transactions;
mod xlsx;

use std::path::Path;

use chrono::NaiveDate;
use iimmpact::client::Client;
use iimmpact::models::{StatementEntryType, StatementQuery, TransactionsQuery};
use iimmpact::DateRange;
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use crate::Result;
use cells::Cell;
pub(crate) use engine::Sheet;
pub use summary::{GroupTotal, Summary};

/// What to export, as the export form (or `kaunter statement export`) fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportRequest {
    pub what: ExportKind,
    /// First day, inclusive (GMT+8).
    pub from: NaiveDate,
    /// Last day, inclusive; the same as `from` for a single day.
    pub to: NaiveDate,
    pub format: CsvFormat,
    /// Replace a file already at the path: the user said so (the app asked; the CLI's `--force`).
    #[serde(default)]
    pub overwrite: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ExportKind {
    /// The wallet ledger; `None` exports every entry type.
    BalanceStatement {
        entry_type: Option<EntryType>,
    },
    Transactions,
}

/// Streams every page of `request` from `client` into a file at `out`: a workbook or a
/// CSV file, as `file_type` says, else as `out`'s extension says (see
/// [`FileType::resolve`]).
///
/// The file appears at `out` only when the last row is written and synced; on cancel
/// or any error there is no file (and no temp file).
/// Unless `request.overwrite`, a file already at `out` (or put there meanwhile) is
/// never replaced: [`crate::Error::FileExists`], before any request when it was there.
/// `progress` is called at most ten times a second; the last report of a finished
/// export always comes, before the file is committed.
pub async fn to_file(
    client: &Client,
    request: &ExportRequest,
    out: &Path,
    file_type: Option<FileType>,
    progress: &mut (dyn FnMut(Progress) + Send),
    cancel: &CancellationToken,
) -> Result<Summary> {
    let dates = DateRange::new(request.from, request.to)?;
    let to = engine::Destination {
        out,
        file_type: FileType::resolve(out, file_type)?,
        format: request.format,
        overwrite: request.overwrite,
        rows_per_sheet: xlsx::EXCEL_MAX_ROWS,
    };
    match request.what {
        ExportKind::BalanceStatement { entry_type } => {
            let mut query = StatementQuery::new(dates);
            if let Some(entry_type) = entry_type {
                query = query.with_type(entry_type.into())?;
            }
            let pages = client.balance_statement_stream(query);
            engine::run::<statement::StatementSheet, _>(pages, &to, &[], progress, cancel).await
        }
        ExportKind::Transactions => {
            let pages = client.transactions_stream(TransactionsQuery::new(dates));
            engine::run::<transactions::TransactionsSheet, _>(pages, &to, &[], progress, cancel)
                .await
        }
    }
}

/// Writes rows already at hand (a report's) as `S`'s sheet, to a workbook or a CSV
/// file as `file_type` or `out`'s extension says, appearing only once complete.
pub(crate) async fn rows_to_file<S: Sheet>(
    rows: Vec<S::Row>,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    pages_to_file::<S>(one_page(rows), out, file_type, format, overwrite, &[]).await
}

/// Rows already at hand as the one page of a stream.
pub(crate) fn one_page<R>(
    rows: Vec<R>,
) -> impl futures::Stream<Item = Result<iimmpact::client::Page<R>>> {
    let page = iimmpact::client::Page {
        rows,
        progress: iimmpact::client::Progress::default(),
    };
    futures::stream::iter([Ok(page)])
}

/// [`rows_to_file`] for rows read page by page (a journal's), so that memory holds
/// one page at a time; a workbook adds `appendices` after the rows.
pub(crate) async fn pages_to_file<S: Sheet>(
    pages: impl futures::Stream<Item = Result<iimmpact::client::Page<S::Row>>>,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
    appendices: &[Appendix<'_>],
) -> Result<Summary> {
    let to = engine::Destination {
        out,
        file_type: FileType::resolve(out, file_type)?,
        format,
        overwrite,
        rows_per_sheet: xlsx::EXCEL_MAX_ROWS,
    };
    engine::run::<S, _>(
        pages,
        &to,
        appendices,
        &mut |_| {},
        &CancellationToken::new(),
    )
    .await
}

/// A small table a report adds to its workbook on a sheet of its own, after the rows,
/// so the file says what the screen says beside them. A CSV file holds the rows only.
#[derive(Debug)]
pub(crate) struct Appendix<'a> {
    /// The sheet's name: at most 31 characters, none of `[]:*?/\`.
    pub name: &'static str,
    /// One after the other, an empty row between.
    pub tables: Vec<Table<'a>>,
}

#[derive(Debug)]
pub(crate) struct Table<'a> {
    /// Written above the header when there is one.
    pub title: Option<&'static str>,
    pub columns: Vec<&'a str>,
    pub rows: Vec<Vec<Cell<'a>>>,
}

/// A balance-statement entry type, as the export form filters by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryType {
    Deposit,
    Transaction,
    Refund,
    Commission,
}

impl From<EntryType> for StatementEntryType {
    fn from(t: EntryType) -> Self {
        match t {
            EntryType::Deposit => Self::Deposit,
            EntryType::Transaction => Self::Transaction,
            EntryType::Refund => Self::Refund,
            EntryType::Commission => Self::Commission,
        }
    }
}

/// The kind of file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileType {
    /// Text, laid out by [`CsvFormat`].
    Csv,
    /// An Excel workbook: typed cells, one sheet per 1,048,576 rows, and a summary sheet.
    Xlsx,
}

impl FileType {
    /// `explicit` when given (the file name is then the user's business), else the
    /// kind `out`'s extension names, in any case.
    pub fn resolve(out: &Path, explicit: Option<FileType>) -> Result<FileType> {
        if let Some(file_type) = explicit {
            return Ok(file_type);
        }
        let extension = out
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("csv") => Ok(Self::Csv),
            Some("xlsx") => Ok(Self::Xlsx),
            _ => Err(crate::Error::invalid(
                "out",
                crate::Problem::OneOf {
                    allowed: vec![".csv".into(), ".xlsx".into()],
                },
            )),
        }
    }
}

/// How the CSV is laid out for the program that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export)]
pub struct CsvFormat {
    /// A UTF-8 byte-order mark, without which Excel reads UTF-8 as the local code page.
    pub bom: bool,
    /// CRLF line endings, as Excel on Windows writes them.
    pub crlf: bool,
}

impl Default for CsvFormat {
    fn default() -> Self {
        Self {
            bom: true,
            crlf: true,
        }
    }
}

/// How far an export is, sent after a page (at most ten times a second).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Progress {
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub pages: u64,
    /// As the server reports it, once the first page is in.
    #[ts(type = "number | null")]
    pub total_rows: Option<u64>,
    #[ts(type = "number | null")]
    pub total_pages: Option<u64>,
}

impl From<iimmpact::client::Progress> for Progress {
    fn from(p: iimmpact::client::Progress) -> Self {
        Self {
            rows: p.rows_done,
            pages: p.pages_done,
            total_rows: p.rows_total,
            total_pages: p.pages_total,
        }
    }
}
