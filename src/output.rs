//! The output-folder contract: which folder `camket build` may replace.
//!
//! Input: the site root and the requested output folder. Output: the output folder's resolved
//! path (symlinks of its parents resolved, `.` and `..` applied), or an [`OutputError`] saying
//! why it is refused and what to do. Guarantee: [`check`] runs before any work (before the
//! content is loaded) and accepts only
//! - a missing folder (its parents are created),
//! - an empty folder,
//! - a folder camket wrote: one holding the marker file [`MARKER`], which every build writes
//!   into its output;
//!
//! anything else is refused: a folder that holds files but no marker, a file, a symlink
//! (nothing in its target is touched), and any folder that is the site root, contains it
//! (`/`, the home folder) or is, contains or lies inside `content/` or `themes/`. Paths are
//! compared after resolving symlinks, so `--out ./content/../content` or a link to the root
//! is caught too. The default output `ROOT/public` lies inside the root: that is allowed.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The marker file every build writes into its output folder.
pub const MARKER: &str = ".camket-output";

/// What the marker file holds.
pub const MARKER_TEXT: &str = "This folder was written by camket: each `camket build` replaces it whole. Keep nothing else here.\n";

/// Why an output folder is refused (exit code 2): the message, then a help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  = help: {}", self.message, self.help)
    }
}

fn refuse(message: String, help: &str) -> OutputError {
    OutputError {
        message,
        help: help.to_owned(),
    }
}

const CHOOSE: &str = "choose another --out (a missing or empty folder, or one camket wrote), or leave it out for ROOT/public";

/// Checks that `out` may be replaced by a build of the site at `root`; returns its resolved
/// path.
pub fn check(root: &Path, out: &Path) -> Result<PathBuf, OutputError> {
    let root_c = fs::canonicalize(root).map_err(|e| {
        refuse(
            format!("cannot open the site folder {}: {e}", root.display()),
            "--root must name the folder that holds content/",
        )
    })?;
    let shown = out.display();
    let out_c = resolve(out).map_err(|e| {
        refuse(
            format!("cannot use {shown} as the output folder: {e}"),
            CHOOSE,
        )
    })?;
    if out_c == root_c || root_c.starts_with(&out_c) {
        return Err(refuse(
            format!(
                "--out {shown} is the site folder or contains it ({}); a build replaces its output whole",
                root_c.display()
            ),
            CHOOSE,
        ));
    }
    for dir in ["content", "themes"] {
        let d = root.join(dir);
        let d_c = fs::canonicalize(&d).unwrap_or_else(|_| root_c.join(dir));
        if out_c.starts_with(&d_c) || d_c.starts_with(&out_c) {
            return Err(refuse(
                format!(
                    "--out {shown} is, holds or lies inside the site's {dir}/ folder ({}); a build replaces its output whole",
                    d_c.display()
                ),
                CHOOSE,
            ));
        }
    }
    let meta = match fs::symlink_metadata(&out_c) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out_c),
        Err(e) => {
            return Err(refuse(format!("cannot read {shown}: {e}"), CHOOSE));
        }
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            format!(
                "the output folder {shown} is a symlink; camket does not replace links nor write into their targets"
            ),
            "remove the link (its target is not touched) or choose another --out",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(
            format!("the output {shown} is a file, not a folder"),
            CHOOSE,
        ));
    }
    let marker = out_c.join(MARKER);
    if fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file()) {
        return Ok(out_c);
    }
    let mut entries =
        fs::read_dir(&out_c).map_err(|e| refuse(format!("cannot read {shown}: {e}"), CHOOSE))?;
    if let Some(first) = entries.next() {
        let first = first.map(|e| e.file_name().to_string_lossy().into_owned());
        let first = first.unwrap_or_default();
        return Err(refuse(
            format!(
                "the output folder {shown} holds files camket did not write (such as `{first}`) and no {MARKER} marker; a build would replace them all"
            ),
            "choose another --out, or empty or remove that folder yourself if nothing in it is needed",
        ));
    }
    Ok(out_c)
}

/// The absolute path of `p` with every existing component's symlinks resolved, except the
/// last component's own (so a link can be seen as a link); components past the first missing
/// one are applied as written (`..` removes the one before).
pub fn resolve(p: &Path) -> io::Result<PathBuf> {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()?.join(p)
    };
    let comps: Vec<Component> = abs.components().collect();
    let mut cur = PathBuf::new();
    let mut exists = true;
    for (i, c) in comps.iter().enumerate() {
        let last = i + 1 == comps.len();
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(n) => {
                let next = cur.join(n);
                if exists && !last {
                    match fs::canonicalize(&next) {
                        Ok(c) => cur = c,
                        Err(e) if e.kind() == io::ErrorKind::NotFound => {
                            exists = false;
                            cur = next;
                        }
                        Err(e) => return Err(e),
                    }
                } else {
                    cur = next;
                }
            }
        }
    }
    // A trailing `..` or `.` was applied above; the result names the folder itself.
    Ok(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_applies_dots_and_keeps_the_last_link() {
        let d = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(d.path()).unwrap();
        fs::create_dir(base.join("a")).unwrap();
        assert_eq!(resolve(&base.join("a/../b/./c")).unwrap(), base.join("b/c"));
        assert_eq!(resolve(&base.join("a/x/..")).unwrap(), base.join("a"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a"), base.join("l")).unwrap();
            assert_eq!(resolve(&base.join("l")).unwrap(), base.join("l"));
            assert_eq!(resolve(&base.join("l/p")).unwrap(), base.join("a/p"));
        }
    }
}
