//! Problems accepted silently before: budget parts that do not add up to their figure (a
//! warning with both figures, silenced only by `sum_differs:`), and a task without `source`
//! (refused by `check --strict`).

use std::fs;

use super::run_camket;

fn new_site(dir: &std::path::Path) -> &str {
    let root = dir.to_str().unwrap();
    let (code, out, err) = run_camket(&["init", root, "--today", "2026-06-30"]);
    assert_eq!(code, 0, "{out}{err}");
    root
}

#[test]
fn budget_parts_that_do_not_add_up_warn_with_both_figures_until_sum_differs_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let root = new_site(&site);
    let file = site.join("content/budget/budget.yaml");
    let yaml = fs::read_to_string(&file).unwrap();
    // A part of the total that the source prints with a different figure.
    let part = "- id: phan-lech\n  parent: tong-kinh-phi\n  facet: source\n  title: {vi: \"Nguồn khác\", en: \"Other source\"}\n  amount: \"1.5\"\n";
    assert!(yaml.contains("- id: tong-kinh-phi"), "{yaml}");
    fs::write(&file, format!("{yaml}{part}")).unwrap();
    let (code, out, err) = run_camket(&["check", "--root", root]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("warning: budget figure `tong-kinh-phi` is ") && err.contains("add up to "),
        "{err}"
    );
    assert!(err.contains("sum_differs"), "{err}");
    // The explicit reason silences it, and nothing else does.
    let silenced = yaml.replacen(
        "- id: tong-kinh-phi\n",
        "- id: tong-kinh-phi\n  sum_differs: \"the source prints the parts so\"\n",
        1,
    );
    fs::write(&file, format!("{silenced}{part}")).unwrap();
    let (code, out, err) = run_camket(&["check", "--root", root]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("budget figure"), "{err}");
}

#[test]
fn a_task_without_source_is_refused_by_check_strict_only() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let root = new_site(&site);
    let file = site.join("content/tasks/tasks.yaml");
    let yaml = fs::read_to_string(&file).unwrap();
    let start = yaml.find("  source:").unwrap();
    let end = yaml[start..].find("anchor: nv-i-1\n").unwrap() + start + "anchor: nv-i-1\n".len();
    fs::write(&file, format!("{}{}", &yaml[..start], &yaml[end..])).unwrap();
    let (code, out, err) = run_camket(&["check", "--root", root, "--strict"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("content/tasks/tasks.yaml:3:7: error: task `xay-dung-ke-hoach-trien-khai` has no `source` (--strict)"),
        "{err}"
    );
    let (code, out, err) = run_camket(&["check", "--root", root]);
    assert_eq!(code, 0, "{out}{err}");
}
