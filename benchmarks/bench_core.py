"""Load-and-check cost per report, against jsonschema on our schema alone.

Run: python benchmarks/bench_core.py
For each bundled example it measures, as medians over many runs:
  - ours: JSON bytes → AnnualReport → validate() (all checks),
  - ours, split: the load alone and the validation alone,
  - jsonschema: Draft202012Validator(schema).validate(document) on the already-parsed document
    (its compiled validator is reused, so this is the most favourable case for it),
  - CSV: label CSV text → AnnualReport → validate().
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import timeit
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import jsonschema

import govinfo_report as gr

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["sample-2021", "shanghai-2019"]


def median_us(fn: Callable[[], object], number: int = 200, repeat: int = 25) -> float:
    times = timeit.repeat(fn, number=number, repeat=repeat)
    return statistics.median(times) / number * 1e6


def main() -> None:
    print(f"Python {sys.version.split()[0]} on {platform.machine()}, {platform.processor() or 'cpu'}")
    print(
        f"{'example':<16}{'load+validate':>15}{'load':>9}{'validate':>10}{'jsonschema':>12}{'ratio':>8}{'csv+validate':>14}"
    )
    for name in EXAMPLES:
        data = (ROOT / "examples" / name / "report.json").read_bytes()
        csv_text = (ROOT / "examples" / name / "report.csv").read_text("utf-8")
        report = gr.from_json(data)
        doc = json.loads(data, parse_float=Decimal)
        validator = jsonschema.Draft202012Validator(gr.json_schema(report.format))
        validator.validate(doc)

        whole = median_us(lambda data=data: gr.validate(gr.from_json(data)))
        load = median_us(lambda data=data: gr.from_json(data))
        check = median_us(lambda report=report: gr.validate(report))
        schema_only = median_us(lambda v=validator, doc=doc: v.validate(doc), number=20, repeat=15)
        via_csv = median_us(lambda text=csv_text: gr.validate(gr.from_csv(text)))
        print(
            f"{name:<16}{whole:>13.0f}µs{load:>7.0f}µs{check:>8.0f}µs{schema_only:>10.0f}µs"
            f"{schema_only / whole:>7.1f}×{via_csv:>12.0f}µs"
        )


if __name__ == "__main__":
    main()
