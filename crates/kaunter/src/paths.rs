//! Where Kaunter keeps its files: the journal (data dir), the settings (config dir) and
//! the logs. The OS conventions by default; one root for everything with `--data-dir`
//! (tests, a portable install), so a test never touches the user's real files.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    data: PathBuf,
    config: PathBuf,
    logs: PathBuf,
}

impl Paths {
    /// The OS's per-user dirs that stay on this PC: on Linux `~/.local/share/kaunter`
    /// and `~/.config/kaunter` (honouring `XDG_*`), `%LOCALAPPDATA%\Kaunter\Kaunter` on
    /// Windows, `~/Library/Application Support/my.Kaunter.Kaunter` on macOS.
    ///
    /// Never Windows' roaming `%APPDATA%`: an office may redirect it to a network share
    /// or copy it between PCs at logon, and the journal (SQLite in WAL mode) must sit on
    /// a local disk. Elsewhere the local dirs are the usual ones.
    pub fn from_os() -> Result<Self> {
        let dirs = project_dirs()?;
        Ok(Self {
            data: dirs.data_local_dir().to_path_buf(),
            config: dirs.config_local_dir().to_path_buf(),
            logs: dirs.data_local_dir().join("logs"),
        })
    }

    /// Everything under one root (`--data-dir`): `data/`, `config/`, `logs/`.
    pub fn under(root: impl AsRef<Path>) -> Self {
        let root = root.as_ref();
        Self {
            data: root.join("data"),
            config: root.join("config"),
            logs: root.join("logs"),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    pub fn config_dir(&self) -> &Path {
        &self.config
    }

    pub fn log_dir(&self) -> &Path {
        &self.logs
    }

    pub fn journal_file(&self) -> PathBuf {
        self.data.join("journal.sqlite3")
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }

    /// Creates the three dirs if they are missing.
    pub fn create_all(&self) -> Result<()> {
        for dir in [&self.data, &self.config, &self.logs] {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        Ok(())
    }
}

fn project_dirs() -> Result<ProjectDirs> {
    ProjectDirs::from("my", "Kaunter", "Kaunter").ok_or_else(|| {
        Error::io(
            "finding the home directory",
            std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no home directory: pass --data-dir",
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_holds_every_dir_and_file() {
        let root = tempfile::tempdir().unwrap();
        let paths = Paths::under(root.path());
        paths.create_all().unwrap();
        for dir in [paths.data_dir(), paths.config_dir(), paths.log_dir()] {
            assert!(dir.is_dir() && dir.starts_with(root.path()), "{dir:?}");
        }
        assert!(paths.journal_file().starts_with(paths.data_dir()));
        assert!(paths.settings_file().starts_with(paths.config_dir()));
    }

    #[test]
    fn os_dirs_are_distinct_and_named_after_the_app() {
        let paths = Paths::from_os().unwrap();
        assert_ne!(paths.data_dir(), paths.config_dir());
        assert!(paths
            .data_dir()
            .to_string_lossy()
            .to_lowercase()
            .contains("kaunter"));
    }

    #[test]
    fn os_dirs_are_the_local_ones_never_the_roaming_ones() {
        let paths = Paths::from_os().unwrap();
        let dirs = project_dirs().unwrap();
        assert_eq!(paths.data_dir(), dirs.data_local_dir());
        assert_eq!(paths.config_dir(), dirs.config_local_dir());
        assert!(paths.log_dir().starts_with(dirs.data_local_dir()));
        // Where the two differ (Windows), nothing is left on the roaming side.
        for roaming in [dirs.data_dir(), dirs.config_dir()] {
            if roaming != dirs.data_local_dir() && roaming != dirs.config_local_dir() {
                for dir in [paths.data_dir(), paths.config_dir(), paths.log_dir()] {
                    assert!(!dir.starts_with(roaming), "{dir:?} is under {roaming:?}");
                }
            }
        }
    }

    /// Files saved before the local dirs were chosen are still found where they are.
    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn linux_keeps_its_xdg_dirs() {
        let paths = Paths::from_os().unwrap();
        let dirs = project_dirs().unwrap();
        assert_eq!(paths.data_dir(), dirs.data_dir());
        assert_eq!(paths.config_dir(), dirs.config_dir());
    }
}
