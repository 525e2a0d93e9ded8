#!/usr/bin/env python3
"""Turn the plain-text source documents into hosted markdown texts.

    python3 scripts/source-to-markdown.py            # regenerate the four .vi.md files,
                                                     # then verify them and print counts
    python3 scripts/source-to-markdown.py --report F # also write the summary to F

Input:  content/documents/sources/00N_*.txt (one cell per TAB line in tables,
        rows separated by blank lines).
Output: content/documents/<document id>.vi.md

Conventions (see docs/content.md, "Anchors inside blocks"):
* every paragraph, list item and table row starts with {#lNNN}, NNN = the 1-based line
  number in the .txt file where the block (or the row's first cell) starts;
* headings end with one explicit anchor {#...};
* table rows carry readable anchors after the line marker (nv-v-3, dt-v-9, ct-2030-4-7-1,
  ct-2030-nhom-4, ct-2035, da-3, ...);
* "[bookmark: ...]" artefacts are removed, "[footnoteRef:N]" becomes [^N] and the inline
  footnote body "[N: ...]" becomes a footnote definition placed after the block;
* text is copied line by line (NFC, NBSP -> space, trailing spaces trimmed); lines of a
  wrapped paragraph stay separate lines of the markdown paragraph (soft line breaks);
  markdown-significant characters are backslash-escaped.

Which lines are headings, which paragraphs carry a readable anchor, and which lines
belong together is hand-tuned per document in the DOCS table below.
Python 3 standard library only.
"""

import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCDIR = ROOT / "content" / "documents"

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
FOOTREF = re.compile(r"\[footnoteRef:(\d+)\]")
ANCHOR_OK = re.compile(r"^[a-z0-9][a-z0-9-]*$")


# --------------------------------------------------------------------------------------
# Per-document tables
# --------------------------------------------------------------------------------------

def H(level, anchor):
    return (level, anchor)


