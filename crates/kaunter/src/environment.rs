//! Which IIMMPACT the app talks to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Demo runs the simulator in-process on 127.0.0.1; the others are IIMMPACT's real hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Environment {
    #[default]
    Demo,
    Staging,
    Production,
}

impl Environment {
    pub const ALL: [Environment; 3] = [Self::Demo, Self::Staging, Self::Production];

    /// The documented base URL (all v2 paths hang off it); `None` for Demo, whose
    /// simulator picks a free loopback port at start.
    pub fn base_url(self) -> Option<&'static str> {
        match self {
            Self::Demo => None,
            Self::Staging => Some("https://staging.iimmpact.com/v2"),
            Self::Production => Some("https://api.iimmpact.com/v2"),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Demo => "demo",
            Self::Staging => "staging",
            Self::Production => "production",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Environment {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|e| e.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                crate::Error::invalid(
                    "env",
                    iimmpact::Problem::OneOf {
                        allowed: Self::ALL.iter().map(|e| e.as_str().to_owned()).collect(),
                    },
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_refuses_others_naming_the_field() {
        assert_eq!(
            "Staging".parse::<Environment>().unwrap(),
            Environment::Staging
        );
        let err = "prod".parse::<Environment>().unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("env"));
    }
}
