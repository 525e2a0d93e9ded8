#!/usr/bin/env bash
# A/B benchmark: two (binary, site) pairs built alternately, so that both see the same machine.
#
#   scripts/bench-ab.sh BIN_A ROOT_A BIN_B ROOT_B
#   RUNS=5 FLAGS=--no-search scripts/bench-ab.sh old/camket corpus-a target/release/camket corpus-b
#
# Used to measure what a change costs on a large site: e.g. the N = 10,000 corpus without and
# with plans and commitments (`camket-bench gen-bench … --no-cascade` and without), or the
# binary before and after a change on one corpus. Each run builds into a new folder under
# $OUT_ROOT (default /dev/shm: no disk, see scripts/bench.sh for the disk's own effects), after
# dropping the kernel's caches when it may (root) and a pause of SETTLE seconds. Prints each
# run, then the median wall time of A and B and the ratio B/A.
#
# Settings (environment): RUNS [5], FLAGS extra build arguments [], OUT_ROOT [/dev/shm],
# SETTLE [3].
set -euo pipefail
if [ $# -ne 4 ]; then
  sed -n 2,15p "$0" >&2
  exit 2
fi
RUNS=${RUNS:-5}
FLAGS=${FLAGS:-}
OUT_ROOT=${OUT_ROOT:-/dev/shm}
SETTLE=${SETTLE:-3}
declare -A bin=([A]=$1 [B]=$3) root=([A]=$2 [B]=$4)
declare -A times=([A]="" [B]="")
for v in A B; do
  [ -x "${bin[$v]}" ] || { echo "not an executable: ${bin[$v]}" >&2; exit 2; }
  [ -d "${root[$v]}/content" ] || { echo "not a site (no content/): ${root[$v]}" >&2; exit 2; }
done
clean() { rm -rf "$OUT_ROOT/camket-ab-A" "$OUT_ROOT/camket-ab-B" "$OUT_ROOT"/camket-ab-?.camket-search-cache "$OUT_ROOT"/.camket-ab-*; }
trap clean EXIT
for i in $(seq "$RUNS"); do
  for v in A B; do
    clean
    sync
    (echo 3 > /proc/sys/vm/drop_caches) 2> /dev/null || true
    sleep "$SETTLE"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "${bin[$v]}" build --root "${root[$v]}" --out "$OUT_ROOT/camket-ab-$v" $FLAGS > "$OUT_ROOT/camket-ab-$v.log" 2>&1 \
      || { echo "build $v failed: see $OUT_ROOT/camket-ab-$v.log" >&2; exit 1; }
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc)
    pages=$(find "$OUT_ROOT/camket-ab-$v" -name '*.html' | wc -l)
    printf '%s run %d: %6.2f s, %d pages\n' "$v" "$i" "$t" "$pages"
    times[$v]+="$t "
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ma=$(echo "${times[A]}" | median)
mb=$(echo "${times[B]}" | median)
printf 'median A %.2f s, B %.2f s, B/A %.3f\n' "$ma" "$mb" "$(echo "$mb / $ma" | bc -l)"
