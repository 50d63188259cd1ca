//! Open payments followed in the background until they are final, in every
//! environment's journal, and each change sent to the window as `payment-updated`.
//!
//! The current environment's follower runs for as long as its session is in use; the
//! other environments' run at start until their last open payment is final, so a
//! payment left open in Staging is settled even while the counter works in Production.

use std::sync::{Arc, Mutex, OnceLock};

use kaunter::journal::PaymentRecord;
use kaunter::session::Session;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;

/// The event every payment change is sent as (payload: the payment).
pub const PAYMENT_UPDATED: &str = "payment-updated";

type Emit = Arc<dyn Fn(&PaymentRecord) + Send + Sync>;

#[derive(Default)]
pub struct Followers {
    emit: OnceLock<Emit>,
    /// Stops the current session's follower when the session is replaced.
    current: Mutex<Option<CancellationToken>>,
}

impl Followers {
    /// Where updates go from now on (the window, once it exists).
    pub fn emit_to(&self, emit: impl Fn(&PaymentRecord) + Send + Sync + 'static) {
        let _ = self.emit.set(Arc::new(emit));
    }

    /// Follows `session`'s open payments for as long as it is the current session.
    pub fn follow_current(&self, session: Arc<Session>) {
        let stop = CancellationToken::new();
        let previous = self
            .current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .replace(stop.clone());
        if let Some(previous) = previous {
            previous.cancel();
        }
        self.spawn(session, stop, false);
    }

    /// Follows `session`'s open payments until none is left open.
    pub fn follow_until_settled(&self, session: Arc<Session>) {
        self.spawn(session, CancellationToken::new(), true);
    }

    fn spawn(&self, session: Arc<Session>, stop: CancellationToken, until_idle: bool) {
        let mut updates = session.updates();
        if let Some(emit) = self.emit.get().cloned() {
            let stop = stop.clone();
            tauri::async_runtime::spawn(async move {
                loop {
                    tokio::select! {
                        () = stop.cancelled() => break,
                        update = updates.recv() => match update {
                            Ok(record) => emit(&record),
                            // The window re-reads what it shows on the next update.
                            Err(RecvError::Lagged(_)) => continue,
                            Err(RecvError::Closed) => break,
                        },
                    }
                }
            });
        }
        tauri::async_runtime::spawn(async move {
            let environment = session.environment();
            if let Err(e) = session.follow_open(&stop, until_idle).await {
                tracing::warn!(%environment, error = %e, "open payments are not being followed");
            }
            stop.cancel();
        });
    }
}
