"""Headless Chromium for the browser tests, driven over the DevTools protocol.

Debian's `chromium` is started with a fresh profile and driven by the small
client below (`websockets`, which uvicorn[standard] already brings): no
WebDriver, no browser download. `open_browser(directory)` yields a Browser on
its first page; `CHROMIUM` is None when there is no chromium to run.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import time
from pathlib import Path

import httpx
from conftest import Server, free_port
from websockets.sync.client import ClientConnection, connect

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")
ARTIFACTS = Path(__file__).parent / "artifacts"


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

    def open(self, url: str, timeout: float = 30) -> None:
        """Navigate to url and wait until its document has loaded."""
        self.send("Page.navigate", url=url)
        self.wait(f"document.readyState === 'complete' && location.href.startsWith({json.dumps(url.split('#')[0])})",
                  timeout)

    def screenshot(self, path: Path) -> Path:
        """Save a PNG of the page to path and, with MSKG_KEEP_ARTIFACTS set, to tests/artifacts/."""
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))
        if os.environ.get("MSKG_KEEP_ARTIFACTS"):
            ARTIFACTS.mkdir(exist_ok=True)
            shutil.copyfile(path, ARTIFACTS / path.name)
        return path


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


@contextlib.contextmanager
def open_browser(directory: Path):
    """A headless Chromium with a fresh profile in directory; its first page, as a Browser."""
    profile = directory / "profile"
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
