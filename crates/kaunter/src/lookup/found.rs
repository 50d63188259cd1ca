//! What a lookup found, and where.

use chrono::{DateTime, NaiveDate, Utc};
use iimmpact::models::Transaction;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::journal::{counter_day, PaymentRecord, PaymentState};
use crate::reconcile::{standing, IimmpactState};

/// Where a payment was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Source {
    /// This PC's journal.
    ThisPc,
    /// IIMMPACT's transaction history: another counter's, or another tool's.
    Iimmpact,
}

/// Which payment, and enough to find it again where it was found (a re-check) or to
/// report it (IIMMPACT prefers the `trxid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct PaymentKey {
    pub source: Source,
    #[ts(optional)]
    pub refid: Option<String>,
    /// IIMMPACT's transaction id; only IIMMPACT's history gives it.
    #[ts(optional)]
    pub trxid: Option<String>,
    pub account: String,
    /// The GMT+8 day it was made, when known.
    #[ts(optional, type = "string")]
    pub day: Option<NaiveDate>,
}

/// One payment found, from this PC's journal or from IIMMPACT.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FoundPayment {
    #[serde(flatten)]
    #[ts(flatten)]
    pub key: PaymentKey,
    pub product: String,
    #[ts(optional)]
    pub product_name: Option<String>,
    #[ts(type = "string")]
    pub amount: Decimal,
    /// As the journal has it; IIMMPACT's record read the same way (unclear is unknown).
    pub state: PaymentState,
    #[ts(optional)]
    pub status_code: Option<i64>,
    #[ts(optional)]
    pub sn: Option<String>,
    /// The counter that sold it, as IIMMPACT's remarks name it.
    #[ts(optional)]
    pub counter: Option<String>,
    /// When it was made; IIMMPACT may leave it out.
    #[ts(optional, type = "string")]
    pub at: Option<DateTime<Utc>>,
    /// This PC's record of it, when found in the journal.
    #[ts(optional)]
    pub payment: Option<PaymentRecord>,
}

/// The answer to "was this customer charged?".
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LookupReport {
    pub query: String,
    /// IIMMPACT was asked: this PC's journal had nothing.
    pub asked_iimmpact: bool,
    /// The days IIMMPACT is asked about (GMT+8, both included).
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// Newest first.
    pub found: Vec<FoundPayment>,
}

impl From<PaymentRecord> for FoundPayment {
    fn from(p: PaymentRecord) -> Self {
        Self {
            key: PaymentKey {
                source: Source::ThisPc,
                refid: Some(p.refid.to_string()),
                trxid: None,
                account: p.account.clone(),
                day: Some(counter_day(p.created_at)),
            },
            product: p.product.to_string(),
            product_name: p.product_name.clone(),
            amount: p.amount.value(),
            state: p.state,
            status_code: p.status_code,
            sn: p.sn.clone(),
            counter: None,
            at: Some(p.created_at),
            payment: Some(p),
        }
    }
}

impl From<&Transaction> for FoundPayment {
    fn from(t: &Transaction) -> Self {
        let at = t.date.map(|d| d.as_datetime().with_timezone(&Utc));
        Self {
            key: PaymentKey {
                source: Source::Iimmpact,
                refid: t.refid.clone(),
                trxid: Some(t.trxid.clone()).filter(|id| !id.is_empty()),
                account: t.account.clone(),
                day: at.map(counter_day),
            },
            product: t.product_code.clone(),
            product_name: Some(t.product_name.clone()).filter(|n| !n.is_empty()),
            amount: t.amount,
            state: match standing(t) {
                IimmpactState::Succeeded => PaymentState::Succeeded,
                IimmpactState::Pending => PaymentState::Pending,
                IimmpactState::Failed => PaymentState::Failed,
                IimmpactState::Refunded => PaymentState::Refunded,
                IimmpactState::Unclear => PaymentState::Unknown,
            },
            status_code: t.status_code,
            sn: t.sn.clone(),
            counter: t.remarks.clone(),
            at,
            payment: None,
        }
    }
}
