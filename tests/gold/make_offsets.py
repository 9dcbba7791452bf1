"""Set exact start/end offsets of gold records from their quotes.

Usage: python tests/gold/make_offsets.py [--check] [tests/gold/000_*.jsonl ...]

For each record, the quote is looked up in the article text (read with
newline="" so that offsets are code points of the file as it is). A record
whose quote already sits at [start, end) is left alone; otherwise start/end
are set to the occurrence of the quote nearest the old start (so a quote that
occurs twice keeps the occurrence the annotator chose). A quote that does not
occur is an error. With --check nothing is written; the exit status says
whether every record was already exact.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"


def occurrences(text: str, quote: str) -> list[int]:
    out, i = [], text.find(quote)
    while i >= 0:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def fix_file(path: Path, write: bool) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = errors = 0
    out = []
    for lineno, line in enumerate(lines, 1):
        rec = json.loads(line)
        with open(ARTICLES / rec["file"], encoding="utf-8", newline="") as f:
            text = f.read()
        q, s = rec["quote"], rec.get("start", 0)
        if text[s:s + len(q)] != q or rec.get("end") != s + len(q):
            occ = occurrences(text, q)
            if not occ:
                print(f"{path.name}:{lineno}: quote not in {rec['file']}: {q!r}")
                errors += 1
            else:
                new = min(occ, key=lambda i: abs(i - s))
                print(f"{path.name}:{lineno}: {q!r} {s} -> {new}"
                      + (f" ({len(occ)} occurrences)" if len(occ) > 1 else ""))
                rec["start"], rec["end"] = new, new + len(q)
                changed += 1
        out.append(json.dumps(rec, ensure_ascii=False))
    if write and changed and not errors:
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return changed + errors


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or sorted(Path(__file__).parent.glob("*.jsonl"))
    bad = sum(fix_file(p, write=not check) for p in paths)
    return 1 if (check and bad) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