# 001: Quyết định + Đề án -------------------------------------------------------------
H001 = {
    # Phần thứ nhất: the line "Phần thứ nhất" is lost; its title (L45) is kept as the heading.
    45: H(2, "phan-1"),
    47: H(3, "phan-1-1"), 54: H(3, "phan-1-2"), 55: H(4, "phan-1-2-1"), 67: H(4, "phan-1-2-2"),
    101: H(4, "phan-1-2-3"), 107: H(3, "phan-1-3"), 108: H(4, "phan-1-3-1"),
    113: H(4, "phan-1-3-2"), 119: H(3, "phan-1-4"), 122: H(3, "phan-1-5"),
    124: H(3, "phan-1-6"), 131: H(3, "phan-1-7"),
    # Phần thứ hai (L136-137)
    136: H(2, "phan-2"),
    139: H(3, "phan-2-muc-i"),
    141: H(4, "phan-2-muc-i-1"), 143: H(4, "phan-2-muc-i-2"), 145: H(4, "phan-2-muc-i-3"),
    147: H(4, "phan-2-muc-i-4"), 149: H(4, "phan-2-muc-i-5"), 152: H(4, "phan-2-muc-i-6"),
    156: H(4, "phan-2-muc-i-7"),
    159: H(3, "phan-2-muc-ii"),
    161: H(4, "phan-2-muc-ii-1"), 164: H(4, "phan-2-muc-ii-2"),
    # "3. Giáo dục THCS" (before L167) and "4. Giáo dục THPT" (before L169) are lost.
    171: H(4, "phan-2-muc-ii-5"), 174: H(4, "phan-2-muc-ii-6"), 177: H(4, "phan-2-muc-ii-7"),
    226: H(3, "phan-2-muc-iii"),
    228: H(4, "phan-2-muc-iii-1"), 230: H(4, "phan-2-muc-iii-2"), 232: H(4, "phan-2-muc-iii-3"),
    234: H(4, "phan-2-muc-iii-4"), 236: H(4, "phan-2-muc-iii-5"), 238: H(4, "phan-2-muc-iii-6"),
    243: H(4, "phan-2-muc-iii-7"),
    247: H(3, "phan-2-muc-iv"), 248: H(4, "phan-2-muc-iv-1"), 252: H(4, "phan-2-muc-iv-2"),
    254: H(3, "phan-2-muc-v"),
    255: H(4, "phan-2-muc-v-1"), 258: H(4, "phan-2-muc-v-2"), 262: H(4, "phan-2-muc-v-3"),
    263: H(5, "phan-2-muc-v-3-1"), 266: H(5, "phan-2-muc-v-3-2"), 268: H(5, "phan-2-muc-v-3-3"),
    271: H(5, "phan-2-muc-v-3-4"), 274: H(5, "phan-2-muc-v-3-5"), 279: H(5, "phan-2-muc-v-3-6"),
    283: H(5, "phan-2-muc-v-3-7"),
    285: H(4, "phan-2-muc-v-4"), 289: H(4, "phan-2-muc-v-5"),
    291: H(5, "phan-2-muc-v-5-1"), 294: H(5, "phan-2-muc-v-5-2"), 298: H(5, "phan-2-muc-v-5-3"),
    300: H(5, "phan-2-muc-v-5-4"),
    307: H(4, "phan-2-muc-v-6"), 308: H(5, "phan-2-muc-v-6-1"), 314: H(5, "phan-2-muc-v-6-2"),
    319: H(3, "phan-2-muc-vi"), 320: H(4, "phan-2-muc-vi-1"), 326: H(4, "phan-2-muc-vi-2"),
    328: H(3, "phan-2-muc-vii"),
    329: H(4, "phan-2-muc-vii-1"),
    330: H(5, "phan-2-muc-vii-1-1"), 333: H(5, "phan-2-muc-vii-1-2"), 336: H(5, "phan-2-muc-vii-1-3"),
    340: H(5, "phan-2-muc-vii-1-4"), 342: H(5, "phan-2-muc-vii-1-5"), 350: H(5, "phan-2-muc-vii-1-6"),
    # heading "2. [hạn chế]" lost before L354
    354: H(5, "phan-2-muc-vii-2-1"), 357: H(5, "phan-2-muc-vii-2-2"), 361: H(5, "phan-2-muc-vii-2-3"),
    365: H(5, "phan-2-muc-vii-2-4"), 368: H(5, "phan-2-muc-vii-2-5"), 372: H(5, "phan-2-muc-vii-2-6"),
    # heading "3. [nguyên nhân]" lost before L375
    375: H(5, "phan-2-muc-vii-3-1"), 380: H(5, "phan-2-muc-vii-3-2"),
    # heading "4. [...]" lost before L386
    386: H(5, "phan-2-muc-vii-4-1"), 388: H(5, "phan-2-muc-vii-4-2"), 390: H(5, "phan-2-muc-vii-4-3"),
    392: H(5, "phan-2-muc-vii-4-4"), 394: H(5, "phan-2-muc-vii-4-5"),
    # Phần thứ ba: part heading and its section I and II headings are lost.
    396: H(4, "phan-3-muc-i-1"), 399: H(4, "phan-3-muc-i-2"),
    408: H(3, "phan-3-muc-iii"),
    410: H(4, "phan-3-muc-iii-1"), 412: H(5, "phan-3-muc-iii-1-2"),
    421: H(4, "phan-3-muc-iii-2"), 423: H(4, "phan-3-muc-iii-3"),
    425: H(3, "phan-3-muc-iv"),
    427: H(4, "phan-3-muc-iv-1"), 432: H(4, "phan-3-muc-iv-2"), 439: H(4, "phan-3-muc-iv-3"),
    445: H(4, "phan-3-muc-iv-4"), 454: H(4, "phan-3-muc-iv-5"),
    455: H(5, "phan-3-muc-iv-5-1"), 462: H(5, "phan-3-muc-iv-5-2"),
    463: H(6, "phan-3-muc-iv-5-2-1"), 466: H(6, "phan-3-muc-iv-5-2-2"),
    478: H(5, "phan-3-muc-iv-5-3"),
    479: H(6, "phan-3-muc-iv-5-3-1"), 481: H(6, "phan-3-muc-iv-5-3-2"),
    488: H(6, "phan-3-muc-iv-5-3-3"), 491: H(6, "phan-3-muc-iv-5-3-4"),
    493: H(4, "phan-3-muc-iv-6"), 506: H(4, "phan-3-muc-iv-7"), 514: H(4, "phan-3-muc-iv-8"),
    # section "V" (nhóm đột phá) heading lost before L520
    520: H(4, "phan-3-muc-v-1"), 523: H(4, "phan-3-muc-v-2"), 525: H(4, "phan-3-muc-v-3"),
    530: H(4, "phan-3-muc-v-4"), 532: H(4, "phan-3-muc-v-5"),
    534: H(3, "phan-3-muc-vi"),
    # Phần thứ tư (L542-543)
    542: H(2, "phan-4"),
    544: H(3, "phan-4-muc-i"),
    545: H(4, "phan-4-muc-i-1"), 549: H(4, "phan-4-muc-i-2"), 554: H(4, "phan-4-muc-i-3"),
    556: H(3, "phan-4-muc-ii"), 557: H(4, "phan-4-muc-ii-1"), 566: H(4, "phan-4-muc-ii-2"),
    576: H(3, "phan-4-muc-iii"),
    577: H(4, "pc-1"), 583: H(4, "pc-2"), 587: H(4, "pc-3"), 593: H(4, "pc-4"), 596: H(4, "pc-5"),
    599: H(4, "pc-6"), 604: H(4, "pc-7"), 606: H(4, "pc-8"), 608: H(4, "pc-9"), 613: H(4, "pc-10"),
    615: H(4, "pc-11"), 617: H(4, "pc-12"), 619: H(4, "pc-13"), 623: H(4, "pc-14"),
    # Phần thứ năm (L627-628)
    627: H(2, "phan-5"),
    631: H(3, "phan-5-1"), 633: H(3, "phan-5-2"), 635: H(3, "phan-5-3"), 637: H(3, "phan-5-4"),
    639: H(3, "phan-5-5"), 641: H(3, "phan-5-6"), 643: H(3, "phan-5-7"), 645: H(3, "phan-5-8"),
    # Appendix A title (appendix B and C titles are lost)
    649: H(2, "phu-luc-chi-tieu"),
}

