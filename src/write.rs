//! Stage 5, `write`: puts the rendered files on disk, atomically.
//!
//! Input: the files the render stage hands over, one by one, through [`Staging`] (a render
//! [`Sink`]), and the output folder, already accepted by [`crate::output::check`]. Output: the
//! folder holding exactly those files and the marker [`crate::output::MARKER`].
//! Guarantee: the files are written into a new temporary folder beside the output folder
//! (`.<name>.camket-tmp-<random>`) as they are rendered (from several threads, without
//! holding the site in memory); only when every file is written does [`Staging::commit`]
//! swap it with the output folder, so that at every instant the output path holds either the
//! whole old output or the whole new one. On Linux the swap is one `renameat2(2)` with
//! `RENAME_EXCHANGE`; where the OS or the file system has no exchange (other systems, or
//! `EINVAL`) it falls back to two renames (the old folder to `.<name>.camket-old-<random>`,
//! the new one into place): a kill between those two leaves no output folder, and the next
//! build, or the next failed build, first renames the old one back ([`recover`]). The old
//! tree is then removed. A failure or a kill at any point before the swap leaves the previous
//! output intact (at worst a stale temporary folder beside it); a [`Staging`] dropped without
//! commit removes its temporary folder. Leftovers are removed only when no running process
//! owns them: each build holds an OS lock (`flock`, through `File::lock`) on its temporary
//! folder and, during the swap, on the old output, and leftovers that are still locked are
//! left alone (on systems where a folder cannot be locked, only the site lock of
//! [`crate::lock`] protects them).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::output::{MARKER, MARKER_TEXT};
use crate::render::Sink;

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// A temporary folder beside the output folder that receives the files of one build.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// The lock on `tmp` that tells other builds this one is running.
    live: Option<File>,
    files: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder for `out` (and removes leftovers of builds that are no
    /// longer running). `out` should be the path [`crate::output::check`] returned.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let out = absolute(out)?;
        let (parent, name) = parent_and_name(&out);
        fs::create_dir_all(&parent)?;
        clean_stale(&parent, &name, &out);
        let mut attempt = 0;
        let (tmp, live) = loop {
            let tmp = tempfile::Builder::new()
                .prefix(&format!(".{name}.camket-tmp-"))
                .rand_bytes(8)
                .tempdir_in(&parent)?
                .keep();
            // Another build's clean-up may have taken the folder for a dead one's before it
            // was locked (it may even be gone already): then make another.
            match lock_tree(&tmp, true) {
                Ok(live) if same_folder(&tmp, live.as_ref()) => break (tmp, live),
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            attempt += 1;
            if attempt > 8 {
                return Err(io::Error::other(format!(
                    "cannot keep a temporary folder in {}",
                    parent.display()
                )));
            }
        };
        let staging = Staging {
            out,
            tmp,
            live,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        };
        fs::write(staging.tmp.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Swaps the written folder into place of the output folder, then removes the old one.
    pub fn commit(mut self) -> io::Result<WriteStats> {
        // The old output is locked too, so that no other build takes it for a leftover
        // while it is being removed, and two builds into one output swap one after the other.
        let mut old_lock = None;
        for _ in 0..8 {
            old_lock = match fs::symlink_metadata(&self.out) {
                Ok(m) if m.is_dir() => lock_tree(&self.out, true)?,
                _ => None,
            };
            // Swapped by another build while waiting: lock the folder now there.
            if old_lock.is_none() || same_folder(&self.out, old_lock.as_ref()) {
                break;
            }
        }
        match swap(&self.tmp, &self.out)? {
            Swapped::Moved => {}
            Swapped::Exchanged => remove_tree(&self.tmp),
            Swapped::Renamed(old) => remove_tree(&old),
        }
        drop(old_lock);
        self.committed = true;
        self.live = None;
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

/// How [`swap`] put the new folder in place.
#[derive(Debug, PartialEq, Eq)]
enum Swapped {
    /// There was no output folder: the new one was renamed into place.
    Moved,
    /// Exchanged in one step: the old output is now at the new folder's former path.
    Exchanged,
    /// Two renames: the old output is at this path.
    Renamed(PathBuf),
}

/// Puts `new` in place of `out`, leaving at every instant either the old or the new folder at
/// `out` where the OS can exchange two paths (Linux); elsewhere by two renames.
fn swap(new: &Path, out: &Path) -> io::Result<Swapped> {
    if fs::symlink_metadata(out).is_err() {
        match rename_noreplace(new, out) {
            Ok(()) => return Ok(Swapped::Moved),
            // Made meanwhile: swap with it.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    if exchange(new, out)? {
        return Ok(Swapped::Exchanged);
    }
    let (parent, name) = parent_and_name(out);
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let old = parent.join(format!(".{name}.camket-old-{}-{stamp}", std::process::id()));
    fs::rename(out, &old)?;
    if let Err(e) = fs::rename(new, out) {
        let _ = fs::rename(&old, out);
        return Err(e);
    }
    Ok(Swapped::Renamed(old))
}

/// `renameat2(from, to, flags)`; `Ok(false)` when this kernel or file system does not know
/// the flag (the callers' fallback).
#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path holds a NUL byte"))
    };
    let (a, b) = (cstr(from)?, cstr(to)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            flags,
        )
    };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

/// Exchanges two existing paths atomically; `Ok(false)` when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    renameat2(a, b, libc::RENAME_EXCHANGE)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Renames `from` to `to` unless `to` exists (`AlreadyExists` then).
#[cfg(target_os = "linux")]
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    if renameat2(from, to, libc::RENAME_NOREPLACE)? {
        Ok(())
    } else {
        fs::rename(from, to)
    }
}

#[cfg(not(target_os = "linux"))]
fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    if fs::symlink_metadata(to).is_ok() {
        return Err(io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(from, to)
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let full = self.tmp.join(path);
        if let Some(dir) = full.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(&full, bytes)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public")
        .to_owned();
    (parent, name)
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

/// Locks a folder (an exclusive OS lock on the folder itself, held while the `File` lives):
/// waiting for it when `block`, else `Ok(None)` when another process holds it. Where folders
/// cannot be opened as files (Windows), nothing is locked and `Ok(None)` is returned.
#[cfg(unix)]
fn lock_tree(dir: &Path, block: bool) -> io::Result<Option<File>> {
    let f = File::open(dir)?;
    if block {
        f.lock()?;
        return Ok(Some(f));
    }
    match f.try_lock() {
        Ok(()) => Ok(Some(f)),
        Err(fs::TryLockError::WouldBlock) => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(not(unix))]
fn lock_tree(_dir: &Path, _block: bool) -> io::Result<Option<File>> {
    Ok(None)
}

/// Whether `path` is still the folder `lock` was taken on.
#[cfg(unix)]
fn same_folder(path: &Path, lock: Option<&File>) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Some(f), Ok(p)) = (lock, fs::symlink_metadata(path)) else {
        return false;
    };
    f.metadata()
        .is_ok_and(|m| m.ino() == p.ino() && m.dev() == p.dev())
}

#[cfg(not(unix))]
fn same_folder(path: &Path, _lock: Option<&File>) -> bool {
    path.is_dir()
}

/// A leftover of a build that is no longer running, locked so that no other build takes it
/// at the same time; `None` when a running process holds it.
#[cfg(unix)]
fn claim(dir: &Path) -> Option<Option<File>> {
    match lock_tree(dir, false) {
        Ok(Some(f)) => Some(Some(f)),
        Ok(None) => None,
        // Gone meanwhile, or unreadable (then it cannot be removed either).
        Err(_) => None,
    }
}

#[cfg(not(unix))]
fn claim(_dir: &Path) -> Option<Option<File>> {
    Some(None)
}

/// Removes a folder tree without following symlinks, its top-level sub-folders in parallel
/// (deleting the previous output of a large site is as much file-system work as writing it).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let is_dir = |e: &fs::DirEntry| e.file_type().is_ok_and(|t| t.is_dir());
    let top: Vec<fs::DirEntry> = fs::read_dir(dir)
        .map(|rd| rd.flatten().collect())
        .unwrap_or_default();
    let mut leaves: Vec<(PathBuf, bool)> = Vec::new();
    for d in top {
        // One level further down (vi/, en/ hold a folder per section) for more parallelism.
        match fs::read_dir(d.path()) {
            Ok(rd) if is_dir(&d) => leaves.extend(rd.flatten().map(|e| (e.path(), is_dir(&e)))),
            _ => leaves.push((d.path(), is_dir(&d))),
        }
    }
    leaves.par_iter().for_each(|(p, dir)| {
        if *dir {
            let _ = fs::remove_dir_all(p);
        } else {
            let _ = fs::remove_file(p);
        }
    });
    let _ = fs::remove_dir_all(dir);
}

/// Repairs and clears what interrupted builds left beside `out` (`.<name>.camket-tmp-*`,
/// `.<name>.camket-old-*`), skipping what a running build holds: when `out` is missing and an
/// old output is left (a kill between the two renames of the fallback swap, or by an older
/// camket), it is renamed back first, so the output is never lost. Call it (under the site
/// lock) before a build, so that even a failed build leaves the output as it was before the
/// interrupted one.
pub fn recover(out: &Path) {
    let Ok(out) = absolute(out) else { return };
    let (parent, name) = parent_and_name(&out);
    clean_stale(&parent, &name, &out);
}

fn clean_stale(parent: &Path, name: &str, out: &Path) {
    let Ok(rd) = fs::read_dir(parent) else { return };
    let (tmp, old) = (
        format!(".{name}.camket-tmp-"),
        format!(".{name}.camket-old-"),
    );
    let mut found: Vec<(PathBuf, bool)> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            if n.starts_with(&old) {
                Some((e.path(), true))
            } else if n.starts_with(&tmp) {
                Some((e.path(), false))
            } else {
                None
            }
        })
        .collect();
    // Old outputs first: one of them may be needed back.
    found.sort_by_key(|(p, is_old)| (!*is_old, p.clone()));
    for (path, is_old) in found {
        let Some(_claimed) = claim(&path) else {
            continue;
        };
        if is_old && fs::symlink_metadata(out).is_err() && fs::rename(&path, out).is_ok() {
            continue;
        }
        remove_tree(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn commit_swaps_in_the_new_output_and_removes_the_old() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        fs::create_dir_all(out.join("vi")).unwrap();
        fs::write(out.join("vi/old.html"), "old").unwrap();
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        let s = Staging::new(&out).unwrap();
        s.put("vi/new.html", b"new").unwrap();
        // Until the commit, the old output is whole.
        assert_eq!(fs::read(out.join("vi/old.html")).unwrap(), b"old");
        let stats = s.commit().unwrap();
        assert_eq!(stats.files, 1);
        assert!(!out.join("vi/old.html").exists(), "old content left");
        assert_eq!(fs::read(out.join("vi/new.html")).unwrap(), b"new");
        assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), MARKER_TEXT);
        assert_eq!(
            names(d.path()),
            ["public"],
            "nothing left beside the output"
        );
    }

    #[test]
    fn swap_exchanges_in_one_step_on_linux() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a"), d.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "new").unwrap();
        fs::write(b.join("x"), "old").unwrap();
        let how = swap(&a, &b).unwrap();
        assert_eq!(fs::read(b.join("x")).unwrap(), b"new");
        if cfg!(target_os = "linux") {
            assert_eq!(how, Swapped::Exchanged);
            assert_eq!(fs::read(a.join("x")).unwrap(), b"old");
        }
    }

    #[test]
    fn only_leftovers_of_finished_builds_are_removed() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        fs::create_dir(&out).unwrap();
        let dead = d.path().join(".public.camket-tmp-dead");
        let live = d.path().join(".public.camket-tmp-live");
        fs::create_dir(&dead).unwrap();
        fs::create_dir(&live).unwrap();
        fs::write(live.join("page.html"), "being written").unwrap();
        // A running build holds its folder's lock.
        let held = lock_tree(&live, true).unwrap();
        let s = Staging::new(&out).unwrap();
        assert!(!dead.exists(), "a dead build's leftover is removed");
        if cfg!(unix) {
            assert!(
                live.join("page.html").exists(),
                "a running build's folder was removed"
            );
        }
        drop(s);
        drop(held);
        recover(&out);
        assert!(!live.exists(), "once it ended, its leftover is removed");
    }

    #[test]
    fn an_old_output_left_without_a_new_one_is_renamed_back() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("public");
        let old = d.path().join(".public.camket-old-x");
        fs::create_dir(&old).unwrap();
        fs::write(old.join("index.html"), "old").unwrap();
        recover(&out);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert_eq!(names(d.path()), ["public"]);
    }
}
