//! What the counter is shown, shaped for the cashier rather than for the wire: the
//! client's reply models keep IIMMPACT's names and casing, these keep only what a
//! cashier acts on. The app and the CLI both show these (TypeScript types for the UI
//! are generated into `ui/src/bindings` by ts-rs), so a rule such as "an invalid
//! account shows no bill" holds on both faces.

use chrono::NaiveDate;
use iimmpact::models::{
    Balance, BillPresentmentReply, BillVerdict, CallbackSetting, LowBalanceThreshold,
    NetworkStatus, Product,
};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::{ExtraField, Family};

/// A product as the counter offers it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ProductView {
    pub code: String,
    pub name: String,
    pub group: String,
    /// The label the provider suggests for the account field, e.g. "Mobile Number".
    pub account_label: String,
    pub account_type: AccountKind,
    /// The fixed amounts offered; empty means the cashier types any amount (bills).
    #[ts(type = "Array<string>")]
    pub denominations: Vec<Decimal>,
    #[ts(type = "Array<string>")]
    pub common_denominations: Vec<Decimal>,
    /// Whether to offer a bill check before paying.
    pub bill_check: bool,
    // The three below are left out for a plain product (a reload, a bill, a voucher),
    // so absent means "no extras, no choices".
    /// What kind of order it takes, and so which extras and choices.
    #[serde(skip_serializing_if = "Family::is_plain")]
    #[ts(optional, as = "Option<Family>")]
    pub family: Family,
    /// The extras its form asks for, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(optional, as = "Option<Vec<ExtraField>>")]
    pub extras: Vec<ExtraField>,
    /// The `/v2/options` field its choices come from (`plan`, `biller`, `loan_account`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub choice_field: Option<String>,
}

/// What an account number looks like, so the counter checks it as the cashier types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AccountKind {
    /// A Malaysian mobile number (a reload, a data plan).
    PhoneNumber,
    /// Digits only: any account the provider types on a numeric keyboard.
    Numeric,
    /// Printable text (a JomPAY Ref-1, a voucher's e-mail).
    Text,
}

impl AccountKind {
    pub(crate) fn of(p: &Product) -> Self {
        let numeric_keyboard = p
            .keyboard_type
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("numeric"));
        match p.account_type.as_deref() {
            Some("phone_number") => Self::PhoneNumber,
            _ if numeric_keyboard => Self::Numeric,
            _ => Self::Text,
        }
    }
}

impl From<&Product> for ProductView {
    fn from(p: &Product) -> Self {
        let account_type = AccountKind::of(p);
        let family = Family::of(&p.product_code, p.has_subproduct.unwrap_or(false));
        Self {
            family,
            extras: family.extras().to_vec(),
            choice_field: family.choice().map(|(field, _)| field.to_owned()),
            code: p.product_code.clone(),
            name: p.product_name.clone(),
            group: p.product_group.clone().unwrap_or_default(),
            account_label: p.account_label.clone().unwrap_or_default(),
            // Reloads to a phone number have no bill to present; everything else may.
            bill_check: account_type != AccountKind::PhoneNumber,
            account_type,
            denominations: p.denominations(),
            common_denominations: p.common_denominations(),
        }
    }
}

/// A bill check, with only the fields the biller returned.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BillCheckView {
    /// The biller's own sentence about the account, as it sent it.
    pub message: String,
    /// False only for "Invalid account no": then `refusal` says why and Pay is blocked.
    pub may_pay: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub refusal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub biller_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub customer_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub outstanding: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub due_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub address: Option<String>,
    /// The biller said a payment now will likely be refused (`transaction_validity` false).
    pub likely_refused: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub transaction_message: Option<String>,
}

impl From<&BillPresentmentReply> for BillCheckView {
    fn from(reply: &BillPresentmentReply) -> Self {
        let bill = &reply.data;
        let (may_pay, refusal, shows_bill) = match reply.verdict() {
            BillVerdict::Valid => (true, None, true),
            BillVerdict::InvalidAccount { message } => (false, Some(message), false),
            BillVerdict::NoInformation => (true, None, false),
        };
        let shown = |field: &Option<String>| field.clone().filter(|_| shows_bill);
        Self {
            message: bill.message.clone(),
            may_pay,
            refusal,
            biller_name: shown(&bill.biller_name),
            customer_name: shown(&bill.customer_name),
            outstanding: bill.outstanding.filter(|_| shows_bill),
            due_date: bill.due_date.filter(|_| shows_bill),
            address: shown(&bill.address),
            likely_refused: bill.transaction_validity == Some(false),
            transaction_message: bill.transaction_message.clone(),
        }
    }
}

/// Whether to show the interruption banner for a product (it never blocks paying).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NetworkView {
    pub product_code: String,
    pub product_name: String,
    /// IIMMPACT's word for the biller's health (`Healthy`, `Interruption`, or one it
    /// added later), shown as sent.
    pub status: String,
    pub warning: bool,
}

