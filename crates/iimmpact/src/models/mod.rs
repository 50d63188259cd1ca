//! Typed replies and requests, one module per API resource.
//!
//! Every reply model is lenient in the same ways, because the docs show drift between
//! endpoints and over time (`../shared/iimmpact-api.md` §1.3, §1.5, §5.14): unknown fields are ignored, fields
//! the docs mark optional (or that an older page omits) default, numbers may arrive as
//! strings and the reverse, unknown enum values are kept as [`Other`](StatementEntryType::Other),
//! and the metadata key is read as `metadata` or `@metadata` everywhere. Nothing in a
//! reply can make the client panic; the worst is a [`Decode`](crate::Error::Decode) error.
//!
//! Replies also derive `Serialize`, so the app can pass them on unchanged; money is
//! serialized as decimal strings and times as RFC 3339 with the +08:00 offset.

#[macro_use]
mod open_enum;
mod forgiving;
pub(crate) mod lenient;

pub mod account_settings;
pub mod balance;
pub mod balance_statement;
pub mod bill_presentment;
pub mod catalog;
pub mod dispute;
pub mod network_status;
pub mod options;
pub mod products;
pub mod subproducts;
pub mod token;
pub mod topup;
pub mod transactions;

use serde::{Deserialize, Serialize};

use crate::time::{optional_timestamp, Timestamp};

pub use account_settings::{
    CallbackMethod, CallbackSetting, CallbackTarget, CallbackUrl, CallbackUrlReply,
    LowBalanceThreshold, LowBalanceThresholdReply, ThresholdAmount,
};
pub use balance::{AccessLevel, Balance};
pub use balance_statement::{
    PageLinks, PageMeta, StatementEntry, StatementEntryType, StatementPage, StatementQuery,
};
pub use bill_presentment::{
    BillPresentment, BillPresentmentQuery, BillPresentmentReply, BillVerdict,
};
pub use catalog::{
    Catalog, CatalogCategory, CatalogField, CatalogGroup, CatalogProduct, CatalogQuery, CatalogTree,
};
pub use dispute::{DisputeReply, DisputeRequest, DisputeStatus};
pub use network_status::{NetworkHealth, NetworkStatus, NetworkStatusReply};
pub use options::{OptionItem, OptionValue, OptionsMeta, OptionsPage, OptionsQuery};
pub use products::{Product, ProductStatus};
pub use subproducts::{Subproduct, SubproductsQuery, SubproductsReply};
pub use token::{AuthenticationReply, SignIn, Tokens};
pub use topup::{Extras, FailureReason, PaymentStatus, PreparedTopup, TopupReply, TopupRequest};
pub use transactions::{
    Transaction, TransactionStatus, TransactionsMeta, TransactionsPage, TransactionsQuery,
};

/// The `{"data": …}` wrapper most endpoints use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DataEnvelope<T> {
    pub data: T,
}

/// The envelope's metadata (`metadata` on some endpoints, `@metadata` on others).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The HTTP status echoed in the body (a number, or a string in older replies).
    #[serde(default, deserialize_with = "lenient::optional_int")]
    pub status_code: Option<i64>,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub product_code: Option<String>,
    #[serde(default, deserialize_with = "optional_timestamp::deserialize")]
    pub last_updated: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct WithMeta {
        #[serde(default, alias = "@metadata")]
        metadata: Option<Metadata>,
    }

    #[test]
    fn metadata_is_read_under_either_key() {
        for json in [
            r#"{"metadata":{"status_code":200,"last_updated":"19-05-2025 14:49:03"}}"#,
            r#"{"@metadata":{"status_code":"200","last_updated":"19-05-2025 14:49:03"}}"#,
        ] {
            let m = serde_json::from_str::<WithMeta>(json)
                .unwrap()
                .metadata
                .unwrap();
            assert_eq!(m.status_code, Some(200), "{json}");
            assert_eq!(m.last_updated.unwrap().to_string(), "2025-05-19 14:49:03");
        }
        assert_eq!(
            serde_json::from_str::<WithMeta>("{}").unwrap().metadata,
            None
        );
    }
}
