//! Safety of what camket writes, through the `camket` binary (issue 14, items 1–5, 13, 15, 17):
//! the output-folder contract (only a missing, empty or camket-made folder is replaced; never
//! the content, the themes, the root or an ancestor of it, never a symlink), the site lock
//! (two builds or two imports at once), `report-template --out` over an existing file, invalid
//! base URLs, a nonexistent `--root`, and an output left half-swapped by a killed build.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use camket::output::{MARKER, MARKER_TEXT};

use crate::common::{copy_tree, fixture, read_tree, run_camket};

/// A copy of the minimal fixture at `<tmp>/site`.
fn site(tmp: &Path) -> PathBuf {
    let root = tmp.join("site");
    copy_tree(&fixture("minimal"), &root);
    root
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn build(root: &Path, out: &Path) -> (i32, String, String) {
    run_camket(&["build", "--no-search", "--root", s(root), "--out", s(out)])
}

/// Runs `build --out OUT` and checks it is refused before any work, exit 2, with `what` in
/// the message and a help line; nothing under `tmp` may change.
fn refused(tmp: &Path, root: &Path, out: &str, what: &str) {
    let before = read_tree(tmp);
    let (code, stdout, err) =
        run_camket(&["build", "--no-search", "--root", s(root), "--out", out]);
    assert_eq!(code, 2, "--out {out}: exit {code}\n{err}");
    assert!(err.starts_with("error: "), "--out {out}: {err}");
    assert!(err.contains(what), "--out {out}: {err}");
    assert!(err.contains("= help: "), "--out {out}: {err}");
    assert!(stdout.is_empty(), "--out {out}: work was done: {stdout}");
    let mut after = read_tree(tmp);
    after.remove("site/.camket.lock");
    let mut before = before;
    before.remove("site/.camket.lock");
    assert_eq!(after, before, "--out {out} changed files");
}

#[test]
fn out_naming_the_content_the_root_or_an_ancestor_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    fs::write(tmp.path().join("other-work.txt"), "keep me").unwrap();
    let content = root.join("content");
    refused(tmp.path(), &root, s(&content), "content/ folder");
    refused(tmp.path(), &root, s(&content.join("x")), "content/ folder");
    refused(
        tmp.path(),
        &root,
        s(&content.join("tasks/../x/..")),
        "content/ folder",
    );
    refused(
        tmp.path(),
        &root,
        s(&root),
        "is the site folder or contains it",
    );
    refused(
        tmp.path(),
        &root,
        &format!("{}/.", s(&root)),
        "is the site folder or contains it",
    );
    refused(
        tmp.path(),
        &root,
        s(tmp.path()),
        "is the site folder or contains it",
    );
    refused(tmp.path(), &root, "/", "is the site folder or contains it");
    fs::create_dir_all(root.join("themes/default")).unwrap();
    fs::write(root.join("themes/default/x.css"), "/* mine */").unwrap();
    refused(tmp.path(), &root, s(&root.join("themes")), "themes/ folder");
    refused(
        tmp.path(),
        &root,
        s(&root.join("themes/default/out")),
        "themes/ folder",
    );
    // A link to the content is a symlink, and resolves into the content.
    std::os::unix::fs::symlink(&content, tmp.path().join("link")).unwrap();
    refused(tmp.path(), &root, s(&tmp.path().join("link")), "symlink");
    refused(
        tmp.path(),
        &root,
        s(&tmp.path().join("link/sub")),
        "content/ folder",
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("other-work.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_folder_holding_foreign_files_or_a_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let foreign = tmp.path().join("work");
    fs::create_dir_all(foreign.join("notes")).unwrap();
    fs::write(foreign.join("notes/thesis.txt"), "two years of work").unwrap();
    refused(tmp.path(), &root, s(&foreign), "files camket did not write");
    fs::write(tmp.path().join("file"), "a file").unwrap();
    refused(tmp.path(), &root, s(&tmp.path().join("file")), "is a file");
    // The default output, ROOT/public, holding a foreign file: refused too.
    fs::create_dir(root.join("public")).unwrap();
    fs::write(root.join("public/mine.txt"), "mine").unwrap();
    let before = read_tree(&root.join("public"));
    let (code, _, err) = run_camket(&["build", "--no-search", "--root", s(&root)]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(read_tree(&root.join("public")), before);
}

#[test]
fn a_symlinked_public_is_refused_and_its_target_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let target = tmp.path().join("elsewhere");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("precious.txt"), "precious").unwrap();
    // Even a target that looks like camket's output is not written through a link.
    fs::write(target.join(MARKER), MARKER_TEXT).unwrap();
    std::os::unix::fs::symlink(&target, root.join("public")).unwrap();
    let (code, stdout, err) = run_camket(&["build", "--no-search", "--root", s(&root)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("is a symlink"), "{err}");
    assert!(stdout.is_empty());
    assert!(
        fs::symlink_metadata(root.join("public"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(target.join("precious.txt")).unwrap(),
        "precious"
    );
    assert_eq!(fs::read_dir(&target).unwrap().count(), 2);
}

#[test]
fn missing_empty_and_camket_made_outputs_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    // Missing (with missing parents).
    let out = tmp.path().join("a/b/public");
    let (code, _, err) = build(&root, &out);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), MARKER_TEXT);
    let first = read_tree(&out);
    assert!(first.contains_key("vi/index.html"));
    // Camket-made: replaced whole (a file added since is gone), nothing left beside it.
    fs::write(out.join("stale.html"), "stale").unwrap();
    let (code, _, err) = build(&root, &out);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_tree(&out), first);
    assert_eq!(fs::read_dir(out.parent().unwrap()).unwrap().count(), 1);
    // Empty.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let (code, _, err) = build(&root, &empty);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_tree(&empty), first);
}

