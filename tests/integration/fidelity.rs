//! What a page says is what the plan says (issue 17): targets as written, body-text qualifiers,
//! deadlines from the body text, figures the site computes. Each display rule on the `minimal`
//! fixture, and the real content's new quotations checked against their source lines.

use std::fs;
use std::path::Path;

use super::{build_to, copy_tree, fixture, main_of, page, read_tree, run_camket};

/// The `minimal` fixture built into a temporary folder: its pages by path.
fn minimal_pages() -> std::collections::BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    build_to(&fixture("minimal"), &dir.path().join("public"), None);
    read_tree(&dir.path().join("public"))
}

/// A bare target ("25") shows no comparator the table does not write; a written one ("≥ 85")
/// keeps it; the body text's wording ("tối thiểu 25 nghiên cứu sinh") is quoted beside the
/// target with its line, in Vietnamese on the English page too.
#[test]
fn targets_show_only_the_written_comparator_and_the_body_qualifier() {
    let tree = minimal_pages();
    let bare = page(&tree, "vi/muc-tieu/nghien-cuu-sinh/index.html");
    let bare = main_of(&bare);
    assert!(!bare.contains("= 25"), "{bare}");
    assert!(bare.contains("(giá trị: 25 Người)"), "{bare}");
    assert!(
        bare.contains("Lời văn ghi: <q lang=\"vi\">tối thiểu 25 nghiên cứu sinh</q>"),
        "{bare}"
    );
    assert!(bare.contains("dòng 19)"), "{bare}");
    let en = page(&tree, "en/objectives/nghien-cuu-sinh/index.html");
    assert!(
        main_of(&en)
            .contains("The body text says: <q lang=\"vi\">tối thiểu 25 nghiên cứu sinh</q>"),
        "{en}"
    );
    let written = page(&tree, "vi/muc-tieu/ty-le-truong/index.html");
    assert!(main_of(&written).contains("(giá trị: ≥ 85 %)"), "{written}");
}

/// A comparator the target's text does not write is a content error, located, with help.
#[test]
fn a_comparator_not_in_the_written_target_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&fixture("minimal"), &root);
    let f = root.join("content/objectives/objectives.yaml");
    let s = fs::read_to_string(&f).unwrap();
    fs::write(
        &f,
        s.replace(
            "    value: \"25\"\n",
            "    comparator: \"=\"\n    value: \"25\"\n",
        ),
    )
    .unwrap();
    let (code, _, err) = run_camket(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "objectives.yaml:46:17: error: comparator `=` is not written in the target “25”"
        ),
        "{err}"
    );
    assert!(err.contains("a page shows a comparator only where the table writes one"));
}

/// The line of a plain source text (1-based), whitespace-normalised.
fn source_line(root: &Path, plain: &str, line: u32) -> String {
    let text = fs::read_to_string(root.join("content/documents").join(plain)).unwrap();
    super::norm(text.lines().nth(line as usize - 1).unwrap_or(""))
}

/// The real site, loaded and validated, with its root.
fn real_site() -> (&'static Path, camket::model::Site) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (raw, diags) = camket::load::load(root).unwrap();
    assert!(!diags.has_errors());
    let site = camket::validate::validate(&raw, Default::default())
        .site
        .unwrap();
    (root, site)
}

