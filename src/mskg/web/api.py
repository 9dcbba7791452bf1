"""The JSON API under /api, its OpenAPI schema (/openapi.json) and Swagger UI (/docs).

| route | what |
| --- | --- |
| `GET /api/search?q=&kind=` | regions, indicators, programs and articles by name, code or pinyin (mskg.web.search) |
| `GET /api/entity/{path}`, `GET /api/entity?iri=` | any entity of the store as JSON: types, labels, properties |
| `GET /api/observations?region=&indicator=&…` | observations by region (and its subregions), indicator, topic, period, status |
| `GET /api/regions/{code}` | a region with its parent and children |
| `GET /api/indicators?topic=` | the indicators (curated, or also provisional) with observation counts |
| `GET /api/topics` | the topics |

Listings are paginated (`limit` ≤ 1000, `offset`; `total`, `next`, `prev`)
and come as CSV with `format=csv` or `Accept: text/csv`. Parameters that
cannot be read are answered 422 (FastAPI's validation errors, in its
format); unknown entities 404; a failing remote store 502 — each as JSON
`{"detail": …}`. Queries run off the event loop against `app.state.engine`
through a Reader (bound values, never text: mskg.web.reads).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from mskg.export import PREFIXES
from mskg.web import entities, listings, negotiation
from mskg.web.engine import EndpointError
from mskg.web.reads import Reader, describe
from mskg.web.search import KINDS, SearchIndex

router = APIRouter(prefix="/api", tags=["api"])
docs = APIRouter(include_in_schema=False)

OPENAPI_URL = "/openapi.json"
SWAGGER_UI = "/static/vendor/swagger-ui"
"""Swagger UI 5.35.0, vendored (static/vendor/README.md)"""
ID = "https://w3id.org/mskg/id/"
MAX_LIMIT = 1000
MAX_TEXT = 200
MAX_IRI = 2000
IRI = r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20\x7f-\x9f<>\"{}|\\^`]+"
"""What an absolute IRI looks like (RFC 3987 has more rules: a value of this form that breaks one
is a well-formed request for something that cannot exist, answered 404 or with no results)."""
SLUG = r"[a-z0-9][a-z0-9-]*(/[a-z0-9-]+)?"
JSON = negotiation.Format("json", "application/json")
CSV = negotiation.Format("csv", "text/csv; charset=utf-8")
CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                      "description": "JSON, or CSV with format=csv or Accept: text/csv"}}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"results per page (at most {MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="results to skip")]
Kind = Literal[KINDS]
OutputFormat = Annotated[Literal["json", "csv"] | None, Query(alias="format",
                                                                description="json or csv (default: by Accept)")]


class Problem(BaseModel):
    """What went wrong."""

    detail: str


REFUSED = {"text/plain": {"schema": {"type": "string"}}}
ERRORS = {404: {"model": Problem, "description": "no such entity"},
          414: {"description": "the query string is longer than 32 KiB (mskg.web.admission)", "content": REFUSED},
          429: {"description": "this client's share of the server is spent for now (Retry-After)",
                "content": REFUSED},
          502: {"model": Problem, "description": "the store's SPARQL server failed"},
          503: {"description": "the server is too busy to take the request soon (Retry-After)", "content": REFUSED}}


class SearchResult(BaseModel):
    iri: str
    url: str
    kind: Kind
    label: str
    label_en: str | None
    code: str | None
    score: float


class SearchResults(BaseModel):
    query: str
    total: int
    next: str | None
    prev: str | None
    results: list[SearchResult]


class Value(BaseModel):
    """An IRI (with its labels and code) or a literal (with its datatype or language)."""

    iri: str | None = None
    url: str | None = None
    label: str | None = None
    label_en: str | None = None
    code: str | None = None
    value: str | None = None
    datatype: str | None = None
    lang: str | None = None


class Property(BaseModel):
    property: str
    name: str
    """the property as a compact IRI (skos:prefLabel)"""
    values: list[Value]


class Resource(BaseModel):
    iri: str
    url: str | None
    types: list[str]
    label: str | None
    label_en: str | None
    properties: list[Property]


class Entity(Resource):
    parts: list[Resource]
    """resources described with it: an article's evidence spans (its hash IRIs)"""


class Observation(BaseModel):
    iri: str
    url: str
    region: str
    region_code: str
    region_label: str | None
    indicator: str
    indicator_label: str | None
    period: str
    value: float
    unit: str
    status: str
    qualifier: str | None
    article: str
    file: str
    quote: str
    start: int
    end: int


class ObservationPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    prev: str | None
    results: list[Observation]


