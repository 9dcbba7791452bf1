"""The serving benchmark: mskg serve against Oxigraph's own server and rdflib-endpoint, same data, same run.

    python bench/run.py [--sizes 4,5,6] [--quick]        # stores /tmp/syn{N}/store (bench/synthetic.py)
    python bench/run.py --store PATH --label NAME --quick # any store (the smoke test's)

Per size: the workload's parameters are picked from the store
(bench/workload.py); the servers are started one after the other: Oxigraph's,
`mskg serve` twice (as it runs by default, answering a request it answered
before from its result cache; and with `--result-cache 0`, evaluating every
request as on its first run), rdflib-endpoint (load
time, then resident memory sampled until they stop, bench/servers.py). Before
each query, each server is left to settle (its processes idle, at most 20 s:
mskg replacing a worker it stopped or building its search index, Oxigraph's
server restarting). Each
query is sent once to every server (warm-up, result sizes compared), then in
rounds, one request per server per round, the order rotating, so that noise
on this shared machine hits all of them alike; the median of each is kept.
Throughput is 8 concurrent clients (bench/client.py): for 5 s (1 s with
--quick) with wrk when the query is fast (Oxigraph's median under 0.5 s), else
8 requests at once, and not at all when Oxigraph needs more than 2.5 s per
query. Queries may run 60 s (10 s with --quick): mskg answers 503 then, and
Oxigraph's server is restarted. rdflib-endpoint runs queries on its event
loop and cannot stop one: past 30 s (5 s) it is restarted, at most
--peer-restarts times, and the query reported as timed out.
mskg's entity routes (HTML page, JSON lookup) are measured when they answer
200, else reported as not available.

Results go to bench/results/<label>.json; bench/RESULTS.md is rendered from
every results file there (bench/report.py).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import client  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402

HERE = Path(__file__).resolve().parent
FAST = 0.5
"""seconds: queries whose Oxigraph median is below this get a timed run, slower ones a burst of 8"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def count_rows(body: bytes, graph: bool) -> int | None:
    """Solutions (or distinct triples) in an answer, None if it is too big to parse here."""
    if graph:
        return len(set(body.splitlines()) - {b""})
    if len(body) > 50_000_000:
        return None
    data = json.loads(body)
    return 1 if "boolean" in data else len(data["results"]["bindings"])


