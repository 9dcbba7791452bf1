"""Any SPARQL 1.1 server as a Store, over the standard protocols only.

Queries go through SPARQL 1.1 Query (SPARQLWrapper, form-encoded POST, results
chosen by content negotiation); writes through SPARQL 1.1 Update (POST
`application/sparql-update`) and the Graph Store HTTP Protocol (PUT and DELETE
`?graph=IRI`, N-Triples), both with httpx.

Endpoints per server (`RemoteStore.for_server`):

| kind | query | update | graph store |
| --- | --- | --- | --- |
| `oxigraph` | `/query` | `/update` | `/store` |
| `virtuoso` | `/sparql` | `/sparql` | `/sparql-graph-crud` |
| `virtuoso` with credentials | `/sparql-auth` | `/sparql-auth` | `/sparql-graph-crud-auth` |
| `generic` | the base URL | the base URL | the base URL |

Credentials are sent with HTTP digest authentication (what Virtuoso's `-auth`
endpoints ask for). Anonymous writes to Virtuoso need its SPARQL user to hold
SPARQL_UPDATE (tests/conftest.py shows the grants). `generic` suits a server
that answers all three protocols on one URL, such as a Fuseki dataset.

Which graphs are mskg's (`graphs()` and `dump()`): those whose IRI starts with
`https://w3id.org/mskg/`, and any other graph put through this store object
and not deleted since. A server may hold graphs of its own (Virtuoso has
system graphs): they are never listed or dumped. `dump()` adds the default
graph, except where the default graph is the union of all graphs: Virtuoso,
and Oxigraph server, which mskg expects to run with `--union-default-graph`
(its queries read the union; mskg never writes to the default graph).
Each graph is read in pages (`page_size` triples, ORDER BY in a subquery) and
checked against its COUNT, so a server that cuts results short (Virtuoso's
ResultSetMaxRows) still yields every triple.

Virtuoso keeps literals by value: language tags come back lower-case (as
pyoxigraph keeps them too) and xsd:decimal in canonical form, which is what
mskg writes.
"""

from __future__ import annotations

import http.client
import math
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from SPARQLWrapper import DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from .base import Store, StoreError

MSKG_GRAPHS = "https://w3id.org/mskg/"
KINDS = ("oxigraph", "virtuoso", "generic")

_QUERY_ERRORS = (SPARQLWrapperException, OSError, http.client.HTTPException, ValueError, SyntaxError)


