//! The build, top to bottom: load → validate → link → render → search → write, each step
//! timed.
//!
//! Input: a [`BuildConfig`]. Output: a [`BuildReport`] (counts, coverage, timings) or the
//! diagnostics that stopped it. Guarantee: before any work, the site folder must exist,
//! `--base-url` must be a valid base URL, and a writing build takes the site lock
//! ([`crate::lock`]) and checks the output folder against the contract of [`crate::output`]
//! (each refusal is a [`BuildError::Io`], exit code 2); pages go to a staging folder as they
//! are rendered, and the output folder is replaced only when every step succeeded, so a
//! content or template error never touches the previous output.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{BuildConfig, parse_base_url};
use crate::diagnostic::{Diagnostics, SourceTexts};
use crate::load::LoadCache;
use crate::lock;
use crate::model::{CitationStats, Coverage, Lang};
use crate::output;
use crate::pipeline::{self, CheckOptions, Checked};
use crate::render::{
    NullSink, RenderError, RenderOptions, RenderedFile, RenderedSite, Renderer, Sink,
};
use crate::search;
use crate::write::{self, Staging, WriteStats};

/// Why a build stopped.
#[derive(Debug)]
pub enum BuildError {
    /// Content or theme problems (exit code 1), with the texts to quote them.
    Content(Diagnostics, SourceTexts),
    /// Usage or I/O: a missing site folder, a refused output folder or base URL, the site
    /// locked by another camket, a folder that could not be read or written (exit code 2).
    Io(String),
}

/// What a successful build (or check) did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Step name and duration, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// Pages per (kind, language).
    pub pages: BTreeMap<(&'static str, &'static str), usize>,
    /// Translation coverage per kind.
    pub coverage: BTreeMap<&'static str, Coverage>,
    /// Warnings.
    pub warnings: Diagnostics,
    /// Texts for quoting warnings.
    pub sources: SourceTexts,
    /// Files and bytes written (zero for `check`).
    pub written: WriteStats,
    /// Records per kind.
    pub records: Vec<(&'static str, usize)>,
    /// Document references auto-linked and left unresolved.
    pub citations: CitationStats,
    /// Search records indexed (both languages; zero without the search step).
    pub search_records: usize,
    /// Search shards indexed by Pagefind, and read back from the search cache (issue 19).
    pub search_shards: (usize, usize),
}

/// Loads, validates, links and renders; writes too when `write_output`.
pub fn build(cfg: &BuildConfig, write_output: bool) -> Result<BuildReport, BuildError> {
    check_root(&cfg.root)?;
    let mut out = cfg.out.clone();
    let _lock = if write_output {
        check_base_url(cfg)?;
        let lock = lock::acquire(&cfg.root, lock::Access::Read)
            .map_err(|e| BuildError::Io(e.to_string()))?;
        out = output::check(&cfg.root, &cfg.out).map_err(|e| BuildError::Io(e.to_string()))?;
        // Before anything can fail: an output left half-swapped by a killed build is put back.
        write::recover(&out);
        Some(lock)
    } else {
        None
    };
    let (renderer, mut report) = prepare(cfg, &mut LoadCache::default())?;
    let clock = Instant::now();
    let io_error = |e: &dyn std::fmt::Display| {
        BuildError::Io(format!("cannot write {}: {e}", cfg.out.display()))
    };
    // Pages are written into the staging folder as they are rendered; `commit` swaps it in.
    let staging = if write_output {
        Some(Staging::new(&out).map_err(|e| io_error(&e))?)
    } else {
        None
    };
    let sink: &dyn Sink = match &staging {
        Some(s) => s,
        None => &NullSink,
    };
    // The search index (one thread: Pagefind runs on a single-threaded runtime) is built
    // while the pages render on the rayon pool.
    // Search index cache (issue 19): beside the output, only for builds that write it.
    let search_cache = write_output
        .then(|| search::cache::dir_for(&cfg.out))
        .flatten();
    //
    // The index runs on a thread of its own, never on a rayon worker: Pagefind blocks on a
    // tokio runtime and uses rayon inside it, and a worker waiting there may steal another
    // build's index job and start a second runtime inside the first, which panics ("Cannot
    // start a runtime from within a runtime"; seen with concurrent builds in one process).
    let (rendered, index) = std::thread::scope(|scope| {
        let index = scope.spawn(|| {
            cfg.search.then(|| {
                let clock = Instant::now();
                let index = search::index(
                    renderer.site(),
                    renderer.theme(),
                    renderer.options(),
                    search_cache.as_deref(),
                );
                (index, clock.elapsed())
            })
        });
        let rendered = renderer.render_all(sink);
        let index = index
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rendered, index)
    });
    let rendered: RenderedSite = match rendered {
        Ok(r) => r,
        Err(RenderError::Content(d)) => {
            return Err(BuildError::Content(d, std::mem::take(&mut report.sources)));
        }
        Err(RenderError::Io(e)) => return Err(io_error(&e)),
    };
    let name = if write_output {
        "render+write"
    } else {
        "render"
    };
    report.timings.push((name, clock.elapsed()));
    let mut files = rendered.files;
    let mut keep_cache = None;
    if let Some((index, took)) = index {
        let mut index = index.map_err(BuildError::Io)?;
        keep_cache = index.cache.take();
        report.search_records = index.records.values().sum();
        report.search_shards = (index.indexed, index.reused);
        for f in index.files {
            sink.put(&f.path, &f.bytes).map_err(|e| io_error(&e))?;
            files.push(RenderedFile {
                len: f.bytes.len(),
                path: f.path,
                kind: f.kind,
                lang: f.lang,
            });
        }
        report.timings.push(("search", took));
    }
    for f in &files {
        let lang = f.lang.map(Lang::code).unwrap_or("-");
        *report.pages.entry((f.kind, lang)).or_default() += 1;
    }
    if let Some(staging) = staging {
        let clock = Instant::now();
        report.written = staging.commit().map_err(|e| io_error(&e))?;
        report.timings.push(("swap", clock.elapsed()));
    }
    // The search cache keeps this build's shards only once its output is written.
    if let Some(cache) = keep_cache {
        cache.save();
    }
    Ok(report)
}

