"""Two versions of the example queries, back to back in pyoxigraph: same answer? how long?

    python bench/query_versions.py --store /tmp/syn4/store --old REV [--new REV] [--only conflicts,observations]
                                   [--timeout 120] [--max-rss-gib 4] [--repeat 3] [--json out.json] [--cache DIR]

For every query of queries/*.rq and bench/queries/*.rq (the bench ones filled
in with the parameters bench/workload.py picks from the store), the version at
git revision `--old` and the one at `--new` (default: the working tree) run one
after the other, each in its own process that opens the store read-only and
queries it with the union default graph, as mskg's query workers do
(mskg.web.engine). An example whose VALUES line names a region, an indicator
or an observation is also asked of the workload's picks, as its header says to
adapt it ("(picked)"): the seeds' regions may have no data in a synthetic
store. A run is stopped past `--timeout` seconds or `--max-rss-gib` of
resident memory. A version runs up to `--repeat` times (once when a run takes
over 2 s); the median is reported.

Answers are compared as multisets of rows, and in order on the variables of
the outer ORDER BY (rows tied on them may come in any order); GROUP_CONCAT
values whose words come in another order count as the same (SPARQL leaves
that order open). The Wikidata query (SERVICE) is skipped. Prints a Markdown
table; `--json` keeps the figures; `--cache DIR` reuses the answers of runs
already made for the same store and query text (to check answers again after
a change, not to time).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import string
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import workload  # noqa: E402

SLOW = 2.0
"""seconds: a run longer than this is not repeated"""


def run_once(store_path: str, query_file: str, repeat: int) -> None:
    """Worker: run the query `repeat` times (fewer if slow); print its variables, rows and times as JSON."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    text = Path(query_file).read_text(encoding="utf-8")
    times, rows, variables = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        result = store.query(text, use_default_graph_as_union=True)
        answer = list(result)
        times.append(time.perf_counter() - start)
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [[None if s[v] is None else str(s[v]) for v in variables] for s in answer]
        else:
            variables, rows = ["triple"], [[str(t)] for t in answer]
        if times[-1] > SLOW:
            break
    json.dump({"variables": variables, "rows": rows, "times": times}, sys.stdout)


def run(store: str, text: str, args: argparse.Namespace) -> dict:
    """One version of a query in its own process, stopped past the time or memory limit (or its
    answer from --cache, for a store and query text run before)."""
    cached = None
    if args.cache:
        key = hashlib.sha256(f"{os.path.realpath(store)}\n{text}".encode()).hexdigest()[:20]
        cached = Path(args.cache) / f"{key}.json"
        if cached.exists():
            return json.loads(cached.read_text(encoding="utf-8"))
    answer = _run(store, text, args)
    if cached is not None and "stopped" not in answer:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(answer), encoding="utf-8")
    return answer


def _run(store: str, text: str, args: argparse.Namespace) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8", delete=False) as query, \
            tempfile.TemporaryFile() as out:
        query.write(text)
        query.close()
        process = subprocess.Popen([sys.executable, __file__, "--worker", store, query.name, str(args.repeat)],
                                   stdout=out)
        start, peak, stopped = time.monotonic(), 0, None
        while process.poll() is None:
            peak = max(peak, _rss(process.pid))
            if time.monotonic() - start > args.timeout:
                stopped = f"> {args.timeout:g} s"
            elif peak > args.max_rss_gib * 2 ** 30:
                stopped = f"> {args.max_rss_gib:g} GiB after {time.monotonic() - start:.0f} s"
            if stopped:
                process.kill()
                process.wait()
                break
            time.sleep(0.05)
        os.unlink(query.name)
        if stopped:
            return {"stopped": stopped}
        if process.returncode:
            return {"stopped": f"failed ({process.returncode})"}
        out.seek(0)
        answer = json.load(out)
        answer["median"] = statistics.median(answer["times"])
        answer["peak_rss"] = peak
        return answer


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def order_keys(text: str) -> list[str]:
    """The variables of the query's last ORDER BY clause."""
    clauses = re.findall(r"ORDER\s+BY\s+([^\n}]*)", text, flags=re.IGNORECASE)
    return re.findall(r"\?(\w+)", clauses[-1]) if clauses else []


def compare(old: dict, new: dict, keys: list[str]) -> str:
    """'same', or what differs between two answers."""
    if "stopped" in old or "stopped" in new:
        return "not compared"
    if sorted(old["variables"]) != sorted(new["variables"]):
        return f"variables differ: {old['variables']} / {new['variables']}"
    columns = old["variables"]
    at = [new["variables"].index(v) for v in columns]
    new_rows = [[row[i] for i in at] for row in new["rows"]]
    old_bag, new_bag = Counter(map(tuple, old["rows"])), Counter(map(tuple, new_rows))
    if old_bag != new_bag and _tokens_sorted(old_bag) == _tokens_sorted(new_bag):
        return "same rows, GROUP_CONCAT lists in another order"
    if old_bag != new_bag:
        return (f"rows differ: {len(old['rows'])} / {len(new_rows)} rows, "
                f"{sum((old_bag - new_bag).values())} only in old, {sum((new_bag - old_bag).values())} only in new")
    ordered = [columns.index(k) for k in keys if k in columns]
    if [[r[i] for i in ordered] for r in old["rows"]] != [[r[i] for i in ordered] for r in new_rows]:
        return "same rows, another order"
    return "same"


