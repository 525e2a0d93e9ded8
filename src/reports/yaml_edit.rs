//! Appending reports to a tasks file as text, so that everything else stays as written.
//!
//! Input: the text of a `content/tasks/*.yaml` file (a block-style list of tasks) and, per
//! task id, the reports to append. Output: the new text, and the inserted lines with where
//! they go (for `--dry-run`). Guarantee: only whole new lines are inserted (plus, for a task
//! holding `reports: []`, that one line becomes `reports:`); every other byte, comment and line
//! ending is kept. [`verify`] re-reads both texts and checks that the new one holds exactly the
//! old data plus the new reports; the importer writes nothing unless it does. A layout the
//! editor does not understand (flow-style tasks or reports) is refused, never guessed at.

use serde_json::{Value, json};

use crate::model::{Evidence, IndicatorValue, Report};

/// An entry appended to a record's list: a task's report (`reports:`) or an indicator's
/// reported value (`values:`).
pub trait Entry {
    /// The list key.
    const KEY: &'static str;
    /// The YAML lines: the dash at column `d`, keys `g` columns after it.
    fn lines(&self, d: usize, g: usize) -> Vec<String>;
    /// The entry as the YAML loader sees it (for [`verify`]).
    fn value(&self) -> Value;
}

impl Entry for Report {
    const KEY: &'static str = "reports";
    fn lines(&self, d: usize, g: usize) -> Vec<String> {
        render_report(self, d, g)
    }
    fn value(&self) -> Value {
        report_value(self)
    }
}

impl Entry for IndicatorValue {
    const KEY: &'static str = "values";
    fn lines(&self, d: usize, g: usize) -> Vec<String> {
        let k = " ".repeat(d + g);
        let mut out = vec![format!(
            "{}-{}period: {}",
            " ".repeat(d),
            " ".repeat(g - 1),
            quote(&self.period)
        )];
        out.push(format!(
            "{k}value: {}",
            quote(&self.value.normalize().to_string())
        ));
        if let Some(u) = &self.unit {
            out.push(format!("{k}unit: {}", quote(u)));
        }
        match &self.source {
            Evidence::Url(u) => out.push(format!("{k}url: {}", quote(u))),
            Evidence::Document(d) => out.push(format!("{k}document: {}", quote(d))),
        }
        if let Some(n) = &self.note {
            out.push(format!("{k}note:"));
            out.push(format!("{k}  vi: {}", quote(&n.vi)));
            if let Some(en) = &n.en {
                out.push(format!("{k}  en: {}", quote(en)));
            }
        }
        out
    }
    fn value(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("period".into(), json!(self.period));
        m.insert("value".into(), json!(self.value.normalize().to_string()));
        if let Some(u) = &self.unit {
            m.insert("unit".into(), json!(u));
        }
        match &self.source {
            Evidence::Url(u) => m.insert("url".into(), json!(u)),
            Evidence::Document(d) => m.insert("document".into(), json!(d)),
        };
        if let Some(n) = &self.note {
            let mut t = serde_json::Map::new();
            t.insert("vi".into(), json!(n.vi));
            if let Some(en) = &n.en {
                t.insert("en".into(), json!(en));
            }
            m.insert("note".into(), Value::Object(t));
        }
        Value::Object(m)
    }
}

/// Just the id of a task, with where it is written (every other key is skipped).
#[derive(serde::Deserialize)]
struct TaskId {
    id: serde_saphyr::Spanned<String>,
}

/// Lines inserted into a file for one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Task id.
    pub task: String,
    /// 1-based line number of the first inserted line in the new text.
    pub line: usize,
    /// The inserted lines (without line endings).
    pub lines: Vec<String>,
    /// A line of the old text replaced by the first inserted line (`reports: []`), if any.
    pub replaced: Option<String>,
}

/// Why reports could not be appended to a task automatically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    /// Task id.
    pub task: String,
    /// What is wrong.
    pub message: String,
}

/// One planned change: insert `lines` before old line `at` (0-based), optionally replacing
/// old line `replace` (which is then `at - 1`).
struct Edit {
    task: String,
    at: usize,
    replace: Option<usize>,
    lines: Vec<String>,
}

/// Appends each task's new reports (oldest first, as given) to its `reports:` list, creating
/// the list when the task has none. `text` must not start with a byte-order mark.
pub fn add_reports(
    text: &str,
    additions: &[(String, Vec<Report>)],
) -> Result<(String, Vec<Hunk>), EditError> {
    add_entries(text, additions)
}

