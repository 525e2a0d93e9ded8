//! Themes that change only what they change: a site's `themes/default/i18n/vi.yaml` holding
//! one key, and a `templates/base.html` that extends the built-in one (`default/base.html`)
//! and fills one block. The build shows the new string and block; every other byte is the
//! same as without the theme.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::{check_links, read_tree, run_camket};

fn new_site(dir: &Path) {
    let (code, out, err) = run_camket(&["init", dir.to_str().unwrap(), "--today", "2026-06-30"]);
    assert_eq!(code, 0, "{out}{err}");
}

fn build(root: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let (code, stdout, err) = run_camket(&[
        "build",
        "--strict",
        "--no-search",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "build failed:\n{stdout}{err}");
    assert!(!err.contains("warning"), "{err}");
    read_tree(out)
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The page without its `<footer>…</footer>`, and the footer.
fn split_footer(html: &str) -> (String, Option<String>) {
    match (html.find("<footer"), html.find("</footer>")) {
        (Some(a), Some(b)) => {
            let b = b + "</footer>".len();
            (
                format!("{}{}", &html[..a], &html[b..]),
                Some(html[a..b].to_owned()),
            )
        }
        _ => (html.to_owned(), None),
    }
}

#[test]
fn a_theme_overrides_one_ui_string_and_the_footer_block_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    new_site(&site);
    let plain = build(&site, &tmp.path().join("plain"));

    write(
        &site.join("themes/default/i18n/vi.yaml"),
        "skip_to_content: \"Đến nội dung chính\"\n",
    );
    write(
        &site.join("themes/default/templates/base.html"),
        r#"{% extends "default/base.html" %}
{% block footer %}
<footer class="site-footer"><div class="wrap">
<p>{{ m.tx(site.publisher) }} · {{ ui.data_as_of }} {{ site.data_as_of }}</p>
<p class="site-note">Trang thử của tỉnh Mẫu</p>
</div></footer>
{% endblock %}
"#,
    );
    let themed = build(&site, &tmp.path().join("themed"));
    check_links(&themed);

    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        themed.keys().collect::<Vec<_>>()
    );
    let (mut footers, mut strings) = (0, 0);
    for (path, before) in &plain {
        let after = &themed[path];
        if !path.ends_with(".html") {
            assert!(before == after, "{path} changed");
            continue;
        }
        let (before, after) = (
            String::from_utf8_lossy(before).into_owned(),
            String::from_utf8_lossy(after).into_owned(),
        );
        let (rest_before, foot_before) = split_footer(&before);
        let (rest_after, foot_after) = split_footer(&after);
        let expected = if path.starts_with("vi/")
            && rest_before.contains("Bỏ qua, đến nội dung chính")
        {
            strings += 1;
            rest_before.replace("Bỏ qua, đến nội dung chính", "Đến nội dung chính")
        } else {
            rest_before
        };
        assert_eq!(
            rest_after, expected,
            "{path}: more than the footer and the string changed"
        );
        if let (Some(_), Some(f)) = (foot_before, foot_after) {
            footers += 1;
            assert!(
                f.contains("<p class=\"site-note\">Trang thử của tỉnh Mẫu</p>"),
                "{path}: {f}"
            );
            let publisher = if path.starts_with("vi/") {
                "Sở Mẫu, tỉnh Mẫu (ví dụ) · Dữ liệu tính đến ngày"
            } else {
                "Example Department, Mẫu province (example) · Data as of"
            };
            assert!(f.contains(publisher), "{path}: {f}");
        }
    }
    assert!(footers > 40, "only {footers} pages with the new footer");
    assert!(strings > 20, "only {strings} pages with the new string");
    // The English pages keep the default string.
    let en = String::from_utf8_lossy(&themed["en/index.html"]).into_owned();
    assert!(en.contains("Skip to main content"), "{en}");
}

/// The worked example of docs/theming.md, file for file.
const EXAMPLE_BASE: &str = r#"{% extends "default/base.html" %}
{% block head %}{{ super() }}<link rel="stylesheet" href="{{ asset_url("site.css") }}">
{% endblock %}
{% block brand %}
<a class="brand" href="{{ page.home }}"><img src="{{ asset_url("emblem.svg") }}" alt="" width="32" height="32">{{ m.tx(site.title) }}</a>
{% endblock %}
{% block footer_extra %}
{% if page.lang == "vi" %}
<p>Cổng thông tin điện tử tỉnh Mẫu</p>
{% else %}
<p>Mẫu province web portal</p>
{% endif %}
{% endblock %}
"#;

#[test]
fn the_worked_example_emblem_colours_and_footer_line_builds() {
    let doc =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/theming.md")).unwrap();
    assert!(
        doc.contains(EXAMPLE_BASE),
        "docs/theming.md's base.html differs from the test's"
    );
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    new_site(&site);
    let plain = build(&site, &tmp.path().join("plain"));
    let t = site.join("themes/default");
    write(
        &t.join("static/emblem.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"#c00\"/></svg>\n",
    );
    write(
        &t.join("static/site.css"),
        ":root { --accent: #7a1f1f; }\n.brand img { vertical-align: middle; margin-right: 0.4rem; }\n",
    );
    write(&t.join("templates/base.html"), EXAMPLE_BASE);
    // A key the default theme does not have: a located error, nothing built.
    write(
        &t.join("i18n/vi.yaml"),
        "data_as_of: \"Số liệu cập nhật đến ngày\"\nfooter_note: \"Cổng thông tin\"\n",
    );
    let (code, _, err) = run_camket(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("themes/default/i18n/vi.yaml:2:1: error: unknown UI string `footer_note`"),
        "{err}"
    );
    write(
        &t.join("i18n/vi.yaml"),
        "data_as_of: \"Số liệu cập nhật đến ngày\"\n",
    );

    let tree = build(&site, &tmp.path().join("out"));
    assert!(check_links(&tree) > 300);
    let task =
        String::from_utf8_lossy(&tree["vi/nhiem-vu/xay-dung-ke-hoach-trien-khai/index.html"])
            .into_owned();
    assert!(
        task.contains(r#"<img src="../../../assets/emblem.svg""#),
        "{task}"
    );
    assert!(
        task.contains(r#"<link rel="stylesheet" href="../../../assets/style.css">"#),
        "{task}"
    );
    assert!(
        task.contains(r#"<link rel="stylesheet" href="../../../assets/site.css">"#),
        "{task}"
    );
    assert!(
        task.contains("<p>Cổng thông tin điện tử tỉnh Mẫu</p>\n</div>\n</footer>"),
        "{task}"
    );
    assert!(task.contains("Số liệu cập nhật đến ngày:"), "{task}");
    let en = String::from_utf8_lossy(&tree["en/index.html"]).into_owned();
    assert!(
        en.contains("<p>Mẫu province web portal</p>\n</div>\n</footer>"),
        "{en}"
    );
    assert_eq!(&tree["assets/emblem.svg"][..4], b"<svg");
    // Only the theme's own files are new; the default assets are unchanged.
    for (path, bytes) in &plain {
        if path.starts_with("assets/") || path.starts_with("data/") {
            assert!(&tree[path] == bytes, "{path} changed");
        }
    }
}
