//! Stage 5, `write`: puts the rendered files on disk, atomically.
//!
//! Input: [`RenderedSite`] and the output folder. Output: the folder holding exactly those
//! files. Guarantee: the files are first written into a new temporary folder beside the output
//! folder; only when every file is written is the old folder renamed away and the new one
//! renamed into place. A failure or a kill at any point leaves the previous output intact (at
//! worst a stale `.camket-tmp-*` folder beside it, removed by the next build).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::RenderedSite;

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes the site into `out`, replacing its previous content atomically.
pub fn write(site: &RenderedSite, out: &Path) -> io::Result<WriteStats> {
    let out = absolute(out)?;
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("public")
        .to_owned();
    fs::create_dir_all(&parent)?;
    clean_stale(&parent, &name);
    let tmp = parent.join(format!(".{name}.camket-tmp-{}", std::process::id()));
    if tmp.exists() {
        fs::remove_dir_all(&tmp)?;
    }
    fs::create_dir_all(&tmp)?;
    let mut stats = WriteStats::default();
    let result = (|| -> io::Result<()> {
        for f in &site.files {
            let path = tmp.join(&f.path);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, &f.bytes)?;
            stats.files += 1;
            stats.bytes += f.bytes.len() as u64;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        let old = parent.join(format!(".{name}.camket-old-{}", std::process::id()));
        fs::rename(&out, &old)?;
        if let Err(e) = fs::rename(&tmp, &out) {
            let _ = fs::rename(&old, &out);
            return Err(e);
        }
        let _ = fs::remove_dir_all(&old);
    } else {
        fs::rename(&tmp, &out)?;
    }
    Ok(stats)
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
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
