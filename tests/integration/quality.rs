//! Quality gates that need outside tools: a real browser (Chromium driven by playwright-core,
//! with axe-core) and the Nu Html Checker (vnu-jar, run with Java).
//!
//! - `site_works_in_a_real_browser` builds the real site for a sub-path of a local server
//!   (`--base-url http://127.0.0.1:PORT/sub/`) and runs `tests/browser/site.mjs`: language
//!   switch, task → agency → document → back, facets and the instant filter, keyboard-only
//!   navigation with visible focus, every link and anchor under the sub-path, no sideways
//!   scroll at 360 px and axe-core (WCAG 2.1 A + AA) on one page of every kind in both
//!   languages; then `tests/browser/layout.mjs` at 360 and 1366 px on those pages plus the
//!   decision at `#nv-v-4`, the budget, an agency, its A4 report and task V.4: no word split
//!   across two lines, no sideways scroll, every chart `<text>` inside its SVG, a screenshot of
//!   each at both widths in `target/ci-artifacts/screenshots/` (or
//!   `$CAMKET_ARTIFACTS/screenshots/`); and the A4 report printed to PDF keeps every column
//!   header whole (needs `pdftotext`, from poppler-utils).
//! - `lighthouse_scores_on_a_phone` runs `tests/browser/lighthouse.mjs` (Lighthouse 12.2.3,
//!   default mobile emulation and simulated throttling) on the home, a task, an agency and the
//!   search page in both languages: accessibility, best practices and SEO at least 95,
//!   performance at least 90, and the home page at most 60 KB; the JSON reports go to
//!   `$CAMKET_ARTIFACTS/lighthouse/`.
//! - `every_page_is_valid_html` runs vnu on every page of the real site and of the minimal
//!   fixture: zero errors.
//!
//! Without node, Chromium, Java, pdftotext or `tests/browser/node_modules` each test prints
//! "skipped: …" and passes, unless `CAMKET_BROWSER_TESTS=1` (set by `.ci/run`), where a
//! missing tool fails it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use camket::config::BuildConfig;

use crate::common::{TempFolder, build_to, build_with, fixture, temp_dir};

/// Whether `CAMKET_BROWSER_TESTS=1` makes a missing tool a failure.
fn required() -> bool {
    std::env::var("CAMKET_BROWSER_TESTS").as_deref() == Ok("1")
}

/// Skips (prints why and returns false) or fails when a tool is missing.
fn available(missing: Option<String>) -> bool {
    match missing {
        None => true,
        Some(why) if required() => panic!("CAMKET_BROWSER_TESTS=1 but {why}"),
        Some(why) => {
            println!("skipped: {why}; set CAMKET_BROWSER_TESTS=1 to make this a failure");
            false
        }
    }
}

fn runs(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `tests/browser` when node, Chromium and its npm packages are there; `None` (skipped) if not.
pub fn browser_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing = if !runs("node", "--version") {
        Some("node is not installed".into())
    } else if !Path::new("/usr/bin/chromium").exists() {
        Some("/usr/bin/chromium is not installed (apt-get install chromium)".into())
    } else if !dir.join("node_modules/playwright-core").is_dir()
        || !dir.join("node_modules/axe-core").is_dir()
    {
        Some(format!(
            "{} has no node_modules (run `npm ci` there)",
            dir.display()
        ))
    } else {
        None
    };
    available(missing).then_some(dir)
}

/// One browser script at a time: they share 2 cores with the rest of the suite, and Lighthouse's
/// performance score suffers when another Chromium runs beside it.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// Runs `node ARGS` in `dir` (at most 10 minutes, one script at a time), prints its output,
/// and fails unless it ends with "N passed, 0 failed".
pub fn run_node(dir: &Path, args: &[&str]) {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let mut child = Command::new("node")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    // Read both pipes on threads so that a chatty script cannot block on a full pipe.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out_t = thread::spawn(move || {
        let mut s = String::new();
        let _ = out_pipe.read_to_string(&mut s);
        s
    });
    let err_t = thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let deadline = Instant::now() + Duration::from_secs(600);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let (out, err) = (out_t.join().unwrap(), err_t.join().unwrap());
    println!("{out}");
    let status = status.unwrap_or_else(|| panic!("{args:?} timed out\n{out}\n{err}"));
    assert!(status.success(), "{args:?} failed:\n{out}\n{err}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
}

