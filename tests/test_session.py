"""The session: one place that wires the models and caches, rebuilt from its configuration."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from newsfuse.config import Settings
from newsfuse.ingest import read_sources
from newsfuse.models import Article
from newsfuse.session import Session


def test_a_pickled_session_carries_its_configuration_not_its_models(nlp: Any) -> None:
    session = Session(Settings(nlp_batch_size=4, cluster_names=False), vectors="per_fusion")
    assert session.nlp is nlp  # loaded once per process: the loader's pipeline
    copy = pickle.loads(pickle.dumps(session))
    assert copy.settings == session.settings and copy.vectors == "per_fusion"
    assert not copy.models_loaded  # loads again where it lands (a worker, an actor)
    assert copy.cluster_analyzer() is None
    assert copy.analyses.batch_size == 4


def test_kept_vectors_outlive_a_fusion_and_per_fusion_ones_do_not() -> None:
    kept, fresh = Session(), Session(vectors="per_fusion")
    assert kept.embedding_cache() is kept.embedding_cache()
    assert fresh.embedding_cache() is not fresh.embedding_cache()
    assert kept.sentence_encoder().batch_size == Settings().encode_batch_size


def test_fusing_twice_analyses_and_parses_only_once(seeds_dir: Path) -> None:
    articles = [a for a in read_sources([seeds_dir]) if isinstance(a, Article)][:2]
    session = Session()
    first = session.fuse(articles, story_id="s-test")
    parsed = session.parser.parsed
    again = session.fuse(articles, story_id="s-test", now=None)
    assert session.analyses.analyzed == len(articles)  # the second fusion analysed nothing
    assert session.parser.parsed == parsed  # nor parsed anything again
    assert again.facts == first.facts and again.conflicts == first.conflicts


def test_vectors_on_disk_are_kept_apart_per_encoder_kind(tmp_path: Path) -> None:
    import numpy as np

    fp32 = Session(Settings(embedding_cache=str(tmp_path), encoder="onnx"))
    int8 = Session(Settings(embedding_cache=str(tmp_path), encoder="onnx-int8"))
    fp32.embedding_cache().put("k", np.ones(4, dtype=np.float32))
    assert fp32.embedding_cache().get("k") is not None
    assert int8.embedding_cache().get("k") is None  # another encoder's vector never answers
