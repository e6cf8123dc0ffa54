"""Sentence embeddings from wordllama's static token vectors, loaded from the installed package with no network.

A wordllama embedding is the mean of the text's token vectors. Computing it here, rather than through
`WordLlama.embed`, keeps each text's token ids, so a linear classifier's score can be split exactly into
the share each token contributed: that is what a board member is shown as evidence.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Sequence

import numpy as np

DIMENSIONS = 256
# Texts per tokenizer call.
_BATCH = 256


class Embedder:
    """wordllama's 256-dimension token vectors and its tokenizer, with padding off."""

    def __init__(self, vectors: np.ndarray, tokenizer: object) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._tokenizer = tokenizer

    def token_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        """The token ids (int32) of each text."""
        out: list[np.ndarray] = []
        for start in range(0, len(texts), _BATCH):
            batch = list(texts[start : start + _BATCH])
            # The fast variant skips character offsets (not needed here): the same ids for a third less CPU.
            for enc in self._tokenizer.encode_batch_fast(batch, add_special_tokens=False):  # type: ignore[attr-defined]
                out.append(np.asarray(enc.ids, dtype=np.int32))
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
