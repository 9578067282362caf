"""Dask and datatrove give exactly the single-process output."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from textrepair import Repairer

TEXTS = [
    f"Record {i}: the caf\u00c3\u00a9 &amp; the th\u00c3\u00a9\u00c3\u00a2tre, le mus\u00c3\u00a9e."
    for i in range(24)
] + [
    "Skip to main content\nThe council met on Monday to discuss the budget for schools.\n"
    "Back to top"
]


def expected(lang: str = "auto") -> list[str]:
    r = Repairer(lang)
    return [r.repair(t).text for t in TEXTS]


@pytest.fixture(scope="module")
def cluster_client():  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_repair_bag_on_a_local_cluster(cluster_client) -> None:  # type: ignore[no-untyped-def]
    db = pytest.importorskip("dask.bag")
    from textrepair.dask import repair_bag

    bag = db.from_sequence(TEXTS, npartitions=4)
    assert repair_bag(bag).compute() == expected()
    records = db.from_sequence([{"id": i, "text": t} for i, t in enumerate(TEXTS)], npartitions=3)
    out = repair_bag(records, lang="en", text_key="text").compute()
    assert [r["id"] for r in out] == list(range(len(TEXTS)))
    assert [r["text"] for r in out] == expected("en")


def test_repair_frame_on_a_local_cluster(cluster_client) -> None:  # type: ignore[no-untyped-def]
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    from textrepair.dask import repair_frame

    pdf = pd.DataFrame({"n": range(len(TEXTS)), "body": TEXTS})
    pdf.loc[3, "body"] = None
    df = dd.from_pandas(pdf, npartitions=3)
    out = repair_frame(df, "body").compute()
    want = expected()
    got = list(out["body"])
    assert pd.isna(got[3])  # a missing value passes through as missing
    assert got[:3] + got[4:] == want[:3] + want[4:]
    assert list(out["n"]) == list(range(len(TEXTS)))


def test_dask_errors_early() -> None:
    db = pytest.importorskip("dask.bag")
    from textrepair.dask import repair_bag, repair_frame

    bag = db.from_sequence(["x"])
    with pytest.raises(TypeError, match="colour"):
        repair_bag(bag, colour=True)
    with pytest.raises(ValueError, match="unsupported language"):
        repair_bag(bag, lang="xx")
    dd = pytest.importorskip("dask.dataframe")
    pd = pytest.importorskip("pandas")
    with pytest.raises(KeyError, match="nope"):
        repair_frame(dd.from_pandas(pd.DataFrame({"a": ["x"]}), npartitions=1), "nope")


def test_datatrove_step_with_the_local_executor(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    import pickle

    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from textrepair.integrations.datatrove import TextRepairFormatter

    step = TextRepairFormatter(lang="auto", record_edits=True)
    step.format("warm up: caf\u00c3\u00a9")  # loads resources ...
    assert len(pickle.dumps(step)) < 20_000  # ... which are not pickled with the step
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(TEXTS)]
    executor = LocalPipelineExecutor(
        pipeline=[docs, step, JsonlWriter(str(tmp_path / "out"))],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    (out_file,) = (tmp_path / "out").glob("*.jsonl.gz")
    with gzip.open(out_file, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    assert [r["text"] for r in rows] == expected()
    assert any(r["metadata"]["textrepair_edits"] for r in rows)
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    names = json.dumps(stats)
    assert "edits/encoding" in names


def test_cli_engine_dask_matches_the_local_run(cluster_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from textrepair.cli import main

    src = tmp_path / "in.jsonl"
    bad = '{"text": 3}\n'
    src.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(TEXTS)) + bad,
        encoding="utf-8",
    )
    local, remote = tmp_path / "local.jsonl", tmp_path / "remote.jsonl.gz"
    assert main([str(src), "-o", str(local), "-j", "1", "-q"]) == 1  # the bad record
    address = cluster_client.scheduler.address
    args = [str(src), "-o", str(remote), "--engine", "dask", "--scheduler", address]
    assert main([*args, "--chunk-size", "1K", "-q"]) == 1
    with gzip.open(remote, "rb") as f:
        assert f.read() == local.read_bytes()
    rows = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows[:-1]] == expected()


def test_ordered_cluster_map_keeps_order(cluster_client) -> None:  # type: ignore[no-untyped-def]
    from textrepair.dask import ordered_cluster_map

    out = list(ordered_cluster_map(cluster_client, pow, range(50), 2, in_flight=3))
    assert out == [2**i for i in range(50)]
