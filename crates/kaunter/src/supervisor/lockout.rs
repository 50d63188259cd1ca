//! Wrong PIN tries, remembered in `supervisor-lockout.json` in the data dir so that a
//! new process (another CLI run, a restarted app) does not start a fresh count.
//!
//! Whoever can delete or edit this file (the same OS user) can reset the count: the
//! lockout slows guessing at the counter, it does not stop someone with the user's
//! files. What it guards is worth no more than the PIN itself (see the module above).

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::atomic_file::AtomicFile;
use crate::paths::Paths;
use crate::{Error, Result};

/// Wrong tries allowed before the lock.
pub const TRIES: u32 = 5;
/// Five minutes: a cashier guessing gets 5 tries per 5 minutes, about 1,400 a day, so a
/// 6-digit PIN holds for years of guessing and a 4-digit one for about a week, while a
/// supervisor who mistyped waits no longer than a tea break.
pub const LOCK_FOR: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Lockout {
    /// Wrong tries since the last right one or the last lock.
    failures: u32,
    locked_until: Option<DateTime<Utc>>,
}

impl Lockout {
    pub fn locked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    pub fn tries_left(&self) -> u32 {
        TRIES.saturating_sub(self.failures)
    }

    /// Counts a wrong try; the fifth locks and starts a new count.
    pub fn fail(&mut self, now: DateTime<Utc>) {
        self.failures += 1;
        if self.failures >= TRIES {
            self.failures = 0;
            self.locked_until =
                Some(now + chrono::Duration::from_std(LOCK_FOR).expect("minutes fit"));
        }
    }
}

pub(super) struct LockoutFile {
    path: PathBuf,
}

impl LockoutFile {
    pub fn new(paths: &Paths) -> Self {
        Self {
            path: paths.data_dir().join("supervisor-lockout.json"),
        }
    }

    /// The saved count; an unreadable file counts as a lock in force rather than none,
    /// so spoiling it does not clear the count.
    pub fn load(&self, now: DateTime<Utc>) -> Result<Lockout> {
        match std::fs::read(&self.path) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                let mut locked = Lockout::default();
                (0..TRIES).for_each(|_| locked.fail(now));
                locked
            })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lockout::default()),
            Err(e) => Err(Error::io(format!("reading {}", self.path.display()), e)),
        }
    }

    pub fn save(&self, lockout: &Lockout) -> Result<()> {
        use std::io::Write as _;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        let mut file = AtomicFile::create(&self.path)?;
        file.write_all(&serde_json::to_vec(lockout).expect("a lockout serialises"))
            .map_err(|e| Error::io(format!("writing {}", self.path.display()), e))?;
        file.commit()
    }

    pub fn clear(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(Error::io(format!("removing {}", self.path.display()), e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_wrong_try_locks_for_five_minutes_and_a_spoilt_file_stays_locked() {
        let now = Utc::now();
        let mut lockout = Lockout::default();
        for left in (1..TRIES).rev() {
            lockout.fail(now);
            assert_eq!(lockout.tries_left(), left);
            assert_eq!(lockout.locked_until(now), None);
        }
        lockout.fail(now);
        let until = lockout.locked_until(now).unwrap();
        assert_eq!(until - now, chrono::Duration::minutes(5));
        assert_eq!(lockout.locked_until(until), None, "it ends by itself");

        let dir = tempfile::tempdir().unwrap();
        let file = LockoutFile::new(&Paths::under(dir.path()));
        file.save(&lockout).unwrap();
        assert_eq!(file.load(now).unwrap(), lockout);
        std::fs::write(&file.path, b"{not json").unwrap();
        assert!(file.load(now).unwrap().locked_until(now).is_some());
        file.clear().unwrap();
        assert_eq!(file.load(now).unwrap(), Lockout::default());
    }
}
