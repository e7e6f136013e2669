"""An operation that takes as long as it is told (imported by a worker of the pool tests only)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from govinfo_report.web._work import OPERATIONS, Reply


def _sleep(_data: bytes, _filename: str | None, params: Mapping[str, Any]) -> Reply:
    time.sleep(float(params["seconds"]))
    return 200, "text/plain", b"slept", None


OPERATIONS["sleep"] = _sleep
