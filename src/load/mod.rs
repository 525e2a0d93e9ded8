//! Stage 1, `load`: reads the site folder into raw records.
//!
//! Input: the site root (holding `content/`). Output: [`RawSite`], every YAML file parsed into
//! the serde mirror types of [`crate::model::raw`], every markdown file read, and the text of
//! every file kept for diagnostics. Guarantee: every file is read once (the YAML files of a
//! kind in parallel) and the result is in sorted path order, whatever the threads did; every
//! unreadable file, YAML error or unknown key becomes a located `Diagnostic` and loading
//! goes on with the other files, so all problems are reported at once (in a list file that does
//! not parse, the error of each record). Nothing outside the site folder is read: a symbolic
//! link is followed only when it leads inside it, and only regular files are opened, at most
//! [`MAX_FILE_BYTES`] of each (`load/read.rs`); a file with control characters is reported and not
//! parsed. Nothing is interpreted.

use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos, SourceTexts};
use crate::model::Lang;
use crate::model::raw::*;

mod read;
mod yaml;

use read::link_outside;
pub use read::{control_char_diagnostics, is_forbidden_control, read_content};
#[cfg(test)]
use yaml::yaml_message;
use yaml::{record_chunks, yaml_diagnostic};

/// Largest content file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The folder under `content/` for the images `site.yaml` names (logo, favicon).
pub const ASSETS_DIR: &str = "assets";

/// The folders of `content/` that hold records, one kind each.
pub const KIND_DIRS: [&str; 9] = [
    "groups",
    "agencies",
    "tasks",
    "objectives",
    "projects",
    "budget",
    "documents",
    "plans",
    "commitments",
];

/// A record with the file it was read from.
#[derive(Debug, Clone)]
pub struct Rec<T> {
    /// Display path of the file (relative to the site root).
    pub file: PathBuf,
    /// The record.
    pub value: T,
}

/// A markdown file: a document's full text or a free page.
#[derive(Debug)]
pub struct TextFile {
    /// Display path.
    pub file: PathBuf,
    /// Record id (file stem before the language).
    pub id: String,
    /// Language of the text.
    pub lang: Lang,
    /// The markdown.
    pub text: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct RawSite {
    /// Site root.
    pub root: PathBuf,
    /// Texts of the files read, for diagnostics.
    pub sources: SourceTexts,
    /// `content/site.yaml`.
    pub site: Option<Rec<RawSiteConfig>>,
    /// Groups.
    pub groups: Vec<Rec<RawGroup>>,
    /// Agencies.
    pub agencies: Vec<Rec<RawAgency>>,
    /// Tasks.
    pub tasks: Vec<Rec<RawTask>>,
    /// Objectives.
    pub objectives: Vec<Rec<RawObjective>>,
    /// Projects.
    pub projects: Vec<Rec<RawProject>>,
    /// Budget figures.
    pub budget: Vec<Rec<RawBudgetItem>>,
    /// Documents.
    pub documents: Vec<Rec<RawDocument>>,
    /// Plans of the cascade (`content/plans/`).
    pub plans: Vec<Rec<RawPlan>>,
    /// Commitments of the plans (`content/commitments/`).
    pub commitments: Vec<Rec<RawCommitment>>,
    /// Hosted document texts (`documents/<id>.<lang>.md`).
    pub document_texts: Vec<TextFile>,
    /// Ids of `documents/<id>.md` files named without their language: their own error says
    /// so, and what they cause (an anchor without a hosted text) is not reported again.
    pub misnamed_texts: std::collections::BTreeSet<String>,
    /// Free pages (`pages/<id>.<lang>.md`).
    pub pages: Vec<TextFile>,
    /// Glossary entries.
    pub glossary: Vec<Rec<RawGlossaryEntry>>,
    /// Context figures (`content/context.yaml`).
    pub context: Vec<Rec<RawContextFigure>>,
    /// Topics (`content/topics.yaml`).
    pub topics: Vec<Rec<RawTopic>>,
    /// Plain source texts (`documents/**/*.txt`), keyed by path relative to
    /// `content/documents/`, for checking `source_text` and provenance line numbers.
    pub plain_texts: std::collections::BTreeMap<PathBuf, String>,
    /// The images `site.yaml` names (`logo`, `favicon`), by the path written there (relative
    /// to `content/`); one that cannot be read is absent and its error reported.
    pub site_assets: std::collections::BTreeMap<String, Vec<u8>>,
    /// Kinds (`tasks`, `agencies`…) with a file that could not be read or parsed: references
    /// into them are not reported again as unknown (the file's own error says why).
    pub failed_kinds: std::collections::BTreeSet<&'static str>,
}

/// An I/O failure that prevents loading at all (exit code 2).
#[derive(Debug)]
pub struct LoadFailure(pub String);

/// The parsed records of the YAML files of earlier loads, by path, with the text they were
/// parsed from: a file whose text has not changed is not parsed again (`camket serve`).
/// [`LoadCache::default`] remembers nothing (a one-off build: keeping a copy of every raw
/// record would double the memory of loading); [`LoadCache::remembering`] is for rebuilds.
#[derive(Default)]
pub struct LoadCache {
    /// Whether files parsed are remembered.
    remember: bool,
    files: HashMap<PathBuf, (String, Arc<dyn Any + Send + Sync>)>,
}

impl LoadCache {
    /// A cache that remembers the files it parses, for the next load.
    pub fn remembering() -> Self {
        LoadCache {
            remember: true,
            files: HashMap::new(),
        }
    }

