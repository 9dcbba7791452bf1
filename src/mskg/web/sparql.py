"""The /sparql endpoint: SPARQL 1.1 Protocol (query and update), Graph Store HTTP Protocol, service description.

One URL answers everything, told apart by method, media type and parameters:

| request | operation |
| --- | --- |
| GET/HEAD `?query=` | query (`default-graph-uri`, `named-graph-uri`) |
| POST `application/x-www-form-urlencoded` with `query=` or `update=` | query or update |
| POST `application/sparql-query` / `application/sparql-update` | query or update (graphs in the URL) |
| GET/HEAD/PUT/POST/DELETE `?graph=IRI` or `?default` | Graph Store Protocol |
| GET/HEAD with none of these | service description (RDF) or the SPARQL editor (HTML) |

A request is first read and checked against the protocol (400 for a
malformed one, 405 for a method the operation does not take, 415 for a media
type or charset it cannot take), then writes (updates, Graph Store PUT, POST,
DELETE) are authorised (403 on a read-only endpoint or without the bearer
token), then it runs (400 with the parser's message for bad syntax). Every
answer varies by Accept.

`Endpoint` answers /sparql as an ASGI middleware just inside admission
control, in front of FastAPI (mskg.web.app.Application).
"""

from __future__ import annotations

import contextlib
import hmac
from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mskg.web import inline, limits, negotiation, urlencoded
from mskg.web.engine import Engine, EndpointError, Graph
from mskg.web.negotiation import GRAPH_FORMATS, HTML, RESULT_FORMATS
from mskg.web.page_cache import matches
from mskg.web.queries import example_queries
from mskg.web.service_description import PREFIXES, describe
from mskg.web.sparql_text import has_using_or_with
from mskg.web.templates import templates

PATH = "/sparql"
ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS"
METHODS = frozenset(ALLOW.split(", ")) - {"OPTIONS"}
VARY = {"Vary": "Accept"}
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass
class Operation:
    """What a request asks for, read from its method, media type and parameters."""

    kind: str  # "query", "update", "graph", "describe"
    text: str = ""
    graphs: list[ox.NamedNode] = field(default_factory=list)
    """default-graph-uri of a query, using-graph-uri of an update"""
    named_graphs: list[ox.NamedNode] = field(default_factory=list)
    """named-graph-uri of a query, using-named-graph-uri of an update"""
    target: Graph | None = None
    """the graph of a Graph Store operation"""
    body: bytes = b""
    body_format: ox.RdfFormat | None = None

    def writes(self, method: str) -> bool:
        """Whether running it changes the store."""
        return self.kind == "update" or (self.kind == "graph" and method not in ("GET", "HEAD"))


@dataclass
class Answer:
    """A serialised result: what run_query gives back."""

    body: bytes
    media_type: str
    truncated: bool = False
    """more than max_rows solutions (or triples): only the first max_rows are in body"""


def run_query(engine: Engine, operation: Operation, accept: str | None, base_iri: str, *,
              max_rows: int | None = None, small: bool = False) -> Answer:
    """Run a query and serialise its result in the format accept prefers, at most max_rows
    solutions or triples (Answer.truncated says whether there were more). small: the answer is
    expected to be small (a request learnt as cheap, mskg.web.inline), so solutions are written
    straight in that format, the row cap checked by the answer's size (MIN_ROW_BYTES).

    All query execution goes through here; mskg.web.limits runs it in a worker
    process under a timeout (answer_query). Raises EndpointError: 400 for a query that does not
    parse, 406 when no format of the result's kind is acceptable, 500 (with
    the engine's message) when evaluation fails."""
    result = _evaluate(engine, operation, base_iri)
    solutions = isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    fmt = _negotiate(accept, RESULT_FORMATS if solutions else GRAPH_FORMATS)
    try:  # solutions and triples are computed as they are written
        if small and max_rows is not None and isinstance(result, ox.QuerySolutions) and fmt.results in MIN_ROW_BYTES:
            body = _at_most(result, fmt.results, max_rows * MIN_ROW_BYTES[fmt.results])
            if body is not None:
                return Answer(body, fmt.media_type)
            result = _evaluate(engine, operation, base_iri)  # larger than expected: again, under the row cap
        body, truncated = _serialize(result, fmt, max_rows)
    except (OSError, SyntaxError) as error:
        raise EndpointError(500, f"query failed: {error}") from error
    return Answer(body, fmt.media_type, truncated)


