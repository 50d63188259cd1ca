//! Disagreements planted on purpose, for reconciliation tests: IIMMPACT refunding or
//! restating a payment after the fact, and payments made by another counter that this
//! PC's journal never saw. Both the `/_sim/` API and [`crate::SimHandle`] go through here.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::payments::{code, Payment, Restatement, TopupRequest};
use crate::state::{lock, Sim};
use crate::time;

/// A payment as a plant left it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Planted {
    pub refid: String,
    pub trxid: String,
    pub product: String,
    pub account: String,
    pub amount: Decimal,
    pub status_code: u16,
    /// Whether the wallet is down by its cost now.
    pub charged: bool,
}

impl From<&Payment> for Planted {
    fn from(p: &Payment) -> Self {
        Self {
            refid: p.request.refid.clone(),
            trxid: p.trxid.to_string(),
            product: p.request.product.clone(),
            account: p.request.account.clone(),
            amount: p.request.amount,
            status_code: p.status(),
            charged: p.charged,
        }
    }
}

/// What `POST /_sim/restate` and [`crate::SimHandle::restate`] change; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Change {
    pub status_code: Option<u16>,
    pub amount: Option<Decimal>,
    pub product: Option<String>,
}

/// Another counter's payment (`POST /_sim/payments`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Elsewhere {
    pub refid: String,
    pub product: String,
    pub account: String,
    pub amount: Decimal,
    #[serde(default)]
    pub remarks: String,
}

/// A successful payment voided after the fact: `53 Refund`, its cost credited back.
pub(crate) fn refund(sim: &Sim, refid: &str) -> Result<Planted, ApiError> {
    {
        let mut book = lock(&sim.book);
        let status = book.settled().payments.get(refid).map(Payment::status);
        if status.is_some_and(|s| s != code::SUCCESSFUL) {
            return Err(ApiError::invalid(
                "refid",
                "Only a successful payment can be refunded",
            ));
        }
    }
    restate(
        sim,
        refid,
        Change {
            status_code: Some(code::REFUND),
            ..Change::default()
        },
    )
}

pub(crate) fn restate(sim: &Sim, refid: &str, change: Change) -> Result<Planted, ApiError> {
    let mut book = lock(&sim.book);
    let book = &mut *book;
    let restatement = Restatement {
        status: change.status_code,
        amount: change.amount,
        product: change.product,
    };
    book.payments
        .restate(&mut book.ledger, refid, &restatement, time::now_gmt8())
        .map(Planted::from)
        .map_err(|problem| ApiError::invalid("refid", problem))
}

pub(crate) fn elsewhere(sim: &Sim, payment: Elsewhere) -> Result<Planted, ApiError> {
    let mut book = lock(&sim.book);
    let book = &mut *book;
    let request = TopupRequest {
        refid: payment.refid,
        product: payment.product,
        account: payment.account,
        amount: payment.amount,
        remarks: payment.remarks,
        extras: Default::default(),
    };
    book.payments
        .record_elsewhere(&mut book.ledger, request, time::now_gmt8())
        .map(Planted::from)
        .ok_or_else(|| ApiError::invalid("refid", "A payment already has this refid"))
}
