//! What the journal holds about one payment, and the states it may move through.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use iimmpact::models::{FailureReason, PaymentStatus};
use iimmpact::time::gmt8;
use iimmpact::{Amount, ProductCode, Refid};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::vault::VoucherSecret;
use crate::Error;

/// The counter's calendar day (Malaysia, GMT+8) that an instant falls on.
pub fn counter_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&gmt8()).date_naive()
}

/// Where a payment stands.
///
/// `Sending` is written before the request leaves, so a crash at any point leaves a
/// row that says "this may have reached IIMMPACT". `Unknown` means a send ended without
/// a readable reply (timeout, 5xx, dropped connection). Both, like `Pending`, are
/// resolved only by re-sending the identical body with the same refid. `NotSent` closes
/// a `Sending` payment that was never handed to the network: nothing was charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PaymentState {
    Sending,
    /// IIMMPACT answered `0 Accepted` or `1 Processing`.
    Pending,
    Unknown,
    Succeeded,
    Failed,
    /// Reversed after the fact (`53 Refund`): the money came back.
    Refunded,
    /// The request never left this PC (the app stopped between journalling and
    /// sending), so nothing was charged; the cashier decides whether to pay again.
    NotSent,
}

impl PaymentState {
    pub const ALL: [PaymentState; 7] = [
        Self::Sending,
        Self::Pending,
        Self::Unknown,
        Self::Succeeded,
        Self::Failed,
        Self::Refunded,
        Self::NotSent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Pending => "pending",
            Self::Unknown => "unknown",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Refunded => "refunded",
            Self::NotSent => "not_sent",
        }
    }

    pub fn is_final(self) -> bool {
        match self {
            Self::Sending | Self::Pending | Self::Unknown => false,
            Self::Succeeded | Self::Failed | Self::Refunded | Self::NotSent => true,
        }
    }

    /// The journal refuses any other move, so a late or stray reply can never turn a
    /// settled payment back into an open one, or a failure into a success. The one
    /// move out of a final state is a refund of a success, which IIMMPACT reports on
    /// a later status check. Only a payment still `Sending` may turn out never sent:
    /// once an attempt was made, IIMMPACT may have it.
    pub fn may_become(self, next: PaymentState) -> bool {
        if self == next {
            return true;
        }
        match self {
            Self::Sending => true,
            Self::Pending | Self::Unknown => !matches!(next, Self::Sending | Self::NotSent),
            Self::Succeeded => next == Self::Refunded,
            Self::Failed | Self::Refunded | Self::NotSent => false,
        }
    }
}

impl From<&PaymentStatus> for PaymentState {
    fn from(status: &PaymentStatus) -> Self {
        match status {
            PaymentStatus::Pending { .. } => Self::Pending,
            PaymentStatus::Succeeded => Self::Succeeded,
            PaymentStatus::Refunded => Self::Refunded,
            PaymentStatus::Failed { .. } => Self::Failed,
            PaymentStatus::Unclear { .. } => Self::Unknown,
        }
    }
}

impl fmt::Display for PaymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PaymentState {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                Error::invalid(
                    "status",
                    iimmpact::Problem::OneOf {
                        allowed: Self::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
                    },
                )
            })
    }
}

/// One journalled payment, as history, receipts and the UI show it.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PaymentRecord {
    #[ts(type = "string")]
    pub refid: Refid,
    #[ts(type = "string")]
    pub product: ProductCode,
    pub account: String,
    #[ts(type = "string")]
    pub amount: Amount,
    pub state: PaymentState,
    #[ts(optional)]
    pub status_code: Option<i64>,
    /// IIMMPACT's status word as sent (`Accepted`, `Succesful`, `Failed`…).
    #[ts(optional)]
    pub status_text: Option<String>,
    /// Why IIMMPACT failed it, from its status code (worded where it is shown).
    #[ts(optional)]
    pub reason: Option<FailureReason>,
    #[ts(optional)]
    pub product_name: Option<String>,
    #[ts(optional)]
    pub sn: Option<String>,
    /// The voucher's PIN in clear: only in the outcome of a payment or re-check this
    /// call made (the cashier hands it over now), or of a reveal on purpose. Read back
    /// from the journal (history, lookup, updates) it is absent: see `has_pin`.
    #[ts(optional)]
    pub pin: Option<VoucherSecret>,
    /// The voucher's gift link: money like the PIN, kept and shown like it.
    #[ts(optional)]
    pub voucherlink: Option<VoucherSecret>,
    /// The journal keeps a PIN for this payment (sealed): a reveal shows it.
    pub has_pin: bool,
    pub has_voucherlink: bool,
    /// IIMMPACT sent a PIN or link that could not be kept (no keychain to seal it):
    /// only the outcome that brought it shows it, once.
    pub voucher_not_stored: bool,
    /// When a voucher expires.
    #[ts(optional, type = "string")]
    pub expiry: Option<NaiveDate>,
    #[ts(optional)]
    pub note: Option<String>,
    #[ts(optional, type = "string")]
    pub cost: Option<Decimal>,
    #[ts(optional, type = "string")]
    pub balance_after: Option<Decimal>,
    /// How many times the body has been handed to the network.
    pub attempts: u32,
    #[ts(optional)]
    pub last_error: Option<String>,
    /// The facts of the error this call met, for the faces to word: only in the outcome
    /// of the payment or re-check that met it (the journal keeps `last_error`'s text).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub refusal: Option<crate::ErrorPayload>,
    /// Stored in UTC; shown in GMT+8.
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    /// The exact bytes first sent: re-sent as they are on every status check.
    #[serde(skip)]
    #[ts(skip)]
    pub body: Vec<u8>,
}

