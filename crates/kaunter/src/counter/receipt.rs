//! The receipt of a journalled payment: one model, which the CLI prints as text and
//! the app as its preview and print view, so both show the same fields and the same
//! time. Values are data (Malaysian time, ringgit, IIMMPACT's serial); labels and the
//! status's words are written by each face in its own language.

use serde::Serialize;
use ts_rs::TS;

use crate::journal::{PaymentRecord, PaymentState};
use crate::settings::{ReceiptWidth, Settings};

/// What a receipt shows, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Receipt {
    /// The outlet's name and header lines, blank ones left out.
    pub heading: Vec<String>,
    pub state: PaymentState,
    /// The voucher's PIN could not be kept on this PC when it arrived (no keychain):
    /// said on the receipt, so it never reads as a voucher without a PIN.
    pub pin_not_kept: bool,
    pub lines: Vec<ReceiptLine>,
    /// The paper it is printed on, as Settings say.
    pub width: ReceiptWidth,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReceiptLine {
    pub field: ReceiptField,
    pub value: String,
}

/// A receipt's fields, in the order they print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReceiptField {
    /// When the payment was made, in Malaysian time (GMT+8), `dd/mm/yyyy hh:mm:ss`.
    Date,
    Refid,
    Product,
    Account,
    /// `RM 5.00`.
    Amount,
    /// IIMMPACT's serial number.
    Serial,
    Pin,
    /// A voucher's expiry, `dd/mm/yyyy`.
    Expiry,
    VoucherLink,
    Note,
}

impl Receipt {
    /// The receipt of `payment` as `settings` lay it out (outlet, header, paper), with
    /// its PIN and link as the payment holds them (revealed for a reprint, or not). The
    /// merchant's cost is never on it.
    pub fn new(settings: &Settings, payment: &PaymentRecord) -> Self {
        let heading = std::iter::once(settings.outlet_name.as_str())
            .chain(settings.receipt_header.iter().map(String::as_str))
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect();
        let product = match &payment.product_name {
            Some(name) if !name.trim().is_empty() => format!("{name} ({})", payment.product),
            _ => payment.product.to_string(),
        };
        let fields = [
            (
                ReceiptField::Date,
                Some(
                    payment
                        .created_myt()
                        .format("%d/%m/%Y %H:%M:%S")
                        .to_string(),
                ),
            ),
            (ReceiptField::Refid, Some(payment.refid.to_string())),
            (ReceiptField::Product, Some(product)),
            (ReceiptField::Account, Some(payment.account.clone())),
            (ReceiptField::Amount, Some(format!("RM {}", payment.amount))),
            (ReceiptField::Serial, payment.sn.clone()),
            (
                ReceiptField::Pin,
                payment.pin.as_ref().map(|pin| pin.expose().to_owned()),
            ),
            (
                ReceiptField::Expiry,
                payment.expiry.map(|d| d.format("%d/%m/%Y").to_string()),
            ),
            (
                ReceiptField::VoucherLink,
                payment.voucherlink.as_ref().map(|l| l.expose().to_owned()),
            ),
            (ReceiptField::Note, payment.note.clone()),
        ];
        let lines = fields
            .into_iter()
            .filter_map(|(field, value)| {
                let value = value.filter(|v| !v.trim().is_empty())?;
                Some(ReceiptLine { field, value })
            })
            .collect();
        Self {
            heading,
            state: payment.state,
            pin_not_kept: payment.voucher_not_stored && payment.pin.is_none(),
            lines,
            width: settings.receipt_width,
        }
    }

    /// The value printed for `field`, if the receipt has one.
    pub fn value(&self, field: ReceiptField) -> Option<&str> {
        self.lines
            .iter()
            .find(|line| line.field == field)
            .map(|line| line.value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use iimmpact::Amount;
    use rust_decimal_macros::dec;

    use super::*;
    use crate::vault::VoucherSecret;

    fn paid() -> PaymentRecord {
        let at = DateTime::parse_from_rfc3339("2026-11-24T17:30:05Z")
            .unwrap()
            .to_utc();
        PaymentRecord {
            refid: "KTR-20261125-00000000000000ff".parse().unwrap(),
            product: "GC".parse().unwrap(),
            account: "0123456789".into(),
            amount: Amount::new("amount", dec!(5)).unwrap(),
            state: PaymentState::Succeeded,
            status_code: Some(20),
            status_text: Some("Succesful".into()),
            reason: None,
            product_name: Some("Grab Gift Code".into()),
            sn: Some("106648697".into()),
            pin: Some(VoucherSecret::new("MPHE39G3WL")),
            voucherlink: None,
            has_pin: true,
            has_voucherlink: false,
            voucher_not_stored: false,
            expiry: None,
            note: None,
            cost: Some(dec!(4.9)),
            balance_after: Some(dec!(50.54)),
            attempts: 1,
            last_error: None,
            refusal: None,
            created_at: at,
            updated_at: at + chrono::TimeDelta::seconds(40),
            body: Vec::new(),
        }
    }

    #[test]
    fn shows_what_the_customer_needs_in_malaysian_time() {
        let settings = Settings {
            outlet_name: "Kedai Ali".into(),
            receipt_header: vec![" ".into(), "Jalan Ampang, KL".into()],
            receipt_width: ReceiptWidth::Mm58,
            ..Settings::default()
        };
        let receipt = Receipt::new(&settings, &paid());
        assert_eq!(receipt.width, ReceiptWidth::Mm58);
        assert_eq!(receipt.heading, ["Kedai Ali", "Jalan Ampang, KL"]);
        assert_eq!(receipt.state, PaymentState::Succeeded);
        // The time the payment was made, not the time it was last re-checked.
        assert_eq!(
            receipt.value(ReceiptField::Date),
            Some("25/11/2026 01:30:05")
        );
        assert_eq!(
            receipt.value(ReceiptField::Refid),
            Some("KTR-20261125-00000000000000ff")
        );
        assert_eq!(
            receipt.value(ReceiptField::Product),
            Some("Grab Gift Code (GC)")
        );
        assert_eq!(receipt.value(ReceiptField::Amount), Some("RM 5.00"));
        assert_eq!(receipt.value(ReceiptField::Serial), Some("106648697"));
        assert_eq!(receipt.value(ReceiptField::Pin), Some("MPHE39G3WL"));
        assert_eq!(
            receipt.value(ReceiptField::Expiry),
            None,
            "blank fields are left out"
        );
        let json = serde_json::to_string(&receipt).unwrap();
        assert!(
            !json.contains("4.9"),
            "the merchant's cost is not the customer's business: {json}"
        );
    }

    #[test]
    fn a_voucher_whose_pin_was_not_kept_says_so() {
        let mut lost = paid();
        lost.pin = None;
        lost.voucher_not_stored = true;
        let receipt = Receipt::new(&Settings::default(), &lost);
        assert!(receipt.pin_not_kept);
        assert!(receipt.heading.is_empty(), "no empty heading lines");
    }
}
