//! Progress reports by spreadsheet, end to end through the `camket` binary: the template an
//! agency gets, filled by the test (read with calamine, written back with rust_xlsxwriter, as a
//! spreadsheet program would save it), imported, built; every class of import error; dry runs,
//! repeated imports and failed imports that must leave `content/` byte for byte unchanged.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::common::{build_to, copy_fixture, import, page, read_tree, run_camket};

/// "Today" for every import here: the minimal site's data-as-of date.
const TODAY: &str = "2026-06-30";

#[derive(Debug, Clone, PartialEq)]
enum V {
    S(String),
    N(f64),
    D(u16, u8, u8),
}

fn s(t: &str) -> V {
    V::S(t.to_owned())
}

#[derive(Debug)]
struct Sheet {
    name: String,
    cells: BTreeMap<(u32, u16), V>,
}

impl Sheet {
    fn text(&self, r: u32, c: u16) -> Option<String> {
        match self.cells.get(&(r, c))? {
            V::S(t) => Some(t.clone()),
            other => Some(format!("{other:?}")),
        }
    }

    /// Column of a key (from the template's hidden key row).
    fn col(&self, key: &str) -> u16 {
        self.cells
            .iter()
            .find(|(_, v)| **v == s(key))
            .map(|((_, c), _)| *c)
            .unwrap_or_else(|| panic!("no column {key}"))
    }

    fn find_row(&self, task: &str) -> Option<u32> {
        let c = self.col("task_id");
        self.cells
            .iter()
            .find(|((_, cc), v)| *cc == c && **v == s(task))
            .map(|((r, _), _)| *r)
    }

    fn set(&mut self, task: &str, key: &str, v: V) {
        let r = self
            .find_row(task)
            .unwrap_or_else(|| panic!("no row {task}"));
        let c = self.col(key);
        self.cells.insert((r, c), v);
    }

    /// Adds a row below the last one, as someone typing under the table would.
    fn add_row(&mut self, cells: &[(&str, V)]) {
        let r = self.cells.keys().map(|(r, _)| *r).max().unwrap() + 1;
        for (key, v) in cells {
            let c = self.col(key);
            self.cells.insert((r, c), v.clone());
        }
    }
}

fn read_xlsx(path: &Path) -> Vec<Sheet> {
    let mut wb = calamine::open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap();
        let mut cells = BTreeMap::new();
        for (r, c, v) in range.used_cells() {
            let v = match v {
                Data::String(t) => V::S(t.clone()),
                Data::Float(f) => V::N(*f),
                Data::Int(i) => V::N(*i as f64),
                Data::DateTime(d) => {
                    let (y, m, dd, ..) = d.to_ymd_hms_milli();
                    V::D(y, m, dd)
                }
                other => panic!("unexpected cell {other:?}"),
            };
            cells.insert((r0 + r as u32, (c0 + c as u32) as u16), v);
        }
        out.push(Sheet { name, cells });
    }
    out
}

