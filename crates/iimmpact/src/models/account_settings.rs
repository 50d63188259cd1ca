//! The account's own settings: `GET/POST /v2/low-balance-threshold` (`../shared/iimmpact-api.md` §3.14) and
//! `GET/POST /v2/callback-url` (`../shared/iimmpact-api.md` §3.13).
//!
//! Both POSTs take their inputs in the query string (no body); both replies use the
//! `@metadata` envelope, read here under either key like every other reply.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{lenient, Metadata};
use crate::error::{InputError, Problem};
use crate::money;

/// IIMMPACT's documented minimum threshold, RM 1.
const THRESHOLD_MIN: Decimal = Decimal::ONE;
/// Longer URLs than any webhook needs are refused before they reach a query string.
const URL_MAX: usize = 2048;

/// The balance below which IIMMPACT e-mails the merchant: RM, at least 1, exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ThresholdAmount(Decimal);

impl ThresholdAmount {
    pub fn new(value: Decimal) -> Result<Self, InputError> {
        if value < THRESHOLD_MIN {
            return Err(InputError::new(
                "amount",
                Problem::BelowMin {
                    min: THRESHOLD_MIN.to_string(),
                },
            ));
        }
        if value.scale() > 2 {
            return Err(InputError::new(
                "amount",
                Problem::TooManyDecimals { max: 2 },
            ));
        }
        Ok(Self(value.normalize()))
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        let value = money::lenient::read_decimal(text)
            .ok_or_else(|| InputError::new("amount", Problem::NotAnAmount))?;
        Self::new(value)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// The query string of `POST /low-balance-threshold` (`amount=1000`, `amount=12.5`).
    pub fn to_pairs(self) -> Vec<(&'static str, String)> {
        vec![("amount", self.0.to_string())]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LowBalanceThresholdReply {
    pub data: LowBalanceThreshold,
    #[serde(default, alias = "@metadata")]
    pub metadata: Option<Metadata>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LowBalanceThreshold {
    #[serde(rename = "Status", default, deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(rename = "Email", default, deserialize_with = "lenient::blank_as_none")]
    pub email: Option<String>,
    /// `None` when the account has none set (absent, `null` or `""`).
    #[serde(
        rename = "BalanceThreshold",
        default,
        deserialize_with = "money::lenient::deserialize_option"
    )]
    pub balance_threshold: Option<Decimal>,
    #[serde(rename = "Note", default, deserialize_with = "lenient::blank_as_none")]
    pub note: Option<String>,
}

/// How IIMMPACT delivers a transaction callback (`../shared/iimmpact-api.md` §3.15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CallbackMethod {
    Post,
    Get,
}

impl CallbackMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "POST",
            Self::Get => "GET",
        }
    }

    pub fn parse(text: &str) -> Result<Self, InputError> {
        match text.trim().to_ascii_uppercase().as_str() {
            "POST" => Ok(Self::Post),
            "GET" => Ok(Self::Get),
            _ => Err(InputError::new(
                "method",
                Problem::OneOf {
                    allowed: vec!["POST".into(), "GET".into()],
                },
            )),
        }
    }
}

impl fmt::Display for CallbackMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An absolute `http`/`https` URL with a host, as `POST /callback-url` requires.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct CallbackUrl(String);

