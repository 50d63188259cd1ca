//! The reconciliation the window last showed, kept for saving it to a file.

use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use kaunter::reconcile::ReconcileReport;
use kaunter::Environment;

#[derive(Default)]
pub struct Reconciled(Mutex<Option<(Environment, ReconcileReport)>>);

impl Reconciled {
    pub fn keep(&self, environment: Environment, report: ReconcileReport) {
        *self.slot() = Some((environment, report));
    }

    /// The kept report of `environment`'s journal for exactly `from`..`to`, if any.
    pub fn of(
        &self,
        environment: Environment,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Option<ReconcileReport> {
        self.slot()
            .as_ref()
            .filter(|(env, r)| *env == environment && r.from == from && r.to == to)
            .map(|(_, report)| report.clone())
    }

    fn slot(&self) -> MutexGuard<'_, Option<(Environment, ReconcileReport)>> {
        // Only an Option is guarded: a poisoned lock still holds a whole report or none.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
