"""The JSON results file every benchmark script writes: its figures, when and where measured."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path
from typing import Any


def write_results(path: Path, **fields: Any) -> None:
    """Write ``fields`` to ``path`` as JSON, after the date (UTC) and the machine."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, CPython {platform.python_version()}",
        **fields,
    }
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