/// What IIMMPACT's transaction history says of a payment, to settle it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Settlement {
    pub state: PaymentState,
    pub status_code: Option<i64>,
    pub status_text: Option<String>,
    pub product_name: Option<String>,
    pub sn: Option<String>,
    pub cost: Option<Decimal>,
}

impl Settlement {
    /// Kept as the payment's `last_error`: it was not settled by a reply.
    pub const NOTE: &'static str = "settled by reconciliation from IIMMPACT's transaction history";
}

/// A payment's voucher secrets as the journal keeps them: sealed by [`crate::vault`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedVoucher {
    pub pin: Option<Vec<u8>>,
    pub voucherlink: Option<Vec<u8>>,
}

/// What to journal of a reply's voucher secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoucherSeal {
    Sealed(SealedVoucher),
    /// The reply carried some, but there was no key to seal them: nothing is kept.
    NotStored,
}

impl VoucherSeal {
    /// A reply with no voucher secret.
    pub const NOTHING: Self = Self::Sealed(SealedVoucher {
        pin: None,
        voucherlink: None,
    });
}

impl PaymentRecord {
    /// When the payment was made, in Malaysia time.
    pub fn created_myt(&self) -> DateTime<FixedOffset> {
        self.created_at.with_timezone(&gmt8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_states_settle_and_settled_ones_stay_settled() {
        use PaymentState::*;
        for open in [Sending, Pending, Unknown] {
            assert!(!open.is_final());
            for next in [Pending, Unknown, Succeeded, Failed, Refunded] {
                assert!(open.may_become(next), "{open} -> {next}");
            }
        }
        assert!(!Pending.may_become(Sending));
        assert!(Succeeded.may_become(Refunded));
        for settled in [Succeeded, Failed, Refunded, NotSent] {
            assert!(settled.is_final());
            for open in [Sending, Pending, Unknown] {
                assert!(!settled.may_become(open), "{settled} -> {open}");
            }
        }
        assert!(!Failed.may_become(Succeeded));
        assert!(!Refunded.may_become(Succeeded));
    }

    #[test]
    fn only_a_payment_never_attempted_may_close_as_not_sent() {
        use PaymentState::*;
        assert!(Sending.may_become(NotSent));
        for other in [Pending, Unknown, Succeeded, Failed, Refunded] {
            assert!(!other.may_become(NotSent), "{other} -> not_sent");
            assert!(!NotSent.may_become(other), "not_sent -> {other}");
        }
        assert!(!NotSent.may_become(Sending));
        assert_eq!("not_sent".parse::<PaymentState>().unwrap(), NotSent);
    }

    #[test]
    fn state_names_round_trip_and_bad_ones_name_the_field() {
        for state in PaymentState::ALL {
            assert_eq!(state.as_str().parse::<PaymentState>().unwrap(), state);
        }
        let err = "done".parse::<PaymentState>().unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("status"));
    }

    #[test]
    fn statuses_map_to_states() {
        use PaymentState::*;
        for (code, state) in [
            (0, Pending),
            (1, Pending),
            (20, Succeeded),
            (53, Refunded),
            (43, Failed),
        ] {
            assert_eq!(
                PaymentState::from(&PaymentStatus::from_code(code, "")),
                state,
                "{code}"
            );
        }
    }

    #[test]
    fn the_counter_day_is_malaysian() {
        let late_utc = DateTime::parse_from_rfc3339("2026-11-24T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            counter_day(late_utc),
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
        );
    }
}
