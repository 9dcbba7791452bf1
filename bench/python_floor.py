"""How close can a Python HTTP server on pyoxigraph get to Oxigraph's own server on a point query?

    python bench/python_floor.py [--store /tmp/syn4/store] [--query dataset-description]
                                 [--seconds 8] [--rounds 2]

Runs, on the same store and one after another in each round: Oxigraph's server
(`oxigraph serve-read-only --union-default-graph`), `mskg serve --result-cache 0`
(every request evaluated, with the serving benchmark's options: bench/servers.py)
and a minimal ASGI app under uvicorn (httptools, uvloop, as `mskg serve`), which
evaluates the POSTed query on a read-only pyoxigraph handle and sends its JSON:
no admission, no limits, no caches. The minimal app runs the query on its event
loop or in 3 threads, in one process or in two that share one listening socket
(forked after binding it). Each gets `--rounds` wrk runs (8 connections,
`--seconds` each) after a warm-up; printed: requests/s, CPU of the server's
process tree per request (/proc), and throughput over Oxigraph's in the same
round. Results and what they mean: bench/RESULTS-http.md, "a floor in Python".

    python bench/python_floor.py --serve loop|threads --processes N --store S --port P

starts one minimal app (what the benchmark runs as a child).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import client
import servers

HERE = Path(__file__).resolve().parent
THREADS = 3


def app(store_path: str, mode: str):
    """The minimal ASGI app: the request body's query, evaluated (union default graph), as JSON."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    pool = ThreadPoolExecutor(THREADS) if mode == "threads" else None

    def answer(text: str) -> bytes:
        return store.query(text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)

    async def application(scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        text = body.decode("utf-8") or "ASK {}"  # the readiness probe is a GET
        data = answer(text) if pool is None else await asyncio.get_running_loop().run_in_executor(pool, answer, text)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/sparql-results+json"),
                                (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": data})

    return application


def serve(store_path: str, mode: str, processes: int, port: int) -> None:
    """Run the minimal app in `processes` processes on one listening socket."""
    import uvicorn

    listening = socket.socket()
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(("127.0.0.1", port))
    listening.listen(2048)
    children = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:
            config = uvicorn.Config(app(store_path, mode), access_log=False, log_level="warning")
            uvicorn.Server(config).run(sockets=[listening])
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)


class MinimalServer(servers.Server):
    """The minimal app as a benchmarked server."""

    def __init__(self, store: str, *, mode: str, processes: int, **kwargs):
        super().__init__(store, **kwargs)
        self.mode, self.processes = mode, processes
        self.name = f"minimal app, {'on the event loop' if mode == 'loop' else f'{THREADS} threads'}, " \
                    f"{processes} process{'es' if processes > 1 else ''}"

    def command(self) -> list[str]:
        return [sys.executable, str(HERE / "python_floor.py"), "--serve", self.mode, "--processes",
                str(self.processes), "--store", self.store, "--port", str(self.port)]


def measure(server: servers.Server, request: client.Request, seconds: float) -> tuple[float, float]:
    """(requests/s, CPU ms per request of the server's process tree) over one wrk run."""
    before = servers.tree_cpu(server.process.pid)
    rate, failed = client.throughput(request, seconds, 30)
    cpu = servers.tree_cpu(server.process.pid) - before
    if failed:
        raise SystemExit(f"{server.name}: {failed} requests failed")
    return rate, 1000 * cpu / (rate * seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="/tmp/syn4/store")
    parser.add_argument("--query", default="dataset-description", help="an example query of queries/")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serve", choices=("loop", "threads"), help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.store, args.serve, args.processes, args.port)
        return
    text = (HERE.parent / "queries" / f"{args.query}.rq").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="mskg-floor-") as logs:
        contenders = [servers.OxigraphServer(args.store, log_dir=logs),
                      servers.MskgServer(args.store, timeout=30, options=("--result-cache", "0"),
                                         name="mskg serve --result-cache 0", log_dir=logs)]
        contenders += [MinimalServer(args.store, mode=mode, processes=n, log_dir=logs)
                       for n in (1, 2) for mode in ("loop", "threads")]
        figures: dict[str, list[tuple[float, float, float]]] = {s.name: [] for s in contenders}
        for _ in range(args.rounds):
            reference = None
            for server in contenders:
                if not server.start():
                    raise SystemExit(f"{server.name}: {server.failure}")
                try:
                    request = client.query_request(server.query_url, text, "application/sparql-results+json")
                    measure(server, request, 2)  # warm-up (and mskg's learning of the request)
                    rate, cpu = measure(server, request, args.seconds)
                finally:
                    server.stop()
                reference = reference or rate
                figures[server.name].append((rate, cpu, rate / reference))
    print(f"{args.query} on {args.store}, wrk 8 connections, {args.seconds:g} s, {args.rounds} rounds; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    print("| server | req/s | CPU per request | ÷ Oxigraph's req/s |\n| --- | ---: | ---: | ---: |")
    for name, runs in figures.items():
        rates, cpus, ratios = zip(*runs)
        print(f"| {name} | {_span(rates, '{:,.0f}')} | {_span(cpus, '{:.2f}')} ms | "
              f"{_span(ratios, '{:.2f}')}× |")


def _span(values, form: str) -> str:
    low, high = min(values), max(values)
    return form.format(low) if form.format(low) == form.format(high) else f"{form.format(low)}–{form.format(high)}"


if __name__ == "__main__":
    main()
