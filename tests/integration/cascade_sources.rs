//! The commitments of the cascade against their source texts (issue 18, issue 17 item 7).
//!
//! Input: `content/plans/*.yaml`, `content/commitments/*.yaml`, the tasks' and the objectives'
//! `implements:` links,
//! the document records and their source texts. The records are read generically (YAML into
//! `serde_json::Value`), so the check does not depend on the model that loads them.
//!
//! Guarantee: every commitment's Vietnamese text is found, word for word (whitespace
//! normalised), at its source line: in the plain source text it starts on `source.line` and may
//! run over the following lines; for a document whose hosted text restores a damaged OCR copy
//! ([`RESTORED`]: 002) it is found in the restored paragraph anchored `{#lN}` at that line of
//! `<id>.vi.md`, that line exists, not blank, in the OCR text, and the OCR passage from that
//! line to the next anchor is, of all the OCR passages, the one that shares the most word pairs
//! with the commitment once tone marks are removed (so the line points at the right OCR text). The Vietnamese of its targets and deadline is found near the
//! line too. Every link names a commitment or objective that exists. An objective (indicator)
//! states only a `target` commitment; the words its note quotes (“…”) are the commitment's own,
//! and when they hold figures besides those naming the measure (in the indicator's title too)
//! the indicator's target figure is one of them (a figure that differs is a `differs_from`, not
//! a link). All problems are reported at once; the counts per
//! plan and group are printed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use serde_json::Value;

/// Lines a commitment may run over after its first line in a plain source text.
const SPAN: usize = 15;
/// Documents whose plain source text is a damaged OCR copy: their wording is checked against the
/// restored text `<id>.vi.md`, whose `{#lN}` anchors carry the OCR line numbers.
const RESTORED: &[&str] = &["02-ctr-tu-2025"];
/// Lines before `source.line` where a target or deadline may be stated (a heading).
const LOOKBACK: usize = 5;

