"""The dump files of /dumps/<name> (graph/describe.py DUMPS), made from the store on first request.

A dump is written to a temporary file beside its final name and renamed over
it (a reader never sees half a file), under a name keyed by the store's
content: the SHA-256 of the dataset description (its counts, sources and
modification date change with every build, ingest or remove), so a changed
store gets a new dump and never the previous one. Older dumps of the same
name are deleted once the new one is in place.

- mskg.trig, mskg.jsonld: every named graph, kept (graph by graph, streamed);
- mskg.ttl: the distinct triples of all graphs (the store removes duplicates);
- observations.csv: the tidy CSV of `mskg export --format csv`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from mskg import export
from mskg.graph import describe as void
from mskg.web.engine import Engine
from mskg.web.rdf_views import PREFIXES
from mskg.web.reads import Reader

DEFAULT_CACHE = Path(os.environ.get("MSKG_CACHE", Path(tempfile.gettempdir()) / "mskg-cache")) / "dumps"
"""Where dumps are kept unless app.state.dump_cache says otherwise (MSKG_CACHE overrides)."""
DESCRIPTION = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{void.DESCRIPTION_GRAPH}> {{ ?s ?p ?o }} }}"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g"
TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } }"
_lock = threading.Lock()


def media_type(name: str) -> str:
    """The media type the description gives the dump."""
    kind = void.DUMPS[name]
    return kind + "; charset=utf-8" if kind.startswith("text/") else kind


def content_key(reader: Reader) -> str:
    """A digest of the store's dataset description: changes whenever the data does."""
    lines = sorted(f"{row['s']} {row['p']} {row['o']}" for row in reader.select(DESCRIPTION))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:24]


def dump_file(engine: Engine, reader: Reader, name: str, cache: Path) -> Path:
    """The file of dump name for the store's current content, written first if need be."""
    if name not in void.DUMPS:
        raise KeyError(name)
    target = Path(cache) / f"{content_key(reader)}-{name}"
    if target.exists():
        return target
    with _lock:
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.", suffix=".part")
        os.close(handle)
        try:
            write(engine, reader, name, Path(temporary))
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        for old in target.parent.glob(f"*-{name}"):
            if old != target:
                old.unlink(missing_ok=True)
    return target


def write(engine: Engine, reader: Reader, name: str, path: Path) -> None:
    """Write dump name of the store to path."""
    if name == "observations.csv":
        rows = ({key: term.value for key, term in row.items()} for row in reader.select(export.observations_query()))
        with path.open("w", encoding="utf-8", newline="") as out:
            export.write_observations_csv(rows, out)
    elif name == "mskg.ttl":
        triples = engine.query(TRIPLES, base_iri=None, default_graphs=[], named_graphs=[])
        ox.serialize(triples, output=str(path), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    else:
        fmt = ox.RdfFormat.TRIG if name == "mskg.trig" else ox.RdfFormat.JSON_LD
        prefixes = PREFIXES if fmt is ox.RdfFormat.TRIG else None
        ox.serialize(_quads(engine, reader), output=str(path), format=fmt, prefixes=prefixes)


def _quads(engine: Engine, reader: Reader) -> Iterator[ox.Quad]:
    """Every quad (the default graph's, then each named graph's), one graph read at a time."""
    for graph in [ox.DefaultGraph(), *(row["g"] for row in reader.select(GRAPHS))]:
        for triple in engine.read_graph(graph) or []:
            yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)
