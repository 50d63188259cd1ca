//! The totals shown when an export finishes, accumulated row by row as it streams.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

/// What an export wrote. For a balance statement the groups are entry types and the
/// opening/closing balances are set; for transactions the groups are statuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Summary {
    #[ts(type = "number")]
    pub rows: u64,
    /// The balance before the first row: its balance minus its amount.
    #[ts(type = "string | null")]
    pub opening_balance: Option<Decimal>,
    /// The balance after the last row.
    #[ts(type = "string | null")]
    pub closing_balance: Option<Decimal>,
    /// One line per entry type (or status), by name.
    pub groups: Vec<GroupTotal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct GroupTotal {
    pub name: String,
    #[ts(type = "number")]
    pub count: u64,
    #[ts(type = "string")]
    pub amount: Decimal,
}

#[derive(Debug, Default)]
pub(crate) struct Totals {
    rows: u64,
    opening_balance: Option<Decimal>,
    closing_balance: Option<Decimal>,
    groups: BTreeMap<String, (u64, Decimal)>,
}

impl Totals {
    pub fn add(&mut self, group: &str, amount: Decimal) {
        self.rows += 1;
        let (count, sum) = self.groups.entry(group.to_owned()).or_default();
        *count += 1;
        *sum += amount;
    }

    /// A statement row also moves the running balance.
    pub fn add_balance(&mut self, amount: Decimal, balance_after: Decimal) {
        self.opening_balance.get_or_insert(balance_after - amount);
        self.closing_balance = Some(balance_after);
    }

    pub fn finish(self) -> Summary {
        Summary {
            rows: self.rows,
            opening_balance: self.opening_balance,
            closing_balance: self.closing_balance,
            groups: self
                .groups
                .into_iter()
                .map(|(name, (count, amount))| GroupTotal {
                    name,
                    count,
                    amount,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn opening_is_before_the_first_row_and_closing_after_the_last() {
        let mut totals = Totals::default();
        for (group, amount, balance) in [
            ("DEPOSIT", dec!(500), dec!(600)),
            ("TRANSACTION", dec!(-10.5), dec!(589.5)),
            ("TRANSACTION", dec!(-20), dec!(569.5)),
            ("REFUND", dec!(10.5), dec!(580)),
        ] {
            totals.add(group, amount);
            totals.add_balance(amount, balance);
        }
        let summary = totals.finish();
        assert_eq!(summary.rows, 4);
        assert_eq!(summary.opening_balance, Some(dec!(100)));
        assert_eq!(summary.closing_balance, Some(dec!(580)));
        let transaction = &summary.groups[2];
        assert_eq!(
            (
                transaction.name.as_str(),
                transaction.count,
                transaction.amount
            ),
            ("TRANSACTION", 2, dec!(-30.5))
        );
    }

    #[test]
    fn an_empty_export_has_no_balances() {
        let summary = Totals::default().finish();
        assert_eq!((summary.rows, summary.opening_balance), (0, None));
        assert!(summary.groups.is_empty());
    }
}