/// Every item of every `*.yaml` list in `content/<dir>`, with its file name, in file order.
fn records(root: &Path, dir: &str) -> Vec<(String, Value)> {
    let mut files: Vec<_> = fs::read_dir(root.join("content").join(dir))
        .unwrap_or_else(|e| panic!("content/{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let items: Vec<Value> =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        out.extend(items.into_iter().map(|v| (name.clone(), v)));
    }
    out
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn vi(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(|t| t.get("vi"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn en(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(|t| t.get("en"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// The source texts of the documents: plain lines, and restored paragraphs by OCR line.
struct Sources {
    lines: BTreeMap<String, Vec<String>>,
    restored: BTreeMap<String, BTreeMap<usize, String>>,
    /// For a restored document: the toneless word pairs of each OCR passage, by anchor line.
    ocr_pairs: BTreeMap<String, BTreeMap<usize, BTreeSet<(String, String)>>>,
}

impl Sources {
    fn load(root: &Path) -> Sources {
        let docs = root.join("content/documents");
        let mut lines = BTreeMap::new();
        let mut restored = BTreeMap::new();
        for (_, d) in records(root, "documents") {
            let id = s(&d, "id").to_string();
            if let Some(st) = d.get("source_text").and_then(Value::as_str) {
                let text = fs::read_to_string(docs.join(st)).unwrap();
                lines.insert(id.clone(), text.lines().map(str::to_string).collect());
            }
            if RESTORED.contains(&id.as_str()) {
                let md = fs::read_to_string(docs.join(format!("{id}.vi.md"))).unwrap();
                restored.insert(id, paragraphs(&md));
            }
        }
        let mut ocr_pairs = BTreeMap::new();
        for (id, paras) in &restored {
            let lines: &Vec<String> = &lines[id];
            let starts: Vec<usize> = paras.keys().copied().collect();
            let spans = starts
                .iter()
                .enumerate()
                .map(|(i, &from)| {
                    let to = starts.get(i + 1).map_or(lines.len(), |n| n - 1);
                    let text = lines[from.min(lines.len()) - 1..to.min(lines.len())].join(" ");
                    (from, word_pairs(&text))
                })
                .collect();
            ocr_pairs.insert(id.clone(), spans);
        }
        Sources {
            lines,
            restored,
            ocr_pairs,
        }
    }

    /// Lines `from..=to` (1-based) joined into one normalised text: blank lines skipped, a word
    /// broken by a hyphen at the end of a line ("71-" / "NQ/TW") joined without a space.
    fn joined(&self, doc: &str, from: usize, to: usize) -> String {
        let lines = &self.lines[doc];
        let mut out = String::new();
        for l in lines
            .iter()
            .take(to.min(lines.len()))
            .skip(from.max(1) - 1)
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
        {
            let hyphen_break = out.ends_with('-')
                && out[..out.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_whitespace());
            if !out.is_empty() && !hyphen_break {
                out.push(' ');
            }
            out.push_str(l);
        }
        super::norm(&out)
    }
}

/// The pairs of consecutive words of a text without tone marks or case ("đ" read as "d"): what
/// survives of Vietnamese in an OCR copy that lost its diacritics.
fn word_pairs(text: &str) -> BTreeSet<(String, String)> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let plain: String = text
        .to_lowercase()
        .replace('đ', "d")
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect();
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .map(|w| (w[0].to_string(), w[1].to_string()))
        .collect()
}

/// The restored paragraphs of a `.vi.md` text by the OCR line of their `{#lN}` anchor: the text
/// up to the next line anchor or heading, without anchors or Markdown escapes, normalised.
fn paragraphs(md: &str) -> BTreeMap<usize, String> {
    let anchor = regex::Regex::new(r"\{#l(\d+)\}").unwrap();
    let other = regex::Regex::new(r"\{#[^}]*\}").unwrap();
    let starts: Vec<_> = anchor.captures_iter(md).collect();
    let mut out = BTreeMap::new();
    for (i, c) in starts.iter().enumerate() {
        let m = c.get(0).unwrap();
        let end = starts
            .get(i + 1)
            .map_or(md.len(), |n| n.get(0).unwrap().start());
        let mut body = &md[m.end()..end];
        if let Some(h) = body.find("\n#") {
            body = &body[..h];
        }
        let body = other
            .replace_all(body, "")
            .replace("\\.", ".")
            .replace('\\', " ");
        out.insert(c[1].parse().unwrap(), super::norm(&body));
    }
    out
}

/// Every problem of one commitment against its source, as `id: what`.
fn commitment_problems(src: &Sources, c: &Value) -> Vec<String> {
    let id = s(c, "id");
    let mut out = Vec::new();
    let text = super::norm(&vi(c, "text"));
    if text.is_empty() {
        out.push(format!("{id}: no Vietnamese text"));
    }
    for key in ["text", "horizon"] {
        if c.get(key).is_some() && en(c, key).trim().is_empty() {
            out.push(format!("{id}: {key} has no English"));
        }
    }
    let source = c.get("source").unwrap_or(&Value::Null);
    let doc = s(source, "document");
    let Some(line) = source
        .get("line")
        .and_then(Value::as_u64)
        .map(|l| l as usize)
    else {
        out.push(format!("{id}: no source line"));
        return out;
    };
    let Some(lines) = src.lines.get(doc) else {
        out.push(format!("{id}: document `{doc}` has no source text"));
        return out;
    };
    if line == 0 || line > lines.len() || lines[line - 1].trim().is_empty() {
        out.push(format!("{id}: line {line} of `{doc}` is missing or blank"));
        return out;
    }
    // The wording the targets and the deadline must be found in.
    let near = if let Some(paras) = src.restored.get(doc) {
        let Some(para) = paras.get(&line) else {
            out.push(format!(
                "{id}: the restored text of `{doc}` has no {{#l{line}}} anchor"
            ));
            return out;
        };
        if !para.contains(&text) {
            out.push(format!(
                "{id}: text not in the restored paragraph {{#l{line}}} of `{doc}`"
            ));
        }
        let pairs = word_pairs(&text);
        let share = |ocr: &BTreeSet<(String, String)>| {
            pairs.intersection(ocr).count() as f64 / pairs.len().max(1) as f64
        };
        let spans = &src.ocr_pairs[doc];
        let here = share(&spans[&line]);
        if let Some((best, score)) = spans
            .iter()
            .map(|(l, p)| (*l, share(p)))
            .find(|(l, score)| *l != line && *score > here)
        {
            out.push(format!(
                "{id}: the OCR text at line {best} matches better ({score:.2}) than at line {line} ({here:.2})"
            ));
        }
        para.clone()
    } else {
        let first = src.joined(doc, line, line).chars().count();
        let window = src.joined(doc, line, line + SPAN);
        let starts_on_line = window
            .match_indices(&text)
            .any(|(at, _)| window[..at].chars().count() < first);
        if !starts_on_line {
            out.push(format!(
                "{id}: text not found starting on line {line} of `{doc}`"
            ));
        }
        src.joined(doc, line.saturating_sub(LOOKBACK), line + SPAN)
    };
    let mut quoted: Vec<(String, String, String)> = list(c, "targets")
        .iter()
        .map(|t| ("target".to_string(), vi(t, "text"), en(t, "text")))
        .collect();
    if let Some(d) = c.get("deadline") {
        quoted.push(("deadline".to_string(), vi(d, "text"), en(d, "text")));
    }
    for (what, v, e) in quoted {
        if !near.contains(&super::norm(&v)) {
            out.push(format!("{id}: {what} “{v}” not found near line {line}"));
        }
        if e.trim().is_empty() {
            out.push(format!("{id}: {what} “{v}” has no English"));
        }
    }
    out
}

/// Links to commitments and objectives that do not exist, and unknown reasons.
fn link_problems(root: &Path, commitments: &[(String, Value)]) -> Vec<String> {
    let ids: BTreeSet<&str> = commitments.iter().map(|(_, c)| s(c, "id")).collect();
    let objective_records = records(root, "objectives");
    let objectives: BTreeSet<String> = objective_records
        .iter()
        .map(|(_, o)| s(o, "id").to_string())
        .collect();
    let tasks = records(root, "tasks");
    let mut out = indicator_problems(&objective_records, commitments);
    let holders = commitments
        .iter()
        .chain(tasks.iter())
        .chain(objective_records.iter());
    for (file, r) in holders {
        let who = format!("{file} {}", s(r, "id"));
        for l in list(r, "implements") {
            if !ids.contains(s(l, "commitment")) {
                out.push(format!(
                    "{who}: implements unknown `{}`",
                    s(l, "commitment")
                ));
            }
            if !["same_wording", "same_group", "cited"].contains(&s(l, "reason")) {
                out.push(format!("{who}: unknown reason `{}`", s(l, "reason")));
            }
        }
        for d in list(r, "differs_from") {
            let ok = match (d.get("objective"), d.get("commitment")) {
                (Some(o), None) => objectives.contains(o.as_str().unwrap_or("")),
                (None, Some(c)) => ids.contains(c.as_str().unwrap_or("")),
                _ => false,
            };
            if !ok || en(d, "note").is_empty() || vi(d, "note").is_empty() {
                out.push(format!(
                    "{who}: differs_from needs one known target and a note"
                ));
            }
        }
    }
    out
}

/// The passages a note quotes between “ and ” (nested quotation marks kept inside).
fn quotes(note: &str) -> Vec<String> {
    let (mut out, mut depth, mut cur) = (Vec::new(), 0usize, String::new());
    for ch in note.chars() {
        match ch {
            '“' => {
                if depth > 0 {
                    cur.push(ch);
                }
                depth += 1;
            }
            '”' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(std::mem::take(&mut cur));
                } else {
                    cur.push(ch);
                }
            }
            _ if depth > 0 => cur.push(ch),
            _ => {}
        }
    }
    out
}

/// The numbers of a Vietnamese text, read as values: “16.000” is 16000, “0,82” is 0.82, “03”
/// is 3.
fn numbers(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"\d+(?:\.\d{3})*(?:,\d+)?").unwrap();
    re.find_iter(text)
        .map(|m| {
            let n = m.as_str().replace('.', "").replace(',', ".");
            let n = n.trim_start_matches('0');
            if n.is_empty() || n.starts_with('.') {
                format!("0{n}")
            } else {
                n.to_string()
            }
        })
        .collect()
}

/// Checks the objectives' `implements`: each names a `target` commitment, the note's quotations
/// are words of that commitment's text, and the indicator's target figure is among the figures
/// it quotes (when they hold any).
fn indicator_problems(
    objectives: &[(String, Value)],
    commitments: &[(String, Value)],
) -> Vec<String> {
    let by_id: BTreeMap<&str, &Value> = commitments.iter().map(|(_, c)| (s(c, "id"), c)).collect();
    let mut out = Vec::new();
    for (file, o) in objectives {
        let who = format!("{file} {}", s(o, "id"));
        let value = o.get("target").map(|t| s(t, "value")).unwrap_or("");
        for l in list(o, "implements") {
            let Some(c) = by_id.get(s(l, "commitment")) else {
                continue; // reported by link_problems
            };
            if s(c, "kind") != "target" {
                out.push(format!(
                    "{who}: states `{}`, which is not a target",
                    s(c, "id")
                ));
            }
            let text = vi(c, "text");
            let quoted = quotes(&vi(l, "note"));
            for q in &quoted {
                for piece in q.split('…').map(str::trim).filter(|p| !p.is_empty()) {
                    if !text.contains(piece) {
                        out.push(format!(
                            "{who}: “{piece}” is not in the text of `{}`",
                            s(c, "id")
                        ));
                    }
                }
            }
            // Figures that name the measure (“từ 3 đến 5 tuổi”, “nhóm 150”) are in the
            // indicator's own title too; the others are the target's.
            let named = numbers(&vi(o, "title"));
            let figures: Vec<String> = (quoted.iter().flat_map(|q| numbers(q)))
                .filter(|f| !named.contains(f))
                .collect();
            if !value.is_empty() && !figures.is_empty() && !figures.iter().any(|f| f == value) {
                out.push(format!(
                    "{who}: target figure {value} is not among {figures:?}, the figures it quotes from `{}`: a figure that differs is a differs_from",
                    s(c, "id")
                ));
            }
        }
    }
    out
}

#[test]
fn cascade_commitments_are_found_in_their_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = Sources::load(root);
    let plans = records(root, "plans");
    let commitments = records(root, "commitments");

    let mut problems: Vec<String> = commitments
        .iter()
        .flat_map(|(_, c)| commitment_problems(&src, c))
        .collect();
    problems.extend(link_problems(root, &commitments));
    let mut seen = BTreeSet::new();
    for (file, c) in &commitments {
        if !seen.insert(s(c, "id")) {
            problems.push(format!("{file}: id `{}` twice", s(c, "id")));
        }
    }

    // Counts per plan and group, in the plans' own order.
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (_, c) in &commitments {
        *counts.entry((s(c, "plan"), s(c, "group"))).or_default() += 1;
    }
    let mut per_plan: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, p) in &plans {
        let pid = s(p, "id");
        let total: usize = counts
            .iter()
            .filter(|((pl, _), _)| *pl == pid)
            .map(|(_, n)| n)
            .sum();
        println!("{pid} ({}): {total}", vi(p, "short"));
        for g in list(p, "groups") {
            let n = counts.get(&(pid, s(g, "id"))).copied().unwrap_or(0);
            println!("  {} {}: {n}", s(g, "number"), s(g, "id"));
        }
        per_plan.insert(pid, total);
    }
    let known: BTreeSet<&str> = plans.iter().map(|(_, p)| s(p, "id")).collect();
    for ((plan, group), n) in &counts {
        if !known.contains(plan) {
            problems.push(format!(
                "{n} commitment(s) of unknown plan `{plan}` ({group})"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );

    // Nothing dropped: the counts of the closing note of issue 18.
    let dash_bullets = counts
        .iter()
        .filter(|((p, g), _)| {
            *p == "chuong-trinh-hanh-dong-02-ctr-tu" && g.starts_with("ctr02-nhom-")
        })
        .map(|(_, n)| n)
        .sum::<usize>();
    assert_eq!(
        dash_bullets, 42,
        "02-CTr/TU has 42 dash bullets in its 8 groups"
    );
    assert_eq!(per_plan["chuong-trinh-hanh-dong-02-ctr-tu"], 57);
    assert_eq!(per_plan["ke-hoach-dang-uy-trien-khai-02-ctr-tu"], 16);
    assert_eq!(per_plan["thong-bao-thuong-truc-thanh-uy-2025"], 24);
    assert_eq!(per_plan["de-an-gddt-2030"], 24);
    assert_eq!(per_plan["nghi-quyet-71-nq-tw"], 0);
}

/// The check is not vacuous: one changed word, in a restored paragraph and in a plain source,
/// and one changed figure in a target, are each reported.
#[test]
fn cascade_check_reports_a_changed_word() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = Sources::load(root);
    let commitments = records(root, "commitments");
    let find = |id: &str| {
        commitments
            .iter()
            .find(|(_, c)| s(c, "id") == id)
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| panic!("{id} missing"))
    };
    for (id, from, to) in [
        ("ctr02-iii-2-3", "tối thiểu 20%", "tối thiểu 25%"),
        ("tb000-2-1-a", "trong năm 2026", "trong năm 2027"),
        ("kh003-iii-4", "Ban Tuyên giáo", "Ban Tổ chức"),
        ("da001-moc-3", "Ban Chỉ đạo", "Hội đồng"),
    ] {
        let original = find(id);
        assert!(commitment_problems(&src, &original).is_empty(), "{id}");
        let mut changed = original.clone();
        let text = vi(&changed, "text");
        assert!(text.contains(from), "{id}: “{from}”");
        changed["text"]["vi"] = Value::from(text.replacen(from, to, 1));
        let found = commitment_problems(&src, &changed);
        assert!(
            found.iter().any(|p| p.contains("text not")),
            "{id}: a changed word went unnoticed: {found:?}"
        );
    }
    // An indicator linked to a target whose figure differs is reported: the 2035 HDI row
    // (≥ 0,85) against 02-CTr/TU's “tối thiểu 0,87”; so is a quotation not in the text.
    let commitments_only: Vec<(String, Value)> = commitments.clone();
    let mut hdi = records(root, "objectives")
        .into_iter()
        .find(|(_, o)| s(o, "id") == "chi-so-giao-duc-dong-gop-hdi-2035")
        .expect("the 2035 HDI row");
    assert!(indicator_problems(std::slice::from_ref(&hdi), &commitments_only).is_empty());
    hdi.1["implements"] = serde_json::json!([{
        "commitment": "ctr02-ii-2",
        "reason": "same_wording",
        "note": {"vi": "Cùng chỉ tiêu: “chỉ số giáo dục đóng góp vào HDI đạt tối thiểu 0,87”.", "en": "x"}
    }]);
    let found = indicator_problems(std::slice::from_ref(&hdi), &commitments_only);
    assert!(
        found.iter().any(|p| p.contains("target figure 0.85")),
        "a differing figure went unnoticed: {found:?}"
    );
    hdi.1["implements"][0]["note"]["vi"] = Value::from("Cùng chỉ tiêu: “đạt tối thiểu 0,85”.");
    let found = indicator_problems(std::slice::from_ref(&hdi), &commitments_only);
    assert!(
        found.iter().any(|p| p.contains("is not in the text")),
        "a quotation not in the text went unnoticed: {found:?}"
    );

    let mut target = find("ctr02-ii-2");
    target["targets"][1]["text"]["vi"] =
        Value::from("chỉ số giáo dục đóng góp vào HDI đạt tối thiểu 0,85");
    let found = commitment_problems(&src, &target);
    assert!(
        found.iter().any(|p| p.contains("target")),
        "a changed target went unnoticed: {found:?}"
    );
}