/// Where CI collects files to keep (screenshots): `$CAMKET_ARTIFACTS` or `target/ci-artifacts`.
fn artifacts() -> PathBuf {
    std::env::var_os("CAMKET_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-artifacts"))
}

#[test]
fn site_works_in_a_real_browser() {
    let Some(dir) = browser_dir() else { return };
    let missing = (!runs("pdftotext", "-v"))
        .then(|| "pdftotext is not installed (apt-get install poppler-utils)".to_string());
    if !available(missing) {
        return;
    }
    // The server starts first: the site is built for its address, under a sub-path.
    let (_server, url, site, _www) = serve_real_site("quality-www");
    let shots = artifacts().join("screenshots");
    run_node(
        &dir,
        &[
            "site.mjs",
            &url,
            &site.to_string_lossy(),
            &shots.to_string_lossy(),
        ],
    );
    for name in ["home-vi", "home-en", "task-vi", "task-en"] {
        for size in ["phone", "desktop"] {
            let f = shots.join(format!("{name}-{size}.png"));
            let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            assert!(
                bytes.starts_with(b"\x89PNG"),
                "{} is not a PNG",
                f.display()
            );
        }
    }
}

/// The cascade pages in Chromium: the walk from a commitment of the coverage table through an
/// implementing task to its lead agency and back, no sideways scroll at 360 px, axe-core on
/// one page of each cascade kind in both languages (`tests/browser/cascade.mjs`), on the
/// cascade fixture, and on the real site too once it has plans.
#[test]
fn cascade_walk_in_a_real_browser() {
    let Some(dir) = browser_dir() else { return };
    let www = temp_dir("quality-cascade");
    let server = Server::start(www.to_path_buf());
    let url = format!("http://{}/sub/", server.addr);
    let site = www.join("sub");
    build_to(&fixture("cascade"), &site, Some(&url));
    run_node(&dir, &["cascade.mjs", &url, &site.to_string_lossy()]);
    drop(server);
    if Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content/plans")
        .is_dir()
    {
        let (_server, url, site, _www) = serve_real_site("quality-cascade-real");
        run_node(&dir, &["cascade.mjs", &url, &site.to_string_lossy()]);
    }
}

/// An indicator with a baseline and several reported values (the `minimal` fixture's
/// `ty-le-truong`), in both languages at 360 and 1366 px: every value of its table is drawn in
/// the chart, every chart text lies inside the chart, the CSV and JSON series load in the long
/// format with one row per point, and axe finds nothing (issue 20).
#[test]
fn indicator_series_in_a_real_browser() {
    let Some(dir) = browser_dir() else { return };
    let www = temp_dir("quality-indicator");
    let server = Server::start(www.to_path_buf());
    let url = format!("http://{}/sub/", server.addr);
    let site = www.join("sub");
    build_to(&fixture("minimal"), &site, Some(&url));
    run_node(
        &dir,
        &[
            "indicator.mjs",
            &url,
            "vi/muc-tieu/ty-le-truong/",
            "en/objectives/ty-le-truong/",
        ],
    );
    drop(server);
}

/// The real site built for a sub-path of a fresh local server (strict), as a reader gets it;
/// the temporary folder served is removed when the last value is dropped.
fn serve_real_site(name: &str) -> (Server, String, PathBuf, TempFolder) {
    let www = temp_dir(name);
    let server = Server::start(www.to_path_buf());
    let url = format!("http://{}/sub/", server.addr);
    let site = www.join("sub");
    let mut cfg = BuildConfig::new(Path::new(env!("CARGO_MANIFEST_DIR")));
    cfg.out = site.clone();
    cfg.strict = true;
    cfg.base_url = Some(url.clone());
    build_with(&cfg);
    (server, url, site, www)
}