/// The plain source text (file name under content/documents) of a document.
fn plain_text_of(site: &camket::model::Site, doc: &str) -> String {
    let d = site.documents.iter().find(|d| d.id == doc).unwrap();
    d.source_text
        .as_ref()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Every body-text quotation added for issue 17 is found, exactly, on the line it cites.
#[test]
fn real_content_quotations_are_on_their_source_lines() {
    let (root, site) = real_site();
    let plain_of = |doc: &str| plain_text_of(&site, doc);
    let mut checked = 0;
    let mut missing = Vec::new();
    let mut check = |what: String, quote: &str, src: &camket::model::Source| {
        let line = src.line.expect("a quotation names its line");
        checked += 1;
        if !source_line(root, &plain_of(&src.document), line).contains(&super::norm(quote)) {
            missing.push(format!("{what}: “{quote}” not on line {line}"));
        }
    };
    for o in &site.objectives {
        let targets = o
            .target
            .iter()
            .chain(o.parts.iter().filter_map(|p| p.target.as_ref()));
        for t in targets {
            if let Some(q) = &t.qualifier {
                check(
                    format!("objective {} ({})", o.number, o.horizon),
                    &q.as_written,
                    &q.source,
                );
            }
        }
    }
    for t in &site.tasks {
        for d in &t.deadlines_in_text {
            check(
                format!("task {} deadline", t.number),
                &d.when.text.vi,
                &d.source,
            );
            if let Some(a) = &d.about {
                check(
                    format!("task {} deadline's task", t.number),
                    &a.vi,
                    &d.source,
                );
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    assert!(checked >= 16, "only {checked} quotations checked");
}

/// A deadline the body text sets earlier than the table's is shown beside the table's, with its
/// reading and line, and listed on the changes page; the overdue rule keeps the table's.
#[test]
fn an_earlier_body_deadline_is_shown_beside_the_tables_and_listed() {
    let tree = minimal_pages();
    let vi = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    let vi = main_of(&vi);
    let dd = &vi[vi.find("Năm 2025").expect("table deadline")..];
    let dd = &dd[..dd.find("</dd>").unwrap()];
    assert!(dd.contains("(hạn trong bảng nhiệm vụ)"), "{dd}");
    assert!(
        dd.contains("Lời văn ghi hạn: quý I năm 2025 <span class=\"muted\">(<time datetime=\"2025-03-31\">31/3/2025</time>)</span> — <strong>sớm hơn hạn trong bảng</strong>, cho việc Hoàn thành kế hoạch tuyên truyền"),
        "{dd}"
    );
    assert!(dd.contains("dòng 21)"), "{dd}");
    let en = page(&tree, "en/tasks/xay-dung-ke-hoach/index.html");
    assert!(main_of(&en).contains("The body text sets: Q1 2025"), "{en}");
    let changes = page(&tree, "vi/thay-doi/index.html");
    let changes = main_of(&changes);
    let section = &changes[changes
        .find("Hạn trong lời văn khác hạn trong bảng")
        .expect("section")..];
    assert!(
        section.contains("I.1 Xây dựng kế hoạch tuyên truyền"),
        "{section}"
    );
    assert!(section.contains("quý I năm 2025"), "{section}");
    // The task with no body deadline is not listed.
    assert!(!section.contains("I.2 "), "{section}");
}

/// Figures the site computes: the project list's total row is the printed total and the row
/// sum sits apart, labelled as computed; the agency report prints no budget sum; an averaged
/// phase reads as an average over its years; investment to be attracted is charted apart from
/// the budget by group; a draft whose row is cut off is not called "the same".
#[test]
fn computed_figures_are_labelled_or_left_out() {
    let tree = minimal_pages();
    let projects = page(&tree, "vi/du-an/index.html");
    let projects = main_of(&projects);
    let foot = &projects[projects.find("<tfoot>").expect("total row")..];
    let foot = &foot[..foot.find("</tfoot>").unwrap()];
    assert!(
        foot.contains("Tổng bảng dự án") && foot.contains("1.000"),
        "{foot}"
    );
    assert!(!foot.contains("1.119,9"), "{foot}");
    assert!(
        projects.contains("Tổng các dòng: 1.119,9 tỷ đồng — con số do trang này tự cộng, văn bản không in con số này."),
        "{projects}"
    );
    let report = page(&tree, "vi/bao-cao-co-quan/so-giao-duc/index.html");
    assert!(!main_of(&report).contains("<tfoot>"), "{report}");
    assert!(!main_of(&report).contains("Tổng kinh phí của"), "{report}");
    let budget = page(&tree, "en/budget/index.html");
    let budget = main_of(&budget);
    assert!(
        budget.contains("<td>2027–2030</td><td class=\"num\">33.95 <span class=\"average\">per year on average</span></td>"),
        "{budget}"
    );
    assert!(!budget.contains("<td>2028</td>"), "{budget}");
    let home = page(&tree, "vi/index.html");
    let home = main_of(&home);
    let by_group = home
        .find("Kinh phí theo nhóm giải pháp")
        .expect("group chart");
    let attracted = home
        .find("Vốn đầu tư dự kiến thu hút")
        .expect("attracted chart");
    let group_chart = &home[by_group..attracted];
    assert!(group_chart.contains("Chuyển đổi số"), "{group_chart}");
    assert!(
        !group_chart.contains("Thu hút đầu tư trường tư thục"),
        "{group_chart}"
    );
    assert!(home[attracted..].contains("Thu hút đầu tư trường tư thục"));
    let cut = page(&tree, "en/tasks/thuong-xuyen/index.html");
    assert!(
        main_of(&cut).contains("Row I.2 of the draft is cut off"),
        "{cut}"
    );
    assert!(
        !main_of(&cut).contains("is the same as in the approved plan"),
        "{cut}"
    );
}

/// On an English page the draft comparison's approved basis names the documents in English
/// (the quotations are Vietnamese), and the Vietnamese citation line gives the Vietnamese title
/// and lead, not the English ones.
#[test]
fn english_pages_keep_each_language_in_its_place() {
    let tree = minimal_pages();
    let en = page(&tree, "en/tasks/xay-dung-ke-hoach/index.html");
    let en = main_of(&en);
    let row = &en[en.find("<th scope=\"row\">Basis</th>").expect("basis row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("Plan 1/KH-UBND"), "{row}");
    assert!(!row.contains("Kế hoạch số 1/KH-UBND</"), "{row}");
    let cite = &en[en.find("id=\"cite-vi\"").expect("cite line")..];
    let cite = &cite[..cite.find("</p>").unwrap()];
    assert!(
        cite.contains("“I.1 Xây dựng kế hoạch tuyên truyền”. Chủ trì: Sở Giáo dục và Đào tạo."),
        "{cite}"
    );
    let vi = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    let vi = main_of(&vi);
    let row = &vi[vi
        .find("<th scope=\"row\">Cơ sở đề xuất</th>")
        .expect("basis row vi")..];
    assert!(row[..row.find("</tr>").unwrap()].contains("Kế hoạch số 1/KH-UBND"));
}

/// Every baseline and context figure of the real content (issue 20) is found, exactly, on the
/// line of the plain source text it cites, and a baseline's value is the number it quotes.
#[test]
fn real_content_baselines_and_context_figures_are_on_their_source_lines() {
    let (root, site) = real_site();
    let plain_of = |doc: &str| plain_text_of(&site, doc);
    let mut missing = Vec::new();
    let mut baselines = 0;
    for o in &site.objectives {
        let Some(b) = &o.baseline else { continue };
        baselines += 1;
        let line = source_line(root, &plain_of(&b.source.document), b.source.line.unwrap());
        if !line.contains(&super::norm(&b.as_written)) {
            missing.push(format!("baseline of {}: “{}”", o.number, b.as_written));
        }
        // The value, written the Vietnamese way, is in the quotation (no computed baseline).
        let v = b
            .value
            .expect("every baseline of the real site is a number");
        let vi = v.normalize().to_string().replace('.', ",");
        assert!(
            b.as_written.contains(&vi),
            "{}: {vi} not in {}",
            o.number,
            b.as_written
        );
    }
    for c in &site.context {
        let line = source_line(root, &plain_of(&c.source.document), c.source.line.unwrap());
        if !line.contains(&super::norm(&c.as_written)) {
            missing.push(format!("context figure {}: “{}”", c.id, c.as_written));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    // The counts the closing note gives.
    assert_eq!(baselines, 4, "indicators with a baseline");
    assert_eq!(
        site.objectives.len() - baselines,
        49,
        "indicators whose baseline is not stated"
    );
    assert!(
        site.context.len() >= 30,
        "{} context figures",
        site.context.len()
    );
}

/// An indicator page shows baseline, latest value, target and horizon, the status by its stated
/// rule, the chart (every point's value as a text inside the SVG) and its table, and links the
/// series as CSV and JSON in the long format; an indicator without data says so.
#[test]
fn indicator_pages_show_the_series_its_status_and_downloads() {
    let tree = minimal_pages();
    let vi = page(&tree, "vi/muc-tieu/ty-le-truong/index.html");
    let main = main_of(&vi);
    for s in [
        "<span class=\"big\">62,5 %</span> Năm học 2021-2022",
        "<span class=\"big\">79 %</span> 2024-2025",
        "Tiến độ: Đúng hướng",
        "Cách xác định:",
        "<svg class=\"chart series\"",
        ">72,5</text>",
        ">2030</text>",
        "class=\"target-line\"",
        "href=\"../../../data/series/ty-le-truong.csv\"",
        "<q lang=\"vi\">1.250 giáo viên</q>",
    ] {
        assert!(main.contains(s), "{s} missing from\n{main}");
    }
    let en = main_of(&page(&tree, "en/objectives/ty-le-truong/index.html")).to_owned();
    assert!(
        en.contains("<span class=\"big\">62.5 %</span> School year 2021–2022"),
        "{en}"
    );
    assert!(en.contains("Progress: On track"), "{en}");
    let reached = page(&tree, "en/objectives/nghien-cuu-sinh/index.html");
    assert!(main_of(&reached).contains("Progress: Target reached"));
    let none = page(&tree, "vi/muc-tieu/ty-le-con/index.html");
    let none = main_of(&none);
    assert!(none.contains("Tiến độ: Chưa đủ số liệu"), "{none}");
    assert!(none.contains("<dt>Số liệu cơ sở</dt><dd><span class=\"not-stated\">Không nêu</span>"));
    assert!(!none.contains("<svg class=\"chart series\""));

    let csv = String::from_utf8(tree["data/series/ty-le-truong.csv"].clone()).unwrap();
    assert_eq!(
        csv,
        "\u{feff}indicator,period,year,value,unit,source,series\r\nty-le-truong,Năm học 2021-2022,2022,62.5,%,ke-hoach-thu:23,baseline\r\nty-le-truong,2022-2023,2023,68,%,ke-hoach-thu,reported\r\nty-le-truong,2023-2024,2024,72.5,%,https://example.gov.vn/bao-cao/2024,reported\r\nty-le-truong,2024-2025,2025,79,%,ke-hoach-thu,reported\r\n"
    );
    let all: serde_json::Value =
        serde_json::from_slice(&tree["data/indicator-series.json"]).unwrap();
    assert_eq!(all["records"].as_array().unwrap().len(), 6);
    assert_eq!(all["records"][4]["indicator"], "nghien-cuu-sinh");
    assert!(!tree.contains_key("data/series/ty-le-con.csv"));

    // The overview counts, each linking to its set on the objectives page.
    let list = page(&tree, "vi/muc-tieu/index.html");
    let list = main_of(&list);
    assert!(
        list.contains(
            "<a href=\"../../vi/muc-tieu/index.html#set-baseline\"><span class=\"big\">1</span>"
        ),
        "{list}"
    );
    assert!(list.contains("#set-reported\"><span class=\"big\">2</span>"));
    assert!(list.contains("#set-reached\"><span class=\"big\">1</span>"));
    assert!(list.contains("<h2 id=\"set-reached\">"));
    let home = page(&tree, "en/index.html");
    assert!(main_of(&home).contains("indicators with a baseline (of 3)"));
}

/// An amount whose wording in the source reads exactly as the formatted amount is shown once
/// (issue 16, item 8): on the Vietnamese project page "1.119,9" is the amount itself, in the
/// project's facts and in its phasing table; the English page, whose number is written
/// "1,119.9", still quotes the source's "1.119,9".
#[test]
fn an_amount_written_as_formatted_is_shown_once() {
    let tree = minimal_pages();
    let vi = page(&tree, "vi/du-an/du-an-truong/index.html");
    // The record itself (the phasing chart after it draws the same figures).
    let vi = main_of(&vi);
    let vi = &vi[..vi.find("</article>").unwrap()];
    assert_eq!(vi.matches("1.119,9").count(), 1, "{vi}");
    assert_eq!(vi.matches("100,5").count(), 1, "{vi}");
    let en = page(&tree, "en/projects/du-an-truong/index.html");
    assert!(
        main_of(&en).contains("1,119.9 billion VND <span class=\"muted\">(as written: <span lang=\"vi\">1.119,9</span>)</span>"),
        "{en}"
    );
}
