//! The one pipeline entry: load → validate → compile → link → theme, the checking half of every
//! command.
//!
//! Input: the site folder and [`CheckOptions`]. Output: a [`Checked`] site (linked content, its
//! theme, the warnings and the texts to quote them, each step's time) or the [`BuildError`]
//! that stopped it. Guarantee: `build`, `check`, `serve`, `report-template`, `import-reports`
//! and the tests all reach a linked site through [`check`] (or [`check_cached`]), so they
//! accept and refuse exactly the same content; every error type a command can end with
//! implements [`Failure`], the one place that says its exit code (1 content, 2 usage or I/O)
//! and how it is printed.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::build::{BuildError, check_root};
use crate::compile::{self, CompileOptions};
use crate::diagnostic::{Diagnostics, SourceTexts};
use crate::link::{self, LinkedSite};
use crate::load::{self, LoadCache, RawSite};
use crate::theme::{self, Theme};
use crate::validate::{self, ValidateOptions};

/// How to check a site.
#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Every missing English translation is an error.
    pub strict: bool,
    /// Keep the raw site (the records as read) in [`Checked::raw`], for commands that edit the
    /// content files (`import-reports`); otherwise each raw record is dropped once checked.
    pub keep_raw: bool,
}

/// A site that loads, validates, compiles and links, with its theme.
#[derive(Debug)]
pub struct Checked {
    /// The records as read, when [`CheckOptions::keep_raw`].
    pub raw: Option<RawSite>,
    /// The validated and linked content.
    pub linked: LinkedSite,
    /// The site's theme (templates and UI strings).
    pub theme: Theme,
    /// Warnings (content that builds but should be looked at).
    pub warnings: Diagnostics,
    /// The file texts the warnings quote.
    pub sources: SourceTexts,
    /// Step name and duration, in order (`load`, `validate`, `compile`, `link`, `theme`).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads, validates, compiles and links the content of `root` and loads its theme.
pub fn check(root: &Path, opts: &CheckOptions) -> Result<Checked, BuildError> {
    check_cached(root, opts, &mut LoadCache::default())
}

/// [`check`], re-using the files parsed in `cache` (the development server's rebuilds).
pub fn check_cached(
    root: &Path,
    opts: &CheckOptions,
    cache: &mut LoadCache,
) -> Result<Checked, BuildError> {
    check_root(root)?;
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |timings: &mut Vec<_>, name: &'static str| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };

    let (mut raw, load_diags) = load::load_cached(root, cache).map_err(|e| BuildError::Io(e.0))?;
    lap(&mut timings, "load");
    let validate_opts = ValidateOptions {
        strict: opts.strict,
    };
    let validated = if opts.keep_raw {
        validate::validate(&raw, validate_opts)
    } else {
        // The raw tasks are dropped one by one as they are checked.
        validate::validate_owned(&mut raw, validate_opts)
    };
    lap(&mut timings, "validate");
    let compile_opts = CompileOptions {
        strict: opts.strict,
    };
    let compiled = compile::compile(&raw, validated, compile_opts);
    let (sources, raw) = if opts.keep_raw {
        (raw.sources.clone(), Some(raw))
    } else {
        // Of the raw site, only the file texts (for quoting diagnostics) are needed now.
        (std::mem::take(&mut raw.sources), None)
    };
    let (site, warnings) = match compiled {
        Ok(v) if !load_diags.has_errors() => v,
        Ok(_) => return Err(BuildError::Content(load_diags, sources)),
        Err(mut d) => {
            d.extend(load_diags);
            return Err(BuildError::Content(d, sources));
        }
    };
    lap(&mut timings, "compile");
    // Later errors (templates, paths) point into the theme, not into content files: only the
    // texts that the warnings quote are kept.
    let mut sources = sources;
    sources.retain_quoted(&warnings);
    let theme_name = site.config.theme.clone();
    let linked = link::link(site);
    lap(&mut timings, "link");
    let mut theme = match theme::load_theme(root, &theme_name) {
        Ok(t) => t,
        Err(d) => return Err(BuildError::Content(d, sources)),
    };
    // The plan's own words (`plan_kind`, `plan_short` of site.yaml) in every UI string.
    let c = &linked.site.config;
    theme.fill_plan_words(&c.plan_kind, &c.plan_short);
    lap(&mut timings, "theme");
    Ok(Checked {
        raw,
        linked,
        theme,
        warnings,
        sources,
        timings,
    })
}

/// An error a command can end with: its exit code and what is printed on standard error.
pub trait Failure: std::error::Error {
    /// 1 for content problems (the site or the imported file must be fixed), 2 for usage or
    /// I/O (the command line, a folder, a lock).
    fn exit_code(&self) -> u8;
    /// The text printed on standard error, ending in a newline: located diagnostics with their
    /// help lines, or `error: <message>`.
    fn report(&self) -> String {
        format!("error: {self}\n")
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(d, s) => f.write_str(d.render(s).trim_end()),
            BuildError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for BuildError {}

impl Failure for BuildError {
    fn exit_code(&self) -> u8 {
        match self {
            BuildError::Content(..) => 1,
            BuildError::Io(_) => 2,
        }
    }
    fn report(&self) -> String {
        match self {
            BuildError::Content(d, s) => d.render(s),
            BuildError::Io(m) => format!("error: {m}\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pos;

    #[test]
    fn content_problems_exit_1_and_usage_or_io_exit_2_with_their_text() {
        let io = BuildError::Io("cannot open the site folder x".into());
        assert_eq!(io.exit_code(), 2);
        assert_eq!(io.report(), "error: cannot open the site folder x\n");
        let mut d = Diagnostics::default();
        d.push(crate::diagnostic::Diagnostic::error(
            "content/site.yaml",
            Pos { line: 1, col: 1 },
            "unknown key",
        ));
        let content = BuildError::Content(d, SourceTexts::default());
        assert_eq!(content.exit_code(), 1);
        assert!(
            content.report().contains("content/site.yaml:1:1"),
            "{}",
            content.report()
        );
        assert!(content.to_string().contains("unknown key"));
    }

    #[test]
    fn a_missing_site_folder_is_a_usage_error_before_any_work() {
        let e = check(
            Path::new("/nonexistent/camket-site"),
            &CheckOptions::default(),
        )
        .expect_err("no such folder");
        assert_eq!(e.exit_code(), 2);
        assert!(e.report().contains("does not exist"), "{}", e.report());
    }
}
