"""Real SPARQL servers for the tests, started on loopback in fresh temporary directories.

`oxigraph_server` and `virtuoso_server` (one of each per session) yield base
URLs; `oxigraph_process` yields a server the test may stop and start again on
the same port. Each is killed afterwards.

Virtuoso 7 (`virtuoso-t`, Debian package virtuoso-opensource-7-bin) runs with
a generated minimal virtuoso.ini: its own ISQL and HTTP ports, DirsAllowed the
temporary directory, ResultSetMaxRows 10000 as Debian ships it, in the
foreground. Once it answers, ISQL grants SPARQL_UPDATE to the anonymous SPARQL
user and sets the default graph permissions of `nobody` to read, write and
sponge, so /sparql and /sparql-graph-crud accept writes without credentials;
/sparql-auth and /sparql-graph-crud-auth take dba/dba with digest
authentication.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

VIRTUOSO_GRANTS = ('GRANT SPARQL_UPDATE TO "SPARQL"; '
                   "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_parents(*, zombies: bool = True) -> dict[int, int]:
    """Each process's parent, from /proc (without the exited, unreaped ones unless `zombies`)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if zombies or fields[0] != "Z":
                parents[int(entry)] = int(fields[1])
    return parents


class Server:
    """A server process with its command, log and readiness probe."""

    def __init__(self, command: list[str], directory: Path, url: str, probe: str) -> None:
        self.command, self.directory, self.url, self.probe = command, directory, url, probe
        self.log = directory / "server.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120.0) -> None:
        """Start the process and wait until the probe URL answers 200."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=self.directory, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command[0]} exited with {self.process.returncode}:\n"
                                   + self.log.read_text(errors="replace")[-3000:])
            try:
                if httpx.get(self.probe, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.command[0]} not ready at {self.probe} after {timeout} s")

    def stop(self) -> None:
        """Terminate the process (kill it if it lingers) and wait for it."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class OxigraphServer(Server):
    """The Oxigraph server (the `oxigraph` CLI from PyPI) storing in its directory."""

    def __init__(self, directory: Path, *, union_default_graph: bool = True) -> None:
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
        if not binary:
            pytest.skip("the oxigraph CLI is missing: pip install -e '.[test]' installs it")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        (directory / "data").mkdir()
        # mskg's queries read the union of the named graphs as the default graph
        super().__init__([binary, "serve", "--location", str(directory / "data"), "--bind", f"127.0.0.1:{port}"]
                         + (["--union-default-graph"] if union_default_graph else []),
                         directory, url, f"{url}/query?query=ASK%7B%7D")


class MskgServer(Server):
    """`mskg serve ARGS…` on a free loopback port; `.url` is its base URL."""

    def __init__(self, directory: Path, *args: str) -> None:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        super().__init__([sys.executable, "-m", "mskg.cli", "serve", "--port", str(port), *args],
                         directory, url, f"{url}/sparql?query=ASK%7B%7D")


class VirtuosoServer(Server):
    """Virtuoso 7 with a minimal virtuoso.ini in its directory."""

    def __init__(self, directory: Path) -> None:
        binary = shutil.which("virtuoso-t")
        if not binary:
            pytest.skip("virtuoso-t is missing: apt-get install virtuoso-opensource-7-bin (.ci/run does as root)")
        self.isql_port, http_port = free_port(), free_port()
        (directory / "virtuoso.ini").write_text(f"""\
[Database]
DatabaseFile = {directory}/virtuoso.db
ErrorLogFile = {directory}/virtuoso.log
LockFile = {directory}/virtuoso.lck
TransactionFile = {directory}/virtuoso.trx
xa_persistent_file = {directory}/virtuoso.pxa

[TempDatabase]
DatabaseFile = {directory}/virtuoso-temp.db
TransactionFile = {directory}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{self.isql_port}
DirsAllowed = ., {directory}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {directory}

[SPARQL]
ResultSetMaxRows = 10000
""")
        url = f"http://127.0.0.1:{http_port}"
        super().__init__([binary, "+foreground", "+configfile", str(directory / "virtuoso.ini")],
                         directory, url, f"{url}/sparql?query=ASK%7B%7D")

    def grant_updates(self) -> None:
        """Let the anonymous SPARQL user write (see the module docstring)."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        done = subprocess.run([isql, f"127.0.0.1:{self.isql_port}", "dba", "dba", f"exec={VIRTUOSO_GRANTS}"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode or "Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql grants failed:\n{done.stdout}{done.stderr}")


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """An embedded store built once from the seed articles, for tests that only read it
    (a server on it holds its lock only while its module runs)."""
    from mskg import build, paths

    location = tmp_path_factory.mktemp("seed") / "store"
    build.build(paths.ARTICLES, str(location))
    return location


@pytest.fixture(scope="module")
def seed_handle(seed_store):
    """The seed store opened read-only for one test module (mskg.store.embedded.EmbeddedStore)."""
    from mskg.store.embedded import EmbeddedStore

    opened = EmbeddedStore(str(seed_store), read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """Base URL of an Oxigraph server shared by the session."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def oxigraph_process(tmp_path):
    """An Oxigraph server of this test alone, started; `.stop()` and `.start()` keep its port."""
    server = OxigraphServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """Base URL of a Virtuoso 7 server shared by the session, open to anonymous SPARQL writes."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    server.start()
    try:
        server.grant_updates()
        yield server.url
    finally:
        server.stop()