impl CallbackUrl {
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let text = text.trim();
        let refuse = |problem| InputError::new("url", problem);
        if text.len() > URL_MAX {
            return Err(refuse(Problem::TooLong {
                max: URL_MAX as u32,
            }));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(refuse(Problem::BadCharacters));
        }
        let lower = text.to_ascii_lowercase();
        let rest = ["https://", "http://"]
            .iter()
            .find_map(|scheme| lower.strip_prefix(scheme))
            .ok_or_else(|| refuse(Problem::NotAUrl))?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        // A login in the URL would be a secret sent to IIMMPACT and shown in Settings.
        if authority.contains('@') {
            return Err(refuse(Problem::HasCredentials));
        }
        let host = authority
            .rsplit_once(':')
            .map_or(authority, |(host, port)| {
                if port.chars().all(|c| c.is_ascii_digit()) {
                    host
                } else {
                    authority
                }
            });
        if host.is_empty() {
            return Err(refuse(Problem::NotAUrl));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where and how IIMMPACT should send transaction callbacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CallbackTarget {
    pub url: CallbackUrl,
    pub method: CallbackMethod,
}

impl CallbackTarget {
    /// The query string of `POST /callback-url` (`url=…&method=POST`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("url", self.url.as_str().to_owned()),
            ("method", self.method.as_str().to_owned()),
        ]
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallbackUrlReply {
    pub data: CallbackSetting,
    #[serde(default, alias = "@metadata")]
    pub metadata: Option<Metadata>,
}

/// The configured callback; `url` and `method` are `None` when none is set (`""`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallbackSetting {
    #[serde(rename = "Status", default, deserialize_with = "lenient::string")]
    pub status: String,
    #[serde(
        rename = "CallbackUrl",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub url: Option<String>,
    /// An unknown word is kept as `None` with the URL still shown, not a failed reply.
    #[serde(rename = "Method", default, deserialize_with = "method")]
    pub method: Option<CallbackMethod>,
}

fn method<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<CallbackMethod>, D::Error> {
    Ok(lenient::blank_as_none(d)?.and_then(|text| CallbackMethod::parse(&text).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_threshold_reply() {
        let json = r#"{"data":{"Status":"Success","Email":"your_email@gmail.com","BalanceThreshold":1000,"Note":"You will receive email notification when your balance drop below 1000"},"@metadata":{"status_code":200,"last_updated":"2025-05-16 18:49:32"}}"#;
        let reply: LowBalanceThresholdReply = serde_json::from_str(json).unwrap();
        assert_eq!(reply.data.balance_threshold, Some(Decimal::from(1000)));
        assert_eq!(reply.data.email.as_deref(), Some("your_email@gmail.com"));
        let meta = reply.metadata.unwrap();
        assert_eq!(meta.status_code, Some(200));
        assert_eq!(
            meta.last_updated.unwrap().to_string(),
            "2025-05-16 18:49:32"
        );
        let unset: LowBalanceThresholdReply =
            serde_json::from_str(r#"{"data":{"Status":"Success","BalanceThreshold":""}}"#).unwrap();
        assert_eq!(unset.data.balance_threshold, None);
    }

    #[test]
    fn documented_callback_replies() {
        let json = r#"{"data":{"Status":"Success","CallbackUrl":"https://google.com","Method":"POST"},"@metadata":{"status_code":200,"last_updated":"21-05-2025 14:02:56"}}"#;
        let reply: CallbackUrlReply = serde_json::from_str(json).unwrap();
        assert_eq!(reply.data.url.as_deref(), Some("https://google.com"));
        assert_eq!(reply.data.method, Some(CallbackMethod::Post));
        let unset: CallbackUrlReply =
            serde_json::from_str(r#"{"data":{"Status":"Success","CallbackUrl":"","Method":""}}"#)
                .unwrap();
        assert_eq!((unset.data.url, unset.data.method), (None, None));
    }

    #[test]
    fn thresholds_are_exact_and_at_least_one_ringgit() {
        assert_eq!(
            ThresholdAmount::parse("1000").unwrap().to_pairs()[0].1,
            "1000"
        );
        assert_eq!(
            ThresholdAmount::parse("12.50").unwrap().to_pairs()[0].1,
            "12.5"
        );
        for bad in ["0.99", "0", "-5", "abc", "1.005", ""] {
            let err = ThresholdAmount::parse(bad).unwrap_err();
            assert_eq!(err.field, "amount", "{bad}");
        }
    }

    #[test]
    fn callback_urls_are_absolute_http_with_a_host() {
        for good in [
            "https://yourdomain.com/webhook",
            "http://10.0.0.5:8080/cb?x=1",
            "HTTPS://Example.com",
        ] {
            assert!(CallbackUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "yourdomain.com/webhook",
            "ftp://x.com",
            "https://",
            "https:///path",
            "https://:80/",
            "https://a b.com",
            "https://user:pw@x.com/",
        ] {
            assert_eq!(CallbackUrl::parse(bad).unwrap_err().field, "url", "{bad}");
        }
        assert_eq!(CallbackMethod::parse("get").unwrap(), CallbackMethod::Get);
        assert_eq!(CallbackMethod::parse("PUT").unwrap_err().field, "method");
    }
}
