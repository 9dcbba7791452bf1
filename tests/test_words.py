"""extract/words.py: Words finds what longest_first's pattern finds (the longest
word where several start at one place), on every article and the gazetteers
of several provinces, and on words that are prefixes of one another."""

import re

import pytest

from mskg import paths
from mskg.extract import places
from mskg.extract.words import Words, longest_first

TEXTS = [p.read_text(encoding="utf-8") for d in (paths.ARTICLES, paths.ROOT / "tests" / "articles")
         for p in sorted(d.glob("*.txt"))]


def expected_spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]


def expected_at_each(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    found = []
    for at in range(start, end):
        match = pattern.match(text, at, end)
        if match and match.end() > at:
            found.append(match.span())
    return found


@pytest.mark.parametrize("province", [None, "650000", "150000", "440000"])
def test_a_gazetteer_finds_what_its_pattern_finds(province):
    entries, words = places._names(province)
    pattern = longest_first(entries)
    for text in TEXTS:
        assert words.spans(text) == expected_spans(pattern, text)
        middle = len(text) // 3
        assert words.at_each(text, middle, 2 * middle) == expected_at_each(pattern, text, middle, 2 * middle)


def test_the_longest_of_nested_words_wins_and_a_one_character_word_counts():
    vocabulary = ["阿", "阿勒", "阿勒泰地区", "勒泰", "泰"]
    words, pattern = Words(vocabulary), longest_first(vocabulary)
    for text in ["阿勒泰地区", "阿勒泰地", "阿勒泰", "阿阿勒", "勒泰地区阿", "x阿勒泰地区y阿"]:
        assert words.spans(text) == expected_spans(pattern, text), text
        assert words.at_each(text, 0, len(text)) == expected_at_each(pattern, text, 0, len(text)), text
    assert Words(vocabulary).spans("阿勒泰地区") == [(0, 5)]
    assert Words(vocabulary).at_each("阿勒泰地区", 0, 4) == [(0, 2), (1, 3), (2, 3)]  # nothing past `end`
