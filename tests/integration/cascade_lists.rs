//! The cascade in the feeds and lists (`tests/fixtures/cascade`): the site's Atom feed and
//! "What changed" have an entry per plan whose document is dated, on that date; an agency's
//! feed has the commitments it is responsible for, on their plan's date; an undated document
//! gives no entry. Every feed is well-formed Atom (one id, title, updated and link per entry,
//! ids unique, newest first) and its links resolve.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use super::cascade::{build_pages, built};
use super::common::*;

/// The text between `<tag>` and `</tag>` (or the `href` of `<link …/>`), once per entry.
fn field<'a>(entry: &'a str, tag: &str) -> Vec<&'a str> {
    if tag == "link" {
        return (entry
            .split("<link rel=\"alternate\" type=\"text/html\" href=\"")
            .skip(1))
        .map(|r| &r[..r.find('"').unwrap()])
        .collect();
    }
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    (entry.split(open.as_str()).skip(1))
        .map(|r| &r[..r.find(close.as_str()).unwrap()])
        .collect()
}

/// The entries of a feed as (id, updated, title, link), checked to be well formed: each has
/// exactly one of each, ids are unique, dates never increase, every link resolves in `tree`.
fn entries(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> Vec<(String, String, String, String)> {
    let xml = String::from_utf8(tree[path].clone()).unwrap();
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(xml.trim_end().ends_with("</feed>"), "{path}");
    let body = &xml[..xml.find("<entry>").unwrap()];
    assert_eq!(field(body, "id").len(), 1, "{path}: the feed's own id");
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    let dir = &path[..path.rfind('/').unwrap() + 1];
    for e in xml.split("<entry>").skip(1) {
        let e = &e[..e.find("</entry>").expect("closed entry")];
        let (id, upd, title, link) = (
            field(e, "id"),
            field(e, "updated"),
            field(e, "title"),
            field(e, "link"),
        );
        assert!(
            id.len() == 1 && upd.len() == 1 && title.len() == 1 && link.len() == 1,
            "{path}: {e}"
        );
        assert!(ids.insert(id[0].to_owned()), "{path}: id {} twice", id[0]);
        assert!(!title[0].trim().is_empty(), "{path}: {e}");
        // The link resolves to a built page.
        let mut parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
        for seg in link[0].split('/') {
            match seg {
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let target = parts.join("/");
        assert!(
            tree.contains_key(&target),
            "{path}: {} → {target} is not built",
            link[0]
        );
        out.push((
            id[0].to_owned(),
            upd[0].to_owned(),
            title[0].to_owned(),
            link[0].to_owned(),
        ));
    }
    // Newest first; the data-date entry closes the feed.
    let dated: Vec<&str> = out[..out.len() - 1].iter().map(|e| e.1.as_str()).collect();
    let mut sorted = dated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dated, sorted, "{path}: not newest first");
    out
}

#[test]
fn the_site_feed_has_every_dated_plan_on_its_documents_date() {
    let (_out, tree) = built("cascade-feed");
    let vi = entries(&tree, "vi/feed.xml");
    let plans: Vec<(&str, &str, &str)> = (vi.iter())
        .filter(|e| e.0.contains("#plan-"))
        .map(|e| {
            (
                &e.0[e.0.find('#').unwrap() + 1..],
                e.1.as_str(),
                e.3.as_str(),
            )
        })
        .collect();
    // The fixture's five plans, each on its document's date, newest first, linking to the
    // plan page that lists its commitments.
    assert_eq!(
        plans,
        vec![
            (
                "plan-thong-bao-thu",
                "2025-11-20T00:00:00+07:00",
                "../vi/ke-hoach/thong-bao-thu/index.html"
            ),
            (
                "plan-ke-hoach-dang-uy",
                "2025-11-01T00:00:00+07:00",
                "../vi/ke-hoach/ke-hoach-dang-uy/index.html"
            ),
            (
                "plan-ke-hoach-thu",
                "2025-10-20T00:00:00+07:00",
                "../vi/ke-hoach/ke-hoach-thu/index.html"
            ),
            (
                "plan-chuong-trinh-thu",
                "2025-10-01T00:00:00+07:00",
                "../vi/ke-hoach/chuong-trinh-thu/index.html"
            ),
            (
                "plan-nghi-quyet-thu",
                "2025-08-22T00:00:00+07:00",
                "../vi/ke-hoach/nghi-quyet-thu/index.html"
            ),
        ]
    );
    let programme = vi
        .iter()
        .find(|e| e.0.ends_with("#plan-chuong-trinh-thu"))
        .unwrap();
    assert_eq!(
        programme.2,
        "Chương trình hành động 2-CTr/TU: Chương trình hành động thực hiện Nghị quyết 71-NQ/TW"
    );
    let xml = String::from_utf8(tree["en/feed.xml"].clone()).unwrap();
    assert!(
        xml.contains("<summary>Document issued; 4 of its commitments are on this site.</summary>"),
        "{xml}"
    );
    // The progress report is still there, before the older plans.
    assert!(vi[0].0.ends_with("#thuong-xuyen-2026-03-01"), "{:?}", vi[0]);
    entries(&tree, "en/feed.xml");

    // "What changed" lists the same plans by date.
    let changes = page(&tree, "en/changes/index.html");
    let main = main_of(&changes);
    let at = main
        .find("id=\"plans-h\"")
        .expect("a section of plans issued");
    assert!(main[at..].contains("<time datetime=\"2025-10-01\">1 October 2025</time>: <a href=\"../../en/plans/chuong-trinh-thu/index.html\">Action programme 2-CTr/TU</a>"), "{main}");
}

#[test]
fn an_agency_feed_has_the_commitments_it_is_responsible_for() {
    let (_out, tree) = built("cascade-agency-feed");
    let edu = entries(&tree, "vi/co-quan/so-giao-duc/feed.xml");
    let c = edu
        .iter()
        .find(|e| e.0.ends_with("#commitment-ct-tuyen-truyen"))
        .expect("the commitment");
    assert_eq!(
        c.1, "2025-10-01T00:00:00+07:00",
        "dated by its plan's document"
    );
    assert_eq!(c.3, "../../../vi/cam-ket/ct-tuyen-truyen/index.html");
    assert!(c.2.starts_with("2-CTr/TU III.1 "), "{}", c.2);
    // The police: their task's report, then their commitment of the Party committee's plan
    // (dated 1/11/2025).
    let police = entries(&tree, "en/agencies/cong-an/feed.xml");
    assert!(
        police[0].0.ends_with("#thuong-xuyen-2026-03-01"),
        "{police:?}"
    );
    assert!(
        police[1].0.ends_with("#commitment-du-tuyen-truyen")
            && police[1].1.starts_with("2025-11-01"),
        "{police:?}"
    );
    // No plan entries in an agency's feed.
    assert!(!edu.iter().any(|e| e.0.contains("#plan-")));
}

#[test]
fn an_undated_document_gives_no_entry() {
    let root = copy_fixture("cascade", "cascade-undated");
    let docs = root.join("content/documents/documents.yaml");
    let text = fs::read_to_string(&docs).unwrap();
    let edited = text.replace("  date: \"2025-11-01\"\n", "");
    assert_ne!(text, edited);
    fs::write(&docs, edited).unwrap();
    let out = temp_dir("cascade-undated-out");
    build_pages(&root, &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    let vi = entries(&tree, "vi/feed.xml");
    assert_eq!(vi.iter().filter(|e| e.0.contains("#plan-")).count(), 4);
    assert!(!vi.iter().any(|e| e.0.ends_with("#plan-ke-hoach-dang-uy")));
    // Nor does a commitment of that plan in the police's feed: their report and the data date.
    let police = entries(&tree, "vi/co-quan/cong-an/feed.xml");
    assert_eq!(police.len(), 2, "{police:?}");
    assert!(
        !police.iter().any(|e| e.0.contains("#commitment-")),
        "{police:?}"
    );
}

/// The rows of a list page: (commitment page link, `data-status`).
fn rows(html: &str) -> Vec<(String, String)> {
    (main_of(html).split("<tr data-status=\"").skip(1))
        .map(|r| {
            let status = r[..r.find('"').unwrap()].to_owned();
            let at = r.find("<td class=\"title\"><a href=\"").unwrap() + 27;
            let href = r[at..at + r[at..].find('"').unwrap()].to_owned();
            (href, status)
        })
        .collect()
}

#[test]
fn the_list_of_commitments_shows_each_with_its_plan_group_and_implementation() {
    let (_out, tree) = built("cascade-commitment-list");
    insta::assert_snapshot!(
        "commitment_list_vi",
        main_of(&page(&tree, "vi/cam-ket/index.html"))
    );
    insta::assert_snapshot!(
        "commitment_list_en",
        main_of(&page(&tree, "en/commitments/index.html"))
    );
    let en = page(&tree, "en/commitments/index.html");
    // Every commitment of the fixture once, in plan order, each in its own category: a task
    // implements the communication bullet; an indicator (not a task) states the doctoral
    // target; nothing implements the other target and the organisation point; the plans no
    // plan implements are not traced.
    assert_eq!(
        rows(&en),
        [
            ("ct-tuyen-truyen", "task"),
            ("ct-chi-so-hdi", "none"),
            ("ct-nghien-cuu-sinh", "indicator"),
            ("ct-to-chuc", "none"),
            ("du-tuyen-truyen", "not_traced"),
            ("tb-2-1", "not_traced"),
        ]
        .map(|(id, st)| (
            format!("../../en/commitments/{id}/index.html"),
            st.to_owned()
        ))
    );
    // The plan pages, the plan list and the cascade index link to it, at the plan's section.
    let plan = page(&tree, "vi/ke-hoach/chuong-trinh-thu/index.html");
    assert!(plan.contains("href=\"../../../vi/cam-ket/index.html#plan-chuong-trinh-thu\""));
    assert!(page(&tree, "vi/cam-ket/index.html").contains("id=\"plan-chuong-trinh-thu\""));
    assert!(
        page(&tree, "en/cascade/index.html").contains("href=\"../../en/commitments/index.html\"")
    );
    assert!(
        page(&tree, "en/plans/index.html").contains("href=\"../../en/commitments/index.html\"")
    );
    check_links(&tree);
}

#[test]
fn a_long_list_of_commitments_is_split_into_pages() {
    let root = copy_fixture("cascade", "cascade-commitments-paged");
    let site = root.join("content/site.yaml");
    let text = fs::read_to_string(&site).unwrap();
    fs::write(&site, format!("{text}page_size: 2\n")).unwrap();
    let out = temp_dir("cascade-commitments-paged-out");
    build_pages(&root, &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    let mut seen = Vec::new();
    for (n, path) in [
        "vi/cam-ket/index.html",
        "vi/cam-ket/trang-2/index.html",
        "vi/cam-ket/trang-3/index.html",
    ]
    .iter()
    .enumerate()
    {
        let html = page(&tree, path);
        assert!(html.contains("class=\"pager\""), "{path}");
        let here = rows(&html);
        assert!(!here.is_empty() && here.len() <= 2, "{path}: {here:?}");
        seen.extend(
            here.into_iter()
                .map(|(h, _)| h.rsplit("/cam-ket/").next().unwrap().to_owned()),
        );
        if n > 0 {
            assert!(
                !html.contains("id=\"quick-filter\""),
                "no quick filter on a paged list"
            );
        }
    }
    assert!(!tree.contains_key("vi/cam-ket/trang-4/index.html"));
    assert_eq!(
        seen,
        [
            "ct-tuyen-truyen",
            "ct-chi-so-hdi",
            "ct-nghien-cuu-sinh",
            "ct-to-chuc",
            "du-tuyen-truyen",
            "tb-2-1"
        ]
        .map(|id| format!("{id}/index.html"))
    );
    // The notice's commitment is on page 3: its plan page links there.
    let plan = page(&tree, "vi/ke-hoach/thong-bao-thu/index.html");
    assert!(
        plan.contains("href=\"../../../vi/cam-ket/trang-3/index.html#plan-thong-bao-thu\""),
        "{}",
        main_of(&plan)
    );
    // Page 2 begins in the middle of the programme's commitments: its heading says so.
    let p2 = page(&tree, "vi/cam-ket/trang-2/index.html");
    assert!(
        main_of(&p2).contains("<span class=\"muted\">(tiếp theo)</span>"),
        "{}",
        main_of(&p2)
    );
    check_links(&tree);
}

#[test]
fn an_indicator_that_states_a_target_is_shown_apart_from_tasks() {
    let (_out, tree) = built("cascade-indicator-states");
    // The commitment page: no task implements it (said in the site's words), and indicator 1.2
    // states its target, in a section of its own with the reason.
    let c = text_of_main(&page(&tree, "en/commitments/ct-nghien-cuu-sinh/index.html"));
    assert!(c.contains("No task in the Plan implements this."), "{c}");
    let at = c
        .find("Indicators of the Plan that state this target")
        .expect("the section");
    let section = &c[at..];
    assert!(
        section.contains("Indicator 1.2 Why linked: same wording"),
        "{section}"
    );
    assert!(
        section.contains("Doctoral students Target: 25"),
        "{section}"
    );
    let html = page(&tree, "vi/cam-ket/ct-nghien-cuu-sinh/index.html");
    assert!(html.contains("href=\"../../../vi/muc-tieu/nghien-cuu-sinh/index.html\""));
    // The objective page links back, with the reason.
    let o = text_of_main(&page(&tree, "en/objectives/nghien-cuu-sinh/index.html"));
    let at = o
        .find("Higher-level targets this indicator states again")
        .expect("the section");
    assert!(o[at..].contains("2-CTr/TU III.1"), "{o}");
    assert!(o[at..].contains("Why linked: same wording"), "{o}");
    let html = page(&tree, "vi/muc-tieu/nghien-cuu-sinh/index.html");
    assert!(html.contains("href=\"../../../vi/cam-ket/ct-nghien-cuu-sinh/index.html\""));
    // The coverage table shows it in its own column, not as a task.
    let cov = page(&tree, "en/coverage/index.html");
    let row = (cov
        .split("<tr")
        .find(|r| r.contains("ct-nghien-cuu-sinh/index.html")))
    .expect("its row");
    assert!(
        row.contains("<span class=\"not-stated\">No task</span>"),
        "{row}"
    );
    assert!(row.contains("Indicator <a class=\"num\" href=\"../../en/objectives/nghien-cuu-sinh/index.html\">1.2</a>"), "{row}");
    assert!(!row.contains("class=\"none\""), "{row}");
    // Open data: the objective's `implements`, the commitment's `stated_by_objectives`.
    let o: serde_json::Value =
        serde_json::from_slice(&tree["data/objectives/nghien-cuu-sinh.json"]).unwrap();
    assert_eq!(
        o["record"]["implements"],
        serde_json::json!(["ct-nghien-cuu-sinh"]),
        "{o}"
    );
    let c: serde_json::Value =
        serde_json::from_slice(&tree["data/commitments/ct-nghien-cuu-sinh.json"]).unwrap();
    assert_eq!(
        c["record"]["stated_by_objectives"],
        serde_json::json!(["nghien-cuu-sinh"]),
        "{c}"
    );
    assert_eq!(
        c["record"]["implemented_by_tasks"],
        serde_json::json!([]),
        "{c}"
    );
}

/// The text of a page's `<main>` without tags, spaces squeezed.
fn text_of_main(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in main_of(html).chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(ch),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