fn write_xlsx(path: &Path, sheets: &[Sheet]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for sh in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sh.name).unwrap();
        for ((r, c), v) in &sh.cells {
            match v {
                V::S(t) => ws.write_string(*r, *c, t).map(|_| ()),
                V::N(n) => ws.write_number(*r, *c, *n).map(|_| ()),
                V::D(y, m, d) => ws
                    .write_datetime_with_format(
                        *r,
                        *c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// Runs `camket report-template` on `root` and returns the workbook's path.
fn template(root: &Path, args: &[&str]) -> PathBuf {
    let out = root.join("template.xlsx");
    let mut all = vec![
        "report-template",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let (code, stdout, err) = run_camket(&all);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("report template written to"), "{stdout}");
    out
}

/// The agency's template, edited by `edit`, imported on a fresh copy of the minimal site;
/// the import must fail, print nothing on stdout and leave `content/` as it was. Returns
/// stderr with the file's path shortened to `filled.xlsx`.
fn failed_import(test: &str, agency: &str, today: &str, edit: impl FnOnce(&mut Sheet)) -> String {
    let root = copy_fixture("minimal", test);
    let t = template(&root, &["--agency", agency]);
    let mut sheets = read_xlsx(&t);
    edit(&mut sheets[0]);
    let filled = root.join("filled.xlsx");
    write_xlsx(&filled, &sheets);
    let before = read_tree(&root.join("content"));
    let (code, out, err) = import(&root, &filled, today, &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out, "");
    assert!(
        read_tree(&root.join("content")) == before,
        "a failed import changed content/"
    );
    err.replace(filled.to_str().unwrap(), "filled.xlsx")
}

const NOTE_VI: &str = "Đã ban hành Kế hoạch số 12/KH-UBND ngày 15/6/2026 về “tuyên truyền”; xem \"Phụ lục\" \\ mục 2.";

#[test]
fn report_round_trip_appears_on_the_task_page_in_both_languages() {
    let root = copy_fixture("minimal", "reports-round-trip");
    let t = template(&root, &["--agency", "so-giao-duc"]);
    let mut sheets = read_xlsx(&t);
    // The agency's tasks, then the indicators it leads.
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[1].name, "chi-tieu-so-giao-duc");
    let sh = &mut sheets[0];
    assert_eq!(sh.name, "so-giao-duc");
    assert_eq!(sh.text(0, 1).as_deref(), Some("so-giao-duc"));
    // One row per approved task the agency leads: the draft-only task has none.
    assert_eq!(sh.find_row("xay-dung-ke-hoach"), Some(6));
    assert_eq!(sh.find_row("chi-co-trong-du-thao"), None);
    assert_eq!(sh.text(6, sh.col("number")).as_deref(), Some("I.1"));
    assert_eq!(
        sh.text(6, sh.col("title")).as_deref(),
        Some("Xây dựng kế hoạch tuyên truyền")
    );
    assert_eq!(sh.text(6, sh.col("deadline")).as_deref(), Some("Năm 2025"));
    assert_eq!(
        sh.text(6, sh.col("last_status")).as_deref(),
        Some("Chưa có báo cáo")
    );
    // Headers in Vietnamese with English below.
    assert_eq!(sh.text(4, sh.col("status")).as_deref(), Some("Tình trạng"));
    assert_eq!(sh.text(5, sh.col("status")).as_deref(), Some("Status"));

    // Filled in as an agency would: a real spreadsheet date, the Vietnamese status label.
    let task = "xay-dung-ke-hoach";
    sh.set(task, "date", V::D(2026, 6, 15));
    sh.set(task, "status", s("Hoàn thành quá hạn"));
    sh.set(task, "percent", V::N(100.0));
    sh.set(task, "note_vi", s(NOTE_VI));
    sh.set(
        task,
        "evidence",
        s("https://example.gov.vn/ke-hoach-12\nke-hoach-thu"),
    );
    let filled = root.join("filled.xlsx");
    write_xlsx(&filled, &sheets);

    let yaml = root.join("content/tasks/tasks.yaml");
    let before = fs::read_to_string(&yaml).unwrap();
    let inode_before = inode(&yaml);
    let (code, out, err) = import(&root, &filled, TODAY, &[]);
    assert_eq!(code, 0, "{err}");
    let shown = filled.to_str().unwrap();
    assert_eq!(
        out,
        format!(
            "added {shown}:'so-giao-duc'!7 → content/tasks/tasks.yaml: task I.1 (xay-dung-ke-hoach): 15/06/2026, Hoàn thành quá hạn (completed_late), 100 %\n1 report(s) added to 1 file(s); 0 already recorded\n"
        )
    );
    // Only the report's lines are new; every other byte is as it was.
    let block = "  reports:\n    - date: \"2026-06-15\"\n      status: completed_late\n      percent: 100\n      note:\n        vi: \"Đã ban hành Kế hoạch số 12/KH-UBND ngày 15/6/2026 về “tuyên truyền”; xem \\\"Phụ lục\\\" \\\\ mục 2.\"\n      evidence:\n        - url: \"https://example.gov.vn/ke-hoach-12\"\n        - document: \"ke-hoach-thu\"\n";
    let after = fs::read_to_string(&yaml).unwrap();
    assert_eq!(
        after,
        before.replacen("  notes:\n", &format!("{block}  notes:\n"), 1)
    );
    // Written to a temporary file and renamed into place; nothing left behind.
    assert_ne!(
        inode(&yaml),
        inode_before,
        "the file was rewritten in place"
    );
    let leftovers: Vec<_> = fs::read_dir(root.join("content/tasks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "tasks.yaml")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // The report is on the task page in both languages, and in the home page's overview.
    build_to(&root, &root.join("public"), None);
    let tree = read_tree(&root.join("public"));
    let vi = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    let en = page(&tree, "en/tasks/xay-dung-ke-hoach/index.html");
    // The note cites a plan that is not in the content: shown unlinked, with a marker.
    let note = |marker: &str| {
        format!(
            "Đã ban hành <span class=\"cite-unresolved\">Kế hoạch số 12/KH-UBND <span class=\"cite-missing\">[{marker}]</span></span> ngày 15/6/2026 về “tuyên truyền”; xem &quot;Phụ lục&quot; \\ mục 2."
        )
    };
    let note_html = note("văn bản chưa có trên trang này");
    let links = "<br><a href=\"https://example.gov.vn/ke-hoach-12\">https://example.gov.vn/ke-hoach-12</a><br><a href=\"../../../vi/van-ban/ke-hoach-thu/index.html\">Kế hoạch 1/KH-UBND</a></li>";
    assert!(
        vi.contains(&format!("<li><time datetime=\"2026-06-15\">15/6/2026</time>: <strong>Hoàn thành quá hạn</strong> — 100 %<br>{note_html}{links}")),
        "{}",
        crate::common::main_of(&vi)
    );
    assert!(vi.contains("<span class=\"status status-completed_late\">Hoàn thành quá hạn</span>"));
    assert!(
        en.contains(&format!("<li><time datetime=\"2026-06-15\">15 June 2026</time>: <strong>Completed late</strong> — 100 %<br><span lang=\"vi\">{}</span> <span class=\"untranslated\">Not yet translated</span>", note("document not on this site"))),
        "{}",
        crate::common::main_of(&en)
    );
    // The report reaches the "What changed" page and the Atom feeds (site and agency).
    let changes = page(&tree, "vi/thay-doi/index.html");
    assert!(changes.contains("<time datetime=\"2026-06-15\">15/6/2026</time>: <a href=\"../../vi/nhiem-vu/xay-dung-ke-hoach/index.html\">I.1"), "{}", crate::common::main_of(&changes));
    for feed in [
        "vi/feed.xml",
        "en/feed.xml",
        "vi/co-quan/so-giao-duc/feed.xml",
    ] {
        let xml = String::from_utf8(tree[feed].clone()).unwrap();
        assert!(
            xml.contains("<updated>2026-06-15T00:00:00+07:00</updated>"),
            "{feed}: {xml}"
        );
        let entry = xml
            .split("<entry>")
            .find(|e| e.contains("<updated>2026-06-15T"))
            .unwrap();
        assert!(entry.contains("<title>I.1 "), "{feed}: {entry}");
        assert!(
            entry.contains("xay-dung-ke-hoach/index.html"),
            "{feed}: {entry}"
        );
    }
    let home = page(&tree, "vi/index.html");
    assert!(home.contains("<span class=\"big\">1</span> có báo cáo hoàn thành"));
    assert!(home.contains("<span class=\"big\">0</span> đã quá hạn, chưa có báo cáo hoàn thành"));

    // The same file again adds nothing and leaves the file alone.
    let (code, out, err) = import(&root, &filled, TODAY, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "skipped {shown}:'so-giao-duc'!7: task I.1 (xay-dung-ke-hoach): report of 15/06/2026 already recorded\n0 report(s) added to 0 file(s); 1 already recorded\n"
        )
    );
    assert_eq!(fs::read_to_string(&yaml).unwrap(), after);

    // A new template shows the last report.
    let t2 = template(&root, &["--agency", "so-giao-duc"]);
    let sh2 = &read_xlsx(&t2)[0];
    assert_eq!(
        sh2.text(6, sh2.col("last_status")).as_deref(),
        Some("Hoàn thành quá hạn")
    );
    assert_eq!(
        sh2.text(6, sh2.col("last_date")).as_deref(),
        Some("15/06/2026")
    );
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(p).unwrap().ino()
}

#[cfg(not(unix))]
fn inode(_: &Path) -> u64 {
    0
}

/// The text of one file inside the .xlsx (zip) package.
fn xlsx_part(path: &Path, part: &str) -> String {
    let mut z = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// Whether the cell's style unlocks it (sheet protection leaves only those editable).
fn unlocked(sheet_xml: &str, styles_xml: &str, cell: &str) -> bool {
    let at = sheet_xml
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    let rest = &sheet_xml[at..];
    let end = rest.find('>').unwrap();
    let style: usize = match rest[..end].find(" s=\"") {
        Some(i) => rest[i + 4..].split('"').next().unwrap().parse().unwrap(),
        None => 0,
    };
    let xfs =
        &styles_xml[styles_xml.find("<cellXfs").unwrap()..styles_xml.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    xf.contains("locked=\"0\"")
}

#[test]
fn template_for_all_agencies_has_one_protected_sheet_each() {
    let root = copy_fixture("minimal", "reports-template-all");
    let t = template(&root, &["--all"]);
    let sheets = read_xlsx(&t);
    // Agencies that lead an approved task, in Vietnamese name order ("Công an" < "Sở").
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    // An agency that leads indicators gets an indicators sheet after its tasks sheet.
    assert_eq!(names, ["cong-an", "so-giao-duc", "chi-tieu-so-giao-duc"]);
    for sh in &sheets {
        let agency = sh.name.strip_prefix("chi-tieu-").unwrap_or(&sh.name);
        assert_eq!(sh.text(0, 1).as_deref(), Some(agency));
    }
    let ind = xlsx_part(&t, "xl/worksheets/sheet3.xml");
    assert!(
        ind.contains("<sheetProtection"),
        "indicators sheet is protected"
    );
    let sheet = xlsx_part(&t, "xl/worksheets/sheet1.xml");
    let styles = xlsx_part(&t, "xl/styles.xml");
    assert!(sheet.contains("<sheetProtection"), "sheet is protected");
    assert!(
        sheet.contains("<row r=\"4\"")
            && sheet[sheet.find("<row r=\"4\"").unwrap()..]
                .split('>')
                .next()
                .unwrap()
                .contains("hidden=\"1\""),
        "key row hidden"
    );
    // The id column is locked; the report columns are editable.
    assert!(!unlocked(&sheet, &styles, "A7"));
    for c in ["G7", "H7", "I7", "J7", "K7", "L7"] {
        assert!(unlocked(&sheet, &styles, c), "{c} is locked");
    }
    // Status dropdown in Vietnamese, percent 0–100.
    assert!(sheet.contains("type=\"list\""));
    assert!(sheet.contains("<formula1>\"Hoàn thành đúng hạn,Hoàn thành quá hạn,Đang thực hiện trong hạn,Quá hạn chưa hoàn thành,Đang thực hiện thường xuyên\"</formula1>"));
    assert!(
        sheet.contains("type=\"whole\"")
            && sheet.contains("<formula1>0</formula1><formula2>100</formula2>")
    );

    // The same content gives the same bytes.
    let again = fs::read(template(&root, &["--all"])).unwrap();
    assert!(again == fs::read(root.join("template.xlsx")).unwrap());

    // Usage errors.
    let r = root.to_str().unwrap();
    let (code, _, err) = run_camket(&["report-template", "--root", r, "--agency", "khong-co"]);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "error: unknown agency `khong-co`; agency ids are listed in content/agencies/\n"
        )
    );
    let (code, _, err) = run_camket(&["report-template", "--root", r, "--agency", "ubnd-cap-xa"]);
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "error: agency `ubnd-cap-xa` leads no task of the approved plan; there is nothing to report\n"
        )
    );
    let (code, _, _) = run_camket(&["report-template", "--root", r]);
    assert_eq!(code, 2, "--agency or --all is required");
}

/// A CSV with the sheet's Vietnamese headers and an agency column, for the task that already
/// has a report; a row without report data is skipped.
const CSV: &str = "Mã cơ quan,Mã nhiệm vụ (không sửa),Ngày báo cáo (dd/mm/yyyy),Tình trạng,Tỷ lệ hoàn thành (0–100 %),Ghi chú bằng tiếng Việt,Ghi chú bằng tiếng Anh,\"Minh chứng (đường dẫn http(s) hoặc mã văn bản, mỗi dòng một mục)\"\n\
cong-an,thuong-xuyen,01/06/2026,ongoing,45 %,\"Đã tổ chức 3 đợt, 1.200 người tham dự\",\"Held 3 sessions, 1,200 attendees\",https://example.gov.vn/bao-cao-2\n\
cong-an,thuong-xuyen,,,,,,\n";

#[test]
fn csv_import_appends_to_an_existing_report_list() {
    let root = copy_fixture("minimal", "reports-csv");
    let csv = root.join("bao-cao.csv");
    fs::write(&csv, CSV).unwrap();
    let yaml = root.join("content/tasks/tasks.yaml");
    let before = fs::read_to_string(&yaml).unwrap();
    let (code, out, err) = import(&root, &csv, TODAY, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("1 report(s) added to 1 file(s); 0 already recorded\n"),
        "{out}"
    );
    let existing = "      evidence: [{url: \"https://example.gov.vn/bao-cao\"}]\n";
    let block = "    - date: \"2026-06-01\"\n      status: ongoing\n      percent: 45\n      note:\n        vi: \"Đã tổ chức 3 đợt, 1.200 người tham dự\"\n        en: \"Held 3 sessions, 1,200 attendees\"\n      evidence:\n        - url: \"https://example.gov.vn/bao-cao-2\"\n";
    assert_eq!(
        fs::read_to_string(&yaml).unwrap(),
        before.replacen(existing, &format!("{existing}{block}"), 1)
    );
    build_to(&root, &root.join("public"), None);
    let tree = read_tree(&root.join("public"));
    let en = page(&tree, "en/tasks/thuong-xuyen/index.html");
    // Newest first; the English note needs no marker.
    let new = en.find("<time datetime=\"2026-06-01\">1 June 2026</time>: <strong>Ongoing</strong> — 45 %<br>Held 3 sessions, 1,200 attendees<br>").expect("new report shown");
    let old = en
        .find("<time datetime=\"2026-03-01\">")
        .expect("old report kept");
    assert!(new < old);
}

#[test]
fn dry_run_shows_the_lines_and_writes_nothing() {
    let root = copy_fixture("minimal", "reports-dry-run");
    let csv = root.join("bao-cao.csv");
    fs::write(
        &csv,
        "agency,task_id,date,status,percent,note_vi,note_en,evidence\ncong-an,thuong-xuyen,2026-06-01,Đang thực hiện thường xuyên,50,Tiếp tục.,,\n",
    )
    .unwrap();
    let before = read_tree(&root.join("content"));
    let (code, out, err) = import(&root, &csv, TODAY, &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let shown = csv.to_str().unwrap();
    assert_eq!(
        out,
        format!(
            "--- content/tasks/tasks.yaml (task thuong-xuyen, at line 47)\n+    - date: \"2026-06-01\"\n+      status: ongoing\n+      percent: 50\n+      note:\n+        vi: \"Tiếp tục.\"\nwould add {shown}:row 2 → content/tasks/tasks.yaml: task I.2 (thuong-xuyen): 01/06/2026, Đang thực hiện thường xuyên (ongoing), 50 %\n1 report(s) would be added to 1 file(s); 0 already recorded; dry run: nothing was written\n"
        )
    );
    assert!(
        read_tree(&root.join("content")) == before,
        "a dry run wrote"
    );
}

#[test]
fn import_error_unknown_task() {
    let err = failed_import("reports-err-task", "so-giao-duc", TODAY, |sh| {
        sh.add_row(&[
            ("task_id", s("khong-co-nhiem-vu")),
            ("date", s("15/06/2026")),
            ("status", s("Đang thực hiện trong hạn")),
        ]);
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!A8: error: unknown task `khong-co-nhiem-vu`\n  = help: task ids are listed in content/tasks/; do not edit the task id column\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_task_not_led_by_the_agency() {
    let err = failed_import("reports-err-lead", "so-giao-duc", TODAY, |sh| {
        sh.add_row(&[
            ("task_id", s("thuong-xuyen")),
            ("date", s("15/06/2026")),
            ("status", s("ongoing")),
        ]);
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!A8: error: task `thuong-xuyen` (I.2) is not led by `so-giao-duc`\n  = help: it is led by `cong-an`; report it on that agency's sheet\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_unknown_status() {
    let err = failed_import("reports-err-status", "so-giao-duc", TODAY, |sh| {
        sh.set("xay-dung-ke-hoach", "date", s("15/06/2026"));
        sh.set("xay-dung-ke-hoach", "status", s("Xong"));
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!H7: error: `Xong` is not a report status\n  = help: use one of: “Hoàn thành đúng hạn”, “Hoàn thành quá hạn”, “Đang thực hiện trong hạn”, “Quá hạn chưa hoàn thành”, “Đang thực hiện thường xuyên”\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_percent_out_of_range() {
    let err = failed_import("reports-err-percent", "so-giao-duc", TODAY, |sh| {
        sh.set("xay-dung-ke-hoach", "date", s("15/06/2026"));
        sh.set("xay-dung-ke-hoach", "status", s("Quá hạn chưa hoàn thành"));
        sh.set("xay-dung-ke-hoach", "percent", V::N(120.0));
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!I7: error: percent 120 is out of range\n  = help: percent complete is a whole number from 0 to 100\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_date_in_the_future() {
    let err = failed_import("reports-err-future", "so-giao-duc", TODAY, |sh| {
        sh.set("xay-dung-ke-hoach", "date", V::D(2026, 7, 1));
        sh.set("xay-dung-ke-hoach", "status", s("Quá hạn chưa hoàn thành"));
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!G7: error: date 01/07/2026 is in the future (today is 30/06/2026)\n  = help: a report is dated when it is made; check the day, month and year\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_date_after_data_as_of() {
    let err = failed_import("reports-err-as-of", "so-giao-duc", "2026-07-10", |sh| {
        sh.set("xay-dung-ke-hoach", "date", s("05/07/2026"));
        sh.set("xay-dung-ke-hoach", "status", s("Quá hạn chưa hoàn thành"));
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!G7: error: date 05/07/2026 is after the site's data-as-of date (30/06/2026)\n  = help: move data_as_of in content/site.yaml forward to the day the data is current as of, then import again\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_date_before_the_previous_report() {
    let err = failed_import("reports-err-order", "cong-an", TODAY, |sh| {
        sh.set("thuong-xuyen", "date", s("15/02/2026"));
        sh.set("thuong-xuyen", "status", s("Đang thực hiện thường xuyên"));
    });
    assert_eq!(
        err,
        "filled.xlsx:'cong-an'!G7: error: date 15/02/2026 is before the task's previous report (01/03/2026)\n  = help: reports are added in date order; check the date\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_completion_without_evidence() {
    let err = failed_import("reports-err-evidence", "so-giao-duc", TODAY, |sh| {
        sh.set("xay-dung-ke-hoach", "date", s("15/06/2026"));
        sh.set("xay-dung-ke-hoach", "status", s("Hoàn thành quá hạn"));
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!L7: error: a completion report needs evidence\n  = help: give a link to, or the document id of, what shows the task is done (the plan, decision or report issued)\n1 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_reports_every_problem_of_a_row_at_once() {
    let err = failed_import("reports-err-many", "so-giao-duc", TODAY, |sh| {
        let t = "xay-dung-ke-hoach";
        sh.set(t, "date", s("31/02/2026"));
        sh.set(t, "percent", s("nhiều"));
        sh.set(t, "note_en", s("Only English"));
        sh.set(
            t,
            "evidence",
            s("https://example.gov.vn/a; van-ban-khong-co"),
        );
    });
    assert_eq!(
        err,
        "filled.xlsx:'so-giao-duc'!G7: error: `31/02/2026` is not a date\n  = help: write the date as dd/mm/yyyy (15/06/2026), and check the day exists\n\
filled.xlsx:'so-giao-duc'!H7: error: the report has no status\n  = help: pick the status from the list\n\
filled.xlsx:'so-giao-duc'!I7: error: `nhiều` is not a number\n  = help: percent complete is a whole number from 0 to 100\n\
filled.xlsx:'so-giao-duc'!K7: error: the English note has no Vietnamese note\n  = help: write the note in Vietnamese too: it is the reference text\n\
filled.xlsx:'so-giao-duc'!L7: error: `van-ban-khong-co` is neither an http(s) link nor a document id\n  = help: give links starting with https:// (one per line) or ids of records in content/documents/\n\
5 problem(s) in filled.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_error_csv_without_agency_and_draft_only_task() {
    let root = copy_fixture("minimal", "reports-err-csv");
    let csv = root.join("r.csv");
    fs::write(
        &csv,
        "task_id,date,status\nxay-dung-ke-hoach,15/06/2026,in_progress\n",
    )
    .unwrap();
    let before = read_tree(&root.join("content"));
    let (code, _, err) = import(&root, &csv, TODAY, &[]);
    assert_eq!(code, 1);
    let err = err.replace(csv.to_str().unwrap(), "r.csv");
    assert_eq!(
        err,
        "r.csv:B1: error: the sheet does not say which agency it is for\n  = help: put the agency id in B1 after the label “Mã cơ quan / Agency id” (as the template does), or add an `agency` column\n1 problem(s) in r.csv; nothing was imported\n"
    );
    fs::write(&csv, "agency,task_id,date,status\nso-giao-duc,chi-co-trong-du-thao,15/06/2026,in_progress\nso-giao-duc,xay-dung-ke-hoach,15/06/2026,in_progress\nkhong-co,xay-dung-ke-hoach,15/06/2026,in_progress\n").unwrap();
    let (code, _, err) = import(&root, &csv, TODAY, &[]);
    assert_eq!(code, 1);
    let err = err.replace(csv.to_str().unwrap(), "r.csv");
    assert_eq!(
        err,
        "r.csv:B2: error: task `chi-co-trong-du-thao` is not in the approved plan\n  = help: only tasks of the approved plan take progress reports\n\
r.csv:A4: error: unknown agency `khong-co`\n  = help: agency ids are listed in content/agencies/\n\
2 problem(s) in r.csv; nothing was imported\n"
    );
    fs::write(&csv, "agency,task_id,date,status,ghi chú khác\nso-giao-duc,xay-dung-ke-hoach,15/06/2026,in_progress,x\n").unwrap();
    let (code, _, err) = import(&root, &csv, TODAY, &[]);
    assert_eq!(code, 1);
    let err = err.replace(csv.to_str().unwrap(), "r.csv");
    assert!(
        err.starts_with("r.csv:E1: error: unknown column `ghi chú khác`\n  = help: the columns are: task_id, number, title, deadline, last_status, last_date, date, status, percent, note_vi, note_en, evidence, agency\n"),
        "{err}"
    );
    assert!(read_tree(&root.join("content")) == before);
}

#[test]
fn corrupted_workbook_is_refused_and_nothing_changes() {
    let root = copy_fixture("minimal", "reports-err-corrupt");
    let t = template(&root, &["--agency", "so-giao-duc"]);
    let bytes = fs::read(&t).unwrap();
    let half = root.join("half.xlsx");
    fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let before = read_tree(&root.join("content"));
    let (code, out, err) = import(&root, &half, TODAY, &[]);
    assert_eq!(code, 1, "{out}{err}");
    let err = err.replace(half.to_str().unwrap(), "half.xlsx");
    assert!(
        err.starts_with("half.xlsx: error: cannot read the workbook: "),
        "{err}"
    );
    assert!(
        err.ends_with("1 problem(s) in half.xlsx; nothing was imported\n"),
        "{err}"
    );
    assert!(read_tree(&root.join("content")) == before);
}

/// The indicators sheet of the template (the agency's second sheet), filled for `ty-le-truong`.
fn fill_indicator(sheets: &mut [Sheet], cells: &[(&str, V)]) {
    let sh = sheets
        .iter_mut()
        .find(|s| s.name.starts_with("chi-tieu-"))
        .expect("an indicators sheet");
    let c = sh.col("indicator_id");
    let r = sh
        .cells
        .iter()
        .find(|((_, cc), v)| *cc == c && **v == s("ty-le-truong"))
        .map(|((r, _), _)| *r)
        .expect("a row for ty-le-truong");
    for (key, v) in cells {
        let col = sh.col(key);
        sh.cells.insert((r, col), v.clone());
    }
}

/// Template → indicators sheet filled → imported → on the indicator page and in its series;
/// a second import of the same file adds nothing.
#[test]
fn indicator_values_round_trip() {
    let root = copy_fixture("minimal", "indicators-round-trip");
    let t = template(&root, &["--agency", "so-giao-duc"]);
    let mut sheets = read_xlsx(&t);
    fill_indicator(
        &mut sheets,
        &[
            ("period", s("2025-2026")),
            ("value", s("81,5")),
            ("value_unit", s("%")),
            ("source", s("https://example.gov.vn/so-lieu/2026")),
            ("note_vi", s("Số liệu chính thức")),
            ("note_en", s("Official figure")),
        ],
    );
    let filled = root.join("filled.xlsx");
    write_xlsx(&filled, &sheets);
    let (code, out, err) = import(&root, &filled, TODAY, &[]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("indicator ty-le-truong: 2025-2026 = 81.5"),
        "{out}"
    );
    let yaml = fs::read_to_string(root.join("content/objectives/objectives.yaml")).unwrap();
    assert!(
        yaml.contains("    - period: \"2025-2026\"\n      value: \"81.5\"\n      unit: \"%\"\n      url: \"https://example.gov.vn/so-lieu/2026\"\n"),
        "{yaml}"
    );
    let (code, out, _) = import(&root, &filled, TODAY, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("value of 2025-2026 already recorded"), "{out}");
    assert_eq!(
        fs::read_to_string(root.join("content/objectives/objectives.yaml")).unwrap(),
        yaml
    );
    let dir = tempfile::tempdir().unwrap();
    build_to(&root, &dir.path().join("public"), None);
    let tree = read_tree(&dir.path().join("public"));
    for p in [
        "vi/muc-tieu/ty-le-truong/index.html",
        "en/objectives/ty-le-truong/index.html",
    ] {
        assert!(page(&tree, p).contains("2025-2026"), "{p}");
    }
    let csv = String::from_utf8(tree["data/series/ty-le-truong.csv"].clone()).unwrap();
    assert!(
        csv.contains(
            "ty-le-truong,2025-2026,2026,81.5,%,https://example.gov.vn/so-lieu/2026,reported"
        ),
        "{csv}"
    );
}

/// A value in another unit, a percentage over 100, a period in the future and a number that
/// could hold a thousands separator are row errors; nothing is written.
#[test]
fn indicator_values_in_another_unit_or_over_100_percent_are_refused() {
    for (test, period, value, unit, expected) in [
        (
            "indicators-unit",
            "2025-2026",
            "80",
            "người",
            "unit `người` is not the indicator's unit (`%`)",
        ),
        (
            "indicators-over-100",
            "2025-2026",
            "120",
            "%",
            "value 120 is outside 0–100 %",
        ),
        (
            "indicators-future",
            "2031",
            "80",
            "%",
            "period `2031` is in the future",
        ),
        (
            "indicators-thousands",
            "2026",
            "1.250",
            "%",
            "value `1.250` is not a number",
        ),
    ] {
        let root = copy_fixture("minimal", test);
        let t = template(&root, &["--agency", "so-giao-duc"]);
        let mut sheets = read_xlsx(&t);
        fill_indicator(
            &mut sheets,
            &[
                ("period", s(period)),
                ("value", s(value)),
                ("value_unit", s(unit)),
                ("source", s("ke-hoach-thu")),
            ],
        );
        let filled = root.join("filled.xlsx");
        write_xlsx(&filled, &sheets);
        let before = read_tree(&root.join("content"));
        let (code, _, err) = import(&root, &filled, TODAY, &[]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(expected), "{err}");
        assert!(err.contains("nothing was imported"), "{err}");
        assert!(read_tree(&root.join("content")) == before);
    }
}
