"""Entity pages and JSON lookups: median latency and 8-client throughput, cold and warm.

    python bench/pages.py --store /tmp/syn6/store [--sample 30] [--clients 8] [--json out.json]
    python bench/pages.py --url http://127.0.0.1:8000      # a server already running

Starts `mskg serve --store STORE --read-only` on a free loopback port (with a
client budget large enough that the benchmark is never refused 429), picks a
deterministic sample of observations (every 10th of the first ones the
observations graph lists) and of regions (those observations' regions), and
measures, per route (region page, observation page, /api/entity of each, and
the indicator page):

- cold, 1 client: each entity requested once, one request at a time: median
  and p90 latency;
- cold, N clients: other entities of the sample, each requested once, by N
  concurrent clients (keep-alive connections, one thread each): requests/s;
- warm, 1 client: the first entities again, three rounds: median and p90;
- warm, N clients: the same entities over and over for `--seconds`: requests/s.

"Cold" means the server has not answered that entity before (its response
cache, if any, does not hold it); the store's own caches are warm after the
first requests. The machine's load average is printed with the results.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

SITE = "https://w3id.org/mskg"
OBSERVATIONS = ("SELECT ?o WHERE { GRAPH <https://w3id.org/mskg/id/graph/observations> "
                "{ ?o <http://purl.org/linked-data/sdmx/2009/measure#obsValue> ?v } } LIMIT 20000")
HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/json"}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(store: str, log: Path) -> tuple[subprocess.Popen, str]:
    """`mskg serve` on the store, read-only; (process, base URL) once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "mskg.cli", "serve", "--store", store, "--read-only", "--port", str(port),
               "--client-budget", "1000000"]
    process = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: see {log}")
        try:
            status, _ = get(connect(url), "/sparql?query=ASK%7B%7D", {})
            if status == 200:
                return process, url
        except OSError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("the server did not start within 300 s")


def connect(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)


def get(connection: http.client.HTTPConnection, path: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def sample(url: str, size: int) -> tuple[list[str], list[str], list[str]]:
    """Observation, region and indicator paths: deterministic, distinct."""
    status, body = get(connect(url), "/sparql?query=" + quote(OBSERVATIONS),
                       {"Accept": "application/sparql-results+json"})
    if status != 200:
        raise SystemExit(f"listing observations: {status} {body[:200]!r}")
    iris = [row["o"]["value"] for row in json.loads(body)["results"]["bindings"]]
    observations = [iri.removeprefix(SITE) for iri in iris[::10]][:size]
    regions: list[str] = []
    indicators: list[str] = []
    for iri in iris[::7]:
        region, *slug, _, _ = iri.removeprefix(SITE + "/id/obs/").split("/")
        path = ("/id/region/" if region.isdigit() else "/id/area/") + region
        if path not in regions:
            regions.append(path)
        indicator = "/id/indicator/" + "/".join(slug)
        if indicator not in indicators:
            indicators.append(indicator)
    return observations, regions[:size], indicators[:size]


def sequential(url: str, paths: list[str], headers: dict) -> list[float]:
    """Seconds per request, one at a time over one connection; a non-200 answer stops the run."""
    connection = connect(url)
    times = []
    for path in paths:
        started = time.perf_counter()
        status, body = get(connection, path, headers)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"{path}: {status} {body[:200]!r}")
    return times


def concurrent(url: str, paths: list[str], headers: dict, clients: int, seconds: float | None) -> tuple[int, float]:
    """(requests, wall seconds): `clients` threads, each on its own connection; each path once
    (seconds None), or the paths round and round for `seconds`."""
    lock = threading.Lock()
    position = [0]
    done = [0]
    failures: list[str] = []
    stop_at = [float("inf")]

    def take() -> str | None:
        with lock:
            if seconds is None and position[0] >= len(paths):
                return None
            if time.perf_counter() >= stop_at[0]:
                return None
            path = paths[position[0] % len(paths)]
            position[0] += 1
            return path

    def run() -> None:
        connection = connect(url)
        while (path := take()) is not None:
            status, body = get(connection, path, headers)
            if status != 200:
                failures.append(f"{path}: {status}")
            with lock:
                done[0] += 1

    threads = [threading.Thread(target=run) for _ in range(clients)]
    started = time.perf_counter()
    if seconds is not None:
        stop_at[0] = started + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} failed requests, e.g. {failures[:3]}")
    return done[0], time.perf_counter() - started


def ms(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))] * 1000, 1)


def measure(url: str, name: str, paths: list[str], headers: dict, first: int, clients: int,
            seconds: float) -> dict:
    """One route: cold and warm latency (1 client) and throughput (N clients)."""
    few, rest = paths[:first], paths[first:]
    cold = sequential(url, few, headers)
    result = {"route": name, "cold_p50_ms": ms(cold, 50), "cold_p90_ms": ms(cold, 90)}
    if rest:
        count, wall = concurrent(url, rest, headers, clients, None)
        result["cold_rps"] = round(count / wall, 1)
        result["cold_requests"] = count
    warm = sequential(url, few * 3, headers)
    result |= {"warm_p50_ms": ms(warm, 50), "warm_p90_ms": ms(warm, 90)}
    count, wall = concurrent(url, few, headers, clients, seconds)
    result |= {"warm_rps": round(count / wall, 1), "warm_requests": count}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="serve this store (read-only)")
    parser.add_argument("--url", help="or measure a server already running (loopback)")
    parser.add_argument("--sample", type=int, default=30, help="entities per route for the 1-client runs")
    parser.add_argument("--cold", type=int, default=120, help="further entities per route for the N-client cold run")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each warm N-client run")
    parser.add_argument("--routes", default="region,obs,api-region,api-obs,indicator")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if bool(args.store) == bool(args.url):
        raise SystemExit("give --store or --url")
    process = None
    if args.store:
        log = Path(tempfile.mkdtemp(prefix="mskg-pages-")) / "server.log"
        process, url = serve(args.store, log)
    else:
        url = args.url.rstrip("/")
    try:
        size = args.sample + args.cold
        observations, regions, indicators = sample(url, size)
        routes = {"region": (regions, HTML), "obs": (observations, HTML),
                  "api-region": ([p.replace("/id/", "/api/entity/", 1) for p in regions], JSON),
                  "api-obs": ([p.replace("/id/", "/api/entity/", 1) for p in observations], JSON),
                  "indicator": (indicators, HTML)}
        results = []
        print(f"load average before: {os.getloadavg()}", flush=True)
        print("| route | cold p50 ms | cold p90 ms | cold req/s (N clients) | warm p50 ms | warm p90 ms "
              "| warm req/s (N clients) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name in args.routes.split(","):
            paths, headers = routes[name]
            result = measure(url, name, paths, headers, args.sample, args.clients, args.seconds)
            results.append(result)
            print(f"| {name} | {result['cold_p50_ms']} | {result['cold_p90_ms']} | {result.get('cold_rps', '')} "
                  f"({result.get('cold_requests', 0)} req) | {result['warm_p50_ms']} | {result['warm_p90_ms']} | "
                  f"{result['warm_rps']} |", flush=True)
        load = os.getloadavg()
        print(f"load average after: {load}; clients: {args.clients}")
        if args.json:
            Path(args.json).write_text(json.dumps({"load": load, "clients": args.clients, "routes": results},
                                                  indent=1), encoding="utf-8")
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
