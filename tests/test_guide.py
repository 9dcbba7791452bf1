"""The README's researcher's tour runs as written: every SPARQL query answers on the seeds, every
shell block runs, the class diagram is the one the ontology generates.

Shell blocks run in order with bash (`set -e`, `pipefail`) from the repository
root, against a store of their own (`MSKG_STORE`, built first with
`mskg build`); the only rewriting is of ports and `/tmp/mskg-…` paths, so that
a test run never collides with a server or store on this machine. A line
ending in `&` starts a server: the block waits until its port answers, and the
servers of a block are stopped when the block ends.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import free_port
from mskg import paths
from mskg.diagram import readme_block
from mskg.store.embedded import EmbeddedStore

README = paths.ROOT / "README.md"
TOUR = "## A researcher's tour"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)
PORTS = re.compile(r"127\.0\.0\.1:(\d+)|--port (\d+)")
LISTENS = re.compile(r"--bind 127\.0\.0\.1:(\d+)|--port (\d+)")


def tour() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(TOUR)
    end = text.find("\n## ", start + len(TOUR))
    return text[start:end if end > 0 else None]


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(tour()) if lang == language]


def test_the_tour_shows_queries_and_commands():
    assert len(blocks("sparql")) >= 6 and len(blocks("sh")) >= 4


def test_the_diagram_is_the_one_the_ontology_generates():
    assert readme_block() in README.read_text(encoding="utf-8"), "run `mskg docs --diagram` and paste it"


@pytest.mark.parametrize("query", blocks("sparql"), ids=lambda q: q.splitlines()[-1][:40])
def test_every_query_of_the_tour_answers_on_the_seeds(seed_store, query):
    store = EmbeddedStore(str(seed_store), read_only=True)
    try:
        rows = list(store.oxigraph.query(query, use_default_graph_as_union=True))
    finally:
        store.close()
    assert rows, "the query answers nothing on the seed articles"
    assert all(isinstance(row, ox.QuerySolution) for row in rows)


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server for port {port} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port} within {timeout} s")


def _run_block(block: str, env: dict[str, str], ports: dict[str, int], scratch: Path) -> None:
    """Run one shell block: its background lines as servers, the others one after another."""
    servers: list[subprocess.Popen] = []
    try:
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if not line:
                continue
            line = PORTS.sub(lambda m: m.group(0).replace(m.group(1) or m.group(2),
                                                          str(ports.setdefault(m.group(1) or m.group(2),
                                                                               free_port()))), line)
            line = line.replace("/tmp/mskg-", f"{scratch}/mskg-")
            if line.endswith("&"):
                process = subprocess.Popen(["bash", "-c", "exec " + line[:-1]], cwd=paths.ROOT, env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                           start_new_session=True)
                servers.append(process)
                port = LISTENS.search(line)
                _wait_for(int(port.group(1) or port.group(2)), process)
                continue
            done = subprocess.run(["bash", "-c", "set -eo pipefail; " + line], cwd=scratch, env=env,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    finally:
        for process in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def test_every_command_of_the_tour_runs(tmp_path):
    env = {**os.environ, "MSKG_STORE": str(tmp_path / "store"), "PYTHONUNBUFFERED": "1"}
    built = subprocess.run(["mskg", "build", "--quiet"], cwd=paths.ROOT, env=env, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stderr
    for link in ("tests", "data", "queries"):  # relative paths in the tour resolve from the scratch folder too
        (tmp_path / link).symlink_to(paths.ROOT / link)
    ports: dict[str, int] = {}
    for block in blocks("sh"):
        _run_block(block, env, ports, tmp_path)
    assert (tmp_path / "observations.csv").read_text(encoding="utf-8").startswith("observation,")
