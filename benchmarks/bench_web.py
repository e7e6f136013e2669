"""The web API under load on loopback: throughput and latency, every answer checked.

Starts ``govinfo-report serve`` (two workers), then CLIENTS concurrent clients in five
processes send UPLOADS uploads of six kinds (JSON, CSV, Excel, Markdown, HTML, Word), each answer compared with
the library's own result for its bytes (tests/web/load.py).  Run from the repository root:

    PYTHONPATH=src:. python benchmarks/bench_web.py [UPLOADS] [CLIENTS]
"""

from __future__ import annotations

import json
import sys

from tests.web.load import run_load
from tests.web.test_load import serve_process


def main() -> None:
    uploads = int(sys.argv[1]) if sys.argv[1:] else 2000
    clients = int(sys.argv[2]) if sys.argv[2:] else 50
    with serve_process() as url:
        figures = run_load(url, clients=clients, uploads=uploads, deadline=600)
    faults = figures.pop("faults")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"faults: {len(faults)}", *faults[:5], sep="\n")


if __name__ == "__main__":
    main()
