"""The SPARQL editor page: example queries as tabs, YASGUI from our own static files only."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from mskg import paths
from mskg.web.queries import example_queries, title

WEB = Path(__file__).resolve().parents[1] / "src" / "mskg" / "web"
VENDOR = WEB / "static" / "vendor" / "yasgui"


class Page(HTMLParser):
    """The URLs a page loads (script src, link href) and the text of its scripts by id."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._script = attrs.get("id") or f"inline-{len(self.scripts)}"
            self.scripts[self._script] = ""
            if attrs.get("src"):
                self.urls.append(attrs["src"])
        if tag == "link":
            self.urls.append(attrs["href"])
        if tag in ("img", "iframe") and attrs.get("src"):
            self.urls.append(attrs["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self.scripts[self._script] += data


def render(**context) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB / "templates"), autoescape=True)
    return environment.get_template("sparql_editor.html").render(**context)


def test_example_queries_are_every_rq_file_with_the_first_comment_line_as_title():
    examples = example_queries()
    assert [e["name"] for e in examples] == sorted(p.stem for p in paths.QUERIES.glob("*.rq"))
    by_name = {e["name"]: e for e in examples}
    assert by_name["region-observations"]["title"] == \
        "All observations of one region, with every article and quote that reports them"
    assert by_name["region-observations"]["query"] == \
        (paths.QUERIES / "region-observations.rq").read_text(encoding="utf-8")
    assert all(e["title"] and not e["title"].startswith("#") for e in examples)
    assert title("SELECT * WHERE {}") == "" and title("\n# Counts\nSELECT") == "Counts"


def test_the_editor_page_loads_only_local_yasgui_assets_and_holds_every_query():
    examples = example_queries()
    page = Page(render(queries=examples))
    assert sorted(page.urls) == ["/static/vendor/yasgui/yasgui.min.css", "/static/vendor/yasgui/yasgui.min.js"]
    for url in page.urls:
        assert (WEB / url.removeprefix("/")).is_file()
    assert json.loads(page.scripts["mskg-example-queries"]) == examples
    code = "".join(text for name, text in page.scripts.items() if name != "mskg-example-queries")
    assert not re.search(r"https?://", code), "the page's own script talks to its server only"
    assert '"/sparql"' in code and "new Yasgui(" in code and "addTab(" in code


def test_the_endpoint_and_static_prefix_can_be_set_by_whoever_mounts_the_page():
    page = Page(render(queries=example_queries()[:1], endpoint="/api/sparql", static_url="/assets/"))
    assert sorted(page.urls) == ["/assets/vendor/yasgui/yasgui.min.css", "/assets/vendor/yasgui/yasgui.min.js"]
    assert '"/api/sparql"' in "".join(page.scripts.values())


def test_yasgui_is_vendored_as_pinned():
    root = paths.ROOT
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["@zazuko/yasgui"]
    locked = json.loads((root / "package-lock.json").read_text())["packages"]["node_modules/@zazuko/yasgui"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned) and locked["version"] == pinned
    assert {p.name for p in VENDOR.iterdir()} == {"yasgui.min.js", "yasgui.min.css", "LICENSE"}
    assert "MIT License" in (VENDOR / "LICENSE").read_text()
    assert f"YASGUI {pinned}" in (VENDOR.parent / "README.md").read_text()
    assert f"YASGUI {pinned}" in (WEB / "templates" / "sparql_editor.html").read_text()
    assert b"e.Yasgui=" in (VENDOR / "yasgui.min.js").read_bytes()[:1000], "the UMD bundle, global Yasgui"
