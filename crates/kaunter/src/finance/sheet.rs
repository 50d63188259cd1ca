//! A summary's breakdown as a file: one row per line, the same columns in CSV and in
//! a workbook, the first column named after the breakdown.

use std::marker::PhantomData;

use super::summary::SummaryLine;
use crate::export::cells::Cell;
use crate::export::summary::Totals;
use crate::export::Sheet;
use crate::Result;

/// Which breakdown a sheet holds: its name and its first column's.
pub(crate) trait Breakdown {
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
}

pub(crate) struct ByDay;
pub(crate) struct ByProduct;
pub(crate) struct ByCounter;

/// A breakdown's sheet name and columns: its key column, then the same figures.
macro_rules! breakdown {
    ($($kind:ident: $name:literal, $key:literal;)+) => {$(
        impl Breakdown for $kind {
            const NAME: &'static str = $name;
            const COLUMNS: &'static [&'static str] = &[
                $key,
                "product_name",
                "count",
                "face_value",
                "cost",
                "margin",
                "without_cost",
            ];
        }
    )+};
}

breakdown! {
    ByDay: "By day", "day";
    ByProduct: "By product", "product";
    ByCounter: "By counter", "counter";
}

pub(crate) struct LinesSheet<B>(PhantomData<B>);

impl<B: Breakdown> Sheet for LinesSheet<B> {
    type Row = SummaryLine;
    const NAME: &'static str = B::NAME;
    const COLUMNS: &'static [&'static str] = B::COLUMNS;
    /// The Summary sheet's one group: every line's sales, so its amount is the total
    /// face value (its count is the number of lines).
    const GROUPED_BY: &'static str = "sales";

    fn record<'r>(line: &'r SummaryLine, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        let f = &line.figures;
        totals.add("face_value", f.face_value)?;
        let money = |value| Cell::Money { value, places: 2 };
        let count = |n: u64| Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX));
        Ok(vec![
            Cell::text(&line.key),
            line.product_name.as_deref().map_or(Cell::Empty, Cell::text),
            count(f.count),
            money(f.face_value),
            money(f.cost),
            money(f.margin),
            count(f.without_cost),
        ])
    }
}