def _serialize(result, fmt: negotiation.Format, max_rows: int | None) -> tuple[bytes, bool]:
    """result in fmt, at most max_rows solutions or triples, and whether there were more."""
    solutions = isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))
    if max_rows is None or isinstance(result, ox.QueryBoolean):
        return (result.serialize(format=fmt.results) if solutions else ox.serialize(result, format=fmt.rdf)), False
    if solutions:  # SPARQL TSV results: a line of variables, then one line per solution
        body, truncated = _first_lines(result, ox.QueryResultsFormat.TSV, max_rows + 1)
        if fmt.results != ox.QueryResultsFormat.TSV:
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV).serialize(format=fmt.results)
        return body, truncated
    if isinstance(result, list):  # triples a remote store gave, already read
        return ox.serialize(result[:max_rows], format=fmt.rdf), len(result) > max_rows
    body, truncated = _first_lines(result, ox.RdfFormat.N_TRIPLES, max_rows)  # one line per triple
    if fmt.rdf != ox.RdfFormat.N_TRIPLES:
        body = ox.serialize(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), format=fmt.rdf)
    return body, truncated


def _evaluate(engine: Engine, operation: Operation, base_iri: str):
    try:
        return engine.query(operation.text, base_iri=base_iri, default_graphs=operation.graphs,
                            named_graphs=operation.named_graphs)
    except SyntaxError as error:
        raise EndpointError(400, f"query syntax error: {error}") from error
    except OSError as error:
        raise EndpointError(500, f"query failed: {error}") from error


MIN_ROW_BYTES = {ox.QueryResultsFormat.JSON: 2, ox.QueryResultsFormat.XML: 9, ox.QueryResultsFormat.CSV: 2}
"""bytes a solution takes at least in these formats (`{}`, `<result/>`, a line end): an answer of
at most max_rows times as many bytes holds at most max_rows solutions"""


def _at_most(result: ox.QuerySolutions, fmt: ox.QueryResultsFormat, limit: int) -> bytes | None:
    """result serialised in fmt if that takes at most limit bytes; else None (the result is then
    partly read). Saves the row cap's detour through TSV (run_query of dataset-description at 10^4:
    357 -> 341 us, of which pyoxigraph's own parse, evaluation and JSON take 306)."""
    output = _write_capped(result, fmt, _Capped(limit, len))
    return None if output.count > limit else b"".join(output.chunks)


def _first_lines(result: ox.QuerySolutions | ox.QueryTriples, fmt, limit: int) -> tuple[bytes, bool]:
    """The first `limit` lines of result serialised in a format of one line per item, and whether
    there were more. Serialising stops (and so does evaluation) a few KB after them; the row cap
    costs no Python object per row (reading rows into Python doubled the time of large answers)."""
    output = _write_capped(result, fmt, _Capped(limit, _lines))
    data = b"".join(output.chunks)
    if output.count <= limit:
        return data, False
    if limit == 0:
        return b"", True
    end = len(data)
    for _ in range(output.count - limit + 1):  # back to the end of line `limit`
        end = data.rindex(b"\n", 0, end)
    return data[:end + 1], True


def _lines(data) -> int:
    return data.count(b"\n")


class _Enough(Exception):
    pass


class _Capped:
    """A binary output keeping what is written to it, raising _Enough once more than `limit` is
    counted (`measure` of each write: its bytes, or its lines)."""

    def __init__(self, limit: int, measure) -> None:
        self.limit, self.measure, self.count, self.chunks = limit, measure, 0, []

    def write(self, data) -> int:
        self.chunks.append(bytes(data))
        self.count += self.measure(data)
        if self.count > self.limit:
            raise _Enough
        return len(data)

    def flush(self) -> None:
        pass