class Run:
    """One size: the servers, the workload and what was measured."""

    def __init__(self, args, store: str, label: str) -> None:
        self.args, self.store, self.label = args, store, label
        self.timeout = args.timeout + 5  # the servers' own limit answers first
        self.logs = tempfile.mkdtemp(prefix=f"mskg-bench-{label}-")
        common = {"log_dir": self.logs, "load_limit": args.load_limit}
        self.servers = [servers.OxigraphServer(store, **common),
                        servers.MskgServer(store, timeout=args.timeout, **common),
                        servers.MskgServer(store, timeout=args.timeout, options=("--result-cache", "0"),
                                           name=report.FRESH, **common),
                        servers.RdflibServer(store, dump_dir=args.dump_dir, rss_limit=int(args.peer_rss * 2**30),
                                             **common)]
        self.restarts = args.peer_restarts
        self.result: dict = {"label": label, "store": store, "quick": args.quick,
                             "date": datetime.datetime.now().isoformat(timespec="minutes"),
                             "commit": _commit(), "loadavg": [loadavg()], "generator": client.generator(),
                             "cpus": os.cpu_count()}

    def alive(self) -> list[servers.Server]:
        return [s for s in self.servers if s.failure is None]

    def execute(self) -> dict:
        log(f"{self.label}: picking the workload's parameters from {self.store}")
        params = workload.pick(self.store)
        self.result["params"] = params
        try:
            for server in self.servers:
                log(f"{self.label}: starting {server.name}")
                server.start()
                log(f"{self.label}: {server.name} " + (f"answers after {server.load_seconds:.1f} s"
                                                       if server.failure is None else server.failure))
            self.result["overhead"] = self.overhead()
            wanted = [part for part in self.args.only.split(",") if part]
            self.result["queries"] = [self.measure(query) for query in workload.queries(params)
                                      if not wanted or any(part in query.name for part in wanted)]
            self.result["routes"] = [self.route(route) for route in workload.routes(params)]
        finally:
            for server in self.servers:
                server.stop()
        self.result["servers"] = {s.name: {"load_seconds": s.load_seconds, "peak_rss": s.peak_rss,
                                           "store_bytes": s.store_bytes(), "failure": s.failure}
                                  for s in self.servers}
        self.result["loadavg"].append(loadavg())
        return self.result

    def overhead(self) -> dict:
        """The load generator against Oxigraph's server on ASK {}: rate and client CPU per request."""
        oxigraph = self.servers[0]
        request = client.query_request(oxigraph.query_url, "ASK {}", "application/sparql-results+json")
        out = {}
        for name, run in (("wrk", client._wrk), ("python", client._python)):
            if name == "wrk" and client.generator() != "wrk" or name == "python" and self.args.quick \
                    and client.generator() == "wrk":
                continue
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            rate, _ = run(request, self.args.seconds, 10)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            out[name] = {"rate": rate, "cpu_us_per_request": 1e6 * cpu / max(1.0, rate * self.args.seconds)}
            log(f"{self.label}: load generator {name} on Oxigraph ASK {{}}: {rate:,.0f} req/s, "
                f"{out[name]['cpu_us_per_request']:.0f} µs client CPU per request")
        return out

    def probe(self, server: servers.Server, request: client.Request, timeout: float) -> tuple[int, bytes, float] | str:
        """One request; a string saying what went wrong instead of an answer."""
        try:
            return client.Connection(request.url, timeout).get(request)
        except client.Timeout:
            self.restart(server)
            return f"> {timeout:g} s"
        except (OSError, http.client.HTTPException) as error:
            return f"failed: {error}"

    def restart(self, server: servers.Server) -> None:
        """Stop a query that does not finish: restart Oxigraph's server, or rdflib-endpoint while its
        budget of reloads lasts. mskg stops its own queries (503 at its --timeout) and is left alone."""
        if isinstance(server, servers.OxigraphServer):
            server.restart()
            return
        if isinstance(server, servers.MskgServer):
            return
        if self.restarts <= 0:
            server.stop()
            server.failure = "stopped measuring: a query did not finish and the restart budget is spent"
            return
        self.restarts -= 1
        log(f"{self.label}: restarting {server.name} (a query did not finish)")
        server.restart()

    def measure(self, query: workload.Query) -> dict:
        """Warm-up, latency rounds and throughput of one query on every server still up."""
        out: dict = {"name": query.name, "rows": {}, "median": {}, "samples": {}, "note": {}, "throughput": {}}
        first: dict[str, float] = {}
        for server in self.alive():
            settle(server)
            timeout = self.args.peer_timeout if isinstance(server, servers.RdflibServer) else self.timeout
            answer = self.probe(server, client.query_request(server.query_url, query.text, query.accept), timeout)
            if isinstance(answer, str):
                out["note"][server.name] = answer
            elif answer[0] != 200:
                out["note"][server.name] = f"HTTP {answer[0]}: {answer[1][:200].decode('utf-8', 'replace')}"
            else:
                out["rows"][server.name] = count_rows(answer[1], query.graph)
                first[server.name] = answer[2]
        measured = [s for s in self.alive() if s.name in first]
        self.rounds(query, measured, first, out)
        self.throughput(query, measured, out)
        summary = ", ".join(f"{name} {1000 * t:.1f} ms" for name, t in out["median"].items())
        log(f"{self.label}: {query.name}: {summary} {out['note'] or ''}")
        return out

    def rounds(self, query: workload.Query, measured: list, first: dict[str, float], out: dict) -> None:
        """Interleaved rounds: Oxigraph and mskg get the same number, rdflib at most as many."""
        if not measured:
            return
        budget, most = self.args.budget, self.args.rounds
        main = max([first[s.name] for s in measured if not isinstance(s, servers.RdflibServer)] or [0.0])
        count = max(1 if main > budget / 3 else 3, min(most, int(budget / max(2 * main, 1e-3))))
        allowed = {s.name: count if not isinstance(s, servers.RdflibServer)
                   else max(1, min(count, int(budget / max(first[s.name], 1e-3)))) for s in measured}
        times: dict[str, list[float]] = {s.name: [] for s in measured}
        connections = {s.name: client.Connection(s.query_url, self.timeout) for s in measured}
        for number in range(count):
            order = measured[number % len(measured):] + measured[:number % len(measured)]
            for server in order:
                if len(times[server.name]) >= allowed[server.name] or server.failure:
                    continue
                try:
                    status, _, seconds = connections[server.name].get(
                        client.query_request(server.query_url, query.text, query.accept))
                except client.Timeout:
                    out["note"][server.name] = f"> {self.timeout:g} s in a round"
                    allowed[server.name] = 0
                    self.restart(server)
                    connections[server.name] = client.Connection(server.query_url, self.timeout)
                    continue
                except (OSError, http.client.HTTPException) as error:
                    out["note"][server.name] = f"failed in a round: {error}"
                    allowed[server.name] = 0
                    continue
                if status == 200:
                    times[server.name].append(seconds)
                else:
                    out["note"][server.name] = f"HTTP {status} in a round"
        for name, values in times.items():
            connections[name].close()
            if values:
                out["median"][name] = statistics.median(values)
                out["samples"][name] = len(values)

    def throughput(self, query: workload.Query, measured: list, out: dict) -> None:
        """8 concurrent clients: a timed wrk run for fast queries, a burst of 8 for slow ones."""
        reference = out["median"].get("Oxigraph")
        if reference is None or reference > self.args.budget / client.CLIENTS:
            out["method"] = "not run: Oxigraph takes " + ("too long" if reference is None else f"{reference:.1f} s")
            return
        fast = reference < FAST
        out["method"] = f"wrk {self.args.seconds:g} s" if fast and client.generator() == "wrk" else \
            (f"{client.generator()} {self.args.seconds:g} s" if fast else "burst of 8")
        for number, server in enumerate(measured):
            median = out["median"].get(server.name)
            if median is None or server.failure:
                continue
            if isinstance(server, servers.RdflibServer) and client.CLIENTS * median > self.args.budget:
                # one event loop answers one query at a time: 8 clients get at most 1 / median
                out["throughput"][server.name] = 1 / median
                out.setdefault("bound", []).append(server.name)
                continue
            request = client.query_request(server.query_url, query.text, query.accept)
            if fast and median < FAST:
                rate, failed = client.throughput(request, self.args.seconds, self.timeout)
            else:
                rate, failed = client.burst(request, self.timeout)
            if failed:
                out["note"][server.name] = f"{failed} failed under load"
            out["throughput"][server.name] = rate

    def route(self, route: workload.Route) -> dict:
        """An mskg entity route: latency median of sequential requests and throughput, if it answers 200."""
        mskg = self.servers[1]
        out = {"name": route.name, "path": route.path}
        if mskg.failure:
            out["note"] = mskg.failure
            return out
        request = client.Request(mskg.base + route.path, route.accept)
        connection = client.Connection(request.url, self.timeout)
        try:
            status, _, _ = connection.get(request)
        except (client.Timeout, OSError) as error:
            status = f"{type(error).__name__}"
        if status != 200:
            out["note"] = f"route not available (HTTP {status})"
            connection.close()
            return out
        times = [connection.get(request)[2] for _ in range(self.args.route_requests)]
        connection.close()
        out["median"] = statistics.median(times)
        out["throughput"], failed = client.throughput(request, self.args.seconds, self.timeout)
        if failed:
            out["note"] = f"{failed} failed under load"
        log(f"{self.label}: {route.name}: {1000 * out['median']:.1f} ms, {out['throughput']:,.0f} req/s")
        return out


