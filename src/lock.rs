//! The site lock: builds and imports never overlap on one site.
//!
//! Input: the site root and the kind of access. Output: a [`SiteLock`] held while it lives,
//! or a [`LockError`] saying who holds it. Guarantee: an OS advisory lock (`flock` on Unix,
//! `LockFileEx` on Windows, through `std::fs::File::lock`) on `ROOT/.camket.lock`, taken
//! - [`Access::Write`] (exclusive) by `camket import-reports` for the whole import, from
//!   reading the site to the last file written: it writes `content/`;
//! - [`Access::Read`] (shared) by a writing `camket build` for the whole build, and by each
//!   rebuild of `camket serve`: they read `content/` and must never see an import half-done.
//!
//! So an import never runs beside a build, a serve rebuild or another import, while builds of
//! one site may run together (two builds into one output folder are kept apart by the locks
//! of `crate::write`). Build and import refuse at once ([`acquire`]; exit code 2, with the
//! holder's pid), serve waits ([`wait`]). The lock goes with the process, so a killed camket
//! never leaves the site locked; the file itself stays (removing it would let two processes
//! lock two different files). A root where the file cannot be created (a read-only folder)
//! is not locked: nothing can be imported there by this process either.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// Name of the lock file in the site root.
pub(crate) const LOCK_FILE: &str = ".camket.lock";

/// The lock, released when dropped.
#[derive(Debug)]
pub struct SiteLock {
    /// `None` when the root is read-only and nothing was locked.
    _file: Option<File>,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it.
    Busy {
        /// The lock file.
        path: PathBuf,
        /// The holder's pid, as it wrote it (when readable).
        pid: Option<u32>,
    },
    /// The lock file could not be opened or locked.
    Io(String),
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockError::Busy { path, pid } => {
                let root = path.parent().unwrap_or(Path::new("."));
                let who = match pid {
                    Some(p) => format!(" (pid {p})"),
                    None => String::new(),
                };
                write!(
                    f,
                    "another camket is building or importing in {}{who}; wait for it to finish, then run this again\n  = help: the lock is {} (an OS lock released when that process ends: never delete the file by hand)",
                    root.display(),
                    path.display()
                )
            }
            LockError::Io(m) => f.write_str(m),
        }
    }
}

/// What the holder does to the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads `content/` (a build, a serve rebuild): shared with other readers.
    Read,
    /// Writes `content/` (an import): exclusive.
    Write,
}

/// Takes the lock on `root`, or fails at once with [`LockError::Busy`] when another process
/// holds it in a conflicting way.
pub fn acquire(root: &Path, access: Access) -> Result<SiteLock, LockError> {
    take(root, access, false)
}

/// Takes the lock on `root`, waiting for a conflicting holder to finish.
pub fn wait(root: &Path, access: Access) -> Result<SiteLock, LockError> {
    take(root, access, true)
}

fn take(root: &Path, access: Access, block: bool) -> Result<SiteLock, LockError> {
    let path = root.join(LOCK_FILE);
    let mut file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
            ) && root.is_dir() =>
        {
            return Ok(SiteLock { _file: None });
        }
        Err(e) => {
            return Err(LockError::Io(format!(
                "cannot open the lock file {}: {e}",
                path.display()
            )));
        }
    };
    let io_err = |e: io::Error| LockError::Io(format!("cannot lock {}: {e}", path.display()));
    let tried = match (access, block) {
        (Access::Write, true) => file.lock().map_err(TryLockError::Error),
        (Access::Read, true) => file.lock_shared().map_err(TryLockError::Error),
        (Access::Write, false) => file.try_lock(),
        (Access::Read, false) => file.try_lock_shared(),
    };
    match tried {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            // The holder writes its pid just after taking the lock: give it a moment.
            let mut pid = None;
            for _ in 0..20 {
                let mut text = String::new();
                let _ = file.rewind();
                let _ = file.read_to_string(&mut text);
                pid = (text.lines().next().unwrap_or(""))
                    .strip_prefix("pid ")
                    .and_then(|p| p.parse().ok());
                if pid.is_some() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            return Err(LockError::Busy { path, pid });
        }
        Err(TryLockError::Error(e)) => return Err(io_err(e)),
    }
    // Written over the old text, then cut to length: a reader never sees an empty file
    // (only the first line is read).
    let line = format!("pid {}\n", std::process::id());
    let _ = file.rewind();
    let _ = file.write_all(line.as_bytes());
    let _ = file.set_len(line.len() as u64);
    Ok(SiteLock { _file: Some(file) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_excludes_everyone_and_readers_share() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path(), Access::Write).unwrap();
        assert!(acquire(dir.path(), Access::Read).is_err());
        match acquire(dir.path(), Access::Write) {
            Err(e @ LockError::Busy { pid: Some(p), .. }) => {
                assert_eq!(p, std::process::id());
                let m = e.to_string();
                assert!(
                    m.starts_with("another camket is building or importing in "),
                    "{m}"
                );
            }
            other => panic!("expected Busy, got {other:?}"),
        }
        drop(first);
        let r1 = acquire(dir.path(), Access::Read).unwrap();
        let r2 = wait(dir.path(), Access::Read).unwrap();
        assert!(acquire(dir.path(), Access::Write).is_err());
        drop((r1, r2));
        let _ = wait(dir.path(), Access::Write).unwrap();
    }
}
