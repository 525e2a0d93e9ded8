//! Load, YAML errors as people read them.
//!
//! Input: a serde-saphyr error and the text of the file it is about. Output: a located
//! [`Diagnostic`] with what to do. Guarantee: the parser's own hints (its option names) never
//! reach the message; a record's missing field is located at the record's start; a list file
//! can be cut into its records ([`record_chunks`]) so that each record's error is reported.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Pos};

/// The diagnostic of a YAML error in `text` (the whole file), the error's lines counted from
/// `line_offset` (when a record was parsed on its own). A missing field of a record is located
/// at the record's start (its `- ` line), where the parser would give its last key.
pub(super) fn yaml_diagnostic(
    file: PathBuf,
    e: &serde_saphyr::Error,
    text: &str,
    line_offset: u32,
) -> Diagnostic {
    let mut pos = e
        .location()
        .map(|l| Pos {
            line: l.line() as u32 + line_offset,
            col: l.column() as u32,
        })
        .unwrap_or_default();
    let message = yaml_message(e);
    if message.starts_with("missing field")
        && let Some(start) = record_start(text, pos.line)
        && start.col == pos.col
    {
        pos = start;
    }
    let mut d = Diagnostic::error(file, pos, message.clone());
    if let Some(h) = yaml_help(&message) {
        d = d.help(h);
    }
    d
}

/// Where the top-level record holding `line` starts: the line of its `- ` and the column of
/// its first key.
pub(super) fn record_start(text: &str, line: u32) -> Option<Pos> {
    let (i, l) = text
        .split('\n')
        .enumerate()
        .take(line as usize)
        .filter(|(_, l)| is_record_start(l))
        .last()?;
    let col = 1 + 1 + l[1..].chars().take_while(|c| *c == ' ').count();
    Some(Pos {
        line: i as u32 + 1,
        col: col as u32,
    })
}

/// Whether a line starts a top-level list item.
pub(super) fn is_record_start(line: &str) -> bool {
    line == "-" || line.starts_with("- ") || line.starts_with("-\t") || line == "-\r"
}

/// The records of a list file as texts of their own, each with its first line number; empty
/// when the file does not begin with its first record (only blank and comment lines may come
/// before it).
pub(super) fn record_chunks(text: &str) -> Vec<(u32, &str)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        if is_record_start(line) {
            starts.push((i as u32 + 1, offset));
        } else if starts.is_empty() {
            let t = line.trim();
            if !t.is_empty() && !t.starts_with('#') {
                return Vec::new();
            }
        }
        offset += line.len() + 1;
    }
    let ends = starts.iter().skip(1).map(|s| s.1).chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&(line, start), end)| (line, &text[start..end]))
        .collect()
}

/// The message of a YAML error without its position suffix (we print the position ourselves),
/// and without hints about the parser's own options.
pub(super) fn yaml_message(e: &serde_saphyr::Error) -> String {
    let msg = e.without_snippet().to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => msg[..i].to_owned(),
        _ => msg,
    };
    let msg = msg.lines().next().unwrap_or("").trim().to_owned();
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return format!("key `{key}` appears twice in this record; remove one");
    }
    msg
}

/// What to do about common YAML errors.
pub(super) fn yaml_help(message: &str) -> Option<String> {
    let word = |w: &str| {
        message
            .split(|c: char| !c.is_alphanumeric())
            .any(|x| x == w)
    };
    if message.contains("unknown field") {
        Some("remove the key or fix its spelling; docs/content.md lists every field".into())
    } else if message.contains("missing field") {
        Some("add the field; docs/content.md says what it holds".into())
    } else if message.contains("appears twice") {
        Some("each key may appear once in a record: keep the line with the right value".into())
    } else if word("tab") || word("tabs") {
        Some("indent with spaces; YAML does not allow tabs for indentation".into())
    } else if message.contains("invalid type") {
        Some("check the value's type against docs/content.md (quote numbers that are text)".into())
    } else {
        None
    }
}
