"""Queries proven cheap in a worker are answered in the server's own process (mskg.web.inline).

Against a real `mskg serve`: the Server-Timing header says where each answer was evaluated, and the
answer must not depend on it. The bounds that make the in-process path safe (a timeout still answers
503, a slow request is sent back to the workers, busy threads are never queued on) are checked on
InProcess itself with real threads.
"""

import asyncio
import threading
import time

import httpx
import pytest
from conftest import MskgServer

from mskg.store.embedded import EmbeddedStore
from mskg.web import inline, limits

CHEAP = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label LIMIT 2"
JSON = "application/sparql-results+json"
TOKEN = "in-process-test"


def ask(server, text, accept=JSON, **params):
    return httpx.post(f"{server.url}/sparql", content=text, params=params, timeout=30,
                      headers={"Content-Type": "application/sparql-query", "Accept": accept})


def where(answer) -> str:
    """Where the server says it evaluated the answer (Server-Timing's desc)."""
    timing = dict(part.split("=", 1) for part in answer.headers["server-timing"].split(";")[1:])
    return timing["desc"]


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    # cheap enough, however loaded the machine; nothing answered from kept answers (mskg.web.result_cache)
    running = MskgServer(tmp_path_factory.mktemp("in-process"), "--store", str(seed_store), "--read-only",
                         "--max-rows", "3", "--in-process-below", "60000", "--result-cache", "0")
    running.start()
    yield running
    running.stop()


def test_a_request_answered_fast_in_a_worker_is_answered_in_process_next_time(server):
    first, second, third = (ask(server, CHEAP) for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 200]
    assert [where(first), where(second), where(third)] == ["worker", "in-process", "in-process"]
    assert first.content == second.content == third.content
    assert first.headers["content-type"] == second.headers["content-type"]


def test_the_row_cap_cuts_in_process_answers_as_in_a_worker(server):
    text = CHEAP.replace("LIMIT 2", "LIMIT 50")
    first, second = ask(server, text), ask(server, text)
    assert [where(first), where(second)] == ["worker", "in-process"]
    assert first.headers[limits.TRUNCATED_HEADER] == second.headers[limits.TRUNCATED_HEADER] == "max-rows=3"
    assert len(second.json()["results"]["bindings"]) == 3
    assert first.content == second.content


def test_another_format_or_dataset_is_another_request(server):
    text = CHEAP.replace("LIMIT 2", "LIMIT 1")
    assert where(ask(server, text)) == "worker"
    assert where(ask(server, text)) == "in-process"
    as_csv = ask(server, text, accept="text/csv")
    assert where(as_csv) == "worker" and as_csv.headers["content-type"].startswith("text/csv")
    assert where(ask(server, text, accept="text/csv")) == "in-process"
    graph = "http://mskg.example.org/graph/none"
    assert where(ask(server, text, **{"default-graph-uri": graph})) == "worker"


def test_nothing_is_answered_in_process_when_it_is_off_or_nothing_is_cheap_enough(seed_store, tmp_path):
    for options in (["--in-process-threads", "0"], ["--in-process-below", "0"]):
        directory = tmp_path / options[0].strip("-")
        directory.mkdir()
        running = MskgServer(directory, "--store", str(seed_store), "--read-only", "--result-cache", "0", *options)
        running.start()
        try:
            assert [where(ask(running, CHEAP)) for _ in range(3)] == ["worker"] * 3
        finally:
            running.stop()


def test_a_write_forgets_what_was_learnt(tmp_path):
    store = tmp_path / "store"
    EmbeddedStore(store).close()
    running = MskgServer(tmp_path, "--store", str(store), "--enable-update", "--update-token", TOKEN,
                         "--in-process-below", "60000", "--result-cache", "0")
    running.start()
    try:
        text = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
        assert [where(ask(running, text)) for _ in range(2)] == ["worker", "in-process"]
        update = httpx.post(f"{running.url}/sparql", content="INSERT DATA { <http://example.org/s> "
                            "<http://example.org/p> 1 }", timeout=30,
                            headers={"Content-Type": "application/sparql-update",
                                     "Authorization": f"Bearer {TOKEN}"})
        assert update.status_code == 204
        after = ask(running, text)
        assert where(after) == "worker"
        assert after.json()["results"]["bindings"][0]["n"]["value"] == "1"  # not the learnt run's 0
        again = ask(running, text)
        assert where(again) == "in-process" and again.content == after.content
    finally:
        running.stop()


KEY = ("ASK {}", (), (), JSON, "http://localhost/sparql", None)


def test_a_timeout_in_process_answers_as_in_a_worker_and_sends_the_request_back_to_the_workers():
    in_process = inline.InProcess(threads=1, cheap=0.01)
    in_process.learn(KEY, 0.001, 10, 0)
    release = threading.Event()

    async def never_gone():
        return False

    async def scenario():
        assert in_process.knows(KEY)
        with pytest.raises(limits.QueryTimeout):
            await in_process.run(KEY, lambda: release.wait(10) and ("ok", None), 0.2, never_gone)
        assert not in_process.knows(KEY)  # forgotten
        in_process.learn(KEY, 0.001, 10, 0)
        assert in_process.running == 1 and not in_process.knows(KEY)  # its thread is still taken
        release.set()
        for _ in range(100):
            if in_process.running == 0:
                break
            await asyncio.sleep(0.01)
        assert in_process.knows(KEY)
        reply, seconds = await in_process.run(KEY, lambda: ("ok", "answer"), 5, never_gone)
        assert reply == ("ok", "answer") and seconds < 5

    try:
        asyncio.run(scenario())
    finally:
        release.set()
        in_process.close()


def test_a_request_slower_in_process_than_allowed_goes_back_to_the_workers():
    in_process = inline.InProcess(threads=2, cheap=0.001)
    in_process.learn(KEY, 0.0005, 10, 0)

    async def never_gone():
        return False

    async def scenario():
        await in_process.run(KEY, lambda: time.sleep(inline.SLOWER * 0.001 + 0.01) or ("ok", None), 5, never_gone)

    try:
        asyncio.run(scenario())
        assert not in_process.knows(KEY)
    finally:
        in_process.close()


@pytest.mark.parametrize("seconds, size, memory", [
    (0.02, 10, 0),                          # slower than cheap
    (0.001, inline.SMALL_ANSWER + 1, 0),    # a large answer
    (0.001, 10, inline.SMALL_MEMORY + 1),   # a worker that grew a lot
])
def test_only_cheap_small_lean_runs_are_learnt(seconds, size, memory):
    in_process = inline.InProcess(threads=1, cheap=0.01)
    try:
        in_process.learn(KEY, seconds, size, memory)
        assert not in_process.knows(KEY)
        in_process.learn(KEY, 0.001, 10, 0)
        assert in_process.knows(KEY)
        assert not in_process.knows(None) and inline.request_key("x" * (inline.MAX_TEXT + 1), [], [], None, "", None) is None
    finally:
        in_process.close()