class RegionLink(BaseModel):
    iri: str
    url: str
    code: str | None
    label: str | None
    label_en: str | None
    level: str | None


class Region(BaseModel):
    iri: str
    url: str
    code: str | None
    label: str | None
    label_en: str | None
    label_pinyin: str | None
    level: str | None
    parent: str | None
    observations: int
    """observations of the region itself"""
    observations_with_subregions: int
    children: list[RegionLink]


class Indicator(BaseModel):
    iri: str
    url: str
    slug: str
    label: str | None
    label_en: str | None
    topic: str | None
    unit: str | None
    measure_kind: str | None
    provisional: bool
    observations: int


class IndicatorPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    prev: str | None
    results: list[Indicator]


class Topic(BaseModel):
    iri: str
    url: str
    slug: str
    label: str | None
    label_en: str | None
    indicators: int


class TopicList(BaseModel):
    total: int
    results: list[Topic]


def local_url(iri: str) -> str | None:
    """The path of an mskg IRI on this server (/id/region/654300), None for other IRIs."""
    return "/" + iri.removeprefix("https://w3id.org/mskg/") if iri.startswith(ID) else None


async def read(request: Request, work, *args, **kwargs):
    """Run work(reader, ...) off the event loop; a failing store becomes its HTTP error."""
    reader = Reader(request.app.state.engine)
    try:
        return await run_in_threadpool(work, reader, *args, **kwargs)
    except EndpointError as error:
        raise HTTPException(error.status, error.message) from error


def wants_csv(request: Request, output: str | None) -> bool:
    """CSV when format=csv, or without format when Accept prefers text/csv to JSON."""
    if output is not None:
        return output == "csv"
    return negotiation.choose(request.headers.get("accept"), (JSON, CSV)) is CSV


def csv_response(rows: list[dict], columns: list[str], *, total: int | None = None) -> Response:
    """rows as CSV with a header line (the total, when paginated, in X-Total-Count)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: "" if row.get(column) is None else row[column] for column in columns})
    headers = {"X-Total-Count": str(total)} if total is not None else {}
    return Response(out.getvalue(), media_type=CSV.media_type, headers=headers)


def page_links(request: Request, total: int, limit: int, offset: int) -> dict[str, str | None]:
    """next and prev: this request's URL at the following and preceding page (None at either end)."""
    following = str(request.url.include_query_params(offset=offset + limit)) if offset + limit < total else None
    preceding = str(request.url.include_query_params(offset=max(0, offset - limit))) if offset > 0 else None
    return {"next": following, "prev": preceding}


# --- search ------------------------------------------------------------------------------------------

@router.get("/search", response_model=SearchResults, responses=ERRORS,
            summary="Find regions, indicators, programs and articles by name, code or pinyin")
async def search(request: Request,
                 q: Annotated[str, Query(max_length=MAX_TEXT, description="Chinese (simplified or traditional), "
                                         "English, pinyin (tones and spaces optional) or a code (or its start)")],
                 kind: Annotated[list[Kind] | None,
                                 Query(description="only these kinds (repeatable)")] = None,
                 limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0) -> SearchResults:
    """Ranked: a whole label or code first, then labels starting with q, then labels holding it;
    ties go to the higher administrative level and more observations."""
    index: SearchIndex = request.app.state.search
    try:
        total, hits = await run_in_threadpool(index.search, q, kinds=set(kind) if kind else None,
                                              limit=limit, offset=offset)
    except EndpointError as error:
        raise HTTPException(error.status, error.message) from error
    return SearchResults(query=q, total=total, **page_links(request, total, limit, offset),
                         results=[SearchResult(**hit.__dict__) for hit in hits])


# --- entities ----------------------------------------------------------------------------------------

@router.get("/entity", response_model=Entity, responses=ERRORS, summary="Any entity of the store, by IRI")
async def entity_by_iri(request: Request,
                        iri: Annotated[str, Query(max_length=MAX_IRI, pattern=f"^{IRI}$",
                                                  description="an absolute IRI")]) -> Entity:
    """The entity's types, labels and properties (IRIs with their labels, literals with datatype or language)."""
    try:
        node = ox.NamedNode(iri)
    except ValueError as error:
        raise HTTPException(404, f"no entity {iri!r}: not an IRI ({error})") from error
    return await _entity(request, node)


@router.get("/entity/{path:path}", response_model=Entity, responses=ERRORS,
            summary="An entity by its path under https://w3id.org/mskg/id/")
