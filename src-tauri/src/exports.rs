//! The one export that may run at a time, how far it is, and how to cancel it.

use std::sync::{Mutex, MutexGuard};

use kaunter::export::Progress;
use tokio_util::sync::CancellationToken;

#[derive(Default)]
pub struct Exports {
    running: Mutex<Option<Slot>>,
}

struct Slot {
    token: CancellationToken,
    /// The core's last report; the window asks for it (`export_progress`) rather than being sent each one.
    last: Option<Progress>,
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
        *slot = Some(Slot {
            token: token.clone(),
            last: None,
        });
        Ok(Running {
            exports: self,
            token,
        })
    }

    pub fn cancel(&self) {
        if let Some(slot) = self.slot().as_ref() {
            slot.token.cancel();
        }
    }

    /// How far the running export is: `None` when none runs or it has not reported yet.
    pub fn progress(&self) -> Option<Progress> {
        self.slot().as_ref().and_then(|slot| slot.last)
    }

    fn slot(&self) -> MutexGuard<'_, Option<Slot>> {
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

    pub fn report(&self, progress: Progress) {
        if let Some(slot) = self.exports.slot().as_mut() {
            slot.last = Some(progress);
        }
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

    #[test]
    fn progress_is_the_running_exports_last_report_and_ends_with_it() {
        let exports = Exports::default();
        assert_eq!(exports.progress(), None, "no export runs");
        let running = exports.begin().unwrap();
        assert_eq!(exports.progress(), None, "no page is in yet");
        let first = Progress {
            rows: 100,
            pages: 1,
            total_rows: Some(300),
            total_pages: Some(3),
        };
        running.report(first);
        running.report(Progress {
            rows: 200,
            pages: 2,
            ..first
        });
        assert_eq!(exports.progress().map(|p| p.rows), Some(200));
        drop(running);
        assert_eq!(
            exports.progress(),
            None,
            "a finished export reports nothing"
        );
        let _next = exports.begin().unwrap();
        assert_eq!(exports.progress(), None, "a new export starts from nothing");
    }
}
