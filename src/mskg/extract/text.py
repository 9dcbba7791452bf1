"""Article text: decoding with clear errors, and a length-preserving normal form.

Extraction rules run on a *normal form* of the text that has exactly one
character per original character: traditional characters become simplified,
full-width digits, letters and punctuation become their ASCII forms. Because
the mapping is one-to-one, every offset found in the normal form is also an
offset in the original text, and quotes are always cut from the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc

MAX_BYTES = 8 * 1024 * 1024


class ArticleError(ValueError):
    """An article that cannot be read, with the file and line at fault."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


def decode(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 article bytes, or raise ArticleError naming the file and line."""
    if len(data) > MAX_BYTES:
        raise ArticleError(path, None, f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ArticleError(path, 1, "UTF-16 text; articles must be UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        hint = " (it looks like GBK/GB18030)" if _looks_like_gbk(data) else ""
        raise ArticleError(path, line, f"not valid UTF-8 at byte {error.start}{hint}") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ArticleError(path, line, "binary data (NUL character); articles must be plain text")
    return text


def _looks_like_gbk(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def read_article(path: str | Path) -> str:
    """Read an article file as text (UTF-8, optional BOM)."""
    return decode(Path(path).read_bytes(), path)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_FOLD = {
    "，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "％": "%",
    "～": "~", "－": "-", "—": "-", "–": "-", "「": "“", "」": "”", "『": "“", "』": "”",
    "．": ".", "\u3000": " ", "\xa0": " ", "／": "/",
}
_FOLD.update(dict.fromkeys("│┃║┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬", "|"))  # a box-drawn table's bars and joints
_FOLD.update({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFF01, 0xFF5F)
              if chr(c) not in _FOLD and len(unicodedata.normalize("NFKC", chr(c))) == 1})
_FOLD_TABLE = str.maketrans(_FOLD)


_NUMERAL_YEAR = re.compile(r"(?:二[〇零]|一九)[〇零一二三四五六七八九]{2}(?=年)")
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


_FINANCIAL = re.compile(r"[壹贰叁肆伍陆柒捌玖拾佰仟零万亿两]{2,}")  # after t2s: 貳 -> 贰, 陸 -> 陆, 萬 -> 万
_FINANCIAL_ONLY = re.compile(r"[壹贰叁柒捌玖佰仟]|[^拾]拾|拾[^拾]")  # never anything but a numeral (not 陆续, 收拾)
_LOWER_NUMERALS = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")


def normal_form(text: str) -> str:
    """Simplified, half-width text of exactly the same length as `text`, with years
    written in Chinese numerals in digits (二〇二四年 -> 2024年) and amounts in
    financial numerals in ordinary ones (壹拾捌万陆仟肆佰元 -> 一十八万六千四百元)."""
    converted = _t2s().convert(text)
    if len(converted) != len(text):
        converted = "".join(_t2s().convert(c) if len(_t2s().convert(c)) == 1 else c for c in text)
    converted = _NUMERAL_YEAR.sub(lambda m: m.group().translate(_YEAR_DIGITS), converted)
    converted = _FINANCIAL.sub(lambda m: m.group().translate(_LOWER_NUMERALS)
                               if _FINANCIAL_ONLY.search(m.group()) else m.group(), converted)
    return converted.translate(_FOLD_TABLE)


ENUMERATOR = re.compile(r"[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d{1,2}[、.)](?!\d)|[①-⑳]"
                        r"|-{2}|[●■◆▲★•▪▶►✅✔√]")
"""The number or bullet of a list item (一、 (一) (1) 1. 1、 ① ——实施… ●), in normal form."""


_SENTENCE_END = re.compile(r"[。!?;]+[”\"]?|\n")
TERMINAL = "。!?;:”\"」)"
LAYOUT_LINE = 40
CELL_BREAK = re.compile(r"\t+|[ \u3000]{2,}|[ \u3000]*[|｜][ \u3000]*")  # between the cells of a table row


def _continues(text: str, newline: int) -> bool:
    """A line break inside a sentence (page layout) rather than a paragraph end:
    the line ends on a comma, or is long and ends without terminal punctuation and
    no blank line follows (a long headline has no full stop either), and is no
    table row (cells parted by tabs, bars or runs of spaces) nor followed by a list item."""
    end = newline
    while end > 0 and text[end - 1] in "\n \t\u3000":
        end -= 1
    line_start = text.rfind("\n", 0, end) + 1
    line = text[line_start:end].rstrip()
    if not line:
        return False
    after = newline
    while after < len(text) and text[after] in "\n \t\u3000":
        after += 1
    blank_line_after = text.count("\n", end, after) >= 2
    if line[-1] in ",、":
        return True
    if line[-1] in TERMINAL or blank_line_after or _table_row(line) or ENUMERATOR.match(text, after):
        return False
    return len(line) > LAYOUT_LINE or _wrapped(text, line_start, line, after)


LABEL_SPACE_FIGURE = re.compile(r"[^\d\s]+([ \u3000])\d")
"""A row's label that one space parts from its figure: as long as its column, it leaves no more."""


def _table_row(line: str) -> bool:
    """Whether a line is a table row: cells parted by tabs, bars or runs of spaces, at least
    two such breaks, or one after a label that a single space parts from its figure
    (宽甸满族自治县　7,676　　7,063,200)."""
    breaks = len(CELL_BREAK.findall(line))
    return breaks >= 2 or breaks == 1 and bool(LABEL_SPACE_FIGURE.match(line))


WRAPPED_LINE = 16  # characters: a shorter line is a heading or a list's, not a page's wrapped text
# a new item's line, not the rest of the one before: 【住房】, 00:01:29, 1., a table row's 1 , an
# infographic's stacked figure read as one line (2.31 万人次 补贴性职业技能培训), 栾川县|…, 住房:…
LINE_OPENER = re.compile(r"[【\[(]|\d{1,2}:\d{2}|\d[\d.,]*%?[ \t]|[^\d\s,;。|:]{1,8}[|:]|" + ENUMERATOR.pattern)


WRAP_SLACK = 0.2  # a justified page's lines differ in printed width by less than this share


def _width(line: str) -> int:
    """A line's printed width: two for a Chinese character or (in the original) full-width
    punctuation and space, one for a digit, a Latin letter or . % -."""
    return sum(1 if c.isascii() and (c.isalnum() or c in ".%-") else 2 for c in line)


def _wrapped(text: str, line_start: int, line: str, after: int) -> bool:
    """A line of a page's hard-wrapped paragraph (text from a PDF: 城镇新增就业⏎1365人): about
    as wide as the line before or after it in its paragraph, the next line opening no item
    of its own."""
    newline = text.find("\n", after)
    following = text[after:newline if newline >= 0 else len(text)].rstrip()
    if len(line) < WRAPPED_LINE or not following or LINE_OPENER.match(following) \
            or unicodedata.category(following[0]) == "So":
        return False
    before_end = line_start - 1
    previous = text[text.rfind("\n", 0, max(before_end, 0)) + 1:before_end].rstrip() if before_end > 0 else ""
    width = _width(line)
    return any(abs(_width(neighbour) - width) <= WRAP_SLACK * max(width, _width(neighbour))
               for neighbour in (previous, following) if len(neighbour) >= WRAPPED_LINE)


def first_line(text: str) -> str:
    """The first line of `text` that is not blank (a headline, when no title is given), or ""."""
    return next((line for line in text.splitlines() if line.strip()), "")


def sentences(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, starts_paragraph) of the sentences of a normal-form text.

    Sentences end at 。!?; and at line breaks, except line breaks that page
    layout put inside a sentence (see `_continues`)."""
    spans = []
    start = 0
    paragraph = True
    for match in _SENTENCE_END.finditer(text):
        if match.group() == "\n" and _continues(text, match.start()):
            continue
        spans.append((start, match.end(), paragraph))
        paragraph = match.group() == "\n"
        start = match.end()
    spans.append((start, len(text), paragraph))
    trimmed = []
    pending_paragraph = False
    for s, e, new_paragraph in spans:
        pending_paragraph = pending_paragraph or new_paragraph
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e, pending_paragraph))
            pending_paragraph = False
    return trimmed
