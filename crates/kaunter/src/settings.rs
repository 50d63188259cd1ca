//! The settings file: a small JSON file in the config dir, written atomically.
//!
//! It holds preferences only. Credentials live in the OS keychain (see
//! [`crate::credentials`]); no field here can hold one, and a test scans the file.

use iimmpact::client::ProxyUrl;
use iimmpact::Problem;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::atomic_file::AtomicFile;
use crate::export::{CsvFormat, EntryType};
use crate::paths::Paths;
use crate::{Environment, Error, Result};

/// The highest whole request rate (with its burst of two seconds' worth) within one
/// PC's share of IIMMPACT's per-IP limit; see [`iimmpact::client::RequestBudget::new`].
pub const MAX_REQUEST_RATE: u32 = 9;
const OUTLET_NAME_MAX: usize = 60;
/// `remarks` has no documented limit (`../shared/iimmpact-api.md` §3.9); a short name
/// stays whole in IIMMPACT's dashboard and reports (docs/api-decisions.md).
const COUNTER_NAME_MAX: usize = 40;
/// The same on every PC until someone names it: readable in IIMMPACT's records, and
/// nothing about the machine leaves it.
pub const DEFAULT_COUNTER_NAME: &str = "Counter 1";
const RECEIPT_LINES_MAX: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export)]
pub struct Settings {
    pub environment: Environment,
    pub outlet_name: String,
    /// This counter's name, sent as each payment's `remarks`, so IIMMPACT's records say
    /// which counter sold it; summaries and reconciliation group by it.
    pub counter_name: String,
    /// Printed at the top of every receipt, one entry per line, each within the
    /// paper's width.
    pub receipt_header: Vec<String>,
    /// The receipt printer's paper.
    pub receipt_width: ReceiptWidth,
    pub language: Language,
    /// The request budget in requests per second, for every call this app makes.
    pub request_rate: u32,
    /// Warn when the wallet balance falls below this (MYR).
    #[ts(type = "string")]
    pub low_balance_threshold: Decimal,
    pub export: ExportDefaults,
    /// The office's http(s) proxy, for offices that need one and have no system proxy
    /// setting; `None` follows the system's. Never holds a login (see [`ProxyUrl`]).
    pub proxy: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Language {
    #[default]
    En,
    /// Bahasa Malaysia.
    Ms,
}

/// The paper of the receipt printer: the print view's page and the CLI's text follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub enum ReceiptWidth {
    #[serde(rename = "58mm")]
    Mm58,
    /// The common size at outlets, and what files saved before the choice existed meant.
    #[default]
    #[serde(rename = "80mm")]
    Mm80,
}

impl ReceiptWidth {
    /// Characters per line in the printer's own font: 32 on 58 mm paper, 48 on 80 mm.
    pub fn columns(self) -> usize {
        match self {
            Self::Mm58 => 32,
            Self::Mm80 => 48,
        }
    }
}

/// What the statement export form starts with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export)]
pub struct ExportDefaults {
    #[serde(flatten)]
    pub format: CsvFormat,
    /// `None` exports every entry type.
    pub entry_type: Option<EntryType>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            environment: Environment::Demo,
            outlet_name: String::new(),
            counter_name: DEFAULT_COUNTER_NAME.to_owned(),
            receipt_header: Vec::new(),
            receipt_width: ReceiptWidth::default(),
            language: Language::En,
            request_rate: MAX_REQUEST_RATE,
            low_balance_threshold: Decimal::from(100),
            export: ExportDefaults::default(),
            proxy: None,
        }
    }
}