# numbered paragraphs that are statements, not titles: kept as paragraphs with an anchor
P001 = {
    22: ["dieu-1"], 23: ["dieu-3"],
    402: ["phan-3-muc-ii-1"], 403: ["phan-3-muc-ii-2"], 404: ["phan-3-muc-ii-3"],
    405: ["phan-3-muc-ii-4"], 406: ["phan-3-muc-ii-5"], 407: ["phan-3-muc-ii-6"],
    411: ["phan-3-muc-iii-1-1"],
}

# 000: Thông báo ------------------------------------------------------------------------
P000 = {
    33: ["muc-1"], 40: ["muc-2"],
    45: ["muc-2-1"], 71: ["muc-2-2"], 101: ["muc-2-3"], 109: ["muc-2-4"], 119: ["muc-2-5"],
    134: ["muc-2-6"], 147: ["muc-2-7"],
    157: ["muc-3"], 163: ["muc-4"],
}

# 003: Kế hoạch ---------------------------------------------------------------------------
H003 = {
    11: H(2, "muc-i"),
    32: H(2, "muc-ii"),
    33: H(3, "muc-ii-1"), 53: H(3, "muc-ii-2"), 72: H(3, "muc-ii-3"), 88: H(3, "muc-ii-4"),
    107: H(2, "muc-iii"),
}
P003 = {
    12: ["muc-i-1"], 20: ["muc-i-2"], 28: ["muc-i-3"],
    108: ["muc-iii-1"], 114: ["muc-iii-2"], 118: ["muc-iii-3"], 123: ["muc-iii-4"],
}

