//! UI strings: every key the Rust code asks for is checked when the theme loads.

use std::fs;
use std::path::Path;

use super::{fixture, run_camket};

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if e.file_type().is_dir() {
            fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            fs::copy(e.path(), to.join(rel)).unwrap();
        }
    }
}

/// A site theme whose two UI string files both lack a key that only the Rust code uses
/// (`chart_total`, the charts' table header; no template names it, so the template check
/// cannot see it): the build fails with an error located at each file, instead of printing
/// the key on the page.
#[test]
fn ui_string_needed_by_the_code_and_missing_in_both_languages_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let i18n = root.join("themes/default/i18n");
    fs::create_dir_all(&i18n).unwrap();
    let default_i18n = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    for lang in ["vi", "en"] {
        let text = fs::read_to_string(default_i18n.join(format!("{lang}.yaml"))).unwrap();
        assert!(
            text.contains("\nchart_total:"),
            "{lang}.yaml has chart_total"
        );
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with("chart_total:"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(i18n.join(format!("{lang}.yaml")), kept).unwrap();
    }
    let out = dir.path().join("public");
    let (code, _, err) = run_camket(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    for lang in ["vi", "en"] {
        let want = format!(
            "themes/default/i18n/{lang}.yaml: error: UI string `chart_total` is missing in {lang}: camket needs it"
        );
        assert!(err.contains(&want), "no `{want}` in:\n{err}");
    }
    assert!(!out.exists(), "nothing is written");
}
