"""What mskg needs from a triple store, whatever it is.

Two kinds implement it: the embedded Oxigraph store on disk (embedded.py) and
any SPARQL 1.1 server reached over the standard protocols (remote.py: Query,
Update and the Graph Store HTTP Protocol). Build, ingest, remove, export and
query are written against this interface only, so they behave the same on
every store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class StoreError(RuntimeError):
    """A store that cannot be opened, read or written, with the reason."""


class Store(ABC):
    """A quad store with SPARQL."""

    @abstractmethod
    def select(self, query: str) -> list[dict[str, str | None]]:
        """Rows of a SELECT query: variable -> lexical value (IRIs as strings), None if unbound."""

    @abstractmethod
    def ask(self, query: str) -> bool:
        """The answer to an ASK query."""

    @abstractmethod
    def construct(self, query: str) -> bytes:
        """The result of a CONSTRUCT or DESCRIBE query, as N-Triples."""

    @abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update."""

    @abstractmethod
    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace one named graph with the given N-Triples (Graph Store Protocol PUT)."""

    @abstractmethod
    def delete_graph(self, graph: str) -> None:
        """Remove one named graph (Graph Store Protocol DELETE); no error if absent."""

    @abstractmethod
    def dump(self) -> bytes:
        """Every quad, as N-Quads (named graphs kept)."""

    @abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of the named graphs."""

    def close(self) -> None:
        """Release the store (flush and unlock an embedded one)."""
