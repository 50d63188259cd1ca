//! The journal's payments as a file: one row each, the same columns in CSV and in a
//! workbook, read a page at a time; the Summary sheet adds them up per state.

use std::path::Path;

use iimmpact::client::{Page, Progress};
use iimmpact::Timestamp;

use super::record::PaymentRecord;
use super::{HistoryQuery, Journal, PageKey};
use crate::export::cells::Cell;
use crate::export::summary::Totals;
use crate::export::{self, CsvFormat, FileType, Sheet, Summary};
use crate::Result;

pub(crate) struct HistorySheet;

impl Sheet for HistorySheet {
    type Row = PaymentRecord;
    const NAME: &'static str = "Payments";
    const GROUPED_BY: &'static str = "state";
    const COLUMNS: &'static [&'static str] = &[
        "created_at",
        "refid",
        "product",
        "product_name",
        "account",
        "amount",
        "state",
        "status_code",
        "sn",
        "cost",
        "updated_at",
    ];

    fn record<'r>(p: &'r PaymentRecord, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        totals.add(p.state.as_str(), p.amount.value())?;
        let money =
            |value: Option<_>| value.map_or(Cell::Empty, |value| Cell::Money { value, places: 2 });
        let date =
            |at: chrono::DateTime<chrono::Utc>| Cell::Date(Timestamp::from(at.fixed_offset()));
        Ok(vec![
            date(p.created_at),
            Cell::text(p.refid.as_str()),
            Cell::text(p.product.as_str()),
            p.product_name.as_deref().map_or(Cell::Empty, Cell::text),
            Cell::text(&p.account),
            money(Some(p.amount.value())),
            Cell::text(p.state.as_str()),
            p.status_code.map_or(Cell::Empty, Cell::Integer),
            p.sn.as_deref().map_or(Cell::Empty, Cell::text),
            money(p.cost),
            date(p.updated_at),
        ])
    }
}

/// Payments read from the journal at a time: enough that a page's statement costs
/// little, few enough that memory stays small whatever the range.
const PAGE: u32 = 500;

/// Writes the payments `query` lists (whatever its `limit`) to `out`, a workbook or a
/// CSV file as `file_type` or its extension says, which appears only once complete.
/// They are read from the journal a page at a time, so memory does not grow with the
/// range. Without `overwrite`, a file already there is kept
/// ([`crate::Error::FileExists`]).
pub async fn write_history(
    journal: &Journal,
    query: &HistoryQuery,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    // `Some(after)`: the next page is after `after` (`None`: the first); `None`: done.
    let start: Option<Option<PageKey>> = Some(None);
    let pages = futures::stream::try_unfold(start, |next| async move {
        let Some(after) = next else { return Ok(None) };
        let rows = journal.history_page(query, after, PAGE)?;
        let next = match rows.last() {
            Some(&(key, _)) if rows.len() == PAGE as usize => Some(Some(key)),
            _ => None,
        };
        let page = Page {
            rows: rows.into_iter().map(|(_, payment)| payment).collect(),
            progress: Progress::default(),
        };
        Ok(Some((page, next)))
    });
    export::pages_to_file::<HistorySheet>(pages, out, file_type, format, overwrite, &[]).await
}
