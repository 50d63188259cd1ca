//! Balance-statement rows as CSV: one row per wallet entry, in id (time) order.

use iimmpact::models::StatementEntry;

use super::cells;
use super::engine::Sheet;
use super::summary::Totals;
use crate::Result;

/// The API gives balances with up to 4 decimals (the seed shows 3).
const PLACES: u32 = 4;

pub(crate) struct StatementSheet;

impl Sheet for StatementSheet {
    type Row = StatementEntry;
    const COLUMNS: &'static [&'static str] =
        &["id", "date", "type", "amount", "balance", "remarks"];

    fn record(entry: &StatementEntry, totals: &mut Totals) -> Result<Vec<String>> {
        let entry_type = entry.entry_type.as_str();
        totals.add(entry_type, entry.amount)?;
        totals.add_balance(entry.amount, entry.balance)?;
        Ok(vec![
            entry.id.to_string(),
            cells::date(entry.date),
            cells::text(entry_type).into_owned(),
            cells::money(entry.amount, PLACES),
            cells::money(entry.balance, PLACES),
            cells::text(&entry.remarks).into_owned(),
        ])
    }
}
