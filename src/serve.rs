//! `camket serve`: a development server with live reload.
//!
//! Input: a [`BuildConfig`] and a port on 127.0.0.1. Output: an HTTP server (axum) that serves
//! the site from memory, never touching `public/`. Guarantee: the site is prepared (loaded,
//! validated, linked, templates compiled, every path planned) at start and again after every
//! change under `content/` or `themes/` (notify, debounced); a page is rendered when it is
//! requested, from the latest good preparation, so a rebuild costs what `prepare` costs —
//! with unchanged YAML files not parsed again — however large the site. Open pages reload
//! through server-sent events (`/__camket/events`). A content or template error is printed
//! in the terminal and shown over every page as an overlay, while the last good site keeps
//! being served; when the error is fixed the overlay goes away by itself. Each preparation
//! holds the site lock ([`crate::lock`], shared), waiting for a running import to finish.
//! A missing site folder is an error before the server starts.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::build::{BuildReport, prepare};
use crate::config::BuildConfig;
use crate::load::LoadCache;
use crate::pipeline::Failure;
use crate::render::Renderer;
use crate::strings::escape_html;

/// Where the live-reload events are served.
pub(crate) const EVENTS_PATH: &str = "/__camket/events";

/// Where the live-reload script and the overlay style are served. Both are files, not inline
/// code, because the pages' Content-Security-Policy allows only the site's own scripts and
/// styles.
pub(crate) const SCRIPT_PATH: &str = "/__camket/live.js";
const STYLE_PATH: &str = "/__camket/live.css";

/// What is added before `</body>` of every HTML page.
const RELOAD_TAG: &str = "<script src=\"/__camket/live.js\"></script>";

/// Reload when the server says the site changed; the overlay's "hide" button.
const LIVE_JS: &str = r#"(function () {
  var events = new EventSource("/__camket/events");
  events.addEventListener("reload", function () { location.reload(); });
  var hide = document.getElementById("camket-error-hide");
  if (hide) hide.addEventListener("click", function () {
    var o = document.getElementById("camket-error");
    if (o) o.remove();
  });
})();
"#;

const LIVE_CSS: &str = "#camket-error{position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5rem;background:rgba(30,0,0,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap}#camket-error strong{font-size:16px}\n";

/// One preparation of the site, with the pages rendered so far.
struct LiveSite {
    renderer: Renderer,
    index: HashMap<String, usize>,
    /// Open data, sitemap, assets: made on the first request for one of them.
    extra: OnceLock<HashMap<String, Vec<u8>>>,
    /// Rendered pages (before the reload script is added).
    cache: Mutex<HashMap<usize, Arc<Vec<u8>>>>,
}

