//! `camket-bench`: writes a synthetic site of N tasks for the benchmark (`scripts/bench.sh`).
//!
//! Input: `--tasks N --out DIR [--no-cascade]`. Output: `DIR/content/`, a complete site of the real one's
//! shape (see [`corpus`]), and a one-line summary on stdout. Guarantee: the same N gives
//! byte-identical files; a `content/` folder it did not make is never overwritten. Exit codes:
//! 0 written, 2 usage or I/O error. This is benchmark tooling, not part of the `camket` CLI
//! nor of the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

mod corpus;

/// Write a synthetic site of N tasks (for benchmarks) into DIR/content/.
#[derive(Parser)]
#[command(name = "camket-bench", version)]
struct Cli {
    /// Number of tasks (agencies N/10, documents N/20, indicators N/5).
    #[arg(long)]
    tasks: usize,
    /// Folder to write; its content/ is replaced only if camket-bench made it.
    #[arg(long)]
    out: PathBuf,
    /// Leave out the cascade (plans, commitments, implementation links): a one-plan site, to
    /// measure what the cascade costs (scripts/bench-ab.sh).
    #[arg(long)]
    no_cascade: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match corpus::generate(cli.tasks, &cli.out, !cli.no_cascade) {
        Ok(s) => {
            println!(
                "wrote {} tasks, {} agencies, {} documents ({} hosted), {} indicators, {} projects: {} files, {:.1} MiB in {}",
                s.tasks,
                s.agencies,
                s.documents,
                s.hosted,
                s.objectives,
                s.projects,
                s.files,
                s.bytes as f64 / (1024.0 * 1024.0),
                cli.out.join("content").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
