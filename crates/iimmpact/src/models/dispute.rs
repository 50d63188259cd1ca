//! `POST /v2/transactions/check`: report a problem with a successful payment (`../shared/iimmpact-api.md` §3.12).

use serde::{Deserialize, Serialize};

use super::lenient;
use crate::error::{InputError, Problem};
use crate::refid::Refid;

/// Identifies the payment by refid or IIMMPACT `trxid` (the server prefers `trxid`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisputeRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    refid: Option<Refid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trxid: Option<String>,
    user_email: Vec<String>,
}

impl DisputeRequest {
    pub fn for_refid(refid: Refid, user_email: &[&str]) -> Result<Self, InputError> {
        Ok(Self {
            refid: Some(refid),
            trxid: None,
            user_email: emails(user_email)?,
        })
    }

    pub fn for_trxid(trxid: &str, user_email: &[&str]) -> Result<Self, InputError> {
        let trxid = trxid.trim();
        if trxid.is_empty() {
            return Err(InputError::new("trxid", Problem::Required));
        }
        Ok(Self {
            refid: None,
            trxid: Some(trxid.to_owned()),
            user_email: emails(user_email)?,
        })
    }
}

fn emails(list: &[&str]) -> Result<Vec<String>, InputError> {
    list.iter()
        .map(|e| e.trim())
        .map(|e| {
            let plausible = e.split_once('@').is_some_and(|(user, host)| {
                !user.is_empty() && host.contains('.') && !e.contains(char::is_whitespace)
            });
            plausible
                .then(|| e.to_owned())
                .ok_or_else(|| InputError::new("user_email", Problem::NotAnEmail))
        })
        .collect()
}

open_enum! {
    pub enum DisputeStatus {
        /// The case was opened; updates come by e-mail.
        Success = ["Success"],
        /// Refused, e.g. a duplicate report.
        Failed = ["Failed"],
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisputeReply {
    #[serde(default, deserialize_with = "lenient::blank_as_none")]
    pub refid: Option<String>,
    pub status: DisputeStatus,
    #[serde(default, deserialize_with = "lenient::string")]
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::DataEnvelope;

    #[test]
    fn request_bodies() {
        let r = DisputeRequest::for_refid(Refid::parse("123456").unwrap(), &["a@b.my"]).unwrap();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"refid":"123456","user_email":["a@b.my"]}"#
        );
        let r = DisputeRequest::for_trxid("106609887", &[]).unwrap();
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"trxid":"106609887","user_email":[]}"#
        );
        assert_eq!(
            DisputeRequest::for_trxid(" ", &[]).unwrap_err().field,
            "trxid"
        );
        assert_eq!(
            DisputeRequest::for_trxid("1", &["nobody"])
                .unwrap_err()
                .field,
            "user_email"
        );
    }

    #[test]
    fn documented_reply() {
        let json = r#"{"data":{"refid":"123456","status":"Success","message":"We've received your request for a status update and are in the midst of checking with the relevant service provider. We'll keep you updated on the status of your request via email."}}"#;
        let r = serde_json::from_str::<DataEnvelope<DisputeReply>>(json)
            .unwrap()
            .data;
        assert_eq!(r.status, DisputeStatus::Success);
        assert_eq!(r.refid.as_deref(), Some("123456"));
        let failed: DisputeReply =
            serde_json::from_str(r#"{"status":"Failed","message":"Duplicate request"}"#).unwrap();
        assert_eq!(failed.status, DisputeStatus::Failed);
    }
}
