"""Sentence embeddings from wordllama's static token vectors, loaded from the installed package with no network.

A wordllama embedding is the mean of the text's token vectors. Computing it here, rather than through
`WordLlama.embed`, keeps each text's token ids, so a linear classifier's score can be split exactly into
the share each token contributed: that is what a board member is shown as evidence.
"""

from __future__ import annotations

import os
import re
from itertools import chain
from functools import lru_cache
from typing import Any, Optional, Sequence

import numpy as np

DIMENSIONS = 256
# Texts per tokenizer call.
_BATCH = 256
# Words a memo keeps (about 150 bytes each with their ids) before it starts again.
_MEMO_LIMIT = 100_000
_NO_IDS = np.zeros(0, dtype=np.int32)
_JOINS_WORDS = re.compile("[^\u2581]\u2581")


class Embedder:
    """wordllama's 256-dimension token vectors and its tokenizer, with padding off."""

    def __init__(self, vectors: np.ndarray, tokenizer: object) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._tokenizer = tokenizer
        # Special tokens are found in the raw text before anything else: a text naming one is tokenized whole.
        added: dict[int, Any] = getattr(tokenizer, "get_added_tokens_decoder", dict)()
        self._special = tuple(token.content for token in added.values() if token.content)
        # Texts are tokenized word by word only if no token joins a word to the one after it (see token_ids).
        vocabulary: dict[str, int] = getattr(tokenizer, "get_vocab", dict)()
        self._by_word = bool(vocabulary) and not any(_JOINS_WORDS.search(token) for token in vocabulary)

    def token_ids(self, texts: Sequence[str], memo: Optional[dict[str, list[int]]] = None) -> list[np.ndarray]:
        """The token ids (int32) of each text, exactly as the tokenizer gives them for the text whole.

        The tokenizer (Llama's sentencepiece BPE) writes each space as "\u2581" before a word and has no
        token with "\u2581" after another character, so no merge joins one word to the next: a text's ids
        are its words' ids, each word's tokenized as if alone. Words repeat, so each is tokenized once per
        call, or once for all the calls given the same `memo` (it holds respondents' words: the caller drops
        it when done, as ThemeModel.predict does). Texts this reasoning does not cover (a run of spaces, a
        space at either end, "\u2581" itself, a special token's name) are tokenized whole.
        """
        if memo is None:
            memo = {}
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        split: list[Optional[list[str]]] = []
        whole: list[int] = []
        for i, text in enumerate(texts):
            words = text.split(" ")
            if not self._by_word or "" in words or "\u2581" in text or any(s in text for s in self._special):
                split.append(None)
                whole.append(i)
            else:
                split.append(words)
        new = list(dict.fromkeys(word for words in split if words for word in words if word not in memo))
        memo.update(zip(new, self._encode(new)))
        out: list[np.ndarray] = []
        for parts in split:
            if parts is None:
                out.append(_NO_IDS)  # filled in below
                continue
            out.append(np.fromiter(chain.from_iterable(map(memo.__getitem__, parts)), dtype=np.int32))
        for i, ids in zip(whole, self._encode([texts[i] for i in whole])):
            out[i] = np.array(ids, dtype=np.int32)
        return out

    def _encode(self, texts: Sequence[str]) -> list[list[int]]:
        """The tokenizer's ids of each text, a batch at a time."""
        out: list[list[int]] = []
        for start in range(0, len(texts), _BATCH):
            batch = list(texts[start : start + _BATCH])
            # The fast variant skips character offsets (not needed here): the same ids for a third less CPU.
            out.extend(enc.ids for enc in self._tokenizer.encode_batch_fast(batch, add_special_tokens=False))  # type: ignore[attr-defined]
        return out

    def tokens_with_spans(self, text: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The token ids of one text and each token's (start, end) character span."""
        enc = self._tokenizer.encode(text, add_special_tokens=False)  # type: ignore[attr-defined]
        return np.clip(np.asarray(enc.ids, dtype=np.int32), 0, self.vectors.shape[0] - 1), list(enc.offsets)

    def sums(self, token_ids: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's sum of token vectors (n, 256) and its number of tokens (n,)."""
        from scipy.sparse import csr_matrix

        lengths = np.array([len(ids) for ids in token_ids], dtype=np.int64)
        if not lengths.sum():
            return np.zeros((len(token_ids), self.vectors.shape[1]), dtype=np.float32), lengths.astype(np.float32)
        ids = np.clip(np.concatenate(list(token_ids)), 0, self.vectors.shape[0] - 1)
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        # A sparse (texts x vocabulary) count matrix times the vectors: no (tokens x 256) copy is made.
        counts = csr_matrix(
            (np.ones(len(ids), dtype=np.float32), ids, indptr), shape=(len(token_ids), len(self.vectors))
        )
        return np.asarray(counts @ self.vectors, dtype=np.float32), lengths.astype(np.float32)

    def pool(self, token_ids: Sequence[np.ndarray]) -> np.ndarray:
        """Unit-length mean token vectors (n, 256); a text with no tokens gets zeros."""
        sums, _ = self.sums(token_ids)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)  # type: ignore[no-any-return]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings (n, 256) of the texts; a text with no tokens gets zeros."""
        return self.pool(self.token_ids(texts))


def _package_folder() -> str:
    import wordllama

    return os.path.dirname(wordllama.__file__)


@lru_cache(maxsize=1)
def load_embedder() -> Embedder:
    """The embedder, from the weights wordllama ships inside its package; never downloads anything."""
    from wordllama import WordLlama

    # The default cache folder is in the user's home and a miss there downloads; the wheel ships its weights.
    model = WordLlama.load(dim=DIMENSIONS, cache_dir=_package_folder(), disable_download=True)
    # wordllama's own tokenizer, set to pad and truncate nothing. A copy (Tokenizer.from_str of its JSON) would
    # cost about 30 MB more in every process that themes text, which the heap keeps after the original goes.
    tokenizer = model.tokenizer
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return Embedder(model.embedding, tokenizer)
