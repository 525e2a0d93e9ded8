//! Load, YAML errors as people read them.
//!
//! Input: a serde-saphyr error and the text of the file it is about. Output: a located
//! [`Diagnostic`] with what to do. Guarantee: the parser's own hints (its option names) never
//! reach the message; a value of the wrong shape (a single value where a `{vi, en}` text, a
//! mapping or a list belongs, a file that is not a list) is said as the shape the field takes;
//! a record's missing field is located at the record's start; a list file
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
    let mut message = yaml_message(e);
    let mut shape_help = None;
    if let Some((m, h)) = shape(&message, text, pos) {
        (message, shape_help) = (m, Some(h));
    }
    if message.starts_with("missing field")
        && let Some(start) = record_start(text, pos.line)
        && start.col == pos.col
    {
        pos = start;
    } else if message.starts_with("missing field")
        && pos.col == 1
        && !text.split('\n').any(is_record_start)
    {
        // A file that is one mapping (site.yaml): the field is missing from the whole file,
        // so point at its first key.
        if let Some(i) = (text.split('\n')).position(|l| {
            let t = l.trim();
            !t.is_empty() && !t.starts_with('#') && !t.starts_with("---")
        }) {
            pos = Pos {
                line: i as u32 + 1,
                col: 1,
            };
        }
    }
    let mut d = Diagnostic::error(file, pos, message.clone());
    if let Some(h) = shape_help.or_else(|| yaml_help(&message)) {
        d = d.help(h);
    }
    d
}

/// Fields that hold a text in two languages, whatever the record.
const TEXT_FIELDS: [&str; 17] = [
    "title",
    "description",
    "publisher",
    "name",
    "short_name",
    "result",
    "note",
    "unit",
    "funding",
    "objectives_intro",
    "plan_kind",
    "plan_short",
    "issuer",
    "scope",
    "condition",
    "validity",
    "text",
];

/// The shapes of the other mapping fields.
const MAPPING_FIELDS: [(&str, &str); 5] = [
    (
        "source",
        "`{document: <id>, line: <n>}` or `{document: <id>, anchor: <anchor>}`",
    ),
    (
        "deadline",
        "`{text: {vi: …, en: …}, year: …}` (or `date:`, `end:`…)",
    ),
    (
        "target",
        "`{text: {vi: …, en: …}, comparator: …, value: …}`",
    ),
    (
        "budget",
        "`{amount: \"…\", as_written: \"…\", funding: {vi: …, en: …}}`",
    ),
    ("evidence", "a list of `{url: …}` or `{document: <id>}`"),
];

/// A wrong-shape error ("expected mapping start", "expected sequence start") said as the shape
/// the field takes, with what to write: the message and the help.
fn shape(message: &str, text: &str, pos: Pos) -> Option<(String, String)> {
    let mapping = message.starts_with("expected mapping start");
    let sequence = message.starts_with("expected sequence start");
    if !mapping && !sequence {
        return None;
    }
    let line = text.split('\n').nth(pos.line.checked_sub(1)? as usize)?;
    if sequence && pos.col <= 1 {
        return Some((
            "each file is a list of records that start with `- id:`".into(),
            "begin each record with `- ` (`- id: my-id`) and indent its other keys by two spaces under `id`".into(),
        ));
    }
    // The key whose value is at the error: the last `key:` before the column.
    let before: String = line
        .chars()
        .take((pos.col as usize).saturating_sub(1))
        .collect();
    let key = before
        .trim_end()
        .strip_suffix(':')?
        .trim_start()
        .trim_start_matches("- ")
        .trim();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    if sequence {
        return Some((
            format!("`{key}` is a list, not a single value"),
            format!("write `{key}: [a, b]`, or one `- item` a line under `{key}:`"),
        ));
    }
    if TEXT_FIELDS.contains(&key) {
        return Some((
            format!("`{key}` is `{{vi: …, en: …}}`, not a single value"),
            format!(
                "write `{key}: {{vi: \"…\", en: \"…\"}}` (the Vietnamese is required; the English may come later)"
            ),
        ));
    }
    let shape = (MAPPING_FIELDS.iter())
        .find(|(k, _)| *k == key)
        .map_or("a mapping of keys (`key: value`)", |(_, s)| *s);
    Some((
        format!("`{key}` is {shape}, not a single value"),
        format!("write `{key}:` with its keys; docs/content.md lists them"),
    ))
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
    } else if message.contains("missing field `plan_kind`") {
        Some("add the kind of plan as it names itself, e.g. `plan_kind: {vi: \"Kế hoạch\", en: \"Plan\"}`: the pages say it (docs/content.md, site.yaml)".into())
    } else if message.contains("missing field") {
        Some("add the field; docs/content.md says what it holds".into())
    } else if message.contains("appears twice") {
        Some("each key may appear once in a record: keep the line with the right value".into())
    } else if word("tab") || word("tabs") {
        Some("indent with spaces; YAML does not allow tabs for indentation".into())
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-' indicator")
    {
        Some("check the indentation: every key of a record lines up under the first one (two spaces after `- `), and a key's own keys are indented further".into())
    } else if message.contains("invalid type") {
        Some("check the value's type against docs/content.md (quote numbers that are text)".into())
    } else {
        None
    }
}
