//! Whether a topup reply is about the payment that was sent.
//!
//! The server answers a reused refid with the payment it first made under it, so a
//! reply is compared with the request before it is taken as this payment's outcome.
//! A field the reply leaves out cannot contradict the request, and an account that
//! differs only in how it is written is the same account.

use crate::error::Error;
use crate::models::{PreparedTopup, TopupReply};

pub(crate) fn check_same_payment(payment: &PreparedTopup, reply: &TopupReply) -> Result<(), Error> {
    let request = payment.request();
    let conflict = |field: &'static str, existing: &str, requested: &str| Error::RefidConflict {
        refid: request.refid.to_string(),
        field,
        existing: existing.to_owned(),
        requested: requested.to_owned(),
    };
    let differs = |reported: &str, sent: &str| {
        !reported.trim().is_empty() && !reported.trim().eq_ignore_ascii_case(sent)
    };
    if differs(&reply.refid, request.refid.as_str()) {
        return Err(conflict("refid", &reply.refid, request.refid.as_str()));
    }
    if differs(&reply.product, request.product.as_str()) {
        return Err(conflict(
            "product",
            &reply.product,
            request.product.as_str(),
        ));
    }
    if !reply.account.trim().is_empty()
        && account_key(&reply.account) != account_key(&request.account)
    {
        return Err(conflict("account", &reply.account, &request.account));
    }
    match reply.amount {
        Some(amount) if amount != request.amount.value() => Err(conflict(
            "amount",
            &amount.to_string(),
            &request.amount.to_string(),
        )),
        _ => Ok(()),
    }
}

/// An account number in one form: without spaces, dashes or a leading `+`, in upper
/// case, and with a Malaysian number's `60` country code written as the trunk `0`
/// (`60123456789` is `0123456789`), as the server may echo either form.
fn account_key(account: &str) -> String {
    let plain: String = account
        .trim()
        .trim_start_matches('+')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    match plain.strip_prefix("60") {
        Some(national) if national.starts_with(|c: char| matches!(c, '1'..='9')) => {
            format!("0{national}")
        }
        _ => plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::TopupRequest;
    use crate::money::Amount;
    use crate::refid::{ProductCode, Refid};

    fn payment() -> PreparedTopup {
        TopupRequest::new(
            Refid::parse("KTR-1").unwrap(),
            ProductCode::parse("D").unwrap(),
            "0123456789",
            Amount::parse("amount", "10").unwrap(),
        )
        .unwrap()
        .prepare()
    }

    fn reply(json: &str) -> TopupReply {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn account_forms() {
        for (a, b) in [
            ("0123456789", "60123456789"),
            ("0123456789", "+60123456789"),
            ("012-345 6789", "0123456789"),
            ("60 12-345 6789", "0123456789"),
            ("abc-1", "ABC1"),
            ("220000000000", "220000000000"),
        ] {
            assert_eq!(account_key(a), account_key(b), "{a} vs {b}");
        }
        for (a, b) in [
            ("0123456789", "0199999999"),
            ("600123", "0123"),
            ("60", "0"),
            ("123456789", "0123456789"),
        ] {
            assert_ne!(account_key(a), account_key(b), "{a} vs {b}");
        }
    }

    #[test]
    fn the_same_payment_matches_whatever_the_form() {
        for json in [
            r#"{"statusCode":0,"refid":"KTR-1","product":"D","account":"0123456789","amount":10}"#,
            r#"{"statusCode":0,"refid":"KTR-1","product":"D","account":60123456789,"amount":"10.00"}"#,
            r#"{"statusCode":0,"refid":"KTR-1","product":"D","account":"012-345 6789"}"#,
            r#"{"statusCode":0,"amount":"10.00"}"#,
            r#"{"statusCode":20,"amount":null}"#,
        ] {
            assert!(
                check_same_payment(&payment(), &reply(json)).is_ok(),
                "{json}"
            );
        }
    }

    #[test]
    fn a_different_payment_under_the_refid_is_a_conflict() {
        for (json, field) in [
            (
                r#"{"statusCode":20,"refid":"KTR-2","product":"D","account":"0123456789","amount":10}"#,
                "refid",
            ),
            (
                r#"{"statusCode":20,"refid":"KTR-1","product":"M","account":"0123456789","amount":10}"#,
                "product",
            ),
            (
                r#"{"statusCode":20,"refid":"KTR-1","product":"D","account":"0199999999","amount":10}"#,
                "account",
            ),
            (
                r#"{"statusCode":20,"refid":"KTR-1","product":"D","account":"0123456789","amount":30}"#,
                "amount",
            ),
        ] {
            let err = check_same_payment(&payment(), &reply(json)).unwrap_err();
            assert!(
                matches!(&err, Error::RefidConflict { field: f, .. } if *f == field),
                "{err:?}"
            );
            assert!(!err.is_unclear_outcome());
        }
    }
}
