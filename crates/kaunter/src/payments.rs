//! Paying, and finding out how a payment ended, with the journal as the source of truth.
//!
//! The money rules, all enforced here:
//! - a payment is journalled (`sending`, exact body) before its request leaves;
//! - its refid and body never change: every retry and every status check re-sends the
//!   journalled bytes (IIMMPACT's status check *is* the same `/v2/topup` request);
//! - an unclear outcome (timeout, 5xx, 504, lost reply, crash) is never a failure and
//!   never a reason to pay again under a new refid: it stays open until a re-send of
//!   the same bytes brings a reply;
//! - only a definite refusal fails a payment: a reply with a failure status, or a 4xx
//!   while no earlier attempt could have reached IIMMPACT.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use iimmpact::client::Client;
use iimmpact::models::{Extras, PreparedTopup, Product, TopupRequest};
use iimmpact::{Amount, ProductCode, Refid};
use serde::Deserialize;
use tokio::time::Instant;

use crate::journal::{Journal, PaymentRecord, PaymentState};
use crate::{Error, Result};

/// A payment as the counter asks for it: typed text, validated here so every
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

/// How long to keep re-checking an open payment, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polling {
    pub first_delay: Duration,
    pub max_delay: Duration,
    /// Give up for now (the payment stays open, to be re-checked later) after this.
    pub deadline: Duration,
}

impl Default for Polling {
    fn default() -> Self {
        Self {
            first_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
            deadline: Duration::from_secs(60),
        }
    }
}

/// Open payments re-checked at once on resume: enough that one slow payment does not
/// hold up the rest, few enough to leave the request budget to the counter.
const RESUME_CONCURRENCY: usize = 4;

/// A success of the same product, account and amount within this window asks for
/// confirmation before paying again (an open one always does).
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(10 * 60);

pub struct Payments {
    client: Client,
    journal: Arc<Journal>,
    polling: Polling,
}

impl Payments {
    pub fn new(client: Client, journal: Arc<Journal>, polling: Polling) -> Self {
        Self {
            client,
            journal,
            polling,
        }
    }

    /// Validates, journals, sends and follows a payment until it is final or the
    /// polling deadline passes. `product` (from the product list, when known) adds the
    /// denomination and active checks.
    ///
    /// `Ok` carries the payment in whatever state it reached (an open one is re-checked
    /// later); `Err` means it never started, or was refused outright (it is then
    /// journalled as failed).
    pub async fn pay(
        &self,
        request: &PaymentRequest,
        product: Option<&Product>,
    ) -> Result<PaymentRecord> {
        let prepared = prepare(request, product)?;
        let refid = prepared.refid().clone();
        if let Some(existing) = self.journal.get(&refid)? {
            if existing.body != prepared.body() {
                return Err(Error::invalid(
                    "refid",
                    format!("refid {refid} was already used for another payment"),
                ));
            }
            // The same payment again under its own refid: look it up, never re-pay it.
            return self.recheck(&refid).await;
        }
        if !request.confirm_duplicate {
            let req = prepared.request();
            let recent = self.journal.likely_duplicates(
                &req.product,
                &req.account,
                req.amount,
                DUPLICATE_WINDOW,
            )?;
            if let Some(earlier) = recent.first() {
                return Err(Error::LikelyDuplicate {
                    refid: earlier.refid.to_string(),
                    state: earlier.state,
                });
            }
        }
        let record = self.journal.insert(&prepared)?;
        tracing::info!(refid = %record.refid, product = %record.product, account = %record.account, amount = %record.amount, "payment journalled, sending");
        self.follow(record).await
    }

    /// Asks IIMMPACT again about an open payment, by re-sending its journalled body,
    /// until it is final or the polling deadline passes. A final one is returned as is.
    pub async fn recheck(&self, refid: &Refid) -> Result<PaymentRecord> {
        let record = self.journal.require(refid)?;
        if record.state.is_final() {
            return Ok(record);
        }
        self.follow(record).await
    }

    /// Re-checks every open payment (on start, after a crash or a lost reply).
    /// A payment that could not be re-checked now stays open; its error is journalled.
    pub async fn resume_unfinished(&self) -> Result<Vec<PaymentRecord>> {
        let open = self.journal.unfinished()?;
        let resumed: Vec<_> = futures::stream::iter(open)
            .map(|record| async move {
                let refid = record.refid.clone();
                if let Err(e) = self.follow(record).await {
                    tracing::warn!(%refid, error = %e, "could not re-check a payment");
                }
                self.journal.require(&refid)
            })
            .buffered(RESUME_CONCURRENCY)
            .collect()
            .await;
        resumed.into_iter().collect()
    }

