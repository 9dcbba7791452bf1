"""Memory under load: `mskg serve` over a store, 8 clients sending a mix of heavy queries for minutes.

    python bench/memory.py --store /tmp/syn6/store --label after [--seconds 180] [--only NAMES] [-- SERVE_OPTIONS…]

The server is `mskg serve --store STORE --read-only` with its default limits
(timeout, row cap, workers, query memory) except the per-client time budget,
raised so that admission never slows the clients down: the load is as heavy
as the defaults let it be. Options after `--` go to `mskg serve` (e.g.
`--query-memory 0` for no cap); the server runs the mskg on PYTHONPATH.

Load: 8 clients, each from its own loopback address (127.0.0.1-8: admission
sees 8 clients), each over one keep-alive connection, one request at a
time (after a refusal with Retry-After, waiting that long, at most 5 s),
going round the workload (bench/workload.py: the six bench queries,
the example queries, the entity routes) plus a /search request (which builds
the search index in the main process), each client starting at another
place in the round; with --only, only the requests named.

Memory: every SAMPLE seconds, each process of the server's tree (main,
forkserver, resource tracker, query workers) from /proc/PID/status (VmRSS,
RssAnon, RssFile) and, every PSS_EVERY samples, /proc/PID/smaps_rollup (Pss:
shared pages divided among the processes sharing them). The peak of the
summed RSS is the figure compared with the 1.5 GB target (as bench/run.py's
"peak RSS"); summed RSS counts pages the workers share with the forkserver
once per process, PSS once in all. Safety: past --limit GiB of summed RSS
the server is killed and the run reported as stopped there (the machine is
shared).

Results: bench/results/memory/<label>.json (peaks, outcome counts per query,
the time series); bench/RESULTS-memory.md is written from them by hand.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import servers  # noqa: E402
import workload  # noqa: E402

HERE = Path(__file__).resolve().parent
CLIENTS = 8
SAMPLE = 0.2
PSS_EVERY = 5
MIB = 1 << 20


class Server(servers.Server):
    """`mskg serve --read-only` with its defaults, sampled process by process."""

    name = "mskg"

    def __init__(self, store: str, extra: list[str], *, limit: int, log_dir: str) -> None:
        super().__init__(store, log_dir=log_dir, rss_limit=limit)
        self.extra = extra
        self.samples: list[dict] = []
        self.peak: dict = {"rss": 0}

    def command(self) -> list[str]:
        return [sys.executable, "-m", "mskg.cli", "serve", "--store", self.store, "--read-only",
                "--port", str(self.port), "--client-budget", "1e9", *self.extra]

    def _sample(self) -> None:
        started, count = time.monotonic(), 0
        while self._sampling and self.process is not None:
            sample = snapshot(self.process.pid, pss=count % PSS_EVERY == 0)
            sample["t"] = round(time.monotonic() - started, 2)
            self.samples.append(sample)
            if sample["rss"] > self.peak["rss"]:
                self.peak = sample
            if self.rss_limit and sample["rss"] > self.rss_limit and self.failure is None:
                self.failure = (f"killed at {sample['rss'] / 2**30:.1f} GiB resident after {sample['t']:.0f} s "
                                f"(limit {self.rss_limit / 2**30:g} GiB)")
                self._kill()
                return
            count += 1
            time.sleep(SAMPLE)


def role(pid: int, depth: int) -> str:
    if depth == 0:
        return "main"
    if depth > 1:
        return "worker"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return "tracker" if b"resource_tracker" in f.read() else "forkserver"
    except OSError:
        return "gone"


def snapshot(main: int, *, pss: bool) -> dict:
    """Bytes per process of the tree: rss, anon, file (and pss), with sums over the tree and per role."""
    processes = []
    for pid, depth in servers.tree(main):
        fields = {}
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key in ("VmRSS", "RssAnon", "RssFile"):
                        fields[key] = int(value.split()[0]) * 1024
            if pss:
                with open(f"/proc/{pid}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            fields["Pss"] = int(line.split()[1]) * 1024
        except OSError:
            continue
        if "VmRSS" in fields:
            processes.append({"pid": pid, "role": role(pid, depth), "rss": fields["VmRSS"],
                              "anon": fields.get("RssAnon", 0), "file": fields.get("RssFile", 0),
                              "pss": fields.get("Pss")})
    sample = {"rss": sum(p["rss"] for p in processes), "anon": sum(p["anon"] for p in processes),
              "file": sum(p["file"] for p in processes), "processes": processes}
    if pss:
        sample["pss"] = sum(p["pss"] or 0 for p in processes)
    for name in ("main", "worker"):
        sample[name] = sum(p["rss"] for p in processes if p["role"] == name)
    sample["workers"] = sum(p["role"] == "worker" for p in processes)
    return sample


def requests(params: dict[str, str]) -> list[tuple[str, str, str, bytes | None]]:
    """(name, path, accept, body): the workload's queries (POSTed), its routes and a search."""
    out = [(query.name, "/sparql", query.accept, query.text.encode("utf-8"))
           for query in workload.queries(params)]
    out += [(route.name, route.path, route.accept, None) for route in workload.routes(params)]
    out.append(("search", "/search?q=" + quote(params["needle"]), "text/html", None))
    return out


