//! The monthly statement: the balance statement of one calendar month, added up per
//! entry type, from its first page to its last.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike as _, NaiveDate};
use iimmpact::models::{StatementEntry, StatementEntryType};
use rust_decimal::Decimal;
use serde::Serialize;

use super::figures::sum;
use crate::export::summary::Totals;
use crate::{Error, Problem, Result};

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    first: NaiveDate,
}

impl Month {
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    pub fn last_day(self) -> NaiveDate {
        let next = self
            .first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        next.pred_opt().unwrap_or(next)
    }

    /// The month `day` falls in.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            first: day.with_day(1).unwrap_or(day),
        }
    }
}

impl FromStr for Month {
    type Err = Error;

    /// Only `YYYY-MM`. A month names no day, so the refusal is `NotADate` on
    /// `month`; the CLI and the app word it as a month.
    fn from_str(text: &str) -> Result<Self> {
        let text = text.trim();
        let first = (text.len() == 7)
            .then(|| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok())
            .flatten()
            .ok_or_else(|| Error::invalid("month", Problem::NotADate))?;
        Ok(Self { first })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One month of the wallet: what came in, what went out, and whether it adds up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MonthStatement {
    #[ts(type = "string")]
    pub month: Month,
    /// The days asked for: the whole month, or up to today for this month.
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    #[ts(type = "number")]
    pub entries: u64,
    /// Before the month's first entry; none in a month without entries.
    #[ts(type = "string | null")]
    pub opening: Option<Decimal>,
    /// Top-ups of the wallet.
    #[ts(type = "string")]
    pub deposits: Decimal,
    /// Paid for transactions, as a positive amount.
    #[ts(type = "string")]
    pub spend: Decimal,
    /// Transactions voided and credited back.
    #[ts(type = "string")]
    pub refunds: Decimal,
    #[ts(type = "string")]
    pub commission: Decimal,
    /// Entries of a type the docs do not list, signed as IIMMPACT sent them.
    #[ts(type = "string")]
    pub other: Decimal,
    /// After the month's last entry.
    #[ts(type = "string | null")]
    pub closing: Option<Decimal>,
    /// Opening + deposits − spend + refunds + commission + other = closing.
    pub balances: bool,
}

#[derive(Default)]
pub(crate) struct MonthTally {
    totals: Totals,
}

impl MonthTally {
    pub fn add(&mut self, entry: &StatementEntry) -> Result<()> {
        let group = match &entry.entry_type {
            StatementEntryType::Other(_) => "",
            known => known.as_str(),
        };
        self.totals.add(group, entry.amount)?;
        self.totals.add_balance(entry.amount, entry.balance)
    }

    pub fn finish(self, month: Month, from: NaiveDate, to: NaiveDate) -> Result<MonthStatement> {
        let summary = self.totals.finish();
        let of = |entry_type: &str| {
            summary
                .groups
                .iter()
                .find(|g| g.name == entry_type)
                .map_or(Decimal::ZERO, |g| g.amount)
        };
        let kind = |t: StatementEntryType| of(t.as_str());
        let spent = kind(StatementEntryType::Transaction);
        let mut statement = MonthStatement {
            month,
            from,
            to,
            entries: summary.rows,
            opening: summary.opening_balance,
            deposits: kind(StatementEntryType::Deposit),
            spend: -spent,
            refunds: kind(StatementEntryType::Refund),
            commission: kind(StatementEntryType::Commission),
            other: of(""),
            closing: summary.closing_balance,
            balances: true,
        };
        statement.balances = match (statement.opening, statement.closing) {
            (Some(opening), Some(closing)) => sum(opening, statement.moved()?)? == closing,
            _ => true,
        };
        Ok(statement)
    }
}

impl MonthStatement {
    /// What the month's entries moved the balance by: deposits − spend + refunds +
    /// commission + other.
    pub fn moved(&self) -> Result<Decimal> {
        // A decimal's range is symmetric: negating never overflows.
        [-self.spend, self.refunds, self.commission, self.other]
            .into_iter()
            .try_fold(self.deposits, sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn months_are_yyyy_mm_and_end_on_their_last_day() {
        let feb: Month = "2024-02".parse().unwrap();
        assert_eq!(feb.first_day().to_string(), "2024-02-01");
        assert_eq!(feb.last_day().to_string(), "2024-02-29");
        assert_eq!(
            " 2025-12 ".parse::<Month>().unwrap().last_day().to_string(),
            "2025-12-31"
        );
        assert_eq!(feb.to_string(), "2024-02");
        for bad in ["2024-2", "2024-13", "2024-02-01", "May 2024", ""] {
            let err = bad.parse::<Month>().unwrap_err();
            assert_eq!(err.payload().field.as_deref(), Some("month"), "{bad}");
        }
    }

    fn entry(amount: &str, balance: &str, kind: &str) -> StatementEntry {
        serde_json::from_value(serde_json::json!({
            "id": 1, "date": "2025-05-19 13:06:50.523", "amount": amount, "balance": balance,
            "remarks": "", "type": kind,
        }))
        .unwrap()
    }

    #[test]
    fn each_type_is_added_and_the_month_balances_or_says_not() {
        let month: Month = "2025-05".parse().unwrap();
        let (from, to) = (month.first_day(), month.last_day());
        let rows = [
            entry("500", "600", "D"),
            entry("-628.7", "-28.7", "T"),
            entry("10.5", "-18.2", "R"),
            entry("1.234", "-16.966", "C"),
            entry("-2", "-18.966", "X"),
        ];
        let mut tally = MonthTally::default();
        for row in &rows {
            tally.add(row).unwrap();
        }
        let statement = tally.finish(month, from, to).unwrap();
        assert_eq!(statement.opening, Some(dec!(100)));
        assert_eq!(
            (
                statement.deposits,
                statement.spend,
                statement.refunds,
                statement.commission,
                statement.other
            ),
            (dec!(500), dec!(628.7), dec!(10.5), dec!(1.234), dec!(-2))
        );
        assert_eq!(statement.closing, Some(dec!(-18.966)));
        assert!(statement.balances);

        let mut gap = MonthTally::default();
        gap.add(&entry("500", "600", "D")).unwrap();
        gap.add(&entry("-10", "580", "T")).unwrap();
        assert!(
            !gap.finish(month, from, to).unwrap().balances,
            "10 went missing"
        );

        let empty = MonthTally::default().finish(month, from, to).unwrap();
        assert_eq!(
            (empty.entries, empty.opening, empty.closing, empty.balances),
            (0, None, None, true)
        );
    }
}