DOCS = [
    {
        "id": "thong-bao-thuong-truc-thanh-uy-2025",
        "src": "000_d9778ee7b6e8bab8.txt",
        "mode": "wrapped",
        "title": {11},
        "headings": {},
        "para_anchors": P000,
        "join_blank": set(),          # blank lines that sit inside a paragraph
        "continuation": {83},         # lines starting with "- " that continue a sentence
        "split_before": {3, 177},     # lines that start a new block without a blank line
        "tables": [],
    },
    {
        "id": "quyet-dinh-de-an-gddt-2030",
        "src": "001_c417b26c58981edb.txt",
        "mode": "lines",
        "title": {1},
        "headings": H001,
        "para_anchors": P001,
        # multi-line blocks in a one-paragraph-per-line file: start -> end
        "spans": {2: 3, 136: 137, 542: 543, 627: 628, 650: 651},
        "tables": [
            {"kind": "plain", "start": 179, "end": 224, "ncols": 4},
            {"kind": "indicator", "start": 653, "end": 1095, "ncols": 6},
            {"kind": "task", "start": 1098, "end": 1634, "ncols": 9},
            {"kind": "project", "start": 1636, "end": 1688, "ncols": 5},
        ],
    },
    {
        "id": "ke-hoach-dang-uy-trien-khai-02-ctr-tu",
        "src": "003_9129da24839f05c3.txt",
        "mode": "wrapped",
        "title": set(),               # the header (title) of 003 is cut off: no '#'
        "headings": H003,
        "para_anchors": P003,
        "join_blank": {13, 34, 109},
        "continuation": set(),
        "split_before": {141},
        "tables": [],
    },
    {
        "id": "du-thao-danh-muc-nhiem-vu",
        "src": "004_022e3d145ce26c16.txt",
        "mode": "lines",
        "title": {2},
        "headings": {},
        "para_anchors": {},
        "spans": {},
        "tables": [
            {"kind": "draft", "start": 5, "end": 476, "ncols": 7},
        ],
    },
]


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------

def clean(line):
    """NFC, NBSP -> space, bookmarks removed, trailing whitespace trimmed."""
    s = unicodedata.normalize("NFC", line).replace("\u00a0", " ")
    s = BOOKMARK.sub("", s)
    return s.rstrip()


def split_footnotes(s):
    """Return (text with [footnoteRef:N] kept, [(N, body), ...]) for one line."""
    refs = FOOTREF.findall(s)
    if not refs:
        return s, []
    last = list(FOOTREF.finditer(s))[-1].end()
    start = s.index("[%s:" % refs[0], last)
    main, tail = s[:start].rstrip(), s[start:]
    bodies = []
    for i, n in enumerate(refs):
        head = "[%s:" % n
        assert tail.startswith(head), (n, tail[:40])
        if i + 1 < len(refs):
            j = tail.index("[%s:" % refs[i + 1])
            body, tail = tail[len(head):j].rstrip(), tail[j:]
        else:
            body = tail[len(head):].rstrip()
        assert body.endswith("]"), (n, body[-40:])
        bodies.append((n, body[:-1].strip()))
    return main, bodies


INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def esc_inline(s):
    """Escape characters with inline meaning; [footnoteRef:N] -> [^N]."""
    parts = []
    pos = 0
    for m in FOOTREF.finditer(s):
        parts.append(INLINE_SPECIAL.sub(r"\\\1", s[pos:m.start()]))
        parts.append("[^%s]" % m.group(1))
        pos = m.end()
    parts.append(INLINE_SPECIAL.sub(r"\\\1", s[pos:]))
    return "".join(parts)


def esc_line(s):
    """Escape a line of a paragraph or list item (inline + line-start block syntax)."""
    s = esc_inline(s)
    m = re.match(r"^(\d+)([.)])(\s|$)", s)
    if m:
        return m.group(1) + "\\" + s[len(m.group(1)):]
    if s[:1] in ("-", "+", "#", ">", "=", "~"):
        return "\\" + s
    return s


def esc_cell(s):
    return esc_inline(s)


