//! `GET /v2/bill-presentment` (Beta): bill inquiry and account validation (`../shared/iimmpact-api.md` §3.8).
//!
//! Decisions (`../shared/iimmpact-api.md` §5.9, docs/api-decisions.md): the reply is HTTP 200 and
//! `data.message` drives the UI; `error_message` is read inside `data` or at the top
//! level, and the metadata at the top level or nested in `data` (the seed's older
//! shape). Only `Invalid account no` blocks a payment.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{lenient, Metadata};
use crate::error::{InputError, Problem};
use crate::money;
use crate::refid::ProductCode;
use crate::time::due_date;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillPresentmentQuery {
    pub product: ProductCode,
    /// The account number (for JomPAY, Ref-1).
    pub account: String,
    pub biller_code: Option<String>,
    pub ref2: Option<String>,
    pub amount: Option<crate::money::Amount>,
}

impl BillPresentmentQuery {
    pub fn new(product: ProductCode, account: &str) -> Result<Self, InputError> {
        let account = account.trim();
        if account.is_empty() {
            return Err(InputError::new("account", Problem::Required));
        }
        Ok(Self {
            product,
            account: account.to_owned(),
            biller_code: None,
            ref2: None,
            amount: None,
        })
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("account", self.account.clone()),
            ("product", self.product.to_string()),
        ];
        pairs.extend(self.biller_code.clone().map(|v| ("biller_code", v)));
        pairs.extend(self.ref2.clone().map(|v| ("ref2", v)));
        pairs.extend(self.amount.map(|v| ("amount", v.to_string())));
        pairs
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillPresentmentReply {
    pub data: BillPresentment,
    #[serde(default, alias = "@metadata")]
    pub metadata: Option<Metadata>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub error_message: Option<String>,
}

/// What the biller returned; a field is `None` when the biller does not return it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BillPresentment {
    #[serde(default, deserialize_with = "lenient::string")]
    pub message: String,
    #[serde(
        rename = "BillerName",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub biller_name: Option<String>,
    #[serde(
        rename = "CustomerName",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub customer_name: Option<String>,
    #[serde(
        rename = "Outstanding",
        default,
        deserialize_with = "money::lenient::deserialize_option"
    )]
    pub outstanding: Option<Decimal>,
    #[serde(
        rename = "Balance",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub balance: Option<String>,
    #[serde(rename = "Data", default, deserialize_with = "lenient::blank_as_none")]
    pub data_balance: Option<String>,
    #[serde(
        rename = "Address",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub address: Option<String>,
    /// Link to a PDF bill.
    #[serde(
        rename = "E-Bill",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub e_bill: Option<String>,
    #[serde(
        rename = "CustomField",
        default,
        deserialize_with = "lenient::blank_as_none"
    )]
    pub custom_field: Option<String>,
    #[serde(
        rename = "DueDate",
        default,
        deserialize_with = "due_date::deserialize"
    )]
    pub due_date: Option<NaiveDate>,
    /// `false` means the biller will likely refuse a payment now; show the message.
    #[serde(default, deserialize_with = "lenient::optional_bool")]
    pub transaction_validity: Option<bool>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub transaction_message: Option<String>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub error_message: Option<String>,
    #[serde(default, alias = "@metadata")]
    pub metadata: Option<Metadata>,
}

/// The UI rule of `../shared/iimmpact-api.md` §3.8, keyed on `data.message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum BillVerdict {
    /// `Account no is valid`: show the bill fields that were returned.
    Valid,
    /// The account is wrong: show the message and do not let the payment go ahead.
    InvalidAccount { message: String },
    /// Presentment unavailable, service down, or any other message: show nothing, allow paying.
    NoInformation,
}

impl BillPresentmentReply {
    pub fn verdict(&self) -> BillVerdict {
        let message = self.data.message.trim();
        if message.eq_ignore_ascii_case("Account no is valid") {
            BillVerdict::Valid
        } else if message.eq_ignore_ascii_case("Invalid account no") {
            let detail = self
                .data
                .error_message
                .as_ref()
                .or(self.error_message.as_ref());
            BillVerdict::InvalidAccount {
                message: detail.cloned().unwrap_or_else(|| message.to_owned()),
            }
        } else {
            BillVerdict::NoInformation
        }
    }

