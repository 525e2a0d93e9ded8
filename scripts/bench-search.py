#!/usr/bin/env python3
"""Benchmark of the search step: builds the real site with and without it, and sizes the index.

Usage (from the repository root): python3 scripts/bench-search.py [RUNS]   (default 5)

Builds the release binary, then runs `camket build --strict` and `camket build --strict
--no-search` RUNS times each, interleaved (so that load from other processes hits both
alike), each into a new temporary folder. Prints the median wall time of each, their ratio, the median
time of the `search` step as the build reports it, and the size of the search index per
language (the files a browser may download for that language) and of the shared files.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "camket")


def build(out, search):
    args = [BIN, "build", "--strict", "--root", ROOT, "--out", out]
    if not search:
        args.append("--no-search")
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    step = re.search(r"search (\d+) ms", done.stdout)
    total = re.search(r"; (\d+) ms \(", done.stdout)
    return wall, int(step.group(1)) if step else None, int(total.group(1))


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    walls = {True: [], False: []}
    totals = {True: [], False: []}
    steps = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(RUNS):
            for search in (True, False):
                # A fresh output folder each time: replacing a previous output would time the
                # removal of the old files too.
                out = os.path.join(tmp, f"public-{i}-{int(search)}")
                wall, step, total = build(out, search)
                shutil.rmtree(out)
                walls[search].append(wall)
                totals[search].append(total)
                if search:
                    steps.append(step)
        out = os.path.join(tmp, "public")
        build(out, True)
        sizes = {}
        bundle = os.path.join(out, "pagefind")
        for folder, _, files in os.walk(bundle):
            for f in files:
                rel = os.path.relpath(os.path.join(folder, f), bundle)
                m = re.match(r"(?:index/|fragment/|filter/|pagefind\.)(vi|en)_", rel)
                key = m.group(1) if m else "shared"
                n, b = sizes.get(key, (0, 0))
                sizes[key] = (n + 1, b + os.path.getsize(os.path.join(folder, f)))
    with_s = statistics.median(walls[True])
    without = statistics.median(walls[False])
    print(f"runs: {RUNS} each, interleaved; release binary; real site, --strict")
    print(f"build with search:    median {with_s * 1000:.0f} ms  (all: {', '.join(f'{w * 1000:.0f}' for w in walls[True])})")
    print(f"build without search: median {without * 1000:.0f} ms  (all: {', '.join(f'{w * 1000:.0f}' for w in walls[False])})")
    print(f"ratio with/without:   {with_s / without:.2f}")
    print(f"as reported by the build (sum of its steps): median {statistics.median(totals[True]):.0f} ms with, {statistics.median(totals[False]):.0f} ms without search")
    print(f"search step (as reported by the build): median {statistics.median(steps):.0f} ms")
    for key in ("vi", "en", "shared"):
        n, b = sizes.get(key, (0, 0))
        print(f"index {key:>6}: {n:4d} files, {b / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
