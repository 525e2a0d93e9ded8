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
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use camket::build::build;
use camket::config::BuildConfig;

use super::quality::{Server, browser_dir, run_node};
use crate::common::{build_to, build_with, fixture, page, read_tree, temp_dir};

/// The real site, built once (strict) for the tests of this module: (folder served, site
/// folder inside it under the sub-path `giao-duc/`, search records per language). Shared by
/// tests through a static, so it lives in Cargo's per-target temporary folder
/// (`CARGO_TARGET_TMPDIR`, under `target/`) and is replaced on the next run, not in `/tmp`.
pub fn real_site() -> &'static (PathBuf, PathBuf, usize) {
    static SITE: OnceLock<(PathBuf, PathBuf, usize)> = OnceLock::new();
    SITE.get_or_init(|| {
        let www = Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-real-www");
        let _ = std::fs::remove_dir_all(&www);
        let out = www.join("giao-duc");
        let mut cfg = BuildConfig::new(Path::new(env!("CARGO_MANIFEST_DIR")));
        cfg.out = out.clone();
        cfg.strict = true;
        let report = build_with(&cfg);
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
    // 3 tasks, 3 indicators, 1 project, 3 agencies, 2 documents and 1 section of a hosted
    // text, 1 page, the budget, 3 topics (the fixture's glossary is empty, so not a record).
    assert_eq!(pages["vi"], 18);
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

/// Builds with search running at once in one process (as the tests and `camket serve` do) all
/// index: Pagefind blocks on a tokio runtime and uses rayon inside it, so an index step run on
/// a rayon worker could pick up another build's index step and start a runtime inside a
/// runtime, which panicked ("Cannot start a runtime from within a runtime"). The real site's
/// index is large enough for Pagefind's parallel steps to wait, which is when it happened.
#[test]
fn concurrent_builds_in_one_process_each_get_their_index() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = temp_dir("search-concurrent");
    for round in 0..2 {
        std::thread::scope(|scope| {
            let builds: Vec<_> = (0..3)
                .map(|i| {
                    let dir = out.join(format!("r{round}-{i}"));
                    let root = &root;
                    scope.spawn(move || {
                        let mut cfg = BuildConfig::new(root);
                        cfg.out = dir.clone();
                        build(&cfg, true).map(|_| dir)
                    })
                })
                .collect();
            for b in builds {
                let dir = b
                    .join()
                    .unwrap_or_else(|_| panic!("a build panicked in round {round}"))
                    .unwrap_or_else(|e| panic!("a build failed in round {round}: {e}"));
                assert!(
                    dir.join("pagefind/pagefind.js").is_file(),
                    "no index in {dir:?}"
                );
            }
        });
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

#[test]
fn search_works_in_a_real_browser() {
    let Some(dir) = browser_dir() else { return };
    let (www, site, _) = real_site();
    let server = Server::start(www.clone());
    let url = format!("http://{}/giao-duc/", server.addr);
    run_node(&dir, &["search.mjs", &url, &site.to_string_lossy()]);
}
