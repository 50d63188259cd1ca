//! What every command shares: the core session for the chosen environment, and the
//! keychain's health as probed at start.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use kaunter::credentials::{Keychain, KeychainProblem};
use kaunter::paths::Paths;
use kaunter::payments::Polling;
use kaunter::session::{Kaunter, SessionConfig};
use kaunter::settings::Settings;

use crate::exports::Exports;

pub struct AppState {
    paths: Paths,
    pub keychain: Keychain,
    /// What the start-up probe found wrong with the OS keychain, if anything.
    pub keychain_problem: Option<KeychainProblem>,
    /// Replaced whole when the settings change (the environment picks the journal,
    /// the API host and the credentials), so a command never sees half of each.
    session: RwLock<Arc<Kaunter>>,
    pub exports: Exports,
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
        let session = RwLock::new(Arc::new(open_session(&paths)?));
        Ok(Self {
            paths,
            keychain,
            keychain_problem,
            session,
            exports: Exports::default(),
        })
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    pub fn session(&self) -> Arc<Kaunter> {
        // A writer only swaps an Arc, so a poisoned lock still holds a whole session.
        self.session
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Opens the session the saved settings now describe, and uses it from here on.
    pub fn reopen(&self) -> kaunter::Result<Arc<Kaunter>> {
        let fresh = Arc::new(open_session(&self.paths)?);
        *self
            .session
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh.clone();
        Ok(fresh)
    }

    /// A session for another environment, e.g. to test its credentials before switching.
    pub fn session_for(&self, environment: kaunter::Environment) -> kaunter::Result<Kaunter> {
        Kaunter::open(config(environment, &self.paths))
    }
}

/// Points every environment at another IIMMPACT host; Demo then uses it instead of
/// starting its own simulator.
const BASE_URL_VAR: &str = "KAUNTER_BASE_URL";

fn open_session(paths: &Paths) -> kaunter::Result<Kaunter> {
    Kaunter::open(config(Settings::load(paths)?.environment, paths))
}

fn config(environment: kaunter::Environment, paths: &Paths) -> SessionConfig {
    let mut config = SessionConfig::new(environment, paths.clone());
    // As the CLI's `--base-url`: a proxy, or a test server (the E2E tests' simulator).
    config.base_url = std::env::var(BASE_URL_VAR)
        .ok()
        .filter(|url| !url.is_empty());
    // The result screen shows a pending payment within seconds and keeps re-checking
    // it itself; a CLI may wait longer in one call.
    config.polling = Polling {
        deadline: Duration::from_secs(8),
        ..Polling::default()
    };
    config
}
