//! The mismatches as a file: one row each, the same columns in CSV and in a workbook.

use super::report::Mismatch;
use crate::export::cells::Cell;
use crate::export::summary::Totals;
use crate::export::Sheet;
use crate::Result;

pub(crate) struct MismatchSheet;

impl Sheet for MismatchSheet {
    type Row = Mismatch;
    const NAME: &'static str = "Mismatches";
    const GROUPED_BY: &'static str = "kind";
    const COLUMNS: &'static [&'static str] = &[
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
    ];

    fn record<'r>(m: &'r Mismatch, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        let amount = m.iimmpact_amount.or(m.journal_amount).unwrap_or_default();
        totals.add(m.kind.as_str(), amount)?;
        let money =
            |value: Option<_>| value.map_or(Cell::Empty, |value| Cell::Money { value, places: 2 });
        let text = |value: Option<&'r str>| value.map_or(Cell::Empty, Cell::text);
        Ok(vec![
            Cell::text(m.kind.as_str()),
            Cell::text(&m.refid),
            text(m.trxid.as_deref()),
            Cell::text(&m.account),
            Cell::text(&m.product),
            text(m.counter.as_deref()),
            text(m.journal_state.map(|s| s.as_str())),
            money(m.journal_amount),
            text(m.iimmpact_state.map(|s| s.as_str())),
            m.iimmpact_status_code.map_or(Cell::Empty, Cell::Integer),
            money(m.iimmpact_amount),
            text(m.iimmpact_product.as_deref()),
            text(m.settled.map(|s| s.as_str())),
        ])
    }
}
