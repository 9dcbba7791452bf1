"""The ontology's HTML documentation for /ontology: pyLODE's page (mskg.docs), made once per
process, with the site's header put at the top of its body."""

from __future__ import annotations

import html as markup
import tempfile
import threading
from pathlib import Path

from mskg import docs

_made: dict[str, str] = {}
_lock = threading.Lock()


def documentation() -> str:
    """pyLODE's page for ontology/mskg.ttl (generated on first call, a second or two, then kept)."""
    with _lock:
        if "page" not in _made:
            with tempfile.TemporaryDirectory(prefix="mskg-ontology-") as directory:
                _made["page"] = docs.write_docs(Path(directory)).read_text(encoding="utf-8")
        return _made["page"]


def html(header: str, formats: list[dict[str, str]]) -> str:
    """The documentation with header (the site's navigation) and links to the RDF formats
    opening its body, and the site's stylesheet for that header."""
    page = documentation()
    links = " · ".join(f'<a href="{markup.escape(f["url"])}" type="{markup.escape(f["media_type"])}">'
                       f'{markup.escape(f["name"])}</a>' for f in formats)
    banner = (f'{header}<p class="mskg-iri">IRI <code>https://w3id.org/mskg/ontology#</code> · '
              f'RDF: {links}</p>')
    page = page.replace("</head>", '<link rel="stylesheet" href="/static/header.css">\n</head>', 1)
    start = page.index("<body")
    start = page.index(">", start) + 1
    return page[:start] + banner + page[start:]
