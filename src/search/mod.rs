//! Stage 4b, `search`: the site's search index, built in-process with Pagefind.
//!
//! Input: the [`LinkedSite`], the [`Theme`] (for localised filter values), the render options
//! (for the URL form) and, optionally, the folder of the index cache. Output: [`SearchIndex`]:
//! the Pagefind bundles as output files under `pagefind/`, plus the number of records per
//! language.
//!
//! Every record page of a language becomes one search record (tasks, indicators, projects,
//! agencies, documents, pages, the budget and the glossary); a hosted document text becomes one
//! record per section, linked to the section's anchor. Records are built from the model, not
//! from the rendered HTML, so that each record holds only its own text and the filters are
//! exact: kind, lead agency, solution group, deadline year, status (each only where it applies).
//! See [`records`].
//!
//! Ranking: the records of documents, agencies and sections of hosted texts carry lower
//! Pagefind word weights than tasks, indicators and projects (see [`records`]); a task's record
//! also holds the words of its budget lines and projects; the search page adds the phrase and
//! kind preferences (`static/search.js`).
//!
//! Layout (see [`shard`]): a small site (up to [`shard::ONE_INDEX_UP_TO`] records) is one
//! Pagefind bundle of both languages in `pagefind/`, the browser loading only the index of the
//! page's `<html lang>`. A larger one is split per language into shards of about
//! [`shard::SHARD_RECORDS`] records, a record's shard chosen by a hash of its URL; shard 0 of
//! every language is the bundle in `pagefind/` (with Pagefind's scripts), shard `k` the bundle
//! in `pagefind/shard-k/`, and `pagefind/camket-shards.json` lists the shards of each language,
//! which the search page merges with Pagefind's `mergeIndex`. Pagefind holds one shard at a
//! time, so its memory is bounded by the shard size, not the site's.
//!
//! Cache (see [`cache`]): a build that writes its output keeps each shard's Pagefind files in a
//! folder beside the output (`<out>.camket-search-cache/`), keyed by a hash of exactly what is
//! given to Pagefind; an unchanged shard is read back instead of indexed again.
//!
//! Tone marks: Pagefind itself indexes a word with tone marks under its unmarked form and keeps
//! the marked form as a variant that ranks first for a query typed with the same marks
//! ("ke hoach" finds "kế hoạch"; "kế hoạch" ranks "kế hoạch" above "ke hoach"). It cannot map `đ`
//! to `d` (đ is a letter of its own in Unicode, not d with a mark), so each record also carries
//! a hidden metadata field `folded` with the fully folded form of its words containing đ/Đ
//! ("đào" → "dao"); metadata fields are searched too, so "dao tao" finds "đào tạo".
//!
//! Guarantee: records are added in a fixed order, shards depend only on the records, and
//! Pagefind's output depends only on its input, so two builds give byte-identical files, with
//! or without the cache; no network, no separate command. A cache that cannot be read or
//! written is skipped (the index is built in full), never a failed build.

pub mod cache;
mod records;
pub mod shard;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::link::LinkedSite;
use crate::model::Lang;
use crate::render::{OutputFile, RenderOptions};
use crate::strings::fold;
use crate::theme::Theme;

pub use records::records;

/// The folder of the Pagefind bundle in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// At most this many fragment files per language (per shard).
pub(crate) const MAX_FRAGMENT_FILES: u32 = 64;

