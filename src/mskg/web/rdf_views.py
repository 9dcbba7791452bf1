"""Content negotiation for the linked-data pages: HTML for people, RDF for programs.

A resource's representation is chosen, in this order, by a file extension on
its path (`/id/region/654300.ttl`), by `?format=` (`ttl`, `nt`, `jsonld`,
`rdf`, `html`), or by the Accept header with q-values (mskg.web.negotiation;
HTML first among equals, so `*/*` gets the page). Nothing acceptable is 406.
RDF is written by pyoxigraph's serialisers with the usual prefixes (Turtle,
RDF/XML). Every answer varies by Accept; HEAD gets the headers of GET.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import PlainTextResponse, Response

from mskg.namespaces import PREFIXES as NAMESPACES
from mskg.web import negotiation
from mskg.web.negotiation import GRAPH_FORMATS, Format

PAGE = Format("html", "text/html; charset=utf-8", ("application/xhtml+xml",))
_BY_NAME = {fmt.name: fmt for fmt in GRAPH_FORMATS}
FORMATS = (PAGE, _BY_NAME["turtle"], _BY_NAME["ntriples"], _BY_NAME["jsonld"], _BY_NAME["rdfxml"])
"""What a resource can be had as, in the order that breaks ties."""
EXTENSIONS = {"html": PAGE, "ttl": _BY_NAME["turtle"], "nt": _BY_NAME["ntriples"],
              "jsonld": _BY_NAME["jsonld"], "rdf": _BY_NAME["rdfxml"]}
"""`?format=` values and path extensions."""
PREFIXES = {prefix: str(namespace) for prefix, namespace in NAMESPACES.items() if prefix != "id"}
"""Vocabulary prefixes for Turtle and RDF/XML (`id:` is left out: its local names would need escaped slashes)."""


class NotAcceptable(Exception):
    """No representation the client accepts (406), or a `?format=` we do not have (400)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def split_extension(path: str) -> tuple[str, Format | None]:
    """The path without a known format extension, and the format it names (None without one)."""
    stem, dot, extension = path.rpartition(".")
    if dot and "/" not in extension and extension in EXTENSIONS:
        return stem, EXTENSIONS[extension]
    return path, None


def choose(request: Request, forced: Format | None = None) -> Format:
    """The representation to send: forced (from an extension), else `?format=`, else Accept.

    Raises NotAcceptable: 400 for an unknown `?format=`, 406 when Accept allows none."""
    if forced is not None:
        return forced
    asked = request.query_params.get("format")
    if asked is not None:
        if asked not in EXTENSIONS:
            raise NotAcceptable(400, f"format={asked} is not available; use one of {', '.join(EXTENSIONS)}")
        return EXTENSIONS[asked]
    accept = request.headers.get("accept")
    fmt = negotiation.choose(accept, FORMATS)
    if fmt is None:
        raise NotAcceptable(406, f"none of the formats asked for (Accept: {accept}) is available; this resource "
                                 f"can be {negotiation.acceptable(FORMATS)} (or add ?format={'|'.join(EXTENSIONS)})")
    return fmt


def rdf_body(triples: list[ox.Triple], fmt: Format) -> bytes:
    """triples written in fmt (an RDF format of FORMATS)."""
    prefixes = PREFIXES if fmt.rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt.rdf, prefixes=prefixes) or b""


def extension_of(fmt: Format) -> str:
    """The path extension that names fmt."""
    return next(extension for extension, known in EXTENSIONS.items() if known is fmt)


def finish(request: Request, response: Response) -> Response:
    """Vary: Accept on every answer; for HEAD the same headers without the body."""
    response.headers["Vary"] = "Accept"
    if request.method == "HEAD":
        return Response(b"", status_code=response.status_code, headers=dict(response.headers))
    return response


def error(request: Request, status: int, message: str) -> Response:
    """A plain-text error answer (for RDF clients and unusable requests)."""
    return finish(request, PlainTextResponse(message + "\n", status_code=status))
