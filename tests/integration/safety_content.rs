//! Content reading is safe: what is outside the site folder is never read nor published, a
//! file that is not a regular file is never opened, and hostile markdown cannot hang a build.
//! The symbolic links and FIFOs these cases need cannot live in git: each test makes its own
//! site (a copy of `tests/fixtures/minimal/` in a temporary folder).

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_tree, fixture};

/// A copy of the minimal site in a temporary folder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), dir.path());
    dir
}

/// Runs camket with `args` and an extra environment variable; a run that takes longer than
/// `limit` is killed and fails the test (a hang would otherwise block the suite).
fn run_limited(args: &[&str], env: (&str, &str), limit: Duration) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(args)
        .env(env.0, env.1)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("camket {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `check` and `build` of `root` both exit 1 within the time limit, nothing is written, and
/// the report never holds `secret`; returns the report of `check`.
fn refused(root: &Path, secret: &str) -> String {
    let limit = Duration::from_secs(60);
    let env = ("CAMKET_TEST_SECRET", secret);
    let r = root.to_str().unwrap();
    let (code, out, err) = run_limited(&["check", "--root", r], env, limit);
    assert_eq!(code, 1, "check exit code {code}\n{err}");
    let out_dir = tempfile::tempdir().unwrap();
    let public = out_dir.path().join("public");
    let p = public.to_str().unwrap();
    let (code, bout, berr) = run_limited(&["build", "--root", r, "--out", p], env, limit);
    assert_eq!(code, 1, "build exit code {code}\n{berr}");
    assert!(!public.exists(), "a refused build wrote its output");
    for text in [&out, &err, &bout, &berr] {
        assert!(!text.contains(secret), "the secret was printed:\n{text}");
    }
    err
}

#[test]
fn symlink_to_a_file_outside_the_site_is_refused() {
    let s = site();
    let text = s.path().join("content/documents/ke-hoach-thu.vi.md");
    fs::remove_file(&text).unwrap();
    symlink("/etc/passwd", &text).unwrap();
    let env = s.path().join("content/pages/env.vi.md");
    symlink("/proc/self/environ", &env).unwrap();
    let err = refused(s.path(), "secret-value-4711");
    assert!(
        err.contains(
            "content/documents/ke-hoach-thu.vi.md: error: is a symbolic link to /etc/passwd, outside the site folder\n  = help: camket reads only what is inside the site folder: copy the file (or folder) into content/ instead of linking to it\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/pages/env.vi.md: error: is a symbolic link to /proc/"),
        "{err}"
    );
    assert!(!err.contains("root:x:0"), "{err}");
}

#[test]
fn symlink_to_a_folder_outside_the_site_is_refused() {
    let s = site();
    let outside = tempfile::tempdir().unwrap();
    fs::write(
        outside.path().join("more.yaml"),
        "- id: ngoai\n  kind: other\n  name: {vi: \"secret-value-4712\"}\n",
    )
    .unwrap();
    symlink(outside.path(), s.path().join("content/agencies/more")).unwrap();
    let err = refused(s.path(), "secret-value-4712");
    assert!(
        err.contains("content/agencies/more: error: is a symbolic link to /"),
        "{err}"
    );
    assert!(err.contains("outside the site folder"), "{err}");
}

#[test]
fn symlink_inside_the_site_is_followed() {
    let s = site();
    let root = s.path();
    fs::create_dir_all(root.join("shared")).unwrap();
    fs::write(
        root.join("shared/about.en.md"),
        "# About\n\nA linked page inside the site.\n",
    )
    .unwrap();
    let link = root.join("content/pages/about.en.md");
    let _ = fs::remove_file(&link);
    symlink("../../shared/about.en.md", &link).unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (code, _, err) = run_limited(
        &[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            public.to_str().unwrap(),
        ],
        ("CAMKET_TEST", "1"),
        Duration::from_secs(120),
    );
    assert_eq!(code, 0, "{err}");
    let found = walkdir::WalkDir::new(public.join("en"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| {
            fs::read_to_string(e.path()).is_ok_and(|t| t.contains("A linked page inside the site"))
        });
    assert!(found, "the linked page was not published");
}

#[test]
fn fifo_is_refused_without_blocking() {
    let s = site();
    let fifo = s.path().join("content/tasks/pipe.yaml");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    let err = refused(s.path(), "secret-value-4713");
    assert!(
        err.contains("content/tasks/pipe.yaml: error: is not a regular file (a FIFO, a device or a socket)\n  = help: content files must be ordinary files"),
        "{err}"
    );
}

#[test]
fn symlink_to_dev_zero_is_refused_without_reading() {
    let s = site();
    symlink("/dev/zero", s.path().join("content/tasks/zero.yaml")).unwrap();
    let err = refused(s.path(), "secret-value-4714");
    assert!(
        err.contains("content/tasks/zero.yaml: error: is a symbolic link to /dev/zero, outside the site folder"),
        "{err}"
    );
}

#[test]
fn deeply_nested_markdown_is_refused_quickly() {
    let s = site();
    // 100 KB of block quotes nested 100,000 deep: quadratic in the markdown parser.
    let deep = format!("# Sâu\n\n{}\n", ">".repeat(100_000));
    fs::write(s.path().join("content/pages/deep.vi.md"), deep).unwrap();
    // Lists nested by indentation count too.
    let lists: String = (0..150)
        .map(|i| format!("{}- a\n", "  ".repeat(i)))
        .collect();
    fs::write(
        s.path().join("content/pages/lists.vi.md"),
        format!("# Danh sách\n\n{lists}"),
    )
    .unwrap();
    let err = refused(s.path(), "secret-value-4715");
    assert!(
        err.contains("content/pages/deep.vi.md:3:101: error: block quotes and lists are nested more than 100 levels deep"),
        "{err}"
    );
    assert!(
        err.contains("content/pages/lists.vi.md:103:")
            && err.contains("= help: flatten the quotes or lists"),
        "{err}"
    );
    assert!(!err.contains("page has no title"), "{err}");
}

#[test]
fn control_characters_are_located_and_never_printed_raw() {
    let s = site();
    let path = s.path().join("content/agencies/agencies.yaml");
    let text = fs::read_to_string(&path).unwrap();
    // An ESC sequence that would turn a terminal red, and a bell, in the first agency's name.
    let first_name = text.find("{vi: \"").expect("an agency name") + "{vi: \"".len();
    let mut bad = text.clone();
    bad.insert_str(first_name, "\u{1b}[31m\u{7}");
    fs::write(&path, bad).unwrap();
    let err = refused(s.path(), "secret-value-4716");
    assert!(
        !err.contains(['\u{1b}', '\u{7}']),
        "raw control characters: {err:?}"
    );
    let line = text[..first_name].matches('\n').count() + 1;
    let col = text[..first_name]
        .rsplit('\n')
        .next()
        .unwrap()
        .chars()
        .count()
        + 1;
    assert!(
        err.contains(&format!(
            "content/agencies/agencies.yaml:{line}:{col}: error: control character U+001B in the text"
        )),
        "{err}"
    );
    assert!(err.contains("\\u{1b}[31m\\u{7}"), "{err}");
    assert!(err.contains("= help: remove it"), "{err}");
}
