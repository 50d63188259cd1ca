//! The end-of-shift report: one GMT+8 day of this counter's journal, for the cashier
//! to count the till against and hand over.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::figures::sum;
use crate::journal::{DayTotals, PaymentRecord, PaymentState, StateTotal};
use crate::Result;

/// One product's payments in one state.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ShiftLine {
    pub product: String,
    pub product_name: Option<String>,
    pub state: PaymentState,
    pub count: u32,
    #[ts(type = "string")]
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ShiftReport {
    /// The counter's name, from Settings.
    pub counter: String,
    #[ts(type = "string")]
    pub day: NaiveDate,
    pub payments: u32,
    pub by_state: Vec<StateTotal>,
    /// By product, then state.
    pub by_product: Vec<ShiftLine>,
    /// What the customers owe the till: the payments that succeeded, and those still
    /// open, which may yet succeed (the customer does not leave thinking otherwise).
    #[ts(type = "string")]
    pub to_collect: Decimal,
    /// The open payments, oldest first: each needs a re-check before the till closes.
    pub open: Vec<PaymentRecord>,
}

/// `payments` are the day's, oldest first.
pub(crate) fn report(
    counter: &str,
    day: NaiveDate,
    payments: Vec<PaymentRecord>,
) -> Result<ShiftReport> {
    let mut lines: BTreeMap<(String, usize), ShiftLine> = BTreeMap::new();
    let mut to_collect = Decimal::ZERO;
    for p in &payments {
        let amount = p.amount.value();
        if p.state == PaymentState::Succeeded || !p.state.is_final() {
            to_collect = sum(to_collect, amount)?;
        }
        let order = PaymentState::ALL
            .iter()
            .position(|s| *s == p.state)
            .unwrap_or_default();
        let line = lines
            .entry((p.product.to_string(), order))
            .or_insert_with(|| ShiftLine {
                product: p.product.to_string(),
                product_name: None,
                state: p.state,
                count: 0,
                amount: Decimal::ZERO,
            });
        if line.product_name.is_none() {
            line.product_name.clone_from(&p.product_name);
        }
        line.count = line.count.saturating_add(1);
        line.amount = sum(line.amount, amount)?;
    }
    let totals = DayTotals::of(day, &payments);
    let open = payments
        .into_iter()
        .filter(|p| !p.state.is_final())
        .collect();
    Ok(ShiftReport {
        counter: counter.trim().to_owned(),
        day,
        payments: totals.by_state.iter().map(|t| t.count).sum(),
        by_state: totals.by_state,
        by_product: lines.into_values().collect(),
        to_collect,
        open,
    })
}