/// [`add_reports`] for any kind of entry (its list key is `E::KEY`).
pub fn add_entries<E: Entry>(
    text: &str,
    additions: &[(String, Vec<E>)],
) -> Result<(String, Vec<Hunk>), EditError> {
    let tasks: Vec<TaskId> = serde_saphyr::from_str(text).map_err(|e| EditError {
        task: String::new(),
        message: format!("the file cannot be read: {}", e.without_snippet()),
    })?;
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };

    let mut edits = Vec::new();
    for (id, reports) in additions {
        let fail = |message: String| EditError {
            task: id.clone(),
            message,
        };
        let found: Vec<&TaskId> = tasks.iter().filter(|t| &t.id.value == id).collect();
        let [task] = found.as_slice() else {
            return Err(fail(format!(
                "task `{id}` is defined {} times in this file",
                found.len()
            )));
        };
        let line = task.id.referenced.line() as usize;
        let col = task.id.referenced.column() as usize;
        if line == 0 || col == 0 || line > lines.len() {
            return Err(fail("cannot find the task's `id:` line".into()));
        }
        edits.push(plan(&lines, line - 1, col - 1, id, reports).map_err(fail)?);
    }

    // Apply from the bottom up so that earlier line numbers stay valid.
    edits.sort_by_key(|e| std::cmp::Reverse(e.at));
    for e in &edits {
        if e.at == lines.len()
            && let Some(last) = lines.last_mut()
            && !last.ends_with('\n')
        {
            last.push_str(eol);
        }
        let new: Vec<String> = e.lines.iter().map(|l| format!("{l}{eol}")).collect();
        if let Some(r) = e.replace {
            lines.remove(r);
            lines.splice(r..r, new);
        } else {
            lines.splice(e.at..e.at, new);
        }
    }

    // Where each insertion ends up in the new text.
    let old_lines: Vec<&str> = text.split_inclusive('\n').collect();
    edits.sort_by_key(|e| e.at);
    let mut shift = 0;
    let mut hunks = Vec::new();
    for e in &edits {
        let first = e.replace.unwrap_or(e.at);
        hunks.push(Hunk {
            task: e.task.clone(),
            line: first + shift + 1,
            lines: e.lines.clone(),
            replaced: e.replace.map(|r| strip_eol(old_lines[r]).to_owned()),
        });
        shift += e.lines.len() - usize::from(e.replace.is_some());
    }
    Ok((lines.concat(), hunks))
}

