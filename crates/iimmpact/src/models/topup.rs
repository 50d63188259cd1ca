//! `POST /v2/topup`: make a payment, and re-check it by re-sending it (`../shared/iimmpact-api.md` §3.9, §4.2).
//!
//! A payment is a [`TopupRequest`] turned once into a [`PreparedTopup`]: the exact body
//! bytes that the journal stores before sending and that every re-check sends again,
//! so a re-check can never differ from the original by a byte or by its refid.
//!
//! Decisions (`../shared/iimmpact-api.md` §5.5, docs/api-decisions.md): outcomes arrive as HTTP 200 with
//! `{"data": …}` carrying the callback fields; the status is read from `statusCode`
//! alone (the text is spelled `Succesful` or `Successful`). A status code missing from
//! the §4.2 table is [`PaymentStatus::Unclear`], whatever its text says: money may or
//! may not have moved, so it is neither a success nor a final failure, and a person
//! checks it. Only `statusCode` is required; any other field that cannot be read is
//! left empty, so a paid voucher's PIN is never lost to an odd expiry or timestamp.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{forgiving, lenient};
use crate::error::{InputError, Problem};
use crate::money::Amount;
use crate::refid::{ProductCode, Refid};
use crate::time::Timestamp;

/// Product-specific members (`../shared/iimmpact-api.md` §3.9); all optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extras {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subproduct_code: Option<String>,
    /// IC or passport number, without dashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ic_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biller_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref2: Option<String>,
}

impl Extras {
    fn is_empty(&self) -> bool {
        self == &Extras::default()
    }

    fn validate(&self) -> Result<(), InputError> {
        if let Some(ic) = &self.ic_number {
            if ic.is_empty() || !ic.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(InputError::new("ic_number", Problem::LettersAndDigitsOnly));
            }
        }
        Ok(())
    }
}

/// A payment as the merchant asked for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopupRequest {
    pub refid: Refid,
    pub product: ProductCode,
    pub account: String,
    pub amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    #[serde(default, skip_serializing_if = "Extras::is_empty")]
    pub extras: Extras,
}

impl TopupRequest {
    pub const MAX_ACCOUNT_LEN: usize = 100;

    pub fn new(
        refid: Refid,
        product: ProductCode,
        account: &str,
        amount: Amount,
    ) -> Result<Self, InputError> {
        Ok(Self {
            refid,
            product,
            account: validate_account(account)?,
            amount,
            remarks: None,
            extras: Extras::default(),
        })
    }

    pub fn with_extras(mut self, extras: Extras) -> Result<Self, InputError> {
        extras.validate()?;
        self.extras = extras;
        Ok(self)
    }

    pub fn with_remarks(mut self, remarks: &str) -> Self {
        let remarks = remarks.trim();
        self.remarks = (!remarks.is_empty()).then(|| remarks.to_owned());
        self
    }

    /// Fixes the bytes that will be journalled and sent, now and on every re-check.
    pub fn prepare(self) -> PreparedTopup {
        let body = serde_json::to_vec(&self).expect("a topup request always serializes");
        PreparedTopup {
            request: self,
            body,
        }
    }
}

fn validate_account(account: &str) -> Result<String, InputError> {
    let account = account.trim();
    if account.is_empty() {
        return Err(InputError::new("account", Problem::Required));
    }
    if account.len() > TopupRequest::MAX_ACCOUNT_LEN {
        return Err(InputError::new(
            "account",
            Problem::TooLong {
                max: TopupRequest::MAX_ACCOUNT_LEN as u32,
            },
        ));
    }
    if account.chars().any(char::is_control) {
        return Err(InputError::new("account", Problem::ControlCharacters));
    }
    Ok(account.to_owned())
}

/// A payment's exact wire body and what it says, ready to send or re-send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedTopup {
    request: TopupRequest,
    body: Vec<u8>,
}

impl PreparedTopup {
    /// Rebuilds a journalled payment from the bytes first sent, checking they still
    /// form a valid request (a damaged journal row is refused, not sent).
    pub fn from_body(body: Vec<u8>) -> Result<Self, InputError> {
        let request: TopupRequest = serde_json::from_slice(&body).map_err(|e| {
            InputError::new(
                "body",
                Problem::Unreadable {
                    detail: e.to_string(),
                },
            )
        })?;
        validate_account(&request.account)?;
        request.extras.validate()?;
        Ok(Self { request, body })
    }

    pub fn refid(&self) -> &Refid {
        &self.request.refid
    }

    pub fn request(&self) -> &TopupRequest {
        &self.request
    }

