#!/usr/bin/env bash
# Runs each cargo-fuzz target for a bounded time (default 60 s each; `scripts/fuzz.sh 3600` for
# an hour by hand). Needs cargo-fuzz (`cargo install cargo-fuzz`); the stable toolchain is used
# with RUSTC_BOOTSTRAP=1 for the sanitizer flags. Seeds come from fuzz/seeds/ and the kept
# regression cases from fuzz/regressions/; a crash leaves its input in fuzz/artifacts/<target>/
# and fails the script — copy it to fuzz/regressions/<target>/ once fixed.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
secs="${1:-60}"
export RUSTC_BOOTSTRAP=1
for target in cite_parse load_content import_reports; do
  mkdir -p "corpus/$target"
  echo "== fuzz $target for ${secs}s"
  log="artifacts/$target.log"
  mkdir -p artifacts
  # A crash, a panic, a timeout (-timeout) or a build failure ends cargo fuzz with a non-zero
  # status: the script fails and shows the end of the log.
  if ! cargo fuzz run "$target" "corpus/$target" "seeds/$target" "regressions/$target" -- \
    -max_total_time="$secs" -rss_limit_mb=4096 -timeout=10 -print_final_stats=1 > "$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz $target failed (log: fuzz/$log; failing input, if any: fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  grep -E "^Done|stat::number_of_executed_units|stat::peak_rss" "$log"
done
