"""Faults: kill -9 during ingest and remove, the external store going away, a full disk during a build,
the query pool's temporary copy.

Each kill test runs `mskg ingest` / `mskg remove` as a real process, kills
its process group at a random moment and compares the whole store (its
N-Quads dump) with the two states it may be in: before and after. The number
of kills per test is MSKG_FAULT_KILLS (default 2, for CI; docs/reliability.md
reports a larger run).
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time

import httpx
import pytest
from conftest import MskgServer

from mskg import build, paths
from mskg.store.embedded import EmbeddedStore

KILLS = int(os.environ.get("MSKG_FAULT_KILLS", "2"))
EDITED = "002_c9138dbe0e8afbdc.txt"
REMOVED = "004_17668c373b294491.txt"
EDITED_META = ["--published", "2024-01", "--region", "654300", "--publisher", "石榴云/新疆日报"]
REMOVED_META = ["--published", "2024-11-24", "--region", "650000", "--title", "为群众幸福“加码” 为百姓生活“加温”",
                "--publisher", "天山网"]


def dump(location) -> set[bytes]:
    """The store's quads; opening it at all is part of the check."""
    store = EmbeddedStore(location, read_only=True)
    try:
        return set(store.dump().splitlines())
    finally:
        store.close()


def mskg(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mskg.cli", *args], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def completed(*args: str) -> float:
    """Run an mskg command to its end; its duration."""
    started = time.monotonic()
    assert mskg(*args).wait() == 0, args
    return time.monotonic() - started


def kill_at_random(args: list[str], duration: float, rng: random.Random) -> None:
    """Start the command and SIGKILL its process group somewhere in its run (mostly its second half,
    where it writes)."""
    process = mskg(*args)
    time.sleep(rng.uniform(0.3, 1.1) * duration)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def restore(location, name: str) -> None:
    """Ingest a seed article again, in this process (what `mskg ingest` does, without its start-up)."""
    row = {"published": "2024-01", "region": "654300", "publisher": "石榴云/新疆日报"} if name == EDITED else \
        {"published": "2024-11-24", "region": "650000", "title": "为群众幸福“加码” 为百姓生活“加温”", "publisher": "天山网"}
    store = EmbeddedStore(location)
    try:
        build.ingest(build.read_one(paths.ARTICLES / name, **row), store)
    finally:
        store.close()


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """A store built from the seeds (state `original`), and the states an ingest of an edited article
    (`edited`) and a remove (`removed`) lead to; with the edited article's file and how long the two
    commands take."""
    directory = tmp_path_factory.mktemp("faults")
    location = directory / "store"
    build.build(paths.ARTICLES, str(location))
    original = dump(location)
    edited_file = directory / EDITED
    edited_file.write_text((paths.ARTICLES / EDITED).read_text(encoding="utf-8").replace("7386人", "7390人"),
                           encoding="utf-8")
    ingest_time = completed("ingest", str(edited_file), "--store", str(location), *EDITED_META)
    edited = dump(location)
    restore(location, EDITED)
    assert dump(location) == original, "ingesting the original again restores the store"
    remove_time = completed("remove", REMOVED, "--store", str(location))
    removed = dump(location)
    restore(location, REMOVED)
    assert dump(location) == original
    assert len({frozenset(original), frozenset(edited), frozenset(removed)}) == 3
    return {"location": location, "original": original, "edited": edited, "removed": removed,
            "edited_file": edited_file, "ingest_time": ingest_time, "remove_time": remove_time}


def test_kill_9_during_ingest_leaves_the_old_or_the_new_store(states):
    location, rng = states["location"], random.Random(11)
    outcomes = []
    for attempt in range(KILLS):
        kill_at_random(["ingest", str(states["edited_file"]), "--store", str(location), *EDITED_META],
                       states["ingest_time"], rng)
        state = dump(location)
        assert state in (states["original"], states["edited"]), f"kill {attempt}: a mixed store"
        outcomes.append("new" if state == states["edited"] else "old")
        if state == states["edited"]:
            restore(location, EDITED)
            assert dump(location) == states["original"]
    print(f"ingest killed {KILLS} times: {outcomes}")


def test_kill_9_during_remove_leaves_the_old_or_the_new_store(states):
    location, rng = states["location"], random.Random(12)
    outcomes = []
    for attempt in range(KILLS):
        kill_at_random(["remove", REMOVED, "--store", str(location)], states["remove_time"], rng)
        state = dump(location)
        assert state in (states["original"], states["removed"]), f"kill {attempt}: a mixed store"
        outcomes.append("new" if state == states["removed"] else "old")
        if state == states["removed"]:
            restore(location, REMOVED)
            assert dump(location) == states["original"]
    print(f"remove killed {KILLS} times: {outcomes}")


def one_article(directory, name: str, published: str, region: str):
    directory.mkdir()
    shutil.copy(paths.ARTICLES / name, directory)
    (directory / "manifest.csv").write_text(f"file,title,publisher,published,url,region\n"
                                            f"{name},,,{published},,{region}\n", encoding="utf-8")
    return directory


def test_a_full_disk_during_a_build_is_a_clear_error_and_the_store_stays(tmp_path):
    """A build whose files may not grow past 256 kB (RLIMIT_FSIZE, as a full disk would stop it): a clear
    error, and the previous store opens with exactly its old content."""
    location = tmp_path / "store"
    build.build(one_article(tmp_path / "old", "003_3b53e99e30383e09.txt", "2020", "650200"), str(location))
    before = dump(location)
    new = one_article(tmp_path / "new", REMOVED, "2024-11-24", "650000")

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (256_000, 256_000))

    done = subprocess.run([sys.executable, "-m", "mskg.cli", "build", str(new), "--store", str(location),
                           "--quiet"], preexec_fn=small_files, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "File too large" in done.stderr and "was not changed" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert dump(location) == before
    assert [v.name for v in (tmp_path / "store.versions").iterdir()] == [location.resolve().name]


def test_the_external_store_going_away_is_a_clear_502_and_the_server_recovers(oxigraph_process, tmp_path):
    server = MskgServer(tmp_path, "--store", oxigraph_process.url, "--timeout", "5")
    server.start(timeout=60)
    query = {"query": "ASK { }"}
    json = {"Accept": "application/sparql-results+json"}
    try:
        assert httpx.get(f"{server.url}/sparql", params=query, headers=json, timeout=10).json()["boolean"]
        oxigraph_process.stop()
        for _ in range(3):
            started = time.monotonic()
            response = httpx.get(f"{server.url}/sparql", params=query, headers=json, timeout=30)
            assert response.status_code == 502 and "cannot be reached" in response.text, response.text
            assert time.monotonic() - started < 5
        assert server.process.poll() is None
        oxigraph_process.start()
        response = httpx.get(f"{server.url}/sparql", params=query, headers=json, timeout=10)
        assert response.status_code == 200 and response.json()["boolean"] is True
    finally:
        server.stop()


def test_the_query_pools_copy_of_a_loaded_store_is_removed_when_it_stops(seed_store, tmp_path, monkeypatch):
    extra = tmp_path / "extra.ttl"
    extra.write_text("<https://example.org/s> <https://example.org/p> 1 .\n", encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))  # the server's temporary files go here
    server = MskgServer(tmp_path, "--store", str(seed_store), "--load", str(extra))
    server.start(timeout=120)
    try:
        (copy,) = temporary.glob("mskg-pool-*")
        assert [p.suffix for p in copy.iterdir()] == [".nq"]
    finally:
        server.stop()
    assert not list(temporary.glob("mskg-pool-*"))
