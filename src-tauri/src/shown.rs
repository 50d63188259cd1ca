//! The report the window last showed for a range of days, kept for saving it to a file:
//! the file says what the screen said, and a report that spends requests (or settles
//! payments) is not run again for it.

use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use kaunter::Environment;

type Slot<T> = Option<(Environment, NaiveDate, NaiveDate, T)>;

pub struct Shown<T>(Mutex<Slot<T>>);

impl<T> Default for Shown<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T: Clone> Shown<T> {
    pub fn keep(&self, environment: Environment, from: NaiveDate, to: NaiveDate, report: T) {
        *self.slot() = Some((environment, from, to, report));
    }

    /// The kept report of `environment` for exactly `from`..`to`, if any.
    pub fn of(&self, environment: Environment, from: NaiveDate, to: NaiveDate) -> Option<T> {
        self.slot()
            .as_ref()
            .filter(|(env, f, t, _)| (*env, *f, *t) == (environment, from, to))
            .map(|(.., report)| report.clone())
    }

    fn slot(&self) -> MutexGuard<'_, Slot<T>> {
        // Only an Option is guarded: a poisoned lock still holds a whole report or none.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
