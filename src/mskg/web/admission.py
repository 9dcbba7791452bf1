"""Admission control: what a request must pass before it may use one of the query workers.

An ASGI middleware in front of the whole application (except the static files
and dumps, which only read files, and CORS preflights):

1. **Size.** A query string longer than `MAX_QUERY_STRING` is answered 414; a
   body larger than `max_body` bytes 413 (at once from Content-Length, or as
   soon as the bytes read pass it).
2. **Slow bodies.** The body is read whole, within `read_timeout` seconds
   (408 past it), *before* the request queues for a worker, so a client that
   trickles its body holds a connection, never a worker. (A trickled request
   head is cut off by mskg.web.connections.)
3. **Per-client budget.** Each client (its address, or the address a trusted
   proxy names in X-Forwarded-For) may spend `budget` seconds per `window`
   seconds (as Wikidata's query service does: 60 s per 60 s) — of query time
   in the workers (mskg.web.limits.worker_spans), or for a request that ran
   none there, of the request's own time; past it, requests are answered 429
   with Retry-After (when enough time has left the window).
4. **Fair, bounded queues.** Requests that run in the query workers (`/sparql`)
   pass one gate: at most `capacity` at once (the worker processes), at most
   `per_client` of them from one client, so one client with many runaway
   queries cannot take every worker: another client's query finds one free.
   Every other request (pages, the JSON API: short reads in this process)
   passes a second gate, `reads` at once, half of them per client, so a
   crawler cannot hold them all. Waiting requests are let in first come,
   first served among the clients that have room. A request whose wait is
   estimated (queue position × recent mean service time ÷ capacity) to exceed
   `max_wait` is answered 503 with Retry-After at once, and one that has
   waited `max_wait` gets the same (429 if it waited on its own client's
   share): overload gives fast refusals instead of timeouts.

A request's slot is released (and its time charged to its client) when its
response starts, so a client reading a large answer slowly holds no slot.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from dataclasses import dataclass, field

from mskg.web.limits import span_seconds, worker_spans

MAX_QUERY_STRING = 32 * 1024
UNGATED = ("/static/", "/dumps/")
WORKER_PATHS = frozenset({"/sparql"})
"""the routes whose requests run in the query worker processes"""
INITIAL_SERVICE_TIME = 0.05
"""seconds: the mean service time assumed before any request has finished"""


@dataclass(frozen=True)
class Limits:
    """The admission limits (mskg serve sets them from its options)."""

    capacity: int = 3
    """requests to the query workers at once (the worker processes)"""
    per_client: int | None = None
    """worker requests one client may have running at once; default: capacity - 1 (at least 1)"""
    reads: int = 32
    """other requests (pages, JSON API) at once; one client may have half of them running"""
    max_wait: float = 10.0
    budget: float = 60.0
    window: float = 60.0
    max_body: int = 1024 * 1024
    read_timeout: float = 10.0
    trusted_proxies: frozenset[str] = field(default_factory=frozenset)

    @property
    def client_share(self) -> int:
        return self.per_client or max(1, self.capacity - 1)

    @property
    def read_share(self) -> int:
        return max(1, self.reads // 2)


class Refused(Exception):
    """A request answered with an error status (and Retry-After) without reaching the application."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


@dataclass
class Charge:
    """What one request cost its client: its time in query workers if it used them (a query
    still being stopped counts until it is), else its own elapsed time."""

    ended: float
    elapsed: float
    in_workers: list[list]

    @property
    def seconds(self) -> float:
        return span_seconds(self.in_workers) if self.in_workers else self.elapsed