#[test]
fn an_output_left_between_two_renames_is_recovered_even_by_a_failed_build() {
    // What a build killed between the two renames of the old swap left: no output folder, the
    // old one beside it. The next build, even a failed one, must put it back.
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let out = tmp.path().join("public");
    let old = tmp.path().join(".public.camket-old-4242");
    fs::create_dir_all(old.join("vi")).unwrap();
    fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
    fs::write(old.join("vi/index.html"), "the old site").unwrap();
    fs::write(root.join("content/tasks/tasks.yaml"), "- id: [broken\n").unwrap();
    let (code, _, err) = build(&root, &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.ends_with(&format!("build failed; {} left as it was\n", out.display())),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("vi/index.html")).unwrap(),
        "the old site"
    );
    assert!(!old.exists(), "the old folder is still beside the output");
}

/// Starts `n` camket processes with the same arguments at once; their exit codes and stderr.
fn at_once(n: usize, args: &[&str]) -> Vec<(i32, String)> {
    let children: Vec<_> = (0..n)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_camket"))
                .args(args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let o = c.wait_with_output().unwrap();
            (
                o.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .collect()
}

fn assert_lock_message(err: &str, root: &Path) {
    assert!(
        err.starts_with(&format!(
            "error: another camket is building or importing in {}",
            root.display()
        )) && err.contains("(pid ")
            && err.contains("wait for it to finish"),
        "{err}"
    );
}

#[test]
fn two_builds_at_once_leave_a_complete_output() {
    // A site big enough that the builds overlap (the minimal one is done too soon): before the
    // fix, each build's clean-up removed the other's staging folder, and the output missed
    // files in most rounds.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let (code, _, err) = crate::perf::gen_bench(200, &root);
    assert_eq!(code, 0, "{err}");
    let reference = tmp.path().join("reference");
    let args = |out: &Path| {
        ["build", "--no-search", "--root", s(&root), "--out", s(out)].map(str::to_owned)
    };
    let (code, _, err) = run_camket(&args(&reference).each_ref().map(String::as_str));
    assert_eq!(code, 0, "{err}");
    let expected: BTreeMap<String, Vec<u8>> = read_tree(&reference);
    let out = tmp.path().join("public");
    let args = args(&out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    for round in 0..3 {
        let results = at_once(3, &args);
        let ok = results.iter().filter(|(c, _)| *c == 0).count();
        assert!(ok >= 1, "round {round}: no build succeeded: {results:?}");
        for (code, err) in &results {
            if *code != 0 {
                assert_eq!(*code, 2, "round {round}: {err}");
                assert_lock_message(err, &root);
            }
        }
        let got = read_tree(&out);
        let missing: Vec<&String> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
        assert!(
            missing.is_empty(),
            "round {round}: {} of {} files missing, e.g. {:?}",
            missing.len(),
            expected.len(),
            &missing[..missing.len().min(5)]
        );
        assert!(
            got == expected,
            "round {round}: the output differs from a single build's"
        );
        let beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("camket"))
            .collect();
        assert!(
            beside.is_empty(),
            "round {round}: left beside the output: {beside:?}"
        );
    }
}

#[test]
fn two_imports_at_once_lose_no_report() {
    // Two agencies' reports for two tasks of the same file, imported at the same moment.
    let a = "agency,task_id,date,status,percent,note_vi,note_en,evidence\ncong-an,thuong-xuyen,01/06/2026,ongoing,45,Báo cáo của công an,,\n";
    let b = "agency,task_id,date,status,percent,note_vi,note_en,evidence\nso-giao-duc,xay-dung-ke-hoach,02/06/2026,in_progress,30,Báo cáo của sở,,\n";
    for round in 0..3 {
        let tmp = tempfile::tempdir().unwrap();
        let root = site(tmp.path());
        let (fa, fb) = (tmp.path().join("a.csv"), tmp.path().join("b.csv"));
        fs::write(&fa, a).unwrap();
        fs::write(&fb, b).unwrap();
        let args = |f: &Path| {
            vec![
                "import-reports".to_owned(),
                s(f).to_owned(),
                "--root".to_owned(),
                s(&root).to_owned(),
                "--today".to_owned(),
                "2026-06-30".to_owned(),
            ]
        };
        let children: Vec<_> = [args(&fa), args(&fb)]
            .iter()
            .map(|a| {
                Command::new(env!("CARGO_BIN_EXE_camket"))
                    .args(a)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let results: Vec<_> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .collect();
        let yaml = fs::read_to_string(root.join("content/tasks/tasks.yaml")).unwrap();
        let mut added = 0;
        for (o, note) in results
            .iter()
            .zip(["Báo cáo của công an", "Báo cáo của sở"])
        {
            let (out, err) = (
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr),
            );
            match o.status.code() {
                Some(0) => {
                    assert!(out.contains("1 report(s) added"), "round {round}: {out}");
                    assert!(
                        yaml.contains(note),
                        "round {round}: a report said added is lost:\n{yaml}"
                    );
                    added += 1;
                }
                Some(2) => {
                    assert_lock_message(&err, &root);
                    assert!(!yaml.contains(note), "round {round}: refused but written");
                }
                other => panic!("round {round}: exit {other:?}\n{out}{err}"),
            }
        }
        assert!(added >= 1, "round {round}: nothing imported");
        // The file still checks.
        let (code, _, err) = run_camket(&["check", "--root", s(&root)]);
        assert_eq!(code, 0, "round {round}: {err}");
    }
}

#[test]
fn a_build_or_an_import_is_refused_while_the_site_is_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    // An import in progress (the exclusive lock) keeps builds and other imports out.
    let held = camket::lock::acquire(&root, camket::lock::Access::Write).unwrap();
    let out = tmp.path().join("public");
    let (code, stdout, err) = build(&root, &out);
    assert_eq!(code, 2, "{err}");
    assert_lock_message(&err, &root);
    assert!(stdout.is_empty() && !out.exists());
    let csv = tmp.path().join("r.csv");
    fs::write(
        &csv,
        "agency,task_id,date,status\ncong-an,thuong-xuyen,01/06/2026,ongoing\n",
    )
    .unwrap();
    let yaml = fs::read(root.join("content/tasks/tasks.yaml")).unwrap();
    let (code, _, err) = run_camket(&[
        "import-reports",
        s(&csv),
        "--root",
        s(&root),
        "--today",
        "2026-06-30",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_lock_message(&err, &root);
    assert_eq!(
        fs::read(root.join("content/tasks/tasks.yaml")).unwrap(),
        yaml
    );
    // `check` and a dry run write nothing and need no lock.
    let (code, _, err) = run_camket(&["check", "--root", s(&root)]);
    assert_eq!(code, 0, "{err}");
    drop(held);
    let (code, _, err) = build(&root, &out);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn report_template_never_overwrites_a_file_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let site_yaml = root.join("content/site.yaml");
    let before = fs::read(&site_yaml).unwrap();
    let template = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "report-template",
            "--root",
            s(&root),
            "--agency",
            "cong-an",
            "--out",
            s(out),
        ];
        args.extend_from_slice(extra);
        run_camket(&args)
    };
    for extra in [&[][..], &["--force"][..]] {
        let (code, _, err) = template(&site_yaml, extra);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("content/ folder"), "{err}");
        assert!(err.contains("= help: "), "{err}");
        assert_eq!(
            fs::read(&site_yaml).unwrap(),
            before,
            "site.yaml was overwritten"
        );
    }
    let (code, _, err) = template(&root.join("content/new.xlsx"), &[]);
    assert_eq!(code, 2, "{err}");
    assert!(!root.join("content/new.xlsx").exists());
    // A file camket did not write: refused, unless --force.
    let mine = tmp.path().join("budget.xlsx");
    fs::write(&mine, "my own spreadsheet").unwrap();
    let (code, _, err) = template(&mine, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("not a report template camket wrote") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&mine).unwrap(), "my own spreadsheet");
    let (code, _, err) = template(&mine, &["--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(fs::read(&mine).unwrap().starts_with(b"PK"));
    // A template camket wrote is replaced without --force, and nothing is left beside it.
    let (code, _, err) = template(&mine, &[]);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["budget.xlsx", "site"]);
}

#[test]
fn an_invalid_base_url_is_a_usage_error_and_never_reaches_robots_txt() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let out = tmp.path().join("public");
    for bad in [
        "https://example.gov.vn/\nDisallow: /",
        "https://example.gov.vn/a",
        "example.gov.vn/",
        "javascript:alert(1)//",
        "https://example.gov.vn/?x=/",
    ] {
        let (code, stdout, err) = run_camket(&[
            "build",
            "--root",
            s(&root),
            "--out",
            s(&out),
            "--base-url",
            bad,
        ]);
        assert_eq!(code, 2, "{bad:?}: {err}");
        assert!(err.starts_with("error: --base-url `"), "{bad:?}: {err}");
        assert!(
            !err.contains('\n') || err.lines().count() == 2,
            "{bad:?}: raw newline echoed: {err}"
        );
        assert!(stdout.is_empty() && !out.exists(), "{bad:?}: built");
    }
    // In site.yaml it is content: located, exit 1.
    let yaml = fs::read_to_string(root.join("content/site.yaml")).unwrap();
    fs::write(
        root.join("content/site.yaml"),
        format!("{yaml}base_url: \"https://example.gov.vn/\\nDisallow: /\"\n"),
    )
    .unwrap();
    let (code, _, err) = build(&root, &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("\ncontent/site.yaml:16:11: error: base_url `https://example.gov.vn/\\nDisallow: /` must be an absolute http(s) URL ending in /: it holds a space, a line break or a control character\n"), "{err}");
    assert!(!out.exists());
    // A good one: robots.txt names the sitemap at the serialised URL, on one line.
    fs::write(root.join("content/site.yaml"), &yaml).unwrap();
    let (code, _, err) = run_camket(&[
        "build",
        "--no-search",
        "--root",
        s(&root),
        "--out",
        s(&out),
        "--base-url",
        "HTTPS://Example.gov.vn/giao-duc/",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nAllow: /\nSitemap: https://example.gov.vn/giao-duc/sitemap.xml\n"
    );
}

#[test]
fn a_nonexistent_root_is_refused_at_once() {
    for cmd in ["build", "check"] {
        let (code, stdout, err) = run_camket(&[cmd, "--root", "/nonexistent/camket-site"]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(stdout.is_empty());
        assert!(
            err.starts_with("error: cannot open the site folder /nonexistent/camket-site: it does not exist\n  = help: "),
            "{cmd}: {err}"
        );
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(["serve", "--port", "0", "--root", "/nonexistent/camket-site"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("serve --root /nonexistent still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(2));
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(err.contains("does not exist"), "{err}");
}
