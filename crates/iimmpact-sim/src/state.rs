//! Everything one simulator run holds, shared by its request handlers and its handle.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use rust_decimal::Decimal;
use tokio::sync::watch;

use crate::auth::Verifier;
use crate::config::SimConfig;
use crate::faults::Faults;
use crate::ledger::Ledger;
use crate::payments::Payments;
use crate::traffic::Traffic;

/// The ledger and the payments that move it, under one lock so they never disagree.
pub(crate) struct Book {
    pub ledger: Ledger,
    pub payments: Payments,
    /// Trxids already reported through `/v2/transactions/check`.
    pub disputes: HashSet<u64>,
}

impl Book {
    /// Brings pending payments up to date before anyone looks at money.
    pub fn settled(&mut self) -> &mut Self {
        self.payments.settle(&mut self.ledger, Instant::now());
        self
    }
}

/// The merchant's settings the config endpoints change.
#[derive(Debug, Default)]
pub(crate) struct Settings {
    pub callback_url: String,
    pub callback_method: String,
    pub low_balance_threshold: Option<Decimal>,
}

pub(crate) struct Sim {
    pub cfg: SimConfig,
    pub verifier: Verifier,
    pub book: Mutex<Book>,
    pub traffic: Mutex<Traffic>,
    pub faults: Mutex<Faults>,
    /// Products switched to `Interruption` (or back) from outside.
    pub network: Mutex<HashMap<String, bool>>,
    pub settings: Mutex<Settings>,
    /// Turns true when the simulator stops; held requests end then.
    pub stopping: watch::Receiver<bool>,
}

/// Locks a mutex, carrying on after a panic elsewhere: every critical section leaves
/// its data consistent before anything in it can panic.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
