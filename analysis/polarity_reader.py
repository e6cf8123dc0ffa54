"""The polarity reader: a small transformer that reads a theme mention's polarity from its words in order.

The theming model's polarity classifier is linear over words, embeddings and cues, so it sees which words are
there but not what a "not", a "but" or a "may" governs. Its errors on held-out text are mostly between neutral
and development, where that scope decides (docs/themes.md). The reader is all-MiniLM-L6-v2 (Apache-2.0),
fine-tuned on the labelled set's training part by tools/train_polarity_reader.py to read a (theme, text) pair
as development, good practice or neutral. Its probabilities are blended with the classifier's
(`themes.READER_SHARE`).

It runs with ONNX Runtime from analysis/models/polarity_reader.onnx (weights in 8-bit, about 59 MB) and its
WordPiece vocabulary; nothing is fetched. It reads about 250 to 400 mentions a second a core, against
thousands for the classifier, so a very large run can switch it off with LEARNING_LOOP_POLARITY_READER=off
(bench/analysis_scale.py does, and says so).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import numpy as np

from analysis.themes import ModelFileError

READER_DIR = Path(__file__).resolve().parent / "models"
READER_NAME = "polarity_reader"
# A (theme, text) pair is cut to this many WordPiece tokens; the labelled texts' windows fit in it.
MAX_TOKENS = 128
# Mentions a session run reads at a time, by length, so a batch pads little.
BATCH = 64
SWITCH = "LEARNING_LOOP_POLARITY_READER"


class ReaderFileError(ModelFileError):
    """The reader's files are missing, unreadable or do not fit together."""


@dataclass
class PolarityReader:
    """A loaded reader: an ONNX Runtime session, its tokenizer, and the theme labels it was trained with."""

    session: Any
    tokenizer: Any
    labels: Mapping[str, str]
    polarities: tuple[str, ...]
    version: str

    def label(self, theme_id: str) -> str:
        """The words the reader was shown for a theme; a theme added since reads by its id's words."""
        return self.labels.get(theme_id) or theme_id.replace("_", " ")

    def read(self, theme_ids: Sequence[str], texts: Sequence[str]) -> np.ndarray:
        """(mentions, polarities) probabilities of each (theme, text) pair, in `polarities` order."""
        out = np.zeros((len(texts), len(self.polarities)), dtype=np.float64)
        if not len(texts):
            return out
        pairs = [(self.label(t), text) for t, text in zip(theme_ids, texts)]
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][1]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            encoded = self.tokenizer.encode_batch([pairs[i] for i in chunk])
            feed = {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64),
            }
            out[chunk] = self.session.run(None, feed)[0]
        return out


def load_reader(folder: Path = READER_DIR, name: str = READER_NAME, threads: Optional[int] = None) -> PolarityReader:
    """The reader stored as NAME.onnx, NAME.tokenizer.json and NAME.json in the folder."""
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:  # pragma: no cover - both are dependencies; an install without them is told which
        raise ReaderFileError(f"the polarity reader needs {exc.name}") from exc
    try:
        weights = (folder / f"{name}.onnx").read_bytes()
        document = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_file(str(folder / f"{name}.tokenizer.json"))
    except Exception as exc:  # OSError, a JSON error, or the tokenizers library's own error for a bad file
        raise ReaderFileError(f"cannot read the polarity reader in {folder}: {exc}") from exc
    digest = hashlib.sha256(weights).hexdigest()[:12]
    if document.get("onnx_sha256", "")[:12] != digest:
        raise ReaderFileError(f"the polarity reader's weights in {folder} are not the ones its document names")
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
    options.inter_op_num_threads = 1
    try:
        session = onnxruntime.InferenceSession(weights, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own errors for a damaged graph
        raise ReaderFileError(f"cannot load the polarity reader: {exc}") from exc
    return PolarityReader(
        session=session,
        tokenizer=tokenizer,
        labels=dict(document.get("labels", {})),
        polarities=tuple(document["polarities"]),
        version=digest,
    )


def reader_wanted(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether analysis reads polarity with the reader: on unless LEARNING_LOOP_POLARITY_READER is off."""
    return environ.get(SWITCH, "on").strip().lower() not in {"off", "0", "false", "no"}


@functools.lru_cache(maxsize=1)
def shipped_reader() -> Optional[PolarityReader]:
    """The shipped reader, loaded once a process (about a second, and 280 MB resident once it has read), or None
    when switched off."""
    if not reader_wanted():
        return None
    return load_reader()
