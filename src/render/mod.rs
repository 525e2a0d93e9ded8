//! Stage 4, `render`: turns the linked site into pages, in both languages.
//!
//! Input: [`LinkedSite`], the [`Theme`], the render options and a [`Sink`] that takes each
//! finished file. Output: [`RenderedSite`]: the list of files handed to the sink (path relative
//! to the output folder, kind, language, size). Templates receive per-language views only
//! (texts already chosen for the language and marked when untranslated, links already computed
//! as relative URLs); they never see ids to resolve. Guarantee: templates are compiled once;
//! every output path is known and checked for collisions before any page is rendered; pages
//! are built and rendered in parallel (rayon), each into a per-thread reused buffer that goes
//! straight to the sink, so no more than one page per thread is held in memory; the bytes of
//! each file are identical for identical input; a template error or a missing UI string is a
//! located error.
//!
//! Entry: [`Renderer::new`] (plan every page), then [`Renderer::render_all`] (or
//! [`Renderer::render_page`] for one page, as `camket serve` does). Layout: `route.rs` the URL
//! scheme ([`Route`], [`Section`]); `pages/` the page kinds ([`PageId`], one module per kind);
//! `context.rs` the shared builder and page frame; `pieces.rs` the shared fragments;
//! `data/` the open data files (`data/fields.rs` their column tables); `sitemap.rs`, `charts.rs`, `format.rs` (numbers and dates)
//! and `json.rs` (contexts as template values).

mod charts;
mod context;
pub(crate) mod data;
mod format;
mod indicators;
mod json;
mod pages;
pub(crate) mod paging;
mod pieces;
pub(crate) mod route;
mod sitemap;

use std::collections::HashMap;
use std::io;
use std::sync::Arc;

use minijinja::{Environment, UndefinedBehavior};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::link::LinkedSite;
use crate::model::Lang;
use crate::theme::Theme;

use context::{Builder, Prepared, RowEnv};
pub use format::Formatter;
pub use pages::PageId;
pub use route::{Route, Section};

/// How links are written.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Absolute base URL ending in `/`; `None` writes links that work from any folder and as
    /// files (`…/index.html`).
    pub base_url: Option<String>,
}

/// Where rendered files go: the write stage's staging folder, a server's memory, or nowhere.
pub trait Sink: Sync {
    /// Takes one file (path relative to the output folder, with `/`). Called from several
    /// threads at once, each path once.
    fn put(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// A sink that drops everything (for `check`, which renders to find template errors).
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// A file made in memory (open data, sitemap) before it goes to the sink.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// Kind for the summary (`data`…).
    pub kind: &'static str,
    /// Language, if any.
    pub lang: Option<Lang>,
}

/// One file handed to the sink.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Size in bytes.
    pub len: usize,
    /// Page kind for the summary (`task`, `asset`…).
    pub kind: &'static str,
    /// Language of a page.
    pub lang: Option<Lang>,
}

/// Everything rendered.
#[derive(Debug, Default)]
pub struct RenderedSite {
    /// Files, sorted by path.
    pub files: Vec<RenderedFile>,
}

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderError {
    /// Template errors, or two pages with the same path.
    Content(Diagnostics),
    /// The sink could not take a file.
    Io(String),
}

/// One page of the site: which page, in which language, and where it goes.
#[derive(Debug, Clone)]
pub struct PageRef {
    /// Language the page is built in (language-neutral pages: Vietnamese).
    pub lang: Lang,
    /// The page.
    pub page: PageId,
    /// Its route (kind, language, path).
    pub route: Route,
    /// Output path.
    pub path: String,
}

/// A site ready to render: templates compiled, shared values prepared, every page's path
/// known. Renders all pages ([`Renderer::render_all`]) or one on demand
/// ([`Renderer::render_page`], for `camket serve`).
pub struct Renderer {
    site: Arc<LinkedSite>,
    theme: Arc<Theme>,
    opts: RenderOptions,
    env: Environment<'static>,
    prep: Arc<Prepared>,
    /// What task rows made on demand need (the same site, theme, options and `prep`).
    rows: Arc<RowEnv>,
    pages: Vec<PageRef>,
}

thread_local! {
    /// ICU4X formatters are not `Sync`: one per thread.
    static FORMATTER: Formatter = Formatter::new();
}

