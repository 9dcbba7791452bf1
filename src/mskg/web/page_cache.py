"""A bounded in-process cache of the lookup routes' answers, with strong ETags.

An ASGI middleware. A GET of an entity (`/id/…`, `/api/entity…`), the dataset
description, the ontology or the home page is answered from memory when the
same path, query string and negotiated representation (the format Accept
chooses among mskg.web.rdf_views.FORMATS; the JSON API has one) was answered
200 (without a cookie) before in the same store state. Entries are bytes and headers, kept least
recently used first out within `max_bytes`; an answer larger than
`max_entry` is never kept.

Every cached answer carries a strong ETag (a hash of its body) and
`Cache-Control: public, max-age=…`; a request whose `If-None-Match` names the
ETag gets 304 without a body (also on a miss: the fresh answer's ETag is
compared). HEAD is answered from a kept GET.

One store state: the cache is emptied after every write through /sparql (an
update or a Graph Store write: mskg.web.sparql.writing calls the app's
after_write; an answer begun before the write ended is not kept), and when the store's version
(mskg.web.entities.store_version: the dataset description's triple count and
modification date, which builds and ingests change) differs from the one
read before; it is read again at most every `recheck` seconds.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool

from mskg.web import negotiation, rdf_views

PREFIXES = ("/id/", "/api/entity", "/dataset", "/ontology")
EXACT = frozenset({"/"})
DROPPED = frozenset({b"content-length", b"etag", b"cache-control"})


@dataclass(frozen=True)
class Entry:
    """One kept answer: status 200, its headers (without Content-Length), body and ETag."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers) + 200


MAX_ENTRY = 4 * 1024 * 1024
"""bytes: by default a larger answer is not kept"""


class ResponseCache:
    """Answers by key, least recently used evicted first, at most max_bytes in all."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_entry: int = MAX_ENTRY) -> None:
        self.max_bytes, self.max_entry = max_bytes, max_entry
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()
        self.bytes = 0
        self.generation = 0
        """raised by every clear(): an answer made in an older generation is not kept"""

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple, entry: Entry, generation: int) -> None:
        """Keep entry (if it fits and the store has not changed since generation), evicting the
        least recently used."""
        if generation != self.generation or entry.size > min(self.max_entry, self.max_bytes):
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old.size
        self._entries[key] = entry
        self.bytes += entry.size
        while self.bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self.bytes -= evicted.size

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0
        self.generation += 1


def cacheable(path: str) -> bool:
    """Whether answers at path are kept."""
    return path in EXACT or path.startswith(PREFIXES)


def etag_of(body: bytes) -> bytes:
    """A strong ETag: a hash of the body, quoted."""
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def matches(if_none_match: bytes | None, etag: bytes) -> bool:
    """Whether an If-None-Match header names etag (weak comparison, as RFC 9110 §13.1.2 asks)."""
    if if_none_match is None:
        return False
    tags = [tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")]
    return b"*" in tags or etag in tags


class PageCache:
    """The ASGI middleware (see the module docstring). `version` reads the store's version (in a
    thread)."""

    def __init__(self, app, cache: ResponseCache, version: Callable[[], object], *, max_age: int = 60,
                 recheck: float = 2.0) -> None:
        self.app, self.cache, self.version = app, cache, version
        self.cache_control = f"public, max-age={max_age}".encode()
        self.recheck = recheck
        self._version: object = None
        self._checked = float("-inf")

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not cacheable(scope["path"]):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        key = self._key(scope)
        if key is None or not await self._same_store():
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        entry = self.cache.get(key)
        if entry is not None:
            await self._answer(entry, method, headers.get(b"if-none-match"), send)
            return
        if method == "HEAD":
            await self.app(scope, receive, send)
            return
        await self._fill(scope, receive, send, key, headers.get(b"if-none-match"))

    def _key(self, scope) -> tuple | None:
        """(path, query string, representation), or None when Accept allows none of ours."""
        path = scope["path"]
        if path.startswith("/api/"):
            return path, scope["query_string"], "json"
        accept = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"accept"), None)
        fmt = negotiation.choose(accept, rdf_views.FORMATS)
        return None if fmt is None else (path, scope["query_string"], fmt.name)

    async def _same_store(self) -> bool:
        """Empty the cache if the store's version changed (read at most every `recheck` seconds);
        False if the version cannot be read (the answer is then made and not kept)."""
        now = time.monotonic()
        if now - self._checked < self.recheck:
            return True
        try:
            version = await run_in_threadpool(self.version)
        except Exception:  # the store failed: the route itself answers with the error
            self.cache.clear()
            self._checked = float("-inf")
            return False
        self._checked = now
        if version != self._version:
            self.cache.clear()
            self._version = version
        return True

    async def _fill(self, scope, receive, send, key: tuple, if_none_match: bytes | None) -> None:
        """Make the answer; keep it if it is a whole 200, and send it (or 304)."""
        generation = self.cache.generation
        start: dict | None = None
        chunks: list[bytes] = []
        passing = False

        async def capture(message) -> None:
            nonlocal start, passing
            if passing:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
                if message["status"] != 200 or any(name == b"set-cookie" for name, _ in message["headers"]):
                    passing = True
                    await send(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    body = b"".join(chunks)
                    etag = etag_of(body)
                    headers = tuple((name, value) for name, value in start["headers"] if name not in DROPPED)
                    entry = Entry(headers + ((b"etag", etag), (b"cache-control", self.cache_control)), body, etag)
                    self.cache.put(key, entry, generation)
                    await self._answer(entry, "GET", if_none_match, send)
            else:
                await send(message)

        await self.app(scope, receive, capture)

    @staticmethod
    async def _answer(entry: Entry, method: str, if_none_match: bytes | None, send) -> None:
        if matches(if_none_match, entry.etag):
            headers = [(name, value) for name, value in entry.headers
                       if name in (b"etag", b"cache-control", b"vary")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [*entry.headers, (b"content-length", str(len(entry.body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if method == "HEAD" else entry.body})
