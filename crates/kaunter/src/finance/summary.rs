//! The Transaction Summary: IIMMPACT's transaction history added up per day, per
//! product and per counter, as its pages stream past (memory grows with the number
//! of days, products and counters, never with the number of transactions).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use iimmpact::models::Transaction;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::figures::{self, Figures};
use crate::export::cells::local_time;
use crate::reconcile::{standing, IimmpactState};
use crate::Result;

/// Which breakdown of a summary to show or write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SummaryBy {
    /// The GMT+8 day the payment was made.
    Day,
    Product,
    /// The counter named in the payment's remarks.
    Counter,
}

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SummaryLine {
    /// The day (`YYYY-MM-DD`), the product code, or the counter's name as IIMMPACT
    /// recorded it; empty when IIMMPACT's row has none (no date, no remarks).
    pub key: String,
    /// For a product line, its name as IIMMPACT lists it.
    pub product_name: Option<String>,
    #[serde(flatten)]
    #[ts(flatten)]
    pub figures: Figures,
}

/// The transactions that were not sales, by how they stand at IIMMPACT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NotSold {
    pub state: IimmpactState,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "string")]
    pub face_value: Decimal,
}

/// Sales (transactions IIMMPACT lists as successful) over a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TransactionSummary {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Every transaction listed, sold or not.
    #[ts(type = "number")]
    pub transactions: u64,
    pub total: Figures,
    pub by_day: Vec<SummaryLine>,
    pub by_product: Vec<SummaryLine>,
    pub by_counter: Vec<SummaryLine>,
    /// Pending, failed, refunded and unclear ones: not in any line above.
    pub not_sold: Vec<NotSold>,
}

impl TransactionSummary {
    pub fn lines(&self, by: SummaryBy) -> &[SummaryLine] {
        match by {
            SummaryBy::Day => &self.by_day,
            SummaryBy::Product => &self.by_product,
            SummaryBy::Counter => &self.by_counter,
        }
    }
}

type Lines = BTreeMap<String, (Option<String>, Figures)>;

/// The summary, one transaction at a time.
pub(crate) struct Tally {
    from: NaiveDate,
    to: NaiveDate,
    transactions: u64,
    total: Figures,
    by_day: Lines,
    by_product: Lines,
    by_counter: Lines,
    not_sold: BTreeMap<&'static str, NotSold>,
}

impl Tally {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Self {
        Self {
            from,
            to,
            transactions: 0,
            total: Figures::default(),
            by_day: Lines::new(),
            by_product: Lines::new(),
            by_counter: Lines::new(),
            not_sold: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, t: &Transaction) -> Result<()> {
        self.transactions += 1;
        let state = standing(t);
        if state != IimmpactState::Succeeded {
            let line = self.not_sold.entry(state.as_str()).or_insert(NotSold {
                state,
                count: 0,
                face_value: Decimal::ZERO,
            });
            line.face_value = figures::sum(line.face_value, t.amount)?;
            line.count += 1;
            return Ok(());
        }
        self.total.add(t.amount, t.price)?;
        let day = t
            .date
            .map(|at| local_time(at).date().to_string())
            .unwrap_or_default();
        let counter = t.remarks.as_deref().unwrap_or_default().trim();
        let name = Some(t.product_name.clone()).filter(|n| !n.is_empty());
        for (lines, key, name) in [
            (&mut self.by_day, day, None),
            (&mut self.by_product, t.product_code.clone(), name),
            (&mut self.by_counter, counter.to_owned(), None),
        ] {
            let (known_name, figures) = lines.entry(key).or_default();
            if known_name.is_none() {
                *known_name = name;
            }
            figures.add(t.amount, t.price)?;
        }
        Ok(())
    }

    pub fn finish(self) -> TransactionSummary {
        let lines = |lines: Lines| {
            lines
                .into_iter()
                .map(|(key, (product_name, figures))| SummaryLine {
                    key,
                    product_name,
                    figures,
                })
                .collect()
        };
        TransactionSummary {
            from: self.from,
            to: self.to,
            transactions: self.transactions,
            total: self.total,
            by_day: lines(self.by_day),
            by_product: lines(self.by_product),
            by_counter: lines(self.by_counter),
            not_sold: self.not_sold.into_values().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn row(
        date: &str,
        product: &str,
        amount: &str,
        price: Option<&str>,
        code: i64,
        remarks: &str,
    ) -> Transaction {
        serde_json::from_value(serde_json::json!({
            "trxid": "1", "date": date, "product_code": product, "product_name": format!("{product} name"),
            "amount": amount, "price": price, "status_code": code, "remarks": remarks,
        }))
        .unwrap()
    }

    #[test]
    fn sales_are_added_per_day_product_and_counter_and_the_rest_set_aside() {
        let day = NaiveDate::from_ymd_opt(2025, 5, 19).unwrap();
        let mut tally = Tally::new(day, day.succ_opt().unwrap());
        for t in [
            row(
                "2025-05-19 23:59:59.900",
                "D",
                "10.00",
                Some("9.80"),
                20,
                "Counter 1",
            ),
            row(
                "2025-05-20 00:00:00.100",
                "D",
                "5",
                Some("4.90"),
                20,
                " Counter 2 ",
            ),
            row("2025-05-20 08:00:00.000", "TNB", "628.70", None, 20, ""),
            row(
                "2025-05-20 09:00:00.000",
                "D",
                "30",
                Some("29"),
                53,
                "Counter 1",
            ),
            row(
                "2025-05-20 09:00:00.000",
                "D",
                "20",
                Some("19"),
                48,
                "Counter 1",
            ),
            row(
                "2025-05-20 09:00:00.000",
                "D",
                "7",
                Some("6"),
                99,
                "Counter 1",
            ),
        ] {
            tally.add(&t).unwrap();
        }
        let summary = tally.finish();
        assert_eq!(summary.transactions, 6);
        assert_eq!(
            (
                summary.total.count,
                summary.total.face_value,
                summary.total.cost,
                summary.total.margin
            ),
            (3, dec!(643.70), dec!(14.70), dec!(0.30))
        );
        let keyed = |lines: &[SummaryLine]| -> Vec<(String, u64, Decimal)> {
            lines
                .iter()
                .map(|l| (l.key.clone(), l.figures.count, l.figures.face_value))
                .collect()
        };
        assert_eq!(
            keyed(&summary.by_day),
            [
                ("2025-05-19".into(), 1, dec!(10.00)),
                ("2025-05-20".into(), 2, dec!(633.70))
            ]
        );
        assert_eq!(
            keyed(&summary.by_counter),
            [
                ("".into(), 1, dec!(628.70)),
                ("Counter 1".into(), 1, dec!(10.00)),
                ("Counter 2".into(), 1, dec!(5))
            ]
        );
        let tnb = &summary.lines(SummaryBy::Product)[1];
        assert_eq!(
            (tnb.key.as_str(), tnb.product_name.as_deref()),
            ("TNB", Some("TNB name"))
        );
        assert_eq!((tnb.figures.without_cost, tnb.figures.margin), (1, dec!(0)));
        let aside: Vec<_> = summary
            .not_sold
            .iter()
            .map(|n| (n.state, n.count, n.face_value))
            .collect();
        assert_eq!(
            aside,
            [
                (IimmpactState::Failed, 1, dec!(20)),
                (IimmpactState::Refunded, 1, dec!(30)),
                (IimmpactState::Unclear, 1, dec!(7)),
            ]
        );
    }
}
