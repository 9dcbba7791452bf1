"""Extraction speed and memory: articles per second after start-up, and peak RSS.

    python bench/extract_speed.py [--rounds 20]

Start-up (loading the gazetteer, indicator scheme and units) is timed apart
from extraction. Reports medians over rounds, since machines here are noisy.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    from mskg.corpus import read_manifest
    from mskg.extract.pipeline import extract
    from mskg.extract.text import read_article

    sets = {}
    for directory in (ROOT / "data" / "articles", ROOT / "tests" / "articles"):
        manifest = read_manifest(directory)
        sets[directory.relative_to(ROOT)] = [(read_article(directory / name), row) for name, row in manifest.items()]
    extract("2023年,全市城镇新增就业1人。", region="650200", published="2024")  # load reference data
    startup = time.perf_counter() - started

    print(f"start-up (imports and reference data): {startup:.2f} s")
    print("| articles | count | characters | median s per pass | articles/s | characters/s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, articles in sets.items():
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            for text, row in articles:
                extract(text, region=row["region"] or None, published=row["published"] or None,
                        title=row["title"] or None)
            times.append(time.perf_counter() - t)
        median = statistics.median(times)
        chars = sum(len(text) for text, _ in articles)
        print(f"| {name} | {len(articles)} | {chars:,} | {median:.3f} | {len(articles) / median:.0f} | "
              f"{chars / median:,.0f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
