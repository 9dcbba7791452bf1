"""What mskg's ASGI app spends on a kept /sparql answer, without sockets or HTTP parsing.

    python bench/app_cost.py [--store /tmp/syn4/store] [--query dataset-description] [--requests 5000]
                             [--profile]

Builds the app as `mskg serve` does (default settings, the query workers
started), sends the example query once as a GET with its URL-encoded text so
that its answer is kept (mskg.web.result_cache), then calls the app directly
`--requests` times, five times over: the best microseconds per request are
printed. `--profile` adds a cProfile of one more pass, by internal time.
bench/RESULTS-http.md ("Kept answers") has the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import time
import urllib.parse
from pathlib import Path

from mskg.web.app import Settings, create_app
from mskg.web.engine import open_engine

QUERIES = Path(__file__).resolve().parents[1] / "queries"


def request(query_string: bytes) -> dict:
    """An ASGI scope of GET /sparql asking for JSON results."""
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": "/sparql", "raw_path": b"/sparql", "query_string": query_string,
            "root_path": "", "headers": [(b"host", b"127.0.0.1:8000"),
                                         (b"accept", b"application/sparql-results+json")],
            "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8000), "state": {}}


async def run(args) -> None:
    app = create_app(open_engine(args.store, (), frozenset(), read_only=True), settings=Settings())
    app.state.pool.start()
    text = (QUERIES / f"{args.query}.rq").read_text(encoding="utf-8")
    query_string = ("query=" + urllib.parse.quote(text)).encode()
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    async def requests(count: int) -> None:
        for _ in range(count):
            await app(request(query_string), receive, send)

    try:
        await requests(3)
        timing = dict(sent[-2]["headers"]).get(b"server-timing", b"").decode()
        if sent[-2]["status"] != 200 or "cache" not in timing:
            raise SystemExit(f"the answer was not kept: {sent[-2]['status']} {timing}")
        best = float("inf")
        for _ in range(5):
            sent.clear()
            started = time.perf_counter()
            await requests(args.requests)
            best = min(best, (time.perf_counter() - started) / args.requests)
        print(f"{args.query}: {best * 1e6:.1f} µs per kept answer ({len(query_string):,}-byte query string)")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            await requests(args.requests)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
    finally:
        app.state.pool.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/syn4/store")
    parser.add_argument("--query", default="dataset-description", help="an example query of queries/")
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--profile", action="store_true")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
