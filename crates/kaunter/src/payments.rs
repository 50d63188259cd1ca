//! Paying, and finding out how a payment ended, with the journal as the source of truth.
//!
//! The money rules, all enforced here:
//! - a payment is journalled (`sending`, exact body) before its request leaves;
//! - its refid and body never change: every retry and every status check re-sends the
//!   journalled bytes (IIMMPACT's status check *is* the same `/v2/topup` request);
//! - an unclear outcome (timeout, 5xx, 504, lost reply, crash) is never a failure and
//!   never a reason to pay again under a new refid: it stays open until a re-send of
//!   the same bytes brings a reply;
//! - only a definite refusal fails a payment: a reply with a documented failure status,
//!   or a refusal while no earlier attempt could have reached IIMMPACT;
//! - an identical payment that is still open is never paid again, confirmed or not;
//! - once journalled, a payment is what the cashier sees, whatever went wrong after.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use iimmpact::client::Client;
use iimmpact::models::{PreparedTopup, Product};
use iimmpact::{Problem, Refid};
use tokio::sync::{broadcast, Notify};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::counter::{prepare, ChoiceView, PaymentRequest};
use crate::journal::{Journal, PaymentRecord, PaymentState};
use crate::vault::{Vault, VoucherSecret};
use crate::{Error, Result};

/// How long `pay` and `recheck` keep re-checking an open payment before they hand it
/// back (still open, still followed by [`Payments::follow_open`]), and how often.
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

/// Open payments re-checked at once by the background follower: enough that one slow
/// payment does not hold up the rest, few enough to leave the budget to the counter.
const FOLLOW_CONCURRENCY: usize = 4;

/// The background follower's backoff per payment: the next re-check comes half the
/// payment's age after its last attempt, at least 2 s and at most 5 minutes. Paced by
/// age rather than by attempts, a payment handed over after the counter's own polling
/// is asked about within seconds, and one IIMMPACT keeps processing for hours costs
/// about twelve requests an hour.
const FOLLOW_FIRST_DELAY: Duration = Duration::from_secs(2);
const FOLLOW_MAX_DELAY: Duration = Duration::from_secs(5 * 60);

/// How often the follower looks at the journal when nothing is due: payments
/// journalled by another process, or left unsent past their grace, are seen this soon.
const FOLLOW_IDLE: Duration = Duration::from_secs(30);

/// While running, a payment journalled but never counted as sent is left alone this
/// long, since the process that journalled it (this one, the CLI) may be about to send it.
const UNSENT_GRACE: Duration = Duration::from_secs(60);

/// A success of the same product, account and amount within this window asks for
/// confirmation before paying again (an open one always refuses).
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(10 * 60);

pub struct Payments {
    client: Client,
    journal: Arc<Journal>,
    vault: Arc<Vault>,
    polling: Polling,
    updates: broadcast::Sender<PaymentRecord>,
    /// Wakes the background follower when a payment is handed to it.
    wake: Notify,
}

impl Payments {
    pub fn new(
        client: Client,
        journal: Arc<Journal>,
        vault: Arc<Vault>,
        polling: Polling,
        updates: broadcast::Sender<PaymentRecord>,
    ) -> Self {
        Self {
            client,
            journal,
            vault,
            polling,
            updates,
            wake: Notify::new(),
        }
    }

