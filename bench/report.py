"""bench/RESULTS.md from the results files of bench/run.py: one section per size, a summary
table for the README, and the hand-written analysis in bench/results/findings.md if there is one.

Ratios are mskg ÷ Oxigraph's server measured side by side in the same run
(latency: lower is better, target ≤ 1.25; throughput: higher is better,
target ≥ 0.8) and mskg ÷ rdflib-endpoint throughput (target ≥ 10). Runs since
the result cache (mskg.web.result_cache) also measure `mskg serve
--result-cache 0` (FRESH): every request evaluated, as on a query's first run.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

OX, MSKG, RDFLIB = "Oxigraph", "mskg", "rdflib-endpoint"
FRESH = "mskg --result-cache 0"
LATENCY_TARGET, THROUGHPUT_TARGET, PEER_TARGET = 1.25, 0.8, 10.0
ROUTE_MS, ROUTE_RATE, MEMORY = 10.0, 500.0, 1.5e9

COMMANDS = """\
```sh
. /work/venv/bin/activate && export PYTHONPATH=$PWD/src   # from the repository root
pip install -e '.[bench]'                                 # rdflib-endpoint; wrk from apt if possible
python bench/synthetic.py --observations 10000 --store /tmp/syn4/store   # stores, if missing
python bench/run.py --sizes 4,5        # ~20 min at 10^4, ~45 min at 10^5; --quick for a fast look
python bench/run.py --sizes 6 --quick  # 10^6: ~11 min (rdflib-endpoint cannot load it)
```"""


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{1000 * seconds:,.1f}" if seconds < 10 else f"{seconds:,.1f} s"


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:,.0f}" if rate >= 10 else f"{rate:.2f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def _x(ratio: float | None, good: bool | None = None) -> str:
    if ratio is None:
        return "—"
    text = f"{ratio:.2f}×"
    return text if good is None else f"**{text}**" if not good else text


def _short(note: str) -> str:
    """A note's first line, cut short, fit for a table cell."""
    line = note.strip().splitlines()[0] if note.strip() else ""
    return (line[:70] + "…" if len(line) > 70 else line).replace("|", "/")


def _bytes(n: int | None) -> str:
    if not n:
        return "—"
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:,.0f} MiB"


def _peer_ratio(q: dict) -> float | None:
    """mskg ÷ rdflib-endpoint throughput, None where rdflib's answer has another size (not the same work)."""
    rows = q["rows"]
    if RDFLIB in rows and rows.get(OX, rows.get(MSKG)) != rows[RDFLIB]:
        return None
    return _ratio(q["throughput"].get(MSKG), q["throughput"].get(RDFLIB))


def verdicts(result: dict, server: str = MSKG) -> dict[str, list]:
    """Per query: (name, latency ratio, throughput ratio, ratio to rdflib-endpoint) of server ÷ Oxigraph."""
    rows = []
    for q in result["queries"]:
        lat = _ratio(q["median"].get(server), q["median"].get(OX))
        thr = _ratio(q["throughput"].get(server), q["throughput"].get(OX))
        rows.append((q["name"], lat, thr, _peer_ratio(q)))
    return {"queries": rows}


