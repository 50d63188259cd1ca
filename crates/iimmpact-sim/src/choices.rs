//! The choices of the products that have them, and the `extras` topup requires of them
//! (`../shared/iimmpact-api.md` §3.3, §3.5, §3.9): data plans per phone number, JomPAY
//! billers with their amount limits, and the PTPTN/SSPN account types.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::products::{Family, Product, MAX_BILL};

/// One choice, in both the options and the subproducts shapes' terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Choice {
    pub code: String,
    pub label: String,
    /// A priced plan: the only amount it is sold at.
    pub price: Option<Decimal>,
    /// Open amounts: the least and most taken.
    pub limits: Option<(Decimal, Decimal)>,
    pub validity: Option<&'static str>,
}

/// (code suffix, label, price in RM, validity) of every number's plans.
const PLANS: &[(&str, &str, u32, &str)] = &[
    ("DAY1GB", "1GB Daily Pass", 3, "1 day"),
    ("WEEKUNL", "Unlimited Weekly Pass", 12, "7 days"),
    ("MONTH35", "35GB Monthly", 35, "30 days"),
];
/// The plan offered only to numbers ending in an even digit: plans are per number.
const LOYALTY: (&str, &str, u32, &str) = ("LOYAL20", "Loyalty 20GB", 20, "30 days");

/// (biller code, name, least RM, most RM): made-up billers of the demo.
const BILLERS: &[(&str, &str, u32, u32)] = &[
    ("5454", "Demo Water Board", 1, 5_000),
    ("68502", "Demo Card Services", 10, 30_000),
    ("9001", "Demo Takaful", 50, 2_000),
    ("12345", "Demo Property Management", 1, MAX_BILL),
];

/// (code, label) of the account types; SSPN's two names are cut in the docs, so ours.
const PTPTN_TYPES: &[(&str, &str)] = &[("K", "Konvensional"), ("U", "Ujrah")];
const SSPN_TYPES: &[(&str, &str)] = &[("PRIME", "SSPN Prime"), ("PLUS", "SSPN Plus")];

/// The options field each family serves, besides `amount` for fixed denominations.
pub(crate) fn field(family: Family) -> Option<&'static str> {
    match family {
        Family::Plain => None,
        Family::DataPlan => Some("plan"),
        Family::JomPay => Some("biller"),
        Family::Education => Some("loan_account"),
    }
}

/// Whether the choices depend on the account, which must then be given.
pub(crate) fn per_account(family: Family) -> bool {
    matches!(family, Family::DataPlan | Family::Education)
}

/// A Malaysian mobile number in national or international form.
fn is_mobile(number: &str) -> bool {
    number.bytes().all(|b| b.is_ascii_digit())
        && ((number.starts_with("01") && (10..=11).contains(&number.len()))
            || (number.starts_with("601") && (11..=12).contains(&number.len())))
}

/// The choices `product` offers `account`; `None` when the account cannot have any
/// (not a mobile number for a data plan).
pub(crate) fn choices(product: &Product, account: Option<&str>) -> Option<Vec<Choice>> {
    let open = |code: &str, label: &str, min: u32, max: u32| Choice {
        code: code.to_owned(),
        label: label.to_owned(),
        price: None,
        limits: Some((Decimal::from(min), Decimal::from(max))),
        validity: None,
    };
    match product.family {
        Family::Plain => Some(Vec::new()),
        Family::DataPlan => {
            let number = account?;
            if !is_mobile(number) {
                return None;
            }
            let even = number
                .bytes()
                .last()
                .is_some_and(|b| (b - b'0').is_multiple_of(2));
            let plans = PLANS.iter().chain(even.then_some(&LOYALTY));
            Some(
                plans
                    .map(|&(suffix, label, price, validity)| Choice {
                        code: format!("{}_{suffix}", product.code),
                        label: format!("{} {label}", product.name),
                        price: Some(Decimal::from(price)),
                        limits: None,
                        validity: Some(validity),
                    })
                    .collect(),
            )
        }
        Family::JomPay => Some(
            BILLERS
                .iter()
                .map(|&(code, name, min, max)| open(code, name, min, max))
                .collect(),
        ),
        Family::Education => {
            account?;
            let types = if product.code == "SSPN" {
                SSPN_TYPES
            } else {
                PTPTN_TYPES
            };
            Some(
                types
                    .iter()
                    .map(|&(code, label)| open(code, label, 1, MAX_BILL))
                    .collect(),
            )
        }
    }
}