    /// Validates, journals, sends and follows a payment until it is final or the
    /// polling deadline passes. `product` (from the product list, when known) adds the
    /// denomination and active checks; `choice` (the plan or biller the extras name, as
    /// listed) sets or bounds the amount.
    ///
    /// `Err` means nothing was journalled or sent: bad input, an identical payment
    /// that may still go through (or just did), or an IP block in force. Once the
    /// payment is journalled, `Ok` carries it in whatever state it reached, with any
    /// error as its `last_error`: the cashier always sees the payment, never a bare error.
    pub async fn pay(
        &self,
        request: &PaymentRequest,
        product: Option<&Product>,
        choice: Option<&ChoiceView>,
        counter: &str,
    ) -> Result<PaymentRecord> {
        let prepared = prepare(request, product, choice, counter)?;
        let refid = prepared.refid().clone();
        if let Some(existing) = self.journal.get(&refid)? {
            if !same_payment(&existing, &prepared) {
                return Err(Error::invalid("refid", Problem::AlreadyUsed));
            }
            // The same payment again under its own refid: look it up, never re-pay it.
            return self.recheck(&refid).await;
        }
        if let Some(block) = self.client.ip_block().status() {
            return Err(iimmpact::Error::IpBlocked {
                until: block.until,
                bare_forbidden: block.bare_forbidden,
            }
            .into());
        }
        let record = self
            .journal
            .insert_guarded(
                &prepared,
                DUPLICATE_WINDOW,
                |earlier| match likely_duplicate(earlier, request.confirm_duplicate) {
                    Some(p) => Err(Error::LikelyDuplicate {
                        refid: p.refid.to_string(),
                        state: p.state,
                    }),
                    None => Ok(()),
                },
            )?;
        self.publish(&record);
        tracing::info!(refid = %record.refid, product = %record.product, account = %record.account, amount = %record.amount, "payment journalled, sending");
        let record = self.follow(record).await;
        self.wake.notify_one();
        Ok(record)
    }

    /// Asks IIMMPACT again about an open payment, by re-sending its journalled body,
    /// until it is final or the polling deadline passes. A final one is returned as is,
    /// and so is one never sent: asking about it must not pay it (it is closed as not
    /// sent at the next start, or by the follower after its grace).
    pub async fn recheck(&self, refid: &Refid) -> Result<PaymentRecord> {
        let record = self.journal.require(refid)?;
        if record.state.is_final() || never_sent(&record) {
            return Ok(record);
        }
        Ok(self.follow(record).await)
    }

    /// Follows every open payment now (up to the polling deadline), and returns where
    /// each stands.
    pub async fn resume_unfinished(&self) -> Result<Vec<PaymentRecord>> {
        let open = self.journal.unfinished()?;
        let resumed: Vec<_> = futures::stream::iter(open)
            .map(|record| self.follow(record))
            .buffered(FOLLOW_CONCURRENCY)
            .collect()
            .await;
        Ok(resumed)
    }

    /// Follows every open payment until it is final, each on its own backoff, until
    /// `stop` is cancelled (or, with `until_idle`, until none is open). Requests go
    /// through the shared budget; nothing is sent while an IP block is in force.
    pub async fn follow_open(&self, stop: &CancellationToken, until_idle: bool) -> Result<()> {
        loop {
            close_unsent(&self.journal, &self.updates, UNSENT_GRACE)?;
            let now = Utc::now();
            let open: Vec<_> = self
                .journal
                .unfinished()?
                .into_iter()
                // Its own `pay` is about to send it, or it is closed after its grace.
                .filter(|p| !never_sent(p))
                .collect();
            if open.is_empty() && until_idle {
                return Ok(());
            }
            let (due, later): (Vec<_>, Vec<_>) =
                open.into_iter().partition(|p| next_check(p) <= now);
            let blocked = self.client.ip_block().status();
            if blocked.is_none() && !due.is_empty() {
                futures::stream::iter(due)
                    .map(|record| self.follow_once(record))
                    .buffer_unordered(FOLLOW_CONCURRENCY)
                    .collect::<Vec<_>>()
                    .await;
                // Their next checks are due later; look again with what they became.
                continue;
            }
            let wait = match (&blocked, later.iter().map(next_check).min()) {
                (Some(block), _) => block.until - now,
                (None, Some(next)) => next - now,
                (None, None) => chrono::Duration::from_std(FOLLOW_IDLE).unwrap_or_default(),
            };
            let wait = wait
                .to_std()
                .unwrap_or_default()
                .clamp(Duration::from_millis(200), FOLLOW_IDLE);
            tokio::select! {
                () = stop.cancelled() => return Ok(()),
                () = tokio::time::sleep(wait) => {}
                () = self.wake.notified() => {}
            }
        }
    }

