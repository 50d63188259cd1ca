//! The balance statement's checks, entry by entry as the pages stream in.

use std::collections::HashSet;

use iimmpact::models::{StatementEntry, StatementEntryType};
use rust_decimal::Decimal;

use super::report::{StatementCheck, StatementLine};
use crate::{Error, Result};

#[derive(Default)]
pub(super) struct Checker {
    entries: u64,
    opening: Option<Decimal>,
    closing: Option<Decimal>,
    sum: Decimal,
    unmatched: Vec<StatementLine>,
}

/// The transaction id a payment debit's remarks name: `Trx #106609887 TNB.2200…`.
fn trxid_in(remarks: &str) -> Option<&str> {
    let rest = &remarks[remarks.find("Trx #")? + "Trx #".len()..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

impl Checker {
    /// Counts `entry`; a payment debit must name a transaction in `trxids`.
    pub fn add(&mut self, entry: &StatementEntry, trxids: &HashSet<String>) -> Result<()> {
        // Amounts this large are a corrupt or hostile reply, not money, as everywhere.
        let overflow = || Error::invalid("amount", iimmpact::Problem::TooLarge);
        if self.opening.is_none() {
            self.opening = Some(
                entry
                    .balance
                    .checked_sub(entry.amount)
                    .ok_or_else(overflow)?,
            );
        }
        self.closing = Some(entry.balance);
        self.sum = self.sum.checked_add(entry.amount).ok_or_else(overflow)?;
        self.entries += 1;
        let is_debit =
            entry.entry_type == StatementEntryType::Transaction && entry.amount.is_sign_negative();
        if is_debit && !trxid_in(&entry.remarks).is_some_and(|t| trxids.contains(t)) {
            self.unmatched.push(StatementLine {
                id: entry.id,
                date: entry.date,
                amount: entry.amount,
                remarks: entry.remarks.clone(),
            });
        }
        Ok(())
    }

    pub fn finish(self) -> StatementCheck {
        let balances = match (self.opening, self.closing) {
            // A difference too large to hold cannot be the sum of entries that fit.
            (Some(opening), Some(closing)) => closing.checked_sub(opening) == Some(self.sum),
            _ => self.sum.is_zero(),
        };
        StatementCheck {
            entries: self.entries,
            opening: self.opening,
            closing: self.closing,
            sum_of_entries: self.sum,
            balances,
            debits_without_transaction: self.unmatched,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, amount: f64, balance: f64, remarks: &str, kind: &str) -> StatementEntry {
        serde_json::from_value(serde_json::json!({
            "id": id, "date": "2025-05-19 13:06:50.523", "amount": amount,
            "balance": balance, "remarks": remarks, "type": kind,
        }))
        .unwrap()
    }

    #[test]
    fn trxids_are_read_from_the_remarks_or_not_at_all() {
        assert_eq!(
            trxid_in("Trx #106609887 TNB.220000000000"),
            Some("106609887")
        );
        assert_eq!(trxid_in("Refund Trx #7 D.0123"), Some("7"));
        assert_eq!(trxid_in("Trx # D.0123"), None);
        assert_eq!(trxid_in("Wallet top-up"), None);
    }

    #[test]
    fn a_chain_that_adds_up_and_a_debit_without_its_transaction() {
        let known: HashSet<String> = ["1".to_owned()].into();
        let mut check = Checker::default();
        for e in [
            entry(1, 500.0, 600.0, "Wallet top-up", "D"),
            entry(2, -9.75, 590.25, "Trx #1 D.0123456789", "T"),
            entry(3, -5.0, 585.25, "Trx #2 D.0123456789", "T"),
            entry(4, -1.0, 584.25, "no id here", "T"),
        ] {
            check.add(&e, &known).unwrap();
        }
        let done = check.finish();
        assert_eq!(done.opening, Some(Decimal::from(100)));
        assert!(done.balances);
        let ids: Vec<i64> = done
            .debits_without_transaction
            .iter()
            .map(|l| l.id)
            .collect();
        assert_eq!(ids, [3, 4]);
    }

    #[test]
    fn a_missing_entry_breaks_the_sum() {
        let mut check = Checker::default();
        check
            .add(&entry(1, -10.0, 90.0, "Trx #1 x", "T"), &HashSet::new())
            .unwrap();
        // An entry of -5 is missing between these two.
        check
            .add(&entry(3, -10.0, 75.0, "Trx #3 x", "T"), &HashSet::new())
            .unwrap();
        assert!(!check.finish().balances);
    }

    #[test]
    fn balances_too_far_apart_to_subtract_do_not_balance_and_do_not_panic() {
        let huge = Decimal::MAX;
        let hostile = |id, amount, balance| StatementEntry {
            amount,
            balance,
            ..entry(id, 0.0, 0.0, "Wallet top-up", "D")
        };
        let mut check = Checker::default();
        check
            .add(&hostile(1, Decimal::ZERO, -huge), &HashSet::new())
            .unwrap();
        check
            .add(&hostile(2, Decimal::ZERO, huge), &HashSet::new())
            .unwrap();
        assert!(!check.finish().balances);

        let mut check = Checker::default();
        check.add(&hostile(1, huge, huge), &HashSet::new()).unwrap();
        let err = check
            .add(&hostile(2, huge, huge), &HashSet::new())
            .unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("amount"));
    }
}
