//! `sitemap.xml` and `robots.txt`.
//!
//! Input: the routes of the rendered pages and the base URL. Output: `robots.txt` always, and,
//! when the site has an absolute base URL (a sitemap must list absolute URLs), `sitemap.xml`
//! with each page's language alternates (`xhtml:link hreflang`). Guarantee: deterministic
//! (routes sorted by path), redirect pages, feeds and 404 excluded, XML-escaped.

use crate::model::Lang;
use crate::render::OutputFile;
use crate::render::route::Route;
use crate::strings::escape_html;

/// Builds `robots.txt` and, with a base URL, `sitemap.xml`.
pub fn files<'a>(
    routes: impl Iterator<Item = &'a Route>,
    base_url: Option<&str>,
) -> Vec<OutputFile> {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    let mut out = Vec::new();
    if let Some(base) = base_url {
        let url = |r: &Route| {
            let p = r.path();
            format!("{base}{}", p.strip_suffix("index.html").unwrap_or(&p))
        };
        let mut pages: Vec<&Route> = routes
            .filter(|r| r.lang().is_some() && !matches!(r, Route::Alias(..) | Route::Feed(..)))
            .collect();
        pages.sort_by_key(|r| r.path());
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for r in pages {
            xml.push_str("<url><loc>");
            xml.push_str(&escape_html(&url(r)));
            xml.push_str("</loc>");
            for l in Lang::ALL {
                xml.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    l.code(),
                    escape_html(&url(&r.in_lang(l)))
                ));
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
        out.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
            kind: "data",
            lang: None,
        });
    }
    out.push(OutputFile {
        path: "robots.txt".into(),
        bytes: robots.into_bytes(),
        kind: "data",
        lang: None,
    });
    out
}