    fn get<T: Clone + 'static>(&self, path: &Path, text: &str) -> Option<Vec<Rec<T>>> {
        let (cached, value) = self.files.get(path)?;
        if cached != text {
            return None;
        }
        value.downcast_ref::<Vec<Rec<T>>>().cloned()
    }
}

/// Reads `root/content/`. Content problems are returned as diagnostics beside the partial
/// site; only a missing or unreadable `content/` folder is a [`LoadFailure`].
pub fn load(root: &Path) -> Result<(RawSite, Diagnostics), LoadFailure> {
    load_cached(root, &mut LoadCache::default())
}

/// [`load`], re-using the records of YAML files whose text is the same as in `cache`, and
/// remembering the others there.
pub fn load_cached(
    root: &Path,
    cache: &mut LoadCache,
) -> Result<(RawSite, Diagnostics), LoadFailure> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(LoadFailure(format!(
            "no content folder at {} (use --root to point at the site folder)",
            content.display()
        )));
    }
    let mut site = RawSite {
        root: root.to_path_buf(),
        ..RawSite::default()
    };
    let real_root = fs::canonicalize(root).map_err(|e| {
        LoadFailure(format!(
            "cannot read the site folder {}: {e}",
            root.display()
        ))
    })?;
    let mut diags = Diagnostics::new();
    if let Some(d) = link_outside(&content, &real_root, Path::new("content")) {
        diags.push(d);
        return Ok((site, diags));
    }
    let mut loader = Loader {
        root,
        real_root: &real_root,
        sources: &mut site.sources,
        diags: &mut diags,
    };

    let site_yaml = content.join("site.yaml");
    if site_yaml.is_file() {
        site.site = loader.yaml_one::<RawSiteConfig>(&site_yaml);
    } else {
        loader.diags.push(
            Diagnostic::error(loader.display(&site_yaml), Pos::default(), "missing site settings")
                .help("create content/site.yaml with title, description, plan, languages, default_language, data_as_of and publisher (see docs/content.md)"),
        );
    }
    if let Some(rec) = &site.site {
        for f in [&rec.value.logo, &rec.value.favicon].into_iter().flatten() {
            if let Some(bytes) = loader.site_asset(&content, &rec.file, f) {
                site.site_assets.insert(f.value.clone(), bytes);
            }
        }
    }
    let glossary = content.join("glossary.yaml");
    if glossary.is_file() {
        site.glossary = loader.yaml_list(&glossary);
    }
    let context = content.join("context.yaml");
    if context.is_file() {
        site.context = loader.yaml_list(&context);
    }
    let topics = content.join("topics.yaml");
    if topics.is_file() {
        let errors = loader.diags.error_count();
        site.topics = loader.yaml_list(&topics);
        if loader.diags.error_count() > errors {
            site.failed_kinds.insert("topics");
        }
    }

    for entry in sorted_entries(&content, loader.diags, root) {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let known = KIND_DIRS.contains(&name) || name == "pages" || name == ASSETS_DIR;
        if entry.is_dir() && !known {
            loader.diags.push(
                Diagnostic::error(
                    loader.display(&entry),
                    Pos::default(),
                    format!("unknown folder `{name}`"),
                )
                .help(format!(
                    "content folders are: {}, pages, assets",
                    KIND_DIRS.join(", ")
                )),
            );
        } else if entry.is_file()
            && !["site.yaml", "glossary.yaml", "topics.yaml", "context.yaml"].contains(&name)
        {
            loader.diags.push(
                Diagnostic::error(loader.display(&entry), Pos::default(), format!("unexpected file `{name}` in content/"))
                    .help("records go in a kind folder such as content/tasks/; settings in content/site.yaml; the glossary, the topics and the context figures in content/glossary.yaml, content/topics.yaml and content/context.yaml"),
            );
        }
    }

    let kind = |name: &'static str, loader: &mut Loader| {
        let files = yaml_files(&content.join(name), loader);
        (name, files)
    };
    let groups = kind("groups", &mut loader);
    let agencies = kind("agencies", &mut loader);
    let tasks = kind("tasks", &mut loader);
    let objectives = kind("objectives", &mut loader);
    let projects = kind("projects", &mut loader);
    let budget = kind("budget", &mut loader);
    let documents = kind("documents", &mut loader);
    let plans = kind("plans", &mut loader);
    let commitments = kind("commitments", &mut loader);
    site.groups = loader.parse_kind(groups, &mut site.failed_kinds, cache);
    site.agencies = loader.parse_kind(agencies, &mut site.failed_kinds, cache);
    site.tasks = loader.parse_kind(tasks, &mut site.failed_kinds, cache);
    site.objectives = loader.parse_kind(objectives, &mut site.failed_kinds, cache);
    site.projects = loader.parse_kind(projects, &mut site.failed_kinds, cache);
    site.budget = loader.parse_kind(budget, &mut site.failed_kinds, cache);
    site.documents = loader.parse_kind(documents, &mut site.failed_kinds, cache);
    site.plans = loader.parse_kind(plans, &mut site.failed_kinds, cache);
    site.commitments = loader.parse_kind(commitments, &mut site.failed_kinds, cache);
    (site.document_texts, site.misnamed_texts) = loader.markdown_files(&content.join("documents"));
    site.pages = loader.markdown_files(&content.join("pages")).0;
    let docs = content.join("documents");
    for p in walk_files(&docs, &mut loader, &["txt"]) {
        let shown = loader.display(&p);
        match read_content(&p, loader.real_root, &shown) {
            Ok(text) => {
                let rel = p.strip_prefix(&docs).unwrap_or(&p).to_path_buf();
                site.plain_texts.insert(rel, text);
            }
            Err(d) => loader.diags.push(d),
        }
    }
    Ok((site, diags))
}

