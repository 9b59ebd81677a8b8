"""The exported files: reused while intact, rebuilt when damaged, never half-written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from newsfuse.encoder import OnnxEncoder, Source, ensure_model
from newsfuse.encoder.artifacts import is_valid, model_path
from newsfuse.errors import ModelError
from newsfuse.nlp import load_encoder


def _no_export(*_: object) -> None:
    raise AssertionError("the cached file should have been used")


def test_an_intact_cache_is_used_as_it_is(
    onnx_cache: Path, source: Source, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsfuse.encoder.export as export

    monkeypatch.setattr(export, "export_fp32", _no_export)
    monkeypatch.setattr(export, "quantize_int8", _no_export)
    for variant in ("onnx", "onnx-int8"):
        path = ensure_model(variant, source, onnx_cache)
        assert path == model_path(variant, source, onnx_cache) and is_valid(path)
        other = Source(model_dir=source.model_dir, weights_sha256="0" * 64)
        assert variant in path.name and model_path(variant, other, onnx_cache) != path
    names = sorted(p.name for p in onnx_cache.iterdir() if not p.name.endswith(".lock"))
    assert len(names) == 4 and not [n for n in names if ".tmp" in n]  # 2 models, 2 sidecars


def test_a_truncated_file_is_rebuilt(
    onnx_cache: Path,
    source: Source,
    tmp_path: Path,
    int8: OnnxEncoder,
    seed_sentences: list[str],
    make_encoder: Callable[[str, Path], OnnxEncoder],
) -> None:
    folder = tmp_path / "cache"
    shutil.copytree(onnx_cache, folder)
    damaged = model_path("onnx-int8", source, folder)
    size = damaged.stat().st_size
    with damaged.open("r+b") as handle:
        handle.truncate(size // 2)  # as a process killed while copying would leave it
    assert not is_valid(damaged)
    rebuilt = ensure_model("onnx-int8", source, folder)
    assert rebuilt == damaged and is_valid(rebuilt)
    again = make_encoder("onnx-int8", folder).encode(seed_sentences)
    assert np.abs(again - int8.encode(seed_sentences)).max() < 1e-6


def test_a_changed_byte_or_a_bad_sidecar_fails_the_check(
    onnx_cache: Path, source: Source, tmp_path: Path
) -> None:
    original = model_path("onnx-int8", source, onnx_cache)
    copy = tmp_path / original.name
    shutil.copy(original, copy)
    shutil.copy(original.with_suffix(".json"), copy.with_suffix(".json"))
    assert is_valid(copy)
    with copy.open("r+b") as handle:
        handle.seek(copy.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    assert not is_valid(copy)
    shutil.copy(original, copy)
    copy.with_suffix(".json").write_text("{not json", encoding="utf-8")
    assert not is_valid(copy)
    copy.with_suffix(".json").write_text(json.dumps([1]), encoding="utf-8")
    assert not is_valid(copy)


def test_load_encoder_picks_the_variant(onnx_cache: Path) -> None:
    encoder = load_encoder("onnx", threads=1, cache_dir=onnx_cache)
    assert isinstance(encoder, OnnxEncoder) and encoder.name == "onnx"
    assert load_encoder("onnx", threads=1, cache_dir=onnx_cache) is encoder
    assert encoder.get_sentence_embedding_dimension() == 384
    with pytest.raises(ModelError, match="NEWSFUSE_ENCODER"):
        load_encoder("bert", threads=1, cache_dir=onnx_cache)


def test_weights_that_fail_their_check_are_not_exported(source: Source, tmp_path: Path) -> None:
    def altered() -> None:
        raise ModelError("model.safetensors has sha256 0000…, expected 53aa…")

    checked = Source(source.model_dir, source.weights_sha256, check=altered)
    with pytest.raises(ModelError, match="expected 53aa"):
        ensure_model("onnx-int8", checked, tmp_path)
    assert not [p for p in tmp_path.iterdir() if not p.name.endswith(".lock")]


def test_an_unwritable_cache_folder_says_what_to_do(source: Source, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ModelError, match="NEWSFUSE_MODEL_CACHE"):
        ensure_model("onnx", source, blocker / "encoder")


_BUILD = """
import sys
from pathlib import Path
import newsfuse.encoder.export as export
from newsfuse.encoder import Source, ensure_model
from newsfuse.nlp import ENCODER_WEIGHTS, encoder_model_path

quantize = export.quantize_int8
built = []
def counted(*args):
    built.append(1)
    quantize(*args)
export.quantize_int8 = counted
source = Source(encoder_model_path(), ENCODER_WEIGHTS["model.safetensors"])
path = ensure_model("onnx-int8", source, Path(sys.argv[1]))
print("built" if built else "reused", path.name)
"""


def test_processes_building_at_once_build_once(
    onnx_cache: Path, source: Source, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    fp32 = model_path("onnx", source, onnx_cache)
    for path in (fp32, fp32.with_suffix(".json")):
        shutil.copy(path, folder / path.name)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _BUILD, str(folder)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = sorted(run.communicate(timeout=300)[0].split()[0] for run in runs)
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs == ["built", "reused"]
    assert is_valid(model_path("onnx-int8", source, folder))
    assert not [p for p in folder.iterdir() if ".tmp" in p.name or ".pre" in p.name]
