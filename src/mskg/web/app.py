"""The web application: one process serving /sparql, the JSON API, /search and the static files under /static.

`create_app(store, settings=...)` builds it around a store; `mskg serve` runs
it with uvicorn. Routes live in their own modules (api.py, search_page.py,
lookup.py) and are included here; only the JSON API is in the OpenAPI schema
(/openapi.json, Swagger UI at /docs). Browsers on any origin may query
(CORS); every request passes admission control first (mskg.web.admission:
sizes, per-client budget, a fair bounded queue in front of the query
workers). Both run in front of FastAPI (`Application`), and /sparql is
answered right after them (mskg.web.sparql.Endpoint): FastAPI's own layers
and routing cost more CPU than everything else this process does for a
point query. Its answers to queries are kept by mskg.web.result_cache, the
other routes' cacheable answers by mskg.web.page_cache. /static serves
src/mskg/web/static (the vendored YASGUI of the SPARQL editor): files only, no
directory listings, nothing outside that folder.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from mskg import __version__
from mskg.store.base import Store
from mskg.web import admission, api, cors, entities, inline, limits, lookup, page_cache, search_page, sparql
from mskg.web.engine import Engine, LocalEngine, engine_for
from mskg.web.reads import Reader
from mskg.web.result_cache import ResultCache
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
    """bytes of memory the query workers (local stores) may take together; past it, an idle worker's
    caches are dropped, or else the query holding the most is stopped and answered 503; None: no limit"""
    admission_limits: admission.Limits | None = None
    """admission limits (mskg.web.admission); None: the defaults, with capacity = workers"""
    page_cache_bytes: int = 64 * 1024 * 1024
    """memory for kept page, RDF and entity-JSON answers (mskg.web.page_cache); 0: keep none"""
    result_cache_bytes: int = 32 * 1024 * 1024
    """memory for kept /sparql query answers of a local store (mskg.web.result_cache); 0: keep none"""
    in_process_threads: int = inline.DEFAULT_THREADS
    """threads answering, in this process, queries proven cheap in a worker (mskg.web.inline); 0: none"""
    in_process_below: float = inline.DEFAULT_CHEAP
    """seconds: what a worker's run must stay within for the query to be answered in this process"""

    def __post_init__(self) -> None:
        if self.enable_update and not self.update_token:
            raise ValueError("enabling updates needs an update token")


class Application(FastAPI):
    """FastAPI behind CORS and admission control, with /sparql answered between them and FastAPI."""

    def __init__(self, *, limits: admission.Limits, **kwargs) -> None:
        super().__init__(**kwargs)
        self.front = cors.AnyOrigin(admission.Admission(sparql.Endpoint(self._routes), limits=limits),
                                    methods=sparql.ALLOW.split(", "))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        await self.front(scope, receive, send)

    async def _routes(self, scope, receive, send) -> None:
        await super().__call__(scope, receive, send)


def create_app(store: Store | pyoxigraph.Store | Engine, *, settings: Settings = Settings()) -> Application:
    """The application serving store: an embedded or remote mskg store, a pyoxigraph store or an Engine.

    `app.state.engine` runs its queries (mskg.web.engine), `app.state.settings` holds settings,
    `app.state.search` is the search index (mskg.web.search)."""
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        pool = app.state.pool
        if pool is not None:
            pool.start()
        if app.state.search.path is not None:
            app.state.search.build_soon()
        yield
        if pool is not None:
            pool.stop()
        if app.state.in_process is not None:
            app.state.in_process.close()

    app = Application(limits=settings.admission_limits or admission.Limits(capacity=settings.workers),
                      title="mskg", version=__version__, docs_url=None, redoc_url=None,
                      openapi_url=api.OPENAPI_URL, lifespan=lifespan)
    app.state.engine = engine = engine_for(store)
    app.state.settings = settings
    app.state.pool = _pool(engine, settings)
    app.state.in_process = in_process = (inline.InProcess(settings.in_process_threads, settings.in_process_below)
                                         if app.state.pool is not None and settings.in_process_threads > 0
                                         else None)
    app.state.reader = reader = Reader(engine)
    app.state.search = SearchIndex(reader, path=getattr(engine, "path", None))
    app.state.page_cache = cache = page_cache.ResponseCache(settings.page_cache_bytes)
    app.state.results = results = (ResultCache(settings.result_cache_bytes)
                                   if app.state.pool is not None and settings.result_cache_bytes > 0 else None)

    def after_write() -> None:
        """Forget what was read from the store before a write through /sparql."""
        cache.clear()
        if results is not None:
            results.clear()
        if in_process is not None:
            in_process.forget()
        entities.forget_names(reader)
        app.state.search.invalidate()

    app.state.after_write = after_write
    app.add_middleware(page_cache.PageCache, cache=cache, version=lambda: entities.store_version(reader))
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