impl Renderer {
    /// Compiles the templates and lists every page; fails on a template syntax error or when
    /// two files would get the same path.
    pub fn new(
        site: Arc<LinkedSite>,
        theme: Arc<Theme>,
        opts: RenderOptions,
    ) -> Result<Renderer, Diagnostics> {
        let env = environment(&theme)?;
        let fmt = Formatter::new();
        let prep = Prepared::new(&site, &theme, &fmt, &opts);
        let list = Builder::page_list(&site, &prep);
        let mut pages = Vec::with_capacity(list.len() * 2 + 2);
        for lang in Lang::ALL {
            let b = Builder::new(&site, &theme, &fmt, &opts, lang, &prep);
            for &page in &list {
                let route = b.route(page);
                pages.push(PageRef {
                    lang,
                    page,
                    path: route.path(),
                    route,
                });
            }
        }
        for page in [PageId::Root, PageId::NotFound] {
            let route = Builder::new(&site, &theme, &fmt, &opts, Lang::Vi, &prep).route(page);
            pages.push(PageRef {
                lang: Lang::Vi,
                page,
                path: route.path(),
                route,
            });
        }
        let mut paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        let assets: Vec<String> = theme.assets.keys().map(|k| format!("assets/{k}")).collect();
        paths.extend(assets.iter().map(String::as_str));
        paths.sort_unstable();
        let mut diags = Diagnostics::new();
        for w in paths.windows(2) {
            if w[0] == w[1] {
                diags.push(
                    Diagnostic::error(
                        "content",
                        Pos::default(),
                        format!("two pages would be written to {}", w[0]),
                    )
                    .help("an alias or page id collides with another page; rename one"),
                );
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let prep = Arc::new(prep);
        let rows = Arc::new(RowEnv {
            site: Arc::clone(&site),
            theme: Arc::clone(&theme),
            opts: opts.clone(),
            prep: Arc::clone(&prep),
        });
        Ok(Renderer {
            site,
            theme,
            opts,
            env,
            prep,
            rows,
            pages,
        })
    }

    /// The linked site being rendered.
    pub fn site(&self) -> &LinkedSite {
        &self.site
    }

    /// The theme.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The render options.
    pub fn options(&self) -> &RenderOptions {
        &self.opts
    }

    /// Every page, in build order.
    pub fn pages(&self) -> &[PageRef] {
        &self.pages
    }

    /// The files that are not pages: open data, sitemap and robots.txt, theme assets.
    pub fn extra_files(&self) -> Vec<OutputFile> {
        let base = self.opts.base_url.as_deref();
        let mut extra = data::files(&self.site, base);
        extra.extend(sitemap::files(self.pages.iter().map(|p| &p.route), base));
        extra.extend(context::site_files(&self.site.site.config));
        extra.extend(self.theme.assets.iter().map(|(path, bytes)| OutputFile {
            path: format!("assets/{path}"),
            bytes: bytes.clone(),
            kind: "asset",
            lang: None,
        }));
        extra
    }

    /// Page index by output path.
    pub fn index(&self) -> HashMap<&str, usize> {
        (self.pages.iter().enumerate())
            .map(|(i, p)| (p.path.as_str(), i))
            .collect()
    }

    /// The template name and the context of page `i` of [`Renderer::pages`], as the template
    /// receives them (for documenting the template context: `examples/template_context.rs`).
    pub fn page_context(&self, i: usize) -> (&'static str, minijinja::Value) {
        let p = &self.pages[i];
        let (_, template, ctx) = FORMATTER.with(|fmt| {
            Builder::new(&self.site, &self.theme, fmt, &self.opts, p.lang, &self.prep)
                .with_rows(&self.rows)
                .build(p.page)
        });
        (template, ctx)
    }

    /// Renders page `i` of [`Renderer::pages`] into `buf` (cleared first).
    pub fn render_page(&self, i: usize, buf: &mut Vec<u8>) -> Result<(), Diagnostic> {
        let p = &self.pages[i];
        let (_, template, ctx) = FORMATTER.with(|fmt| {
            Builder::new(&self.site, &self.theme, fmt, &self.opts, p.lang, &self.prep)
                .with_rows(&self.rows)
                .build(p.page)
        });
        let tmpl = self
            .env
            .get_template(template)
            .map_err(|e| template_error(&self.theme, &e))?;
        buf.clear();
        tmpl.render_captured_to(&ctx, &mut *buf)
            .map_err(|e| template_error(&self.theme, &e))?;
        Ok(())
    }

    /// Renders every page (in parallel), the open data files, sitemap and assets into the
    /// sink.
    pub fn render_all(&self, sink: &dyn Sink) -> Result<RenderedSite, RenderError> {
        enum Fail {
            Template(Diagnostic),
            Io(String),
        }
        let page_paths: std::collections::HashSet<&str> =
            self.pages.iter().map(|p| p.path.as_str()).collect();
        // The open data, sitemap and assets are made beside the pages (rayon::join), not after
        // them, each file handed to the sink as soon as it is made.
        let (results, extra) = rayon::join(
            || -> Vec<Result<RenderedFile, Fail>> {
                (0..self.pages.len())
                    .into_par_iter()
                    .map_init(
                        || Vec::with_capacity(64 * 1024),
                        |buf, i| {
                            self.render_page(i, buf).map_err(Fail::Template)?;
                            let p = &self.pages[i];
                            sink.put(&p.path, buf)
                                .map_err(|e| Fail::Io(format!("{}: {e}", p.path)))?;
                            Ok(RenderedFile {
                                path: p.path.clone(),
                                len: buf.len(),
                                kind: p.route.kind(),
                                lang: p.route.lang(),
                            })
                        },
                    )
                    .collect()
            },
            || self.put_extra_files(sink, &page_paths),
        );
        let mut diags = Diagnostics::new();
        let mut files = Vec::with_capacity(results.len() + self.theme.assets.len() + 64);
        let mut io_error = None;
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(Fail::Template(d)) => {
                    // The same template error usually hits every page of a kind: report once.
                    if !diags.sorted().contains(&&d) {
                        diags.push(d);
                    }
                }
                Err(Fail::Io(e)) => {
                    io_error.get_or_insert(e);
                }
            }
        }
        let (extra, extra_diags, extra_io) = extra;
        diags.extend(extra_diags);
        if diags.has_errors() {
            return Err(RenderError::Content(diags));
        }
        if let Some(e) = io_error.or(extra_io) {
            return Err(RenderError::Io(e));
        }
        files.extend(extra);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(RenderedSite { files })
    }

