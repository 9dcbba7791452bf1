"""Queries proven cheap in a worker process are answered in this process from then on.

A point query costs ~0.3 ms more through a query worker (mskg.web.limits) than
in this process: the pipe both ways, pickling and the event loop's wake-ups
(bench/RESULTS-http.md). That is as much as Oxigraph's server spends on the
whole answer. So a request is run in a worker the first time it is seen
(its text, dataset, Accept, base IRI and row cap, exactly); if the worker
answered it within `cheap` seconds, with at most SMALL_ANSWER bytes, while
its memory grew by at most SMALL_MEMORY, later identical requests are run in
one of `threads` threads of this process over its own store handle
(pyoxigraph lets go of the GIL while it evaluates and serialises, so the
event loop is never held and the threads use every core).

What this gives up, and how it is bounded:

- A query running in a thread cannot be stopped. One that has become slow
  (it never should: the same request on the same data) still gets its 503 at
  the timeout, is not run in this process again, and keeps its thread until
  it ends; while every thread is taken, queries go to the workers.
- Memory is not capped in this process: only requests whose worker run took
  little memory and gave a small answer are learnt.
- Any write forgets every learnt request (the data, and with it what a query
  costs, changed), as does restarting the server.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Awaitable, Callable

from mskg.web import limits

DEFAULT_THREADS = 3
"""as many as the query workers admission lets run at once: with 2, dataset-description at 10^5 gave
1,560 req/s with 8 clients, with 4 1,685 (bench/RESULTS-http.md)"""
DEFAULT_CHEAP = 0.025
"""seconds: a request its worker answered within this is run in this process from then on. A point
query's first run in a worker is 2-3x its warm time (each worker's store handle has its own block
cache: bench/time-series at 10^6, 13 ms cold, 4.5 ms warm); in this process one handle and its cache
serve every learnt request"""
SMALL_ANSWER = 256 * 1024
"""bytes: a larger answer is not learnt (its copy would cost more than the worker's pipe saves)"""
SMALL_MEMORY = 16 * 1024 * 1024
"""bytes: a run whose worker grew by more is not learnt"""
SLOWER = 10
"""a request that takes SLOWER times `cheap` in this process is sent to the workers again"""
MAX_TEXT = 16 * 1024
"""characters: longer query texts are neither learnt nor kept (their key would cost as much as the answer)"""
MAX_LEARNT = 4096
"""requests kept; past it the oldest learnt is forgotten"""


def request_key(text: str, graphs: list, named_graphs: list, accept: str | None, base_iri: str,
                max_rows: int | None) -> tuple | None:
    """What tells two query requests apart, here and in mskg.web.result_cache (None for a text too
    long to be learnt or kept)."""
    if len(text) > MAX_TEXT:
        return None
    return (text, tuple(g.value for g in graphs), tuple(g.value for g in named_graphs), accept, base_iri, max_rows)


class InProcess:
    """The requests learnt as cheap, and the threads that answer them."""

    def __init__(self, threads: int = DEFAULT_THREADS, cheap: float = DEFAULT_CHEAP) -> None:
        self.threads, self.cheap = threads, cheap
        self.running = 0
        """requests running in the threads now (the loop's count: it alone changes it)"""
        self._learnt: dict[tuple, None] = {}
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="mskg-query")

    def learn(self, key: tuple | None, seconds: float, size: int, memory: int) -> None:
        """Note a worker's run of the request key: learnt if it was cheap, small and lean."""
        if key is None or seconds > self.cheap or size > SMALL_ANSWER or memory > SMALL_MEMORY:
            return
        if len(self._learnt) >= MAX_LEARNT:
            del self._learnt[next(iter(self._learnt))]
        self._learnt[key] = None

    def forget(self) -> None:
        """Forget every learnt request (after a write)."""
        self._learnt.clear()

    def knows(self, key: tuple | None) -> bool:
        """Whether key is learnt and a thread is free for it now."""
        return key in self._learnt and self.running < self.threads

    async def run(self, key: tuple, call: Callable[[], tuple], timeout: float,
                  disconnected: Callable[[], Awaitable[bool]]) -> tuple[tuple, float]:
        """call() in a thread: its reply and seconds. Raises limits.QueryTimeout past timeout and
        limits.ClientGone when the client has left (the request is then forgotten; the thread runs on
        until call returns). The run's time is added to the request's limits.worker_spans."""
        loop = asyncio.get_running_loop()
        span = [time.monotonic(), None]
        spans = limits.worker_spans.get()
        if spans is not None:
            spans.append(span)
        self.running += 1
        future = loop.run_in_executor(self._executor, _timed, call)
        future.add_done_callback(self._ended)
        try:
            reply, seconds = await limits.watch(future, loop.time() + timeout, disconnected)
        except BaseException:
            self._learnt.pop(key, None)
            raise
        finally:
            span[1] = time.monotonic()
        if seconds > SLOWER * self.cheap:
            self._learnt.pop(key, None)
        return reply, seconds

    def _ended(self, future: asyncio.Future) -> None:
        self.running -= 1
        limits.retrieved(future)

    def close(self) -> None:
        """Let the threads end once their queries have (none is waited for)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def _timed(call: Callable[[], tuple]) -> tuple[tuple, float]:
    started = time.perf_counter()
    reply = call()
    return reply, time.perf_counter() - started
