//! Safety of `import-reports` and of the open data CSV (issue 14, items 8, 9, 11, 12, 16), end
//! to end through the `camket` binary on copies of the minimal fixture: a zip bomb and a
//! far-away cell refused quickly, cells too long or with control characters, formula cells
//! without a value, data in unnamed columns, contradictory reports of one day, an import that
//! would grow a task file past what the build reads, and CSV cells that a spreadsheet would run
//! as formulas. Each failed import must exit 1, print nothing on stdout, name the cell and leave
//! `content/` byte for byte unchanged.

use std::fs;
use std::io::{Read as _, Write as _};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{build_to, copy_fixture, import, read_tree, run_camket};

const TODAY: &str = "2026-06-30";

/// Imports `file` into `root` and expects a refusal: exit 1, nothing on stdout, `content/`
/// unchanged. Returns stderr with the file's path shortened to its name.
fn refused(root: &Path, file: &Path, dry_run: bool) -> String {
    let before = read_tree(&root.join("content"));
    let extra: &[&str] = if dry_run { &["--dry-run"] } else { &[] };
    let (code, out, err) = import(root, file, TODAY, extra);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out, "");
    assert!(!err.contains("internal error"), "{err}");
    assert!(
        read_tree(&root.join("content")) == before,
        "a failed import changed content/"
    );
    let name = file.file_name().unwrap().to_str().unwrap();
    err.replace(file.to_str().unwrap(), name)
}

