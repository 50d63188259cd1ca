//! Where diagnostics go: a daily log file in the log dir, which support can ask an
//! outlet for ("what happened to payment KTR-…?"), and stderr for the CLI.
//!
//! Payments are logged by refid and state, never with a credential: the client's
//! secret types print `***`, and nothing here formats a request's headers.

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

use crate::paths::Paths;
use crate::{Error, Result};

/// Log files kept: two weeks of daily files.
const KEEP_FILES: usize = 14;

/// A log file's name: `kaunter.<yyyy-mm-dd>.log`, so names sort by day.
const FILE_PREFIX: &str = "kaunter";
const FILE_SUFFIX: &str = "log";

/// What goes to stderr besides the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Console {
    /// Only warnings and errors (the CLI: its output is the result).
    Warnings,
    /// Everything the file gets (the desktop app, started from a terminal).
    All,
}

/// Installs the process-wide logger. `KAUNTER_LOG` (e.g. `debug`) overrides the level.
///
/// The file is written synchronously: payments are few, and a desktop app may exit
/// without unwinding, which would lose a background writer's last lines.
pub fn init(paths: &Paths, console: Console) -> Result<()> {
    std::fs::create_dir_all(paths.log_dir())
        .map_err(|e| Error::io(format!("creating {}", paths.log_dir().display()), e))?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix(FILE_SUFFIX)
        .max_log_files(KEEP_FILES)
        .build(paths.log_dir())
        .map_err(|e| {
            Error::io(
                format!("opening a log file in {}", paths.log_dir().display()),
                std::io::Error::other(e),
            )
        })?;
    let level =
        || EnvFilter::try_from_env("KAUNTER_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let console_filter = match console {
        Console::Warnings => EnvFilter::new("warn"),
        Console::All => level(),
    };
    // A second init (tests that open several sessions) keeps the first logger.
    let _ = tracing_subscriber::registry()
        .with(
            fmt::layer()
                .with_ansi(false)
                .with_writer(appender)
                .with_filter(level()),
        )
        .with(
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(console_filter),
        )
        .try_init();
    Ok(())
}

/// The log files in the log dir, newest first; none when the dir is missing.
pub fn files_newest_first(paths: &Paths) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(paths.log_dir()) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with(&format!("{FILE_PREFIX}."))
                        && name.ends_with(&format!(".{FILE_SUFFIX}"))
                })
        })
        .filter(|path| path.is_file())
        .collect();
    // The day in the name sorts as text.
    files.sort_unstable_by(|a, b| b.file_name().cmp(&a.file_name()));
    files
}