def markers(line, anchors=()):
    return "{#l%d}" % line + "".join("{#%s}" % a for a in anchors)


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------

ROWNUM = re.compile(r"^(?:[IVX]+|\d+(?:\.\d+)*\.?)?$")


def parse_table(raw, start, end):
    """Parse lines start..end (1-based, inclusive) into header cells and rows.

    A cell is a TAB line plus any following non-TAB lines (continuations; blank lines
    inside a cell are kept as "" so that separate values can be recognised).
    A blank line ends a row only when the next TAB line holds a row number (or is empty,
    as in the TỔNG row) and the current row already has two or more cells.
    Returns (header, rows) where header = list of cells and each row = (line of first
    cell, [cell, ...]); a cell = list of lines."""
    cells_rows = []
    cur = []           # list of [line_no, [lines]]
    pending_blank = False
    header = None
    for ln in range(start, end + 1):
        text = raw[ln - 1] if ln - 1 < len(raw) else ""
        if text.strip() == "" and not text.startswith("\t"):
            pending_blank = True
            continue
        if text.startswith("\t"):
            content = clean(text[1:]).strip()
            if pending_blank and cur:
                if header is None:
                    header = cur
                    cur = []
                elif ROWNUM.match(content) and len(cur) >= 2:
                    cells_rows.append(cur)
                    cur = []
            pending_blank = False
            cur.append([ln, [content]])
        else:
            # continuation line of the current cell
            assert cur, ("continuation without cell", ln)
            if pending_blank:
                cur[-1][1].append("")
            cur[-1][1].append(clean(text).strip())
            pending_blank = False
    if cur:
        cells_rows.append(cur)
    return header, cells_rows


def join_cell(lines):
    parts = [l for l in lines if l != ""]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    items = all(p.startswith("- ") for p in parts)
    gaps = len(parts) != len(lines)   # separate values divided by blank lines (indicator 1.1)
    return (" · " if items or gaps else " ").join(parts)


def row_anchors(kind, state, tt, cells):
    """Readable anchors for a table row; state carries the current horizon/group."""
    t = tt.strip()
    if kind == "indicator":
        if t in ("I", "II", "III"):
            state["horizon"] = {"I": "2030", "II": "2035", "III": "2045"}[t]
            return ["ct-" + state["horizon"]], "horizon"
        h = state["horizon"]
        if h == "2030" and "." not in t:
            a = ["ct-2030-nhom-" + t]
            if join_cell(cells[3][1]) if len(cells) > 3 else "":
                a.append("ct-2030-" + t)      # group 6 (HDI) also carries a target
                return a, "group+indicator"
            return a, "group"
        return ["ct-%s-%s" % (h, t.replace(".", "-"))], "indicator"
    if kind in ("task", "draft"):
        pre = "nv" if kind == "task" else "dt"
        if re.match(r"^[IVX]+$", t):
            state["group"] = t.lower()
            return ["%s-nhom-%s" % (pre, t.lower())], "group"
        return ["%s-%s-%s" % (pre, state["group"], t)], "task"
    if kind == "project":
        if t == "":
            return ["da-tong"], "total"
        return ["da-" + t], "project"
    return [], "row"


def table_line(cells):
    return "|" + "|".join((" %s " % c) if c else " " for c in cells) + "|"


def render_table(raw, tb, stats):
    header, rows = parse_table(raw, tb["start"], tb["end"])
    n = tb["ncols"]
    assert len(header) == n, (tb, len(header))
    out = []
    hdr = [esc_cell(join_cell(c[1])) for c in header]
    hdr[0] = markers(header[0][0]) + " " + hdr[0]
    out.append(table_line(hdr))
    out.append("|" + "---|" * n)
    state = {}
    counts = {}
    anchors_seen = []
    for row in rows:
        assert len(row) <= n, ("row too wide", row[0][0], len(row))
        tt = join_cell(row[0][1])
        assert ROWNUM.match(tt), ("bad row number", row[0][0], tt)
        anchors, rtype = row_anchors(tb["kind"], state, tt, row)
        counts[rtype] = counts.get(rtype, 0) + 1
        if tb["kind"] == "indicator" and rtype in ("indicator", "group+indicator"):
            counts["with_target"] = counts.get("with_target", 0) + (1 if join_cell(row[3][1]) else 0)
        anchors_seen.extend(anchors)
        cells = [esc_cell(join_cell(c[1])) for c in row] + [""] * (n - len(row))
        cells[0] = (markers(row[0][0], anchors) + " " + cells[0]).rstrip()
        out.append(table_line(cells))
    stats.append({"kind": tb["kind"], "start": tb["start"], "end": tb["end"],
                  "rows": len(rows), "counts": counts, "short_rows":
                  [(r[0][0], len(r)) for r in rows if len(r) < n]})
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------

