//! The reports as files, the same columns in CSV and in a workbook: a summary's
//! breakdown (one row per line, the first column named after the breakdown), the
//! month's statement (one row), the end-of-shift report (what to collect, each
//! product's line, each open payment).

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::NaiveDate;
use iimmpact::Timestamp;
use rust_decimal::Decimal;

use super::month::MonthStatement;
use super::shift::{ShiftLine, ShiftReport};
use super::summary::SummaryLine;
use crate::export::cells::Cell;
use crate::export::summary::Totals;
use crate::export::Sheet;
use crate::journal::PaymentRecord;
use crate::Result;

/// Which breakdown a sheet holds: its name and its first column's.
pub(crate) trait Breakdown {
    const NAME: &'static str;
    const COLUMNS: &'static [&'static str];
    /// The first column holds days (`YYYY-MM-DD`), written as dates.
    const DAYS: bool;
}

pub(crate) struct ByDay;
pub(crate) struct ByProduct;
pub(crate) struct ByCounter;

/// A breakdown's sheet name and columns: its key column, then the same figures.
macro_rules! breakdown {
    ($($kind:ident: $name:literal, $key:literal, $days:literal;)+) => {$(
        impl Breakdown for $kind {
            const NAME: &'static str = $name;
            const DAYS: bool = $days;
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
    ByDay: "By day", "day", true;
    ByProduct: "By product", "product", false;
    ByCounter: "By counter", "counter", false;
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
        // A day line without a day (IIMMPACT's row had no date) stays an empty text.
        let key = match line.key.parse::<NaiveDate>() {
            Ok(day) if B::DAYS => Cell::Day(day),
            _ => Cell::text(&line.key),
        };
        Ok(vec![
            key,
            line.product_name.as_deref().map_or(Cell::Empty, Cell::text),
            count(f.count),
            money(f.face_value),
            money(f.cost),
            money(f.margin),
            count(f.without_cost),
        ])
    }
}

fn money<'r>(value: Decimal) -> Cell<'r> {
    Cell::Money { value, places: 2 }
}

fn count<'r>(n: u64) -> Cell<'r> {
    Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(crate) struct MonthSheet;

impl Sheet for MonthSheet {
    type Row = MonthStatement;
    const NAME: &'static str = "Month";
    const COLUMNS: &'static [&'static str] = &[
        "month",
        "from",
        "to",
        "entries",
        "opening",
        "deposits",
        "spend",
        "refunds",
        "commission",
        "other",
        "closing",
        "balances",
    ];
    /// The Summary sheet states the month's balances and, as its one group, what the
    /// month's entries moved the balance by.
    const GROUPED_BY: &'static str = "month";

    fn record<'r>(s: &'r MonthStatement, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        let month = s.month.to_string();
        totals.add(&month, s.moved()?)?;
        totals.set_balances(s.opening, s.closing);
        let balance = |value: Option<Decimal>| value.map_or(Cell::Empty, money);
        Ok(vec![
            Cell::Text(Cow::Owned(month)),
            Cell::Day(s.from),
            Cell::Day(s.to),
            count(s.entries),
            balance(s.opening),
            money(s.deposits),
            money(s.spend),
            money(s.refunds),
            money(s.commission),
            money(s.other),
            balance(s.closing),
            Cell::Bool(s.balances),
        ])
    }
}

/// One row of the end-of-shift report's file.
pub(crate) struct ShiftRow {
    day: NaiveDate,
    counter: String,
    part: ShiftPart,
}

enum ShiftPart {
    ToCollect(Decimal),
    Line(ShiftLine),
    Open(Box<PaymentRecord>),
}

impl ShiftPart {
    fn section(&self) -> &'static str {
        match self {
            Self::ToCollect(_) => "to_collect",
            Self::Line(_) => "by_product",
            Self::Open(_) => "open",
        }
    }
}

/// The report top to bottom, as it prints: what to collect, the lines by product and
/// state, the payments still open.
pub(crate) fn shift_rows(report: &ShiftReport) -> Vec<ShiftRow> {
    let parts = std::iter::once(ShiftPart::ToCollect(report.to_collect))
        .chain(report.by_product.iter().cloned().map(ShiftPart::Line))
        .chain(
            report
                .open
                .iter()
                .cloned()
                .map(Box::new)
                .map(ShiftPart::Open),
        );
    parts
        .map(|part| ShiftRow {
            day: report.day,
            counter: report.counter.clone(),
            part,
        })
        .collect()
}

pub(crate) struct ShiftSheet;

impl Sheet for ShiftSheet {
    type Row = ShiftRow;
    const NAME: &'static str = "Shift";
    const COLUMNS: &'static [&'static str] = &[
        "day",
        "counter",
        "section",
        "product",
        "product_name",
        "state",
        "count",
        "amount",
        "created_at",
        "refid",
        "account",
    ];
    /// The Summary sheet has the day's payments by state, from the product lines (an
    /// open payment's row repeats one of them; what to collect adds them up).
    const GROUPED_BY: &'static str = "state";

    fn record<'r>(row: &'r ShiftRow, totals: &mut Totals) -> Result<Vec<Cell<'r>>> {
        let text = |value: &'r str| Cell::text(value);
        let name = |value: &'r Option<String>| value.as_deref().map_or(Cell::Empty, Cell::text);
        let mut cells = vec![
            Cell::Day(row.day),
            text(&row.counter),
            text(row.part.section()),
        ];
        match &row.part {
            ShiftPart::ToCollect(amount) => {
                totals.add_ungrouped();
                cells.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
                cells.push(money(*amount));
            }
            ShiftPart::Line(line) => {
                let state = line.state.as_str();
                totals.add_counted(state, line.count.into(), line.amount)?;
                cells.extend([
                    text(&line.product),
                    name(&line.product_name),
                    text(state),
                    count(line.count.into()),
                    money(line.amount),
                ]);
            }
            ShiftPart::Open(p) => {
                totals.add_ungrouped();
                cells.extend([
                    text(p.product.as_str()),
                    name(&p.product_name),
                    text(p.state.as_str()),
                    count(1),
                    money(p.amount.value()),
                    Cell::Date(Timestamp::from(p.created_at.fixed_offset())),
                    text(p.refid.as_str()),
                    text(&p.account),
                ]);
            }
        }
        // Only an open payment has a time, a refid and an account.
        cells.resize(Self::COLUMNS.len(), Cell::Empty);
        Ok(cells)
    }
}
