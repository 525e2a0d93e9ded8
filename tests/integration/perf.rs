//! The benchmark corpus (the `camket-bench` binary) and the development server (`serve`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::common::{fixture, read_tree, run_camket, temp_dir};

/// How long any single wait of these tests may take before it fails.
const WAIT: Duration = Duration::from_secs(20);

#[test]
fn bench_corpus_is_deterministic_and_passes_strict_check() {
    let a = temp_dir("bench-a");
    let b = temp_dir("bench-b");
    let (code, out, err) = gen_bench(200, &a);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote 200 tasks, 20 agencies, 10 documents")
            && out.contains("40 indicators"),
        "{out}"
    );
    assert_eq!(gen_bench(200, &b).0, 0);
    let (ta, tb) = (read_tree(&a.join("content")), read_tree(&b.join("content")));
    assert!(ta.len() >= 10, "{} files", ta.len());
    assert!(ta == tb, "two corpora of the same size differ");
    // Vietnamese with tone marks, and document numbers cited in the text.
    let tasks = String::from_utf8(ta["tasks/nhiem-vu-001.yaml"].clone()).unwrap();
    assert!(tasks.contains("Nhiệm vụ được xây dựng"), "{tasks}");
    assert!(tasks.contains(" số ") && tasks.contains("basis:"));

    let root = a.to_str().unwrap();
    let (code, out, err) = run_camket(&["check", "--strict", "--root", root]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 warning(s)"), "{out}{err}");
    assert!(out.contains("0 unresolved"), "{out}");
    for line in out.lines().filter(|l| l.contains(" fields ")) {
        assert!(line.ends_with("100.0 %"), "not fully translated: {line}");
    }

    // A content/ folder it did not make is never overwritten.
    let mine = temp_dir("bench-mine");
    std::fs::create_dir_all(mine.join("content")).unwrap();
    std::fs::write(mine.join("content/site.yaml"), "x").unwrap();
    let (code, _, err) = gen_bench(50, &mine);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("was not made by camket-bench"), "{err}");
    assert_eq!(
        std::fs::read_to_string(mine.join("content/site.yaml")).unwrap(),
        "x"
    );
}

/// Runs the `camket-bench` binary: `--tasks n --out dir`; exit code, stdout, stderr.
pub(crate) fn gen_bench(n: usize, dir: &std::path::Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_camket-bench"))
        .args(["--tasks", &n.to_string(), "--out"])
        .arg(dir)
        .output()
        .expect("camket-bench runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The server process, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A GET over a plain TCP connection (`Connection: close`): status code and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|x| x.1).unwrap_or("");
    (status, body.to_owned())
}

/// The lines of the live-reload event stream, as they arrive.
fn events(addr: &str) -> Receiver<String> {
    let (tx, rx) = channel();
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__camket/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Replaces a file in one step (write beside it, rename over it), as editors do: the server
/// sees one change, never a half-written file.
fn write_atomic(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("yaml.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Drops what the event stream said so far (after a short pause for stragglers).
fn drain(rx: &Receiver<String>) {
    std::thread::sleep(Duration::from_millis(150));
    while rx.try_recv().is_ok() {}
}

fn wait_for_reload(rx: &Receiver<String>) {
    let deadline = Instant::now() + WAIT;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(l) if l.trim() == "event: reload" => return,
            Ok(_) => {}
            Err(_) => break,
        }
    }
    panic!("no reload event within {WAIT:?}");
}

#[test]
fn serve_reloads_on_change_and_overlays_errors() {
    let root = temp_dir("serve");
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        for e in walkdir::WalkDir::new(from) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(from).unwrap();
            if e.file_type().is_dir() {
                std::fs::create_dir_all(to.join(rel)).unwrap();
            } else {
                std::fs::copy(e.path(), to.join(rel)).unwrap();
            }
        }
    };
    copy(&fixture("minimal/content"), &root.join("content"));
    let child = Command::new(env!("CARGO_BIN_EXE_camket"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let stdout = server.0.stdout.take().unwrap();
    let (tx, lines) = channel();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    let deadline = Instant::now() + WAIT;
    let addr = loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .expect("serve printed no URL");
        let l = lines.recv_timeout(left).expect("serve printed no URL");
        if let Some(rest) = l.strip_prefix("serving at http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    // Never the user's output folder.
    assert!(!root.join("public").exists());

    let page = "/vi/nhiem-vu/xay-dung-ke-hoach/";
    let (code, body) = get(&addr, page);
    assert_eq!(code, 200);
    assert!(body.contains("Xây dựng kế hoạch tuyên truyền"));
    assert!(
        body.contains("<script src=\"/__camket/live.js\">"),
        "no reload script"
    );
    assert!(
        !body.contains("<script>"),
        "inline script (the pages' CSP forbids it)"
    );
    let (code, js) = get(&addr, "/__camket/live.js");
    assert_eq!(code, 200);
    assert!(js.contains("/__camket/events"), "{js}");
    assert!(!body.contains("camket-error"));
    assert_eq!(get(&addr, "/vi/nhiem-vu/khong-co/").0, 404);
    assert_eq!(get(&addr, "/assets/style.css").0, 200);

    let sse = events(&addr);
    // Subscribed once the response has started.
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.checked_duration_since(Instant::now()).unwrap();
        let l = sse.recv_timeout(left).expect("no event stream");
        if l.starts_with("HTTP/1.1 ") {
            assert!(l.contains(" 200"), "{l}");
            break;
        }
    }
    let tasks = root.join("content/tasks/tasks.yaml");
    let original = std::fs::read_to_string(&tasks).unwrap();

    // An edit: the page changes after the reload event.
    let edited = original.replace(
        "Xây dựng kế hoạch tuyên truyền",
        "Xây dựng kế hoạch truyền thông mới",
    );
    drain(&sse);
    write_atomic(&tasks, &edited);
    wait_for_reload(&sse);
    let (_, body) = get(&addr, page);
    assert!(
        body.contains("Xây dựng kế hoạch truyền thông mới"),
        "edit not served"
    );

    // A broken file: the error shows over the page, the last good site is still served.
    drain(&sse);
    write_atomic(&tasks, &edited.replacen("  number:", "  numbr:", 1));
    wait_for_reload(&sse);
    let (code, body) = get(&addr, page);
    assert_eq!(code, 200);
    assert!(body.contains("camket-error"), "no error overlay");
    assert!(
        !body.contains(" style=\""),
        "inline style (the pages' CSP forbids it)"
    );
    assert!(
        body.contains("content/tasks/tasks.yaml"),
        "overlay without location"
    );
    assert!(body.contains("numbr"), "overlay without message");
    assert!(body.contains("Xây dựng kế hoạch truyền thông mới"));

    // Fixed: the overlay goes away.
    drain(&sse);
    write_atomic(&tasks, &original);
    wait_for_reload(&sse);
    let (_, body) = get(&addr, page);
    assert!(
        !body.contains("camket-error"),
        "overlay stayed after the fix"
    );
    assert!(body.contains("Xây dựng kế hoạch tuyên truyền"));
}
