"""What finding an article's copies needs of it, in compact arrays: its id, LSH band keys and date.

A manifest keeps these per file apart from the articles' text, so an incremental run reads
every article's band keys (a few hundred bytes each) but the text of only the articles
whose stories may change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from searchsvc.articles import Article
from searchsvc.ingest import LSH_BANDS, MIN_SHINGLES, ArticleSketches, article_stamps, band_keys


@dataclass
class Candidates:
    """Per article, in order: id, band keys (one row of LSH_BANDS), long enough to merge, date in seconds."""

    ids: list[str]
    keys: np.ndarray
    eligible: np.ndarray
    stamps: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, articles: Sequence[Article], sketches: ArticleSketches) -> Candidates:
        """Compute the candidates' data of some articles from their sketches."""
        return cls(
            [a.id for a in articles],
            band_keys(sketches.signatures),
            sketches.shingle_counts >= MIN_SHINGLES,
            article_stamps(articles),
        )

    @classmethod
    def join(cls, parts: Sequence[Candidates]) -> Candidates:
        """Return the rows of several parts one after the other."""
        if not parts:
            return cls([], np.empty((0, LSH_BANDS), np.uint64), np.empty(0, bool), np.empty(0))
        return cls(
            [i for p in parts for i in p.ids],
            np.concatenate([p.keys for p in parts]),
            np.concatenate([p.eligible for p in parts]),
            np.concatenate([p.stamps for p in parts]),
        )