/// Plans the insertion for the task whose `id` value is at (`id_line`, `id_col`), 0-based.
fn plan<E: Entry>(
    lines: &[String],
    id_line: usize,
    id_col: usize,
    id: &str,
    reports: &[E],
) -> Result<Edit, String> {
    let key = E::KEY;
    let flow = || "the task is written in flow style ({…}); add the report by hand".to_owned();
    let line = strip_eol(&lines[id_line]);
    let prefix: String = line.chars().take(id_col).collect();
    let before_colon = prefix
        .trim_end()
        .strip_suffix(':')
        .ok_or_else(flow)?
        .trim_end();
    let lead = before_colon.strip_suffix("id").ok_or_else(flow)?;
    if !lead.chars().all(|c| c == ' ' || c == '-') {
        return Err(flow());
    }
    let k = lead.chars().count();

    // First line of the task's mapping: the `- ` line.
    let start = if lead.contains('-') {
        id_line
    } else {
        let mut found = None;
        for j in (0..id_line).rev() {
            let l = strip_eol(&lines[j]);
            if !is_content(l) || indent(l) >= k {
                continue;
            }
            if dash_key_col(l) == Some(k) {
                found = Some(j);
            }
            break;
        }
        found.ok_or("cannot find where the task starts")?
    };
    // One past its last line: the next content line indented less than its keys.
    let end = (id_line + 1..lines.len())
        .find(|&j| {
            let l = strip_eol(&lines[j]);
            is_content(l) && indent(l) < k
        })
        .unwrap_or(lines.len());

    // The task's own keys (at indent k).
    let keys: Vec<(usize, String)> = (start..end)
        .filter_map(|j| {
            let l = strip_eol(&lines[j]);
            let at_k = if j == start {
                dash_key_col(l) == Some(k)
            } else {
                is_content(l) && indent(l) == k && !l[k..].starts_with('-')
            };
            at_k.then(|| (j, key_name(&l.chars().skip(k).collect::<String>())))
        })
        .collect();

    let pad = " ".repeat(k);
    if let Some((r, _)) = keys.iter().find(|(_, name)| name == key) {
        let l = strip_eol(&lines[*r]);
        let rest = value_part(&l.chars().skip(k).collect::<String>());
        if rest == "[]" {
            let mut new = vec![format!("{pad}{key}:")];
            for rep in reports {
                new.extend(rep.lines(k + 2, 2));
            }
            return Ok(Edit {
                task: id.to_owned(),
                at: r + 1,
                replace: Some(*r),
                lines: new,
            });
        }
        if !rest.is_empty() {
            return Err(format!(
                "its `{key}:` value is written on the same line (`{rest}`, flow style); add the entry by hand"
            ));
        }
        let first = (r + 1..end)
            .find(|&j| is_content(strip_eol(&lines[j])))
            .ok_or(format!("its `{key}:` key has no list under it"))?;
        let fl = strip_eol(&lines[first]);
        let d = indent(fl);
        if d < k || !fl[d..].starts_with('-') {
            return Err(format!("its `{key}:` key is not followed by a list"));
        }
        let g = 1 + fl[d + 1..].chars().take_while(|c| *c == ' ').count();
        let g = if g < 2 { 2 } else { g };
        let list_end = (first + 1..end)
            .find(|&j| {
                let l = strip_eol(&lines[j]);
                is_content(l) && (indent(l) < d || (indent(l) == d && !l[d..].starts_with('-')))
            })
            .unwrap_or(end);
        let last = (first..list_end)
            .rev()
            .find(|&j| is_body(strip_eol(&lines[j]), d))
            .unwrap_or(first);
        let mut new = Vec::new();
        for rep in reports {
            new.extend(rep.lines(d, g));
        }
        return Ok(Edit {
            task: id.to_owned(),
            at: last + 1,
            replace: None,
            lines: new,
        });
    }

    // No `reports:` yet: put it before `notes:`/`source:` (the documented field order) and the
    // comments just above that key, or else after the task's last line.
    let mut at = match keys
        .iter()
        .find(|(j, name)| *j != start && (name == "notes" || name == "source"))
    {
        Some((j, _)) => {
            let mut at = *j;
            while at > start + 1 && {
                let l = strip_eol(&lines[at - 1]);
                is_comment(l) && indent(l) == k
            } {
                at -= 1;
            }
            at
        }
        None => {
            (start..end)
                .rev()
                .find(|&j| is_body(strip_eol(&lines[j]), k))
                .unwrap_or(start)
                + 1
        }
    };
    if at <= start {
        at = start + 1;
    }
    let mut new = vec![format!("{pad}{key}:")];
    for rep in reports {
        new.extend(rep.lines(k + 2, 2));
    }
    Ok(Edit {
        task: id.to_owned(),
        at,
        replace: None,
        lines: new,
    })
}

/// The YAML lines of one report: the dash at column `d`, keys `g` columns after it.
pub fn render_report(r: &Report, d: usize, g: usize) -> Vec<String> {
    let k = " ".repeat(d + g);
    let mut out = vec![format!(
        "{}-{}date: {}",
        " ".repeat(d),
        " ".repeat(g - 1),
        quote(&r.date.to_string())
    )];
    out.push(format!("{k}status: {}", r.status.key()));
    if let Some(p) = r.percent {
        out.push(format!("{k}percent: {p}"));
    }
    if let Some(n) = &r.note {
        out.push(format!("{k}note:"));
        out.push(format!("{k}  vi: {}", quote(&n.vi)));
        if let Some(en) = &n.en {
            out.push(format!("{k}  en: {}", quote(en)));
        }
    }
    if !r.evidence.is_empty() {
        out.push(format!("{k}evidence:"));
        for e in &r.evidence {
            match e {
                Evidence::Url(u) => out.push(format!("{k}  - url: {}", quote(u))),
                Evidence::Document(d) => out.push(format!("{k}  - document: {}", quote(d))),
            }
        }
    }
    out
}

/// A YAML double-quoted scalar holding exactly `s`: `\` and `"` escaped, line breaks and
/// other control or invisible break characters written as escapes, everything else (all of
/// Vietnamese) kept as it is.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The report as the YAML loader sees it (for [`verify`]).
fn report_value(r: &Report) -> Value {
    let mut m = serde_json::Map::new();
    m.insert("date".into(), json!(r.date.to_string()));
    m.insert("status".into(), json!(r.status.key()));
    if let Some(p) = r.percent {
        m.insert("percent".into(), json!(p));
    }
    if let Some(n) = &r.note {
        let mut t = serde_json::Map::new();
        t.insert("vi".into(), json!(n.vi));
        if let Some(en) = &n.en {
            t.insert("en".into(), json!(en));
        }
        m.insert("note".into(), Value::Object(t));
    }
    if !r.evidence.is_empty() {
        let ev: Vec<Value> = r
            .evidence
            .iter()
            .map(|e| match e {
                Evidence::Url(u) => json!({ "url": u }),
                Evidence::Document(d) => json!({ "document": d }),
            })
            .collect();
        m.insert("evidence".into(), Value::Array(ev));
    }
    Value::Object(m)
}

