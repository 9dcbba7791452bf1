"""What the endpoint needs to know about a query or update's text without a full parser.

pyoxigraph executes SPARQL but does not expose its parse tree, and two protocol
rules depend on the text:

- the union default graph (mskg's graphs are all named; queries read their
  union) must not replace a query's own `FROM` / `FROM NAMED` dataset, which
  pyoxigraph's `use_default_graph_as_union` would do;
- the protocol's `using-graph-uri` / `using-named-graph-uri` set the dataset of
  an update's `WHERE` clauses, which pyoxigraph only takes as `USING` clauses
  in the text, and conflict with `USING` or `WITH` already there.

A small lexer is enough for both: it skips comments, strings and IRIs, so the
keywords it reports are the language's keywords, and it tracks braces.
Anything it cannot read is left to pyoxigraph's parser, which reports errors.
Lexing costs ~0.1-0.5 ms per KB of text, as much as a point query takes to
run, so a text is lexed only when a cheaper look (`_may_hold`) finds that the
keyword asked about may be in it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[^\W\d][\w.-]*)?:(?:[\w:%.-]|\\.)*)
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


_COMMENT_LINES = re.compile(r"^[ \t]*\#[^\r\n]*", re.MULTILINE)


def _keywords(*words: str) -> re.Pattern:
    """Where the lexer may find one of words (upper case) as a keyword: not after a letter, `_`,
    `?`, `$` or `:` (the token would go on), nor before a word character."""
    return re.compile("|".join(rf"{word}(?<![?$:]{word})(?<![^\W\d]{word})(?!\w)" for word in words))


FROM, USING_OR_WITH, LOAD = _keywords("FROM"), _keywords("USING", "WITH"), _keywords("LOAD")


def _may_hold(text: str, keywords: re.Pattern) -> bool:
    """False when lexing text would not find one of the keywords (a regular expression of _keywords);
    True when it may."""
    return keywords.search(_upper_code(text)) is not None


@functools.lru_cache(maxsize=4)
def _upper_code(text: str) -> str:
    """text in upper case without the comments that fill their line (a line cannot begin inside
    any other token but a long string). Kept for the next few calls: a query's text is looked
    at for several keywords in a row."""
    if "'''" not in text and '"""' not in text:
        text = _COMMENT_LINES.sub("", text)
    return text.upper()


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of every significant token: keywords as upper-case `word`s."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("space", "comment"):
            continue
        value = match.group()
        yield kind, value.upper() if kind == "word" else value, match.start()


def has_dataset_clause(query: str) -> bool:
    """Whether a query names its own dataset (`FROM` or `FROM NAMED`)."""
    return _may_hold(query, FROM) and any(kind == "word" and value == "FROM" for kind, value, _ in _tokens(query))


def has_using_or_with(update: str) -> bool:
    """Whether an update names the dataset of its operations itself (`USING`, `WITH`)."""
    return _may_hold(update, USING_OR_WITH) and any(kind == "word" and value in ("USING", "WITH")
                                                    for kind, value, _ in _tokens(update))


def with_using(update: str, graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """The update with `USING <g>` / `USING NAMED <g>` before the `WHERE` of each
    DELETE/INSERT operation, as the protocol's using-graph-uri and
    using-named-graph-uri ask (SPARQL 1.1 Protocol §2.2.3)."""
    clause = "".join(f"USING <{g}> " for g in graphs) + "".join(f"USING NAMED <{g}> " for g in named_graphs)
    if not clause:
        return update
    cuts = []
    depth, previous = 0, ""
    for kind, value, offset in _tokens(update):
        if value == "{":
            depth += 1
        elif value == "}":
            depth -= 1
        elif kind == "word" and value == "WHERE" and depth == 0 and previous == "}":
            cuts.append(offset)  # `DELETE WHERE {…}` (previous: DELETE) takes no USING
        previous = value
    for offset in reversed(cuts):
        update = update[:offset] + clause + update[offset:]
    return update


def _after_keyword(text: str, keyword: str, modifier: str) -> list[tuple[str, str]]:
    """(kind, token) of what follows each `keyword` (skipping an optional `modifier`)."""
    if not _may_hold(text, _keywords(keyword)):  # compiled once: re keeps compiled patterns
        return []
    tokens = list(_tokens(text))
    found = []
    for index, (kind, value, _) in enumerate(tokens):
        if kind == "word" and value == keyword:
            following = tokens[index + 1:index + 3]
            if following and following[0][1] == modifier:
                following = following[1:]
            if following:
                found.append(following[0][:2])
    return found


def service_targets(query: str) -> list[str]:
    """The endpoints a query's SERVICE clauses call: IRIs as written, or "?var"
    for a variable endpoint (SERVICE [SILENT] <iri> / ?var)."""
    return [value[1:-1] if kind == "iri" else value for kind, value in _after_keyword(query, "SERVICE", "SILENT")]


def loads_url(update: str) -> bool:
    """Whether an update asks the server to fetch a document (LOAD)."""
    return _may_hold(update, LOAD) and any(kind == "word" and value == "LOAD" for kind, value, _ in _tokens(update))


def dataset_graphs(query: str) -> list[str]:
    """The graph IRIs a query's FROM / FROM NAMED clauses name."""
    return [value[1:-1] for kind, value in _after_keyword(query, "FROM", "NAMED") if kind == "iri"]