def _write_capped(result, fmt, output: _Capped) -> _Capped:
    """Serialise result into output until output has had enough (its count then over its limit)."""
    try:
        result.serialize(output, format=fmt)
    except (_Enough, OSError):  # _Enough, or what pyoxigraph makes of it
        if output.count <= output.limit:
            raise
    return output


async def answer_query(request: Request, engine: Engine, operation: Operation, accept: str | None,
                       base_iri: str) -> Response | Answered:
    """run_query under the endpoint's limits: from the kept answers when the same request was answered
    since the last write (mskg.web.result_cache); else for a local store in a worker process (killed on
    timeout or when the client goes away), or in this process once the same request has proven cheap
    there (mskg.web.inline); for a remote store in a thread. 503 past the timeout."""
    state = request.app.state
    pool, in_process = getattr(state, "pool", None), getattr(state, "in_process", None)
    timeout, max_rows = state.settings.timeout, state.settings.max_rows
    results = getattr(state, "results", None)
    key = inline.request_key(operation.text, operation.graphs, operation.named_graphs, accept, base_iri, max_rows)
    if_none_match = _header(request, b"if-none-match")
    kept_key = None
    if results is not None and key is not None:
        kept = results.get(key)  # before the look at the text: only what it let in was kept
        if kept is not None:
            return Answered(kept.body, [*kept.headers, (b"server-timing", b"query;desc=cache")], kept.etag,
                            if_none_match)
        if results.keeps(operation.text):
            kept_key, generation = key, results.generation

    def call(small: bool = False):
        try:
            return ("ok", run_query(engine, operation, accept, base_iri, max_rows=max_rows, small=small))
        except EndpointError as error:
            return ("error", error.status, error.message, error.headers)

    where = "worker"
    try:
        if pool is None:
            reply = await limits.bounded(call, lambda: None, timeout, request.is_disconnected)
            seconds, where = None, "remote"
        else:
            if in_process is not None and in_process.knows(key):
                reply, seconds = await in_process.run(key, lambda: call(small=True), timeout,
                                                      request.is_disconnected)
                where = "in-process"
            else:
                reply = await pool.run((operation, accept, base_iri, max_rows), timeout, request.is_disconnected)
                if reply[0] == "ok":
                    seconds = reply[2]
                    if in_process is not None:
                        in_process.learn(key, seconds, len(reply[1].body), reply[3])
    except limits.QueryTimeout:
        raise EndpointError(503, f"query stopped: it ran longer than this endpoint's limit of {timeout:g} s "
                                 f"(mskg serve --timeout); narrow it down or add a LIMIT") from None
    except limits.ClientGone:
        return Response(status_code=499, headers=VARY)
    if reply[0] == "error":
        raise EndpointError(reply[1], reply[2], reply[3])
    answer = reply[1]
    headers = _answer_headers(answer, max_rows)
    etag = None if kept_key is None else await results.put(kept_key, headers, answer.body, generation)
    timing = f"query;desc={where}" if seconds is None else f"query;desc={where};dur={seconds * 1000:.3f}"
    return Answered(answer.body, [*headers, (b"server-timing", timing.encode())], etag, if_none_match)


def _answer_headers(answer: Answer, max_rows: int | None) -> list[tuple[bytes, bytes]]:
    """An answer's headers but Content-Length, ETag and Server-Timing: its media type, Vary: Accept
    and, if it was cut, the truncation header."""
    headers = [(b"content-type", answer.media_type.encode()), (b"vary", b"Accept")]
    if answer.truncated:
        headers.append((limits.TRUNCATED_HEADER.lower().encode(), f"max-rows={max_rows}".encode()))
    return headers


