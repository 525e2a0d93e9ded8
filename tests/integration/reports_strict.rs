//! `import-reports --strict` applies the rules of `check --strict`, and an agency's report can
//! be a document of the site (type `report`), so that a progress note may cite it.

use std::fs;

use super::{read_tree, run_camket};

const CSV: &str = "Mã cơ quan,Mã nhiệm vụ (không sửa),Ngày báo cáo (dd/mm/yyyy),Tình trạng,Tỷ lệ hoàn thành (0–100 %),Ghi chú bằng tiếng Việt,Ghi chú bằng tiếng Anh,\"Minh chứng (đường dẫn http(s) hoặc mã văn bản, mỗi dòng một mục)\"\n\
so-mau,xay-dung-ke-hoach-trien-khai,20/06/2026,ongoing,50 %,\"Đã trình dự thảo, theo Báo cáo số 15/BC-SM ngày 20/6/2026\",\"Draft submitted, as stated in Report No. 15/BC-SM of 20/6/2026\",\n";

const REPORT_DOC: &str = "- id: 15-bc-sm-2026
  number: \"15/BC-SM\"
  type: report
  issuer: {vi: \"Sở Mẫu\", en: \"Example Department\"}
  date: \"2026-06-20\"
  title: {vi: \"Báo cáo kết quả 6 tháng đầu năm 2026\", en: \"Report on the first half of 2026\"}
";

#[test]
fn import_reports_strict_refuses_a_note_citing_a_missing_document_and_accepts_a_report_document() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("s");
    let root = site.to_str().unwrap();
    let (code, out, err) = run_camket(&["init", root, "--today", "2026-06-30"]);
    assert_eq!(code, 0, "{out}{err}");
    let csv = tmp.path().join("bao-cao.csv");
    fs::write(&csv, CSV).unwrap();
    let import = |strict: bool| {
        let mut args = vec![
            "import-reports",
            csv.to_str().unwrap(),
            "--root",
            root,
            "--today",
            "2026-06-30",
        ];
        if strict {
            args.push("--strict");
        }
        run_camket(&args)
    };

    // The note cites a report the site does not have: --strict refuses, changing nothing.
    let before = read_tree(&site.join("content"));
    let (code, out, err) = import(true);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("15/BC-SM") && err.contains("nothing was imported"),
        "{err}"
    );
    assert!(
        read_tree(&site.join("content")) == before,
        "content changed"
    );
    // Without --strict the same import succeeds and leaves `check --strict` failing: the
    // reason for the flag.
    let (code, out, err) = import(false);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, err) = run_camket(&["check", "--root", root, "--strict"]);
    assert_eq!(code, 1, "{out}{err}");
    for (path, bytes) in &before {
        fs::write(site.join("content").join(path), bytes).unwrap();
    }

    // The agency's report as a document of the site: the strict import goes through and the
    // site still passes check --strict.
    let docs = site.join("content/documents/documents.yaml");
    let mut yaml = fs::read_to_string(&docs).unwrap();
    yaml.push_str(REPORT_DOC);
    fs::write(&docs, yaml).unwrap();
    let (code, out, err) = import(true);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 report(s) added"), "{out}");
    let (code, out, err) = run_camket(&["check", "--root", root, "--strict"]);
    assert_eq!(code, 0, "{out}{err}");

    let public = tmp.path().join("public");
    let (code, out, err) =
        run_camket(&["build", "--root", root, "--out", public.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let tree = read_tree(&public);
    let page = |p: &str| String::from_utf8_lossy(&tree[p]).into_owned();
    let list_vi = page("vi/van-ban/index.html");
    assert!(
        list_vi.contains("<h2>Báo cáo <span class=\"muted\">(1)</span></h2>"),
        "{list_vi}"
    );
    let list_en = page("en/documents/index.html");
    assert!(
        list_en.contains("<h2>Reports <span class=\"muted\">(1)</span></h2>"),
        "{list_en}"
    );
    // The note links to the report's page.
    let task = page("vi/nhiem-vu/xay-dung-ke-hoach-trien-khai/index.html");
    assert!(task.contains("van-ban/15-bc-sm-2026/index.html"), "{task}");
}
