//! `GET /v2/balance`: the wallet (`../shared/iimmpact-api.md` §3.1).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;
use crate::money;

/// The wallet balance, which already counts pending transactions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    #[serde(default, deserialize_with = "lenient::string")]
    pub account: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(deserialize_with = "money::lenient::deserialize")]
    pub balance: Decimal,
    /// The pricing group.
    #[serde(default, deserialize_with = "lenient::string")]
    pub level: String,
    #[serde(default)]
    pub access: AccessLevel,
}

/// Whether the account may pay: `0` full access, `50` read-only (a number, or a string
/// in older replies).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "AccessCode", into = "i64")]
pub enum AccessLevel {
    #[default]
    Full,
    ReadOnly,
    /// A level the docs do not list; treated as unable to pay.
    Other(i64),
}

impl AccessLevel {
    pub fn may_pay(self) -> bool {
        self == AccessLevel::Full
    }
}

impl From<AccessLevel> for i64 {
    fn from(level: AccessLevel) -> i64 {
        match level {
            AccessLevel::Full => 0,
            AccessLevel::ReadOnly => 50,
            AccessLevel::Other(code) => code,
        }
    }
}

#[derive(Deserialize)]
struct AccessCode(#[serde(deserialize_with = "lenient::int")] i64);

impl From<AccessCode> for AccessLevel {
    fn from(AccessCode(code): AccessCode) -> Self {
        match code {
            0 => AccessLevel::Full,
            50 => AccessLevel::ReadOnly,
            other => AccessLevel::Other(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::DataEnvelope;
    use rust_decimal_macros::dec;

    fn parse(json: &str) -> Balance {
        serde_json::from_str::<DataEnvelope<Balance>>(json)
            .unwrap()
            .data
    }

    #[test]
    fn documented_examples() {
        let b = parse(
            r#"{"data":{"account":"00000","name":"Demo","balance":48.6333,"level":"12","access":0}}"#,
        );
        assert_eq!(b.balance, dec!(48.6333));
        assert_eq!(
            (b.account.as_str(), b.level.as_str(), b.access),
            ("00000", "12", AccessLevel::Full)
        );
        let b = parse(
            r#"{"data":{"account":"3100528","name":"Demo Merchant Sdn Bhd","balance":950,"level":"12","access":0}}"#,
        );
        assert_eq!(b.balance, dec!(950));
    }

    #[test]
    fn older_string_typed_reply_and_read_only_access() {
        let b = parse(
            r#"{"data":{"account":"1","name":"x","balance":"48.6333","level":12,"access":"50","extra":1}}"#,
        );
        assert_eq!(b.balance, dec!(48.6333));
        assert_eq!(b.level, "12");
        assert_eq!(b.access, AccessLevel::ReadOnly);
        assert!(!b.access.may_pay());
        assert_eq!(
            parse(r#"{"data":{"balance":1,"access":7}}"#).access,
            AccessLevel::Other(7)
        );
    }

    #[test]
    fn serializes_for_the_app() {
        let b = parse(
            r#"{"data":{"account":"1","name":"x","balance":48.6333,"level":"1","access":0}}"#,
        );
        let json = serde_json::to_value(&b).unwrap();
        assert_eq!(json["balance"], "48.6333");
        assert_eq!(json["access"], 0);
    }
}
