"""The sentence encoder on torch, ONNX fp32 and ONNX int8: speed, vectors and reports.

Real sentences from the ECB+ and MMDS dev sets are encoded by each variant in one process,
rounds interleaved, with one thread each (torch.set_num_threads(1), onnxruntime intra-op 1),
in batches of 16 as fusion sends them. CPU seconds are the figure to trust on a shared
machine. Against the torch vectors: the mean and lowest cosine per sentence, and Spearman's
rank correlation of all pair similarities. Then the seeds and whole ECB+ events are fused as
stories with each encoder, and the reports compared with torch's section by section.

Nothing is tuned here, so no half of the data is held out.

    .venv/bin/python bench/encoder.py                # 600 sentences, seeds + 8 ECB+ events
    .venv/bin/python bench/encoder.py --quick        # 120 sentences, seeds + 2 events
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

from _results import DATA, SHARED, md_table, write_results  # noqa: E402

VARIANTS = ("torch", "onnx", "onnx-int8")
SETS = ("ecbplus_dev.jsonl", "mmds_dev.jsonl")
SECTIONS = ("facts", "conflicts", "timeline", "brief", "quotes", "framing")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def dev_sentences(n: int) -> list[str]:
    """``n`` sentences of 4+ words, spread over both dev sets (every k-th of all of them)."""
    from newsfuse.cluster.datasets import load_labelled

    found = [
        s.strip()
        for name in SETS
        for article in load_labelled(DATA / "clustering" / name).articles
        for s in _SENTENCE_END.split(article.text)
        if len(s.split()) >= 4
    ]
    step = max(1, len(found) // n)
    return found[::step][:n]


def speed(encoders: dict[str, Any], texts: list[str], rounds: int) -> dict[str, list[float]]:
    """CPU and wall seconds of each round per variant, the variants interleaved."""
    cpu: dict[str, list[float]] = defaultdict(list)
    wall: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for name, encoder in encoders.items():
            c, w = time.process_time(), time.perf_counter()
            encoder.encode(texts, batch_size=16, normalize_embeddings=True)
            cpu[name].append(time.process_time() - c)
            wall[name].append(time.perf_counter() - w)
    return {f"{k} cpu": v for k, v in cpu.items()} | {f"{k} wall": v for k, v in wall.items()}


def agreement(ref: np.ndarray, got: np.ndarray) -> tuple[float, float, float]:
    """Mean and lowest cosine to the reference rows; Spearman of the pair similarities."""
    from scipy.stats import spearmanr

    cos = (ref * got).sum(axis=1)
    upper = np.triu_indices(len(ref), k=1)
    rho = spearmanr((ref @ ref.T)[upper], (got @ got.T)[upper]).statistic
    return float(cos.mean()), float(cos.min()), float(rho)


def stories(events: int) -> list[tuple[str, list[Any]]]:
    """The seeds, then the first ``events`` ECB+ events with 5 to 15 articles, each a story."""
    from newsfuse.cluster.datasets import load_labelled
    from newsfuse.pipeline import articles_from_sources

    out = [("seeds", articles_from_sources(sorted((SHARED / "seeds").glob("*.txt"))))]
    data = load_labelled(DATA / "clustering" / "ecbplus_dev.jsonl")
    by_event: dict[str, list[Any]] = defaultdict(list)
    for article, event in zip(data.articles, data.events, strict=True):
        by_event[event].append(article)
    chosen = [(e, a) for e, a in by_event.items() if 5 <= len(a) <= 15][:events]
    return out + [(f"ECB+ {e}", a) for e, a in chosen]


def compare_reports(
    encoders: dict[str, Any], nlp: Any, named: list[tuple[str, list[Any]]]
) -> tuple[list[list[object]], list[str]]:
    """Rows per story and variant: facts, conflicts and which sections differ from torch's."""
    from newsfuse.analyze import analyze_articles
    from newsfuse.pipeline import fuse_articles

    rows: list[list[object]] = []
    notes: list[str] = []
    for name, docs in named:
        analyses = analyze_articles(docs, nlp=nlp)
        reports = {
            v: fuse_articles(docs, nlp=nlp, encoder=e, analyses=analyses)
            for v, e in encoders.items()
        }
        base = reports["torch"]
        for variant, report in reports.items():
            differ = [s for s in SECTIONS if getattr(report, s) != getattr(base, s)]
            rows.append([name, len(docs), variant, len(report.facts), len(report.conflicts),
                         ", ".join(differ) or "none"])  # fmt: skip
            if variant != "torch" and "facts" in differ:
                notes += fact_changes(name, variant, base.facts, report.facts)
    return rows, notes


