//! Helpers shared by the integration tests: fixture paths, temporary folders, running the
//! binary, building a site, reading an output tree, and the internal link checker.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::Command;

use camket::build::build;
use camket::config::BuildConfig;

/// A temporary folder (`tempfile::TempDir`) usable as a `Path`; removed when dropped, so keep
/// it in scope as long as the folder (or a child process using it) is needed.
pub struct TempFolder(tempfile::TempDir);

impl Deref for TempFolder {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for TempFolder {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<OsStr> for TempFolder {
    fn as_ref(&self) -> &OsStr {
        self.0.path().as_os_str()
    }
}

/// A site checked as every command checks it ([`camket::pipeline::check`]), its raw records
/// kept; panics with the rendered diagnostics when it does not check.
pub fn checked(root: &Path) -> camket::pipeline::Checked {
    let opts = camket::pipeline::CheckOptions {
        strict: false,
        keep_raw: true,
    };
    camket::pipeline::check(root, &opts).unwrap_or_else(|e| panic!("site does not check:\n{e}"))
}

/// The folder of a fixture site under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh empty temporary folder (`tempfile`), removed when the value is dropped; `name`
/// only makes its path readable in a failure message.
pub fn temp_dir(name: &str) -> TempFolder {
    report_worker_panics();
    TempFolder(
        tempfile::Builder::new()
            .prefix(&format!("camket-test-{name}-"))
            .tempdir()
            .unwrap(),
    )
}

/// Builds (writing) as `cfg` says; panics with the rendered diagnostics on failure.
pub fn build_with(cfg: &BuildConfig) -> camket::build::BuildReport {
    build(cfg, true).unwrap_or_else(|e| panic!("build of {} failed:\n{e}", cfg.root.display()))
}

pub fn build_to(root: &Path, out: &Path, base_url: Option<&str>) -> camket::build::BuildReport {
    report_worker_panics();
    let mut cfg = BuildConfig::new(root);
    cfg.out = out.to_path_buf();
    cfg.base_url = base_url.map(str::to_owned);
    build_with(&cfg)
}

/// Every file of a folder, by relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    out
}

pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

pub fn page(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        tree.get(path)
            .unwrap_or_else(|| panic!("missing page {path}"))
            .clone(),
    )
    .unwrap()
}

/// Checks that every internal `href`/`src` of every HTML file resolves to a written file, and
/// every `#fragment` to an `id` in that file. Returns the number of links checked.
pub fn check_links(tree: &BTreeMap<String, Vec<u8>>) -> usize {
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir: Vec<&str> = path.split('/').collect();
        let dir = &dir[..dir.len() - 1];
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let url = &rest[..rest.find('"').unwrap()];
                if url.starts_with("http://")
                    || url.starts_with("https://")
                    || url.starts_with("mailto:")
                {
                    continue;
                }
                let url = url.replace("&amp;", "&");
                let (file, frag) = match url.split_once('#') {
                    Some((f, h)) => (f.to_owned(), Some(h.to_owned())),
                    None => (url.clone(), None),
                };
                let target = if file.is_empty() {
                    path.clone()
                } else {
                    let mut parts: Vec<&str> = dir.to_vec();
                    for seg in file.split('/') {
                        match seg {
                            ".." => {
                                parts.pop();
                            }
                            "." | "" => {}
                            s => parts.push(s),
                        }
                    }
                    let mut t = parts.join("/");
                    if file.ends_with('/') || t.is_empty() {
                        t = if t.is_empty() {
                            "index.html".into()
                        } else {
                            format!("{t}/index.html")
                        };
                    }
                    t
                };
                checked += 1;
                match tree.get(&target) {
                    None => broken.push(format!("{path}: {url} → {target} (no such file)")),
                    Some(t) => {
                        if let Some(f) = frag {
                            let t = String::from_utf8_lossy(t);
                            if !t.contains(&format!("id=\"{f}\"")) {
                                broken.push(format!("{path}: {url} → #{f} (no such anchor)"));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    checked
}

pub fn run_camket(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(args)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The site of an invalid case: `tests/fixtures/minimal/` copied into a temporary folder with
/// the case's overlay applied (see `tests/fixtures/invalid/README.md`).
pub fn invalid_site(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_tree(&fixture("minimal"), root);
    let overlay = fixture("invalid").join(case);
    assert!(overlay.is_dir(), "no overlay folder for case {case}");
    for e in walkdir::WalkDir::new(&overlay).min_depth(1) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(&overlay).unwrap();
        if rel == Path::new("delete.txt") || rel == Path::new("patch.yaml") {
            continue;
        }
        if e.file_type().is_dir() {
            fs::create_dir_all(root.join(rel)).unwrap();
        } else {
            fs::copy(e.path(), root.join(rel)).unwrap();
        }
    }
    let patch = overlay.join("patch.yaml");
    if patch.is_file() {
        apply_patch(case, &patch, root);
    }
    if let Ok(list) = fs::read_to_string(overlay.join("delete.txt")) {
        for line in list.lines().map(str::trim).filter(|l| !l.is_empty()) {
            fs::remove_file(root.join(line))
                .unwrap_or_else(|e| panic!("{case}/delete.txt: cannot remove {line}: {e}"));
        }
    }
    dir
}

/// A case's `patch.yaml` (see `tests/fixtures/invalid/README.md`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    /// Shared patches applied first: `tests/fixtures/invalid/<name>.yaml`.
    #[serde(default)]
    base: Vec<String>,
    /// Then these edits, in order.
    #[serde(default)]
    edits: Vec<Edit>,
}

/// One edit: the only occurrence of `find` in `file` becomes `replace`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    find: String,
    replace: String,
}

/// Applies the patch at `path` (its bases first) to the site at `root`.
fn apply_patch(case: &str, path: &Path, root: &Path) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let patch: Patch =
        serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for base in &patch.base {
        apply_patch(case, &fixture("invalid").join(format!("{base}.yaml")), root);
    }
    for e in &patch.edits {
        let file = root.join(&e.file);
        let s = fs::read_to_string(&file)
            .unwrap_or_else(|err| panic!("{case}: {}: {}: {err}", path.display(), e.file));
        let found = s.matches(e.find.as_str()).count();
        assert_eq!(
            found,
            1,
            "{case}: {}: the text to find occurs {found} times in {}, not once:\n{}",
            path.display(),
            e.file,
            e.find
        );
        fs::write(&file, s.replacen(e.find.as_str(), &e.replace, 1)).unwrap();
    }
}

/// Copies a folder's files and sub-folders into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
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

/// A fresh copy of a fixture site in a temporary folder, removed when the value is dropped.
pub fn copy_fixture(name: &str, test: &str) -> TempFolder {
    let root = temp_dir(test);
    copy_tree(&fixture(name), &root);
    root
}

/// Runs `camket import-reports FILE --root ROOT --today TODAY EXTRA…`: (exit code, stdout,
/// stderr).
pub fn import(root: &Path, file: &Path, today: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec![
        "import-reports",
        file.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--today",
        today,
    ];
    args.extend_from_slice(extra);
    run_camket(&args)
}

/// Makes a panic on a thread that is not a test's own (rayon's pool, started by whichever test
/// first rendered, inherits that test's output capture) print to the real stderr, so that a
/// test failing through it shows why instead of an empty failure. Installed once.
pub fn report_worker_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if thread.name().is_none_or(|n| n.starts_with("rayon")) {
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr(),
                    "panic on worker thread {:?}: {info}",
                    thread.name()
                );
            }
            default(info);
        }));
    });
}
