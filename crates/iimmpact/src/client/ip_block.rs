//! The gate that holds every request back while IIMMPACT blocks this IP address.
//!
//! A breach of the per-IP rate limit is answered with a 403 and a 240-minute block
//! (`../shared/iimmpact-api.md` §4.4) that the server does not extend but must be waited out in full. Every
//! request sent meanwhile is refused anyway and, for the whole outlet sharing the IP,
//! only adds to the count, so the client sends nothing until the block ends: the gate
//! is shared by every client of the process (like the budget), can be seeded from
//! disk at start ([`IpBlock::restore`]) and opens by itself once its time has passed.

use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::error::{Error, IP_BLOCK_DURATION};

/// A block in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub until: DateTime<Utc>,
    /// The 403 said only `Forbidden` (see [`Error::IpBlocked`]).
    pub bare_forbidden: bool,
}

impl From<Blocked> for Error {
    fn from(b: Blocked) -> Self {
        Error::IpBlocked {
            until: b.until,
            bare_forbidden: b.bare_forbidden,
        }
    }
}

#[derive(Debug, Default)]
pub struct IpBlock {
    state: Mutex<Option<Blocked>>,
}

impl IpBlock {
    /// An open gate.
    pub fn new() -> Self {
        Self::default()
    }

    /// The block in force now, if any.
    pub fn status(&self) -> Option<Blocked> {
        self.status_at(Utc::now())
    }

    /// When the block in force now ends.
    pub fn until(&self) -> Option<DateTime<Utc>> {
        self.status().map(|b| b.until)
    }

    /// The block in force at `now`; a block whose time has passed is no block.
    pub fn status_at(&self, now: DateTime<Utc>) -> Option<Blocked> {
        self.lock().filter(|b| now < b.until)
    }

    /// Records a blocking 403 received at `first_403_at` and returns the block in force.
    ///
    /// A block already in force keeps its end: the server counts 240 minutes from the
    /// first 403, so a later one does not extend it. It does learn from a later 403
    /// that names the block whether a bare `Forbidden` was the block after all.
    pub fn block(&self, first_403_at: DateTime<Utc>, bare_forbidden: bool) -> Blocked {
        let mut state = self.lock();
        let blocked = match state.filter(|b| first_403_at < b.until) {
            Some(current) => Blocked {
                until: current.until,
                bare_forbidden: current.bare_forbidden && bare_forbidden,
            },
            None => Blocked {
                until: first_403_at + IP_BLOCK_DURATION,
                bare_forbidden,
            },
        };
        *state = Some(blocked);
        blocked
    }

    /// Sets the block as it was saved, e.g. by a previous run of the app.
    pub fn restore(&self, until: DateTime<Utc>, bare_forbidden: bool) {
        *self.lock() = Some(Blocked {
            until,
            bare_forbidden,
        });
    }

    /// Opens the gate: a deliberate check found the server answering again.
    pub fn lift(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Blocked>> {
        // The state is a plain value, valid even if a holder panicked.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_750_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    #[test]
    fn a_block_runs_240_minutes_from_the_first_403() {
        let gate = IpBlock::new();
        assert_eq!(gate.status_at(at(0)), None);
        let first = gate.block(at(0), true);
        assert_eq!(first.until, at(240));
        let later = gate.block(at(100), false);
        assert_eq!(later.until, at(240), "a later 403 does not extend it");
        assert!(
            !later.bare_forbidden,
            "a named block settles what a bare 403 was"
        );
        assert_eq!(gate.status_at(at(239)), Some(later));
    }

    #[test]
    fn the_gate_opens_by_itself_when_the_time_has_passed() {
        let gate = IpBlock::new();
        gate.block(at(0), false);
        assert_eq!(gate.status_at(at(240)), None);
        // A 403 after the end is a new block.
        assert_eq!(gate.block(at(300), false).until, at(540));
    }

    #[test]
    fn restore_and_lift() {
        let gate = IpBlock::new();
        let until = Utc::now() + TimeDelta::minutes(10);
        gate.restore(until, true);
        assert_eq!(gate.until(), Some(until));
        assert!(gate.status().unwrap().bare_forbidden);
        gate.lift();
        assert_eq!(gate.status(), None);
        gate.restore(Utc::now() - TimeDelta::minutes(1), false);
        assert_eq!(
            gate.status(),
            None,
            "a block that ended while the app was closed"
        );
    }
}
