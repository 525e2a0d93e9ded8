//! Build configuration: what the command line asks for, independent of clap.
//!
//! Input: options given by the CLI (or a test). Output: [`BuildConfig`]. Guarantee: plain data,
//! no I/O; the site settings themselves live in `content/site.yaml` (see `model::SiteConfig`).

use std::path::PathBuf;

/// How to build.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// Site root (holds `content/`, optionally `themes/`).
    pub root: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Missing translations are errors.
    pub strict: bool,
    /// Build the search index (default); `false` skips the `search` step.
    pub search: bool,
}

impl BuildConfig {
    /// Defaults: root `.`, output `<root>/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildConfig {
            out: root.join("public"),
            root,
            base_url: None,
            strict: false,
            search: true,
        }
    }
}

/// Checks a base URL (of `--base-url` or `base_url:` in `site.yaml`): an absolute `http` or
/// `https` URL with a host, a path ending in `/`, and no user, password, query or fragment.
/// Returns it as the `url` crate serialises it (so what reaches the pages, `robots.txt` and
/// `sitemap.xml` can hold no space, newline or control character), or why it is refused.
pub(crate) fn parse_base_url(s: &str) -> Result<String, String> {
    // The URL standard drops tabs and newlines silently; they are refused here instead.
    if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("it holds a space, a line break or a control character".into());
    }
    let u = url::Url::parse(s).map_err(|e| format!("it is not an absolute URL ({e})"))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("its scheme is `{}`, not http or https", u.scheme()));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".into());
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("it holds a user name or password".into());
    }
    if u.query().is_some() || u.fragment().is_some() {
        return Err("it has a query (`?`) or a fragment (`#`)".into());
    }
    if !u.path().ends_with('/') {
        return Err("its path does not end in /".into());
    }
    Ok(u.as_str().to_owned())
}

/// Checks a link of `site.yaml` (the licence's text, the contact page): an absolute `http` or
/// `https` URL with a host, or, when `mailto` is allowed, a `mailto:` address. Returns it as
/// the `url` crate serialises it, or why it is refused.
pub fn parse_link(s: &str, mailto: bool) -> Result<String, String> {
    if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("holds a space, a line break or a control character".into());
    }
    let u = url::Url::parse(s).map_err(|e| format!("is not an absolute URL ({e})"))?;
    match u.scheme() {
        "http" | "https" if u.host_str().is_some_and(|h| !h.is_empty()) => {
            Ok(u.as_str().to_owned())
        }
        "http" | "https" => Err("has no host".into()),
        "mailto" if mailto && u.path().contains('@') => Ok(u.as_str().to_owned()),
        "mailto" if mailto => Err("is not an e-mail address".into()),
        other => Err(format!(
            "has the scheme `{other}`, not http or https{}",
            if mailto { " or mailto" } else { "" }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_base_url, parse_link};

    #[test]
    fn links() {
        assert!(parse_link("https://creativecommons.org/licenses/by/4.0/", false).is_ok());
        assert!(parse_link("mailto:lienhe@example.gov.vn", true).is_ok());
        assert!(parse_link("mailto:lienhe@example.gov.vn", false).is_err());
        assert!(parse_link("creativecommons.org/licenses/by/4.0/", false).is_err());
        assert!(parse_link("javascript:alert(1)", true).is_err());
        assert!(parse_link("https://a b/", false).is_err());
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            parse_base_url("https://example.gov.vn/giao-duc/").as_deref(),
            Ok("https://example.gov.vn/giao-duc/")
        );
        assert_eq!(
            parse_base_url("http://127.0.0.1:8080/").as_deref(),
            Ok("http://127.0.0.1:8080/")
        );
        for bad in [
            "example.gov.vn",
            "https://example.gov.vn/a",
            "https://example.gov.vn/\nDisallow: /",
            "https://exa\tmple.gov.vn/",
            "ftp://example.gov.vn/",
            "file:///tmp/",
            "https://u:p@example.gov.vn/",
            "https://example.gov.vn/?q=1/",
            "https:///",
            "",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad:?} accepted");
        }
    }
}