struct Loader<'a> {
    root: &'a Path,
    /// The site root with every symbolic link resolved: what content may lead to.
    real_root: &'a Path,
    sources: &'a mut SourceTexts,
    diags: &'a mut Diagnostics,
}

impl Loader<'_> {
    fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// The bytes of an image `site.yaml` names (`field`, a path relative to `content/` inside
    /// `assets/`), or `None` with the error reported at the field.
    fn site_asset(
        &mut self,
        content: &Path,
        site_yaml: &Path,
        field: &S<String>,
    ) -> Option<Vec<u8>> {
        let rel = Path::new(field.value.trim());
        let inside = rel.components().count() > 1
            && rel
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
            && rel.starts_with(ASSETS_DIR);
        let err = |msg: String| {
            Diagnostic::error(site_yaml, Pos::of(field), msg).help(format!(
                "put the image in content/{ASSETS_DIR}/ and write its path from content/, e.g. `{ASSETS_DIR}/emblem.svg`"
            ))
        };
        if !inside {
            self.diags.push(err(format!(
                "`{}` is not a file under content/{ASSETS_DIR}/",
                field.value.escape_debug()
            )));
            return None;
        }
        let path = content.join(rel);
        if !path.exists() {
            self.diags
                .push(err(format!("no file content/{}", rel.display())));
            return None;
        }
        match read::read_bytes(&path, self.real_root, &self.display(&path)) {
            Ok(bytes) => Some(bytes),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    /// Reads a file as UTF-8 text, reporting why it cannot be (see [`read_content`]); the
    /// text is kept for diagnostics. A text with control characters is reported and not
    /// parsed.
    fn read(&mut self, path: &Path) -> Option<String> {
        let shown = self.display(path);
        match read_content(path, self.real_root, &shown) {
            Ok(text) => {
                let bad = control_char_diagnostics(&shown, &text);
                self.sources.insert(shown, text.clone());
                if bad.is_empty() {
                    Some(text)
                } else {
                    for d in bad {
                        self.diags.push(d);
                    }
                    None
                }
            }
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn parse<T: DeserializeOwned>(&mut self, path: &Path, text: &str) -> Option<T> {
        match serde_saphyr::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let d = yaml_diagnostic(self.display(path), &e, text, 0);
                self.diags.push(d);
                None
            }
        }
    }

    /// Reads and parses the files of one kind, in parallel (each file on its own), then
    /// merges records, texts and diagnostics in path order, as a sequential read would.
    fn parse_kind<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &mut self,
        (name, files): (&'static str, Vec<PathBuf>),
        failed: &mut std::collections::BTreeSet<&'static str>,
        cache: &mut LoadCache,
    ) -> Vec<Rec<T>> {
        let root = self.root;
        let real_root = self.real_root;
        let shared: &LoadCache = cache;
        type Parsed<T> = (PathBuf, Vec<Rec<T>>, SourceTexts, Diagnostics, bool);
        let parsed: Vec<Parsed<T>> = files
            .par_iter()
            .map(|file| {
                let mut sources = SourceTexts::default();
                let mut diags = Diagnostics::new();
                let mut loader = Loader {
                    root,
                    real_root,
                    sources: &mut sources,
                    diags: &mut diags,
                };
                let Some(text) = loader.read(file) else {
                    return (file.clone(), Vec::new(), sources, diags, false);
                };
                if let Some(recs) = shared.get::<T>(file, &text) {
                    return (file.clone(), recs, sources, diags, false);
                }
                let recs = loader.yaml_list_text(file, &text);
                let fresh = diags.error_count() == 0;
                (file.clone(), recs, sources, diags, fresh)
            })
            .collect();
        let mut out = Vec::new();
        for (file, recs, sources, diags, fresh) in parsed {
            if diags.error_count() > 0 {
                failed.insert(name);
            }
            if fresh
                && cache.remember
                && let Some(text) = sources.get(&self.display(&file))
            {
                cache
                    .files
                    .insert(file, (text.to_owned(), Arc::new(recs.clone())));
            }
            out.extend(recs);
            self.sources.extend(sources);
            self.diags.extend(diags);
        }
        out
    }

    fn yaml_one<T: DeserializeOwned>(&mut self, path: &Path) -> Option<Rec<T>> {
        let text = self.read(path)?;
        let value = self.parse::<T>(path, &text)?;
        Some(Rec {
            file: self.display(path),
            value,
        })
    }

    fn yaml_list<T: DeserializeOwned>(&mut self, path: &Path) -> Vec<Rec<T>> {
        let Some(text) = self.read(path) else {
            return Vec::new();
        };
        self.yaml_list_text(path, &text)
    }

    /// Parses a file holding a list of records. When it does not parse, each record (a
    /// top-level `- ` item) is parsed on its own, so that the error of every record is
    /// reported, not only the first of the file; the file then gives no record.
    fn yaml_list_text<T: DeserializeOwned>(&mut self, path: &Path, text: &str) -> Vec<Rec<T>> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let file = self.display(path);
        match serde_saphyr::from_str::<Vec<T>>(text) {
            Ok(values) => values
                .into_iter()
                .map(|value| Rec {
                    file: file.clone(),
                    value,
                })
                .collect(),
            Err(whole) => {
                let mut found = Vec::new();
                let chunks = record_chunks(text);
                if chunks.len() > 1 {
                    for (first_line, chunk) in chunks {
                        if let Err(e) = serde_saphyr::from_str::<Vec<T>>(chunk) {
                            found.push(yaml_diagnostic(file.clone(), &e, text, first_line - 1));
                        }
                    }
                }
                if found.is_empty() {
                    // The records parse alone but not together (or there is one record).
                    found.push(yaml_diagnostic(file, &whole, text, 0));
                }
                for d in found {
                    self.diags.push(d);
                }
                Vec::new()
            }
        }
    }

    /// Reads `<id>.<lang>.md` files directly inside `dir`; also returns the stems of the `.md`
    /// files named without a language (each an error).
    fn markdown_files(&mut self, dir: &Path) -> (Vec<TextFile>, BTreeSet<String>) {
        let mut out = Vec::new();
        let mut misnamed = BTreeSet::new();
        if !dir.is_dir() {
            return (out, misnamed);
        }
        if let Some(d) = link_outside(dir, self.real_root, &self.display(dir)) {
            self.diags.push(d);
            return (out, misnamed);
        }
        for path in sorted_entries(dir, self.diags, self.root) {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            let (id, lang) = match stem.rsplit_once('.') {
                Some((id, "vi")) => (id, Lang::Vi),
                Some((id, "en")) => (id, Lang::En),
                _ => {
                    self.diags.push(
                        Diagnostic::error(
                            self.display(&path),
                            Pos::default(),
                            "markdown file name must end in .vi.md or .en.md",
                        )
                        .help(format!(
                            "rename it to {stem}.vi.md (Vietnamese) or {stem}.en.md (English)"
                        )),
                    );
                    misnamed.insert(stem.to_owned());
                    continue;
                }
            };
            if let Some(text) = self.read(&path) {
                out.push(TextFile {
                    file: self.display(&path),
                    id: id.to_owned(),
                    lang,
                    text,
                });
            }
        }
        (out, misnamed)
    }
}

