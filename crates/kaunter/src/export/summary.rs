//! The totals shown when an export finishes, accumulated row by row as it streams.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::{Error, Result};

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
    pub fn add(&mut self, group: &str, amount: Decimal) -> Result<()> {
        self.add_counted(group, 1, amount)
    }

    /// A row that stands for `count` of its group (a report's line of several payments).
    pub fn add_counted(&mut self, group: &str, count: u64, amount: Decimal) -> Result<()> {
        let (counted, sum) = self.groups.entry(group.to_owned()).or_default();
        *sum = sum
            .checked_add(amount)
            .ok_or_else(|| overflow(format!("the total of the {group:?} rows")))?;
        *counted += count;
        self.rows += 1;
        Ok(())
    }

    /// A row counted in no group: its amount is already in another row's.
    pub fn add_ungrouped(&mut self) {
        self.rows += 1;
    }

    /// A report that has its balances already (a month's statement) states them.
    pub fn set_balances(&mut self, opening: Option<Decimal>, closing: Option<Decimal>) {
        self.opening_balance = opening;
        self.closing_balance = closing;
    }

    /// A statement row also moves the running balance.
    pub fn add_balance(&mut self, amount: Decimal, balance_after: Decimal) -> Result<()> {
        if self.opening_balance.is_none() {
            let opening = balance_after
                .checked_sub(amount)
                .ok_or_else(|| overflow("the opening balance".to_owned()))?;
            self.opening_balance = Some(opening);
        }
        self.closing_balance = Some(balance_after);
        Ok(())
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

/// Amounts this large are not money but a corrupt or hostile reply: better no file
/// than a summary that is wrong.
fn overflow(what: String) -> Error {
    tracing::warn!(%what, "an amount too large to add up");
    Error::invalid("amount", iimmpact::Problem::TooLarge)
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
            totals.add(group, amount).unwrap();
            totals.add_balance(amount, balance).unwrap();
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

    #[test]
    fn an_overflowing_total_is_an_error_on_the_amount() {
        let mut totals = Totals::default();
        totals.add("DEPOSIT", Decimal::MAX).unwrap();
        let err = totals.add("DEPOSIT", Decimal::MAX).unwrap_err();
        let payload = err.payload();
        assert_eq!(payload.field.as_deref(), Some("amount"));
        assert_eq!(payload.problem, Some(iimmpact::Problem::TooLarge));
        let err = Totals::default()
            .add_balance(Decimal::MIN, Decimal::MAX)
            .unwrap_err();
        assert_eq!(err.payload().problem, Some(iimmpact::Problem::TooLarge));
    }

    fn decimal(mantissa: i128, scale: u32) -> Decimal {
        // Decimal holds a 96-bit mantissa; fold anything wider into it.
        Decimal::from_i128_with_scale(mantissa % (1 << 96), scale)
    }

    proptest::proptest! {
        /// Whatever the amounts, adding up never panics, and what it reports is exact.
        #[test]
        fn any_amounts_sum_exactly_or_fail_cleanly(
            rows in proptest::collection::vec(
                (0..3usize, proptest::num::i128::ANY, proptest::num::i128::ANY, 0..=28u32),
                1..40,
            )
        ) {
            let mut totals = Totals::default();
            let mut expected: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
            let mut opening = None;
            for (group, amount, balance, scale) in rows {
                let group = ["DEPOSIT", "TRANSACTION", "REFUND"][group].to_owned();
                let (amount, balance) = (decimal(amount, scale), decimal(balance, scale));
                let sum = expected
                    .get(&group)
                    .map_or(Some(amount), |(_, sum)| sum.checked_add(amount));
                let added = totals.add(&group, amount);
                let Some(sum) = sum else {
                    proptest::prop_assert!(added.is_err());
                    return Ok(());
                };
                proptest::prop_assert!(added.is_ok());
                let (count, _) = expected.get(&group).copied().unwrap_or_default();
                expected.insert(group, (count + 1, sum));

                let balanced = totals.add_balance(amount, balance);
                if opening.is_none() {
                    opening = balance.checked_sub(amount);
                    if opening.is_none() {
                        proptest::prop_assert!(balanced.is_err());
                        return Ok(());
                    }
                }
                proptest::prop_assert!(balanced.is_ok());
            }
            let summary = totals.finish();
            proptest::prop_assert_eq!(summary.opening_balance, opening);
            let got: BTreeMap<_, _> = summary
                .groups
                .into_iter()
                .map(|g| (g.name, (g.count, g.amount)))
                .collect();
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
