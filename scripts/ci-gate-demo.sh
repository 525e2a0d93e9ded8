#!/usr/bin/env bash
# Shows that CI catches each kind of fault: for every gate, a clean clone of HEAD gets one
# deliberate fault, committed on a branch `ci-demo/<gate>`, and `.ci/run` runs on it; the
# demo passes only if every such run fails, and says where.
#
#   scripts/ci-gate-demo.sh                 # every gate (about an hour on 2 cores)
#   scripts/ci-gate-demo.sh axe vnu         # some of them
#
# Settings (environment): WORK (clones and logs, default /tmp/camket-ci-demo), CARGO_TARGET_DIR
# (shared by the runs; default $WORK/target), FUZZ_SECS (default 60).
# The report (gate, fault, exit code, the lines that tell the failure) goes to $WORK/report.md.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/camket-ci-demo}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$WORK/target}
mkdir -p "$WORK"

# gate → what the fault is; fault_<gate> makes it (run in the clone's root).
declare -A what
# replace FILE OLD NEW: replaces the literal text OLD by NEW in FILE (fails if OLD is absent).
replace() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
if old not in text:
    sys.exit(f"{path}: text to replace not found: {old}")
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
PY
}
what[fmt]="a badly formatted line in src/lib.rs"
fault_fmt() { printf '\npub fn  badly_formatted( )->u8{ 1 }\n' >> src/lib.rs; }
what[clippy]="a needless clone of a Copy value (clippy::clone_on_copy)"
fault_clippy() { printf '\n/// Demo.\npub fn demo(x: u8) -> u8 {\n    x.clone()\n}\n' >> src/lib.rs; }
what[unit]="citation keys keep their hyphens (a unit test of cite.rs)"
fault_unit() { replace src/cite.rs "!c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–')" "!c.is_whitespace()"; }
what[invalid-input]="negative budgets are accepted"
fault_invalid-input() { replace src/validate.rs "Ok(d) if shape_ok => Some(Amount(d))," "Ok(d) if shape_ok || d.is_sign_negative() => Some(Amount(d)),"; }
what[links]="the footer's link to the changes page points to a page that does not exist"
fault_links() { replace themes/default/templates/base.html '<a href="{{ page.changes }}">' '<a href="{{ page.changes }}x/">'; }
what[security]="an inline event handler on the skip link"
fault_security() { replace themes/default/templates/base.html '<a class="skip-link" href="#main">' '<a class="skip-link" href="#main" onclick="void 0">'; }
what[browser]="no visible keyboard focus (the :focus-visible outline removed)"
fault_browser() { replace themes/default/static/style.css 'outline: 3px solid #ffbf47; outline-offset: 2px; background: #fff3c4;' 'outline: none;'; }
what[axe]="grey-on-white text below the WCAG AA contrast ratio (.muted)"
fault_axe() { printf '\n.muted { color: #aaa; }\n' >> themes/default/static/style.css; }
what[vnu]="a div inside a span in the footer of every page (invalid HTML)"
fault_vnu() { replace themes/default/templates/base.html '<p>{{ m.tx(site.publisher) }}</p>' '<p><span><div>{{ m.tx(site.publisher) }}</div></span></p>'; }
what[fuzz]="the citation parser panics on a text starting with FUZ (no test input does)"
fault_fuzz() { replace src/cite.rs 'pub fn parse(text: &str) -> Vec<Reference> {' 'pub fn parse(text: &str) -> Vec<Reference> {
    assert!(!text.starts_with("FUZ"), "demo fault");'; }
what[determinism]="the build time written into robots.txt"
fault_determinism() { replace src/render/sitemap.rs 'let mut robots = String::from("User-agent: *\nAllow: /\n");' 'let mut robots = format!(
        "# built {:?}\nUser-agent: *\nAllow: /\n",
        std::time::SystemTime::now()
    );'; }

gates=("$@")
if [ ${#gates[@]} -eq 0 ]; then
  gates=(fmt clippy unit invalid-input links security browser axe vnu fuzz determinism)
fi
report="$WORK/report.md"
echo "| gate | fault | .ci/run exit | caught by |" > "$report"
echo "|---|---|---|---|" >> "$report"
all_caught=1
for g in "${gates[@]}"; do
  clone="$WORK/$g"
  rm -rf "$clone"
  git clone -q "$repo" "$clone"
  (
    cd "$clone" || exit 1
    git checkout -q -b "ci-demo/$g"
    "fault_$g" || exit 3
    if git diff --quiet; then echo "fault for $g did not apply" >&2; exit 3; fi
    git -c user.name=ci-demo -c user.email=ci-demo@localhost commit -qam "CI demo: ${what[$g]}"
  ) || { echo "| $g | ${what[$g]} | fault did not apply | — |" >> "$report"; all_caught=0; continue; }
  echo "== $g: ${what[$g]}"
  (cd "$clone" && FUZZ_SECS=${FUZZ_SECS:-60} .ci/run > "$WORK/$g.log" 2>&1)
  code=$?
  # The step that failed (the last "== " heading) and the first lines that say why.
  step=$(grep '^== ' "$WORK/$g.log" | tail -n 1 | sed 's/^== //')
  why=$(grep -E "^test .* FAILED|^Diff in|^error|not ok - |panicked at|fuzz .* failed|^diff |^Only in|deadly signal" "$WORK/$g.log" | head -n 3 | tr '\n' ' ' | sed 's/|/\\|/g' | cut -c1-300)
  echo "   exit $code at: $step — $why"
  if [ "$code" -eq 0 ]; then all_caught=0; fi
  echo "| $g | ${what[$g]} | $code | $step: \`$why\` |" >> "$report"
done
cat "$report"
if [ "$all_caught" -ne 1 ]; then
  echo "some fault was not caught" >&2
  exit 1
fi
echo "every fault was caught"
