"""The SPARQL editor in a real browser: headless Chromium (tests/browser.py) against a real `mskg serve`.

The page at /sparql must load YASGUI from /static, open one tab per query of
queries/, and run a preloaded query against its own endpoint into a results
table.

The screenshot is written to the test's tmp dir; with MSKG_KEEP_ARTIFACTS set
it is also copied to tests/artifacts/sparql-editor.png (not committed).
"""

from __future__ import annotations

import pytest
from browser import CHROMIUM, open_browser
from conftest import MskgServer

from mskg import paths
from mskg.web.queries import example_queries

TAB = "example-region-observations"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    process = MskgServer(tmp_path_factory.mktemp("editor-server"), "--store", str(seed_store))
    process.start(timeout=60)
    yield process.url
    process.stop()


@pytest.fixture
def browser(tmp_path):
    with open_browser(tmp_path) as browser:
        yield browser


def test_the_editor_opens_every_query_and_runs_one(server, browser, tmp_path):
    browser.send("Page.navigate", url=f"{server}/sparql")
    names = [example["name"] for example in example_queries()]
    tabs = browser.wait(f"""(() => {{
        const tabs = [...document.querySelectorAll(".tabsList a[role=tab]")].map(a => a.id);
        return tabs.length >= {len(names)} && tabs; }})()""")
    assert tabs == [f"tab-example-{name}" for name in names], "one tab per query file, in order"

    browser.evaluate(f'document.getElementById("tab-{TAB}").click()')
    browser.wait(f'document.getElementById("{TAB}").classList.contains("active")')
    query = browser.evaluate(f'document.querySelector("#{TAB} .CodeMirror").CodeMirror.getValue()')
    assert query == (paths.QUERIES / "region-observations.rq").read_text(encoding="utf-8")

    browser.evaluate(f'document.querySelector("#{TAB} .yasqe_queryButton").click()')
    rows = browser.wait(f'document.querySelectorAll("#{TAB} .yasr_results table tbody tr").length', 60)
    table = browser.evaluate(f'document.querySelector("#{TAB} .yasr_results table").innerText')
    assert rows > 1 and "阿勒泰地区" in table and "654300" in table

    screenshot = browser.screenshot(tmp_path / "sparql-editor.png")
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
