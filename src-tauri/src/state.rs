//! What every command shares, opened once at start.

use kaunter::credentials::{Keychain, KeychainProblem};
use kaunter::journal::Journal;
use kaunter::paths::Paths;

pub struct AppState {
    pub paths: Paths,
    pub journal: Journal,
    pub keychain: Keychain,
    /// What the start-up probe found wrong with the OS keychain, if anything.
    pub keychain_problem: Option<KeychainProblem>,
}

impl AppState {
    pub fn start() -> kaunter::Result<Self> {
        Self::open(Paths::from_os()?)
    }

    /// Everything under `paths`: the OS dirs in the app, a temp dir in tests.
    pub fn open(paths: Paths) -> kaunter::Result<Self> {
        paths.create_all()?;
        let journal = Journal::open(&paths.journal_file())?;
        let keychain = Keychain::default();
        // Before the window shows: a locked keychain is explained up front, not at the
        // first payment. The probe is bounded (the core times it out).
        let keychain_problem = tauri::async_runtime::block_on(keychain.probe()).err();
        Ok(Self {
            paths,
            journal,
            keychain,
            keychain_problem,
        })
    }
}
