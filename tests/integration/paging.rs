//! Long lists split into pages (issue 19, item 3), as a reader meets them.
//!
//! - `small_page_size_splits_the_fixture_lists`: the minimal fixture with `page_size: 2`: the
//!   task list's page 1 stays at its URL, page 2 is `trang-2/`, every task is on exactly one
//!   page, the navigation (previous/next, `aria-current`, `rel` links, canonical URLs,
//!   sitemap) points where it should, every link resolves, and no page adds a search record.
//! - `mid_size_corpus_pages_stay_small`: a `camket-bench` corpus of 1,000 tasks with
//!   `page_size: 20`: no HTML page over 300 KB, and every task, agency, indicator, report and
//!   record citing a document is on exactly one page of its list (each view's values too).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

use super::{build_to, check_links, checked, copy_fixture, main_of, page, read_tree, temp_dir};

/// Adds `page_size: n` to a site's `site.yaml`.
fn set_page_size(root: &Path, n: usize) {
    let p = root.join("content/site.yaml");
    let mut s = fs::read_to_string(&p).unwrap();
    s.push_str(&format!("\npage_size: {n}\n"));
    fs::write(&p, s).unwrap();
}

/// The output path a relative link of page `from` points to (`index.html` for a folder).
fn resolve(from: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if href.ends_with('/') || href.is_empty() {
        p.push_str("/index.html");
    }
    p
}

/// The value of the first `attr="…"` after `needle` in `html`.
fn attr_after<'a>(html: &'a str, needle: &str, attr: &str) -> Option<&'a str> {
    let at = html.find(needle)?;
    let rest = &html[at..];
    let start = rest.find(&format!("{attr}=\""))? + attr.len() + 2;
    let end = rest[start..].find('"')?;
    Some(&rest[start..start + end])
}

/// Every `href` after each occurrence of `needle` (the first `href` following it).
fn hrefs_after<'a>(html: &'a str, needle: &str) -> Vec<&'a str> {
    html.match_indices(needle)
        .filter_map(|(i, _)| attr_after(&html[i..], needle, "href"))
        .collect()
}

/// The record id a link to a record page names (`…/<section>/<id>/index.html` or `…/<id>/`).
fn id_of(href: &str) -> String {
    let h = href.trim_end_matches("index.html").trim_end_matches('/');
    h.rsplit('/').next().unwrap_or("").to_owned()
}

/// The pages of a list, from its first page along `rel="next"`, checking that each page's
/// `rel="prev"` is the page before and that each page marks its own number as current.
fn list_pages(tree: &BTreeMap<String, Vec<u8>>, first: &str) -> Vec<String> {
    let mut pages = vec![first.to_owned()];
    loop {
        let cur = pages.last().unwrap().clone();
        let html = page(tree, &cur);
        let prev = attr_after(&html, "<link rel=\"prev\"", "href").map(|h| resolve(&cur, h));
        assert_eq!(
            prev.as_deref(),
            (pages.len() > 1).then(|| pages[pages.len() - 2].as_str()),
            "rel=prev of {cur}"
        );
        if html.contains("class=\"pager\"") {
            let current = attr_after(&html, "aria-current=\"page\" aria-label=", "aria-label")
                .unwrap_or_else(|| panic!("{cur}: no current page in its navigation"));
            assert!(
                current.ends_with(&format!(" {}", pages.len())),
                "{cur}: current page is {current:?}, not {}",
                pages.len()
            );
        }
        match attr_after(&html, "<link rel=\"next\"", "href") {
            Some(h) => {
                let next = resolve(&cur, h);
                assert!(!pages.contains(&next), "{cur}: rel=next loops to {next}");
                pages.push(next);
            }
            None => return pages,
        }
    }
}

