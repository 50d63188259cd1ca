//! The proof that the supervisor was asked: only [`super::Supervisor`] makes one.

use std::time::{Duration, Instant};

use crate::{Error, Result};

/// Long enough to walk through Settings and save; short enough that a supervisor who
/// walks away leaves the counter locked again before a cashier gets to it.
pub const UNLOCK_FOR: Duration = Duration::from_secs(5 * 60);

/// Held by whoever verified the PIN (the app's state, one CLI run) and handed by
/// reference to each guarded operation. It has no public constructor, cannot be
/// cloned or serialised, and ends [`UNLOCK_FOR`] after it was made, in this process only.
#[derive(Debug)]
pub struct SupervisorUnlock {
    until: Instant,
}

impl SupervisorUnlock {
    pub(super) fn new() -> Self {
        Self {
            until: Instant::now() + UNLOCK_FOR,
        }
    }

    /// Whether it still holds; what a guarded operation asks first.
    pub fn check(&self) -> Result<()> {
        if Instant::now() >= self.until {
            return Err(Error::SupervisorRequired { ended: true });
        }
        Ok(())
    }

    /// How long it still holds, for the UI to show.
    pub fn remaining(&self) -> Duration {
        self.until.saturating_duration_since(Instant::now())
    }

    #[cfg(test)]
    pub(crate) fn for_tests() -> Self {
        Self::new()
    }

    #[cfg(test)]
    pub(crate) fn expired() -> Self {
        Self {
            until: Instant::now(),
        }
    }
}
