"""Bounded queries on `mskg serve`: timeout (503), row cap, cancellation, and the server keeps answering.

Real `mskg serve` processes over the seed store; the runaway query is a
cross product of the whole store, which pyoxigraph would evaluate for hours.
"""

from __future__ import annotations

import os
import socket
import statistics
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest
from conftest import MskgServer, process_parents


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LOOKUP = "ASK { ?s a ?type }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def store(seed_store):
    return seed_store


@pytest.fixture(scope="module")
def server(store, tmp_path_factory):
    server = MskgServer(tmp_path_factory.mktemp("server"), "--store", str(store), "--timeout", "2",
                        "--max-rows", "10")
    server.start(timeout=60)
    yield server
    server.stop()


def endpoint(server):
    return f"{server.url}/sparql"


def descendants(pid: int) -> set[int]:
    parents = process_parents()
    found, todo = set(), [pid]
    while todo:
        current = todo.pop()
        children = {child for child, parent in parents.items() if parent == current}
        found |= children
        todo += children
    return found


def cpu_ticks(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total


def assert_no_core_busy(server):
    """Over half a second, the server and its workers together use well under a core."""
    pids = descendants(server.process.pid) | {server.process.pid}
    before = cpu_ticks(pids)
    time.sleep(1.0)
    used = (cpu_ticks(pids) - before) / os.sysconf("SC_CLK_TCK")
    assert used < 0.3, f"{used:.2f} s of CPU in 1 s: something still runs"


def test_a_runaway_query_is_stopped_with_503(server):
    started = time.monotonic()
    response = httpx.post(endpoint(server), data={"query": RUNAWAY}, headers=JSON, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 503, response.text
    assert "--timeout" in response.text and "2 s" in response.text
    assert elapsed < 4, elapsed
    time.sleep(0.5)  # the killed worker is replaced
    assert_no_core_busy(server)


def test_point_lookups_answer_fast_during_a_runaway_query(server):
    """Another client's runaway query (from 127.0.0.2: admission keeps one worker free for others)."""
    def runaway():
        with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=30) as other:
            other.post(endpoint(server), data={"query": RUNAWAY}, headers=JSON)

    background = threading.Thread(target=runaway)
    background.start()
    time.sleep(0.3)
    timings = []
    with httpx.Client(timeout=10) as client:
        for _ in range(7):
            started = time.monotonic()
            response = client.get(endpoint(server), params={"query": LOOKUP}, headers=JSON)
            timings.append(time.monotonic() - started)
            assert response.status_code == 200 and response.json()["boolean"] is True
    background.join()
    assert statistics.median(timings) < 0.1, timings


def test_max_rows_truncates_with_a_header(server):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = httpx.post(endpoint(server), data={"query": query}, headers=JSON, timeout=30)
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 10
    assert response.headers["X-MSKG-Truncated"] == "max-rows=10"
    small = httpx.post(endpoint(server), data={"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"},
                       headers={"Accept": "text/csv"}, timeout=30)
    assert small.status_code == 200 and "X-MSKG-Truncated" not in small.headers
    assert len(small.text.strip().splitlines()) == 4
    construct = httpx.post(endpoint(server), data={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                           headers={"Accept": "application/n-triples"}, timeout=30)
    assert len(construct.text.strip().splitlines()) == 10 and "X-MSKG-Truncated" in construct.headers


def test_a_client_that_goes_away_cancels_its_query(server, tmp_path):
    host, port = server.url.removeprefix("http://").split(":")
    body = urlencode({"query": RUNAWAY})
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall((f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded"
                      f"\r\nContent-Length: {len(body)}\r\n\r\n{body}").encode())
        time.sleep(0.5)
    # well before the 2 s timeout, the work has stopped
    time.sleep(0.5)
    pids = descendants(server.process.pid) | {server.process.pid}
    before = cpu_ticks(pids)
    time.sleep(0.5)
    used = (cpu_ticks(pids) - before) / os.sysconf("SC_CLK_TCK")
    assert used < 0.25, f"{used:.2f} s of CPU in 0.5 s after the client left"
    response = httpx.get(endpoint(server), params={"query": LOOKUP}, headers=JSON, timeout=10)
    assert response.status_code == 200
