//! The theme: templates, UI strings and static assets.
//!
//! Input: the site root and the theme name. Output: [`Theme`], the built-in default theme
//! (compiled into the binary from `themes/default/`) with every file of the site's own
//! `themes/<name>/` folder laid over it (same relative path wins). Guarantee: both UI string
//! files define exactly the same keys (a key missing in one language is an error), so a page
//! can never show a missing UI string; a template that uses an unknown key fails the build.

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
                    files.insert(key, ThemeFile { shown, bytes });
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
    check_keys(&theme, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(theme)
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