def fact_changes(name: str, variant: str, base: Sequence[Any], got: Sequence[Any]) -> list[str]:
    """One line per fact statement found by only one of the two runs, or with other support."""
    was = {f.statement: f.support for f in base}
    now = {f.statement: f.support for f in got}
    lines = [f"- {name}, {variant}: only torch: {s!r} (support {n})"
             for s, n in was.items() if s not in now]  # fmt: skip
    lines += [f"- {name}, {variant}: only {variant}: {s!r} (support {n})"
              for s, n in now.items() if s not in was]  # fmt: skip
    lines += [f"- {name}, {variant}: support {was[s]} -> {n}: {s!r}"
              for s, n in now.items() if s in was and was[s] != n]  # fmt: skip
    return lines


def load(variant: str) -> Any:
    from newsfuse.nlp import load_encoder

    return load_encoder(variant, threads=1)


def export_seconds() -> dict[str, float]:
    """Seconds (CPU) to export fp32 and quantise int8 into an empty folder: the first use."""
    import tempfile

    from newsfuse.encoder import Source, ensure_model
    from newsfuse.nlp import ENCODER_WEIGHTS, encoder_model_path

    source = Source(encoder_model_path(), ENCODER_WEIGHTS["model.safetensors"])
    took = {}
    with tempfile.TemporaryDirectory() as folder:
        for variant in ("onnx", "onnx-int8"):
            start = time.process_time()
            path = ensure_model(variant, source, Path(folder))
            took[variant] = time.process_time() - start
            took[f"{variant} MiB"] = path.stat().st_size / 2**20
    return took


def report(
    n: int,
    times: dict[str, list[float]],
    quality: dict[str, tuple[float, float, float]],
    exported: dict[str, float],
    rows: list[list[object]],
    notes: list[str],
) -> str:
    torch_cpu = min(times["torch cpu"])
    speed_rows = [
        [v, n / min(times[f"{v} cpu"]), torch_cpu / min(times[f"{v} cpu"]),
         n / min(times[f"{v} wall"]), *quality[v]]
        for v in VARIANTS
    ]  # fmt: skip
    load = os.getloadavg()
    parts = [
        f"{n} sentences of the ECB+ and MMDS dev sets, batches of 16, one thread per encoder; "
        f"best of {len(times['torch cpu'])} rounds, the variants interleaved. Load average at the "
        f"end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores: the "
        "machine was shared, so trust the CPU columns over the wall ones.",
        md_table(
            [
                "encoder",
                "sentences / CPU s",
                "× torch (CPU)",
                "sentences / s (wall)",
                "mean cosine to torch",
                "lowest cosine",
                "Spearman of pair similarities",
            ],
            speed_rows,
        ),  # fmt: skip
        f"First use: the fp32 export took {exported['onnx']:.1f} CPU s "
        f"({exported['onnx MiB']:.0f} MiB), the int8 quantisation {exported['onnx-int8']:.1f} "
        f"CPU s more ({exported['onnx-int8 MiB']:.0f} MiB); later processes check the cached "
        "file's sha256 and load it.",
        "## The same reports?\n\nEach story fused with each encoder (analyses shared); the "
        "sections of the report that differ from torch's. Fusion embeds statements in batches "
        "of 64; 'torch, batches of 16' is torch at the batch engine's size, whose vectors differ "
        "from torch's by float rounding only (as fp32 ONNX's do): where it differs too, a fact "
        "had two near-identical candidate statements and rounding picked the other.",
        md_table(
            ["story", "articles", "encoder", "facts", "conflicts", "sections that differ"], rows
        ),  # fmt: skip
    ]
    if notes:
        parts.append("Facts that differ from torch's:\n\n" + "\n".join(notes))
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="120 sentences, 2 events")
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=8, help="ECB+ events fused as stories")
    parser.add_argument("--out-dir", type=Path, default=None, help="where results/NAME.md goes")
    args = parser.parse_args(argv)
    n, events = (120, 2) if args.quick else (args.sentences, args.events)
    import torch

    from newsfuse.nlp import load_spacy

    torch.set_num_threads(1)
    exported = export_seconds()
    encoders = {v: load(v) for v in VARIANTS}
    texts = dev_sentences(n)
    for encoder in encoders.values():  # warm-up: first calls allocate
        encoder.encode(texts[:32], batch_size=16)
    times = speed(encoders, texts, args.rounds)
    ref = np.asarray(encoders["torch"].encode(texts, batch_size=16, normalize_embeddings=True))
    quality = {v: agreement(ref, np.asarray(e.encode(texts, batch_size=16)))
               for v, e in encoders.items()}  # fmt: skip
    from newsfuse.batch.stages import StoryEncoder

    # torch itself at the batch engine's batch size: how far float noise alone moves reports.
    peers = {**encoders, "torch, batches of 16": StoryEncoder(encoders["torch"], batch_size=16)}
    rows, notes = compare_reports(peers, load_spacy(), stories(events))
    body = report(len(texts), times, quality, exported, rows, notes)
    out = write_results("encoder", "Sentence encoder: torch, ONNX fp32, ONNX int8", body,
                        out_dir=args.out_dir)  # fmt: skip
    print(out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
