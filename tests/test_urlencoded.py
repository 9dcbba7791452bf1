"""mskg.web.urlencoded.parse gives exactly what urllib's parse_qsl gives, or raises as it does."""

from urllib.parse import parse_qsl, quote, quote_plus, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mskg.web import urlencoded


def reference(raw: bytes):
    """What mskg read URL-encoded text with before: parse_qsl, strict UTF-8."""
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return UnicodeDecodeError


def parsed(raw: bytes):
    try:
        return urlencoded.parse(raw)
    except UnicodeDecodeError:
        return UnicodeDecodeError


# the bytes where the two ways of decoding could part: escapes good and bad, the quoted-printable
# characters (= and line breaks), separators, + and non-ASCII bytes, some of them not UTF-8
PIECES = st.sampled_from([b"%", b"=", b"&", b"+", b"\n", b"\r", b"\r\n", b"a", b"Z", b"3", b"D", b"f", b"g",
                          b"%3D", b"%3d", b"%25", b"%2B", b"%0A", b"%0D", b"%E4%B8%AD", b"%E4%B8", b"%C3",
                          b"%ff", b"%zz", b"%4", b"=3D", b"==", b"\xe4\xb8\xad", b"\xe4", b" ", b"_", b"%20"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=24).map(b"".join))
def test_any_text_of_the_tricky_bytes_parses_as_with_parse_qsl(raw):
    assert parsed(raw) == reference(raw)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=40), st.text(max_size=200)), max_size=5),
       st.sampled_from([quote, quote_plus]))
def test_encoded_pairs_of_any_text_come_back(pairs, quoting):
    raw = urlencode(pairs, quote_via=quoting).encode("ascii")
    assert parsed(raw) == reference(raw)


def test_a_commented_query_comes_back_whole():
    text = "# 数据集的 VoID 自描述：规模 = 100%\nSELECT * WHERE { ?s ?p ?o FILTER(?o = \"a+b&c\") }"
    raw = urlencode([("query", text), ("default-graph-uri", "https://example.org/g"), ("named-graph-uri", "")])
    pairs = [("query", text), ("default-graph-uri", "https://example.org/g"), ("named-graph-uri", "")]
    assert urlencoded.parse(raw.encode()) == pairs
    assert urlencoded._decoded_in_c(raw.encode()) == pairs  # decoded in C, not by the fallback


@pytest.mark.parametrize("raw", [b"query=%E4%B8", b"query=\xff", b"query=%C3%28"])
def test_text_that_is_not_utf_8_raises_as_parse_qsl_does(raw):
    with pytest.raises(UnicodeDecodeError):
        urlencoded.parse(raw)