/// The ids of the records linked from the title cells of a list's tables, over all its pages.
fn title_ids(tree: &BTreeMap<String, Vec<u8>>, pages: &[String]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| {
            let html = page(tree, p);
            hrefs_after(main_of(&html), "<td class=\"title\"><a href=")
                .into_iter()
                .map(id_of)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Asserts that `got` holds each of `want` exactly once, and nothing else.
fn exactly_once(what: &str, got: &[String], want: &BTreeSet<String>) {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let dups: Vec<&String> = got.iter().filter(|x| !seen.insert((*x).clone())).collect();
    assert!(dups.is_empty(), "{what}: on two pages: {dups:?}");
    let missing: Vec<&String> = want.difference(&seen).collect();
    let extra: Vec<&String> = seen.difference(want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: missing {missing:?}, not expected {extra:?}"
    );
}

#[test]
fn small_page_size_splits_the_fixture_lists() {
    let site = copy_fixture("minimal", "paging-fixture");
    set_page_size(&site, 2);
    let out = temp_dir("paging-fixture-out");
    let report = build_to(&site, &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    let c = checked(&site);
    let tasks: BTreeSet<String> = c.linked.site.tasks.iter().map(|t| t.id.clone()).collect();
    assert!(tasks.len() > 2, "the fixture has more tasks than a page");

    // The list keeps its URL for page 1; page 2 is trang-2/ (page-2/ in English).
    for (first, second) in [
        ("vi/nhiem-vu/index.html", "vi/nhiem-vu/trang-2/index.html"),
        ("en/tasks/index.html", "en/tasks/page-2/index.html"),
    ] {
        let pages = list_pages(&tree, first);
        assert_eq!(pages[1], second);
        assert_eq!(pages.len(), tasks.len().div_ceil(2));
        exactly_once(first, &title_ids(&tree, &pages), &tasks);
        let p2 = page(&tree, second);
        // Page navigation: a labelled nav, previous link to page 1, the current page marked;
        // the page's canonical URL is its own, its title says which page it is.
        let nav = &p2[p2.find("<nav class=\"pager\"").expect("a pager")..];
        assert!(
            nav.starts_with("<nav class=\"pager\" aria-label=\""),
            "{nav}"
        );
        assert_eq!(
            resolve(second, attr_after(nav, "rel=\"prev\"", "href").unwrap()),
            first
        );
        assert!(nav.contains("aria-current=\"page\""));
        assert_eq!(
            resolve(
                second,
                attr_after(&p2, "rel=\"canonical\"", "href").unwrap()
            ),
            second
        );
        let title = &p2[p2.find("<title>").unwrap()..p2.find("</title>").unwrap()];
        assert!(title.contains("2"), "{title}");
        // No instant filter on a split list: it would filter one page only.
        assert!(!p2.contains("id=\"quick-filter\""));
        assert!(!page(&tree, first).contains("id=\"quick-filter\""));
    }
    insta::assert_snapshot!(
        "paged_task_list_vi_2",
        main_of(&page(&tree, "vi/nhiem-vu/trang-2/index.html"))
    );
    insta::assert_snapshot!(
        "paged_task_list_en_1",
        main_of(&page(&tree, "en/tasks/index.html"))
    );

    // A document lists what rests on it; a list longer than a page would be cut to a page
    // with a link to all of them (the corpus test below has such documents): here, not cut.
    for (i, l) in c.linked.documents.iter().enumerate() {
        let longest = [
            l.tasks.len(),
            l.mentioned_by_tasks.len(),
            l.mentioned_by_objectives.len(),
            l.mentioned_by_projects.len(),
            l.cited_by.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        let doc = &c.linked.site.documents[i].id;
        let html = page(&tree, &format!("vi/van-ban/{doc}/index.html"));
        assert_eq!(
            html.contains("/dan-chieu/"),
            longest > 2,
            "{doc}: {longest}"
        );
        assert_eq!(
            tree.contains_key(&format!("vi/van-ban/{doc}/dan-chieu/index.html")),
            longest > 2
        );
    }

    // Every link resolves, pages 2 on are in the sitemap with absolute canonical URLs.
    assert!(check_links(&tree) > 0);
    let out2 = temp_dir("paging-fixture-base");
    let base = "https://example.gov.vn/thu/";
    build_to(&site, &out2.join("public"), Some(base));
    let tree2 = read_tree(&out2.join("public"));
    let sitemap = page(&tree2, "sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{base}vi/nhiem-vu/trang-2/</loc>")));
    assert!(sitemap.contains(&format!("hreflang=\"en\" href=\"{base}en/tasks/page-2/\"")));
    let p2 = page(&tree2, "vi/nhiem-vu/trang-2/index.html");
    assert!(p2.contains(&format!(
        "<link rel=\"canonical\" href=\"{base}vi/nhiem-vu/trang-2/\">"
    )));
    assert!(p2.contains(&format!("<link rel=\"prev\" href=\"{base}vi/nhiem-vu/\">")));

    // List pages are not search records: the same records as with one page per list.
    let plain = temp_dir("paging-fixture-plain");
    let one_page = build_to(&super::fixture("minimal"), &plain.join("public"), None);
    assert_eq!(report.search_records, one_page.search_records);
    let index: Vec<&String> = (tree.keys())
        .filter(|k| k.starts_with("pagefind/") && (k.contains("trang-") || k.contains("page-")))
        .collect();
    assert!(index.is_empty(), "{index:?}");
}

#[test]
fn mid_size_corpus_pages_stay_small() {
    let root = temp_dir("paging-corpus");
    let out = Command::new(env!("CARGO_BIN_EXE_camket-bench"))
        .args(["--tasks", "1000", "--out"])
        .arg(&*root)
        .output()
        .expect("camket-bench runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    set_page_size(&root, 20);
    let dest = temp_dir("paging-corpus-out");
    let mut cfg = camket::config::BuildConfig::new(&*root);
    cfg.out = dest.join("public");
    cfg.search = false;
    super::build_with(&cfg);
    let tree = read_tree(&dest.join("public"));

    // No page is over 300 KB (issue 19's target at 10,000 tasks and the default page size).
    let (largest, size) = (tree.iter())
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.clone(), b.len()))
        .max_by_key(|x| x.1)
        .unwrap();
    assert!(size <= 300_000, "{largest} is {size} bytes");

    let c = checked(&root);
    let s = &c.linked.site;
    let ids = |v: Vec<&String>| v.into_iter().cloned().collect::<BTreeSet<String>>();
    let tasks = ids(s.tasks.iter().map(|t| &t.id).collect());
    let approved = ids(s
        .tasks
        .iter()
        .filter(|t| t.in_approved_plan)
        .map(|t| &t.id)
        .collect());
    for (lang, tasks_dir, agencies, objectives) in [
        ("vi", "nhiem-vu", "co-quan", "muc-tieu"),
        ("en", "tasks", "agencies", "objectives"),
    ] {
        let list = list_pages(&tree, &format!("{lang}/{tasks_dir}/index.html"));
        assert_eq!(list.len(), tasks.len().div_ceil(20));
        exactly_once("task list", &title_ids(&tree, &list), &tasks);
        let list = list_pages(&tree, &format!("{lang}/{agencies}/index.html"));
        let all = ids(s.agencies.iter().map(|a| &a.id).collect());
        exactly_once("agency list", &title_ids(&tree, &list), &all);
        let list = list_pages(&tree, &format!("{lang}/{objectives}/index.html"));
        let all = ids(s.objectives.iter().map(|o| &o.id).collect());
        exactly_once("objective list", &title_ids(&tree, &list), &all);

        // Each view is an index of values; each value's pages list its tasks once, and the
        // values of the year and status views share out the approved tasks.
        let views = match lang {
            "vi" => ["theo-co-quan", "theo-nam", "theo-tinh-trang"],
            _ => ["by-agency", "by-year", "by-status"],
        };
        for (k, view) in views.iter().enumerate() {
            let index = format!("{lang}/{tasks_dir}/{view}/index.html");
            let html = page(&tree, &index);
            let values = hrefs_after(main_of(&html), "<li id=");
            assert!(values.len() > 1, "{index}: {values:?}");
            let mut in_view = Vec::new();
            for v in values {
                let pages = list_pages(&tree, &resolve(&index, v));
                let got = title_ids(&tree, &pages);
                let unique: BTreeSet<String> = got.iter().cloned().collect();
                exactly_once(&pages[0], &got, &unique);
                in_view.extend(got);
            }
            if k > 0 {
                exactly_once(&index, &in_view, &approved);
            }
        }

        // What changed: every progress report once.
        let reports: usize = s.tasks.iter().map(|t| t.reports.len()).sum();
        let changes = match lang {
            "vi" => "vi/thay-doi/index.html",
            _ => "en/changes/index.html",
        };
        let pages = list_pages(&tree, changes);
        assert!(pages.len() > 1);
        let listed: usize = (pages.iter())
            .map(|p| page(&tree, p).matches("<li><time datetime=").count())
            .sum();
        assert_eq!(listed, reports, "reports on the pages of {changes}");
    }

    // The document most rested on: its page lists a page's worth of each list and links to
    // all of them.
    let (di, _) = (c.linked.documents.iter().enumerate())
        .map(|(i, l)| (i, l.tasks.len()))
        .max_by_key(|x| x.1)
        .unwrap();
    let l = &c.linked.documents[di];
    assert!(
        l.tasks.len() > 20,
        "a document is the basis of more tasks than a page"
    );
    let doc_page = page(
        &tree,
        &format!("vi/van-ban/{}/index.html", s.documents[di].id),
    );
    let basis = &doc_page[doc_page.find("id=\"rests-basis\"").unwrap()..];
    let basis = &basis[..basis.find("</ul>").unwrap()];
    assert_eq!(
        basis.matches("<li>").count(),
        20,
        "the document page lists a page's worth"
    );
    let want: Vec<String> = (l.tasks.iter().map(|x| x.0))
        .chain(l.mentioned_by_tasks.iter().copied())
        .map(|t| s.tasks[t].id.clone())
        .collect();
    let pages = list_pages(
        &tree,
        &format!("vi/van-ban/{}/dan-chieu/index.html", s.documents[di].id),
    );
    let mut got: Vec<String> = Vec::new();
    for p in &pages {
        let html = page(&tree, p);
        let main = main_of(&html);
        let lists = &main[main.find("<h3").unwrap_or(0)..];
        got.extend(
            hrefs_after(lists, "<li><a href=")
                .into_iter()
                .filter(|h| h.contains("/nhiem-vu/"))
                .map(id_of),
        );
    }
    assert_eq!(
        got, want,
        "tasks resting on the document, in order, once each"
    );
    assert!(check_links(&tree) > 0);
}