def outcome(status: int, body: bytes) -> str:
    if status == 503 and b"--query-memory" in body:
        return "503 memory"
    if status == 503 and b"--timeout" in body:
        return "503 timeout"
    if status == 503 and b"server is busy" in body:
        return "503 busy"
    return str(status)


def client(number: int, port: int, mix: list, stop: float, timeout: float, counts) -> None:
    """One client: round the mix from its own place, from 127.0.0.<number + 1>, until stop."""
    connection = None
    position = number * len(mix) // CLIENTS
    while time.monotonic() < stop:
        name, path, accept, body = mix[position % len(mix)]
        position += 1
        headers = {"Accept": accept}
        if body is not None:
            headers["Content-Type"] = "application/sparql-query"
        for attempt in (1, 2):  # uvicorn closes a connection idle for 5 s: a reused one is opened again once
            reused = connection is not None
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                                            source_address=(f"127.0.0.{number + 1}", 0))
                connection.request("GET" if body is None else "POST", path, body=body, headers=headers)
                response = connection.getresponse()
                counts[name][outcome(response.status, response.read())] += 1
                retry = response.getheader("Retry-After")
                if retry is not None:  # refused by admission: wait as asked (at most 5 s), as a client should
                    time.sleep(min(5.0, float(retry)))
                break
            except (OSError, http.client.HTTPException) as error:
                if connection is not None:
                    connection.close()
                connection = None
                closed = isinstance(error, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError))
                if not (reused and closed and attempt == 1):
                    if time.monotonic() < stop:  # not the server being stopped at the end
                        counts[name][type(error).__name__] += 1
                    time.sleep(0.5)
                    break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--label", required=True, help="results go to bench/results/memory/<label>.json")
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--limit", type=float, default=4.0, help="GiB of summed RSS at which the server is killed")
    parser.add_argument("--params", help="a JSON file of workload parameters (picking them takes ~1 min at 10^6)")
    parser.add_argument("--only", help="comma-separated request names: send only these (e.g. the greediest queries)")
    parser.add_argument("serve", nargs="*", help="options for mskg serve (after --)")
    args = parser.parse_args()
    params = json.loads(Path(args.params).read_text()) if args.params else workload.pick(args.store)
    mix = requests(params)
    if args.only:
        mix = [request for request in mix if request[0] in args.only.split(",")]
    log_dir = f"/tmp/mskg-memory-{args.label}"
    os.makedirs(log_dir, exist_ok=True)
    server = Server(args.store, args.serve, limit=int(args.limit * 2**30), log_dir=log_dir)
    if not server.start():
        raise SystemExit(f"mskg serve did not start: {server.failure} (log in {log_dir})")
    idle = snapshot(server.process.pid, pss=True)
    counts = collections.defaultdict(collections.Counter)
    stop = time.monotonic() + args.seconds
    threads = [threading.Thread(target=client, args=(n, server.port, mix, stop, 70.0, counts), daemon=True)
               for n in range(CLIENTS)]
    loadavg = os.getloadavg()
    for thread in threads:
        thread.start()
    while time.monotonic() < stop and server.failure is None:
        time.sleep(0.5)
    failure = server.failure
    server.stop()
    peak_pss = max((s for s in server.samples if "pss" in s), key=lambda s: s["pss"], default=None)
    result = {
        "label": args.label, "store": args.store, "serve": args.serve, "seconds": args.seconds,
        "requests": [request[0] for request in mix],
        "date": datetime.datetime.now().isoformat(timespec="minutes"),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                 cwd=HERE).stdout.strip(),
        "pythonpath": os.environ.get("PYTHONPATH"),
        "loadavg": [round(x, 2) for x in loadavg], "params": params, "stopped": failure,
        "idle": idle, "peak_rss": server.peak, "peak_pss": peak_pss,
        "counts": {name: dict(c) for name, c in counts.items()},
        "series": [{k: s[k] for k in ("t", "rss", "anon", "file", "main", "worker", "workers", "pss") if k in s}
                   for s in server.samples],
    }
    out = HERE / "results" / "memory" / f"{args.label}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(summary(result))
    print(f"-> {out}")


def summary(result: dict) -> str:
    peak, idle = result["peak_rss"], result["idle"]
    lines = [f"{result['label']}: {result['stopped'] or 'ran ' + str(result['seconds']) + ' s'}",
             f"idle: {idle['rss'] / MIB:.0f} MiB RSS ({idle['pss'] / MIB:.0f} MiB PSS)",
             f"peak RSS {peak['rss'] / MIB:.0f} MiB at {peak.get('t', 0)} s: main {peak['main'] / MIB:.0f}, "
             f"{peak['workers']} workers {peak['worker'] / MIB:.0f}, anon {peak['anon'] / MIB:.0f}, "
             f"file {peak['file'] / MIB:.0f}"]
    if result["peak_pss"]:
        lines.append(f"peak PSS {result['peak_pss']['pss'] / MIB:.0f} MiB")
    for p in peak["processes"]:
        lines.append(f"  {p['role']:10} {p['pid']:>7} rss {p['rss'] / MIB:6.0f}  anon {p['anon'] / MIB:6.0f}  "
                     f"file {p['file'] / MIB:5.0f}")
    total = collections.Counter()
    for name, c in sorted(result["counts"].items()):
        total.update(c)
        lines.append(f"  {name:36} {dict(c)}")
    lines.append(f"  {'all':36} {dict(total)}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
