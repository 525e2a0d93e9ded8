//! The `camket` command: a thin layer over the library (argument parsing, printing, exit codes).
//!
//! Exit codes: 0 success, 1 content errors, 2 usage or I/O errors.

use std::path::PathBuf;
use std::process::ExitCode;

use camket::build::{BuildError, build};
use camket::config::BuildConfig;
use clap::{Parser, Subcommand};

/// Publish a government's commitments as a bilingual (Vietnamese/English) static website.
#[derive(Parser)]
#[command(name = "camket", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site: load, validate, link, render and write `public/`.
    Build {
        /// Site folder (holds content/ and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at, ending in / (overrides site.yaml).
        #[arg(long)]
        base_url: Option<String>,
        /// Treat every missing English translation as an error.
        #[arg(long)]
        strict: bool,
        /// Skip the search index (a quicker preview build; the search page then finds nothing).
        #[arg(long)]
        no_search: bool,
    },
    /// Check the content without writing anything: exit 0 when clean, 1 on errors.
    Check {
        /// Site folder (holds content/ and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat every missing English translation as an error.
        #[arg(long)]
        strict: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let (cfg, write) = match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            strict,
            no_search,
        } => {
            let mut cfg = BuildConfig::new(root);
            if let Some(o) = out {
                cfg.out = o;
            }
            cfg.base_url = base_url;
            cfg.strict = strict;
            cfg.search = !no_search;
            (cfg, true)
        }
        Command::Check { root, strict } => {
            let mut cfg = BuildConfig::new(root);
            cfg.strict = strict;
            (cfg, false)
        }
    };
    match build(&cfg, write) {
        Ok(report) => {
            if !report.warnings.is_empty() {
                eprint!("{}", report.warnings.render(&report.sources));
            }
            print!("{}", report.summary());
            if write {
                println!("site written to {}", cfg.out.display());
            } else {
                println!("check passed: no errors");
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Content(diags, sources)) => {
            eprint!("{}", diags.render(&sources));
            if write {
                eprintln!("build failed; {} left as it was", cfg.out.display());
            }
            ExitCode::from(1)
        }
        Err(BuildError::Io(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}
