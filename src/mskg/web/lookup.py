"""The linked-data routes: every `https://w3id.org/mskg/id/…` IRI at `/id/…`, the ontology at
`/ontology`, the dataset description at `/dataset`, the dumps at `/dumps/<name>`, the home page.

Each resource is negotiated (mskg.web.rdf_views): a page for browsers, its
description (mskg.web.reads.describe) in Turtle, N-Triples, JSON-LD or
RDF/XML for programs. Pages and descriptions are read in this process
through `app.state.reader`, in a thread (never on the event loop, never
through the /sparql worker pool). Unknown IRIs are 404: a page that suggests
a search for browsers, a line of text for RDF clients.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from mskg.graph import describe as void
from mskg.web import dumps, entities, ontology_page, rdf_views
from mskg.web.rdf_views import PAGE, NotAcceptable
from mskg.web.reads import Reader, describe
from mskg.web.templates import templates

router = APIRouter()
templates.env.globals["href"] = entities.href
templates.env.globals["period_label"] = entities.period_label
templates.env.globals["tail"] = entities.tail

PAGES = {"region": ("region.html", entities.region_page), "observation": ("observation.html", entities.observation_page),
         "indicator": ("indicator.html", entities.indicator_page), "article": ("article.html", entities.article_page),
         "program": ("program.html", entities.program_page), "item": ("program.html", entities.program_page),
         "dataset": ("dataset.html", None), "other": ("generic.html", entities.generic_page)}
PAGINATED = frozenset({"region", "indicator"})
"""pages whose observation table is shown a page (entities.PAGE_SIZE rows) at a time, `?page=2`…"""
DESCRIPTION_GRAPH = ox.NamedNode(str(void.DESCRIPTION_GRAPH))
ONTOLOGY_GRAPH = ox.NamedNode(entities.ID + "graph/ontology")


def reader_of(request: Request) -> Reader:
    """The app's Reader (app.state.reader), made on first use from app.state.engine."""
    state = request.app.state
    if getattr(state, "reader", None) is None:
        state.reader = Reader(state.engine)
    return state.reader


def formats(path: str) -> list[dict[str, str]]:
    """Links to the RDF representations of the resource at path (extension forms)."""
    names = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML"}
    return [{"url": f"{path}.{extension}", "name": name, "media_type": rdf_views.EXTENSIONS[extension].accepted[0]}
            for extension, name in names.items()]


def page_number(request: Request) -> int | None:
    """The `?page=` of a paginated table (1 without it), or None if it is not a whole number ≥ 1."""
    asked = request.query_params.get("page", "1")
    return int(asked) if asked.isdigit() and 0 < int(asked) < 10**6 else None


def page(request: Request, template: str, context: dict, status: int = 200) -> Response:
    """A rendered page (finished: Vary, HEAD)."""
    return rdf_views.finish(request, templates.TemplateResponse(request, template, context, status_code=status))


def not_found(request: Request, iri: str, fmt) -> Response:
    """404: a page suggesting a search (browsers) or a line of text (RDF clients)."""
    if fmt is PAGE:
        return page(request, "not_found.html", {"missing_iri": iri, "query": entities.tail(iri)}, 404)
    return rdf_views.error(request, 404, f"{iri} is not known here; search at /search?q=… or start at /")


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
async def home(request: Request) -> Response:
    """What the dataset is, its counts, a search box, and where to go next."""
    context = await run_in_threadpool(dataset_context, reader_of(request))
    return page(request, "home.html", context or {"counts": {}, "triples": 0, "examples": []})