#[test]
fn lighthouse_scores_on_a_phone() {
    let Some(dir) = browser_dir() else { return };
    let missing = (!dir.join("node_modules/lighthouse").is_dir()).then(|| {
        format!(
            "{} has no lighthouse (run `npm ci` there)",
            dir.join("node_modules").display()
        )
    });
    if !available(missing) {
        return;
    }
    let (_server, url, _site, _www) = serve_real_site("quality-lighthouse");
    let reports = artifacts().join("lighthouse");
    run_node(&dir, &["lighthouse.mjs", &url, &reports.to_string_lossy()]);
}

#[test]
fn every_page_is_valid_html() {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let missing = if !runs("java", "-version") {
        Some("java is not installed".into())
    } else if !jar.is_file() {
        Some(format!(
            "{} is missing (run `npm ci` in tests/browser)",
            jar.display()
        ))
    } else {
        None
    };
    if !available(missing) {
        return;
    }
    // The real site as the search tests build it (strict, with its index), and the fixture
    // with a base URL (absolute canonical links, sitemap alternates).
    let (_, real, _) = super::search::real_site();
    let tmp = temp_dir("quality-vnu");
    let minimal = tmp.join("minimal");
    build_to(
        &fixture("minimal"),
        &minimal,
        Some("https://example.org/giao-duc/"),
    );
    // The cascade fixture: one page of each cascade kind (plans, commitments, cascade,
    // coverage), whatever the real site has yet.
    let cascade = tmp.join("cascade");
    build_to(
        &fixture("cascade"),
        &cascade,
        Some("https://example.org/giao-duc/"),
    );
    let pages = [real, &minimal, &cascade]
        .into_iter()
        .flat_map(|d| walkdir::WalkDir::new(d).into_iter().filter_map(Result::ok))
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    assert!(pages > 500, "only {pages} pages");
    let o = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(real)
        .arg(&minimal)
        .arg(&cascade)
        .output()
        .expect("java starts");
    let report =
        String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    let errors = report.lines().filter(|l| l.contains(": error:")).count();
    println!("vnu checked {pages} pages: {errors} errors");
    assert!(
        o.status.success() && errors == 0,
        "vnu found {errors} errors in {pages} pages:\n{report}"
    );
}

/// A static file server on 127.0.0.1 for the browser tests: GET only, one thread per
/// connection, files under its root; stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(root: PathBuf) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = root.clone();
                thread::spawn(move || {
                    let _ = respond(stream, &root);
                });
            }
        });
        Server {
            addr,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn respond(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let mut file = root.to_path_buf();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        if seg == ".." {
            return reply(stream, "403 Forbidden", "text/plain", b"forbidden");
        }
        file.push(seg);
    }
    if file.is_dir() {
        file.push("index.html");
    }
    match (method, std::fs::read(&file)) {
        ("GET", Ok(bytes)) => {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            let mime = match ext {
                "html" => "text/html; charset=utf-8",
                "js" => "text/javascript; charset=utf-8",
                "css" => "text/css; charset=utf-8",
                "json" => "application/json",
                "svg" => "image/svg+xml",
                "xml" => "application/xml",
                "csv" => "text/csv; charset=utf-8",
                _ => "application/octet-stream",
            };
            reply(stream, "200 OK", mime, &bytes)
        }
        ("GET", Err(_)) => reply(stream, "404 Not Found", "text/plain", b"not found"),
        _ => reply(stream, "405 Method Not Allowed", "text/plain", b"GET only"),
    }
}

fn reply(mut stream: TcpStream, status: &str, mime: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
