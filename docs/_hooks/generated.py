"""MkDocs hook: pages parts that are generated from the code at build time, so they cannot go stale.

Markers, each alone on a line in a page:

- ``<!-- generated:cli-help -->``: the output of ``textrepair --help``.
- ``<!-- generated:config-options -->``: every ``Config`` option with its group, type,
  default and its ``#:`` comment, read from ``textrepair/config.py``.
- ``<!-- generated:benchmark-plots -->``: every plot the benchmark suite wrote to
  ``docs/assets/benchmarks/``.
"""

from __future__ import annotations

import ast
import io
import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PLOTS = ROOT / "docs" / "assets" / "benchmarks"
_MARKER = re.compile(r"^<!-- generated:([a-z-]+) -->$", re.MULTILINE)


def cli_help() -> str:
    from textrepair.cli import build_parser

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # argparse reads it for the wrap width
    try:
        text = build_parser().format_help()
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return f"```text\n$ textrepair --help\n{text.rstrip()}\n```"


def config_options() -> list[dict[str, str]]:
    """Each option of ``Config``: name, group, type, default and the ``#:`` comment."""
    source = (ROOT / "textrepair" / "config.py").read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Config")
    options = []
    for node in cls.body:
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
            continue
        comment: list[str] = []
        group = ""
        i = node.lineno - 2
        while i >= 0 and lines[i].strip().startswith("#:"):
            comment.insert(0, lines[i].strip()[2:].strip())
            i -= 1
        for j in range(node.lineno - 2, -1, -1):
            m = re.match(r"\s*# --- (.+?) ---", lines[j])
            if m:
                group = m.group(1)
                break
        default = ""
        if node.value is not None:
            default = ast.get_source_segment(source, node.value) or ""
            m = re.fullmatch(r"field\(default_factory=(\w+)\)", default)
            if m:
                default = f"{m.group(1)}()"
        options.append(
            {
                "name": node.target.id,
                "group": group,
                "type": ast.get_source_segment(source, node.annotation) or "",
                "default": default,
                "doc": " ".join(comment),
            }
        )
    return options


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def config_table() -> str:
    out = io.StringIO()
    out.write("| option | type | default | what it does |\n|---|---|---|---|\n")
    group = None
    for opt in config_options():
        if opt["group"] != group:
            group = opt["group"]
            out.write(f"| **{_cell(group)}** | | | |\n")
        doc = opt["doc"] or f"Run the `{opt['name']}` stage."
        out.write(
            f"| `{opt['name']}` | `{_cell(opt['type'])}` | `{_cell(opt['default'])}` "
            f"| {_cell(doc)} |\n"
        )
    return out.getvalue()


# Titles of the plots benchmarks/run.py draws; any other file gets its name as title.
_PLOT_TITLES = {
    "throughput": "Throughput per stage and pipeline, against the anchors",
    "scaling": "Scaling with input size while streaming (time and memory)",
    "dictionary": "Dictionary load time and memory per language",
}


def benchmark_plots(page_path: str) -> str:
    plots = (
        sorted(p for p in PLOTS.glob("*") if p.suffix.lower() in (".png", ".svg", ".jpg", ".jpeg"))
        if PLOTS.is_dir()
        else []
    )
    if not plots:
        return (
            "!!! note\n    No plots yet: the benchmark suite writes them to "
            "`docs/assets/benchmarks/` when it runs (see the commands above)."
        )
    up = "../" * page_path.count("/")
    blocks = []
    for p in plots:
        title = _PLOT_TITLES.get(p.stem, p.stem.replace("_", " ").replace("-", " "))
        blocks.append(f"### {title}\n\n![{title}]({up}assets/benchmarks/{p.name})")
    return "\n\n".join(blocks)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        kind = match.group(1)
        if kind == "cli-help":
            return cli_help()
        if kind == "config-options":
            return config_table()
        if kind == "benchmark-plots":
            return benchmark_plots(page.file.src_uri)
        raise ValueError(f"{page.file.src_uri}: unknown generated block {kind!r}")

    return _MARKER.sub(replace, markdown)