/// Why topup refuses a payment's extras or amount: a missing or malformed required
/// extra is `44`, an amount the chosen plan or biller does not take `58`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    WrongFormat,
    WrongAmount,
}

/// Checks the extras `product` requires and the amount against the choice they name.
/// Extras a plain product has no use for are ignored, as a lenient server would.
pub(crate) fn check(
    product: &Product,
    account: &str,
    amount: Decimal,
    extras: &BTreeMap<String, String>,
) -> Result<(), Refusal> {
    let get = |key: &str| {
        extras
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let ic_ok = || get("ic_number").is_some_and(ic_number_is_valid);
    let (chosen, needs_ic) = match product.family {
        Family::Plain => return Ok(()),
        Family::DataPlan => (get("subproduct_code"), false),
        Family::JomPay => {
            if get("ref2").is_some_and(|r| r.len() > 30) {
                return Err(Refusal::WrongFormat);
            }
            (get("biller_code"), true)
        }
        Family::Education => (get("subproduct_code"), true),
    };
    if needs_ic && !ic_ok() {
        return Err(Refusal::WrongFormat);
    }
    let list = choices(product, Some(account)).ok_or(Refusal::WrongFormat)?;
    let choice = chosen
        .and_then(|code| list.iter().find(|c| c.code == code))
        .ok_or(Refusal::WrongFormat)?;
    let fits = match (choice.price, choice.limits) {
        (Some(price), _) => amount == price,
        (None, Some((min, max))) => amount >= min && amount <= max,
        (None, None) => true,
    };
    if fits {
        Ok(())
    } else {
        Err(Refusal::WrongAmount)
    }
}

/// An IC number sent as documented, without dashes: 12 digits; or a passport number,
/// 6 to 15 letters and digits with at least one letter.
fn ic_number_is_valid(ic: &str) -> bool {
    let digits = ic.bytes().all(|b| b.is_ascii_digit());
    (digits && ic.len() == 12)
        || (!digits
            && (6..=15).contains(&ic.len())
            && ic.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::products::find;

    fn extras(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn plans_are_per_number() {
        let hi = find("HI").unwrap();
        assert_eq!(choices(hi, Some("0123456789")).unwrap().len(), 3);
        assert_eq!(choices(hi, Some("0123456788")).unwrap().len(), 4);
        assert_eq!(choices(hi, Some("12345")), None);
        assert_eq!(choices(hi, None), None);
    }

    #[test]
    fn topup_refuses_missing_or_malformed_extras_and_wrong_amounts() {
        let jompay = find("JOMPAY").unwrap();
        let good = extras(&[("biller_code", "5454"), ("ic_number", "900101145678")]);
        assert_eq!(check(jompay, "REF1", Decimal::from(150), &good), Ok(()));
        let dashed = extras(&[("biller_code", "5454"), ("ic_number", "900101-14-5678")]);
        assert_eq!(
            check(jompay, "REF1", Decimal::from(150), &dashed),
            Err(Refusal::WrongFormat)
        );
        let no_ic = extras(&[("biller_code", "5454")]);
        assert_eq!(
            check(jompay, "REF1", Decimal::from(150), &no_ic),
            Err(Refusal::WrongFormat)
        );
        assert_eq!(
            check(jompay, "REF1", Decimal::from(5_001), &good),
            Err(Refusal::WrongAmount)
        );
        let hi = find("HI").unwrap();
        let plan = extras(&[("subproduct_code", "HI_MONTH35")]);
        assert_eq!(check(hi, "0123456789", Decimal::from(35), &plan), Ok(()));
        assert_eq!(
            check(hi, "0123456789", Decimal::from(30), &plan),
            Err(Refusal::WrongAmount)
        );
        let loyal = extras(&[("subproduct_code", "HI_LOYAL20")]);
        assert_eq!(
            check(hi, "0123456789", Decimal::from(20), &loyal),
            Err(Refusal::WrongFormat),
            "another number's plan"
        );
        let ptptn = find("PTPTN").unwrap();
        let typed = extras(&[("subproduct_code", "K"), ("ic_number", "A1234567")]);
        assert_eq!(check(ptptn, "12345678", Decimal::from(100), &typed), Ok(()));
    }
}
