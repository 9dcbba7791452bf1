"""The SPARQL editor in a real browser: headless Chromium against a real `mskg serve`.

Chromium (Debian's `chromium`) is driven over the DevTools protocol by the
small client below (`websockets`, which uvicorn[standard] already brings): no
WebDriver, no browser download. The page at /sparql must load YASGUI from
/static, open one tab per query of queries/, and run a preloaded query
against its own endpoint into a results table.

The screenshot is written to the test's tmp dir; with MSKG_KEEP_ARTIFACTS set
it is also copied to tests/artifacts/sparql-editor.png (not committed).
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import time
from pathlib import Path

import httpx
import pytest
from conftest import MskgServer, Server, free_port
from websockets.sync.client import ClientConnection, connect

from mskg import paths
from mskg.web.queries import example_queries

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")
ARTIFACT = Path(__file__).parent / "artifacts" / "sparql-editor.png"
TAB = "example-region-observations"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")


class Browser:
    """One page of a running Chromium, driven over its DevTools WebSocket."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    def send(self, method: str, **params) -> dict:
        """Call a DevTools method and return its result (events in between are skipped)."""
        call = next(self.ids)
        self.socket.send(json.dumps({"id": call, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=60))
            if message.get("id") == call:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-serialisable)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 30):
        """Poll a JavaScript expression until it is truthy; its value."""
        return wait_for(lambda: self.evaluate(expression), timeout, expression)


def wait_for(condition, timeout: float, what: str):
    """Poll condition until it returns something truthy, which is returned."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except (OSError, httpx.HTTPError, ValueError):
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"waited {timeout}s for {what}")


@pytest.fixture(scope="module")
def server(seed_store, tmp_path_factory):
    process = MskgServer(tmp_path_factory.mktemp("editor-server"), "--store", str(seed_store))
    process.start(timeout=60)
    yield process.url
    process.stop()


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium with a fresh profile; its first page."""
    profile = tmp_path / "profile"
    profile.mkdir()
    port = free_port()
    devtools = f"http://127.0.0.1:{port}"
    chromium = Server([CHROMIUM, *FLAGS, f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
                       "about:blank"], profile, devtools, f"{devtools}/json/version")
    chromium.start(timeout=60)
    try:
        pages = wait_for(lambda: [t for t in httpx.get(f"{devtools}/json/list").json() if t["type"] == "page"],
                         30, "a page target")
        with connect(pages[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=30) as socket:
            yield Browser(socket)
    finally:
        chromium.stop()


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

    screenshot = tmp_path / "sparql-editor.png"
    screenshot.write_bytes(base64.b64decode(browser.send("Page.captureScreenshot", format="png")["data"]))
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("MSKG_KEEP_ARTIFACTS"):
        ARTIFACT.parent.mkdir(exist_ok=True)
        shutil.copyfile(screenshot, ARTIFACT)
