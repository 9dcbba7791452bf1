"""The embedded store: an Oxigraph directory on disk (pyoxigraph).

A store location is a symbolic link to one complete, immutable-once-built
version directory beside it (`store` -> `store.versions/<id>`). A build
writes a new version to the side and then repoints the link with one atomic
rename, so a build that fails or is killed (kill -9 included) leaves the
previous store exactly as it was. Every version is a plain Oxigraph
directory: `oxigraph serve-read-only --location store` opens it too.
Incremental changes (ingest, remove) go into the current version in single
SPARQL Update transactions, which Oxigraph applies all or nothing.
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph

from mskg.store.base import Store, StoreError


def _term(term) -> str | None:
    if term is None:
        return None
    return term.value


class EmbeddedStore(Store):
    """An Oxigraph store on disk, opened read-write (or read-only)."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        recover(self.path)
        try:
            if read_only:
                self._store = pyoxigraph.Store.read_only(str(self.path))
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    _new_version_link(self.path)
                self._store = pyoxigraph.Store(str(self.path))
        except OSError as error:
            raise StoreError(f"cannot open the store at {self.path}: {error}") from error

    @property
    def oxigraph(self) -> pyoxigraph.Store:
        """The underlying pyoxigraph store."""
        return self._store

    def select(self, query: str) -> list[dict[str, str | None]]:
        results = self._store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        return [{name: _term(row[name]) for name in names} for row in results]

    def ask(self, query: str) -> bool:
        return bool(self._store.query(query, use_default_graph_as_union=True))

    def construct(self, query: str) -> bytes:
        triples = self._store.query(query, use_default_graph_as_union=True)
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""

    def update(self, update: str) -> None:
        self._store.update(update)

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        name = pyoxigraph.NamedNode(graph)
        self.update(f"DROP SILENT GRAPH <{graph}>")
        self._store.load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=name)

    def delete_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def dump(self) -> bytes:
        return self._store.dump(format=pyoxigraph.RdfFormat.N_QUADS) or b""

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def bulk_load(self, nquads: bytes) -> None:
        """Load N-Quads fast (for a build into a new version; not transactional)."""
        self._store.bulk_load(nquads, format=pyoxigraph.RdfFormat.N_QUADS)

    @contextmanager
    def bulk_loading(self):
        """A BulkLoad into this store: N-Quads written to it are parsed while the
        writer goes on, leniently (their IRIs are not checked again: meant for what
        mskg writes itself); leaving the block waits for the load to finish. If the
        block raises, the load is abandoned: what it wrote is in the store, which
        is meant for a build's new version, deleted on failure."""
        load = BulkLoad(self._store, self.path.resolve() / f"mskg-load-{os.getpid()}-{threading.get_ident()}.fifo")
        try:
            yield load
        except BaseException:
            load.abandon()
            raise
        load.wait()

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store


