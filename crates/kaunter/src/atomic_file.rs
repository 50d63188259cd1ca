//! A file that appears at its path complete or not at all.
//!
//! Writes go to a hidden temp file in the target's own directory (a rename is only
//! atomic within one file system); `commit` flushes, fsyncs and renames it into place.
//! Made with [`AtomicFile::create_new`], it never replaces a file: not one there when
//! it was created, nor one that appeared at the path while it was being written.
//! Dropping it uncommitted (an error, a cancel) deletes the temp file. A crash can
//! still leave one behind, so creating the next file for the same target sweeps
//! temp files that nobody has written to for a while.

use std::ffi::OsString;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::{Error, Result};

const TEMP_SUFFIX: &str = ".partial";

/// A temp file untouched this long belongs to a writer that died: a live writer
/// (even a slow paged export) touches its file every page.
const STALE_AFTER: Duration = Duration::from_secs(120);

#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: NamedTempFile,
    replace: bool,
}

impl AtomicFile {
    /// Commits over whatever file is at `target` by then.
    pub fn create(target: impl Into<PathBuf>) -> Result<Self> {
        Self::open(target.into(), true)
    }

    /// Fails with [`Error::FileExists`] if a file is at `target`, now or at commit.
    pub fn create_new(target: impl Into<PathBuf>) -> Result<Self> {
        let target = target.into();
        // A dangling symbolic link counts too: committing would write through it.
        if target.symlink_metadata().is_ok() {
            return Err(Error::FileExists { path: target });
        }
        Self::open(target, false)
    }

    fn open(target: PathBuf, replace: bool) -> Result<Self> {
        let name = target
            .file_name()
            .ok_or_else(|| Error::invalid("out", iimmpact::Problem::NotAFilePath))?;
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let prefix = temp_prefix(name);
        sweep_stale(&dir, &prefix);
        let temp = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(TEMP_SUFFIX)
            .tempfile_in(&dir)
            .map_err(|e| Error::io(format!("creating a file in {}", dir.display()), e))?;
        Ok(Self {
            target,
            temp,
            replace,
        })
    }

    /// Makes the content durable, then puts it at the target path.
    pub fn commit(self) -> Result<()> {
        let Self {
            target,
            temp,
            replace,
        } = self;
        let failed = |e| Error::io(format!("writing {}", target.display()), e);
        temp.as_file().sync_all().map_err(failed)?;
        let persisted = if replace {
            temp.persist(&target)
        } else {
            // Atomic too: a rename that refuses an existing target, or a hard link.
            temp.persist_noclobber(&target)
        };
        match persisted {
            Ok(_) => sync_parent(&target).map_err(failed),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => {
                Err(Error::FileExists { path: target })
            }
            Err(e) => Err(failed(e.error)),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

fn temp_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    prefix
}

/// Best effort: a leftover that cannot be removed is only clutter.
fn sweep_stale(dir: &Path, prefix: &OsString) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let (prefix, now) = (prefix.to_string_lossy(), SystemTime::now());
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(prefix.as_ref()) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE_AFTER);
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The rename itself is durable only once the directory is synced (POSIX).
#[cfg(unix)]
fn sync_parent(target: &Path) -> io::Result<()> {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => fs::File::open(dir)?.sync_all(),
        _ => fs::File::open(".")?.sync_all(),
    }
}

#[cfg(not(unix))]
fn sync_parent(_target: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn content_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        file.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(dir_names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn a_new_file_never_replaces_one_there_before_or_since() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();
        let err = AtomicFile::create_new(&target).unwrap_err();
        assert!(
            matches!(&err, Error::FileExists { path } if *path == target),
            "{err}"
        );

        fs::remove_file(&target).unwrap();
        let mut file = AtomicFile::create_new(&target).unwrap();
        file.write_all(b"new").unwrap();
        fs::write(&target, "appeared meanwhile").unwrap();
        let err = file.commit().unwrap_err();
        assert!(
            matches!(&err, Error::FileExists { path } if *path == target),
            "{err}"
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "appeared meanwhile");
        assert_eq!(dir_names(dir.path()), ["out.csv"], "no temp file is left");

        fs::remove_file(&target).unwrap();
        let mut file = AtomicFile::create_new(&target).unwrap();
        file.write_all(b"new").unwrap();
        file.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_at_the_path_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        std::os::unix::fs::symlink(dir.path().join("elsewhere.csv"), &target).unwrap();
        let err = AtomicFile::create_new(&target).unwrap_err();
        assert!(matches!(err, Error::FileExists { .. }), "{err}");
    }

    #[test]
    fn dropping_uncommitted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = AtomicFile::create(dir.path().join("out.csv")).unwrap();
        file.write_all(b"half").unwrap();
        drop(file);
        assert!(dir_names(dir.path()).is_empty());
    }

    #[test]
    fn a_stale_leftover_of_the_same_target_is_swept() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = dir.path().join(".out.csv.abc123.partial");
        let other = dir.path().join(".other.csv.abc123.partial");
        for path in [&leftover, &other] {
            let f = fs::File::create(path).unwrap();
            f.set_modified(SystemTime::now() - STALE_AFTER * 2).unwrap();
        }
        let fresh = AtomicFile::create(dir.path().join("out.csv")).unwrap();
        assert!(!leftover.exists());
        assert!(
            other.exists(),
            "another target's temp file is not ours to remove"
        );
        assert!(fresh.temp.path().exists());
    }
}