    /// Makes the files that are not pages ([`Renderer::extra_files`]) one at a time and hands
    /// each to the sink, unless its path is a page's. Returns the files written, the path
    /// collisions and the first write error.
    fn put_extra_files(
        &self,
        sink: &dyn Sink,
        page_paths: &std::collections::HashSet<&str>,
    ) -> (Vec<RenderedFile>, Diagnostics, Option<String>) {
        let mut written = Vec::new();
        let mut diags = Diagnostics::new();
        let mut io_error = None;
        let mut put = |f: OutputFile| {
            if page_paths.contains(f.path.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "content",
                        Pos::default(),
                        format!("two files would be written to {}", f.path),
                    )
                    .help("a page id collides with a data file; rename the record"),
                );
                return;
            }
            if io_error.is_some() {
                return;
            }
            match sink.put(&f.path, &f.bytes) {
                Ok(()) => written.push(RenderedFile {
                    len: f.bytes.len(),
                    path: f.path,
                    kind: f.kind,
                    lang: f.lang,
                }),
                Err(e) => io_error = Some(format!("{}: {e}", f.path)),
            }
        };
        let base = self.opts.base_url.as_deref();
        data::files_to(&self.site, base, &mut put);
        for f in sitemap::files(self.pages.iter().map(|p| &p.route), base) {
            put(f);
        }
        for f in context::site_files(&self.site.site.config) {
            put(f);
        }
        for (path, bytes) in &self.theme.assets {
            put(OutputFile {
                path: format!("assets/{path}"),
                bytes: bytes.clone(),
                kind: "asset",
                lang: None,
            });
        }
        (written, diags, io_error)
    }
}

fn environment(theme: &Theme) -> Result<Environment<'static>, Diagnostics> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    // Escape & < > " ' only (minijinja also escapes '/', which makes every URL unreadable).
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == minijinja::AutoEscape::Html
            && !value.is_safe()
            && let Some(s) = value.as_str()
        {
            return crate::strings::write_escaped_html(out, s).map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.add_function("asset_url", asset_url_fn(theme));
    let mut diags = Diagnostics::new();
    for (name, file) in &theme.templates {
        let source = String::from_utf8_lossy(&file.bytes).into_owned();
        if let Err(e) = env.add_template_owned(name.clone(), source) {
            diags.push(template_error(theme, &e));
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(env)
    }
}

/// `asset_url("style.css")` in a template: the URL of the theme asset `static/<path>` from the
/// page being rendered (relative, or absolute where the page's own links are), taken from the
/// stylesheet URL every page context carries (`page.css`, or `css` on the root and 404
/// pages). An asset the theme does not have is a template error.
fn asset_url_fn(
    theme: &Theme,
) -> impl Fn(&minijinja::State, &str) -> Result<String, minijinja::Error> + Send + Sync + 'static {
    let assets: std::collections::BTreeSet<String> = theme.assets.keys().cloned().collect();
    move |state, path| {
        let err = |m: String| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, m);
        if !assets.contains(path) {
            return Err(err(format!(
                "asset_url: no asset `{path}`: put the file in the theme's static/ folder"
            )));
        }
        let css = state
            .lookup("page")
            .and_then(|p| p.get_attr("css").ok())
            .filter(|v| !v.is_undefined() && !v.is_none())
            .or_else(|| state.lookup("css"));
        let base = css
            .as_ref()
            .and_then(|v| v.as_str())
            .and_then(|c| c.strip_suffix("style.css"))
            .ok_or_else(|| err("asset_url: this page has no asset base (page.css)".into()))?;
        Ok(format!("{base}{path}"))
    }
}

/// A template error as a located diagnostic (template file, line, and minijinja's detail).
fn template_error(theme: &Theme, e: &minijinja::Error) -> Diagnostic {
    let name = e.name().unwrap_or("template");
    let shown = theme
        .templates
        .get(name)
        .map(|f| f.shown.clone())
        .unwrap_or_else(|| format!("templates/{name}").into());
    let line = e.line().unwrap_or(0) as u32;
    let mut message = e.to_string();
    if let Some(detail) = e
        .display_debug_info()
        .to_string()
        .lines()
        .find(|l| l.contains('>'))
    {
        message.push_str(&format!(" [{}]", detail.trim()));
    }
    Diagnostic::error(shown, Pos { line, col: 0 }, message)
        .help("fix the template; every UI string must exist in both i18n files and every variable must be defined")
}
