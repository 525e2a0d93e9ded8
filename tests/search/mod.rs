//! Search: the Pagefind index of both languages, the search page, and a real-browser test.
//!
//! - The index is written for both languages (minimal fixture and real content), with one
//!   record per page and no stock Pagefind UI; the search page loads only external scripts.
//! - `search_works_in_a_real_browser` serves the real site on 127.0.0.1 under a sub-path (a
//!   small static server below) and runs `tests/browser/search.mjs` (playwright-core driving
//!   /usr/bin/chromium): "giao duc" finds "giáo dục", numbers find their pages, filters narrow.
//!   Without node, Chromium or `tests/browser/node_modules` it prints "skipped: …" and passes,
//!   unless `CAMKET_BROWSER_TESTS=1`, where a missing tool fails it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use camket::build::{BuildError, build};
use camket::config::BuildConfig;

use super::{build_to, fixture, page, read_tree, temp_dir};

/// The real site, built once (strict) for the tests of this module: (folder served, site
/// folder inside it under the sub-path `giao-duc/`, search records per language).
fn real_site() -> &'static (PathBuf, PathBuf, usize) {
    static SITE: OnceLock<(PathBuf, PathBuf, usize)> = OnceLock::new();
    SITE.get_or_init(|| {
        let www = temp_dir("search-real-www");
        let out = www.join("giao-duc");
        let mut cfg = BuildConfig::new(Path::new(env!("CARGO_MANIFEST_DIR")));
        cfg.out = out.clone();
        cfg.strict = true;
        let report = match build(&cfg, true) {
            Ok(r) => r,
            Err(BuildError::Content(d, s)) => panic!("real site fails:\n{}", d.render(&s)),
            Err(BuildError::Io(e)) => panic!("{e}"),
        };
        (www, out, report.search_records)
    })
}

/// Checks the Pagefind bundle of a built site; returns the records per language.
fn check_bundle(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, u64> {
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.unknown.pagefind",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(tree.contains_key(f), "missing {f}");
    }
    for unused in [
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-component-ui.js",
        "pagefind/pagefind-modular-ui.js",
        "pagefind/pagefind-highlight.js",
    ] {
        assert!(
            !tree.contains_key(unused),
            "{unused} is written but never used"
        );
    }
    let entry: serde_json::Value =
        serde_json::from_slice(&tree["pagefind/pagefind-entry.json"]).unwrap();
    let mut pages = BTreeMap::new();
    for lang in ["vi", "en"] {
        let l = &entry["languages"][lang];
        let hash = l["hash"]
            .as_str()
            .unwrap_or_else(|| panic!("no {lang} index: {entry}"));
        assert!(tree.contains_key(&format!("pagefind/pagefind.{hash}.pf_meta")));
        for dir in ["index", "fragment", "filter"] {
            let prefix = format!("pagefind/{dir}/{lang}_");
            assert!(
                tree.keys().any(|k| k.starts_with(&prefix)),
                "no {prefix}* file"
            );
        }
        pages.insert(lang.to_owned(), l["page_count"].as_u64().unwrap());
    }
    // Vietnamese has no stemmer: its index uses the generic search code.
    assert_eq!(entry["languages"]["vi"]["wasm"], serde_json::Value::Null);
    assert_eq!(entry["languages"]["en"]["wasm"], "en");
    pages
}

/// Checks a search page: external scripts only, the no-JavaScript note, the filters' labels.
fn check_search_page(html: &str, needs_js: &str, tasks_href: &str) {
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..i + html[i..].find('>').unwrap()];
        assert!(tag.contains(" src=\""), "inline script: {tag}");
    }
    for (i, _) in html.match_indices(" on") {
        let name: String = html[i + 3..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .collect();
        assert!(
            !html[i + 3 + name.len()..].starts_with("=\""),
            "inline event handler on{name}"
        );
    }
    assert!(html.contains(needs_js), "no-JavaScript note");
    assert!(
        html.contains(&format!("<a href=\"{tasks_href}\">")),
        "link to the task list"
    );
    assert!(html.contains("<script src=\"../../assets/search.js\" defer></script>"));
    assert!(html.contains("id=\"search-q\""));
}

