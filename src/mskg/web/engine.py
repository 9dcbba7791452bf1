"""Where the endpoint's queries run: a pyoxigraph store in this process, or a remote SPARQL server.

Both engines take the same calls (a query with its protocol dataset, an update
with its `using` graphs, Graph Store reads and writes) and give back pyoxigraph
objects, so the HTTP layer negotiates and serialises the same way whatever
answers.

- `LocalEngine` wraps a pyoxigraph store. mskg keeps everything in named
  graphs, so a query that names no dataset (no `FROM`, no `default-graph-uri`)
  reads the union of all graphs; one that does gets exactly what it names.
- `RemoteEngine` forwards to the query, update and Graph Store URLs of the
  server behind a `--store URL` (mskg.store.remote decides which they are),
  asks for SPARQL JSON results or N-Triples and parses them back.

`open_engine` is what `mskg serve` uses. An embedded store is served from its
read-write on-disk handle: a read-only secondary handle is about twice as
slow (queries/observations.rq on the seed store: 65 ms read-write, 141 ms
read-only, 28 ms in memory), and a copy in memory would cost start-up time
and memory in proportion to the store. The handle locks the store: `mskg
ingest` waits for the server to stop (or send the change as an update);
`mskg build` writes a new version beside it, served after a restart. Updates
are written to the store. `mskg serve --read-only` opens a read-only
handle instead (no lock, nothing written: for stores other processes use, and
the handle the query workers and `oxigraph serve-read-only` use anyway).

With extra files to serve beside it (`--load`), the store is copied into
memory together with them: pyoxigraph cannot query two stores as one, and the
copy (read through a read-only handle, ~0.5 s for the seed store) leaves the
store on disk untouched and unlocked. Updates then change the copy only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

import httpx
import pyoxigraph as ox

from mskg.store.base import Store, StoreError
from mskg.web.sparql_text import dataset_graphs, has_dataset_clause, loads_url, service_targets, with_using

FORM = "application/x-www-form-urlencoded"
Graph = ox.NamedNode | ox.DefaultGraph
QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list
"""Solutions, a boolean, or the triples of a CONSTRUCT / DESCRIBE."""


class EndpointError(Exception):
    """A request the endpoint answers with an HTTP error status and a plain-text message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class Engine(ABC):
    """Runs SPARQL queries, updates and Graph Store operations."""

    @abstractmethod
    def query(self, text: str, *, base_iri: str, default_graphs: list[ox.NamedNode],
              named_graphs: list[ox.NamedNode]) -> QueryResult:
        """Run a query; a non-empty protocol dataset replaces the query's own.

        Raises SyntaxError for a query that does not parse."""

    @abstractmethod
    def update(self, text: str, *, base_iri: str, using_graphs: list[ox.NamedNode],
               using_named_graphs: list[ox.NamedNode]) -> None:
        """Run an update; the using graphs are the dataset of its WHERE clauses."""

    @abstractmethod
    def read_graph(self, graph: Graph) -> list[ox.Triple] | None:
        """The triples of a graph, or None if that named graph does not exist."""

    @abstractmethod
    def write_graph(self, graph: Graph, data: bytes, fmt: ox.RdfFormat, *, replace: bool,
                    base_iri: str) -> bool:
        """Replace (PUT) or add to (POST) a graph with RDF data; True if the graph is new."""

    @abstractmethod
    def drop_graph(self, graph: Graph) -> bool:
        """Remove a graph (empty the default graph); False if that named graph did not exist."""


def check_no_fetch(text: str, allowed_services: frozenset[str], *, update: bool = False) -> None:
    """Refuse anything that would make the server fetch a URL: SERVICE to an
    endpoint not allowed with --allow-service, a variable SERVICE, LOAD.
    Raises EndpointError(403) naming what was refused (no request is made)."""
    if update and loads_url(text):
        raise EndpointError(403, "LOAD is refused: this endpoint does not fetch documents from the web.")
    for target in service_targets(text):
        if target not in allowed_services:
            allowed = ", ".join(sorted(allowed_services)) or "none"
            raise EndpointError(403, f"SERVICE <{target}> is refused: federation is off except for the "
                                     f"endpoints allowed with --allow-service (allowed: {allowed}).")


