"""Answers to /sparql queries, kept for the same request while the store does not change.

Researchers send the same queries again and again: the examples of the query
editor, a notebook re-run from the top, a dashboard polling. A point query's
answer costs mskg ~1 ms of CPU (its HTTP process, then Oxigraph's evaluation:
bench/RESULTS-http.md); a kept answer costs only the HTTP process. So a
successful answer of at most `max_entry` bytes is kept, least recently used
first out within `max_bytes`, under the request's key
(mskg.web.inline.request_key: the query text, its protocol dataset, Accept,
base IRI and row cap, exactly). Every kept answer carries a strong ETag (a
hash of its body); a request whose If-None-Match names it gets 304 without a
body.

Only an answer that the same request would give again is kept:

- The store changes only through /sparql writes on a local store (the server's
  read-write handle locks it; a read-only handle is of a store nothing writes
  to), and every write empties the cache (the app's after_write). An answer
  begun before a write ended is not kept (the cache's generation changed).
  Remote stores change behind the server's back: their answers are never kept.
- A query that may name a function giving another value on each run (NOW,
  RAND, UUID, STRUUID, BNODE) or a SERVICE (another server's data) is never
  kept. The look is on the text outside its IRIs, so a comment or string
  naming one of them also keeps a query out: never the other way round.
- Errors, timeouts and answers over `max_entry` are not kept.

`mskg serve --result-cache 0` turns it off (the serving benchmark measures
both: bench/run.py).
"""

from __future__ import annotations

import asyncio
import re

from mskg.web.page_cache import MAX_ENTRY, Entry, ResponseCache, etag_of

HASHED_HERE = 256 * 1024
"""bytes: a larger answer is hashed for its ETag in a thread (hashlib lets go of the GIL), not on the
event loop (4 MiB take ~5 ms)"""

IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
"""an IRI written out (SPARQL's IRIREF): what it holds is a name, never a keyword"""
VOLATILE_FUNCTIONS = ("NOW", "RAND", "UUID", "STRUUID", "BNODE")
"""functions that may give another value on each run"""
VOLATILE = re.compile(rf"(?<![\w:-])(?:(?:{'|'.join(VOLATILE_FUNCTIONS)})\s*\(|SERVICE(?![\w:-]))",
                      re.IGNORECASE | re.ASCII)
"""such a function or SERVICE, not part of a longer name (`ex:service-items`). ASCII: SPARQL's
keywords are matched ignoring ASCII case only, and a letter outside ASCII before or after one does
not hide it (so the look may find a keyword inside a name, never miss one)"""
VOLATILE_WORDS = tuple(word.encode("ascii") for word in (*VOLATILE_FUNCTIONS, "SERVICE"))
"""what VOLATILE cannot match without, in upper case: looked for first, as Python's regular expression
engine takes ~60 µs over the 2 KB of an example query with its Chinese comments, this ~8 µs"""


class ResultCache:
    """Kept query answers (see the module docstring)."""

    def __init__(self, max_bytes: int, max_entry: int = MAX_ENTRY) -> None:
        # MAX_ENTRY, the page cache's: an eighth of the default 32 MiB
        self._cache = ResponseCache(max_bytes, max_entry)

    @property
    def generation(self) -> int:
        """What a request notes before it runs, and gives back to put(): changed by every clear()."""
        return self._cache.generation

    @staticmethod
    def keeps(text: str) -> bool:
        """Whether the answer to a query of this text may be kept (no volatile function, no SERVICE)."""
        outside_iris = IRI.sub(" ", text)
        upper = outside_iris.encode("utf-8").upper()  # bytes: ASCII letters only, in C
        return not any(word in upper for word in VOLATILE_WORDS) or not VOLATILE.search(outside_iris)

    def get(self, key: tuple) -> Entry | None:
        """The kept answer to the request key, if any."""
        return self._cache.get(key)

    async def put(self, key: tuple, headers: list[tuple[bytes, bytes]], body: bytes, generation: int) -> bytes | None:
        """Keep an answer (its headers without Content-Length) made since generation; its ETag, or None
        for an answer too large to keep (not hashed at all)."""
        if len(body) > self._cache.max_entry:
            return None
        etag = etag_of(body) if len(body) <= HASHED_HERE else await asyncio.to_thread(etag_of, body)
        self._cache.put(key, Entry(tuple(headers), body, etag), generation)
        return etag

    def clear(self) -> None:
        """Forget every answer (after a write)."""
        self._cache.clear()