@router.api_route("/id/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
async def resource(request: Request, path: str) -> Response:
    """One of our IRIs: its page or its RDF, by negotiation."""
    path, forced = rdf_views.split_extension(path)
    iri = entities.ID + path
    try:
        fmt = rdf_views.choose(request, forced)
        ox.NamedNode(iri)
    except NotAcceptable as refusal:
        return rdf_views.error(request, refusal.status, refusal.message)
    except ValueError:
        return not_found(request, iri, fmt)
    reader = reader_of(request)
    kind = entities.kind(iri)
    if fmt is not PAGE:
        triples = await run_in_threadpool(rdf_of, request, iri)
        if not triples:
            return not_found(request, iri, fmt)
        return rdf_views.finish(request, Response(rdf_views.rdf_body(triples, fmt), media_type=fmt.media_type))
    template, read = PAGES[kind]
    number = page_number(request)
    if number is None:
        return rdf_views.error(request, 400, "page= must be a whole number from 1 on")
    if kind in PAGINATED:
        read = functools.partial(read, page=number)
    data = await run_in_threadpool(dataset_context if kind == "dataset" else read, reader, iri)
    if data is None:
        return not_found(request, iri, fmt)
    return page(request, template, {"iri": iri, "formats": formats("/id/" + path), **data})


def rdf_of(request: Request, iri: str) -> list[ox.Triple]:
    """The RDF of iri: its description; for the dataset also the whole VoID/DCAT graph."""
    triples = describe(reader_of(request), iri, entities.linked_names)
    if iri == str(void.DATASET) and triples:
        described = request.app.state.engine.read_graph(DESCRIPTION_GRAPH) or []
        triples = sorted(set(triples) | set(described), key=str)
    return triples


@router.api_route("/dataset", methods=["GET", "HEAD"], include_in_schema=False)
@router.api_route("/dataset.{extension}", methods=["GET", "HEAD"], include_in_schema=False)
async def dataset(request: Request, extension: str | None = None) -> Response:
    """The VoID/DCAT description: the same as /id/dataset."""
    return await resource(request, "dataset" + (f".{extension}" if extension else ""))


@router.api_route("/ontology", methods=["GET", "HEAD"], include_in_schema=False)
@router.api_route("/ontology.{extension}", methods=["GET", "HEAD"], include_in_schema=False)
async def ontology(request: Request, extension: str | None = None) -> Response:
    """The ontology: pyLODE's documentation for browsers, the ontology graph as RDF."""
    if extension is not None and extension not in rdf_views.EXTENSIONS:
        return not_found(request, entities.SITE + "ontology." + extension, PAGE)
    try:
        fmt = rdf_views.choose(request, rdf_views.EXTENSIONS.get(extension or ""))
    except NotAcceptable as refusal:
        return rdf_views.error(request, refusal.status, refusal.message)
    if fmt is PAGE:
        header = templates.get_template("_header.html").render(request=request)
        html = await run_in_threadpool(ontology_page.html, header, formats("/ontology"))
        return rdf_views.finish(request, HTMLResponse(html))
    triples = await run_in_threadpool(request.app.state.engine.read_graph, ONTOLOGY_GRAPH)
    if not triples:
        return not_found(request, entities.SITE + "ontology", fmt)
    return rdf_views.finish(request, Response(rdf_views.rdf_body(triples, fmt), media_type=fmt.media_type))


@router.api_route("/dumps/{name}", methods=["GET", "HEAD"], include_in_schema=False)
async def dump(request: Request, name: str) -> Response:
    """One of the dump files the description lists (graph/describe.py DUMPS), made from the store
    on first request and kept until the store changes; any other name is 404."""
    if name not in void.DUMPS:
        return rdf_views.error(request, 404, f"no dump {name!r}; the dumps are {', '.join(void.DUMPS)}")
    cache = getattr(request.app.state, "dump_cache", None) or dumps.DEFAULT_CACHE
    path = await run_in_threadpool(dumps.dump_file, request.app.state.engine, reader_of(request), name, cache)
    return FileResponse(path, media_type=dumps.media_type(name), filename=name)


def dataset_context(reader: Reader, iri: str = str(void.DATASET)) -> dict | None:
    """What the home and dataset pages show: the description's counts, links and sources."""
    return entities.dataset_page(reader, iri)
