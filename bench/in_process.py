"""Point queries in mskg serve with and without the in-process path, beside Oxigraph's server.

    python bench/in_process.py --store /tmp/syn5/store [--only NAME,...] [--rounds 60] [--seconds 5]

Three servers on the same store, started together: Oxigraph's server, `mskg serve` as it runs by
default (a request its worker answered within 10 ms is answered in-process from then on:
src/mskg/web/inline.py) and `mskg serve --in-process-threads 0` (every query in a worker). The
queries are the standard workload's (bench/workload.py) that Oxigraph answers within
--point-ms. Per query and server:

- latency: one keep-alive client, the servers' order rotating each round, median of --rounds
  after 10 warm-up rounds;
- throughput: 8 clients (wrk, or Python clients without it) for --seconds, each server in
  turn, --repeat times (median), and the CPU the server's processes used per request meanwhile.

Prints a Markdown table (and writes it with --output).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import client  # noqa: E402
import servers  # noqa: E402
import workload  # noqa: E402

WARM_UP = 10
TIMEOUT = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--only", default="", help="comma-separated parts of query names (default: all point queries)")
    parser.add_argument("--point-ms", type=float, default=10.0, help="Oxigraph's median at most this: a point query")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--output", help="also write the table here")
    args = parser.parse_args()

    logs = tempfile.mkdtemp(prefix="mskg-bench-in-process-")
    common = {"log_dir": logs, "load_limit": 600.0}
    started = [servers.OxigraphServer(args.store, **common),
               servers.MskgServer(args.store, timeout=TIMEOUT, **common),
               servers.MskgServer(args.store, timeout=TIMEOUT, options=("--in-process-threads", "0"),
                                  name="mskg, workers only", **common)]
    params = workload.pick(args.store)
    wanted = [part for part in args.only.split(",") if part]
    chosen = [q for q in workload.queries(params) if not wanted or any(part in q.name for part in wanted)]
    load_before = os.getloadavg()
    try:
        for server in started:
            if not server.start():
                raise SystemExit(f"{server.name} did not start: {server.failure}")
        rows = []
        for query in chosen:
            row = measure(query, started, args)
            if row is not None:
                rows.append(row)
                print(f"{query.name}: {row}", file=sys.stderr, flush=True)
    finally:
        for server in started:
            server.stop()
    table = render(rows, [s.name for s in started], args, load_before, os.getloadavg())
    print(table)
    if args.output:
        Path(args.output).write_text(table, encoding="utf-8")


def measure(query: workload.Query, started: list[servers.Server], args) -> dict | None:
    """The query's latency and throughput on each server; None if it is not a point query here."""
    requests = {s.name: client.query_request(s.query_url, query.text, query.accept) for s in started}
    connections = {s.name: client.Connection(s.query_url, TIMEOUT) for s in started}
    times: dict[str, list[float]] = {s.name: [] for s in started}
    sizes: dict[str, int] = {}
    try:
        status, _, seconds = connections[started[0].name].get(requests[started[0].name])
        if status != 200 or seconds * 1000 > 20 * args.point_ms:  # far from a point query: not measured
            return None
        for round_ in range(WARM_UP + args.rounds):
            if round_ == WARM_UP:  # the warm-up rounds tell whether it is a point query
                if statistics.median(times[started[0].name]) * 1000 > args.point_ms:
                    return None
                times = {s.name: [] for s in started}
            shift = round_ % len(started)
            for server in started[shift:] + started[:shift]:
                status, body, seconds = connections[server.name].get(requests[server.name])
                if status != 200:
                    print(f"{query.name}: {server.name} answered {status}", file=sys.stderr)
                    return None
                sizes[server.name] = len(body)
                times[server.name].append(seconds)
    finally:
        for connection in connections.values():
            connection.close()
    rates: dict[str, list[float]] = {s.name: [] for s in started}
    cpu: dict[str, list[float]] = {s.name: [] for s in started}
    for repeat in range(args.repeat):
        shift = repeat % len(started)
        for server in started[shift:] + started[:shift]:
            before = servers.tree_cpu(server.process.pid)
            rate, errors = client.throughput(requests[server.name], args.seconds, TIMEOUT)
            used = servers.tree_cpu(server.process.pid) - before
            if errors:
                print(f"{query.name}: {server.name} had {errors} failed requests", file=sys.stderr)
            rates[server.name].append(rate)
            cpu[server.name].append(used / max(1, rate * args.seconds))
    return {"query": query.name, "bytes": sizes,
            "latency": {name: statistics.median(values) for name, values in times.items()},
            "rate": {name: statistics.median(values) for name, values in rates.items()},
            "cpu": {name: statistics.median(values) for name, values in cpu.items()}}


def render(rows: list[dict], names: list[str], args, load_before, load_after) -> str:
    oxigraph, default, workers = names
    lines = [f"`python bench/in_process.py --store {args.store}` ({time.strftime('%Y-%m-%d %H:%M')}; "
             f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; latency: median of "
             f"{args.rounds} rounds, one client; throughput: 8 clients, {args.seconds:g} s, median of "
             f"{args.repeat}; CPU: the server's processes, per request during the throughput runs)", "",
             f"| query | {oxigraph} ms | {default} ms | ratio | {workers} ms | ratio | {oxigraph} req/s | "
             f"{default} req/s | ratio | {workers} req/s | ratio | CPU per request ({oxigraph} / {default} / "
             f"{workers}) |",
             "| --- |" + " ---: |" * 12]
    for row in rows:
        lat, rate, cpu = row["latency"], row["rate"], row["cpu"]
        lines.append(
            f"| {row['query']} | {lat[oxigraph] * 1000:.2f} | {lat[default] * 1000:.2f} | "
            f"{lat[default] / lat[oxigraph]:.2f}× | {lat[workers] * 1000:.2f} | {lat[workers] / lat[oxigraph]:.2f}× | "
            f"{rate[oxigraph]:,.0f} | {rate[default]:,.0f} | {rate[default] / rate[oxigraph]:.2f}× | "
            f"{rate[workers]:,.0f} | {rate[workers] / rate[oxigraph]:.2f}× | "
            f"{cpu[oxigraph] * 1e3:.2f} / {cpu[default] * 1e3:.2f} / {cpu[workers] * 1e3:.2f} ms |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
