//! The `camket` command: a thin layer over the library (argument parsing, printing, exit codes).
//!
//! Exit codes: 0 success, 1 content errors, 2 usage or I/O errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use camket::build::{BuildError, build};
use camket::config::BuildConfig;
use camket::pipeline::Failure;
use camket::reports::LoadedSite;
use camket::reports::import::{ImportOptions, import};
use camket::reports::template::{Selection, TemplateError, check_out, save, write_template};
use clap::{Parser, Subcommand};

/// mimalloc: page contexts are many small short-lived allocations, made from two threads at
/// once; it roughly halves the time glibc's allocator spends on them (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's own C API (compiled into the binary with the allocator above); the `mimalloc`
// crate exposes no binding for options.
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (`include/mimalloc.h`).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// How long (ms) mimalloc keeps freed memory before returning it to the system. Its default,
/// 1 s, is the length of a whole build step: the memory freed by loading (the raw YAML records)
/// was still held while rendering allocated more, so the peak was ~60 MB above what was live at
/// N = 10,000. 5 ms costs under 2 % of the build's time (docs/performance.md).
const PURGE_DELAY_MS: std::ffi::c_long = 5;

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
    /// Serve the site on 127.0.0.1 with live reload: rebuilds on every change under content/
    /// and themes/, shows content errors over the page and keeps serving the last good site.
    Serve {
        /// Site folder (holds content/ and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1 (0: any free port; the URL is printed).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Treat every missing English translation as an error.
        #[arg(long)]
        strict: bool,
    },
    /// Start a new site: write a commented example site (content/, README.md) into DIR.
    Init {
        /// Folder to write into (created if absent); it must not have a content/ folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The plan's title in Vietnamese [default: an example title].
        #[arg(long)]
        title_vi: Option<String>,
        /// The plan's title in English [default: the example title, or --title-vi].
        #[arg(long)]
        title_en: Option<String>,
        /// The kind of plan as it names itself ("Kế hoạch", "Chương trình hành động", "Nghị quyết"…).
        #[arg(long, default_value = "Kế hoạch")]
        kind: String,
        /// The kind in English [default: known for the usual kinds].
        #[arg(long)]
        kind_en: Option<String>,
        /// The data date (YYYY-MM-DD), for tests [default: today in Vietnam].
        #[arg(long, hide = true)]
        today: Option<String>,
    },
    /// Write the progress-report workbook (.xlsx) an agency fills in: one row per task it leads.
    ReportTemplate {
        /// Site folder (holds content/ and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Agency id (see content/agencies/).
        #[arg(long, required_unless_present = "all", conflicts_with = "all")]
        agency: Option<String>,
        /// One workbook with a sheet for every agency that leads a task.
        #[arg(long)]
        all: bool,
        /// Output file [default: bao-cao-AGENCY.xlsx, or bao-cao-tat-ca.xlsx with --all]; an
        /// existing file is replaced only if it is a template camket wrote.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing --out file even if camket did not write it (never one inside
        /// content/ or themes/).
        #[arg(long)]
        force: bool,
    },
    /// Import filled progress reports (.xlsx or .csv) into content/tasks/: all rows are checked
    /// first, and nothing is written unless every row is valid.
    ImportReports {
        /// The filled workbook or CSV file.
        file: PathBuf,
        /// Site folder (holds content/ and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Show what would be added without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Refuse the import unless the site then passes `check --strict` (English texts,
        /// cited documents present)
        #[arg(long)]
        strict: bool,
        /// Today's date (YYYY-MM-DD), for tests [default: today in Vietnam].
        #[arg(long, hide = true)]
        today: Option<String>,
    },
}

