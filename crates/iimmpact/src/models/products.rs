//! `GET /v2/product-list`: the legacy flat product list (`../shared/iimmpact-api.md` §3.2).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;

open_enum! {
    /// Whether a product may be shown and sold.
    pub enum ProductStatus {
        Active = ["Active"],
        Inactive = ["Inactive"],
    }
}

/// One product of `/v2/product-list`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    #[serde(deserialize_with = "lenient::string")]
    pub product_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub product_name: String,
    #[serde(default = "inactive")]
    pub status: ProductStatus,
    /// True: pick a sub-product (`/v2/subproducts`) before paying.
    #[serde(default, deserialize_with = "lenient::optional_bool")]
    pub has_subproduct: Option<bool>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub product_remarks: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub account_label: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub keyboard_type: Option<String>,
    /// Comma list as sent (`"5,10,15"`); see [`Product::denominations`].
    #[serde(default, deserialize_with = "lenient::string")]
    pub denomination: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub common_denominations: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub denomination_data_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub denomination_currency: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub product_group: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub image_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub account_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_bool")]
    pub is_refundable: Option<bool>,
}

/// A product whose status is missing is not offered.
fn inactive() -> ProductStatus {
    ProductStatus::Inactive
}

impl Product {
    pub fn is_active(&self) -> bool {
        self.status == ProductStatus::Active
    }

    /// The fixed amounts offered, in order. Entries that are not amounts (a range or a
    /// note some biller might send) are skipped: an empty list means "type any amount".
    pub fn denominations(&self) -> Vec<Decimal> {
        parse_list(&self.denomination)
    }

    /// The amounts shown first (`"10,30,50"`).
    pub fn common_denominations(&self) -> Vec<Decimal> {
        parse_list(&self.common_denominations)
    }
}

fn parse_list(list: &str) -> Vec<Decimal> {
    list.split(',')
        .filter_map(|item| Decimal::from_str(item.trim()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::DataEnvelope;
    use rust_decimal_macros::dec;

    #[test]
    fn walkthrough_example() {
        let json = r#"{"data":[{"status":"Active","has_subproduct":false,"product_code":"D","product_name":"Digi Prepaid",
            "product_remarks":"","account_label":"Mobile Number","keyboard_type":"Numeric",
            "denomination":"5,10,15,20,25,30,50,100","common_denominations":"10,30,50","denomination_data_type":"Integer",
            "denomination_currency":"MYR","product_group":"Mobile Reload","category":"Prepaid",
            "image_url":"https://dashboard.iimmpact.com/img/D.png","account_type":"phone_number","is_refundable":false,"new":1}]}"#;
        let list = serde_json::from_str::<DataEnvelope<Vec<Product>>>(json)
            .unwrap()
            .data;
        let d = &list[0];
        assert!(d.is_active());
        assert_eq!(d.product_remarks, None);
        assert_eq!(d.account_label.as_deref(), Some("Mobile Number"));
        assert_eq!(d.denominations().len(), 8);
        assert_eq!(d.common_denominations(), vec![dec!(10), dec!(30), dec!(50)]);
    }

    #[test]
    fn sparse_and_odd_products_still_parse() {
        let p: Product = serde_json::from_str(
            r#"{"product_code":"TNB","status":"Suspended","denomination":"1-500, 10.50"}"#,
        )
        .unwrap();
        assert!(!p.is_active());
        assert_eq!(p.status, ProductStatus::Other("Suspended".into()));
        assert_eq!(p.denominations(), vec![dec!(10.50)]);
        let p: Product = serde_json::from_str(r#"{"product_code":"X"}"#).unwrap();
        assert!(!p.is_active());
        assert!(p.denominations().is_empty());
    }
}
