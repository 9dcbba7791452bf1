"""Stores: embedded Oxigraph and remote SPARQL servers."""

from __future__ import annotations

import re
from pathlib import Path

from .base import Store, StoreError

__all__ = ["Store", "StoreError", "open_store"]

_URL = re.compile(r"^([a-z]+\+)?https?://", re.IGNORECASE)


def open_store(location: str | Path) -> Store:
    """The store at location.

    A URL is a SPARQL server (mskg.store.remote): `oxigraph+http://host:port`,
    `virtuoso+http://host:port` (`virtuoso+http://user:password@host:port` for
    the authenticated endpoints) or `generic+http://…` name the kind of server;
    a plain `http://` or `https://` URL has its kind read from the server's
    `Server` header when opened. Anything else is the directory of an embedded
    Oxigraph store.
    """
    if isinstance(location, str) and _URL.match(location):
        from .remote import RemoteStore

        return RemoteStore.from_url(location)
    from .embedded import EmbeddedStore

    return EmbeddedStore(Path(location))
