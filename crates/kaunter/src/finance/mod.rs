//! Finance: what a clerk needs to close a day and a month, from IIMMPACT's own records
//! and this counter's journal.
//!
//! - [`figures`]: count, face value, cost and margin, added exactly;
//! - `summary`: the Transaction Summary from every page of `/v2/transactions`, per
//!   day, product and counter (the counter from each payment's remarks);
//! - `month`: the monthly statement from every page of `/v2/balance-statement`;
//! - `shift`: the end-of-shift report from the journal;
//! - `sheet`: a summary's breakdown, the month's statement and the end-of-shift
//!   report as CSV files or workbooks.
//!
//! Both streams run inside the shared request budget at bulk priority, behind payments,
//! and are added up page by page: memory does not grow with the number of rows.

pub mod figures;
mod month;
mod sheet;
mod shift;
mod summary;

use std::path::Path;

use chrono::NaiveDate;
use futures::TryStreamExt;
use iimmpact::client::Client;
use iimmpact::models::{StatementQuery, TransactionsQuery};
use iimmpact::DateRange;

pub use figures::Figures;
pub use month::{Month, MonthStatement};
pub use shift::{ShiftLine, ShiftReport};
pub use summary::{NotSold, SummaryBy, SummaryLine, TransactionSummary};

use crate::export::{self, CsvFormat, FileType, Summary};
use crate::journal::{counter_day, Journal};
use crate::{Error, Problem, Result};
use sheet::{ByCounter, ByDay, ByProduct, LinesSheet, MonthSheet, ShiftSheet};

/// The sales of the GMT+8 days `from` to `to` (both included), as IIMMPACT lists them.
pub async fn transaction_summary(
    client: &Client,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<TransactionSummary> {
    let dates = DateRange::new(from, to)?;
    let mut tally = summary::Tally::new(from, to);
    let mut pages = client.transactions_stream(TransactionsQuery::new(dates));
    while let Some(page) = pages.try_next().await? {
        for row in &page.rows {
            tally.add(row)?;
        }
    }
    Ok(tally.finish())
}

/// The wallet's statement for `month`: the whole month, or up to today (GMT+8) for
/// the month under way. A month not begun yet is refused, naming `month`.
pub async fn month_statement(client: &Client, month: Month) -> Result<MonthStatement> {
    let today = counter_day(chrono::Utc::now());
    if month.first_day() > today {
        return Err(Error::invalid("month", Problem::TooFarFromToday));
    }
    let (from, to) = (month.first_day(), month.last_day().min(today));
    let mut tally = month::MonthTally::default();
    let query = StatementQuery::new(DateRange::new(from, to)?);
    let mut pages = client.balance_statement_stream(query);
    while let Some(page) = pages.try_next().await? {
        for entry in &page.rows {
            tally.add(entry)?;
        }
    }
    tally.finish(month, from, to)
}

/// The journal's payments of the GMT+8 `day`, for the counter named `counter`.
pub fn shift_report(journal: &Journal, counter: &str, day: NaiveDate) -> Result<ShiftReport> {
    shift::report(counter, day, journal.between(day, day)?)
}

/// Writes one breakdown of `summary` to `out`, a workbook or a CSV file as `file_type`
/// or its extension says, which appears only once complete. Without `overwrite`, a
/// file already there is kept ([`crate::Error::FileExists`]).
pub async fn write_summary(
    summary: &TransactionSummary,
    by: SummaryBy,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    let lines = summary.lines(by).to_vec();
    match by {
        SummaryBy::Day => {
            export::rows_to_file::<LinesSheet<ByDay>>(lines, out, file_type, format, overwrite)
                .await
        }
        SummaryBy::Product => {
            export::rows_to_file::<LinesSheet<ByProduct>>(lines, out, file_type, format, overwrite)
                .await
        }
        SummaryBy::Counter => {
            export::rows_to_file::<LinesSheet<ByCounter>>(lines, out, file_type, format, overwrite)
                .await
        }
    }
}

/// Writes `statement` to `out` as one row (and, in a workbook, its balances and what
/// the month moved on the Summary sheet), a workbook or a CSV file as `file_type` or
/// its extension says, which appears only once complete. Without `overwrite`, a file
/// already there is kept ([`crate::Error::FileExists`]).
pub async fn write_month(
    statement: &MonthStatement,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    let rows = vec![statement.clone()];
    export::rows_to_file::<MonthSheet>(rows, out, file_type, format, overwrite).await
}

/// Writes `report` to `out`, top to bottom as it prints (and, in a workbook, the
/// payments by state on the Summary sheet), as [`write_month`] writes.
pub async fn write_shift(
    report: &ShiftReport,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    let rows = sheet::shift_rows(report);
    export::rows_to_file::<ShiftSheet>(rows, out, file_type, format, overwrite).await
}