class Budget:
    """Request time spent per client over a sliding window.

    A charge's cost is fixed when it is made unless a worker span of it is still open: its elapsed
    time without spans (pages, the JSON API), its time in workers with them (a query that has
    answered). Those are summed as they come and go, so a client sending thousands of requests a
    second is not slowed by adding up its whole window each time. A charge with an open span
    (whose cost grows while a stopped query is still being stopped) is added up when asked."""

    def __init__(self, seconds: float, window: float) -> None:
        self.seconds, self.window = seconds, window
        self._spent: dict[str, collections.deque[Charge]] = {}
        self._fixed: dict[str, float] = {}
        """seconds of the charges without worker spans among each client's _spent"""
        self._in_workers: dict[str, collections.deque[Charge]] = {}
        self._charges = 0

    def charge(self, client: str, charge: Charge) -> None:
        if all(end is not None for _, end in charge.in_workers):  # its cost is fixed from now on
            charge = Charge(charge.ended, charge.seconds, [])
        self._spent.setdefault(client, collections.deque()).append(charge)
        if charge.in_workers:
            self._in_workers.setdefault(client, collections.deque()).append(charge)
        else:
            self._fixed[client] = self._fixed.get(client, 0.0) + charge.elapsed
        self._charges += 1
        if self._charges % 1000 == 0:  # forget clients with nothing left in the window
            for name in [name for name in self._spent if not self._recent(name, charge.ended)]:
                del self._spent[name]
                self._fixed.pop(name, None)
                self._in_workers.pop(name, None)

    def _recent(self, client: str, now: float) -> collections.deque[Charge]:
        spent = self._spent.get(client, collections.deque())
        while spent and spent[0].ended <= now - self.window:
            charge = spent.popleft()
            if charge.in_workers:
                self._in_workers[client].popleft()
            else:
                self._fixed[client] -= charge.elapsed
        return spent

    def retry_after(self, client: str, now: float) -> float | None:
        """None if the client may go on; else the seconds until its spent time falls under the budget."""
        spent = self._recent(client, now)
        used = self._fixed.get(client, 0.0) + sum(charge.seconds for charge in self._in_workers.get(client, ()))
        if used < self.seconds:
            return None
        for charge in spent:
            used -= charge.seconds
            if used < self.seconds:
                return charge.ended + self.window - now
        return self.window  # unreachable: the loop empties the window


class Gate:
    """At most `capacity` requests inside, `share` per client; the others wait in line, boundedly."""

    def __init__(self, capacity: int, share: int, max_wait: float) -> None:
        self.capacity, self.share, self.max_wait = capacity, share, max_wait
        self.running = 0
        self._by_client: collections.Counter[str] = collections.Counter()
        self._waiting: list[tuple[str, asyncio.Future]] = []
        self.service_time = INITIAL_SERVICE_TIME

    def _has_room(self, client: str) -> bool:
        return self.running < self.capacity and self._by_client[client] < self.share

    def _take(self, client: str) -> None:
        self.running += 1
        self._by_client[client] += 1

    async def enter(self, client: str) -> None:
        """Wait for a slot. Raises Refused 503 (or 429 when waiting on the client's own share)."""
        if self._has_room(client) and not any(self._has_room(other) for other, _ in self._waiting):
            self._take(client)
            return
        expected = (len(self._waiting) + 1) * self.service_time / self.capacity
        if expected > self.max_wait:
            raise Refused(503, f"the server is busy: about {expected:.0f} s of queries are queued before "
                               f"this one (the limit is {self.max_wait:g} s); retry later", expected)
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        entry = (client, future)
        self._waiting.append(entry)
        timer = loop.call_later(self.max_wait, _time_out, future)
        try:
            await future
        except (asyncio.TimeoutError, asyncio.CancelledError) as error:
            if entry in self._waiting:
                self._waiting.remove(entry)
            if _let_in(future):  # let in at the last moment: give the slot back
                self.leave(client, None)
            if isinstance(error, asyncio.CancelledError):
                raise
            own = self._by_client[client] >= self.share
            raise Refused(429 if own else 503,
                          f"waited {self.max_wait:g} s for a query slot"
                          + (f" behind this client's own {self.share} running request(s)" if own else
                             " (the server is busy)") + "; retry later", self.max_wait) from None
        finally:
            timer.cancel()

    def leave(self, client: str, duration: float | None) -> None:
        """Give a slot back (duration: how long it was held, for the service-time estimate)."""
        self.running -= 1
        self._by_client[client] -= 1
        if self._by_client[client] <= 0:
            del self._by_client[client]
        if duration is not None:
            self.service_time = 0.8 * self.service_time + 0.2 * duration
        for entry in list(self._waiting):
            waiter, future = entry
            if self._has_room(waiter):
                self._waiting.remove(entry)
                if not future.done():
                    self._take(waiter)
                    future.set_result(None)