#[test]
fn search_index_is_built_for_both_languages() {
    // Minimal fixture: every page of each language is a record.
    let out = temp_dir("search-minimal");
    let report = build_to(&fixture("minimal"), &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    let pages = check_bundle(&tree);
    assert_eq!(pages["vi"], pages["en"], "same records in both languages");
    assert_eq!(
        (pages["vi"] + pages["en"]) as usize,
        report.search_records,
        "every record is indexed"
    );
    // 3 tasks, 2 indicators, 1 project, 3 agencies, 2 documents and 1 section of a hosted
    // text, 1 page, the budget (the fixture's glossary is empty, so not a record).
    assert_eq!(pages["vi"], 14);
    assert!(
        report.timings.iter().any(|(n, _)| *n == "search"),
        "search step is timed"
    );
    check_search_page(
        &page(&tree, "vi/tim-kiem/index.html"),
        "Tìm kiếm cần JavaScript",
        "../../vi/nhiem-vu/index.html",
    );
    check_search_page(
        &page(&tree, "en/search/index.html"),
        "Search needs JavaScript",
        "../../en/tasks/index.html",
    );
    assert!(tree.contains_key("assets/search.js") && tree.contains_key("assets/search.css"));
    // The header of every page links to the search page of its language.
    let task = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    assert!(task.contains("<a href=\"../../../vi/tim-kiem/index.html\">Tìm kiếm</a>"));
    let task = page(&tree, "en/tasks/xay-dung-ke-hoach/index.html");
    assert!(task.contains("<a href=\"../../../en/search/index.html\">Search</a>"));

    // Real content.
    let (_, site, records) = real_site();
    let tree = read_tree(site);
    let pages = check_bundle(&tree);
    assert_eq!(pages["vi"], pages["en"]);
    assert_eq!((pages["vi"] + pages["en"]) as usize, *records);
    // 55 tasks, 53 indicators, 6 projects, 31 agencies, 94 documents, at least.
    assert!(
        pages["vi"] > 55 + 53 + 6 + 31 + 94,
        "only {} vi records",
        pages["vi"]
    );
    // The records' texts are bundled into at most 64 fragment files per language.
    for lang in ["vi", "en"] {
        let prefix = format!("pagefind/fragment/{lang}_");
        let n = tree.keys().filter(|k| k.starts_with(&prefix)).count();
        assert!((32..=64).contains(&n), "{n} {lang} fragment files");
    }
}

#[test]
fn without_the_search_step_no_index_is_written() {
    let out = temp_dir("search-off");
    let mut cfg = BuildConfig::new(fixture("minimal"));
    cfg.out = out.join("public");
    cfg.search = false;
    let report = build(&cfg, true).unwrap_or_else(|_| panic!("build failed"));
    assert_eq!(report.search_records, 0);
    let tree = read_tree(&out.join("public"));
    assert!(!tree.keys().any(|k| k.starts_with("pagefind/")));
    assert!(
        tree.contains_key("vi/tim-kiem/index.html"),
        "the page is still there"
    );
}

// ----- the real-browser test ----------------------------------------------------------------

/// Why the browser test cannot run here, if it cannot.
fn browser_tools_missing(dir: &Path) -> Option<String> {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|s| s.success()) {
        return Some("node is not installed".into());
    }
    if !Path::new("/usr/bin/chromium").exists() {
        return Some("/usr/bin/chromium is not installed (apt-get install chromium)".into());
    }
    if !dir.join("node_modules/playwright-core").is_dir() {
        return Some(format!(
            "{} has no node_modules (run `npm ci` there)",
            dir.display()
        ));
    }
    None
}

#[test]
fn search_works_in_a_real_browser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if let Some(why) = browser_tools_missing(&dir) {
        if std::env::var("CAMKET_BROWSER_TESTS").as_deref() == Ok("1") {
            panic!("CAMKET_BROWSER_TESTS=1 but {why}");
        }
        println!("skipped: {why}; set CAMKET_BROWSER_TESTS=1 to make this a failure");
        return;
    }
    let (www, site, _) = real_site();
    let server = Server::start(www.clone());
    let url = format!("http://{}/giao-duc/", server.addr);
    let mut child = Command::new("node")
        .arg("search.mjs")
        .arg(&url)
        .arg(site)
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let deadline = Instant::now() + Duration::from_secs(180);
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
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    drop(server);
    println!("{out}");
    let status = status.unwrap_or_else(|| panic!("browser test timed out\n{out}\n{err}"));
    assert!(status.success(), "browser test failed:\n{out}\n{err}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
}

/// A static file server on 127.0.0.1 for the browser test: GET only, one thread per
/// connection, files under its root; stops when dropped.
struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl Server {
    fn start(root: PathBuf) -> Server {
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
