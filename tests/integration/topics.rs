//! Ways in from the home page (issue 16, item 4): topics (`content/topics.yaml`) and their
//! pages, the topic links of record pages, topics in the open data and the sitemap; the home
//! page's search box and its status cards linked to the task list's views. On the `minimal`
//! fixture, whose topics are: `co-so-vat-chat` (task I.1, draft-only task I.3, indicator 1.1,
//! the project), `mam-non` (indicator 1.1.1, the project) and `nha-giao` (nothing).

use std::collections::BTreeMap;
use std::fs;

use super::{build_to, check_links, copy_tree, fixture, main_of, page, read_tree};

/// The `minimal` fixture built with a base URL (so that the sitemap is written).
fn minimal_site() -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_to(
        &fixture("minimal"),
        &out,
        Some("https://example.gov.vn/ke-hoach/"),
    );
    read_tree(&out)
}

/// The hrefs of the links of a piece of HTML, in order.
fn links(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

/// A topic page lists exactly the records that name the topic, each kind under its heading,
/// the draft-only task apart, in both languages; an empty topic says so.
#[test]
fn a_topic_page_lists_exactly_its_records() {
    let tree = minimal_site();
    let html = page(&tree, "vi/chu-de/co-so-vat-chat/index.html");
    let main = main_of(&html);
    assert!(
        main.contains("<h1>Trường lớp, cơ sở vật chất</h1>"),
        "{main}"
    );
    let hrefs = links(main);
    let records: Vec<&str> = hrefs
        .iter()
        .copied()
        .filter(|h| !h.contains("/chu-de/"))
        .collect();
    assert_eq!(
        records,
        [
            "../../../vi/nhiem-vu/xay-dung-ke-hoach/",
            "../../../vi/co-quan/so-giao-duc/",
            "../../../vi/muc-tieu/ty-le-truong/",
            "../../../vi/du-an/du-an-truong/",
            "../../../vi/nhiem-vu/chi-co-trong-du-thao/",
            "../../../vi/co-quan/so-giao-duc/",
        ],
        "the topic's task, indicator, project and draft-only task (with their lead), in that order:\n{main}"
    );
    // The draft-only task is under its own heading, after the approved plan's.
    let draft = main.find("id=\"d-h\"").expect("a draft-only section");
    assert!(main[draft..].contains("chi-co-trong-du-thao"), "{main}");
    assert!(!main[..draft].contains("chi-co-trong-du-thao"), "{main}");
    // The other topics are linked, not this one.
    let others: Vec<&str> = hrefs
        .iter()
        .copied()
        .filter(|h| h.contains("/chu-de/"))
        .collect();
    assert_eq!(
        others,
        [
            "../../../vi/chu-de/mam-non/",
            "../../../vi/chu-de/nha-giao/"
        ]
    );

    let en = page(&tree, "en/topics/mam-non/index.html");
    let en = main_of(&en);
    assert!(en.contains("<h1>Preschool education</h1>"), "{en}");
    assert!(
        en.contains("Preschools, universal preschool education."),
        "{en}"
    );
    let records: Vec<&str> = links(en)
        .into_iter()
        .filter(|h| !h.contains("/topics/"))
        .collect();
    assert_eq!(
        records,
        [
            "../../../en/objectives/ty-le-con/",
            "../../../en/projects/du-an-truong/",
        ],
        "{en}"
    );
    assert!(
        !en.contains("table class=\"tasks"),
        "no task has this topic: {en}"
    );

    let empty = page(&tree, "vi/chu-de/nha-giao/index.html");
    assert!(
        main_of(&empty).contains("Chưa có nhiệm vụ, chỉ tiêu hay dự án nào thuộc chủ đề này."),
        "{empty}"
    );
}

/// The list of topics, the home page's topics, the topic links of a task, an indicator and a
/// project page; the topic pages are in the sitemap and every link resolves.
#[test]
fn topics_are_reachable_from_the_home_page_and_the_record_pages() {
    let tree = minimal_site();
    let list = page(&tree, "en/topics/index.html");
    let list = main_of(&list);
    assert!(
        list.contains(
            "Preschool education</a> <span class=\"muted\">(1 indicators, 1 projects)</span>"
        ),
        "{list}"
    );
    assert!(
        list.contains("School buildings and facilities</a> <span class=\"muted\">(1 tasks, 1 indicators, 1 projects)</span>"),
        "only the approved plan's tasks are counted: {list}"
    );

    let home = page(&tree, "vi/index.html");
    let home = main_of(&home);
    let topics = &home[home
        .find("class=\"home-topics\"")
        .expect("topics on the home page")..];
    assert_eq!(
        links(&topics[..topics.find("</nav>").unwrap()]),
        [
            "../vi/chu-de/mam-non/",
            "../vi/chu-de/co-so-vat-chat/",
            "../vi/chu-de/nha-giao/",
            "../vi/chu-de/"
        ],
        "in the topics' order, then the list"
    );

    for (path, want) in [
        (
            "vi/nhiem-vu/xay-dung-ke-hoach/index.html",
            vec!["../../../vi/chu-de/co-so-vat-chat/"],
        ),
        (
            "en/objectives/ty-le-con/index.html",
            vec!["../../../en/topics/mam-non/"],
        ),
        // Listed `[co-so-vat-chat, mam-non]`, shown in the topics' order.
        (
            "en/projects/du-an-truong/index.html",
            vec![
                "../../../en/topics/mam-non/",
                "../../../en/topics/co-so-vat-chat/",
            ],
        ),
    ] {
        let html = page(&tree, path);
        let main = main_of(&html);
        let at = main
            .find("<ul class=\"topic-tags\">")
            .unwrap_or_else(|| panic!("{path}: no topics\n{main}"));
        let tags = &main[at..at + main[at..].find("</ul>").unwrap()];
        assert_eq!(links(tags), want, "{path}");
    }
    let none = page(&tree, "vi/nhiem-vu/thuong-xuyen/index.html");
    assert!(
        !main_of(&none).contains("topic-tags"),
        "a task without topics shows none"
    );

    let sitemap = String::from_utf8(tree["sitemap.xml"].clone()).unwrap();
    for u in [
        "https://example.gov.vn/ke-hoach/vi/chu-de/</loc>",
        "https://example.gov.vn/ke-hoach/en/topics/nha-giao/</loc>",
    ] {
        assert!(sitemap.contains(u), "sitemap lacks {u}");
    }
    assert!(check_links(&tree) > 0);
}

/// The open data: a `topics` column in tasks, objectives and projects (JSON list, CSV `; `),
/// and the `topics` table with each topic's records.
#[test]
fn topics_are_in_the_open_data() {
    let tree = minimal_site();
    let json = |p: &str| -> serde_json::Value { serde_json::from_slice(&tree[p]).unwrap() };
    let tasks = json("data/tasks.json");
    let task = (tasks["records"].as_array().unwrap().iter())
        .find(|r| r["id"] == "xay-dung-ke-hoach")
        .unwrap();
    assert_eq!(task["topics"], serde_json::json!(["co-so-vat-chat"]));
    let project = json("data/projects/du-an-truong.json");
    assert_eq!(
        project["record"]["topics"],
        serde_json::json!(["mam-non", "co-so-vat-chat"])
    );
    let csv = String::from_utf8(tree["data/projects.csv"].clone()).unwrap();
    assert!(csv.contains(",mam-non; co-so-vat-chat,"), "{csv}");

    let topics = json("data/topics.json");
    let rows = topics["records"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let t = &rows[1];
    assert_eq!(t["id"], "co-so-vat-chat");
    assert_eq!(
        t["tasks"],
        serde_json::json!(["xay-dung-ke-hoach", "chi-co-trong-du-thao"])
    );
    assert_eq!(t["objectives"], serde_json::json!(["ty-le-truong"]));
    assert_eq!(t["projects"], serde_json::json!(["du-an-truong"]));
    assert_eq!(
        t["url_en"],
        "https://example.gov.vn/ke-hoach/en/topics/co-so-vat-chat/"
    );
    assert!(tree.contains_key("data/topics.csv") && tree.contains_key("data/topics.schema.json"));
    let dictionary = page(&tree, "en/data/index.html");
    assert!(
        dictionary.contains("topics.csv"),
        "the data dictionary lists the table"
    );
}

/// A site without `content/topics.yaml` (and no `topics:` in its records) has no topic pages
/// and no topics on its home page.
#[test]
fn a_site_without_topics_has_no_topic_pages() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    fs::remove_file(root.join("content/topics.yaml")).unwrap();
    for f in [
        "content/tasks/tasks.yaml",
        "content/objectives/objectives.yaml",
        "content/projects/projects.yaml",
    ] {
        let p = root.join(f);
        let s = fs::read_to_string(&p).unwrap();
        let kept: Vec<&str> = s
            .lines()
            .filter(|l| !l.trim_start().starts_with("topics:"))
            .collect();
        fs::write(&p, kept.join("\n")).unwrap();
    }
    let out = dir.path().join("public");
    build_to(&root, &out, None);
    let tree = read_tree(&out);
    assert!(
        !tree
            .keys()
            .any(|p| p.contains("/chu-de/") || p.contains("/topics/"))
    );
    let home = page(&tree, "vi/index.html");
    assert!(
        !home.contains("home-topics") && !home.contains("chu-de"),
        "{home}"
    );
    assert!(
        home.contains("<form class=\"home-search\""),
        "the search box stays"
    );
}

/// The home page: a search form that sends its words to the search page as `?q=`, and status
/// cards that lead to the task list's view showing those tasks (the past-deadline card to the
/// by-status page's section, which holds as many tasks as the card counts); a card counting
/// none is not a link.
#[test]
fn the_home_page_search_box_and_status_cards_lead_to_the_tasks() {
    let tree = minimal_site();
    let home = page(&tree, "en/index.html");
    let home = main_of(&home);
    assert!(
        home.contains(
            "<form class=\"home-search\" role=\"search\" method=\"get\" action=\"../en/search/\">"
        ),
        "{home}"
    );
    assert!(
        home.contains("<input type=\"search\" id=\"home-q\" name=\"q\""),
        "{home}"
    );
    let search = page(&tree, "en/search/index.html");
    assert!(
        search.contains("name=\"q\""),
        "the search page reads the same parameter"
    );

    let card = home
        .split("<li class=\"card warn\">")
        .nth(1)
        .expect("the past-deadline card");
    let href = links(card)[0];
    assert_eq!(href, "../en/tasks/by-status/#past-deadline-no-report");
    let count: usize = card
        .split("<span class=\"big\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap()
        .parse()
        .unwrap();
    let facet = page(&tree, "en/tasks/by-status/index.html");
    let section = facet
        .split("<section aria-labelledby=\"past-deadline-no-report\">")
        .nth(1)
        .expect("the section the card links to");
    let section = &section[..section.find("</section>").unwrap()];
    assert_eq!(
        section.matches("<tr data-status=").count(),
        count,
        "{section}"
    );
    // "0 with a completion report": no link.
    assert!(
        home.contains(
            "<li class=\"card\"><span class=\"big\">0</span> with a completion report</li>"
        ),
        "{home}"
    );
}
