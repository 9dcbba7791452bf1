"""The servers the suite compares, started on the same store: Oxigraph's own server (the limit),
mskg serve, and rdflib-endpoint (the Python peer, over an N-Quads dump of the store).

Each runs as a child process on a free loopback port. A sampler thread reads
the resident memory of the process and all its descendants (/proc) every
0.2 s from start to stop: its peak is reported, and a peer passing its memory
limit is killed (rdflib needs ~14 GiB per 11 M triples). Load time is from
start until the server answers `ASK {}`; a peer that does not answer within
its load limit is killed and reported as such.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox

SAMPLE_SECONDS = 0.2
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[tuple[int, int]]:
    """(pid, depth) of pid and every process below it (pid itself at depth 0)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [(pid, 0)]
    while todo:
        current, depth = todo.pop()
        found.append((current, depth))
        todo += [(child, depth + 1) for child in children.get(current, [])]
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by pid and the processes below it that still run."""
    total = 0
    for current, _ in tree(pid):
        try:
            with open(f"/proc/{current}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def tree_rss(pid: int) -> int:
    """Resident bytes of pid and all its descendants."""
    total = 0
    for current, _ in tree(pid):
        try:
            with open(f"/proc/{current}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            pass
    return total


def du(path: str) -> int:
    """Bytes under a directory (or of a file), following the store link."""
    path = os.path.realpath(path)
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


class Server:
    """A server under test: `start()` blocks until it answers or fails, `stop()` kills it and its children."""

    name = ""
    query_path = "/sparql"

    def __init__(self, store: str, *, log_dir: str, load_limit: float = 600.0, rss_limit: int | None = None):
        self.store, self.log_dir, self.load_limit, self.rss_limit = store, log_dir, load_limit, rss_limit
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.peak_rss = 0
        self.load_seconds: float | None = None
        self.failure: str | None = None
        """why the server is not (or no longer) measured"""
        self._sampling = False
        self._sampler: threading.Thread | None = None

    @property
    def query_url(self) -> str:
        return self.base + self.query_path

    def command(self) -> list[str]:
        raise NotImplementedError

    def prepare(self) -> None:
        """Whatever the server needs before it starts (e.g. a dump)."""

    def store_bytes(self) -> int:
        return du(self.store)

    def start(self) -> bool:
        """Start and wait until `ASK {}` answers 200; False (with self.failure) if it does not in time."""
        self.prepare()
        log = open(os.path.join(self.log_dir, f"{self.name}.log"), "ab")
        started = time.perf_counter()
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True, cwd=self.log_dir)
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        probe = f"{self.query_url}?query=ASK%7B%7D"
        while self.failure is None:
            if self.process.poll() is not None:
                self.failure = self.failure or f"exited with code {self.process.returncode} while loading"
                break
            elapsed = time.perf_counter() - started
            if elapsed > self.load_limit:
                self.failure = f"not loaded within {self.load_limit:.0f} s"
                break
            try:
                with urllib.request.urlopen(probe, timeout=5) as response:
                    if response.status == 200:
                        self.load_seconds = time.perf_counter() - started
                        return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        return False

    def _sample(self) -> None:
        while self._sampling and self.process is not None:
            rss = tree_rss(self.process.pid)
            self.peak_rss = max(self.peak_rss, rss)
            if self.rss_limit and rss > self.rss_limit and self.failure is None:
                self.failure = f"killed at {rss / 2**30:.1f} GiB resident (limit {self.rss_limit / 2**30:.0f} GiB)"
                self._kill()
                return
            time.sleep(SAMPLE_SECONDS)

    def _kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def stop(self) -> None:
        self._sampling = False
        self._kill()
        if self._sampler is not None and self._sampler is not threading.current_thread():
            self._sampler.join()

    def restart(self) -> bool:
        """Kill and start again (after a query that would not stop); keeps the first load time and the peak."""
        load, peak = self.load_seconds, self.peak_rss
        self.stop()
        self.failure = None
        ok = self.start()
        self.load_seconds, self.peak_rss = load, max(peak, self.peak_rss)
        return ok


class OxigraphServer(Server):
    """`oxigraph serve-read-only`, the union of all graphs as the default graph (as mskg answers).

    Without --timeout-s: it starts a thread per request, which under 8 clients on ASK {} failed
    ("Cannot allocate memory") and killed the server. A query past the client's timeout is stopped
    by restarting the server instead (0.2 s)."""

    name = "Oxigraph"
    query_path = "/query"

    def command(self) -> list[str]:
        return ["oxigraph", "serve-read-only", "--location", self.store, "--bind", f"127.0.0.1:{self.port}",
                "--union-default-graph"]


class MskgServer(Server):
    """`mskg serve --read-only` with limits wide enough to give every answer whole, and a client
    budget and queue wait wide enough for one benchmarking client (admission still runs: its
    bookkeeping is part of what is measured; Oxigraph's server has no such limits). The 8
    clients of the throughput runs all come from 127.0.0.1: they may use every query worker
    (--client-queries 3), as 8 clients from 8 addresses would, not the 2 of 3 one client gets."""

    name = "mskg"

    def __init__(self, store: str, *, timeout: float, options: tuple[str, ...] = (), name: str = "mskg",
                 **kwargs):
        """options: more `mskg serve` options (a variant named `name`)."""
        super().__init__(store, **kwargs)
        self.timeout, self.options, self.name = timeout, options, name

    def command(self) -> list[str]:
        return [sys.executable, "-m", "mskg.cli", "serve", "--store", self.store, "--read-only",
                "--port", str(self.port), "--timeout", str(self.timeout), "--max-rows", "100000000",
                "--client-budget", "1e9", "--queue-wait", str(self.timeout), "--client-queries", "3",
                *self.options]


class RdflibServer(Server):
    """rdflib-endpoint over an N-Quads dump of the store, in a Dataset with the union default graph."""

    name = "rdflib-endpoint"
    query_path = "/"

    def __init__(self, store: str, *, dump_dir: str, **kwargs):
        super().__init__(store, **kwargs)
        self.dump = str(Path(dump_dir) / (Path(os.path.realpath(store)).name + ".nq"))

    def prepare(self) -> None:
        """Dump the store once (kept beside the logs, named after the store version)."""
        if not os.path.exists(self.dump):
            partial = self.dump + ".partial"
            ox.Store.read_only(self.store).dump(partial, format=ox.RdfFormat.N_QUADS)
            os.replace(partial, self.dump)

    def store_bytes(self) -> int:
        return du(self.dump)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "rdflib_endpoint", "serve", self.dump, "--host", "127.0.0.1",
                "--port", str(self.port)]
