//! The cascade of plans (`tests/fixtures/cascade`: the minimal site with a resolution, an
//! action programme, the site's plan, a second implementing plan and a notice, six
//! commitments and the links between them).
//!
//! What a reader sees: a page per plan, per commitment, the cascade of a solution group and
//! the coverage table, in both languages; the coverage figures counted from the links and the
//! same in the CSV; "no task in the <plan kind> implements this" in the site's own words; a
//! contradiction with both sources; the walk commitment → task → lead agency and back by
//! links; the new kinds in open data (search records: `src/search/records/cascade.rs`); a site without plans unchanged.

use std::fs;

use super::common::*;

/// Builds a site without the search step (no test here reads the index; fewer search runtimes
/// at once in the test process).
pub(crate) fn build_pages(root: &std::path::Path, out: &std::path::Path, base_url: Option<&str>) {
    report_worker_panics();
    let mut cfg = camket::config::BuildConfig::new(root);
    cfg.out = out.to_path_buf();
    cfg.base_url = base_url.map(str::to_owned);
    cfg.search = false;
    build_with(&cfg);
}

pub(crate) fn built(name: &str) -> (TempFolder, std::collections::BTreeMap<String, Vec<u8>>) {
    let out = temp_dir(name);
    build_pages(&fixture("cascade"), &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    (out, tree)
}

/// The text of a page's `<main>` without tags and with spaces squeezed.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in main_of(html).chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn cascade_pages_of_every_kind_in_both_languages() {
    let (_out, tree) = built("cascade-snap");
    for (name, path) in [
        ("plan_list_vi", "vi/ke-hoach/index.html"),
        ("plan_vi", "vi/ke-hoach/chuong-trinh-thu/index.html"),
        ("plan_root_en", "en/plans/nghi-quyet-thu/index.html"),
        ("plan_primary_en", "en/plans/ke-hoach-thu/index.html"),
        ("commitment_vi", "vi/cam-ket/ct-tuyen-truyen/index.html"),
        ("commitment_en", "en/commitments/ct-chi-so-hdi/index.html"),
        ("cascade_index_en", "en/cascade/index.html"),
        ("cascade_vi", "vi/chuoi-thuc-hien/nhom-1/index.html"),
        ("coverage_vi", "vi/muc-do-thuc-hien/index.html"),
        ("coverage_en", "en/coverage/index.html"),
        ("task_en", "en/tasks/xay-dung-ke-hoach/index.html"),
        ("agency_vi", "vi/co-quan/so-giao-duc/index.html"),
        ("home_en", "en/index.html"),
        ("objective_vi", "vi/muc-tieu/ty-le-truong/index.html"),
    ] {
        insta::assert_snapshot!(name, main_of(&page(&tree, path)));
    }
    // Every page and every link of the site resolves, the new ones included.
    let n = check_links(&tree);
    assert!(n > 150, "only {n} links checked");
    // The navigation names the plans on every page of a site with plans.
    let home = page(&tree, "en/index.html");
    assert!(home.contains(">Plans</a>"), "no Plans in the navigation");
}

