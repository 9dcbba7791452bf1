"""The load generator, the same for every server: GET requests over keep-alive HTTP/1.1 connections.

- `Connection.get`: one request, timed (the latency rounds: one client, servers interleaved);
- `throughput`: 8 concurrent clients for a few seconds, completed requests per second, with `wrk`
  when it is installed (C, ~10 µs per request), else 8 processes using http.client;
- `burst`: 8 requests at once, for queries too slow to run for a few seconds: 8 / the time the
  last one took.
"""

from __future__ import annotations

import http.client
import multiprocessing
import re
import shutil
import subprocess
import threading
import time
from urllib.parse import quote, urlsplit

CLIENTS = 8


class Timeout(Exception):
    pass


def query_target(query_url: str, text: str) -> str:
    """The URL of a SPARQL query sent with GET."""
    return f"{query_url}?query={quote(text, safe='')}"


class Connection:
    """A keep-alive connection to one server."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self._conn: http.client.HTTPConnection | None = None

    def get(self, url: str, accept: str) -> tuple[int, bytes, float]:
        """(status, body, seconds) of GET url. Raises Timeout (the connection is then dropped).

        A kept-alive connection the server has closed meanwhile (uvicorn closes idle ones after
        5 s) is opened again once."""
        parts = urlsplit(url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        reused = self._conn is not None
        try:
            return self._send(target, accept)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            return self._send(target, accept)

    def _send(self, target: str, accept: str) -> tuple[int, bytes, float]:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._conn.connect()  # not timed: a new connection costs every server the same
        started = time.perf_counter()
        try:
            self._conn.request("GET", target, headers={"Accept": accept})
            response = self._conn.getresponse()
            body = response.read()
        except (TimeoutError, OSError, http.client.HTTPException) as error:
            self.close()
            if isinstance(error, TimeoutError):
                raise Timeout from error
            raise
        return response.status, body, time.perf_counter() - started

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def generator() -> str:
    """Which throughput client this machine uses."""
    return "wrk" if shutil.which("wrk") else "python"


def throughput(url: str, accept: str, seconds: float, timeout: float) -> tuple[float, int]:
    """(completed requests per second, failed or non-2xx requests) with 8 concurrent clients."""
    if shutil.which("wrk"):
        return _wrk(url, accept, seconds, timeout)
    return _python(url, accept, seconds, timeout)


def _wrk(url: str, accept: str, seconds: float, timeout: float) -> tuple[float, int]:
    out = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{max(1, round(seconds))}s",
                          f"--timeout={max(1, round(timeout))}s", "-H", f"Accept: {accept}", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rate, errors


def _client_loop(url: str, accept: str, start: float, stop: float, timeout: float, results) -> None:
    connection = Connection(url, timeout)
    done = failed = 0
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < stop:
        try:
            status, _, _ = connection.get(url, accept)
            done += status == 200
            failed += status != 200
        except (Timeout, OSError, http.client.HTTPException):
            failed += 1
    connection.close()
    results.put((done, failed))


def _python(url: str, accept: str, seconds: float, timeout: float) -> tuple[float, int]:
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start = time.time() + 0.5
    processes = [context.Process(target=_client_loop, args=(url, accept, start, start + seconds, timeout, results))
                 for _ in range(CLIENTS)]
    for process in processes:
        process.start()
    counts = [results.get() for _ in processes]
    for process in processes:
        process.join()
    return sum(done for done, _ in counts) / seconds, sum(failed for _, failed in counts)


def burst(url: str, accept: str, timeout: float) -> tuple[float, int]:
    """8 requests sent at once: (8 / seconds until the last answered, failed requests)."""
    outcome: list[int] = []

    def one() -> None:
        connection = Connection(url, timeout)
        try:
            status, _, _ = connection.get(url, accept)
            outcome.append(status)
        except (Timeout, OSError, http.client.HTTPException):
            outcome.append(0)
        connection.close()

    threads = [threading.Thread(target=one) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    failed = sum(status != 200 for status in outcome)
    return (CLIENTS - failed) / elapsed, failed
