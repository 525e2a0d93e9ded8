//! Publishing details of `site.yaml` (issue 16, item 7): the brand colour, the licence of the
//! data and the contact link reach the pages, the stylesheet and the open data.

use crate::common::{build_to, fixture, page, read_tree, temp_dir};

#[test]
fn brand_colour_licence_and_contact_reach_pages_and_open_data() {
    let out = temp_dir("publishing");
    build_to(&fixture("minimal"), &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    // The brand colour is a stylesheet (no inline style under the CSP), linked from every page.
    let css = String::from_utf8(tree["assets/brand.css"].clone()).unwrap();
    assert!(css.contains("--accent: #1d4f2a;"), "{css}");
    for (path, report, licence) in [
        (
            "vi/nhiem-vu/xay-dung-ke-hoach/index.html",
            "Báo lỗi trên trang này",
            "Giấy phép dữ liệu",
        ),
        (
            "en/tasks/xay-dung-ke-hoach/index.html",
            "Report an error on this page",
            "Licence of the data",
        ),
    ] {
        let html = page(&tree, path);
        assert!(
            html.contains("assets/brand.css\">"),
            "{path}: no brand stylesheet"
        );
        let footer = &html[html.find("<footer").unwrap()..];
        assert!(footer.contains(&format!("{licence}: <a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">")), "{path}: {footer}");
        assert!(
            footer.contains("href=\"mailto:lienhe@example.gov.vn\""),
            "{path}: no contact in the footer"
        );
        // A record page asks for corrections.
        assert!(
            html.contains(&format!(
                "<a href=\"mailto:lienhe@example.gov.vn\">{report}</a>"
            )),
            "{path}: no error report link"
        );
    }
    // The logo (small, in the header) and the favicon are copied from content/assets/.
    let html = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    assert!(
        html.contains("<img class=\"logo\" src=\"../../../assets/site/logo-emblem.svg\" alt=\"\""),
        "no logo"
    );
    assert!(html.contains("<link rel=\"icon\" href=\"../../../assets/site/favicon-icon.svg\" type=\"image/svg+xml\">"), "no favicon");
    assert!(
        !html.contains("assets/favicon.svg"),
        "the theme's favicon is still linked"
    );
    assert_eq!(
        tree["assets/site/logo-emblem.svg"],
        std::fs::read(fixture("minimal").join("content/assets/emblem.svg")).unwrap()
    );
    assert!(tree.contains_key("assets/site/favicon-icon.svg"));
    for p in ["index.html", "404.html"] {
        let html = page(&tree, p);
        assert!(
            html.contains("href=\"assets/site/favicon-icon.svg\"")
                && html.contains("href=\"assets/brand.css\""),
            "{p}: {html}"
        );
    }
    // The data page and the JSON name the licence and the publisher.
    assert!(
        page(&tree, "en/data/index.html")
            .contains("rel=\"license\">Creative Commons Attribution 4.0</a>")
    );
    let json: serde_json::Value = serde_json::from_slice(&tree["data/tasks.json"]).unwrap();
    assert_eq!(
        json["licence"]["url"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(json["publisher"]["vi"], "Nhóm thử");
    // The citation's author is the publisher.
    assert!(
        page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html")
            .contains("id=\"cite-vi\">Nhóm thử.")
    );
}

#[test]
fn without_publishing_details_nothing_is_shown() {
    let out = temp_dir("publishing-none");
    let site = crate::common::copy_fixture("minimal", "publishing-none");
    let p = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let kept: String = text
        .lines()
        .take_while(|l| !l.starts_with("brand_colour:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&p, kept).unwrap();
    build_to(&site, &out.join("public"), None);
    let tree = read_tree(&out.join("public"));
    assert!(!tree.contains_key("assets/brand.css"));
    assert!(!tree.keys().any(|k| k.starts_with("assets/site/")));
    let html = page(&tree, "vi/nhiem-vu/xay-dung-ke-hoach/index.html");
    assert!(
        !html.contains("brand.css")
            && !html.contains("rel=\"license\"")
            && !html.contains("Báo lỗi")
    );
}