/// The entries of a folder, sorted by name; an unreadable folder is reported.
fn sorted_entries(dir: &Path, diags: &mut Diagnostics, root: &Path) -> Vec<PathBuf> {
    match fs::read_dir(dir) {
        Ok(rd) => {
            let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            v.sort();
            v
        }
        Err(e) => {
            let shown = dir.strip_prefix(root).unwrap_or(dir).to_path_buf();
            diags.push(Diagnostic::error(
                shown,
                Pos::default(),
                format!("cannot read folder: {e}"),
            ));
            Vec::new()
        }
    }
}

/// The `.yaml`/`.yml` files of a kind folder and its sub-folders, sorted; other files are
/// left alone (documents keep their markdown and plain source texts there).
fn yaml_files(dir: &Path, loader: &mut Loader) -> Vec<PathBuf> {
    walk_files(dir, loader, &["yaml", "yml"])
}

/// The files ending in one of `.<exts>` in `dir` and its sub-folders, sorted. A symbolic link is
/// followed only when it leads to a place inside the site folder; one that leads outside is
/// reported (once, where it is) and not followed. Unreadable folders are reported.
fn walk_files(dir: &Path, loader: &mut Loader, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    if let Some(d) = link_outside(dir, loader.real_root, &loader.display(dir)) {
        loader.diags.push(d);
        return out;
    }
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        match entry {
            Ok(e) => {
                let p = e.path();
                if e.path_is_symlink()
                    && let Some(d) = link_outside(p, loader.real_root, &loader.display(p))
                {
                    loader.diags.push(d);
                    if e.file_type().is_dir() {
                        walk.skip_current_dir();
                    }
                    continue;
                }
                let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
                if exts.contains(&ext) {
                    out.push(p.to_path_buf());
                }
            }
            Err(e) => {
                let shown = loader.display(e.path().unwrap_or(dir));
                loader.diags.push(Diagnostic::error(
                    shown,
                    Pos::default(),
                    format!("cannot read: {e}"),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_position_suffix() {
        let e = serde_saphyr::from_str::<Vec<RawGroup>>("- id: a\n  kinnd: task\n").unwrap_err();
        let m = yaml_message(&e);
        assert!(m.starts_with("unknown field `kinnd`"), "{m}");
        assert!(!m.contains("line"), "{m}");
    }
}
