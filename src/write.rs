//! Stage 5, `write`: puts the rendered files on disk, atomically.
//!
//! Input: the files the render stage hands over, one by one, through [`Staging`] (a render
//! [`Sink`]), and the output folder. Output: the folder holding exactly those files.
//! Guarantee: the files are written into a new temporary folder beside the output folder as
//! they are rendered (from several threads, without holding the site in memory); only when
//! every file is written does [`Staging::commit`] rename the old folder away and the new one
//! into place. A failure or a kill at any point leaves the previous output intact (at worst a
//! stale `.camket-tmp-*` folder beside it, removed by the next build); a [`Staging`] dropped
//! without commit removes its temporary folder.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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
    files: AtomicUsize,
    bytes: AtomicU64,
    committed: bool,
}

impl Staging {
    /// Creates the temporary folder for `out` (and removes leftovers of interrupted builds).
    pub fn new(out: &Path) -> io::Result<Staging> {
        let out = absolute(out)?;
        let (parent, name) = parent_and_name(&out);
        fs::create_dir_all(&parent)?;
        clean_stale(&parent, &name);
        let tmp = parent.join(format!(".{name}.camket-tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        Ok(Staging {
            out,
            tmp,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// Swaps the written folder into place of the output folder.
    pub fn commit(mut self) -> io::Result<WriteStats> {
        let (parent, name) = parent_and_name(&self.out);
        if self.out.exists() {
            let old = parent.join(format!(".{name}.camket-old-{}", std::process::id()));
            fs::rename(&self.out, &old)?;
            if let Err(e) = fs::rename(&self.tmp, &self.out) {
                let _ = fs::rename(&old, &self.out);
                return Err(e);
            }
            remove_tree(&old);
        } else {
            fs::rename(&self.tmp, &self.out)?;
        }
        self.committed = true;
        Ok(WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
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

/// Removes a folder tree, its top-level sub-folders in parallel (deleting the previous
/// output of a large site is as much file-system work as writing it).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let subdirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let mut leaves: Vec<PathBuf> = Vec::new();
    for d in subdirs {
        // One level further down (vi/, en/ hold a folder per section) for more parallelism.
        match fs::read_dir(&d) {
            Ok(rd) if d.is_dir() => leaves.extend(rd.flatten().map(|e| e.path())),
            _ => leaves.push(d),
        }
    }
    leaves.par_iter().for_each(|p| {
        if p.is_dir() {
            let _ = fs::remove_dir_all(p);
        } else {
            let _ = fs::remove_file(p);
        }
    });
    let _ = fs::remove_dir_all(dir);
}

/// Removes leftovers of interrupted builds (`.<name>.camket-tmp-*`, `.<name>.camket-old-*`).
fn clean_stale(parent: &Path, name: &str) {
    let Ok(rd) = fs::read_dir(parent) else { return };
    for e in rd.flatten() {
        let n = e.file_name();
        let n = n.to_string_lossy();
        if n.starts_with(&format!(".{name}.camket-tmp-"))
            || n.starts_with(&format!(".{name}.camket-old-"))
        {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}