    /// The exact bytes to store and send.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// The payment as IIMMPACT reports it (the callback fields).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TopupReply {
    #[serde(deserialize_with = "lenient::int")]
    pub status_code: i64,
    /// The status text as sent (`Succesful` and `Successful` both occur); see [`Self::status`].
    #[serde(default, deserialize_with = "forgiving::text")]
    pub status: String,
    #[serde(default, deserialize_with = "forgiving::text")]
    pub refid: String,
    #[serde(default, deserialize_with = "forgiving::text")]
    pub product: String,
    #[serde(default, deserialize_with = "forgiving::optional_text")]
    pub product_name: Option<String>,
    #[serde(default, deserialize_with = "forgiving::text")]
    pub account: String,
    #[serde(default, deserialize_with = "forgiving::decimal")]
    pub amount: Option<Decimal>,
    /// The provider's serial number.
    #[serde(default, deserialize_with = "forgiving::optional_text")]
    pub sn: Option<String>,
    /// Voucher or gift-card PIN.
    #[serde(default, deserialize_with = "forgiving::optional_text")]
    pub pin: Option<String>,
    #[serde(default, deserialize_with = "forgiving::expiry")]
    pub expiry: Option<NaiveDate>,
    /// The merchant's wholesale cost, debited from the wallet.
    #[serde(default, deserialize_with = "forgiving::decimal")]
    pub cost: Option<Decimal>,
    /// Wallet balance after this payment.
    #[serde(default, deserialize_with = "forgiving::decimal")]
    pub balance: Option<Decimal>,
    #[serde(default, deserialize_with = "forgiving::optional_text")]
    pub remarks: Option<String>,
    #[serde(default, deserialize_with = "forgiving::timestamp")]
    pub timestamp: Option<Timestamp>,
    /// Instructions for the customer.
    #[serde(default, deserialize_with = "forgiving::optional_text")]
    pub note: Option<String>,
    #[serde(default, deserialize_with = "forgiving::optional_text")]
    pub voucherlink: Option<String>,
}

impl TopupReply {
    pub fn payment_status(&self) -> PaymentStatus {
        PaymentStatus::from_code(self.status_code, &self.status)
    }
}

/// Where a payment stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PaymentStatus {
    /// `0 Accepted` or `1 Processing`: not final, re-check with the same refid.
    Pending { code: i64 },
    /// `20`.
    Succeeded,
    /// `53`: voided or refunded after the fact; the money came back.
    Refunded,
    /// Final failure, with the meaning from the docs' table.
    Failed { code: i64, reason: FailureReason },
    /// A code the docs' table does not list: whether money moved cannot be read from
    /// it, so it is not final and a person must check the payment.
    Unclear { code: i64, text: String },
}

impl PaymentStatus {
    /// By `code` alone; `text` is only kept for a code the docs do not list.
    pub fn from_code(code: i64, text: &str) -> Self {
        match code {
            0 | 1 => Self::Pending { code },
            20 => Self::Succeeded,
            53 => Self::Refunded,
            _ => match FailureReason::from_code(code) {
                Some(reason) => Self::Failed { code, reason },
                None => Self::Unclear {
                    code,
                    text: text.trim().to_owned(),
                },
            },
        }
    }

    pub fn is_final(&self) -> bool {
        !matches!(self, Self::Pending { .. } | Self::Unclear { .. })
    }
}

/// Why IIMMPACT failed a payment: the failure codes of `../shared/iimmpact-api.md` §4.2,
/// as facts. The words a clerk repeats to a customer are written where they are shown
/// (the CLI, the UI), in the clerk's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum FailureReason {
    /// 40, 52: invalid, barred or terminated account or number.
    InvalidAccount,
    /// 41.
    MerchantSuspended,
    /// 43.
    InsufficientCredit,
    /// 44.
    InvalidProduct,
    /// 45.
    OutOfStock,
    /// 47.
    ServiceUnavailable,
    /// 48.
    RejectedByProvider,
    /// 54: a duplicate, or the account's daily limit.
    DuplicateOrDailyLimit,
    /// 55.
    ProviderTimeout,
    /// 56.
    Blacklisted,
    /// 57.
    NumberJustActivated,
    /// 58, 61.
    InvalidDenomination,
}

