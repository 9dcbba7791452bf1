"""Patterns with an optional start, scanned as fast as patterns with a literal start.

Python's `re` skips ahead to where a match can begin only when a pattern opens
with a literal or a character set; one that opens with an optional group
(`(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日`) is tried at every position of the
text, which cost about half of an article's period and program scans.

`Anchored` finds the same matches as its pattern: every match holds an
`anchor` (月 above) that `re` can skip ahead to, preceded only by `lead`
characters (digits and 年 above). So a match can only start in the run of
lead characters just before an anchor, and the pattern is tried there alone.
"""

from __future__ import annotations

import re
from typing import Iterator


class Anchored:
    """`pattern`'s finditer and search, tried only where a match can start.

    Every match of `pattern` must contain a match of `anchor` whose first character
    is not a `lead` character and before which (from the match's start) there are
    only `lead` characters, at most `reach` of them (None: any number); `lead` is a
    regular-expression character class body (r"\\d年")."""

    def __init__(self, pattern: re.Pattern, anchor: str, lead: str, reach: int | None = None):
        self.pattern = pattern
        self.anchor = re.compile(anchor)
        self._lead = re.compile(f"[{lead}]").match
        self.reach = reach

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """The leftmost match from `pos` (before `endpos`), as pattern.search gives it."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        match, lead, reach = self.pattern.match, self._lead, self.reach
        while True:
            anchor = self.anchor.search(text, pos, endpos)
            if anchor is None:
                return None
            at = start = anchor.start()
            floor = pos if reach is None else max(pos, at - reach)
            while start > floor and lead(text, start - 1):
                start -= 1
            for candidate in range(start, at + 1):
                found = match(text, candidate, endpos)
                if found is not None:
                    return found
            pos = at + 1

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """Every non-overlapping match, left to right, as pattern.finditer gives them
        (for a pattern that cannot match the empty string: a ValueError if it does)."""
        while (found := self.search(text, pos, endpos)) is not None:
            if found.end() == found.start():
                raise ValueError(f"{self.pattern.pattern!r} matched the empty string")
            yield found
            pos = found.end()
