"""Hostile and broken input: bad article files and manifest rows in a build, any bytes through the
extractor, mutated SPARQL against /sparql, path traversal on the file routes."""

from __future__ import annotations

import re
import shutil
import socket
import tempfile
from pathlib import Path

import httpx
import pytest
from conftest import MskgServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mskg import build, paths
from mskg.extract.pipeline import extract
from mskg.extract.text import ArticleError, read_article
from mskg.store.embedded import EmbeddedStore

GOOD = "004_17668c373b294491.txt"
HEADER = "file,title,publisher,published,url,region\n"


def dump(location) -> set[bytes]:
    store = EmbeddedStore(location, read_only=True)
    try:
        return set(store.dump().splitlines())
    finally:
        store.close()


def test_bad_articles_and_manifest_rows_are_reported_by_file_and_line_and_the_rest_is_built(tmp_path):
    """Every kind of bad input in one directory; the good article is built exactly as on its own."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(paths.ARTICLES / GOOD, articles)
    (articles / "empty.txt").write_bytes(b"")
    (articles / "invalid.txt").write_bytes("第一行\n".encode() + b"\xc3\x28 2023")
    (articles / "gbk.txt").write_bytes("2023年城镇新增就业7386人".encode("gbk"))
    (articles / "utf16.txt").write_bytes("2023年城镇新增就业7386人".encode("utf-16"))  # with its BOM
    (articles / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (articles / "huge.txt").write_bytes(("2023年,全市城镇新增就业1.3万人。\n" * 500_000).encode()[:20_000_000])
    rows = {  # manifest line: row
        2: f"{GOOD},为群众幸福,天山网,2024-11-24,,650000",
        3: "empty.txt,,,2024,,650000", 4: "invalid.txt,,,2024,,650000", 5: "gbk.txt,,,2024,,650000",
        6: "utf16.txt,,,2024,,650000", 7: "binary.txt,,,2024,,650000", 8: "huge.txt,,,2024,,650000",
        9: "missing.txt,,,2024,,650000",
        10: 'quotes.txt,"unbalanced title,,2024,,650000',
        11: "columns.txt,,,2024,,650000,one too many",
        12: "baddate.txt,,,2024-13-45,,650000",
    }
    (articles / "manifest.csv").write_text(HEADER + "\n".join(rows.values()) + "\n", encoding="utf-8")
    outcome = build.build(articles, str(tmp_path / "store"))
    assert sorted(outcome.articles) == [GOOD, "empty.txt"]
    messages = [str(error) for error in outcome.errors]
    manifest = articles / "manifest.csv"
    expected = [
        f"{articles / 'invalid.txt'}:2: not valid UTF-8",
        f"{articles / 'gbk.txt'}:1: not valid UTF-8 at byte 4 (it looks like GBK/GB18030)",
        f"{articles / 'utf16.txt'}:1: UTF-16 text",
        f"{articles / 'binary.txt'}:1: binary data",
        f"{articles / 'huge.txt'}: file is 20,000,000 bytes",
        f"{manifest}:9: missing.txt: no such file",
        f"{manifest}:10: malformed row",
        f"{manifest}:11: 7 cells; the header has 6",
        f"{manifest}:12: published '2024-13-45' is not a date",
    ]
    for start in expected:
        assert any(message.startswith(start) for message in messages), (start, messages)
    assert len(messages) == len(expected), messages

    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(paths.ARTICLES / GOOD, alone)
    (alone / "empty.txt").write_bytes(b"")
    (alone / "manifest.csv").write_text(HEADER + rows[2] + "\n" + rows[3] + "\n", encoding="utf-8")
    build.build(alone, str(tmp_path / "alone-store"))
    assert dump(tmp_path / "store") == dump(tmp_path / "alone-store"), "nothing of the good articles is lost"


def test_a_manifest_without_a_file_column_is_one_error_and_nothing_is_built(tmp_path):
    shutil.copy(paths.ARTICLES / GOOD, tmp_path)
    (tmp_path / "manifest.csv").write_text("name,title\n" + GOOD + ",x\n", encoding="utf-8")
    from mskg.corpus import load

    loaded = load(tmp_path)
    assert not loaded.articles and [str(e) for e in loaded.errors] == [
        f"{tmp_path / 'manifest.csv'}:1: the header must name the columns file,title,publisher,published,url,region"]


ARTICLE_BYTES = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=600).map(lambda text: text.encode("utf-8")),
    st.text(max_size=300).map(lambda text: text.encode("utf-16")),
    st.text(alphabet=st.sampled_from("2023年全市城镇新增就业万人亿元%,。以上约达到 \n"), max_size=400)
      .map(lambda text: text.encode("gb18030")),
    st.text(alphabet=st.sampled_from("2023年全市城镇新增就业1.3万人亿元%,。\n\x00\ufeff"), max_size=400)
      .map(lambda text: text.encode("utf-8")),
)


@given(ARTICLE_BYTES)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_bytes_read_as_an_article_give_an_article_error_or_valid_offsets(data):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.txt"
        path.write_bytes(data)
        try:
            text = read_article(path)
        except ArticleError as error:
            assert str(error).startswith(str(path))
            return
    for obs in extract(text, region="650200", published="2024-01").observations:
        assert 0 <= obs.start < obs.end <= len(text) and obs.quote == text[obs.start:obs.end]


QUERY_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(paths.QUERIES.glob("*.rq"))]
TOKEN = re.compile(r"\s+|[^\s]+")
NOISE = "{}()<>?$.;,\"'#\\@^*+-/!=|&:_[]\n\u00e9\u4e2d\x00"


@st.composite
def mutated_queries(draw) -> str:
    """A query of queries/ with tokens deleted, duplicated or inserted and random characters put in."""
    tokens = TOKEN.findall(draw(st.sampled_from(QUERY_TEXTS)))
    vocabulary = sorted({token for text in QUERY_TEXTS for token in text.split()})
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(tokens) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "character"]))
        if action == "delete":
            del tokens[at]
        elif action == "duplicate":
            tokens.insert(at, tokens[at])
        elif action == "insert":
            tokens.insert(at, " " + draw(st.sampled_from(vocabulary)) + " ")
        else:
            token = tokens[at]
            cut = draw(st.integers(0, len(token)))
            tokens[at] = token[:cut] + draw(st.text(alphabet=NOISE, min_size=1, max_size=3)) + token[cut:]
        if not tokens:
            tokens = [" "]
    return "".join(tokens)


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    server = MskgServer(tmp_path_factory.mktemp("hostile"), "--store", str(seed_store), "--read-only",
                        "--timeout", "2", "--max-rows", "50", "--client-budget", "100000",
                        "--client-queries", "2")
    server.start(timeout=60)
    yield server
    server.stop()


@given(query=mutated_queries())
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_sparql_is_never_a_server_error(server, query):
    response = httpx.post(f"{server.url}/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code in (200, 400, 403, 503), (response.status_code, response.text, query)
    if response.status_code == 503:
        assert "ran longer" in response.text, response.text


TRAVERSALS = [
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2fapp.py",
    "/static/vendor/../../app.py", "/static/%2e%2e/%2e%2e/cli.py", "/static/..%5capp.py",
    "/static/%252e%252e/app.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/app.py%00.js", "/static/..", "/static/.", "/static/~/.bashrc",
    "/dumps/../app.py", "/dumps/%2e%2e/app.py", "/dumps/..%2f..%2fcli.py", "/dumps/../../../../../../etc/passwd",
    "/dumps/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/dumps//etc/passwd", "/dumps/%00",
]
SECRETS = [b"root:x:0:0", b"def create_app", b"def main(", b"[project]"]


def raw_get(server, path: str) -> bytes:
    """The exact bytes of a GET of path (no client-side normalisation of dot segments)."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_on_the_file_routes_finds_nothing_outside_them(server, path):
    answer = raw_get(server, path)
    status = int(answer.split(b" ", 2)[1])
    assert status in (400, 404, 405, 307), answer[:300]
    assert not any(secret in answer for secret in SECRETS), answer[:300]
    if status == 307:  # a directory's trailing-slash redirect, which must stay under the route
        location = re.search(rb"(?im)^location: *(\S+)", answer).group(1).decode()
        assert httpx.URL(location).path.startswith(("/static/", "/dumps/")), location
