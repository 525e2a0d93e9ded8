//! The theme: templates, UI strings and static assets.
//!
//! Input: the site root and the theme name. Output: [`Theme`], the built-in default theme
//! (compiled into the binary from `themes/default/`) with every file of the site's own
//! `themes/<name>/` folder laid over it (same relative path wins), except the UI string files
//! (`i18n/vi.yaml`, `i18n/en.yaml`), which are merged key by key over the default ones (a key
//! the default theme lacks is an error). Every built-in template is also available as
//! `default/<name>`, for a site's template to extend. Guarantee: both UI string files define
//! exactly the same keys (a key missing in one language is an error), so a page can never show
//! a missing UI string; a template that uses an unknown key fails the build.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::Lang;

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
    /// A UI string (the key is known to exist in both languages once loaded).
    pub fn ui<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        self.strings
            .get(&lang)
            .and_then(|m| m.get(key))
            .map(String::as_str)
            .unwrap_or(key)
    }
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
            match serde_saphyr::from_str::<BTreeMap<String, String>>(&text) {
                Ok(map) => {
                    theme.strings.insert(lang, map);
                }
                Err(e) => {
                    let pos = e
                        .location()
                        .map(|l| Pos {
                            line: l.line() as u32,
                            col: l.column() as u32,
                        })
                        .unwrap_or_default();
                    diags.push(
                        Diagnostic::error(file.shown.clone(), pos, e.without_snippet().to_string())
                            .help("UI string files map keys to strings: `key: \"text\"`"),
                    );
                }
            }
        }
    }
    merge_i18n_overrides(&mut theme, &i18n_overrides, &mut diags);
    add_default_templates(&mut theme);
    check_keys(&theme, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(theme)
    }
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
        let map = match serde_saphyr::from_str::<BTreeMap<String, String>>(&text) {
            Ok(map) => map,
            Err(e) => {
                let pos = e
                    .location()
                    .map(|l| Pos {
                        line: l.line() as u32,
                        col: l.column() as u32,
                    })
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::error(file.shown.clone(), pos, e.without_snippet().to_string())
                        .help("UI string files map keys to strings: `key: \"text\"`, only the keys you change"),
                );
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

/// Both languages must define the same UI keys.
fn check_keys(theme: &Theme, diags: &mut Diagnostics) {
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
    for (have, lacks, lang) in [(vi, en, "en"), (en, vi, "vi")] {
        for key in have.keys() {
            if !lacks.contains_key(key) {
                diags.push(
                    Diagnostic::error(
                        format!("themes/default/i18n/{lang}.yaml"),
                        Pos::default(),
                        format!("UI string `{key}` is missing in {lang}"),
                    )
                    .help(format!("add `{key}: \"…\"` to i18n/{lang}.yaml")),
                );
            }
        }
    }
}
