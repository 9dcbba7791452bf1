"""The serving benchmarks run end to end on the seed store: bench/run.py in --quick mode, writing its
table with every server (mskg as it runs by default and with --result-cache 0, Oxigraph's server,
rdflib-endpoint), and bench/app_cost.py and bench/python_floor.py. No timing is asserted."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_bench_quick_run_writes_the_table_with_both_peers(seed_store, tmp_path):
    pytest.importorskip("rdflib_endpoint", reason="the bench extra: pip install -e '.[bench]'")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--store", str(seed_store),
                          "--label", "seed", "--quick", "--only", "observation-provenance,dataset-description",
                          "--results", str(tmp_path / "results"), "--output", str(tmp_path / "RESULTS.md"),
                          "--dump-dir", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads((tmp_path / "results" / "seed.json").read_text(encoding="utf-8"))
    assert {name for name, server in result["servers"].items() if server["failure"] is None} \
        == {"Oxigraph", "mskg", "mskg --result-cache 0", "rdflib-endpoint"}
    assert [q["name"] for q in result["queries"]] == ["bench/observation-provenance", "dataset-description"]
    for query in result["queries"]:  # every server answered, with the same number of results
        assert set(query["median"]) == {"Oxigraph", "mskg", "mskg --result-cache 0", "rdflib-endpoint"}, query
        assert len(set(query["rows"].values())) == 1, query
    table = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "| rdflib-endpoint |" in table and "| Oxigraph |" in table and "| mskg |" in table
    assert "bench/observation-provenance" in table
    assert "| mskg --result-cache 0 |" in table and "`mskg --result-cache 0`: the same requests" in table


def test_app_cost_measures_a_kept_answer(seed_store):
    """bench/app_cost.py answers the example query from the result cache (it stops otherwise)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "app_cost.py"), "--store", str(seed_store),
                          "--requests", "20"], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "µs per kept answer" in run.stdout


def test_python_floor_runs_every_server(seed_store):
    """bench/python_floor.py starts Oxigraph, mskg and the four minimal apps, and measures each."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "python_floor.py"), "--store", str(seed_store),
                          "--seconds", "1", "--rounds", "1"], capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = [line for line in run.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0][2:] for row in rows] == [
        "Oxigraph", "mskg serve --result-cache 0",
        "minimal app, on the event loop, 1 process", "minimal app, 3 threads, 1 process",
        "minimal app, on the event loop, 2 processes", "minimal app, 3 threads, 2 processes"]