#[test]
fn coverage_figures_count_the_links_and_the_csv_agrees() {
    let (out, tree) = built("cascade-coverage");
    let en = text_of(&page(&tree, "en/coverage/index.html"));
    // ct-tuyen-truyen: task I.1 and 3-KH/ĐU; ct-nghien-cuu-sinh: indicator 1.2 states it (no
    // task); ct-chi-so-hdi and ct-to-chuc: nothing. The four figures add up to the total.
    assert!(
        en.contains("1 of 4 commitments implemented by at least one task"),
        "{en}"
    );
    assert!(
        en.contains(
            "1 of 4 commitments with no task, whose target an indicator of the Plan states"
        ),
        "{en}"
    );
    assert!(
        en.contains("0 of 4 commitments implemented only by another plan's commitments"),
        "{en}"
    );
    assert!(
        en.contains("2 of 4 commitments with no task, commitment or indicator"),
        "{en}"
    );
    let vi = text_of(&page(&tree, "vi/muc-do-thuc-hien/index.html"));
    assert!(
        vi.contains("1 trên 4 cam kết có ít nhất một nhiệm vụ thực hiện"),
        "{vi}"
    );
    // The CSV linked from the page holds the same rows.
    let csv = fs::read_to_string(out.join("public/data/coverage.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    let with_task = rows.iter().filter(|r| r.ends_with(",true,true")).count();
    let none = rows.iter().filter(|r| r.ends_with(",,false,false")).count();
    let indicator = (rows.iter())
        .filter(|r| r.ends_with(",nghien-cuu-sinh,false,false"))
        .count();
    assert_eq!((with_task, none, indicator), (1, 2, 1), "{csv}");
    assert!(
        rows[0].contains("ct-tuyen-truyen")
            && rows[0].contains("xay-dung-ke-hoach,past_deadline_no_report,du-tuyen-truyen"),
        "{}",
        rows[0]
    );
    assert!(
        page(&tree, "vi/muc-do-thuc-hien/index.html").contains("href=\"../../data/coverage.csv\"")
    );
}

#[test]
fn no_task_wording_comes_from_the_site_plan_kind() {
    let root = copy_fixture("cascade", "cascade-kind");
    let site = root.join("content/site.yaml");
    let text = fs::read_to_string(&site).unwrap().replace(
        "plan_kind: {vi: \"Kế hoạch\", en: \"Plan\"}",
        "plan_kind: {vi: \"Đề án\", en: \"Scheme\"}",
    );
    fs::write(&site, text).unwrap();
    build_pages(&root, &root.join("public"), None);
    let tree = read_tree(&root.join("public"));
    let en = text_of(&page(&tree, "en/commitments/ct-chi-so-hdi/index.html"));
    assert!(
        en.contains("No task in the Scheme implements this."),
        "{en}"
    );
    let vi = text_of(&page(&tree, "vi/cam-ket/ct-to-chuc/index.html"));
    assert!(
        vi.contains("Không có nhiệm vụ nào trong Đề án thực hiện cam kết này."),
        "{vi}"
    );
    // A commitment a task implements, and one of a plan the site's plan does not implement,
    // say nothing of the kind.
    for path in [
        "en/commitments/ct-tuyen-truyen/index.html",
        "en/commitments/du-tuyen-truyen/index.html",
    ] {
        assert!(!page(&tree, path).contains("No task in the"), "{path}");
    }
}

#[test]
fn a_contradiction_is_shown_with_both_sources() {
    let (_out, tree) = built("cascade-differs");
    let html = main_of(&page(&tree, "en/commitments/ct-chi-so-hdi/index.html")).to_owned();
    let section = &html[html
        .find("id=\"differs-h\"")
        .expect("a differences section")..];
    assert!(section.contains("90% (2-CTr/TU) against ≥ 85 (the plan&#39;s indicator table)"));
    // This commitment's line and the indicator's line, each linked to its document.
    assert!(
        section.contains("documents/chuong-trinh-thu/index.html\">Programme 2-CTr/TU</a>, line 14"),
        "{section}"
    );
    assert!(
        section.contains("documents/ke-hoach-thu/index.html#") && section.contains(", line 9"),
        "{section}"
    );
    // The indicator page is linked, and lists the commitment that states it differently.
    assert!(section.contains("objectives/ty-le-truong/index.html"));
    let objective = main_of(&page(&tree, "en/objectives/ty-le-truong/index.html")).to_owned();
    let section = &objective[objective
        .find("id=\"differs-h\"")
        .expect("a differences section")..];
    assert!(
        section.contains("commitments/ct-chi-so-hdi/index.html") && section.contains(", line 14"),
        "{section}"
    );
}

#[test]
fn commitment_to_task_to_lead_agency_and_back_by_links() {
    let (_out, tree) = built("cascade-walk");
    let from = "vi/cam-ket/ct-tuyen-truyen/index.html";
    let commitment = page(&tree, from);
    let to_task = "../../../vi/nhiem-vu/xay-dung-ke-hoach/index.html";
    assert!(
        commitment.contains(&format!("href=\"{to_task}\"")),
        "the commitment links to its task"
    );
    let task = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    assert!(
        task.contains("href=\"../../../vi/co-quan/so-giao-duc/index.html\""),
        "the task links to its lead"
    );
    assert!(
        task.contains("href=\"../../../vi/cam-ket/ct-tuyen-truyen/index.html\""),
        "the task links back to the commitment"
    );
    let agency = page(&tree, "vi/co-quan/so-giao-duc/index.html");
    let section = &agency[agency
        .find("id=\"comm-h\"")
        .expect("the agency lists its commitments")..];
    assert!(section.contains("href=\"../../../vi/cam-ket/ct-tuyen-truyen/index.html\""));
}

#[test]
fn open_data_covers_plans_and_commitments() {
    let (out, tree) = built("cascade-data");
    let data = out.join("public/data");
    for kind in ["plans", "commitments", "coverage"] {
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(data.join(format!("{kind}.json"))).unwrap())
                .unwrap();
        let schema: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(data.join(format!("{kind}.schema.json"))).unwrap(),
        )
        .unwrap();
        let required = schema["properties"]["records"]["items"]["required"]
            .as_array()
            .unwrap();
        let records = json["records"].as_array().unwrap();
        assert!(!records.is_empty(), "{kind}: no records");
        for r in records {
            let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
            let mut want: Vec<&str> = required.iter().map(|k| k.as_str().unwrap()).collect();
            want.sort_unstable();
            assert_eq!(keys, want, "{kind}: record keys are the schema's");
        }
        assert!(data.join(format!("{kind}.csv")).is_file());
    }
    let c: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(data.join("commitments/ct-tuyen-truyen.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        c["record"]["implemented_by_tasks"],
        serde_json::json!(["xay-dung-ke-hoach"])
    );
    assert_eq!(
        c["record"]["implemented_by_commitments"],
        serde_json::json!(["du-tuyen-truyen"])
    );
    // The data dictionary lists the new tables; a commitment page links its JSON and cites.
    let dict = page(&tree, "en/data/index.html");
    for k in [
        "data/plans.csv",
        "data/commitments.csv",
        "data/coverage.csv",
    ] {
        assert!(dict.contains(k), "dictionary lacks {k}");
    }
    let cpage = page(&tree, "en/commitments/ct-tuyen-truyen/index.html");
    assert!(cpage.contains("data/commitments/ct-tuyen-truyen.json"));
    assert!(
        cpage.contains("“2-CTr/TU III.1 — Đẩy mạnh tuyên truyền"),
        "Vietnamese citation line"
    );
}

#[test]
fn a_site_without_plans_has_no_cascade_pages() {
    let out = temp_dir("cascade-none");
    build_pages(&fixture("minimal"), &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    assert!(!tree.keys().any(|p| p.starts_with("vi/ke-hoach/")
        || p.starts_with("en/plans/")
        || p.starts_with("en/coverage/")
        || p.starts_with("data/plans")
        || p.starts_with("data/coverage")));
    assert!(!page(&tree, "en/index.html").contains(">Plans</a>"));
    assert!(!page(&tree, "en/data/index.html").contains("data/plans.csv"));
}

#[test]
fn two_builds_of_the_cascade_are_identical() {
    let (_a, one) = built("cascade-det-1");
    let (_b, two) = built("cascade-det-2");
    assert_eq!(one.len(), two.len());
    for (path, bytes) in &one {
        assert!(
            two.get(path) == Some(bytes),
            "{path} differs between two builds"
        );
    }
}

#[test]
fn the_sitemap_lists_the_cascade_pages_in_both_languages() {
    let out = temp_dir("cascade-sitemap");
    build_pages(
        &fixture("cascade"),
        &out.join("public"),
        Some("https://example.org/x/"),
    );
    let map = fs::read_to_string(out.join("public/sitemap.xml")).unwrap();
    for loc in [
        "https://example.org/x/vi/ke-hoach/chuong-trinh-thu/",
        "https://example.org/x/vi/cam-ket/ct-tuyen-truyen/",
        "https://example.org/x/vi/cam-ket/",
        "https://example.org/x/vi/chuoi-thuc-hien/nhom-1/",
        "https://example.org/x/vi/muc-do-thuc-hien/",
    ] {
        assert!(
            map.contains(&format!("<loc>{loc}</loc>")),
            "sitemap lacks {loc}"
        );
    }
    assert!(map.contains(
        "hreflang=\"en\" href=\"https://example.org/x/en/commitments/ct-tuyen-truyen/\""
    ));
}
