//! An order at the counter: what the cashier typed, checked field by field before
//! anything is journalled or sent. The app and the CLI both pay through [`prepare`];
//! the UI's own checks are only instant hints.

use iimmpact::models::{Extras, PreparedTopup, Product, TopupRequest};
use iimmpact::{Amount, Problem, ProductCode, Refid};
use serde::Deserialize;

use super::extras::{self, Family};
use super::{AccountKind, ChoiceView};
use crate::{Error, Result};

/// A payment as the counter asks for it: typed text, validated by [`prepare`] so every
/// mistake comes back naming its field.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PaymentRequest {
    pub product: String,
    pub account: String,
    /// MYR as typed: `10`, `10.50`, `RM 10`.
    pub amount: String,
    /// Resume a payment under its refid; a fresh one is made when absent.
    #[serde(default)]
    #[ts(optional)]
    pub refid: Option<String>,
    #[serde(default)]
    #[ts(
        type = "{ subproduct_code?: string, ic_number?: string, biller_code?: string, ref2?: string }"
    )]
    pub extras: Extras,
    /// The clerk saw the likely-duplicate warning and wants to pay again anyway.
    #[serde(default)]
    pub confirm_duplicate: bool,
}

/// The product's family, as its code and (when known) the product list say.
pub(crate) fn family(request: &PaymentRequest, product: Option<&Product>) -> Family {
    let has_subproduct = product.and_then(|p| p.has_subproduct).unwrap_or(false);
    Family::of(&request.product, has_subproduct)
}

/// What can be checked before asking IIMMPACT anything: the product code and the
/// extras its family requires, so a form missing one sends no request at all.
pub(crate) fn precheck(request: &PaymentRequest) -> Result<()> {
    ProductCode::parse(&request.product)?;
    extras::checked(family(request, None), &request.extras)?;
    Ok(())
}

/// The account as it goes out: in its kind's form when the product list says its kind.
pub(crate) fn account(request: &PaymentRequest, product: Option<&Product>) -> Result<String> {
    let account = request.account.trim();
    match product {
        Some(product) => checked_account(AccountKind::of(product), account),
        None => Ok(account.to_owned()),
    }
}

/// The order as it will be journalled and sent, or the first field that is wrong.
/// `product` (from the product list, when it can be had) adds what it knows: whether
/// it is on sale, its amounts, and how its account number looks. `choice` is the
/// plan, biller or account type the extras name, as IIMMPACT listed it: its price
/// sets the amount, or its limits bound it. `counter` (the counter's name) goes as the
/// payment's `remarks`.
pub(crate) fn prepare(
    request: &PaymentRequest,
    product: Option<&Product>,
    choice: Option<&ChoiceView>,
    counter: &str,
) -> Result<PreparedTopup> {
    let code = ProductCode::parse(&request.product)?;
    let extras = extras::checked(family(request, product), &request.extras)?;
    let amount = match choice {
        Some(choice) => choice.amount(&request.amount)?,
        None => Amount::parse("amount", &request.amount)?,
    };
    if let Some(product) = product {
        check_product(product, amount, choice.is_none())?;
    }
    let account = self::account(request, product)?;
    let refid = match request.refid.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Refid::parse(text)?,
        _ => Refid::generate(),
    };
    Ok(TopupRequest::new(refid, code, &account, amount)?
        .with_extras(extras)?
        .with_remarks(counter)
        .prepare())
}

/// `denominations`: whether the product's own amounts apply (a chosen plan has its own).
fn check_product(product: &Product, amount: Amount, denominations: bool) -> Result<()> {
    if !product.is_active() {
        return Err(Error::invalid("product", Problem::NotOnSale));
    }
    let offered = product.denominations();
    if denominations && !offered.is_empty() && !offered.contains(&amount.value()) {
        let allowed = offered.iter().map(|d| d.to_string()).collect();
        return Err(Error::invalid(
            "amount",
            Problem::NotADenomination { allowed },
        ));
    }
    Ok(())
}

