"""Clauses: the stretches between commas, semicolons and colons of a sentence,
where a figure's wording, region and period are looked for first."""

from __future__ import annotations

import re

CLAUSE_BREAK = re.compile(r"[,;:]")


def clause_start(norm: str, s_start: int, pos: int) -> int:
    """Where the clause holding `pos` starts (after the last , ; : before it, within the sentence)."""
    last = max(norm.rfind(",", s_start, pos), norm.rfind(";", s_start, pos), norm.rfind(":", s_start, pos))
    return last + 1 if last >= 0 else s_start


def clause_end(norm: str, pos: int, s_end: int) -> int:
    """Where the clause starting at or after `pos` ends (the next , ; : or the sentence end)."""
    match = CLAUSE_BREAK.search(norm, pos, s_end)
    return match.start() if match else s_end
