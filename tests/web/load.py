"""A load test on loopback: many clients uploading reports of mixed kinds, every answer checked.

Each upload is one of a set of distinct reports (its own agency and numbers) written as
JSON, CSV, Excel, Markdown, HTML or Word; its answer must be the library's own result
for those bytes (agency, counts, a cell, the findings), so that an answer lost, failed
or given to the wrong client shows.  Used by tests/web/test_load.py and
benchmarks/bench_web.py.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any

import httpx

import govinfo_report as gr
from tests.conftest import EXAMPLES

KINDS = ("json", "csv", "xlsx", "markdown", "html", "docx")
_NAMES = {"json": "r.json", "csv": "r.csv", "xlsx": "r.xlsx", "markdown": "r.md", "html": "r.html", "docx": "r.docx"}
PROBE = "/table3/granted/natural_person"


def payloads(variants: int) -> list[tuple[str, str, bytes, dict[str, Any]]]:
    """``variants`` distinct uploads across the kinds: (kind, file name, bytes, what the answer must say)."""
    seed = gr.read(EXAMPLES / "seed-2021" / "report.json")
    out = []
    for i in range(variants):
        kind = KINDS[i % len(KINDS)]
        report = seed.with_values({PROBE: 1000 + i})
        report = gr.from_dict(_meta(report, i))
        data = gr.dumps(report, kind)
        expected = gr.loads(data, kind)
        result = gr.validate(expected)
        out.append(
            (
                kind,
                _NAMES[kind],
                data,
                {
                    "agency": expected.meta.agency,
                    "probe": expected.cell(*_probe_labels(expected)),
                    "counts": result.counts,
                    "codes": sorted(f.code for f in result.findings),
                },
            )
        )
    return out


def _meta(report: gr.AnnualReport, i: int) -> dict[str, Any]:
    """The report's document with an agency of its own."""
    doc = json.loads(gr.to_json(report))
    doc["meta"]["agency"] = f"负载测试第{i}号机关"
    return doc


def _probe_labels(report: gr.AnnualReport) -> tuple[str, str, str]:
    cell = next(c for c in report.spec.cells if c.pointer == PROBE)
    return cell.labels


async def run_load(base_url: str, *, clients: int, uploads: int, variants: int, deadline: float) -> dict[str, Any]:
    """``uploads`` uploads by ``clients`` concurrent clients; figures and every fault found."""
    work = payloads(variants)
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    faults: list[str] = []
    statuses: dict[int, int] = {}
    next_index = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal next_index
        while next_index < uploads:
            n = next_index
            next_index += 1
            kind, name, data, expected = work[n % len(work)]
            t0 = time.perf_counter()
            try:
                response = await http.post("/api/validate", files={"file": (name, data)})
            except httpx.HTTPError as exc:
                faults.append(f"upload {n} ({kind}): {type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - t0)
            by_kind.setdefault(kind, []).append(latencies[-1])
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code != 200:
                faults.append(f"upload {n} ({kind}): HTTP {response.status_code} {response.text[:200]}")
                continue
            answer = response.json()
            got = {
                "agency": answer["agency"],
                "probe": _at(answer["report"], PROBE),
                "counts": answer["counts"],
                "codes": sorted(f["code"] for f in answer["findings"]),
            }
            if got != expected:
                faults.append(f"upload {n} ({kind}): answer {got} is not that of its upload {expected}")

    start = time.perf_counter()
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120.0) as http:
        await asyncio.wait_for(asyncio.gather(*(client(http) for _ in range(clients))), deadline)
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {
        "clients": clients,
        "uploads": uploads,
        "answered": len(latencies),
        "statuses": statuses,
        "faults": faults,
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "max_ms": 1000 * ordered[-1],
        "p50_ms_by_kind": {k: 1000 * statistics.median(v) for k, v in by_kind.items()},
        "bytes_by_kind": {k: len(d) for k, _, d, _ in work[: len(KINDS)]},
    }


def _at(document: Any, pointer: str) -> Any:
    for key in pointer.split("/")[1:]:
        document = document[key]
    return document
