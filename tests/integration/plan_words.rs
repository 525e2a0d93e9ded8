//! The plan's own words are data: nothing in `src/` or `themes/` names the first site's plan,
//! the kind of plan in `site.yaml` reaches the UI strings and the Rust-built labels, and a site
//! without a draft shows no draft comparison.

use std::fs;
use std::path::Path;

use super::{read_tree, run_camket};

/// Words of the first site (its kind of plan, its city, its subject).
const FIRST_SITE: [&str; 3] = ["đề án", "hải phòng", "giáo dục"];

/// Lines that may hold one of them, with the reason.
const ALLOWED: [(&str, &str); 4] = [
    // The dictionary of kinds for `camket init --kind` (Vietnamese → English), not a plan.
    ("src/init/mod.rs", r#"("Đề án", "Scheme"),"#),
    // The name of a document type, like "Nghị quyết" for a resolution.
    (
        "themes/default/i18n/vi.yaml",
        r#"doctype_project_plan: "Đề án""#,
    ),
    (
        "themes/default/i18n/vi.yaml",
        r#"doctypes_project_plan: "Đề án""#,
    ),
    // The name of a kind of plan in the cascade (`kind: scheme` in content/plans/).
    (
        "themes/default/i18n/vi.yaml",
        r#"plan_kind_scheme: "Đề án""#,
    ),
];

fn scan(root: &Path, dir: &Path, found: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            scan(root, &p, found);
            continue;
        }
        let Ok(text) = fs::read_to_string(&p) else {
            continue;
        };
        let rel = p
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let rust = rel.ends_with(".rs");
        for (n, line) in text.lines().enumerate() {
            // Unit tests may use real-looking Vietnamese text.
            if rust && line.trim() == "#[cfg(test)]" {
                break;
            }
            let lower = line.to_lowercase();
            if FIRST_SITE.iter().any(|w| lower.contains(w))
                && !ALLOWED.iter().any(|(f, l)| *f == rel && line.trim() == *l)
            {
                found.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
}

#[test]
fn nothing_in_src_or_themes_names_the_first_sites_plan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for d in ["src", "themes"] {
        scan(root, &root.join(d), &mut found);
    }
    assert!(
        found.is_empty(),
        "the first site's words are built in (put them in content/site.yaml `plan_kind` or a UI string placeholder):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_kind_of_plan_comes_from_site_yaml_and_a_site_without_draft_has_no_comparison() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let d = site.to_str().unwrap();
    let (code, out, err) = run_camket(&[
        "init",
        d,
        "--today",
        "2026-06-30",
        "--kind",
        "Chương trình hành động",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let yaml = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    assert!(
        yaml.contains("plan_kind:\n  vi: \"Chương trình hành động\"\n  en: \"Action Programme\""),
        "{yaml}"
    );
    assert!(!yaml.contains("TODO"), "{yaml}");
    let public = tmp.path().join("public");
    let (code, out, err) = run_camket(&["build", "--root", d, "--out", public.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let tree = read_tree(&public);
    let page = |p: &str| String::from_utf8_lossy(&tree[p]).into_owned();
    let home = page("vi/index.html");
    assert!(
        home.contains("nhiệm vụ trong Chương trình hành động đã phê duyệt"),
        "{home}"
    );
    assert!(!home.contains("Đề án"), "{home}");
    let task = (tree.keys())
        .filter(|k| k.starts_with("vi/nhiem-vu/"))
        .map(|k| page(k))
        .find(|html| html.contains("id=\"cite-vi\""))
        .unwrap();
    assert!(
        task.contains("Chương trình hành động: Phê duyệt"),
        "the citation box names the kind of plan: {task}"
    );
    let data = page("vi/du-lieu/index.html");
    assert!(
        data.contains("Có trong Chương trình hành động đã phê duyệt"),
        "{data}"
    );
    // No draft: no comparison with it, no "added after the draft".
    for (p, words) in [
        ("vi/thay-doi/index.html", ["dự thảo", "draft-h"]),
        ("en/changes/index.html", ["draft", "Tasks added"]),
    ] {
        let html = page(p);
        for w in words {
            assert!(!html.contains(w), "{p} speaks of a draft ({w}):\n{html}");
        }
    }
}