/// The so-giao-duc template of `root`, with each entry passed through `edit` (name, bytes).
fn edited_template(
    root: &Path,
    out: &Path,
    level: Option<i64>,
    edit: impl Fn(&str, Vec<u8>) -> Vec<u8>,
) {
    let t = root.join("template.xlsx");
    let (code, _, err) = run_camket(&[
        "report-template",
        "--root",
        root.to_str().unwrap(),
        "--agency",
        "so-giao-duc",
        "--out",
        t.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut zin = zip::ZipArchive::new(fs::File::open(&t).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(fs::File::create(out).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(level);
        zout.start_file(name.as_str(), opts).unwrap();
        zout.write_all(&edit(&name, bytes)).unwrap();
    }
    zout.finish().unwrap();
}

/// Adds cells (raw `<c>` XML) at the end of row 7 (task `xay-dung-ke-hoach`) of the first sheet.
fn add_to_row_7(cells: &str) -> impl Fn(&str, Vec<u8>) -> Vec<u8> + '_ {
    move |name, bytes| {
        if name != "xl/worksheets/sheet1.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        let row = xml.find("<row r=\"7\"").expect("row 7");
        let end = row + xml[row..].find("</row>").unwrap();
        format!("{}{cells}{}", &xml[..end], &xml[end..]).into_bytes()
    }
}

fn inline(cell: &str, text: &str) -> String {
    format!("<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
}

#[test]
fn import_zip_bomb_is_refused_quickly() {
    let root = copy_fixture("minimal", "safety-zip-bomb");
    // A sheet that unpacks to 100 MiB (spaces, valid XML) from a file of ~100 KiB.
    let bomb = root.join("bomb.xlsx");
    let pad = " ".repeat(100 * 1024 * 1024);
    edited_template(&root, &bomb, Some(1), |name, bytes| {
        if name != "xl/worksheets/sheet1.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        xml.replacen("<sheetData>", &format!("<sheetData>{pad}"), 1)
            .into_bytes()
    });
    assert!(fs::metadata(&bomb).unwrap().len() < 2 * 1024 * 1024);
    let start = Instant::now();
    let err = refused(&root, &bomb, true);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        err,
        "bomb.xlsx: error: the workbook is refused: its parts unpack to more than 64 MiB (`xl/worksheets/sheet1.xml` alone is 100 MiB)\n  = help: a report workbook unpacks to a few MiB at most; fill in a fresh workbook from `camket report-template` (up to 64 MiB unpacked are read)\n1 problem(s) in bomb.xlsx; nothing was imported\n"
    );
    // Under the total, an entry that unpacks far more than any sheet does is refused too.
    let pad = " ".repeat(8 * 1024 * 1024);
    edited_template(&root, &bomb, Some(9), |name, bytes| {
        if name != "xl/worksheets/sheet1.xml" {
            return bytes;
        }
        let xml = String::from_utf8(bytes).unwrap();
        xml.replacen("<sheetData>", &format!("<sheetData>{pad}"), 1)
            .into_bytes()
    });
    let err = refused(&root, &bomb, false);
    assert!(
        err.starts_with(
            "bomb.xlsx: error: the workbook is refused: part `xl/worksheets/sheet1.xml` unpacks "
        ),
        "{err}"
    );
    assert!(err.contains("as a zip bomb does"), "{err}");
}

#[test]
fn import_far_away_cell_is_refused() {
    let root = copy_fixture("minimal", "safety-far-cell");
    let far = root.join("far.xlsx");
    edited_template(&root, &far, None, add_to_row_7(&inline("A200001", "x")));
    let err = refused(&root, &far, true);
    assert_eq!(
        err,
        "far.xlsx:'so-giao-duc'!A200001: error: the sheet has data in row 200001; at most 100000 rows are read\n  = help: delete what is not a report, or split the reports over several files\n1 problem(s) in far.xlsx; nothing was imported\n"
    );
}

const HEAD: &str = "agency,task_id,date,status,percent,note_vi,note_en,evidence\n";

#[test]
fn import_cell_over_the_length_limit_is_a_row_error() {
    let root = copy_fixture("minimal", "safety-long-cell");
    let csv = root.join("r.csv");
    let note = "ạ".repeat(10_001);
    fs::write(
        &csv,
        format!("{HEAD}cong-an,thuong-xuyen,15/06/2026,ongoing,50,{note},,\n"),
    )
    .unwrap();
    assert_eq!(
        refused(&root, &csv, false),
        "r.csv:F2: error: the cell holds 10001 characters; at most 10000 are read\n  = help: shorten the text; put a long report in a document and give its link as evidence\n1 problem(s) in r.csv; nothing was imported\n"
    );
}

#[test]
fn import_control_characters_are_row_errors() {
    let root = copy_fixture("minimal", "safety-control");
    let csv = root.join("r.csv");
    fs::write(
        &csv,
        format!("{HEAD}cong-an,thuong-xuyen,15/06/2026,ongoing,50,Đã \u{1b}[31mxong,Done\u{0},\n"),
    )
    .unwrap();
    assert_eq!(
        refused(&root, &csv, false),
        "r.csv:F2: error: the cell holds the control character U+001B\n  = help: delete it (retype the text, or paste it as plain text); only tabs and line breaks are kept\n\
r.csv:G2: error: the cell holds the control character U+0000\n  = help: delete it (retype the text, or paste it as plain text); only tabs and line breaks are kept\n\
2 problem(s) in r.csv; nothing was imported\n"
    );
    // Tabs and line breaks are text.
    fs::write(
        &csv,
        format!("{HEAD}cong-an,thuong-xuyen,15/06/2026,ongoing,50,\"Đã\txong\r\ndòng 2\",,\n"),
    )
    .unwrap();
    let (code, _, err) = run_camket(&[
        "import-reports",
        csv.to_str().unwrap(),
        "--root",
        root.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn import_formula_without_a_value_is_a_row_error() {
    let root = copy_fixture("minimal", "safety-formula");
    let f = root.join("f.xlsx");
    let cells = format!(
        "{}{}<c r=\"I7\"><f>40+5</f></c>",
        inline("G7", "15/06/2026"),
        inline("H7", "Đang thực hiện trong hạn")
    );
    edited_template(&root, &f, None, add_to_row_7(&cells));
    assert_eq!(
        refused(&root, &f, false),
        "f.xlsx:'so-giao-duc'!I7: error: the cell holds the formula `=40+5` without a computed value\n  = help: type the value itself instead of a formula (or open the file in a spreadsheet program and save it, so the value is computed)\n1 problem(s) in f.xlsx; nothing was imported\n"
    );
}

#[test]
fn import_data_in_unnamed_columns_is_an_error() {
    let root = copy_fixture("minimal", "safety-extra-col");
    let f = root.join("x.xlsx");
    let cells = format!(
        "{}{}{}",
        inline("G7", "15/06/2026"),
        inline("H7", "Đang thực hiện trong hạn"),
        inline("M7", "thêm ghi chú")
    );
    edited_template(&root, &f, None, add_to_row_7(&cells));
    let err = refused(&root, &f, false);
    assert!(
        err.starts_with("x.xlsx:'so-giao-duc'!M7: error: column M holds data but has no column name\n  = help: move the value to its column or delete it; the columns are named in row 4 ("),
        "{err}"
    );
    assert!(
        err.ends_with("\n1 problem(s) in x.xlsx; nothing was imported\n"),
        "{err}"
    );
    // A CSV row with more fields than the header row.
    let csv = root.join("r.csv");
    fs::write(
        &csv,
        format!("{HEAD}cong-an,thuong-xuyen,15/06/2026,ongoing,50,Tiếp tục.,,,Ghi chú lạc cột\n"),
    )
    .unwrap();
    let err = refused(&root, &csv, false);
    assert!(
        err.starts_with("r.csv:I2: error: column I holds data but has no column name\n  = help: move the value to its column or delete it; the columns are named in row 1 (agency, date, evidence, note_en, note_vi, percent, status, task_id); a CSV row may not have more fields than its first row\n"),
        "{err}"
    );
}

#[test]
fn import_contradictory_reports_of_one_day_are_row_errors() {
    let root = copy_fixture("minimal", "safety-same-day");
    let csv = root.join("r.csv");
    // Two different reports of one task on one day in the file; one contradicting the
    // recorded report of 01/03/2026 (ongoing, 40 %).
    fs::write(
        &csv,
        format!(
            "{HEAD}cong-an,thuong-xuyen,15/06/2026,ongoing,50,,,\n\
cong-an,thuong-xuyen,15/06/2026,ongoing,60,,,\n\
cong-an,thuong-xuyen,01/03/2026,ongoing,45,,,\n"
        ),
    )
    .unwrap();
    assert_eq!(
        refused(&root, &csv, false),
        "r.csv:C3: error: task `thuong-xuyen` (I.2) has a different report of the same day (15/06/2026) at row 2\n  = help: a task has one report per day: keep one of the two rows, or correct the date\n\
r.csv:C4: error: task `thuong-xuyen` (I.2) already has a different report dated 01/03/2026\n  = help: a task has one report per day: correct the date, or change the recorded report in content/tasks/ by hand\n\
2 problem(s) in r.csv; nothing was imported\n"
    );
}

#[test]
fn import_that_would_grow_a_task_file_past_the_build_limit_is_refused() {
    let root = copy_fixture("minimal", "safety-grow");
    let yaml = root.join("content/tasks/tasks.yaml");
    // A task file just under the 16 MiB the build reads (a long comment at its end).
    let mut text = fs::read_to_string(&yaml).unwrap();
    let limit = 16 * 1024 * 1024;
    let room = limit - text.len() - 20_000;
    text.push('#');
    text.push_str(&"x".repeat(room));
    text.push('\n');
    fs::write(&yaml, &text).unwrap();
    let (code, _, err) = run_camket(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let csv = root.join("r.csv");
    let note = "ạ".repeat(9_000);
    fs::write(
        &csv,
        format!("{HEAD}cong-an,thuong-xuyen,15/06/2026,ongoing,50,{note},,\n"),
    )
    .unwrap();
    let err = refused(&root, &csv, true);
    assert!(
        err.contains("content/tasks/tasks.yaml: error: with the new reports the file would be 17 MiB, over the 16 MiB a content file may hold (the build would refuse it)"),
        "{err}"
    );
    assert!(
        err.contains("move some tasks to another file in content/tasks/"),
        "{err}"
    );
}

#[test]
fn open_data_csv_neutralises_formulas_and_json_keeps_the_text() {
    let root = copy_fixture("minimal", "safety-csv-formula");
    let yaml = root.join("content/tasks/tasks.yaml");
    let text = fs::read_to_string(&yaml).unwrap().replacen(
        "title: {vi: \"Nhiệm vụ thường xuyên\"}",
        "title: {vi: \"=1+1\", en: \"\\t=1+1\"}",
        1,
    );
    fs::write(&yaml, text).unwrap();
    build_to(&root, &root.join("public"), None);
    let tree = read_tree(&root.join("public"));
    let json: serde_json::Value = serde_json::from_slice(&tree["data/tasks.json"]).unwrap();
    let rec = json["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "thuong-xuyen")
        .unwrap();
    assert_eq!(rec["title_vi"], "=1+1");
    let title_en = rec["title_en"].as_str().unwrap().to_owned();
    assert!(title_en.ends_with("=1+1"), "{title_en}");
    let mut rdr = csv::Reader::from_reader(&tree["data/tasks.csv"][3..]);
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rdr
        .records()
        .map(Result::unwrap)
        .find(|r| &r[col("id")] == "thuong-xuyen")
        .unwrap();
    assert_eq!(&row[col("title_vi")], "'=1+1");
    assert_eq!(row[col("title_en")], format!("'{title_en}"));
    // Columns camket writes itself are left alone; other text is exact.
    assert_eq!(&row[col("number")], "I.2");
    let other = rdr_row(&tree["data/tasks.csv"][3..], "xay-dung-ke-hoach");
    assert_eq!(other["budget_billion_vnd"], "21325.7201");
    assert_eq!(other["title_vi"], "Xây dựng kế hoạch tuyên truyền");
}

fn rdr_row(bytes: &[u8], id: &str) -> std::collections::BTreeMap<String, String> {
    let mut rdr = csv::Reader::from_reader(bytes);
    let header = rdr.headers().unwrap().clone();
    let row = rdr
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(0) == Some(id))
        .unwrap();
    header
        .iter()
        .zip(row.iter())
        .map(|(h, v)| (h.to_owned(), v.to_owned()))
        .collect()
}
