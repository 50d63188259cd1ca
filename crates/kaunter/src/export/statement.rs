//! Balance-statement rows: one row per wallet entry, in id (time) order.

use iimmpact::models::StatementEntry;

use super::cells::Cell;
use super::engine::Sheet;
use super::summary::Totals;
use crate::Result;

/// The API gives balances with up to 4 decimals (the seed shows 3).
const PLACES: u32 = 4;

pub(crate) struct StatementSheet;

impl Sheet for StatementSheet {
    type Row = StatementEntry;
    const NAME: &'static str = "Statement";
    const GROUPED_BY: &'static str = "type";
    const COLUMNS: &'static [&'static str] =
        &["id", "date", "type", "amount", "balance", "remarks"];

    fn record<'r>(entry: &'r StatementEntry, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        let entry_type = entry.entry_type.as_str();
        totals.add(entry_type, entry.amount)?;
        totals.add_balance(entry.amount, entry.balance)?;
        let money = |value| Cell::Money {
            value,
            places: PLACES,
        };
        Ok(vec![
            Cell::Text(entry.id.to_string().into()),
            Cell::Date(entry.date),
            Cell::text(entry_type),
            money(entry.amount),
            money(entry.balance),
            Cell::text(&entry.remarks),
        ])
    }
}
