"""The web application: one process serving /sparql, the JSON API, /search and the static files under /static.

`create_app(store, settings=...)` builds it around a store; `mskg serve` runs
it with uvicorn. Routes live in their own modules (sparql.py, api.py,
search_page.py, lookup.py) and are included here; only the JSON API is in
the OpenAPI schema (/openapi.json, Swagger UI at /docs). Browsers on any
origin may query (CORS); every request passes admission control first
(mskg.web.admission: sizes, per-client budget, a fair bounded queue in front
of the query workers). /static serves
src/mskg/web/static (the vendored YASGUI of the SPARQL editor): files only,
no directory listings, nothing outside that folder.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from mskg import __version__
from mskg.store.base import Store
from mskg.web import admission, api, entities, limits, lookup, page_cache, search_page, sparql
from mskg.web.engine import Engine, LocalEngine, engine_for
from mskg.web.reads import Reader
from mskg.web.search import SearchIndex

STATIC = Path(__file__).parent / "static"
STATIC_URL = "/static"


@dataclass(frozen=True)
class Settings:
    """How the application behaves: read-only unless updates are enabled with a bearer token."""

    enable_update: bool = False
    update_token: str | None = None
    timeout: float = limits.DEFAULT_TIMEOUT
    """seconds a query may run before it is stopped and answered 503"""
    max_rows: int | None = limits.DEFAULT_MAX_ROWS
    """solutions (or triples) a query answers at most; more are cut off (header X-MSKG-Truncated)"""
    workers: int = limits.DEFAULT_WORKERS
    """query worker processes (local stores); also the requests admitted at once"""
    query_memory: int | None = limits.DEFAULT_QUERY_MEMORY
    """bytes of memory a query may take in its worker (local stores) before it is stopped and
    answered 503; None: no cap"""
    admission_limits: admission.Limits | None = None
    """admission limits (mskg.web.admission); None: the defaults, with capacity = workers"""
    page_cache_bytes: int = 64 * 1024 * 1024
    """memory for kept page, RDF and entity-JSON answers (mskg.web.page_cache); 0: keep none"""

    def __post_init__(self) -> None:
        if self.enable_update and not self.update_token:
            raise ValueError("enabling updates needs an update token")


def create_app(store: Store | pyoxigraph.Store | Engine, *, settings: Settings = Settings()) -> FastAPI:
    """The application serving store: an embedded or remote mskg store, a pyoxigraph store or an Engine.

    `app.state.engine` runs its queries (mskg.web.engine), `app.state.settings` holds settings,
    `app.state.search` is the search index (mskg.web.search)."""
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        pool = app.state.pool
        if pool is not None:
            pool.start()
        yield
        if pool is not None:
            pool.stop()

    app = FastAPI(title="mskg", version=__version__, docs_url=None, redoc_url=None, openapi_url=api.OPENAPI_URL,
                  lifespan=lifespan)
    app.state.engine = engine = engine_for(store)
    app.state.settings = settings
    app.state.pool = _pool(engine, settings)
    app.state.reader = reader = Reader(engine)
    app.state.search = SearchIndex(reader)
    app.state.page_cache = cache = page_cache.ResponseCache(settings.page_cache_bytes)
    app.add_middleware(page_cache.PageCache, cache=cache, version=lambda: entities.store_version(reader),
                       forget=lambda: entities.forget_names(reader))
    app.add_middleware(api.RefreshSearchOnWrites, index=app.state.search)
    app.add_middleware(admission.Admission,
                       limits=settings.admission_limits or admission.Limits(capacity=settings.workers))
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=sparql.ALLOW.split(", "),
                       allow_headers=["*"], max_age=86400)
    app.include_router(sparql.router, include_in_schema=False)
    app.include_router(api.router)
    app.include_router(api.docs)
    app.include_router(search_page.router)
    app.include_router(lookup.router, include_in_schema=False)
    app.mount(STATIC_URL, StaticFiles(directory=STATIC), name="static")
    return app


def _pool(engine: Engine, settings: Settings) -> limits.WorkerPool | None:
    """The worker processes a local store's queries run in (mskg.web.limits); None for a remote store.

    Admission lets `workers` requests in at once; the pool holds a spare besides, ready to take
    the place of a worker killed at a timeout while that one's replacement starts."""
    if not isinstance(engine, LocalEngine):
        return None
    path = getattr(engine, "path", None)
    if path is not None:
        def make() -> limits.Source:
            return limits.Source(path, "read_only", engine.allowed_services, engine.union_default_graph)

        return limits.WorkerPool(make, settings.workers + limits.SPARE_WORKERS, memory=settings.query_memory)
    copy = limits.MemorySource(engine.store, engine.allowed_services, engine.union_default_graph)
    return limits.WorkerPool(copy, settings.workers + limits.SPARE_WORKERS, cleanup=copy.close,
                             memory=settings.query_memory)
