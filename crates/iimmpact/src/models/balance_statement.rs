//! `GET /v2/balance-statement`: the wallet ledger (`../shared/iimmpact-api.md` §3.11).
//!
//! Decisions (`../shared/iimmpact-api.md` §5.8, docs/api-decisions.md): the `type` filter takes the words
//! `DEPOSIT`, `TRANSACTION`, `REFUND`, `COMMISSION`, while rows carry the short codes
//! `D`, `T`, `R`, `C` (the seed shows `T`); both map to one enum and unknown codes are
//! kept. Pages follow the Laravel paginator (`links`, `meta`), ordered by `id`.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;
use crate::error::{InputError, Problem};
use crate::money;
use crate::time::{DateRange, Timestamp};

open_enum! {
    pub enum StatementEntryType {
        Deposit = ["DEPOSIT", "D"],
        Transaction = ["TRANSACTION", "T"],
        Refund = ["REFUND", "R"],
        Commission = ["COMMISSION", "C"],
    }
}

impl FromStr for StatementEntryType {
    type Err = InputError;

    /// For a filter typed by a person: only the four documented types.
    fn from_str(text: &str) -> Result<Self, InputError> {
        match Self::from(text) {
            Self::Other(_) => Err(InputError::new(
                "type",
                Problem::OneOf {
                    allowed: ["DEPOSIT", "TRANSACTION", "REFUND", "COMMISSION"]
                        .map(String::from)
                        .to_vec(),
                },
            )),
            known => Ok(known),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementQuery {
    pub date: DateRange,
    entry_type: Option<StatementEntryType>,
}

impl StatementQuery {
    pub fn new(date: DateRange) -> Self {
        Self {
            date,
            entry_type: None,
        }
    }

    /// Only one documented type; `Other` cannot be sent as a filter.
    pub fn with_type(mut self, entry_type: StatementEntryType) -> Result<Self, InputError> {
        self.entry_type = Some(entry_type.as_str().parse()?);
        Ok(self)
    }

    pub fn entry_type(&self) -> Option<&StatementEntryType> {
        self.entry_type.as_ref()
    }

    /// The filter pairs; the pager adds `page` and `limit`.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("date", self.date.to_string())];
        pairs.extend(
            self.entry_type
                .as_ref()
                .map(|t| ("type", t.as_str().to_owned())),
        );
        pairs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementEntry {
    #[serde(deserialize_with = "lenient::int")]
    pub id: i64,
    pub date: Timestamp,
    /// Signed change of the wallet.
    #[serde(deserialize_with = "money::lenient::deserialize")]
    pub amount: Decimal,
    /// Wallet balance after this entry.
    #[serde(deserialize_with = "money::lenient::deserialize")]
    pub balance: Decimal,
    #[serde(default, deserialize_with = "lenient::string")]
    pub remarks: String,
    #[serde(rename = "type")]
    pub entry_type: StatementEntryType,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatementPage {
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub data: Vec<StatementEntry>,
    #[serde(default)]
    pub links: Option<PageLinks>,
    pub meta: PageMeta,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageLinks {
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub first: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub last: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub prev: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub next: Option<String>,
}

/// The paginator's counters; `from`/`to` are `null` on an empty page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    #[serde(deserialize_with = "lenient::int")]
    pub current_page: i64,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub from: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    pub last_page: i64,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub path: Option<String>,
    /// The page size the server actually used (it may cap what was asked).
    #[serde(deserialize_with = "lenient::int")]
    pub per_page: i64,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub to: Option<i64>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub total: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const SEED: &str = r#"{"data":[{"id":133382527,"date":"2025-05-19 13:06:50.523","amount":-628.7,"balance":139985.697,
        "remarks":"Trx #106609887 TNB.220000000000","type":"T"}],
        "links":{"first":"/balance-statement?page=1","last":"/balance-statement?page=85526","prev":null,"next":"/balance-statement?page=2"},
        "meta":{"current_page":1,"from":1,"last_page":85526,"path":"/balance-statement","per_page":2,"to":2,"total":171052}}"#;

    #[test]
    fn seed_example_is_exact() {
        let page: StatementPage = serde_json::from_str(SEED).unwrap();
        let e = &page.data[0];
        assert_eq!(e.amount, dec!(-628.7));
        assert_eq!(e.balance, dec!(139985.697));
        assert_eq!(e.balance.to_string(), "139985.697");
        assert_eq!(e.entry_type, StatementEntryType::Transaction);
        assert_eq!(e.date.to_string(), "2025-05-19 13:06:50");
        assert_eq!(
            (page.meta.last_page, page.meta.per_page, page.meta.total),
            (85526, 2, Some(171052))
        );
        assert_eq!(page.links.unwrap().prev, None);
    }

    #[test]
    fn entry_types_in_both_spellings_and_unknown_kept() {
        for (word, expected) in [
            ("D", StatementEntryType::Deposit),
            ("DEPOSIT", StatementEntryType::Deposit),
            ("t", StatementEntryType::Transaction),
            ("R", StatementEntryType::Refund),
            ("REFUND", StatementEntryType::Refund),
            ("C", StatementEntryType::Commission),
            ("COMMISSION", StatementEntryType::Commission),
            ("X", StatementEntryType::Other("X".into())),
        ] {
            let json = format!(
                r#"{{"id":"1","date":"2025-05-19 13:06:50.523","amount":"1","balance":"2","type":"{word}"}}"#
            );
            assert_eq!(
                serde_json::from_str::<StatementEntry>(&json)
                    .unwrap()
                    .entry_type,
                expected,
                "{word}"
            );
        }
    }

    #[test]
    fn empty_page_past_the_end() {
        let json = r#"{"data":[],"links":{"first":"/balance-statement?page=1","last":"/balance-statement?page=1","prev":"/balance-statement?page=1","next":null},
            "meta":{"current_page":2,"from":null,"last_page":1,"path":"/balance-statement","per_page":100,"to":null,"total":3}}"#;
        let page: StatementPage = serde_json::from_str(json).unwrap();
        assert!(page.data.is_empty());
        assert_eq!(page.meta.from, None);
    }

    #[test]
    fn filter_only_takes_documented_types() {
        let q = StatementQuery::new("2025-05-01".parse().unwrap());
        assert_eq!(
            q.clone()
                .with_type(StatementEntryType::Other("X".into()))
                .unwrap_err()
                .field,
            "type"
        );
        let q = q.with_type("d".parse().unwrap()).unwrap();
        assert_eq!(
            q.to_pairs(),
            vec![("date", "2025-05-01".into()), ("type", "DEPOSIT".into())]
        );
        assert_eq!(
            "bogus".parse::<StatementEntryType>().unwrap_err().field,
            "type"
        );
    }
}
