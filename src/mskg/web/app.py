"""The web application: one process serving /sparql and the static files under /static.

`create_app(store, settings=...)` builds it around a store; `mskg serve` runs
it with uvicorn. Routes live in their own modules (sparql.py) and are
included here; browsers on any origin may query (CORS). /static serves
src/mskg/web/static (the vendored YASGUI of the SPARQL editor): files only,
no directory listings, nothing outside that folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.staticfiles import StaticFiles

from mskg import __version__
from mskg.store.base import Store
from mskg.web import sparql
from mskg.web.engine import Engine, engine_for

STATIC = Path(__file__).parent / "static"
STATIC_URL = "/static"


@dataclass(frozen=True)
class Settings:
    """How the application behaves: read-only unless updates are enabled with a bearer token."""

    enable_update: bool = False
    update_token: str | None = None

    def __post_init__(self) -> None:
        if self.enable_update and not self.update_token:
            raise ValueError("enabling updates needs an update token")


def create_app(store: Store | pyoxigraph.Store | Engine, *, settings: Settings = Settings()) -> FastAPI:
    """The application serving store: an embedded or remote mskg store, a pyoxigraph store or an Engine.

    `app.state.engine` runs its queries (mskg.web.engine), `app.state.settings` holds settings."""
    app = FastAPI(title="mskg", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine_for(store)
    app.state.settings = settings
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=sparql.ALLOW.split(", "),
                       allow_headers=["*"], max_age=86400)
    app.include_router(sparql.router)
    app.mount(STATIC_URL, StaticFiles(directory=STATIC), name="static")
    return app
