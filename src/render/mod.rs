//! Stage 4, `render`: turns the linked site into pages, in both languages.
//!
//! Input: [`LinkedSite`], the [`Theme`] and the render options. Output: [`RenderedSite`]: every
//! output file (path relative to the output folder, bytes). Templates receive per-language
//! views only (texts already chosen for the language and marked when untranslated, links
//! already computed as relative URLs); they never see ids to resolve. Guarantee: templates are
//! compiled once; pages are rendered in parallel; the output is sorted by path and identical
//! for identical input; a template error or a missing UI string is a located error.

mod charts;
pub mod data;
mod format;
mod sitemap;
pub mod views;

use std::collections::BTreeMap;

use minijinja::{Environment, UndefinedBehavior, Value};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::link::LinkedSite;
use crate::model::Lang;
use crate::theme::Theme;

pub use format::Formatter;
pub use views::Route;

/// How links are written.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Absolute base URL ending in `/`; `None` writes links that work from any folder and as
    /// files (`…/index.html`).
    pub base_url: Option<String>,
}

/// One output file.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/`.
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// Page kind for the summary (`task`, `asset`…) and language, if a page.
    pub kind: &'static str,
    /// Language of a page.
    pub lang: Option<Lang>,
}

/// Everything to write.
#[derive(Debug, Default)]
pub struct RenderedSite {
    /// Files, sorted by path.
    pub files: Vec<OutputFile>,
}

/// A page to render: where, with which template and context.
struct Job {
    route: Route,
    template: &'static str,
    ctx: Value,
}

/// Renders every page and asset.
pub fn render(
    site: &LinkedSite,
    theme: &Theme,
    opts: &RenderOptions,
) -> Result<RenderedSite, Diagnostics> {
    let env = environment(theme)?;
    let fmt = Formatter::new();
    let mut jobs: Vec<Job> = Vec::new();
    for lang in Lang::ALL {
        let b = views::Builder::new(site, theme, &fmt, opts, lang);
        for (route, template, ctx) in b.pages() {
            jobs.push(Job {
                route,
                template,
                ctx,
            });
        }
    }
    let root_builder = views::Builder::new(site, theme, &fmt, opts, Lang::Vi);
    for (route, template, ctx) in root_builder.root_pages() {
        jobs.push(Job {
            route,
            template,
            ctx,
        });
    }

    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let tmpl = env
                .get_template(job.template)
                .map_err(|e| template_error(theme, &e))?;
            let html = tmpl
                .render(&job.ctx)
                .map_err(|e| template_error(theme, &e))?;
            Ok(OutputFile {
                path: job.route.path(),
                bytes: html.into_bytes(),
                kind: job.route.kind(),
                lang: job.route.lang(),
            })
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut files = Vec::with_capacity(results.len() + theme.assets.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    files.extend(data::files(site, opts.base_url.as_deref()));
    files.extend(sitemap::files(
        jobs.iter().map(|j| &j.route),
        opts.base_url.as_deref(),
    ));
    for (path, bytes) in &theme.assets {
        files.push(OutputFile {
            path: format!("assets/{path}"),
            bytes: bytes.clone(),
            kind: "asset",
            lang: None,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut seen: BTreeMap<&str, ()> = BTreeMap::new();
    for f in &files {
        if seen.insert(&f.path, ()).is_some() {
            diags.push(
                Diagnostic::error(
                    "content",
                    Pos::default(),
                    format!("two pages would be written to {}", f.path),
                )
                .help("an alias or page id collides with another page; rename one"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(RenderedSite { files })
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
            return out
                .write_str(&crate::strings::escape_html(s))
                .map_err(minijinja::Error::from);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
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
