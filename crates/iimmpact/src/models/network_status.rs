//! `GET /v2/networkstatus`: whether a biller is having trouble (`../shared/iimmpact-api.md` §3.7).
//!
//! An `Interruption` is a warning to show, never a reason to block a payment.

use serde::{Deserialize, Serialize};

use super::{lenient, Metadata};

open_enum! {
    pub enum NetworkHealth {
        Healthy = ["Healthy"],
        /// Transactions may be slow or fail; warn, but let the payment go ahead.
        Interruption = ["Interruption"],
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkStatusReply {
    pub data: NetworkStatus,
    #[serde(default, alias = "@metadata")]
    pub metadata: Option<Metadata>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkStatus {
    #[serde(default, deserialize_with = "lenient::string")]
    pub product_code: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub product_name: String,
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub product_img: Option<String>,
    pub network_status: NetworkHealth,
}

impl NetworkStatus {
    /// Anything but `Healthy` (an unknown word included) deserves the warning banner.
    pub fn needs_warning(&self) -> bool {
        self.network_status != NetworkHealth::Healthy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_examples() {
        let json = r#"{"data":{"product_code":"TNB","product_name":"Tenaga Nasional Berhad","product_img":"https://dashboard.iimmpact.com/img/TNB.png","network_status":"Interruption"},"metadata":{"status_code":200,"last_updated":"19-05-2025 14:49:03"}}"#;
        let r: NetworkStatusReply = serde_json::from_str(json).unwrap();
        assert_eq!(r.data.network_status, NetworkHealth::Interruption);
        assert!(r.data.needs_warning());
        assert_eq!(
            r.metadata.unwrap().last_updated.unwrap().to_string(),
            "2025-05-19 14:49:03"
        );
        let healthy = json
            .replace("Interruption", "Healthy")
            .replace("\"metadata\"", "\"@metadata\"");
        let r: NetworkStatusReply = serde_json::from_str(&healthy).unwrap();
        assert!(!r.data.needs_warning());
        assert_eq!(r.metadata.unwrap().status_code, Some(200));
    }

    #[test]
    fn unknown_status_words_are_kept_and_warned_about() {
        let r: NetworkStatusReply =
            serde_json::from_str(r#"{"data":{"network_status":"Degraded"}}"#).unwrap();
        assert_eq!(
            r.data.network_status,
            NetworkHealth::Other("Degraded".into())
        );
        assert!(r.data.needs_warning());
        assert_eq!(
            serde_json::to_value(&r.data).unwrap()["network_status"],
            "Degraded"
        );
    }
}
