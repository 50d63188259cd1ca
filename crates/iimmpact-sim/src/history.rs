//! The seeded ledger history: any number of entries, derived from the seed on demand.
//!
//! Nothing per entry is stored. An entry's time, kind, amount and details are pure
//! functions of the seed and its index; only its running balance depends on what came
//! before, so one pass at start keeps the balance at every [`STRIDE`]th entry plus the
//! positions of each entry kind (4 bytes an entry). A page then replays at most
//! `STRIDE` steps from the nearest checkpoint. 200,000 entries cost about 1 MB.

use chrono::{Duration as Span, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;

use crate::ledger::{Entry, EntryKind, Sums};
use crate::products::{self, AccountType, Product};

const STRIDE: usize = 64;
/// Below this balance the next entry is a deposit, so the seeded wallet never runs dry.
const LOW_WATER: Decimal = Decimal::from_parts(1_000, 0, 0, false, 0);
/// Statement entry ids and transaction ids of the history start here, like the seed's.
pub(crate) const FIRST_ENTRY_ID: u64 = 133_000_000;
pub(crate) const FIRST_TRXID: u64 = 106_000_000;

/// What the history's `index`th entry bought, when it is a transaction.
#[derive(Debug, Clone)]
pub(crate) struct Spend {
    pub product: &'static Product,
    pub account: String,
    pub face: Decimal,
    pub cost: Decimal,
    pub trxid: u64,
}

pub(crate) struct History {
    seed: u64,
    len: usize,
    start: NaiveDateTime,
    span_ms: i64,
    opening: Decimal,
    /// `checkpoints[k]` is the balance before entry `k * STRIDE`.
    checkpoints: Vec<Decimal>,
    /// Indices of the entries of each kind, in order.
    positions: [Vec<u32>; EntryKind::COUNT],
    sums: Sums,
    closing: Decimal,
}

/// SplitMix64 over (seed, stream, index): cheap, stateless, and well mixed.
fn mix(seed: u64, stream: u64, index: u64) -> u64 {
    let mut z = seed
        ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Independent random streams per entry.
mod stream {
    pub const KIND: u64 = 1;
    pub const AMOUNT: u64 = 2;
    pub const PRODUCT: u64 = 3;
    pub const ACCOUNT: u64 = 4;
    pub const JITTER: u64 = 5;
    pub const SERIAL: u64 = 6;
}

impl History {
    /// `len` entries spread over `days` days ending `last_day` (GMT+8), from `opening`.
    pub fn generate(
        seed: u64,
        len: usize,
        last_day: chrono::NaiveDate,
        days: u32,
        opening: Decimal,
    ) -> Self {
        let days = days.max(1);
        let first_day = last_day - Span::days(i64::from(days) - 1);
        let mut history = Self {
            seed,
            len,
            start: first_day.and_time(NaiveTime::MIN),
            span_ms: i64::from(days) * 86_400_000,
            opening,
            checkpoints: Vec::with_capacity(len / STRIDE + 1),
            positions: Default::default(),
            sums: Sums::default(),
            closing: opening,
        };
        let mut balance = opening;
        for index in 0..len {
            if index % STRIDE == 0 {
                history.checkpoints.push(balance);
            }
            let (kind, amount) = history.step(index, balance);
            balance += amount;
            history.sums.add(kind, amount);
            // `len` fits u32 for any history that fits in memory as u32 positions.
            history.positions[kind.index()].push(index as u32);
        }
        history.closing = balance;
        history
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn opening(&self) -> Decimal {
        self.opening
    }

    pub fn closing(&self) -> Decimal {
        self.closing
    }

    pub fn sums(&self) -> &Sums {
        &self.sums
    }

    pub fn positions(&self, kind: EntryKind) -> &[u32] {
        &self.positions[kind.index()]
    }

    /// Strictly increasing in `index` whenever entries are at least 2 ms apart.
    pub fn date(&self, index: usize) -> NaiveDateTime {
        let len = self.len.max(1) as i128;
        let base = (index as i128 * i128::from(self.span_ms) / len) as i64;
        let gap = self.span_ms / len as i64;
        let jitter = if gap >= 2 {
            (mix(self.seed, stream::JITTER, index as u64) % (gap as u64 / 2)) as i64
        } else {
            0
        };
        self.start + Span::milliseconds(base + jitter)
    }

    /// The first index whose date is at or after `at`.
    pub fn first_at_or_after(&self, at: NaiveDateTime) -> usize {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.date(mid) < at {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    pub fn spend(&self, index: usize) -> Spend {
        let i = index as u64;
        let sellable = &products::HISTORIC;
        let product =
            sellable[(mix(self.seed, stream::PRODUCT, i) % sellable.len() as u64) as usize];
        let roll = mix(self.seed, stream::AMOUNT, i);
        let face = if product.denominations.is_empty() {
            // RM 1.00 to RM 500.99, with cents, like real bills.
            Decimal::new((roll % 50_000 + 100) as i64, 2)
        } else {
            Decimal::from(
                product.denominations[(roll % product.denominations.len() as u64) as usize],
            )
        };
        let digits = mix(self.seed, stream::ACCOUNT, i);
        let account = match product.account_type {
            AccountType::PhoneNumber => format!("01{:08}", digits % 100_000_000),
            AccountType::AccountNumber | AccountType::Ref1 => {
                format!("2{:011}", digits % 100_000_000_000)
            }
        };
        Spend {
            product,
            account,
            face,
            cost: product.cost(face),
            trxid: FIRST_TRXID + i,
        }
    }

    /// A serial number for the history's `index`th transaction.
    pub fn serial(&self, index: usize) -> String {
        format!(
            "{:010}",
            mix(self.seed, stream::SERIAL, index as u64) % 10_000_000_000
        )
    }

    /// The kind and signed amount of entry `index`, given the balance before it.
    fn step(&self, index: usize, balance: Decimal) -> (EntryKind, Decimal) {
        let roll = mix(self.seed, stream::KIND, index as u64);
        let deposit = || {
            // RM 1,000 to RM 10,500 in steps of 500, as a merchant tops up a float.
            let amount = Decimal::from(1_000 + (roll >> 32) % 20 * 500);
            (EntryKind::Deposit, amount)
        };
        if balance < LOW_WATER {
            return deposit();
        }
        match roll % 100 {
            0..=84 => {
                let cost = self.spend(index).cost;
                if cost > balance {
                    deposit()
                } else {
                    (EntryKind::Transaction, -cost)
                }
            }
            85..=92 => (
                EntryKind::Commission,
                Decimal::new(((roll >> 16) % 500 + 1) as i64, 2),
            ),
            93..=96 => (EntryKind::Refund, self.spend(index).cost),
            _ => deposit(),
        }
    }

    fn remarks(&self, index: usize, kind: EntryKind) -> String {
        match kind {
            EntryKind::Deposit => "Wallet top-up by bank transfer".to_owned(),
            EntryKind::Transaction | EntryKind::Refund | EntryKind::Commission => {
                let s = self.spend(index);
                let prefix = match kind {
                    EntryKind::Refund => "Refund ",
                    EntryKind::Commission => "Commission ",
                    _ => "",
                };
                format!("{prefix}Trx #{} {}.{}", s.trxid, s.product.code, s.account)
            }
        }
    }

    /// The entries from `from` on, with running balances.
    pub fn entries(&self, from: usize) -> impl Iterator<Item = Entry> + '_ {
        let checkpoint = from / STRIDE;
        let mut index = checkpoint * STRIDE;
        let mut balance = self
            .checkpoints
            .get(checkpoint)
            .copied()
            .unwrap_or(self.closing);
        while index < from.min(self.len) {
            balance += self.step(index, balance).1;
            index += 1;
        }
        std::iter::from_fn(move || {
            if index >= self.len {
                return None;
            }
            let (kind, amount) = self.step(index, balance);
            balance += amount;
            let entry = Entry {
                id: FIRST_ENTRY_ID + index as u64,
                date: self.date(index),
                amount,
                balance,
                remarks: self.remarks(index, kind),
                kind,
            };
            index += 1;
            Some(entry)
        })
    }

    pub fn entry(&self, index: usize) -> Option<Entry> {
        self.entries(index).next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn history(seed: u64, len: usize) -> History {
        let end = NaiveDate::from_ymd_opt(2025, 5, 31).unwrap();
        History::generate(seed, len, end, 31, Decimal::from(5_000))
    }

    #[test]
    fn running_balances_chain_and_end_at_the_closing_balance() {
        let h = history(7, 1_000);
        let mut balance = h.opening();
        let mut previous = None;
        for entry in h.entries(0) {
            balance += entry.amount;
            assert_eq!(entry.balance, balance);
            assert!(entry.balance >= Decimal::ZERO, "{entry:?}");
            if let Some(prev) = previous {
                assert!(entry.date > prev, "dates must increase");
            }
            previous = Some(entry.date);
        }
        assert_eq!(balance, h.closing());
        let total: Decimal = [
            h.sums().deposit,
            h.sums().transaction,
            h.sums().refund,
            h.sums().commission,
        ]
        .iter()
        .sum();
        assert_eq!(h.opening() + total, h.closing());
    }

    #[test]
    fn replay_from_any_index_matches_a_full_pass() {
        let h = history(11, 500);
        let all: Vec<Entry> = h.entries(0).collect();
        for i in [0, 1, 63, 64, 65, 200, 499] {
            assert_eq!(h.entry(i).as_ref(), Some(&all[i]));
        }
        assert!(h.entry(500).is_none());
    }

    #[test]
    fn same_seed_same_rows_other_seed_other_rows() {
        let a: Vec<Entry> = history(42, 300).entries(0).collect();
        let b: Vec<Entry> = history(42, 300).entries(0).collect();
        let c: Vec<Entry> = history(43, 300).entries(0).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn dates_stay_inside_the_configured_days() {
        let h = history(3, 10_000);
        let first = h.entry(0).unwrap().date;
        let last = h.entry(9_999).unwrap().date;
        assert_eq!(first.date(), NaiveDate::from_ymd_opt(2025, 5, 1).unwrap());
        assert_eq!(last.date(), NaiveDate::from_ymd_opt(2025, 5, 31).unwrap());
        let may_10 = NaiveDate::from_ymd_opt(2025, 5, 10)
            .unwrap()
            .and_time(NaiveTime::MIN);
        let i = h.first_at_or_after(may_10);
        assert!(h.date(i) >= may_10 && h.date(i - 1) < may_10);
    }
}