def segment(doc, raw):
    """Yield blocks: dict(type, start, lines=[(line_no, text)]) or table."""
    tables = {tb["start"]: tb for tb in doc["tables"]}
    skip_until = 0
    blocks = []
    cur = None
    nlines = len(raw)

    def close():
        nonlocal cur
        if cur:
            blocks.append(cur)
        cur = None

    ln = 0
    while ln < nlines:
        ln += 1
        if ln <= skip_until:
            continue
        if ln in tables:
            close()
            blocks.append({"type": "table", "start": ln, "table": tables[ln]})
            skip_until = tables[ln]["end"]
            continue
        text = clean(raw[ln - 1]).strip()
        if doc["mode"] == "lines":
            if text == "":
                continue
            end = doc["spans"].get(ln, ln)
            lines = [(k, clean(raw[k - 1]).strip()) for k in range(ln, end + 1)]
            lines = [(k, t) for k, t in lines if t != ""]
            blocks.append({"start": ln, "lines": lines})
            skip_until = end
            continue
        # wrapped mode
        if text == "":
            if ln in doc["join_blank"]:
                continue
            close()
            continue
        new = (cur is None or ln in doc["split_before"]
               or ln in doc["headings"] or ln in doc["para_anchors"] or ln in doc["title"]
               or (text.startswith("- ") and ln not in doc["continuation"]))
        if new:
            close()
            cur = {"start": ln, "lines": []}
        cur["lines"].append((ln, text))
    close()
    for b in blocks:
        if b.get("type") == "table":
            continue
        s = b["start"]
        first = b["lines"][0][1]
        if s in doc["title"]:
            b["type"] = "title"
        elif s in doc["headings"]:
            b["type"] = "heading"
        elif first.startswith("- ") or first == "-" or first.startswith("· "):
            b["type"] = "item"        # "- " bullets; the "·" bullet of 001 L416 is kept as text
        elif first.startswith("+ "):
            b["type"] = "subitem"     # "+ " sub-bullets under a "- " item (001 budget lists)
        else:
            b["type"] = "para"
    return blocks


def check_heading_number(anchor, text):
    """Guard against off-by-one line numbers in the hand tables: the printed number at
    the start of the heading must match the anchor."""
    if re.fullmatch(r"phan-\d+|phu-luc-.*", anchor):
        return
    if anchor.startswith("pc-"):
        num = anchor[3:]
    else:
        m = re.fullmatch(r"(?:phan-\d+-?)?(?:muc-([ivx]+)-?)?((?:\d+-?)*)", anchor)
        assert m, anchor
        if m.group(2) == "":
            assert text.startswith(m.group(1).upper() + "."), (anchor, text)
            return
        num = m.group(2).rstrip("-").replace("-", ".")
    assert text.startswith(num + "."), (anchor, text)


