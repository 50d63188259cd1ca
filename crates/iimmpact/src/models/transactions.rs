//! `GET /v2/transactions`: payment history for reconciliation (`../shared/iimmpact-api.md` §3.10).
//!
//! Decisions (`../shared/iimmpact-api.md` §5.7, docs/api-decisions.md): `offset`/`limit` paging, rows in
//! `date` order, an optional `meta {offset, limit, total}` used for progress and for
//! fetching pages in parallel; without `total` the pager stops on a short page.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::lenient;
use crate::money;
use crate::refid::ProductCode;
use crate::time::{optional_timestamp, DateRange, Timestamp};

open_enum! {
    /// The status words of this endpoint: filter values upper-case, row text capitalised.
    pub enum TransactionStatus {
        Successful = ["SUCCESSFUL", "Succesful"],
        Pending = ["PENDING"],
        Failed = ["FAILED"],
        Refund = ["REFUND"],
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionsQuery {
    pub date: DateRange,
    /// Empty means every status.
    pub statuses: Vec<TransactionStatus>,
    pub account: Option<String>,
    pub product: Option<ProductCode>,
}

impl TransactionsQuery {
    pub fn new(date: DateRange) -> Self {
        Self {
            date,
            statuses: Vec::new(),
            account: None,
            product: None,
        }
    }

    /// The filter pairs; the pager adds `limit` and `offset`.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("date", self.date.to_string())];
        pairs.extend(
            self.statuses
                .iter()
                .map(|s| ("status", s.as_str().to_owned())),
        );
        pairs.extend(self.account.clone().map(|v| ("account", v)));
        pairs.extend(self.product.as_ref().map(|v| ("product", v.to_string())));
        pairs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransactionsPage {
    #[serde(default, deserialize_with = "lenient::null_as_empty")]
    pub data: Vec<Transaction>,
    #[serde(default)]
    pub meta: Option<TransactionsMeta>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TransactionsMeta {
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub offset: Option<i64>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub limit: Option<i64>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub total: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transaction {
    /// IIMMPACT's id, usable for a dispute.
    #[serde(default, deserialize_with = "lenient::string")]
    pub trxid: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub refid: Option<String>,
    #[serde(default, deserialize_with = "optional_timestamp::deserialize")]
    pub date: Option<Timestamp>,
    #[serde(default, deserialize_with = "optional_timestamp::deserialize")]
    pub response_date: Option<Timestamp>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub product_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub product_name: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub biller_code: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub product_image_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub category: Option<String>,
    #[serde(deserialize_with = "money::lenient::deserialize")]
    pub amount: Decimal,
    #[serde(default, deserialize_with = "money::lenient::deserialize_option")]
    pub price: Option<Decimal>,
    #[serde(default, deserialize_with = "lenient::string")]
    pub account: String,
    /// The sender's IP address.
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub sender: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub member_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub status_code: Option<i64>,
    #[serde(default)]
    pub status: Option<TransactionStatus>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub sn: Option<String>,
    /// The merchant's `remarks` sent with the payment (Kaunter sends the counter's name).
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub remarks: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rows_in_the_decided_shape_and_sparse_ones() {
        let json = r#"{"data":[
            {"trxid":"106609887","refid":"KTR-20250519-0011223344556677","date":"2025-05-19 13:06:50.523","response_date":"2025-05-19 13:06:52.001",
             "product_code":"TNB","product_name":"Tenaga Nasional Berhad","biller_code":null,"product_image_url":"https://dashboard.iimmpact.com/img/TNB.png",
             "category":"Utilities","amount":"628.70","price":"628.70","account":"220000000000","sender":"1.2.3.4","member_id":"00000",
             "status_code":"20","status":"Successful","sn":"ABC","remarks":"Counter 2"},
            {"trxid":106609888,"amount":5,"status":"Weird"}],
            "meta":{"offset":0,"limit":1000,"total":2}}"#;
        let page: TransactionsPage = serde_json::from_str(json).unwrap();
        let t = &page.data[0];
        assert_eq!(t.amount, dec!(628.70));
        assert_eq!(t.status, Some(TransactionStatus::Successful));
        assert_eq!(t.status_code, Some(20));
        assert_eq!(t.date.unwrap().to_string(), "2025-05-19 13:06:50");
        assert_eq!(t.biller_code, None);
        assert_eq!(t.remarks.as_deref(), Some("Counter 2"));
        let odd = &page.data[1];
        assert_eq!(odd.trxid, "106609888");
        assert_eq!(odd.status, Some(TransactionStatus::Other("Weird".into())));
        assert_eq!(odd.remarks, None);
        assert_eq!(page.meta.unwrap().total, Some(2));
    }

    #[test]
    fn query_repeats_status_in_upper_case() {
        let mut q = TransactionsQuery::new("2025-05-01 - 2025-05-31".parse().unwrap());
        q.statuses = vec![TransactionStatus::Successful, TransactionStatus::Failed];
        assert_eq!(
            q.to_pairs(),
            vec![
                ("date", "2025-05-01 - 2025-05-31".into()),
                ("status", "SUCCESSFUL".into()),
                ("status", "FAILED".into())
            ]
        );
    }
}
