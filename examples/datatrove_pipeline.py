"""Repair documents as a step of a datatrove pipeline, run with datatrove's local executor.

The step records edit counts in the pipeline's stats (``edits``, ``edits/encoding``, ...)
and pickles small: dictionaries are loaded by each task, on first use.

    pip install 'textrepair[datatrove]' && python examples/datatrove_pipeline.py
"""

import gzip
import json
import tempfile
from pathlib import Path

from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter

from textrepair.integrations.datatrove import TextRepairFormatter

documents = [
    Document(text="The caf\u00c3\u00a9 reopened on Monday &amp; the kitchen too.", id="1"),
    Document(text="Skip to main content\nThe council met to discuss the budget.", id="2"),
    Document(text="Le mus\u00c3\u00a9e est ouvert tous les jours.", id="3"),
]

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        # In a real pipeline the first step is a reader, e.g. JsonlReader("s3://bucket/crawl/").
        LocalPipelineExecutor(
            pipeline=[
                documents,
                TextRepairFormatter(lang="auto", record_edits=True),
                JsonlWriter(f"{tmp}/out"),
            ],
            tasks=1,
            logging_dir=f"{tmp}/logs",
        ).run()
        for path in sorted(Path(tmp, "out").glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    edits = row["metadata"]["textrepair_edits"]
                    print(row["id"], repr(row["text"]), f"{len(edits)} edits")
        stats = json.loads(Path(tmp, "logs", "stats.json").read_text())
        step = next(s for s in stats if "textrepair" in s["name"])
        # A counter is a number, or {"total": ..., "mean": ...} when updated with values.
        counts = {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}
        print({k: v for k, v in counts.items() if k.startswith("edits") or k == "changed"})