impl FailureReason {
    /// The reason a documented failure code stands for; `None` for any other code.
    pub fn from_code(code: i64) -> Option<Self> {
        Some(match code {
            40 | 52 => Self::InvalidAccount,
            41 => Self::MerchantSuspended,
            43 => Self::InsufficientCredit,
            44 => Self::InvalidProduct,
            45 => Self::OutOfStock,
            47 => Self::ServiceUnavailable,
            48 => Self::RejectedByProvider,
            54 => Self::DuplicateOrDailyLimit,
            55 => Self::ProviderTimeout,
            56 => Self::Blacklisted,
            57 => Self::NumberJustActivated,
            58 | 61 => Self::InvalidDenomination,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::DataEnvelope;
    use rust_decimal_macros::dec;

    fn request() -> TopupRequest {
        TopupRequest::new(
            Refid::parse("ORDER-0001").unwrap(),
            ProductCode::parse("D").unwrap(),
            "0123456789",
            Amount::parse("amount", "10").unwrap(),
        )
        .unwrap()
    }

    fn reply(json: &str) -> TopupReply {
        serde_json::from_str::<DataEnvelope<TopupReply>>(json)
            .unwrap()
            .data
    }

    #[test]
    fn body_is_compact_json_with_a_string_amount() {
        let p = request().prepare();
        assert_eq!(
            std::str::from_utf8(p.body()).unwrap(),
            r#"{"refid":"ORDER-0001","product":"D","account":"0123456789","amount":"10.00"}"#
        );
        let with_extras = request()
            .with_extras(Extras {
                biller_code: Some("5454".into()),
                ic_number: Some("900101015555".into()),
                ..Extras::default()
            })
            .unwrap()
            .with_remarks("counter 2")
            .prepare();
        let json: serde_json::Value = serde_json::from_slice(with_extras.body()).unwrap();
        assert_eq!(
            json["extras"],
            serde_json::json!({"ic_number":"900101015555","biller_code":"5454"})
        );
        assert_eq!(json["remarks"], "counter 2");
    }

    #[test]
    fn journalled_body_is_rebuilt_byte_for_byte() {
        let p = request().prepare();
        let again = PreparedTopup::from_body(p.body().to_vec()).unwrap();
        assert_eq!(again, p);
        assert_eq!(
            PreparedTopup::from_body(b"{\"refid\":1}".to_vec())
                .unwrap_err()
                .field,
            "body"
        );
        let bad_account = br#"{"refid":"A","product":"D","account":"  ","amount":"1.00"}"#.to_vec();
        assert_eq!(
            PreparedTopup::from_body(bad_account).unwrap_err().field,
            "account"
        );
    }

    #[test]
    fn request_input_errors_name_their_field() {
        let r = || {
            (
                Refid::parse("A").unwrap(),
                ProductCode::parse("D").unwrap(),
                Amount::parse("amount", "5").unwrap(),
            )
        };
        let (refid, product, amount) = r();
        assert_eq!(
            TopupRequest::new(refid, product, "", amount)
                .unwrap_err()
                .field,
            "account"
        );
        let (refid, product, amount) = r();
        let dashed = Extras {
            ic_number: Some("900101-01-5555".into()),
            ..Extras::default()
        };
        let err = TopupRequest::new(refid, product, "1", amount)
            .unwrap()
            .with_extras(dashed)
            .unwrap_err();
        assert_eq!(err.field, "ic_number");
    }

    #[test]
    fn documented_callback_reply() {
        let r = reply(
            r#"{"data":{"statusCode":20,"status":"Succesful","account":"0123456789","product":"GC","productName":"Grab Gift Code","amount":5,"sn":"106648697","pin":"MPHE39G3WL","expiry":"20251116","cost":5,"balance":50.54,"remarks":"","refid":"321479-0-30f4f209-ee","timestamp":"2025-05-20 13:09:34","note":"Insert voucher code into Use Grab Gifts under Use Offers section upon check out","voucherlink":"https://api.grab.com/gifts/v2/go?id=7464957319334bb0afbd5980738a2b50"}}"#,
        );
        assert_eq!(r.payment_status(), PaymentStatus::Succeeded);
        assert_eq!(
            (r.amount, r.cost, r.balance),
            (Some(dec!(5)), Some(dec!(5)), Some(dec!(50.54)))
        );
        assert_eq!(r.expiry, NaiveDate::from_ymd_opt(2025, 11, 16));
        assert_eq!(r.pin.as_deref(), Some("MPHE39G3WL"));
        assert_eq!(r.remarks, None);
        assert_eq!(r.timestamp.unwrap().to_string(), "2025-05-20 13:09:34");
    }

    #[test]
    fn accepted_and_processing_are_pending_not_failures() {
        for (code, text) in [(0, "Accepted"), (1, "Processing")] {
            let r = reply(&format!(
                r#"{{"data":{{"statusCode":{code},"status":"{text}","refid":"A","product":"D","account":"1","amount":"10.00","expiry":""}}}}"#
            ));
            assert_eq!(r.payment_status(), PaymentStatus::Pending { code });
            assert!(!r.payment_status().is_final());
        }
    }

    #[test]
    fn statuses_by_code_whatever_the_spelling() {
        assert_eq!(
            PaymentStatus::from_code(20, "Successful"),
            PaymentStatus::Succeeded
        );
        assert_eq!(
            PaymentStatus::from_code(20, "Succesful"),
            PaymentStatus::Succeeded
        );
        assert_eq!(
            PaymentStatus::from_code(53, "Refund"),
            PaymentStatus::Refunded
        );
        assert!(matches!(
            PaymentStatus::from_code(43, "Failed"),
            PaymentStatus::Failed {
                code: 43,
                reason: FailureReason::InsufficientCredit
            }
        ));
        for code in [40, 41, 43, 44, 45, 47, 48, 52, 54, 55, 56, 57, 58, 61] {
            let status = PaymentStatus::from_code(code, "Failed");
            assert!(
                status.is_final() && matches!(status, PaymentStatus::Failed { .. }),
                "{code}"
            );
        }
    }

    #[test]
    fn unknown_codes_are_unclear_whatever_their_text() {
        for (code, text) in [
            (99, "Failed"),
            (2, "Processing"),
            (21, "Successful"),
            (2, "Success"),
        ] {
            let status = PaymentStatus::from_code(code, text);
            assert_eq!(
                status,
                PaymentStatus::Unclear {
                    code,
                    text: text.to_owned()
                }
            );
            assert!(!status.is_final(), "{code} {text}");
        }
    }

    #[test]
    fn reply_with_string_code_and_missing_fields() {
        let r = reply(r#"{"data":{"statusCode":"1","amount":10.5,"unknown":[1]}}"#);
        assert_eq!(r.payment_status(), PaymentStatus::Pending { code: 1 });
        assert_eq!(r.amount, Some(dec!(10.5)));
        for no_code in [
            r#"{"data":{"status":"Failed"}}"#,
            r#"{"data":{"statusCode":"twenty"}}"#,
            r#"{"data":{"statusCode":null}}"#,
        ] {
            assert!(
                serde_json::from_str::<DataEnvelope<TopupReply>>(no_code).is_err(),
                "{no_code}"
            );
        }
    }

    /// A paid voucher whose optional fields come in forms the docs do not show.
    fn voucher(fields: &str) -> TopupReply {
        reply(&format!(
            r#"{{"data":{{"statusCode":20,"status":"Succesful","pin":"MPHE39G3WL",{fields}}}}}"#
        ))
    }

    #[test]
    fn odd_expiry_keeps_the_pin() {
        let r = voucher(r#""expiry":20251116"#);
        assert_eq!(r.expiry, NaiveDate::from_ymd_opt(2025, 11, 16));
        for odd in [r#""soon""#, "true", "{}", "[1]", "99999999", "-1"] {
            let r = voucher(&format!(r#""expiry":{odd}"#));
            assert_eq!(
                (r.expiry, r.pin.as_deref()),
                (None, Some("MPHE39G3WL")),
                "{odd}"
            );
        }
    }

    #[test]
    fn odd_timestamp_keeps_the_pin() {
        let expected = "2025-05-20 13:09:34";
        for epoch in ["1747717774", "1747717774000", r#""1747717774""#] {
            let r = voucher(&format!(r#""timestamp":{epoch}"#));
            assert_eq!(r.timestamp.unwrap().to_string(), expected, "{epoch}");
        }
        for odd in [r#""yesterday""#, "{}", "9223372036854775807", "true"] {
            let r = voucher(&format!(r#""timestamp":{odd}"#));
            assert_eq!(
                (r.timestamp, r.pin.as_deref()),
                (None, Some("MPHE39G3WL")),
                "{odd}"
            );
        }
    }

    #[test]
    fn missing_or_odd_amounts_keep_the_pin() {
        assert_eq!(voucher(r#""sn":1"#).amount, None);
        assert_eq!(voucher(r#""amount":null"#).amount, None);
        let r = voucher(r#""amount":"RM5","cost":"n/a","balance":{"v":1}"#);
        assert_eq!((r.amount, r.cost, r.balance), (None, None, None));
        let r = voucher(r#""cost":"4.75","balance":"1e2""#);
        assert_eq!((r.cost, r.balance), (Some(dec!(4.75)), Some(dec!(100))));
        assert_eq!(r.pin.as_deref(), Some("MPHE39G3WL"));
    }

    #[test]
    fn numeric_serial_and_pin_are_text() {
        let r = reply(
            r#"{"data":{"statusCode":20,"sn":106648697,"pin":1234567890123,"account":60123456789}}"#,
        );
        assert_eq!(
            (r.sn.as_deref(), r.pin.as_deref(), r.account.as_str()),
            (Some("106648697"), Some("1234567890123"), "60123456789")
        );
        let r = reply(r#"{"data":{"statusCode":20,"sn":[],"refid":{},"productName":false}}"#);
        assert_eq!(
            (r.sn, r.refid.as_str(), r.product_name.as_deref()),
            (None, "", Some("false"))
        );
    }
}
