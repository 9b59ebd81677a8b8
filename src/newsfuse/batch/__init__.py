"""Batch mode: the whole pipeline over an archive, in one process or on Ray (issue 8).

`run_batch` plans partitions of the inputs (JSONL shards cut into line ranges, WARC files,
folders, globs), analyses them with an engine (`LocalEngine`, or `RayEngine` from
``newsfuse.batch.engine_ray`` with ``pip install newsfuse[ray]``), clusters the articles into
stories in bounded blocks (`newsfuse.batch.blocking`: up to 5,000 articles, exactly
`cluster_batch`'s stories), fuses each story and writes the output folder.
"""

from __future__ import annotations

from newsfuse.batch.blocking import BlockingOptions, Story, cluster_blocks, story_id_for
from newsfuse.batch.engine_local import Engine, FuseSettings, LocalEngine
from newsfuse.batch.plan import PartitionSpec, Plan, plan_partitions
from newsfuse.batch.runner import BatchOptions, BatchResult, Progress, make_engine, run_batch

__all__ = [
    "BatchOptions",
    "BatchResult",
    "BlockingOptions",
    "Engine",
    "FuseSettings",
    "LocalEngine",
    "PartitionSpec",
    "Plan",
    "Progress",
    "Story",
    "cluster_blocks",
    "make_engine",
    "plan_partitions",
    "run_batch",
    "story_id_for",
]
