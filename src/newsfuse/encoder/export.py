"""Export the packaged MiniLM to ONNX with torch, and quantise it to int8.

Both steps write only to the path they are given; ``newsfuse.encoder.artifacts`` decides
where that is and makes the result appear atomically. torch and onnx are imported here only,
so a process whose ONNX file is already cached never imports them.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

# The graph's inputs and output, shared with the runtime that feeds them.
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OUTPUT = "last_hidden_state"
# opset 17 has LayerNormalization as one operator; the onnxruntime pinned runs it natively.
OPSET = 17


def export_fp32(model_dir: Path, out: Path) -> None:
    """Writes the BERT body of the sentence-transformers model in ``model_dir`` to ``out``.

    The graph takes token ids, the attention mask and token types (int64, batch x length, both
    dynamic) and returns the last hidden state; pooling and normalisation stay in numpy, as
    sentence-transformers keeps them outside the transformer. Eager attention is exported, and
    the trace runs on a padded batch, so the mask is a real input of the graph, never a
    constant folded from an all-ones example.
    """
    import torch

    body = _bert(model_dir)
    ids = torch.tensor([[101, 7592, 2088, 1012, 102], [101, 7592, 102, 0, 0]], dtype=torch.long)
    example = (ids, (ids != 0).long(), torch.zeros_like(ids))
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, OUTPUT)}
    with warnings.catch_warnings(), torch.no_grad():
        # The legacy (TorchScript) exporter warns that it is deprecated and that shapes are
        # traced; the dynamic axes above and the padded example cover what the trace fixes.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _last_hidden_state(body),
            example,
            str(out),
            input_names=list(INPUTS),
            output_names=[OUTPUT],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def _bert(model_dir: Path) -> Any:
    """The BertModel of the package, read from its folder only, without a progress bar."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import BertModel
    from transformers.utils import logging

    bars: Any = logging  # its functions are untyped
    shown = bars.is_progress_bar_enabled()
    bars.disable_progress_bar()
    try:
        body: Any = BertModel.from_pretrained(str(model_dir), attn_implementation="eager")
        return body.eval()
    finally:
        if shown:
            bars.enable_progress_bar()


def quantize_int8(fp32: Path, out: Path) -> None:
    """Writes ``fp32`` with the weights of every MatMul quantised to int8, one scale per
    output channel; activations are quantised on the fly. Embeddings, LayerNorm, softmax and
    the attention products stay in fp32 (quantising every operator lost too much).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = out.with_name(out.name + ".pre.onnx")
    try:
        # Shape inference and graph clean-up that quantize_dynamic asks for (it logs a warning
        # on the root logger without it). Symbolic inference does not finish on this graph.
        quant_pre_process(str(fp32), str(prepared), skip_symbolic_shape=True)
        quantize_dynamic(
            str(prepared),
            str(out),
            op_types_to_quantize=["MatMul"],
            per_channel=True,
            weight_type=QuantType.QInt8,
        )
    finally:
        prepared.unlink(missing_ok=True)


def _last_hidden_state(body: Any) -> Any:
    """``body`` as a module with three positional inputs and one tensor output."""
    import torch

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.body = body

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.body(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    return LastHiddenState()
