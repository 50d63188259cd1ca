//! IIMMPACT's 240-minute IP block, remembered on disk per environment.
//!
//! A 403 from the rate limiter blocks the outlet's IP for 240 minutes from the first
//! 403 (`../shared/iimmpact-api.md` §4.4). Every further request would only be refused,
//! so the block is kept in a small file per environment and every process (the app's
//! next start, a new CLI run) sends nothing until it ends, or until a supervisor asks
//! once, on purpose, whether IIMMPACT answers again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Environment;

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
