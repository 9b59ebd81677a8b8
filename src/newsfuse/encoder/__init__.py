"""The sentence encoder on onnxruntime: the packaged MiniLM exported once, cached, checked.

``newsfuse.nlp.load_encoder()`` chooses between this and the torch SentenceTransformer.
"""

from __future__ import annotations

from newsfuse.encoder.artifacts import ONNX_VARIANTS, Source, default_cache_dir, ensure_model
from newsfuse.encoder.runtime import OnnxEncoder

__all__ = ["ONNX_VARIANTS", "OnnxEncoder", "Source", "default_cache_dir", "ensure_model"]
