"""The Dask path on a local distributed cluster of two workers."""

from __future__ import annotations

from pathlib import Path

import pytest

import govinfo_report as gr
from govinfo_report._generate import generate_corpus

pd = pytest.importorskip("pandas")
distributed = pytest.importorskip("distributed")
gd = pytest.importorskip("govinfo_report.dask")


@pytest.fixture(scope="module")
def client() -> object:
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_cluster_gives_the_single_process_dataset(client: object, tmp_path: Path) -> None:
    """validate_bag, to_dask_frame and to_parquet on 2 workers agree with validate and to_frame in one process."""
    generate_corpus(tmp_path / "in", 20)
    paths = gd.find([str(tmp_path / "in")], recursive=True)
    assert 21 == len(paths)

    records = gd.validate_bag(paths, partition_size=4).compute()
    readable = [p for p in paths if not p.endswith("broken.json")]
    expected_valid = {p: gr.validate(gr.read(p)).valid for p in readable}
    assert paths == [r["file"] for r in records]
    assert expected_valid == {r["file"]: r["valid"] for r in records if "error" not in r}

    expected = gr.to_frame({p: gr.read(p) for p in readable})
    got = gd.to_dask_frame(paths, partition_size=4).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(expected, got)

    gd.to_parquet(paths, str(tmp_path / "out"), shape="long", partition_size=8)
    long = pd.read_parquet(tmp_path / "out").sort_values(["report_id"], kind="stable").reset_index(drop=True)
    expected_long = gr.to_frame({p: gr.read(p) for p in sorted(readable)}, shape="long")
    assert len(list((tmp_path / "out").glob("*.parquet"))) >= 2
    pd.testing.assert_frame_equal(expected_long, long, check_dtype=False)