/// One search record: a page, or a section of a hosted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRecord {
    /// Language of the record's index.
    pub lang: Lang,
    /// URL from the site root, starting with `/` (Pagefind prefixes the site's base path).
    pub url: String,
    /// Title shown in the results (and weighted in ranking).
    pub title: String,
    /// The text searched and quoted in excerpts.
    pub content: String,
    /// The record's number (task "V.9", document "71-NQ/TW"…), if any: a hidden metadata field
    /// that the search page weights high, so that a number finds its own record first.
    pub number: Option<String>,
    /// Filter name (`kind`, `agency`, `group`, `year`, `status`) → values.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl SearchRecord {
    /// The hidden `folded` metadata: every word of title and content that holds `đ`/`Đ`, with
    /// all marks removed, each once, sorted.
    pub fn folded(&self) -> String {
        let words: BTreeSet<String> = self
            .title
            .split_whitespace()
            .chain(self.content.split_whitespace())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.contains(['đ', 'Đ']))
            .map(|w| fold(w).to_lowercase())
            .collect();
        words.into_iter().collect::<Vec<_>>().join(" ")
    }

    /// The metadata given to Pagefind: `title`, and `folded` and `number` where they apply.
    pub fn meta(&self) -> BTreeMap<String, String> {
        let folded = self.folded();
        let mut meta = BTreeMap::from([("title".to_owned(), self.title.clone())]);
        if !folded.is_empty() {
            meta.insert("folded".to_owned(), folded);
        }
        if let Some(n) = &self.number {
            // With its folded form too: "2811/QD-BGDDT" finds "2811/QĐ-BGDĐT".
            let f = fold(n);
            let value = if &f == n {
                n.clone()
            } else {
                format!("{n} {f}")
            };
            meta.insert("number".to_owned(), value);
        }
        meta
    }
}

/// The built index.
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The Pagefind files, paths under [`BUNDLE_DIR`].
    pub files: Vec<OutputFile>,
    /// Records indexed per language.
    pub records: BTreeMap<Lang, usize>,
    /// Pagefind runs made (shards indexed).
    pub indexed: usize,
    /// Shards read back from the cache instead.
    pub reused: usize,
    /// The cache with this build's new shards, to [`cache::Cache::save`] once the output is
    /// written.
    pub cache: Option<cache::Cache>,
}

/// Builds the search index of both languages. With `cache_dir` (the folder beside the output,
/// [`cache::dir_for`]), unchanged shards are read from it and new ones kept in it.
pub fn index(
    site: &LinkedSite,
    theme: &Theme,
    opts: &RenderOptions,
    cache_dir: Option<&Path>,
) -> Result<SearchIndex, String> {
    let records = records(site, theme, opts);
    // For measurements and tests only: another shard size (`usize::MAX`-like values give one
    // bundle per language, or one for both on a small site).
    let shard_records = std::env::var("CAMKET_SEARCH_SHARD_RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(shard::SHARD_RECORDS);
    index_records(records, cache_dir, shard_records)
}

/// [`index`] of given records, with shards of about `shard_records` records.
pub(crate) fn index_records(
    records: Vec<SearchRecord>,
    cache_dir: Option<&Path>,
    shard_records: usize,
) -> Result<SearchIndex, String> {
    let mut counts: BTreeMap<Lang, usize> = BTreeMap::new();
    for r in &records {
        *counts.entry(r.lang).or_default() += 1;
    }
    let mut cache = cache_dir.and_then(cache::Cache::open);
    let built = shard::bundle(records, shard_records, cache.as_mut())
        .map_err(|e| format!("search index: {e}"))?;
    let mut out: Vec<OutputFile> = built
        .files
        .into_iter()
        .map(|(path, bytes)| OutputFile {
            path: format!("{BUNDLE_DIR}/{path}"),
            bytes,
            kind: "search index",
            lang: None,
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(SearchIndex {
        files: out,
        records: counts,
        indexed: built.indexed,
        reused: built.reused,
        cache,
    })
}

#[cfg(test)]
pub(crate) mod test_site {
    use crate::link::LinkedSite;
    use crate::theme::Theme;

    /// The minimal fixture, linked, with its theme.
    pub fn minimal() -> (LinkedSite, Theme) {
        fixture("minimal")
    }

    /// A fixture of `tests/fixtures/`, checked as every command checks it, with its theme.
    pub fn fixture(name: &str) -> (LinkedSite, Theme) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let checked = crate::pipeline::check(&root, &Default::default()).expect("fixture is valid");
        (checked.linked, checked.theme)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_holds_the_words_with_d_stroke_without_marks() {
        let r = SearchRecord {
            lang: Lang::Vi,
            url: "/x".into(),
            title: "Đào tạo giáo viên".into(),
            content: "Sở Giáo dục và Đào tạo; Quyết định 2811/QĐ-BGDĐT; đào tạo".into(),
            number: None,
            filters: BTreeMap::new(),
        };
        // "giáo", "dục" need no copy: Pagefind folds tone marks itself.
        assert_eq!(r.folded(), "2811/qd-bgddt dao dinh");
    }
}
