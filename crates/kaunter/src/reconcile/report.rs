//! What a reconciliation found: the typed report the CLI prints and the app shows.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::journal::PaymentState;

/// Where a payment stands in IIMMPACT's transaction history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum IimmpactState {
    Pending,
    Succeeded,
    Failed,
    /// `53 Refund`: voided after the fact, the money came back.
    Refunded,
    /// A status code the docs do not list, or a code and a word that disagree: neither
    /// a success nor a failure until a person looks.
    Unclear,
}

impl IimmpactState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Refunded => "refunded",
            Self::Unclear => "unclear",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Refunded)
    }
}

/// How the journal and IIMMPACT disagree about one refid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MismatchKind {
    /// Succeeded in the journal, `53 Refund` at IIMMPACT.
    RefundedAfterTheFact,
    /// Charged at IIMMPACT although the journal says no money moved (failed, refunded
    /// or never sent).
    ChargedButJournalFailed,
    AmountDiffers,
    ProductDiffers,
    /// At IIMMPACT, not in this journal: another counter's, or another tool's.
    OnlyAtIimmpact,
    SucceededInJournalButAbsentOrFailedAtIimmpact,
    /// Open in the journal, final at IIMMPACT: reconciliation settled the journal
    /// (`settled` says to what).
    OpenInJournalFinalAtIimmpact,
    /// Open in the journal and not listed at IIMMPACT: it may never have arrived;
    /// left open for the re-checks to settle.
    OpenInJournalAbsentAtIimmpact,
    /// Final in the journal, still pending at IIMMPACT.
    FinalInJournalOpenAtIimmpact,
    /// IIMMPACT's record cannot be read as a success or a failure (an unlisted status
    /// code, a code and a word that disagree, a refid listed twice).
    UnclearAtIimmpact,
}

impl MismatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RefundedAfterTheFact => "refunded_after_the_fact",
            Self::ChargedButJournalFailed => "charged_but_journal_failed",
            Self::AmountDiffers => "amount_differs",
            Self::ProductDiffers => "product_differs",
            Self::OnlyAtIimmpact => "only_at_iimmpact",
            Self::SucceededInJournalButAbsentOrFailedAtIimmpact => {
                "succeeded_in_journal_but_absent_or_failed_at_iimmpact"
            }
            Self::OpenInJournalFinalAtIimmpact => "open_in_journal_final_at_iimmpact",
            Self::OpenInJournalAbsentAtIimmpact => "open_in_journal_absent_at_iimmpact",
            Self::FinalInJournalOpenAtIimmpact => "final_in_journal_open_at_iimmpact",
            Self::UnclearAtIimmpact => "unclear_at_iimmpact",
        }
    }
}

/// One disagreement, with both sides as each has it (`None`: that side has no record).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Mismatch {
    pub kind: MismatchKind,
    pub refid: String,
    /// IIMMPACT's transaction id, when it lists the payment.
    pub trxid: Option<String>,
    pub account: String,
    /// The journal's product code, else IIMMPACT's.
    pub product: String,
    /// The counter that sold it: as IIMMPACT's remarks name it, else (a payment only
    /// this journal has, or sent without remarks) this PC's counter; `None` when
    /// IIMMPACT's record names none and this journal does not have it (or this PC
    /// has no name).
    pub counter: Option<String>,
    pub journal_state: Option<PaymentState>,
    #[ts(type = "string | null")]
    pub journal_amount: Option<Decimal>,
    pub journal_product: Option<String>,
    pub iimmpact_state: Option<IimmpactState>,
    #[ts(type = "number | null")]
    pub iimmpact_status_code: Option<i64>,
    #[ts(type = "string | null")]
    pub iimmpact_amount: Option<Decimal>,
    pub iimmpact_product: Option<String>,
    /// The state reconciliation settled the journal's payment into, when it did.
    pub settled: Option<PaymentState>,
}

/// A statement entry a check could not account for.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementLine {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "string")]
    pub date: iimmpact::Timestamp,
    #[ts(type = "string")]
    pub amount: Decimal,
    pub remarks: String,
}

/// The balance statement's own checks over the range.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StatementCheck {
    #[ts(type = "number")]
    pub entries: u64,
    /// Before the first entry (its balance less its amount); none without entries.
    #[ts(type = "string | null")]
    pub opening: Option<Decimal>,
    #[ts(type = "string | null")]
    pub closing: Option<Decimal>,
    #[ts(type = "string")]
    pub sum_of_entries: Decimal,
    /// Closing − opening equals the sum of the entries.
    pub balances: bool,
    /// Payment debits whose transaction IIMMPACT's history does not list, or whose
    /// remarks name none that can be read.
    pub debits_without_transaction: Vec<StatementLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReconcileReport {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Refids both sides agree on.
    #[ts(type = "number")]
    pub matched: u64,
    /// Open at both: nothing to settle yet.
    #[ts(type = "number")]
    pub open_at_both: u64,
    #[ts(type = "number")]
    pub journal_payments: u64,
    #[ts(type = "number")]
    pub iimmpact_transactions: u64,
    /// Payments reconciliation settled in the journal.
    #[ts(type = "number")]
    pub settled: u64,
    pub mismatches: Vec<Mismatch>,
    /// Each counter's part of `matched`, `open_at_both` and `mismatches`: the counters
    /// by name, then the refids no counter is named for.
    pub by_counter: Vec<CounterTally>,
    pub statement: StatementCheck,
}

/// How one counter's payments reconciled. Its counts add up to the refids it sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CounterTally {
    /// As [`Mismatch::counter`] names it; `None`: named by neither side.
    pub counter: Option<String>,
    #[ts(type = "number")]
    pub matched: u64,
    #[ts(type = "number")]
    pub open_at_both: u64,
    #[ts(type = "number")]
    pub mismatches: u64,
    /// The kinds its mismatches are of, in [`MismatchKind`]'s order; none that did
    /// not occur.
    pub by_kind: Vec<KindCount>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct KindCount {
    pub kind: MismatchKind,
    #[ts(type = "number")]
    pub count: u64,
}