class BulkLoad:
    """One pyoxigraph bulk load fed in pieces: its thread reads a FIFO, which
    `write` fills (a pipe rather than a Python reader, so the parsing never takes
    the GIL). Oxigraph's bulk loader sorts and writes everything once the input
    ends: one load of the whole build, nothing left for `optimize` to compact.
    The FIFO lives in the store's directory (RocksDB leaves files it does not
    know alone), so that a build killed meanwhile leaves it in the version
    that recover() deletes."""

    def __init__(self, store: pyoxigraph.Store, fifo: Path):
        self._fifo = fifo
        os.mkfifo(fifo)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, args=(store, fifo), name="mskg-bulk-load", daemon=True)
        self._thread.start()
        self._fd: int | None = self._open(fifo)

    def _open(self, fifo: Path) -> int:
        """The FIFO's writing end, once the loader has opened its reading end (a
        blocking open would wait for ever if the loader failed before that)."""
        while True:
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                if not self._thread.is_alive():
                    self.wait()  # raises the loader's error
                    raise StoreError("bulk load ended before reading anything") from error
                time.sleep(0.001)
                continue
            os.set_blocking(fd, True)
            return fd

    def _load(self, store: pyoxigraph.Store, fifo: Path) -> None:
        try:
            # lenient: no IRI checks (~7% of the load's CPU). What a build writes comes from
            # pyoxigraph terms, whose IRIs were checked when they were made.
            store.bulk_load(path=fifo, format=pyoxigraph.RdfFormat.N_QUADS, lenient=True)
        except BaseException as error:  # noqa: BLE001 - reported by wait()
            self._error = error

    def write(self, nquads: bytes) -> None:
        """Add N-Quads (whole lines) to the load."""
        view = memoryview(nquads)
        try:
            while view:
                view = view[os.write(self._fd, view):]
        except BrokenPipeError:
            self.wait()  # raises the loader's error
            raise

    def end(self) -> None:
        """Say that nothing more comes: the load finishes in its thread."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def wait(self) -> None:
        """End the input and wait for the load. Raise what stopped it: an OSError
        as it is (a full disk, say), anything else as a StoreError."""
        self.end()
        self._thread.join()
        self._fifo.unlink(missing_ok=True)
        if isinstance(self._error, OSError):
            raise self._error
        if self._error is not None:
            raise StoreError(f"bulk load failed: {self._error}") from self._error

    def abandon(self) -> None:
        """Stop the load soon (a line that does not parse ends it), and wait for it."""
        if self._fd is not None:
            try:
                os.write(self._fd, b"\n<abandoned\n")
            except OSError:
                pass
        try:
            self.wait()
        except (OSError, StoreError):
            pass


def _versions(path: Path) -> Path:
    return path.with_name(path.name + ".versions")


def _new_version(path: Path) -> Path:
    version = _versions(path) / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
    version.mkdir(parents=True)
    return version


def _point(path: Path, version: Path) -> None:
    """Repoint the store link at `version` with one atomic rename."""
    link = path.with_name(f".{path.name}.link-{os.getpid()}")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(version, path.parent))
    os.replace(link, path)


def _new_version_link(path: Path) -> None:
    _point(path, _new_version(path))


KEEP_PREVIOUS = 1


def recover(path: Path) -> None:
    """Refuse a store location that is not ours; drop the leftovers of builds
    that failed or were killed, and versions older than the current one and
    the one before it (a server may still be reading that one)."""
    if path.exists() and not path.is_symlink():
        if any(path.iterdir()):
            raise StoreError(f"{path} is a directory, not an mskg store link; move it away or pick another path")
        path.rmdir()
    versions = _versions(path)
    if not versions.is_dir():
        return
    current = path.resolve() if path.is_symlink() else None
    others = [v for v in versions.iterdir() if v.resolve() != current]
    older = sorted((v for v in others if current and v.name < current.name), key=lambda v: v.name)
    kept = set(older[-KEEP_PREVIOUS:])
    for version in others:
        if version not in kept and not _in_use(version):
            shutil.rmtree(version, ignore_errors=True)


def _in_use(version: Path) -> bool:
    """A version a running build of this machine is still writing (its pid is alive)."""
    try:
        pid = int(version.name.split("-")[1])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def build_to_side(path: str | Path):
    """Yield a fresh EmbeddedStore in a new version; on success make it current.

    If the body raises, the new version is deleted and `path` still points at
    the previous version, untouched."""
    path = Path(path)
    recover(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    version = _new_version(path)
    store = None
    try:
        store = pyoxigraph.Store(str(version))
        side = EmbeddedStore.__new__(EmbeddedStore)
        side.path, side.read_only, side._store = version, False, store
        yield side
        store.flush()
        store.optimize()
        del side._store
        store = None
        _point(path, version)
    except BaseException:
        store = None
        shutil.rmtree(version, ignore_errors=True)
        raise
    recover(path)