SETTLED = 0.05  # of a core: a server's processes using less than this are taken to be idle
SETTLE_FOR = 20.0  # seconds at most


def settle(server: servers.Server) -> None:
    """Wait (at most SETTLE_FOR s) until the server's processes are idle, so that no query is timed
    while the last one's aftermath still runs: mskg replacing a worker it stopped, or building its
    search index at start-up; Oxigraph's server restarted after a timeout."""
    if server.process is None:
        return
    deadline = time.monotonic() + SETTLE_FOR
    while time.monotonic() < deadline:
        before = servers.tree_cpu(server.process.pid)
        time.sleep(0.25)
        if servers.tree_cpu(server.process.pid) - before < SETTLED * 0.25:
            return


def _exit(signum, frame) -> None:
    raise SystemExit(f"stopped by signal {signum}")


def _commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4,5", help="powers of ten of observations (stores /tmp/syn{N}/store)")
    parser.add_argument("--store", help="benchmark this store instead (with --label)")
    parser.add_argument("--label", help="name of the --store run in the results")
    parser.add_argument("--quick", action="store_true", help="1 s throughput runs, 3 rounds, short timeouts")
    parser.add_argument("--results", default=str(HERE / "results"), help="directory of the results files")
    parser.add_argument("--output", default=str(HERE / "RESULTS.md"), help="the table rendered from them")
    parser.add_argument("--dump-dir", default="/tmp/mskg-bench-dumps", help="where rdflib's N-Quads dumps go")
    parser.add_argument("--peer-rss", type=float, default=8.0, help="GiB at which rdflib-endpoint is killed")
    parser.add_argument("--load-limit", type=float, default=600.0, help="seconds a server may take to load")
    parser.add_argument("--peer-restarts", type=int, default=None,
                        help="restarts of rdflib-endpoint after queries it cannot finish (default 1 quick, 2)")
    parser.add_argument("--only", default="", help="comma-separated parts of query names to run (default: all)")
    args = parser.parse_args()
    args.seconds = 1.0 if args.quick else 5.0
    args.rounds = 3 if args.quick else 7
    args.budget = 3.0 if args.quick else 20.0
    args.timeout = 10.0 if args.quick else 60.0
    args.peer_timeout = 5.0 if args.quick else 30.0
    args.peer_restarts = args.peer_restarts if args.peer_restarts is not None else 1 if args.quick else 2
    args.route_requests = 20 if args.quick else 200
    signal.signal(signal.SIGTERM, _exit)  # stop the servers (finally) when killed
    os.makedirs(args.dump_dir, exist_ok=True)
    os.makedirs(args.results, exist_ok=True)
    targets = [(args.store, args.label or Path(args.store).name)] if args.store else \
        [(f"/tmp/syn{n}/store", f"10^{n}") for n in args.sizes.split(",")]
    for store, label in targets:
        if not os.path.exists(store):
            raise SystemExit(f"no store at {store}: make it with python bench/synthetic.py --observations "
                             f"{10 ** int(label[3:]) if label.startswith('10^') else 'N'} --store {store}")
        result = Run(args, store, label).execute()
        name = label.replace("^", "e")
        Path(args.results, f"{name}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
        Path(args.output).write_text(report.render(args.results), encoding="utf-8")
        log(f"{label}: written {args.output}")


if __name__ == "__main__":
    main()
