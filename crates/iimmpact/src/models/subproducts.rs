//! `GET /v2/subproducts`: legacy billers, data plans and PTPTN types (`../shared/iimmpact-api.md` §3.3).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;
use crate::money;
use crate::refid::ProductCode;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubproductsQuery {
    pub product_code: ProductCode,
    /// Required for mobile data and PTPTN.
    pub account_number: Option<String>,
    /// JomPAY only; `None` returns all.
    pub limit: Option<u32>,
}

impl SubproductsQuery {
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("product_code", self.product_code.to_string())];
        pairs.extend(self.account_number.clone().map(|v| ("account_number", v)));
        pairs.extend(self.limit.map(|v| ("limit", v.to_string())));
        pairs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubproductsReply {
    #[serde(default, deserialize_with = "lenient::string")]
    pub message: String,
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub data: Vec<Subproduct>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subproduct {
    /// Sent as `extras.subproduct_code`.
    #[serde(deserialize_with = "lenient::string")]
    pub subproduct_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub display_name: String,
    #[serde(default, deserialize_with = "money::lenient::deserialize_option")]
    pub denomination: Option<Decimal>,
    #[serde(default, deserialize_with = "money::lenient::deserialize_option")]
    pub face_value: Option<Decimal>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub validity: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub account_number: Option<String>,
    #[serde(default, deserialize_with = "money::lenient::deserialize_option")]
    pub min: Option<Decimal>,
    #[serde(default, deserialize_with = "money::lenient::deserialize_option")]
    pub max: Option<Decimal>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn documented_hotlink_example() {
        let json = r#"{"message":"success","data":[{"subproduct_code":"Everything Unlimited with Unlimited Weekly Pass RM12",
            "display_name":"Hotlink Internet","denomination":12,"face_value":12,"validity":"7 day",
            "description":"Everything Unlimited with Unlimited Weekly Pass RM12","account_number":null,
            "additional_description":null,"min":null,"max":null}],"links":{"next":null}}"#;
        let r: SubproductsReply = serde_json::from_str(json).unwrap();
        let s = &r.data[0];
        assert_eq!(s.denomination, Some(dec!(12)));
        assert_eq!(
            (s.min, s.max, s.account_number.as_deref()),
            (None, None, None)
        );
        assert_eq!(s.validity.as_deref(), Some("7 day"));
    }

    #[test]
    fn jompay_billers_with_string_limits() {
        let json = r#"{"data":[{"subproduct_code":"5454","display_name":"Biller","denomination":null,"min":"1.00","max":"30000"}]}"#;
        let r: SubproductsReply = serde_json::from_str(json).unwrap();
        assert_eq!(r.data[0].min, Some(dec!(1.00)));
        assert_eq!(r.data[0].max, Some(dec!(30000)));
    }
}
