"""The learned line labeller at parse time: boosted trees read from a small JSON file, scored with numpy.

The model file (data/lines-model.json, written by `python -m searchsvc.ingest.train`) holds, per field
(title, date, author), the feature names, the trees (node arrays), the learning rate, the prior, the
probability under which the labeller abstains, and whether the field is the model's or the rules'.
No scikit-learn is needed to parse: the trees are walked here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "lines-model.json"


@dataclass(frozen=True)
class FieldModel:
    """One field's trees: node arrays of shape (trees, nodes), walked together for all candidates."""

    features: tuple[str, ...]
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    rate: float
    prior: float
    cutoff: float
    use: bool
    mode: str = "model"

    def probabilities(self, rows: list[list[float]]) -> np.ndarray:
        """Return each candidate's probability of being the field."""
        if not rows:
            return np.zeros(0)
        x = np.asarray(rows, dtype=np.float64)
        trees = np.arange(self.feature.shape[0])[None, :]
        node = np.zeros((x.shape[0], self.feature.shape[0]), dtype=np.int64)
        for _ in range(self.depth):
            feature = self.feature[trees, node]
            leaf = feature < 0
            goes_left = np.take_along_axis(x, np.maximum(feature, 0), axis=1) <= self.threshold[trees, node]
            step = np.where(goes_left, self.left[trees, node], self.right[trees, node])
            node = np.where(leaf, node, step)
        raw = self.prior + self.rate * self.value[trees, node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


@dataclass(frozen=True)
class LineModel:
    """The labeller's fields by name (a field it does not hold is left to the rules)."""

    fields: dict[str, FieldModel]

    def field(self, name: str) -> FieldModel | None:
        """Return the field's model when the model, not the rules, decides that field."""
        model = self.fields.get(name)
        return model if model is not None and model.use else None


def field_from_dict(data: dict) -> FieldModel:
    """Build one field's model from its JSON form: trees as lists of [feature, threshold, left, right, value]."""
    trees = data["trees"]
    width = max(len(tree) for tree in trees)

    def column(k: int, fill: float, dtype: type) -> np.ndarray:
        return np.array([[node[k] for node in tree] + [fill] * (width - len(tree)) for tree in trees], dtype=dtype)

    return FieldModel(
        features=tuple(data["features"]),
        feature=column(0, -1, np.int64),
        threshold=column(1, 0.0, np.float64),
        left=column(2, 0, np.int64),
        right=column(3, 0, np.int64),
        value=column(4, 0.0, np.float64),
        depth=int(data["depth"]),
        rate=float(data["rate"]),
        prior=float(data["prior"]),
        cutoff=float(data["cutoff"]),
        use=bool(data["use"]),
        mode=data.get("mode", "model"),
    )


def model_from_dict(data: dict) -> LineModel:
    """Build the labeller from the JSON form the trainer writes."""
    return LineModel({name: field_from_dict(field) for name, field in data["fields"].items()})


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> LineModel | None:
    """Return the shipped labeller, or None when the package carries no model file."""
    if not path.exists():
        return None
    return model_from_dict(json.loads(path.read_text()))