class LocalEngine(Engine):
    """A pyoxigraph store in this process."""

    def __init__(self, store: ox.Store, *, union_default_graph: bool = True,
                 allowed_services: frozenset[str] = frozenset()) -> None:
        self.store = store
        self.union_default_graph = union_default_graph
        self.allowed_services = allowed_services

    def query(self, text, *, base_iri, default_graphs, named_graphs):
        check_no_fetch(text, self.allowed_services)
        for graph in dataset_graphs(text):
            if not self.store.contains_named_graph(ox.NamedNode(graph)):
                raise EndpointError(400, f"FROM <{graph}>: no such graph in this store (the endpoint "
                                         f"fetches nothing from the web; FROM names the store's own graphs).")
        if default_graphs or named_graphs:
            dataset = {"default_graph": default_graphs, "named_graphs": named_graphs}
        elif self.union_default_graph and not has_dataset_clause(text):
            dataset = {"use_default_graph_as_union": True}
        else:
            dataset = {}
        return self.store.query(text, base_iri=base_iri, **dataset)

    def update(self, text, *, base_iri, using_graphs, using_named_graphs):
        check_no_fetch(text, self.allowed_services, update=True)
        text = with_using(text, [g.value for g in using_graphs], [g.value for g in using_named_graphs])
        self.store.update(text, base_iri=base_iri)

    def read_graph(self, graph):
        if isinstance(graph, ox.NamedNode) and not self.store.contains_named_graph(graph):
            return None
        return [quad.triple for quad in self.store.quads_for_pattern(None, None, None, graph)]

    def write_graph(self, graph, data, fmt, *, replace, base_iri):
        triples = [quad.triple for quad in ox.parse(data, format=fmt, base_iri=base_iri)]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""
        named = isinstance(graph, ox.NamedNode)
        created = named and not self.store.contains_named_graph(graph)
        steps = []
        if replace:
            steps.append(f"DROP SILENT GRAPH {graph}" if named else "CLEAR SILENT DEFAULT")
        if named:
            steps += [f"CREATE SILENT GRAPH {graph}", f"INSERT DATA {{ GRAPH {graph} {{ {body} }} }}"]
        else:
            steps.append(f"INSERT DATA {{ {body} }}")
        self.store.update(" ;\n".join(steps))  # one transaction: all or nothing
        return created

    def drop_graph(self, graph):
        if isinstance(graph, ox.DefaultGraph):
            self.store.clear_graph(graph)
            return True
        if not self.store.contains_named_graph(graph):
            return False
        self.store.remove_graph(graph)
        return True


class RemoteEngine(Engine):
    """A SPARQL 1.1 server reached through the standard protocols."""

    allowed_services: frozenset[str] = frozenset()

    ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
              "application/sparql-results+xml;q=0.5")

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, *,
                 auth: tuple[str, str] | None = None, timeout: float = 60.0) -> None:
        self.query_url, self.update_url, self.graph_store_url = query_url, update_url, graph_store_url
        self._http = httpx.Client(timeout=timeout, auth=httpx.DigestAuth(*auth) if auth else None)

    @classmethod
    def from_url(cls, url: str) -> RemoteEngine:
        """The engine for a `--store URL` (see mskg.store.open_store for the forms it takes)."""
        from mskg.store.remote import RemoteStore

        store = RemoteStore.from_url(url)
        parts = urlsplit(url)
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        store.close()
        return cls(store.query_url, store.update_url, store.graph_store_url, auth=auth, timeout=store.timeout)

    def query(self, text, *, base_iri, default_graphs, named_graphs):
        check_no_fetch(text, self.allowed_services)
        form = [("query", text)] + [("default-graph-uri", g.value) for g in default_graphs] \
            + [("named-graph-uri", g.value) for g in named_graphs]
        response = self._send("POST", self.query_url, content=urlencode(form),
                              headers={"Accept": self.ACCEPT, "Content-Type": FORM})
        media = response.headers.get("content-type", "")
        results = ox.QueryResultsFormat.from_media_type(media)
        if results is not None:
            return ox.parse_query_results(response.content, format=results)
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is not None:
            return [quad.triple for quad in ox.parse(response.content, format=rdf)]
        raise EndpointError(502, f"{self.query_url} answered with {media or 'no media type'}")

    def update(self, text, *, base_iri, using_graphs, using_named_graphs):
        check_no_fetch(text, self.allowed_services, update=True)
        form = [("update", text)] + [("using-graph-uri", g.value) for g in using_graphs] \
            + [("using-named-graph-uri", g.value) for g in using_named_graphs]
        self._send("POST", self.update_url, content=urlencode(form), headers={"Content-Type": FORM})

    def read_graph(self, graph):
        response = self._send("GET", self.graph_store_url, params=_graph_param(graph),
                              headers={"Accept": "application/n-triples"}, missing_ok=True)
        if response.status_code == 404:
            return None
        fmt = ox.RdfFormat.from_media_type(response.headers.get("content-type", "")) or ox.RdfFormat.N_TRIPLES
        return [quad.triple for quad in ox.parse(response.content, format=fmt)]

    def write_graph(self, graph, data, fmt, *, replace, base_iri):
        response = self._send("PUT" if replace else "POST", self.graph_store_url, params=_graph_param(graph),
                              content=data, headers={"Content-Type": fmt.media_type})
        return response.status_code == 201

    def drop_graph(self, graph):
        response = self._send("DELETE", self.graph_store_url, params=_graph_param(graph), missing_ok=True)
        return response.status_code != 404

    def _send(self, method: str, url: str, *, missing_ok: bool = False, **kwargs) -> httpx.Response:
        """The server's answer; its 4xx answers are passed on, other failures are 502
        (the messages do not name the server, which clients need not know)."""
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as error:
            raise EndpointError(502, f"the store's SPARQL server cannot be reached: {type(error).__name__}") \
                from error
        if response.is_success or (missing_ok and response.status_code == 404):
            return response
        if 400 <= response.status_code < 500:
            raise EndpointError(response.status_code, response.text)
        raise EndpointError(502, f"the store's SPARQL server answered {response.status_code}: {response.text}")


