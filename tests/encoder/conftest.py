"""ONNX encoder fixtures: both variants exported once per run into a temporary cache folder
(about 10-20 s here), and the torch encoder they are compared with."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsfuse.encoder import OnnxEncoder, Source, ensure_model
from newsfuse.nlp import ENCODER_WEIGHTS, encoder_model_path


@pytest.fixture(scope="session")
def source() -> Source:
    return Source(
        model_dir=encoder_model_path(), weights_sha256=ENCODER_WEIGHTS["model.safetensors"]
    )


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory: pytest.TempPathFactory, source: Source) -> Path:
    """A cache folder holding the fp32 and int8 exports, built here, not in the user's cache."""
    folder = tmp_path_factory.mktemp("encoder-cache")
    for variant in ("onnx", "onnx-int8"):
        ensure_model(variant, source, folder)
    return folder


@pytest.fixture(scope="session")
def make_encoder(source: Source) -> Callable[[str, Path], OnnxEncoder]:
    """An OnnxEncoder of a variant over the file in a cache folder (built if need be)."""

    def make(variant: str, folder: Path) -> OnnxEncoder:
        model = ensure_model(variant, source, folder)
        tokenizer = source.model_dir / "tokenizer.json"
        return OnnxEncoder(model, tokenizer, alone=variant == "onnx-int8", name=variant)

    return make


@pytest.fixture(scope="session")
def fp32(onnx_cache: Path, make_encoder: Callable[[str, Path], OnnxEncoder]) -> OnnxEncoder:
    return make_encoder("onnx", onnx_cache)


@pytest.fixture(scope="session")
def int8(onnx_cache: Path, make_encoder: Callable[[str, Path], OnnxEncoder]) -> OnnxEncoder:
    return make_encoder("onnx-int8", onnx_cache)


@pytest.fixture(scope="session")
def torch_encoder() -> Any:
    from newsfuse.nlp import load_encoder

    return load_encoder("torch")


@pytest.fixture(scope="session")
def seed_sentences(seed_paths: list[Path]) -> list[str]:
    """Twelve real sentences: the first lines of the seed articles, split at full stops."""
    sentences: list[str] = []
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 6][:3]
    return sentences[:12]