    /// One re-check of an open payment, as the follower makes it.
    async fn follow_once(&self, record: PaymentRecord) -> PaymentRecord {
        match PreparedTopup::from_body(record.body.clone()) {
            Ok(prepared) => self.attempt(&prepared, record).await,
            Err(e) => unreadable(record, &e),
        }
    }

    /// Sends the journalled body, then re-sends it with backoff while the payment is
    /// open, until it is final, the deadline passes, or an IP block stops all sending.
    async fn follow(&self, record: PaymentRecord) -> PaymentRecord {
        let prepared = match PreparedTopup::from_body(record.body.clone()) {
            Ok(prepared) => prepared,
            Err(e) => return unreadable(record, &e),
        };
        let started = Instant::now();
        let mut delay = self.polling.first_delay;
        let mut record = self.attempt(&prepared, record).await;
        while !record.state.is_final() && self.client.ip_block().status().is_none() {
            if started.elapsed() + delay > self.polling.deadline {
                break;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(self.polling.max_delay);
            record = self.attempt(&prepared, record).await;
        }
        record
    }

    /// One send of the journalled bytes, and what it tells us. Never fails: whatever
    /// happens, the payment comes back as the journal (or, if the journal cannot be
    /// written, this call) knows it, with the voucher's PIN and link in clear when the
    /// reply brought them (the journal and the published update keep them sealed).
    async fn attempt(&self, prepared: &PreparedTopup, before: PaymentRecord) -> PaymentRecord {
        let refid = prepared.refid();
        // Counted before the send: after a crash, attempts > 0 says "may have arrived".
        // It fails when the payment is no longer open (closed as not sent meanwhile):
        // then nothing is sent.
        let counted = match self.journal.begin_attempt(refid) {
            Ok(counted) => counted,
            Err(e) => {
                tracing::warn!(%refid, error = %e, "payment not sent: its attempt could not be journalled");
                return self.journal.get(refid).ok().flatten().unwrap_or(before);
            }
        };
        let (written, reply, refusal) = match self.client.topup(prepared).await {
            Ok(reply) => {
                tracing::info!(%refid, status_code = reply.status_code, status = %reply.status, "payment reply");
                let voucher = self.vault.seal(refid, &reply).await;
                (
                    self.journal.settle(refid, &reply, &voucher),
                    Some(reply),
                    None,
                )
            }
            Err(error) => {
                let state = state_after(&error, counted.attempts.saturating_sub(1), counted.state);
                tracing::warn!(%refid, error = %error, %state, "payment attempt without a readable outcome");
                let written = self.journal.note_error(refid, state, &error.to_string());
                let facts = Error::with_credentials(error, self.client.credentials()).payload();
                (written, None, Some(facts))
            }
        };
        let mut record = written.unwrap_or_else(|e| self.unrecorded(counted, &e));
        self.publish(&record);
        record.refusal = refusal;
        if let Some(reply) = reply {
            record.pin = VoucherSecret::from_reply(reply.pin.as_deref());
            record.voucherlink = VoucherSecret::from_reply(reply.voucherlink.as_deref());
        }
        record
    }

    /// The request may have reached IIMMPACT but what came back could not be written.
    /// The journal still holds the payment open with an attempt counted, so it is
    /// re-checked later; the cashier sees it open now. A write refused because the
    /// journal already holds a final state (another process settled it) shows that.
    fn unrecorded(&self, counted: PaymentRecord, error: &Error) -> PaymentRecord {
        tracing::error!(refid = %counted.refid, %error, "could not journal a payment's outcome: it stays open");
        match self.journal.get(&counted.refid) {
            Ok(Some(stored)) if stored.state.is_final() => stored,
            _ => PaymentRecord {
                state: open(counted.state),
                last_error: Some(format!(
                    "the outcome could not be written to the journal: {error}"
                )),
                ..counted
            },
        }
    }

    fn publish(&self, record: &PaymentRecord) {
        // Nobody listening (the CLI) is fine.
        let _ = self.updates.send(record.clone());
    }
}

/// Closes as `not_sent` the payments journalled more than `grace` ago but never sent
/// (the process died first), so that the cashier decides rather than the PC sending
/// them on its own; returns them. A process about to send one of them finds it closed
/// and sends nothing (the journal counts an attempt only on an open payment).
pub fn close_unsent(
    journal: &Journal,
    updates: &broadcast::Sender<PaymentRecord>,
    grace: Duration,
) -> Result<Vec<PaymentRecord>> {
    let closed = journal.close_unsent(grace)?;
    for record in &closed {
        tracing::warn!(refid = %record.refid, "payment was journalled but never sent: closed as not sent");
        let _ = updates.send(record.clone());
    }
    Ok(closed)
}

/// Which earlier identical payment stops this one. One still open may yet be charged:
/// paying again is refused outright, whatever the cashier confirms. One that succeeded
/// moments ago stops it until the cashier confirms.
fn likely_duplicate(earlier: &[PaymentRecord], confirmed: bool) -> Option<&PaymentRecord> {
    earlier
        .iter()
        .find(|p| !p.state.is_final())
        .or_else(|| earlier.first().filter(|_| !confirmed))
}

/// Whether `prepared` is the journalled payment again. Only the remarks may differ: the
/// counter may have been renamed since; the journalled bytes are what is re-sent.
fn same_payment(existing: &PaymentRecord, prepared: &PreparedTopup) -> bool {
    if existing.body == prepared.body() {
        return true;
    }
    PreparedTopup::from_body(existing.body.clone()).is_ok_and(|journalled| {
        let mut request = journalled.request().clone();
        request.remarks.clone_from(&prepared.request().remarks);
        &request == prepared.request()
    })
}

/// Journalled, but its body was never handed to the network.
fn never_sent(record: &PaymentRecord) -> bool {
    record.state == PaymentState::Sending && record.attempts == 0
}

/// When the background follower next asks about an open payment.
fn next_check(record: &PaymentRecord) -> DateTime<Utc> {
    let age = (record.updated_at - record.created_at)
        .to_std()
        .unwrap_or_default();
    let delay = (age / 2).clamp(FOLLOW_FIRST_DELAY, FOLLOW_MAX_DELAY);
    record.updated_at + chrono::Duration::from_std(delay).unwrap_or_default()
}

/// A journal row whose body no longer forms a request is never sent; it stays as it
/// is, for a person, with the reason.
fn unreadable(record: PaymentRecord, error: &iimmpact::InputError) -> PaymentRecord {
    tracing::error!(refid = %record.refid, %error, "journalled payment cannot be re-sent");
    PaymentRecord {
        last_error: Some(error.to_string()),
        ..record
    }
}

/// The state a failed attempt leaves a payment in. Only a definite refusal of a
/// payment that no earlier attempt could have delivered fails it; everything else
/// (unclear outcomes, a refusal of a re-check, a reply about a different payment)
/// leaves it open, to be re-checked with the same refid or looked at by a person.
fn state_after(
    error: &iimmpact::Error,
    earlier_attempts: u32,
    current: PaymentState,
) -> PaymentState {
    use iimmpact::Error as Api;
    if error.is_unclear_outcome() {
        return open(current);
    }
    match error {
        // A signed-in account's ID token refused (expired early, or revoked): the token is
        // refreshed for the next request, and this payment is re-checked by its refid
        // with it, as after any doubtful reply; never failed, never paid anew.
        Api::Auth {
            failure: iimmpact::AuthFailure::BadToken,
            ..
        } => open(current),
        // The reply describes another payment under this refid: which one was charged
        // is for a person to find out, never "failed, nothing was charged".
        Api::RefidConflict { .. } => open(current),
        _ if earlier_attempts == 0 => PaymentState::Failed,
        // Any refusal of a re-check (a locked key, the rate limiter, an IP block, even a
        // 400 from something in between) says nothing about the payment an earlier
        // send may have made.
        _ => open(current),
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

#[cfg(test)]
mod tests {
    use iimmpact::{Amount, ProductCode};

    use super::*;

    #[test]
    fn an_open_payment_stays_open_after_an_attempt_that_taught_nothing() {
        assert_eq!(open(PaymentState::Sending), PaymentState::Unknown);
        assert_eq!(open(PaymentState::Unknown), PaymentState::Unknown);
        assert_eq!(open(PaymentState::Pending), PaymentState::Pending);
    }

    fn api(status: u16) -> iimmpact::Error {
        iimmpact::Error::Api {
            status,
            code: None,
            message: "refused".into(),
            field: None,
        }
    }

    #[test]
    fn only_a_definite_refusal_of_a_payment_never_delivered_fails_it() {
        use PaymentState::*;
        let conflict = || iimmpact::Error::RefidConflict {
            refid: "A".into(),
            field: "account",
            existing: "0111".into(),
            requested: "0222".into(),
        };
        let auth = || iimmpact::Error::Auth {
            failure: iimmpact::AuthFailure::BadSignature,
            message: "bad".into(),
            clock_skew_secs: None,
        };
        let nonce = || iimmpact::Error::Auth {
            failure: iimmpact::AuthFailure::NonceReused,
            message: "nonce".into(),
            clock_skew_secs: None,
        };
        let token = || iimmpact::Error::Auth {
            failure: iimmpact::AuthFailure::BadToken,
            message: "Invalid or expired ID token".into(),
            clock_skew_secs: None,
        };
        let cases = [
            // First send refused: nothing can have been charged.
            (auth(), 0, Sending, Failed),
            // A refused ID token: re-checked by refid with the refreshed one.
            (token(), 0, Sending, Unknown),
            (token(), 2, Pending, Pending),
            (api(429), 0, Sending, Failed),
            (api(400), 0, Sending, Failed),
            // A copy reached IIMMPACT: unclear, on any attempt.
            (nonce(), 0, Sending, Unknown),
            // A refusal of a re-check says nothing about the earlier send.
            (auth(), 1, Unknown, Unknown),
            (api(429), 2, Pending, Pending),
            (api(403), 1, Sending, Unknown),
            // Even a 400: the earlier send may have been charged (a proxy may answer).
            (api(400), 1, Unknown, Unknown),
            (api(400), 1, Pending, Pending),
            // Another payment under this refid: a person looks, on any attempt.
            (conflict(), 0, Sending, Unknown),
            (conflict(), 3, Pending, Pending),
            (api(503), 0, Sending, Unknown),
        ];
        for (error, earlier, current, expected) in cases {
            assert_eq!(
                state_after(&error, earlier, current),
                expected,
                "{error:?} after {earlier} attempts, {current}"
            );
        }
    }

    #[test]
    fn the_follower_backs_off_with_the_payments_age_up_to_its_cap() {
        let record = |age_secs: i64| PaymentRecord {
            refid: Refid::parse("A").unwrap(),
            product: ProductCode::parse("D").unwrap(),
            account: "0123456789".into(),
            amount: Amount::parse("amount", "10").unwrap(),
            state: PaymentState::Unknown,
            status_code: None,
            status_text: None,
            reason: None,
            product_name: None,
            sn: None,
            pin: None,
            voucherlink: None,
            has_pin: false,
            has_voucherlink: false,
            voucher_not_stored: false,
            expiry: None,
            note: None,
            cost: None,
            balance_after: None,
            attempts: 5,
            last_error: None,
            refusal: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH + chrono::Duration::seconds(age_secs),
            body: Vec::new(),
        };
        // Seconds from the last attempt to the next.
        let wait = |age| (next_check(&record(age)) - record(age).updated_at).num_seconds();
        assert_eq!([wait(0), wait(1), wait(8), wait(60)], [2, 2, 4, 30]);
        assert_eq!(wait(3_600), 300);
        // A clock set back after the payment was made never stalls it.
        assert_eq!(wait(-600), 2);
    }
}
