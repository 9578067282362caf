"""Griffe extension: make textrepair's reST-flavoured docstrings render as Markdown.

Doctest examples (a ``>>>`` line up to the next blank line) become fenced
``pycon`` blocks, wherever they stand in the docstring.

The docstrings use ``:class:`~textrepair.Repairer``` and friends (they read well
in ``help()``); Markdown would show the role names literally. Roles become plain
inline code, never cross-references, so a reference to a private or undocumented
object cannot break ``mkdocs build --strict``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|data|mod|attr|obj|exc):`(~?)([^`]+)`")


def _code(match: re.Match[str]) -> str:
    tilde, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if tilde else target}`"


def _fence_doctests(text: str) -> str:
    out: list[str] = []
    in_block = False
    indent = ""
    for line in text.split("\n"):
        stripped = line.lstrip()
        if not in_block and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            in_block = True
        elif in_block and not stripped:
            out.append(f"{indent}```")
            in_block = False
        out.append(line)
    if in_block:
        out.append(f"{indent}```")
    return "\n".join(out)


def markdown_docstring(text: str) -> str:
    """``text`` with doctests fenced and roles as inline code (roles in doctests kept)."""
    parts = re.split(r"(```pycon\n.*?```)", _fence_doctests(text), flags=re.DOTALL)
    return "".join(p if p.startswith("```pycon") else _ROLE.sub(_code, p) for p in parts)


class ReSTAsMarkdown(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
