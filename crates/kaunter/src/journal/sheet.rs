//! The journal's payments as a file: one row each, the same columns in CSV and in a
//! workbook; the Summary sheet adds them up per state.

use std::path::Path;

use iimmpact::Timestamp;

use super::record::PaymentRecord;
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

/// Writes `payments` to `out`, a workbook or a CSV file as `file_type` or its
/// extension says, which appears only once complete. Without `overwrite`, a file
/// already there is kept ([`crate::Error::FileExists`]).
pub async fn write_history(
    payments: Vec<PaymentRecord>,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    export::rows_to_file::<HistorySheet>(payments, out, file_type, format, overwrite, &[]).await
}
