"""Issue 13's quality bar, held in CI: on the development corpus plus the context
cases every category's precision and recall are at least 0.95 and at most 2%
of clean messages get a warning or error. Seed 11 guards against tuning the
rules to seed 7."""

from __future__ import annotations

import pytest

from .conftest import quality_bench


@pytest.mark.parametrize("seed", [7, 11])
def test_corpus_precision_recall_and_noise(seed: int) -> None:
    quality = quality_bench()

    result = quality.evaluate(200, seed)

    assert quality.passes(result), quality.report(seed, 200, result)
    assert result["clean"] >= 50