def _time_out(future: asyncio.Future) -> None:
    if not future.done():
        future.set_exception(asyncio.TimeoutError())


def _let_in(future: asyncio.Future) -> bool:
    """Whether a waiting request's future says it was let in (and not cancelled or timed out)."""
    return future.done() and not future.cancelled() and future.exception() is None


def client_of(scope, trusted_proxies: frozenset[str]) -> str:
    """The client's address: the peer's, or when the peer is a trusted proxy, the last
    X-Forwarded-For address not itself a trusted proxy."""
    peer = (scope.get("client") or ("unknown", 0))[0]
    if peer not in trusted_proxies:
        return peer
    forwarded = [value.decode("latin-1") for name, value in scope["headers"] if name == b"x-forwarded-for"]
    hops = [hop.strip() for value in forwarded for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted_proxies:
            return hop
    return peer


class Admission:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app, limits: Limits = Limits()) -> None:
        self.app, self.limits = app, limits
        self.workers_gate = Gate(limits.capacity, limits.client_share, limits.max_wait)
        self.reads_gate = Gate(limits.reads, limits.read_share, limits.max_wait)
        self.budget = Budget(limits.budget, limits.window)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] == "OPTIONS" or scope["path"].startswith(UNGATED):
            await self.app(scope, receive, send)
            return
        client = client_of(scope, self.limits.trusted_proxies)
        gate = self.workers_gate if scope["path"] in WORKER_PATHS else self.reads_gate
        try:
            if len(scope.get("query_string", b"")) > MAX_QUERY_STRING:
                raise Refused(414, f"the query string is longer than {MAX_QUERY_STRING:,} bytes; "
                                   "POST the query in the body instead")
            body = await self._read_body(scope, receive)
            wait = self.budget.retry_after(client, time.monotonic())
            if wait is not None:
                raise Refused(429, f"this client has used its {self.limits.budget:g} s of query time per "
                                   f"{self.limits.window:g} s; retry later", wait)
            await gate.enter(client)
        except Refused as refusal:
            await _refuse(send, refusal)
            return
        started = time.monotonic()
        held = [True]
        in_workers: list[list] = []
        worker_spans.set(in_workers)

        def release() -> None:
            if held[0]:
                held[0] = False
                now = time.monotonic()
                gate.leave(client, now - started)
                self.budget.charge(client, Charge(now, now - started, in_workers))

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                release()
            await send(message)

        try:
            await self.app(scope, _replay(body, receive), sending)
        finally:
            release()

    async def _read_body(self, scope, receive) -> bytes:
        """The whole request body, within the size and time limits (Refused 413 / 408)."""
        limit = self.limits.max_body
        framed = False  # a request with neither Content-Length nor Transfer-Encoding has no body
        for name, value in scope["headers"]:
            if name == b"content-length":
                framed = True
                if value.isdigit() and int(value) > limit:
                    raise Refused(413, f"the request body is larger than this endpoint's limit of {limit:,} bytes")
            elif name == b"transfer-encoding":
                framed = True
        if not framed:
            return b""
        chunks, size = [], 0
        deadline = asyncio.get_running_loop().time() + self.limits.read_timeout
        more = True
        while more:
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise Refused(408, f"the request body did not arrive within {self.limits.read_timeout:g} s") \
                    from None
            if message["type"] == "http.disconnect":
                raise Refused(499, "the client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise Refused(413, f"the request body is larger than this endpoint's limit of {limit:,} bytes")
            chunks.append(chunk)
            more = message.get("more_body", False)
        return b"".join(chunks)


def _replay(body: bytes, receive):
    """A receive callable that gives the body already read, then waits on the connection as before
    (so that disconnects are still seen)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replay():
        if pending:
            return pending.pop()
        return await receive()

    return replay


async def _refuse(send, refusal: Refused) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")] \
        if refusal.status in (408, 413, 499) else [(b"content-type", b"text/plain; charset=utf-8")]
    if refusal.retry_after is not None:
        headers.append((b"retry-after", str(max(1, math.ceil(refusal.retry_after))).encode()))
    body = (refusal.message + "\n").encode("utf-8")
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
