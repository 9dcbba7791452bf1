"""Load test: mixed traffic against a running `mskg serve`, at several numbers of concurrent clients.

    python bench/load.py --url http://127.0.0.1:8000 --clients 8,32,128 --duration 30 --max-requests 20000 \
        [--mix sparql=1,lookup=3,page=3,search=3] [--one-address] [--json results.json]

Each level runs `clients` virtual clients, each in a loop (one request at a
time) until `duration` seconds or `max-requests` requests in all have passed.
A client is its own loopback address (127.0.x.y: Linux routes all of
127.0.0.0/8 to loopback), so the server's per-client limits see distinct
clients, as they would see distinct users; `--one-address` sends everything
from 127.0.0.1 instead. Only loopback URLs are accepted.

Request kinds (weights in --mix):
  sparql  POST one of queries/*.rq at /sparql (SPARQL JSON results; not the
          federated ones, which need the network)
  lookup  a point lookup at /sparql: an observation's values, by IRI
  page    GET an entity page, /id/obs/... or /id/region/... (HTML)
  search  GET /api/search?q=<a term>
Entity IRIs are read from the store first (so any store works). A kind
whose route answers 404 (not in this build of the server) is left out, with
a note. Reported per level: requests, throughput, latency p50/p99 (ms),
statuses, and transport errors (refused or dropped connections, client
timeouts). A 503 or 429 with Retry-After is the server shedding load by
design; anything else >= 500 or a transport error is an error.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import httpx

QUERIES = Path(__file__).resolve().parent.parent / "queries"
SEARCH_TERMS = ["就业", "养老", "阿勒泰", "urban", "新疆", "教育", "医疗", "住房"]
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
OBSERVATIONS = ("SELECT ?o WHERE { ?o a <http://purl.org/linked-data/cube#Observation> } LIMIT 200")
REGIONS = "SELECT ?r WHERE { ?r a <https://w3id.org/mskg/ontology#Region> } LIMIT 200"
LOOKUP = "SELECT ?p ?v WHERE {{ <{iri}> ?p ?v }}"
SITE = "https://w3id.org/mskg"


def loopback_only(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        if host == "localhost" or ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"{url}: only loopback servers are load-tested")


def address(n: int) -> str:
    """The loopback address of virtual client n (127.0.1.1, 127.0.1.2, ...)."""
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


class Traffic:
    """What the clients send: the request kinds the server has, and the IRIs they use."""

    def __init__(self, url: str, mix: dict[str, float]) -> None:
        self.url, self.mix, self.notes = url, dict(mix), []
        texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(QUERIES.glob("*.rq"))}
        self.queries = [text for text in texts.values() if "SERVICE" not in text]
        self.notes.append("sparql: left out (federated, SERVICE): "
                          + ", ".join(name for name, text in texts.items() if "SERVICE" in text))
        with httpx.Client(timeout=120) as client:
            self.observations = self._iris(client, OBSERVATIONS)
            self.regions = self._iris(client, REGIONS)
            for kind in [kind for kind in self.mix if kind in ("page", "search")]:
                method, path, kwargs = self.request(kind, random.Random(0))
                status = client.request(method, self.url + path, **kwargs).status_code
                if status == 404:
                    self.notes.append(f"{kind}: {path} answers 404 in this server; left out of the mix")
                    del self.mix[kind]
        if not self.mix:
            raise SystemExit("nothing to send")

    def _iris(self, client: httpx.Client, query: str) -> list[str]:
        response = client.post(f"{self.url}/sparql", data={"query": query}, headers=JSON_RESULTS)
        response.raise_for_status()
        return [row[next(iter(row))]["value"] for row in response.json()["results"]["bindings"]]

    def request(self, kind: str, rng: random.Random) -> tuple[str, str, dict]:
        """(method, path, httpx keyword arguments) of one request of this kind."""
        if kind == "sparql":
            return "POST", "/sparql", {"data": {"query": rng.choice(self.queries)}, "headers": JSON_RESULTS}
        if kind == "lookup":
            query = LOOKUP.format(iri=rng.choice(self.observations))
            return "GET", "/sparql", {"params": {"query": query}, "headers": JSON_RESULTS}
        if kind == "page":
            iri = rng.choice(self.observations if rng.random() < 0.5 else self.regions)
            return "GET", iri.removeprefix(SITE), {"headers": {"Accept": "text/html"}}
        if kind == "search":
            return "GET", "/api/search", {"params": {"q": rng.choice(SEARCH_TERMS)}}
        raise ValueError(kind)


async def client_loop(n: int, traffic: Traffic, one_address: bool, stop_at: float, budget: list[int],
                      records: list[tuple]) -> None:
    rng = random.Random(n)
    kinds, weights = zip(*traffic.mix.items())
    transport = httpx.AsyncHTTPTransport(local_address=None if one_address else address(n))
    async with httpx.AsyncClient(base_url=traffic.url, transport=transport, timeout=120) as client:
        while time.monotonic() < stop_at and budget[0] > 0:
            budget[0] -= 1
            kind = rng.choices(kinds, weights)[0]
            method, path, kwargs = traffic.request(kind, rng)
            started = time.monotonic()
            try:
                response = await client.request(method, path, **kwargs)
                await response.aread()
                outcome = response.status_code
                retry = response.headers.get("retry-after")
            except httpx.HTTPError as error:
                outcome, retry = type(error).__name__, None
            records.append((kind, outcome, time.monotonic() - started, retry))
            if retry is not None:  # a refusal: wait as asked (bounded so the run still ends)
                await asyncio.sleep(min(float(retry), max(0.0, stop_at - time.monotonic())))


async def level(traffic: Traffic, clients: int, duration: float, max_requests: int, one_address: bool) -> dict:
    records: list[tuple] = []
    started = time.monotonic()
    budget = [max_requests]
    await asyncio.gather(*(client_loop(n, traffic, one_address, started + duration, budget, records)
                           for n in range(clients)))
    elapsed = time.monotonic() - started
    statuses = Counter(str(outcome) for _, outcome, _, _ in records)
    ok = [seconds for _, outcome, seconds, _ in records if outcome == 200]
    errors = sum(count for outcome, count in statuses.items()
                 if not outcome.isdigit() or (int(outcome) >= 500 and outcome != "503"))
    shed = sum(1 for _, outcome, _, retry in records if outcome in (429, 503) and retry is not None)
    by_kind = {}
    for kind in traffic.mix:
        times = sorted(seconds for k, outcome, seconds, _ in records if k == kind and outcome == 200)
        by_kind[kind] = {"ok": len(times), "p50_ms": _pct(times, 50), "p99_ms": _pct(times, 99)}
    return {"clients": clients, "requests": len(records), "seconds": round(elapsed, 1),
            "throughput": round(len(records) / elapsed, 1), "ok": len(ok),
            "p50_ms": _pct(sorted(ok), 50), "p99_ms": _pct(sorted(ok), 99),
            "shed_with_retry_after": shed, "errors": errors, "statuses": dict(statuses), "by_kind": by_kind}


def _pct(sorted_seconds: list[float], percent: int) -> float | None:
    if not sorted_seconds:
        return None
    index = min(len(sorted_seconds) - 1, max(0, round(percent / 100 * len(sorted_seconds)) - 1))
    return round(sorted_seconds[index] * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", default="8,32,128", help="comma-separated numbers of concurrent clients")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per level (at most)")
    parser.add_argument("--max-requests", type=int, default=20000, help="requests per level (at most)")
    parser.add_argument("--mix", default="sparql=1,lookup=3,page=3,search=3", help="kind=weight,...")
    parser.add_argument("--one-address", action="store_true", help="all clients from 127.0.0.1")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    url = args.url.rstrip("/")
    loopback_only(url)
    mix = {kind: float(weight) for kind, weight in (part.split("=") for part in args.mix.split(","))}
    traffic = Traffic(url, mix)
    for note in traffic.notes:
        print(f"note: {note}", file=sys.stderr)
    results = []
    print("| clients | requests | req/s | p50 ms | p99 ms | shed (429/503 + Retry-After) | errors | statuses |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for clients in (int(c) for c in args.clients.split(",")):
        result = asyncio.run(level(traffic, clients, args.duration, args.max_requests, args.one_address))
        results.append(result)
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(result["statuses"].items()))
        print(f"| {clients} | {result['requests']} | {result['throughput']} | {result['p50_ms']} | "
              f"{result['p99_ms']} | {result['shed_with_retry_after']} | {result['errors']} | {statuses} |",
              flush=True)
    for result in results:
        kinds = "; ".join(f"{kind} p50 {v['p50_ms']} / p99 {v['p99_ms']} ms ({v['ok']} ok)"
                          for kind, v in result["by_kind"].items())
        print(f"{result['clients']} clients by kind: {kinds}")
    if args.json:
        Path(args.json).write_text(json.dumps({"mix": traffic.mix, "notes": traffic.notes, "levels": results},
                                              indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