def render(doc):
    src = DOCDIR / "sources" / doc["src"]
    raw = src.read_text(encoding="utf-8").split("\n")
    blocks = segment(doc, raw)
    out = []
    pending_fn = []
    stats = []
    prev_type = None

    def emit(chunk, btype):
        nonlocal prev_type
        if out:
            tight = btype in ("item", "subitem") and prev_type in ("item", "subitem")
            assert btype != "subitem" or tight, "sub-item without a parent item"
            out.append("\n" if tight else "\n\n")
        out.append(chunk)
        prev_type = btype

    def flush_fn():
        nonlocal pending_fn
        for n, body in pending_fn:
            emit("[^%s]: %s" % (n, esc_inline(body)), "fn")
        pending_fn = []

    for b in blocks:
        if b["type"] not in ("item", "subitem") and pending_fn:
            flush_fn()
        if b["type"] == "table":
            emit(render_table(raw, b["table"], stats), "table")
            continue
        lines = []
        for ln, t in b["lines"]:
            main, bodies = split_footnotes(t)
            pending_fn.extend(bodies)
            lines.append((ln, main))
        if b["type"] == "title":
            emit("# " + " ".join(esc_inline(t) for _, t in lines), "title")
        elif b["type"] == "heading":
            level, anchor = doc["headings"][b["start"]]
            text = " ".join(t for _, t in lines)
            check_heading_number(anchor, text)
            emit("#" * level + " " + esc_inline(text) + " {#%s}" % anchor, "heading")
        elif b["type"] in ("item", "subitem"):
            first = lines[0][1]
            if first[:1] in ("-", "+"):
                first = first[1:].lstrip()
            ind = "" if b["type"] == "item" else "  "
            body = [ind + ("- " if b["type"] == "item" else "+ ")
                    + markers(b["start"], doc["para_anchors"].get(b["start"], ()))
                    + " " + esc_line(first)]
            body += [ind + "  " + esc_line(t) for _, t in lines[1:]]
            emit("\n".join(body), b["type"])
        else:
            anchors = doc["para_anchors"].get(b["start"], ())
            body = [markers(b["start"], anchors) + " " + esc_line(lines[0][1])]
            body += [esc_line(t) for _, t in lines[1:]]
            emit("\n".join(body), "para")
    flush_fn()
    md = "".join(out) + "\n"
    for k in list(doc["headings"]) + list(doc["para_anchors"]):
        assert any(b["start"] == k for b in blocks if b["type"] != "table"), ("no block at", k)
    return md, raw, stats


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------

MARKER = re.compile(r"\{#([^}]*)\}")


def plain(md):
    s = MARKER.sub(" ", md)
    s = re.sub(r"\\([\\`*_\[\]|#+\-.>=~!(){}])", r"\1", s)
    s = re.sub(r"\[\^(\d+)\]", r"[footnoteRef:\1]", s)
    s = re.sub(r"[ \t]+", " ", s)
    return s


def unescape_cell(c):
    c = MARKER.sub("", c)
    c = re.sub(r"\\([\\`*_\[\]|#+\-.>=~!(){}])", r"\1", c)
    return c.strip()


def check_tables(doc, md, raw):
    """Cell by cell: every markdown table line has ncols cells, and every source line of
    a cell is found in the same cell of the same row."""
    problems = []
    rows_md = {}
    for line in md.split("\n"):
        m = re.match(r"^\| \{#l(\d+)\}", line)
        if m:
            cells = re.split(r"(?<!\\)\|", line)[1:-1]
            rows_md[int(m.group(1))] = [unescape_cell(c) for c in cells]
    for tb in doc["tables"]:
        header, rows = parse_table(raw, tb["start"], tb["end"])
        for row in [header] + rows:
            got = rows_md.get(row[0][0])
            if got is None:
                problems.append("table row L%d not found" % row[0][0])
                continue
            if len(got) != tb["ncols"]:
                problems.append("table row L%d has %d cells" % (row[0][0], len(got)))
                continue
            for k, (ln, lines) in enumerate(row):
                want = join_cell(lines)
                if got[k] != want:
                    problems.append("table row L%d cell %d differs: %r != %r"
                                    % (row[0][0], k + 1, got[k][:40], want[:40]))
                for part in lines:
                    if part and part not in got[k]:
                        problems.append("L%d text not in its cell" % ln)
            for k in range(len(row), tb["ncols"]):
                if got[k] != "":
                    problems.append("table row L%d padding cell %d not empty" % (row[0][0], k + 1))
    return problems


