"""A load test on loopback: many clients uploading reports of mixed kinds, every answer checked.

Each upload is one of a set of distinct reports (its own agency and numbers) written as
JSON, CSV, Excel, Markdown, HTML or Word; its answer must be the library's own result
for those bytes (agency, counts, a cell, the findings), so that an answer lost, failed
or given to the wrong client shows.  The clients are spread over a few processes, so
that the load generator itself (a Python HTTP client) is not what is measured.  Used by
tests/web/test_load.py and benchmarks/bench_web.py.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx

import govinfo_report as gr
from tests.conftest import EXAMPLES

KINDS = ("json", "csv", "xlsx", "markdown", "html", "docx")
_NAMES = {"json": "r.json", "csv": "r.csv", "xlsx": "r.xlsx", "markdown": "r.md", "html": "r.html", "docx": "r.docx"}
PROBE = "/table3/granted/natural_person"


def payloads(first: int, count: int) -> list[tuple[str, str, bytes, dict[str, Any]]]:
    """Uploads ``first`` to ``first + count - 1``, each distinct: (kind, file name, bytes, what the answer must say)."""
    seed = gr.read(EXAMPLES / "seed-2021" / "report.json")
    probe = next(c.labels for c in seed.spec.cells if c.pointer == PROBE)
    out = []
    for i in range(first, first + count):
        kind = KINDS[i % len(KINDS)]
        doc = json.loads(gr.to_json(seed.with_values({PROBE: 1000 + i})))
        doc["meta"]["agency"] = f"负载测试第{i}号机关"
        data = gr.dumps(gr.from_dict(doc), kind)
        expected = gr.loads(data, kind)
        result = gr.validate(expected)
        answer = {
            "agency": expected.meta.agency,
            "probe": expected.cell(*probe),
            "counts": result.counts,
            "codes": sorted(f.code for f in result.findings),
        }
        out.append((kind, _NAMES[kind], data, answer))
    return out


def _at(document: Any, pointer: str) -> Any:
    for key in pointer.split("/")[1:]:
        document = document[key]
    return document


async def _clients(
    base_url: str, work: list[tuple[str, str, bytes, dict[str, Any]]], clients: int, uploads: int
) -> dict[str, Any]:
    """``uploads`` uploads of ``work`` by ``clients`` concurrent clients of this process."""
    latencies: list[tuple[str, float]] = []
    faults: list[str] = []
    statuses: dict[int, int] = {}
    sent = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal sent
        while sent < uploads:
            n = sent
            sent += 1
            kind, name, data, expected = work[n % len(work)]
            t0 = time.perf_counter()
            try:
                response = await http.post("/api/validate", files={"file": (name, data)})
            except httpx.HTTPError as exc:
                faults.append(f"upload {n} ({kind}): {type(exc).__name__}: {exc}")
                continue
            latencies.append((kind, time.perf_counter() - t0))
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

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120.0) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return {"latencies": latencies, "faults": faults, "statuses": statuses}


def _process(
    base_url: str, *, first: int, variants: int, clients: int, uploads: int, start_at: float
) -> dict[str, Any]:
    """One client process: its own distinct uploads, then its share of the load from ``start_at`` on."""
    work = payloads(first, variants)
    time.sleep(max(0.0, start_at - time.time()))
    return asyncio.run(_clients(base_url, work, clients, uploads))


def run_load(
    base_url: str, *, clients: int, uploads: int, processes: int = 5, variants: int = 24, deadline: float = 300.0
) -> dict[str, Any]:
    """``uploads`` uploads by ``clients`` concurrent clients in ``processes`` processes; figures and faults.

    Every process sends ``variants`` distinct reports of its own (``processes × variants`` in all), so that an
    answer given to the wrong client can not look right.
    """
    processes = max(1, min(processes, clients))
    share = [clients // processes + (i < clients % processes) for i in range(processes)]
    loads = [uploads // processes + (i < uploads % processes) for i in range(processes)]
    start_at = time.time() + 1.5 + 0.06 * variants  # when every process should have made its uploads (25 ms each)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
        futures = [
            pool.submit(
                _process,
                base_url,
                first=i * variants,
                variants=variants,
                clients=share[i],
                uploads=loads[i],
                start_at=start_at,
            )
            for i in range(processes)
        ]
        parts = [f.result(timeout=deadline) for f in futures]
    elapsed = time.time() - start_at
    latencies = [lat for p in parts for lat in p["latencies"]]
    statuses: dict[int, int] = {}
    for p in parts:
        for status, n in p["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    ordered = sorted(t for _, t in latencies)
    by_kind: dict[str, list[float]] = {}
    for kind, t in latencies:
        by_kind.setdefault(kind, []).append(t)
    return {
        "clients": clients,
        "processes": processes,
        "uploads": uploads,
        "answered": len(latencies),
        "statuses": statuses,
        "faults": [f for p in parts for f in p["faults"]],
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))],
        "max_ms": 1000 * ordered[-1],
        "p50_ms_by_kind": {k: 1000 * statistics.median(v) for k, v in sorted(by_kind.items())},
    }