impl LiveSite {
    fn new(renderer: Renderer) -> Self {
        let index = renderer
            .index()
            .into_iter()
            .map(|(p, i)| (p.to_owned(), i))
            .collect();
        LiveSite {
            renderer,
            index,
            extra: OnceLock::new(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn page(&self, i: usize) -> Result<Arc<Vec<u8>>, String> {
        if let Some(b) = self.cache.lock().ok().and_then(|c| c.get(&i).cloned()) {
            return Ok(b);
        }
        let mut buf = Vec::new();
        self.renderer
            .render_page(i, &mut buf)
            .map_err(|d| d.headline())?;
        let buf = Arc::new(buf);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(i, buf.clone());
        }
        Ok(buf)
    }

    fn extra(&self, path: &str) -> Option<&Vec<u8>> {
        self.extra
            .get_or_init(|| {
                (self.renderer.extra_files().into_iter())
                    .map(|f| (f.path, f.bytes))
                    .collect()
            })
            .get(path)
    }
}

/// What is being served.
#[derive(Default)]
struct Live {
    site: Option<Arc<LiveSite>>,
    /// The diagnostics of the last preparation, when it failed.
    error: Option<String>,
}

#[derive(Clone)]
struct App {
    live: Arc<RwLock<Live>>,
    reload: broadcast::Sender<u64>,
}

/// Serves the site on 127.0.0.1:`port` (0: any free port) until the process is stopped.
/// Prints `serving at http://127.0.0.1:PORT/` once listening.
/// Fails at once (before listening) when the site folder or its `content/` is missing.
pub fn serve(cfg: BuildConfig, port: u16) -> Result<(), String> {
    crate::build::check_root(&cfg.root).map_err(|e| e.to_string())?;
    if !cfg.root.join("content").is_dir() {
        return Err(format!(
            "no content folder at {}\n  = help: --root must name the folder that holds content/",
            cfg.root.join("content").display()
        ));
    }
    let (reload, _) = broadcast::channel(16);
    let app = App {
        live: Arc::new(RwLock::new(Live::default())),
        reload,
    };
    let mut cache = LoadCache::remembering();
    rebuild(&cfg, &mut cache, &app, "built");

    // Watch content/ and themes/; rebuild on a separate thread after each burst of changes
    // (reads are not changes: the rebuild's own reads must not start another one).
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| format!("cannot watch: {e}"))?;
    for dir in ["content", "themes"] {
        let p = cfg.root.join(dir);
        if p.is_dir() {
            watcher
                .watch(&p, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", p.display()))?;
        }
    }
    {
        let app = app.clone();
        let cfg = cfg.clone();
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut changed = is_change(&first);
                // Debounce: an editor's save is several events; wait until 40 ms pass quietly.
                while let Ok(next) = rx.recv_timeout(Duration::from_millis(40)) {
                    changed |= is_change(&next);
                }
                if changed {
                    rebuild(&cfg, &mut cache, &app, "rebuilt");
                }
            }
        });
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        println!("serving at http://{local}/ (Ctrl-C to stop)");
        let router = Router::new()
            .route(EVENTS_PATH, get(events))
            .route(SCRIPT_PATH, get(|| async { static_file("js", LIVE_JS) }))
            .route(STYLE_PATH, get(|| async { static_file("css", LIVE_CSS) }))
            .fallback(get(page))
            .with_state(app);
        let _keep = watcher;
        axum::serve(listener, router)
            .await
            .map_err(|e| format!("server stopped: {e}"))
    })
}

/// Whether a watcher event is a change worth a rebuild: not a read, not an editor's backup or
/// swap file.
fn is_change(e: &notify::Result<notify::Event>) -> bool {
    match e {
        Ok(e) => !matches!(e.kind, EventKind::Access(_)) && !e.paths.iter().all(|p| ignored(p)),
        Err(_) => false,
    }
}

/// Editor backups and swap files do not trigger a rebuild.
fn ignored(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
}

/// Prepares the site again, swaps it in (or keeps the last good one and records the error),
/// prints the outcome and tells open pages to reload.
fn rebuild(cfg: &BuildConfig, cache: &mut LoadCache, app: &App, verb: &str) {
    // Never while an import writes the site: wait for it (the lock is released when this
    // rebuild ends).
    let lock = crate::lock::wait(&cfg.root, crate::lock::Access::Read);
    let start = Instant::now();
    let result = prepare(cfg, cache);
    drop(lock);
    let total = start.elapsed();
    let mut live = match app.live.write() {
        Ok(l) => l,
        Err(p) => p.into_inner(),
    };
    match result {
        Ok((renderer, report)) => {
            if !report.warnings.is_empty() {
                eprint!("{}", report.warnings.render(&report.sources));
            }
            let pages = renderer.pages().len();
            live.site = Some(Arc::new(LiveSite::new(renderer)));
            live.error = None;
            println!(
                "{verb} in {:.0} ms ({}): {pages} pages",
                total.as_secs_f64() * 1000.0,
                steps(&report)
            );
        }
        Err(e) => {
            let text = e.report();
            eprint!("{text}");
            if live.site.is_some() {
                eprintln!("serving the last good build until this is fixed");
            }
            live.error = Some(text);
        }
    }
    drop(live);
    let _ = app.reload.send(0);
}

fn steps(report: &BuildReport) -> String {
    let steps: Vec<String> = (report.timings.iter())
        .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
        .collect();
    steps.join(", ")
}