def check(doc, md, raw):
    problems = []
    anchors = MARKER.findall(md)
    dup = sorted({a for a in anchors if anchors.count(a) > 1})
    bad = sorted({a for a in anchors if not ANCHOR_OK.match(a)})
    if dup:
        problems.append("duplicate anchors: %s" % dup)
    if bad:
        problems.append("bad anchors: %s" % bad)
    if "<br" in md.lower():
        problems.append("raw <br> found")
    p = plain(md)
    cursor = 0
    checked = 0
    empty_after_cleanup = []
    out_of_order = []
    missing = []
    for i, line in enumerate(raw, 1):
        if line.strip() == "":
            continue
        t = clean(line.lstrip("\t")).strip()
        if t == "":
            empty_after_cleanup.append(i)
            continue
        main, bodies = split_footnotes(t)
        pieces = [main] if main else []
        for piece in pieces:
            q = re.sub(r"[ \t]+", " ", piece)
            checked += 1
            k = p.find(q, cursor)
            if k < 0:
                if p.find(q) >= 0:
                    out_of_order.append(i)
                else:
                    missing.append((i, q[:80]))
                continue
            cursor = k
        for n, body in bodies:
            q = "[footnoteRef:%s]: %s" % (n, re.sub(r"[ \t]+", " ", body))
            checked += 1
            if q not in p:
                missing.append((i, "footnote %s" % n))
    problems.extend(check_tables(doc, md, raw))
    if missing:
        problems.append("missing lines: %s" % missing[:10])
    if out_of_order:
        problems.append("lines out of order: %s" % out_of_order[:10])
    line_markers = [a for a in anchors if re.match(r"^l\d+$", a)]
    readable = [a for a in anchors if not re.match(r"^l\d+$", a)]
    return {"problems": problems, "checked": checked, "empty_after_cleanup": empty_after_cleanup,
            "line_markers": len(line_markers), "readable": readable,
            "footnotes": len(re.findall(r"^\[\^\d+\]:", md, flags=re.M))}


# --------------------------------------------------------------------------------------

def main(argv):
    do_check = True   # the check is cheap: always run it (--check kept for compatibility)
    report_path = None
    if "--report" in argv:
        report_path = argv[argv.index("--report") + 1]
    results = []
    for doc in DOCS:
        md, raw, stats = render(doc)
        path = DOCDIR / (doc["id"] + ".vi.md")
        path.write_text(md, encoding="utf-8")
        res = {"doc": doc, "path": path, "stats": stats}
        if do_check:
            res.update(check(doc, md, raw))
        results.append(res)
        print("wrote %s" % path.relative_to(ROOT))
    if not do_check:
        return 0
    failed = False
    lines = []
    for r in results:
        d = r["doc"]
        lines.append("### %s.vi.md (from %s)" % (d["id"], d["src"]))
        lines.append("- non-empty source lines checked: %d; line markers {#lNNN}: %d; "
                     "readable anchors: %d; footnote definitions: %d"
                     % (r["checked"], r["line_markers"], len(r["readable"]), r["footnotes"]))
        if r["empty_after_cleanup"]:
            lines.append("- lines that are only a [bookmark: …] artefact (no text, no block): %s"
                         % ", ".join("L%d" % x for x in r["empty_after_cleanup"]))
        for s in r["stats"]:
            lines.append("- table L%d–L%d (%s): %d rows %s; short rows (line, cells): %s"
                         % (s["start"], s["end"], s["kind"], s["rows"], s["counts"],
                            s["short_rows"] or "none"))
        groups = {}
        for a in r["readable"]:
            key = re.sub(r"-.*", "", a)
            groups.setdefault(key, []).append(a)
        for key, v in groups.items():
            lines.append("- anchors %s-…: %d (%s … %s)" % (key, len(v), v[0], v[-1]))
        for pr in r["problems"]:
            failed = True
            lines.append("- PROBLEM: %s" % pr)
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if report_path:
        Path(report_path).write_text(text + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