def _graph_param(graph: Graph) -> dict[str, str]:
    return {"graph": graph.value} if isinstance(graph, ox.NamedNode) else {"default": ""}


def engine_for(store: Engine | Store | ox.Store) -> Engine:
    """The engine serving store: an Engine as is, a pyoxigraph store or an embedded mskg store
    locally, a remote mskg store through its server's URLs."""
    if isinstance(store, Engine):
        return store
    if isinstance(store, ox.Store):
        return LocalEngine(store)
    from mskg.store.embedded import EmbeddedStore
    from mskg.store.remote import RemoteStore

    if isinstance(store, EmbeddedStore):
        return LocalEngine(store.oxigraph)
    if isinstance(store, RemoteStore):
        return RemoteEngine(store.query_url, store.update_url, store.graph_store_url, timeout=store.timeout)
    raise TypeError(f"cannot serve a {type(store).__name__}")


def open_engine(location: str, load: list[str] | tuple[str, ...] = (),
                allowed_services: frozenset[str] = frozenset(), *, read_only: bool = False) -> Engine:
    """The engine `mskg serve` answers from: the store at location (a path or a URL) and the RDF files in load.

    read_only opens an embedded store through a read-only handle: nothing is
    written to its directory (no lock, no clean-up of old versions), so a store
    other processes read or write can be served; updates are then refused.

    Raises StoreError for a store that cannot be opened (or extra files beside a
    remote one), ValueError for a file of unknown format and SyntaxError for
    one that does not parse."""
    if "://" in location:
        if load:
            raise StoreError("--load needs an embedded store: a remote server is not copied")
        engine = RemoteEngine.from_url(location)
        engine.allowed_services = allowed_services
        return engine
    from mskg.store.embedded import EmbeddedStore

    if not Path(location).exists():
        raise StoreError(f"no store at {location}: build one with `mskg build --store {location}`")
    if not load:
        engine = LocalEngine(EmbeddedStore(location, read_only=read_only).oxigraph,
                             allowed_services=allowed_services)
        engine.path = str(Path(location).resolve())  # query workers open it read-only (mskg.web.limits)
        return engine
    store = EmbeddedStore(location, read_only=True)
    memory = ox.Store()
    memory.extend(store.oxigraph)
    store.close()
    for file in load:
        load_file(memory, Path(file))
    return LocalEngine(memory, allowed_services=allowed_services)


def load_file(store: ox.Store, path: Path) -> None:
    """Load one RDF file: dataset formats (TriG, N-Quads, JSON-LD) keep their graphs, triples go
    to the default graph (which queries see as part of the union default graph)."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF format (use .ttl, .nt, .trig, .nq, .jsonld or .rdf)")
    try:
        store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    except SyntaxError as error:
        raise SyntaxError(f"{path}: {error}") from error
