"""Many reports on a Dask cluster: read, validate and tabulate a bag of files (the ``dask`` extra).

The work per file is the same as on one machine (:func:`govinfo_report.read`,
:func:`govinfo_report.validate`, :func:`govinfo_report.to_frame`); Dask spreads
it over the workers of whatever scheduler is active, for instance a
``distributed.Client(LocalCluster())`` or a cluster of many machines::

    from distributed import Client
    import govinfo_report.dask as gd

    client = Client()                                   # or Client("scheduler:8786")
    paths = gd.find(["reports/"], recursive=True)
    gd.validate_bag(paths).filter(lambda r: not r["valid"]).pluck("file").compute()
    gd.to_dask_frame(paths).groupby("year")["t3.granted.total"].sum().compute()
    gd.to_parquet(paths, "reports.parquet")             # a partitioned Parquet dataset

.. versionadded:: 0.2
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from govinfo_report._batch import check_files, iter_sources
from govinfo_report._optional import optional
from govinfo_report.dataset import Shape, _frame_of_paths, to_frame

__all__ = ["find", "to_dask_frame", "to_parquet", "validate_bag"]

_PARTITION = 64
"""Files per partition by default."""


def _bag() -> Any:
    return optional("dask.bag", "dask", "Dask support", "dask")


def _dd() -> Any:
    return optional("dask.dataframe", "dask", "Dask support", "dask[dataframe]")


def find(inputs: Iterable[str], *, recursive: bool = False) -> list[str]:
    """The report files named by ``inputs`` (files, folders, glob patterns), as the command line finds them."""
    return [path for path, _ in iter_sources(inputs, recursive=recursive)]


def _partitions(paths: Sequence[str], size: int) -> list[list[str]]:
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)] or [[]]


def validate_bag(paths: Sequence[str], *, partition_size: int = _PARTITION) -> Any:
    """A ``dask.bag.Bag`` of one record per file, the objects ``validate --ndjson`` prints."""
    db = _bag()
    return db.from_sequence(_partitions(paths, partition_size), npartitions=None).map(check_files).flatten()


def _frame(paths: list[str], shape: Shape) -> Any:
    return _frame_of_paths(paths, shape)[0].frame


def to_dask_frame(paths: Sequence[str], *, shape: Shape = "wide", partition_size: int = _PARTITION) -> Any:
    """A ``dask.dataframe.DataFrame`` of the readable files, as :func:`govinfo_report.to_frame` makes it.

    The report id is the path; unreadable files are left out (see :func:`validate_bag` for why).
    """
    dd = _dd()
    meta = to_frame([], shape)
    return dd.from_map(_frame, _partitions(paths, partition_size), shape=shape, meta=meta, enforce_metadata=False)


def to_parquet(
    paths: Sequence[str], target: str, *, shape: Shape = "wide", partition_size: int = _PARTITION, **kwargs: Any
) -> None:
    """Write the frame of :func:`to_dask_frame` as a partitioned Parquet dataset in ``target`` (a folder)."""
    to_dask_frame(paths, shape=shape, partition_size=partition_size).to_parquet(target, write_index=False, **kwargs)