impl Settings {
    /// The saved settings, or the defaults when none were saved yet.
    pub fn load(paths: &Paths) -> Result<Self> {
        let path = paths.settings_file();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(Error::io(format!("reading {}", path.display()), e)),
        };
        // Fixing or deleting the file is the remedy.
        let broken = |detail: String| Error::Settings {
            path: path.clone(),
            detail,
        };
        let mut settings = parse(&text).map_err(broken)?;
        if settings.request_rate > MAX_REQUEST_RATE {
            // Saved by a Kaunter that allowed more: keep to the share rather than refuse to start.
            tracing::warn!(
                saved = settings.request_rate,
                used = MAX_REQUEST_RATE,
                "the saved request rate is above this PC's share of the IP limit"
            );
            settings.request_rate = MAX_REQUEST_RATE;
        }
        settings.validate().map_err(|e| broken(e.to_string()))?;
        Ok(settings)
    }

    /// Saves what anyone at the counter may change. Switching the environment or
    /// changing the request rate is a supervisor's ([`Self::save_guarded`]): refused
    /// here naming the field, and nothing is written.
    pub fn save(&self, paths: &Paths) -> Result<()> {
        self.validate()?;
        let saved = Self::load(paths).unwrap_or_default();
        let guarded = [
            ("environment", saved.environment != self.environment),
            ("request_rate", saved.request_rate != self.request_rate),
        ];
        if let Some((field, _)) = guarded.into_iter().find(|(_, changed)| *changed) {
            tracing::info!(
                field,
                "a guarded setting changed without the supervisor PIN"
            );
            return Err(Error::SupervisorRequired { ended: false });
        }
        self.write(paths)
    }

    /// Saves every field, the supervisor's too, with the proof the PIN was given.
    pub fn save_guarded(
        &self,
        paths: &Paths,
        unlock: &crate::supervisor::SupervisorUnlock,
    ) -> Result<()> {
        unlock.check()?;
        self.write(paths)
    }

    fn write(&self, paths: &Paths) -> Result<()> {
        use std::io::Write as _;
        self.validate()?;
        std::fs::create_dir_all(paths.config_dir())
            .map_err(|e| Error::io(format!("creating {}", paths.config_dir().display()), e))?;
        let mut file = AtomicFile::create(paths.settings_file())?;
        let json = serde_json::to_vec_pretty(self).expect("settings always serialise");
        file.write_all(&json)
            .map_err(|e| Error::io("writing the settings", e))?;
        file.commit()
    }

    /// Refuses values the app cannot honour, naming the field.
    pub fn validate(&self) -> Result<()> {
        check_text("outlet_name", &self.outlet_name, OUTLET_NAME_MAX)?;
        check_text("counter_name", &self.counter_name, COUNTER_NAME_MAX)?;
        // Grouping by counter needs a name (it is sent trimmed).
        if self.counter_name.trim().is_empty() {
            return Err(Error::invalid("counter_name", Problem::Required));
        }
        if self.receipt_header.len() > RECEIPT_LINES_MAX {
            return Err(Error::invalid(
                "receipt_header",
                Problem::TooManyLines {
                    max: RECEIPT_LINES_MAX as u32,
                },
            ));
        }
        for line in &self.receipt_header {
            check_text("receipt_header", line, self.receipt_width.columns())?;
        }
        if !(1..=MAX_REQUEST_RATE).contains(&self.request_rate) {
            return Err(Error::invalid(
                "request_rate",
                // One PC's share of IIMMPACT's 30,000 requests per 5 minutes per IP
                // address, shared by the outlet's counters.
                Problem::OutOfRange {
                    min: "1".into(),
                    max: MAX_REQUEST_RATE.to_string(),
                },
            ));
        }
        if self.low_balance_threshold.is_sign_negative() {
            return Err(Error::invalid(
                "low_balance_threshold",
                Problem::BelowMin { min: "0".into() },
            ));
        }
        if self.low_balance_threshold.scale() > 2 {
            return Err(Error::invalid(
                "low_balance_threshold",
                Problem::TooManyDecimals { max: 2 },
            ));
        }
        self.proxy_url()?;
        Ok(())
    }

    /// The proxy to use, validated; see [`ProxyUrl::parse`].
    pub fn proxy_url(&self) -> Result<Option<ProxyUrl>> {
        Ok(self.proxy.as_deref().map(ProxyUrl::parse).transpose()?)
    }
}

fn check_text(field: &str, text: &str, max: usize) -> Result<()> {
    if text.chars().count() > max {
        return Err(Error::invalid(field, Problem::TooLong { max: max as u32 }));
    }
    if text.chars().any(char::is_control) {
        return Err(Error::invalid(field, Problem::ControlCharacters));
    }
    Ok(())
}