class RemoteStore(Store):
    """A SPARQL 1.1 server reached at its query, update and graph store URLs."""

    def __init__(self, query_url: str, update_url: str, graph_store_url: str, *,
                 auth: tuple[str, str] | None = None, timeout: float = 30.0,
                 union_default_graph: bool = False, page_size: int = 10000) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.timeout = timeout
        self.page_size = page_size
        self._auth = auth
        self._union_default_graph = union_default_graph
        self._http = httpx.Client(timeout=timeout, auth=httpx.DigestAuth(*auth) if auth else None)
        self._own: set[str] = set()

    @classmethod
    def for_server(cls, base_url: str, kind: str = "oxigraph", *,
                   auth: tuple[str, str] | None = None, timeout: float = 30.0) -> RemoteStore:
        """The store of a server of the given kind at base_url (scheme, host, port, any prefix)."""
        base = base_url.rstrip("/")
        if kind == "oxigraph":  # mskg's queries need `oxigraph serve --union-default-graph`
            return cls(f"{base}/query", f"{base}/update", f"{base}/store", auth=auth, timeout=timeout,
                       union_default_graph=True)
        if kind == "virtuoso":
            suffix = "-auth" if auth else ""
            sparql = f"{base}/sparql{suffix}"
            return cls(sparql, sparql, f"{base}/sparql-graph-crud{suffix}", auth=auth,
                       timeout=timeout, union_default_graph=True)
        if kind == "generic":
            return cls(base, base, base, auth=auth, timeout=timeout)
        raise StoreError(f"unknown server kind {kind!r} for {base_url} (known: {', '.join(KINDS)})")

    @classmethod
    def from_url(cls, url: str, timeout: float = 30.0) -> RemoteStore:
        """The store named by a URL: `KIND+http(s)://[user:password@]host:port[/prefix]`, or
        plain `http(s)://…`, whose kind is read from the server's `Server` header."""
        parts = urlsplit(url)
        kind, _, proto = parts.scheme.rpartition("+")
        if proto not in ("http", "https"):
            raise StoreError(f"not an http(s) store URL: {url}")
        auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
        base = urlunsplit((proto, parts.netloc.rpartition("@")[2], parts.path, "", ""))
        kind = kind or _guess_kind(base, timeout)
        return cls.for_server(base, kind, auth=auth, timeout=timeout)

    def select(self, query: str) -> list[dict[str, str | None]]:
        result = self._query(query, JSON)
        names = result["head"]["vars"]
        return [{n: row[n]["value"] if n in row else None for n in names}
                for row in result["results"]["bindings"]]

    def ask(self, query: str) -> bool:
        result = self._query(query, JSON)
        if "boolean" in result:
            return bool(result["boolean"])
        # Virtuoso 7 answers ASK with a result set: no row for false, one row holding 1 for true.
        return any(cell["value"] not in ("0", "false")
                   for row in result["results"]["bindings"] for cell in row.values())

    def construct(self, query: str) -> bytes:
        return ox.serialize([q.triple for q in self._triples(query)], format=ox.RdfFormat.N_TRIPLES)

    def update(self, update: str) -> None:
        self._send("POST", self.update_url, content=update.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update"})

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        self._send("PUT", self.graph_store_url, params={"graph": graph}, content=ntriples,
                   headers={"Content-Type": "application/n-triples"})
        self._own.add(graph)

    def delete_graph(self, graph: str) -> None:
        self._send("DELETE", self.graph_store_url, params={"graph": graph}, missing_ok=True)
        self._own.discard(graph)

    def graphs(self) -> list[str]:
        # GROUP BY, not DISTINCT: Virtuoso answers it from its graph index, DISTINCT by a full scan.
        rows = self.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return sorted(g for g in (r["g"] for r in rows)
                      if g and (g.startswith(MSKG_GRAPHS) or g in self._own))

    def dump(self) -> bytes:
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                 for g in self.graphs() for t in self._graph_triples(f"GRAPH <{g}> {{ ?s ?p ?o }}")]
        if not self._union_default_graph:
            quads += [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                      for t in self._graph_triples("?s ?p ?o")]
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)

    def close(self) -> None:
        self._http.close()

    def _graph_triples(self, pattern: str) -> list[ox.Triple]:
        """Every triple matching pattern, page by page until the COUNT is reached."""
        count = int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"] or 0)
        triples: list[ox.Triple] = []
        while len(triples) < count:
            page = [q.triple for q in self._triples(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ {pattern} }} "
                f"ORDER BY ?s ?p ?o }} }} OFFSET {len(triples)} LIMIT {self.page_size}")]
            if not page:
                break
            triples += page
        if len(set(triples)) != count:
            raise StoreError(f"{self.query_url}: read {len(set(triples))} distinct triples of "
                             f"{count} for {pattern} (changed while reading?)")
        return triples

    def _triples(self, query: str) -> list[ox.Quad]:
        """The triples of a CONSTRUCT or DESCRIBE, fetched as N-Triples (a server
        may fall back to Turtle; Virtuoso's Turtle writes integral decimals as integers)."""
        wrapper = self._wrapper(query, TURTLE)
        wrapper.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.5")
        try:
            body = wrapper.query().response.read()
            return list(ox.parse(body, format=ox.RdfFormat.TURTLE))
        except _QUERY_ERRORS as exc:
            raise StoreError(f"SPARQL query at {self.query_url} failed: {exc}") from exc

    def _query(self, query: str, fmt: str) -> dict:
        wrapper = self._wrapper(query, fmt)
        try:
            return wrapper.queryAndConvert()
        except _QUERY_ERRORS as exc:
            raise StoreError(f"SPARQL query at {self.query_url} failed: {exc}") from exc

    def _wrapper(self, query: str, fmt: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.query_url, returnFormat=fmt)
        wrapper.setMethod(POST)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(max(1, math.ceil(self.timeout)))
        wrapper.setQuery(query)
        if self._auth:
            wrapper.setHTTPAuth(DIGEST)
            wrapper.setCredentials(*self._auth)
        return wrapper

    def _send(self, method: str, url: str, *, missing_ok: bool = False, **kwargs) -> None:
        try:
            response = self._http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"{method} {url} failed: {exc!r}") from exc
        if response.is_success or (missing_ok and response.status_code == 404):
            return
        raise StoreError(f"{method} {response.url} answered {response.status_code}: {response.text[:500]}")


def _guess_kind(base_url: str, timeout: float) -> str:
    """The kind of server at base_url, from its `Server` response header."""
    try:
        server = httpx.get(base_url, timeout=timeout).headers.get("server", "")
    except httpx.HTTPError as exc:
        raise StoreError(f"cannot reach {base_url} to tell its kind: {exc!r}") from exc
    for kind in ("oxigraph", "virtuoso"):
        if server.lower().startswith(kind):
            return kind
    return "generic"
