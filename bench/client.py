"""The load generator, the same for every server: requests over keep-alive HTTP/1.1 connections,
queries POSTed as `application/sparql-query` (a GET URL can pass Oxigraph's 8 KB header limit).

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
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

CLIENTS = 8


class Timeout(Exception):
    pass


@dataclass(frozen=True)
class Request:
    """What is sent: a GET of url, or a POST of body (a SPARQL query) to it."""

    url: str
    accept: str
    body: bytes | None = None

    def headers(self) -> dict[str, str]:
        if self.body is None:
            return {"Accept": self.accept}
        return {"Accept": self.accept, "Content-Type": "application/sparql-query"}


def query_request(query_url: str, text: str, accept: str) -> Request:
    """A SPARQL query POSTed directly (SPARQL 1.1 Protocol)."""
    return Request(query_url, accept, text.encode("utf-8"))


class Connection:
    """A keep-alive connection to one server."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self._conn: http.client.HTTPConnection | None = None

    def get(self, request: Request) -> tuple[int, bytes, float]:
        """(status, body, seconds) of the request. Raises Timeout (the connection is then dropped).

        A kept-alive connection the server has closed meanwhile (uvicorn closes idle ones after
        5 s) is opened again once."""
        reused = self._conn is not None
        try:
            return self._send(request)
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            if not reused:
                raise
            return self._send(request)

    def _send(self, request: Request) -> tuple[int, bytes, float]:
        parts = urlsplit(request.url)
        target = parts.path + ("?" + parts.query if parts.query else "")
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self._conn.connect()  # not timed: a new connection costs every server the same
        started = time.perf_counter()
        try:
            self._conn.request("GET" if request.body is None else "POST", target, body=request.body,
                               headers=request.headers())
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


def throughput(request: Request, seconds: float, timeout: float) -> tuple[float, int]:
    """(completed requests per second, failed or non-2xx requests) with 8 concurrent clients."""
    if shutil.which("wrk"):
        return _wrk(request, seconds, timeout)
    return _python(request, seconds, timeout)


def _wrk(request: Request, seconds: float, timeout: float) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="mskg-wrk-") as directory:
        command = ["wrk", "-t2", f"-c{CLIENTS}", f"-d{max(1, round(seconds))}s",
                   f"--timeout={max(1, round(timeout))}s"]
        command += [part for name, value in request.headers().items() for part in ("-H", f"{name}: {value}")]
        if request.body is not None:  # wrk POSTs a body through a Lua script
            with open(f"{directory}/body", "wb") as f:
                f.write(request.body)
            with open(f"{directory}/post.lua", "w") as f:
                f.write(f'wrk.method = "POST"\nlocal f = io.open("{directory}/body", "rb")\n'
                        'wrk.body = f:read("*a")\nf:close()\n')
            command += ["-s", f"{directory}/post.lua"]
        out = subprocess.run(command + [request.url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rate, errors


def _client_loop(request: Request, start: float, stop: float, timeout: float, results) -> None:
    connection = Connection(request.url, timeout)
    done = failed = 0
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < stop:
        try:
            status, _, _ = connection.get(request)
            done += status == 200
            failed += status != 200
        except (Timeout, OSError, http.client.HTTPException):
            failed += 1
    connection.close()
    results.put((done, failed))


def _python(request: Request, seconds: float, timeout: float) -> tuple[float, int]:
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start = time.time() + 0.5
    processes = [context.Process(target=_client_loop, args=(request, start, start + seconds, timeout, results))
                 for _ in range(CLIENTS)]
    for process in processes:
        process.start()
    counts = [results.get() for _ in processes]
    for process in processes:
        process.join()
    return sum(done for done, _ in counts) / seconds, sum(failed for _, failed in counts)


def burst(request: Request, timeout: float) -> tuple[float, int]:
    """8 requests sent at once: (8 / seconds until the last answered, failed requests)."""
    outcome: list[int] = []

    def one() -> None:
        connection = Connection(request.url, timeout)
        try:
            status, _, _ = connection.get(request)
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
