"""The batch tokenizer path gives each text the token ids the tokenizer gives it on its own."""

from __future__ import annotations

import json

import numpy as np

from analysis.embedding import load_embedder
from core.services.findings import LABELLED_SET


def test_batched_token_ids_are_the_tokenizers_own():
    embedder = load_embedder()
    texts = ["", "  "] + [
        json.loads(line)["text"] for line in LABELLED_SET.read_text(encoding="utf-8").splitlines()[:300]
    ]
    texts += ["didn't \u2019quoted\u2019 caf\u00e9 \u2014 50% :)", "word " * 400]
    batched = embedder.token_ids(texts)
    assert len(batched) == len(texts)
    for text, ids in zip(texts, batched):
        alone = embedder._tokenizer.encode(text, add_special_tokens=False).ids  # type: ignore[attr-defined]
        assert ids.dtype == np.int32 and ids.tolist() == alone, text
    pooled = embedder.embed(texts)
    assert pooled.shape == (len(texts), 256) and not pooled[0].any()
    assert np.allclose(np.linalg.norm(pooled[1:], axis=1), 1.0, atol=1e-5)