class Answered:
    """A query's answer as an ASGI response (what a Starlette Response would send, made for less):
    its bytes and headers (Server-Timing says where it was evaluated, `worker`, `in-process` or
    `remote`, and in how many milliseconds, or that it was kept: `cache`), its ETag if it is kept;
    304 without a body when If-None-Match names that ETag."""

    def __init__(self, body: bytes, headers: list[tuple[bytes, bytes]], etag: bytes | None = None,
                 if_none_match: str | None = None) -> None:
        self.body = body
        self.headers = headers if etag is None else [*headers, (b"etag", etag)]
        self.status = 200
        if etag is not None and matches(None if if_none_match is None else if_none_match.encode("latin-1"), etag):
            self.status, self.body = 304, b""
            self.headers = [(name, value) for name, value in self.headers
                            if name in (b"etag", b"vary", b"server-timing")]
        else:
            self.headers.append((b"content-length", str(len(body)).encode()))

    async def __call__(self, scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


def run_update(engine: Engine, operation: Operation, base_iri: str) -> None:
    """Run an update. Raises EndpointError 400 for one that does not parse or that names its
    dataset (USING, WITH) while the request gives using-graph-uri / using-named-graph-uri."""
    if (operation.graphs or operation.named_graphs) and has_using_or_with(operation.text):
        raise EndpointError(400, "using-graph-uri / using-named-graph-uri cannot be combined with "
                                 "USING or WITH in the update")
    try:
        engine.update(operation.text, base_iri=base_iri, using_graphs=operation.graphs,
                      using_named_graphs=operation.named_graphs)
    except SyntaxError as error:
        raise EndpointError(400, f"update syntax error: {error}") from error


def run_graph_store(engine: Engine, operation: Operation, method: str, accept: str | None,
                    base_iri: str) -> Response:
    """A Graph Store HTTP Protocol operation on operation.target."""
    graph = operation.target
    if method in ("GET", "HEAD"):
        triples = engine.read_graph(graph)
        if triples is None:
            raise EndpointError(404, f"no graph {graph}")
        fmt = _negotiate(accept, GRAPH_FORMATS)
        return Response(ox.serialize(triples, format=fmt.rdf), media_type=fmt.media_type)
    if method == "DELETE":
        if not engine.drop_graph(graph):
            raise EndpointError(404, f"no graph {graph}")
        return Response(status_code=204)
    try:
        created = engine.write_graph(graph, operation.body, operation.body_format, replace=method == "PUT",
                                     base_iri=base_iri)
    except SyntaxError as error:
        raise EndpointError(400, f"RDF syntax error: {error}") from error
    return Response(status_code=201 if created else 204)


def _negotiate(accept: str | None, formats: tuple[negotiation.Format, ...]) -> negotiation.Format:
    fmt = negotiation.choose(accept, formats)
    if fmt is None:
        raise EndpointError(406, f"none of the formats asked for (Accept: {accept}) is available; "
                                 f"this answer can be {negotiation.acceptable(formats)}")
    return fmt


class Endpoint:
    """ASGI middleware: answers requests to /sparql itself, passes every other one on to app."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] not in (PATH, PATH + "/"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        method = request.method
        if scope["path"] != PATH:  # as FastAPI's routing did
            response = RedirectResponse(request.url.replace(path=PATH), status_code=307)
        elif method == "OPTIONS":  # CORS preflights are answered by the middleware before this
            response = Response(status_code=204, headers={"Allow": ALLOW})
        elif method not in METHODS:
            response = PlainTextResponse(f"{PATH} takes {ALLOW}, not {method}\n", status_code=405,
                                         headers={"Allow": ALLOW})
        else:
            response = await sparql(request)
        await response(scope, receive, send)


async def sparql(request: Request) -> Response | Answered:
    """Answer a SPARQL Protocol, Graph Store Protocol or service description request."""
    engine: Engine = request.app.state.engine
    base_iri = endpoint_url(request)
    accept = _header(request, b"accept")
    try:
        operation = await read_operation(request)
        if operation.writes(request.method):
            authorize(request)
        if operation.kind == "query":
            return await answer_query(request, engine, operation, accept, base_iri)  # with Vary
        if operation.kind == "update":
            async with writing(request):
                await run_in_threadpool(run_update, engine, operation, base_iri)
            response = Response(status_code=204)
        elif operation.kind == "graph" and operation.writes(request.method):
            async with writing(request):
                response = await run_in_threadpool(run_graph_store, engine, operation, request.method, accept,
                                                   base_iri)
        elif operation.kind == "graph":
            response = await run_in_threadpool(run_graph_store, engine, operation, request.method, accept,
                                               base_iri)
        else:
            response = service_description(request, accept)
    except EndpointError as error:
        response = PlainTextResponse(error.message + "\n", status_code=error.status, headers=error.headers)
    response.headers["Vary"] = "Accept"
    return response


@contextlib.asynccontextmanager
async def writing(request: Request):
    """Around a write: the query workers' read-only copies are stopped first and started again after;
    once it has ended, `app.state.after_write()` forgets what was read from the store before."""
    state = request.app.state
    pool = getattr(state, "pool", None)
    if pool is not None:
        await run_in_threadpool(pool.pause)
    try:
        yield
    finally:
        state.after_write()
        if pool is not None:
            pool.resume()
            await run_in_threadpool(pool.start)


def endpoint_url(request: Request) -> str:
    """The endpoint's IRI as the client reached it: the request URL without its query string."""
    scope = request.scope
    host = next((value for name, value in scope["headers"] if name == b"host"), None)
    key = (scope.get("scheme"), tuple(scope.get("server") or ()), host, scope["path"])
    url = _urls.get(key)
    if url is None:
        if len(_urls) >= MAX_URLS:
            _urls.clear()
        url = _urls[key] = str(request.url.replace(query="", fragment=""))
    return url


MAX_URLS = 64
_urls: dict[tuple, str] = {}
"""endpoint_url's answers by what they are made of (building one through Starlette's URL took a
tenth of this process's CPU time per SPARQL request)"""


def service_description(request: Request, accept: str | None) -> Response:
    """The service description for RDF clients; for browsers the SPARQL editor (YASGUI), querying
    this endpoint, with every example query of queries/ open in its own tab."""
    fmt = _negotiate(accept, GRAPH_FORMATS + (HTML,))
    update = request.app.state.settings.enable_update
    if fmt is HTML:
        return templates.TemplateResponse(request, "sparql_editor.html", {
            "queries": example_queries(), "endpoint": endpoint_url(request),
            "static_url": str(request.url_for("static", path=""))})
    triples = describe(endpoint_url(request), update=update)
    return Response(ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES), media_type=fmt.media_type)


