//! When to try a request again: a pure function, so every case is a unit test.
//!
//! Reads (GETs) are retried with exponential backoff and jitter on 5xx, timeouts and
//! connection errors, a bounded number of times. A 403 (the rate limiter's block, or
//! a refusal) and every other 4xx stop at once: trying again cannot help and, for the
//! rate limit, only digs deeper. A payment is never retried here after it may have
//! reached the server; the only automatic retry is of a connection that was never
//! made, with the identical bytes and refid. Re-checking an unclear payment is the
//! caller's decision (the journal drives it), by re-sending the same prepared body.

use std::time::Duration;

use crate::error::Error;

/// What kind of request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// A GET: safe to repeat.
    Read,
    /// A POST that may move money or open a case (`/v2/topup`, `/v2/transactions/check`).
    Payment,
}

/// How an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The server answered with this status.
    Status(u16),
    /// No reply within the client's timeout.
    Timeout,
    /// The connection was never made: nothing was sent.
    NotSent,
    /// Sent, but the reply was lost.
    NoReply,
    /// A reply that cannot be acted on again (bad input, undecodable body, conflict).
    Final,
}

impl Outcome {
    pub fn of(error: &Error) -> Self {
        match error {
            Error::Network {
                maybe_delivered: false,
                ..
            } => Outcome::NotSent,
            Error::Network {
                maybe_delivered: true,
                ..
            } => Outcome::NoReply,
            Error::Timeout { .. } => Outcome::Timeout,
            other => other.http_status().map_or(Outcome::Final, Outcome::Status),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Stop,
    RetryAfter(Duration),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

impl RetryPolicy {
    /// `attempt` is the number of attempts made so far (1 after the first failure);
    /// `jitter` is a random number in `[0, 1)` that spreads retries of several
    /// counters apart (the delay is between half and all of the backoff).
    pub fn decide(
        &self,
        kind: RequestKind,
        outcome: Outcome,
        attempt: u32,
        jitter: f64,
    ) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        let retryable = match (kind, outcome) {
            (_, Outcome::NotSent) => true,
            (RequestKind::Payment, _) => false,
            (RequestKind::Read, Outcome::Timeout | Outcome::NoReply) => true,
            // 429 is only documented for the old catalog preview, with Retry-After.
            (RequestKind::Read, Outcome::Status(status)) => {
                matches!(status, 429 | 500 | 502 | 503 | 504)
            }
            (RequestKind::Read, Outcome::Final) => false,
        };
        if !retryable {
            return Decision::Stop;
        }
        let exponent = attempt.saturating_sub(1).min(16);
        let backoff = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        Decision::RetryAfter(backoff.mul_f64(0.5 + jitter.clamp(0.0, 1.0) / 2.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Outcome::*;
    use RequestKind::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
    }

    fn after(ms: u64) -> Decision {
        Decision::RetryAfter(Duration::from_millis(ms))
    }

    #[test]
    fn reads_retry_server_errors_and_lost_replies_with_growing_delays() {
        for outcome in [
            Status(500),
            Status(502),
            Status(503),
            Status(504),
            Status(429),
            Timeout,
            NoReply,
            NotSent,
        ] {
            assert_eq!(
                policy().decide(Read, outcome, 1, 1.0),
                after(500),
                "{outcome:?}"
            );
        }
        assert_eq!(policy().decide(Read, Status(503), 2, 1.0), after(1000));
        assert_eq!(policy().decide(Read, Status(503), 3, 1.0), after(2000));
    }

    #[test]
    fn jitter_spreads_between_half_and_all_of_the_backoff() {
        assert_eq!(policy().decide(Read, Timeout, 1, 0.0), after(250));
        assert_eq!(policy().decide(Read, Timeout, 1, 0.5), after(375));
        assert_eq!(
            policy().decide(Read, Timeout, 1, 7.0),
            after(500),
            "out-of-range jitter is clamped"
        );
    }

    #[test]
    fn backoff_is_capped() {
        let p = RetryPolicy {
            max_attempts: 30,
            ..policy()
        };
        assert_eq!(
            p.decide(Read, Status(503), 20, 1.0),
            Decision::RetryAfter(p.max_delay)
        );
    }

    #[test]
    fn attempts_are_bounded() {
        assert_eq!(policy().decide(Read, Status(503), 4, 0.0), Decision::Stop);
        assert_eq!(policy().decide(Read, NotSent, 4, 0.0), Decision::Stop);
    }

    #[test]
    fn refusals_stop_at_once() {
        for status in [400, 401, 403, 404, 422] {
            assert_eq!(
                policy().decide(Read, Status(status), 1, 0.0),
                Decision::Stop,
                "{status}"
            );
        }
        assert_eq!(policy().decide(Read, Final, 1, 0.0), Decision::Stop);
    }

    #[test]
    fn payments_are_only_retried_when_nothing_was_sent() {
        assert_eq!(policy().decide(Payment, NotSent, 1, 1.0), after(500));
        for outcome in [
            Status(500),
            Status(503),
            Status(504),
            Timeout,
            NoReply,
            Status(400),
            Status(403),
            Final,
        ] {
            assert_eq!(
                policy().decide(Payment, outcome, 1, 0.0),
                Decision::Stop,
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn outcomes_from_errors() {
        let refused = Error::Network {
            message: "refused".into(),
            maybe_delivered: false,
        };
        assert_eq!(Outcome::of(&refused), NotSent);
        let reset = Error::Network {
            message: "reset".into(),
            maybe_delivered: true,
        };
        assert_eq!(Outcome::of(&reset), NoReply);
        assert_eq!(Outcome::of(&Error::Timeout { secs: 35 }), Timeout);
        assert_eq!(Outcome::of(&Error::from_reply(504, "", None)), Status(504));
        assert_eq!(
            Outcome::of(&Error::from_reply(403, r#"{"error":"read_only"}"#, None)),
            Status(403)
        );
        // The block: whether refused or held back at the gate, never tried again.
        assert_eq!(
            Outcome::of(&Error::from_reply(403, r#"{"message":"Forbidden"}"#, None)),
            Final
        );
        assert_eq!(
            Outcome::of(&Error::Decode {
                message: "x".into()
            }),
            Final
        );
    }
}
