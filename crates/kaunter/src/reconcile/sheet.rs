//! The mismatches as a file: one row each, the same columns in CSV and in a workbook;
//! a workbook adds each counter's part and the statement's checks, as the screen
//! shows them beside the mismatches.

use std::collections::BTreeSet;

use super::report::{Mismatch, MismatchKind, ReconcileReport};
use crate::export::cells::Cell;
use crate::export::summary::Totals;
use crate::export::{Appendix, Sheet, Table};
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

/// The sheets after the mismatches: "By counter", then "Statement check".
pub(super) fn appendices(report: &ReconcileReport) -> [Appendix<'_>; 2] {
    [by_counter(report), statement_check(report)]
}

fn count<'r>(n: u64) -> Cell<'r> {
    Cell::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

fn money<'r>(value: Option<rust_decimal::Decimal>) -> Cell<'r> {
    value.map_or(Cell::Empty, |value| Cell::Money { value, places: 2 })
}

/// One row a counter, one column each kind of mismatch that occurred in the report.
fn by_counter(report: &ReconcileReport) -> Appendix<'_> {
    let kinds: BTreeSet<MismatchKind> = report
        .by_counter
        .iter()
        .flat_map(|c| c.by_kind.iter().map(|k| k.kind))
        .collect();
    let mut columns = vec!["counter", "matched", "open_at_both", "mismatches"];
    columns.extend(kinds.iter().map(|k| k.as_str()));
    let rows = report
        .by_counter
        .iter()
        .map(|c| {
            let mut cells = vec![
                c.counter.as_deref().map_or(Cell::Empty, Cell::text),
                count(c.matched),
                count(c.open_at_both),
                count(c.mismatches),
            ];
            cells.extend(kinds.iter().map(|kind| {
                let n = c
                    .by_kind
                    .iter()
                    .find(|k| k.kind == *kind)
                    .map_or(0, |k| k.count);
                count(n)
            }));
            cells
        })
        .collect();
    Appendix {
        name: "By counter",
        tables: vec![Table {
            title: None,
            columns,
            rows,
        }],
    }
}

/// The days, the balance statement's sums and whether they agree, then each payment
/// debit without its transaction.
fn statement_check(report: &ReconcileReport) -> Appendix<'_> {
    let check = &report.statement;
    let difference = check
        .closing
        .zip(check.opening)
        .and_then(|(closing, opening)| closing.checked_sub(opening));
    let sums = Table {
        title: None,
        columns: vec![
            "from",
            "to",
            "entries",
            "opening",
            "closing",
            "closing_less_opening",
            "sum_of_entries",
            "balances",
            "debits_without_transaction",
        ],
        rows: vec![vec![
            Cell::Day(report.from),
            Cell::Day(report.to),
            count(check.entries),
            money(check.opening),
            money(check.closing),
            money(difference),
            money(Some(check.sum_of_entries)),
            Cell::Bool(check.balances),
            count(check.debits_without_transaction.len() as u64),
        ]],
    };
    let debits = Table {
        title: Some("Payment debits without their transaction"),
        columns: vec!["id", "date", "amount", "remarks"],
        rows: check
            .debits_without_transaction
            .iter()
            .map(|line| {
                vec![
                    // An id is text, as in the statement's own export.
                    Cell::Text(line.id.to_string().into()),
                    Cell::Date(line.date),
                    money(Some(line.amount)),
                    Cell::text(&line.remarks),
                ]
            })
            .collect(),
    };
    Appendix {
        name: "Statement check",
        tables: vec![sums, debits],
    }
}