/// Parses the file; on failure, names the top-level field that is wrong.
fn parse(text: &str) -> Result<Settings, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::from_value(value.clone()).map_err(|e| {
        let culprit = value.as_object().and_then(|fields| {
            fields.iter().find(|(name, v)| {
                let alone = serde_json::json!({ name.as_str(): v });
                serde_json::from_value::<Settings>(alone).is_err()
            })
        });
        match culprit {
            Some((name, _)) => format!("field `{name}`: {e}"),
            None => e.to_string(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> (tempfile::TempDir, Paths) {
        let root = tempfile::tempdir().unwrap();
        let paths = Paths::under(root.path());
        (root, paths)
    }

    #[test]
    fn missing_file_gives_defaults_and_a_save_round_trips() {
        let (_root, paths) = paths();
        assert_eq!(Settings::load(&paths).unwrap(), Settings::default());
        let settings = Settings {
            environment: Environment::Staging,
            outlet_name: "Kedai Runcit Ah Chong".into(),
            counter_name: "KL Sentral 2".into(),
            receipt_header: vec!["No. 12, Jalan Besar".into(), "Tel 03-1234 5678".into()],
            receipt_width: ReceiptWidth::Mm58,
            language: Language::Ms,
            request_rate: 5,
            low_balance_threshold: Decimal::new(5050, 2),
            export: ExportDefaults {
                format: CsvFormat {
                    bom: false,
                    crlf: false,
                },
                entry_type: Some(EntryType::Refund),
            },
            proxy: Some("http://proxy.corp:8080".into()),
        };
        let unlock = crate::supervisor::SupervisorUnlock::for_tests();
        settings.save_guarded(&paths, &unlock).unwrap();
        assert_eq!(Settings::load(&paths).unwrap(), settings);
        let names: Vec<_> = std::fs::read_dir(paths.config_dir())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["settings.json"], "no temp file left behind");
    }

    #[test]
    fn a_partial_file_fills_in_defaults() {
        let (_root, paths) = paths();
        std::fs::create_dir_all(paths.config_dir()).unwrap();
        std::fs::write(paths.settings_file(), r#"{"language":"ms"}"#).unwrap();
        let settings = Settings::load(&paths).unwrap();
        assert_eq!(settings.language, Language::Ms);
        assert_eq!(settings.request_rate, Settings::default().request_rate);
    }

    #[test]
    fn a_file_from_before_the_receipt_width_prints_at_80_mm() {
        let (_root, paths) = paths();
        std::fs::create_dir_all(paths.config_dir()).unwrap();
        let header = "x".repeat(48);
        let old = serde_json::json!({
            "outlet_name": "Kedai Ali",
            "counter_name": "Counter 2",
            "receipt_header": [header],
            "language": "ms",
        });
        std::fs::write(paths.settings_file(), old.to_string()).unwrap();
        let settings = Settings::load(&paths).unwrap();
        assert_eq!(settings.receipt_width, ReceiptWidth::Mm80);
        assert_eq!(settings.receipt_header, [header]);
        assert_eq!(settings.counter_name, "Counter 2");
    }

    #[test]
    fn the_receipt_width_is_saved_by_its_name() {
        let (_root, paths) = paths();
        let settings = Settings {
            receipt_width: ReceiptWidth::Mm58,
            ..Settings::default()
        };
        settings.save(&paths).unwrap();
        let text = std::fs::read_to_string(paths.settings_file()).unwrap();
        assert!(text.contains(r#""receipt_width": "58mm""#), "{text}");
        assert_eq!(Settings::load(&paths).unwrap(), settings);

        std::fs::write(paths.settings_file(), r#"{"receipt_width":"76mm"}"#).unwrap();
        let message = Settings::load(&paths).unwrap_err().to_string();
        assert!(message.contains("`receipt_width`"), "{message}");
    }

    #[test]
    fn bad_values_are_refused_naming_the_field() {
        type Spoil = fn(&mut Settings);
        let cases: [(&str, Spoil); 11] = [
            ("request_rate", |s| s.request_rate = 0),
            ("request_rate", |s| s.request_rate = MAX_REQUEST_RATE + 1),
            ("low_balance_threshold", |s| {
                s.low_balance_threshold = Decimal::new(-1, 0)
            }),
            ("outlet_name", |s| s.outlet_name = "a\nb".into()),
            ("counter_name", |s| s.counter_name = "  ".into()),
            ("counter_name", |s| s.counter_name = "x".repeat(41)),
            ("counter_name", |s| s.counter_name = "Counter\t2".into()),
            ("receipt_header", |s| {
                s.receipt_header = vec!["x".repeat(49)]
            }),
            // Fits 80 mm paper, not 58 mm.
            ("receipt_header", |s| {
                s.receipt_width = ReceiptWidth::Mm58;
                s.receipt_header = vec!["x".repeat(33)]
            }),
            ("proxy", |s| s.proxy = Some("proxy.corp:8080".into())),
            // A login would be a secret in a file.
            ("proxy", |s| {
                s.proxy = Some("http://me:pw@proxy.corp".into())
            }),
        ];
        let (_root, paths) = paths();
        for (field, spoil) in cases {
            let mut settings = Settings::default();
            spoil(&mut settings);
            let err = settings.save(&paths).unwrap_err();
            assert_eq!(err.payload().field.as_deref(), Some(field));
            assert!(!paths.settings_file().exists());
        }
    }

    #[test]
    fn a_broken_file_names_the_file_and_the_field() {
        let (_root, paths) = paths();
        std::fs::create_dir_all(paths.config_dir()).unwrap();
        std::fs::write(
            paths.settings_file(),
            r#"{"outlet_name":"A","language":"fr"}"#,
        )
        .unwrap();
        let message = Settings::load(&paths).unwrap_err().to_string();
        assert!(message.contains("settings.json"), "{message}");
        assert!(message.contains("`language`"), "{message}");

        std::fs::write(paths.settings_file(), r#"{"request_rate":0}"#).unwrap();
        let message = Settings::load(&paths).unwrap_err().to_string();
        assert!(message.contains("request_rate"), "{message}");
    }

    #[test]
    fn the_rate_keeps_to_the_pcs_share_of_the_ip_limit() {
        assert!(crate::session::budget_for(MAX_REQUEST_RATE).is_ok());
        let over = crate::session::budget_for(MAX_REQUEST_RATE + 1).unwrap_err();
        assert_eq!(over.payload().field.as_deref(), Some("rate"));
        // A file saved when more was allowed loads at the cap instead of failing the start.
        let (_root, paths) = paths();
        std::fs::create_dir_all(paths.config_dir()).unwrap();
        std::fs::write(paths.settings_file(), r#"{"request_rate":100}"#).unwrap();
        assert_eq!(
            Settings::load(&paths).unwrap().request_rate,
            MAX_REQUEST_RATE
        );
    }

    #[test]
    fn no_field_can_hold_a_credential() {
        let json = serde_json::to_value(Settings::default()).unwrap();
        let mut names = Vec::new();
        collect_keys(&json, &mut names);
        for name in names {
            for word in ["secret", "key", "token", "password"] {
                assert!(
                    !name.contains(word),
                    "settings field {name} looks like a credential"
                );
            }
        }
    }

    #[test]
    fn switching_environment_or_rate_needs_the_supervisor() {
        let (_root, paths) = paths();
        let preferences = Settings {
            outlet_name: "Kedai Ali".into(),
            ..Settings::default()
        };
        preferences.save(&paths).unwrap();
        type Spoil = fn(&mut Settings);
        let guarded: [(&str, Spoil); 2] = [
            ("environment", |s| s.environment = Environment::Production),
            ("request_rate", |s| s.request_rate = 3),
        ];
        for (field, change) in guarded {
            let mut settings = preferences.clone();
            change(&mut settings);
            let err = settings.save(&paths).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::SupervisorRequired, "{field}");
            assert_eq!(Settings::load(&paths).unwrap(), preferences);
            let ended = crate::supervisor::SupervisorUnlock::expired();
            assert!(settings.save_guarded(&paths, &ended).is_err());
            let unlock = crate::supervisor::SupervisorUnlock::for_tests();
            settings.save_guarded(&paths, &unlock).unwrap();
            assert_eq!(Settings::load(&paths).unwrap(), settings);
            preferences.save_guarded(&paths, &unlock).unwrap();
        }
    }

    fn collect_keys(value: &serde_json::Value, out: &mut Vec<String>) {
        if let Some(map) = value.as_object() {
            for (k, v) in map {
                out.push(k.clone());
                collect_keys(v, out);
            }
        }
    }
}