impl From<&NetworkStatus> for NetworkView {
    fn from(s: &NetworkStatus) -> Self {
        Self {
            product_code: s.product_code.clone(),
            product_name: s.product_name.clone(),
            status: s.network_status.as_str().to_owned(),
            warning: s.needs_warning(),
        }
    }
}

/// The wallet, as the header shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BalanceView {
    #[ts(type = "string")]
    pub balance: Decimal,
    /// The merchant's IIMMPACT account id.
    pub account: String,
    pub name: String,
    /// A read-only account (`access` 50) may look but not pay.
    pub may_pay: bool,
}

impl From<&Balance> for BalanceView {
    fn from(b: &Balance) -> Self {
        Self {
            balance: b.balance,
            account: b.account.clone(),
            name: b.name.clone(),
            may_pay: b.access.may_pay(),
        }
    }
}

/// IIMMPACT's own low-balance alert, as Settings shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AccountThresholdView {
    /// `None` when the account has none set.
    #[ts(type = "string | null")]
    pub amount: Option<Decimal>,
    /// Where IIMMPACT sends the alert.
    pub email: Option<String>,
    /// IIMMPACT's own sentence about it.
    pub note: Option<String>,
}

impl From<&LowBalanceThreshold> for AccountThresholdView {
    fn from(t: &LowBalanceThreshold) -> Self {
        Self {
            amount: t.balance_threshold,
            email: t.email.clone(),
            note: t.note.clone(),
        }
    }
}

/// Where IIMMPACT sends transaction callbacks; both `None` when none is set.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CallbackView {
    pub url: Option<String>,
    #[ts(type = "\"POST\" | \"GET\" | null")]
    pub method: Option<&'static str>,
}

impl From<&CallbackSetting> for CallbackView {
    fn from(c: &CallbackSetting) -> Self {
        Self {
            url: c.url.clone(),
            method: c.method.map(|m| m.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(json: &str) -> ProductView {
        ProductView::from(&serde_json::from_str::<Product>(json).unwrap())
    }

    fn bill(json: &str) -> BillCheckView {
        BillCheckView::from(&serde_json::from_str::<BillPresentmentReply>(json).unwrap())
    }

    #[test]
    fn a_phone_reload_offers_its_denominations_and_no_bill_check() {
        let p = product(
            r#"{"product_code":"D","product_name":"Digi Prepaid","status":"Active","account_type":"phone_number",
                "denomination":"5,10,30","common_denominations":"10,30","product_group":"Mobile Reload"}"#,
        );
        assert_eq!(p.denominations.len(), 3);
        assert_eq!(p.common_denominations.len(), 2);
        assert!(!p.bill_check);
        assert_eq!(
            serde_json::to_value(&p).unwrap()["denominations"],
            serde_json::json!(["5", "10", "30"])
        );
    }

    #[test]
    fn a_bill_takes_any_amount_and_offers_a_check() {
        let p = product(
            r#"{"product_code":"TNB","status":"Active","account_type":"account_number","keyboard_type":"Numeric"}"#,
        );
        assert!(p.denominations.is_empty());
        assert_eq!(p.account_type, AccountKind::Numeric);
        assert!(p.bill_check);
        let free_text =
            product(r#"{"product_code":"JOMPAY","status":"Active","account_type":"ref1"}"#);
        assert_eq!(free_text.account_type, AccountKind::Text);
    }

    #[test]
    fn an_invalid_account_blocks_paying_and_says_why() {
        let v = bill(
            r#"{"data":{"message":"Invalid account no","error_message":"Invalid account no","CustomerName":"X"}}"#,
        );
        assert!(!v.may_pay);
        assert_eq!(v.refusal.as_deref(), Some("Invalid account no"));
        assert_eq!(v.customer_name, None);
    }

    #[test]
    fn a_valid_bill_shows_only_what_the_biller_returned() {
        let v = bill(
            r#"{"data":{"message":"Account no is valid","CustomerName":"ALI","Outstanding":"12.30"}}"#,
        );
        assert!(v.may_pay);
        assert_eq!(v.customer_name.as_deref(), Some("ALI"));
        assert_eq!(v.outstanding, Some(Decimal::new(1230, 2)));
        assert_eq!((v.biller_name, v.due_date), (None, None));
        let json = serde_json::to_value(bill(
            r#"{"data":{"message":"Account no is valid","CustomerName":"ALI"}}"#,
        ))
        .unwrap();
        assert!(
            json.get("outstanding").is_none(),
            "absent fields stay absent: {json}"
        );
    }

    #[test]
    fn other_messages_show_nothing_but_allow_paying_and_pass_on_a_likely_refusal() {
        let v = bill(
            r#"{"data":{"message":"Service unavailable. Please try again later","CustomerName":"ALI",
                "transaction_validity":"false","transaction_message":"TNB Maximum count per acc/month exceeded"}}"#,
        );
        assert!(v.may_pay);
        assert_eq!(v.customer_name, None);
        assert!(v.likely_refused);
        assert_eq!(
            v.transaction_message.as_deref(),
            Some("TNB Maximum count per acc/month exceeded")
        );
    }
}
