//! Transaction-history rows as CSV: one row per payment, in date order.

use iimmpact::models::Transaction;

use super::cells;
use super::engine::Sheet;
use super::summary::Totals;
use crate::Result;

const PLACES: u32 = 2;

pub(crate) struct TransactionsSheet;

impl Sheet for TransactionsSheet {
    type Row = Transaction;
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

    fn record(t: &Transaction, totals: &mut Totals) -> Result<Vec<String>> {
        let status = t.status.as_ref().map_or("", |s| s.as_str());
        totals.add(status, t.amount)?;
        let text = |value: Option<&str>| cells::text(value.unwrap_or_default()).into_owned();
        Ok(vec![
            t.date.map(cells::date).unwrap_or_default(),
            t.response_date.map(cells::date).unwrap_or_default(),
            text(t.refid.as_deref()),
            text(Some(&t.trxid)),
            text(Some(&t.product_code)),
            text(Some(&t.product_name)),
            text(Some(&t.account)),
            cells::money(t.amount, PLACES),
            t.price.map(|p| cells::money(p, PLACES)).unwrap_or_default(),
            text(Some(status)),
            t.status_code.map(|c| c.to_string()).unwrap_or_default(),
            text(t.sn.as_deref()),
        ])
    }
}
