//! Reporting a payment to IIMMPACT (`POST /v2/transactions/check`,
//! `../shared/iimmpact-api.md` §3.12): a support case on a successful payment, its
//! updates by e-mail.
//!
//! The documented body has no room for the cashier's reason, so none is sent: it is
//! kept in the log, with IIMMPACT's answer, for whoever follows the case up.

use iimmpact::models::{DisputeReply, DisputeRequest, DisputeStatus};
use iimmpact::Refid;
use serde::{Deserialize, Serialize};

use crate::journal::{Journal, PaymentState};
use crate::{Error, Problem, Result};

/// The longest reason kept, in characters.
pub const MAX_REASON: usize = 500;

/// What the cashier reports, about which payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ProblemRequest {
    #[ts(optional)]
    pub refid: Option<String>,
    /// IIMMPACT's transaction id: it names the payment when both are given.
    #[ts(optional)]
    pub trxid: Option<String>,
    /// What is wrong, in the cashier's words (the voucher does not work, the bill is
    /// not credited).
    pub reason: String,
    /// Whom IIMMPACT copies on the case's e-mails (the customer), besides the account's own.
    #[serde(default)]
    pub emails: Vec<String>,
}

/// What IIMMPACT said of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportOutcome {
    /// A case is open; its updates come by e-mail.
    Received,
    /// Refused, e.g. reported already or not a successful payment; `message` says why.
    Refused,
    /// An answer the docs do not list: neither, until someone reads `message`.
    Unclear,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProblemReport {
    #[ts(optional)]
    pub refid: Option<String>,
    #[ts(optional)]
    pub trxid: Option<String>,
    pub reason: String,
    pub outcome: ReportOutcome,
    /// IIMMPACT's own words, shown as they came.
    pub message: String,
}

/// An id as typed, when one was.
fn given(id: &Option<String>) -> Option<&str> {
    id.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The request to send for `problem`, refused before anything is sent when it cannot
/// be right: no reason, no payment named, or a payment this journal has that did not
/// succeed (IIMMPACT takes reports on successful payments only).
pub(crate) fn dispute_request(
    journal: &Journal,
    problem: &ProblemRequest,
) -> Result<DisputeRequest> {
    let reason = problem.reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", Problem::Required));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(Error::invalid(
            "reason",
            Problem::TooLong {
                max: MAX_REASON as u32,
            },
        ));
    }
    let emails: Vec<&str> = problem.emails.iter().map(String::as_str).collect();
    let refid = given(&problem.refid).map(Refid::parse).transpose()?;
    if let Some(payment) = refid
        .as_ref()
        .map(|r| journal.get(r))
        .transpose()?
        .flatten()
    {
        if payment.state != PaymentState::Succeeded {
            return Err(Error::invalid(
                "state",
                Problem::OneOf {
                    allowed: vec![PaymentState::Succeeded.as_str().to_owned()],
                },
            ));
        }
    }
    Ok(match (given(&problem.trxid), refid) {
        (Some(trxid), _) => DisputeRequest::for_trxid(trxid, &emails)?,
        (None, Some(refid)) => DisputeRequest::for_refid(refid, &emails)?,
        (None, None) => return Err(Error::invalid("refid", Problem::Required)),
    })
}

impl ProblemReport {
    pub(crate) fn of(problem: &ProblemRequest, reply: DisputeReply) -> Self {
        let outcome = match reply.status {
            DisputeStatus::Success => ReportOutcome::Received,
            DisputeStatus::Failed => ReportOutcome::Refused,
            DisputeStatus::Other(_) => ReportOutcome::Unclear,
        };
        Self {
            refid: reply.refid.or_else(|| problem.refid.clone()),
            trxid: problem.trxid.clone(),
            reason: problem.reason.trim().to_owned(),
            outcome,
            message: reply.message,
        }
    }
}
