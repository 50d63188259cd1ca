//! IIMMPACT's 240-minute IP block, remembered on disk per environment.
//!
//! A 403 from the rate limiter blocks the outlet's IP for 240 minutes from the first
//! 403 (`../shared/iimmpact-api.md` §4.4). Every further request would only be refused,
//! so the block is kept in a small file per environment and every process (the app's
//! next start, a new CLI run) sends nothing until it ends, or until a supervisor asks
//! once, on purpose, whether IIMMPACT answers again.

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use iimmpact::client::IpBlock;
use serde::{Deserialize, Serialize};

use crate::atomic_file::AtomicFile;
use crate::paths::Paths;
use crate::{Environment, Error, Result};

/// An IP block in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct BlockStatus {
    pub environment: Environment,
    /// When the block ends (240 minutes after the first 403), in UTC; shown in GMT+8.
    #[ts(type = "string")]
    pub until: DateTime<Utc>,
    /// The 403 said only "Forbidden": the IP block, or an IP allowlist or a key of the
    /// other environment, which a one-off check can tell apart.
    pub bare_forbidden: bool,
}

/// Where one environment's block is remembered: a small JSON file in the data dir,
/// written whole or not at all.
#[derive(Debug, Clone)]
pub struct BlockStore {
    environment: Environment,
    path: PathBuf,
}

impl BlockStore {
    pub fn new(paths: &Paths, environment: Environment) -> Self {
        Self {
            environment,
            path: paths
                .data_dir()
                .join(format!("ip-block-{environment}.json")),
        }
    }

    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The block still in force, if any. An ended block, or a file that cannot be read,
    /// blocks nothing: the worst that follows is one more refused request.
    pub fn load(&self, now: DateTime<Utc>) -> Option<BlockStatus> {
        let text = match std::fs::read(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e, "could not read the IP block file");
                return None;
            }
        };
        match serde_json::from_slice::<BlockStatus>(&text) {
            Ok(status) if status.environment == self.environment && status.until > now => {
                Some(status)
            }
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(path = %self.path.display(), error = %e, "the IP block file is damaged; ignoring it");
                None
            }
        }
    }

    pub fn save(&self, status: &BlockStatus) -> Result<()> {
        let mut file = AtomicFile::create(&self.path)?;
        let json = serde_json::to_vec(status).expect("a block status always serialises");
        file.write_all(&json)
            .map_err(|e| Error::io(format!("writing {}", self.path.display()), e))?;
        file.commit()
    }

    /// Writes the client's gate to disk when it holds a block the file does not yet,
    /// and returns the block in force. A failed write is logged: the gate still
    /// holds this process back, and the next 403 tries again.
    pub fn keep(&self, gate: &IpBlock) -> Option<BlockStatus> {
        let now = Utc::now();
        let status = gate.status().map(|block| BlockStatus {
            environment: self.environment,
            until: block.until,
            bare_forbidden: block.bare_forbidden,
        })?;
        if status.until <= now {
            return None;
        }
        if self.load(now).as_ref() != Some(&status) {
            if let Err(e) = self.save(&status) {
                tracing::error!(error = %e, "could not remember the IP block on disk");
            }
        }
        Some(status)
    }

    pub fn clear(&self) -> Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io(format!("removing {}", self.path.display()), e))
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn status(environment: Environment, until: DateTime<Utc>) -> BlockStatus {
        BlockStatus {
            environment,
            until,
            bare_forbidden: false,
        }
    }

    #[test]
    fn a_block_is_remembered_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        paths.create_all().unwrap();
        let store = BlockStore::new(&paths, Environment::Production);
        let now = Utc::now();
        assert_eq!(store.load(now), None);
        let block = status(Environment::Production, now + Duration::minutes(240));
        store.save(&block).unwrap();
        // A new process reads the same file.
        let again = BlockStore::new(&paths, Environment::Production);
        assert_eq!(again.load(now), Some(block.clone()));
        assert_eq!(again.load(block.until), None, "ended at `until`");
        // Each environment keeps its own.
        assert_eq!(
            BlockStore::new(&paths, Environment::Staging).load(now),
            None
        );
        again.clear().unwrap();
        again.clear().unwrap();
        assert_eq!(store.load(now), None);
    }

    #[test]
    fn a_damaged_file_blocks_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::under(dir.path());
        paths.create_all().unwrap();
        let store = BlockStore::new(&paths, Environment::Staging);
        std::fs::write(&store.path, b"{not json").unwrap();
        assert_eq!(store.load(Utc::now()), None);
    }
}
