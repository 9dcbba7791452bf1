"""Admission control on a real `mskg serve`: fairness between clients, a bounded queue, size limits, slow clients.

Distinct clients are distinct source addresses: Linux routes all of
127.0.0.0/8 to loopback, so an httpx client bound to 127.0.0.2 is another
client to the server than one on 127.0.0.1. The runaway query is a cross
product of the seed store, which pyoxigraph would evaluate for hours.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time

import httpx
import pytest
from conftest import MskgServer

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LOOKUP = "ASK { ?s a ?type }"
JSON = {"Accept": "application/sparql-results+json"}


def client_at(address: str, timeout: float = 30) -> httpx.Client:
    """An HTTP client whose connections come from this loopback address."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=timeout)


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    server = MskgServer(tmp_path_factory.mktemp("admission"), "--store", str(seed_store), "--read-only",
                        "--workers", "2", "--timeout", "2", "--client-budget", "3", "--queue-wait", "3",
                        "--max-body", "20000", "--read-timeout", "2")
    server.start(timeout=60)
    yield server
    server.stop()


def address(server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").split(":")
    return host, int(port)


def test_a_client_running_heavy_queries_in_a_loop_gets_429_and_others_keep_answering_fast(server):
    """Client A sends runaway queries from two threads at once, in a loop: it only ever holds one of the
    two workers, and after its 3 s budget it is refused with 429 and Retry-After. Client B's point
    lookups meanwhile stay fast."""
    statuses: list[int] = []
    retry_after: list[str] = []
    stop = threading.Event()

    def heavy():
        with client_at("127.0.0.2") as a:
            while not stop.is_set():
                response = a.post(f"{server.url}/sparql", data={"query": RUNAWAY}, headers=JSON)
                statuses.append(response.status_code)
                if response.status_code == 429:
                    retry_after.append(response.headers.get("retry-after"))
                    stop.wait(0.2)

    threads = [threading.Thread(target=heavy) for _ in range(2)]
    for thread in threads:
        thread.start()
    timings = []
    try:
        time.sleep(0.3)
        with client_at("127.0.0.3") as b:
            deadline = time.monotonic() + 6
            while time.monotonic() < deadline:
                started = time.monotonic()
                response = b.get(f"{server.url}/sparql", params={"query": LOOKUP}, headers=JSON)
                timings.append(time.monotonic() - started)
                assert response.status_code == 200 and response.json()["boolean"] is True
                time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert 503 in statuses, "A's runaway queries were stopped at the timeout"
    assert 429 in statuses and all(value and int(value) >= 1 for value in retry_after), statuses
    assert max(timings) < 1.5 and statistics.median(timings) < 0.2, timings


def runaways_at_once(server, addresses: list[str]) -> list[tuple[int, float, str | None]]:
    """(status, seconds, Retry-After) of one runaway query from each address, all sent at once."""
    results = []

    def one(address: str):
        with client_at(address) as client:
            started = time.monotonic()
            response = client.post(f"{server.url}/sparql", data={"query": RUNAWAY}, headers=JSON)
            results.append((response.status_code, time.monotonic() - started, response.headers.get("retry-after")))

    threads = [threading.Thread(target=one, args=(address,)) for address in addresses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_a_full_queue_answers_503_with_retry_after_at_once(server):
    """Many distinct clients sending runaway queries at once: two run, the next wait at most the
    3 s queue bound, and those that would wait longer are refused at once; nothing hangs."""
    warm_up = runaways_at_once(server, [f"127.0.1.{n}" for n in range(1, 5)])  # the gate learns they take 2 s
    assert [status for status, _, _ in warm_up] == [503] * 4
    results = runaways_at_once(server, [f"127.0.1.{n}" for n in range(10, 22)])
    statuses = [status for status, _, _ in results]
    assert set(statuses) == {503}, statuses  # the admitted ones time out, the others are shed
    shed = [(elapsed, retry) for status, elapsed, retry in results if retry is not None]
    assert shed and all(int(retry) >= 1 for _, retry in shed)
    assert sum(elapsed < 0.5 for elapsed, _ in shed) >= 4, "some were refused at once, without waiting"
    assert max(elapsed for _, elapsed, _ in results) < 3 + 2 + 2, results
    assert answers_again(server, "127.0.0.4")


def answers_again(server, address: str, within: float = 15) -> bool:
    """Whether a point lookup is answered 200 within some seconds (killed workers are being replaced)."""
    deadline = time.monotonic() + within
    with client_at(address) as client:
        while time.monotonic() < deadline:
            if client.get(f"{server.url}/sparql", params={"query": LOOKUP}, headers=JSON).status_code == 200:
                return True
            time.sleep(0.5)
    return False


def test_bodies_and_query_strings_have_size_limits(server):
    with client_at("127.0.0.5") as client:
        big = client.post(f"{server.url}/sparql", content=b"ASK {}" + b" " * 30000,
                          headers={"Content-Type": "application/sparql-query"})
        assert big.status_code == 413 and "20,000 bytes" in big.text
        assert client.get(f"{server.url}/sparql", params={"query": "ASK {}" + " " * 20000}).status_code == 200
        long_url = client.get(f"{server.url}/sparql", params={"query": "ASK {}" + " " * 40000})
        assert long_url.status_code == 414 and "POST" in long_url.text
        assert client.get(f"{server.url}/sparql", params={"query": LOOKUP}, headers=JSON).status_code == 200


def test_a_chunked_body_past_the_limit_is_cut_off(server):
    def chunks():
        for _ in range(100):
            yield b"#" * 1000

    with client_at("127.0.0.5") as client:
        response = client.post(f"{server.url}/sparql", content=chunks(),
                               headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413


def test_slow_clients_hold_no_worker_and_are_cut_off(server):
    """Slowloris: connections that trickle their request head, or their body, a byte at a time; the server
    answers others at once meanwhile, and closes the slow ones after the 2 s read timeout."""
    host, port = address(server)
    head = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode()
    body_head = (f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/sparql-query\r\n"
                 f"Content-Length: 100\r\n\r\nASK").encode()
    slow = []
    for n in range(12):
        sock = socket.create_connection((host, port), source_address=(f"127.0.2.{n + 1}", 0))
        sock.sendall(head if n % 2 else body_head)
        slow.append(sock)
    started = time.monotonic()
    closed_at: dict[int, float] = {}
    timings = []
    with client_at("127.0.0.6") as client:
        while time.monotonic() - started < 4.5 and len(closed_at) < len(slow):
            for n, sock in enumerate(slow):
                if n in closed_at:
                    continue
                try:
                    sock.sendall(b"x")
                    sock.settimeout(0.01)
                    if sock.recv(4096) == b"":
                        closed_at[n] = time.monotonic() - started
                except socket.timeout:
                    pass
                except OSError:
                    closed_at[n] = time.monotonic() - started
            t = time.monotonic()
            response = client.get(f"{server.url}/sparql", params={"query": LOOKUP}, headers=JSON)
            timings.append(time.monotonic() - t)
            assert response.status_code == 200
            time.sleep(0.2)
    for sock in slow:
        sock.close()
    assert len(closed_at) == len(slow), f"still open after 4.5 s: {set(range(len(slow))) - set(closed_at)}"
    assert all(1.5 < when < 4.5 for when in closed_at.values()), closed_at
    assert max(timings) < 0.5, timings


def test_an_idle_connection_that_never_sends_is_closed(server):
    with socket.create_connection(address(server)) as sock:
        sock.settimeout(6)
        started = time.monotonic()
        assert sock.recv(100) == b""
        assert 1.5 < time.monotonic() - started < 5


def test_a_trusted_proxy_names_the_client(seed_store, tmp_path):
    """Behind a proxy every request comes from its address: with --trusted-proxy the budget is kept
    per X-Forwarded-For client; from an untrusted peer the header is ignored."""
    server = MskgServer(tmp_path, "--store", str(seed_store), "--read-only", "--timeout", "1",
                        "--client-budget", "0.5", "--trusted-proxy", "127.0.0.1")
    server.start(timeout=60)
    try:
        with httpx.Client(timeout=30) as proxy:
            first = proxy.post(f"{server.url}/sparql", data={"query": RUNAWAY},
                               headers={**JSON, "X-Forwarded-For": "203.0.113.7"})
            assert first.status_code == 503
            again = proxy.get(f"{server.url}/sparql", params={"query": LOOKUP},
                              headers={**JSON, "X-Forwarded-For": "203.0.113.7"})
            assert again.status_code == 429 and int(again.headers["retry-after"]) >= 1
            other = proxy.get(f"{server.url}/sparql", params={"query": LOOKUP},
                              headers={**JSON, "X-Forwarded-For": "203.0.113.8"})
            assert other.status_code == 200
        with client_at("127.0.0.9") as untrusted:
            spoofed = untrusted.get(f"{server.url}/sparql", params={"query": LOOKUP},
                                    headers={**JSON, "X-Forwarded-For": "203.0.113.7"})
            assert spoofed.status_code == 200, "an untrusted peer cannot pose as another client"
    finally:
        server.stop()


def test_pages_and_the_api_do_not_queue_behind_the_query_workers(server):
    """Runaway SPARQL queries from several clients fill every worker; a page and an API search from
    another client still answer at once (they read in the server's own process, through their own gate)."""
    paths = ("/id/region/654300", "/api/search?q=aletai")
    with client_at("127.0.2.9") as client:  # first requests read names and build the search index
        assert all(client.get(f"{server.url}{path}").status_code == 200 for path in paths)
    busy = threading.Thread(target=runaways_at_once, args=(server, [f"127.0.2.{n}" for n in range(1, 4)]))
    busy.start()
    try:
        time.sleep(0.5)
        with client_at("127.0.2.9") as client:
            for path in paths:
                started = time.monotonic()
                assert client.get(f"{server.url}{path}").status_code == 200
                assert time.monotonic() - started < 1.5, path
    finally:
        busy.join()


def test_the_budget_counts_what_is_in_the_window():
    """Charges enter and leave the sliding window; a query still running in a worker keeps counting."""
    from mskg.web.admission import Budget, Charge

    budget = Budget(50.0, 60.0)
    for ended in (0.0, 10.0, 20.0):
        budget.charge("a", Charge(ended, 20.0, []))
    assert budget.retry_after("a", 25.0) == pytest.approx(35.0)  # 60 s used: wait until the first leaves
    assert budget.retry_after("a", 61.0) is None  # 40 s left in the window
    assert budget.retry_after("b", 61.0) is None
    running = [[time.monotonic() - 5.0, None]]  # a worker span still open: 5 s so far, growing
    budget.charge("a", Charge(62.0, 0.1, running))
    assert budget.retry_after("a", 62.0) is None  # 45 s
    running[0][0] -= 10.0  # the same query, now 15 s in the worker
    assert budget.retry_after("a", 62.0) == pytest.approx(10.0 + 60.0 - 62.0)
    assert budget.retry_after("a", 81.0) is None  # those ended at 10 and 20 have left: 15 s
