//! UI strings: a key the Rust code asks for is always there (the default theme has every one, a site theme changes only the keys it holds).

use std::fs;
use std::path::Path;

use crate::common::{copy_tree, fixture, run_camket};

/// A site theme whose two UI string files both lack a key that only the Rust code uses
/// (`chart_total`, the charts' table header; no template names it): the site's files hold only
/// the keys they change, so the default string is used; the key itself never reaches a page.
#[test]
fn ui_string_needed_by_the_code_and_left_out_of_a_site_theme_comes_from_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let i18n = root.join("themes/default/i18n");
    fs::create_dir_all(&i18n).unwrap();
    let default_i18n = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let mut wanted = Vec::new();
    for lang in ["vi", "en"] {
        let text = fs::read_to_string(default_i18n.join(format!("{lang}.yaml"))).unwrap();
        let line = (text.lines())
            .find(|l| l.starts_with("chart_total:"))
            .expect("the default theme has chart_total");
        let value: std::collections::BTreeMap<String, String> =
            serde_saphyr::from_str(line).unwrap();
        wanted.push((lang, value["chart_total"].clone()));
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
        "--no-search",
    ]);
    assert_eq!(code, 0, "{err}");
    for (lang, value) in wanted {
        let home = fs::read_to_string(out.join(lang).join("index.html")).unwrap();
        assert!(
            home.contains(&value),
            "{lang}: the charts' table header `{value}` is not on the home page"
        );
        assert!(
            !home.contains("chart_total"),
            "{lang}: the key reached the page"
        );
    }
}