/// Checks that `new` holds exactly the data of `old` with the given reports appended to the
/// given tasks, and nothing else changed.
pub fn verify(old: &str, new: &str, additions: &[(String, Vec<Report>)]) -> Result<(), String> {
    verify_entries(old, new, additions)
}

/// [`verify`] for any kind of entry.
pub fn verify_entries<E: Entry>(
    old: &str,
    new: &str,
    additions: &[(String, Vec<E>)],
) -> Result<(), String> {
    let mut expected: Value = serde_saphyr::from_str(old)
        .map_err(|e| format!("the old text cannot be read: {}", e.without_snippet()))?;
    let got: Value = serde_saphyr::from_str(new)
        .map_err(|e| format!("the edited text cannot be read: {}", e.without_snippet()))?;
    for (id, reports) in additions {
        let task = expected
            .as_array_mut()
            .and_then(|a| a.iter_mut().find(|t| t.get("id") == Some(&json!(id))))
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("task `{id}` is not in the file"))?;
        let list = task
            .entry(E::KEY)
            .or_insert_with(|| Value::Array(Vec::new()));
        if list.is_null() {
            *list = Value::Array(Vec::new());
        }
        let list = list
            .as_array_mut()
            .ok_or_else(|| format!("`{}` of record `{id}` is not a list", E::KEY))?;
        list.extend(reports.iter().map(Entry::value));
    }
    if expected == got {
        Ok(())
    } else {
        Err("the edited text does not hold exactly the old data plus the new reports".into())
    }
}

fn strip_eol(l: &str) -> &str {
    l.strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(l)
}

fn indent(l: &str) -> usize {
    l.len() - l.trim_start_matches(' ').len()
}

fn is_comment(l: &str) -> bool {
    l.trim_start().starts_with('#')
}

fn is_content(l: &str) -> bool {
    !l.trim().is_empty() && !is_comment(l)
}

/// A line that belongs to the body of a node whose keys are at column `k`: any non-blank
/// line but a comment at or left of `k` (a `#` line further right may be inside a block
/// scalar, and after it is the safe place to insert).
fn is_body(l: &str, k: usize) -> bool {
    !l.trim().is_empty() && (!is_comment(l) || indent(l) > k)
}

/// For a line `   -   key: …`, the column of `key`.
fn dash_key_col(l: &str) -> Option<usize> {
    let i = indent(l);
    let rest = l[i..].strip_prefix('-')?;
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces > 0 && !rest[spaces..].is_empty()).then_some(i + 1 + spaces)
}

/// The key of a `key: value` line (starting at the key).
fn key_name(l: &str) -> String {
    let k = l.split(':').next().unwrap_or("").trim();
    k.trim_matches(|c| c == '"' || c == '\'').to_owned()
}

