//! The identifiers a payment request is made of.
//!
//! A refid is the payment's idempotency key: the same refid never charges twice, so it
//! is generated once, journalled, and reused on every re-check (`../shared/iimmpact-api.md` §3.9). Its limits
//! are undocumented (`../shared/iimmpact-api.md` §5.4); Kaunter decided 1–50 characters of `A-Z a-z 0-9 . _ -`
//! (docs/api-decisions.md, "Topup"), which every documented example fits.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use crate::error::{InputError, Problem};
use crate::time::now_gmt8;

/// A merchant reference for one payment.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Refid(String);

impl Refid {
    pub const MAX_LEN: usize = 50;

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let text = text.trim();
        if text.is_empty() || text.len() > Self::MAX_LEN {
            return Err(InputError::new(
                "refid",
                Problem::Length {
                    min: 1,
                    max: Self::MAX_LEN as u32,
                },
            ));
        }
        // Letters, digits, '.', '_' and '-' only.
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(InputError::new("refid", Problem::BadCharacters));
        }
        Ok(Self(text.to_owned()))
    }

    /// A fresh refid, `KTR-YYYYMMDD-<16 hex>`: the Malaysian business day for a person
    /// reading it, and 64 random bits so two counters never collide.
    pub fn generate() -> Self {
        let random: u64 = rand::random();
        Self(format!("KTR-{}-{random:016x}", now_gmt8().format("%Y%m%d")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Refid {
    type Err = InputError;

    fn from_str(text: &str) -> Result<Self, InputError> {
        Self::parse(text)
    }
}

impl fmt::Display for Refid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Refid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Refid({})", self.0)
    }
}

impl<'de> Deserialize<'de> for Refid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

/// A product code as used by `/v2/topup` `product` and every product query (`D`, `TNB`,
/// `CELCOM10`, `JOMPAY`): 1–32 letters, digits or `_`, kept as given.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ProductCode(String);

impl ProductCode {
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let text = text.trim();
        let valid = (1..=32).contains(&text.len())
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(InputError::new("product", Problem::NotAProductCode));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ProductCode {
    type Err = InputError;

    fn from_str(text: &str) -> Result<Self, InputError> {
        Self::parse(text)
    }
}

impl fmt::Display for ProductCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ProductCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProductCode({})", self.0)
    }
}

impl<'de> Deserialize<'de> for ProductCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::parse(&String::deserialize(deserializer)?).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_refids() {
        for ok in [
            "321479-0-30f4f209-ee",
            "123456",
            "1234t",
            "ORDER-0001",
            "a.b_c-d",
        ] {
            assert_eq!(Refid::parse(ok).unwrap().as_str(), ok);
        }
        assert!(Refid::parse(&"x".repeat(50)).is_ok());
    }

    #[test]
    fn refuses_bad_refids_naming_the_field() {
        for bad in [
            "",
            "   ",
            "has space",
            "semi;colon",
            "ünïcode",
            &"x".repeat(51),
        ] {
            assert_eq!(Refid::parse(bad).unwrap_err().field, "refid", "{bad:?}");
        }
        assert!(serde_json::from_str::<Refid>(r#""bad refid""#).is_err());
    }

    #[test]
    fn generated_refids_are_valid_dated_and_distinct() {
        let a = Refid::generate();
        let b = Refid::generate();
        assert_ne!(a, b);
        assert_eq!(Refid::parse(a.as_str()).unwrap(), a);
        let today = now_gmt8().format("%Y%m%d").to_string();
        let parts: Vec<&str> = a.as_str().split('-').collect();
        assert_eq!(parts.len(), 3, "{a}");
        assert_eq!(parts[0], "KTR");
        // Around midnight the date may have moved on between the two calls.
        assert!(parts[1] == today || parts[1] > today.as_str(), "{a}");
        assert_eq!(parts[2].len(), 16);
        assert!(parts[2].chars().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn product_codes() {
        for ok in ["D", "TNB", "CELCOM10", "JOMPAY"] {
            assert_eq!(ProductCode::parse(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "T N B", "TNB;", &"X".repeat(33)] {
            assert_eq!(
                ProductCode::parse(bad).unwrap_err().field,
                "product",
                "{bad:?}"
            );
        }
    }
}