async def entity(request: Request,
                 path: Annotated[str, Path(max_length=MAX_IRI, description="e.g. region/654300 or "
                                           "obs/654300/urban-new-jobs/2023/actual")]) -> Entity:
    """The entity https://w3id.org/mskg/id/{path}, as /api/entity?iri= gives it."""
    try:
        node = ox.NamedNode(ID + path)
    except ValueError as error:
        raise HTTPException(404, f"no entity {ID}{path}") from error
    return await _entity(request, node)


async def _entity(request: Request, node: ox.NamedNode) -> Entity:
    triples = await read(request, describe, node.value, entities.linked_names)
    if not triples:
        raise HTTPException(404, f"no entity {node.value} in this store")
    return entity_json(node.value, triples)


_LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
           "http://purl.org/dc/terms/title")
_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def entity_json(iri: str, triples: list[ox.Triple]) -> Entity:
    """An entity's description (reads.describe) as JSON: its own properties, its hash-IRI parts,
    and for each IRI it links to the labels and code the description carries."""
    about: dict[str, list[ox.Triple]] = {}
    for triple in triples:
        about.setdefault(_key(triple.subject), []).append(triple)
    parts = sorted(subject for subject in about if subject.startswith(iri + "#"))
    return Entity(**_resource(iri, about).model_dump(), parts=[_resource(part, about) for part in parts])


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _resource(iri: str, about: dict[str, list[ox.Triple]]) -> Resource:
    own = about.get(iri, [])
    label, label_en, _ = _names(own)
    grouped: dict[str, list[Value]] = {}
    for triple in own:
        grouped.setdefault(triple.predicate.value, []).append(_value(triple.object, about))
    properties = [Property(property=predicate, name=_compact(predicate), values=values)
                  for predicate, values in sorted(grouped.items())]
    types = sorted({t.object.value for t in own if t.predicate.value == _TYPE and isinstance(t.object, ox.NamedNode)})
    return Resource(iri=iri, url=local_url(iri), types=types, label=label, label_en=label_en, properties=properties)


def _names(triples: list[ox.Triple]) -> tuple[str | None, str | None, str | None]:
    """The Chinese (or untagged) label, the English label and the code among triples."""
    chinese, english, code = [], [], []
    for triple in triples:
        if not isinstance(triple.object, ox.Literal):
            continue
        predicate, literal = triple.predicate.value, triple.object
        if predicate in _LABELS:
            language = (literal.language or "").lower()
            if language in ("zh", ""):
                chinese.append((_LABELS.index(predicate), literal.value))
            elif language == "en":
                english.append((_LABELS.index(predicate), literal.value))
        elif predicate == _NOTATION:
            code.append(literal.value)
    return (min(chinese)[1] if chinese else None, min(english)[1] if english else None,
            min(code) if code else None)


def _value(term, about: dict[str, list[ox.Triple]]) -> Value:
    if isinstance(term, ox.Literal):
        return Value(value=term.value, lang=term.language,
                     datatype=None if term.language else term.datatype.value)
    if isinstance(term, ox.NamedNode):
        label, label_en, code = _names(about.get(term.value, []))
        return Value(iri=term.value, url=local_url(term.value), label=label, label_en=label_en, code=code)
    return Value(value=str(term))


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and re.fullmatch(r"[\w-]+", iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# --- observations ------------------------------------------------------------------------------------

TopicParameter = Annotated[str | None, Query(max_length=MAX_IRI, pattern=rf"^({SLUG}|{IRI})$",
                                            description="topic slug (employment) or IRI")]
Period = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                     description="YYYY, YYYY-MM or YYYY-MM-DD")]


NOTHING = ""
"""what a parameter names when it has the form of an IRI but is not one: nothing in the store"""


def parameter_iri(value: str | None, kind: str) -> str | None:
    """The IRI a region, indicator or topic parameter names: a code (region) or slug, or an IRI
    (NOTHING for one that is not valid after all); None without the parameter."""
    if value is None:
        return None
    if re.fullmatch(r"\d{6}|CN" if kind == "region" else SLUG, value):
        return f"{ID}{kind}/{value}"
    try:
        return ox.NamedNode(value).value
    except ValueError:
        return NOTHING


@router.get("/observations", response_model=ObservationPage, responses={**ERRORS, **CSV_RESPONSE},
            summary="Observations by region, indicator, topic, period and status")
