//! Relations the data holds are shown both ways (issue 16, item 5): a budget line that names
//! a task and a project ties them, each budget line has an anchor and a permalink on the
//! budget page, and the open data carries the same links.

use std::fs;

use crate::common::{build_to, check_links, copy_fixture, main_of, page, read_tree, temp_dir};

/// The minimal fixture where only a budget line ties the task and the project: the project no
/// longer names the task, the envelope `nhom-1-chuyen-doi-so` names both.
fn tied_by_budget_line() -> crate::common::TempFolder {
    let site = copy_fixture("minimal", "relations");
    let projects = site.join("content/projects/projects.yaml");
    let text = fs::read_to_string(&projects).unwrap();
    assert!(text.contains("  tasks: [xay-dung-ke-hoach]\n"));
    fs::write(
        &projects,
        text.replace("  tasks: [xay-dung-ke-hoach]\n", ""),
    )
    .unwrap();
    let budget = site.join("content/budget/budget.yaml");
    let text = fs::read_to_string(&budget).unwrap();
    let line = "  title: {vi: \"Chuyển đổi số\", en: \"Digital transformation\"}\n";
    assert!(text.contains(line));
    fs::write(
        &budget,
        text.replace(
            line,
            &format!("{line}  tasks: [xay-dung-ke-hoach]\n  projects: [du-an-truong]\n"),
        ),
    )
    .unwrap();
    site
}

fn csv_rows(bytes: &[u8]) -> Vec<std::collections::BTreeMap<String, String>> {
    let text = std::str::from_utf8(bytes)
        .unwrap()
        .trim_start_matches('\u{feff}');
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

#[test]
fn a_budget_line_ties_its_task_and_project_on_pages_and_in_open_data() {
    let site = tied_by_budget_line();
    let out = temp_dir("relations-out");
    build_to(&site, &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    // Every link, anchors included, resolves.
    check_links(&tree);

    for (task, project, budget) in [
        (
            "vi/nhiem-vu/xay-dung-ke-hoach/index.html",
            "vi/du-an/du-an-truong/index.html",
            "kinh-phi/index.html#nhom-1-chuyen-doi-so",
        ),
        (
            "en/tasks/xay-dung-ke-hoach/index.html",
            "en/projects/du-an-truong/index.html",
            "budget/index.html#nhom-1-chuyen-doi-so",
        ),
    ] {
        let t = page(&tree, task);
        let t = main_of(&t);
        assert!(
            t.contains(&format!("{budget}\"")),
            "{task}: no link to the budget line: {t}"
        );
        assert!(
            t.contains("du-an/du-an-truong/index.html\"")
                || t.contains("projects/du-an-truong/index.html\""),
            "{task}: no link to the project"
        );
        let p = page(&tree, project);
        let p = main_of(&p);
        assert!(
            p.contains("xay-dung-ke-hoach/index.html\""),
            "{project}: no link to the task"
        );
        assert!(
            p.contains(&format!("{budget}\"")),
            "{project}: no link to the budget line"
        );
    }

    // The budget page: an anchor per line, and a named permalink to it.
    for (path, label) in [
        (
            "vi/kinh-phi/index.html",
            "Liên kết đến khoản này: Chuyển đổi số",
        ),
        (
            "en/budget/index.html",
            "Link to this line: Digital transformation",
        ),
    ] {
        let b = page(&tree, path);
        for id in [
            "tong",
            "ngan-sach",
            "tong-du-an",
            "nhom-1-chuyen-doi-so",
            "nhom-1-thu-hut",
        ] {
            assert!(
                b.contains(&format!(" id=\"{id}\"")),
                "{path}: no anchor {id}"
            );
            assert!(
                b.contains(&format!("href=\"#{id}\"")),
                "{path}: no permalink to {id}"
            );
        }
        assert!(
            b.contains(label),
            "{path}: the permalink has no name for screen readers"
        );
    }

    // The open data.
    let projects = csv_rows(&tree["data/projects.csv"]);
    assert_eq!(projects[0]["id"], "du-an-truong");
    assert_eq!(projects[0]["tasks"], "xay-dung-ke-hoach");
    assert_eq!(
        projects[0]["budget_lines"],
        "tong-du-an; nhom-1-chuyen-doi-so"
    );
    let tasks = csv_rows(&tree["data/tasks.csv"]);
    let t = tasks
        .iter()
        .find(|r| r["id"] == "xay-dung-ke-hoach")
        .unwrap();
    assert_eq!(t["projects"], "du-an-truong");
    assert_eq!(t["budget_lines"], "nhom-1-chuyen-doi-so");
    let json: serde_json::Value =
        serde_json::from_slice(&tree["data/tasks/xay-dung-ke-hoach.json"]).unwrap();
    assert_eq!(
        json["record"]["budget_lines"],
        serde_json::json!(["nhom-1-chuyen-doi-so"])
    );
    assert_eq!(
        json["record"]["projects"],
        serde_json::json!(["du-an-truong"])
    );
    let budget = csv_rows(&tree["data/budget.csv"]);
    let b = budget
        .iter()
        .find(|r| r["id"] == "nhom-1-chuyen-doi-so")
        .unwrap();
    assert_eq!(b["tasks"], "xay-dung-ke-hoach");
    assert_eq!(b["projects"], "du-an-truong");
    assert_eq!(b["url_vi"], "vi/kinh-phi/index.html#nhom-1-chuyen-doi-so");
    assert_eq!(b["url_en"], "en/budget/index.html#nhom-1-chuyen-doi-so");
    // The schema and the dictionary describe the new columns.
    let schema: serde_json::Value =
        serde_json::from_slice(&tree["data/projects.schema.json"]).unwrap();
    assert!(
        schema
            .pointer("/properties/records/items/properties/budget_lines")
            .is_some()
    );
    assert!(page(&tree, "en/data/index.html").contains("budget_lines"));
}

/// The real site: task V.4 (school buildings) and projects 1 and 2 are tied by the budget line
/// `giai-phap-5-csvc-dat-chuan-mam-non-den-thpt`.
#[test]
fn real_site_task_v4_and_projects_1_and_2_link_each_other() {
    let (_, out, _) = crate::search::real_site();
    let tree = read_tree(out);
    let v4 = page(
        &tree,
        "vi/nhiem-vu/co-so-vat-chat-truong-mam-non-pho-thong-cong-lap/index.html",
    );
    let v4 = main_of(&v4);
    for href in [
        "du-an/csvc-truong-mam-non-tieu-hoc-thcs-cong-lap-2026-2030/",
        "du-an/csvc-truong-thpt-cong-lap-2026-2030/",
        "kinh-phi/index.html#giai-phap-5-csvc-dat-chuan-mam-non-den-thpt",
    ] {
        assert!(v4.contains(href), "V.4 does not link to {href}");
    }
    for p in [
        "vi/du-an/csvc-truong-mam-non-tieu-hoc-thcs-cong-lap-2026-2030/index.html",
        "en/projects/csvc-truong-thpt-cong-lap-2026-2030/index.html",
    ] {
        let html = page(&tree, p);
        assert!(
            main_of(&html).contains("co-so-vat-chat-truong-mam-non-pho-thong-cong-lap/"),
            "{p} does not link to task V.4"
        );
    }
    let projects = csv_rows(&tree["data/projects.csv"]);
    for r in &projects[..2] {
        assert_eq!(
            r["tasks"], "co-so-vat-chat-truong-mam-non-pho-thong-cong-lap",
            "{}",
            r["id"]
        );
    }
}