/// Malaysian mobile numbers in national form: `01`, then 8 or 9 digits.
const MOBILE_DIGITS: std::ops::RangeInclusive<usize> = 10..=11;
/// The same with the country code: `601`, then 8 or 9 digits.
const MOBILE_DIGITS_INTL: std::ops::RangeInclusive<usize> = 11..=12;
/// The shortest account number a biller issues that we know of.
const MIN_ACCOUNT_DIGITS: u32 = 6;
/// What a biller's free-text reference (a JomPAY Ref-1) may hold.
const MAX_TEXT_ACCOUNT: u32 = 50;

/// The account as it goes out, however the customer read it out: a mobile number or a
/// numeric account without spaces or dashes. A mobile number keeps the form it was
/// given (`01…` or `601…`, the `+` dropped): IIMMPACT's own examples and test
/// accounts use both, so neither is rewritten into the other.
fn checked_account(kind: AccountKind, text: &str) -> Result<String> {
    let invalid = |problem| Err(Error::invalid("account", problem));
    if text.is_empty() {
        return invalid(Problem::Required);
    }
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    match kind {
        AccountKind::PhoneNumber => {
            let number = digits.strip_prefix('+').unwrap_or(&digits);
            let mobile = (number.starts_with("01") && MOBILE_DIGITS.contains(&number.len()))
                || (number.starts_with("601") && MOBILE_DIGITS_INTL.contains(&number.len()));
            if !number.bytes().all(|b| b.is_ascii_digit()) {
                invalid(Problem::DigitsOnly)
            } else if !mobile {
                invalid(Problem::NotAMobileNumber)
            } else {
                Ok(number.to_owned())
            }
        }
        AccountKind::Numeric => {
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                invalid(Problem::DigitsOnly)
            } else if digits.len() < MIN_ACCOUNT_DIGITS as usize {
                invalid(Problem::Length {
                    min: MIN_ACCOUNT_DIGITS,
                    max: TopupRequest::MAX_ACCOUNT_LEN as u32,
                })
            } else {
                Ok(digits)
            }
        }
        AccountKind::Text => {
            if text.chars().count() > MAX_TEXT_ACCOUNT as usize {
                invalid(Problem::TooLong {
                    max: MAX_TEXT_ACCOUNT,
                })
            } else if !text.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
                invalid(Problem::BadCharacters)
            } else {
                Ok(text.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use iimmpact::models::DataEnvelope;

    use super::*;

    const COUNTER: &str = "Counter 1";

    fn digi(status: &str) -> Product {
        let json = format!(
            r#"{{"data":[{{"product_code":"D","product_name":"Digi Prepaid","status":"{status}","denomination":"5,10,30"}}]}}"#
        );
        serde_json::from_str::<DataEnvelope<Vec<Product>>>(&json)
            .unwrap()
            .data
            .remove(0)
    }

    fn request(amount: &str) -> PaymentRequest {
        PaymentRequest {
            product: "D".into(),
            account: "0123456789".into(),
            amount: amount.into(),
            ..PaymentRequest::default()
        }
    }

    fn field_of(result: Result<PreparedTopup>) -> Option<String> {
        result.unwrap_err().payload().field
    }

    #[test]
    fn bad_input_names_its_field_and_nothing_is_prepared() {
        let active = digi("Active");
        assert_eq!(
            field_of(prepare(&request("7"), Some(&active), None, COUNTER)).as_deref(),
            Some("amount")
        );
        assert_eq!(
            field_of(prepare(&request("ten"), None, None, COUNTER)).as_deref(),
            Some("amount")
        );
        assert_eq!(
            field_of(prepare(&request("0"), None, None, COUNTER)).as_deref(),
            Some("amount")
        );
        let inactive = digi("Inactive");
        assert_eq!(
            field_of(prepare(&request("10"), Some(&inactive), None, COUNTER)).as_deref(),
            Some("product")
        );
        let no_account = PaymentRequest {
            account: " ".into(),
            ..request("10")
        };
        assert_eq!(
            field_of(prepare(&no_account, None, None, COUNTER)).as_deref(),
            Some("account")
        );
        let bad_refid = PaymentRequest {
            refid: Some("has space".into()),
            ..request("10")
        };
        assert_eq!(
            field_of(prepare(&bad_refid, None, None, COUNTER)).as_deref(),
            Some("refid")
        );
    }

    #[test]
    fn a_valid_request_gets_a_fresh_refid_unless_given_one() {
        let active = digi("Active");
        let a = prepare(&request("RM 10"), Some(&active), None, COUNTER).unwrap();
        let b = prepare(&request("10"), Some(&active), None, COUNTER).unwrap();
        assert_ne!(a.refid(), b.refid());
        assert_eq!(a.request().amount.to_string(), "10.00");
        let given = PaymentRequest {
            refid: Some("ORDER-1".into()),
            ..request("10")
        };
        assert_eq!(
            prepare(&given, None, None, COUNTER)
                .unwrap()
                .refid()
                .as_str(),
            "ORDER-1"
        );
    }

    fn problem_of(kind: AccountKind, text: &str) -> Problem {
        match checked_account(kind, text).unwrap_err() {
            Error::Invalid { field, problem } => {
                assert_eq!(field, "account");
                problem
            }
            other => panic!("not an input error: {other:?}"),
        }
    }

    #[test]
    fn a_mobile_number_goes_out_without_separators_in_the_form_it_was_given() {
        for (typed, sent) in [
            ("012-345 6789", "0123456789"),
            ("0123456789", "0123456789"),
            ("+60 12-345 6789", "60123456789"),
            ("60123450052", "60123450052"),
        ] {
            assert_eq!(
                checked_account(AccountKind::PhoneNumber, typed).unwrap(),
                sent,
                "{typed}"
            );
        }
        assert_eq!(
            checked_account(AccountKind::PhoneNumber, "011-2345 6789").unwrap(),
            "01123456789"
        );
        assert_eq!(
            problem_of(AccountKind::PhoneNumber, "0312345678"),
            Problem::NotAMobileNumber
        );
        assert_eq!(
            problem_of(AccountKind::PhoneNumber, "01234"),
            Problem::NotAMobileNumber
        );
        assert_eq!(
            problem_of(AccountKind::PhoneNumber, "01x3456789"),
            Problem::DigitsOnly
        );
    }

    #[test]
    fn numeric_and_text_accounts_keep_to_their_kind() {
        assert_eq!(
            checked_account(AccountKind::Numeric, "2200 1234-5678").unwrap(),
            "220012345678",
            "a bill's account keeps its leading digits, loses its separators"
        );
        assert_eq!(
            problem_of(AccountKind::Numeric, "12A456"),
            Problem::DigitsOnly
        );
        assert!(matches!(
            problem_of(AccountKind::Numeric, "12345"),
            Problem::Length { min: 6, .. }
        ));
        assert_eq!(
            checked_account(AccountKind::Text, "INV 2026/11").unwrap(),
            "INV 2026/11"
        );
        assert_eq!(
            problem_of(AccountKind::Text, &"x".repeat(51)),
            Problem::TooLong { max: 50 }
        );
        assert_eq!(
            problem_of(AccountKind::Text, "caf\u{e9}"),
            Problem::BadCharacters
        );
        assert_eq!(problem_of(AccountKind::Text, ""), Problem::Required);
    }

    #[test]
    fn the_product_list_turns_on_the_account_rules() {
        let json = r#"{"data":[{"product_code":"D","status":"Active","account_type":"phone_number","denomination":"10"}]}"#;
        let digi = serde_json::from_str::<DataEnvelope<Vec<Product>>>(json)
            .unwrap()
            .data
            .remove(0);
        let typed = PaymentRequest {
            account: "012-345 6789".into(),
            ..request("10")
        };
        let prepared = prepare(&typed, Some(&digi), None, COUNTER).unwrap();
        assert_eq!(prepared.request().account, "0123456789");
    }
}
