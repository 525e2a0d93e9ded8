#!/usr/bin/env bash
# Benchmark: full builds of synthetic sites of N tasks, and rebuilds in `camket serve`.
#
#   scripts/bench.sh                 # N = 1000 10000 50000, 5 runs each (3 for 50000)
#   SIZES="1000 10000" RUNS=3 scripts/bench.sh
#
# Settings (environment):
#   SIZES    task counts                          [1000 10000 50000]
#   RUNS     timed builds per size                [5; 3 for N >= 50000]
#   WORK     corpora and outputs (on disk)        [target/bench]
#   OUT_ROOT where the builds write               [$WORK/out]; /dev/shm/x measures without the disk
#   SETTLE   seconds to wait before each timed build [35; 3 when the caches can be dropped]
#   EDITS    rebuilds timed in `camket serve`     [5]; 0 skips
#   FLAGS    extra arguments of the timed builds  []; e.g. --no-search (no Pagefind step)
#   FLOOR    timed `tar -x` of each size's output   [3]; 0 skips. The I/O floor: the same
#            files written by tar on the same disk, from a tarball in memory; each build's
#            median is printed as a ratio to it
#   REBUILDS timed rebuilds after importing one report [3]; 0 skips. After one build into the
#            output (which fills the search cache beside it), each round imports a progress
#            report for one task (`camket import-reports`, a CSV of one row) and times a
#            build with search (unchanged search shards read from the cache) and one with
#            --no-search, both into the existing output (the search cache keeps the shards
#            of the last build with search). Only for the sizes in REBUILD_SIZES [10000]
#   RUNS_BIG timed builds per size for N >= 50000 [3]
#
# Each timed run builds into a folder that does not exist (a first build: no old output to
# replace), under /usr/bin/time -v. Before each run the disk is brought back to the state of a
# machine that has not just deleted a site: the script syncs and, when it may (root), drops the
# kernel's caches (/proc/sys/vm/drop_caches), then reads the corpus and the binary back in (an
# editor's files are in memory when they build). On this VM's ext4 (no journal), each
# create/delete cycle of 45,000 files leaves the kernel slower at creating the next ones: its
# cached metadata blocks are searched for every new inode, and the times rise run after run
# (N = 10,000 without search: 5.8 s, then 12.9, 13.0 s with 8 s pauses, 18.4, 21.0 s with
# 65 s pauses); dropping the caches brings it back (6.7 s). Without root the script only waits
# SETTLE seconds, which helps little: see docs/performance.md, "The disk".
#
#   DROP_CACHES  1: drop the caches before each timed run if /proc/sys/vm/drop_caches is
#                writable [1]; 0: never (to see the slowdown)
#
# Prints a markdown table (medians, min–max) and writes it to $WORK/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
WORK=${WORK:-target/bench}
OUT_ROOT=${OUT_ROOT:-$WORK/out}
DROP_CACHES=${DROP_CACHES:-1}
can_drop=0
if [ "$DROP_CACHES" = 1 ] && sync && (echo 3 > /proc/sys/vm/drop_caches) 2> /dev/null; then
  can_drop=1
fi
SETTLE=${SETTLE:-$([ "$can_drop" = 1 ] && echo 3 || echo 35)}
EDITS=${EDITS:-5}
FLAGS=${FLAGS:-}
FLOOR=${FLOOR:-3}
REBUILDS=${REBUILDS:-3}
REBUILD_SIZES=${REBUILD_SIZES:-10000}

if [ ! -x /usr/bin/time ]; then
  echo "needs GNU time for peak memory: apt-get install time" >&2
  exit 2
fi
cargo build --release --quiet
BIN=$PWD/target/release/camket
BENCH_BIN=$PWD/target/release/camket-bench
mkdir -p "$WORK" "$OUT_ROOT"
rm -f "$WORK/rebuilds.md"