def _fresh_table(result: dict) -> list[str]:
    """The FRESH server's latency and throughput beside Oxigraph's (runs that measured it)."""
    if FRESH not in result["servers"]:
        return []
    out = ["", f"`{FRESH}`: the same requests with no kept answers, each one evaluated (as a query's "
               f"first run is).", "",
           f"| query | {OX} ms | {FRESH} ms | ratio | {OX} req/s | {FRESH} req/s | ratio |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for q in result["queries"]:
        m, t = q["median"], q["throughput"]
        lat, thr = _ratio(m.get(FRESH), m.get(OX)), _ratio(t.get(FRESH), t.get(OX))
        note = f" ({_short(q['note'][FRESH])})" if FRESH in q["note"] else ""
        out.append(f"| {q['name']}{note} | {_ms(m.get(OX))} | {_ms(m.get(FRESH))} "
                   f"| {_x(lat, lat is None or lat <= LATENCY_TARGET)} | {_rate(t.get(OX))} | {_rate(t.get(FRESH))} "
                   f"| {_x(thr, thr is None or thr >= THROUGHPUT_TARGET)} |")
    return out


def _spread(values: list[float], worst) -> str:
    """The median and the worst of ratios."""
    return f"{_x(statistics.median(values) if values else None)}, {_x(worst(values) if values else None)}"


def section(result: dict) -> str:
    """The tables of one size."""
    s = result["servers"]
    loads = result["loadavg"]
    over = result.get("overhead", {})
    out = [f"## {result['label']} observations" if result["label"].startswith("10^") else f"## {result['label']}",
           "",
           f"{result['date']}, commit {result['commit']}, {result['cpus']} cores, load average (1, 5, 15 min) "
           f"{loads[0]} at the start and {loads[-1]} at the end{', --quick' if result['quick'] else ''}. "
           f"Throughput client: {result['generator']}"
           + "".join(f"; {name} against Oxigraph on `ASK {{}}`: {v['rate']:,.0f} req/s, "
                     f"{v['cpu_us_per_request']:.0f} µs client CPU per request" for name, v in over.items())
           + ".",
           "",
           "| server | load time | peak RSS (incl. children) | store | status |",
           "| --- | --- | --- | --- | --- |"]
    for name, v in s.items():
        load = "—" if v["load_seconds"] is None else f"{v['load_seconds']:.1f} s"
        store = _bytes(v["store_bytes"]) + (" (N-Quads dump)" if name == RDFLIB else "")
        out.append(f"| {name} | {load} | {_bytes(v['peak_rss'])} | {store} | {v['failure'] or 'ok'} |")
    out += ["", "Latency: median ms of interleaved rounds (n = rounds). Throughput: requests/s with 8 concurrent "
            "clients. Ratios: mskg ÷ Oxigraph (latency ≤ 1.25×, throughput ≥ 0.8× are the targets; "
            "**bold** = missed), mskg ÷ rdflib-endpoint throughput (target ≥ 10×; not given where "
            "rdflib's answer has another number of rows).", "",
            f"| query | rows | {OX} ms | {MSKG} ms | ratio | {RDFLIB} ms | {OX} req/s | {MSKG} req/s | ratio "
            f"| {RDFLIB} req/s | mskg ÷ rdflib | n | load |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for q in result["queries"]:
        m, t, note = q["median"], q["throughput"], q["note"]
        rows = sorted({r for r in q["rows"].values() if r is not None})
        rows_text = "/".join(str(r) for r in rows) + (" (differ)" if len(rows) > 1 else "")
        lat = _ratio(m.get(MSKG), m.get(OX))
        thr = _ratio(t.get(MSKG), t.get(OX))
        peer = _peer_ratio(q)
        rdflib_ms = _short(note[RDFLIB]) if RDFLIB in note and m.get(RDFLIB) is None else _ms(m.get(RDFLIB))
        rdflib_rate = ("≤ " if RDFLIB in q.get("bound", []) else "") + _rate(t.get(RDFLIB))
        notes = "; ".join(f"{k}: {_short(v)}" for k, v in note.items()
                          if not (k == RDFLIB and m.get(RDFLIB) is None))
        samples = "/".join(str(q["samples"].get(k, 0)) for k in (OX, MSKG, RDFLIB))
        out.append(f"| {q['name']}{' (' + notes + ')' if notes else ''} | {rows_text or '—'} | {_ms(m.get(OX))} "
                   f"| {_ms(m.get(MSKG))} | {_x(lat, lat is None or lat <= LATENCY_TARGET)} | {rdflib_ms} "
                   f"| {_rate(t.get(OX))} | {_rate(t.get(MSKG))} | {_x(thr, thr is None or thr >= THROUGHPUT_TARGET)} "
                   f"| {rdflib_rate} | {_x(peer, peer is None or peer >= PEER_TARGET)} | {samples} "
                   f"| {q.get('method', '—')} |")
    out += _fresh_table(result)
    out += ["", "mskg's entity routes (targets: median ≤ 10 ms, ≥ 500 req/s with 8 clients):", "",
            "| route | path | median ms | req/s |", "| --- | --- | --- | --- |"]
    for r in result["routes"]:
        if "median" in r:
            out.append(f"| {r['name']} | `{r['path']}` | {_ms(r['median'])} | {_rate(r['throughput'])} |")
        else:
            out.append(f"| {r['name']} | `{r['path']}` | {r['note']} | — |")
    p = result["params"]
    out += ["", f"Parameters picked from the store: region `{p['region']}`, indicator `{p['indicator']}`, "
                f"observation `{p['observation']}`, province `{p['province']}` with indicator "
                f"`{p['province_indicator']}` in `{p['period']}`, label search \"{p['needle']}\".", ""]
    return "\n".join(out)


def summary(results: list[dict]) -> str:
    """The README table: one row per size."""
    out = ["| observations | queries | mskg ÷ Oxigraph latency (median of queries, worst) "
           "| mskg ÷ Oxigraph throughput (median, worst) | mskg ÷ rdflib-endpoint throughput (lowest) "
           f"| {FRESH} ÷ Oxigraph: latency (median, worst); throughput (median, worst) "
           "| entity page / JSON median, req/s | peak RSS mskg / Oxigraph / rdflib | rdflib-endpoint load |",
           "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lats = [x for _, x, _, _ in verdicts(r)["queries"] if x is not None]
        thrs = [x for _, _, x, _ in verdicts(r)["queries"] if x is not None]
        peers = [x for _, _, _, x in verdicts(r)["queries"] if x is not None]
        fresh = "—"
        if FRESH in r["servers"]:
            ratios = verdicts(r, FRESH)["queries"]
            fresh = (f"{_spread([x for _, x, _, _ in ratios if x is not None], max)}; "
                     f"{_spread([x for _, _, x, _ in ratios if x is not None], min)}")
        routes = [x for x in r["routes"] if "median" in x]
        route_text = ", ".join(f"{_ms(x['median'])} ms / {_rate(x['throughput'])}" for x in routes) \
            or "not available"
        s = r["servers"]
        rdflib = s[RDFLIB]
        rdflib_load = rdflib["failure"] if rdflib["load_seconds"] is None else f"{rdflib['load_seconds']:.0f} s"
        out.append(f"| {r['label']} | {len(r['queries'])} "
                   f"| {_spread(lats, max)} | {_spread(thrs, min)} "
                   f"| {_x(min(peers) if peers else None)} over {len(peers)} queries | {fresh} | {route_text} "
                   f"| {_bytes(s[MSKG]['peak_rss'])} / {_bytes(s[OX]['peak_rss'])} / {_bytes(rdflib['peak_rss'])} "
                   f"| {rdflib_load} |")
    return "\n".join(out)


def render(directory: str) -> str:
    """RESULTS.md from every results file in directory (sizes in order)."""
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(directory).glob("*.json"))]
    findings = Path(directory, "findings.md")
    return "\n".join([
        "# Serving benchmark: mskg serve vs Oxigraph's server vs rdflib-endpoint", "",
        "Written by `python bench/run.py` (see its docstring for the method). Same store, same run, "
        "servers interleaved per round; medians and ratios, never a lone absolute time (this machine is "
        "shared: see the load averages).", "", "## Summary (README table)", "", summary(results), "",
        *([findings.read_text(encoding="utf-8"), ""] if findings.exists() else []),
        "## Commands", "", COMMANDS, "", *[section(r) for r in results]])
