"""Bounded queries: every query gets a timeout and a result-row cap, and a runaway one is really stopped.

pyoxigraph 0.5.13 offers neither a timeout nor a way to cancel a running
query (`Store.query` takes none; a query thread cannot be stopped), so
queries over a local store run in a small pool of worker processes:

- each worker opens the store itself: the on-disk store through a read-only
  handle (`Store.read_only(path)`), an in-memory store (`--load`) from an
  N-Quads copy written when the pool starts (removed when it stops); it
  runs `sparql.run_query`, which evaluates, applies the row cap and
  serialises, and sends the bytes back;
- the event loop never waits on a query: it waits on the worker's pipe, the
  deadline and the client's connection, whichever comes first;
- on timeout (503) or client disconnect the worker is killed (SIGKILL) and a
  fresh one started in its place, so no core keeps burning; workers are
  forked from a forkserver that has imported mskg.web.sparql already, so a
  replacement is ready in tens of milliseconds (a spawned interpreter needs
  about 1.5 s to import it);
- writes (`--enable-update`) first stop every worker (a read-only handle
  beside a writer is undefined behaviour in RocksDB) and the pool starts
  again on the new data.

A remote store (RemoteEngine) is not pooled: its queries run in a thread,
bounded by the server's own limits and the httpx timeout of the connection;
past the deadline the client gets the same 503 while the thread waits for
httpx to give up.
"""

from __future__ import annotations

import asyncio
import contextvars
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from typing import Awaitable, Callable

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_WORKERS = 3
SPARE_WORKERS = 1
"""started beside the workers that admission fills, so that a killed worker's place is taken at once"""
TRUNCATED_HEADER = "X-MSKG-Truncated"

worker_spans: contextvars.ContextVar[list[list] | None] = contextvars.ContextVar("worker_spans", default=None)
"""When set (mskg.web.admission does, per request), WorkerPool.run adds to it a [start, end] span
per query: its time in a worker (end None while it runs), without the wait for a free one."""


def span_seconds(spans: list[list]) -> float:
    """The seconds in worker_spans' spans, a running one counted up to now."""
    import time

    now = time.monotonic()
    return sum((now if end is None else end) - start for start, end in spans)


@dataclass(frozen=True)
class Source:
    """How a worker opens the store: a read-only handle on a directory, or an N-Quads file to load."""

    path: str
    kind: str  # "read_only" or "nquads"
    allowed_services: frozenset[str] = frozenset()
    union_default_graph: bool = True


def _worker_main(conn, source: Source) -> None:
    """A worker: opens the store, then answers (operation, accept, base_iri, max_rows) requests until EOF."""
    import pyoxigraph as ox

    from mskg.web.engine import EndpointError, LocalEngine
    from mskg.web.sparql import run_query

    if source.kind == "read_only":
        store = ox.Store.read_only(source.path)
    else:
        store = ox.Store()
        store.bulk_load(path=source.path, format=ox.RdfFormat.N_QUADS)
    engine = LocalEngine(store, union_default_graph=source.union_default_graph,
                         allowed_services=source.allowed_services)
    conn.send(("ready",))
    while True:
        try:
            operation, accept, base_iri, max_rows = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = run_query(engine, operation, accept, base_iri, max_rows=max_rows)
            conn.send(("ok", answer))
        except EndpointError as error:
            conn.send(("error", error.status, error.message, error.headers))
        except Exception as error:  # noqa: BLE001 - the worker must answer whatever happens
            conn.send(("error", 500, f"query failed: {error}", {}))


class Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, source: Source) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["mskg.web.sparql"])  # forked ready-imported: ~40 ms, not ~1.5 s
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, source), daemon=True,
                                       name="mskg-query-worker")
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        if not self.ready and self.conn.poll(timeout):
            try:
                self.ready = self.conn.recv() == ("ready",)
            except (EOFError, OSError):
                return False
        return self.ready

    def signal_kill(self) -> None:
        """SIGKILL: whatever it evaluates stops now."""
        if self.process.pid and self.process.exitcode is None:
            try:
                os.kill(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.signal_kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryTimeout(Exception):
    pass


class ClientGone(Exception):
    pass


class WorkerPool:
    """A fixed number of worker processes over one store; idle ones wait in a queue."""

    def __init__(self, make_source: Callable[[], Source], size: int = DEFAULT_WORKERS,
                 cleanup: Callable[[], None] | None = None) -> None:
        """cleanup is called when the pool stops (after its workers)."""
        self.make_source, self.size, self.cleanup = make_source, size, cleanup
        self._source: Source | None = None
        self._idle: list[Worker] = []
        self._count = 0
        self._lock = threading.Lock()
        self._available = threading.Condition(self._lock)
        self._busy: set[Worker] = set()
        self._paused = False

    def _spawn(self) -> Worker:
        with self._lock:
            if self._source is None:
                self._source = self.make_source()
            source = self._source
        return Worker(source)

    def start(self) -> None:
        """Start the workers (in the background: the first query waits for one to be ready)."""
        with self._lock:
            if self._paused:
                return
            missing = self.size - self._count
            self._count += missing
        for _ in range(missing):
            self._release(self._spawn())

    def _release(self, worker: Worker) -> None:
        with self._available:
            self._busy.discard(worker)
            self._idle.append(worker)
            self._available.notify()

    def acquire(self, timeout: float) -> Worker:
        """An idle, ready worker, waiting at most timeout seconds. Raises QueryTimeout."""
        import time

        deadline = time.monotonic() + timeout
        if self._count < self.size:
            self.start()
        with self._available:
            while not self._idle:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._available.wait(remaining):
                    raise QueryTimeout
            worker = next((idle for idle in self._idle if idle.wait_ready(0)), self._idle[0])  # ready first
            self._idle.remove(worker)
            self._busy.add(worker)
        if not worker.wait_ready(max(0.0, deadline - time.monotonic())):
            if worker.process.is_alive() and not worker.ready:
                self._release(worker)  # still starting: leave it for the next one
                raise QueryTimeout
            self.discard(worker)
            raise QueryTimeout
        return worker

    def release(self, worker: Worker) -> None:
        self._release(worker)

    def discard(self, worker: Worker) -> None:
        """Kill a worker and start a fresh one in its place."""
        worker.kill()
        with self._lock:
            self._busy.discard(worker)
            self._count -= 1
        threading.Thread(target=self.start, daemon=True).start()

    def pause(self) -> None:
        """Kill every worker before a write (busy ones' requests fail and are discarded) and start
        none until resume()."""
        with self._lock:
            self._paused = True
            idle, self._idle = self._idle, []
            self._count -= len(idle)
            self._source = None
            busy = list(self._busy)
        for worker in idle:
            worker.kill()
        for worker in busy:
            worker.signal_kill()

    def resume(self) -> None:
        with self._lock:
            self._paused = False

    def stop(self) -> None:
        self.pause()
        if self.cleanup is not None:
            self.cleanup()

    def run(self, args: tuple, timeout: float, holder: list | None = None) -> tuple:
        """Blocking: run one request in a worker; the worker is killed on timeout. Raises QueryTimeout.
        The worker is put in holder, so that another thread can kill it (signal_kill)."""
        import time

        deadline = time.monotonic() + timeout
        span = [time.monotonic(), time.monotonic()]  # empty while no worker is free for it
        spans = worker_spans.get()
        if spans is not None:
            spans.append(span)
        worker = self.acquire(timeout)
        if holder is not None:
            holder.append(worker)
        span[:] = [time.monotonic(), None]
        try:
            worker.conn.send(args)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout
            reply = worker.conn.recv()
        except BaseException:
            span[1] = time.monotonic()
            self.discard(worker)
            raise
        span[1] = time.monotonic()
        self.release(worker)
        return reply


class MemorySource:
    """The source of an in-memory store: an N-Quads copy in a temporary directory, written anew per
    generation (after a write) with the previous copy removed; close() removes the directory."""

    def __init__(self, store, allowed_services: frozenset[str], union_default_graph: bool) -> None:
        self.store, self.allowed_services, self.union_default_graph = store, allowed_services, union_default_graph
        self.directory: str | None = None
        self.generation = 0

    def __call__(self) -> Source:
        import pyoxigraph as ox

        if self.directory is None:
            self.directory = tempfile.mkdtemp(prefix="mskg-pool-")
        previous = os.path.join(self.directory, f"store-{self.generation}.nq")
        self.generation += 1
        path = os.path.join(self.directory, f"store-{self.generation}.nq")
        self.store.dump(path, format=ox.RdfFormat.N_QUADS)
        if os.path.exists(previous):  # its workers were stopped before the write that made this one
            os.remove(previous)
        return Source(path, "nquads", self.allowed_services, self.union_default_graph)

    def close(self) -> None:
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


async def bounded(call: Callable[[], tuple], cancel: Callable[[], None], timeout: float,
                  disconnected: Callable[[], Awaitable[bool]]) -> tuple:
    """Run the blocking call in a thread until it returns, the timeout passes (QueryTimeout) or the
    client goes away (ClientGone); in the last two cases cancel() is called."""
    task = asyncio.ensure_future(asyncio.to_thread(call))
    task.add_done_callback(lambda done: done.cancelled() or done.exception())  # read even when given up on
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise QueryTimeout
            done, _ = await asyncio.wait({task}, timeout=min(0.1, remaining))
            if done:
                return task.result()
            if await disconnected():
                raise ClientGone
    except (QueryTimeout, ClientGone, asyncio.CancelledError):
        cancel()
        raise
