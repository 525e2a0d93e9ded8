//! `camket init`: the new site passes `check --strict` with no warning, builds, and every
//! internal link resolves (as files and under a sub-path); init never overwrites anything.

use std::fs;
use std::path::Path;

use crate::common::{check_links, read_tree, run_camket};

/// `camket init DIR` with a fixed data date; returns its stdout.
fn init(dir: &Path, extra: &[&str]) -> String {
    let d = dir.to_str().unwrap();
    let mut args = vec!["init", d, "--today", "2026-06-30"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_camket(&args);
    assert_eq!(code, 0, "init failed:\n{out}{err}");
    out
}

#[test]
fn init_writes_a_site_that_passes_strict_check_builds_and_links() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("ke-hoach");
    let out = init(&site, &[]);
    assert!(out.contains("16 files"), "{out}");
    for f in [
        "README.md",
        ".gitignore",
        "content/site.yaml",
        "content/documents/1-qd-ubnd-2026.vi.md",
        "content/documents/1-qd-ubnd-2026.en.md",
        "content/pages/about.en.md",
        "content/glossary.yaml",
        "content/topics.yaml",
    ] {
        assert!(site.join(f).is_file(), "{f} not written");
    }
    // Nothing left behind by the staging folder.
    let names: Vec<String> = fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".camket-init")),
        "{names:?}"
    );

    let root = site.to_str().unwrap();
    let (code, out, err) = run_camket(&["check", "--root", root, "--strict"]);
    assert_eq!(code, 0, "check --strict failed:\n{out}{err}");
    assert!(
        out.contains("0 warning(s)") && !err.contains("warning"),
        "{out}{err}"
    );
    assert!(
        out.contains("citations: 3 auto-linked, 0 unresolved"),
        "{out}"
    );

    for (name, base) in [
        ("files", None),
        ("sub", Some("https://example.gov.vn/ke-hoach/")),
    ] {
        let public = tmp.path().join(name);
        let mut args = vec!["build", "--root", root, "--strict", "--out"];
        args.push(public.to_str().unwrap());
        if let Some(b) = base {
            args.extend(["--base-url", b]);
        }
        let (code, out, err) = run_camket(&args);
        assert_eq!(code, 0, "build failed:\n{out}{err}");
        let tree = read_tree(&public);
        let n = check_links(&tree);
        assert!(n > 300, "only {n} links checked");
        // One page of each kind, in both languages.
        for p in [
            "vi/nhiem-vu/xay-dung-ke-hoach-trien-khai/index.html",
            "en/tasks/xay-dung-ke-hoach-trien-khai/index.html",
            "en/documents/1-qd-ubnd-2026/index.html",
            "en/objectives/ty-le-mau/index.html",
            "en/projects/du-an-mau/index.html",
            "en/agencies/so-mau/index.html",
            "en/budget/index.html",
            "en/glossary/index.html",
            "en/pages/about/index.html",
        ] {
            assert!(tree.contains_key(p), "{p} missing");
        }
        // The task's source links to the cited row of the hosted decision text.
        let task =
            String::from_utf8_lossy(&tree["en/tasks/xay-dung-ke-hoach-trien-khai/index.html"])
                .into_owned();
        assert!(
            task.contains("documents/1-qd-ubnd-2026/"),
            "no link to the decision"
        );
        assert!(task.contains("#nv-i-1"), "no link to the task's row");
    }
}

#[test]
fn init_options_set_the_title_and_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    init(
        &site,
        &[
            "--kind",
            "Đề án",
            "--title-vi",
            "Phát triển y tế cơ sở \"thí điểm\"",
            "--title-en",
            "Developing primary health care",
        ],
    );
    let yaml = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    assert!(
        yaml.contains(r#"vi: "Phát triển y tế cơ sở \"thí điểm\"""#),
        "{yaml}"
    );
    assert!(
        yaml.contains("của đề án") && yaml.contains("of the scheme"),
        "{yaml}"
    );
    let (code, out, err) = run_camket(&["check", "--root", site.to_str().unwrap(), "--strict"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, _, err) = run_camket(&[
        "init",
        tmp.path().join("t").to_str().unwrap(),
        "--kind",
        "Phương án",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--kind-en"), "{err}");
    assert!(
        !tmp.path().join("t").exists(),
        "nothing is written on a usage error"
    );
}

#[test]
fn init_refuses_a_folder_that_has_a_site_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    // A folder with a site of its own (content/ and a README).
    let site = tmp.path().join("site");
    init(&site, &[]);
    fs::write(site.join("content/site.yaml"), "edited: by hand\n").unwrap();
    let before = read_tree(&site);
    let (code, out, err) = run_camket(&["init", site.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("already has content/") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(err.contains("help:"), "{err}");
    assert_eq!(read_tree(&site), before, "init changed a folder it refused");

    // A folder with only one of the files init would write: refused, nothing added.
    let other = tmp.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("README.md"), "mine\n").unwrap();
    let (code, _, err) = run_camket(&["init", other.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("README.md"), "{err}");
    assert_eq!(
        fs::read_dir(&other).unwrap().count(),
        1,
        "init wrote beside README.md"
    );
    assert_eq!(
        fs::read_to_string(other.join("README.md")).unwrap(),
        "mine\n"
    );
}
