//! The rules: what one refid's two records, the journal's and IIMMPACT's, amount to.

use iimmpact::models::Transaction;

use super::report::{IimmpactState, MismatchKind};
use crate::journal::{PaymentRecord, PaymentState};

/// What reconciliation makes of one refid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Matched,
    OpenAtBoth,
    Mismatch(MismatchKind),
    /// Open here, final there: settle the journal into this state.
    Settle(PaymentState),
}

/// Whether money is held for the payment, as each side tells it; `None`: not yet known.
fn journal_charged(state: PaymentState) -> Option<bool> {
    match state {
        PaymentState::Succeeded => Some(true),
        PaymentState::Failed | PaymentState::Refunded | PaymentState::NotSent => Some(false),
        PaymentState::Sending | PaymentState::Pending | PaymentState::Unknown => None,
    }
}

fn settled_state(state: IimmpactState) -> Option<PaymentState> {
    match state {
        IimmpactState::Succeeded => Some(PaymentState::Succeeded),
        IimmpactState::Failed => Some(PaymentState::Failed),
        IimmpactState::Refunded => Some(PaymentState::Refunded),
        IimmpactState::Pending | IimmpactState::Unclear => None,
    }
}

/// A payment both sides list. Unclear records are never read as either outcome.
pub(super) fn both(journal: &PaymentRecord, row: &Transaction, at: IimmpactState) -> Verdict {
    use MismatchKind::*;
    if at == IimmpactState::Unclear {
        return Verdict::Mismatch(UnclearAtIimmpact);
    }
    let state = journal.state;
    let verdict = match (journal_charged(state), at) {
        (None, IimmpactState::Pending) => return Verdict::OpenAtBoth,
        (None, final_state) => {
            return Verdict::Settle(settled_state(final_state).expect("final, not unclear"))
        }
        (Some(_), IimmpactState::Pending) => Verdict::Mismatch(FinalInJournalOpenAtIimmpact),
        (Some(true), IimmpactState::Refunded) => Verdict::Mismatch(RefundedAfterTheFact),
        (Some(true), IimmpactState::Failed) => {
            Verdict::Mismatch(SucceededInJournalButAbsentOrFailedAtIimmpact)
        }
        (Some(false), IimmpactState::Succeeded) => Verdict::Mismatch(ChargedButJournalFailed),
        _ => Verdict::Matched,
    };
    if verdict != Verdict::Matched {
        return verdict;
    }
    if journal.amount.value() != row.amount {
        Verdict::Mismatch(AmountDiffers)
    } else if !journal
        .product
        .as_str()
        .eq_ignore_ascii_case(row.product_code.trim())
    {
        Verdict::Mismatch(ProductDiffers)
    } else {
        Verdict::Matched
    }
}

/// A payment only this journal has. One that moved no money agrees with its absence.
pub(super) fn journal_only(journal: &PaymentRecord) -> Verdict {
    match journal_charged(journal.state) {
        Some(true) => {
            Verdict::Mismatch(MismatchKind::SucceededInJournalButAbsentOrFailedAtIimmpact)
        }
        Some(false) => Verdict::Matched,
        None => Verdict::Mismatch(MismatchKind::OpenInJournalAbsentAtIimmpact),
    }
}
