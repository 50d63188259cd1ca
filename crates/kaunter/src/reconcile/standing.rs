//! How IIMMPACT's history row is read: by `status_code`, checked against the word.

use iimmpact::models::{PaymentStatus, Transaction, TransactionStatus};

use super::report::IimmpactState;

/// The row's state. A code decides, unless the word names another family; without a
/// code, the documented word decides. Anything else is [`IimmpactState::Unclear`].
pub(crate) fn standing(t: &Transaction) -> IimmpactState {
    let worded = match &t.status {
        Some(TransactionStatus::Successful) => Some(IimmpactState::Succeeded),
        Some(TransactionStatus::Pending) => Some(IimmpactState::Pending),
        Some(TransactionStatus::Failed) => Some(IimmpactState::Failed),
        Some(TransactionStatus::Refund) => Some(IimmpactState::Refunded),
        Some(TransactionStatus::Other(_)) | None => None,
    };
    let Some(code) = t.status_code else {
        return worded.unwrap_or(IimmpactState::Unclear);
    };
    let coded = match PaymentStatus::from_code(code, "") {
        PaymentStatus::Pending { .. } => IimmpactState::Pending,
        PaymentStatus::Succeeded => IimmpactState::Succeeded,
        PaymentStatus::Refunded => IimmpactState::Refunded,
        PaymentStatus::Failed { .. } => IimmpactState::Failed,
        PaymentStatus::Unclear { .. } => return IimmpactState::Unclear,
    };
    match worded {
        Some(word) if word != coded => IimmpactState::Unclear,
        _ => coded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(code: Option<i64>, word: Option<&str>) -> Transaction {
        serde_json::from_value(serde_json::json!({
            "amount": "10.00", "status_code": code, "status": word,
        }))
        .unwrap()
    }

    #[test]
    fn the_code_decides_the_word_may_only_confirm_it() {
        use IimmpactState::*;
        for (code, word, expected) in [
            (Some(20), Some("Successful"), Succeeded),
            (Some(20), None, Succeeded),
            (Some(53), Some("Refund"), Refunded),
            (Some(48), Some("Failed"), Failed),
            (Some(1), Some("Pending"), Pending),
            (Some(99), Some("Failed"), Unclear),
            (Some(20), Some("Failed"), Unclear),
            (Some(48), Some("Successful"), Unclear),
            (None, Some("Successful"), Succeeded),
            (None, Some("Weird"), Unclear),
            (None, None, Unclear),
            (Some(20), Some("Weird"), Succeeded),
        ] {
            assert_eq!(standing(&row(code, word)), expected, "{code:?} {word:?}");
        }
    }
}
