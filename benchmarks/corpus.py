"""Deterministic benchmark corpora built from the development data plus our noise models.

Three kinds of document, each as JSONL records ``{"id", "kind", "lang", "text"}``:

- ``clean-web``: gold main content of real web pages (scrapinghub, readability);
- ``noisy-ocr``: real OCR output (ICDAR 2017, BLN600), plus ground truth damaged by
  :mod:`textrepair.noise` (OCR confusions, hard wraps);
- ``web-page``: real flattened pages with their menus, some passed through mojibake.

``mixed`` interleaves all three. The corpus is scaled to ``--size`` by cycling over
the sources with fresh, seeded noise on each cycle, so any size is reproducible.

    python benchmarks/corpus.py --kind mixed --size 1GB -o /tmp/mixed-1g.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from textrepair import noise

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
KINDS = ("clean-web", "noisy-ocr", "web-page", "mixed")


def parse_size(text: str) -> int:
    """'500KB', '10MB', '1GB' or a byte count."""
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "B": 1}
    upper = text.strip().upper()
    for unit, factor in units.items():
        if upper.endswith(unit):
            return int(float(upper[: -len(unit)]) * factor)
    return int(upper)


def _jsonl(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class Sources:
    """The development data, read once."""

    def __init__(self, data: Path) -> None:
        if not data.is_dir():
            sys.exit(f"no data directory {data}: pass --data PATH (the shared/data folder)")
        web = _jsonl(data / "boilerplate" / "scrapinghub.jsonl") + _jsonl(
            data / "boilerplate" / "readability_testpages.jsonl"
        )
        ocr = _jsonl(data / "ocr" / "en-dev.jsonl") + _jsonl(data / "ocr" / "fr-dev.jsonl")
        self.clean_web = [(str(r["lang"]), str(r["gold"])) for r in web if r.get("gold")]
        self.pages = [(str(r["lang"]), str(r["flat"])) for r in web]
        self.ocr = [(str(r["lang"]), str(r["ocr"])) for r in ocr]
        self.ocr_truth = [(str(r["lang"]), str(r["gt"])) for r in ocr]


def documents(sources: Sources, kind: str, seed: int = 0) -> Iterator[dict[str, str]]:
    """An endless, deterministic stream of documents of ``kind``."""
    rng = random.Random(seed)
    cycle = 0
    while True:
        batch: list[tuple[str, str, str]] = []
        if kind in ("clean-web", "mixed"):
            batch += [("clean-web", lang, text) for lang, text in sources.clean_web]
        if kind in ("noisy-ocr", "mixed"):
            batch += [("noisy-ocr", lang, text) for lang, text in sources.ocr]
            for lang, text in sources.ocr_truth:
                damaged = noise.ocr_confusions(text, rng, rate=0.08)
                if rng.randint(0, 2) == 0:
                    damaged = noise.hard_wrap(damaged, rng.randint(50, 80))
                batch.append(("noisy-ocr", lang, damaged))
        if kind in ("web-page", "mixed"):
            for lang, text in sources.pages:
                if rng.randint(0, 4) == 0:
                    text = noise.mojibake(text, "sloppy-windows-1252")
                batch.append(("web-page", lang, text))
        rng.shuffle(batch)
        for n, (k, lang, text) in enumerate(batch):
            yield {"id": f"{k}-{cycle}-{n}", "kind": k, "lang": lang, "text": text}
        cycle += 1


def generate(sources: Sources, kind: str, size: int, seed: int = 0) -> Iterator[dict[str, str]]:
    """Documents of ``kind`` until their UTF-8 text adds up to at least ``size`` bytes."""
    total = 0
    for doc in documents(sources, kind, seed):
        if total >= size:
            return
        total += len(doc["text"].encode("utf-8"))
        yield doc


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--kind", choices=KINDS, default="mixed")
    p.add_argument("--size", default="10MB", help="total text size, e.g. 500KB, 10MB, 1GB")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("-o", "--output", type=Path, required=True)
    args = p.parse_args()
    sources = Sources(args.data)
    with args.output.open("w", encoding="utf-8") as f:
        for doc in generate(sources, args.kind, parse_size(args.size), args.seed):
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
