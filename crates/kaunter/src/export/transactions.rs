//! Transaction-history rows: one row per payment, in date order.

use iimmpact::models::Transaction;

use super::cells::Cell;
use super::engine::Sheet;
use super::summary::Totals;
use crate::Result;

const PLACES: u32 = 2;

pub(crate) struct TransactionsSheet;

impl Sheet for TransactionsSheet {
    type Row = Transaction;
    const NAME: &'static str = "Transactions";
    const GROUPED_BY: &'static str = "status";
    const COLUMNS: &'static [&'static str] = &[
        "date",
        "response_date",
        "refid",
        "trxid",
        "product_code",
        "product_name",
        "account",
        "amount",
        "price",
        "status",
        "status_code",
        "sn",
    ];

    fn record<'r>(t: &'r Transaction, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        let status = t.status.as_ref().map_or("", |s| s.as_str());
        totals.add(status, t.amount)?;
        let money = |value: Option<_>| {
            value.map_or(Cell::Empty, |value| Cell::Money {
                value,
                places: PLACES,
            })
        };
        Ok(vec![
            t.date.map_or(Cell::Empty, Cell::Date),
            t.response_date.map_or(Cell::Empty, Cell::Date),
            optional_text(t.refid.as_deref()),
            Cell::text(&t.trxid),
            Cell::text(&t.product_code),
            Cell::text(&t.product_name),
            Cell::text(&t.account),
            money(Some(t.amount)),
            money(t.price),
            Cell::text(status),
            t.status_code.map_or(Cell::Empty, Cell::Integer),
            optional_text(t.sn.as_deref()),
        ])
    }
}

fn optional_text(value: Option<&str>) -> Cell<'_> {
    value.map_or(Cell::Empty, Cell::text)
}
