//! The printed receipt of a journalled payment.

use std::fmt::Write as _;

use crate::journal::{PaymentRecord, PaymentState};
use crate::vault::VoucherSecret;

/// Receipt printers are 58 mm (32 columns) or 80 mm (48): 32 fits both.
const WIDTH: usize = 32;

/// Plain text, one line per field, with the outlet's name and header centred on top.
pub fn render(outlet_name: &str, header: &[String], payment: &PaymentRecord) -> String {
    let mut out = String::new();
    for line in std::iter::once(outlet_name)
        .chain(header.iter().map(String::as_str))
        .filter(|line| !line.trim().is_empty())
    {
        let _ = writeln!(out, "{:^WIDTH$}", line.trim());
    }
    let rule = "-".repeat(WIDTH);
    let _ = writeln!(out, "{rule}");
    let product = match &payment.product_name {
        Some(name) if !name.is_empty() => format!("{name} ({})", payment.product),
        _ => payment.product.to_string(),
    };
    let fields = [
        (
            "Date",
            Some(
                payment
                    .created_myt()
                    .format("%d/%m/%Y %H:%M:%S")
                    .to_string(),
            ),
        ),
        ("Ref", Some(payment.refid.to_string())),
        ("Product", Some(product)),
        ("Account", Some(payment.account.clone())),
        ("Amount", Some(format!("RM {}", payment.amount))),
        ("Status", Some(status_line(payment.state).to_owned())),
        ("SN", payment.sn.clone()),
        ("PIN", secret(&payment.pin, payment.voucher_not_stored)),
        (
            "Expiry",
            payment.expiry.map(|d| d.format("%d/%m/%Y").to_string()),
        ),
        (
            "Voucher",
            payment.voucherlink.as_ref().map(|l| l.expose().to_owned()),
        ),
        ("Note", payment.note.clone()),
    ];
    for (label, value) in fields {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            let _ = writeln!(out, "{label:<8}{value}");
        }
    }
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "{:^WIDTH$}", "Date/time: Malaysia (GMT+8)");
    out
}

/// The PIN as the payment holds it (revealed for the reprint). A voucher whose secrets
/// could not be kept when they arrived says so, rather than look as if it had none.
fn secret(value: &Option<VoucherSecret>, not_stored: bool) -> Option<String> {
    match value {
        Some(secret) => Some(secret.expose().to_owned()),
        None if not_stored => Some("not kept on this PC".to_owned()),
        None => None,
    }
}

fn status_line(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Succeeded => "SUCCESSFUL",
        PaymentState::Failed => "FAILED",
        PaymentState::Refunded => "REFUNDED",
        PaymentState::NotSent => "NOT SENT - not charged",
        // The customer must not leave thinking it failed: it may yet succeed.
        PaymentState::Sending | PaymentState::Pending | PaymentState::Unknown => {
            "PENDING - being checked"
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use iimmpact::Amount;
    use rust_decimal_macros::dec;

    use super::*;

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
            created_at: at,
            updated_at: at,
            body: Vec::new(),
        }
    }

    #[test]
    fn shows_what_the_customer_needs_in_malaysian_time() {
        let text = render("Kedai Ali", &["Jalan Ampang, KL".into()], &paid());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0].trim(), "Kedai Ali");
        assert_eq!(lines[1].trim(), "Jalan Ampang, KL");
        for expected in [
            "Date    25/11/2026 01:30:05",
            "Ref     KTR-20261125-00000000000000ff",
            "Product Grab Gift Code (GC)",
            "Account 0123456789",
            "Amount  RM 5.00",
            "Status  SUCCESSFUL",
            "SN      106648697",
            "PIN     MPHE39G3WL",
        ] {
            assert!(
                lines.contains(&expected),
                "{expected:?} missing from\n{text}"
            );
        }
        assert!(!text.contains("Expiry"), "blank fields are left out");
        assert!(
            !text.contains("4.9"),
            "the merchant's cost is not the customer's business"
        );
    }

    #[test]
    fn an_open_payment_never_reads_as_failed() {
        let mut open = paid();
        open.state = PaymentState::Unknown;
        let text = render("", &[], &open);
        assert!(text.contains("Status  PENDING - being checked"), "{text}");
        assert!(text.starts_with("----"), "no empty header lines: {text}");
    }
}
