//! What every command shares: the core session for the chosen environment, and the
//! keychain's health as probed at start.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use kaunter::credentials::{Keychain, KeychainProblem};
use kaunter::finance::{MonthStatement, TransactionSummary};
use kaunter::paths::Paths;
use kaunter::payments::Polling;
use kaunter::reconcile::ReconcileReport;
use kaunter::session::RequestBudget;
use kaunter::session::{self, Session, SessionConfig};
use kaunter::settings::Settings;
use kaunter::supervisor::{Supervisor, SupervisorUnlock};
use kaunter::Environment;
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

use crate::exports::Exports;
use crate::follow::Followers;
use crate::shown::Shown;

pub struct AppState {
    paths: Paths,
    pub keychain: Keychain,
    /// What the start-up probe found wrong with the OS keychain, if anything.
    pub keychain_problem: Option<KeychainProblem>,
    /// Replaced whole when the settings change (the environment picks the journal,
    /// the API host and the credentials), so a command never sees half of each.
    session: RwLock<Arc<Session>>,
    /// The process's one request budget: every session, credentials test, export and
    /// background re-check draws on it, so the PC keeps to its share of the IP limit.
    budget: Arc<RequestBudget>,
    pub exports: Exports,
    pub followers: Followers,
    /// The last reconciliation's report, which an export of it writes.
    pub reconciled: Shown<ReconcileReport>,
    /// The last Transaction Summary shown, which an export of it writes.
    pub summarised: Shown<TransactionSummary>,
    /// The last month's statement shown (kept by its month's first and last day).
    pub stated: Shown<MonthStatement>,
    pub supervisor: Supervisor,
    /// The unlock Settings earned with the PIN, until Settings is left.
    pub unlock: HeldUnlock,
}

impl AppState {
    pub fn start() -> kaunter::Result<Self> {
        Self::open(Paths::from_os()?)
    }

    /// Everything under `paths`: the OS dirs in the app, a temp dir in tests.
    pub fn open(paths: Paths) -> kaunter::Result<Self> {
        let keychain = Keychain::default();
        // Before the window shows: a locked keychain is explained up front, not at the
        // first payment. The probe is bounded (the core times it out).
        let keychain_problem = tauri::async_runtime::block_on(keychain.probe()).err();
        let settings = Settings::load(&paths)?;
        let budget = Arc::new(session::budget_for(settings.request_rate)?);
        let session = Session::open(config(settings.environment, &paths, &budget))?;
        Ok(Self {
            keychain,
            keychain_problem,
            session: RwLock::new(Arc::new(session)),
            budget,
            exports: Exports::default(),
            followers: Followers::default(),
            reconciled: Shown::default(),
            summarised: Shown::default(),
            stated: Shown::default(),
            supervisor: Supervisor::new(&paths),
            unlock: HeldUnlock::default(),
            paths,
        })
    }

    /// At start: closes every journal's payments that were never sent (the cashier
    /// decides about them, History shows them), then follows open payments: the
    /// current environment's for as long as it is in use, every other environment's
    /// until its open payments are final.
    pub fn follow_payments(&self) {
        let current = self.session();
        let others = Environment::ALL
            .into_iter()
            .filter(|&env| env != current.environment())
            .filter(|&env| session::journal_file(&self.paths, env).exists())
            .filter_map(|env| {
                self.session_for(env)
                    .inspect_err(|e| tracing::warn!(%env, error = %e, "cannot follow this environment's open payments"))
                    .ok()
            });
        for session in others.map(Arc::new).chain([current.clone()]) {
            if let Err(e) = session.close_unsent() {
                tracing::warn!(environment = %session.environment(), error = %e, "could not close unsent payments");
            }
            if !Arc::ptr_eq(&session, &current) {
                self.followers.follow_until_settled(session);
            }
        }
        self.followers.follow_current(current);
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    pub fn session(&self) -> Arc<Session> {
        // A writer only swaps an Arc, so a poisoned lock still holds a whole session.
        self.session
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Opens the session the saved settings now describe, and uses it from here on.
    pub fn reopen(&self) -> kaunter::Result<Arc<Session>> {
        let settings = Settings::load(&self.paths)?;
        let rate = settings.request_rate;
        self.budget
            .set_rate(f64::from(rate), rate.saturating_mul(2))
            .map_err(kaunter::Error::from)?;
        let fresh = Arc::new(Session::open(config(
            settings.environment,
            &self.paths,
            &self.budget,
        ))?);
        *self
            .session
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh.clone();
        self.followers.follow_current(fresh.clone());
        Ok(fresh)
    }

    /// A session for another environment, e.g. to test its credentials before switching.
    pub fn session_for(&self, environment: Environment) -> kaunter::Result<Session> {
        Session::open(config(environment, &self.paths, &self.budget))
    }
}

/// The one supervisor unlock this window holds. A guarded command keeps it locked for
/// as long as it runs, so leaving Settings cannot end an unlock halfway through a save.
#[derive(Default)]
pub struct HeldUnlock(Mutex<Option<SupervisorUnlock>>);

impl HeldUnlock {
    pub async fn hold(&self, unlock: SupervisorUnlock) {
        *self.0.lock().await = Some(unlock);
    }

    pub async fn release(&self) {
        *self.0.lock().await = None;
    }

    /// The unlock for a guarded operation; `supervisor_required` when none is held or
    /// it has ended (then it is dropped).
    pub async fn get(&self) -> kaunter::Result<MappedMutexGuard<'_, SupervisorUnlock>> {
        let mut held = self.0.lock().await;
        if let Some(Err(ended)) = held.as_ref().map(SupervisorUnlock::check) {
            *held = None;
            return Err(ended);
        }
        MutexGuard::try_map(held, Option::as_mut)
            .map_err(|_| kaunter::Error::SupervisorRequired { ended: false })
    }

    /// How long the held unlock still lasts, if one is held.
    pub async fn remaining(&self) -> Option<Duration> {
        let held = self.0.lock().await;
        held.as_ref()
            .filter(|unlock| unlock.check().is_ok())
            .map(SupervisorUnlock::remaining)
    }
}

/// Points every environment at another IIMMPACT host; Demo then uses it instead of
/// starting its own simulator.
const BASE_URL_VAR: &str = "KAUNTER_BASE_URL";

fn config(environment: Environment, paths: &Paths, budget: &Arc<RequestBudget>) -> SessionConfig {
    let mut config = SessionConfig::new(environment, paths.clone());
    config.budget = Some(budget.clone());
    // As the CLI's `--base-url`: a proxy, or a test server (the E2E tests' simulator).
    config.base_url = std::env::var(BASE_URL_VAR)
        .ok()
        .filter(|url| !url.is_empty());
    // The result screen shows a pending payment within seconds; the background
    // follower keeps re-checking it after that. A CLI may wait longer in one call.
    config.polling = Polling {
        deadline: Duration::from_secs(8),
        ..Polling::default()
    };
    config
}
