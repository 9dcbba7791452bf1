"""`mskg serve --read-only`: the store is opened through a read-only handle (no lock, nothing
written), queries answer as usual, and updates cannot be enabled with it."""

import subprocess
import sys

import httpx
from conftest import MskgServer


def test_read_only_store_answers_queries_and_leaves_the_store_unlocked(seed_store, tmp_path):
    server = MskgServer(tmp_path, "--store", str(seed_store), "--read-only")
    server.start()
    try:
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?o a <https://w3id.org/mskg/ontology#Observation> }"
        answer = httpx.get(f"{server.url}/sparql", params={"query": count},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200, answer.text
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) > 0
        assert not (seed_store.resolve() / "LOCK").exists() or _unlocked(seed_store.resolve() / "LOCK")
    finally:
        server.stop()


def _unlocked(lock) -> bool:
    """Whether no process holds RocksDB's lock file (fcntl lock)."""
    import fcntl

    with open(lock, "r+") as f:
        try:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        fcntl.lockf(f, fcntl.LOCK_UN)
        return True


def test_read_only_store_refuses_updates(seed_store):
    run = subprocess.run([sys.executable, "-m", "mskg.cli", "serve", "--store", str(seed_store), "--read-only",
                          "--enable-update", "--update-token", "t"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "--enable-update and --read-only exclude each other" in run.stderr