def authorize(request: Request) -> None:
    """Let a write through only on an endpoint started with updates enabled, with its bearer token.

    Raises EndpointError 403 when updates are disabled, and 403 with a Bearer
    challenge (RFC 6750 §3's header) when the token is missing or wrong: a write
    without the configured token is refused, whatever the server's mode."""
    settings = request.app.state.settings
    if not settings.enable_update:
        raise EndpointError(403, "this endpoint is read-only (start it with --enable-update and --update-token)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.update_token.encode()):
        raise EndpointError(403, "updates need the header Authorization: Bearer <token>",
                            {"WWW-Authenticate": 'Bearer realm="mskg"'})


async def read_operation(request: Request) -> Operation:
    """The operation a request asks for, checked against the protocols.

    Raises EndpointError 400 (malformed), 405 (method) or 415 (media type, charset)."""
    method = request.method
    url_params = _params(request.scope["query_string"], "the URL's query string")
    in_url = {name for name, _ in url_params}
    graph_target = None if in_url & {"query", "update"} else _graph_target(url_params)
    if method in ("PUT", "DELETE"):
        if graph_target is None:
            raise EndpointError(405, f"{method} {PATH} needs ?graph=IRI or ?default (Graph Store Protocol); "
                                     "queries take GET or POST", {"Allow": ALLOW})
        if method == "DELETE":
            return Operation("graph", target=graph_target)
    if method in ("GET", "HEAD"):
        if "update" in in_url:
            raise EndpointError(400, "updates must be sent with POST")
        if "query" in in_url:
            return _query(url_params)
        if graph_target is not None:
            return Operation("graph", target=graph_target)
        return Operation("describe")
    media, charset = _content_type(_header(request, b"content-type"))
    body = await _body(request.receive)
    if method == "POST" and media == FORM:
        _require_utf8(charset, media)
        params = url_params + _params(body, "the form")
        names = {name for name, _ in params}
        if {"query", "update"} <= names:
            raise EndpointError(400, "a request holds either a query or an update, not both")
        if "update" in names:
            return _update(params)
        if "query" in names:
            return _query(params)
        raise EndpointError(400, "the form holds neither query= nor update=")
    if method == "POST" and media in (QUERY_TYPE, UPDATE_TYPE):
        _require_utf8(charset, media)
        if in_url & {"query", "update"}:
            raise EndpointError(400, f"a {media} request takes its text from the body only, "
                                     "not also from query= or update= in the URL")
        text = _utf8(body, "the request body")
        return (_query if media == QUERY_TYPE else _update)(url_params, text)
    body_format = ox.RdfFormat.from_media_type(media) if media else None
    if graph_target is not None and body_format is not None and not body_format.supports_datasets:
        return Operation("graph", target=graph_target, body=body, body_format=body_format)
    if graph_target is not None:
        raise EndpointError(415, f"a graph's content must be one graph in an RDF format "
                                 f"({negotiation.acceptable(GRAPH_FORMATS[:4])}), not {media or 'untyped'}")
    raise EndpointError(415, f"POST a query or update as {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}, "
                             f"not {media or 'an untyped body'}")


def _header(request: Request, name: bytes) -> str | None:
    """The first value of a request header (named in lower case), without Starlette's Headers."""
    return next((value.decode("latin-1") for key, value in request.scope["headers"] if key == name), None)


async def _body(receive) -> bytes:
    """The request body (admission control has read it whole and gives it in one message)."""
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _query(params: list[tuple[str, str]], text: str | None = None) -> Operation:
    if text is None:
        text = _one(params, "query")
    return Operation("query", text, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"))


def _update(params: list[tuple[str, str]], text: str | None = None) -> Operation:
    if text is None:
        text = _one(params, "update")
    return Operation("update", text, _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri"))


def _one(params: list[tuple[str, str]], name: str) -> str:
    values = [value for key, value in params if key == name]
    if len(values) != 1:
        raise EndpointError(400, f"a request holds exactly one {name}= parameter, this one has {len(values)}")
    return values[0]


def _iris(params: list[tuple[str, str]], name: str) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(value) for key, value in params if key == name]
    except ValueError as error:
        raise EndpointError(400, f"{name}: {error}") from error


def _graph_target(params: list[tuple[str, str]]) -> Graph | None:
    """The graph of a Graph Store request (?graph=IRI or ?default), None if it names none."""
    graphs = _iris(params, "graph")
    is_default = any(key == "default" for key, _ in params)
    if len(graphs) + is_default > 1:
        raise EndpointError(400, "name one graph: ?graph=IRI or ?default")
    if graphs:
        return graphs[0]
    return ox.DefaultGraph() if is_default else None


def _params(raw: bytes, where: str) -> list[tuple[str, str]]:
    """Name/value pairs of URL-encoded text, which must be UTF-8 (400 otherwise)."""
    if not raw:
        return []
    try:
        return urlencoded.parse(raw)
    except UnicodeDecodeError as error:
        raise EndpointError(400, f"{where} is not URL-encoded UTF-8: {error}") from error


def _utf8(body: bytes, where: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EndpointError(400, f"{where} is not UTF-8: {error}") from error


def _content_type(header: str | None) -> tuple[str, str | None]:
    """The media type (lower case, no parameters) and charset of a Content-Type header."""
    if not header:
        return "", None
    media, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def _require_utf8(charset: str | None, media: str) -> None:
    if charset not in (None, "utf-8", "utf8"):
        raise EndpointError(415, f"{media} is taken in UTF-8 only, not {charset}")
