"""EmbeddedStore.bulk_loading: a bulk load fed in pieces while the writer goes on (build streams into it)."""

import threading
import time

import pyoxigraph
import pytest

from mskg.graph.reference import reference_nquads
from mskg.store.base import StoreError
from mskg.store.embedded import EmbeddedStore, build_to_side


def quads(location) -> set:
    store = pyoxigraph.Store.read_only(str(location))
    return set(store)


def pieces(data: bytes, size: int) -> list[bytes]:
    """Whole lines, about `size` bytes a piece."""
    lines, out, piece = data.splitlines(keepends=True), [], b""
    for line in lines:
        piece += line
        if len(piece) >= size:
            out.append(piece)
            piece = b""
    return out + [piece] if piece else out


def test_pieces_written_to_a_bulk_load_give_what_one_bulk_load_gives(tmp_path):
    data = reference_nquads()
    with build_to_side(tmp_path / "whole") as store:
        store.bulk_load(data)
    with build_to_side(tmp_path / "pieces") as store, store.bulk_loading() as load:
        for piece in pieces(data, 100_000):  # more than a pipe holds: writes wait for the loader
            load.write(piece)
    assert len(quads(tmp_path / "pieces")) == len(set(data.splitlines()) - {b""})  # each quad is one line
    assert not list((tmp_path / "pieces").resolve().glob("*.fifo")), "the FIFO is gone with the load"
    assert quads(tmp_path / "pieces") == quads(tmp_path / "whole")


def test_a_block_that_raises_abandons_the_load_and_the_version(tmp_path):
    location = tmp_path / "store"
    with build_to_side(location) as store:
        store.bulk_load(b'<http://e/s> <http://e/p> "kept" <http://e/g> .\n')
    before = quads(location)
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="validation failed"):
        with build_to_side(location) as store, store.bulk_loading() as load:
            load.write(reference_nquads())
            raise RuntimeError("validation failed")
    assert time.perf_counter() - started < 30
    assert quads(location) == before
    assert [p.name for p in (tmp_path / "store.versions").iterdir()] == [location.resolve().name]


def test_data_that_does_not_parse_is_an_error_and_the_writer_does_not_hang(tmp_path):
    result: list = []

    def feed():
        try:
            with build_to_side(tmp_path / "store") as store, store.bulk_loading() as load:
                load.write(b"<http://e/s> <http://e/p> not-a-term .\n")
                for _ in range(200):  # far more than the pipe holds, after the loader has stopped reading
                    load.write(reference_nquads()[:1_000_000])
        except StoreError as error:
            result.append(error)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    writer.join(60)
    assert not writer.is_alive(), "the writer waited for a loader that had gone"
    assert result and "bulk load failed" in str(result[0])
    assert not (tmp_path / "store").exists()


def test_a_bulk_load_into_an_open_store_is_readable_after_it(tmp_path):
    store = EmbeddedStore(tmp_path / "plain")
    with store.bulk_loading() as load:
        load.write(b'<http://e/s> <http://e/p> "1" <http://e/g> .\n')
        load.write(b'<http://e/s> <http://e/p> "2" <http://e/g> .\n')
    assert sorted(row["o"] for row in store.select("SELECT ?o WHERE { ?s ?p ?o }")) == ["1", "2"]
