//! `GET /v2/options`: the choices of a catalog `select` field (`../shared/iimmpact-api.md` §3.5).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;
use crate::error::{InputError, Problem};
use crate::money::{self, Money};
use crate::refid::ProductCode;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionsQuery {
    pub product_code: ProductCode,
    pub field_id: String,
    /// Needed by per-number fields (mobile data plans, PTPTN loan accounts).
    pub account_number: Option<String>,
    pub biller_code: Option<String>,
    pub page: Option<u32>,
    /// Page size; the docs cap it at 1000.
    pub limit: Option<u32>,
}

impl OptionsQuery {
    pub fn new(product_code: ProductCode, field_id: &str) -> Result<Self, InputError> {
        let field_id = field_id.trim();
        if field_id.is_empty() {
            return Err(InputError::new("field_id", Problem::Required));
        }
        Ok(Self {
            product_code,
            field_id: field_id.to_owned(),
            account_number: None,
            biller_code: None,
            page: None,
            limit: None,
        })
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("product_code", self.product_code.to_string()),
            ("field_id", self.field_id.clone()),
        ];
        pairs.extend(self.account_number.clone().map(|v| ("account_number", v)));
        pairs.extend(self.biller_code.clone().map(|v| ("biller_code", v)));
        pairs.extend(self.page.map(|v| ("page", v.to_string())));
        pairs.extend(self.limit.map(|v| ("limit", v.to_string())));
        pairs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionsPage {
    #[serde(default, deserialize_with = "lenient::string")]
    pub product_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub field_id: String,
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub items: Vec<OptionItem>,
    #[serde(default)]
    pub meta: Option<OptionsMeta>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionItem {
    /// Sent as `extras.subproduct_code` (or the field's payment key).
    #[serde(deserialize_with = "lenient::string")]
    pub code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub label: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub value: Option<OptionValue>,
    #[serde(default)]
    pub price: Option<Money>,
    #[serde(default)]
    pub cost: Option<Money>,
    #[serde(default)]
    pub rrp: Option<Money>,
    #[serde(default)]
    pub min_amount: Option<Money>,
    #[serde(default)]
    pub max_amount: Option<Money>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub validity: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub account_number: Option<String>,
}

/// A non-money quantity, e.g. `{"amount": 325, "unit": "UC"}` of game credits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionValue {
    #[serde(deserialize_with = "money::lenient::deserialize")]
    pub amount: Decimal,
    #[serde(default, deserialize_with = "lenient::string")]
    pub unit: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptionsMeta {
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub current_page: Option<i64>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub last_page: Option<i64>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub per_page: Option<i64>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub total: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn documented_example() {
        let json = r#"{"product_code":"HI","field_id":"plan","items":[
            {"code":"HI_UNL_30_3M","label":"Unlimited 30 Days (3Mbps)","description":"Unlimited data with hotspot and calls",
             "price":{"amount":"40.00","currency":"MYR"},"validity":"30 days"},
            {"code":"PUBG_325","label":"325 UC","value":{"amount":325,"unit":"UC"},"min_amount":{"amount":1}}],
            "meta":{"current_page":1,"last_page":1,"per_page":10,"total":5}}"#;
        let page: OptionsPage = serde_json::from_str(json).unwrap();
        assert_eq!(page.items[0].price.as_ref().unwrap().amount, dec!(40.00));
        assert_eq!(page.items[1].value.as_ref().unwrap().amount, dec!(325));
        assert_eq!(page.items[1].min_amount.as_ref().unwrap().currency, "MYR");
        assert_eq!(page.meta.unwrap().total, Some(5));
    }

    #[test]
    fn query_needs_a_field_id() {
        let code = ProductCode::parse("HI").unwrap();
        assert_eq!(
            OptionsQuery::new(code.clone(), " ").unwrap_err().field,
            "field_id"
        );
        let mut q = OptionsQuery::new(code, "plan").unwrap();
        q.account_number = Some("0123456789".into());
        assert_eq!(q.to_pairs().len(), 3);
    }
}
