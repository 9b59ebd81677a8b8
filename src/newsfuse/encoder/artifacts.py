"""The exported ONNX files in the user's cache folder: named by what made them, checked on use.

A file's name carries a key over everything that shapes its bytes (the source weights' hash,
the export recipe, the torch/onnx/onnxruntime versions), so an upgrade builds a new file
beside the old one instead of reusing it. A JSON sidecar records the file's own sha256: a
truncated or altered file fails the check and is rebuilt. Builders write to a temporary file
and rename it into place, under a lock file, so concurrent processes never read a half-written
model and build it once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from newsfuse.errors import ModelError
from newsfuse.nlp import file_sha256

ONNX_VARIANTS = ("onnx", "onnx-int8")
# Bump when export.py changes what it writes for the same inputs.
RECIPE = 1
MODEL_NAME = "all-minilm-l6-v2"


@dataclass(frozen=True, slots=True)
class Source:
    """The packaged sentence-transformers model to export, the pinned hash of its weights, and
    what checks them (raising ModelError) before an export reads them."""

    model_dir: Path
    weights_sha256: str
    check: Callable[[], None] | None = None


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/newsfuse/encoder``, else ``~/.cache/newsfuse/encoder``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsfuse" / "encoder"


def recipe(variant: str, source: Source) -> dict[str, str | int]:
    """What the file of ``variant`` is made from; its hash is the file name's key."""
    made: dict[str, str | int] = {
        "model": MODEL_NAME,
        "variant": variant,
        "source_sha256": source.weights_sha256,
        "recipe": RECIPE,
        "torch": _version("torch"),
        "onnx": _version("onnx"),
    }
    if variant == "onnx-int8":
        made["onnxruntime"] = _version("onnxruntime")
    return made


def model_path(variant: str, source: Source, cache_dir: Path) -> Path:
    blob = json.dumps(recipe(variant, source), sort_keys=True).encode("utf-8")
    key = hashlib.sha256(blob).hexdigest()[:16]
    return cache_dir / f"{MODEL_NAME}-{variant}-{key}.onnx"


def ensure_model(variant: str, source: Source, cache_dir: Path) -> Path:
    """The checked ONNX file of ``variant``, exported (and quantised) first if it is missing,
    partial or altered.

    Raises:
        ModelError: the variant is unknown, the cache folder is not writable, or the export
            needs a package (torch, onnx, onnxruntime) that is not installed.
    """
    if variant not in ONNX_VARIANTS:
        raise ModelError(f"no ONNX variant {variant!r}; use one of {', '.join(ONNX_VARIANTS)}")
    path = model_path(variant, source, cache_dir)
    if is_valid(path):
        return path
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"{cache_dir}: cannot create the encoder cache ({exc.strerror}); "
            "set NEWSFUSE_MODEL_CACHE to a writable folder"
        ) from exc
    with _locked(path.with_name(path.name + ".lock")):
        if not is_valid(path):  # another process may have built it while this one waited
            _build(variant, source, path, cache_dir)
    return path


def is_valid(path: Path) -> bool:
    """The file exists and has the size and sha256 its sidecar recorded when it was built."""
    try:
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        size = path.stat().st_size
    except (OSError, ValueError):
        return False
    return (
        isinstance(meta, dict)
        and meta.get("bytes") == size
        and meta.get("sha256") == (file_sha256(path))
    )


def _build(variant: str, source: Source, path: Path, cache_dir: Path) -> None:
    from newsfuse.encoder.export import export_fp32, quantize_int8

    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.onnx")
    side_tmp = tmp.with_suffix(".json")
    try:
        if variant == "onnx":
            if source.check is not None:
                source.check()
            _exporting(lambda: export_fp32(source.model_dir, tmp))
        else:
            fp32 = ensure_model("onnx", source, cache_dir)
            _exporting(lambda: quantize_int8(fp32, tmp))
        meta = {**recipe(variant, source), "bytes": tmp.stat().st_size, "sha256": file_sha256(tmp)}
        side_tmp.write_text(json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8")
        # The model first, then its sidecar: a reader in between sees a mismatch, waits on the
        # lock, and finds both in place.
        os.replace(tmp, path)
        os.replace(side_tmp, _sidecar(path))
    finally:
        tmp.unlink(missing_ok=True)
        side_tmp.unlink(missing_ok=True)


def _exporting(step: Callable[[], None]) -> None:
    try:
        step()
    except ImportError as exc:
        raise ModelError(
            f"exporting the encoder to ONNX needs {exc.name or 'a package'} ({exc}); "
            "install it from requirements.lock, or set NEWSFUSE_ENCODER=torch"
        ) from exc


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` across processes (POSIX); elsewhere the atomic renames
    alone keep the cache consistent, at the cost of a possible second export."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