/// Everything before rendering: [`pipeline::check_cached`] (load, re-using `cache`, validate,
/// link, theme), then the plan of the pages (templates compiled, every output path known). The report holds
/// counts, coverage, warnings and the timings so far.
pub fn prepare(
    cfg: &BuildConfig,
    cache: &mut LoadCache,
) -> Result<(Renderer, BuildReport), BuildError> {
    check_root(&cfg.root)?;
    let base_url = check_base_url(cfg)?;
    let checked = pipeline::check_cached(
        &cfg.root,
        &CheckOptions {
            strict: cfg.strict,
            keep_raw: false,
        },
        cache,
    )?;
    let Checked {
        linked,
        theme,
        warnings,
        sources,
        timings,
        ..
    } = checked;
    let mut report = BuildReport {
        timings,
        coverage: linked.site.coverage.clone(),
        citations: linked.site.citations,
        ..BuildReport::default()
    };
    // Both were checked and serialised by `config::parse_base_url` (the flag above, site.yaml's
    // by validate).
    let base_url = base_url.or_else(|| linked.site.config.base_url.clone());
    report.records = vec![
        ("tasks", linked.site.tasks.len()),
        ("objectives", linked.site.objectives.len()),
        ("projects", linked.site.projects.len()),
        ("agencies", linked.site.agencies.len()),
        ("documents", linked.site.documents.len()),
        ("budget figures", linked.site.budget.len()),
        ("pages", linked.site.pages.len()),
    ];
    let clock = Instant::now();
    let opts = RenderOptions { base_url };
    let renderer = match Renderer::new(Arc::new(linked), Arc::new(theme), opts) {
        Ok(r) => r,
        Err(d) => return Err(BuildError::Content(d, sources)),
    };
    report.timings.push(("plan", clock.elapsed()));
    report.warnings = warnings;
    report.sources = sources;
    Ok((renderer, report))
}

/// The site folder must exist (exit code 2 before any work otherwise).
pub fn check_root(root: &Path) -> Result<(), BuildError> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(BuildError::Io(format!(
            "the site folder {} is a file, not a folder\n  = help: --root must name the folder that holds content/",
            root.display()
        ))),
        Err(e) => Err(BuildError::Io(format!(
            "cannot open the site folder {}: {}\n  = help: --root must name the folder that holds content/",
            root.display(),
            if e.kind() == std::io::ErrorKind::NotFound {
                "it does not exist".to_owned()
            } else {
                e.to_string()
            }
        ))),
    }
}

/// `--base-url`, checked and serialised (exit code 2 when invalid: it is a usage error).
fn check_base_url(cfg: &BuildConfig) -> Result<Option<String>, BuildError> {
    match &cfg.base_url {
        None => Ok(None),
        Some(b) => parse_base_url(b).map(Some).map_err(|why| {
            BuildError::Io(format!(
                "--base-url `{}` must be an absolute http(s) URL ending in /: {why}\n  = help: e.g. --base-url https://example.gov.vn/giao-duc/",
                b.escape_debug()
            ))
        }),
    }
}

impl BuildReport {
    /// The one-screen summary printed after a build.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        let recs: Vec<String> = self
            .records
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect();
        let _ = writeln!(s, "content: {}", recs.join(", "));
        let mut kinds: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
        for ((kind, lang), n) in &self.pages {
            let e = kinds.entry(kind).or_default();
            match *lang {
                "vi" => e.0 += n,
                "en" => e.1 += n,
                _ => e.2 += n,
            }
        }
        let _ = writeln!(s, "pages:            vi     en  other");
        for (kind, (vi, en, other)) in &kinds {
            let _ = writeln!(s, "  {kind:<15}{vi:>5}  {en:>5}  {other:>5}");
        }
        let _ = writeln!(s, "English translation coverage:");
        for (kind, c) in &self.coverage {
            let pct = if c.fields == 0 {
                100.0
            } else {
                100.0 * c.translated as f64 / c.fields as f64
            };
            let _ = writeln!(
                s,
                "  {kind:<15}{:>5} / {:<5} fields  {pct:>5.1} %",
                c.translated, c.fields
            );
        }
        let _ = writeln!(
            s,
            "citations: {} auto-linked, {} unresolved",
            self.citations.linked, self.citations.unresolved
        );
        if self.search_records > 0 {
            let _ = writeln!(
                s,
                "search index: {} records (vi and en); shards: {} indexed, {} reused",
                self.search_records, self.search_shards.0, self.search_shards.1
            );
        }
        if self.written.files > 0 {
            let _ = writeln!(
                s,
                "wrote {} files, {:.1} MiB",
                self.written.files,
                self.written.bytes as f64 / (1024.0 * 1024.0)
            );
        }
        // `search` runs beside `render`, whose time includes it: not added to the total.
        let total: Duration = (self.timings.iter())
            .filter(|(n, _)| *n != "search")
            .map(|(_, d)| *d)
            .sum();
        let steps: Vec<String> = self
            .timings
            .iter()
            .map(|(n, d)| format!("{n} {:.0} ms", d.as_secs_f64() * 1000.0))
            .collect();
        let _ = writeln!(
            s,
            "{} warning(s); {:.0} ms ({})",
            self.warnings.warning_count(),
            total.as_secs_f64() * 1000.0,
            steps.join(", ")
        );
        s
    }
}
