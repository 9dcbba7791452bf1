"""A printed page's layout read past: in text copied from a PDF whose paragraphs are
indented, the line breaks that wrap a paragraph (城镇新增就⏎业2.16万人, 12.⏎5万人) and the
page furniture between a paragraph's lines (a page number, a running header) are taken
out for reading, with a map back to the page's own characters so that every offset and
quote stays the page's. So are a subtitle file's cue numbers and timings, which cut its
sentences into pieces (unsubtitle)."""

from __future__ import annotations

import re
from collections import Counter

from mskg.extract.markup import Stripped, replaced
from mskg.extract.text import CELL_BREAK, LINE_OPENER, TERMINAL, WRAPPED_LINE, normal_form

INDENT = re.compile(r"[\u3000]{1,2}\S|[ \u00a0]{2,4}\S")
"""A paragraph's first line, indented by two full-width or a few half-width spaces."""
INDENTED_PARAGRAPHS = 3  # fewer indented lines: the text does not set its paragraphs that way
WRAPS = 5  # fewer lines wrapped at a full page width: no hard-wrapped page
PAGE_NUMBER = re.compile(r"\s*(?:[—\-–－·]{1,2}\s*\d{1,4}\s*[—\-–－·]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
                         r"|\d{1,4}\s*/\s*\d{1,4})\s*")
"""A page's number on a line of its own (— 7 —, - 7 -, 第7页 共12页, 7/12)."""


def _ends_open(line: str) -> bool:
    """A line (in normal form) whose text goes on: it has words or figures and ends
    without a sentence's or a heading's closing mark, and is no table row."""
    line = line.rstrip()
    return bool(line) and line[-1] not in TERMINAL and any(c.isalnum() for c in line) \
        and not CELL_BREAK.search(line.strip())


def _goes_on(line: str) -> bool:
    """A line (in normal form) that can continue the line before it: not indented,
    opening no item or table row of its own."""
    return bool(line.strip()) and not line[0].isspace() and not LINE_OPENER.match(line) \
        and not CELL_BREAK.search(line.strip())


def _furniture(line: str, repeated: set[str]) -> bool:
    """A page number, or a running header (a line the text repeats word for word)."""
    return bool(PAGE_NUMBER.fullmatch(line)) or line.strip() in repeated


def unwrap(text: str) -> Stripped | None:
    """`text` without the line breaks inside its hard-wrapped paragraphs and the page
    furniture between their lines, or None if its paragraphs are not indented and
    hard-wrapped (see INDENT, WRAPS)."""
    lines = text.split("\n")
    if sum(1 for line in lines if INDENT.match(line)) < INDENTED_PARAGRAPHS:
        return None
    norms = normal_form(text).split("\n")  # the same lines, of the same lengths
    counts = Counter(line.strip() for line in lines if line.strip())
    repeated = {line for line, n in counts.items() if n > 1}
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    spans, wraps = [], 0
    for i, line in enumerate(lines):
        if not _ends_open(norms[i]) or _furniture(line, repeated):
            continue
        j, page_break = i + 1, False
        while j < len(lines) and (not lines[j].strip() or _furniture(lines[j], repeated)):
            page_break = page_break or bool(PAGE_NUMBER.fullmatch(lines[j]))
            j += 1
        if j == len(lines) or not _goes_on(norms[j]) or (j > i + 1 and not page_break):
            continue
        spans.append((offsets[i] + len(line), offsets[j], ""))
        wraps += len(line.strip()) >= WRAPPED_LINE  # a line of the page's full width
    return replaced(text, spans) if wraps >= WRAPS else None


CUE = re.compile(r"(?m)^[ \t]*\d{1,5}[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*"
                 r"\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[^\n]*\n")
"""A subtitle cue's number and timing lines (SRT: 12⏎00:00:58,800 --> 00:01:05,400)."""
SUBTITLE_CUES = 3  # fewer: no subtitle file


def _clause_goes_on(line: str) -> bool:
    """A subtitle line (in normal form) whose sentence goes on: open, or ending a clause (;,、)."""
    return _ends_open(line) or line.rstrip()[-1:] in (";", ",", "、")


def unsubtitle(text: str) -> Stripped | None:
    """A subtitle file's text as running lines, or None if it has fewer than SUBTITLE_CUES
    cues: each cue's number and timing (with the blank lines before them) are taken out,
    and a line that goes on (its sentence unfinished) is joined to the next, in a cue or
    across cues (今年新增城镇就业⏎⏎11⏎00:00:52,820 --> …⏎8,460人)."""
    cues = list(CUE.finditer(text))
    if len(cues) < SUBTITLE_CUES:
        return None
    norm = normal_form(text)
    spans = []
    for n, cue in enumerate(cues):
        start = cue.start()
        if n:
            while start and text[start - 1] == "\n":
                start -= 1
            line = norm[norm.rfind("\n", 0, start) + 1:start]
            spans.append((start, cue.end(), "" if _clause_goes_on(line) else "\n"))
        else:
            spans.append((start, cue.end(), ""))
        body_end = cues[n + 1].start() if n + 1 < len(cues) else len(text)
        body_end = len(text[cue.end():body_end].rstrip("\n")) + cue.end()
        for newline in re.finditer("\n", text[cue.end():body_end]):
            at = cue.end() + newline.start()
            if _clause_goes_on(norm[norm.rfind("\n", 0, at) + 1:at]):
                spans.append((at, at + 1, ""))
    return replaced(text, sorted(spans))
