"""Emerging themes: recurring topics in texts that no codebook theme covers, for staff to add to the codebook.

Pure: takes texts (and, optionally, which of them the model already themed confidently) and returns
topics found without supervision by non-negative matrix factorisation of their TF-IDF terms. Each topic
has its top terms, how many texts it is the main topic of, and the indices of its most typical texts
(the caller shows those texts, stripped, as example quotes). Deterministic: same texts, same topics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np

from analysis.themes import STOPWORDS, TextThemes


@dataclass(frozen=True)
class EmergingTheme:
    terms: tuple[str, ...]
    size: int  # texts whose strongest topic this is
    examples: tuple[int, ...]  # indices into the texts given, most typical first


def uncovered(results: Sequence[TextThemes], below: float = 0.6) -> list[int]:
    """Indices of texts with no theme, or none scored at least `below`."""
    return [i for i, r in enumerate(results) if not any(m.score >= below for m in r.themes)]


def emerging_themes(
    texts: Sequence[str],
    among: Optional[Sequence[int]] = None,
    topics: int = 5,
    terms: int = 8,
    examples: int = 3,
    min_size: int = 3,
    known_terms: Sequence[str] = (),
) -> list[EmergingTheme]:
    """Recurring topics among texts[among] (all texts by default), largest first; topics under min_size texts are dropped."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    pool = list(range(len(texts))) if among is None else sorted(set(among))
    if len(pool) < max(2 * min_size, 4):
        return []
    stop = sorted(STOPWORDS | {w.lower() for t in known_terms for w in t.split()} | _EXTRA_STOPWORDS)
    vectoriser = TfidfVectorizer(
        stop_words=stop,
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.5,
        sublinear_tf=True,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z]+\b",  # noqa: S106 (a regular expression, not a password)
    )
    try:
        x = vectoriser.fit_transform([texts[i] for i in pool])
    except ValueError:  # no term occurs in two texts
        return []
    k = min(topics, x.shape[0] // min_size, x.shape[1])
    if k < 1:
        return []
    nmf = NMF(n_components=k, init="nndsvd", max_iter=500, random_state=0)
    weights = nmf.fit_transform(x)
    vocabulary = vectoriser.get_feature_names_out()
    main = weights.argmax(axis=1)
    has_topic = weights.max(axis=1) > 0
    found = []
    for topic in range(k):
        members = np.flatnonzero((main == topic) & has_topic)
        if len(members) < min_size:
            continue
        top_terms = [str(vocabulary[j]) for j in np.argsort(-nmf.components_[topic])[:terms]]
        typical = members[np.argsort(-weights[members, topic], kind="stable")][:examples]
        found.append(EmergingTheme(tuple(top_terms), int(len(members)), tuple(pool[int(i)] for i in typical)))
    return sorted(found, key=lambda t: (-t.size, t.terms))


# Words common in any feedback that would otherwise top every topic.
_EXTRA_STOPWORDS = frozenset(
    "really think felt feel like get got would could also always never much many lot lots things thing time "
    "people child children family families young person worker workers staff service services".split()
)
