//! The theme: templates, UI strings and static assets.
//!
//! Input: the site root and the theme name. Output: [`Theme`], the built-in default theme
//! (compiled into the binary from `themes/default/`) with every file of the site's own
//! `themes/<name>/` folder laid over it (same relative path wins), except the UI string files
//! (`i18n/vi.yaml`, `i18n/en.yaml`), which are merged key by key over the default ones (a key
//! the default theme lacks is an error). Every built-in template is also available as
//! `default/<name>`, for a site's template to extend. Guarantee: both UI string files define
//! exactly the same keys (a key missing in one language is an error), and both define every
//! key the Rust code asks for ([`required_keys`]), so a page can never show a missing UI
//! string and [`Theme::ui`] never falls back; a template that uses an unknown key fails the
//! build (strict undefined).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::{
    AgencyKind, CommitmentKind, DRAFT_FIELDS, DocType, Facet, Lang, PlanKind, Reason, Status, Text,
};
use crate::render::Section;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme file with where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Path shown in diagnostics.
    pub shown: PathBuf,
    /// Content.
    pub bytes: Vec<u8>,
}

/// A loaded theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Templates by name (`task.html`).
    pub templates: BTreeMap<String, ThemeFile>,
    /// UI strings per language.
    pub strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Static assets by output path under `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// A UI string. `key` must be one of [`required_keys`], which [`load_theme`] has checked
    /// exist in both languages, so the lookup always succeeds for a loaded theme (an empty
    /// string otherwise: never the key itself). Debug builds assert that the key is listed.
    pub fn ui<'a>(&'a self, lang: Lang, key: &str) -> &'a str {
        debug_assert!(
            is_required(key),
            "UI string `{key}` is used by the code but not listed in theme::required_keys()"
        );
        self.strings
            .get(&lang)
            .and_then(|m| m.get(key))
            .map_or("", String::as_str)
    }

    /// Puts the plan's own words into the UI strings: `{plan_kind}` and `{plan_short}` become
    /// the site's `plan_kind` and `plan_short` (`site.yaml`) in each language, so that a theme
    /// says "Kế hoạch" or "Chương trình" as the content does. Called once, after loading the site.
    pub(crate) fn fill_plan_words(&mut self, kind: &Text, short: &Text) {
        for (lang, strings) in &mut self.strings {
            let (k, s) = (kind.get(*lang).0, short.get(*lang).0);
            for v in strings.values_mut() {
                if v.contains("{plan_") {
                    *v = v.replace("{plan_kind}", k).replace("{plan_short}", s);
                }
            }
        }
    }
}

/// The UI strings the Rust code asks for by a literal key. Keys built from a value
/// (`status_<key>`…) are enumerated in [`required_keys`] from their finite sets.
const RUST_KEYS: [&str; 76] = [
    "agency_report_title",
    "billion_vnd",
    "budget_permalink",
    "changes_title",
    "chart_budget_attracted",
    "chart_budget_by_group",
    "chart_budget_by_source",
    "chart_lead",
    "chart_phasing",
    "chart_support",
    "chart_tasks_by_year",
    "chart_tasks_per_agency",
    "chart_total",
    "cite_not_on_site",
    "col_target",
    "data_title",
    "facet_other_lead",
    "facet_recurring",
    "feed_agency_title",
    "feed_data_entry",
    "feed_plan_commitments",
    "feed_plan_issued",
    "feed_title",
    "indicator_baseline",
    "indicator_chart",
    "indicator_reported",
    "indicator",
    "line",
    "nav_agencies",
    "nav_budget",
    "nav_cascade",
    "nav_coverage",
    "nav_documents",
    "nav_glossary",
    "nav_home",
    "nav_objectives",
    "nav_plans",
    "nav_projects",
    "nav_search",
    "nav_tasks",
    "nav_topics",
    "not_stated",
    "not_translated",
    "overview_at_target",
    "overview_with_baseline",
    "overview_with_value",
    "progress_not_enough_data",
    "progress_not_on_track",
    "progress_on_track",
    "progress_reached",
    "redirect_title",
    "search_kind_agency",
    "search_kind_commitment",
    "search_kind_document",
    "search_kind_document_text",
    "search_kind_objective",
    "search_kind_page",
    "search_kind_plan",
    "search_kind_project",
    "search_kind_task",
    "status_no_report",
    "search_kind_topic",
    "timeline_objectives",
    "timeline_tasks",
    "timeline_title",
    "agency_chart_top",
    "doc_rests_more",
    "doc_shown_first",
    "doc_taken_more",
    "pager_page",
    "pager_summary",
    "pager_title",
    "records_rests_title",
    "records_taken_title",
    "rests_on_this",
    "taken_from_this",
];

/// Every UI string key the Rust code may ask [`Theme::ui`] for: the literal keys (`RUST_KEYS`) and the families
/// built with `format!` from finite sets (statuses, document types, agency kinds, sections,
/// task list views, budget facets, draft fields, open data tables).
pub fn required_keys() -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = RUST_KEYS.iter().map(|k| (*k).to_owned()).collect();
    keys.extend(Status::ALL.iter().map(|s| s.ui_key().to_owned()));
    for (k, _) in DocType::KEYS {
        keys.insert(format!("doctype_{k}"));
        keys.insert(format!("doctypes_{k}"));
    }
    keys.extend(
        AgencyKind::KEYS
            .iter()
            .map(|(k, _)| format!("agency_kind_{k}")),
    );
    keys.extend(Section::NAV.iter().map(|s| format!("nav_{}", s.key())));
    keys.extend(
        (crate::render::data::tables().iter())
            .chain(&crate::render::data::cascade_tables())
            .map(|t| format!("nav_{}", t.kind)),
    );
    keys.extend(
        std::iter::once(Section::Tasks)
            .chain(Section::FACETS)
            .map(|s| format!("facet_{}", s.key().replace('-', "_"))),
    );
    keys.extend(Facet::ALL.iter().map(|f| format!("facet_{}", f.key())));
    keys.extend(DRAFT_FIELDS.iter().map(|f| format!("field_{f}")));
    keys.extend(PlanKind::KEYS.iter().map(|(k, _)| format!("plan_kind_{k}")));
    keys.extend(
        CommitmentKind::KEYS
            .iter()
            .map(|(k, _)| format!("commitment_kind_{k}")),
    );
    keys.extend(Reason::KEYS.iter().map(|(k, _)| format!("reason_{k}")));
    keys.extend((crate::link::Coverage::ALL.iter()).map(|c| format!("implemented_{}", c.key())));
    keys
}

/// Whether the code may ask for `key` (computed once).
fn is_required(key: &str) -> bool {
    static KEYS: std::sync::OnceLock<BTreeSet<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(required_keys).contains(key)
}

/// Loads the default theme with the site's overrides.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
    let mut files: BTreeMap<String, ThemeFile> = BTreeMap::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    let site_dir = root.join("themes").join(name);
    let mut diags = Diagnostics::new();
    // The site's UI string files are merged key by key over the default ones (below).
    let mut i18n_overrides: Vec<(String, ThemeFile)> = Vec::new();
    if site_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path());
            let key = rel.to_string_lossy().replace('\\', "/");
            match fs::read(entry.path()) {
                Ok(bytes) => {
                    let shown = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(entry.path())
                        .to_path_buf();
                    let file = ThemeFile { shown, bytes };
                    if key.starts_with("i18n/") {
                        i18n_overrides.push((key, file));
                    } else {
                        files.insert(key, file);
                    }
                }
                Err(e) => diags.push(Diagnostic::error(
                    entry.path().to_path_buf(),
                    Pos::default(),
                    format!("cannot read: {e}"),
                )),
            }
        }
    } else if name != "default" {
        diags.push(
            Diagnostic::error(
                PathBuf::from("content/site.yaml"),
                Pos::default(),
                format!("theme `{name}` not found"),
            )
            .help(format!(
                "create themes/{name}/ or remove `theme:` to use the default theme"
            )),
        );
    }

    // The file each language's UI strings came from (for located diagnostics).
    let mut strings_files: BTreeMap<Lang, PathBuf> = BTreeMap::new();
    let mut theme = Theme {
        templates: BTreeMap::new(),
        strings: BTreeMap::new(),
        assets: BTreeMap::new(),
    };
    for (key, file) in files {
        if let Some(t) = key.strip_prefix("templates/") {
            theme.templates.insert(t.to_owned(), file);
        } else if let Some(a) = key.strip_prefix("static/") {
            theme.assets.insert(a.to_owned(), file.bytes);
        } else if let Some(l) = key.strip_prefix("i18n/") {
            let lang = match l {
                "vi.yaml" => Lang::Vi,
                "en.yaml" => Lang::En,
                _ => continue,
            };
            let text = String::from_utf8_lossy(&file.bytes).into_owned();
            match parse_strings(&file, &text, "") {
                Ok(map) => {
                    theme.strings.insert(lang, map);
                    strings_files.insert(lang, file.shown.clone());
                }
                Err(d) => diags.push(d),
            }
        }
    }
    merge_i18n_overrides(&mut theme, &i18n_overrides, &mut diags);
    add_default_templates(&mut theme);
    check_keys(&theme, &strings_files, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(theme)
    }
}

/// A UI string file's keys and strings, or the located YAML error (its help line ends with
/// `help_tail`).
fn parse_strings(
    file: &ThemeFile,
    text: &str,
    help_tail: &str,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    serde_saphyr::from_str::<BTreeMap<String, String>>(text).map_err(|e| {
        let pos = e
            .location()
            .map(|l| Pos {
                line: l.line() as u32,
                col: l.column() as u32,
            })
            .unwrap_or_default();
        Diagnostic::error(file.shown.clone(), pos, e.without_snippet().to_string()).help(format!(
            "UI string files map keys to strings: `key: \"text\"`{help_tail}"
        ))
    })
}

