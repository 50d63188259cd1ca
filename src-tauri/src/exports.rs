//! The one export that may run at a time, and how to cancel it.

use std::sync::{Mutex, MutexGuard};

use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct Exports {
    running: Mutex<Option<CancellationToken>>,
}

impl Exports {
    /// Claims the slot. Two exports at once would halve each other's share of the
    /// request budget and leave the cashier unsure which file is which.
    pub fn begin(&self) -> kaunter::Result<Running<'_>> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Err(kaunter::Error::invalid(
                "export",
                kaunter::Problem::AlreadyRunning,
            ));
        }
        let token = CancellationToken::new();
        *slot = Some(token.clone());
        Ok(Running {
            exports: self,
            token,
        })
    }

    pub fn cancel(&self) {
        if let Some(token) = self.slot().as_ref() {
            token.cancel();
        }
    }

    fn slot(&self) -> MutexGuard<'_, Option<CancellationToken>> {
        // Only an Option is guarded: a poisoned lock still holds a valid value.
        self.running
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The running export; dropping it (done, failed, or the command abandoned) frees the slot.
pub struct Running<'a> {
    exports: &'a Exports,
    token: CancellationToken,
}

impl Running<'_> {
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        *self.exports.slot() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_export_at_a_time_and_cancel_reaches_the_running_one() {
        let exports = Exports::default();
        let running = exports.begin().unwrap();
        let second = exports.begin().err().expect("a second export is refused");
        assert_eq!(second.payload().field.as_deref(), Some("export"));
        exports.cancel();
        assert!(running.token().is_cancelled());
        drop(running);
        let again = exports.begin().unwrap();
        assert!(
            !again.token().is_cancelled(),
            "a new export starts uncancelled"
        );
    }
}
