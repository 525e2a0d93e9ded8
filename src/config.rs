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