fn main() -> ExitCode {
    // SAFETY: sets a plain integer option of the allocator, before any thread is started;
    // valid for any value (mimalloc reads it when it next purges).
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
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
        Command::ReportTemplate {
            root,
            agency,
            all,
            out,
            force,
        } => return report_template(&root, agency, all, out, force),
        Command::ImportReports {
            file,
            root,
            dry_run,
            strict,
            today,
        } => return import_reports(&root, &file, dry_run, strict, today.as_deref()),
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
        Command::Init {
            dir,
            title_vi,
            title_en,
            kind,
            kind_en,
            today,
        } => {
            let opts = (title_vi, title_en, kind, kind_en);
            return init(&dir, opts, today.as_deref());
        }
        Command::Serve { root, port, strict } => {
            let mut cfg = BuildConfig::new(root);
            cfg.strict = strict;
            return match camket::serve::serve(cfg, port) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&BuildError::Io(e)),
            };
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
        Err(e) => {
            let code = fail(&e);
            if write && matches!(e, BuildError::Content(..)) {
                eprintln!("build failed; {} left as it was", cfg.out.display());
            }
            code
        }
    }
}

fn init(
    dir: &Path,
    (title_vi, title_en, kind_vi, kind_en): (
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    ),
    today: Option<&str>,
) -> ExitCode {
    let today = match today_arg(today) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let opts = camket::init::InitOptions {
        title_vi,
        title_en,
        kind_vi,
        kind_en,
        today,
    };
    match camket::init::init(dir, &opts) {
        Ok(r) => {
            println!(
                "new site written to {}: {} files, {} lines (example content to replace)",
                dir.display(),
                r.files.len(),
                r.lines
            );
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!("next: {cd}camket serve   (then edit content/; see README.md there)");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn report_template(
    root: &Path,
    agency: Option<String>,
    all: bool,
    out: Option<PathBuf>,
    force: bool,
) -> ExitCode {
    let (sel, default_out) = match agency {
        Some(a) if !all => (Selection::Agency(a.clone()), format!("bao-cao-{a}.xlsx")),
        _ => (Selection::All, "bao-cao-tat-ca.xlsx".to_owned()),
    };
    let out = out.unwrap_or_else(|| PathBuf::from(default_out));
    if let Err(e) = camket::build::check_root(root) {
        return fail(&e);
    }
    if let Err(m) = check_out(root, &out, force) {
        return fail(&TemplateError::Usage(m));
    }
    let site = match LoadedSite::load(root) {
        Ok(s) => s,
        Err(e) => return fail(&e),
    };
    match write_template(&site, &sel) {
        Ok(bytes) => match save(&out, &bytes) {
            Ok(()) => {
                println!("report template written to {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail(&TemplateError::Xlsx(format!(
                "cannot write {}: {e}",
                out.display()
            ))),
        },
        Err(e) => fail(&e),
    }
}

fn import_reports(
    root: &Path,
    file: &Path,
    dry_run: bool,
    strict: bool,
    today: Option<&str>,
) -> ExitCode {
    let today = match today_arg(today) {
        Ok(d) => d,
        Err(e) => return fail(&e),
    };
    let shown = file.display().to_string();
    let opts = ImportOptions {
        dry_run,
        today,
        strict,
    };
    match import(root, file, &opts) {
        Ok(outcome) => {
            print!("{}", outcome.summary(&shown));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint!("{}", e.report_for(&shown));
            ExitCode::from(e.exit_code())
        }
    }
}

/// `--today` (a hidden option for tests), or today in Vietnam.
fn today_arg(today: Option<&str>) -> Result<camket::model::Date, BuildError> {
    match today.map(str::parse) {
        None => Ok(camket::reports::today_in_vietnam()),
        Some(Ok(d)) => Ok(d),
        Some(Err(e)) => Err(BuildError::Io(format!("--today: {e}"))),
    }
}

/// Prints an error as [`Failure::report`] says and returns its exit code: the one place a
/// command's error becomes an exit code.
fn fail(e: &impl Failure) -> ExitCode {
    eprint!("{}", e.report());
    ExitCode::from(e.exit_code())
}