def _tokens_sorted(bag: Counter) -> Counter:
    """The rows with the words of each cell sorted: GROUP_CONCAT's order is not defined."""
    return Counter(tuple(None if c is None else " ".join(sorted(c.split(" "))) for c in row) for row in bag.elements())


def versions(name: str, rev: str | None, params: dict[str, str]) -> str | None:
    """The text of a query (`queries/x.rq` or `bench/queries/x.rq`) at a git revision (None: the
    working tree), bench queries filled in as bench/workload.py does; None where it does not exist."""
    if rev is None:
        path = ROOT / name
        text = path.read_text(encoding="utf-8") if path.exists() else None
    else:
        shown = subprocess.run(["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, text=True)
        text = shown.stdout if shown.returncode == 0 else None
    if text is None or not name.startswith("bench/"):
        return text
    stem = Path(name).stem
    indicator = params["province_indicator"] if stem in ("prefectures-of-province", "province-aggregate") \
        else params["indicator"]
    return string.Template(text).substitute(params, indicator=indicator)


def picked(text: str, params: dict[str, str]) -> str:
    """The query asked of the workload's picks (a region with many observations, its most observed
    indicator, that series' first observation) instead of the seeds' examples in its VALUES lines,
    as the query headers say to adapt them: the examples' regions may have no data in a synthetic store."""
    code, indicator, observation = params["region_code"], params["indicator"], params["observation"]
    text = re.sub(r'VALUES \?code \{ "[^"]*" \}', f'VALUES ?code {{ "{code}" }}', text)
    text = re.sub(r"VALUES \?indicator \{ <[^>]*> \}", f"VALUES ?indicator {{ <{indicator}> }}", text)
    return re.sub(r"VALUES \?observation \{ <[^>]*> \}", f"VALUES ?observation {{ <{observation}> }}", text)


def names(only: list[str]) -> list[str]:
    """The query files compared (paths relative to the repository)."""
    files = [f"queries/{p.name}" for p in sorted((ROOT / "queries").glob("*.rq"))
             if p.name not in workload.SKIPPED]
    files += [f"bench/queries/{p.name}" for p in sorted((HERE / "queries").glob("*.rq"))]
    return [f for f in files if not only or Path(f).stem in only]


def cell(answer: dict) -> str:
    if "stopped" in answer:
        return answer["stopped"]
    return f"{answer['median'] * 1000:,.0f} ms" if answer["median"] < 10 else f"{answer['median']:,.1f} s"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        run_once(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--old", required=True, help="git revision of the old queries")
    parser.add_argument("--new", help="git revision of the new queries (default: the working tree)")
    parser.add_argument("--only", default="", help="comma-separated query names (file stems)")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--max-rss-gib", type=float, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json")
    parser.add_argument("--cache", help="directory keeping answers (and times) of runs, reused for the "
                                        "same store and query text: for checking answers again, not timing")
    args = parser.parse_args()
    params = workload.pick(args.store)
    results = []
    print(f"store {args.store}, load average {os.getloadavg()[0]:.2f}", flush=True)
    print("| query | rows | old | new | answers |\n| --- | --- | --- | --- | --- |", flush=True)
    runs = []
    for name in names([n for n in args.only.split(",") if n]):
        old_text, new_text = versions(name, args.old, params), versions(name, args.new, params)
        if old_text is None or new_text is None:
            continue
        runs.append((name, old_text, new_text))
        if picked(new_text, params) != new_text:
            runs.append((name + " (picked)", picked(old_text, params), picked(new_text, params)))
    for name, old_text, new_text in runs:
        old, new = run(args.store, old_text, args), run(args.store, new_text, args)
        verdict = "same text" if old_text == new_text else compare(old, new, order_keys(new_text))
        rows = len(new.get("rows", old.get("rows", []))) if "rows" in new or "rows" in old else "—"
        label = name.removeprefix("queries/").replace(".rq", "")
        print(f"| {label} | {rows} | "
              f"{cell(old)} | {cell(new)} | {verdict} |", flush=True)
        results.append({"query": name, "rows": rows, "verdict": verdict,
                        **{f"{which}_{k}": v for which, answer in (("old", old), ("new", new))
                           for k, v in answer.items() if k != "rows"}})
    print(f"load average {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