/// The live-reload event stream.
async fn events(
    State(app): State<App>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let rx = app.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(n) => {
                    let ev = Event::default().event("reload").data(n.to_string());
                    return Some((Ok(ev), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Any other path: a page, a data file or asset, or the 404 page.
async fn page(State(app): State<App>, uri: Uri) -> Response {
    let (site, error) = match app.live.read() {
        Ok(l) => (l.site.clone(), l.error.clone()),
        Err(_) => (None, Some("internal error: lock poisoned".into())),
    };
    let Some(site) = site else {
        let body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>camket</title></head><body></body></html>".to_owned();
        return html(
            StatusCode::SERVICE_UNAVAILABLE,
            body.into_bytes(),
            error.as_deref(),
        );
    };
    let mut path = uri.path().trim_start_matches('/').to_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let found = site.index.get(&path).copied().or_else(|| {
        // `/vi/nhiem-vu/x` → `/vi/nhiem-vu/x/index.html`
        site.index.get(&format!("{path}/index.html")).copied()
    });
    let (status, i) = match found {
        Some(i) => (StatusCode::OK, i),
        None => {
            if let Some(bytes) = site.extra(&path) {
                return Response::builder()
                    .header(header::CONTENT_TYPE, content_type(&path))
                    .header(header::CACHE_CONTROL, "no-store")
                    .body(Body::from(bytes.clone()))
                    .unwrap_or_default();
            }
            match site.index.get("404.html") {
                Some(&i) => (StatusCode::NOT_FOUND, i),
                None => return StatusCode::NOT_FOUND.into_response(),
            }
        }
    };
    let target = site.renderer.pages()[i].path.clone();
    let rendered = tokio::task::spawn_blocking(move || site.page(i)).await;
    match rendered {
        Ok(Ok(bytes)) if target.ends_with(".html") => {
            html(status, bytes.to_vec(), error.as_deref())
        }
        Ok(Ok(bytes)) => Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, content_type(&target))
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::from(bytes.to_vec()))
            .unwrap_or_default(),
        Ok(Err(e)) => {
            eprintln!("{e}");
            let body = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>camket: template error</title></head><body></body></html>".to_vec();
            html(StatusCode::INTERNAL_SERVER_ERROR, body, Some(&e))
        }
        Err(e) => html(
            StatusCode::INTERNAL_SERVER_ERROR,
            Vec::new(),
            Some(&format!("internal error: {e}")),
        ),
    }
}

/// An HTML response with the reload script and, when there is an error, its overlay.
fn html(status: StatusCode, mut body: Vec<u8>, error: Option<&str>) -> Response {
    let mut extra = String::new();
    if let Some(e) = error {
        extra.push_str(&overlay(e));
    }
    extra.push_str(RELOAD_TAG);
    let at = find_last(&body, b"</body>").unwrap_or(body.len());
    body.splice(at..at, extra.into_bytes());
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// The error overlay: fixed over the page (style from `/__camket/live.css`), the diagnostics
/// as the terminal shows them.
pub fn overlay(error: &str) -> String {
    format!(
        "<link rel=\"stylesheet\" href=\"{STYLE_PATH}\"><div id=\"camket-error\" role=\"alert\"><strong>camket: the site has errors — showing the last good build</strong>\n\n{}\n<button type=\"button\" id=\"camket-error-hide\">hide</button></div>",
        escape_html(error)
    )
}

fn static_file(ext: &str, text: &'static str) -> Response {
    Response::builder()
        .header(header::CONTENT_TYPE, content_type(&format!("x.{ext}")))
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(text))
        .unwrap_or_default()
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_is_escaped_and_script_goes_before_body_end() {
        let o = overlay("content/tasks/a.yaml:3:5: error: <bad>");
        assert!(o.contains("&lt;bad&gt;"), "{o}");
        let r = html(
            StatusCode::OK,
            b"<html><body><p>x</p></body></html>".to_vec(),
            None,
        );
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(find_last(b"a</body>b</body>", b"</body>"), Some(9));
        assert!(ignored(Path::new("content/tasks/.a.yaml.swp")));
        assert!(!ignored(Path::new("content/tasks/a.yaml")));
        assert_eq!(content_type("data/tasks.json"), "application/json");
    }
}
