//! `GET /v2/catalog`: the merchant's dynamic product catalog (`../shared/iimmpact-api.md` §3.4).
//!
//! Only what a counter renders is modelled: the group → category → product tree and
//! each product's name, image, activity, `select` fields and pricing. The `fulfillment`
//! mapping and other members are in the part of the docs that was not retrieved
//! (`../shared/iimmpact-api.md` §5.10), so they are left out rather than guessed.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;
use crate::money;
use crate::refid::ProductCode;
use crate::time::{optional_timestamp, Timestamp};

/// Query of `/v2/catalog`; the default asks for the whole active catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    pub product_code: Option<ProductCode>,
    pub is_active: Option<bool>,
    pub include_hidden: bool,
}

impl CatalogQuery {
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(code) = &self.product_code {
            pairs.push(("product_code", code.to_string()));
        }
        if let Some(active) = self.is_active {
            pairs.push(("is_active", active.to_string()));
        }
        if self.include_hidden {
            pairs.push(("include_hidden", "true".to_owned()));
        }
        pairs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    #[serde(default, deserialize_with = "optional_timestamp::deserialize")]
    pub last_updated: Option<Timestamp>,
    #[serde(default)]
    pub tree: CatalogTree,
    /// Keyed by product code.
    #[serde(default)]
    pub products: BTreeMap<String, CatalogProduct>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogTree {
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub groups: Vec<CatalogGroup>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogGroup {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub icon_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub categories: Vec<CatalogCategory>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogCategory {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub product_codes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogProduct {
    #[serde(default, deserialize_with = "lenient::string")]
    pub code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub product_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub image_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub processing_time: Option<String>,
    /// Absent means active: the catalog lists what the merchant enabled.
    #[serde(default, deserialize_with = "lenient::optional_bool")]
    pub is_active: Option<bool>,
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub fields: Vec<CatalogField>,
    #[serde(default)]
    pub pricing: Option<Pricing>,
}

/// An input the payment form needs; `select` fields take their choices from `/v2/options`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogField {
    #[serde(default, deserialize_with = "lenient::string")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub label: String,
    #[serde(rename = "type", default, deserialize_with = "lenient::string")]
    pub field_type: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub role: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pricing {
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub model: Option<String>,
    #[serde(default, deserialize_with = "money::lenient::deserialize_option")]
    pub discount_rate: Option<Decimal>,
}

impl CatalogProduct {
    pub fn is_active(&self) -> bool {
        self.is_active.unwrap_or(true)
    }
}

impl Catalog {
    /// The active products of a category, in the merchant's order.
    pub fn products_in<'a>(
        &'a self,
        category: &'a CatalogCategory,
    ) -> impl Iterator<Item = &'a CatalogProduct> {
        category
            .product_codes
            .iter()
            .filter_map(|code| self.products.get(code))
            .filter(|p| p.is_active())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const DOC_EXAMPLE: &str = r#"{
      "last_updated": "2025-01-07T00:00:00Z",
      "tree": {"groups": [
          {"id": "grp_mobile", "name": "Mobile", "icon_url": "https://cdn.iimmpact.com/icons/mobile.png",
           "categories": [
             {"id": "cat_prepaid",  "name": "Prepaid Reload", "product_codes": ["D","M","C","U"]},
             {"id": "cat_postpaid", "name": "Postpaid Bills", "product_codes": ["DB","MB","CB"]}]},
          {"id": "grp_bills", "name": "Bills", "icon_url": "https://cdn.iimmpact.com/icons/bills.png",
           "categories": [{"id": "cat_utilities", "name": "Utilities", "product_codes": ["TNB","IW","AKSB"]}]}]},
      "products": {
        "D": {"code": "D", "name": "Digi Prepaid", "product_type": "standard",
              "image_url": "https://dashboard.iimmpact.com/img/D.png", "processing_time": "instant",
              "fields": [{"id":"amount","label":"Amount","type":"select","role":"pricing",
                          "data_source":{"params":{"product_code":{"static":"D"}}}}],
              "fulfillment": {"anything": true},
              "pricing": {"model": "percentage_discount", "discount_rate": 1.5}},
        "M": {"code": "M", "name": "Maxis", "is_active": false}
      }
    }"#;

    #[test]
    fn documented_example() {
        let c: Catalog = serde_json::from_str(DOC_EXAMPLE).unwrap();
        assert_eq!(c.last_updated.unwrap().to_string(), "2025-01-07 08:00:00");
        assert_eq!(c.tree.groups.len(), 2);
        let prepaid = &c.tree.groups[0].categories[0];
        let names: Vec<&str> = c.products_in(prepaid).map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            ["Digi Prepaid"],
            "inactive M and unknown C/U are not offered"
        );
        let d = &c.products["D"];
        assert_eq!(d.fields[0].field_type, "select");
        assert_eq!(d.pricing.as_ref().unwrap().discount_rate, Some(dec!(1.5)));
        let back = serde_json::to_value(&c).unwrap();
        assert!(back["products"]["D"].get("fulfillment").is_none());
    }

    #[test]
    fn tolerates_missing_parts() {
        let c: Catalog =
            serde_json::from_str(r#"{"products":{"X":{}},"tree":{"groups":null}}"#).unwrap();
        assert!(c.tree.groups.is_empty());
        assert!(c.products["X"].is_active());
        assert_eq!(c.last_updated, None);
    }

    #[test]
    fn query_pairs() {
        let q = CatalogQuery {
            product_code: Some(ProductCode::parse("D").unwrap()),
            is_active: Some(true),
            include_hidden: false,
        };
        assert_eq!(
            q.to_pairs(),
            vec![("product_code", "D".into()), ("is_active", "true".into())]
        );
        assert!(CatalogQuery::default().to_pairs().is_empty());
    }
}