async def observations(
        request: Request,
        region: Annotated[str | None, Query(max_length=MAX_IRI, pattern=rf"^(\d{{6}}|CN|{IRI})$",
                                            description="GB/T 2260 code (654300), CN, or a region's IRI")] = None,
        include_subregions: Annotated[bool, Query(description="also the regions under it, at any depth")] = False,
        indicator: Annotated[str | None, Query(max_length=MAX_IRI, pattern=rf"^({SLUG}|{IRI})$",
                                               description="indicator slug (urban-new-jobs) or IRI")] = None,
        topic: TopicParameter = None,
        period_from: Period = None, period_to: Period = None,
        status: Annotated[Literal["actual", "target", "before"] | None, Query()] = None,
        limit: Limit = 100, offset: Offset = 0, output: OutputFormat = None) -> ObservationPage | Response:
    """Observations ordered by IRI, each with its published value and the quote it was taken from.
    A period is kept when it starts no earlier than period_from and ends no later than period_to,
    compared at the precision given (period_to=2023 keeps 2023-06-30)."""
    where = listings.ObservationFilter(
        region=parameter_iri(region, "region"), include_subregions=include_subregions,
        indicator=parameter_iri(indicator, "indicator"), topic=parameter_iri(topic, "topic"),
        period_from=period_from, period_to=period_to, status=status)

    def work(reader: Reader) -> tuple[int, list[dict]]:
        if NOTHING in (where.region, where.indicator, where.topic):
            return 0, []
        total, iris = listings.select_observations(reader, where, offset, limit)
        return total, listings.observations(reader, iris)

    total, rows = await read(request, work)
    if wants_csv(request, output):
        return csv_response([{**row, "value": row["value_text"]} for row in rows],
                            listings.OBSERVATION_COLUMNS, total=total)
    return ObservationPage(total=total, limit=limit, offset=offset, **page_links(request, total, limit, offset),
                           results=[Observation(**row, url=local_url(row["iri"])) for row in rows])


# --- regions, indicators, topics ---------------------------------------------------------------------

@router.get("/regions/{code}", response_model=Region, responses={**ERRORS, **CSV_RESPONSE},
            summary="A region with its parent and children (the children as CSV with format=csv)")
async def region_by_code(request: Request,
                         code: Annotated[str, Path(pattern=r"^(\d{6}|CN)$", description="GB/T 2260 code or CN")],
                         output: OutputFormat = None) -> Region | Response:
    """Its code, labels (zh, en, pinyin), level, parent, children and observation counts."""
    found = await read(request, listings.region, f"{ID}region/{code}")
    if found is None:
        raise HTTPException(404, f"no region {code} in this store")
    children = [{**child, "url": local_url(child["iri"])} for child in found.pop("children")]
    if wants_csv(request, output):
        return csv_response(children, ["code", "label", "label_en", "level", "iri"])
    return Region(**found, url=local_url(found["iri"]), children=children)


@router.get("/indicators", response_model=IndicatorPage, responses={**ERRORS, **CSV_RESPONSE},
            summary="Indicators (of a topic) with their observation counts")
async def indicator_list(request: Request,
                         topic: TopicParameter = None,
                         provisional: Annotated[bool, Query(description="also the provisional indicators "
                                                            "(named from an article's phrase)")] = False,
                         limit: Limit = 1000, offset: Offset = 0, output: OutputFormat = None) -> IndicatorPage | Response:
    """Ordered by IRI."""
    topic_iri = parameter_iri(topic, "topic")
    rows = [] if topic_iri == NOTHING else await read(request, listings.indicators, topic=topic_iri,
                                                      provisional=provisional)
    total, rows = len(rows), rows[offset:offset + limit]
    if wants_csv(request, output):
        return csv_response(rows, ["slug", "label", "label_en", "topic", "unit", "measure_kind", "provisional",
                                   "observations", "iri"], total=total)
    return IndicatorPage(total=total, limit=limit, offset=offset, **page_links(request, total, limit, offset),
                         results=[Indicator(**row, url=local_url(row["iri"])) for row in rows])


@router.get("/topics", response_model=TopicList, responses={**ERRORS, **CSV_RESPONSE},
            summary="Topics with their number of indicators")
async def topic_list(request: Request, output: OutputFormat = None) -> TopicList | Response:
    rows = await read(request, listings.topics)
    if wants_csv(request, output):
        return csv_response(rows, ["slug", "label", "label_en", "indicators", "iri"], total=len(rows))
    return TopicList(total=len(rows), results=[Topic(**row, url=local_url(row["iri"])) for row in rows])


# --- documentation -----------------------------------------------------------------------------------

@docs.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, from the vendored files (no CDN, no validator badge)."""
    return get_swagger_ui_html(openapi_url=OPENAPI_URL, title="mskg API",
                               swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
                               swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
                               swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png",
                               swagger_ui_parameters={"validatorUrl": None})