# fresh_disk CORPUS: the disk as a user's first build finds it (see the header).
fresh_disk() {
  sync
  if [ "$can_drop" = 1 ]; then
    echo 3 > /proc/sys/vm/drop_caches
    find "$1" "$BIN" -type f -exec cat {} + > /dev/null
  fi
  sleep "$SETTLE"
}

# timed FILE-TAG CMD...: runs CMD under /usr/bin/time -v; appends wall s and peak MB to
# $WORK/wall-TAG.txt and $WORK/rss-TAG.txt.
timed() {
  local tag=$1; shift
  /usr/bin/time -v "$@" > "$WORK/out-$tag.log" 2> "$WORK/time-$tag.log"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time-$tag.log" >> "$WORK/wall-$tag.txt"
  awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$WORK/time-$tag.log" >> "$WORK/rss-$tag.txt"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "-"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }
minmax() { sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%s–%s", lo, hi}'; }

# serve_edits ROOT FILE PAGE TAG: runs `camket serve` on ROOT, EDITS times changes the first
# `vi:` text of FILE (the first record's title), and records the rebuild time the server
# prints and the time until PAGE shows the change. Sets $rebuild and $served.
serve_edits() {
  local root=$1 file=$2 page=$3 tag=$4 log="$WORK/serve-$4.log" pid url before mark t0 t1
  "$BIN" serve --root "$root" --port 0 > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q '^serving at' "$log" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*/' "$log" | head -n 1)
  curl -s "$url$page" > /dev/null
  : > "$WORK/rebuild-$tag.txt"; : > "$WORK/served-$tag.txt"
  for e in $(seq 1 "$EDITS"); do
    before=$(grep -c '^rebuilt in' "$log" || true)
    mark="bench-edit-$e-$RANDOM"
    t0=$(date +%s%N)
    sed "0,/    vi: \"/s//    vi: \"$mark /" "$file" > "$file.tmp" && mv "$file.tmp" "$file"
    for _ in $(seq 1 2000); do
      curl -s "$url$page" | grep -q "$mark" && break
      sleep 0.005
    done
    t1=$(date +%s%N)
    for _ in $(seq 1 200); do [ "$(grep -c '^rebuilt in' "$log" || true)" -gt "$before" ] && break; sleep 0.05; done
    grep '^rebuilt in' "$log" | tail -n 1 | awk '{print $3}' >> "$WORK/rebuild-$tag.txt"
    echo $(( (t1 - t0) / 1000000 )) >> "$WORK/served-$tag.txt"
    sleep 0.3
  done
  kill "$pid"; wait "$pid" 2> /dev/null || true
  rebuild="$(median < "$WORK/rebuild-$tag.txt") ($(minmax < "$WORK/rebuild-$tag.txt"))"
  served=$(median < "$WORK/served-$tag.txt")
}

host="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), output on $(df -T "$OUT_ROOT" | awk 'NR==2 {print $2}')"
{
  echo "Machine: $host. camket $(git rev-parse --short HEAD 2>/dev/null || echo '?'). Build flags: ${FLAGS:-none}. Caches dropped before each run: $([ "$can_drop" = 1 ] && echo yes || echo "no (waits ${SETTLE} s)"). Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| N tasks | pages | files | MB written | wall s (median, min–max) | peak RSS MB (median) | pages/s | tar -x floor s (median) | × floor | rebuild ms (median, min–max) | edit → page served ms |"
  echo "|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---:|"
} > "$WORK/results.md"

for n in $SIZES; do
  runs=$([ "$n" -ge 50000 ] && echo "${RUNS_BIG:-3}" || echo "${RUNS:-5}")
  corpus="$WORK/n$n"
  "$BENCH_BIN" --tasks "$n" --out "$corpus" > /dev/null
  out="$OUT_ROOT/site-$n"
  rm -rf "$out" "$out.camket-search-cache"
  : > "$WORK/wall-$n.txt"; : > "$WORK/rss-$n.txt"
  for r in $(seq 1 "$runs"); do
    fresh_disk "$corpus"
    # shellcheck disable=SC2086 # FLAGS is a list of arguments
    /usr/bin/time -v "$BIN" build --root "$corpus" --out "$out" $FLAGS > "$WORK/build-$n.log" 2> "$WORK/time-$n.log"
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time-$n.log" >> "$WORK/wall-$n.txt"
    awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$WORK/time-$n.log" >> "$WORK/rss-$n.txt"
    echo "N=$n run $r: $(tail -n 1 "$WORK/wall-$n.txt") s, $(tail -n 1 "$WORK/rss-$n.txt") MB, load average $(cut -d' ' -f1 /proc/loadavg); $(grep -o '[0-9]* ms (load.*' "$WORK/build-$n.log")" >&2
    pages=$(find "$out" -name '*.html' | wc -l)
    files=$(find "$out" -type f | wc -l)
    bytes=$(find "$out" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    if [ "$r" = "$runs" ] && [ "$FLOOR" -gt 0 ]; then
      tar -C "$out" -cf "/dev/shm/camket-bench-$n.tar" .
    fi
    # A first build: no output and no search cache beside it.
    rm -rf "$out" "$out.camket-search-cache"
  done
  wall=$(median < "$WORK/wall-$n.txt")
  rss=$(median < "$WORK/rss-$n.txt")
  pps=$(awk -v p="$pages" -v w="$wall" 'BEGIN {printf "%.0f", p/w}')
  mb=$(awk -v b="$bytes" 'BEGIN {printf "%.0f", b/1e6}')

  # The I/O floor: `tar -x` of the same output into the same place, the disk in the same state.
  floor="-"; ratio="-"
  if [ "$FLOOR" -gt 0 ]; then
    : > "$WORK/wall-tar-$n.txt"; : > "$WORK/rss-tar-$n.txt"
    for r in $(seq 1 "$FLOOR"); do
      mkdir -p "$out"
      fresh_disk "$corpus"
      timed "tar-$n" tar -C "$out" -xf "/dev/shm/camket-bench-$n.tar"
      echo "N=$n tar -x run $r: $(tail -n 1 "$WORK/wall-tar-$n.txt") s, load average $(cut -d' ' -f1 /proc/loadavg)" >&2
      rm -rf "$out"
    done
    rm -f "/dev/shm/camket-bench-$n.tar"
    floor=$(median < "$WORK/wall-tar-$n.txt")
    ratio=$(awk -v w="$wall" -v f="$floor" 'BEGIN {printf "%.2f", w/f}')
  fi

  # Rebuilds after importing one progress report (the search cache beside the output warm).
  if [ "$REBUILDS" -gt 0 ] && [[ " $REBUILD_SIZES " == *" $n "* ]]; then
    # shellcheck disable=SC2086
    "$BIN" build --root "$corpus" --out "$out" $FLAGS > /dev/null
    task="$corpus/content/tasks/nhiem-vu-001.yaml"
    lead=$(awk '/^  lead:/ {getline; sub(/^ *- */, ""); print; exit}' "$task")
    : > "$WORK/wall-re-$n.txt"; : > "$WORK/rss-re-$n.txt"
    : > "$WORK/wall-rens-$n.txt"; : > "$WORK/rss-rens-$n.txt"
    for r in $(seq 1 "$REBUILDS"); do
      printf 'agency,task_id,date,status,percent,note_vi\n%s,nv-00001,%02d/06/2026,in_progress,%d,Báo cáo tiến độ lần %d\n' \
        "$lead" "$((25 + r))" "$((10 * r))" "$r" > "$WORK/report-$r.csv"
      "$BIN" import-reports "$WORK/report-$r.csv" --root "$corpus" > /dev/null
      fresh_disk "$corpus"
      # shellcheck disable=SC2086
      timed "re-$n" "$BIN" build --root "$corpus" --out "$out" $FLAGS
      fresh_disk "$corpus"
      timed "rens-$n" "$BIN" build --root "$corpus" --out "$out" --no-search
      echo "N=$n rebuild $r after one report: $(tail -n 1 "$WORK/wall-re-$n.txt") s, $(tail -n 1 "$WORK/rss-re-$n.txt") MB ($(grep -o 'shards: .*' "$WORK/out-re-$n.log")); --no-search: $(tail -n 1 "$WORK/wall-rens-$n.txt") s; load average $(cut -d' ' -f1 /proc/loadavg)" >&2
    done
    rm -rf "$out" "$out.camket-search-cache"
    "$BENCH_BIN" --tasks "$n" --out "$corpus" > /dev/null   # undo the imports
    echo "N=$n rebuild after importing one report: $(median < "$WORK/wall-re-$n.txt") s median ($(minmax < "$WORK/wall-re-$n.txt")), peak $(median < "$WORK/rss-re-$n.txt") MB; the same with --no-search: $(median < "$WORK/wall-rens-$n.txt") s ($(minmax < "$WORK/wall-rens-$n.txt")); difference of medians $(awk -v a="$(median < "$WORK/wall-re-$n.txt")" -v b="$(median < "$WORK/wall-rens-$n.txt")" 'BEGIN {printf "%.2f", a-b}') s" >> "$WORK/rebuilds.md"
  fi

  # Rebuilds in `camket serve`: change one task's title, time the rebuild and the page.
  rebuild="-"; served="-"
  if [ "$EDITS" -gt 0 ]; then
    serve_edits "$corpus" "$corpus/content/tasks/nhiem-vu-001.yaml" "vi/nhiem-vu/nv-00001/" "$n"
    "$BENCH_BIN" --tasks "$n" --out "$corpus" > /dev/null   # undo the edits
  fi
  line="| $n | $pages | $files | $mb | $wall ($(minmax < "$WORK/wall-$n.txt")) | $rss | $pps | $floor | $ratio | $rebuild | $served |"
  echo "$line" >> "$WORK/results.md"
  echo "$line" >&2
done

# The real site (content/), for scale.
: > "$WORK/wall-real.txt"; : > "$WORK/rss-real.txt"
for r in $(seq 1 5); do
  rm -rf "$OUT_ROOT/site-real" "$OUT_ROOT/site-real.camket-search-cache"
  fresh_disk content
  # shellcheck disable=SC2086
  /usr/bin/time -v "$BIN" build --out "$OUT_ROOT/site-real" $FLAGS > /dev/null 2> "$WORK/time-real.log"
  awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time-real.log" >> "$WORK/wall-real.txt"
  awk -F': ' '/Maximum resident set size/ {printf "%.0f\n", $2/1024}' "$WORK/time-real.log" >> "$WORK/rss-real.txt"
done
echo >> "$WORK/results.md"
real_pages=$(find "$OUT_ROOT/site-real" -name '*.html' | wc -l)
rm -rf "$OUT_ROOT/site-real" "$OUT_ROOT/site-real.camket-search-cache"
rebuild="-"; served="-"
if [ "$EDITS" -gt 0 ]; then
  rm -rf "$WORK/real" && mkdir -p "$WORK/real" && cp -r content "$WORK/real/"
  serve_edits "$WORK/real" "$WORK/real/content/tasks/giai-phap-1.yaml" \
    "vi/nhiem-vu/ke-hoach-tuyen-truyen-nghi-quyet-71/" real
fi
echo "Real site (content/): $real_pages pages; full build wall $(median < "$WORK/wall-real.txt") s median ($(minmax < "$WORK/wall-real.txt")), peak RSS $(median < "$WORK/rss-real.txt") MB; serve rebuild after editing one task $rebuild ms, edit → page served $served ms (medians of $EDITS)." >> "$WORK/results.md"
if [ -s "$WORK/rebuilds.md" ]; then
  { echo; cat "$WORK/rebuilds.md"; } >> "$WORK/results.md"
fi
cat "$WORK/results.md"
