//! The supervisor PIN: what stands between a cashier and the shop's settings.
//!
//! Stored only as an Argon2id hash (see [`pin`]) in the OS keychain, service `kaunter`,
//! user `supervisor-pin`, so deleting a file does not remove it; a shop of one may
//! skip it instead, which is stored there too (the text `skipped`). Nothing stored is
//! the state of a fresh install: until someone chooses, nothing is asked, because a
//! cashier could just as well set the PIN themselves, and the app asks on first use
//! of Settings.
//!
//! [`Supervisor::verify`] is the only maker of a [`SupervisorUnlock`], the proof every
//! guarded operation takes: saving or clearing credentials, saving settings that switch
//! the environment or change the request rate, and the account-settings writes.
//! Five wrong tries lock it for five minutes, across processes (see [`lockout`]).
//!
//! A forgotten PIN: [`Supervisor::reset`] (`kaunter supervisor reset`) removes the PIN,
//! every environment's API key and secret and the settings file, so the keys it guarded
//! are gone rather than exposed, and whoever resets must enter them again. The journal's
//! PIN keys stay: without them past vouchers could not be shown again.
//!
//! The same OS user can read and replace keychain entries and files; the PIN keeps the
//! shop's settings from a cashier at the counter, not from someone with that user's
//! shell.

mod lockout;
mod pin;
mod unlock;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use lockout::{LOCK_FOR, TRIES};
pub use pin::SupervisorPin;
pub use unlock::{SupervisorUnlock, UNLOCK_FOR};

use crate::credentials::Keychain;
use crate::paths::Paths;
use crate::{Environment, Error, Result};

use lockout::LockoutFile;

/// The keychain user (service `kaunter`) holding the PIN's hash, or `skipped`.
pub const KEYCHAIN_USER: &str = "supervisor-pin";
const SKIPPED: &str = "skipped";

/// What the shop chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PinChoice {
    /// Nothing chosen yet (a fresh install): Settings should ask.
    NotChosen,
    /// A shop of one: guarded operations need no PIN.
    Skipped,
    Set,
}

/// What Settings shows before asking for the PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SupervisorStatus {
    pub pin: PinChoice,
    /// While set, every try is refused, the right PIN too.
    #[ts(optional, type = "string")]
    pub locked_until: Option<DateTime<Utc>>,
    pub tries_left: u32,
}

pub struct Supervisor {
    keychain: Keychain,
    lockout: LockoutFile,
    paths: Paths,
}

impl Supervisor {
    /// The shop's supervisor: the `kaunter` keychain service, the lockout in `paths`.
    pub fn new(paths: &Paths) -> Self {
        Self::with_keychain(Keychain::default(), paths)
    }

    /// Another keychain service (tests keep apart with their own).
    pub fn with_keychain(keychain: Keychain, paths: &Paths) -> Self {
        Self {
            keychain,
            lockout: LockoutFile::new(paths),
            paths: paths.clone(),
        }
    }

    pub async fn status(&self) -> Result<SupervisorStatus> {
        let lockout = self.lockout.load(Utc::now())?;
        Ok(SupervisorStatus {
            pin: self.choice().await?.0,
            locked_until: lockout.locked_until(Utc::now()),
            tries_left: lockout.tries_left(),
        })
    }

    /// The proof for guarded operations. With a PIN set, `pin` must be it, and is
    /// refused while locked (even when right); otherwise no PIN is needed.
    pub async fn verify(&self, pin: Option<&SupervisorPin>) -> Result<SupervisorUnlock> {
        let (choice, hash) = self.choice().await?;
        let hash = match (choice, hash) {
            (PinChoice::Set, Some(hash)) => hash,
            _ => return Ok(SupervisorUnlock::new()),
        };
        let now = Utc::now();
        let mut lockout = self.lockout.load(now)?;
        if let Some(until) = lockout.locked_until(now) {
            return Err(Error::SupervisorLocked { until });
        }
        let pin = pin.ok_or_else(|| Error::SupervisorRequired { ended: false })?;
        if matches(pin, hash).await? {
            self.lockout.clear()?;
            return Ok(SupervisorUnlock::new());
        }
        lockout.fail(now);
        self.lockout.save(&lockout)?;
        tracing::warn!(tries_left = lockout.tries_left(), "wrong supervisor PIN");
        match lockout.locked_until(now) {
            Some(until) => Err(Error::SupervisorLocked { until }),
            None => Err(Error::WrongPin {
                tries_left: lockout.tries_left(),
            }),
        }
    }

    /// Sets (or changes) the PIN; changing it takes the proof the old one was given.
    pub async fn set(&self, unlock: &SupervisorUnlock, pin: &SupervisorPin) -> Result<()> {
        unlock.check()?;
        let hash = {
            let pin = pin.clone();
            tokio::task::spawn_blocking(move || pin.hash())
                .await
                .map_err(|e| Error::keychain_other(format!("hashing the supervisor PIN: {e}")))??
        };
        self.keychain.set_text(KEYCHAIN_USER, &hash).await?;
        self.lockout.clear()
    }

    /// A shop of one: no PIN from now on (until one is set).
    pub async fn skip(&self, unlock: &SupervisorUnlock) -> Result<()> {
        unlock.check()?;
        self.keychain.set_text(KEYCHAIN_USER, SKIPPED).await?;
        self.lockout.clear()
    }

    /// The way out of a forgotten PIN, taking away what it guarded: the PIN, both
    /// environments' API key and secret, the settings file and the lockout. Needs no
    /// proof, since it exposes nothing; the keys must be entered again.
    pub async fn reset(&self) -> Result<()> {
        for env in [Environment::Staging, Environment::Production] {
            self.keychain.forget(env).await?;
        }
        self.keychain.delete(KEYCHAIN_USER).await?;
        let settings = self.paths.settings_file();
        match std::fs::remove_file(&settings) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(format!("removing {}", settings.display()), e)),
        }
        self.lockout.clear()?;
        tracing::warn!("supervisor reset: PIN, credentials and settings removed");
        Ok(())
    }

    async fn choice(&self) -> Result<(PinChoice, Option<String>)> {
        Ok(match self.keychain.get_text(KEYCHAIN_USER).await? {
            None => (PinChoice::NotChosen, None),
            Some(text) if text == SKIPPED => (PinChoice::Skipped, None),
            Some(hash) => (PinChoice::Set, Some(hash)),
        })
    }
}

/// Argon2 takes tens of milliseconds of CPU: off the async threads.
async fn matches(pin: &SupervisorPin, hash: String) -> Result<bool> {
    let pin = pin.clone();
    tokio::task::spawn_blocking(move || pin.matches(&hash))
        .await
        .map_err(|e| Error::keychain_other(format!("checking the supervisor PIN: {e}")))?
}