/// What follows `key:` on a line, without a trailing comment.
fn value_part(l: &str) -> String {
    let after = l.split_once(':').map(|(_, v)| v).unwrap_or("");
    let v = match after.find(" #") {
        Some(i) => &after[..i],
        None => after,
    };
    v.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ReportStatus, Text};

    fn rep(date: &str, note: &str) -> Report {
        Report {
            date: date.parse().unwrap(),
            status: ReportStatus::InProgress,
            percent: Some(45),
            note: Some(Text {
                vi: note.into(),
                en: None,
            }),
            evidence: vec![Evidence::Url("https://example.gov.vn/a?b=1#c".into())],
        }
    }

    fn add(text: &str, id: &str, r: Report) -> String {
        let adds = vec![(id.to_owned(), vec![r])];
        let (new, _) = add_reports(text, &adds).unwrap();
        verify(text, &new, &adds).unwrap();
        new
    }

    const FILE: &str = "# Tasks of group I.\n- id: a\n  number: \"I.1\" # printed\n  title: {vi: \"A\"}\n  notes:\n    - text: {vi: \"n\"}\n  source: {document: d}\n\n# The next one.\n- id: b\n  title:\n    vi: |\n      line one\n      # not a comment\n";

    #[test]
    fn inserts_before_notes_and_keeps_everything_else() {
        let new = add(FILE, "a", rep("2026-03-01", "Đang triển khai “bước 1”"));
        assert_eq!(
            new,
            "# Tasks of group I.\n- id: a\n  number: \"I.1\" # printed\n  title: {vi: \"A\"}\n  reports:\n    - date: \"2026-03-01\"\n      status: in_progress\n      percent: 45\n      note:\n        vi: \"Đang triển khai “bước 1”\"\n      evidence:\n        - url: \"https://example.gov.vn/a?b=1#c\"\n  notes:\n    - text: {vi: \"n\"}\n  source: {document: d}\n\n# The next one.\n- id: b\n  title:\n    vi: |\n      line one\n      # not a comment\n"
        );
    }

    #[test]
    fn appends_after_a_block_scalar_at_the_end_of_the_file() {
        let new = add(FILE, "b", rep("2026-03-01", "x"));
        assert!(
            new.ends_with("      # not a comment\n  reports:\n    - date: \"2026-03-01\"\n      status: in_progress\n      percent: 45\n      note:\n        vi: \"x\"\n      evidence:\n        - url: \"https://example.gov.vn/a?b=1#c\"\n"),
            "{new}"
        );
    }

    #[test]
    fn extends_an_existing_list_with_its_own_indentation() {
        let text = "- id: a\n  reports:\n  - date: \"2026-01-01\"\n    status: ongoing\n  # a comment\n  source: {document: d}\n";
        let new = add(text, "a", rep("2026-03-01", "x"));
        assert!(
            new.starts_with("- id: a\n  reports:\n  - date: \"2026-01-01\"\n    status: ongoing\n  - date: \"2026-03-01\"\n    status: in_progress\n"),
            "{new}"
        );
        assert!(new.ends_with("  # a comment\n  source: {document: d}\n"));
    }

    #[test]
    fn replaces_an_empty_flow_list_and_keeps_crlf() {
        let text = "- id: a\r\n  reports: []\r\n  source: {document: d}";
        let adds = vec![("a".to_owned(), vec![rep("2026-03-01", "x")])];
        let (new, hunks) = add_reports(text, &adds).unwrap();
        verify(text, &new, &adds).unwrap();
        assert!(new.starts_with("- id: a\r\n  reports:\r\n    - date: \"2026-03-01\"\r\n"));
        assert!(new.ends_with("\r\n  source: {document: d}"));
        assert_eq!(hunks[0].line, 2);
        assert_eq!(hunks[0].replaced.as_deref(), Some("  reports: []"));
    }

    #[test]
    fn id_not_first_and_last_line_without_newline() {
        let text = "- number: \"1\"\n  id: a\n  title: {vi: \"A\"}";
        let new = add(text, "a", rep("2026-03-01", "x"));
        assert!(new.starts_with("- number: \"1\"\n  id: a\n  title: {vi: \"A\"}\n  reports:\n"));
    }

    #[test]
    fn refuses_flow_style() {
        let text = "- {id: a, title: {vi: A}}\n";
        let err = add_reports(text, &[("a".into(), vec![rep("2026-03-01", "x")])]).unwrap_err();
        assert!(err.message.contains("flow style"), "{err:?}");
        let text = "- id: a\n  reports: [{date: \"2026-01-01\", status: ongoing}]\n";
        let err = add_reports(text, &[("a".into(), vec![rep("2026-03-01", "x")])]).unwrap_err();
        assert!(err.message.contains("flow style"), "{err:?}");
    }

    #[test]
    fn quoting_round_trips_any_text() {
        for s in [
            "Hoàn thành: 100% — “đúng hạn”",
            "a \"b\" \\ c\nd\te\r",
            "#not a comment: {x} [y] & *z !t %u @v `w",
            "\u{0}\u{7}\u{1b}\u{85}\u{a0}\u{2028}\u{feff} end",
            "  leading and trailing  ",
            "null",
            "yes",
            "",
        ] {
            let yaml = format!("v: {}\n", quote(s));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(back["v"], s, "{yaml}");
        }
    }

    #[test]
    fn verify_catches_any_other_change() {
        let adds = vec![("a".to_owned(), vec![rep("2026-03-01", "x")])];
        let (new, _) = add_reports(FILE, &adds).unwrap();
        let tampered = new.replace("number: \"I.1\"", "number: \"I.2\"");
        assert!(verify(FILE, &tampered, &adds).is_err());
        assert!(verify(FILE, FILE, &adds).is_err());
    }
}