    /// Sends the journalled body, then re-sends it with backoff while the payment is
    /// open, until it is final or the deadline passes.
    async fn follow(&self, record: PaymentRecord) -> Result<PaymentRecord> {
        let prepared = PreparedTopup::from_body(record.body.clone())?;
        let started = Instant::now();
        let mut delay = self.polling.first_delay;
        let mut record = self.attempt(&prepared, record).await?;
        while !record.state.is_final() {
            if started.elapsed() + delay > self.polling.deadline {
                break;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(self.polling.max_delay);
            record = self.attempt(&prepared, record).await?;
        }
        Ok(record)
    }

    /// One send of the journalled bytes, and what it tells us.
    async fn attempt(
        &self,
        prepared: &PreparedTopup,
        before: PaymentRecord,
    ) -> Result<PaymentRecord> {
        let refid = prepared.refid();
        // Counted before the send: after a crash, attempts > 0 says "may have arrived".
        self.journal.begin_attempt(refid)?;
        let error = match self.client.topup(prepared).await {
            Ok(reply) => {
                let record = self.journal.settle(refid, &reply)?;
                tracing::info!(%refid, state = ?record.state, status_code = ?record.status_code, "payment reply");
                return Ok(record);
            }
            Err(error) => error,
        };
        let message = error.to_string();
        if error.is_unclear_outcome() {
            tracing::warn!(%refid, error = %message, "payment outcome unclear: it stays open and is re-checked with the same refid");
            return self.journal.note_error(refid, open(before.state), &message);
        }
        tracing::warn!(%refid, error = %message, "payment request refused");
        // Once IIMMPACT has accepted the payment, no refusal of a re-check can undo that.
        let definite = before.attempts == 0
            || (before.state != PaymentState::Pending && refused_whatever_came_before(&error));
        // Otherwise an earlier send may have reached IIMMPACT, and a refusal of this one
        // (a locked key, the rate limiter) says nothing about that payment.
        let state = if definite {
            PaymentState::Failed
        } else {
            open(before.state)
        };
        self.journal.note_error(refid, state, &message)?;
        Err(error.into())
    }
}

/// The open state to keep after an attempt that taught nothing: a payment that was
/// already accepted stays pending; one never answered becomes unknown.
fn open(state: PaymentState) -> PaymentState {
    match state {
        PaymentState::Pending => PaymentState::Pending,
        _ => PaymentState::Unknown,
    }
}

/// Refusals that would have met the identical earlier sends too: a malformed request
/// (no transaction is created on a 400) or a refid that belongs to another payment.
fn refused_whatever_came_before(error: &iimmpact::Error) -> bool {
    matches!(
        error,
        iimmpact::Error::RefidConflict { .. }
            | iimmpact::Error::Input(_)
            | iimmpact::Error::Api { status: 400, .. }
    )
}

fn prepare(request: &PaymentRequest, product: Option<&Product>) -> Result<PreparedTopup> {
    let code = ProductCode::parse(&request.product)?;
    let amount = Amount::parse("amount", &request.amount)?;
    if let Some(product) = product {
        check_product(product, amount)?;
    }
    let refid = match request.refid.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Refid::parse(text)?,
        _ => Refid::generate(),
    };
    Ok(TopupRequest::new(refid, code, &request.account, amount)?
        .with_extras(request.extras.clone())?
        .prepare())
}

fn check_product(product: &Product, amount: Amount) -> Result<()> {
    if !product.is_active() {
        return Err(Error::invalid(
            "product",
            format!("{} is not on sale at the moment", product.product_code),
        ));
    }
    let denominations = product.denominations();
    if !denominations.is_empty() && !denominations.contains(&amount.value()) {
        let offered: Vec<String> = denominations.iter().map(|d| d.to_string()).collect();
        return Err(Error::invalid(
            "amount",
            format!(
                "RM {amount} is not offered for {}: choose one of RM {}",
                product.product_code,
                offered.join(", ")
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use iimmpact::models::DataEnvelope;

    use super::*;

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
            field_of(prepare(&request("7"), Some(&active))).as_deref(),
            Some("amount")
        );
        assert_eq!(
            field_of(prepare(&request("ten"), None)).as_deref(),
            Some("amount")
        );
        assert_eq!(
            field_of(prepare(&request("0"), None)).as_deref(),
            Some("amount")
        );
        let inactive = digi("Inactive");
        assert_eq!(
            field_of(prepare(&request("10"), Some(&inactive))).as_deref(),
            Some("product")
        );
        let no_account = PaymentRequest {
            account: " ".into(),
            ..request("10")
        };
        assert_eq!(
            field_of(prepare(&no_account, None)).as_deref(),
            Some("account")
        );
        let bad_refid = PaymentRequest {
            refid: Some("has space".into()),
            ..request("10")
        };
        assert_eq!(
            field_of(prepare(&bad_refid, None)).as_deref(),
            Some("refid")
        );
    }

    #[test]
    fn a_valid_request_gets_a_fresh_refid_unless_given_one() {
        let active = digi("Active");
        let a = prepare(&request("RM 10"), Some(&active)).unwrap();
        let b = prepare(&request("10"), Some(&active)).unwrap();
        assert_ne!(a.refid(), b.refid());
        assert_eq!(a.request().amount.to_string(), "10.00");
        let given = PaymentRequest {
            refid: Some("ORDER-1".into()),
            ..request("10")
        };
        assert_eq!(prepare(&given, None).unwrap().refid().as_str(), "ORDER-1");
    }

    #[test]
    fn an_open_payment_stays_open_after_an_attempt_that_taught_nothing() {
        assert_eq!(open(PaymentState::Sending), PaymentState::Unknown);
        assert_eq!(open(PaymentState::Unknown), PaymentState::Unknown);
        assert_eq!(open(PaymentState::Pending), PaymentState::Pending);
    }
}
