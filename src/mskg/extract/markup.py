"""The HTML a badly scraped page leaves in its text (<p>, <strong>1.2万</strong>户, <td>, &nbsp;),
taken out for reading, with a map back to the page's own characters so that every
offset and quote stays the page's."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,9})\b[^<>\n]{0,300}?/?>")
ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,9}|#\d{2,7}|#[xX][0-9a-fA-F]{2,6});")
LINE_TAGS = {"p", "div", "tr", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6"}  # their end ends a line
CELL_TAGS = {"td", "th"}  # their start starts a table cell
MARKED = 2  # tags or entities: fewer is a stray < or & of the prose, not a scraped page


@dataclass(frozen=True)
class Stripped:
    """A text without its markup, and for each of its characters the span of the
    original it stands for."""

    text: str
    starts: list[int]
    ends: list[int]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that text[start:end] stands for."""
        if start >= end:
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def then(self, inner: "Stripped | None") -> "Stripped":
        """This stripping followed by `inner`'s, which was made from this one's text."""
        if inner is None:
            return self
        return Stripped(inner.text, [self.starts[at] for at in inner.starts],
                        [self.ends[at - 1] for at in inner.ends])


def replaced(text: str, spans: list[tuple[int, int, str]]) -> Stripped:
    """`text` with each of these sorted, disjoint spans (start, end, replacement) replaced;
    each character of a replacement stands for its whole span."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for start, end, replacement in spans:
        parts += [text[at:start], replacement]
        starts += [*range(at, start), *[start] * len(replacement)]
        ends += [*range(at + 1, start + 1), *[end] * len(replacement)]
        at = end
    parts.append(text[at:])
    starts.extend(range(at, len(text)))
    ends.extend(range(at + 1, len(text) + 1))
    return Stripped("".join(parts), starts, ends)


def _replacement(match: re.Match) -> str:
    if match.group().startswith("&"):
        return html.unescape(match.group())
    closing, name = match.group(1), match.group(2).lower()
    if name == "br" or closing and name in LINE_TAGS:
        return "" if match.string.startswith("\n", match.end()) else "\n"  # </p> at a line's end: that end
    return "|" if not closing and name in CELL_TAGS else ""


def strip_markup(text: str) -> Stripped | None:
    """`text` without HTML tags (a line's end for </p>, <br/>, </tr>; a cell's bar for <td>)
    and with its character references read (&ldquo; -> “), or None if it has no markup."""
    if "<" not in text and "&" not in text:
        return None
    marks = [*TAG.finditer(text), *ENTITY.finditer(text)]
    if len(marks) < MARKED:
        return None
    spans, at = [], 0
    for mark in sorted(marks, key=lambda m: m.start()):
        if mark.start() >= at:
            spans.append((mark.start(), mark.end(), _replacement(mark)))
            at = mark.end()
    return replaced(text, spans)
