"""all-MiniLM-L6-v2 on onnxruntime, with the ``encode`` that newsfuse calls on an encoder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsfuse.encoder.export import INPUTS, OUTPUT
from newsfuse.errors import ModelError

Vectors = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]

# The packaged model's sentence-transformers max_seq_length (sentence_bert_config.json): longer
# texts are cut there, [CLS] and [SEP] included. Its tokenizer.json pads every text to 128,
# which would change nothing but cost work: batches are padded to their longest text instead.
MAX_TOKENS = 256
DIMENSION = 384


class OnnxEncoder:
    """Unit vectors of the sentence-transformers pipeline of the packaged model (BERT, the mean
    of the real tokens' states, L2 normalisation), computed by onnxruntime.

    ``encode`` takes the arguments newsfuse passes to ``SentenceTransformer.encode`` and returns
    numpy arrays. Vectors are always unit length, as that model's own pipeline ends with a
    Normalize module; ``normalize_embeddings`` is accepted and changes nothing.
    """

    def __init__(
        self, model: Path, tokenizer: Path, *, threads: int = 1, alone: bool = False, name: str
    ) -> None:
        """Loads ``model`` (an ONNX file from ``newsfuse.encoder.export``) and ``tokenizer``.

        ``threads`` is onnxruntime's intra-op thread count; 0 lets it use every core.
        ``alone`` runs every text in a batch of its own, whatever ``batch_size`` is asked for:
        a model with dynamically quantised activations computes one scale per batch, so a
        text's vector would depend on the texts batched with it (and the embedding cache, the
        order of stories and the engine would change reports).

        Raises:
            ModelError: onnxruntime or tokenizers is not installed.
        """
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(
                f"the ONNX encoder needs {exc.name}; install it from requirements.lock, "
                "or set NEWSFUSE_ENCODER=torch"
            ) from exc
        self.name = name
        self._alone = alone
        self.max_seq_length = MAX_TOKENS
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only: its notices are not the user's business
        if threads != 1:
            # Waiting threads spin by default: CPU taken from other workers on a busy machine.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )

    def get_sentence_embedding_dimension(self) -> int:
        return DIMENSION

    def encode(
        self,
        sentences: str | Sequence[str],
        *,
        batch_size: int = 32,
        normalize_embeddings: bool = True,
        convert_to_numpy: bool = True,
        convert_to_tensor: bool = False,
        show_progress_bar: bool | None = None,
        output_value: str = "sentence_embedding",
    ) -> Vectors:
        """One unit vector per text (a 1-d vector for one string), float32, in input order.

        Texts go to the model longest first, ``batch_size`` at a time (one at a time if the
        encoder was made ``alone``), each batch padded to its longest text: a text's vector
        does not depend on its batch beyond float rounding.

        Raises:
            ModelError: torch tensors or token embeddings were asked for.
        """
        if convert_to_tensor or output_value != "sentence_embedding":
            raise ModelError(
                "the ONNX encoder returns sentence vectors as numpy arrays only; "
                "set NEWSFUSE_ENCODER=torch for tensors or token embeddings"
            )
        if isinstance(sentences, str):
            one: Vectors = self._embed([sentences], batch_size)[0]
            return one
        return self._embed(list(sentences), batch_size)

    def _embed(self, texts: list[str], batch_size: int) -> Vectors:
        # sentence-transformers strips each text before tokenising it.
        tokens = [self._tokenizer.encode(str(t).strip()).ids for t in texts]
        order = sorted(range(len(texts)), key=lambda i: -len(tokens[i]))
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        step = 1 if self._alone else max(1, batch_size)
        for start in range(0, len(order), step):
            rows = order[start : start + step]
            out[rows] = self._run([tokens[i] for i in rows])
        return out

    def _run(self, batch: list[list[int]]) -> Vectors:
        width = max(len(ids) for ids in batch)
        ids: Ids = np.zeros((len(batch), width), dtype=np.int64)  # 0 is [PAD]
        mask: Ids = np.zeros((len(batch), width), dtype=np.int64)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feed: dict[str, Any] = dict(zip(INPUTS, (ids, mask, np.zeros_like(ids)), strict=True))
        hidden = np.asarray(self._session.run([OUTPUT], feed)[0], dtype=np.float32)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        unit: Vectors = (pooled / norms).astype(np.float32)
        return unit