/// Lays each of the site's UI string files (`i18n/vi.yaml`, `i18n/en.yaml`) over the default
/// theme's strings of that language, key by key: a site file holds only the keys it changes.
/// A key the default theme does not have is an error at its line (a misspelt key would
/// otherwise change nothing, silently).
fn merge_i18n_overrides(
    theme: &mut Theme,
    overrides: &[(String, ThemeFile)],
    diags: &mut Diagnostics,
) {
    for (key, file) in overrides {
        let lang = match key.as_str() {
            "i18n/vi.yaml" => Lang::Vi,
            "i18n/en.yaml" => Lang::En,
            _ => continue,
        };
        let text = String::from_utf8_lossy(&file.bytes);
        if text.trim().is_empty() || text.lines().all(|l| l.trim_start().starts_with('#')) {
            continue;
        }
        let map = match parse_strings(file, &text, ", only the keys you change") {
            Ok(map) => map,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let Some(strings) = theme.strings.get_mut(&lang) else {
            continue;
        };
        for (k, v) in map {
            match strings.get_mut(&k) {
                Some(slot) => *slot = v,
                None => diags.push(
                    Diagnostic::error(
                        file.shown.clone(),
                        key_pos(&text, &k),
                        format!("unknown UI string `{k}`"),
                    )
                    .help(format!(
                        "a theme's {key} changes strings of the default theme; the keys are those of themes/default/{key} in camket (docs/theming.md)"
                    )),
                ),
            }
        }
    }
}

/// Where `key:` starts in a flat YAML mapping (line 1 col 1 when not found).
fn key_pos(text: &str, key: &str) -> Pos {
    for (i, line) in text.lines().enumerate() {
        let body = line.trim_start();
        let bare = body
            .strip_prefix(key)
            .or_else(|| body.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| body.strip_prefix(&format!("'{key}'")));
        if bare.is_some_and(|r| r.trim_start().starts_with(':')) {
            return Pos {
                line: i as u32 + 1,
                col: (line.len() - body.len()) as u32 + 1,
            };
        }
    }
    Pos { line: 1, col: 1 }
}

/// Makes every built-in template also available as `default/<name>`, so that a site's
/// template can extend the one it replaces: `{% extends "default/base.html" %}`.
fn add_default_templates(theme: &mut Theme) {
    let mut builtin = BTreeMap::new();
    collect_embedded(&DEFAULT_THEME, &mut builtin);
    for (key, file) in builtin {
        if let Some(t) = key.strip_prefix("templates/") {
            theme.templates.insert(format!("default/{t}"), file);
        }
    }
}

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, ThemeFile>) {
    for f in dir.files() {
        let key = f.path().to_string_lossy().replace('\\', "/");
        let shown = PathBuf::from("themes/default").join(f.path());
        out.insert(
            key,
            ThemeFile {
                shown,
                bytes: f.contents().to_vec(),
            },
        );
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

/// Both languages must define the same UI keys, and every key the code asks for.
fn check_keys(theme: &Theme, files: &BTreeMap<Lang, PathBuf>, diags: &mut Diagnostics) {
    let (Some(vi), Some(en)) = (theme.strings.get(&Lang::Vi), theme.strings.get(&Lang::En)) else {
        diags.push(
            Diagnostic::error(
                "themes/default/i18n",
                Pos::default(),
                "UI strings for vi and en are both required",
            )
            .help("add i18n/vi.yaml and i18n/en.yaml"),
        );
        return;
    };
    let file = |lang: Lang| {
        (files.get(&lang).cloned())
            .unwrap_or_else(|| PathBuf::from(format!("themes/default/i18n/{}.yaml", lang.code())))
    };
    for (have, lacks, lang) in [(vi, en, Lang::En), (en, vi, Lang::Vi)] {
        let code = lang.code();
        for key in have.keys() {
            if !lacks.contains_key(key) {
                diags.push(
                    Diagnostic::error(
                        file(lang),
                        Pos::default(),
                        format!("UI string `{key}` is missing in {code}"),
                    )
                    .help(format!("add `{key}: \"…\"` to i18n/{code}.yaml")),
                );
            }
        }
    }
    // Keys the code needs that neither language has (a key only one has is reported above).
    for key in required_keys() {
        if !vi.contains_key(&key) && !en.contains_key(&key) {
            for lang in Lang::ALL {
                let code = lang.code();
                diags.push(
                    Diagnostic::error(
                        file(lang),
                        Pos::default(),
                        format!("UI string `{key}` is missing in {code}: camket needs it"),
                    )
                    .help(format!("add `{key}: \"…\"` to i18n/{code}.yaml")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in theme defines every key the code asks for, in both languages.
    #[test]
    fn default_theme_has_every_required_key() {
        let dir = tempfile::tempdir().unwrap();
        let theme = load_theme(dir.path(), "default").expect("the default theme loads");
        for key in required_keys() {
            for lang in Lang::ALL {
                assert!(!theme.ui(lang, &key).is_empty(), "{key} ({lang:?})");
            }
        }
    }

    /// Every literal key passed to `ui(…)` in the source is listed, so the load check covers
    /// it (keys built with `format!` are enumerated by family in `required_keys`).
    #[test]
    fn every_literal_ui_key_in_the_source_is_required() {
        let re = regex::Regex::new(
            r#"\bui\((?:[A-Za-z_.:]+,\s*)?"([a-z_0-9]+)"\)|"((?:search_kind|timeline)_[a-z_]+)""#,
        )
        .unwrap();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let required = required_keys();
        let mut seen = 0;
        for e in walkdir::WalkDir::new(&src) {
            let e = e.unwrap();
            if e.path().extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = fs::read_to_string(e.path()).unwrap();
            for c in re.captures_iter(&text) {
                let key = c.get(1).or(c.get(2)).unwrap().as_str();
                seen += 1;
                assert!(
                    required.contains(key),
                    "{}: UI key `{key}` is not in required_keys()",
                    e.path().display()
                );
            }
        }
        assert!(
            seen > 40,
            "only {seen} literal keys found: the scan is broken"
        );
    }
}
