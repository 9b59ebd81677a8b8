"""The ONNX encoder gives the torch pipeline's vectors, whatever the batch or the length."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from newsfuse.encoder import OnnxEncoder
from newsfuse.errors import ModelError


def _cosines(a: Any, b: Any) -> Any:
    return (np.asarray(a) * np.asarray(b)).sum(axis=1)


def test_fp32_vectors_match_torch(
    fp32: OnnxEncoder, torch_encoder: Any, seed_sentences: list[str]
) -> None:
    ours = fp32.encode(seed_sentences, batch_size=16, normalize_embeddings=True)
    theirs = torch_encoder.encode(seed_sentences, batch_size=16, normalize_embeddings=True)
    assert ours.shape == (len(seed_sentences), 384) and ours.dtype == np.float32
    assert _cosines(ours, theirs).min() > 0.999


def test_int8_vectors_stay_close_to_torch(
    int8: OnnxEncoder, torch_encoder: Any, seed_sentences: list[str]
) -> None:
    ours = int8.encode(seed_sentences, normalize_embeddings=True)
    theirs = torch_encoder.encode(seed_sentences, normalize_embeddings=True)
    cos = _cosines(ours, theirs)
    assert cos.mean() > 0.99 and cos.min() > 0.97
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_text_gets_its_vector_whatever_its_batch(
    fp32: OnnxEncoder, int8: OnnxEncoder, seed_sentences: list[str]
) -> None:
    text = seed_sentences[0]
    for encoder, tolerance in ((fp32, 1e-5), (int8, 0.0)):
        alone = encoder.encode(text)
        batched = encoder.encode([*seed_sentences[1:], text], batch_size=16)[-1]
        assert alone.shape == (384,)
        assert np.abs(alone - batched).max() <= tolerance, encoder.name


def test_a_long_text_is_cut_at_256_tokens_like_torch(
    fp32: OnnxEncoder, torch_encoder: Any, seed_sentences: list[str]
) -> None:
    words = " ".join(seed_sentences).split()
    long = " ".join((words * (1000 // len(words) + 1))[:1000])
    short = seed_sentences[1]
    ours = fp32.encode([long, short], batch_size=2)
    theirs = torch_encoder.encode([long, short], normalize_embeddings=True)
    assert _cosines(ours, theirs).min() > 0.999
    # Tokens past the cut change nothing; padding the short text to the long one's width
    # neither.
    longer = fp32.encode(long + " and then a different ending altogether")
    assert np.abs(ours[0] - longer).max() < 1e-5
    assert np.abs(ours[1] - fp32.encode(short)).max() < 1e-5


def test_empty_input_and_whitespace(fp32: OnnxEncoder, torch_encoder: Any) -> None:
    assert fp32.encode([]).shape == (0, 384)
    ours = fp32.encode(["  Rebels seized the town.\n", ""])
    theirs = torch_encoder.encode(["  Rebels seized the town.\n", ""], normalize_embeddings=True)
    assert _cosines(ours, theirs).min() > 0.999


def test_tensors_are_refused_with_what_to_do(fp32: OnnxEncoder) -> None:
    with pytest.raises(ModelError, match="NEWSFUSE_ENCODER=torch"):
        fp32.encode(["a"], convert_to_tensor=True)
    with pytest.raises(ModelError, match="numpy"):
        fp32.encode(["a"], output_value="token_embeddings")
