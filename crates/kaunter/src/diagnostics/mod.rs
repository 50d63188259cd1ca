//! The report an outlet copies for support: which Kaunter, on which web view, where its
//! files are, which environment, whether the keychain works, and the last lines of the
//! log, with everything that looks like a credential masked ([`scrub`]).
//!
//! In English whatever the UI's language: it is read by support, not by the cashier.

mod scrub;

use std::fmt;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

use crate::credentials::KeychainProblem;
use crate::paths::Paths;
use crate::{logging, Environment};

pub use scrub::{scrub, MASK};

/// How much of the log the report carries: enough for the minutes before a problem,
/// small enough to paste into a ticket.
pub const LOG_LINES: usize = 200;
/// At most this much is read from the end of each log file, however big the day was.
const TAIL_BYTES: u64 = 256 * 1024;
/// A runaway line (a stack, a body) is cut here.
const LINE_CHARS: usize = 2000;

/// What only the shell knows about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    pub app_version: String,
    /// The web view's own version (WebKitGTK on Linux, WebView2 on Windows), when it
    /// could be read.
    pub webview_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    pub generated_at: DateTime<Utc>,
    pub shell: Shell,
    pub os: &'static str,
    pub arch: &'static str,
    pub environment: Environment,
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
    pub log_dir: PathBuf,
    /// The keychain probe at start: `None` when it worked.
    pub keychain_problem: Option<KeychainProblem>,
    /// The newest log lines, oldest first, already scrubbed.
    pub log_lines: Vec<String>,
}

impl Diagnostics {
    /// Reads the log's last lines (from the newest files, going back a day when today's
    /// has few) and scrubs them. Blocking file IO.
    pub fn gather(
        shell: Shell,
        paths: &Paths,
        environment: Environment,
        keychain_problem: Option<KeychainProblem>,
    ) -> Self {
        Self {
            generated_at: Utc::now(),
            shell,
            os: std::env::consts::OS,
            arch: std::env::consts::ARCH,
            environment,
            data_dir: paths.data_dir().to_path_buf(),
            config_dir: paths.config_dir().to_path_buf(),
            log_dir: paths.log_dir().to_path_buf(),
            keychain_problem: keychain_problem.map(|problem| KeychainProblem {
                detail: scrub(&problem.detail),
                ..problem
            }),
            log_lines: last_log_lines(paths, LOG_LINES),
        }
    }
}

fn last_log_lines(paths: &Paths, wanted: usize) -> Vec<String> {
    let mut newest_first: Vec<String> = Vec::new();
    for file in logging::files_newest_first(paths) {
        let Ok(lines) = tail(&file, wanted - newest_first.len()) else {
            // A file rotated away meanwhile, or unreadable: the others still tell something.
            continue;
        };
        newest_first.extend(lines.into_iter().rev());
        if newest_first.len() >= wanted {
            break;
        }
    }
    newest_first
        .into_iter()
        .rev()
        // Scrubbed whole: a secret cut in two would leave a piece too short to look like one.
        .map(|line| clip(&scrub(&line)))
        .collect()
}

/// The last `wanted` lines of `file`, reading at most [`TAIL_BYTES`] from its end.
fn tail(file: &Path, wanted: usize) -> std::io::Result<Vec<String>> {
    let mut f = File::open(file)?;
    let len = f.metadata()?.len();
    let start = len.saturating_sub(TAIL_BYTES);
    f.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    f.take(TAIL_BYTES).read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<&str> = text.lines().collect();
    if start > 0 && !lines.is_empty() {
        // Read from the middle of a line: its start is in the part not read.
        lines.remove(0);
    }
    let skip = lines.len().saturating_sub(wanted);
    Ok(lines[skip..].iter().map(|l| (*l).to_owned()).collect())
}

fn clip(line: &str) -> String {
    match line.char_indices().nth(LINE_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

fn environment_name(environment: Environment) -> &'static str {
    match environment {
        Environment::Demo => "Demo",
        Environment::Staging => "Staging",
        Environment::Production => "Production",
    }
}

/// The engine behind the window on each OS, named as its vendor does.
fn webview_name(os: &str) -> &'static str {
    match os {
        "windows" => "WebView2",
        "macos" => "WKWebView",
        _ => "WebKitGTK",
    }
}

/// The plain text support reads: one fact a line, then the log.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Kaunter diagnostics")?;
        writeln!(
            f,
            "Generated: {}",
            self.generated_at.to_rfc3339_opts(SecondsFormat::Secs, true)
        )?;
        writeln!(f, "App version: {}", self.shell.app_version)?;
        writeln!(
            f,
            "{}: {}",
            webview_name(self.os),
            self.shell.webview_version.as_deref().unwrap_or("unknown")
        )?;
        writeln!(f, "OS: {} {}", self.os, self.arch)?;
        writeln!(f, "Environment: {}", environment_name(self.environment))?;
        writeln!(f, "Data folder: {}", self.data_dir.display())?;
        writeln!(f, "Settings folder: {}", self.config_dir.display())?;
        writeln!(f, "Log folder: {}", self.log_dir.display())?;
        match &self.keychain_problem {
            None => writeln!(f, "Keychain (probed at start): working")?,
            Some(problem) => writeln!(f, "Keychain (probed at start): {problem}")?,
        }
        writeln!(f)?;
        if self.log_lines.is_empty() {
            return writeln!(f, "No log lines found.");
        }
        writeln!(
            f,
            "Last {} log lines (values that look like credentials shown as {MASK}):",
            self.log_lines.len()
        )?;
        for line in &self.log_lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_on_a_character() {
        let line = "é".repeat(LINE_CHARS + 10);
        let cut = clip(&line);
        assert_eq!(cut.chars().count(), LINE_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(clip("short"), "short");
    }

    #[test]
    fn the_tail_of_a_big_file_starts_on_a_whole_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("kaunter.2026-11-25.log");
        let line = "x".repeat(99);
        let text: String = (0..5000).map(|n| format!("{n:04} {line}\n")).collect();
        std::fs::write(&file, text).unwrap();
        let lines = tail(&file, 10_000).unwrap();
        assert!(lines.len() < 5000 && lines.len() > 2000, "{}", lines.len());
        assert!(lines.iter().all(|l| l.len() == 104), "{:?}", lines.first());
        assert!(lines.last().unwrap().starts_with("4999 "));
        assert_eq!(tail(&file, 3).unwrap().len(), 3);
    }
}
