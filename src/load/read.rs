//! Load, reading one content file safely.
//!
//! Input: a path under `content/` and the site root (symbolic links resolved). Output: the
//! file's UTF-8 text, or a located diagnostic saying why it may not be read. Guarantee: a
//! symbolic link (of the file or a folder above it) is followed only when it leads inside the
//! site folder; anything but a regular file is refused without being opened; at most
//! [`MAX_FILE_BYTES`] + 1 bytes are ever read. Control characters are found with their line
//! and column.

use std::fs;
use std::io::Read as _;
use std::path::Path;

use super::MAX_FILE_BYTES;
use crate::diagnostic::{Diagnostic, Pos};

/// What to do about a symbolic link that leads outside the site folder.
const LINK_HELP: &str = "camket reads only what is inside the site folder: copy the file (or folder) into content/ instead of linking to it";

/// A diagnostic when `path` is a symbolic link (or lies under one) whose target is outside
/// `real_root`; `None` when it stays inside, or is no link at all.
pub(super) fn link_outside(path: &Path, real_root: &Path, shown: &Path) -> Option<Diagnostic> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match fs::canonicalize(path) {
        Ok(real) if real.starts_with(real_root) => None,
        Ok(real) => {
            let how = if is_link {
                "is a symbolic link to"
            } else {
                "lies under a symbolic link; it leads to"
            };
            Some(
                Diagnostic::error(
                    shown,
                    Pos::default(),
                    format!("{how} {}, outside the site folder", real.display()),
                )
                .help(LINK_HELP),
            )
        }
        Err(e) if is_link => Some(
            Diagnostic::error(
                shown,
                Pos::default(),
                format!("is a symbolic link that leads nowhere: {e}"),
            )
            .help("remove the link, or copy the file it meant into content/"),
        ),
        Err(_) => None,
    }
}

/// Reads a content file as UTF-8 text (a leading byte-order mark removed). Refused, with a
/// located diagnostic: a symbolic link leading outside `real_root` (the site folder, resolved),
/// anything but a regular file (a folder, a FIFO, a device: never opened), and a file over
/// [`MAX_FILE_BYTES`] (enforced while reading, so a file that grows is cut off too).
pub fn read_content(path: &Path, real_root: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, real_root, shown)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let good = &e.as_bytes()[..offset];
            let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let col = good.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
            Err(Diagnostic::error(
                shown,
                Pos { line, col },
                format!("invalid UTF-8 at byte {offset}"),
            )
            .help("save the file as UTF-8"))
        }
    }
}

/// The bytes of a content file (an image named in `site.yaml`, or a text), with the checks of
/// [`read_content`]: no link outside the site, a regular file, at most [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path, real_root: &Path, shown: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot =
        |e: std::io::Error| Diagnostic::error(shown, Pos::default(), format!("cannot read: {e}"));
    if let Some(d) = link_outside(path, real_root, shown) {
        return Err(d);
    }
    let meta = fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(
            Diagnostic::error(shown, Pos::default(), "is a folder, not a file")
                .help("rename or remove the folder; content files end in .yaml or .md"),
        );
    }
    let not_regular = || {
        Diagnostic::error(
            shown,
            Pos::default(),
            "is not a regular file (a FIFO, a device or a socket)",
        )
        .help("content files must be ordinary files: replace it with a file holding the text")
    };
    if !meta.is_file() {
        return Err(not_regular());
    }
    let too_big = |size: &str| {
        Diagnostic::error(
            shown,
            Pos::default(),
            format!(
                "file is {size} MiB; content files may be at most {} MiB",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .help("split the file, or move long texts into a markdown file beside the record")
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(&(meta.len() / (1024 * 1024)).to_string()));
    }
    let file = fs::File::open(path).map_err(cannot)?;
    if !file.metadata().map_err(cannot)?.is_file() {
        return Err(not_regular());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big("over 16"));
    }
    Ok(bytes)
}

/// Most control characters reported in one file (the rest are counted).
const MAX_CONTROL_REPORTS: usize = 20;

/// One diagnostic per control character in `text` (any but tab, line feed and carriage
/// return: C0, DEL and C1), located by line and column (in characters).
pub fn control_char_diagnostics(shown: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut skipped = 0;
    for (i, line) in text.split('\n').enumerate() {
        for (j, c) in line.chars().enumerate() {
            if !is_forbidden_control(c) {
                continue;
            }
            if out.len() == MAX_CONTROL_REPORTS {
                skipped += 1;
                continue;
            }
            let pos = Pos {
                line: i as u32 + 1,
                col: j as u32 + 1,
            };
            out.push(
                Diagnostic::error(
                    shown,
                    pos,
                    format!("control character U+{:04X} in the text", c as u32),
                )
                .help("remove it (often pasted from a terminal or a word processor): content files hold text, tabs and line breaks only"),
            );
        }
    }
    if skipped > 0 {
        out.push(
            Diagnostic::error(
                shown,
                Pos::default(),
                format!("and {skipped} more control character(s) in this file"),
            )
            .help("remove every control character but tab and line break"),
        );
    }
    out
}

/// A control character content may not hold: any but tab, line feed and carriage return.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}
