"""The query worker pool under more concurrent requests than workers: requests wait on the event
loop for a free worker, and answers large enough to be read from the pipe in a thread (over 1 MiB)
still all arrive (they once deadlocked: threads waiting for a worker starved the reads of the
workers' answers, until the timeout answered 503)."""

from concurrent.futures import ThreadPoolExecutor

import httpx
from conftest import MskgServer

BIG = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20000"


def test_eight_concurrent_large_answers_on_two_workers(seed_store, tmp_path):
    server = MskgServer(tmp_path, "--store", str(seed_store), "--read-only", "--timeout", "20")
    server.start()
    try:
        def ask(_):
            return httpx.post(f"{server.url}/sparql", content=BIG, timeout=60,
                              headers={"Content-Type": "application/sparql-query",
                                       "Accept": "application/sparql-results+json"})

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, range(8)))
        assert [a.status_code for a in answers] == [200] * 8, [a.text[:200] for a in answers]
        assert all(len(a.content) > 1 << 20 for a in answers)  # each went through the large-answer path
        assert len({len(a.json()["results"]["bindings"]) for a in answers}) == 1
    finally:
        server.stop()