    pub fn may_pay(&self) -> bool {
        !matches!(self.verdict(), BillVerdict::InvalidAccount { .. })
    }

    /// The envelope's metadata, wherever this reply put it.
    pub fn metadata(&self) -> Option<&Metadata> {
        self.metadata.as_ref().or(self.data.metadata.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn parse(json: &str) -> BillPresentmentReply {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn seed_example_with_nested_metadata_and_string_types() {
        let r = parse(
            r#"{"data":{"message":"Account no is valid","CustomerName":"","Outstanding":"0","Balance":"","Data":"",
            "Address":"","E-Bill":"","CustomField":"","DueDate":"25/10/2023",
            "metadata":{"status_code":"200","product_code":"TNB","last_updated":"22-10-2023 12:34:07"},
            "transaction_validity":"false","transaction_message":"TNB Maximum count per acc/month exceeded"}}"#,
        );
        assert_eq!(r.verdict(), BillVerdict::Valid);
        assert!(r.may_pay());
        let d = &r.data;
        assert_eq!(d.customer_name, None, "blank fields are not shown");
        assert_eq!(d.outstanding, Some(dec!(0)));
        assert_eq!(d.due_date, NaiveDate::from_ymd_opt(2023, 10, 25));
        assert_eq!(d.transaction_validity, Some(false));
        assert_eq!(
            d.transaction_message.as_deref(),
            Some("TNB Maximum count per acc/month exceeded")
        );
        let meta = r.metadata().unwrap();
        assert_eq!(
            (meta.status_code, meta.product_code.as_deref()),
            (Some(200), Some("TNB"))
        );
    }

    #[test]
    fn current_shape_with_numbers_and_top_level_metadata() {
        let r = parse(
            r#"{"data":{"message":"Account no is valid","BillerName":"Air Selangor","CustomerName":"AHMAD","Outstanding":123.45,"DueDate":"01/02/2025"},
            "metadata":{"status_code":200,"product_code":"SYABAS","last_updated":"15-01-2025 14:30:45"}}"#,
        );
        assert_eq!(r.data.outstanding, Some(dec!(123.45)));
        assert_eq!(r.data.customer_name.as_deref(), Some("AHMAD"));
        assert_eq!(
            r.metadata().unwrap().product_code.as_deref(),
            Some("SYABAS")
        );
    }

    #[test]
    fn invalid_account_blocks_with_the_error_message_wherever_it_sits() {
        for json in [
            r#"{"data":{"message":"Invalid account no","error_message":"Ref-2 is required"}}"#,
            r#"{"data":{"message":"Invalid account no"},"error_message":"Ref-2 is required"}"#,
        ] {
            let r = parse(json);
            assert_eq!(
                r.verdict(),
                BillVerdict::InvalidAccount {
                    message: "Ref-2 is required".into()
                }
            );
            assert!(!r.may_pay());
        }
        let bare = parse(r#"{"data":{"message":"Invalid account no"}}"#);
        assert_eq!(
            bare.verdict(),
            BillVerdict::InvalidAccount {
                message: "Invalid account no".into()
            }
        );
    }

    #[test]
    fn other_messages_allow_paying() {
        for message in [
            "Bill presentment is unavailable for this product",
            "Service unavailable. Please try again later",
            "Something new",
        ] {
            let r = parse(&format!(r#"{{"data":{{"message":"{message}"}}}}"#));
            assert_eq!(r.verdict(), BillVerdict::NoInformation);
            assert!(r.may_pay());
        }
    }

    #[test]
    fn query_refuses_an_empty_account() {
        let tnb = ProductCode::parse("TNB").unwrap();
        assert_eq!(
            BillPresentmentQuery::new(tnb.clone(), "  ")
                .unwrap_err()
                .field,
            "account"
        );
        let q = BillPresentmentQuery::new(tnb, "220411163904").unwrap();
        assert_eq!(
            q.to_pairs(),
            vec![
                ("account", "220411163904".into()),
                ("product", "TNB".into())
            ]
        );
    }
}
