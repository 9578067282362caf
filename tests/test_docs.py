"""The documentation site builds with ``mkdocs build --strict`` and covers the whole API.

The examples on the site are run by ``tests/test_examples.py``; here the site is
built once (broken links, missing pages, unresolved references and docstrings that
mkdocstrings cannot render fail the build) and the built pages are checked for the
public names, every ``Config`` option and the command's help.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import textrepair
from textrepair.config import Config

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_hooks"))
import generated  # noqa: E402  (the site's build hook, docs/_hooks/generated.py)

# Options without a ``#:`` comment: the stage switches, documented by the stage pages.
UNCOMMENTED_OPTIONS = {"encoding", "boilerplate", "tokens"}
STAGE_PAGES = {
    "encoding stage": "stages/encoding.md",
    "boilerplate stage": "stages/boilerplate.md",
    "tokens stage": "stages/tokens.md",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}"
    print(f"mkdocs build --strict: {elapsed:.1f} s")
    return out


def _page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def _text(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


def test_site_builds(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "reference" / "index.html").is_file()


def test_every_public_name_in_reference(site: Path) -> None:
    page = _page(site, "reference")
    missing = [
        name
        for name in textrepair.__all__
        if name != "__version__" and f'id="textrepair.{name}"' not in page
    ]
    assert not missing, f"not in docs/reference/index.md: {missing}"


@pytest.mark.parametrize(
    "page, module",
    [
        ("reference/testing", "textrepair.testing"),
        ("reference/dask", "textrepair.dask"),
        ("reference/datatrove", "textrepair.integrations.datatrove"),
    ],
)
def test_module_reference_lists_its_names(site: Path, page: str, module: str) -> None:
    import importlib

    mod = importlib.import_module(module)
    text = _page(site, page)
    missing = [n for n in mod.__all__ if f'id="{module}.{n}"' not in text]
    assert not missing, f"{page}: {missing} missing"


def test_every_config_option_documented(site: Path) -> None:
    options = {o["name"]: o for o in generated.config_options()}
    assert list(options) == list(Config.option_names())
    uncommented = {name for name, o in options.items() if not o["doc"]}
    assert uncommented == UNCOMMENTED_OPTIONS, "every option needs a #: comment in config.py"
    page = _page(site, "reference/config")
    concepts = _text(_page(site, "concepts"))
    for name, option in options.items():
        assert f'id="textrepair.config.Config.{name}"' in page, f"{name} not in the reference"
        if option["doc"]:
            # The comment's first words, as rendered (markup stripped), on both pages.
            words = re.sub(r"`+", "", option["doc"]).split()[:4]
            assert " ".join(words) in _text(page), f"{name}: #: comment not rendered"
            assert " ".join(words) in concepts, f"{name}: not in the concepts table"


def test_every_stage_option_has_a_section() -> None:
    for option in generated.config_options():
        page = STAGE_PAGES.get(option["group"])
        if page is None:
            continue
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert re.search(rf"^### .*`{option['name']}`", text, re.MULTILINE), (
            f"docs/{page} has no section for option {option['name']!r}"
        )


def test_cli_page_shows_the_current_help(site: Path) -> None:
    from textrepair.cli import build_parser

    text = _text(_page(site, "cli"))
    for action in build_parser()._actions:
        for flag in action.option_strings:
            assert flag in text, f"{flag} missing from the CLI page"


def test_benchmark_tables_included(site: Path) -> None:
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", readme, re.MULTILINE)
    text = _text(_page(site, "benchmarks"))
    assert headings
    for heading in headings:
        assert _text(heading).replace("`", "") in text
    for plot in sorted(generated.PLOTS.glob("*.png")):
        assert (site / "assets" / "benchmarks" / plot.name).is_file()
        assert f"assets/benchmarks/{plot.name}" in _page(site, "benchmarks")


def test_changelog_included(site: Path) -> None:
    assert "Unreleased" in _text(_page(site, "changelog"))
