//! The wallet: its balance and every balance-statement entry, seeded and live.

use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::SimConfig;
use crate::history::{History, FIRST_ENTRY_ID};
use crate::time::DateRange;

/// A balance-statement entry type. The statement's filter takes the words
/// (`DEPOSIT`…), the entries carry the short codes (`D`…) (docs/api-decisions.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Deposit,
    Transaction,
    Refund,
    Commission,
}

impl EntryKind {
    pub(crate) const COUNT: usize = 4;

    pub fn code(self) -> &'static str {
        match self {
            Self::Deposit => "D",
            Self::Transaction => "T",
            Self::Refund => "R",
            Self::Commission => "C",
        }
    }

    pub fn filter_word(self) -> &'static str {
        match self {
            Self::Deposit => "DEPOSIT",
            Self::Transaction => "TRANSACTION",
            Self::Refund => "REFUND",
            Self::Commission => "COMMISSION",
        }
    }

    pub fn from_filter_word(word: &str) -> Option<Self> {
        [
            Self::Deposit,
            Self::Transaction,
            Self::Refund,
            Self::Commission,
        ]
        .into_iter()
        .find(|k| k.filter_word().eq_ignore_ascii_case(word))
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub id: u64,
    pub date: NaiveDateTime,
    /// Signed change to the wallet.
    pub amount: Decimal,
    /// The wallet balance after this entry.
    pub balance: Decimal,
    pub remarks: String,
    pub kind: EntryKind,
}

/// Signed sums of entry amounts per type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Sums {
    pub deposit: Decimal,
    pub transaction: Decimal,
    pub refund: Decimal,
    pub commission: Decimal,
}

impl Sums {
    pub(crate) fn add(&mut self, kind: EntryKind, amount: Decimal) {
        *match kind {
            EntryKind::Deposit => &mut self.deposit,
            EntryKind::Transaction => &mut self.transaction,
            EntryKind::Refund => &mut self.refund,
            EntryKind::Commission => &mut self.commission,
        } += amount;
    }

    fn plus(mut self, other: &Sums) -> Sums {
        self.deposit += other.deposit;
        self.transaction += other.transaction;
        self.refund += other.refund;
        self.commission += other.commission;
        self
    }
}

/// The ledger as a whole, for tests to check exports and balances against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerSummary {
    /// Wallet balance now.
    pub balance: Decimal,
    /// Balance before the first entry.
    pub opening_balance: Decimal,
    pub entries: u64,
    pub sums: Sums,
}

/// One page of a statement query.
pub(crate) struct StatementPage {
    pub total: usize,
    pub rows: Vec<Entry>,
}

pub(crate) struct Ledger {
    history: History,
    live: Vec<Entry>,
    live_sums: Sums,
    balance: Decimal,
}

impl Ledger {
    pub fn new(cfg: &SimConfig) -> Self {
        let history = History::generate(
            cfg.seed,
            cfg.history_entries,
            cfg.history_end,
            cfg.history_days,
            cfg.opening_balance,
        );
        Self {
            balance: history.closing(),
            history,
            live: Vec::new(),
            live_sums: Sums::default(),
        }
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn balance(&self) -> Decimal {
        self.balance
    }

    /// Appends an entry and returns the balance after it. Dates never go backwards, so the
    /// statement stays in time order even when the history was seeded into the future.
    pub fn post(
        &mut self,
        kind: EntryKind,
        amount: Decimal,
        remarks: String,
        at: NaiveDateTime,
    ) -> Decimal {
        let floor = match self.live.last() {
            Some(last) => Some(last.date),
            None => self
                .history
                .len()
                .checked_sub(1)
                .map(|i| self.history.date(i)),
        };
        let date = floor.map_or(at, |f| at.max(f));
        self.balance += amount;
        self.live_sums.add(kind, amount);
        self.live.push(Entry {
            id: FIRST_ENTRY_ID + (self.history.len() + self.live.len()) as u64,
            date,
            amount,
            balance: self.balance,
            remarks,
            kind,
        });
        self.balance
    }

    /// Entries in `range` (and of `kind`), page `page` (1-based) of `per_page`.
    pub fn statement(
        &self,
        range: DateRange,
        kind: Option<EntryKind>,
        page: usize,
        per_page: usize,
    ) -> StatementPage {
        let (start, end) = range.bounds();
        let (lo, hi) = (
            self.history.first_at_or_after(start),
            self.history.first_at_or_after(end),
        );
        let seeded: &[u32] = match kind {
            Some(k) => {
                let all = self.history.positions(k);
                let a = all.partition_point(|&p| (p as usize) < lo);
                let b = all.partition_point(|&p| (p as usize) < hi);
                &all[a..b]
            }
            None => &[],
        };
        let seeded_count = if kind.is_some() {
            seeded.len()
        } else {
            hi - lo
        };
        let live: Vec<&Entry> = self
            .live
            .iter()
            .filter(|e| range.contains(e.date) && kind.is_none_or(|k| e.kind == k))
            .collect();
        let total = seeded_count + live.len();
        let skip = (page - 1).saturating_mul(per_page);
        let mut rows = Vec::with_capacity(per_page.min(total.saturating_sub(skip)));
        if skip < seeded_count {
            let take = per_page.min(seeded_count - skip);
            if kind.is_some() {
                rows.extend(
                    seeded[skip..skip + take]
                        .iter()
                        .filter_map(|&p| self.history.entry(p as usize)),
                );
            } else {
                rows.extend(self.history.entries(lo + skip).take(take));
            }
        }
        let live_skip = skip.saturating_sub(seeded_count);
        rows.extend(
            live.into_iter()
                .skip(live_skip)
                .take(per_page - rows.len())
                .cloned(),
        );
        StatementPage { total, rows }
    }

    pub fn summary(&self) -> LedgerSummary {
        LedgerSummary {
            balance: self.balance,
            opening_balance: self.history.opening(),
            entries: (self.history.len() + self.live.len()) as u64,
            sums: self.history.sums().plus(&self.live_sums),
        }
    }
}
