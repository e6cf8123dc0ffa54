"""The batch tokenizer path gives each text the token ids the tokenizer gives it on its own."""

from __future__ import annotations

import json
import random

import numpy as np

from analysis.embedding import load_embedder
from core.services.findings import LABELLED_SET


def test_batched_token_ids_are_the_tokenizers_own():
    embedder = load_embedder()
    texts = ["", "  "] + [
        json.loads(line)["text"] for line in LABELLED_SET.read_text(encoding="utf-8").splitlines()[:300]
    ]
    texts += ["didn't \u2019quoted\u2019 caf\u00e9 \u2014 50% :)", "word " * 400]
    # Texts are tokenized word by word: what could join words differently when the text is read whole.
    texts += [
        "two  spaces",
        " leading",
        "trailing ",
        "a\u2581 b \u2581c",
        "x<s> y",
        "hello<s>world </s> <unk>",
        "tab\there new\nline",
        "no\u00a0break space",
        "\uff46\uff55\uff4c\uff4c width \U0001f600",
        "repeat repeat repeat Repeat repeat.",
    ]
    rng = random.Random(5)
    texts += [
        "".join(rng.choice("ab c\u00e9\u2581<s>/\n'\u2019-.!") for _ in range(rng.randrange(25))) for _ in range(500)
    ]
    batched = embedder.token_ids(texts)
    assert len(batched) == len(texts)
    assert embedder._by_word  # the word-by-word path is the one tested here
    for text, ids in zip(texts, batched):
        alone = embedder._tokenizer.encode(text, add_special_tokens=False).ids  # type: ignore[attr-defined]
        assert ids.dtype == np.int32 and ids.tolist() == alone, text
    pooled = embedder.embed(texts)
    assert pooled.shape == (len(texts), 256) and not pooled[0].any()
    some = np.array([len(ids) > 0 for ids in batched])
    assert some.sum() > 700 and not pooled[~some].any()
    assert np.allclose(np.linalg.norm(pooled[some], axis=1), 1.0, atol=1e-5)


def test_a_memo_shared_between_calls_gives_each_text_its_own_ids():
    embedder = load_embedder()
    texts = [json.loads(line)["text"] for line in LABELLED_SET.read_text(encoding="utf-8").splitlines()[:400]]
    memo: dict[str, list[int]] = {}
    shared = embedder.token_ids(texts[:200], memo) + embedder.token_ids(texts[150:] + ["two  spaces"], memo)
    alone = embedder.token_ids(texts[:200]) + embedder.token_ids(texts[150:] + ["two  spaces"])
    assert memo and [ids.tolist() for ids in shared] == [ids.tolist() for ids in alone]
